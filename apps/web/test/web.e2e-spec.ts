import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp, testRedisUrl } from '@app/testing';
import { WebClient, csrfTokenIn, sessionCookieOf } from './web-client';

/**
 * The web app over HTTP (supertest) against real Postgres and Redis: session
 * cookies, CSRF, forms, deny by default, roles, sign-out and revocation.
 */
describe('web app (e2e)', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let supplierAdmin: TestUser;
  let platformAdmin: TestUser;
  const client = () => new WebClient(web.baseUrl);

  beforeAll(async () => {
    ctx = await createTestContext({ LOGIN_MAX_FAILURES: '3' });
    web = await createWebTestApp(ctx);
    supplierAdmin = (await web.factories.member('supplier', 'supplier_admin')).user;
    platformAdmin = (await web.factories.member('platform', 'platform_admin')).user;
  });

  afterAll(async () => {
    await web?.close();
    await ctx?.cleanup();
  });

  it('serves a public home page under the platform’s own name, without the crown, and with a CSP nonce', async () => {
    const res = await client().get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain(ctx.config.app.serviceName);
    expect(res.text).toContain('govuk-generic-header');
    expect(res.text).not.toMatch(/govuk-header__logotype|govuk-logo|govuk-footer__crown|Crown copyright/);
    expect(res.text).toMatch(/<header[^>]*>[\s\S]*govuk-phase-banner[\s\S]*Beta[\s\S]*<\/header>/);
    const nonce = /<script nonce="([^"]+)">/.exec(res.text)?.[1];
    expect(nonce).toBeTruthy();
    expect(res.headers['content-security-policy']).toContain(`'nonce-${nonce}'`);
    // Nothing to protect yet, so no session is created for an anonymous visitor.
    expect(sessionCookieOf(res)).toBeNull();
  });

  it('serves the stylesheet without the GDS Transport font, with the brand colour', async () => {
    const home = await client().get('/');
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)![1];
    const css = await client().get(href);
    expect(css.status).toBe(200);
    expect(css.text).not.toContain('GDS Transport');
    expect(css.text).toContain(`--govuk-brand-colour:${ctx.config.app.brandColour}`);
    expect((await client().get('/govuk/govuk-frontend.min.js')).status).toBe(200);
    expect((await client().get('/assets/images/favicon.svg')).status).toBe(200);
  });

  it('answers /health publicly with JSON', async () => {
    const res = await client().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('denies by default: an anonymous GET is sent to sign in with a same-site returnTo', async () => {
    const res = await client().get('/organisation/users?page=2');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?returnTo=%2Forganisation%2Fusers%3Fpage%3D2');
    const page = await client().get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="returnTo" value="/organisation/users?page=2"');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie holding only the id, and a new id at sign-in', async () => {
    const c = client();
    const before = sessionCookieOf(await c.get('/sign-in'));
    expect(before).not.toBeNull();
    const res = await c.post('/sign-in', { email: supplierAdmin.email, password: supplierAdmin.password, _csrf: csrfTokenIn((await c.get('/sign-in')).text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
    const after = sessionCookieOf(res)!;
    expect(after.pair).not.toBe(before!.pair);
    expect(after.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect(after.attributes).not.toContain('Secure');
    // The cookie is the signed session id; the data (user id, auth session id) stays in Redis.
    const sid = decodeURIComponent(after.pair.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const redis = new Redis(testRedisUrl());
    try {
      const stored = JSON.parse((await redis.get(`${ctx.redisPrefix}:sess:${sid}`))!);
      expect(stored.userId).toBe(supplierAdmin.id);
      const [row] = await web.dataSource.query(`SELECT channel, revoked_at FROM identity.auth_session WHERE id = $1`, [stored.authSessionId]);
      expect(row).toEqual({ channel: 'web', revoked_at: null });
    } finally {
      redis.disconnect();
    }
    const account = await c.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain(supplierAdmin.email);
  });

  it('marks the cookie Secure when WEB_COOKIE_SECURE is set', async () => {
    const config: AppConfig = Object.assign(Object.create(AppConfig.prototype), ctx.config, {
      web: { ...ctx.config.web, cookieSecure: true },
    });
    const secure = await createWebTestApp({ config });
    try {
      const res = await new WebClient(secure.baseUrl).get('/sign-in', { 'X-Forwarded-Proto': 'https' });
      expect(sessionCookieOf(res)!.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Secure']));
      expect(res.headers['strict-transport-security']).toBeDefined();
    } finally {
      await secure.close();
    }
  });

  it('refuses a form POST without a valid CSRF token (403) and accepts it with one', async () => {
    const c = client();
    const token = csrfTokenIn((await c.get('/sign-in')).text);
    const none = await c.post('/sign-in', { email: supplierAdmin.email, password: supplierAdmin.password });
    expect(none.status).toBe(403);
    expect(none.text).toContain('Your form could not be sent');
    const wrong = await c.post('/sign-in', { email: supplierAdmin.email, password: supplierAdmin.password, _csrf: 'x'.repeat(64) });
    expect(wrong.status).toBe(403);
    // A token from another session does not work either.
    const other = client();
    const otherToken = csrfTokenIn((await other.get('/sign-in')).text);
    expect((await c.post('/sign-in', { email: supplierAdmin.email, password: supplierAdmin.password, _csrf: otherToken })).status).toBe(403);
    const ok = await c.post('/sign-in', { email: supplierAdmin.email, password: supplierAdmin.password, _csrf: token });
    expect(ok.status).toBe(303);
  });

  it('re-renders a form with a bad field: error summary naming the field, inline error, nothing written', async () => {
    const orgs = await web.factories.count('identity.organisation');
    const users = await web.factories.count('identity.user_account');
    const c = client();
    const res = await c.post(
      '/register',
      { kind: 'supplier', organisationName: 'Bad Email Ltd', fullName: 'Alex Example', email: 'not-an-email', password: 'a perfectly fine passphrase' },
      { csrfFrom: '/register' },
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<title>\s*Error: Register your organisation/);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toMatch(/<a href="#email">\s*Enter an email address in the correct format, like name@example.com\s*<\/a>/);
    expect(res.text).toMatch(/id="email-error"/);
    expect(res.text).toContain('value="Bad Email Ltd"');
    expect(res.text).not.toContain('a perfectly fine passphrase');

    // An error raised by the service (a common password) points at the same form's input.
    const weak = await c.post(
      '/register',
      { kind: 'supplier', organisationName: 'Weak Password Ltd', fullName: 'Alex Example', email: 'alex@weak.example', password: 'password123' },
      { csrfFrom: '/register' },
    );
    expect(weak.status).toBe(400);
    expect(weak.text).toMatch(/<a href="#password">\s*The password is one of the most common passwords/);

    // Empty form: one message per field, in the GOV.UK style.
    const empty = await c.post('/register', { kind: '', organisationName: '', fullName: '', email: '', password: '' }, { csrfFrom: '/register' });
    expect(empty.status).toBe(400);
    for (const [field, message] of [
      ['kind', 'Select whether your organisation is a supplier'],
      ['organisationName', 'Enter the name of your organisation'],
      ['fullName', 'Enter your full name'],
      ['email', 'Enter your email address'],
      ['password', 'Enter a password'],
    ]) {
      expect(empty.text).toMatch(new RegExp(`<a href="#${field}">\\s*${message}`));
    }
    expect(await web.factories.count('identity.organisation')).toBe(orgs);
    expect(await web.factories.count('identity.user_account')).toBe(users);
  });

  it('refuses unknown form fields (whitelist) without writing anything', async () => {
    const orgs = await web.factories.count('identity.organisation');
    const res = await client().post(
      '/register',
      { kind: 'buyer', organisationName: 'Sneaky Council', fullName: 'Sam', email: 'sam@sneaky.gov.uk', password: 'a perfectly fine passphrase', verificationStatus: 'verified' },
      { csrfFrom: '/register' },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('verificationStatus is not an accepted field');
    expect(await web.factories.count('identity.organisation')).toBe(orgs);
  });

  it('shows wrong passwords in the error summary and answers 429 with the summary when rate limited', async () => {
    const { user } = await web.factories.member('buyer', 'buyer_user');
    const c = client();
    for (let i = 0; i < 3; i++) {
      const res = await c.post('/sign-in', { email: user.email, password: 'not the password' }, { csrfFrom: '/sign-in' });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/<a href="#email">\s*The e-mail address or password is not right/);
    }
    const limited = await c.post('/sign-in', { email: user.email, password: user.password }, { csrfFrom: '/sign-in' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('govuk-error-summary');
    expect(limited.text).toContain('Too many failed sign-in attempts');
    expect(limited.text).toContain(`value="${user.email}"`);
  });

  it('follows returnTo only to same-site paths', async () => {
    for (const [returnTo, location] of [
      ['/organisation/users', '/organisation/users'],
      ['//evil.example/x', '/account'],
      ['https://evil.example/', '/account'],
      ['/\\evil.example', '/account'],
    ]) {
      const c = client();
      const res = await c.post('/sign-in', { email: supplierAdmin.email, password: supplierAdmin.password, returnTo }, { csrfFrom: '/sign-in' });
      expect([returnTo, res.headers.location]).toEqual([returnTo, location]);
    }
  });

  it('gives a non-admin 403 on /admin/organisations and /admin/queues, and keeps the anonymous out of Bull Board', async () => {
    const c = client();
    await c.signIn(supplierAdmin.email, supplierAdmin.password);
    const orgs = await c.get('/admin/organisations');
    expect(orgs.status).toBe(403);
    expect(orgs.text).toContain('You cannot see this page');
    const queues = await c.get('/admin/queues');
    expect(queues.status).toBe(403);
    expect(queues.text).toContain('You cannot see this page');
    expect((await c.get('/admin/queues/api/queues')).status).toBe(403);
    expect((await c.get('/admin/queues/static/js/main.f10757109b.js')).status).toBe(403);

    const anonymous = await client().get('/admin/queues');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in?returnTo=%2Fadmin%2Fqueues');
    expect((await client().get('/admin/queues/api/queues')).status).toBe(303);
    const put = await client().post('/admin/queues/api/queues/identity/pause', {});
    expect(put.status).toBe(403);
  });

  it('lets a platform admin into Bull Board, same-origin only for its API writes', async () => {
    const c = client();
    await c.signIn(platformAdmin.email, platformAdmin.password);
    const board = await c.get('/admin/queues');
    expect(board.status).toBe(200);
    expect(board.text).toContain('__UI_CONFIG__');
    const api = await c.get('/admin/queues/api/queues');
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toContain('identity');
    const crossSite = await c.post('/admin/queues/api/queues/identity/pause', {}, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await c.get('/admin/organisations')).status).toBe(200);
  });

  it('signs out: the old cookie no longer works, and the server-side session is revoked', async () => {
    const c = client();
    await c.signIn(supplierAdmin.email, supplierAdmin.password);
    const oldCookie = c.cookie!;
    expect((await c.get('/account')).status).toBe(200);
    const out = await c.post('/sign-out', {}, { csrfFrom: '/account' });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/');
    const home = await c.get('/');
    expect(home.text).toContain('You have been signed out');

    const replay = new WebClient(web.baseUrl);
    replay.cookie = oldCookie;
    const res = await replay.get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in?returnTo=%2Faccount');
    const [{ n }] = await web.dataSource.query(
      `SELECT count(*)::int AS n FROM identity.auth_session WHERE user_id = $1 AND channel = 'web' AND revoked_reason = 'sign_out'`,
      [supplierAdmin.id],
    );
    expect(n).toBeGreaterThan(0);
  });

  it('ends every other session when the password changes, and signs this browser in again', async () => {
    const { user } = await web.factories.member('supplier', 'supplier_user');
    const a = client();
    const b = client();
    await a.signIn(user.email, user.password);
    await b.signIn(user.email, user.password);
    const oldA = a.cookie;
    const changed = await a.post('/account/password', { currentPassword: user.password, newPassword: 'a brand new passphrase 42' }, { csrfFrom: '/account' });
    expect(changed.status).toBe(303);
    expect(a.cookie).not.toBe(oldA);
    const account = await a.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('Your password has been changed');
    expect((await b.get('/account')).status).toBe(303);

    const wrong = await a.post('/account/password', { currentPassword: 'not it', newPassword: 'another passphrase 43' }, { csrfFrom: '/account' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/<a href="#currentPassword">\s*The current password is not right/);
  });

  it('ends a disabled user’s session at once', async () => {
    const { user } = await web.factories.member('buyer', 'buyer_admin');
    const victim = client();
    await victim.signIn(user.email, user.password);
    expect((await victim.get('/organisation/users')).status).toBe(200);
    const admin = client();
    await admin.signIn(platformAdmin.email, platformAdmin.password);
    const res = await admin.post(`/admin/users/${user.id}/disable`, { q: user.email }, { csrfFrom: `/admin/users?q=${encodeURIComponent(user.email)}` });
    expect(res.status).toBe(303);
    expect((await victim.get('/organisation/users')).status).toBe(303);
  });

  it('renders GOV.UK error pages without internals', async () => {
    const missing = await client().get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Page not found');
    const c = client();
    await c.signIn(platformAdmin.email, platformAdmin.password);
    const badId = await c.get('/admin/organisations/not-a-uuid/reject');
    expect(badId.status).toBe(400);
    expect(badId.text).toContain('There is a problem with your request');
    const unknownOrg = await c.get('/admin/organisations/00000000-0000-4000-8000-000000000000/reject');
    expect(unknownOrg.status).toBe(404);
    const badInvite = await client().get('/invitations/accept?token=' + 'x'.repeat(40));
    expect(badInvite.status).toBe(404);
    expect(badInvite.text).toContain('This invitation link is not valid');
    for (const r of [missing, badId, unknownOrg, badInvite]) expect(r.text).not.toMatch(/at .*\.(ts|js):\d+|node_modules|QueryFailedError/);
  });
});
