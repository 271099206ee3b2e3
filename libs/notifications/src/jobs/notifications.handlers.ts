import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobHandlerInstance, JobPayloads, QueuesService } from '@app/queue';
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

export const SWEEP_EVERY_MS = 5 * 60_000;

/** Registers the repeating sweep with BullMQ's job scheduler when the worker starts (upsert: one schedule however many workers). */
@Injectable()
export class NotificationsSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('NotificationsSchedule');

  constructor(private readonly queues: QueuesService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .queueForJob('notifications.sweep')
      .upsertJobScheduler('notifications.sweep', { every: SWEEP_EVERY_MS }, { name: 'notifications.sweep', data: { v: 1 } });
    this.logger.log(`notifications.sweep every ${SWEEP_EVERY_MS / 60_000} min`);
  }
}

export const NOTIFICATIONS_JOB_HANDLERS = [SendEmailHandler, SweepHandler];
