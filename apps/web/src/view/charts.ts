import * as echarts from 'echarts';

/**
 * Server-side SVG charts for the SME-share pages, drawn by Apache ECharts in
 * its SSR mode (no DOM, no client JavaScript: the pages work without it).
 * Every chart is an `<svg role="img">` whose accessible name summarises the
 * figures; the pages follow each chart with the same numbers in a table.
 *
 * Colours are GOV.UK palette colours with at least 3:1 contrast against
 * white, and meaning never rests on colour alone: the two share series
 * differ in line style and marker shape, bars carry their figure as a label,
 * and a figure with coverage below 80% is drawn hollow and said so.
 */

export interface ChartView {
  /** The `<svg>` element, safe to insert as HTML. */
  svg: string;
  /** What the chart shows, in words (also the SVG's accessible name). */
  summary: string;
}

/** One period or breakdown row: shares are fractions 0–1, or null when nothing of known size. */
export interface SharePoint {
  label: string;
  countShare: number | null;
  valueShare: number | null;
  countGreyed: boolean;
  valueGreyed: boolean;
}

export interface FunnelStagePoint {
  label: string;
  byBand: Record<string, number>;
}

const FONT = 'arial, sans-serif';
const TEXT = '#0b0c0c';
const SECONDARY_TEXT = '#505a5f';
const GRID_LINE = '#b1b4b6';
/** SME share by count: GOV.UK blue (5.2:1 on white); by value: GOV.UK green (5.6:1). */
const COUNT_COLOUR = '#1d70b8';
const VALUE_COLOUR = '#00703c';
const TARGET_COLOUR = '#0b0c0c';
/** Size bands: SME bands in blues from dark to light, large in brown, unknown in grey (all ≥ 3:1 on white). */
export const BAND_COLOURS: Record<string, { fill: string; label: string }> = {
  micro: { fill: '#003078', label: '#ffffff' },
  small: { fill: '#1d70b8', label: '#ffffff' },
  medium: { fill: '#5694ca', label: '#0b0c0c' },
  large: { fill: '#8f4a00', label: '#ffffff' },
  unknown: { fill: '#6f777b', label: '#ffffff' },
};
const GREYED_NOTE = 'Hollow markers and bars: coverage below 80%, so the share is uncertain.';

/** `0.3333` → `33.3%`; null → `no data`. */
export function percent(share: number | null | undefined, digits = 1): string {
  return share == null || !Number.isFinite(share) ? 'no data' : `${(share * 100).toFixed(digits)}%`;
}

const round1 = (share: number | null): number | '-' => (share == null || !Number.isFinite(share) ? '-' : Math.round(share * 1000) / 10);

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Long axis labels are cut (the table beside the chart has them in full). */
function shortLabel(s: string, max = 28): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Renders an option to an SVG string with the accessible name added, and always frees the chart. */
function render(option: echarts.EChartsOption, width: number, height: number, summary: string): ChartView {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: TEXT }, ...option });
    const raw = chart.renderToSVGString();
    const label = escapeXml(summary);
    const svg = raw
      .replace(/^<svg /, `<svg role="img" aria-label="${label}" focusable="false" class="app-chart__svg" `)
      .replace(/^(<svg[^>]*>)/, `$1<title>${label}</title>`);
    return { svg, summary };
  } finally {
    chart.dispose();
  }
}

function seriesSummary(points: SharePoint[], describe: (p: SharePoint) => string, noun: string, maxListed: number): string {
  if (points.length <= maxListed) return points.map(describe).join('; ');
  const listed = points.slice(0, maxListed).map(describe).join('; ');
  return `${points.length} ${noun}, the first ${maxListed}: ${listed}`;
}

const describeShares = (p: SharePoint) =>
  `${p.label}: by count ${percent(p.countShare)}${p.countGreyed && p.countShare != null ? ' (low coverage)' : ''}, by value ${percent(p.valueShare)}${p.valueGreyed && p.valueShare != null ? ' (low coverage)' : ''}`;

const yPercentAxis = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%', color: TEXT }, splitLine: { lineStyle: { color: GRID_LINE, type: 'dashed' as const } } };

function targetLine(target: number, axis: 'xAxis' | 'yAxis') {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: TARGET_COLOUR, type: 'dashed' as const, width: 2 },
    // A vertical line on bars listed top-down (inverse axis) starts at the top.
    label: { formatter: `Target ${percent(target, 0)}`, color: TEXT, position: axis === 'yAxis' ? ('insideEndTop' as const) : ('start' as const) },
    data: [{ [axis]: Math.round(target * 1000) / 10 }],
  };
}

/**
 * SME share by count and by value per period, as two lines on 0–100%, with
 * the target as a dashed line; a period whose coverage is below 80% has a
 * hollow marker. Null when there are no periods.
 */
