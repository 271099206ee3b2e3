export { NotificationsHttpModule, NotificationsModule } from './notifications.module';
export { ALERT_FREQUENCIES, AlertFrequency, AlertPreferenceView, Message, NotificationsService } from './application/notifications.service';
