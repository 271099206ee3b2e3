import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module';
import { NOTIFICATIONS_JOB_HANDLERS } from './notifications.handlers';

/** Notifications' job handlers; imported by the worker only (through `@app/notifications/jobs`). */
@Module({
  imports: [NotificationsModule],
  providers: [...NOTIFICATIONS_JOB_HANDLERS],
})
export class NotificationsJobsModule {}
