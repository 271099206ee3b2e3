import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '@app/config';

/** A message as the SMTP server received it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface MailServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message received, in order. */
  mails: Mail[];
  close(): Promise<void>;
}

/** An SMTP server on a random local port that keeps every message it receives (smtp-server + mailparser). */
export async function startMailServer(): Promise<MailServer> {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (m) => {
          const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
          for (const address of to.flatMap((a) => a.value.map((v) => v.address ?? ''))) mails.push({ to: address, subject: m.subject ?? '', text: m.text ?? '' });
          done();
        },
        (e) => done(e),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/** Polls `check` every 50 ms until it holds; fails with `what` after `timeoutMs` (for state that has no event to wait on). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface WorkerProcess {
  /** Throws with the worker's last output if it has exited. */
  assertRunning(): void;
  stop(): Promise<void>;
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
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
