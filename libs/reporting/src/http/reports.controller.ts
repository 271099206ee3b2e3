import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, PageQueryDto, ReqMeta, RequestMeta, Roles } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { funnelCsv, linesCsv, scorecardsCsv, shareReportCsv } from '../application/report-csv';
import { ReportingAdminService } from '../application/reporting-admin.service';
import { SmeFunnelService } from '../application/sme-funnel.service';
import { SmeReportsService } from '../application/sme-reports.service';
import { FunnelDto, LinesPageDto, ScorecardsDto, ShareReportDto } from './dto/report-responses.dto';
import { FunnelQueryDto, FxRatesCsvDto, LinesQueryDto, ReportFiltersDto, ShareReportQueryDto, SizeCorrectionDto } from './dto/reports.dto';

function asCsv(res: FastifyReply, name: string, body: string): string {
  res.header('Content-Type', 'text/csv; charset=utf-8');
  res.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  return body;
}

/**
 * SME-share reports: public aggregates read from the rollups (JSON, or CSV with
 * `format=csv`); the contracts behind a figure; the funnel and buyer scorecards.
 */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: SmeReportsService,
    private readonly funnels: SmeFunnelService,
    private readonly admin: ReportingAdminService,
  ) {}

  /** SME share by count and by value, with coverage, broken down by period, buyer, sector, framework, lot, category or size band. */
  @Public()
  @Get('sme-share')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ShareReportDto, description: 'JSON; with format=csv, one CSV row per breakdown row and the headline last' })
  async share(@Query() q: ShareReportQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const report = await this.reports.shareReport({ ...q, snapshotId: q.snapshot });
    return q.format === 'csv' ? asCsv(res, `sme-share-${q.basis}-by-${q.by}`, shareReportCsv(report)) : report;
  }

  /** The award or spend lines behind a figure (drill-down), newest first. */
  @Public()
  @Get('sme-share/lines')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: LinesPageDto })
  async lines(@Query() q: LinesQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const lines = await this.reports.lines(q);
    return q.format === 'csv' ? asCsv(res, `sme-share-${q.basis}-lines`, linesCsv(lines)) : lines;
  }

  /** Buyer scorecards: SME share of value against the target, graded A+ to F. */
  @Public()
  @Get('scorecards')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ScorecardsDto })
  async scorecards(@Query() q: ReportFiltersDto, @Res({ passthrough: true }) res: FastifyReply) {
    const cards = await this.reports.scorecards(q);
    return q.format === 'csv' ? asCsv(res, 'buyer-scorecards', scorecardsCsv(cards)) : cards;
  }

  /** The SME funnel (registered → bidders → shortlisted → awarded by size band), all closed requirements or one buyer's or one requirement's. */
  @Public()
  @Get('funnel')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: FunnelDto })
  async funnel(@Query() q: FunnelQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const funnel = await this.funnels.funnel(q);
    return q.format === 'csv' ? asCsv(res, 'sme-funnel', funnelCsv(funnel)) : funnel;
  }

  /** Stored recomputes: when, under which definition version, the checksum, any drift found and repaired. */
  @Public()
  @Get('snapshots')
  snapshots(@Query() page: PageQueryDto) {
    return this.reports.snapshots(page.limit, page.offset);
  }

  /** The exchange rates used to value lines in GBP. */
  @Public()
  @Get('fx-rates')
  fxRates() {
    return this.admin.fxRates();
  }

  /** Loads exchange rates (CSV text); lines in those currencies are valued again. Platform admins. */
  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('fx-rates')
  @HttpCode(200)
  loadRates(@CurrentUser() user: AuthUser, @Body() body: FxRatesCsvDto, @ReqMeta() meta: RequestMeta) {
    return this.admin.loadFxCsv(user, body.csv, body.source ?? 'upload', meta);
  }

  /** Queues a full recompute now. Analysts and platform admins. */
  @ApiBearerAuth()
  @Roles('analyst', 'platform_admin')
  @Post('recompute')
  @HttpCode(202)
  recompute(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta) {
    return this.admin.requestRecompute(user, meta);
  }

  /** Corrects the size band recorded for a supplier on a reported contract. Platform admins. */
  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('contracts/:reportedContractId/size-corrections')
  @HttpCode(202)
  correctSize(
    @CurrentUser() user: AuthUser,
    @UuidParam('reportedContractId') id: string,
    @Body() body: SizeCorrectionDto,
    @ReqMeta() meta: RequestMeta,
  ) {
    return this.admin.correctSize(user, id, body, meta);
  }
}
