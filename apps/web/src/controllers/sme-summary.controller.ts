import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PERIOD_KINDS, REPORT_BASES, ReportBasis, SmeReportsService, shareReportCsv } from '@app/reporting';
import { Public } from '@app/platform';
import { DomainError } from '@app/shared';
import { ReportsQuery } from '../forms/report-forms';
import { breakdownChart, percent, shareSeriesChart } from '../view/charts';
import { queryString } from '../view/labels';
import { BASIS_NAMES, PERIOD_NAMES, readReportQuery, reportTableHead, reportTableRows, selectItems } from '../view/report-view';
import { chartPoints, headlineCard, sendCsv } from './reports.controller';

const PUBLIC_BREAKDOWNS = ['period', 'sector'] as const;

/**
 * The public summary of SME share (product.md §4), for everyone without
 * signing in: headline shares on both bases with their coverage against the
 * target, the share over time and by buyer sector, each chart followed by
 * its table and a CSV of the same aggregates. Aggregates only: no buyer,
 * contract or supplier is named here.
 */
@Public()
@Controller('sme-share')
export class SmeSummaryController {
  constructor(private readonly reports: SmeReportsService) {}

  @Get()
  @Render('reports/public-summary')
  async summary(@Query() query: ReportsQuery) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>, { period: 'fy' });
    // Only the basis and the period are choices here; anything else given is not applied.
    const relevant = errors.filter((e) => e.field === 'basis' || e.field === 'period');
    const report = (basis: ReportBasis, by: 'period' | 'sector') => this.reports.shareReport({ basis, by, period: p.period, limit: 1000, offset: 0 });
    const [award, spend, bySector] = await Promise.all([report('award', 'period'), report('spend', 'period'), report(p.basis, 'sector')]);
    const chosen = p.basis === 'award' ? award : spend;
    const target = award.target;
    const basisWords = BASIS_NAMES[p.basis].toLowerCase();
    const periodWord = PERIOD_NAMES[p.period].replace(/ \(.*\)$/, '').toLowerCase();
    const seriesTitle = `SME share of ${basisWords} by ${periodWord}`;
    const sectorTitle = `SME share of ${basisWords} by buyer sector`;
    const csv = (by: string) => `/sme-share/download.csv?${queryString({ basis: p.basis, by, period: p.period })}`;
    return {
      pageTitle: 'SME share of public contracts',
      basisItems: REPORT_BASES.map((b) => ({ value: b, text: BASIS_NAMES[b], checked: b === p.basis })),
      periodItems: selectItems(PERIOD_KINDS, PERIOD_NAMES, p.period),
      target: percent(target, 0),
      headlines: [headlineCard(award, 'award', p.basis === 'award'), headlineCard(spend, 'spend', p.basis === 'spend')],
      series: {
        title: seriesTitle,
        chart: shareSeriesChart(chartPoints(chosen), { title: seriesTitle, target }),
        head: reportTableHead(PERIOD_NAMES[p.period].replace(/ \(.*\)$/, '')),
        rows: reportTableRows(chosen.rows, 'period', null),
        csvHref: csv('period'),
      },
      sectors: {
        title: sectorTitle,
        chart: breakdownChart(chartPoints(bySector), { title: sectorTitle, target }),
        head: reportTableHead('Buyer sector'),
        rows: reportTableRows(bySector.rows, 'sector', null),
        csvHref: csv('sector'),
      },
      ...(relevant.length
        ? { errorList: relevant.map((e) => ({ text: e.message, href: `#${e.field}` })), fieldErrors: Object.fromEntries(relevant.map((e) => [e.field, e.message])) }
        : { errorList: [], fieldErrors: {} }),
    };
  }

  /** The same aggregates as CSV: by period or by sector, on either basis. */
  @Get('download.csv')
  async download(@Query() query: ReportsQuery, @Res({ passthrough: true }) res: Response) {
    const { params: p, errors } = readReportQuery(query as Record<string, unknown>, { period: 'fy', by: 'period', breakdowns: PUBLIC_BREAKDOWNS });
    const relevant = errors.filter((e) => ['basis', 'period', 'by'].includes(e.field));
    if (relevant.length) throw DomainError.validation('REPORTING.INVALID_QUERY', relevant);
    const report = await this.reports.shareReport({ basis: p.basis, by: p.by, period: p.period, limit: 1000, offset: 0 });
    return sendCsv(res, `sme-share-${p.basis}-by-${p.by}`, shareReportCsv(report));
  }
}
