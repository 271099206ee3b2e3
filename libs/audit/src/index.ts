export { AuditModule } from './audit.module';
export { AuditLogService, AuditContext, AuditEntry, AuditEventView, VerifyResult } from './application/audit-log.service';
export { ChainBreak } from './domain/audit-chain';
