import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { ApiTestApp, TestContext, createApiTestApp, createTestContext } from '@app/testing';

/**
 * Supplier registry and catalogue through the API: profiles and size
 * declarations (bad input, history and "band at T"), offerings and their
 * versions, tenancy, and search (operators, filters, facets, highlights,
 * fair tie-break, stable pages).
 */
describe('suppliers and catalogue API', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  const tag = () => randomBytes(4).toString('hex');
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  function expectProblem(res: Response, status: number, fields: string[]): void {
    expect({ status: res.status, type: res.headers['content-type'] }).toMatchObject({ status, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(res.body.code).toMatch(/^[A-Z]+\.[A-Z_]+$/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
  }

  async function signedInSupplier(band: 'micro' | 'small' | 'medium' | 'large' | null = null, name?: string) {
    const s = await api.factories.supplier({ band, name });
    const { accessToken } = await api.signIn(s.admin.email, s.admin.password);
    return { ...s, token: accessToken, orgId: s.organisation.id };
  }

  const profile = (over: Record<string, unknown> = {}) => ({
    legalName: 'Harbour Data Limited',
    tradingName: 'Harbour Data',
    companiesHouseNumber: 'SC123456',
    address: { line1: '1 Quay Street', town: 'Aberdeen', postcode: 'AB11 5BN' },
    contact: { name: 'Morag Reid', email: 'bids@harbour.example' },
    vcse: false,
    startup: true,
    ...over,
  });

  const declaration = (over: Record<string, unknown> = {}) => ({
    headcount: 12,
    turnover: { amount: '1500000.00', currency: 'GBP' },
    balanceSheet: { amount: '800000', currency: 'GBP' },
    figuresDate: '2026-03-31',
    ...over,
  });

  const lotId = async (slug: string) => (await api.dataSource.query(`SELECT id FROM catalogue.lot WHERE slug = $1`, [slug]))[0].id as string;

  const offering = async (over: Record<string, unknown> = {}) => ({
    lotId: await lotId('cloud-hosting'),
    categoryIds: [],
    title: 'Managed harbour telemetry platform',
    summary: 'Tidal harbour telemetry for port authorities and councils.',
    description: 'We collect and store sensor data from harbours.',
    features: ['Real-time dashboards'],
    benefits: ['No servers to run'],
    price: { min: '250.00', max: '900.00', unit: 'per instance', interval: 'per month', currency: 'GBP' },
    ...over,
  });

  const writes = async () => ({
    profiles: await api.factories.count('suppliers.supplier_profile'),
    declarations: await api.factories.count('suppliers.size_declaration'),
    offerings: await api.factories.count('catalogue.offering'),
    audit: await api.factories.count('audit.audit_event'),
  });

  describe('profile and size declaration', () => {
    it('saves a profile; the public page shows it with the band in force but never the figures', async () => {
      const s = await signedInSupplier();
      const saved = await api.http.put(`/api/v1/suppliers/${s.orgId}/profile`).set(bearer(s.token)).send(profile({ companiesHouseNumber: 'sc123456' }));
      expect(saved.status).toBe(200);
      expect(saved.body.profile).toMatchObject({ legalName: 'Harbour Data Limited', companiesHouseNumber: 'SC123456', startup: true });
      await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token)).send(declaration()).expect(201);
      const pub = await api.http.get(`/api/v1/suppliers/${s.orgId}`).expect(200);
      expect(pub.body).toMatchObject({ name: 'Harbour Data', size: { band: 'small', sme: true, definition: 'eu-2003-361', verified: false } });
      expect(JSON.stringify(pub.body)).not.toContain('1500000');
    });

    it.each([
      ['an invalid Companies House number', 'profile', { companiesHouseNumber: '1234567' }, 'companiesHouseNumber'],
      ['a Companies House number with one letter', 'profile', { companiesHouseNumber: 'S1234567' }, 'companiesHouseNumber'],
      ['a negative headcount', 'declaration', { headcount: -1 }, 'headcount'],
      ['an unknown currency', 'declaration', { turnover: { amount: '10', currency: 'XQQ' } }, 'turnover.currency'],
      ['a malformed currency', 'declaration', { balanceSheet: { amount: '10', currency: 'pounds' } }, 'balanceSheet.currency'],
      ['a negative amount', 'declaration', { turnover: { amount: '-5', currency: 'GBP' } }, 'turnover.amount'],
      ['a date in the future', 'declaration', { figuresDate: '2999-01-01' }, 'figuresDate'],
      ['an unknown field (derivedBand)', 'declaration', { derivedBand: 'micro' }, 'derivedBand'],
      ['an unknown field (verificationStatus)', 'profile', { verificationStatus: 'verified' }, 'verificationStatus'],
    ])('refuses %s with 400 naming the field, and writes nothing', async (_what, kind, over, field) => {
      const s = await signedInSupplier();
      const before = await writes();
      const res =
        kind === 'profile'
          ? await api.http.put(`/api/v1/suppliers/${s.orgId}/profile`).set(bearer(s.token)).send(profile(over))
          : await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token)).send(declaration(over));
      expectProblem(res, 400, [field]);
      expect(await writes()).toEqual(before);
    });

    it('keeps the stated band beside the derived one and flags the disagreement', async () => {
      const s = await signedInSupplier();
      const res = await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token)).send(declaration({ statedBand: 'micro' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ statedBand: 'micro', derivedBand: 'small', bandMismatch: true, validTo: null });
    });

    it('converts other currencies to the definition currency before banding (GBP turnover over €2m is not micro)', async () => {
      const s = await signedInSupplier();
      // £1,800,000 × 1.17 = €2,106,000 > €2m turnover; balance sheet £1,750,000 → €2,047,500 > €2m: small, not micro.
      const res = await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token))
        .send(declaration({ headcount: 5, turnover: { amount: '1800000', currency: 'GBP' }, balanceSheet: { amount: '1750000', currency: 'GBP' } }));
      expect(res.body.derivedBand).toBe('small');
    });

    it('a supplier that grows from small to large: band at T is small before the change and large after', async () => {
      const s = await signedInSupplier(null);
      const first = await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token)).send(declaration()).expect(201);
      const second = await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token))
        .send(declaration({ headcount: 400, turnover: { amount: '90000000', currency: 'GBP' }, balanceSheet: { amount: '70000000', currency: 'GBP' } }))
        .expect(201);
      expect(second.body.derivedBand).toBe('large');

      const history = await api.http.get(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token)).expect(200);
      expect(history.body.items.map((d: { derivedBand: string }) => d.derivedBand)).toEqual(['large', 'small']);
      const [closed] = history.body.items.filter((d: { id: string }) => d.id === first.body.id);
      expect(closed.validTo).toBe(second.body.validFrom);

      // Times travel in JSON with millisecond precision (the database keeps microseconds): ask 1 ms either side of the change.
      const at = (t: string) => api.http.get(`/api/v1/suppliers/${s.orgId}/size-band`).query({ at: t }).expect(200).then((r) => r.body);
      const shift = (t: string, ms: number) => new Date(new Date(t).getTime() + ms).toISOString();
      expect(await at(shift(first.body.validFrom, -1000))).toMatchObject({ band: 'unknown', declarationId: null });
      expect(await at(shift(second.body.validFrom, -1))).toMatchObject({ band: 'small', sme: true, declarationId: first.body.id });
      expect(await at(shift(second.body.validFrom, 1))).toMatchObject({ band: 'large', sme: false, declarationId: second.body.id });
      expect(await at(new Date(Date.now() + 86_400_000).toISOString())).toMatchObject({ band: 'large' });
    });

    it('a platform admin verifies a declaration, once; audited', async () => {
      const s = await signedInSupplier();
      const decl = await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token)).send(declaration()).expect(201);
      const { user } = await api.factories.member('platform', 'platform_admin');
      const admin = (await api.signIn(user.email, user.password)).accessToken;
      const queue = await api.http.get('/api/v1/admin/size-declarations').set(bearer(admin)).expect(200);
      expect(queue.body.items.map((d: { id: string }) => d.id)).toContain(decl.body.id);
      const ok = await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations/${decl.body.id}/verify`).set(bearer(admin)).expect(200);
      expect(ok.body.verifiedAt).toEqual(expect.any(String));
      await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations/${decl.body.id}/verify`).set(bearer(admin)).expect(409);
      const [audit] = await api.dataSource.query(`SELECT action FROM audit.audit_event WHERE subject_id = $1 AND action = 'suppliers.size.verified'`, [decl.body.id]);
      expect(audit).toBeDefined();
    });

    it("one supplier cannot edit another's profile or declare its size", async () => {
      const a = await signedInSupplier();
      const b = await signedInSupplier();
      const before = await writes();
      await api.http.put(`/api/v1/suppliers/${b.orgId}/profile`).set(bearer(a.token)).send(profile()).expect(404);
      await api.http.post(`/api/v1/suppliers/${b.orgId}/size-declarations`).set(bearer(a.token)).send(declaration()).expect(404);
      await api.http.get(`/api/v1/suppliers/${b.orgId}/size-declarations`).set(bearer(a.token)).expect(404);
      expect(await writes()).toEqual(before);
    });
  });

  describe('offerings', () => {
    it('draft → published; an edit makes version 2 and version 1 stays readable; another supplier can neither read the draft nor edit', async () => {
      const a = await signedInSupplier('micro');
      const b = await signedInSupplier('large');
      const created = await api.http.post('/api/v1/offerings').set(bearer(a.token)).send(await offering()).expect(201);
      const id = created.body.id;
      expect(created.body).toMatchObject({ status: 'draft', version: 1, supplier: { sizeBand: 'micro', sme: true } });
      await api.http.get(`/api/v1/offerings/${id}`).expect(404);
      await api.http.get(`/api/v1/offerings/${id}`).set(bearer(b.token)).expect(404);
      await api.http.put(`/api/v1/offerings/${id}`).set(bearer(b.token)).send(await offering({ title: 'Hijacked' })).expect(404);
      await api.http.post(`/api/v1/offerings/${id}/publish`).set(bearer(b.token)).expect(404);

      await api.http.post(`/api/v1/offerings/${id}/publish`).set(bearer(a.token)).expect(200);
      await api.http.get(`/api/v1/offerings/${id}`).expect(200);
      const edited = await api.http.put(`/api/v1/offerings/${id}`).set(bearer(a.token)).send(await offering({ title: 'Managed harbour telemetry, second edition' })).expect(200);
      expect(edited.body).toMatchObject({ version: 2, status: 'published', title: 'Managed harbour telemetry, second edition' });
      const versions = await api.http.get(`/api/v1/offerings/${id}/versions`).expect(200);
      expect(versions.body.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([[2, true], [1, false]]);
      const v1 = await api.http.get(`/api/v1/offerings/${id}/versions/1`).expect(200);
      expect(v1.body.content.title).toBe('Managed harbour telemetry platform');

      await api.http.post(`/api/v1/offerings/${id}/withdraw`).set(bearer(a.token)).send({}).expect(200);
      const again = await api.http.post(`/api/v1/offerings/${id}/publish`).set(bearer(a.token));
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CATALOGUE.ILLEGAL_TRANSITION' });
      await api.http.put(`/api/v1/offerings/${id}`).set(bearer(a.token)).send(await offering()).expect(409);
    });

    it('refuses a lot that takes requirements, a category of another lot, max below min, an unknown currency — naming each field', async () => {
      const a = await signedInSupplier();
      const [otherCategory] = await api.dataSource.query(`SELECT c.id FROM catalogue.category c JOIN catalogue.lot l ON l.id = c.lot_id WHERE l.slug = 'cloud-software' LIMIT 1`);
      const before = await writes();
      const r1 = await api.http.post('/api/v1/offerings').set(bearer(a.token)).send(await offering({ lotId: await lotId('digital-outcomes') }));
      expectProblem(r1, 400, ['lotId']);
      const r2 = await api.http.post('/api/v1/offerings').set(bearer(a.token))
        .send(await offering({ categoryIds: [otherCategory.id], price: { min: '10', max: '5', unit: 'per user', currency: 'XYZ' } }));
      expectProblem(r2, 400, ['categoryIds[0]', 'price.max', 'price.currency']);
      expect(await writes()).toEqual(before);
    });

    it('a pending supplier cannot publish', async () => {
      const pending = await api.factories.supplier({ status: 'pending' });
      const token = (await api.signIn(pending.admin.email, pending.admin.password)).accessToken;
      const draft = await api.http.post('/api/v1/offerings').set(bearer(token)).send(await offering()).expect(201);
      const res = await api.http.post(`/api/v1/offerings/${draft.body.id}/publish`).set(bearer(token));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'CATALOGUE.SUPPLIER_NOT_VERIFIED' });
    });

    it('a platform admin suspends (reason required) and reinstates; a suspended offering leaves search and its public page', async () => {
      const s = await signedInSupplier('small');
      const word = `susp${tag()}`;
      const id = await api.factories.offering({ organisationId: s.orgId, title: `Suspendable ${word}` });
      const { user } = await api.factories.member('platform', 'platform_admin');
      const admin = (await api.signIn(user.email, user.password)).accessToken;
      expectProblem(await api.http.post(`/api/v1/offerings/${id}/suspend`).set(bearer(admin)).send({}), 400, ['reason']);
      await api.http.post(`/api/v1/offerings/${id}/suspend`).set(bearer(admin)).send({ reason: 'Pricing under review' }).expect(200);
      expect((await api.http.get('/api/v1/offerings').query({ q: word }).expect(200)).body.total).toBe(0);
      await api.http.get(`/api/v1/offerings/${id}`).expect(404);
      const own = await api.http.get(`/api/v1/offerings/${id}`).set(bearer(s.token)).expect(200);
      expect(own.body).toMatchObject({ status: 'suspended', statusReason: 'Pricing under review' });
      await api.http.post(`/api/v1/offerings/${id}/suspend`).set(bearer(s.token)).send({ reason: 'x' }).expect(403);
      await api.http.post(`/api/v1/offerings/${id}/reinstate`).set(bearer(admin)).expect(200);
      expect((await api.http.get('/api/v1/offerings').query({ q: word }).expect(200)).body.total).toBe(1);
    });

    it('keeps the supplier name and band on offerings in step with the profile and declarations', async () => {
      const s = await signedInSupplier('micro');
      const id = await api.factories.offering({ organisationId: s.orgId, title: `Copy check ${tag()}` });
      await api.http.put(`/api/v1/suppliers/${s.orgId}/profile`).set(bearer(s.token)).send(profile({ tradingName: 'Renamed Trading Co' })).expect(200);
      await api.http.post(`/api/v1/suppliers/${s.orgId}/size-declarations`).set(bearer(s.token))
        .send(declaration({ headcount: 300, turnover: { amount: '90000000', currency: 'GBP' }, balanceSheet: { amount: '90000000', currency: 'GBP' } }))
        .expect(201);
      const res = await api.http.get(`/api/v1/offerings/${id}`).expect(200);
      expect(res.body.supplier).toMatchObject({ name: 'Renamed Trading Co', sizeBand: 'large', sme: false });
    });
  });

  describe('search', () => {
    const word = `zq${tag()}`; // a made-up word only this block's offerings carry
    let sme: string;
    let large: string;
    let lotHosting: string;

    beforeAll(async () => {
      const micro = await api.factories.supplier({ band: 'micro', name: `Micro ${word} Ltd` });
      const big = await api.factories.supplier({ band: 'large', name: `Large ${word} plc` });
      const unknown = await api.factories.supplier({ band: null });
      lotHosting = await lotId('cloud-hosting');
      sme = await api.factories.offering({ organisationId: micro.organisation.id, lotSlug: 'cloud-hosting', title: `Tidal ${word} telemetry`, summary: `Harbour sensors ${word} with tidal harbour telemetry.`, priceMin: '300' });
      large = await api.factories.offering({ organisationId: big.organisation.id, lotSlug: 'cloud-hosting', title: `Enterprise ${word} telemetry`, summary: `Tidal harbour telemetry at scale ${word}.`, priceMin: '9000' });
      await api.factories.offering({ organisationId: unknown.organisation.id, lotSlug: 'cloud-software', title: `Harbour ${word} billing`, summary: `Invoices for marinas ${word}.`, priceMin: '50' });
      await api.factories.offering({ organisationId: micro.organisation.id, lotSlug: 'cloud-support', title: `Draft ${word} hidden`, status: 'draft' });
    });

    const search = (q: Record<string, unknown>) => api.http.get('/api/v1/offerings').query(q).expect(200).then((r) => r.body);
    const titles = (body: { items: { title: string }[] }) => body.items.map((i) => i.title).sort();

    it('finds a phrase, AND by default, OR, and -word; never drafts', async () => {
      expect(titles(await search({ q: `${word} "tidal harbour telemetry"` }))).toEqual([`Enterprise ${word} telemetry`, `Tidal ${word} telemetry`]);
      expect(titles(await search({ q: `${word} billing` }))).toEqual([`Harbour ${word} billing`]);
      expect(titles(await search({ q: `${word} billing OR enterprise` }))).toEqual([`Enterprise ${word} telemetry`, `Harbour ${word} billing`]);
      expect(titles(await search({ q: `${word} -enterprise -billing` }))).toEqual([`Tidal ${word} telemetry`]);
      expect((await search({ q: `${word} hidden` })).total).toBe(0);
    });

    it('filters SME only, by band, lot and price, with facet counts over the filtered result', async () => {
      const smeOnly = await search({ q: `"tidal harbour telemetry" ${word}`, smeOnly: 'true' });
      expect(smeOnly.items.map((i: { id: string }) => i.id)).toEqual([sme]);
      expect(smeOnly.items[0].supplier).toMatchObject({ sizeBand: 'micro', sme: true });
      const all = await search({ q: word });
      expect(all.total).toBe(3);
      expect(all.facets.sme).toEqual({ sme: 1, nonSme: 1, unknown: 1 });
      expect(all.facets.sizeBands).toEqual(expect.arrayContaining([{ value: 'micro', label: 'Micro', count: 1 }, { value: 'unknown', label: 'Not declared', count: 1 }]));
      expect(all.facets.lots).toEqual(expect.arrayContaining([{ value: lotHosting, label: 'Cloud hosting', count: 2 }]));
      expect((await search({ q: word, sizeBand: 'large' })).items.map((i: { id: string }) => i.id)).toEqual([large]);
      expect((await search({ q: word, sizeBand: 'unknown' })).total).toBe(1);
      expect((await search({ q: word, lotId: lotHosting, priceMax: '1000' })).items.map((i: { id: string }) => i.id)).toEqual([sme]);
    });

    it('highlights matches as escaped HTML with <mark>', async () => {
      const body = await search({ q: `${word} "tidal harbour telemetry"`, smeOnly: 'true' });
      expect(body.items[0].highlight.summary).toContain('<mark>tidal</mark> <mark>harbour</mark> <mark>telemetry</mark>');
      expect(body.interpretedAs).toContain("'tidal' <-> 'harbour' <-> 'telemetri'");
    });

    it('an empty search lists everything with facets; stop words alone do the same, saying so', async () => {
      const empty = await search({});
      expect(empty.total).toBeGreaterThanOrEqual(3);
      expect(empty.facets.lots.length).toBeGreaterThan(0);
      const stop = await search({ q: 'the and' });
      expect({ total: stop.total, wordsIgnored: stop.wordsIgnored }).toEqual({ total: empty.total, wordsIgnored: true });
    });

    it('orders equal scores by a hash, not by supplier id or name, and pages never overlap or skip', async () => {
      const w = `eq${tag()}`;
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) {
        const s = await api.factories.supplier({ band: 'small', name: `${String.fromCharCode(65 + i)} Equal ${w}` });
        ids.push(await api.factories.offering({ organisationId: s.organisation.id, title: `Identical ${w} service`, summary: 'Same words everywhere.' }));
      }
      const pages = [];
      for (let offset = 0; offset < 24; offset += 5) pages.push(await search({ q: w, limit: 5, offset }));
      const seen = pages.flatMap((p) => p.items.map((i: { id: string }) => i.id));
      expect(new Set(seen).size).toBe(24);
      expect([...seen].sort()).toEqual([...ids].sort());
      expect(new Set(pages.flatMap((p) => p.items.map((i: { rank: number }) => i.rank))).size).toBe(1);
      // Equal scores: the order is neither by id nor by supplier name (created in alphabetical order).
      expect(seen).not.toEqual([...ids].sort());
      expect(seen).not.toEqual(ids);
      // And it is the same order every time.
      const again = (await search({ q: w, limit: 24 })).items.map((i: { id: string }) => i.id);
      expect(again).toEqual(seen);
    });

    it('answers 400 naming the parameter for a bad filter', async () => {
      expectProblem(await api.http.get('/api/v1/offerings').query({ sizeBand: 'huge' }), 400, ['sizeBand']);
      expectProblem(await api.http.get('/api/v1/offerings').query({ priceMin: 'cheap' }), 400, ['priceMin']);
      expectProblem(await api.http.get('/api/v1/offerings').query({ lotId: 'cloud' }), 400, ['lotId']);
    });
  });

  describe('saved searches and shortlists', () => {
    it('a buyer saves a search and shortlists an offering (its version recorded); another buyer sees neither', async () => {
      const { user } = await api.factories.member('buyer', 'buyer_user');
      const token = (await api.signIn(user.email, user.password)).accessToken;
      const { user: other } = await api.factories.member('buyer', 'buyer_admin');
      const otherToken = (await api.signIn(other.email, other.password)).accessToken;
      const s = await api.factories.supplier({ band: 'micro' });
      const offeringId = await api.factories.offering({ organisationId: s.organisation.id });

      const saved = await api.http.post('/api/v1/saved-searches').set(bearer(token)).send({ name: 'SME hosting', query: { q: 'hosting', smeOnly: true } }).expect(201);
      expect(saved.body.query).toEqual({ q: 'hosting', smeOnly: true });
      expectProblem(await api.http.post('/api/v1/saved-searches').set(bearer(token)).send({ name: 'Bad', query: { sizeBand: 'huge' } }), 400, ['query.sizeBand']);
      const list = await api.http.post('/api/v1/shortlists').set(bearer(token)).send({ name: 'Telemetry' }).expect(201);
      const added = await api.http.post(`/api/v1/shortlists/${list.body.id}/items`).set(bearer(token)).send({ offeringId, note: 'Good fit' }).expect(201);
      expect(added.body.items).toEqual([expect.objectContaining({ offeringId, offeringVersion: 1, note: 'Good fit', supplierBand: 'micro' })]);

      await api.http.get(`/api/v1/shortlists/${list.body.id}`).set(bearer(otherToken)).expect(404);
      await api.http.delete(`/api/v1/saved-searches/${saved.body.id}`).set(bearer(otherToken)).expect(404);
      expect((await api.http.get('/api/v1/shortlists').set(bearer(otherToken)).expect(200)).body.total).toBe(0);

      const removed = await api.http.delete(`/api/v1/shortlists/${list.body.id}/items/${offeringId}`).set(bearer(token)).expect(200);
      expect(removed.body.items).toEqual([]);
    });
  });
});
