import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { MailerService } from '@app/platform';
import { NotificationsService } from './application/notifications.service';
import { AlertsController } from './http/alerts.controller';
import { NOTIFICATIONS_ENTITIES } from './infrastructure/notification.entities';

/** The e-mail outbox, opportunity-alert preferences and digests. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES), AuditModule],
  providers: [NotificationsService, MailerService],
  exports: [NotificationsService],
})
export class NotificationsModule {}

/** The alert-preference API route. Imported by the api app. */
@Module({
  imports: [NotificationsModule],
  controllers: [AlertsController],
})
export class NotificationsHttpModule {}
