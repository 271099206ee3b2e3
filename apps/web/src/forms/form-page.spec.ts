import { redisplayValues, toFormErrors } from './form-page';

describe('toFormErrors', () => {
  it('maps service field paths to inputs, one message per field, in order', () => {
    const view = toFormErrors(
      [
        { field: 'admin.email', message: 'An account with this e-mail address already exists.' },
        { field: 'admin.password', message: 'The password must be at least 8 characters.' },
        { field: 'admin.password', message: 'The password is one of the most common passwords.' },
      ],
      'The request is not valid.',
      { fields: { 'admin.email': 'email', 'admin.password': 'password' } },
    );
    expect(view.errorList).toEqual([
      { text: 'An account with this e-mail address already exists.', href: '#email' },
      { text: 'The password must be at least 8 characters.', href: '#password' },
    ]);
    expect(view.fieldErrors).toEqual({
      email: 'An account with this e-mail address already exists.',
      password: 'The password must be at least 8 characters.',
    });
  });

  it('points every item of a list (`categoryIds[2]`) at the list’s one input group', () => {
    expect(toFormErrors([{ field: 'categoryIds[2]', message: 'Choose categories of the lot.' }], '', {}).errorList).toEqual([
      { text: 'Choose categories of the lot.', href: '#categoryIds' },
    ]);
  });

  it('points an error without fields at the fallback input', () => {
    expect(toFormErrors([], 'The e-mail address or password is not right.', { fallbackField: 'email' })).toEqual({
      errorList: [{ text: 'The e-mail address or password is not right.', href: '#email' }],
      fieldErrors: { email: 'The e-mail address or password is not right.' },
    });
  });
});

describe('redisplayValues', () => {
  it('keeps ticked checkboxes (repeated fields) as lists', () => {
    expect(redisplayValues({ categoryIds: ['a', 'b'], title: 'T', odd: [1] })).toEqual({ categoryIds: ['a', 'b'], title: 'T' });
  });

  it('never echoes passwords or the CSRF token', () => {
    expect(redisplayValues({ email: 'a@b.example', password: 'x', newPassword: 'y', currentPassword: 'z', _csrf: 't', n: 1 })).toEqual({
      email: 'a@b.example',
    });
  });
});
