export { ReportingModule, ReportingHttpModule } from './reporting.module';
export * from './domain/source-contract';
export * from './domain/sectors';
export * from './domain/periods';
export { SME_DEFINITION_VERSION, SmeClass, smeClassOf, buildAwardLines, distinctSuppliers, weightOf, AwardLine, ContractLines } from './domain/sme-lines';
export { ClassTotals, ShareFigures, COVERAGE_THRESHOLD, Grade, gradeOf, shareFigures } from './domain/shares';
export { SmeLedgerService, ApplyResult, buyerKeyOf } from './application/sme-ledger.service';
export { SmeRecomputeService, RecomputeResult } from './application/sme-recompute.service';
export {
  SmeReportsService,
  ShareReport,
  ReportRow,
  ReportQuery,
  ReportBasis,
  Breakdown,
  RollupDimension,
  REPORT_BASES,
  BREAKDOWNS,
  ROLLUP_DIMENSIONS,
  SECTOR_LABELS,
  BAND_LABELS,
} from './application/sme-reports.service';
export { SmeFunnelService, FunnelView, FUNNEL_STAGES, FUNNEL_BANDS } from './application/sme-funnel.service';
export { NativeContractsService } from './application/native-contracts.service';
export { ReportingAdminService } from './application/reporting-admin.service';
export { ReportsCache } from './application/reports-cache';
export { shareReportCsv, funnelCsv, scorecardsCsv, linesCsv } from './application/report-csv';
