import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { SmeLedgerService, SmeRecomputeService, SourceContract, SpendLineInput } from '@app/reporting';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { launchChromium, people, signIn as signInAs } from './browser-harness';

/**
 * The SME-share pages in headless Chromium: awards and spend lines are fed
 * through the real reporting ledger (as the importers and the award flow
 * do), then an analyst reads the dashboard — headline shares on both bases
 * with coverage, greyed shares with the reason, the chart and the table
 * agreeing — changes the filters, gets the error summary for a bad one,
 * drills down from a breakdown row to its lines, downloads the CSV, and
 * reads the funnel, the scorecards and the stored recomputes. The public
 * summary is read signed out; a supplier is refused the analysts' pages.
 * axe-core (WCAG 2.2 AA rule set) runs on every page visited.
 *
 * The awards (target 33%):
 *   C1 2024-05-10 Anytown (local)    £900, small + large (half each)
 *   C2 2024-08-01 Cabinet (central)  £1,000, micro
 *   C3 2025-01-15 Cabinet (central)  £3,000, large
 *   C4 2025-02-10 Anytown (local)    £600, medium
 *   C5 2025-06-01 Hospital (health)  £500, unknown size
 *   C6 2025-07-01 Hospital (health)  £200, small
 * so all time: by count SME 3.5 of 5 known (70.0%), coverage 5 of 6 (83.3%);
 * by value £2,250 of £5,700 (39.5%), coverage £5,700 of £6,200 (91.9%).
 * FY2024-25: 62.5% and 37.3%, full coverage; FY2025-26: 100% on 50% and
 * 28.6% coverage, greyed. Spend: SME £100, large £300, unknown £50: by count
 * 50.0% on 66.7% coverage (greyed), by value 25.0% on 88.9%.
 */
jest.setTimeout(180_000);

const BUYERS = {
  a: { key: 'buyer:anytown', name: 'Anytown Borough Council', sector: 'local' as const },
  b: { key: 'buyer:cabinet', name: 'Cabinet Office', sector: 'central' as const },
  c: { key: 'buyer:hospital', name: 'Northshire Hospitals NHS Trust', sector: 'health' as const },
};

const contract = (n: number, buyer: SourceContract['buyer'], date: string, amount: string, suppliers: SourceContract['suppliers']): SourceContract => ({
  sourceKey: `ocds:ocds-test-${n}/1`,
  source: 'ocds',
  ocid: `ocds-test-${n}`,
  title: `Test award C${n}`,
  status: 'active',
  isFramework: false,
  buyer,
  framework: 'G-Cloud 14',
  lot: 'Cloud hosting',
  category: null,
  amount,
  currency: 'GBP',
  dates: { award: date, publication: `${date}T12:00:00Z`, signature: null },
  suppliers,
});

const spend = (n: number, band: SpendLineInput['band'], amount: string): SpendLineInput => ({
  sourceKey: `test-spend:${n}`,
  supplierName: `Spend supplier ${n}`,
  band,
  buyerName: 'Cabinet Office',
  sector: 'central',
  framework: 'G-Cloud',
  lot: 'Cloud hosting',
  month: '2024-06-01',
  amount,
  currency: 'GBP',
  description: `Invoice ${n}`,
});

