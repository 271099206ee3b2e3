import { Browser, Page } from 'playwright-core';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { launchChromium, people } from './browser-harness';

/**
 * The catalogue's acceptance test in headless Chromium (the Debian package)
 * driven by playwright-core: a verified supplier declares its size and
 * publishes an offering; an anonymous visitor finds it with a quoted phrase
 * and the SME filter, which leaves out a large supplier's matching offering.
 * axe-core (WCAG 2.2 AA rule set) runs on every page visited and each is
 * screenshotted.
 */
const PHRASE = 'tidal harbour telemetry';

jest.setTimeout(120_000);

describe('catalogue in a browser', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let browser: Browser;
  let supplier: TestUser;
  let buyer: TestUser;
  let platformAdmin: TestUser;
  let supplierName: string;
  let largeOfferingTitle: string;
  let offeringTitle: string;
  const { person, check, takeProblems } = people(() => browser, 'catalogue', 10_000);

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    const f = web.factories;
    // A verified supplier with no size declared yet, and a large supplier whose offering also matches the phrase.
    supplierName = `Tidewater Sensors ${Date.now().toString(36)}`;
    supplier = (await f.supplier({ band: null, name: supplierName })).admin;
    const large = await f.supplier({ band: 'large', name: 'Enormous Systems plc' });
    largeOfferingTitle = 'Enterprise port telemetry platform';
    await f.offering({ organisationId: large.organisation.id, lotSlug: 'cloud-hosting', title: largeOfferingTitle, summary: `Global ${PHRASE} at scale for every port.`, priceMin: '9000' });
    buyer = (await f.member('buyer', 'buyer_user')).user;
    platformAdmin = (await f.member('platform', 'platform_admin')).user;
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

  async function submit(page: Page, button: string, url: RegExp | string): Promise<void> {
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
  }

  async function signIn(page: Page, user: TestUser): Promise<void> {
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await submit(page, 'Sign in', /\/account$/);
  }

  it('a verified supplier declares its size and publishes an offering', async () => {
    const { context, page } = await person();
    await signIn(page, supplier);

    await Promise.all([page.waitForURL(/\/supplier\/size$/), page.getByRole('link', { name: 'Size', exact: true }).click()]);
    await page.getByText('Your organisation has not declared its size yet').waitFor();
    await check(page, 'supplier-size');

    // Nothing filled in: the error summary names the fields.
    await submit(page, 'Declare size', /\/supplier\/size$/);
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the number of staff');
    await check(page, 'supplier-size-errors');

    await page.getByLabel('Number of staff').fill('8');
    await page.getByRole('group', { name: 'Annual turnover' }).getByLabel('Amount').fill('900000');
    await page.getByRole('group', { name: 'Annual turnover' }).getByLabel('Currency').selectOption('GBP');
    await page.getByRole('group', { name: 'Balance sheet total' }).getByLabel('Amount').fill('400000');
    await page.getByRole('group', { name: 'Balance sheet total' }).getByLabel('Currency').selectOption('GBP');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('3');
    await page.getByLabel('Year').fill('2025');
    await page.getByLabel('Small', { exact: true }).check();
    await page.getByLabel('Evidence (optional)').fill('Accounts filed at Companies House for the year to 31 March 2025');
    await submit(page, 'Declare size', /\/supplier\/size$/);
    const banner = page.locator('.govuk-notification-banner--success');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Your size band is Micro \(EU Recommendation 2003\/361/);
    expect(await banner.innerText()).toContain('This disagrees with the band you stated (Small)');
    expect(await page.locator('#band-in-force').innerText()).toMatch(/Micro[\s\S]*SME[\s\S]*Not verified yet/);
    await check(page, 'supplier-size-declared');

    await Promise.all([page.waitForURL(/\/supplier\/offerings$/), page.getByRole('link', { name: 'Offerings', exact: true }).click()]);
    await check(page, 'supplier-offerings-empty');
    await Promise.all([page.waitForURL(/\/supplier\/offerings\/new$/), page.getByRole('button', { name: 'Add an offering' }).click()]);
    await check(page, 'supplier-offering-new');

    offeringTitle = 'Harbour sensor data service';
    await page.getByLabel('Lot', { exact: true }).selectOption({ label: 'G-Cloud: Cloud hosting' });
    await page.getByRole('group', { name: 'Cloud hosting categories' }).getByLabel('Logging and analysis').check();
    await page.getByLabel('Title').fill(offeringTitle);
    await page.getByLabel('Summary').fill(`Live ${PHRASE} for small ports and marinas, hosted in the UK.`);
    await page.getByLabel('Description', { exact: true }).fill('Sensors on every pontoon report water levels and vessel movements.\nDashboards and alerts for harbour masters.');
    await page.getByLabel('Features (optional)').fill('Tide gauges\nVessel tracking');
    await page.getByLabel('Benefits (optional)').fill('Safer berthing');
    await page.getByLabel('Minimum price').fill('300');
    await page.getByLabel('Maximum price (optional)').fill('1200');
    await page.getByLabel('Unit').fill('per harbour');
    await page.getByLabel('Interval (optional)').fill('per month');
    await submit(page, 'Save as draft', /\/supplier\/offerings\/[0-9a-f-]{36}$/);
    await page.getByText('Your offering has been saved as a draft').waitFor();
    await check(page, 'supplier-offering-draft');

    await submit(page, 'Publish', /\/supplier\/offerings\/[0-9a-f-]{36}$/);
    await page.getByText('Your offering has been published').waitFor();
    expect(await page.locator('main .govuk-tag').first().innerText()).toBe('Published');
    expect(await page.locator('#versions + table, #versions ~ table').first().innerText()).toContain('Version 1');
    await check(page, 'supplier-offering-published');
    await context.close();
  });

  it('an anonymous visitor finds it with the quoted phrase and the SME filter; the large supplier is left out', async () => {
    const { context, page } = await person();
    await page.goto(`${web.baseUrl}/catalogue`);
    await check(page, 'search');

    await page.getByLabel('Search', { exact: true }).fill(`"${PHRASE}"`);
    await submit(page, 'Search', /\/catalogue\?/);
    await page.getByRole('heading', { name: '2 offerings found' }).waitFor();
    expect(await page.getByRole('link', { name: largeOfferingTitle }).count()).toBe(1);
    await check(page, 'search-phrase');

    await page.getByLabel(/SME suppliers only/).check();
    await submit(page, 'Apply filters', /smeOnly=true/);
    await page.getByRole('heading', { name: '1 offering found' }).waitFor();
    const results = page.locator('.app-search-result');
    expect(await results.count()).toBe(1);
    expect(await results.first().innerText()).toContain(offeringTitle);
    expect(await results.first().innerText()).toContain(supplierName);
    expect(await results.first().innerText()).toContain('Micro SME');
    expect(await page.getByRole('link', { name: largeOfferingTitle }).count()).toBe(0);
    // The matched words of the phrase are marked.
    const marked = await results.first().locator('.app-search-result__summary mark').allInnerTexts();
    expect(marked.map((m) => m.toLowerCase())).toEqual(['tidal', 'harbour', 'telemetry']);
    // Facet counts beside the filters.
    await page.getByLabel('Cloud hosting (1)').waitFor();
    await page.getByLabel('Micro (1)').waitFor();
    await page.getByLabel('Large (0)').waitFor();
    expect(await page.getByLabel(/SME suppliers only \(1\)/).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save this search' }).count()).toBe(0);
    await check(page, 'search-sme-only');

    await Promise.all([page.waitForURL(/\/catalogue\/offerings\/[0-9a-f-]{36}$/), page.getByRole('link', { name: offeringTitle }).click()]);
    await page.getByRole('heading', { name: offeringTitle, level: 1 }).waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/£300 to £1,200 per harbour per month/);
    await check(page, 'offering-public');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('buyers shortlist and save searches; admins verify sizes and manage frameworks (every page accessible)', async () => {
    const { context, page } = await person();
    await signIn(page, buyer);
    await Promise.all([page.waitForURL(/\/buyer\/shortlists$/), page.getByRole('link', { name: 'Shortlists', exact: true }).click()]);
    await page.getByLabel('Name', { exact: true }).fill('Harbour monitoring');
    await submit(page, 'Create shortlist', /\/buyer\/shortlists\/[0-9a-f-]{36}$/);
    await check(page, 'buyer-shortlist-empty');

    await page.goto(`${web.baseUrl}/catalogue?q=${encodeURIComponent(`"${PHRASE}"`)}&smeOnly=true`);
    await page.getByLabel('Name for this search').fill('SME harbour telemetry');
    await submit(page, 'Save this search', /\/catalogue\?/);
    await page.getByText('Your search has been saved').waitFor();
    await check(page, 'search-saved');
    await Promise.all([page.waitForURL(/\/catalogue\/offerings\//), page.getByRole('link', { name: offeringTitle }).click()]);
    await check(page, 'offering-buyer');
    await submit(page, 'Add to shortlist', /\/catalogue\/offerings\//);
    await page.getByText('Added to Harbour monitoring').waitFor();
    await Promise.all([page.waitForURL(/\/buyer\/shortlists$/), page.getByRole('link', { name: 'Shortlists', exact: true }).click()]);
    await check(page, 'buyer-shortlists');
    await Promise.all([page.waitForURL(/\/buyer\/shortlists\/[0-9a-f-]{36}$/), page.getByRole('link', { name: 'Harbour monitoring' }).click()]);
    expect(await page.locator('table').innerText()).toContain(offeringTitle);
    await check(page, 'buyer-shortlist');
    await Promise.all([page.waitForURL(/\/buyer\/saved-searches$/), page.getByRole('link', { name: 'Saved searches', exact: true }).click()]);
    await check(page, 'buyer-saved-searches');
    await Promise.all([page.waitForURL(/smeOnly=true/), page.getByRole('link', { name: 'Run SME harbour telemetry' }).click()]);
    await page.getByRole('heading', { name: '1 offering found' }).waitFor();
    await context.close();

    const admin = await person();
    await signIn(admin.page, platformAdmin);
    await Promise.all([admin.page.waitForURL(/\/admin\/size-declarations$/), admin.page.getByRole('link', { name: 'Size declarations', exact: true }).click()]);
    await check(admin.page, 'admin-size-declarations');
    const row = admin.page.getByRole('row').filter({ hasText: supplierName });
    await submit(admin.page, `Verify ${supplierName}`, /\/admin\/size-declarations$/);
    await admin.page.getByText(`Size declaration of ${supplierName} verified`).waitFor();
    expect(await row.count()).toBe(0);
    await Promise.all([admin.page.waitForURL(/\/admin\/frameworks$/), admin.page.getByRole('link', { name: 'Frameworks', exact: true }).click()]);
    await check(admin.page, 'admin-frameworks');
    await Promise.all([admin.page.waitForURL(/\/lots\/new$/), admin.page.getByRole('link', { name: 'Add a lot to G-Cloud' }).click()]);
    await check(admin.page, 'admin-new-lot');
    await admin.page.goto(`${web.baseUrl}/catalogue?q=${encodeURIComponent(`"${PHRASE}"`)}`);
    await Promise.all([admin.page.waitForURL(/\/catalogue\/offerings\//), admin.page.getByRole('link', { name: offeringTitle }).click()]);
    await check(admin.page, 'offering-admin');
    await admin.context.close();
  });
});