export function shareSeriesChart(points: SharePoint[], o: { title: string; target: number; width?: number; height?: number }): ChartView | null {
  if (!points.length) return null;
  const width = o.width ?? 900;
  const height = o.height ?? 380;
  const anyGreyed = points.some((p) => (p.countGreyed && p.countShare != null) || (p.valueGreyed && p.valueShare != null));
  const line = (name: string, colour: string, symbol: string, dashed: boolean, share: (p: SharePoint) => number | null, greyed: (p: SharePoint) => boolean) => ({
    name,
    type: 'line' as const,
    symbol,
    symbolSize: 11,
    connectNulls: false,
    lineStyle: { color: colour, width: 3, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: colour, borderColor: colour, borderWidth: 2 },
    label: { show: points.length <= 12, position: 'top' as const, formatter: '{c}%', color: TEXT },
    data: points.map((p) => ({
      value: round1(share(p)),
      // Hollow: shown, but greyed out (rule 7).
      itemStyle: greyed(p) ? { color: '#ffffff', borderColor: colour, borderWidth: 2 } : { color: colour },
    })),
  });
  const summary =
    `${o.title}. ` +
    seriesSummary(points, describeShares, 'periods', 12) +
    `. Target ${percent(o.target, 0)}.` +
    (anyGreyed ? ' Figures marked low coverage rest on less than 80% of lines of known size.' : '');
  return render(
    {
      title: { text: o.title, left: 0, textStyle: { fontSize: 16, fontWeight: 'bold', color: TEXT, fontFamily: FONT }, subtext: anyGreyed ? GREYED_NOTE : '', subtextStyle: { color: SECONDARY_TEXT, fontSize: 13 } },
      legend: { bottom: 0, textStyle: { color: TEXT, fontSize: 13 }, itemWidth: 40, data: ['SME share by count', 'SME share by value'] },
      grid: { left: 56, right: 80, top: anyGreyed ? 74 : 56, bottom: 64 },
      xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { color: TEXT, interval: 'auto' }, axisLine: { lineStyle: { color: TEXT } } },
      yAxis: yPercentAxis,
      series: [
        { ...line('SME share by count', COUNT_COLOUR, 'circle', false, (p) => p.countShare, (p) => p.countGreyed), markLine: targetLine(o.target, 'yAxis') },
        line('SME share by value', VALUE_COLOUR, 'triangle', true, (p) => p.valueShare, (p) => p.valueGreyed),
      ],
    },
    width,
    height,
    summary,
  );
}

/**
 * A breakdown (by buyer, sector, framework, lot, category or band) as
 * horizontal bars: SME share by count and by value for each row, labelled
 * with the figure, the target as a dashed line; a greyed share is a hollow
 * bar. Null when there are no rows.
 */
