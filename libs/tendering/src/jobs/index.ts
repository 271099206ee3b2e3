import { Module } from '@nestjs/common';
import { TenderingModule } from '../tendering.module';
import { TENDERING_JOB_HANDLERS } from './tendering.handlers';

/** Tendering's job handlers; imported by the worker only (through `@app/tendering/jobs`). */
@Module({
  imports: [TenderingModule],
  providers: [...TENDERING_JOB_HANDLERS],
})
export class TenderingJobsModule {}
