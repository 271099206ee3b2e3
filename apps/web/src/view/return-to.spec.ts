import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps same-site relative paths with their query', () => {
    expect(safeReturnTo('/account')).toBe('/account');
    expect(safeReturnTo('/admin/organisations?status=pending&page=2')).toBe('/admin/organisations?status=pending&page=2');
  });

  it.each([
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['account'],
    ['/a\nb'],
    ['/\tevil'],
    [''],
    [undefined],
    [['/account']],
    ['/sign-in?returnTo=/x'],
    ['/sign-out'],
    ['/' + 'x'.repeat(2001)],
  ])('refuses %p', (value) => {
    expect(safeReturnTo(value)).toBeNull();
  });
});
