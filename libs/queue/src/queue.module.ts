import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyService } from './application/idempotency.service';
import { OutboxRelayService } from './application/outbox-relay.service';
import { OutboxService } from './application/outbox.service';
import { QueuesService } from './application/queues.service';
import { OutboxEventEntity } from './infrastructure/outbox-event.entity';
import { ProcessedJobEntity } from './infrastructure/processed-job.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEventEntity, ProcessedJobEntity])],
  providers: [OutboxService, QueuesService, OutboxRelayService, IdempotencyService],
  exports: [OutboxService, QueuesService, OutboxRelayService, IdempotencyService],
})
export class QueueModule {}
