import { VerifiedTokens } from './strategies';

describe('VerifiedTokens (access tokens passport-jwt has checked)', () => {
  const claims = (exp: number | undefined) => ({ sub: 'u', sid: 's', org: 'o', roles: [], exp });
  let now: number;
  const tokens = () => new VerifiedTokens(3, () => now);

  beforeEach(() => {
    now = Date.UTC(2026, 10, 26, 12, 0, 0);
  });

  it('gives back a remembered token until its expiry, as jsonwebtoken counts it (valid while now < exp)', () => {
    const t = tokens();
    const exp = now / 1000 + 60;
    t.remember('a.b.c', claims(exp));
    expect(t.get('a.b.c')).toMatchObject({ sub: 'u', exp });
    now = exp * 1000 - 1;
    expect(t.get('a.b.c')).toBeDefined();
    now = exp * 1000;
    expect(t.get('a.b.c')).toBeUndefined();
    now -= 1;
    expect(t.get('a.b.c')).toBeUndefined(); // gone, not only hidden: it must be verified again
  });

  it('knows only the exact token text: any other text, even one character off, is not remembered', () => {
    const t = tokens();
    t.remember('a.b.c', claims(now / 1000 + 60));
    for (const other of ['a.b.C', 'a.b.c ', ' a.b.c', 'a.b', '']) expect(t.get(other)).toBeUndefined();
  });

  it('does not remember a token without a numeric expiry', () => {
    const t = tokens();
    t.remember('a.b.c', claims(undefined));
    t.remember('d.e.f', { ...claims(undefined), exp: '9999999999' as unknown as number });
    expect(t.get('a.b.c')).toBeUndefined();
    expect(t.get('d.e.f')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the least recently used', () => {
    const t = tokens();
    const exp = now / 1000 + 60;
    for (const k of ['t1', 't2', 't3']) t.remember(k, claims(exp));
    expect(t.get('t1')).toBeDefined(); // t1 used: t2 is now the least recent
    t.remember('t4', claims(exp));
    expect(t.get('t2')).toBeUndefined();
    for (const k of ['t1', 't3', 't4']) expect(t.get(k)).toBeDefined();
  });

  it('hands out frozen claims, so a caller cannot change what the next request reads', () => {
    const t = tokens();
    t.remember('a.b.c', claims(now / 1000 + 60));
    const got = t.get('a.b.c') as { sub: string };
    expect(Object.isFrozen(got)).toBe(true);
    expect(() => {
      got.sub = 'someone-else';
    }).toThrow(TypeError);
  });
});
