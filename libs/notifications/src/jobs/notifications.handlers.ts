import type { Job } from 'bullmq';
import { JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
import { NotificationsService } from '../application/notifications.service';

/** Sends one queued e-mail; a down mail server fails the job, which BullMQ retries with backoff. */
@JobHandler('notifications.send-email')
export class SendEmailHandler implements JobHandlerInstance<'notifications.send-email'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle(job: Job<JobPayloads['notifications.send-email']>): Promise<{ result: string }> {
    return { result: await this.notifications.send(job.data.emailId) };
  }
}

/** Every few minutes: send the daily digests that are due, and queue again mail that is still unsent. */
@JobHandler('notifications.sweep')
export class SweepHandler implements JobHandlerInstance<'notifications.sweep'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle(): Promise<{ digests: number; requeued: number }> {
    return { digests: await this.notifications.sendDueDigests(), requeued: await this.notifications.requeueStale() };
  }
}

export const NOTIFICATIONS_JOB_HANDLERS = [SendEmailHandler, SweepHandler];
