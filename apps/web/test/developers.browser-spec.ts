import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Browser, Page } from 'playwright-core';
import { BulkFilesService } from '@app/open-data';
import { ApiTestApp, TestContext, TestUser, WebTestApp, createApiTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { launchChromium, people, signIn as signInAs } from './browser-harness';

/**
 * The public developer page in headless Chromium: reached signed out from
 * the footer, it names the API's address, links to the API reference and the
 * OpenAPI document (every route it names is in that document, served by the
 * real API app), explains X-API-Key, the two rate limits (as configured) and
 * 429 with Retry-After, and says no bulk file exists yet. After the daily
 * build the table lists today's file, its release count, size and SHA-256,
 * and its link downloads that very file from the API. An organisation admin
 * follows "API keys" to the page that manages them (signed out, by way of
 * sign-in). axe-core (WCAG 2.2 AA rule set) runs on every page visited.
 */
jest.setTimeout(120_000);

const RELEASES = 3;

describe('the developer page in a browser', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let api: ApiTestApp;
  let browser: Browser;
  let admin: TestUser;
  let apiUrl: string;
  const { person, check, takeProblems } = people(() => browser, 'developers');

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    api = await createApiTestApp(ctx);
    apiUrl = ctx.config.openData.publicApiUrl;
    admin = (await web.factories.member('supplier', 'supplier_admin')).user;
    browser = await launchChromium();
  });

  afterEach(() => {
    expect(takeProblems()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await web?.close();
    await ctx?.cleanup();
  });

  const signIn = (page: Page, user: TestUser) => signInAs(page, web.baseUrl, user);

  const main = (page: Page) => page.locator('main').innerText().then((t) => t.replace(/\s+/g, ' '));
  const href = (page: Page, name: string) => page.locator('main').getByRole('link', { name, exact: true }).getAttribute('href');

  it('signed out, the footer link leads to the page, which passes axe', async () => {
    const { context, page } = await person();
    await page.goto(`${web.baseUrl}/`);
    const link = page.locator('footer').getByRole('link', { name: 'Open data and API', exact: true });
    expect(await link.count()).toBe(1);
    await Promise.all([page.waitForURL(/\/developers$/), link.click()]);
    await page.getByRole('heading', { name: 'Open data and the API', level: 1 }).waitFor();
    expect(await page.title()).toMatch(/^Open data and the API – /);
    // Signed out: no sign-in is asked for.
    expect(page.url()).toBe(`${web.baseUrl}/developers`);
    await check(page, 'page');
    await context.close();
  });

  it('names the API address, links to the reference and the OpenAPI document, explains keys and limits, and lists no bulk file yet', async () => {
    const { context, page } = await person();
    const response = await page.goto(`${web.baseUrl}/developers`);
    expect(response?.status()).toBe(200);
    const text = await main(page);

    expect(await page.locator('main code', { hasText: `${apiUrl}/api/v1` }).first().innerText()).toBe(`${apiUrl}/api/v1`);
    expect(await href(page, 'API reference')).toBe(`${apiUrl}/api/docs`);
    expect(await href(page, 'OpenAPI document')).toBe(`${apiUrl}/api/docs/openapi.json`);

    // Keys and limits, as configured.
    expect(text).toContain('Send it in the X-API-Key header');
    expect(text).toContain(`curl -H 'X-API-Key: opm_…' '${apiUrl}/api/v1/ocds/releases?from=`);
    expect(text).toContain(`up to ${ctx.config.api.rateLimitPerMinute} requests a minute to each route from one address`);
    expect(text).toContain(`its own limit of ${ctx.config.api.apiKeyRateLimitPerMinute} requests a minute`);
    expect(text).toContain('429 Too Many Requests with a Retry-After header giving the seconds to wait');
    expect(text).toContain('A revoked or unknown key is refused with 401');
    expect(text).toContain(`Open contracting ids start with ${ctx.config.openData.ocidPrefix}-`);

    // No bulk file yet.
    expect(await page.locator('#bulk + p').innerText()).toContain('No bulk file has been written yet');
    expect(await page.locator('main table').count()).toBe(0);
    await check(page, 'no-bulk-file');

    // The OpenAPI document the page links to is the API's, and it has every route the page names.
    const docs = await api.http.get('/api/docs/openapi.json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths);
    const named = [
      '/api/v1/ocds/releases',
      '/api/v1/ocds/releases/{releaseId}',
      '/api/v1/ocds/records/{ocid}',
      '/api/v1/ocds/bulk',
      '/api/v1/ocds/bulk/{day}',
      '/api/v1/reports/sme-share',
      '/api/v1/reports/sme-share/lines',
      '/api/v1/reports/scorecards',
      '/api/v1/reports/funnel',
      '/api/v1/offerings',
      '/api/v1/frameworks',
      '/api/v1/requirements',
      '/api/v1/contracts',
    ];
    for (const p of named) expect([p, paths.includes(p)]).toEqual([p, true]);
    for (const p of named.filter((n) => !n.includes('{day}'))) {
      const shown = p.replace('/api/v1/reports/', '/').replace(/^\/api\/v1\/(offerings|frameworks|requirements|contracts)$/, '/$1');
      expect([p, text.includes(shown)]).toEqual([p, true]);
    }
    // Signed out, each of those is readable without a key or a token.
    for (const p of ['/api/v1/ocds/releases', '/api/v1/ocds/bulk', '/api/v1/reports/sme-share', '/api/v1/offerings', '/api/v1/frameworks', '/api/v1/requirements', '/api/v1/contracts']) {
      expect([p, (await api.http.get(p)).status]).toEqual([p, 200]);
    }

    // What it says of ETags holds for the OCDS routes, and only those.
    expect(text).toContain('The OCDS responses (release packages, records, the list of bulk files and the files themselves) carry an ETag');
    const releases = await api.http.get('/api/v1/ocds/releases');
    expect(releases.headers.etag).toMatch(/^".+"$/);
    expect((await api.http.get('/api/v1/ocds/releases').set('If-None-Match', releases.headers.etag)).status).toBe(304);
    expect((await api.http.get('/api/v1/frameworks')).headers.etag).toBeUndefined();

    // The page's own links answer (the API keys one by way of sign-in).
    const local = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(local).toEqual(expect.arrayContaining(['/register', '/account/api-keys']));
    for (const l of local) expect([l, (await page.request.get(`${web.baseUrl}${l}`)).status()]).toEqual([l, 200]);
    await context.close();
  });

  it('after the daily build, the table lists today’s file with its release count, and its link downloads that file', async () => {
    for (let i = 1; i <= RELEASES; i++) {
      const ocid = `${ctx.config.openData.ocidPrefix}-${randomUUID()}`;
      const release = { ocid, id: `${ocid}-tender-${i}`, date: `2026-0${i}-01T09:00:00Z`, tag: ['tender'], initiationType: 'tender' };
      await web.dataSource.query(`INSERT INTO open_data.release (id, ocid, date, tags, release) VALUES ($1, $2, $3, $4, $5::json)`, [
        release.id,
        ocid,
        release.date,
        release.tag,
        JSON.stringify(release),
      ]);
    }
    const today = () => new Date().toISOString().slice(0, 10);
    const before = today();
    const built = await web.app.get(BulkFilesService).build();
    expect(built).toMatchObject({ releases: RELEASES, fileName: `ocds-releases-${built.day}.json.gz` });
    expect([before, today()]).toContain(built.day);

    const { context, page } = await person();
    await page.goto(`${web.baseUrl}/developers`);
    const table = page.locator('main table');
    expect(await table.locator('caption').innerText()).toBe('Daily files, newest first');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['File', 'Releases', 'Size', 'SHA-256']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = (await rows.first().locator('th, td').allInnerTexts()).map((c) => c.trim());
    expect(cells).toEqual([built.fileName, String(RELEASES), `${Math.max(1, Math.round(built.bytes / 1024))} KB`, built.sha256]);
    const link = rows.first().getByRole('link', { name: built.fileName, exact: true });
    expect(await link.getAttribute('href')).toBe(`${apiUrl}/api/v1/ocds/bulk/${built.day}`);
    expect(await main(page)).not.toContain('No bulk file has been written yet');
    await check(page, 'bulk-file');
    await context.close();

    // The link's path on the API serves the file the row describes.
    const file = await api.http
      .get(`/api/v1/ocds/bulk/${built.day}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    const bytes = file.body as Buffer;
    expect(bytes.length).toBe(built.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(built.sha256);
    expect(JSON.parse(gunzipSync(bytes).toString('utf8')).releases).toHaveLength(RELEASES);
    expect((await api.http.get(`/api/v1/ocds/bulk/${built.day}`).set('If-None-Match', `"${built.sha256}"`)).status).toBe(304);
  });

  it('an organisation admin follows “API keys” from the page to the page that manages them; signed out, by way of sign-in', async () => {
    const { context, page } = await person();
    await signIn(page, admin);
    await page.goto(`${web.baseUrl}/developers`);
    await check(page, 'signed-in');
    await Promise.all([page.waitForURL(/\/account\/api-keys$/), page.locator('main').getByRole('link', { name: 'API keys', exact: true }).click()]);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    expect(await main(page)).toContain(`Each key may make up to ${ctx.config.api.apiKeyRateLimitPerMinute} requests a minute`);
    await check(page, 'api-keys');
    await context.close();

    const anonymous = await person();
    await anonymous.page.goto(`${web.baseUrl}/developers`);
    await Promise.all([
      anonymous.page.waitForURL(/\/sign-in\?returnTo=%2Faccount%2Fapi-keys$/),
      anonymous.page.locator('main').getByRole('link', { name: 'API keys', exact: true }).click(),
    ]);
    await check(anonymous.page, 'sign-in');
    await anonymous.page.getByLabel('Email address').fill(admin.email);
    await anonymous.page.locator('#password').fill(admin.password);
    await Promise.all([anonymous.page.waitForURL(/\/account\/api-keys$/), anonymous.page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await anonymous.page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await anonymous.context.close();
  });
});
