import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '@app/shared';
import { SME_DEFINITION_VERSION } from '../domain/sme-lines';
import { ROLLUP_KEY, ROLLUP_SUMS, checksumSql, rollupSelect } from '../infrastructure/rollup-sql';

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

/**
 * The full recompute (product.md §4 rule 2, quality.md S5): every rollup row from the raw
 * lines, compared by checksum with the incrementally kept rollups; any drift recorded and
 * repaired; the run stored as a snapshot (its figures, `snapshot_at`, the definition
 * version) so that earlier figures can be reproduced after later restatements. One
 * transaction: the lines are locked against change (SHARE), so a recompute and the
 * incremental path never interleave, and a run killed half-way leaves nothing behind.
 */
@Injectable()
export class SmeRecomputeService {
  private readonly logger = new Logger('SmeRecompute');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recompute(trigger: string, progress: (pct: number, phase: string) => Promise<void> = async () => undefined): Promise<RecomputeResult> {
    const started = Date.now();
    return this.dataSource.transaction(async (m) => {
      await progress(5, 'locking lines');
      await m.query(`LOCK TABLE reporting.award_line, reporting.spend_line IN SHARE MODE`);
      await m.query(`SET LOCAL work_mem = '256MB'`);
      await progress(10, 'summing award lines');
      // Sum once at the finest grain, then each dimension from those sums.
      await m.query(`CREATE TEMP TABLE fine_award ON COMMIT DROP AS
        SELECT buyer_key, framework, lot, category, buyer_sector, month, size_band,
               count(*)::bigint AS lines, sum(weight) AS weight, sum(amount_gbp) AS amount_gbp, count(amount_gbp)::bigint AS value_lines,
               (count(*) FILTER (WHERE amount IS NOT NULL AND amount_gbp IS NULL))::bigint AS unconverted_lines
          FROM reporting.award_line GROUP BY 1, 2, 3, 4, 5, 6, 7`);
      await progress(40, 'summing spend lines');
      await m.query(`CREATE TEMP TABLE fresh ON COMMIT DROP AS ${this.fromFine()}
        UNION ALL ${rollupSelect('spend', 'reporting.spend_line')}`);
      await m.query(`ALTER TABLE fresh ADD PRIMARY KEY (${ROLLUP_KEY})`);
      await progress(60, 'comparing with the rollups');
      const [fresh] = await m.query(checksumSql('fresh'));
      const [kept] = await m.query(checksumSql('reporting.sme_rollup'));
      let driftRows = 0;
      const snapshotId = newId();
      const [{ now }] = await m.query(`SELECT now() AS now`);
      const [counts] = await m.query(
        `SELECT (SELECT count(*) FROM reporting.award_line)::bigint AS award, (SELECT count(*) FROM reporting.spend_line)::bigint AS spend`,
      );
      await m.query(
        `INSERT INTO reporting.snapshot (id, snapshot_at, definition_version, trigger, award_lines, spend_lines, rollup_rows, checksum, drift_rows, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0)`,
        [snapshotId, now, SME_DEFINITION_VERSION, trigger.slice(0, 20), counts.award, counts.spend, fresh.rows, fresh.checksum],
      );
      if (fresh.checksum !== kept.checksum) {
        await progress(70, 'repairing drift');
        // USING (key) merges the key columns; a missing side shows as NULL sums.
        const diffSql = `SELECT ${ROLLUP_KEY},
                 CASE WHEN f.lines IS NULL THEN NULL ELSE jsonb_build_object('lines', f.lines, 'weight', f.weight, 'valueGbp', f.value_gbp) END AS expected,
                 CASE WHEN r.lines IS NULL THEN NULL ELSE jsonb_build_object('lines', r.lines, 'weight', r.weight, 'valueGbp', r.value_gbp) END AS found
            FROM fresh f FULL JOIN reporting.sme_rollup r USING (${ROLLUP_KEY})
           WHERE f.lines IS NULL OR r.lines IS NULL OR (f.lines, f.weight, f.value_gbp, f.value_lines, f.unconverted_lines)
                 IS DISTINCT FROM (r.lines, r.weight, r.value_gbp, r.value_lines, r.unconverted_lines)`;
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM (${diffSql}) d`);
        driftRows = n;
        await m.query(
          `INSERT INTO reporting.drift (snapshot_id, ${ROLLUP_KEY}, expected, found) SELECT $1, ${ROLLUP_KEY}, expected, found FROM (${diffSql}) d LIMIT ${DRIFT_DETAIL_LIMIT}`,
          [snapshotId],
        );
        await m.query(`DELETE FROM reporting.sme_rollup r WHERE NOT EXISTS (
            SELECT 1 FROM fresh f WHERE (f.basis, f.dimension, f.dim_key, f.buyer_sector, f.month, f.size_band) = (r.basis, r.dimension, r.dim_key, r.buyer_sector, r.month, r.size_band)
               AND (f.lines, f.weight, f.value_gbp, f.value_lines, f.unconverted_lines) = (r.lines, r.weight, r.value_gbp, r.value_lines, r.unconverted_lines))`);
        await m.query(`INSERT INTO reporting.sme_rollup (${ROLLUP_KEY}, ${ROLLUP_SUMS}) SELECT ${ROLLUP_KEY}, ${ROLLUP_SUMS} FROM fresh ORDER BY ${ROLLUP_KEY}
          ON CONFLICT (${ROLLUP_KEY}) DO NOTHING`);
        this.logger.warn(`recompute found ${driftRows} drifted rollup row(s); repaired (snapshot ${snapshotId})`);
      }
      await progress(85, 'storing the snapshot');
      await m.query(`INSERT INTO reporting.snapshot_rollup (snapshot_id, ${ROLLUP_KEY}, ${ROLLUP_SUMS}) SELECT $1, ${ROLLUP_KEY}, ${ROLLUP_SUMS} FROM fresh`, [snapshotId]);
      await m.query(RETENTION_SQL);
      const durationMs = Date.now() - started;
      await m.query(`UPDATE reporting.snapshot SET drift_rows = $2, duration_ms = $3 WHERE id = $1`, [snapshotId, driftRows, durationMs]);
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
    });
  }

  /** Award rollup rows from the fine-grained sums (the same figures rollupSelect would give from the lines). */
  private fromFine(): string {
    return `SELECT 'award'::varchar AS basis, d.dimension, d.dim_key, l.buyer_sector, l.month, l.size_band,
        sum(l.lines)::bigint AS lines, sum(l.weight)::numeric AS weight, coalesce(sum(l.amount_gbp), 0)::numeric AS value_gbp,
        sum(l.value_lines)::bigint AS value_lines, sum(l.unconverted_lines)::bigint AS unconverted_lines
      FROM fine_award l CROSS JOIN LATERAL (VALUES ('all', ''), ('buyer', l.buyer_key), ('framework', l.framework), ('lot', l.lot), ('category', l.category)) AS d(dimension, dim_key)
      GROUP BY 1, 2, 3, 4, 5, 6`;
  }

  /** The checksum of the kept rollups (for tests and the bench: equal to a recompute's when nothing drifted). */
  async currentChecksum(): Promise<{ checksum: string; rows: number }> {
    const [r] = await this.dataSource.query(checksumSql('reporting.sme_rollup'));
    return { checksum: r.checksum, rows: Number(r.rows) };
  }
}
