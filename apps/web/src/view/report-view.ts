import { BAND_LABELS, BREAKDOWNS, BUYER_SECTORS, Breakdown, BuyerSector, COVERAGE_THRESHOLD, PERIOD_KINDS, PeriodKind, REPORTED_BANDS, REPORT_BASES, ROLLUP_DIMENSIONS, ReportBasis, ReportedBand, RollupDimension, SECTOR_LABELS, ShareFigures, periodMonths } from '@app/reporting';
import type { FieldError } from '@app/shared';
import { percent } from './charts';
import { queryString } from './labels';

/**
 * What the SME-share pages share: reading their query strings leniently (a
 * value that is not one of the choices is reported on its field, and the
 * page shows the figures without it), the texts of a share with its
 * coverage, and the table rows and drill-down links of a report.
 */

export const BASIS_NAMES: Record<ReportBasis, string> = { award: 'Contracts awarded', spend: 'Invoiced spend' };
export const PERIOD_NAMES: Record<PeriodKind, string> = { month: 'Month', quarter: 'Quarter (calendar)', fy: 'Financial year (April to March)' };
/** The breakdowns offered beside the time series (the time series is the breakdown by period). */
export const DASHBOARD_BREAKDOWNS = BREAKDOWNS.filter((b): b is Exclude<Breakdown, 'period'> => b !== 'period');
export type DashboardBreakdown = (typeof DASHBOARD_BREAKDOWNS)[number];
export const BREAKDOWN_NAMES: Record<Breakdown, string> = {
  period: 'Period',
  buyer: 'Buyer',
  sector: 'Buyer sector',
  framework: 'Framework',
  lot: 'Lot',
  category: 'Category',
  band: 'Supplier size band',
};
export const DIMENSION_NAMES: Record<RollupDimension, string> = { buyer: 'Buyer', framework: 'Framework', lot: 'Lot', category: 'Category' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^(\d{4})-(\d{1,2})$/;

export interface ReportParams {
  basis: ReportBasis;
  period: PeriodKind;
  from?: string;
  to?: string;
  sector?: BuyerSector;
  by: Breakdown;
  snapshot?: string;
  dimension?: RollupDimension;
  key?: string;
  band?: ReportedBand;
  buyerId?: string;
  requirementId?: string;
  page: number;
}

export interface ReadQuery {
  params: ReportParams;
  /** What was typed, for the form and the links (only the keys that were given). */
  typed: Record<string, string>;
  errors: FieldError[];
}

/** `2024-4` or `2024-04` → `2024-04`; null when it is not a month. */
export function normaliseMonth(text: string): string | null {
  const m = MONTH.exec(text);
  if (!m || +m[2] < 1 || +m[2] > 12) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}`;
}

/**
 * Reads a report page's query: any of basis, period, from, to, sector, by,
 * snapshot, dimension + key, band, buyerId, requirementId and page. Each
 * value that is not valid gives an error on its field and is left out.
 */
export function readReportQuery(
  input: Record<string, unknown>,
  defaults: { period?: PeriodKind; by?: Breakdown; breakdowns?: readonly Breakdown[] } = {},
): ReadQuery {
  const errors: FieldError[] = [];
  const typed: Record<string, string> = {};
  const str = (k: string): string => {
    const v = input[k];
    const s = typeof v === 'string' ? v.trim() : v == null ? '' : Array.isArray(v) ? v.map(String).join(',') : String(v);
    if (s) typed[k] = s.slice(0, 300);
    return s;
  };
  const oneOf = <T extends string>(k: string, allowed: readonly T[], message: string): T | undefined => {
    const s = str(k);
    if (!s) return undefined;
    if ((allowed as readonly string[]).includes(s)) return s as T;
    errors.push({ field: k, message });
    return undefined;
  };
  const month = (k: 'from' | 'to', message: string): string | undefined => {
    const s = str(k);
    if (!s) return undefined;
    const m = normaliseMonth(s);
    if (!m) errors.push({ field: k, message });
    return m ?? undefined;
  };
  const uuid = (k: string, message: string): string | undefined => {
    const s = str(k);
    if (!s) return undefined;
    if (UUID.test(s)) return s.toLowerCase();
    errors.push({ field: k, message });
    return undefined;
  };

  const basis = oneOf('basis', REPORT_BASES, 'Select contracts awarded or invoiced spend as the basis') ?? 'award';
  const period = oneOf('period', PERIOD_KINDS, 'Select month, quarter or financial year as the period') ?? defaults.period ?? 'fy';
  const from = month('from', 'Enter the first month as a year and month, for example 2024-04');
  let to = month('to', 'Enter the last month as a year and month, for example 2025-03');
  if (from && to && to < from) {
    errors.push({ field: 'to', message: 'The last month must be the same as or after the first month' });
    to = undefined;
  }
  const sector = oneOf('sector', BUYER_SECTORS, 'Select a sector from the list');
  let by: Breakdown = oneOf('by', defaults.breakdowns ?? DASHBOARD_BREAKDOWNS, 'Select a breakdown from the list') ?? defaults.by ?? 'sector';
  if (basis === 'spend' && by === 'category') {
    errors.push({ field: 'by', message: 'Spend lines have no category: select another breakdown, or contracts awarded as the basis' });
    by = defaults.by ?? 'sector';
  }
  const snapshot = uuid('snapshot', 'Select figures from the list of stored recomputes');
  let dimension = oneOf('dimension', ROLLUP_DIMENSIONS, 'Select buyer, framework, lot or category as the dimension');
  let key: string | undefined = str('key') || undefined;
  if (key !== undefined && key.length > 300) {
    errors.push({ field: 'key', message: 'The key must be 300 characters or fewer' });
    key = undefined;
  }
  // A framework, lot or category that was not stated has the key '' — given explicitly as `key=`.
  if (dimension && key === undefined && typeof input.key === 'string') key = '';
  if ((dimension === undefined) !== (key === undefined)) {
    if (dimension || key !== undefined) errors.push({ field: dimension ? 'key' : 'dimension', message: 'A dimension and its key go together' });
    dimension = undefined;
    key = undefined;
  }
  if (basis === 'spend' && dimension === 'category') {
    errors.push({ field: 'dimension', message: 'Spend lines have no category' });
    dimension = undefined;
    key = undefined;
  }
  const band = oneOf('band', REPORTED_BANDS, 'Select a size band from the list');
  const buyerId = uuid('buyerId', 'Select a buyer from the list');
  const requirementId = uuid('requirementId', 'Select a requirement from the list');
  const pageText = str('page');
  let page = 1;
  if (pageText) {
    if (/^\d{1,5}$/.test(pageText) && +pageText >= 1) page = +pageText;
    else errors.push({ field: 'page', message: 'Page must be a whole number, 1 or more' });
  }
  return { params: { basis, period, from, to, sector, by, snapshot, dimension, key, band, buyerId, requirementId, page }, typed, errors };
}

export const escapeHtml = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A share with its coverage, as the headline and tables show it. */
export interface ShareText {
  share: string;
  coverage: string;
  greyed: boolean;
  /** Why the share is greyed, when it is. */
  why: string | null;
}

export function shareText(share: number | null, coverage: number | null, greyed: boolean, what: 'count' | 'value'): ShareText {
  const basisWord = what === 'count' ? 'of lines (by count)' : 'of the value';
  let why: string | null = null;
  if (greyed) {
    why =
      coverage == null
        ? `There are no lines ${what === 'count' ? '' : 'with a value '}to measure, so there is no share by ${what}.`
        : `Coverage by ${what} is ${percent(coverage)}: suppliers of known size account for less than ${percent(COVERAGE_THRESHOLD, 0)} ${basisWord}, so the SME share by ${what} is shown greyed out.`;
  }
  return { share: percent(share), coverage: coverage == null ? 'no data' : percent(coverage), greyed, why };
}

/** A table cell for a share: greyed (and said so in words) below 80% coverage. */
export function shareCell(share: number | null, greyed: boolean) {
  if (share == null) return { text: 'No data', format: 'numeric', classes: 'app-share--greyed' };
  return greyed
    ? { html: `${escapeHtml(percent(share))}<span class="app-share__note"> low coverage</span>`, format: 'numeric', classes: 'app-share--greyed' }
    : { text: percent(share), format: 'numeric' };
}

export const coverageCell = (coverage: number | null) => ({ text: coverage == null ? 'No data' : percent(coverage), format: 'numeric' });

const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
/** Pounds for display (sums read from the rollups; exact sums are in the CSV). */
export const poundsText = (value: number) => GBP.format(value);
export const weightText = (w: number) => (Number.isInteger(w) ? String(w) : w.toFixed(2));

/** The label a sector, band or period key is shown with. */
export function keyLabel(by: Breakdown, key: string, label: string): string {
  if (by === 'sector') return SECTOR_LABELS[key as BuyerSector] ?? label;
  if (by === 'band') return BAND_LABELS[key] ?? label;
  return label;
}

/** The months (YYYY-MM) of a period key clipped to the filter's from/to. */
function periodRange(key: string, from?: string, to?: string): { from?: string; to?: string } {
  const months = periodMonths(key);
  if (!months) return { from, to };
  const f = months.from.slice(0, 7);
  const t = months.to.slice(0, 7);
  return { from: from && from > f ? from : f, to: to && to < t ? to : t };
}

/** The query of the lines behind one row of a report (the drill-down). */
export function drillDownQuery(by: Breakdown, key: string, p: Pick<ReportParams, 'basis' | 'from' | 'to' | 'sector' | 'dimension' | 'key'>): string {
  const base: Record<string, unknown> = { basis: p.basis, from: p.from, to: p.to, sector: p.sector, dimension: p.dimension, key: p.key };
  if (by === 'period') Object.assign(base, periodRange(key, p.from, p.to));
  else if (by === 'sector') base.sector = key;
  else if (by === 'band') base.band = key;
  else {
    base.dimension = by;
    base.key = key;
  }
  const qs = queryString(base);
  // An empty key (not stated) must still be sent.
  return base.dimension && base.key === '' ? `${qs}&key=` : qs;
}

export interface ReportRowLike extends ShareFigures {
  key: string;
  label: string;
}

/** govukTable rows of a report: the label (a link to its lines when given), both shares with coverage, lines and value. */
export function reportTableRows(rows: ReportRowLike[], by: Breakdown, linkTo: ((row: ReportRowLike) => string) | null) {
  return rows.map((r) => {
    const label = keyLabel(by, r.key, r.label);
    return [
      linkTo ? { html: `<a class="govuk-link" href="${escapeHtml(linkTo(r))}">${escapeHtml(label)}<span class="govuk-visually-hidden">: contracts and lines</span></a>` } : { text: label },
      shareCell(r.countShare, r.countGreyed),
      coverageCell(r.countCoverage),
      shareCell(r.valueShare, r.valueGreyed),
      coverageCell(r.valueCoverage),
      { text: weightText(r.weight), format: 'numeric' },
      { text: poundsText(r.valueGbp), format: 'numeric' },
    ];
  });
}

export const REPORT_TABLE_HEAD = [
  { text: '' },
  { text: 'SME share by count', format: 'numeric' },
  { text: 'Coverage by count', format: 'numeric' },
  { text: 'SME share by value', format: 'numeric' },
  { text: 'Coverage by value', format: 'numeric' },
  { text: 'Lines (weighted)', format: 'numeric' },
  { text: 'Value (GBP)', format: 'numeric' },
];

export function reportTableHead(first: string) {
  return [{ text: first }, ...REPORT_TABLE_HEAD.slice(1)];
}

/** Select items with the chosen one selected. */
export function selectItems<T extends string>(values: readonly T[], names: Record<T, string>, chosen: string | undefined, any?: string) {
  return [...(any ? [{ value: '', text: any, selected: !chosen }] : []), ...values.map((v) => ({ value: v, text: names[v], selected: v === chosen }))];
}