describe('SME share reports in a browser', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let browser: Browser;
  let analyst: TestUser;
  let supplier: TestUser;
  let snapshotId: string;
  const { person, check, takeProblems } = people(() => browser, 'reports', 15_000);

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    const f = web.factories;
    analyst = (await f.member('buyer', 'analyst')).user;
    const small = await f.supplier({ band: 'small' });
    const micro = await f.supplier({ band: 'micro' });
    const large = await f.supplier({ band: 'large' });
    supplier = small.admin;
    const ds = web.app.get(DataSource);

    // The funnel's tendering: a requirement past its closing time, bid for by all three, two shortlisted (written directly, as the bench seed does).
    const harbour = await f.organisation({ kind: 'buyer', name: 'Harbour Authority' });
    const buyerUser = await f.user({ organisationId: harbour.id, roles: ['buyer_admin'] });
    const [lot] = await ds.query(`SELECT id FROM catalogue.lot ORDER BY slug LIMIT 1`);
    const requirementId = randomUUID();
    await ds.query(
      `INSERT INTO tendering.requirement (id, organisation_id, status, title, summary, description, lot_id, location, technical_weight, price_weight,
          questions_close_at, closes_at, published_at, closed_at, created_by)
       VALUES ($1, $2, 'closed', 'Harbour berth booking', 'Online berth booking.', 'A new online service for booking berths.', $3, 'Aberdeen', 60, 40,
          now() - interval '3 days', now() - interval '1 day', now() - interval '20 days', now() - interval '1 day', $4)`,
      [requirementId, harbour.id, lot.id, buyerUser.id],
    );
    for (const [s, band, shortlisted] of [[micro, 'micro', true], [small, 'small', false], [large, 'large', true]] as const) {
      await ds.query(
        `INSERT INTO tendering.bid (id, requirement_id, organisation_id, status, size_band, price, shortlisted_at, created_by)
         VALUES ($1, $2, $3, 'submitted', $4, 100000, $5, $6)`,
        [randomUUID(), requirementId, s.organisation.id, band, shortlisted ? new Date() : null, s.admin.id],
      );
    }

    const ledger = web.app.get(SmeLedgerService);
    const s = (key: string, name: string, band: SourceContract['suppliers'][number]['band']) => ({ key, name, band });
    await ds.transaction((m) =>
      ledger.applyContracts(m, [
        contract(1, BUYERS.a, '2024-05-10', '900.00', [s('s-small', 'Small Co', 'small'), s('s-large', 'Large plc', 'large')]),
        contract(2, BUYERS.b, '2024-08-01', '1000.00', [s('s-micro', 'Micro Ltd', 'micro')]),
        contract(3, BUYERS.b, '2025-01-15', '3000.00', [s('s-large', 'Large plc', 'large')]),
        contract(4, BUYERS.a, '2025-02-10', '600.00', [s('s-medium', 'Medium Ltd', 'medium')]),
        contract(5, BUYERS.c, '2025-06-01', '500.00', [s('s-who', 'Who Knows Ltd', 'unknown')]),
        contract(6, BUYERS.c, '2025-07-01', '200.00', [s('s-small', 'Small Co', 'small')]),
      ]),
    );
    await ds.transaction((m) => ledger.applySpend(m, [spend(1, 'sme', '100.00'), spend(2, 'large', '300.00'), spend(3, 'unknown', '50.00')]));
    snapshotId = (await web.app.get(SmeRecomputeService).recompute('test')).snapshotId;
    browser = await launchChromium();
  });

  afterEach(() => {
    // The refused pages answer 403 on purpose; the browser logs them as resource errors.
    expect(takeProblems()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await ctx?.cleanup();
  });

  const signIn = (page: Page, user: TestUser) => signInAs(page, web.baseUrl, user);

  async function follow(page: Page, link: string | RegExp, url: RegExp | string): Promise<void> {
    await Promise.all([page.waitForURL(url), page.getByRole('link', { name: link, exact: typeof link === 'string' }).first().click()]);
  }

  /** The share and coverage figures of a headline card (`#headline-award`). */
  async function headline(page: Page, basis: 'award' | 'spend') {
    const card = page.locator(`#headline-${basis}`);
    const text = (sel: string) => card.locator(sel).innerText();
    return {
      count: await text('[data-share="count"]'),
      countCoverage: await text('[data-coverage="count"]'),
      value: await text('[data-share="value"]'),
      valueCoverage: await text('[data-coverage="value"]'),
      greyed: await card.locator('.app-figure.app-share--greyed').count(),
      why: (await card.locator('.app-greyed-why').allInnerTexts()).join(' '),
    };
  }

  /** A table's body as rows of cell texts (less the words for screen readers after a link: “: contracts and lines”). */
  async function tableRows(page: Page, id: string): Promise<string[][]> {
    return page.locator(`#${id} tbody tr`).evaluateAll((rows) =>
      rows.map((r) =>
        Array.from((r as unknown as { cells: ArrayLike<{ innerText: string }> }).cells, (c) =>
          c.innerText.replace(/\s*: contracts and lines/, '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
  }

  /** The chart agrees with its table: for each row, its label and both shares are in the SVG's accessible name, as drawn. */
  async function expectChartMatchesTable(page: Page, id: string): Promise<void> {
    const svg = page.locator(`#${id}-chart svg[role="img"]`);
    expect(await svg.count()).toBe(1);
    const label = (await svg.getAttribute('aria-label'))!;
    const rows = await tableRows(page, `${id}-table`);
    expect(rows.length).toBeGreaterThan(0);
    for (const [name, count, , value] of rows) {
      const share = (cell: string) => (cell === 'No data' ? 'no data' : cell.replace(' low coverage', ' (low coverage)'));
      expect(label).toContain(`${name}: by count ${share(count)}, by value ${share(value)}`);
    }
  }

  it('an analyst finds the dashboard in the navigation: both bases’ headline shares with coverage, greyed below 80% with the reason, and the chart agreeing with its table', async () => {
    const { context, page } = await person();
    await signIn(page, analyst);
    await follow(page, 'SME reports', /\/reports$/);
    await page.getByRole('heading', { name: 'SME share dashboard', level: 1 }).waitFor();

    expect(await headline(page, 'award')).toEqual({ count: '70.0%', countCoverage: 'Coverage 83.3%', value: '39.5%', valueCoverage: 'Coverage 91.9%', greyed: 0, why: '' });
    const spendHeadline = await headline(page, 'spend');
    expect(spendHeadline).toMatchObject({ count: '50.0%', countCoverage: 'Coverage 66.7%', value: '25.0%', valueCoverage: 'Coverage 88.9%', greyed: 1 });
    expect(spendHeadline.why).toContain('Coverage by count is 66.7%');
    expect(spendHeadline.why).toContain('shown greyed out');
    expect(await page.locator('#headline-award').innerText()).toMatch(/Target\s+33%/);

    // Over time (financial years): chart, then the same figures in a table.
    expect(await tableRows(page, 'series-table')).toEqual([
      ['FY2024-25', '62.5%', '100.0%', '37.3%', '100.0%', '4', '£5,500'],
      ['FY2025-26', '100.0% low coverage', '50.0%', '100.0% low coverage', '28.6%', '2', '£700'],
    ]);
    await expectChartMatchesTable(page, 'series');
    const seriesSvg = await page.locator('#series-chart svg').innerHTML();
    for (const drawn of ['FY2024-25', 'FY2025-26', '62.5%', '37.3%', 'Target 33%']) expect(seriesSvg).toContain(`>${drawn}</text>`);
    expect(await page.locator('#series-table caption').innerText()).toBe('SME share of contracts awarded by financial year');

    // By sector (the default breakdown).
    expect((await tableRows(page, 'breakdown-table')).map((r) => r.slice(0, 5))).toEqual([
      ['Central government', '50.0%', '100.0%', '25.0%', '100.0%'],
      ['Local authority', '75.0%', '100.0%', '70.0%', '100.0%'],
      ['NHS and health', '100.0% low coverage', '50.0%', '100.0% low coverage', '28.6%'],
    ]);
    await expectChartMatchesTable(page, 'breakdown');
    await check(page, 'dashboard');
    await context.close();
  });

  it('an analyst changes the filters, is told which one is wrong, drills down from a breakdown row to its lines and downloads the CSVs', async () => {
    const { context, page } = await person();
    await signIn(page, analyst);
    await page.goto(`${web.baseUrl}/reports`);

    // From April 2025, by buyer: only FY2025-26, greyed, with the reason.
    await page.getByLabel('From month (optional)').fill('2025-04');
    await page.getByLabel('Break down by').selectOption({ label: 'Buyer' });
    await page.getByLabel('Period').selectOption({ label: 'Quarter (calendar)' });
    await Promise.all([page.waitForURL(/\/reports\?.*from=2025-04/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    const award = await headline(page, 'award');
    expect(award).toMatchObject({ count: '100.0%', countCoverage: 'Coverage 50.0%', value: '100.0%', valueCoverage: 'Coverage 28.6%', greyed: 2 });
    expect(award.why).toContain('Coverage by count is 50.0%: suppliers of known size account for less than 80%');
    expect(award.why).toContain('Coverage by value is 28.6%');
    expect((await tableRows(page, 'series-table')).map((r) => r[0])).toEqual(['2025-Q2', '2025-Q3']);
    expect((await tableRows(page, 'breakdown-table')).map((r) => r[0])).toEqual(['Northshire Hospitals NHS Trust']);
    await expectChartMatchesTable(page, 'breakdown');
    await check(page, 'dashboard-filtered');

    // A month that is not one, and spend by category: the error summary names each field; the page still shows figures.
    await page.getByLabel('From month (optional)').fill('2025-13');
    await page.getByRole('radio', { name: 'Invoiced spend' }).check();
    await page.getByLabel('Break down by').selectOption({ label: 'Category' });
    await Promise.all([page.waitForURL(/from=2025-13/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('.govuk-error-summary__list a').allInnerTexts()).toEqual([
      'Enter the first month as a year and month, for example 2024-04',
      'Spend lines have no category: select another breakdown, or contracts awarded as the basis',
    ]);
    expect(await page.title()).toMatch(/^Error: SME share dashboard/);
    expect(await page.getByLabel('From month (optional)').inputValue()).toBe('2025-13');
    expect(await page.locator('#from-error').innerText()).toContain('Enter the first month');
    expect((await headline(page, 'spend')).count).toBe('50.0%');
    await check(page, 'dashboard-errors');
    await summary.getByRole('link', { name: /Enter the first month/ }).click();
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'from'); // eslint-disable-line @typescript-eslint/no-explicit-any

    // A bad parameter in a link is never an error page: the error summary says what is wrong, and the page shows what it can.
    const bad: [string, string[]][] = [
      ['/reports?snapshot=00000000-0000-4000-8000-000000000000', ['No such snapshot.']],
      ['/reports?period=decade&sector=mars&page=x', ['Select month, quarter or financial year as the period', 'Select a sector from the list', 'Page must be a whole number, 1 or more']],
      ['/reports/scorecards?from=2025-05&to=2025-01', ['The last month must be the same as or after the first month']],
      ['/reports/lines?dimension=buyer', ['A dimension and its key go together']],
    ];
    for (const [path, messages] of bad) {
      const response = await page.goto(`${web.baseUrl}${path}`);
      expect([path, response?.status()]).toEqual([path, 200]);
      expect([path, await page.locator('.govuk-error-summary__list a').allInnerTexts()]).toEqual([path, messages]);
    }
    await check(page, 'lines-errors');
    expect((await page.request.get(`${web.baseUrl}/reports/sme-share.csv?from=2024-13`)).status()).toBe(400);

    // Drill down: the local authority row of the sector breakdown, to the three lines behind it.
    await page.goto(`${web.baseUrl}/reports?by=sector`);
    await follow(page, /^Local authority\b/, /\/reports\/lines\?basis=award&sector=local$/);
    await page.getByRole('heading', { name: 'Contracts and lines behind the figures', level: 1 }).waitFor();
    expect(await page.locator('#lines').innerText()).toBe('3 lines');
    const lines = await tableRows(page, 'lines-table');
    expect(lines.map((l) => [l[1].split(' ocds-')[0], l[2], l[3], l[4], l[5], l[6]])).toEqual([
      ['Test award C4', 'Anytown Borough Council', 'Medium Ltd', 'Medium', '1', '£600'],
      ['Test award C1', 'Anytown Borough Council', 'Small Co', 'Small', '0.50', '£450'],
      ['Test award C1', 'Anytown Borough Council', 'Large plc', 'Large', '0.50', '£450'],
    ]);
    expect(await headline(page, 'award')).toMatchObject({ count: '75.0%', value: '70.0%', greyed: 0 });
    expect(await page.locator('#scope').innerText()).toContain('Local authority');
    await check(page, 'lines');

    // The lines as CSV.
    const linesCsv = await page.request.get(new URL((await page.getByRole('link', { name: 'Download these lines (CSV)' }).getAttribute('href'))!, web.baseUrl).toString());
    expect(linesCsv.status()).toBe(200);
    expect(linesCsv.headers()['content-type']).toMatch(/^text\/csv/);
    const linesText = await linesCsv.text();
    expect(linesText.split('\n')[0]).toBe('source,ocid,contractId,title,date,dateBasis,buyerName,sector,supplierName,sizeBand,weight,amount,currency,amountGbp');
    expect(linesText).toMatch(/ocds,ocds-test-4,,Test award C4,2025-02-10,award,Anytown Borough Council,local,Medium Ltd,medium,1(\.0+)?,600(\.0+)?,GBP,600(\.0+)?/);

    // Back on the dashboard: the breakdown's CSV has the header and the same figures as its table.
    expect(await page.getByRole('link', { name: 'Back to the dashboard' }).getAttribute('href')).toBe('/reports?basis=award&sector=local');
    await page.goBack();
    const csvHref = (await page.getByRole('link', { name: 'Download the figures by buyer sector (CSV)' }).getAttribute('href'))!;
    expect(csvHref).toBe('/reports/sme-share.csv?basis=award&by=sector&period=fy');
    const csv = await page.request.get(`${web.baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toBe('attachment; filename="sme-share-award-by-sector.csv"');
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe('key,label,count_share,count_coverage,count_greyed,value_share,value_coverage,value_greyed,lines,weight,value_gbp,sme_weight,sme_value_gbp,unconverted_lines');
    expect(rows).toContain('local,Local authority,0.7500,1.0000,no,0.7000,1.0000,no,3,2.000000,1500.00,1.500000,1050.00,0');
    expect(rows[rows.length - 1]).toMatch(/^total,All,0\.7000,0\.8333,no,0\.3947,0\.9194,no,7,/);
    await context.close();
  });

  it('an analyst reads the SME funnel, the buyer scorecards and the stored recomputes, and opens a recompute’s figures', async () => {
    const { context, page } = await person();
    await signIn(page, analyst);
    await page.goto(`${web.baseUrl}/reports`);

    await follow(page, 'SME funnel', /\/reports\/funnel$/);
    const [{ micro, small, large }] = await web.dataSource.query(
      `SELECT count(*) FILTER (WHERE d.derived_band = 'micro')::int AS micro, count(*) FILTER (WHERE d.derived_band = 'small')::int AS small,
              count(*) FILTER (WHERE d.derived_band = 'large')::int AS large
         FROM identity.organisation o JOIN suppliers.size_declaration d ON d.organisation_id = o.id AND d.valid_to IS NULL
        WHERE o.kind = 'supplier' AND o.verification_status = 'verified'`,
    );
    expect(micro + small + large).toBeGreaterThanOrEqual(3);
    const funnel = await tableRows(page, 'funnel-table');
    expect(funnel.map((r) => r[0])).toEqual(['Registered suppliers', 'Bidders', 'Shortlisted', 'Awarded']);
    expect(funnel[0].slice(1, 4)).toEqual([String(micro), String(small), '0']);
    expect(funnel[0][4]).toBe(String(large));
    const funnelSvg = page.locator('#funnel-chart svg[role="img"]');
    expect(await funnelSvg.getAttribute('aria-label')).toContain(`Registered suppliers: ${micro + small + large} (micro ${micro}, small ${small}, large ${large})`);
    await check(page, 'funnel');
    const funnelCsv = await page.request.get(`${web.baseUrl}${await page.getByRole('link', { name: 'Download the funnel (CSV)' }).getAttribute('href')}`);
    expect((await funnelCsv.text()).split('\n')[0]).toBe('stage,total,sme,micro,small,medium,large,unknown');
    // One buyer's requirement: its bidders and shortlist by size.
    await page.getByLabel('Buyer', { exact: true }).selectOption({ label: 'Harbour Authority' });
    await page.getByLabel('Requirement', { exact: true }).selectOption({ label: 'Harbour Authority: Harbour berth booking' });
    await Promise.all([page.waitForURL(/\/reports\/funnel\?buyerId=.+&requirementId=.+/), page.getByRole('button', { name: 'Show funnel' }).click()]);
    expect(await page.locator('#funnel').innerText()).toBe('SME funnel: “Harbour berth booking”');
    expect((await tableRows(page, 'funnel-table')).slice(1)).toEqual([
      ['Bidders', '1', '1', '0', '1', '0', '2', '3', '66.7%'],
      ['Shortlisted', '1', '0', '0', '1', '0', '1', '2', '50.0%'],
      ['Awarded', '0', '0', '0', '0', '0', '0', '0', 'No data'],
    ]);
    expect(await page.locator('#funnel-chart svg').getAttribute('aria-label')).toContain('Bidders: 3 (micro 1, small 1, large 1); Shortlisted: 2 (micro 1, large 1); Awarded: 0.');
    await check(page, 'funnel-requirement');
    // A buyer that is not one: the error summary names the field.
    await page.goto(`${web.baseUrl}/reports/funnel?buyerId=00000000-0000-4000-8000-000000000000`);
    expect(await page.locator('.govuk-error-summary__list a').allInnerTexts()).toEqual(['Select a buyer from the list']);
    await check(page, 'funnel-errors');

    await follow(page, 'Buyer scorecards', /\/reports\/scorecards$/);
    const cards = await tableRows(page, 'scorecards-table');
    expect(cards.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['Anytown Borough Council', '70.0%', '212.1%', 'A+'],
      ['Cabinet Office', '25.0%', '75.8%', 'D'],
      ['Northshire Hospitals NHS Trust', '100.0% low coverage', '303.0%', 'A+ low coverage'],
    ]);
    expect(await page.locator('#scorecards-chart svg').getAttribute('aria-label')).toContain('Cabinet Office: 75.8% of target, grade D');
    await check(page, 'scorecards');
    const cardsCsv = await page.request.get(`${web.baseUrl}${await page.getByRole('link', { name: 'Download the scorecards (CSV)' }).getAttribute('href')}`);
    const cardsRows = (await cardsCsv.text()).trim().split('\n');
    expect(cardsRows[0]).toBe('buyer,value_share,value_coverage,attainment_percent,grade,lines,value_gbp');
    expect(cardsRows).toContain('Cabinet Office,0.2500,1.0000,75.76,D,2,4000.00');
    // A buyer's name leads to its lines.
    await follow(page, /^Cabinet Office\b/, /\/reports\/lines\?basis=award&dimension=buyer&key=buyer%3Acabinet$/);
    expect(await page.locator('#lines').innerText()).toBe('2 lines');

    await follow(page, 'Stored recomputes', /\/reports\/snapshots$/);
    const snapshots = await tableRows(page, 'snapshots-table');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].slice(1, 6)).toEqual(['test', expect.stringMatching(/\S/), '7', '3', '0']);
    await check(page, 'snapshots');
    await follow(page, /^View figures/, new RegExp(`/reports\\?snapshot=${snapshotId}$`));
    expect(await page.locator('#snapshot-shown').innerText()).toContain('These are the figures stored by the recompute of');
    expect((await headline(page, 'award')).count).toBe('70.0%');
    await check(page, 'dashboard-snapshot');
    await context.close();
  });

  it('anyone, signed out, reads the public summary from the navigation: headline shares on both bases, over time and by sector, and the CSV', async () => {
    const { context, page } = await person();
    await page.goto(`${web.baseUrl}/`);
    await follow(page, 'SME share', /\/sme-share$/);
    await page.getByRole('heading', { name: 'SME share of public contracts', level: 1 }).waitFor();
    expect(await headline(page, 'award')).toMatchObject({ count: '70.0%', countCoverage: 'Coverage 83.3%', value: '39.5%', valueCoverage: 'Coverage 91.9%', greyed: 0 });
    expect(await headline(page, 'spend')).toMatchObject({ count: '50.0%', countCoverage: 'Coverage 66.7%', greyed: 1 });
    expect((await tableRows(page, 'series-table')).map((r) => r.slice(0, 4))).toEqual([
      ['FY2024-25', '62.5%', '100.0%', '37.3%'],
      ['FY2025-26', '100.0% low coverage', '50.0%', '100.0% low coverage'],
    ]);
    await expectChartMatchesTable(page, 'series');
    expect((await tableRows(page, 'sectors-table')).map((r) => r[0])).toEqual(['Central government', 'Local authority', 'NHS and health']);
    await expectChartMatchesTable(page, 'sectors');
    // Aggregates only: no buyer, supplier or contract is named, and nothing links to the analysts' pages.
    const main = await page.locator('main').innerText();
    for (const name of ['Anytown', 'Cabinet Office', 'Small Co', 'Test award']) expect([name, main.includes(name)]).toEqual([name, false]);
    expect(await page.locator('main a[href^="/reports"]').count()).toBe(0);
    expect(await page.locator('footer a[href="/sme-share"]').count()).toBe(1);
    await check(page, 'public-summary');

    // Spend by month.
    await page.getByRole('radio', { name: 'Invoiced spend' }).check();
    await page.getByLabel('Period').selectOption({ label: 'Month' });
    await Promise.all([page.waitForURL(/\/sme-share\?basis=spend&period=month$/), page.getByRole('button', { name: 'Show figures' }).click()]);
    expect(await tableRows(page, 'series-table')).toEqual([['2024-06', '50.0% low coverage', '66.7%', '25.0%', '88.9%', '3', '£450']]);
    await check(page, 'public-summary-spend');
    const csv = await page.request.get(`${web.baseUrl}${await page.getByRole('link', { name: 'Download the figures by sector (CSV)' }).getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toMatch(/^key,label,count_share,count_coverage,/);
    expect(rows[1]).toMatch(/^central,Central government,0\.5000,0\.6667,yes,0\.2500,0\.8889,no,3,/);
    await context.close();
  });

  it('a supplier is refused the analysts’ pages and does not see them in the navigation; signed out, they ask to sign in', async () => {
    const { context, page } = await person();
    await signIn(page, supplier);
    expect(await page.locator('.govuk-service-navigation').innerText()).not.toContain('SME reports');
    for (const path of ['/reports', '/reports/lines?basis=award', '/reports/funnel', '/reports/scorecards', '/reports/snapshots']) {
      const response = await page.goto(`${web.baseUrl}${path}`);
      expect([path, response?.status()]).toEqual([path, 403]);
      await page.getByRole('heading', { name: 'You cannot see this page', level: 1 }).waitFor();
    }
    await check(page, 'refused');
    const csv = await page.request.get(`${web.baseUrl}/reports/sme-share.csv?by=sector`);
    expect(csv.status()).toBe(403);
    await context.close();

    const anonymous = await person();
    await anonymous.page.goto(`${web.baseUrl}/reports/scorecards`);
    expect(anonymous.page.url()).toBe(`${web.baseUrl}/sign-in?returnTo=%2Freports%2Fscorecards`);
    await anonymous.context.close();
  });
});
