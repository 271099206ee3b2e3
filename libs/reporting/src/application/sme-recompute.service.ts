import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '@app/shared';
import { SME_DEFINITION_VERSION } from '../domain/sme-lines';
import { ReportsCache } from './reports-cache';
import { FY_START, ROLLUP_KEY, ROLLUP_SUMS, applyDelta, checksumSql } from '../infrastructure/rollup-sql';

export interface RecomputeResult {
  snapshotId: string;
  snapshotAt: string;
  checksum: string;
  /** Rollup rows the incremental path had wrong (or missing, or extra), now repaired. */
  driftRows: number;
  rollupRows: number;
  awardLines: number;
  spendLines: number;
  durationMs: number;
}

/**
 * Snapshots kept: every run of the last 35 days, and before that the last run of each month
 * (Europe/London) — enough to reproduce any published monthly figure without the stored
 * figures growing without bound (each run stores a full copy of the rollups).
 */
const RETENTION_SQL = `DELETE FROM reporting.snapshot s
   WHERE s.snapshot_at < now() - interval '35 days'
     AND EXISTS (SELECT 1 FROM reporting.snapshot later
                  WHERE later.snapshot_at > s.snapshot_at
                    AND date_trunc('month', later.snapshot_at AT TIME ZONE 'Europe/London') = date_trunc('month', s.snapshot_at AT TIME ZONE 'Europe/London'))`;

/** At most this many drifted rows are recorded in detail per run (all are repaired). */
const DRIFT_DETAIL_LIMIT = 1000;

/** Month-grain rollup rows of one basis straight from its lines: one pass, a grouping set per dimension. */
function monthSets(basis: 'award' | 'spend'): string {
  const dims = basis === 'award' ? ['buyer_key', 'framework', 'lot', 'category'] : ['buyer_key', 'framework', 'lot'];
  const names: Record<string, string> = { buyer_key: 'buyer', framework: 'framework', lot: 'lot', category: 'category' };
  const dimension = `CASE ${dims.map((d) => `WHEN GROUPING(${d}) = 0 THEN '${names[d]}'`).join(' ')} ELSE 'all' END`;
  const key = `CASE ${dims.map((d) => `WHEN GROUPING(${d}) = 0 THEN ${d}`).join(' ')} ELSE '' END`;
  const weight = basis === 'award' ? 'sum(weight)' : 'count(*)::numeric';
  const sets = ['(buyer_sector, month, size_band)', ...dims.map((d) => `(buyer_sector, month, size_band, ${d})`)].join(', ');
  return `SELECT '${basis}'::varchar AS basis, (${dimension})::varchar AS dimension, (${key})::varchar AS dim_key, buyer_sector, 'm'::char(1) AS grain, month, size_band,
      count(*)::bigint AS lines, ${weight}::numeric AS weight, coalesce(sum(amount_gbp), 0)::numeric AS value_gbp, count(amount_gbp)::bigint AS value_lines,
      (count(*) FILTER (WHERE amount IS NOT NULL AND amount_gbp IS NULL))::bigint AS unconverted_lines
    FROM reporting.${basis}_line GROUP BY GROUPING SETS (${sets})`;
}

/**
 * The full recompute (product.md §4 rule 2, quality.md S5): every rollup row from the raw
 * lines, compared by checksum with the incrementally kept rollups; any drift recorded and
 * repaired; the run stored as a snapshot (its figures, `snapshot_at`, the definition
 * version) so that earlier figures can be reproduced after later restatements.
 *
 * The sums and the comparison are read in one REPEATABLE READ snapshot, so they see the lines
 * and the rollups as of one instant while awards and imports go on (nothing is locked). The
 * repair is then applied as additive corrections (fresh − kept, per row) through the same
 * delta upsert the incremental path uses, in a second transaction with the snapshot's rows:
 * changes committed in between are additive too, so they stay counted. A run killed at any
 * point leaves either nothing or everything.
 */
