export { QueueModule } from './queue.module';
export { JOB_NAMES, JOB_SCHEDULES, JobName, JobPayloads, QUEUE_NAMES, queueNameOf } from './job-names';
export { JOB_HANDLER_KEY, JobHandler, JobHandlerInstance, checkHandlerCoverage } from './job-handler';
export { OutboxService } from './application/outbox.service';
export { DEFAULT_JOB_OPTIONS, QueuesService } from './application/queues.service';
export { OutboxRelayService } from './application/outbox-relay.service';
export { IdempotencyService } from './application/idempotency.service';
