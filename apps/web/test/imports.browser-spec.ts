import path from 'node:path';
import { Browser } from 'playwright-core';
import { TestContext, TestUser, WebTestApp, WorkerProcess, createTestContext, createWebTestApp, describeWithFixtures, startWorker } from '@app/testing';
import { launchChromium, people } from './browser-harness';

jest.setTimeout(180_000);

/**
 * A platform admin imports a published OCDS file in headless Chromium with the real worker
 * process: the upload form, the progress page following the job by script until it is done,
 * the dashboard showing the imported awards; a missing file is an error summary. axe-core on
 * every page.
 */
describeWithFixtures('admin imports in a browser', (dir) => {
  let ctx: TestContext;
  let web: WebTestApp;
  let worker: WorkerProcess;
  let browser: Browser;
  let admin: TestUser;
  const { person, check, takeProblems } = people(() => browser, 'imports', 30_000);

  beforeAll(async () => {
    ctx = await createTestContext({ OUTBOX_POLL_MS: '50' });
    web = await createWebTestApp(ctx);
    worker = await startWorker(ctx.config);
    admin = (await web.factories.member('platform', 'platform_admin')).user;
    browser = await launchChromium();
  });

  afterEach(() => {
    expect(takeProblems()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await web?.close();
    await ctx?.cleanup();
  });

  it('uploads an OCDS file, follows the import to done, and the dashboard shows its awards', async () => {
    const { context, page } = await person();
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(admin.email);
    await page.locator('#password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Imports' }).first().click();
    await check(page, 'list');

    await page.getByRole('button', { name: 'Upload and import' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose a file to import');
    await check(page, 'missing-file');

    await page.setInputFiles('#file', path.join(dir, 'contracts-finder-2025-releases.json'));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
    await check(page, 'progress');
    // The page's script follows the job and reloads when it is done.
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-field="status"]')?.textContent === 'done', undefined, { timeout: 60_000 }); // eslint-disable-line @typescript-eslint/no-explicit-any
    await page.waitForLoadState('load');
    expect(await page.locator('[data-field="imported"]').innerText()).toBe('141');
    expect(await page.locator('#import-bar').getAttribute('value')).toBe('100');
    await check(page, 'done');

    await page.goto(`${web.baseUrl}/reports?by=sector`);
    const headline = await page.locator('main').innerText();
    expect(headline).toMatch(/Contracts awarded[\s\S]*SME share by count\s*36\.8%/);
    await check(page, 'dashboard');
    await context.close();
  });
});
