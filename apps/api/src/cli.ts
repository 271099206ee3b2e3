import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditLogService, AuditModule } from '@app/audit';
import { AppConfig, ConfigModule, ConfigValidationError, loadConfig } from '@app/config';
import { DatabaseModule, runMigrations } from '@app/database';
import { CatalogueModule } from '@app/catalogue';
import { IdentityModule } from '@app/identity';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { SuppliersModule } from '@app/suppliers';
import { seedDemo } from './seed-demo';

/**
 * Operator commands: `node cli.js migrate | seed-demo | audit-verify`.
 * Each is a function returning an exit code so tests can call it.
 */
@Module({})
class CliModule {
  static forRoot(config: AppConfig) {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, QueueModule, AuditModule, IdentityModule, SuppliersModule, CatalogueModule],
    };
  }
}

type Out = (line: string) => void;

export async function migrateCommand(config: AppConfig, out: Out = console.log): Promise<number> {
  const applied = await runMigrations(config.database.url);
  out(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
  return 0;
}

async function withContext<T>(config: AppConfig, fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Re-walks the audit hash chain; exit 1 naming the first broken row. */
export async function auditVerifyCommand(config: AppConfig, out: Out = console.log): Promise<number> {
  return withContext(config, async (app) => {
    const result = await app.get(AuditLogService).verify();
    if (result.ok) {
      out(`audit log intact: ${result.checked} row(s) verified`);
      return 0;
    }
    const b = result.firstBroken!;
    out(`audit log BROKEN at row id ${b.id} (${b.reason.replace(/_/g, ' ')}); ${result.checked} row(s) before it are intact`);
    return 1;
  });
}

export async function seedDemoCommand(config: AppConfig, out: Out = console.log): Promise<number> {
  return withContext(config, (app) => seedDemo(app, out).then(() => 0));
}

const COMMANDS: Record<string, (c: AppConfig, out?: Out) => Promise<number>> = {
  migrate: migrateCommand,
  'seed-demo': seedDemoCommand,
  'audit-verify': auditVerifyCommand,
};

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  const command = COMMANDS[name];
  if (!command) {
    console.error(`usage: cli.js <${Object.keys(COMMANDS).join(' | ')}>`);
    return 64;
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(e.message);
      return 78;
    }
    throw e;
  }
  return command(config);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
