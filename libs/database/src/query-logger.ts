import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's logger for the app's connection: failed queries go to the process
 * log as the statement's first line and the database's message — never the
 * parameters, which can hold bid content, personal data or secrets.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const statement = query.trim().split('\n')[0].slice(0, 200);
    this.logger.warn(`query failed: ${typeof error === 'string' ? error : error.message} — ${statement}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.trim().split('\n')[0].slice(0, 200)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }

  logQuery(): void {}
}
