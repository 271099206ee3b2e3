import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
import { TenderingNoticesService } from '../application/notices.service';
import { RequirementsService } from '../application/requirements.service';

/**
 * Records a requirement closed at its closing time (delayed until `runAt`).
 * Idempotent by the state machine: a second run, or a run for a closing time
 * since moved later, finds nothing to do. The API does not depend on it: a
 * published requirement past its closing time is closed for every purpose.
 */
@JobHandler('tendering.close-requirement')
export class CloseRequirementHandler implements JobHandlerInstance<'tendering.close-requirement'> {
  private readonly logger = new Logger('tendering.close-requirement');

  constructor(private readonly requirements: RequirementsService) {}

  async handle(job: Job<JobPayloads['tendering.close-requirement']>): Promise<{ closed: boolean }> {
    const outcome = await this.requirements.closeOrWait(job.data.requirementId);
    // The delay is timed by the worker's clock; a job that fires just before the database's closing time is retried.
    if (outcome === 'early') throw new Error(`requirement ${job.data.requirementId} is not due yet by the database clock; retrying`);
    if (outcome === 'nothing') this.logger.log(`requirement ${job.data.requirementId}: not due (moved later) or already closed`);
    return { closed: outcome === 'closed' };
  }
}

/** Every minute: records as closed any requirement whose closing job was late or lost. */
@JobHandler('tendering.close-due')
export class CloseDueHandler implements JobHandlerInstance<'tendering.close-due'> {
  constructor(private readonly requirements: RequirementsService) {}
  async handle(): Promise<{ closed: number }> {
    return { closed: await this.requirements.closeAllDue() };
  }
}

// The notice jobs queue e-mail through the notifications outbox with per-recipient refs: a retry queues nothing twice.

@JobHandler('tendering.notify-published')
export class NotifyPublishedHandler implements JobHandlerInstance<'tendering.notify-published'> {
  constructor(private readonly notices: TenderingNoticesService) {}
  handle(job: Job<JobPayloads['tendering.notify-published']>) {
    return this.notices.published(job.data.requirementId);
  }
}

@JobHandler('tendering.notify-answer')
export class NotifyAnswerHandler implements JobHandlerInstance<'tendering.notify-answer'> {
  constructor(private readonly notices: TenderingNoticesService) {}
  async handle(job: Job<JobPayloads['tendering.notify-answer']>) {
    return { queued: await this.notices.answered(job.data.requirementId, job.data.questionId) };
  }
}

@JobHandler('tendering.notify-closed')
export class NotifyClosedHandler implements JobHandlerInstance<'tendering.notify-closed'> {
  constructor(private readonly notices: TenderingNoticesService) {}
  async handle(job: Job<JobPayloads['tendering.notify-closed']>) {
    return { queued: await this.notices.closed(job.data.requirementId) };
  }
}

@JobHandler('tendering.notify-outcome')
export class NotifyOutcomeHandler implements JobHandlerInstance<'tendering.notify-outcome'> {
  constructor(private readonly notices: TenderingNoticesService) {}
  async handle(job: Job<JobPayloads['tendering.notify-outcome']>) {
    return { queued: await this.notices.outcome(job.data.requirementId) };
  }
}

export const TENDERING_JOB_HANDLERS = [CloseRequirementHandler, CloseDueHandler, NotifyPublishedHandler, NotifyAnswerHandler, NotifyClosedHandler, NotifyOutcomeHandler];
