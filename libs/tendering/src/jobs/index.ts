import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { TenderingNoticesService } from '../application/notices.service';
import { TenderingModule } from '../tendering.module';
import { TENDERING_JOB_HANDLERS } from './tendering.handlers';

/** Tendering's job handlers; imported by the worker only (through `@app/tendering/jobs`). */
@Module({
  imports: [TenderingModule, NotificationsModule],
  providers: [...TENDERING_JOB_HANDLERS, TenderingNoticesService],
})
export class TenderingJobsModule {}
