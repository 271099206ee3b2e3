import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '@app/identity';
import {
  BAND_LABELS,
  BREAKDOWNS,
  BUYER_SECTORS,
  FUNNEL_BANDS,
  FunnelView,
  PERIOD_KINDS,
  REPORT_BASES,
  ReportBasis,
  SECTOR_LABELS,
  ShareReport,
  SmeFunnelService,
  SmeReportsService,
  funnelCsv,
  linesCsv,
  scorecardsCsv,
  shareReportCsv,
} from '@app/reporting';
import { DEFAULT_PAGE_SIZE, DomainError, FieldError, isDomainError } from '@app/shared';
import { ReportsQuery } from '../forms/report-forms';
import { attainmentChart, breakdownChart, funnelChart, percent, shareSeriesChart } from '../view/charts';
import { formatDate, formatMoney, queryString } from '../view/labels';
import { pagination } from '../view/pagination';
import {
  BASIS_NAMES,
  BREAKDOWN_NAMES,
  DASHBOARD_BREAKDOWNS,
  DIMENSION_NAMES,
  PERIOD_NAMES,
  ReportParams,
  drillDownQuery,
  escapeHtml,
  keyLabel,
  poundsText,
  readReportQuery,
  reportTableHead,
  reportTableRows,
  selectItems,
  shareCell,
  shareText,
  coverageCell,
  weightText,
} from '../view/report-view';

/** Rows a CSV download holds at most (the API pages through more). */
export const CSV_MAX_ROWS = 10_000;
const BREAKDOWN_PAGE_SIZE = 20;

export const FUNNEL_STAGE_NAMES: Record<string, string> = { registered: 'Registered suppliers', bidders: 'Bidders', shortlisted: 'Shortlisted', awarded: 'Awarded' };
export const FUNNEL_BAND_NAMES: Record<string, string> = { micro: 'Micro', small: 'Small', medium: 'Medium', large: 'Large', unknown: 'Unknown size' };
const GRADE_TAGS: Record<string, string> = { 'A+': 'govuk-tag--green', A: 'govuk-tag--green', B: 'govuk-tag--turquoise', C: 'govuk-tag--yellow', D: 'govuk-tag--orange', F: 'govuk-tag--red' };

/** Sends CSV text as a download. */
export function sendCsv(res: Response, name: string, body: string): string {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return body;
}

/** Refuses a CSV download whose parameters (of those it uses) are not valid: the error page names them. */
function refuseBad(errors: FieldError[], used: readonly string[]): void {
  const bad = errors.filter((e) => used.includes(e.field));
  if (bad.length) throw DomainError.validation('REPORTING.INVALID_QUERY', bad);
}

/** A validation error of a service (a snapshot that does not exist, say) becomes errors on the page; anything else is thrown. */
async function orErrors<T>(work: Promise<T>, errors: FieldError[]): Promise<T | null> {
  try {
    return await work;
  } catch (e) {
    if (!isDomainError(e) || (e.kind !== 'validation' && e.kind !== 'not_found')) throw e;
    const found = e.fieldErrors.length ? e.fieldErrors : [{ field: '', message: e.message }];
    for (const f of found) if (!errors.some((x) => x.field === f.field && x.message === f.message)) errors.push(f);
    return null;
  }
}

/**
 * The error summary and inline messages of a report page: only the
 * parameters the page uses (others given are not applied, and not
 * reported); each links to its input, or to `otherHref` when the page has
 * no input for it (the page number, the drill-down's filters).
 */
export function errorView(errors: FieldError[], used: readonly string[], inputs: readonly string[], otherHref = '#main-content') {
  const fieldErrors: Record<string, string> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const e of errors) {
    if (e.field && !used.includes(e.field)) continue;
    const input = inputs.includes(e.field) ? e.field : '';
    if (input && fieldErrors[input]) continue;
    if (input) fieldErrors[input] = e.message;
    errorList.push({ text: e.message, href: input ? `#${input}` : otherHref });
  }
  return { errorList, fieldErrors };
}

const DASHBOARD_INPUTS = ['basis', 'period', 'from', 'to', 'sector', 'by', 'snapshot'] as const;
const LINES_PARAMS = ['basis', 'from', 'to', 'sector', 'dimension', 'key', 'band', 'page'] as const;

/** The filters that narrow every figure on the dashboard, as query parameters. */
const filterParams = (p: ReportParams) => ({ period: p.period, from: p.from, to: p.to, sector: p.sector, snapshot: p.snapshot });

