import { createHmac, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import { InvitationsService } from '@app/identity';
import {
  ApiTestApp,
  TEST_PASSWORD,
  TestContext,
  TestUser,
  compareWithOpenApi,
  createApiTestApp,
  createTestContext,
  discoverApiRoutes,
} from '@app/testing';

/**
 * The identity API end to end: registration and verification, bad input,
 * tenancy, sign-in rate limits, token and session lifecycle, JWT hardening,
 * invitations, and the platform behaviour every route shares (request ids,
 * problem details, security headers, health, OpenAPI, audit).
 */
describe('identity API', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let platformAdmin: { user: TestUser; accessToken: string };

  const PASSPHRASE = 'a long passphrase';
  const tag = () => randomBytes(4).toString('hex');
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const registration = (over: { kind?: 'supplier' | 'buyer'; email?: string; password?: string } = {}) => ({
    organisation: { kind: over.kind ?? 'supplier', name: `Acme Digital ${tag()} Ltd` },
    admin: { fullName: 'Jo Bloggs', email: over.email ?? `jo-${tag()}@acme.example`, password: over.password ?? PASSPHRASE },
  });

  /** Rows in the tables a registration writes. */
  const counts = async () => ({
    organisations: await api.factories.count('identity.organisation'),
    users: await api.factories.count('identity.user_account'),
    auditEvents: await api.factories.count('audit.audit_event'),
  });

  /** An RFC 9457 problem with a stable code, the request id of the response, and (optionally) these fields named. */
  function expectProblem(res: Response, status: number, fields: string[] = []): void {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), code: expect.stringMatching(/^[A-Z]+\.[A-Z_]+$/), detail: expect.any(String) });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(Array.isArray(res.body.errors)).toBe(true);
    const named = res.body.errors.map((e: { field: string }) => e.field);
    for (const f of fields) expect(named).toContain(f);
  }

  const me = (token: string) => api.http.get('/api/v1/auth/me').set(bearer(token));
  const refresh = (refreshToken: string) => api.http.post('/api/v1/auth/refresh').send({ refreshToken });
  const signIn = (email: string, password: string, ip = '203.0.113.10') =>
    api.http.post('/api/v1/auth/sign-in').set('X-Forwarded-For', ip).send({ email, password });

  async function member(kind: 'supplier' | 'buyer' = 'supplier', role: Parameters<ApiTestApp['factories']['member']>[1] = 'supplier_admin') {
    const { organisation, user } = await api.factories.member(kind, role);
    return { organisation, user, ...(await api.signIn(user.email, user.password)) };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
    const { user } = await api.factories.member('platform', 'platform_admin');
    platformAdmin = { user, accessToken: (await api.signIn(user.email, user.password)).accessToken };
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  describe('registration and verification', () => {
    it('verifies a buyer whose admin signs up with a public-sector (…gov.uk) e-mail at once', async () => {
      const res = await api.http.post('/api/v1/organisations').send(registration({ kind: 'buyer', email: `buyer-${tag()}@x.gov.uk` }));
      expect(res.status).toBe(201);
      expect(res.body.organisation).toMatchObject({ kind: 'buyer', verificationStatus: 'verified' });
      expect(res.body.admin).toMatchObject({ roles: ['buyer_admin'], status: 'active', organisationId: res.body.organisation.id });
      expect(res.body.admin).not.toHaveProperty('passwordHash');
      expect(JSON.stringify(res.body)).not.toContain('argon2');
    });

    it('keeps a supplier pending until a platform admin verifies it; the decision is audited and queued for e-mail', async () => {
      const body = registration({ kind: 'supplier' });
      const reg = await api.http.post('/api/v1/organisations').send(body);
      expect(reg.status).toBe(201);
      const orgId: string = reg.body.organisation.id;
      expect(reg.body.organisation.verificationStatus).toBe('pending');

      const verified = await api.http.post(`/api/v1/admin/organisations/${orgId}/verify`).set(bearer(platformAdmin.accessToken));
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ id: orgId, verificationStatus: 'verified' });

      const audit = await api.dataSource.query(
        `SELECT actor_user_id, data FROM audit.audit_event WHERE action = 'identity.organisation.verified' AND subject_id = $1`,
        [orgId],
      );
      expect(audit).toEqual([{ actor_user_id: platformAdmin.user.id, data: { from: 'pending', to: 'verified', reason: null } }]);
      const outbox = await api.dataSource.query(`SELECT payload FROM queue.outbox_event WHERE job_name = 'identity.notify-verification' AND payload->>'organisationId' = $1`, [orgId]);
      expect(outbox).toEqual([{ payload: { v: 1, organisationId: orgId, status: 'verified' } }]);

      // The organisation's own admin sees it verified; verifying again is a conflict, not a second event.
      const own = await api.signIn(body.admin.email, body.admin.password);
      expect((await api.http.get(`/api/v1/organisations/${orgId}`).set(bearer(own.accessToken))).body.verificationStatus).toBe('verified');
      expectProblem(await api.http.post(`/api/v1/admin/organisations/${orgId}/verify`).set(bearer(platformAdmin.accessToken)), 409);
    });

    it('refuses to reject an organisation without a reason (400 naming reason) and rejects it with one', async () => {
      const org = await api.factories.organisation({ kind: 'supplier', status: 'pending' });
      const url = `/api/v1/admin/organisations/${org.id}/reject`;
      expectProblem(await api.http.post(url).set(bearer(platformAdmin.accessToken)).send({}), 400, ['reason']);
      expectProblem(await api.http.post(url).set(bearer(platformAdmin.accessToken)).send({ reason: '   ' }), 400, ['reason']);
      const [{ verification_status }] = await api.dataSource.query(`SELECT verification_status FROM identity.organisation WHERE id = $1`, [org.id]);
      expect(verification_status).toBe('pending');

      const rejected = await api.http.post(url).set(bearer(platformAdmin.accessToken)).send({ reason: 'Companies House number does not match.' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ verificationStatus: 'rejected', rejectionReason: 'Companies House number does not match.' });
    });
  });

  describe('bad input is refused with a problem naming the field, and changes nothing', () => {
    it('refuses unknown fields (mass assignment) and writes nothing', async () => {
      const before = await counts();
      const attempts: [string, object][] = [
        ['organisation.status', { ...registration(), organisation: { ...registration().organisation, status: 'verified' } }],
        ['organisation.sizeBand', { ...registration(), organisation: { ...registration().organisation, sizeBand: 'micro' } }],
        ['organisationId', { ...registration(), organisationId: '2b1c6b1e-0000-4000-8000-000000000000' }],
        ['admin.roles', { ...registration(), admin: { ...registration().admin, roles: ['platform_admin'] } }],
        ['organisation.kind', { ...registration(), organisation: { kind: 'platform', name: 'Sneaky Platform Ltd' } }],
      ];
      for (const [field, body] of attempts) {
        const res = await api.http.post('/api/v1/organisations').send(body);
        expectProblem(res, 400, [field]);
        expect(res.body.code).toBe('REQUEST.VALIDATION_FAILED');
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses malformed JSON with a 400 problem and writes nothing', async () => {
      const before = await counts();
      const res = await api.http.post('/api/v1/organisations').set('Content-Type', 'application/json').send('{"organisation": {"kind": "supplier",');
      expectProblem(res, 400);
      expect(res.body.code).toBe('REQUEST.MALFORMED_BODY');
      expect(await counts()).toEqual(before);
    });

    it('refuses a short or common password, naming admin.password, and writes nothing', async () => {
      const before = await counts();
      for (const password of ['password123', 'qwertyuiop', 'short']) {
        expectProblem(await api.http.post('/api/v1/organisations').send(registration({ password })), 400, ['admin.password']);
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses an e-mail address that already has an account (any case), naming admin.email, and writes nothing', async () => {
      const email = `taken-${tag()}@acme.example`;
      expect((await api.http.post('/api/v1/organisations').send(registration({ email }))).status).toBe(201);
      const before = await counts();
      expectProblem(await api.http.post('/api/v1/organisations').send(registration({ email: email.toUpperCase() })), 400, ['admin.email']);
      expect(await counts()).toEqual(before);
    });
  });

  it("answers 404 for another organisation, its users and its invitations, and never returns its data", async () => {
    const mine = await member('supplier', 'supplier_admin');
    const theirs = await member('supplier', 'supplier_admin');
    const invited = `secret-invitee-${tag()}@theirs.example`;
    expect((await api.http.post(`/api/v1/organisations/${theirs.organisation.id}/invitations`).set(bearer(theirs.accessToken)).send({ email: invited, role: 'supplier_user' })).status).toBe(201);

    // Control: the same routes answer for one's own organisation.
    expect((await api.http.get(`/api/v1/organisations/${mine.organisation.id}/users`).set(bearer(mine.accessToken))).status).toBe(200);

    const foreign = [theirs.organisation.name, theirs.user.email, theirs.user.id, invited];
    for (const path of ['', '/users', '/invitations']) {
      const res = await api.http.get(`/api/v1/organisations/${theirs.organisation.id}${path}`).set(bearer(mine.accessToken));
      expectProblem(res, 404);
      const { instance, ...rest } = res.body;
      expect(instance).toBe(`/api/v1/organisations/${theirs.organisation.id}${path}`);
      for (const secret of foreign) expect(JSON.stringify(rest)).not.toContain(secret);
    }
    const invite = await api.http.post(`/api/v1/organisations/${theirs.organisation.id}/invitations`).set(bearer(mine.accessToken)).send({ email: `x-${tag()}@mine.example`, role: 'supplier_user' });
    expectProblem(invite, 404);
  });

  describe('sign-in rate limit', () => {
    it('answers the sixth wrong password in a row with 429 and Retry-After, and then refuses even the right password', async () => {
      const { user } = await api.factories.member('supplier', 'supplier_user');
      const ip = '203.0.113.21';
      for (let i = 1; i <= 5; i++) {
        const res = await signIn(user.email, `wrong password ${i}`, ip);
        expectProblem(res, 401);
        expect(res.body.code).toBe('AUTH.INVALID_CREDENTIALS');
      }
      const sixth = await signIn(user.email, 'wrong password 6', ip);
      expectProblem(sixth, 429);
      expect(sixth.body.code).toBe('AUTH.SIGN_IN_RATE_LIMITED');
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(ctx.config.auth.loginLockSeconds);

      const right = await signIn(user.email, user.password, '203.0.113.22'); // another address: the account itself is locked
      expectProblem(right, 429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('resets the count after a successful sign-in (4 wrong, right → 200; then 5 wrong are all 401 and the sixth is 429)', async () => {
      // The lock engages once LOGIN_MAX_FAILURES (5) failures are counted, so the reset is shown from 4:
      // without it the second run of wrong passwords would reach 429 at its second attempt.
      const { user } = await api.factories.member('supplier', 'supplier_user');
      const ip = '203.0.113.31';
      for (let i = 0; i < 4; i++) expect((await signIn(user.email, 'not my password', ip)).status).toBe(401);
      expect((await signIn(user.email, user.password, ip)).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await signIn(user.email, 'not my password', ip)).status).toBe(401);
      expectProblem(await signIn(user.email, 'not my password', ip), 429);
    });
  });

  describe('tokens and sessions', () => {
    it('rotates refresh tokens: each one works once and yields a working pair', async () => {
      const { user } = await api.factories.member('buyer', 'buyer_user');
      const first = await api.signIn(user.email, user.password);
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ tokenType: 'Bearer', expiresIn: ctx.config.auth.accessTokenTtlSeconds });
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.body.accessToken)).status).toBe(200);
      expect((await refresh(second.body.refreshToken)).status).toBe(200);
    });

    it('treats a reused refresh token as theft: 401, and the whole session (newer tokens too) is revoked', async () => {
      const { user } = await api.factories.member('buyer', 'buyer_user');
      const other = await api.signIn(user.email, user.password); // a second session of the same user
      const first = await api.signIn(user.email, user.password);
      const second = (await refresh(first.refreshToken)).body;

      const replay = await refresh(first.refreshToken);
      expectProblem(replay, 401);
      expect(replay.body.code).toBe('AUTH.INVALID_REFRESH_TOKEN');
      expect((await me(second.accessToken)).status).toBe(401);
      expect((await refresh(second.refreshToken)).status).toBe(401);
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit.audit_event WHERE action = 'identity.refresh-token.reused' AND actor_user_id = $1`, [user.id]);
      expect(n).toBe(1);
      // Only that session: the user's other session still works.
      expect((await me(other.accessToken)).status).toBe(200);
    });

    it('refuses both the access token and the refresh token after sign-out', async () => {
      const { user } = await api.factories.member('supplier', 'supplier_user');
      const tokens = await api.signIn(user.email, user.password);
      expect((await me(tokens.accessToken)).status).toBe(200);
      expect((await api.http.post('/api/v1/auth/sign-out').set(bearer(tokens.accessToken))).status).toBe(204);
      expectProblem(await me(tokens.accessToken), 401);
      expectProblem(await refresh(tokens.refreshToken), 401);
    });

    it('refuses every old token after a password change; the new password signs in and the old one does not', async () => {
      const { user } = await api.factories.member('supplier', 'supplier_admin');
      const a = await api.signIn(user.email, user.password);
      const b = await api.signIn(user.email, user.password);
      const newPassword = 'a brand new passphrase for me';
      expectProblem(await api.http.post('/api/v1/auth/change-password').set(bearer(a.accessToken)).send({ currentPassword: 'not it at all', newPassword }), 400, ['currentPassword']);
      expectProblem(await api.http.post('/api/v1/auth/change-password').set(bearer(a.accessToken)).send({ currentPassword: TEST_PASSWORD, newPassword: 'password123' }), 400, ['newPassword']);

      expect((await api.http.post('/api/v1/auth/change-password').set(bearer(a.accessToken)).send({ currentPassword: TEST_PASSWORD, newPassword })).status).toBe(204);
      for (const t of [a, b]) {
        expectProblem(await me(t.accessToken), 401);
        expectProblem(await refresh(t.refreshToken), 401);
      }
      expectProblem(await signIn(user.email, TEST_PASSWORD, '203.0.113.41'), 401);
      const fresh = await signIn(user.email, newPassword, '203.0.113.41');
      expect(fresh.status).toBe(200);
      expect((await me(fresh.body.accessToken)).body).toMatchObject({ userId: user.id });
    });

    it('refuses the tokens, and the sign-in, of a user a platform admin disabled', async () => {
      const { user } = await api.factories.member('buyer', 'evaluator');
      const tokens = await api.signIn(user.email, user.password);
      const res = await api.http.post(`/api/v1/admin/users/${user.id}/disable`).set(bearer(platformAdmin.accessToken));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, status: 'disabled' });
      expectProblem(await me(tokens.accessToken), 401);
      expectProblem(await refresh(tokens.refreshToken), 401);
      const again = await signIn(user.email, user.password, '203.0.113.51');
      expectProblem(again, 401);
      expect(again.body.code).toBe('AUTH.ACCOUNT_DISABLED');
    });
  });

  describe('JWT hardening', () => {
    let claims: { sub: string; sid: string; org: string; roles: string[] };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = () => Math.floor(Date.now() / 1000);
    const valid = () => ({ ...claims, iss: ctx.config.auth.issuer, aud: ctx.config.auth.audience, iat: now(), exp: now() + 120 });
    const hs = (alg: string, payload: object, secret: string) => {
      const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
      const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg]!;
      return `${unsigned}.${createHmac(digest, secret).update(unsigned).digest('base64url')}`;
    };

    beforeAll(async () => {
      const { user } = await api.factories.member('buyer', 'buyer_admin');
      const { accessToken } = await api.signIn(user.email, user.password);
      const decoded = jwt.decode(accessToken) as typeof claims;
      claims = { sub: decoded.sub, sid: decoded.sid, org: decoded.org, roles: decoded.roles };
    });

    it('accepts a token built the same way with the right key, algorithm, audience, issuer and expiry (control)', async () => {
      expect((await me(jwt.sign(valid(), ctx.config.auth.jwtSecret, { algorithm: 'HS256' }))).status).toBe(200);
      expect((await me(hs('HS256', valid(), ctx.config.auth.jwtSecret))).status).toBe(200);
    });

    const forged: [string, () => string][] = [
      ['alg: none (unsigned)', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(valid())}.`],
      ['an algorithm not on the allow-list (HS512, right key)', () => hs('HS512', valid(), ctx.config.auth.jwtSecret)],
      ['a wrong audience', () => jwt.sign({ ...valid(), aud: 'some-other-api' }, ctx.config.auth.jwtSecret, { algorithm: 'HS256' })],
      ['a wrong issuer', () => jwt.sign({ ...valid(), iss: 'https://evil.example' }, ctx.config.auth.jwtSecret, { algorithm: 'HS256' })],
      ['another secret', () => jwt.sign(valid(), 'another-secret-that-is-also-long-enough-0123', { algorithm: 'HS256' })],
      ['an expired token', () => jwt.sign({ ...valid(), iat: now() - 600, exp: now() - 300 }, ctx.config.auth.jwtSecret, { algorithm: 'HS256' })],
    ];
    it('refuses a token altered by one character after the real one was accepted (which this process now remembers), and still accepts the real one', async () => {
      const real = jwt.sign(valid(), ctx.config.auth.jwtSecret, { algorithm: 'HS256' });
      expect((await me(real)).status).toBe(200);
      const [header, payload, signature] = real.split('.');
      const flip = (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.slice(-1);
      for (const altered of [`${header}.${payload}.${flip(signature)}`, `${header}.${flip(payload)}.${signature}`, `${flip(header)}.${payload}.${signature}`]) {
        expectProblem(await me(altered), 401);
      }
      const resigned = jwt.sign(valid(), 'another-secret-that-is-also-long-enough-0123', { algorithm: 'HS256' });
      expectProblem(await me(resigned), 401);
      expect((await me(real)).status).toBe(200);
    });

    it.each(forged)('refuses a token with %s (401)', async (_what, make) => {
      const res = await me(make());
      expectProblem(res, 401);
      expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
    });
  });

  describe('invitations', () => {
    it('invites (201, e-mail queued), accepts once with the invited role; the token then answers 404', async () => {
      const admin = await member('supplier', 'supplier_admin');
      const email = `new-colleague-${tag()}@acme.example`;
      const invited = await api.http.post(`/api/v1/organisations/${admin.organisation.id}/invitations`).set(bearer(admin.accessToken)).send({ email, role: 'supplier_user' });
      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({ organisationId: admin.organisation.id, email, role: 'supplier_user', acceptedAt: null });
      expect(invited.body).not.toHaveProperty('token');
      expect(invited.body).not.toHaveProperty('tokenHash');
      const outbox = await api.dataSource.query(`SELECT payload FROM queue.outbox_event WHERE job_name = 'identity.send-invitation' AND payload->>'invitationId' = $1`, [invited.body.id]);
      expect(outbox).toEqual([{ payload: { v: 1, invitationId: invited.body.id } }]);

      const token = api.app.get(InvitationsService).tokenFor(invited.body.id);
      const accepted = await api.http.post('/api/v1/invitations/accept').send({ token, fullName: 'Sam Smith', password: PASSPHRASE });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ email, organisationId: admin.organisation.id, roles: ['supplier_user'], status: 'active', fullName: 'Sam Smith' });
      const session = await api.signIn(email, PASSPHRASE);
      expect((await me(session.accessToken)).body).toMatchObject({ email, organisationId: admin.organisation.id, roles: ['supplier_user'] });

      const users = await api.factories.count('identity.user_account');
      const again = await api.http.post('/api/v1/invitations/accept').send({ token, fullName: 'Sam Again', password: PASSPHRASE });
      expectProblem(again, 404);
      expect(again.body.code).toBe('IDENTITY.INVITATION_INVALID');
      expect(await api.factories.count('identity.user_account')).toBe(users);
    });

    it("refuses a role the organisation's kind cannot have (400 naming role) and writes no invitation", async () => {
      const admin = await member('supplier', 'supplier_admin');
      const before = await api.factories.count('identity.invitation');
      for (const role of ['buyer_admin', 'platform_admin']) {
        const res = await api.http.post(`/api/v1/organisations/${admin.organisation.id}/invitations`).set(bearer(admin.accessToken)).send({ email: `x-${tag()}@acme.example`, role });
        expectProblem(res, 400, ['role']);
      }
      expect(await api.factories.count('identity.invitation')).toBe(before);
    });
  });

  describe('platform behaviour of every route', () => {
    it('answers /health with 200 and Postgres and Redis up', async () => {
      const res = await api.http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('documents every route of the running app in /api/docs/openapi.json, and no other', async () => {
      const res = await api.http.get('/api/docs/openapi.json');
      expect(res.status).toBe(200);
      const routes = discoverApiRoutes(api.app);
      expect(routes.length).toBeGreaterThanOrEqual(20);
      expect(compareWithOpenApi(routes, res.body)).toEqual({ missingFromDocument: [], notServed: [] });
      expect((await api.http.get('/api/docs')).status).toBe(200);
    });

    it('gives every response an x-request-id, echoes a well-formed incoming one, and puts it in problems and the audit log', async () => {
      const responses = await Promise.all([
        api.http.get('/health'),
        api.http.get('/api/v1/auth/me'),
        api.http.get('/api/v1/no-such-route'),
        api.http.post('/api/v1/organisations').set('Content-Type', 'application/json').send('{nope'),
        api.http.post('/api/v1/auth/sign-in').send({ email: 'not-an-email' }),
        me(platformAdmin.accessToken),
      ]);
      for (const res of responses) expect({ status: res.status, id: res.headers['x-request-id'] }).toEqual({ status: res.status, id: expect.stringMatching(/^[A-Za-z0-9._:-]{1,100}$/) });
      expect(new Set(responses.map((r) => r.headers['x-request-id'])).size).toBe(responses.length);

      const incoming = `trace-${tag()}.abc:1`;
      const problem = await api.http.get('/api/v1/auth/me').set('x-request-id', incoming);
      expect(problem.headers['x-request-id']).toBe(incoming);
      expectProblem(problem, 401);
      expect(problem.body.requestId).toBe(incoming);

      const tooLarge = await api.http.post('/api/v1/organisations').set('x-request-id', `${incoming}-big`).send({ pad: 'x'.repeat(1_100_000) });
      expectProblem(tooLarge, 413, ['body']);
      expect(tooLarge.body.code).toBe('REQUEST.TOO_LARGE');
      expect(tooLarge.body.requestId).toBe(`${incoming}-big`);
      // A body in a media type the API does not read: 415 naming the body (as every refused body does).
      for (const type of ['application/xml', 'application/x-www-form-urlencoded']) {
        const refused = await api.http.post('/api/v1/auth/sign-in').set('Content-Type', type).send('email=a%40b.example&password=x');
        expectProblem(refused, 415, ['body']);
        expect(refused.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
      }

      const bad = await api.http.get('/api/v1/auth/me').set('x-request-id', 'has spaces <script>');
      expect(bad.headers['x-request-id']).not.toBe('has spaces <script>');
      expect(bad.body.requestId).toBe(bad.headers['x-request-id']);

      const { user } = await api.factories.member('supplier', 'supplier_user');
      const traced = `trace-${tag()}`;
      expect((await api.http.post('/api/v1/auth/sign-in').set('x-request-id', traced).send({ email: user.email, password: user.password })).status).toBe(200);
      const rows = await api.dataSource.query(`SELECT action FROM audit.audit_event WHERE request_id = $1`, [traced]);
      expect(rows).toEqual([{ action: 'identity.sign-in.succeeded' }]);
    });

    it('cuts off a request that has not arrived whole within 5 minutes (Node\'s default, which Fastify would turn off)', () => {
      expect((api.app.getHttpServer() as { requestTimeout: number }).requestTimeout).toBe(300_000);
    });

    it('sends helmet security headers and no x-powered-by, on successes and errors alike', async () => {
      for (const res of [await api.http.get('/health'), await me(platformAdmin.accessToken), await api.http.get('/api/v1/auth/me')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers).not.toHaveProperty('x-powered-by');
      }
    });
  });

  it('verifies the audit hash chain for a platform admin (ok) and refuses everyone else', async () => {
    const res = await api.http.get('/api/v1/admin/audit-events/verify').set(bearer(platformAdmin.accessToken));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checked: expect.any(Number), firstBroken: null });
    expect(res.body.checked).toBeGreaterThan(0);

    for (const [kind, role] of [['buyer', 'buyer_admin'], ['supplier', 'supplier_admin'], ['buyer', 'analyst']] as const) {
      const other = await member(kind, role);
      const refused = await api.http.get('/api/v1/admin/audit-events/verify').set(bearer(other.accessToken));
      expectProblem(refused, 403);
      expect(refused.body.code).toBe('AUTH.ROLE_REQUIRED');
    }
    expectProblem(await api.http.get('/api/v1/admin/audit-events/verify'), 401);
  });
});
