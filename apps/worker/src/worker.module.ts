import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityJobsModule } from '@app/identity/jobs';
import { NotificationsJobsModule } from '@app/notifications/jobs';
import { OpenDataJobsModule } from '@app/open-data/jobs';
import { ReportingJobsModule } from '@app/reporting/jobs';
import { TenderingJobsModule } from '@app/tendering/jobs';
import { loggerModule } from '@app/platform';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { JobRunnerService } from './job-runner.service';
import { OutboxRelayLoop } from './outbox-relay.loop';

/** The worker: job handlers of every context, the job runner and the outbox relay. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig, extra: { jobModules?: DynamicModule['imports'] } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule('worker'),
        DiscoveryModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        AuditModule,
        IdentityJobsModule,
        TenderingJobsModule,
        NotificationsJobsModule,
        ReportingJobsModule,
        OpenDataJobsModule,
        ...(extra.jobModules ?? []),
      ],
      providers: [JobRunnerService, OutboxRelayLoop],
    };
  }
}
