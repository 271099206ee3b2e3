import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ReportingModule } from '@app/reporting';
import { ImportsService } from './application/imports.service';
import { ImportsController } from './http/imports.controller';

/** Open data: imports of published OCDS and spend data into SME reporting. */
@Module({
  imports: [AuditModule, ReportingModule],
  providers: [ImportsService],
  exports: [ImportsService],
})
export class OpenDataModule {}

/** The imports API routes. Imported by the api app. */
@Module({
  imports: [OpenDataModule],
  controllers: [ImportsController],
})
export class OpenDataHttpModule {}
