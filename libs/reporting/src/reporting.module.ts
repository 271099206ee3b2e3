import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { NativeContractsService } from './application/native-contracts.service';
import { ReportingAdminService } from './application/reporting-admin.service';
import { ReportsCache } from './application/reports-cache';
import { SmeFunnelService } from './application/sme-funnel.service';
import { SmeLedgerService } from './application/sme-ledger.service';
import { SmeRecomputeService } from './application/sme-recompute.service';
import { SmeReportsService } from './application/sme-reports.service';
import { ReportsController } from './http/reports.controller';

const SERVICES = [ReportsCache, SmeLedgerService, SmeRecomputeService, SmeReportsService, SmeFunnelService, NativeContractsService, ReportingAdminService];

/** SME-share reporting: the ledger of lines, rollups, recomputes and snapshots, reports, funnel, scorecards. */
@Module({
  imports: [AuditModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ReportingModule {}

/** The reports API routes. Imported by the api app. */
@Module({
  imports: [ReportingModule],
  controllers: [ReportsController],
})
export class ReportingHttpModule {}
