import { ApiTestApp, TestContext, createApiTestApp, createTestContext } from '@app/testing';
import { DEMO_ORGANISATIONS, seedDemo } from '../src/seed-demo';

/** The demo data the quick start loads: suppliers of every band, with figures that derive that band, and searchable offerings. */
describe('seed-demo', () => {
  let ctx: TestContext;
  let api: ApiTestApp;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('declares every demo supplier in its intended band, publishes offerings, and changes nothing the second time', async () => {
    const lines: string[] = [];
    await seedDemo(api.app, (l) => lines.push(l));
    const bands = await api.dataSource.query(
      `SELECT o.name, d.derived_band AS band, d.band_mismatch AS mismatch FROM identity.organisation o
         JOIN suppliers.size_declaration d ON d.organisation_id = o.id AND d.valid_to IS NULL WHERE o.kind = 'supplier'`,
    );
    const expected = DEMO_ORGANISATIONS.filter((o) => o.sizeBand).map((o) => ({ name: o.name, band: o.sizeBand, mismatch: false }));
    expect(bands).toEqual(expect.arrayContaining(expected));
    expect(bands).toHaveLength(expected.length);

    const search = await api.http.get('/api/v1/offerings').query({ q: 'housing', smeOnly: 'true' }).expect(200);
    expect(search.body.items.map((i: { supplier: { name: string } }) => i.supplier.name)).toContain('Brightwave Digital');
    const all = await api.http.get('/api/v1/offerings').expect(200);
    expect(all.body.facets.sme).toMatchObject({ sme: 6, nonSme: 2 });

    // Tendering: a live requirement (listed, with an answer), an awarded one whose contract carries the winner's band, a draft (not listed).
    const open = await api.http.get('/api/v1/requirements').expect(200);
    expect(open.body.items.map((r: { title: string }) => r.title)).toEqual(['Discovery for a citizen appointment booking service']);
    const questions = await api.http.get(`/api/v1/requirements/${open.body.items[0].id}/questions`).expect(200);
    expect(questions.body).toEqual([expect.objectContaining({ text: 'Is there an incumbent supplier?', answer: 'No: this is a new service.' })]);
    const contracts = await api.http.get('/api/v1/contracts').expect(200);
    expect(contracts.body.items).toEqual([
      expect.objectContaining({ title: 'Accessibility audit of online forms', suppliers: [expect.objectContaining({ name: 'Tiny Pixel Studio', sizeBand: 'micro', sme: true })] }),
    ]);
    // Open data: the live requirement's tender release, the awarded one's tender and award releases, with the winner's scale; never the draft.
    expect(lines).toContain('3 OCDS release(s) published');
    const releases = (await api.http.get('/api/v1/ocds/releases').expect(200)).body.releases as { tag: string[]; tender: { title: string }; parties: { name: string; roles: string[]; details?: { scale: string } }[] }[];
    expect(releases.map((r) => `${r.tender.title}: ${r.tag.join('+')}`).sort()).toEqual([
      'Accessibility audit of online forms: award+contract',
      'Accessibility audit of online forms: tender',
      'Discovery for a citizen appointment booking service: tender',
    ]);
    expect(releases.flatMap((r) => r.parties.filter((p) => p.roles.includes('supplier')))).toEqual([expect.objectContaining({ name: 'Tiny Pixel Studio', details: { scale: 'micro' } })]);
    const awarded = releases.find((r) => r.tag.includes('award')) as unknown as { ocid: string };
    const record = (await api.http.get(`/api/v1/ocds/records/${awarded.ocid}`).expect(200)).body.records[0];
    expect(record.releases.map((r: { tag: string[] }) => r.tag.join('+'))).toEqual(['tender', 'award+contract']);
    const counts = async () =>
      Promise.all(
        ['suppliers.supplier_profile', 'suppliers.size_declaration', 'catalogue.offering', 'tendering.requirement', 'tendering.bid_submission', 'tendering.contract', 'open_data.release'].map((t) =>
          api.factories.count(t),
        ),
      );
    const before = await counts();
    lines.length = 0;
    await seedDemo(api.app, (l) => lines.push(l));
    expect(lines[0]).toBe('demo data already present');
    expect(await counts()).toEqual(before);
  });
});
