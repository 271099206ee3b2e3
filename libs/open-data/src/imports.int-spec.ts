import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ImportsService, OpenDataModule } from '@app/open-data';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { SmeRecomputeService, SmeReportsService } from '@app/reporting';
import { createTestContext, describeWithFixtures, TestContext } from '@app/testing';

const pct = (v: number | null) => (v == null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

/**
 * Every file in FIXTURES_DIR imported through the real import path (stream → batches →
 * ledger → rollups) against Postgres: the counts the data README states, idempotence, bad
 * input reported by position with the valid rest imported.
 */
describeWithFixtures('imports of the published data files', (dir) => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let imports: ImportsService;
  let reports: SmeReportsService;
  const scratch = mkdtempSync(path.join(tmpdir(), 'opm-import-test-'));

  beforeAll(async () => {
    ctx = await createTestContext({ IMPORT_DIR: path.join(scratch, 'kept') });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(ctx.config), DatabaseModule, RedisModule, QueueModule, OpenDataModule],
    }).compile();
    app = await moduleRef.init();
    ds = app.get(DataSource);
    imports = app.get(ImportsService);
    reports = app.get(SmeReportsService);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const importFile = async (file: string, kind?: 'ocds' | 'spend') => {
    const queued = await imports.enqueue(null, { path: file, fileName: path.basename(file), kind });
    return imports.run(queued.id);
  };
  const headline = (basis: 'award' | 'spend', dimension?: 'buyer', key?: string) =>
    reports.shareReport({ basis, by: 'period', period: 'fy', limit: 10, offset: 0 }).then((r) => r.headline);

  it('imports the G-Cloud spend file: 13,492 lines, credit notes netted, every line SME or large', async () => {
    const run = await importFile(path.join(dir, 'G-Cloud-Spend-14-07-14-v2-For-import.csv'));
    expect(run.status).toBe('done');
    expect(run.unitsRead).toBe(13492);
    expect(run.imported).toBe(13492);
    expect(run.problemCount).toBe(0);
    const [{ n, negatives, credit }] = await ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE amount < 0)::int AS negatives, round(sum(amount) FILTER (WHERE amount < 0), 2)::text AS credit FROM reporting.spend_line`,
    );
    expect({ n, negatives, credit }).toEqual({ n: 13492, negatives: 250, credit: '-3536833.23' });
    const [{ sme, large }] = await ds.query(
      `SELECT count(DISTINCT supplier_name) FILTER (WHERE size_band = 'sme')::int AS sme, count(DISTINCT supplier_name) FILTER (WHERE size_band = 'large')::int AS large FROM reporting.spend_line`,
    );
    expect({ sme, large }).toEqual({ sme: 255, large: 88 });
    const h = await headline('spend');
    expect(h.lines).toBe(13492);
    expect(h.countCoverage).toBe(1);
    expect(h.valueCoverage).toBe(1);
    const [{ total }] = await ds.query(`SELECT sum(amount)::text AS total FROM reporting.spend_line`);
    expect(h.valueGbp).toBeCloseTo(Number(total), 2);
    process.stdout.write(`\nG-Cloud spend: SME share by value ${pct(h.valueShare)}, by count (spend lines) ${pct(h.countShare)}, coverage ${pct(h.valueCoverage)} / ${pct(h.countCoverage)}, total £${h.valueGbp.toFixed(2)}\n`);
    const renamed = path.join(scratch, 'gcloud-copy.csv');
    copyFileSync(path.join(dir, 'G-Cloud-Spend-14-07-14-v2-For-import.csv'), renamed);
    await expect(importFile(renamed)).rejects.toMatchObject({ code: 'OPEN_DATA.ALREADY_IMPORTED' });
    const again = await importFile(path.join(dir, 'G-Cloud-Spend-14-07-14-v2-For-import.csv'));
    expect(again.imported).toBe(0);
    expect(again.unchanged).toBe(13492);
    expect((await headline('spend')).valueGbp).toBeCloseTo(h.valueGbp, 6);
  });

  it('imports the Contracts Finder release package: 141 awards in their latest state, framework agreements excluded', async () => {
    const run = await importFile(path.join(dir, 'contracts-finder-2025-releases.json'));
    expect(run.status).toBe('done');
    expect(run.unitsRead).toBe(200);
    expect(run.problemCount).toBe(0);
    const [{ ocids }] = await ds.query(`SELECT count(DISTINCT ocid)::int AS ocids FROM reporting.ocds_release`);
    expect(ocids).toBe(190);
    const [c] = await ds.query(
      `SELECT count(*)::int AS awards, count(*) FILTER (WHERE is_framework)::int AS frameworks, count(*) FILTER (WHERE status = 'active')::int AS active
         FROM reporting.source_contract WHERE source = 'ocds' AND ocid LIKE 'ocds-b5fd17-%'`,
    );
    expect(c).toEqual({ awards: 141, frameworks: 2, active: 141 });
    const h = await headline('award');
    process.stdout.write(`Contracts Finder: SME share by count ${pct(h.countShare)} (coverage ${pct(h.countCoverage)}), by value ${pct(h.valueShare)} (coverage ${pct(h.valueCoverage)}), ${h.lines} award-supplier lines\n`);
    expect(h.countShare).not.toBeNull();
    const again = await importFile(path.join(dir, 'contracts-finder-2025-releases.json'));
    expect(again.imported).toBe(0);
    expect((await headline('award')).weight).toBeCloseTo(h.weight, 9);
  });

  it('imports the Paraguay record package and the Ukraine release: values kept in PYG and UAH, unsuccessful award left out', async () => {
    expect((await importFile(path.join(dir, '277004.json'))).status).toBe('done');
    expect((await importFile(path.join(dir, 'ocds-be6bcu-UA-2017-04-12-001619-b-9c06e7fffe00412ebf6ec83fa2a10e04.json'))).status).toBe('done');
    const rows = await ds.query(
      `SELECT c.currency, c.status, c.amount::text AS amount, count(l.*)::int AS lines FROM reporting.source_contract c
         LEFT JOIN reporting.award_line l ON l.contract_id = c.id WHERE c.currency IN ('PYG', 'UAH') GROUP BY 1, 2, 3 ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { currency: 'PYG', status: 'active', amount: '2116219396.000000', lines: 3 },
      { currency: 'UAH', status: 'active', amount: '43788.900000', lines: expect.any(Number) },
      { currency: 'UAH', status: 'unsuccessful', amount: '42074.560000', lines: 0 },
    ]);
    // No rate for PYG or UAH: counted by weight, left out of value figures and said so.
    const [{ unconverted }] = await ds.query(`SELECT sum(unconverted_lines)::int AS unconverted FROM reporting.sme_rollup WHERE basis = 'award' AND dimension = 'all' AND grain = 'm'`);
    expect(unconverted).toBeGreaterThanOrEqual(4);
    const r = await app.get(SmeRecomputeService).recompute('test');
    expect(r.driftRows).toBe(0);
  });

  it('decodes a spend CSV as Mac OS Roman when told to (the G-Cloud file is in fact Mac Roman)', async () => {
    const header = 'ID,Framework,LotDescription,SupplierName,CustomerName,ReturnMonth,ProjectNameAndDescription,EvidencedSpend,Sector,SMEorLarge\r';
    const row = Buffer.concat([Buffer.from('950001,G-Cloud,2,ACME LTD,Information Commissioner'), Buffer.from([0xd5]), Buffer.from('s Office,2013-05-01,Hosting,10,Central Government,SME\r')]);
    const file = path.join(scratch, 'macroman.csv');
    writeFileSync(file, Buffer.concat([Buffer.from(header), row]));
    const queued = await imports.enqueue(null, { path: file, fileName: 'macroman.csv', encoding: 'macroman' });
    expect((await imports.run(queued.id)).imported).toBe(1);
    const [b] = await ds.query(`SELECT b.name FROM reporting.spend_line l JOIN reporting.buyer b USING (buyer_key) WHERE l.source_key = 'spend:macroman.csv:950001'`);
    expect(b.name).toBe('Information Commissioner\u2019s Office');
  });

  it('a corrected award notice in a later file supersedes the award it replaces: only the new one counts', async () => {
    const notice = (id: string, awardId: string, amount: number, date: string) => ({
      ocid: 'ocds-test-corrected', id, date, tag: ['award'], initiationType: 'tender',
      parties: [{ id: 'b', name: 'Test Council', roles: ['buyer'] }, { id: 's', name: 'Small Ltd', roles: ['supplier'], details: { scale: 'sme' } }],
      buyer: { id: 'b', name: 'Test Council' },
      awards: [{ id: awardId, status: 'active', date, value: { amount, currency: 'GBP' }, suppliers: [{ id: 's', name: 'Small Ltd' }] }],
    });
    const first = path.join(scratch, 'notice-1.json');
    const second = path.join(scratch, 'notice-2.json');
    writeFileSync(first, JSON.stringify({ releases: [notice('n-1', 'a-1', 18848731, '2025-03-11T12:21:44Z')] }));
    writeFileSync(second, JSON.stringify({ releases: [notice('n-2', 'a-2', 188487, '2025-03-11T12:27:50Z')] }));
    expect((await importFile(first)).imported).toBe(1);
    const run = await importFile(second);
    expect(run.status).toBe('done');
    const rows = await ds.query(
      `SELECT c.source_key, c.status, coalesce(sum(l.amount), 0)::text AS value FROM reporting.source_contract c LEFT JOIN reporting.award_line l ON l.contract_id = c.id
        WHERE c.ocid = 'ocds-test-corrected' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { source_key: 'ocds:ocds-test-corrected/a-1', status: 'cancelled', value: '0' },
      { source_key: 'ocds:ocds-test-corrected/a-2', status: 'active', value: '188487.000000' },
    ]);
    expect((await app.get(SmeRecomputeService).recompute('test')).driftRows).toBe(0);
  });

  it('reports bad input by position, imports the valid rest, and writes nothing of a bad release', async () => {
    const csv = path.join(scratch, 'bad.csv');
    writeFileSync(
      csv,
      'ID,Framework,LotDescription,SupplierName,CustomerName,ReturnMonth,ProjectNameAndDescription,EvidencedSpend,Sector,SMEorLarge\r' +
        '900001,G-Cloud,3,GOOD LTD,Some Council,2013-05-01,Hosting,100,Local Government,SME\r' +
        '900002,G-Cloud,3,SHORT ROW\r' +
        '900003,G-Cloud,3,OTHER LTD,Some Council,2013-05-01,Hosting,abc,Local Government,SME\r',
    );
    const run = await importFile(csv);
    expect(run.imported).toBe(1);
    expect(run.problems.map((p) => [p.position, p.field ?? null])).toEqual([
      [3, null],
      [4, 'EvidencedSpend'],
    ]);
    const json = path.join(scratch, 'bad.json');
    const release = (id: string, currency: string) => ({
      ocid: `ocds-test-${id}`, id: `${id}-1`, date: '2024-06-01T10:00:00Z', tag: ['award'], initiationType: 'tender',
      parties: [{ id: 'b', name: 'Test Council', roles: ['buyer'] }, { id: 's', name: 'Small Ltd', roles: ['supplier'], details: { scale: 'sme' } }],
      buyer: { id: 'b', name: 'Test Council' },
      awards: [{ id: 'a1', status: 'active', date: '2024-06-01T09:00:00Z', value: { amount: 1000, currency }, suppliers: [{ id: 's', name: 'Small Ltd' }] }],
    });
    // A good release, one with an unknown currency, then the file breaks off inside a third.
    writeFileSync(json, JSON.stringify({ uri: 'x', publishedDate: '2024-06-02T00:00:00Z', releases: [release('good', 'GBP'), release('bad', 'XXX'), release('cut', 'GBP')] }).slice(0, -60));
    const r2 = await importFile(json);
    expect(r2.imported).toBe(1);
    expect(r2.problemCount).toBeGreaterThanOrEqual(2); // the unknown currency, and the broken JSON at the end
    expect(r2.problems.some((p) => p.field?.includes('currency'))).toBe(true);
    const stored = await ds.query(`SELECT ocid FROM reporting.ocds_release WHERE ocid IN ('ocds-test-good', 'ocds-test-bad', 'ocds-test-cut') ORDER BY ocid`);
    expect(stored).toEqual([{ ocid: 'ocds-test-good' }]);
  });
});