/** The headline of one basis: both shares with their coverage, greyed with the reason below 80%. */
export function headlineCard(report: ShareReport, basis: ReportBasis, chosen: boolean) {
  const h = report.headline;
  const count = shareText(h.countShare, h.countCoverage, h.countGreyed, 'count');
  const value = shareText(h.valueShare, h.valueCoverage, h.valueGreyed, 'value');
  return {
    basis,
    name: BASIS_NAMES[basis],
    chosen,
    count,
    value,
    whys: [count.why, value.why].filter(Boolean),
    linesText: `${weightText(h.weight)} ${basis === 'award' ? 'award-supplier lines (weighted)' : 'spend lines'}`,
    valueText: poundsText(h.valueGbp),
    unconvertedLines: h.unconvertedLines,
    empty: h.lines === 0,
  };
}

/** A share report's rows as chart points (labels as the tables show them). */
export const chartPoints = (report: ShareReport) =>
  report.rows.map((r) => ({ label: keyLabel(report.by, r.key, r.label), countShare: r.countShare, valueShare: r.valueShare, countGreyed: r.countGreyed, valueGreyed: r.valueGreyed }));

/**
 * The analysts' SME-share dashboards (product.md §4), for analysts and
 * platform admins: headline shares on both bases with coverage against the
 * target, the time series and a breakdown (chart, then the same figures in
 * a table, then CSV), drill-down to the lines behind any row, the SME
 * funnel, buyer scorecards and the stored recomputes. Filters are a GET
 * form, so every view is a link and works without JavaScript.
 */
