import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
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
    const closed = await this.requirements.closeIfDue(job.data.requirementId);
    if (!closed) this.logger.log(`requirement ${job.data.requirementId}: not due or already closed`);
    return { closed };
  }
}

export const TENDERING_JOB_HANDLERS = [CloseRequirementHandler];
