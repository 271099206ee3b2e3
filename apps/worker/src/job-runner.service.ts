import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { JOB_HANDLER_KEY, JOB_SCHEDULES, JobHandlerInstance, JobName, QUEUE_NAMES, QueuesService, checkHandlerCoverage } from '@app/queue';

export class HandlerRegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`The worker refuses to start: ${problems.join('; ')}`);
    this.name = 'HandlerRegistryError';
  }
}

/**
 * Finds every @JobHandler provider, refuses to start unless each job name has
 * exactly one, and runs one BullMQ Worker per queue dispatching by job name.
 */
@Injectable()
export class JobRunnerService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobRunner');
  private readonly handlers = new Map<string, JobHandlerInstance>();
  private readonly workers: Worker[] = [];
  /** BullMQ does not close connections it was handed, so the runner does. */
  private readonly connections: Redis[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queues: QueuesService,
    private readonly config: AppConfig,
  ) {}

  /** Builds the name → handler map; throws HandlerRegistryError on a missing or doubled handler. */
  registerHandlers(): Map<string, JobHandlerInstance> {
    const found: { name: string; instance: JobHandlerInstance }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const name = Reflect.getMetadata(JOB_HANDLER_KEY, metatype) as string | undefined;
      if (name) found.push({ name, instance: instance as JobHandlerInstance });
    }
    const problems = checkHandlerCoverage(found.map((f) => f.name));
    if (problems.length) throw new HandlerRegistryError(problems);
    this.handlers.clear();
    for (const f of found) this.handlers.set(f.name, f.instance);
    return this.handlers;
  }

  /** Runs before anything starts (the outbox relay starts at bootstrap), so a bad registry stops the worker cold. */
  onModuleInit(): void {
    this.registerHandlers();
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const queue of QUEUE_NAMES) {
      const connection = this.queues.newConnection();
      this.connections.push(connection);
      const worker = new Worker(queue, (job: Job) => this.dispatch(job), {
        connection,
        prefix: this.queues.prefix,
        concurrency: 4,
        autorun: true,
        // A job of a worker that died is taken up again after about this long (and a live worker renews its lock at half of it).
        lockDuration: this.config.queue.jobLockMs,
        stalledInterval: this.config.queue.jobLockMs,
      });
      worker.on('failed', (job, err) =>
        this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
      );
      worker.on('error', (err) => this.logger.error(`worker ${queue}: ${err.message}`));
      this.workers.push(worker);
    }
    // Repeating jobs: upserted, so every worker declares the same one schedule.
    for (const [name, every] of Object.entries(JOB_SCHEDULES) as [JobName, number][]) {
      await this.queues.queueForJob(name).upsertJobScheduler(name, { every }, { name, data: { v: 1 } });
    }
    this.logger.log(`processing queues ${QUEUE_NAMES.join(', ')} with handlers for ${[...this.handlers.keys()].join(', ')}`);
  }

  private dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler.handle(job);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
    this.connections.length = 0;
  }
}