export function breakdownChart(rows: SharePoint[], o: { title: string; target: number; width?: number }): ChartView | null {
  if (!rows.length) return null;
  const width = o.width ?? 900;
  const anyGreyed = rows.some((p) => (p.countGreyed && p.countShare != null) || (p.valueGreyed && p.valueShare != null));
  // Room above the bars for the title, the note and the target's label.
  const top = anyGreyed ? 86 : 68;
  const height = top + 60 + rows.length * 56;
  const bar = (name: string, colour: string, share: (p: SharePoint) => number | null, greyed: (p: SharePoint) => boolean) => ({
    name,
    type: 'bar' as const,
    barMaxWidth: 20,
    barGap: '15%',
    label: { show: true, position: 'right' as const, color: TEXT, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value}%` : 'no data') },
    itemStyle: { color: colour, borderColor: colour, borderWidth: 2 },
    data: rows.map((p) => ({
      value: round1(share(p)),
      itemStyle: greyed(p) ? { color: '#ffffff', borderColor: colour, borderWidth: 2 } : { color: colour, borderColor: colour },
    })),
  });
  const summary =
    `${o.title}. ` +
    seriesSummary(rows, describeShares, 'rows', 15) +
    `. Target ${percent(o.target, 0)}.` +
    (anyGreyed ? ' Figures marked low coverage rest on less than 80% of lines of known size.' : '');
  return render(
    {
      title: { text: o.title, left: 0, textStyle: { fontSize: 16, fontWeight: 'bold', color: TEXT, fontFamily: FONT }, subtext: anyGreyed ? GREYED_NOTE : '', subtextStyle: { color: SECONDARY_TEXT, fontSize: 13 } },
      legend: { bottom: 0, textStyle: { color: TEXT, fontSize: 13 }, data: ['SME share by count', 'SME share by value'] },
      grid: { left: 210, right: 90, top, bottom: 56 },
      yAxis: { type: 'category', inverse: true, data: rows.map((p) => shortLabel(p.label)), axisLabel: { color: TEXT, width: 200, overflow: 'truncate' }, axisLine: { lineStyle: { color: TEXT } } },
      xAxis: yPercentAxis,
      series: [
        { ...bar('SME share by count', COUNT_COLOUR, (p) => p.countShare, (p) => p.countGreyed), markLine: targetLine(o.target, 'xAxis') },
        bar('SME share by value', VALUE_COLOUR, (p) => p.valueShare, (p) => p.valueGreyed),
      ],
    },
    width,
    height,
    summary,
  );
}

/**
 * The SME funnel: for each stage (registered → bidders → shortlisted →
 * awarded) a horizontal bar stacked by size band, each segment labelled
 * with its count and divided from the next by a white border. Null when
 * there are no stages.
 */
export function funnelChart(stages: FunnelStagePoint[], o: { title: string; bands: { key: string; label: string }[]; width?: number }): ChartView | null {
  if (!stages.length) return null;
  const width = o.width ?? 900;
  const height = 56 + 60 + stages.length * 64;
  const summary =
    `${o.title}. ` +
    stages
      .map((s) => {
        const total = o.bands.reduce((n, b) => n + (s.byBand[b.key] ?? 0), 0);
        const parts = o.bands.filter((b) => s.byBand[b.key]).map((b) => `${b.label.toLowerCase()} ${s.byBand[b.key]}`);
        return `${s.label}: ${total}${parts.length ? ` (${parts.join(', ')})` : ''}`;
      })
      .join('; ') +
    '.';
  return render(
    {
      title: { text: o.title, left: 0, textStyle: { fontSize: 16, fontWeight: 'bold', color: TEXT, fontFamily: FONT } },
      legend: { bottom: 0, textStyle: { color: TEXT, fontSize: 13 }, data: o.bands.map((b) => b.label) },
      grid: { left: 170, right: 40, top: 56, bottom: 56 },
      yAxis: { type: 'category', inverse: true, data: stages.map((s) => s.label), axisLabel: { color: TEXT }, axisLine: { lineStyle: { color: TEXT } } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: GRID_LINE, type: 'dashed' } } },
      series: o.bands.map((b) => {
        const c = BAND_COLOURS[b.key] ?? BAND_COLOURS.unknown;
        return {
          name: b.label,
          type: 'bar' as const,
          stack: 'suppliers',
          barMaxWidth: 36,
          itemStyle: { color: c.fill, borderColor: '#ffffff', borderWidth: 1 },
          label: { show: true, color: c.label, formatter: (p: { value: unknown }) => (typeof p.value === 'number' && p.value > 0 ? String(p.value) : '') },
          data: stages.map((s) => s.byBand[b.key] ?? 0),
        };
      }),
    },
    width,
    height,
    summary,
  );
}

/**
 * Buyer scorecards: each buyer's attainment (SME share of value ÷ target, %)
 * as a labelled horizontal bar with its grade, the 100% line dashed; a
 * greyed attainment is hollow. Null when there are no buyers with a share.
 */
export function attainmentChart(rows: { label: string; attainment: number | null; grade: string | null; greyed: boolean }[], o: { title: string; width?: number }): ChartView | null {
  const shown = rows.filter((r) => r.attainment != null);
  if (!shown.length) return null;
  const width = o.width ?? 900;
  const anyGreyed = shown.some((r) => r.greyed);
  // Room above the bars for the title, the note and the target's label.
  const top = anyGreyed ? 86 : 68;
  const height = top + 40 + shown.length * 40;
  const max = Math.max(130, ...shown.map((r) => r.attainment!));
  const summary =
    `${o.title}. ` +
    shown
      .slice(0, 15)
      .map((r) => `${r.label}: ${r.attainment!.toFixed(1)}% of target, grade ${r.grade}${r.greyed ? ' (low coverage)' : ''}`)
      .join('; ') +
    (shown.length > 15 ? `; and ${shown.length - 15} more` : '') +
    '.';
  return render(
    {
      title: { text: o.title, left: 0, textStyle: { fontSize: 16, fontWeight: 'bold', color: TEXT, fontFamily: FONT }, subtext: anyGreyed ? GREYED_NOTE : '', subtextStyle: { color: SECONDARY_TEXT, fontSize: 13 } },
      grid: { left: 210, right: 110, top, bottom: 40 },
      yAxis: { type: 'category', inverse: true, data: shown.map((r) => shortLabel(r.label)), axisLabel: { color: TEXT, width: 200, overflow: 'truncate' }, axisLine: { lineStyle: { color: TEXT } } },
      xAxis: { type: 'value', min: 0, max: Math.ceil(max / 10) * 10, axisLabel: { formatter: '{value}%', color: TEXT }, splitLine: { lineStyle: { color: GRID_LINE, type: 'dashed' } } },
      series: [
        {
          name: 'Attainment',
          type: 'bar',
          barMaxWidth: 22,
          label: { show: true, position: 'right', color: TEXT, formatter: (p: { dataIndex: number }) => `${shown[p.dataIndex].attainment!.toFixed(1)}% (${shown[p.dataIndex].grade})` },
          data: shown.map((r) => ({
            value: Math.round(r.attainment! * 10) / 10,
            itemStyle: r.greyed ? { color: '#ffffff', borderColor: COUNT_COLOUR, borderWidth: 2 } : { color: COUNT_COLOUR, borderColor: COUNT_COLOUR, borderWidth: 2 },
          })),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: TARGET_COLOUR, type: 'dashed', width: 2 },
            label: { formatter: 'Target met (100%)', color: TEXT, position: 'start' },
            data: [{ xAxis: 100 }],
          },
        },
      ],
    },
    width,
    height,
    summary,
  );
}
