import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module';
import { NOTIFICATIONS_JOB_HANDLERS, NotificationsSchedule } from './notifications.handlers';

/** Notifications' job handlers and schedule; imported by the worker only (through `@app/notifications/jobs`). */
@Module({
  imports: [NotificationsModule],
  providers: [...NOTIFICATIONS_JOB_HANDLERS, NotificationsSchedule],
})
export class NotificationsJobsModule {}
