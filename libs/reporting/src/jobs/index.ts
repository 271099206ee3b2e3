import { Module } from '@nestjs/common';
import { ReportingModule } from '../reporting.module';
import { REPORTING_JOB_HANDLERS } from './reporting.handlers';

/** Reporting's job handlers; imported by the worker only (through `@app/reporting/jobs`). */
@Module({
  imports: [ReportingModule],
  providers: REPORTING_JOB_HANDLERS,
})
export class ReportingJobsModule {}
