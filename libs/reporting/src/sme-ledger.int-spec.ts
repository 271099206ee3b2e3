import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { createTestContext, TestContext } from '@app/testing';
import { ReportingModule, ReportsCache, SmeLedgerService, SmeRecomputeService, SmeReportsService, SourceContract } from '@app/reporting';

const contract = (over: Partial<SourceContract> & { sourceKey: string }): SourceContract => ({
  source: 'ocds',
  title: 'Test award',
  status: 'active',
  isFramework: false,
  buyer: { key: 'buyer:a', name: 'Anytown Borough Council', sector: 'local' },
  framework: 'G-Cloud 14',
  lot: 'Cloud hosting',
  category: null,
  amount: '900.00',
  currency: 'GBP',
  dates: { award: '2024-05-10', publication: '2024-05-11T09:00:00Z', signature: null },
  suppliers: [
    { key: 's1', name: 'Small Co', band: 'small' },
    { key: 's2', name: 'Large plc', band: 'large' },
    { key: 's3', name: 'Who Knows Ltd', band: 'unknown' },
  ],
  ...over,
});

/** The SME ledger against real Postgres: lines and rollups move together, a recompute agrees, drift is found and repaired. */
describe('SME ledger and recompute', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let ledger: SmeLedgerService;
  let recompute: SmeRecomputeService;
  let reports: SmeReportsService;

  beforeAll(async () => {
    ctx = await createTestContext();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(ctx.config), DatabaseModule, RedisModule, QueueModule, ReportingModule],
    }).compile();
    app = await moduleRef.init();
    ds = app.get(DataSource);
    ledger = app.get(SmeLedgerService);
    recompute = app.get(SmeRecomputeService);
    reports = app.get(SmeReportsService);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const headline = (from = '2024-04', to = '2025-03') =>
    reports.shareReport({ basis: 'award', by: 'period', period: 'fy', from, to, limit: 50, offset: 0 }).then((r) => r.headline);

  it('splits an award three ways, keeps unknown size out of the share, and applies the same state once', async () => {
    const first = await ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: 'ocds:x/1' })]));
    expect(first).toEqual({ changed: 1, unchanged: 0 });
    const again = await ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: 'ocds:x/1' })]));
    expect(again).toEqual({ changed: 0, unchanged: 1 });
    const h = await headline();
    expect(h.lines).toBe(3);
    expect(h.countShare).toBeCloseTo(0.5, 9); // small vs large; unknown is neither
    expect(h.countCoverage).toBeCloseTo(2 / 3, 9);
    expect(h.valueGbp).toBeCloseTo(900, 6);
    expect(h.valueShare).toBeCloseTo(0.5, 9);
    const r = await recompute.recompute('test');
    expect(r.driftRows).toBe(0);
    expect((await recompute.currentChecksum()).checksum).toBe(r.checksum);
  });

  it('restates on cancellation, and the earlier snapshot still gives the earlier figure', async () => {
    await ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: 'ocds:x/2', suppliers: [{ key: 's9', name: 'Micro Ltd', band: 'micro' }] })]));
    const before = await recompute.recompute('test');
    const shareBefore = (await headline()).countShare;
    await ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: 'ocds:x/2', status: 'cancelled', suppliers: [{ key: 's9', name: 'Micro Ltd', band: 'micro' }] })]));
    const shareAfter = (await headline()).countShare;
    expect(shareAfter).not.toBeCloseTo(shareBefore!, 6);
    const after = await recompute.recompute('test');
    expect(after.driftRows).toBe(0);
    const old = await reports.shareReport({ basis: 'award', by: 'period', period: 'fy', from: '2024-04', to: '2025-03', snapshotId: before.snapshotId, limit: 50, offset: 0 });
    expect(old.headline.countShare).toBeCloseTo(shareBefore!, 9);
    expect(old.snapshot?.id).toBe(before.snapshotId);
  });

  it('finds drift in the kept rollups, records it and repairs it', async () => {
    await ds.query(`UPDATE reporting.sme_rollup SET weight = weight + 1 WHERE basis = 'award' AND dimension = 'all' AND grain = 'm' AND size_band = 'small'`);
    const r = await recompute.recompute('test');
    expect(r.driftRows).toBe(1);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM reporting.drift WHERE snapshot_id = $1`, [r.snapshotId]);
    expect(n).toBe(1);
    const again = await recompute.recompute('test');
    expect(again.driftRows).toBe(0);
    expect(again.checksum).toBe(r.checksum);
  });

  it('recomputes while awards keep coming: nothing waits on a lock, and the rollups stay equal to a full recompute', async () => {
    // Drift to repair, so the repair path runs alongside the awards too.
    await ds.query(`UPDATE reporting.sme_rollup SET lines = lines + 5 WHERE basis = 'award' AND dimension = 'buyer' AND grain = 'y'`);
    const awards = Array.from({ length: 30 }, (_, i) =>
      ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: `ocds:busy/${i}`, suppliers: [{ key: `b${i}`, name: `Busy ${i}`, band: i % 2 ? 'small' : 'large' }] })])),
    );
    const [run] = await Promise.all([recompute.recompute('test'), ...awards]);
    expect(run.driftRows).toBeGreaterThan(0);
    const check = await recompute.recompute('test');
    expect(check.driftRows).toBe(0);
    expect((await recompute.currentChecksum()).checksum).toBe(check.checksum);
  });

  it('two jobs for a new contract at once (its award and its cancellation) leave lines that match the state that won', async () => {
    for (let i = 0; i < 10; i++) {
      const key = `ocds:race/${i}`;
      await Promise.all([
        ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: key })])),
        ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: key, status: 'cancelled' })])),
      ]);
      const [row] = await ds.query(
        `SELECT c.status, (SELECT count(*)::int FROM reporting.award_line l WHERE l.contract_id = c.id) AS lines,
                (SELECT count(*)::int FROM reporting.award_line l WHERE l.contract_id NOT IN (SELECT id FROM reporting.source_contract)) AS orphans
           FROM reporting.source_contract c WHERE c.source_key = $1`,
        [key],
      );
      expect([row.status, row.lines, row.orphans]).toEqual([row.status, row.status === 'active' ? 3 : 0, 0]);
    }
    expect((await recompute.recompute('test')).driftRows).toBe(0);
  });

  it('keeps every snapshot of the last 35 days and, before that, the last of each month', async () => {
    const old = (days: number, id: string) =>
      ds.query(
        `INSERT INTO reporting.snapshot (id, snapshot_at, definition_version, trigger, award_lines, spend_lines, rollup_rows, checksum, drift_rows, duration_ms)
         VALUES ($1, date_trunc('month', now() - interval '3 months') + make_interval(days => $2), 'old', 'test', 0, 0, 0, repeat('0', 32), 0, 0)`,
        [id, days],
      );
    await old(1, '00000000-0000-4000-8000-000000000001');
    await old(20, '00000000-0000-4000-8000-000000000002');
    await recompute.recompute('test');
    const kept = (await ds.query(`SELECT id FROM reporting.snapshot WHERE definition_version = 'old'`)).map((r: { id: string }) => r.id);
    expect(kept).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect((await ds.query(`SELECT count(*)::int AS n FROM reporting.snapshot WHERE snapshot_at > now() - interval '1 day'`))[0].n).toBeGreaterThanOrEqual(4);
  });

  it('caches a report until the rollups change (version bumped after commit) or REPORT_CACHE_SECONDS pass', async () => {
    const cachedCtx = { ...ctx.config, reporting: { ...ctx.config.reporting, cacheSeconds: 60 } };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(cachedCtx as typeof ctx.config), DatabaseModule, RedisModule, QueueModule, ReportingModule],
    }).compile();
    const cachedApp = await moduleRef.init();
    try {
      const cachedReports = cachedApp.get(SmeReportsService);
      const q = { basis: 'award' as const, by: 'period' as const, period: 'fy' as const, from: '2024-04', to: '2025-03', limit: 50, offset: 0 };
      const first = await cachedReports.shareReport(q);
      await ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: 'ocds:cache/1', suppliers: [{ key: 'c1', name: 'Cache Ltd', band: 'micro' }] })]));
      expect((await cachedReports.shareReport(q)).headline.lines).toBe(first.headline.lines); // within the cache time: as it was
      expect((await reports.shareReport(q)).headline.lines).toBe(first.headline.lines + 1); // uncached: the change is there
      await cachedApp.get(ReportsCache).invalidate(); // what every service that changes the rollups does after committing
      expect((await cachedReports.shareReport(q)).headline.lines).toBe(first.headline.lines + 1);
    } finally {
      await cachedApp.close();
    }
  });

  it('records spend lines once, nets credit notes and leaves a currency with no rate out of value figures', async () => {
    const line = (key: string, amount: string, band: 'sme' | 'large') => ({
      sourceKey: `t:${key}`, supplierName: band === 'sme' ? 'Small Co' : 'Big plc', band, buyerName: 'Cabinet Office', sector: 'central' as const,
      framework: 'G-Cloud', lot: 'Lot 3', month: '2013-05-01', amount, currency: 'GBP', description: null,
    });
    const a = await ds.transaction((m) => ledger.applySpend(m, [line('1', '100.00', 'sme'), line('2', '-40.00', 'sme'), line('3', '240.00', 'large')]));
    expect(a).toEqual({ changed: 3, unchanged: 0 });
    expect(await ds.transaction((m) => ledger.applySpend(m, [line('1', '100.00', 'sme')]))).toEqual({ changed: 0, unchanged: 1 });
    const s = await reports.shareReport({ basis: 'spend', by: 'period', period: 'fy', limit: 50, offset: 0 });
    expect(s.headline.valueGbp).toBeCloseTo(300, 6);
    expect(s.headline.valueShare).toBeCloseTo(60 / 300, 9);
    await ds.transaction((m) => ledger.applyContracts(m, [contract({ sourceKey: 'ocds:py/1', amount: '1000', currency: 'PYG', buyer: { key: 'b:py', name: 'DNCP', sector: 'other' } })]));
    const py = await reports.shareReport({ basis: 'award', by: 'buyer', period: 'fy', dimension: 'buyer', key: 'b:py', limit: 50, offset: 0 });
    expect(py.headline.unconvertedLines).toBe(3);
    expect(py.headline.valueGbp).toBe(0);
    expect((await recompute.recompute('test')).driftRows).toBe(0);
  });
});
