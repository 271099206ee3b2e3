import { MAX_INPUT_DEPTH, bodyProblem, inputProblem } from './validation';

describe('request input refused before DTO validation', () => {
  it('names the first string holding a NUL character, at any depth, and a NUL in a key', () => {
    expect(inputProblem({ a: 'x', b: { c: ['y', 'z\u0000'] } })?.field).toBe('b.c[1]');
    expect(inputProblem({ answers: { k1: 'fine', k2: '\u0000' } })?.field).toBe('answers.k2');
    expect(inputProblem({ ['a\u0000b']: 1 })?.field).toBe('a\u0000b');
    expect(inputProblem({ a: 'x', b: [1, null, { c: 'y' }] })).toBeNull();
    expect(inputProblem('\u0000')?.field).toBe('body');
  });

  it(`refuses input nested deeper than ${MAX_INPUT_DEPTH} levels without recursing (no stack overflow at 100,000)`, () => {
    const nest = (depth: number) => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = { a: v };
      return v;
    };
    expect(inputProblem(nest(MAX_INPUT_DEPTH))).toBeNull();
    expect(inputProblem(nest(MAX_INPUT_DEPTH + 1))?.message).toMatch(/nested too deeply/);
    expect(inputProblem(nest(100_000))?.field).toBe('a'.repeat(1).concat('.a'.repeat(MAX_INPUT_DEPTH - 1)));
  });

  it('refuses the keys class-transformer would drop silently (prototype pollution), naming them', () => {
    expect(inputProblem(JSON.parse('{"name":"x","__proto__":{"admin":true}}'))).toEqual({ field: '__proto__', message: '__proto__ is not an accepted field' });
    expect(inputProblem({ profile: { constructor: 'x' } })?.field).toBe('profile.constructor');
  });

  it('a DTO body must be a JSON object: arrays and scalars are refused as the field `body`', () => {
    for (const body of [[], [1], 'text', 42, true]) expect(bodyProblem(body)).toEqual({ field: 'body', message: 'The request body must be a JSON object' });
    expect(bodyProblem({ name: 'x' })).toBeNull();
    expect(bodyProblem(undefined)).toBeNull();
  });
});
