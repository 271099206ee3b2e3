import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { DestinationStream } from 'pino';
import { AuditModule } from '@app/audit';
import { CatalogueHttpModule } from '@app/catalogue';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ApiKeyGuard, IdentityHttpModule, RolesGuard } from '@app/identity';
import { HealthModule, ProblemDetailsFilter, createValidationPipe, loggerModule } from '@app/platform';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { SuppliersHttpModule } from '@app/suppliers';
import { NotificationsHttpModule } from '@app/notifications';
import { OpenDataHttpModule } from '@app/open-data';
import { ReportingHttpModule } from '@app/reporting';
import { TenderingHttpModule } from '@app/tendering';
import { ApiAccessGuard } from './api-access.guard';
import { ApiThrottlerGuard } from './api-throttler.guard';
import { AuditController } from './audit.controller';

/**
 * The JSON API. Cross-cutting behaviour is registered as APP_* providers so
 * a test app built from this module behaves exactly like production: the
 * validation pipe, the problem+json filter, and the guards in order —
 * API key (a request carrying X-API-Key needs a valid one), then rate limit
 * (per key for a request with a key, per IP otherwise) and authentication
 * (deny by default) side by side in ApiAccessGuard, the rate limit's answer
 * first, then roles. `logDestination` (tests) receives the log lines.
 */
@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule('api', options.logDestination, { requestLines: 'hook' }),
        DatabaseModule,
        RedisModule,
        QueueModule,
        AuditModule,
        HealthModule,
        ThrottlerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: c.api.rateLimitPerMinute }],
            storage: new ThrottlerStorageRedisService({ ...redisOptions(c.redis.url), keyPrefix: `${c.redis.prefix}:throttle:` }),
          }),
        }),
        IdentityHttpModule,
        SuppliersHttpModule,
        CatalogueHttpModule,
        TenderingHttpModule,
        NotificationsHttpModule,
        ReportingHttpModule,
        OpenDataHttpModule,
      ],
      controllers: [AuditController],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        ApiThrottlerGuard,
        ApiAccessGuard,
        { provide: APP_GUARD, useExisting: ApiAccessGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
      ],
    };
  }
}

function redisOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Counters of concurrent requests go to Redis in one write (one round trip each otherwise).
    enableAutoPipelining: true,
  };
}
