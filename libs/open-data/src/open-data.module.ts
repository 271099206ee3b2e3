import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ReportingModule } from '@app/reporting';
import { BulkFilesService } from './application/bulk-files.service';
import { ImportsService } from './application/imports.service';
import { PublicationsService } from './application/publications.service';
import { ImportsController } from './http/imports.controller';
import { OcdsController } from './http/ocds.controller';

/** Open data: OCDS publication of the platform's processes, bulk files, and imports of published OCDS and spend data into SME reporting. */
@Module({
  imports: [AuditModule, ReportingModule],
  providers: [ImportsService, PublicationsService, BulkFilesService],
  exports: [ImportsService, PublicationsService, BulkFilesService],
})
export class OpenDataModule {}

/** The open-data API routes (OCDS publication, imports). Imported by the api app. */
@Module({
  imports: [OpenDataModule],
  controllers: [OcdsController, ImportsController],
})
export class OpenDataHttpModule {}
