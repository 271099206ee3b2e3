import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { InvitationsService } from '@app/identity';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { CHROMIUM_ARGS, SCREENSHOTS, axeViolations, chromiumPath } from './browser-harness';

/**
 * The web app in headless Chromium (the Debian package) driven by
 * playwright-core: the main journeys end to end, with axe-core (WCAG 2.2 AA
 * rule set) on every page visited and a full-page screenshot of each.
 */
const PASSWORD = 'a long and memorable passphrase';

jest.setTimeout(120_000);

describe('web app in a browser', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let browser: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let platformAdmin: TestUser;
  const problems: string[] = [];
  const checked: string[] = [];
  const unique = Date.now().toString(36);

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    platformAdmin = (await web.factories.member('platform', 'platform_admin')).user;
    mkdirSync(SCREENSHOTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'opm-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 800 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    // A CSP violation or script error on any page fails the run (see afterEach).
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  });

  afterEach(() => {
    // 4xx pages are expected in some steps; the browser logs them as resource errors.
    const real = problems.splice(0).filter((p) => !/Failed to load resource: the server responded with a status of (4\d\d)/.test(p));
    expect(real).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await web?.close();
    await ctx?.cleanup();
  });

  /**
   * Every page visited goes through here: GOV.UK Frontend's JavaScript ran
   * (under the CSP), no crown or GDS Transport, axe finds nothing, and a
   * full-page screenshot is saved as `<name>.png`.
   */
  async function check(name: string): Promise<void> {
    await page.waitForLoadState('load');
    // Callbacks run in the page (`globalThis` is its window; the spec is compiled without the DOM lib).
    const look = await page.evaluate(() => {
      const w = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const doc = w.document;
      return {
        frontendSupported: doc.body.classList.contains('govuk-frontend-supported'),
        crown: !!doc.querySelector('.govuk-logo, .govuk-header__logotype, .govuk-footer__crown'),
        font: w.getComputedStyle(doc.body).fontFamily,
        header: w.getComputedStyle(doc.querySelector('.app-header')).backgroundColor,
        headerText: doc.querySelector('.govuk-generic-header__homepage-link')?.textContent?.trim(),
      };
    });
    expect(look).toEqual({
      frontendSupported: true,
      crown: false,
      font: expect.not.stringContaining('GDS Transport'),
      header: 'rgb(29, 112, 184)',
      headerText: ctx.config.app.serviceName,
    });
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    checked.push(name);
  }

  async function submit(button: string, url: RegExp | string): Promise<void> {
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
  }

  async function signIn(email: string, password: string): Promise<void> {
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await submit('Sign in', /\/account$/);
  }

  async function signOut(): Promise<void> {
    await submit('Sign out', `${web.baseUrl}/`);
    await expect(page.getByText('You have been signed out')).resolves;
  }

  it('(a) a buyer with a gov.uk address registers and is verified at once', async () => {
    await page.goto(`${web.baseUrl}/`);
    await check('home');
    await Promise.all([page.waitForURL(/\/register$/), page.getByRole('button', { name: 'Register your organisation' }).click()]);
    await check('register');

    // Nothing filled in: the error summary and inline messages (still accessible).
    await submit('Register', /\/register$/);
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await check('register-errors');

    await page.getByLabel('A public-sector buyer').check();
    await page.getByLabel('Organisation name').fill(`Leeds City Council ${unique}`);
    await page.getByLabel('Full name').fill('Bea Buyer');
    await page.getByLabel('Email address').fill(`bea.${unique}@leeds.gov.uk`);
    await page.getByLabel('Create a password').fill(PASSWORD);
    await submit('Register', /\/register\/confirmation$/);
    await page.getByRole('heading', { name: 'Your organisation is verified' }).waitFor();
    await check('register-confirmation-verified');

    await page.goto(`${web.baseUrl}/account`);
    expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/Organisation status\s+Verified/);
    await check('account-buyer');
    await signOut();
  });

  it('(b) a supplier registers, waits, is verified by a platform admin, and then shows as verified', async () => {
    const orgName = `Acme Digital ${unique}`;
    const email = `sam.${unique}@acme.example`;
    await page.goto(`${web.baseUrl}/register`);
    await page.getByLabel('A supplier').check();
    await page.getByLabel('Organisation name').fill(orgName);
    await page.getByLabel('Full name').fill('Sam Supplier');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Create a password').fill(PASSWORD);
    await submit('Register', /\/register\/confirmation$/);
    await page.getByRole('heading', { name: 'Your organisation is pending verification by a platform admin' }).waitFor();
    await check('register-confirmation-pending');
    await page.goto(`${web.baseUrl}/account`);
    expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/Organisation status\s+Pending verification/);
    await check('account-supplier-pending');
    await signOut();

    await page.goto(`${web.baseUrl}/sign-in`);
    await check('sign-in');
    await signIn(platformAdmin.email, platformAdmin.password);
    await check('account-platform-admin');
    await Promise.all([page.waitForURL(/\/admin\/organisations$/), page.getByRole('link', { name: 'Verify organisations' }).click()]);
    await check('admin-organisations');
    const row = page.getByRole('row').filter({ hasText: orgName });
    await Promise.all([page.waitForURL(/\/admin\/organisations\?status=pending$/), row.getByRole('button', { name: `Verify ${orgName}` }).click()]);
    await page.getByText(`${orgName} has been verified`).waitFor();
    await check('admin-organisations-after-verify');
    await page.getByRole('link', { name: 'Verified', exact: true }).click();
    await page.getByRole('row').filter({ hasText: orgName }).waitFor();
    await check('admin-organisations-verified-tab');
    await page.goto(`${web.baseUrl}/admin/users?q=${encodeURIComponent(email)}`);
    await page.getByRole('cell', { name: email }).waitFor();
    await check('admin-users');
    await signOut();

    await signIn(email, PASSWORD);
    expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/Organisation status\s+Verified/);
    await check('account-supplier-verified');
  });

  it('(c) an organisation admin invites a colleague, who accepts the link and is signed in', async () => {
    // Still signed in as the supplier admin from (b).
    await Promise.all([page.waitForURL(/\/organisation\/users$/), page.getByRole('link', { name: 'Organisation users' }).click()]);
    await check('organisation-users');
    const invitee = `colleague.${unique}@acme.example`;
    await page.getByLabel('Email address').fill(invitee);
    await page.getByLabel('Supplier user').check();
    await submit('Send invitation', /\/organisation\/users$/);
    await page.getByText(`We have sent an invitation to ${invitee}.`).waitFor();
    await check('organisation-users-invited');

    const [{ id }] = await web.dataSource.query(`SELECT id FROM identity.invitation WHERE email = $1`, [invitee]);
    const link = new URL(web.app.get(InvitationsService).linkFor(id));
    await signOut();

    await page.goto(`${web.baseUrl}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: /^Join Acme Digital/ }).waitFor();
    await check('accept-invitation');
    await page.getByLabel('Full name').fill('Chris Colleague');
    await page.getByLabel('Create a password').fill(PASSWORD);
    await submit('Create account', /\/account$/);
    await page.getByText(/Welcome to Acme Digital/).waitFor();
    const summary = await page.locator('.govuk-summary-list').innerText();
    expect(summary).toContain(invitee);
    expect(summary).toContain('Supplier user');
    await check('account-invited-user');

    // The link works once.
    await page.goto(`${web.baseUrl}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await check('invitation-used');
  });

  it('(d) changing the password ends the old session', async () => {
    // Signed in as the invited user from (c).
    await page.goto(`${web.baseUrl}/account`);
    const before = (await browser.cookies()).find((c) => c.name === 'opm.sid')!;
    expect(before.httpOnly).toBe(true);
    expect(before.sameSite).toBe('Lax');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('an entirely different passphrase');
    await submit('Change password', /\/account$/);
    await page.getByText('Your password has been changed').waitFor();
    await check('account-password-changed');
    const after = (await browser.cookies()).find((c) => c.name === 'opm.sid')!;
    expect(after.value).not.toBe(before.value);

    // The cookie from before the change no longer signs anyone in.
    const replay = await fetch(`${web.baseUrl}/account`, { headers: { cookie: `opm.sid=${before.value}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/sign-in?returnTo=%2Faccount');
    // This browser carries on with its new session.
    await page.goto(`${web.baseUrl}/account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  it('shows GOV.UK error pages for a missing page and a forbidden one', async () => {
    await page.goto(`${web.baseUrl}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await check('error-not-found');
    await page.goto(`${web.baseUrl}/admin/organisations`);
    await page.getByRole('heading', { name: 'You cannot see this page' }).waitFor();
    await check('error-forbidden');
    await signOut();
    await page.goto(`${web.baseUrl}/account`);
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
    await check('sign-in-return-to');
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });
});
