import { randomBytes } from 'node:crypto';
// Shared plumbing for the benches in bench/*.bench.mjs: sizes (smoke or full), child
// processes that must be ready before load, autocannon runs, cleanup on exit, and the JSON
// result file. Nothing here knows about a particular route.
//
// A bench is a plain Node script: `node bench/<name>.bench.mjs` (or `npm run bench -- <name>`).
// It prints its figures, writes bench/results/<name>.json and exits 0 — whatever the times.
// It exits non-zero only when it could not measure: a crash, or a run whose responses were
// not all 2xx (then the figures mean nothing).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { newestSource } from '../../scripts/bench.mjs';
import { WORKER_NODE_ARGS } from '../../scripts/proc.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = path.join(repoRoot, 'bench', 'results');

/** Small sizes and durations, so CI can run every bench (`--smoke`, BENCH_SMOKE=1 or CI=true). */
export const smoke = ['1', 'true'].includes(process.env.BENCH_SMOKE ?? '') || process.env.CI === 'true';

/**
 * Compiled API output (`npx nest build api`); scripts/bench.mjs builds it when stale.
 * BENCH_API_MAIN points the benches at another build's main.js (e.g. a patched copy outside the
 * tree, for an experiment); the compiled libraries are then loaded from that build too.
 */
const MAIN_IN_DIST = path.join('apps', 'api', 'src', 'main.js');
export const API_MAIN = process.env.BENCH_API_MAIN ? path.resolve(process.env.BENCH_API_MAIN) : path.join(repoRoot, 'dist', 'apps', 'api', MAIN_IN_DIST);
export const distApi = API_MAIN.endsWith(MAIN_IN_DIST) ? API_MAIN.slice(0, -MAIN_IN_DIST.length - 1) : path.join(repoRoot, 'dist', 'apps', 'api');

const require = createRequire(import.meta.url);

/** Loads a compiled module of the API, e.g. `libs/database/src/migration-runner.js`. */
export function requireDist(rel) {
  const file = path.join(distApi, rel);
  if (!existsSync(file)) {
    throw new Error(`${path.relative(repoRoot, file)} is missing: build the API first (npm run bench builds it, or npx nest build api)`);
  }
  return require(file);
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/marketplace';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const databaseUrl = () => process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
export const redisUrl = () => process.env.BENCH_REDIS_URL || process.env.REDIS_URL || DEFAULT_REDIS_URL;

// ---------------------------------------------------------------------------------------------
// cleanup: registered steps run once, last registered first, on success, crash or Ctrl-C.
const cleanups = [];
let cleaning = null;

export function onCleanup(name, fn) {
  cleanups.push({ name, fn });
}

export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const { name, fn } = cleanups.pop();
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup "${name}" failed: ${err?.message || err}`);
      }
    }
  })();
  return cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    console.error(`\n${sig}: cleaning up`);
    await cleanup();
    process.exit(130);
  });
}

/**
 * Runs a bench's main function: cleanup always, exit code 0 unless it threw (crash) or
 * returned false (a run whose figures are invalid, e.g. non-2xx responses).
 */
export async function runBench(main) {
  let code = 0;
  try {
    const ok = await main();
    if (ok === false) code = 1;
  } catch (err) {
    console.error(`\nbench crashed: ${err?.stack || err}`);
    code = 1;
  } finally {
    await cleanup();
  }
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------
// processes

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere.
 * Read before and after a load run, it gives the server's CPU cost per request — a figure that
 * other load on the machine disturbs much less than throughput.
 */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5)), in clock ticks
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Resident set size (VmRSS, KiB) of a process, from /proc/<pid>/status (Linux); null elsewhere or once it has exited. */
export function processRssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `node [nodeArgs] script` with its output prefixed (the lines `showLine` accepts), waits until
 * `readyUrl` answers 200 (or, for a process without an HTTP port such as the worker, until it prints
 * a line matching `readyLine`),
 * and registers a cleanup that stops it (SIGTERM, then SIGKILL after 10 s).
 * Rejects with the child's last output lines if it exits or is not ready in time.
 */
export async function startNode({ name, script, env, nodeArgs = [], readyUrl, readyLine, timeoutMs = 60_000, quiet = false, showLine = () => true }) {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = [];
  const prefix = `[${name}] `;
  let sawReadyLine = false;
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (readyLine && !sawReadyLine && readyLine.test(line)) sawReadyLine = true;
      if (!quiet && showLine(line)) out.write(prefix + line + '\n');
    });
  }
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const stop = async () => {
    if (exited) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const r = await exitPromise;
    clearTimeout(timer);
    return r;
  };
  onCleanup(`stop ${name}`, stop);

  const started = Date.now();
  while (true) {
    if (exited) {
      throw new Error(`${name} exited during start-up (code ${exited.code}, signal ${exited.signal}):\n  ${tail.join('\n  ')}`);
    }
    if (readyLine) {
      if (sawReadyLine) break;
    } else {
      try {
        const res = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {}
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${name} was not ready (${readyLine ? `no output line matching ${readyLine}` : `at ${readyUrl}`}) within ${timeoutMs / 1000} s:\n  ${tail.join('\n  ')}`);
    }
    await sleep(100);
  }
  return { child, pid: child.pid, readyMs: Date.now() - started, stop, exited: () => exited };
}

