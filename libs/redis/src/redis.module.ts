import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';

export const REDIS = Symbol('REDIS');

/** Builds Redis keys under the deployment's prefix (`{opm}:identity:login-fail:...`). */
@Injectable()
export class RedisKeys {
  constructor(private readonly config: AppConfig) {}

  key(...parts: (string | number)[]): string {
    return [this.config.redis.prefix, ...parts].join(':');
  }
}

/**
 * Reads `maxmemory-policy`: queues and sessions must never be evicted, so
 * anything but `noeviction` is reported loudly. Returns the policy read.
 */
export async function checkEvictionPolicy(client: Redis, logger: Pick<Logger, 'warn' | 'log'>): Promise<string> {
  let policy = 'unknown';
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    policy = reply?.[1] ?? 'unknown';
  } catch {
    policy = 'unknown (CONFIG GET refused)';
  }
  if (policy !== 'noeviction') {
    const line = '!'.repeat(78);
    logger.warn(
      `\n${line}\n!! Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis\n` +
        `!! may silently drop queued jobs and sessions. Set maxmemory-policy noeviction (and appendonly yes).\n${line}`,
    );
  } else {
    logger.log('Redis maxmemory-policy is noeviction');
  }
  return policy;
}

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  constructor(@Inject(REDIS) private readonly client: Redis) {}

  async onModuleInit(): Promise<void> {
    await checkEvictionPolicy(this.client, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new Redis(config.redis.url, { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: false }),
    },
    RedisKeys,
    RedisLifecycle,
  ],
  exports: [REDIS, RedisKeys],
})
export class RedisModule {}
