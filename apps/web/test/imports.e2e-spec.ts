import path from 'node:path';
import request from 'supertest';
import { TestContext, WebTestApp, WorkerProcess, createTestContext, createWebTestApp, describeWithFixtures, startWorker, waitFor } from '@app/testing';
import { WebClient, csrfTokenIn } from './web-client';

/**
 * The admin import pages over HTTP against real Postgres, Redis and the worker process: a
 * platform admin uploads a published OCDS file (multipart, CSRF-checked), the worker imports it
 * with progress, and the dashboards' figures follow; missing files and bad rates are named
 * errors; nobody else may upload.
 */
describeWithFixtures('admin imports (e2e)', (dir) => {
  let ctx: TestContext;
  let web: WebTestApp;
  let worker: WorkerProcess;
  let admin: WebClient;

  beforeAll(async () => {
    ctx = await createTestContext({ OUTBOX_POLL_MS: '50' });
    web = await createWebTestApp(ctx);
    worker = await startWorker(ctx.config);
    const { user } = await web.factories.member('platform', 'platform_admin');
    admin = new WebClient(web.baseUrl);
    await admin.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await worker?.stop();
    await web?.close();
    await ctx?.cleanup();
  });

  const upload = async (client: WebClient, file: string | null, fields: Record<string, string> = {}) => {
    const token = csrfTokenIn((await client.get('/admin/imports')).text);
    let req = request(web.baseUrl).post('/admin/imports').set('Cookie', client.cookie ?? '').field('_csrf', token);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file);
    return req;
  };

  it('uploads an OCDS release package, follows the job to done, and the report shows the awards', async () => {
    const res = await upload(admin, path.join(dir, 'contracts-finder-2025-releases.json'), { kind: 'auto' });
    expect(res.status).toBe(303);
    const page = res.headers.location as string;
    expect(page).toMatch(/^\/admin\/imports\/[0-9a-f-]{36}$/);
    const first = await admin.get(page);
    expect(first.text).toContain('contracts-finder-2025-releases.json is queued for import');
    expect(first.text).toMatch(/<progress id="import-bar"[^>]*max="100"/);
    await waitFor('the import to finish', async () => JSON.parse((await admin.get(`${page}/progress`)).text).status === 'done', 60_000);
    const progress = JSON.parse((await admin.get(`${page}/progress`)).text);
    expect(progress).toMatchObject({ status: 'done', percent: 100, unitsRead: 200, imported: 141, problemCount: 0 });
    const done = await admin.get(page);
    expect(done.text).toContain('Done');
    const [{ n }] = await web.dataSource.query(`SELECT count(*)::int AS n FROM reporting.source_contract WHERE source = 'ocds'`);
    expect(n).toBe(141);
  });

  it('names the missing file, and bad exchange rates, and changes nothing', async () => {
    const [{ runs }] = await web.dataSource.query(`SELECT count(*)::int AS runs FROM reporting.import_run`);
    const none = await upload(admin, null, { kind: 'auto' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('govuk-error-summary');
    expect(none.text).toMatch(/<a href="#file">\s*Choose a file to import/);
    expect((await web.dataSource.query(`SELECT count(*)::int AS runs FROM reporting.import_run`))[0].runs).toBe(runs);

    const bad = await admin.post('/admin/fx-rates', { csv: 'currency,valid_from,gbp_per_unit\nEURO,2024-13-01,-1\n' }, { csrfFrom: '/admin/imports' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<a href="#csv">\s*Row 2: currency/);
    const good = await admin.post('/admin/fx-rates', { csv: 'currency,valid_from,gbp_per_unit\nEUR,2024-04-01,0.8550\n', source: 'test' }, { csrfFrom: '/admin/imports' });
    expect(good.status).toBe(303);
    const [rate] = await web.dataSource.query(`SELECT gbp_per_unit::text AS r FROM reporting.fx_rate WHERE currency = 'EUR' AND valid_from = '2024-04-01'`);
    expect(rate.r).toBe('0.8550000000');
  });

  it('refuses uploads from anyone but a platform admin, and without the CSRF token', async () => {
    const supplier = await web.factories.supplier({ band: 'small' });
    const c = new WebClient(web.baseUrl);
    await c.signIn(supplier.admin.email, supplier.admin.password);
    const page = await c.get('/admin/imports');
    expect([403, 404]).toContain(page.status);
    const noToken = await request(web.baseUrl).post('/admin/imports').set('Cookie', admin.cookie ?? '').attach('file', path.join(dir, '277004.json'));
    expect(noToken.status).toBe(403);
    const anonymous = await request(web.baseUrl).post('/admin/imports').attach('file', path.join(dir, '277004.json'));
    expect([302, 303, 401, 403]).toContain(anonymous.status);
  });
});