// ---------------------------------------------------------------------------------------------
// load

/**
 * One autocannon run. Returns autocannon's raw result (for merging histograms) and a summary:
 * completed requests per second over the whole run, latency percentiles in ms, and every
 * response that was not 2xx, a socket error or a timeout.
 */
export async function load({ url, headers = {}, connections, seconds, title }) {
  const raw = await autocannon({
    url,
    headers,
    connections,
    duration: seconds,
    pipelining: 1,
    title,
    skipAggregateResult: true,
  });
  return { raw, summary: summarise([raw], url, connections) };
}

/** Merges runs of one side: throughput is completed requests / wall time, latency from the merged histogram. */
export function summarise(raws, url, connections) {
  const requests = raws.reduce((n, r) => n + r.totalCompletedRequests, 0);
  const seconds = raws.reduce((s, r) => s + r.duration, 0);
  const statusCodes = {};
  for (const r of raws) for (const [code, { count }] of Object.entries(r.statusCodeStats)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  // aggregateResult adds into the first result's statusCodeStats: give it copies.
  const agg = autocannon.aggregateResult(
    raws.map((r) => ({ ...r, statusCodeStats: structuredClone(r.statusCodeStats) })),
    { url, connections },
  );
  return {
    rps: round(requests / seconds, 1),
    p50: agg.latency.p50,
    p90: agg.latency.p90,
    p99: agg.latency.p99,
    max: agg.latency.max,
    meanLatency: round(agg.latency.average, 2),
    non2xx: raws.reduce((n, r) => n + r.non2xx, 0),
    errors: raws.reduce((n, r) => n + r.errors, 0),
    timeouts: raws.reduce((n, r) => n + r.timeouts, 0),
    requests,
    seconds: round(seconds, 2),
    statusCodes,
  };
}

export const round = (x, digits = 3) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

// ---------------------------------------------------------------------------------------------
// results

/** Node, CPU and load figures to store with a result: a result on a busy machine says so. */
export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? null,
    loadavg: os.loadavg().map((x) => round(x, 2)),
  };
}

export function gitRevision() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' });
  return head.stdout.trim() + (dirty.stdout?.trim() ? '+dirty' : '');
}

export function writeResult(name, result) {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return path.relative(repoRoot, file);
}

/** Fixed-width table for the console. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}

/** Nearest-rank percentiles of latencies in ms, rounded to 0.01 ms. */
export function percentiles(samples) {
  const a = Float64Array.from(samples).sort();
  const at = (p) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] : null);
  const r = (x) => (x === null ? null : Math.round(x * 100) / 100);
  const mean = a.length ? a.reduce((s, x) => s + x, 0) / a.length : null;
  return { n: a.length, p50: r(at(50)), p90: r(at(90)), p95: r(at(95)), p99: r(at(99)), max: r(a.length ? a[a.length - 1] : null), mean: r(mean) };
}

/** Node arguments for the API under test (BENCH_API_NODE_ARGS, e.g. `--prof`). */
export const apiNodeArgs = () => (process.env.BENCH_API_NODE_ARGS || '').split(/\s+/).filter(Boolean);

/**
 * The compiled API as a child process, configured as the benches measure it: production mode,
 * `LOG_LEVEL=warn` (BENCH_API_LOG_LEVEL), fresh secrets, the rate limit out of the way (every
 * client comes from one address; the schema allows at most 1,000,000 a minute), log-only mail.
 * `name` prefixes its output (two APIs side by side, e.g. with different settings in `env`).
 * Prints where it is ready and returns startNode's handle.
 */
export async function startApi({ port, dbUrl, redisUrl: rUrl, redisPrefix, poolSize, script = API_MAIN, env = {}, name = 'api' }) {
  const nodeArgs = apiNodeArgs();
  const api = await startNode({
    name,
    script,
    nodeArgs,
    readyUrl: `http://127.0.0.1:${port}/health`,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      API_PORT: String(port),
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: String(poolSize),
      REDIS_URL: rUrl,
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL || 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      MAIL_TRANSPORT: 'log',
      ...env,
    },
  });
  const shown = script.startsWith(repoRoot) ? script.slice(repoRoot.length + 1) : script;
  console.log(`${name}: ready on :${port} in ${api.readyMs} ms (${shown}${nodeArgs.length ? ' ' + nodeArgs.join(' ') : ''})`);
  return api;
}

