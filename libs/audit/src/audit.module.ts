import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogService } from './application/audit-log.service';
import { AuditEventEntity } from './infrastructure/audit-event.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}
