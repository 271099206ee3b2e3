import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@app/config';
import { waitFor } from './mail-server';

export interface WorkerProcess {
  /** Throws with the worker's last output if it has exited. */
  assertRunning(): void;
  stop(): Promise<void>;
  /** kill -9: no shutdown hooks, jobs in flight left to stall. */
  kill(): Promise<void>;
}

/**
 * The environment of a worker that shares `config`'s database, Redis prefix,
 * secrets, mail transport and outbox polling (what createTestContext gave the
 * app beside it), with `overrides` on top.
 */
function workerEnv(config: AppConfig, overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string | undefined> = {
    NODE_ENV: config.env,
    LOG_LEVEL: 'info',
    DATABASE_URL: config.database.url,
    DATABASE_POOL_SIZE: String(config.database.poolSize),
    REDIS_URL: config.redis.url,
    REDIS_PREFIX: config.redis.prefix,
    JWT_SECRET: config.auth.jwtSecret,
    SESSION_SECRET: config.web.sessionSecret,
    PUBLIC_WEB_URL: config.app.publicWebUrl,
    MAIL_TRANSPORT: config.mail.transport,
    SMTP_URL: config.mail.smtpUrl,
    MAIL_FROM: config.mail.from,
    OUTBOX_POLL_MS: String(config.outbox.pollMs),
    TENDER_SCORE_SCALE_MAX: String(config.tendering.scoreScaleMax),
    SIZE_DEFINITION: config.suppliers.sizeDefinition,
    SIZE_RATES_TO_EUR: config.suppliers.ratesToEur,
    JOB_LOCK_MS: String(config.queue.jobLockMs),
    IMPORT_DIR: config.reporting.importDir,
    OPEN_DATA_DIR: config.openData.dir,
    OCDS_OCID_PREFIX: config.openData.ocidPrefix,
    PUBLIC_API_URL: config.openData.publicApiUrl,
    SME_TARGET: String(config.reporting.smeTarget),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Starts the real worker (apps/worker/src/main.ts, through run-worker.cjs) as
 * a process of its own, configured like the app under test, and resolves once
 * it has started relaying the outbox and processing jobs.
 */
export async function startWorker(config: AppConfig, overrides: Record<string, string> = {}, timeoutMs = 60_000): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'run-worker.cjs')], {
    // Only the configuration given (no .env file in this folder, nothing of the test runner's own environment but PATH and TZ).
    cwd: __dirname,
    env: { PATH: process.env.PATH ?? '', TZ: process.env.TZ ?? 'UTC', ...workerEnv(config, overrides) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  let started = false;
  let exited: string | null = null;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (!started && output.includes('worker started')) started = true;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `the worker exited (code ${code}, signal ${signal})`;
      resolve();
    }),
  );
  const assertRunning = () => {
    if (exited) throw new Error(`${exited}; its last output:\n${output.slice(-4000)}`);
  };
  try {
    await waitFor('the worker to start', () => (assertRunning(), started), timeoutMs);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    assertRunning,
    async kill() {
      if (exited) return;
      child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