@Injectable()
export class SmeRecomputeService {
  private readonly logger = new Logger('SmeRecompute');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ReportsCache,
  ) {}

  async recompute(trigger: string, progress: (pct: number, phase: string) => Promise<void> = async () => undefined): Promise<RecomputeResult> {
    const started = Date.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      // One recompute at a time (the schedule and a request may overlap): two would both repair the same drift.
      await runner.query(`SELECT pg_advisory_lock(hashtextextended('reporting.recompute', 0))`);
      locked = true;
      await runner.query(`SET work_mem = '256MB'`);
      await runner.startTransaction('REPEATABLE READ');
      const [{ now }] = await runner.query(`SELECT now() AS now`);
      await progress(5, 'summing lines by month');
      await runner.query(`CREATE TEMP TABLE fresh_m AS ${monthSets('award')} UNION ALL ${monthSets('spend')}`);
      await progress(45, 'summing lines by financial year');
      await runner.query(`CREATE TEMP TABLE fresh AS SELECT * FROM fresh_m UNION ALL
        SELECT basis, dimension, dim_key, buyer_sector, 'y'::char(1), ${FY_START('month')}, size_band,
               sum(lines)::bigint, sum(weight), sum(value_gbp), sum(value_lines)::bigint, sum(unconverted_lines)::bigint
          FROM fresh_m GROUP BY 1, 2, 3, 4, 6, 7`);
      await runner.query(`ALTER TABLE fresh ADD PRIMARY KEY (${ROLLUP_KEY})`);
      await progress(60, 'comparing with the rollups');
      const [fresh] = await runner.query(checksumSql('fresh'));
      const [kept] = await runner.query(checksumSql('reporting.sme_rollup'));
      const [counts] = await runner.query(
        `SELECT (SELECT count(*) FROM reporting.award_line)::bigint AS award, (SELECT count(*) FROM reporting.spend_line)::bigint AS spend`,
      );
      let driftRows = 0;
      if (fresh.checksum !== kept.checksum) {
        // USING (key) merges the key columns; a missing side shows as NULL sums.
        await runner.query(`CREATE TEMP TABLE drift_delta AS
          SELECT ${ROLLUP_KEY},
                 coalesce(f.lines, 0) - coalesce(r.lines, 0) AS lines, coalesce(f.weight, 0) - coalesce(r.weight, 0) AS weight,
                 coalesce(f.value_gbp, 0) - coalesce(r.value_gbp, 0) AS value_gbp, coalesce(f.value_lines, 0) - coalesce(r.value_lines, 0) AS value_lines,
                 coalesce(f.unconverted_lines, 0) - coalesce(r.unconverted_lines, 0) AS unconverted_lines,
                 CASE WHEN f.lines IS NULL THEN NULL ELSE jsonb_build_object('lines', f.lines, 'weight', f.weight, 'valueGbp', f.value_gbp) END AS expected,
                 CASE WHEN r.lines IS NULL THEN NULL ELSE jsonb_build_object('lines', r.lines, 'weight', r.weight, 'valueGbp', r.value_gbp) END AS found
            FROM fresh f FULL JOIN reporting.sme_rollup r USING (${ROLLUP_KEY})
           WHERE f.lines IS NULL OR r.lines IS NULL OR (f.lines, f.weight, f.value_gbp, f.value_lines, f.unconverted_lines)
                 IS DISTINCT FROM (r.lines, r.weight, r.value_gbp, r.value_lines, r.unconverted_lines)`);
        [{ n: driftRows }] = await runner.query(`SELECT count(*)::int AS n FROM drift_delta`);
      }
      await runner.commitTransaction();

      await progress(75, 'storing the snapshot');
      const snapshotId = newId();
      await runner.startTransaction();
      await runner.query(
        `INSERT INTO reporting.snapshot (id, snapshot_at, definition_version, trigger, award_lines, spend_lines, rollup_rows, checksum, drift_rows, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)`,
        [snapshotId, now, SME_DEFINITION_VERSION, trigger.slice(0, 20), counts.award, counts.spend, fresh.rows, fresh.checksum, driftRows],
      );
      await runner.query(`INSERT INTO reporting.snapshot_rollup (snapshot_id, ${ROLLUP_KEY}, ${ROLLUP_SUMS}) SELECT $1, ${ROLLUP_KEY}, ${ROLLUP_SUMS} FROM fresh`, [snapshotId]);
      if (driftRows) {
        await progress(90, 'repairing drift');
        await runner.query(
          `INSERT INTO reporting.drift (snapshot_id, ${ROLLUP_KEY}, expected, found) SELECT $1, ${ROLLUP_KEY}, expected, found FROM drift_delta ORDER BY ${ROLLUP_KEY} LIMIT ${DRIFT_DETAIL_LIMIT}`,
          [snapshotId],
        );
        await applyDelta(runner.manager, `SELECT ${ROLLUP_KEY}, ${ROLLUP_SUMS} FROM drift_delta`, []);
        this.logger.warn(`recompute found ${driftRows} drifted rollup row(s); repaired (snapshot ${snapshotId})`);
      }
      await runner.query(RETENTION_SQL);
      const durationMs = Date.now() - started;
      await runner.query(`UPDATE reporting.snapshot SET duration_ms = $2 WHERE id = $1`, [snapshotId, durationMs]);
      await runner.commitTransaction();
      if (driftRows) await this.cache.invalidate();
      await progress(100, 'done');
      return {
        snapshotId,
        snapshotAt: new Date(now).toISOString(),
        checksum: fresh.checksum,
        driftRows,
        rollupRows: Number(fresh.rows),
        awardLines: Number(counts.award),
        spendLines: Number(counts.spend),
        durationMs,
      };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await runner.query(`DROP TABLE IF EXISTS fresh_m, fresh, drift_delta`).catch(() => undefined);
      await runner.query(`RESET work_mem`).catch(() => undefined);
      if (locked) await runner.query(`SELECT pg_advisory_unlock(hashtextextended('reporting.recompute', 0))`).catch(() => undefined);
      await runner.release();
    }
  }

  /** The checksum of the kept rollups (for tests and the bench: equal to a recompute's when nothing drifted). */
  async currentChecksum(): Promise<{ checksum: string; rows: number }> {
    const [r] = await this.dataSource.query(checksumSql('reporting.sme_rollup'));
    return { checksum: r.checksum, rows: Number(r.rows) };
  }
}
