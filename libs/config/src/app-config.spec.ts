import { ConfigValidationError, loadConfig } from './app-config';

const base = { JWT_SECRET: 'x'.repeat(32), SESSION_SECRET: 'y'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults and types values', () => {
    const c = loadConfig({ ...base, API_PORT: '4000', WEB_COOKIE_SECURE: 'false', PUBLIC_SECTOR_DOMAINS: 'Gov.UK, nhs.net' });
    expect(c.api.port).toBe(4000);
    expect(c.web.cookieSecure).toBe(false);
    expect(c.auth.argon2MemoryKib).toBeGreaterThanOrEqual(19 * 1024);
    expect(c.auth.publicSectorDomains).toEqual(['gov.uk', 'nhs.net']);
    expect(c.api.apiKeyRateLimitPerMinute).toBe(600);
    expect(loadConfig({ ...base, API_KEY_RATE_LIMIT_PER_MINUTE: '30' }).api.apiKeyRateLimitPerMinute).toBe(30);
  });

  it('makes cookies Secure in production unless told otherwise', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).web.cookieSecure).toBe(true);
  });

  it('names every missing or bad variable', () => {
    let err: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', ARGON2_MEMORY_KIB: '1024' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigValidationError);
    const vars = (err as ConfigValidationError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(
      expect.arrayContaining(['API_PORT', 'ARGON2_MEMORY_KIB', 'DATABASE_URL', 'JWT_SECRET', 'SESSION_SECRET']),
    );
    expect((err as Error).message).toMatch(/JWT_SECRET: is missing/);
  });
});