/** What every result file records about the run: the API (and worker) process, the code, the machine and how long it took. */
export function runInfo({ api, worker, before, after, started }) {
  const args = apiNodeArgs();
  return {
    apiReadyMs: api?.readyMs,
    workerReadyMs: worker?.readyMs,
    workerNodeArgs: worker?.nodeArgs?.length ? worker.nodeArgs : undefined,
    apiMain: process.env.BENCH_API_MAIN || undefined,
    apiNodeArgs: args.length ? args : undefined,
    git: gitRevision(),
    node: before.node,
    cpuCount: before.cpuCount,
    cpuModel: before.cpuModel,
    loadavg: { before: before.loadavg, after: after.loadavg },
    wallSeconds: round((Date.now() - started) / 1000, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// the worker (benches of work done by jobs: s3, s4, s5, s7)

export const WORKER_MAIN = path.join(repoRoot, 'dist', 'apps', 'worker', 'apps', 'worker', 'src', 'main.js');
// What the worker build reads (apps/worker/tsconfig.app.json): its sources, every library, the configs.
const WORKER_SOURCES = ['apps/worker/src', 'libs', 'types'];
const WORKER_CONFIGS = ['tsconfig.json', 'apps/worker/tsconfig.app.json', 'nest-cli.json', 'package-lock.json'];

/** Why the worker needs building, or null when dist/apps/worker is up to date (as scripts/bench.mjs decides for the API). */
export function workerBuildReason() {
  if (!existsSync(WORKER_MAIN)) return 'dist/apps/worker/apps/worker/src/main.js is missing';
  const built = statSync(WORKER_MAIN).mtimeMs;
  const { newest, newestFile } = newestSource([...WORKER_SOURCES, ...WORKER_CONFIGS]);
  return newest > built ? `${path.relative(repoRoot, newestFile)} is newer than the build` : null;
}

/**
 * Builds the worker (`nest build worker`) when it is missing or older than its sources.
 * scripts/bench.mjs builds only the API; the benches that need the worker call this first.
 * BENCH_NO_WORKER_BUILD=1 skips it (use dist/ as it is).
 */
export function ensureWorkerBuild() {
  if (['1', 'true'].includes(process.env.BENCH_NO_WORKER_BUILD ?? '')) return;
  const reason = workerBuildReason();
  if (!reason) return;
  const nest = path.join(repoRoot, 'node_modules', '.bin', 'nest');
  console.log(`worker build: ${reason}; running nest build worker`);
  const t0 = Date.now();
  const r = spawnSync(existsSync(nest) ? nest : 'nest', ['build', 'worker'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`nest build worker failed (exit code ${r.status})`);
  console.log(`worker build: done in ${round((Date.now() - t0) / 1000, 1)} s`);
}

/**
 * The compiled worker (`dist/apps/worker/apps/worker/src/main.js`) as a child process, configured
 * like startApi's API (production, the same database, Redis and prefix; OUTBOX_POLL_MS and
 * JOB_LOCK_MS at their defaults unless `env` says otherwise). LOG_LEVEL=info, because it is ready
 * when it logs "worker started"; only its warnings and errors are shown. It runs with the flags it
 * runs with in production (WORKER_NODE_ARGS of scripts/proc.mjs); BENCH_WORKER_NODE_ARGS replaces
 * them (investigations). Returns startNode's handle.
 */
export async function startWorker({ dbUrl, redisUrl: rUrl, redisPrefix, poolSize = 10, env = {}, quiet = false }) {
  ensureWorkerBuild();
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS != null ? process.env.BENCH_WORKER_NODE_ARGS.split(/\s+/).filter(Boolean) : WORKER_NODE_ARGS;
  const worker = await startNode({
    name: 'worker',
    script: WORKER_MAIN,
    nodeArgs,
    readyLine: /worker started/,
    quiet,
    // its start-up chatter at info level stays out of the bench's output: warnings, errors and anything not pino JSON show
    showLine: (line) => {
      const m = /^\{"level":(\d+)/.exec(line);
      return !m || Number(m[1]) >= 40;
    },
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: String(poolSize),
      REDIS_URL: rUrl,
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: 'info',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      MAIL_TRANSPORT: 'log',
      ...env,
    },
  });
  console.log(`worker: ready in ${worker.readyMs} ms (dist/apps/worker/apps/worker/src/main.js${nodeArgs.length ? ' ' + nodeArgs.join(' ') : ''})`);
  return Object.assign(worker, { nodeArgs });
}

/** A number from the environment (`BENCH_…` sizes and durations), or the default when unset or not a number. */
export const num = (v, d) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

/** Deletes every Redis key under `prefix` (a bench's own, e.g. `{opm-bench}`); returns how many. */
export async function deleteRedisKeys(url, prefix) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let n = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if (keys.length) n += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return n;
}
