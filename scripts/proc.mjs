// Small process helpers shared by the scripts in this folder.
// Node built-ins only: these run before dependencies are installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import readline from 'node:readline';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** True when the module at `importMetaUrl` is the script node was started with. */
export function isMain(importMetaUrl) {
  return Boolean(process.argv[1]) && path.resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}

/** Runs `main` when this module is the entry point: its result is the exit code; an error prints its message. */
export async function runIfMain(importMetaUrl, main) {
  if (!isMain(importMetaUrl)) return;
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(err.message);
    process.exitCode = err.exitCode || 1;
  }
}

/** Absolute path of an executable on PATH (or the given absolute path if executable), else null. */
export function which(cmd) {
  if (cmd.includes('/')) return isExecutable(cmd) ? cmd : null;
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of a locally installed CLI (node_modules/.bin/<name>); null if not installed. */
export function localBin(name) {
  const p = path.join(repoRoot, 'node_modules', '.bin', name);
  return existsSync(p) ? p : null;
}

/**
 * Run a command with inherited stdio; resolves to its exit code (signals map to 128+n).
 * While it runs, SIGINT/SIGTERM received by this process are forwarded to it.
 */
export function run(cmd, args = [], opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...opts });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code);
    };
    child.on('error', (err) => {
      console.error(`failed to start ${cmd}: ${err.message}`);
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (signalNumber(signal) || 1)));
  });
}

/** Run synchronously and capture output; never throws. */
export function runCapture(cmd, args = [], opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: repoRoot, ...opts });
  return { code: r.error ? 127 : r.status ?? 1, stdout: r.stdout || '', stderr: r.stderr || '', error: r.error };
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[signal];
}

export function formatDuration(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Run `fn` as a named step: prints a header and the duration.
 * `fn` returns an exit code (0 = ok) or throws.
 */
export async function step(name, fn) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  let code;
  try {
    code = (await fn()) ?? 0;
  } catch (err) {
    console.error(err?.message || err);
    code = typeof err?.exitCode === 'number' ? err.exitCode : 1;
  }
  const took = formatDuration(Date.now() - started);
  if (code === 0) console.log(`✔ ${name} (${took})`);
  else console.error(`✘ ${name} failed with exit code ${code} (${took})`);
  return code;
}

/** Pipe a child's stdout/stderr line by line, each line prefixed (e.g. "[api] "). */
export function prefixOutput(child, prefix) {
  const pipe = (stream, out) => {
    if (!stream) return;
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (line) => out.write(`${prefix}${line}\n`));
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Load KEY=value lines from .env (if present) into process.env without overriding set values. */
export function loadDotEnv(file = path.join(repoRoot, '.env')) {
  if (!existsSync(file)) return false;
  const before = { ...process.env };
  process.loadEnvFile(file);
  // process.loadEnvFile does not override existing variables, but be explicit.
  Object.assign(process.env, before);
  return true;
}

/**
 * Node flags the worker runs with (also in package.json `start:worker` and docker/entrypoint.sh):
 * a bounded heap keeps its memory flat while it streams a large import (quality.md S7: RSS growth
 * under 100 MB on a 500 MB file); its jobs hold batches, never whole files.
 */
export const WORKER_NODE_ARGS = ['--max-old-space-size=128', '--max-semi-space-size=8'];
