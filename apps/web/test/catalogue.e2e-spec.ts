import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { WebClient, csrfTokenIn, sessionCookieOf } from './web-client';

/**
 * The supplier, catalogue, buyer and admin pages over HTTP (supertest)
 * against real Postgres and Redis: GOV.UK form errors that write nothing,
 * ownership (another supplier's offering is not found), public search,
 * CSRF on every POST, shortlists and saved searches.
 */
describe('catalogue and supplier pages (e2e)', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let supplier: TestUser;
  let otherSupplier: TestUser;
  let buyer: TestUser;
  let platformAdmin: TestUser;
  let hostingLot: string;
  let hostingCategory: string;
  const word = `zq${Date.now().toString(36)}`;
  const client = () => new WebClient(web.baseUrl);
  const signedIn = async (u: TestUser) => {
    const c = client();
    await c.signIn(u.email, u.password);
    return c;
  };
  /** The error summary links to `#field` with `message`, and the field shows it inline. */
  const expectFieldError = (html: string, field: string, message: string | RegExp) => {
    expect(html).toContain('govuk-error-summary');
    const text = typeof message === 'string' ? message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : message.source;
    expect(html).toMatch(new RegExp(`<a href="#${field}">\\s*${text}`));
    expect(html).toMatch(new RegExp(`id="${field.replace(/-day$/, '')}-error"`));
  };
  const offeringForm = (overrides: Record<string, string | string[]> = {}) => ({
    lotId: hostingLot,
    categoryIds: [hostingCategory],
    title: `Managed ${word} hosting`,
    summary: `Highly available ${word} hosting in UK data centres.`,
    description: 'We run the platform for you, with backups and monitoring.',
    features: 'Point-in-time recovery\nUK data centres',
    benefits: 'No administrator needed',
    priceMin: '250',
    priceMax: '900',
    priceUnit: 'per server',
    priceInterval: 'per month',
    priceCurrency: 'GBP',
    ...overrides,
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    const f = web.factories;
    supplier = (await f.supplier({ band: 'small', name: `Harbour ${word} Ltd` })).admin;
    otherSupplier = (await f.supplier({ band: 'micro' })).admin;
    buyer = (await f.member('buyer', 'buyer_user')).user;
    platformAdmin = (await f.member('platform', 'platform_admin')).user;
    [{ id: hostingLot }] = await web.dataSource.query(`SELECT id FROM catalogue.lot WHERE slug = 'cloud-hosting'`);
    [{ id: hostingCategory }] = await web.dataSource.query(`SELECT id FROM catalogue.category WHERE lot_id = $1 ORDER BY name LIMIT 1`, [hostingLot]);
  });

  afterAll(async () => {
    await web?.close();
    await ctx?.cleanup();
  });

  describe('supplier profile', () => {
    const profile = (overrides: Record<string, string> = {}) => ({
      legalName: `Harbour ${word} Limited`,
      tradingName: `Harbour ${word}`,
      companiesHouseNumber: 'SC123456',
      dunsNumber: '',
      vatNumber: 'GB123456789',
      addressLine1: '1 Quay Street',
      addressLine2: '',
      town: 'Aberdeen',
      postcode: 'AB11 5BN',
      country: 'GB',
      contactName: 'Morag Reid',
      contactEmail: 'bids@harbour.example',
      contactPhone: '',
      website: 'https://harbour.example',
      description: 'Sensors for ports.',
      vcse: 'true',
      ...overrides,
    });

    it('shows an invalid Companies House number in the error summary and writes nothing', async () => {
      const c = await signedIn(supplier);
      const before = await web.factories.count('suppliers.supplier_profile');
      const res = await c.post('/supplier/profile', profile({ companiesHouseNumber: 'ABC' }), { csrfFrom: '/supplier/profile' });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/<title>\s*Error: Company profile/);
      expectFieldError(res.text, 'companiesHouseNumber', 'Enter a Companies House number in the correct format');
      expect(res.text).toContain('value="1 Quay Street"');
      expect(await web.factories.count('suppliers.supplier_profile')).toBe(before);
    });

    it('saves a valid profile; supplier users read it but cannot change it; buyers cannot see it', async () => {
      const c = await signedIn(supplier);
      const res = await c.post('/supplier/profile', profile({ companiesHouseNumber: 'sc 123 456' }), { csrfFrom: '/supplier/profile' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/supplier/profile');
      const page = await c.get('/supplier/profile');
      expect(page.text).toContain('Your company profile has been saved');
      expect(page.text).toContain('value="SC123456"');
      expect(page.text).toMatch(/id="vcse"[^>]*checked/);

      const colleague = await web.factories.user({ organisationId: supplier.organisationId, roles: ['supplier_user'] });
      const u = await signedIn(colleague);
      const readOnly = await u.get('/supplier/profile');
      expect(readOnly.status).toBe(200);
      expect(readOnly.text).toContain(`Harbour ${word} Limited`);
      expect(readOnly.text).not.toContain('action="/supplier/profile"');
      expect((await u.post('/supplier/profile', profile(), { csrfFrom: '/supplier/profile' })).status).toBe(403);

      expect((await (await signedIn(buyer)).get('/supplier/profile')).status).toBe(403);
      const anonymous = await client().get('/supplier/profile');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe('/sign-in?returnTo=%2Fsupplier%2Fprofile');
    });
  });

  describe('size declaration', () => {
    const declaration = (overrides: Record<string, string> = {}) => ({
      headcount: '30',
      turnoverAmount: '3,000,000',
      turnoverCurrency: 'GBP',
      balanceSheetAmount: '2000000',
      balanceSheetCurrency: 'GBP',
      'figuresDate-day': '31',
      'figuresDate-month': '3',
      'figuresDate-year': '2025',
      statedBand: 'medium',
      evidence: 'Accounts to 31 March 2025',
      ...overrides,
    });

    it('refuses a negative headcount and unknown or invalid currencies, naming the fields, and writes nothing', async () => {
      const c = await signedIn(supplier);
      const before = await web.factories.count('suppliers.size_declaration');

      const negative = await c.post('/supplier/size', declaration({ headcount: '-3' }), { csrfFrom: '/supplier/size' });
      expect(negative.status).toBe(400);
      expectFieldError(negative.text, 'headcount', 'Number of staff must be a whole number, 0 or more');
      expect(negative.text).toContain('value="-3"');

      // A well-formed code the platform has no rate for: refused by the service, shown on the field.
      const unknown = await c.post('/supplier/size', declaration({ turnoverCurrency: 'ZZZ' }), { csrfFrom: '/supplier/size' });
      expect(unknown.status).toBe(400);
      expectFieldError(unknown.text, 'turnoverCurrency', 'ZZZ is not a currency the platform can convert');

      const invalid = await c.post('/supplier/size', declaration({ balanceSheetCurrency: 'pounds' }), { csrfFrom: '/supplier/size' });
      expect(invalid.status).toBe(400);
      expectFieldError(invalid.text, 'balanceSheetCurrency', 'Select the currency of the balance sheet total');

      const date = await c.post('/supplier/size', declaration({ 'figuresDate-month': '13' }), { csrfFrom: '/supplier/size' });
      expect(date.status).toBe(400);
      expectFieldError(date.text, 'figuresDate-day', 'Date the figures refer to must be a real date');

      // "Work out my band" derives the band without saving.
      const check = await c.post('/supplier/size/check', declaration(), { csrfFrom: '/supplier/size' });
      expect(check.status).toBe(200);
      expect(check.text).toMatch(/These figures give the size band <strong>Small<\/strong> \(EU Recommendation 2003\/361\/EC\)/);
      expect(check.text).toContain('This disagrees with the band you stated (Medium)');

      expect(await web.factories.count('suppliers.size_declaration')).toBe(before);
    });

    it('declares, then shows the derived band, the disagreement and the history', async () => {
      const c = await signedIn(supplier);
      const res = await c.post('/supplier/size', declaration(), { csrfFrom: '/supplier/size' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/supplier/size');
      const page = await c.get('/supplier/size');
      expect(page.text).toContain('Your size band is Small (EU Recommendation 2003/361/EC)');
      expect(page.text).toContain('This disagrees with the band you stated (Medium)');
      expect(page.text).toContain('Not verified yet');
      expect(page.text).toContain('Disagrees');
      expect(page.text).toContain('In force');
      // The factory's declaration and this one.
      expect(page.text).toContain('Declarations (2), newest first');
      expect(page.text).toContain('£3,000,000');
    });
  });

  describe('supplier offerings', () => {
    let draftId: string;

    it('shows service and form errors on the offering form and writes nothing', async () => {
      const c = await signedIn(supplier);
      const before = await web.factories.count('catalogue.offering');
      const currency = await c.post('/supplier/offerings', offeringForm({ priceCurrency: 'XYZ' }), { csrfFrom: '/supplier/offerings/new' });
      expect(currency.status).toBe(400);
      expectFieldError(currency.text, 'priceCurrency', 'Price offerings in GBP, EUR, USD');
      // What was typed and ticked is shown again.
      expect(currency.text).toContain(`value="Managed ${word} hosting"`);
      expect(currency.text).toMatch(new RegExp(`value="${hostingCategory}" checked`));

      const empty = await c.post('/supplier/offerings', offeringForm({ title: '', priceMin: 'cheap', lotId: '' }), { csrfFrom: '/supplier/offerings/new' });
      expect(empty.status).toBe(400);
      expectFieldError(empty.text, 'lotId', 'Select a lot');
      expectFieldError(empty.text, 'title', 'Enter a title');
      expectFieldError(empty.text, 'priceMin', 'Minimum price must be an amount of 0 or more');
      expect(await web.factories.count('catalogue.offering')).toBe(before);
    });

    it('creates a draft, edits it, and lists it with its status', async () => {
      const c = await signedIn(supplier);
      const res = await c.post('/supplier/offerings', offeringForm(), { csrfFrom: '/supplier/offerings/new' });
      expect(res.status).toBe(303);
      draftId = /^\/supplier\/offerings\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
      const page = await c.get(res.headers.location);
      expect(page.text).toContain('Your offering has been saved as a draft');
      expect(page.text).toContain('£250 to £900 per server per month');
      const edited = await c.post(`/supplier/offerings/${draftId}/edit`, offeringForm({ title: `Managed ${word} hosting plus` }), { csrfFrom: `/supplier/offerings/${draftId}/edit` });
      expect(edited.status).toBe(303);
      const list = await c.get('/supplier/offerings');
      expect(list.text).toContain(`Managed ${word} hosting plus`);
      expect(list.text).toMatch(/govuk-tag--grey">\s*Draft/);
    });

    it('is not found for another supplier, on every route', async () => {
      const other = await signedIn(otherSupplier);
      expect((await other.get(`/supplier/offerings/${draftId}`)).status).toBe(404);
      expect((await other.get(`/supplier/offerings/${draftId}/edit`)).status).toBe(404);
      const token = csrfTokenIn((await other.get('/supplier/offerings/new')).text);
      expect((await other.post(`/supplier/offerings/${draftId}/edit`, { ...offeringForm({ title: 'Hijacked' }), _csrf: token })).status).toBe(404);
      expect((await other.post(`/supplier/offerings/${draftId}/publish`, { _csrf: token })).status).toBe(404);
      // Invalid content for someone else's offering is still "not found", not a form.
      expect((await other.post(`/supplier/offerings/${draftId}/edit`, { ...offeringForm({ title: '' }), _csrf: token })).status).toBe(404);
      // A published offering of another supplier is public in the catalogue, but not theirs to manage.
      const published = await web.factories.offering({ organisationId: supplier.organisationId, title: `Public ${word}` });
      expect((await other.get(`/supplier/offerings/${published}`)).status).toBe(404);
      expect((await client().get(`/catalogue/offerings/${published}`)).status).toBe(200);
      const [{ title }] = await web.dataSource.query(`SELECT title FROM catalogue.offering WHERE id = $1`, [draftId]);
      expect(title).toBe(`Managed ${word} hosting plus`);
    });

    it('explains, on the page, that an unverified organisation cannot publish', async () => {
      const pending = await web.factories.supplier({ status: 'pending' });
      const c = await signedIn(pending.admin);
      const created = await c.post('/supplier/offerings', offeringForm(), { csrfFrom: '/supplier/offerings/new' });
      const path = created.headers.location;
      const res = await c.post(`${path}/publish`, {}, { csrfFrom: path });
      expect(res.status).toBe(409);
      expect(res.text).toContain('govuk-error-summary');
      expect(res.text).toContain('Your organisation must be verified by the platform before it can publish offerings.');
      expect(res.text).toMatch(/govuk-tag--grey">\s*Draft/);
    });

    it('publishes and withdraws', async () => {
      const c = await signedIn(supplier);
      const path = `/supplier/offerings/${draftId}`;
      expect((await c.post(`${path}/publish`, {}, { csrfFrom: path })).status).toBe(303);
      const page = await c.get(path);
      expect(page.text).toContain('Your offering has been published');
      expect(page.text).toContain('Version 1');
      expect((await client().get(`/catalogue/offerings/${draftId}`)).status).toBe(200);
      expect((await c.post(`${path}/withdraw`, {}, { csrfFrom: path })).status).toBe(303);
      expect((await client().get(`/catalogue/offerings/${draftId}`)).status).toBe(404);
    });
  });

  describe('public catalogue', () => {
    let sme: string;
    let large: string;

    beforeAll(async () => {
      const micro = await web.factories.supplier({ band: 'micro', name: `Micro ${word} Ltd` });
      const big = await web.factories.supplier({ band: 'large', name: `Large ${word} plc` });
      sme = await web.factories.offering({ organisationId: micro.organisation.id, lotSlug: 'cloud-hosting', title: `Tidal ${word} telemetry`, summary: `Harbour sensors with tidal harbour telemetry ${word}.`, priceMin: '300' });
      large = await web.factories.offering({ organisationId: big.organisation.id, lotSlug: 'cloud-hosting', title: `Enterprise ${word} telemetry`, summary: `Tidal harbour telemetry at scale ${word}.`, priceMin: '9000' });
    });

    it('lets anyone search, with highlights, facet counts and the SME filter, without a session', async () => {
      const res = await client().get(`/catalogue?q=${encodeURIComponent(`"tidal harbour telemetry" ${word}`)}`);
      expect(res.status).toBe(200);
      expect(sessionCookieOf(res)).toBeNull();
      expect(res.text).toContain('2 offerings found');
      expect(res.text).toContain('<mark>tidal</mark> <mark>harbour</mark> <mark>telemetry</mark>');
      expect(res.text).toMatch(/Cloud hosting \(2\)/);
      expect(res.text).toMatch(/Micro \(1\)/);
      expect(res.text).toMatch(/Large \(1\)/);
      expect(res.text).toMatch(/SME suppliers only \(1\)/);
      expect(res.text).not.toContain('Save this search');

      const smeOnly = await client().get(`/catalogue?q=${encodeURIComponent(`"tidal harbour telemetry" ${word}`)}&smeOnly=true&lotId=&sizeBand=`);
      expect(smeOnly.text).toContain('1 offering found');
      expect(smeOnly.text).toContain(`/catalogue/offerings/${sme}`);
      expect(smeOnly.text).not.toContain(`/catalogue/offerings/${large}`);
      expect(smeOnly.text).toContain('Micro SME');
    });

    it('shows a typed price that is not an amount as an error beside the filter', async () => {
      const res = await client().get(`/catalogue?q=${word}&priceMin=cheap`);
      expect(res.status).toBe(200);
      expectFieldError(res.text, 'priceMin', 'Minimum price must be an amount of 0 or more');
      expect((await client().get('/catalogue?sizeBand=huge')).status).toBe(400);
    });

    it('keeps the query string in the pagination links', async () => {
      const s = await web.factories.supplier({ band: 'medium' });
      for (let i = 0; i < 21; i++) await web.factories.offering({ organisationId: s.organisation.id, title: `Paged ${word} ${i}`, summary: `Pagination ${word} check.` });
      const res = await client().get(`/catalogue?q=pagination+${word}&smeOnly=true`);
      expect(res.text).toContain('21 offerings found');
      expect(res.text).toContain(`href="/catalogue?q=pagination+${word}&amp;smeOnly=true&amp;page=2"`);
      const page2 = await client().get(`/catalogue?q=pagination+${word}&smeOnly=true&page=2`);
      expect(page2.text).toContain('Showing 21 to 21');
    });

    it('needs a CSRF token on every POST', async () => {
      const c = await signedIn(buyer);
      for (const path of ['/buyer/shortlists', '/catalogue/saved-searches', `/catalogue/offerings/${sme}/shortlist`]) {
        const res = await c.post(path, { name: 'No token' });
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).toContain('Your form could not be sent');
      }
      const s = await signedIn(supplier);
      for (const path of ['/supplier/profile', '/supplier/size', '/supplier/offerings', `/supplier/offerings/${sme}/publish`]) {
        expect([path, (await s.post(path, {})).status]).toEqual([path, 403]);
      }
      expect(await web.factories.count('catalogue.shortlist')).toBe(0);
    });

    it('lets a buyer shortlist an offering and remove it, and save, run and delete a search', async () => {
      const c = await signedIn(buyer);
      const empty = await c.post('/buyer/shortlists', { name: '' }, { csrfFrom: '/buyer/shortlists' });
      expect(empty.status).toBe(400);
      expectFieldError(empty.text, 'name', 'Enter a name for the shortlist');

      const created = await c.post('/buyer/shortlists', { name: 'Telemetry 2026', notes: '' }, { csrfFrom: '/buyer/shortlists' });
      expect(created.status).toBe(303);
      const listPath = created.headers.location;
      const listId = listPath.split('/').pop()!;

      const offeringPage = await c.get(`/catalogue/offerings/${sme}`);
      expect(offeringPage.text).toContain('Add to shortlist');
      const added = await c.post(`/catalogue/offerings/${sme}/shortlist`, { shortlistId: listId, note: 'Cheapest' }, { csrfFrom: `/catalogue/offerings/${sme}` });
      expect(added.status).toBe(303);
      expect((await c.get(added.headers.location)).text).toContain('Added to Telemetry 2026');
      const list = await c.get(listPath);
      expect(list.text).toContain(`Tidal ${word} telemetry`);
      expect(list.text).toContain('Cheapest');
      expect(list.text).toContain('Micro SME');

      const removed = await c.post(`${listPath}/items/${sme}/remove`, {}, { csrfFrom: listPath });
      expect(removed.status).toBe(303);
      const after = await c.get(listPath);
      expect(after.text).toContain(`Tidal ${word} telemetry has been removed from the shortlist`);
      expect(after.text).toContain('This shortlist is empty');

      // Another organisation's buyer cannot see or change it.
      const stranger = await signedIn((await web.factories.member('buyer', 'buyer_admin')).user);
      expect((await stranger.get(listPath)).status).toBe(404);

      const search = `/catalogue?q=${encodeURIComponent(`"tidal harbour telemetry" ${word}`)}&smeOnly=true`;
      const searchPage = await c.get(search);
      expect(searchPage.text).toContain('Save this search');
      const saved = await c.post('/catalogue/saved-searches', { name: 'SME telemetry', q: `"tidal harbour telemetry" ${word}`, smeOnly: 'true' }, { csrfFrom: search });
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe(`/catalogue?q=${encodeURIComponent(`"tidal harbour telemetry" ${word}`).replace(/%20/g, '+')}&smeOnly=true`);
      const searches = await c.get('/buyer/saved-searches');
      expect(searches.text).toContain('SME telemetry');
      expect(searches.text).toContain('SME suppliers only');
      const run = /href="(\/catalogue\?[^"]+)">Run/.exec(searches.text)![1].replace(/&amp;/g, '&');
      expect((await c.get(run)).text).toContain('1 offering found');
      const [{ id: savedId }] = await web.dataSource.query(`SELECT id FROM catalogue.saved_search WHERE name = 'SME telemetry'`);
      expect((await c.post(`/buyer/saved-searches/${savedId}/delete`, {}, { csrfFrom: '/buyer/saved-searches' })).status).toBe(303);
      expect((await c.get('/buyer/saved-searches')).text).toContain('Saved search deleted');
    });
  });

  describe('platform admin', () => {
    it('suspends (with a reason) and reinstates an offering from its catalogue page', async () => {
      const id = await web.factories.offering({ organisationId: otherSupplier.organisationId, title: `Suspendable ${word}` });
      const c = await signedIn(platformAdmin);
      const path = `/catalogue/offerings/${id}`;
      const noReason = await c.post(`${path}/suspend`, { reason: '' }, { csrfFrom: path });
      expect(noReason.status).toBe(400);
      expectFieldError(noReason.text, 'reason', 'Enter the reason for suspending the offering');
      expect((await c.post(`${path}/suspend`, { reason: 'Misleading pricing' }, { csrfFrom: path })).status).toBe(303);
      expect((await client().get(path)).status).toBe(404);
      const page = await c.get(path);
      expect(page.text).toContain('has been suspended');
      expect(page.text).toContain('Reason: Misleading pricing');
      expect((await c.post(`${path}/reinstate`, {}, { csrfFrom: path })).status).toBe(303);
      expect((await client().get(path)).status).toBe(200);
      // Not for anyone else.
      const b = await signedIn(buyer);
      expect((await b.post(`${path}/suspend`, { reason: 'x' }, { csrfFrom: path })).status).toBe(403);
    });

    it('adds frameworks, lots and categories, with errors on the form', async () => {
      const c = await signedIn(platformAdmin);
      const tree = await c.get('/admin/frameworks');
      expect(tree.text).toContain('G-Cloud');
      expect(tree.text).toContain('Cloud hosting');
      const bad = await c.post('/admin/frameworks', { name: 'Test framework', slug: 'Not A Slug', description: '' }, { csrfFrom: '/admin/frameworks' });
      expect(bad.status).toBe(400);
      expectFieldError(bad.text, 'slug', 'Slug must be lower-case letters and numbers joined by hyphens');
      const ok = await c.post('/admin/frameworks', { name: 'Test framework', slug: `tf-${word}`, description: '' }, { csrfFrom: '/admin/frameworks' });
      expect(ok.status).toBe(303);
      const [{ id: frameworkId }] = await web.dataSource.query(`SELECT id FROM catalogue.framework WHERE slug = $1`, [`tf-${word}`]);
      const lotForm = `/admin/frameworks/${frameworkId}/lots/new`;
      expect((await c.post(`/admin/frameworks/${frameworkId}/lots`, { name: 'Test lot', slug: 'test-lot', kind: 'offerings', description: '' }, { csrfFrom: lotForm })).status).toBe(303);
      // The database refuses the duplicate (TypeORM logs the failed query; keep the test output clean).
      const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      const taken = await c.post(`/admin/frameworks/${frameworkId}/lots`, { name: 'Again', slug: 'test-lot', kind: 'offerings', description: '' }, { csrfFrom: lotForm });
      quiet.mockRestore();
      expect(taken.status).toBe(400);
      expectFieldError(taken.text, 'slug', 'That slug is already used here');
      const [{ id: lotId }] = await web.dataSource.query(`SELECT id FROM catalogue.lot WHERE framework_id = $1`, [frameworkId]);
      expect((await c.post(`/admin/lots/${lotId}/categories`, { name: 'Test category', slug: 'test-category' }, { csrfFrom: `/admin/lots/${lotId}/categories/new` })).status).toBe(303);
      expect((await c.get('/admin/frameworks')).text).toContain('Category Test category added');
      expect((await (await signedIn(supplier)).get('/admin/frameworks')).status).toBe(403);
    });

    it('verifies size declarations', async () => {
      const s = await web.factories.supplier({ band: 'medium', name: `Verify ${word} Ltd` });
      const c = await signedIn(platformAdmin);
      const list = await c.get('/admin/size-declarations');
      expect(list.text).toContain(`Verify ${word} Ltd`);
      const [{ id }] = await web.dataSource.query(`SELECT id FROM suppliers.size_declaration WHERE organisation_id = $1`, [s.organisation.id]);
      const res = await c.post(`/admin/size-declarations/${s.organisation.id}/${id}/verify`, {}, { csrfFrom: '/admin/size-declarations' });
      expect(res.status).toBe(303);
      expect((await c.get('/admin/size-declarations')).text).toContain(`Size declaration of Verify ${word} Ltd verified`);
      const sizePage = await (await signedIn(s.admin)).get('/supplier/size');
      expect(sizePage.text).toMatch(/Medium[\s\S]*Verified/);
    });
  });
});
