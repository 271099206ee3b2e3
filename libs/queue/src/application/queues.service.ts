import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { JobName, QUEUE_NAMES, queueNameOf } from '../job-names';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  // Failed jobs stay for inspection a week (Redis runs with noeviction: nothing may grow for ever).
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ connections for this process: one Queue per context, closed on shutdown. */
@Injectable()
export class QueuesService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private connection?: Redis;

  constructor(private readonly config: AppConfig) {}

  get prefix(): string {
    return this.config.redis.prefix;
  }

  /** A connection suitable for BullMQ (no per-request retry limit). */
  newConnection(): Redis {
    return new Redis(this.config.redis.url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  }

  private sharedConnection(): Redis {
    this.connection ??= this.newConnection();
    return this.connection;
  }

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.sharedConnection(), prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, q);
    }
    return q;
  }

  queueForJob(jobName: JobName | string): Queue {
    return this.queue(queueNameOf(jobName));
  }

  allQueues(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queue(n));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    if (this.connection) await this.connection.quit().catch(() => undefined);
  }
}
