import { stringify } from 'csv-stringify/sync';
import type { FunnelView } from './sme-funnel.service';
import type { ShareReport } from './sme-reports.service';

const share = (v: number | null) => (v == null ? '' : v.toFixed(4));

/** A share report as CSV: one row per breakdown row and the headline last, shares as fractions with their coverage. */
export function shareReportCsv(r: ShareReport): string {
  const header = ['key', 'label', 'count_share', 'count_coverage', 'count_greyed', 'value_share', 'value_coverage', 'value_greyed', 'lines', 'weight', 'value_gbp', 'sme_weight', 'sme_value_gbp', 'unconverted_lines'];
  const row = (key: string, label: string, f: ShareReport['headline']) => [
    key,
    label,
    share(f.countShare),
    share(f.countCoverage),
    f.countGreyed ? 'yes' : 'no',
    share(f.valueShare),
    share(f.valueCoverage),
    f.valueGreyed ? 'yes' : 'no',
    f.lines,
    f.weight.toFixed(6),
    f.valueGbp.toFixed(2),
    f.smeWeight.toFixed(6),
    f.smeValueGbp.toFixed(2),
    f.unconvertedLines,
  ];
  return stringify([header, ...r.rows.map((x) => row(x.key, x.label, x)), row('total', 'All', r.headline)]);
}

export function funnelCsv(f: FunnelView): string {
  const bands = Object.keys(f.stages[0]?.byBand ?? {});
  return stringify([['stage', 'total', 'sme', ...bands], ...f.stages.map((s) => [s.stage, s.total, s.sme, ...bands.map((b) => s.byBand[b])])]);
}

export function scorecardsCsv(s: { items: { buyerName: string; valueShare: number | null; valueCoverage: number | null; attainment: number | null; grade: string | null; lines: number; valueGbp: number }[] }): string {
  return stringify([
    ['buyer', 'value_share', 'value_coverage', 'attainment_percent', 'grade', 'lines', 'value_gbp'],
    ...s.items.map((i) => [i.buyerName, share(i.valueShare), share(i.valueCoverage), i.attainment ?? '', i.grade ?? '', i.lines, i.valueGbp.toFixed(2)]),
  ]);
}

export function linesCsv(l: { items: Record<string, unknown>[] }): string {
  const cols = ['source', 'ocid', 'contractId', 'title', 'date', 'dateBasis', 'buyerName', 'sector', 'supplierName', 'sizeBand', 'weight', 'amount', 'currency', 'amountGbp'];
  return stringify([cols, ...l.items.map((i) => cols.map((c) => (i[c] == null ? '' : String(i[c]))))]);
}