@Roles('analyst', 'platform_admin')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: SmeReportsService,
    private readonly funnels: SmeFunnelService,
  ) {}

  @Get()
  @Render('reports/dashboard')
  async dashboard(@Query() query: ReportsQuery) {
    const { params: p, typed, errors } = readReportQuery(query as Record<string, unknown>, { period: 'fy', by: 'sector' });
    const common = { period: p.period, from: p.from, to: p.to, sector: p.sector, snapshotId: p.snapshot };
    const series = (basis: ReportBasis) => orErrors(this.reports.shareReport({ ...common, basis, by: 'period', limit: 1000, offset: 0 }), errors);
    const [award, spend, breakdown, snapshots] = await Promise.all([
      series('award'),
      series('spend'),
      orErrors(this.reports.shareReport({ ...common, basis: p.basis, by: p.by, limit: BREAKDOWN_PAGE_SIZE, offset: (p.page - 1) * BREAKDOWN_PAGE_SIZE }), errors),
      this.reports.snapshots(20, 0),
    ]);
    const chosen = p.basis === 'award' ? award : spend;
    const target = (award ?? spend ?? breakdown)?.target ?? this.reports.target;
    const filters = filterParams(p);
    const periodName = PERIOD_NAMES[p.period].replace(/ \(.*\)$/, '').toLowerCase();
    const seriesTitle = `SME share of ${BASIS_NAMES[p.basis].toLowerCase()} by ${periodName}`;
    const breakdownTitle = `SME share of ${BASIS_NAMES[p.basis].toLowerCase()} by ${BREAKDOWN_NAMES[p.by].toLowerCase()}`;
    const linesHref = (by: ShareReport['by']) => (r: { key: string }) => `/reports/lines?${drillDownQuery(by, r.key, p)}`;
    const snapshot = chosen?.snapshot ?? null;
    const snapshotItems = [
      { value: '', text: 'Current figures', selected: !p.snapshot },
      ...(snapshots.items as { id: string; snapshotAt: string; definitionVersion: string }[]).map((s) => ({
        value: s.id,
        text: `Recompute of ${formatDate(s.snapshotAt, true)} (${s.definitionVersion})`,
        selected: s.id === p.snapshot,
      })),
    ];
    if (p.snapshot && !snapshotItems.some((i) => i.value === p.snapshot)) snapshotItems.push({ value: p.snapshot, text: snapshot ? `Recompute of ${formatDate(snapshot.snapshotAt, true)}` : 'Unknown snapshot', selected: true });
    const qs = (extra: Record<string, unknown>) => queryString({ ...extra, ...filters });
    return {
      pageTitle: 'SME share dashboard',
      subnav: 'dashboard',
      values: { basis: p.basis, period: p.period, from: typed.from ?? '', to: typed.to ?? '', sector: p.sector, by: p.by, snapshot: p.snapshot },
      basisItems: REPORT_BASES.map((b) => ({ value: b, text: BASIS_NAMES[b], checked: b === p.basis })),
      periodItems: selectItems(PERIOD_KINDS, PERIOD_NAMES, p.period),
      sectorItems: selectItems(BUYER_SECTORS, SECTOR_LABELS, p.sector, 'All sectors'),
      // A breakdown refused with the basis (spend by category) stays selected beside its error.
      byItems: selectItems(DASHBOARD_BREAKDOWNS, BREAKDOWN_NAMES, errors.some((e) => e.field === 'by') ? typed.by : p.by),
      snapshotItems,
      filtered: !!(p.from || p.to || p.sector || p.snapshot),
      target: percent(target, 0),
      snapshot: snapshot && { ...snapshot, when: formatDate(snapshot.snapshotAt, true) },
      headlines: [award && headlineCard(award, 'award', p.basis === 'award'), spend && headlineCard(spend, 'spend', p.basis === 'spend')].filter(Boolean),
      series: chosen && {
        title: seriesTitle,
        chart: shareSeriesChart(chartPoints(chosen), { title: seriesTitle, target }),
        head: reportTableHead(PERIOD_NAMES[p.period].replace(/ \(.*\)$/, '')),
        rows: reportTableRows(chosen.rows, 'period', linesHref('period')),
        csvHref: `/reports/sme-share.csv?${qs({ basis: p.basis, by: 'period' })}`,
      },
      breakdown: breakdown && {
        title: breakdownTitle,
        by: p.by,
        byName: BREAKDOWN_NAMES[p.by],
        total: breakdown.total,
        firstShown: breakdown.total ? (p.page - 1) * BREAKDOWN_PAGE_SIZE + 1 : 0,
        lastShown: Math.min(p.page * BREAKDOWN_PAGE_SIZE, breakdown.total),
        chart: breakdownChart(chartPoints(breakdown), { title: breakdownTitle, target }),
        head: reportTableHead(BREAKDOWN_NAMES[p.by]),
        rows: reportTableRows(breakdown.rows, p.by, linesHref(p.by)),
        csvHref: `/reports/sme-share.csv?${qs({ basis: p.basis, by: p.by })}`,
        pagination: ['buyer', 'framework', 'lot', 'category'].includes(p.by)
          ? pagination({ total: breakdown.total, limit: BREAKDOWN_PAGE_SIZE }, p.page, (n) => `/reports?${qs({ basis: p.basis, by: p.by, page: n })}#breakdown`)
          : null,
      },
      ...errorView(errors, [...DASHBOARD_INPUTS, 'page'], DASHBOARD_INPUTS),
    };
  }

  /** The award or spend lines behind a figure (the drill-down), newest first, with the figure they make up. */
  @Get('lines')
  @Render('reports/lines')
  async lines(@Query() query: ReportsQuery) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>);
    const filters = { basis: p.basis, from: p.from, to: p.to, sector: p.sector, dimension: p.dimension, key: p.key, band: p.band };
    const [result, figure] = await Promise.all([
      orErrors(this.reports.lines({ ...filters, limit: DEFAULT_PAGE_SIZE, offset: (p.page - 1) * DEFAULT_PAGE_SIZE }), errors),
      // The rollups have no band filter: the figure is given for the other filters only.
      p.band ? Promise.resolve(null) : orErrors(this.reports.shareReport({ ...filters, by: 'period', period: 'fy', limit: 1, offset: 0 }), errors),
    ]);
    const qs = queryString(filters) + (p.dimension && p.key === '' ? '&key=' : '');
    const scope = [
      { key: 'Basis', value: BASIS_NAMES[p.basis] },
      { key: 'Months', value: p.from || p.to ? `${p.from ?? 'the start'} to ${p.to ?? 'the latest'}` : 'All' },
      { key: 'Buyer sector', value: p.sector ? SECTOR_LABELS[p.sector] : 'All sectors' },
      ...(p.dimension ? [{ key: DIMENSION_NAMES[p.dimension], value: figure?.filters.keyLabel ?? (p.key || 'Not stated') }] : []),
      ...(p.band ? [{ key: 'Supplier size band', value: BAND_LABELS[p.band] }] : []),
    ];
    type Line = Record<string, string | null>;
    const items = (result?.items ?? []) as Line[];
    return {
      pageTitle: 'Contracts and lines behind the figures',
      subnav: 'dashboard',
      scope,
      figure: figure && headlineCard(figure, p.basis, true),
      target: percent(figure?.target ?? this.reports.target, 0),
      total: result?.total ?? 0,
      firstShown: result?.total ? (p.page - 1) * DEFAULT_PAGE_SIZE + 1 : 0,
      lastShown: Math.min(p.page * DEFAULT_PAGE_SIZE, result?.total ?? 0),
      basis: p.basis,
      head: [
        { text: 'Date' },
        { text: p.basis === 'award' ? 'Contract' : 'Description' },
        { text: 'Buyer' },
        { text: 'Supplier' },
        { text: 'Size band' },
        { text: 'Weight', format: 'numeric' },
        { text: 'Value (GBP)', format: 'numeric' },
        { text: 'Original value', format: 'numeric' },
      ],
      rows: items.map((l) => [
        { text: `${formatDate(l.date)}${l.dateBasis && l.dateBasis !== 'award' && l.dateBasis !== 'invoice' ? ` (${l.dateBasis} date)` : ''}` },
        l.source === 'native' && l.contractId
          ? { html: `<a class="govuk-link" href="/contracts/${escapeHtml(l.contractId)}">${escapeHtml(l.title || 'Untitled contract')}</a>` }
          : { html: `${escapeHtml(l.title || (p.basis === 'award' ? 'Untitled contract' : 'No description'))}${l.ocid ? `<br><span class="govuk-body-s">${escapeHtml(l.ocid)}</span>` : ''}` },
        { text: l.buyerName ?? '' },
        { text: l.supplierName ?? '' },
        { text: BAND_LABELS[l.sizeBand ?? 'unknown'] ?? l.sizeBand ?? '' },
        { text: weightText(Number(l.weight ?? 0)), format: 'numeric' },
        { text: l.amountGbp == null ? (l.amount == null ? 'Not known' : 'No rate') : formatMoney(Number(l.amountGbp).toFixed(2), 'GBP'), format: 'numeric' },
        { text: l.amount == null ? 'Not known' : formatMoney(l.amount, l.currency), format: 'numeric' },
      ]),
      csvHref: `/reports/lines.csv?${qs}`,
      backHref: `/reports?${queryString({ basis: p.basis, from: p.from, to: p.to, sector: p.sector })}`,
      pagination: result && pagination(result, p.page, (n) => `/reports/lines?${qs ? `${qs}&` : ''}page=${n}`),
      ...errorView(errors, LINES_PARAMS, [], '#scope'),
    };
  }

  /** The SME funnel, for all closed requirements, one buyer's or one requirement's. */
  @Get('funnel')
  @Render('reports/funnel')
  async funnel(@Query() query: ReportsQuery) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>);
    const choices = (await this.funnels.choices()) as { id: string; title: string; buyerId: string; buyerName: string }[];
    let funnel: FunnelView;
    try {
      funnel = await this.funnels.funnel({ buyerId: p.buyerId, requirementId: p.requirementId });
    } catch (e) {
      // A buyer or requirement that is not there: say so on its field and show the whole funnel.
      if (!isDomainError(e) || e.kind !== 'not_found') throw e;
      errors.push(
        e.code === 'REPORTING.BUYER_NOT_FOUND'
          ? { field: 'buyerId', message: 'Select a buyer from the list' }
          : { field: 'requirementId', message: 'Select a requirement from the list: one past its closing time, of the buyer selected' },
      );
      funnel = await this.funnels.funnel({});
    }
    const buyers = [...new Map(choices.map((c) => [c.buyerId, c.buyerName])).entries()];
    const bands = FUNNEL_BANDS.map((b) => ({ key: b, label: FUNNEL_BAND_NAMES[b] }));
    const scopeName = funnel.scope.requirementTitle ? `“${funnel.scope.requirementTitle}”` : funnel.scope.buyerName ? `requirements of ${funnel.scope.buyerName}` : 'all closed requirements';
    const title = `SME funnel: ${scopeName}`;
    const qs = queryString({ buyerId: funnel.scope.buyerId, requirementId: funnel.scope.requirementId });
    return {
      pageTitle: 'SME funnel',
      subnav: 'funnel',
      title,
      scope: funnel.scope,
      buyerItems: [{ value: '', text: 'All buyers', selected: !p.buyerId }, ...buyers.map(([id, name]) => ({ value: id, text: name, selected: id === p.buyerId }))],
      requirementItems: [
        { value: '', text: 'All closed requirements', selected: !p.requirementId },
        ...choices.filter((c) => !p.buyerId || c.buyerId === p.buyerId).map((c) => ({ value: c.id, text: `${c.buyerName}: ${c.title}`, selected: c.id === p.requirementId })),
      ],
      hasChoices: choices.length > 0,
      chart: funnelChart(
        funnel.stages.map((s) => ({ label: FUNNEL_STAGE_NAMES[s.stage], byBand: s.byBand })),
        { title, bands },
      ),
      head: [{ text: 'Stage' }, ...bands.map((b) => ({ text: b.label, format: 'numeric' })), { text: 'SMEs', format: 'numeric' }, { text: 'All', format: 'numeric' }, { text: 'SME share of known size', format: 'numeric' }],
      rows: funnel.stages.map((s) => {
        const known = s.total - (s.byBand.unknown ?? 0);
        return [
          { text: FUNNEL_STAGE_NAMES[s.stage] },
          ...bands.map((b) => ({ text: String(s.byBand[b.key] ?? 0), format: 'numeric' })),
          { text: String(s.sme), format: 'numeric' },
          { text: String(s.total), format: 'numeric' },
          { text: known > 0 ? percent(s.sme / known) : 'No data', format: 'numeric' },
        ];
      }),
      csvHref: `/reports/funnel.csv${qs ? `?${qs}` : ''}`,
      ...errorView(errors, ['buyerId', 'requirementId'], ['buyerId', 'requirementId']),
    };
  }

  /** Buyer scorecards: SME share of value against the target, graded A+ to F like the US SBA scorecard. */
  @Get('scorecards')
  @Render('reports/scorecards')
  async scorecards(@Query() query: ReportsQuery) {
    const { params: p, typed, errors } = readReportQuery(query as Record<string, unknown>);
    const cards = await orErrors(this.reports.scorecards({ from: p.from, to: p.to, sector: p.sector, limit: BREAKDOWN_PAGE_SIZE, offset: (p.page - 1) * BREAKDOWN_PAGE_SIZE }), errors);
    const items = cards?.items ?? [];
    const filters = { from: p.from, to: p.to, sector: p.sector };
    const qs = queryString(filters);
    return {
      pageTitle: 'Buyer scorecards',
      subnav: 'scorecards',
      values: { from: typed.from ?? '', to: typed.to ?? '', sector: p.sector },
      sectorItems: selectItems(BUYER_SECTORS, SECTOR_LABELS, p.sector, 'All sectors'),
      filtered: !!(p.from || p.to || p.sector),
      target: percent(cards?.target ?? this.reports.target, 0),
      total: cards?.total ?? 0,
      chart: attainmentChart(
        items.map((i) => ({ label: i.buyerName, attainment: i.attainment, grade: i.grade, greyed: i.greyed })),
        { title: 'Attainment of the SME target by buyer (share of value ÷ target)' },
      ),
      head: [
        { text: 'Buyer' },
        { text: 'SME share by value', format: 'numeric' },
        { text: 'Coverage by value', format: 'numeric' },
        { text: 'Attainment', format: 'numeric' },
        { text: 'Grade' },
        { text: 'Lines', format: 'numeric' },
        { text: 'Value (GBP)', format: 'numeric' },
      ],
      rows: items.map((i) => [
        { html: `<a class="govuk-link" href="/reports/lines?${escapeHtml(queryString({ basis: 'award', ...filters, dimension: 'buyer', key: i.buyerKey }))}">${escapeHtml(i.buyerName)}<span class="govuk-visually-hidden">: contracts and lines</span></a>` },
        shareCell(i.valueShare, i.greyed),
        coverageCell(i.valueCoverage),
        { text: i.attainment == null ? 'No data' : `${i.attainment.toFixed(1)}%`, format: 'numeric' },
        i.grade
          ? { html: `<strong class="govuk-tag ${GRADE_TAGS[i.grade] ?? 'govuk-tag--grey'}">${escapeHtml(i.grade)}</strong>${i.greyed ? '<span class="app-share__note"> low coverage</span>' : ''}` }
          : { text: 'Not graded' },
        { text: String(i.lines), format: 'numeric' },
        { text: poundsText(i.valueGbp), format: 'numeric' },
      ]),
      csvHref: `/reports/scorecards.csv${qs ? `?${qs}` : ''}`,
      pagination: cards && pagination({ total: cards.total, limit: BREAKDOWN_PAGE_SIZE }, p.page, (n) => `/reports/scorecards?${qs ? `${qs}&` : ''}page=${n}`),
      ...errorView(errors, ['from', 'to', 'sector', 'page'], ['from', 'to', 'sector']),
    };
  }

  /** The stored recomputes: when, the definition version, the lines counted and any drift found and repaired. */
  @Get('snapshots')
  @Render('reports/snapshots')
  async snapshots(@Query() query: ReportsQuery) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>);
    const result = await this.reports.snapshots(DEFAULT_PAGE_SIZE, (p.page - 1) * DEFAULT_PAGE_SIZE);
    type Snapshot = { id: string; snapshotAt: string; definitionVersion: string; trigger: string; awardLines: number; spendLines: number; rollupRows: number; checksum: string; driftRows: number; durationMs: number };
    return {
      pageTitle: 'Stored recomputes',
      subnav: 'snapshots',
      total: result.total,
      head: [
        { text: 'When' },
        { text: 'Trigger' },
        { text: 'Definition version' },
        { text: 'Award lines', format: 'numeric' },
        { text: 'Spend lines', format: 'numeric' },
        { text: 'Drift rows repaired', format: 'numeric' },
        { text: 'Checksum' },
        { text: 'Figures' },
      ],
      rows: (result.items as Snapshot[]).map((s) => [
        { text: formatDate(s.snapshotAt, true) },
        { text: s.trigger },
        { text: s.definitionVersion },
        { text: String(s.awardLines), format: 'numeric' },
        { text: String(s.spendLines), format: 'numeric' },
        s.driftRows > 0 ? { html: `<strong class="govuk-tag govuk-tag--orange">${s.driftRows}</strong>`, format: 'numeric' } : { text: '0', format: 'numeric' },
        { html: `<code class="app-code">${escapeHtml(String(s.checksum).slice(0, 12))}</code>` },
        { html: `<a class="govuk-link" href="/reports?snapshot=${escapeHtml(s.id)}">View figures<span class="govuk-visually-hidden"> of ${escapeHtml(formatDate(s.snapshotAt, true))}</span></a>` },
      ]),
      pagination: pagination(result, p.page, (n) => `/reports/snapshots?page=${n}`),
      ...errorView(errors, ['page'], []),
    };
  }

  // CSV downloads: the same figures as the pages, through the reporting library's CSV writers.

  @Get('sme-share.csv')
  async shareCsv(@Query() query: ReportsQuery, @Res({ passthrough: true }) res: Response) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>, { by: 'period', breakdowns: BREAKDOWNS });
    const by = p.by;
    refuseBad(errors, ['basis', 'by', 'period', 'from', 'to', 'sector', 'dimension', 'key', 'snapshot']);
    const report = await this.reports.shareReport({ basis: p.basis, by, period: p.period, from: p.from, to: p.to, sector: p.sector, dimension: p.dimension, key: p.key, snapshotId: p.snapshot, limit: CSV_MAX_ROWS, offset: 0 });
    return sendCsv(res, `sme-share-${p.basis}-by-${by}`, shareReportCsv(report));
  }

  @Get('lines.csv')
  async linesCsv(@Query() query: ReportsQuery, @Res({ passthrough: true }) res: Response) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>);
    refuseBad(errors, LINES_PARAMS);
    const lines = await this.reports.lines({ basis: p.basis, from: p.from, to: p.to, sector: p.sector, dimension: p.dimension, key: p.key, band: p.band, limit: CSV_MAX_ROWS, offset: 0 });
    return sendCsv(res, `sme-share-${p.basis}-lines`, linesCsv(lines));
  }

  @Get('scorecards.csv')
  async scorecardsCsv(@Query() query: ReportsQuery, @Res({ passthrough: true }) res: Response) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>);
    refuseBad(errors, ['from', 'to', 'sector']);
    const cards = await this.reports.scorecards({ from: p.from, to: p.to, sector: p.sector, limit: CSV_MAX_ROWS, offset: 0 });
    return sendCsv(res, 'buyer-scorecards', scorecardsCsv(cards));
  }

  @Get('funnel.csv')
  async funnelCsv(@Query() query: ReportsQuery, @Res({ passthrough: true }) res: Response) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>);
    refuseBad(errors, ['buyerId', 'requirementId']);
    return sendCsv(res, 'sme-funnel', funnelCsv(await this.funnels.funnel({ buyerId: p.buyerId, requirementId: p.requirementId })));
  }
}
