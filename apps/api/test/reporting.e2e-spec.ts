import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportsService } from '@app/open-data';
import { ApiTestApp, TestContext, createApiTestApp, createTestContext, describeWithFixtures } from '@app/testing';

const FILES = ['G-Cloud-Spend-14-07-14-v2-For-import.csv', 'contracts-finder-2025-releases.json', '277004.json', 'ocds-be6bcu-UA-2017-04-12-001619-b-9c06e7fffe00412ebf6ec83fa2a10e04.json'];

/** Contact e-mail addresses and telephone numbers anywhere in an OCDS file: personal data that must never come out of a report. */
function contactDetails(file: string): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    else if (typeof v === 'string' && /^(email|telephone|faxNumber)$/.test(key) && v.trim().length > 5) found.add(v.trim());
  };
  visit(JSON.parse(readFileSync(file, 'utf8')));
  return [...found];
}

/**
 * The reports API over HTTP with the four published data files imported: every breakdown in
 * JSON and CSV, bad queries refused naming the field, the OpenAPI document, and no personal
 * data (contact e-mails, phone numbers) in any output.
 */
describeWithFixtures('reports API (e2e)', (dir) => {
  let ctx: TestContext;
  let api: ApiTestApp;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
    const imports = api.app.get(ImportsService);
    for (const f of FILES) {
      const run = await imports.enqueue(null, { path: path.join(dir, f), fileName: f });
      expect((await imports.run(run.id)).status).toBe('done');
    }
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  const get = (q: string) => api.http.get(`/api/v1/reports/${q}`);
  const BREAKDOWNS = ['period', 'buyer', 'sector', 'framework', 'lot', 'category', 'band'];

  it('answers every breakdown of both bases in JSON and CSV, with coverage beside every share', async () => {
    for (const basis of ['award', 'spend']) {
      for (const by of BREAKDOWNS) {
        if (basis === 'spend' && by === 'category') continue;
        const res = await get(`sme-share?basis=${basis}&by=${by}&period=quarter`);
        expect([basis, by, res.status]).toEqual([basis, by, 200]);
        expect(res.body.rows.length).toBeGreaterThan(0);
        for (const r of res.body.rows) {
          expect(r).toHaveProperty('countCoverage');
          expect(r).toHaveProperty('valueCoverage');
          expect(r.countGreyed).toBe(r.countCoverage == null || r.countCoverage < 0.8);
        }
        const csv = await get(`sme-share?basis=${basis}&by=${by}&format=csv`);
        expect(csv.status).toBe(200);
        expect(csv.headers['content-type']).toMatch(/^text\/csv/);
        const lines = csv.text.trim().split('\n');
        expect(lines[0]).toBe('key,label,count_share,count_coverage,count_greyed,value_share,value_coverage,value_greyed,lines,weight,value_gbp,sme_weight,sme_value_gbp,unconverted_lines');
        expect(lines.at(-1)).toMatch(/^total,All,/);
      }
    }
    const pct = (v: number | null) => (v == null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
    const award = (await get('sme-share?basis=award&by=period&period=fy')).body.headline;
    process.stdout.write(
      `\nall four files imported — awards: SME share by count ${pct(award.countShare)} (coverage ${pct(award.countCoverage)}), by value ${pct(award.valueShare)} ` +
        `(coverage ${pct(award.valueCoverage)}), ${award.lines} lines, ${award.unconvertedLines} in currencies without a rate\n`,
    );
    const spend = (await get('sme-share?basis=spend&by=period&period=fy')).body;
    expect(spend.headline.lines).toBe(13492);
    expect(spend.rows.map((r: { key: string }) => r.key)).toEqual(['FY2012-13', 'FY2013-14', 'FY2014-15']);
  });

  it('drills down from a breakdown row to the lines behind it, and grades buyers against the target', async () => {
    const byBuyer = (await get('sme-share?basis=award&by=buyer&limit=5')).body;
    const top = byBuyer.rows[0];
    const lines = (await get(`sme-share/lines?basis=award&dimension=buyer&key=${encodeURIComponent(top.key)}&limit=100`)).body;
    expect(lines.total).toBe(top.lines);
    expect(lines.items.every((l: { buyerName: string }) => l.buyerName === top.label)).toBe(true);
    const cards = (await get('scorecards?limit=100')).body;
    expect(cards.target).toBe(0.33);
    for (const c of cards.items) if (c.grade) expect(['A+', 'A', 'B', 'C', 'D', 'F']).toContain(c.grade);
    expect((await get('scorecards?format=csv')).text.split('\n')[0]).toBe('buyer,value_share,value_coverage,attainment_percent,grade,lines,value_gbp');
    expect((await get('funnel')).body.stages.map((s: { stage: string }) => s.stage)).toEqual(['registered', 'bidders', 'shortlisted', 'awarded']);
  });

  it('refuses bad queries naming the field, with nothing read', async () => {
    const problem = async (q: string, field: string) => {
      const res = await get(q);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await problem('sme-share?from=2024-13', 'from');
    await problem('sme-share?by=colour', 'by');
    await problem('sme-share?basis=invoices', 'basis');
    await problem('sme-share?period=week', 'period');
    await problem('sme-share?sector=mars', 'sector');
    await problem('sme-share?dimension=buyer', 'key');
    await problem('sme-share?by=lot&dimension=buyer&key=x', 'dimension');
    await problem('sme-share?basis=spend&by=category', 'by');
    await problem('sme-share?from=2025-03&to=2024-04', 'to');
    await problem('sme-share?snapshot=123', 'snapshot');
    await problem('sme-share?organisationId=x', 'organisationId');
    await problem('funnel?buyerId=nope', 'buyerId');
  });

  it('never shows personal data: no contact e-mail or phone number of the imported files appears in any output', async () => {
    const secrets = FILES.filter((f) => f.endsWith('.json')).flatMap((f) => contactDetails(path.join(dir, f)));
    expect(secrets.length).toBeGreaterThan(10);
    const outputs: string[] = [];
    for (const basis of ['award', 'spend']) {
      for (const by of BREAKDOWNS) if (!(basis === 'spend' && by === 'category')) outputs.push((await get(`sme-share?basis=${basis}&by=${by}&limit=500`)).text);
      outputs.push((await get(`sme-share/lines?basis=${basis}&limit=200`)).text, (await get(`sme-share/lines?basis=${basis}&limit=200&format=csv`)).text);
    }
    outputs.push((await get('scorecards?limit=200')).text, (await get('funnel')).text, (await get('snapshots')).text);
    const all = outputs.join('\n');
    for (const s of secrets) expect(all.includes(s) ? s : null).toBeNull();
    expect(all).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });

  it('documents every report in OpenAPI, with response shapes', async () => {
    const doc = (await api.http.get('/api/docs/openapi.json')).body;
    for (const p of ['/api/v1/reports/sme-share', '/api/v1/reports/sme-share/lines', '/api/v1/reports/scorecards', '/api/v1/reports/funnel', '/api/v1/imports']) expect(Object.keys(doc.paths)).toContain(p);
    const ok = doc.paths['/api/v1/reports/sme-share'].get.responses['200'];
    expect(Object.keys(ok.content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    expect(doc.components.schemas.ShareReportDto.properties.headline).toBeDefined();
  });
});
