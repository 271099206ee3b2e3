import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DomainError, FieldError } from '@app/shared';
import { ReportsCache } from './reports-cache';
import { PeriodKind, periodOf } from '../domain/periods';
import { SME_DEFINITION_VERSION, smeClassOf } from '../domain/sme-lines';
import { ClassTotals, Grade, ShareFigures, gradeOf, shareFigures } from '../domain/shares';
import { BUYER_SECTORS, BuyerSector } from '../domain/source-contract';

export const REPORT_BASES = ['award', 'spend'] as const;
export type ReportBasis = (typeof REPORT_BASES)[number];
export const BREAKDOWNS = ['period', 'buyer', 'sector', 'framework', 'lot', 'category', 'band'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
/** Dimensions kept in the rollups (a breakdown or a filter by one of them reads its own rows). */
export const ROLLUP_DIMENSIONS = ['buyer', 'framework', 'lot', 'category'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

export interface ReportQuery {
  basis: ReportBasis;
  by: Breakdown;
  period: PeriodKind;
  /** Months `YYYY-MM`, inclusive. */
  from?: string;
  to?: string;
  sector?: BuyerSector;
  /** Narrow to one buyer, framework, lot or category (its key). */
  dimension?: RollupDimension;
  key?: string;
  /** Read the figures of an earlier run instead of the current ones. */
  snapshotId?: string;
  limit: number;
  offset: number;
}

export interface ReportRow extends ShareFigures {
  key: string;
  label: string;
}

export interface ShareReport {
  basis: ReportBasis;
  by: Breakdown;
  period: PeriodKind;
  filters: { from: string | null; to: string | null; sector: BuyerSector | null; dimension: RollupDimension | null; key: string | null; keyLabel: string | null };
  target: number;
  definitionVersion: string;
  snapshot: { id: string; snapshotAt: string; definitionVersion: string } | null;
  headline: ShareFigures;
  rows: ReportRow[];
  /** Rows before paging (dimension breakdowns are paged, largest first). */
  total: number;
}

export const SECTOR_LABELS: Record<BuyerSector, string> = {
  central: 'Central government',
  local: 'Local authority',
  health: 'NHS and health',
  education: 'Education',
  devolved: 'Devolved administrations',
  other: 'Other',
};

export const BAND_LABELS: Record<string, string> = {
  micro: 'Micro',
  small: 'Small',
  medium: 'Medium',
  sme: 'SME (size not given)',
  selfEmployed: 'Self-employed',
  large: 'Large',
  unknown: 'Unknown size',
};

interface SumRow {
  g: string;
  size_band: string;
  lines: string;
  weight: string;
  value_gbp: string;
  unconverted_lines: string;
}

const emptyTotals = (): ClassTotals => ({
  sme: { weight: 0, value: 0, lines: 0 },
  large: { weight: 0, value: 0, lines: 0 },
  unknown: { weight: 0, value: 0, lines: 0 },
  unconvertedLines: 0,
});

function add(t: ClassTotals, r: SumRow): void {
  const c = t[smeClassOf(r.size_band)];
  c.weight += Number(r.weight);
  c.value += Number(r.value_gbp);
  c.lines += Number(r.lines);
  t.unconvertedLines += Number(r.unconverted_lines);
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * SME-share reports (product.md §4): read from the rollups only — never the raw lines — or
 * from a stored snapshot. Shares come with their coverage and are greyed below 80% (rule 7).
 */
@Injectable()
export class SmeReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly cache: ReportsCache,
  ) {}

  get target(): number {
    return this.config.reporting.smeTarget;
  }

  async shareReport(q: ReportQuery): Promise<ShareReport> {
    const errors: FieldError[] = [];
    if (q.from && !MONTH_RE.test(q.from)) errors.push({ field: 'from', message: 'from must be a month like 2024-04' });
    if (q.to && !MONTH_RE.test(q.to)) errors.push({ field: 'to', message: 'to must be a month like 2025-03' });
    if (q.from && q.to && q.from > q.to) errors.push({ field: 'to', message: 'to must not be before from' });
    if ((q.dimension == null) !== (q.key == null)) errors.push({ field: q.dimension ? 'key' : 'dimension', message: 'dimension and key go together' });
    const byDimension = (ROLLUP_DIMENSIONS as readonly string[]).includes(q.by);
    if (q.dimension && byDimension && q.dimension !== q.by)
      errors.push({ field: 'dimension', message: `a breakdown by ${q.by} can be narrowed by sector and period, not by another ${q.dimension}` });
    if (q.basis === 'spend' && (q.by === 'category' || q.dimension === 'category')) errors.push({ field: 'by', message: 'spend lines have no category' });
    if (errors.length) throw DomainError.validation('REPORTING.INVALID_QUERY', errors);
    return this.cache.through({ report: 'share', target: this.target, ...q }, !!q.snapshotId, () => this.computeShareReport(q));
  }

  private async computeShareReport(q: ReportQuery): Promise<ShareReport> {
    const byDimension = (ROLLUP_DIMENSIONS as readonly string[]).includes(q.by);
    const snapshot = q.snapshotId ? await this.snapshot(q.snapshotId) : null;
    const table = snapshot ? 'reporting.snapshot_rollup' : 'reporting.sme_rollup';
    const dimension = byDimension ? q.by : (q.dimension ?? 'all');
    // Whole financial years (no months asked for, and a range from an April to a March) read the
    // year rows, a twelfth of the month rows; anything finer reads months.
    const yearly = (q.by !== 'period' || q.period === 'fy') && (!q.from || q.from.endsWith('-04')) && (!q.to || q.to.endsWith('-03'));
    const params: unknown[] = [q.basis, dimension, yearly ? 'y' : 'm'];
    const where = [`basis = $1`, `dimension = $2`, `grain = $3`];
    if (snapshot) where.push(`snapshot_id = $${params.push(snapshot.id)}`);
    if (q.dimension && q.key != null) where.push(`dim_key = $${params.push(q.key)}`);
    if (q.from) where.push(`month >= $${params.push(`${q.from}-01`)}::date`);
    if (q.to) where.push(`month <= $${params.push(`${q.to}-01`)}::date`);
    if (q.sector) where.push(`buyer_sector = $${params.push(q.sector)}`);
    const group = q.by === 'period' ? `to_char(month, 'YYYY-MM-DD')` : q.by === 'sector' ? 'buyer_sector' : q.by === 'band' ? 'size_band' : 'dim_key';
    const rows: SumRow[] = await this.dataSource.query(
      `SELECT ${group} AS g, size_band, sum(lines)::text AS lines, sum(weight)::text AS weight, sum(value_gbp)::text AS value_gbp,
              sum(unconverted_lines)::text AS unconverted_lines
         FROM ${table} WHERE ${where.join(' AND ')} GROUP BY 1, 2`,
      params,
    );

    const headlineTotals = emptyTotals();
    const groups = new Map<string, ClassTotals>();
    for (const r of rows) {
      add(headlineTotals, r);
      const key = q.by === 'period' ? periodOf(r.g, q.period) : r.g;
      if (!groups.has(key)) groups.set(key, emptyTotals());
      add(groups.get(key)!, r);
    }
    let keys = [...groups.keys()];
    const figures = new Map(keys.map((k) => [k, shareFigures(groups.get(k)!)]));
    if (q.by === 'period') keys.sort();
    else if (q.by === 'sector') keys.sort((a, b) => BUYER_SECTORS.indexOf(a as BuyerSector) - BUYER_SECTORS.indexOf(b as BuyerSector));
    else if (q.by === 'band') keys.sort((a, b) => Object.keys(BAND_LABELS).indexOf(a) - Object.keys(BAND_LABELS).indexOf(b));
    else keys.sort((a, b) => figures.get(b)!.weight - figures.get(a)!.weight || (a < b ? -1 : 1));
    const total = keys.length;
    if (byDimension) keys = keys.slice(q.offset, q.offset + q.limit);
    const labels = await this.labels(q.by, keys);
    const keyLabel = q.dimension && q.key != null ? ((await this.labels(q.dimension, [q.key])).get(q.key) ?? q.key) : null;
    return {
      basis: q.basis,
      by: q.by,
      period: q.period,
      filters: { from: q.from ?? null, to: q.to ?? null, sector: q.sector ?? null, dimension: q.dimension ?? null, key: q.key ?? null, keyLabel },
      target: this.target,
      definitionVersion: snapshot?.definitionVersion ?? SME_DEFINITION_VERSION,
      snapshot,
      headline: shareFigures(headlineTotals),
      rows: keys.map((k) => ({ key: k, label: labels.get(k) ?? k, ...figures.get(k)! })),
      total,
    };
  }

  private async labels(by: string, keys: string[]): Promise<Map<string, string>> {
    if (by === 'sector') return new Map(keys.map((k) => [k, SECTOR_LABELS[k as BuyerSector] ?? k]));
    if (by === 'band') return new Map(keys.map((k) => [k, BAND_LABELS[k] ?? k]));
    if (by === 'buyer') {
      const rows: { buyer_key: string; name: string }[] = await this.dataSource.query(`SELECT buyer_key, name FROM reporting.buyer WHERE buyer_key = ANY($1)`, [keys]);
      return new Map(rows.map((r) => [r.buyer_key, r.name]));
    }
    return new Map(keys.map((k) => [k, k === '' ? 'Not stated' : k]));
  }

  async snapshot(id: string): Promise<{ id: string; snapshotAt: string; definitionVersion: string }> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.dataSource.query(`SELECT id, snapshot_at AS "snapshotAt", definition_version AS "definitionVersion" FROM reporting.snapshot WHERE id = $1`, [id])
      : [];
    if (!row) throw DomainError.validation('REPORTING.INVALID_QUERY', [{ field: 'snapshot', message: 'No such snapshot.' }]);
    return { ...row, snapshotAt: new Date(row.snapshotAt).toISOString() };
  }

  async snapshots(limit: number, offset: number) {
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, snapshot_at AS "snapshotAt", definition_version AS "definitionVersion", trigger, award_lines::int AS "awardLines",
                spend_lines::int AS "spendLines", rollup_rows::int AS "rollupRows", checksum, drift_rows AS "driftRows", duration_ms AS "durationMs"
           FROM reporting.snapshot ORDER BY snapshot_at DESC, id LIMIT $1 OFFSET $2`,
        [limit, offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM reporting.snapshot`),
    ]);
    return { items, total, limit, offset };
  }

  /**
   * Buyer scorecards (product.md §4): each buyer's SME share of contract value (award basis)
   * over the months given, against the target, graded A+ to F; coverage beside each.
   */
  async scorecards(q: { from?: string; to?: string; sector?: BuyerSector; limit: number; offset: number }) {
    const report = await this.shareReport({ basis: 'award', by: 'buyer', period: 'fy', from: q.from, to: q.to, sector: q.sector, limit: q.limit, offset: q.offset });
    return {
      target: report.target,
      filters: report.filters,
      total: report.total,
      items: report.rows.map((r) => ({
        buyerKey: r.key,
        buyerName: r.label,
        valueShare: r.valueShare,
        valueCoverage: r.valueCoverage,
        countShare: r.countShare,
        countCoverage: r.countCoverage,
        greyed: r.valueGreyed,
        lines: r.lines,
        valueGbp: r.valueGbp,
        ...(r.valueShare == null ? { attainment: null, grade: null as Grade | null } : gradeOf(r.valueShare, report.target)),
      })),
    };
  }

  /**
   * The contracts behind a figure (drill-down): award lines or spend lines matching the same
   * filters, newest first. Published contract data only — titles, buyers, suppliers, bands, values.
   */
  async lines(q: { basis: ReportBasis; from?: string; to?: string; sector?: BuyerSector; dimension?: RollupDimension; key?: string; band?: string; limit: number; offset: number }) {
    if (q.basis === 'spend' && q.dimension === 'category') throw DomainError.validation('REPORTING.INVALID_QUERY', [{ field: 'dimension', message: 'spend lines have no category' }]);
    const params: unknown[] = [];
    const where: string[] = [];
    const col = q.dimension === 'buyer' ? 'l.buyer_key' : q.dimension ? `l.${q.dimension}` : null;
    if (col && q.key != null) where.push(`${col} = $${params.push(q.key)}`);
    if (q.from) where.push(`l.month >= $${params.push(`${q.from}-01`)}::date`);
    if (q.to) where.push(`l.month <= $${params.push(`${q.to}-01`)}::date`);
    if (q.sector) where.push(`l.buyer_sector = $${params.push(q.sector)}`);
    if (q.band) where.push(`l.size_band = $${params.push(q.band)}`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from =
      q.basis === 'award'
        ? `reporting.award_line l JOIN reporting.source_contract c ON c.id = l.contract_id JOIN reporting.buyer b ON b.buyer_key = l.buyer_key`
        : `reporting.spend_line l JOIN reporting.buyer b ON b.buyer_key = l.buyer_key`;
    const cols =
      q.basis === 'award'
        ? `c.id AS "reportedContractId", l.supplier_key AS "supplierKey", c.source, c.ocid, c.native_contract_id AS "contractId", c.title, to_char(l.award_date, 'YYYY-MM-DD') AS date, c.date_basis AS "dateBasis",
           l.weight::text AS weight, l.amount::text AS amount, l.currency, l.amount_gbp::text AS "amountGbp"`
        : `NULL AS "reportedContractId", NULL AS "supplierKey", 'spend' AS source, NULL AS ocid, NULL AS "contractId", l.description AS title, to_char(l.month, 'YYYY-MM-DD') AS date, 'invoice' AS "dateBasis",
           '1' AS weight, l.amount::text AS amount, l.currency, l.amount_gbp::text AS "amountGbp"`;
    const order = q.basis === 'award' ? 'l.award_date DESC, l.contract_id, l.line_no' : 'l.month DESC, l.source_key';
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${cols}, b.name AS "buyerName", l.buyer_sector AS sector, l.supplier_name AS "supplierName", l.size_band AS "sizeBand"
           FROM ${from} ${w} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, q.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM ${from} ${w}`, params),
    ]);
    return { items, total, limit: q.limit, offset: q.offset };
  }
}
