import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditLogService, AuditModule } from '@app/audit';
import { AppConfig, ConfigModule, ConfigValidationError, loadConfig } from '@app/config';
import { DatabaseModule, runMigrations } from '@app/database';
import { CatalogueModule } from '@app/catalogue';
import { IdentityModule } from '@app/identity';
import { BulkFilesService, ImportKind, ImportsService, OpenDataModule, PublicationsService, SPEND_ENCODINGS, TextEncodingName } from '@app/open-data';
import { QueueModule } from '@app/queue';
import { ReportingAdminService, ReportingModule } from '@app/reporting';
import { readFile } from 'node:fs/promises';
import { RedisModule } from '@app/redis';
import { SuppliersModule } from '@app/suppliers';
import { seedDemo } from './seed-demo';

/**
 * Operator commands: `node cli.js migrate | seed-demo | audit-verify | import <file> [ocds|spend] [--encoding=…] [--wait] | fx-rates <csv> | ocds-backfill | ocds-bulk`.
 * Each is a function returning an exit code so tests can call it.
 */
@Module({})
class CliModule {
  static forRoot(config: AppConfig) {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, QueueModule, AuditModule, IdentityModule, SuppliersModule, CatalogueModule, ReportingModule, OpenDataModule],
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

/**
 * Queues the import of an OCDS or spend file (the worker streams it in); with `--wait`, prints
 * progress until it is done and exits 1 if it failed. Problems are listed with their positions.
 */
export async function importCommand(config: AppConfig, out: Out = console.log, args: string[] = []): Promise<number> {
  const file = args.find((a) => !a.startsWith('--') && a !== 'ocds' && a !== 'spend');
  const kind = args.find((a) => a === 'ocds' || a === 'spend') as ImportKind | undefined;
  const encoding = args.find((a) => a.startsWith('--encoding='))?.slice('--encoding='.length) as TextEncodingName | undefined;
  if (!file || (encoding && !SPEND_ENCODINGS.includes(encoding))) {
    out(`usage: cli.js import <file> [ocds|spend] [--encoding=${SPEND_ENCODINGS.join('|')}] [--wait]`);
    return 64;
  }
  return withContext(config, async (app) => {
    const imports = app.get(ImportsService);
    let run = await imports.enqueue(null, { path: file, fileName: file, kind, encoding });
    out(`import ${run.id} queued: ${run.kind}, ${run.fileBytes} bytes`);
    if (!args.includes('--wait')) return 0;
    let shown = -1;
    while (run.status === 'queued' || run.status === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      run = await imports.get(run.id);
      if (run.percent !== shown) out(`  ${run.status} ${run.percent}% — ${run.unitsRead} read, ${run.imported} imported, ${run.unchanged} unchanged, ${run.problemCount} problem(s)`);
      shown = run.percent;
    }
    for (const p of run.problems.slice(0, 20)) out(`  problem at ${p.unit} ${p.position}${p.field ? ` (${p.field})` : ''}: ${p.message}`);
    out(`import ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}`);
    return run.status === 'done' ? 0 : 1;
  });
}

/** Loads exchange rates from a CSV file (currency,valid_from,gbp_per_unit); lines in those currencies are valued again. */
export async function fxRatesCommand(config: AppConfig, out: Out = console.log, args: string[] = []): Promise<number> {
  if (!args[0]) {
    out('usage: cli.js fx-rates <file.csv>');
    return 64;
  }
  const csv = await readFile(args[0], 'utf8');
  return withContext(config, async (app) => {
    const r = await app.get(ReportingAdminService).loadFxCsv(null, csv, `cli:${args[0]}`, { ip: null, requestId: null });
    out(`loaded ${r.rows} rate(s) for ${r.currencies.join(', ')}; ${r.revaluedContracts} contract(s) and ${r.revaluedSpendLines} spend line(s) valued again`);
    return 0;
  });
}

/** Writes today's bulk OCDS file now (the worker also does it daily), and prints where it is. */
export async function ocdsBulkCommand(config: AppConfig, out: Out = console.log): Promise<number> {
  return withContext(config, async (app) => {
    const file = await app.get(BulkFilesService).build();
    out(`bulk file ${file.fileName}: ${file.releases} release(s), ${file.bytes} bytes, sha256 ${file.sha256} (in ${config.openData.dir})`);
    return 0;
  });
}

/** Publishes the OCDS releases of processes that have none yet (data from before publication existed); idempotent. */
export async function ocdsBackfillCommand(config: AppConfig, out: Out = console.log): Promise<number> {
  return withContext(config, async (app) => {
    const { published } = await app.get(PublicationsService).backfill();
    out(`published ${published} OCDS release(s) of processes that had none`);
    return 0;
  });
}

const COMMANDS: Record<string, (c: AppConfig, out?: Out, args?: string[]) => Promise<number>> = {
  migrate: migrateCommand,
  'seed-demo': seedDemoCommand,
  'audit-verify': auditVerifyCommand,
  import: importCommand,
  'fx-rates': fxRatesCommand,
  'ocds-backfill': ocdsBackfillCommand,
  'ocds-bulk': ocdsBulkCommand,
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
  return command(config, console.log, argv.slice(1));
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
