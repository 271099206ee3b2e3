import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Response } from 'supertest';
import { MAX_ACTIVE_API_KEYS, OrganisationKind, Role } from '@app/identity';
import { ApiTestApp, TestContext, createApiTestApp, createTestContext, waitFor, expectProblem } from '@app/testing';

/**
 * API keys for third-party platforms (issue 6, item 5) end to end: admins
 * create, list and revoke their organisation's keys; a key is shown once and
 * stored hashed; a request with a key reads public data, is rate-limited per
 * key in Redis (429 with Retry-After) and is attributed in the request's log
 * line; an unknown or revoked key is refused.
 */
const PER_KEY_LIMIT = 4;

interface LogLine {
  req?: { id?: string; url?: string };
  res?: { statusCode?: number };
  apiKeyId?: string;
  apiKeyOrganisationId?: string;
  [field: string]: unknown;
}

describe('API keys', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  const logLines: string[] = [];
  const logs = { write: (line: string) => void logLines.push(line) };

  const tag = () => randomBytes(4).toString('hex');
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const PUBLIC_READ = '/api/v1/reports/sme-share';

  async function admin(kind: OrganisationKind, role: Role) {
    const { organisation, user } = await api.factories.member(kind, role);
    const { accessToken } = await api.signIn(user.email, user.password);
    return { organisation, user, token: accessToken };
  }

  async function createKey(token: string, name = `Open data portal ${tag()}`): Promise<{ id: string; key: string; prefix: string; organisationId: string }> {
    const res = await api.http.post('/api/v1/api-keys').set(bearer(token)).send({ name });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body;
  }

  /** The request's own log line (pino-http writes it when the response finishes). */
  async function logLineOf(res: Response): Promise<LogLine> {
    const id = res.headers['x-request-id'];
    let found: LogLine | undefined;
    await waitFor(`the log line of request ${id}`, () => {
      found = logLines.map((l) => JSON.parse(l) as LogLine).find((l) => l.req?.id === id && l.res?.statusCode !== undefined);
      return !!found;
    }, 5_000);
    return found!;
  }

  beforeAll(async () => {
    ctx = await createTestContext({ LOG_LEVEL: 'info', API_KEY_RATE_LIMIT_PER_MINUTE: String(PER_KEY_LIMIT) });
    api = await createApiTestApp(ctx, { logDestination: logs });
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  describe('managing keys', () => {
    it('a supplier admin creates a key: shown once (no-store), stored only as its SHA-256, audited', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const res = await api.http.post('/api/v1/api-keys').set(bearer(me.token)).send({ name: '  Open data portal  ' });
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        organisationId: me.organisation.id,
        name: 'Open data portal',
        status: 'active',
        createdByUserId: me.user.id,
        lastUsedAt: null,
        revokedAt: null,
        key: expect.stringMatching(/^opm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/),
      });
      const { id, key, prefix } = res.body;
      expect(key.startsWith(`opm_${prefix}_`)).toBe(true);

      const [row] = await api.dataSource.query(`SELECT * FROM identity.api_key WHERE id = $1`, [id]);
      expect(row.secret_hash).toBe(createHash('sha256').update(key).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(key.slice(`opm_${prefix}_`.length));

      const audit = await api.dataSource.query(`SELECT actor_user_id, actor_organisation_id, data FROM audit.audit_event WHERE action = 'identity.api_key.created' AND subject_id = $1`, [id]);
      expect(audit).toEqual([{ actor_user_id: me.user.id, actor_organisation_id: me.organisation.id, data: { name: 'Open data portal', prefix } }]);
      expect(JSON.stringify(audit)).not.toContain(key);
    });

    it('a buyer admin and a platform admin create keys for their own organisations', async () => {
      for (const [kind, role] of [['buyer', 'buyer_admin'], ['platform', 'platform_admin']] as const) {
        const me = await admin(kind, role);
        const created = await createKey(me.token);
        expect(created.organisationId).toBe(me.organisation.id);
        expect((await api.http.get(PUBLIC_READ).set('X-API-Key', created.key)).status).toBe(200);
      }
    });

    it('lists the organisation’s keys with their prefix and status, never the key or its hash', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const a = await createKey(me.token, 'Alpha');
      const b = await createKey(me.token, 'Beta');
      const theirs = await createKey((await admin('supplier', 'supplier_admin')).token, 'Alpha');
      const res = await api.http.get('/api/v1/api-keys').set(bearer(me.token));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items.map((k: { name: string; prefix: string; status: string }) => [k.name, k.prefix, k.status])).toEqual([
        ['Beta', b.prefix, 'active'],
        ['Alpha', a.prefix, 'active'],
      ]);
      const text = JSON.stringify(res.body);
      for (const k of [a, b]) {
        expect(text).not.toContain(k.key);
        expect(text).not.toContain(createHash('sha256').update(k.key).digest('hex'));
      }
      expect(text).not.toContain(theirs.id);
      for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(
        ['createdAt', 'createdByName', 'createdByUserId', 'id', 'lastUsedAt', 'name', 'organisationId', 'prefix', 'revokedAt', 'status'],
      );
    });

    it('refuses a missing, blank, over-long or duplicate name (400 naming name) and unknown fields, writing nothing', async () => {
      const me = await admin('buyer', 'buyer_admin');
      await createKey(me.token, 'Spend analytics');
      const count = async () => (await api.dataSource.query(`SELECT count(*)::int AS n FROM identity.api_key WHERE organisation_id = $1`, [me.organisation.id]))[0].n;
      for (const body of [{}, { name: '' }, { name: '    ' }, { name: 'x'.repeat(101) }, { name: 42 }, { name: 'spend ANALYTICS' }]) {
        const res = await api.http.post('/api/v1/api-keys').set(bearer(me.token)).send(body);
        expectProblem(res, 400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('name');
      }
      const dup = await api.http.post('/api/v1/api-keys').set(bearer(me.token)).send({ name: ' Spend analytics ' });
      expectProblem(dup, 400, 'IDENTITY.API_KEY_NAME_TAKEN');
      const mass = await api.http.post('/api/v1/api-keys').set(bearer(me.token)).send({ name: 'Other', organisationId: (await api.factories.organisation()).id });
      expectProblem(mass, 400);
      expect(mass.body.errors).toEqual([expect.objectContaining({ field: 'organisationId' })]);
      expect((await createKey(me.token, 'x'.repeat(100))).prefix).toMatch(/^[0-9a-f]{12}$/);
      expect(await count()).toBe(2);
    });

    it('a supplier user, an analyst or anonymous cannot create or list keys', async () => {
      const user = await admin('supplier', 'supplier_user');
      const analyst = await admin('buyer', 'analyst');
      for (const who of [user, analyst]) {
        expectProblem(await api.http.post('/api/v1/api-keys').set(bearer(who.token)).send({ name: 'Mine' }), 403, 'AUTH.ROLE_REQUIRED');
        expectProblem(await api.http.get('/api/v1/api-keys').set(bearer(who.token)), 403, 'AUTH.ROLE_REQUIRED');
      }
      expectProblem(await api.http.post('/api/v1/api-keys').send({ name: 'Mine' }), 401, 'AUTH.UNAUTHENTICATED');
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM identity.api_key WHERE organisation_id IN ($1, $2)`, [user.organisation.id, analyst.organisation.id]);
      expect(n).toBe(0);
    });
  });

  describe('using a key', () => {
    it('reads a public route with X-API-Key, and the request’s log line names the key and its organisation (never the key)', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const { id, key, organisationId } = await createKey(me.token);
      const res = await api.http.get(PUBLIC_READ).set('X-API-Key', key);
      expect(res.status).toBe(200);
      expect(res.body).toHaveProperty('headline');
      const line = await logLineOf(res);
      expect(line).toMatchObject({ apiKeyId: id, apiKeyOrganisationId: organisationId, req: { url: PUBLIC_READ }, res: { statusCode: 200 } });
      expect(JSON.stringify(line)).not.toContain(key);

      // A request without a key carries no attribution.
      const anonymous = await api.http.get(PUBLIC_READ);
      expect(anonymous.status).toBe(200);
      const anonymousLine = await logLineOf(anonymous);
      expect(anonymousLine).not.toHaveProperty('apiKeyId');
      expect(anonymousLine).not.toHaveProperty('apiKeyOrganisationId');
    });

    it('records when a key was last used, writing at most once a minute', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const { id, key } = await createKey(me.token);
      const lastUsed = async () => (await api.dataSource.query(`SELECT last_used_at FROM identity.api_key WHERE id = $1`, [id]))[0].last_used_at as Date | null;
      expect(await lastUsed()).toBeNull();
      expect((await api.http.get(PUBLIC_READ).set('X-API-Key', key)).status).toBe(200);
      const first = await lastUsed();
      expect(first).toBeInstanceOf(Date);
      expect((await api.http.get(PUBLIC_READ).set('X-API-Key', key)).status).toBe(200);
      expect(await lastUsed()).toEqual(first);
      // A minute later it is written again.
      await api.dataSource.query(`UPDATE identity.api_key SET last_used_at = now() - interval '61 seconds' WHERE id = $1`, [id]);
      const aged = await lastUsed();
      expect((await api.http.get(PUBLIC_READ).set('X-API-Key', key)).status).toBe(200);
      expect((await lastUsed())!.getTime()).toBeGreaterThan(aged!.getTime());
      const list = await api.http.get('/api/v1/api-keys').set(bearer(me.token));
      expect(list.body.items[0].lastUsedAt).toEqual(expect.any(String));
    });

    it('refuses an unknown, tampered or malformed key with 401 AUTH.API_KEY_INVALID and no data, even on a public route', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const { key, prefix } = await createKey(me.token);
      const secret = key.slice(`opm_${prefix}_`.length);
      const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
      for (const bad of [
        `opm_${prefix}_${flipped}`, // right prefix, wrong secret
        `opm_${randomBytes(6).toString('hex')}_${secret}`, // unknown prefix
        `opm_${prefix}`,
        'not-a-key',
        '',
        key.toUpperCase(),
      ]) {
        const res = await api.http.get(PUBLIC_READ).set('X-API-Key', bad);
        expectProblem(res, 401, 'AUTH.API_KEY_INVALID');
        expect(res.body).not.toHaveProperty('headline');
        expect(res.body).not.toHaveProperty('rows');
        const line = await logLineOf(res);
        expect(line).not.toHaveProperty('apiKeyId');
      }
    });

    it('grants nothing beyond public routes: a key is not a sign-in', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const { key } = await createKey(me.token);
      expectProblem(await api.http.get('/api/v1/auth/me').set('X-API-Key', key), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await api.http.get('/api/v1/api-keys').set('X-API-Key', key), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await api.http.post('/api/v1/api-keys').set('X-API-Key', key).send({ name: 'Another' }), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await api.http.get(`/api/v1/organisations/${me.organisation.id}`).set('X-API-Key', key), 401, 'AUTH.UNAUTHENTICATED');
      // With the admin's own token it is the token that counts, as without a key (another key: the four
      // refusals above used up this one's per-key budget of PER_KEY_LIMIT).
      const { key: second } = await createKey(me.token);
      expect((await api.http.get('/api/v1/auth/me').set(bearer(me.token)).set('X-API-Key', second)).status).toBe(200);
    });
  });

  describe('revoking a key', () => {
    it('another organisation cannot revoke it (404, nothing changes); its own admin can, and then it is refused', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const { id, key, prefix } = await createKey(me.token, 'Transparency portal');
      for (const other of [await admin('supplier', 'supplier_admin'), await admin('buyer', 'buyer_admin'), await admin('platform', 'platform_admin')]) {
        const res = await api.http.post(`/api/v1/api-keys/${id}/revoke`).set(bearer(other.token));
        expectProblem(res, 404, 'IDENTITY.API_KEY_NOT_FOUND');
        expect(JSON.stringify({ ...res.body, instance: undefined })).not.toContain(prefix);
      }
      expect((await api.http.get(PUBLIC_READ).set('X-API-Key', key)).status).toBe(200);

      const revoked = await api.http.post(`/api/v1/api-keys/${id}/revoke`).set(bearer(me.token));
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id, status: 'revoked', revokedAt: expect.any(String) });
      expect(revoked.body).not.toHaveProperty('key');

      const refused = await api.http.get(PUBLIC_READ).set('X-API-Key', key);
      expectProblem(refused, 401, 'AUTH.API_KEY_INVALID');
      expect(refused.body).not.toHaveProperty('headline');

      expectProblem(await api.http.post(`/api/v1/api-keys/${id}/revoke`).set(bearer(me.token)), 409, 'IDENTITY.API_KEY_ALREADY_REVOKED');
      const audit = await api.dataSource.query(`SELECT actor_user_id, data FROM audit.audit_event WHERE action = 'identity.api_key.revoked' AND subject_id = $1`, [id]);
      expect(audit).toEqual([{ actor_user_id: me.user.id, data: { name: 'Transparency portal', prefix } }]);
      const [row] = await api.dataSource.query(`SELECT revoked_by FROM identity.api_key WHERE id = $1`, [id]);
      expect(row.revoked_by).toBe(me.user.id);

      // The name is free again for a new key; the list shows the revoked one after the active ones.
      const again = await createKey(me.token, 'Transparency portal');
      const list = await api.http.get('/api/v1/api-keys').set(bearer(me.token));
      expect(list.body.items.map((k: { id: string; status: string }) => [k.id, k.status])).toEqual([
        [again.id, 'active'],
        [id, 'revoked'],
      ]);
    });

    it('refuses the keys of an organisation a platform admin rejects, and accepts them again once it is verified', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const { key } = await createKey(me.token);
      const platform = await admin('platform', 'platform_admin');
      expect((await api.http.get(PUBLIC_READ).set('X-API-Key', key)).status).toBe(200);
      const rejected = await api.http
        .post(`/api/v1/admin/organisations/${me.organisation.id}/reject`)
        .set(bearer(platform.token))
        .send({ reason: 'The Companies House number belongs to another company.' });
      expect(rejected.status).toBe(200);
      expectProblem(await api.http.get(PUBLIC_READ).set('X-API-Key', key), 401, 'AUTH.API_KEY_INVALID');
      expect((await api.http.post(`/api/v1/admin/organisations/${me.organisation.id}/verify`).set(bearer(platform.token))).status).toBe(200);
      expect((await api.http.get(PUBLIC_READ).set('X-API-Key', key)).status).toBe(200);
    });

    it('answers an address sending refused keys with 429 and Retry-After once its failed credentials reach the per-address limit, without looking keys up', async () => {
      const limit = ctx.config.auth.loginMaxFailuresPerIp;
      const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
      const me = await admin('supplier', 'supplier_admin');
      const { key } = await createKey(me.token);
      const guess = () => `opm_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
      for (let i = 0; i < limit; i++) expectProblem(await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip).set('X-API-Key', guess()), 401, 'AUTH.API_KEY_INVALID');
      const stopped = await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip).set('X-API-Key', guess());
      expectProblem(stopped, 429, 'AUTH.API_KEY_FAILURES_RATE_LIMITED');
      expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
      // From that address even a good key waits; other addresses, and requests without a key, go on.
      expectProblem(await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip).set('X-API-Key', key), 429, 'AUTH.API_KEY_FAILURES_RATE_LIMITED');
      expect((await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip)).status).toBe(200);
      expect((await api.http.get(PUBLIC_READ).set('X-Forwarded-For', '198.51.100.7').set('X-API-Key', key)).status).toBe(200);
    });

    it(`lets a verified organisation hold at most ${MAX_ACTIVE_API_KEYS} active keys, and a pending one none`, async () => {
      const me = await admin('buyer', 'buyer_admin');
      const keys = [];
      for (let i = 0; i < MAX_ACTIVE_API_KEYS; i++) keys.push(await createKey(me.token));
      const over = await api.http.post('/api/v1/api-keys').set(bearer(me.token)).send({ name: 'One too many' });
      expectProblem(over, 409, 'IDENTITY.API_KEY_LIMIT_REACHED');
      expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM identity.api_key WHERE organisation_id = $1`, [me.organisation.id])).toEqual([{ n: MAX_ACTIVE_API_KEYS }]);
      expect((await api.http.post(`/api/v1/api-keys/${keys[0].id}/revoke`).set(bearer(me.token))).status).toBe(200);
      await createKey(me.token, 'One too many');

      const { user } = await api.factories.member('supplier', 'supplier_admin', 'pending');
      const pending = await api.signIn(user.email, user.password);
      expectProblem(await api.http.post('/api/v1/api-keys').set(bearer(pending.accessToken)).send({ name: 'Too early' }), 409, 'IDENTITY.API_KEY_ORGANISATION_NOT_VERIFIED');
    });

    it('answers 404 for a key id that does not exist and 400 for one that is not a UUID', async () => {
      const me = await admin('buyer', 'buyer_admin');
      expectProblem(await api.http.post(`/api/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke`).set(bearer(me.token)), 404, 'IDENTITY.API_KEY_NOT_FOUND');
      expectProblem(await api.http.post(`/api/v1/api-keys/not-a-uuid/revoke`).set(bearer(me.token)), 400);
    });
  });

  describe('rate limit per key', () => {
    it('answers the request over the per-key limit with 429 problem+json and Retry-After; other keys and anonymous callers go on', async () => {
      const me = await admin('buyer', 'buyer_admin');
      const first = await createKey(me.token, 'Busy platform');
      const second = await createKey(me.token, 'Quiet platform');
      const ip = '203.0.113.77'; // both platforms behind one address: the key decides, not the IP

      const remaining: number[] = [];
      for (let i = 0; i < PER_KEY_LIMIT; i++) {
        // One bucket per key across routes: alternate two public routes.
        const res = await api.http.get(i % 2 ? '/api/v1/frameworks' : PUBLIC_READ).set('X-Forwarded-For', ip).set('X-API-Key', first.key);
        expect(res.status).toBe(200);
        expect(Number(res.headers['x-ratelimit-limit'])).toBe(PER_KEY_LIMIT);
        remaining.push(Number(res.headers['x-ratelimit-remaining']));
      }
      expect(remaining).toEqual([3, 2, 1, 0]);

      const over = await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip).set('X-API-Key', first.key);
      expectProblem(over, 429, 'REQUEST.RATE_LIMITED');
      expect(over.body.detail).toMatch(/Retry-After/);
      const retryAfter = Number(over.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(over.body).not.toHaveProperty('headline');
      expect(await logLineOf(over)).toMatchObject({ apiKeyId: first.id, res: { statusCode: 429 } });
      expectProblem(await api.http.get('/api/v1/frameworks').set('X-Forwarded-For', ip).set('X-API-Key', first.key), 429, 'REQUEST.RATE_LIMITED');

      // Another key of the same organisation, from the same address, has its own bucket.
      const other = await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip).set('X-API-Key', second.key);
      expect(other.status).toBe(200);
      expect(Number(other.headers['x-ratelimit-remaining'])).toBe(PER_KEY_LIMIT - 1);
      // So does a caller without a key (per IP, at RATE_LIMIT_PER_MINUTE).
      const anonymous = await api.http.get(PUBLIC_READ).set('X-Forwarded-For', ip);
      expect(anonymous.status).toBe(200);
      expect(Number(anonymous.headers['x-ratelimit-limit'])).toBe(ctx.config.api.rateLimitPerMinute);

      // The counter lives in Redis under this test's prefix, keyed by the key id.
      expect(await redisKeys(`${ctx.redisPrefix}:throttle:*api-key:${first.id}*`)).not.toEqual([]);
    });
  });

  describe('rate limit and bearer token, checked side by side (ApiAccessGuard)', () => {
    it('answers as if the rate limit came first: under it, a bad or missing token is 401 and still counted; over it, 429 whatever the token', async () => {
      const me = await admin('supplier', 'supplier_admin');
      const key = await createKey(me.token, 'Key and token');
      const call = (token?: string) => {
        const req = api.http.get(`/api/v1/organisations/${me.organisation.id}/users`).set('X-Forwarded-For', '203.0.113.78').set('X-API-Key', key.key);
        return token === undefined ? req : req.set(bearer(token));
      };

      const good = await call(me.token);
      expect(good.status).toBe(200);
      expect(Number(good.headers['x-ratelimit-remaining'])).toBe(PER_KEY_LIMIT - 1);
      expectProblem(await call('not.a.token'), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await call(), 401, 'AUTH.UNAUTHENTICATED');
      const last = await call(me.token);
      expect(last.status).toBe(200);
      expect(Number(last.headers['x-ratelimit-remaining'])).toBe(0); // the two 401s were counted

      for (const token of [me.token, 'not.a.token', undefined]) {
        const over = await call(token);
        expectProblem(over, 429, 'REQUEST.RATE_LIMITED');
        expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      }
    });
  });

  async function redisKeys(pattern: string): Promise<string[]> {
    const redis = new Redis(ctx.config.redis.url, { maxRetriesPerRequest: 1 });
    try {
      return await redis.keys(pattern);
    } finally {
      redis.disconnect();
    }
  }
});
