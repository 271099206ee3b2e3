import { Module } from '@nestjs/common';
import { OpenDataModule } from '../open-data.module';
import { OPEN_DATA_JOB_HANDLERS } from './open-data.handlers';

/** Open data's job handlers; imported by the worker only (through `@app/open-data/jobs`). */
@Module({
  imports: [OpenDataModule],
  providers: OPEN_DATA_JOB_HANDLERS,
})
export class OpenDataJobsModule {}
