import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { createClient } from 'redis';
import { AppConfig } from '@app/config';

/** The node-redis (v6) client behind the session store; connect-redis 9 needs it rather than ioredis. */
export const SESSION_REDIS = Symbol('SESSION_REDIS');
/** What the app uses of the client (connect-redis takes it as is). */
export interface SessionRedisClient {
  readonly isOpen: boolean;
  close(): Promise<void>;
  destroy(): void;
}

export const sessionRedisProvider: Provider = {
  provide: SESSION_REDIS,
  inject: [AppConfig],
  useFactory: async (config: AppConfig): Promise<SessionRedisClient> => {
    const logger = new Logger('SessionRedis');
    const client = createClient({ url: config.redis.url });
    // Without a listener an 'error' event would crash the process; reconnects are automatic.
    client.on('error', (err: Error) => logger.warn(`session store: ${err.message}`));
    await client.connect();
    return client;
  },
};

/** Closes the session store's connection on shutdown (or Jest never exits). */
@Injectable()
export class SessionRedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SESSION_REDIS) private readonly client: SessionRedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.client.isOpen) return;
    await this.client.close().catch(() => this.client.destroy());
  }
}
