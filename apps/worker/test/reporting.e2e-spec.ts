import { gunzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { ApiTestApp, TestContext, WorkerProcess, createApiTestApp, createTestContext, startWorker, testRedisUrl, waitFor } from '@app/testing';

/**
 * SME reporting through the real worker process, API, Postgres and Redis: an award reaches
 * the rollups through the outbox; a cancelled contract drops out of its period on the next
 * run while the earlier snapshot keeps the earlier figure; a worker killed (kill -9) in the
 * middle of a recompute leaves rollups that equal a full recompute once a new worker has
 * taken the stalled job up again.
 */
describe('SME reporting (worker)', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let worker: WorkerProcess;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ctx = await createTestContext({ OUTBOX_POLL_MS: '50', JOB_LOCK_MS: '2000' });
    api = await createApiTestApp(ctx);
    worker = await startWorker(ctx.config);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await ctx?.cleanup();
  });

  const headline = async (extra = '&period=month') => {
    const res = await api.http.get(`/api/v1/reports/sme-share?basis=award&by=period${extra}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const snapshots = async () => (await api.http.get('/api/v1/reports/snapshots?limit=100')).body.items as { id: string; driftRows: number; snapshotAt: string }[];

  async function recomputeNow(token: string): Promise<{ id: string; driftRows: number }> {
    const before = (await snapshots()).length;
    const res = await api.http.post('/api/v1/reports/recompute').set(bearer(token));
    expect(res.status).toBe(202);
    await waitFor('the recompute to store a snapshot', async () => (await snapshots()).length > before, 30_000);
    return (await snapshots())[0];
  }

  async function directAward(buyerToken: string, offeringId: string, value: string): Promise<string> {
    const list = await api.http.post('/api/v1/shortlists').set(bearer(buyerToken)).send({ name: `Reporting ${offeringId.slice(0, 8)}` });
    expect(list.status).toBe(201);
    expect((await api.http.post(`/api/v1/shortlists/${list.body.id}/items`).set(bearer(buyerToken)).send({ offeringId })).status).toBe(201);
    const res = await api.http.post('/api/v1/direct-awards').set(bearer(buyerToken)).send({ shortlistId: list.body.id, outcome: 'awarded', offeringId, value });
    expect(res.status).toBe(201);
    return res.body.contract.id;
  }

  it('brings awards into the rollups, restates a cancelled one, and keeps the earlier snapshot', async () => {
    const micro = await api.factories.supplier({ band: 'micro' });
    const large = await api.factories.supplier({ band: 'large' });
    const microOffering = await api.factories.offering({ organisationId: micro.organisation.id, status: 'published' });
    const largeOffering = await api.factories.offering({ organisationId: large.organisation.id, status: 'published' });
    const { user: buyerAdmin } = await api.factories.member('buyer', 'buyer_admin');
    const buyer = await api.signIn(buyerAdmin.email, buyerAdmin.password);
    const { user: analystUser } = await api.factories.member('platform', 'analyst');
    const analyst = await api.signIn(analystUser.email, analystUser.password);

    await directAward(buyer.accessToken, microOffering, '30000.00');
    await waitFor('the first award in the rollups', async () => (await headline()).headline.lines === 1, 15_000);
    const largeContract = await directAward(buyer.accessToken, largeOffering, '90000.00');
    await waitFor('the second award in the rollups', async () => (await headline()).headline.lines === 2, 15_000);
    const both = (await headline()).headline;
    expect(both.valueShare).toBeCloseTo(30000 / 120000, 9);
    expect(both.countShare).toBeCloseTo(0.5, 9);
    const snapshot = await recomputeNow(analyst.accessToken);
    expect(snapshot.driftRows).toBe(0);

    const cancelled = await api.http.post(`/api/v1/contracts/${largeContract}/cancel`).set(bearer(buyer.accessToken)).send({ reason: 'The award was set aside on review.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await waitFor('the cancellation to restate the period', async () => (await headline()).headline.lines === 1, 15_000);
    expect((await headline()).headline.valueShare).toBe(1);
    const next = await recomputeNow(analyst.accessToken);
    expect(next.driftRows).toBe(0);
    const earlier = await headline(`&period=month&snapshot=${snapshot.id}`);
    expect(earlier.snapshot.id).toBe(snapshot.id);
    expect(earlier.headline.valueShare).toBeCloseTo(both.valueShare, 12);
    expect(earlier.headline.lines).toBe(2);
  });

  it('publishes each award and the cancellation as OCDS releases through the same outbox', async () => {
    // The direct awards and the cancellation above: award+contract releases, then awardCancellation.
    const tags = async () => {
      const res = await api.http.get('/api/v1/ocds/releases?limit=100');
      expect(res.status).toBe(200);
      return (res.body.releases as { tag: string[] }[]).map((r) => r.tag.join('+'));
    };
    await waitFor('three releases published by the worker', async () => (await tags()).length === 3, 15_000);
    expect((await tags()).sort()).toEqual(['award+contract', 'award+contract', 'awardCancellation']);
    // The daily bulk job is scheduled at the worker's start and first runs at once: a file the API serves.
    const listed = async () => (await api.http.get('/api/v1/ocds/bulk')).body.items as { day: string; releases: number }[];
    await waitFor('the daily bulk file', async () => (await listed()).length === 1, 15_000);
    const day = (await listed())[0].day;
    const file = await api.http.get(`/api/v1/ocds/bulk/${day}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/gzip');
    expect(JSON.parse(gunzipSync(file.body as Buffer).toString('utf8'))).toMatchObject({ version: '1.1', publisher: { name: ctx.config.openData.publisherName } });
  });

  it('applies a size correction through the outbox: the line moves band and the rollups follow', async () => {
    const { user: adminUser } = await api.factories.member('platform', 'platform_admin');
    const admin = await api.signIn(adminUser.email, adminUser.password);
    const lines = (await api.http.get('/api/v1/reports/sme-share/lines?basis=award')).body.items as { reportedContractId: string; supplierKey: string; sizeBand: string }[];
    const micro = lines.find((l) => l.sizeBand === 'micro')!;
    expect(micro).toBeDefined();
    const bad = await api.http.post(`/api/v1/reports/contracts/${micro.reportedContractId}/size-corrections`).set(bearer(admin.accessToken)).send({ supplierKey: micro.supplierKey, band: 'huge', reason: 'x' });
    expect(bad.status).toBe(400);
    const res = await api.http
      .post(`/api/v1/reports/contracts/${micro.reportedContractId}/size-corrections`)
      .set(bearer(admin.accessToken))
      .send({ supplierKey: micro.supplierKey, band: 'large', reason: 'Part of a large group: the declaration missed its parent.' });
    expect(res.status).toBe(202);
    await waitFor('the correction to reach the rollups', async () => (await headline()).headline.countShare === 0, 15_000);
    // The open data says so too: an awardUpdate release whose supplier now carries the corrected scale.
    const updates = async () =>
      ((await api.http.get('/api/v1/ocds/releases?limit=100')).body.releases as { tag: string[]; parties: { roles: string[]; details?: { scale: string } }[] }[]).filter((r) =>
        r.tag.includes('awardUpdate'),
      );
    await waitFor('the awardUpdate release', async () => (await updates()).length === 1, 15_000);
    expect((await updates())[0].parties.filter((p) => p.roles.includes('supplier')).map((p) => p.details?.scale)).toEqual(['large']);
    const byBand = (await api.http.get('/api/v1/reports/sme-share?basis=award&by=band')).body.rows as { key: string }[];
    expect(byBand.map((r) => r.key)).toEqual(['large']);
  });

  it('after kill -9 during a recompute, a new worker finishes it and the rollups equal a full recompute', async () => {
    const sql = new Client({ connectionString: ctx.databaseUrl });
    await sql.connect();
    try {
      // Enough raw lines for the recompute to take a moment: 300,000 award lines over 3 years.
      await sql.query(`INSERT INTO reporting.buyer (buyer_key, name, sector) VALUES ('bench:b', 'Bulk Borough Council', 'local') ON CONFLICT DO NOTHING`);
      await sql.query(`INSERT INTO reporting.source_contract (id, source_key, source, status, is_framework, buyer_key, date_basis, supplier_count, content_hash)
        SELECT md5('c' || g)::uuid, 'bulk:' || g, 'ocds', 'active', false, 'bench:b', 'award', 1, repeat('0', 64) FROM generate_series(1, 300000) g`);
      await sql.query(`INSERT INTO reporting.award_line (contract_id, line_no, supplier_key, supplier_name, size_band, source_band, weight, amount, currency, amount_gbp,
          award_date, month, buyer_key, buyer_sector, framework, lot, category)
        SELECT md5('c' || g)::uuid, 1, 's' || (g % 500), 'Supplier ' || (g % 500), (ARRAY['micro','small','medium','large','unknown'])[1 + g % 5],
               (ARRAY['micro','small','medium','large','unknown'])[1 + g % 5], 1, g % 10000, 'GBP', g % 10000,
               date '2022-04-01' + (g % 1095), date_trunc('month', date '2022-04-01' + (g % 1095))::date, 'bench:b', 'local', 'F' || (g % 7), 'L' || (g % 11), 'C' || (g % 13)
          FROM generate_series(1, 300000) g`);
      // The lines went in behind the rollups' back: the recompute has real drift to repair.
      const { user: analystUser } = await api.factories.member('platform', 'analyst');
      const analyst = await api.signIn(analystUser.email, analystUser.password);
      const redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
      const queue = new Queue('reporting', { connection: redis, prefix: ctx.redisPrefix });
      try {
        const before = (await snapshots()).length;
        expect((await api.http.post('/api/v1/reports/recompute').set(bearer(analyst.accessToken))).status).toBe(202);
        await waitFor(
          'the recompute to be under way',
          async () => {
            const active = await queue.getJobs(['active']);
            return active.some((j) => j.name === 'reporting.recompute-sme-share' && typeof j.progress === 'object' && (j.progress as { pct: number }).pct >= 10);
          },
          30_000,
        );
        await worker.kill();
        expect((await snapshots()).length).toBe(before); // nothing of the killed run was kept
        worker = await startWorker(ctx.config);
        await waitFor('the stalled recompute to be run again and finish', async () => (await snapshots()).length > before, 60_000);
        const run = (await snapshots())[0];
        expect(run.driftRows).toBeGreaterThan(0);
      } finally {
        await queue.close();
        redis.disconnect();
      }
      // A further full recompute finds nothing to repair: the rollups equal the sums of the raw lines.
      const [{ outbox }] = (await sql.query(`SELECT count(*)::int AS outbox FROM queue.outbox_event WHERE relayed_at IS NULL`)).rows;
      expect(outbox).toBe(0);
      const { user: admin } = await api.factories.member('platform', 'platform_admin');
      const token = (await api.signIn(admin.email, admin.password)).accessToken;
      const check = await recomputeNow(token);
      expect(check.driftRows).toBe(0);
      const h = (await headline('&period=fy')).headline;
      expect(h.lines).toBe(300000 + 1);
    } finally {
      await sql.end();
    }
    // The whole of it: loading 600,000 rows, then the waits above (30 s + 60 s + the check's 30 s).
  }, 180_000);
});
