import { createHash } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { ApiKeysService } from '@app/identity';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { launchChromium, people, signIn as signInAs } from './browser-harness';

/**
 * An organisation admin manages API keys in headless Chromium: from the
 * account page to the (empty) list, the form with its error summary, the
 * page that shows a new key once (not cached), the list without the key, a
 * duplicate name refused, and revoking after a confirmation page — the key
 * working until then and refused afterwards. A supplier user is refused the
 * pages; the form also works with JavaScript off. axe-core (WCAG 2.2 AA rule
 * set) runs on every page visited.
 */
jest.setTimeout(120_000);

const KEY_RE = /^opm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

describe('API keys in a browser', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let browser: Browser;
  let admin: TestUser;
  let colleague: TestUser;
  const { person, check, takeProblems } = people(() => browser, 'api-keys');

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    const { organisation, user } = await web.factories.member('supplier', 'supplier_admin');
    admin = user;
    colleague = await web.factories.user({ organisationId: organisation.id, roles: ['supplier_user'] });
    browser = await launchChromium();
  });

  afterEach(() => {
    expect(takeProblems()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await ctx?.cleanup();
  });

  const signIn = (page: Page, user: TestUser) => signInAs(page, web.baseUrl, user);

  /** Fills in the name and submits; resolves with the POST's response. */
  async function createKey(page: Page, name: string) {
    await page.getByLabel('Create an API key').fill(name);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/account/api-keys/new')),
      page.getByRole('button', { name: 'Create key' }).click(),
    ]);
    await page.waitForLoadState('load');
    return response;
  }

  it('creates a key, shows it once, lists it without it, and revokes it after a confirmation', async () => {
    const keys = web.app.get(ApiKeysService);
    const { context, page } = await person();
    await signIn(page, admin);
    await page.getByRole('link', { name: 'Manage your organisation’s API keys' }).click();
    await page.waitForURL(/\/account\/api-keys$/);
    expect(await page.locator('main').innerText()).toContain('Your organisation has no API keys yet.');
    await check(page, 'list-empty');

    await Promise.all([page.waitForURL(/\/account\/api-keys\/new$/), page.getByRole('button', { name: 'Create an API key' }).click()]);
    await check(page, 'new');

    // Nothing typed: the error summary and the inline message, on the same address, nothing created.
    const empty = await createKey(page, '   ');
    expect(empty.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter a name for the key');
    expect(await page.locator('#name-error').innerText()).toContain('Enter a name for the key');
    await check(page, 'new-errors');

    const created = await createKey(page, 'Open data portal');
    expect(created.status()).toBe(200);
    expect(created.headers()['cache-control']).toBe('no-store');
    await page.locator('.govuk-panel').waitFor();
    expect(await page.locator('.govuk-panel').innerText()).toMatch(/API key created\s+Open data portal/);
    expect(await page.locator('.govuk-warning-text').innerText()).toContain('It will not be shown again');
    const key = (await page.locator('code#api-key').innerText()).trim();
    expect(key).toMatch(KEY_RE);
    await check(page, 'created');
    const principal = await keys.authenticate(key);
    expect(principal).toMatchObject({ name: 'Open data portal', organisationId: admin.organisationId });
    const [stored] = await web.dataSource.query(`SELECT secret_hash FROM identity.api_key WHERE id = $1`, [principal!.keyId]);
    expect(stored.secret_hash).toBe(createHash('sha256').update(key).digest('hex'));

    // The list: name, the prefix, created, last used, status — never the key.
    await page.getByRole('link', { name: 'Go to your API keys' }).click();
    await page.waitForURL(/\/account\/api-keys$/);
    const prefix = key.slice(4, 16);
    const row = page.locator('tbody tr', { hasText: 'Open data portal' });
    const cells = (await row.locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(cells.slice(0, 5)).toEqual(['Open data portal', `opm_${prefix}_…`, expect.stringMatching(/\d{4}/), expect.stringMatching(/\d{4}/), 'Active']);
    expect(await page.content()).not.toContain(key);
    expect(await page.content()).not.toContain(key.slice(17));
    await check(page, 'list');

    // The same name again is refused on the form.
    await page.goto(`${web.baseUrl}/account/api-keys/new`);
    const dup = await createKey(page, 'open data portal');
    expect(dup.status()).toBe(400);
    expect(await page.locator('#name-error').innerText()).toContain('already has a key with this name');
    expect(await page.locator('#name').inputValue()).toBe('open data portal');
    await check(page, 'new-duplicate');

    // Revoking: a confirmation page first, then the list says so, and the key is refused.
    await page.goto(`${web.baseUrl}/account/api-keys`);
    await Promise.all([page.waitForURL(/\/revoke$/), page.getByRole('link', { name: 'Revoke Open data portal' }).click()]);
    expect(await page.locator('h1').innerText()).toBe('Revoke the API key ‘Open data portal’');
    expect(await page.locator('main').innerText()).toContain(`opm_${prefix}_`);
    await check(page, 'revoke');
    expect(await keys.authenticate(key)).not.toBeNull();
    await Promise.all([page.waitForURL(/\/account\/api-keys$/), page.getByRole('button', { name: 'Revoke key' }).click()]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The API key Open data portal has been revoked');
    expect(await page.locator('tbody tr', { hasText: 'Open data portal' }).locator('td').nth(3).innerText()).toBe('Revoked');
    await check(page, 'revoked');
    expect(await keys.authenticate(key)).toBeNull();

    // The confirmation page of a revoked key offers nothing to press.
    await page.goto(`${web.baseUrl}/account/api-keys/${principal!.keyId}/revoke`);
    expect(await page.locator('main').innerText()).toContain('This key was revoked on');
    expect(await page.getByRole('button', { name: 'Revoke key' }).count()).toBe(0);
    await context.close();
  });

  it('refuses the pages to a supplier user, whose account page does not offer them', async () => {
    const { context, page } = await person();
    await signIn(page, colleague);
    expect(await page.getByRole('link', { name: /API keys/ }).count()).toBe(0);
    const res = await page.goto(`${web.baseUrl}/account/api-keys`);
    expect(res?.status()).toBe(403);
    expect((await page.goto(`${web.baseUrl}/account/api-keys/new`))?.status()).toBe(403);
    await context.close();
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, admin);
    await page.goto(`${web.baseUrl}/account/api-keys/new`);
    expect((await createKey(page, 'No script platform')).status()).toBe(200);
    expect((await page.locator('code#api-key').innerText()).trim()).toMatch(KEY_RE);
    await context.close();
  });
});
