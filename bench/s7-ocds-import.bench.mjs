// S7 (docs/quality.md): OCDS import — ≥ 2,000 releases/s streamed; memory flat (RSS growth
// < 100 MB on a 500 MB file).
//
//   npm run bench -- s7-ocds-import            # full: a 500 MB release package (~120,000 releases)
//   npm run bench -- s7-ocds-import --smoke    # CI size: a 5 MB one
//
// 1. bench/lib/ocds-generator.mjs writes a realistic OCDS 1.1 release package to a temporary
//    folder with a streaming writer (parties with details.scale, buyers in six sectors, tenders,
//    awards with suppliers / values / currencies, processes with two releases some hundreds of
//    releases apart, framework call-offs and framework agreements).
// 2. Baseline, same run: the time to stream-parse the same file with the project's own reader
//    (readOcds of libs/open-data, compiled in dist/), in this process, nothing else running.
// 3. The import as an operator runs it: `node dist/apps/api/apps/api/src/cli.js import <file> ocds
//    --wait` (copies the file into IMPORT_DIR, records the run, queues job open-data.import-file)
//    with the compiled worker running, which streams the file in batches of 500 releases
//    (ImportsService: raw releases, per-ocid merge, contracts, SME lines and rollups, one
//    transaction per batch). The worker's RSS is sampled from /proc/<pid>/status every 200 ms.
// Figures: releases/s = units_read ÷ (finished_at − started_at) of reporting.import_run; the
// parse rate of the baseline; ratio = import rate ÷ parse rate; the worker's RSS at the start of
// the job, its maximum during it and the growth. Checks: the run is done, every release was read,
// and the contracts and SME lines written are those the generator says the file holds.
//
// Env (optional): BENCH_S7_MB (file size), BENCH_S7_DB (must contain "test"), BENCH_S7_KEEP_FILE=1
//   (keep the generated file, its path printed), BENCH_WORKER_NODE_ARGS (e.g. --max-old-space-size=128,
//   to tell V8's heap sizing from retained memory), BENCH_DATABASE_URL / DATABASE_URL, BENCH_REDIS_URL / REDIS_URL.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  databaseUrl,
  deleteRedisKeys,
  distApi,
  machine,
  num,
  onCleanup,
  percentiles,
  processCpuMs,
  processRssKb,
  redisUrl,
  requireDist,
  round,
  runBench,
  runInfo,
  sleep,
  smoke,
  startWorker,
  writeResult,
} from './lib/harness.mjs';
import { writeOcdsReleasePackage } from './lib/ocds-generator.mjs';
import { benchDatabase } from './lib/reporting-data.mjs';
import { backendSampler } from './lib/s6-burst.mjs';

const NAME = 's7-ocds-import';
const GOALS = { releasesPerSecond: 2000, rssGrowthMb: 100 };
const REDIS_PREFIX = '{opm-bench}';
const MB = num(process.env.BENCH_S7_MB, smoke ? 5 : 500);
const DB_NAME = process.env.BENCH_S7_DB || (smoke ? 'opm_bench_test_s7_smoke' : 'opm_bench_test_s7');
const KEEP_FILE = ['1', 'true'].includes(process.env.BENCH_S7_KEEP_FILE ?? '');
const CLI = path.join(distApi, 'apps', 'api', 'src', 'cli.js');

/** Runs the import CLI to the end; its output lines prefixed [cli]. */
function runCli(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        lines.push(line);
        // progress lines come every 500 ms: show one in ten
        if (!/^\s+running \d+%/.test(line) || lines.length % 10 === 0) out.write(`[cli] ${line}\n`);
      });
    }
    child.on('exit', (code, signal) => resolve({ code, signal, lines }));
  });
}

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`S7 OCDS import: a ${MB} MB release package through the CLI and the worker vs stream-parsing it with readOcds (${smoke ? 'SMOKE' : 'full'} size)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy`);
  const { readOcds } = requireDist('libs/open-data/src/import/ocds-reader.js');

  // 1. the file
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opm-bench-s7-'));
  const importDir = path.join(dir, 'imports');
  const file = path.join(dir, `release-package-${MB}mb.json`);
  onCleanup(`remove ${dir}`, () => (KEEP_FILE ? rmSync(importDir, { recursive: true, force: true }) : rmSync(dir, { recursive: true, force: true })));
  const tg = performance.now();
  const gen = await writeOcdsReleasePackage(file, {
    targetBytes: MB * 1024 * 1024,
    onProgress: (p) => console.log(`  generating: ${Math.round(p.bytes / 1048576)} MB, ${p.releases.toLocaleString('en-GB')} releases`),
  });
  const genSeconds = (performance.now() - tg) / 1000;
  console.log(
    `file: ${round(gen.bytes / 1048576, 1)} MB, ${gen.releases.toLocaleString('en-GB')} releases of ${gen.ocids.toLocaleString('en-GB')} processes ` +
      `(${gen.tenderThenAward} tender → award, ${gen.awardThenContract} award → contract, ${gen.callOffs} call-offs, ${gen.frameworkAgreements} framework agreements; ` +
      `${gen.multiSupplierAwards} multi-supplier awards) written in ${round(genSeconds, 1)} s${KEEP_FILE ? ` to ${file}` : ''}`,
  );

  // 2. database, redis, the worker
  const { dbUrl, rUrl, admin } = await benchDatabase({ dbName: DB_NAME, redisPrefix: REDIS_PREFIX, appName: 'bench-s7' });
  const monitor = new pg.Client({ connectionString: dbUrl, application_name: 'bench-s7-monitor' });
  await monitor.connect();
  onCleanup('close the monitor connection', () => monitor.end());
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL: rUrl,
    REDIS_PREFIX: REDIS_PREFIX,
    IMPORT_DIR: importDir,
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    MAIL_TRANSPORT: 'log',
  };
  const worker = await startWorker({ dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, env: { IMPORT_DIR: importDir } });
  // its scheduled start-up recompute (on the empty ledger) must not run into the import
  for (const t0 = Date.now(); Date.now() - t0 < 60_000; await sleep(200)) {
    if ((await admin.query(`SELECT 1 FROM reporting.snapshot WHERE trigger = 'schedule'`)).rowCount) break;
  }

  // 3. baseline: stream-parse the same file with the project's reader
  const tp = performance.now();
  let parsed = 0;
  let parseProblems = 0;
  for await (const item of readOcds(createReadStream(file, { highWaterMark: 256 * 1024 }))) {
    if (item.kind === 'release') parsed++;
    else if (item.kind === 'problem') parseProblems++;
  }
  const parseSeconds = (performance.now() - tp) / 1000;
  const parseRate = round(parsed / parseSeconds, 0);
  console.log(`baseline: readOcds stream-parsed ${parsed.toLocaleString('en-GB')} releases in ${round(parseSeconds, 2)} s = ${parseRate.toLocaleString('en-GB')} releases/s (${round(gen.bytes / 1048576 / parseSeconds, 1)} MB/s)${parseProblems ? `, ${parseProblems} problems` : ''}`);

  // 4. the import, with the worker's RSS and the run's progress sampled
  const rss = []; // { t, kb, phase }
  const progress = []; // { t, units, bytes }
  let phase = 'before';
  let runId = null;
  let sampling = true;
  const rssLoop = (async () => {
    while (sampling) {
      const kb = processRssKb(worker.pid);
      if (kb !== null) rss.push({ t: performance.now(), kb, phase });
      await sleep(200);
    }
  })();
  const progressLoop = (async () => {
    while (sampling) {
      const { rows } = await monitor.query(`SELECT id, status, units_read::float8 AS units, bytes_read::float8 AS bytes FROM reporting.import_run ORDER BY created_at DESC LIMIT 1`);
      const r = rows[0];
      if (r) {
        runId = r.id;
        if (r.status === 'running' && phase === 'before') phase = 'running';
        if ((r.status === 'done' || r.status === 'failed') && phase !== 'after') phase = 'after';
        if (phase === 'running') progress.push({ t: performance.now(), units: r.units, bytes: r.bytes });
      }
      await sleep(phase === 'running' ? 1000 : 100);
    }
  })();
  const cpu0 = processCpuMs(worker.pid);
  const sampler = backendSampler(monitor, DB_NAME, 'api', 500);
  await sampler.ready;
  const ti = performance.now();
  const cli = await runCli(['import', file, 'ocds', '--wait'], env);
  const cliSeconds = (performance.now() - ti) / 1000;
  await sleep(1000); // the worker after the job
  sampling = false;
  await Promise.all([rssLoop, progressLoop]);
  const db = await sampler.stop();
  const workerCpuMs = cpu0 === null ? null : processCpuMs(worker.pid) - cpu0;

  const { rows: [run] } = await admin.query(
    `SELECT id, status, file_bytes::float8 AS "fileBytes", units_read::float8 AS "unitsRead", imported::float8 AS imported, unchanged::float8 AS unchanged,
            problem_count AS "problemCount", problems, error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
            extract(epoch FROM finished_at - started_at)::float8 AS seconds, extract(epoch FROM started_at - created_at)::float8 AS "queuedSeconds"
       FROM reporting.import_run ORDER BY created_at DESC LIMIT 1`,
  );
  const { rows: [counts] } = await admin.query(
    `SELECT (SELECT count(*) FROM reporting.ocds_release)::int AS releases, (SELECT count(*) FROM reporting.source_contract)::int AS contracts,
            (SELECT count(*) FROM reporting.award_line)::int AS lines, (SELECT count(*) FROM reporting.sme_rollup)::int AS "rollupRows",
            pg_total_relation_size('reporting.ocds_release')::float8 AS "releaseTableBytes"`,
  );

  // 5. figures
  const rate = run?.seconds ? round(run.unitsRead / run.seconds, 0) : null;
  const ratio = rate === null ? null : round(rate / parseRate, 3);
  const idle = rss.filter((s) => s.phase === 'before').slice(-10);
  const during = rss.filter((s) => s.phase === 'running');
  const kbToMb = (kb) => round(kb / 1024, 1);
  const rssStartKb = idle.length ? idle[idle.length - 1].kb : (during[0]?.kb ?? null);
  const rssMaxKb = during.length ? Math.max(...during.map((s) => s.kb)) : null;
  const rssEndKb = during.length ? during[during.length - 1].kb : null;
  const rssAfterKb = rss.filter((s) => s.phase === 'after').at(-1)?.kb ?? null;
  const memory = {
    startMb: kbToMb(rssStartKb),
    maxMb: kbToMb(rssMaxKb),
    endMb: kbToMb(rssEndKb),
    afterMb: kbToMb(rssAfterKb),
    growthMb: rssStartKb !== null && rssMaxKb !== null ? kbToMb(rssMaxKb - rssStartKb) : null,
    samples: during.length,
    // the maximum in each tenth of the run: flat, or climbing?
    maxByTenthMb: during.length >= 10 ? Array.from({ length: 10 }, (_, i) => kbToMb(Math.max(...during.slice(Math.floor((i * during.length) / 10), Math.floor(((i + 1) * during.length) / 10)).map((s) => s.kb)))) : null,
  };
  // growth after the first tenth of the run: a heap that settles (V8 sizing itself to the work) shows ~0, a leak keeps climbing
  memory.growthAfterFirstTenthMb = memory.maxByTenthMb ? round(Math.max(...memory.maxByTenthMb.slice(1)) - memory.maxByTenthMb[0], 1) : null;
  // releases/s in each third of the run (does it slow down as the tables grow?)
  const thirds = [];
  if (progress.length >= 6) {
    for (let i = 0; i < 3; i++) {
      const a = progress[Math.floor((i * (progress.length - 1)) / 3)];
      const b = progress[Math.floor(((i + 1) * (progress.length - 1)) / 3)];
      thirds.push(round((b.units - a.units) / ((b.t - a.t) / 1000), 0));
    }
  }
  const problems = [];
  if (cli.code !== 0) problems.push(`the CLI exited with ${cli.code} (${cli.signal ?? 'no signal'}): ${cli.lines.slice(-5).join(' | ')}`);
  if (!run || run.status !== 'done') problems.push(`the import run is ${run?.status ?? 'missing'}${run?.error ? `: ${run.error}` : ''}`);
  if (worker.exited()) problems.push(`the worker exited during the run (${JSON.stringify(worker.exited())})`);
  if (run && run.unitsRead !== gen.releases) problems.push(`the import read ${run.unitsRead} releases of ${gen.releases}`);
  if (parsed !== gen.releases) problems.push(`the baseline parsed ${parsed} releases of ${gen.releases}`);
  const valid = problems.length === 0;
  const checks = {
    releasesRead: run?.unitsRead ?? null,
    releasesInFile: gen.releases,
    releasesStored: counts.releases,
    contracts: counts.contracts,
    contractsExpected: gen.expectedContracts,
    lines: counts.lines,
    linesExpected: gen.expectedLines,
    problemCount: run?.problemCount ?? null,
    problemExamples: (run?.problems ?? []).slice(0, 5),
  };
  checks.ok = checks.releasesStored === gen.releases && checks.contracts === gen.expectedContracts && checks.lines === gen.expectedLines && checks.problemCount === 0;
  const goalsMet = { releasesPerSecond: rate !== null && rate >= GOALS.releasesPerSecond, rssGrowthMb: memory.growthMb !== null && memory.growthMb < GOALS.rssGrowthMb };
  const met = valid && goalsMet.releasesPerSecond && goalsMet.rssGrowthMb;
  const after = machine();

  console.log(
    `\nimport ${run?.id}: ${run?.status}, ${run?.unitsRead?.toLocaleString('en-GB')} releases in ${round(run?.seconds, 2)} s (job; ${round(run?.queuedSeconds, 2)} s queued after the run was recorded, ` +
      `${round(cliSeconds, 1)} s for the whole CLI command incl. copying the file); ${run?.imported?.toLocaleString('en-GB')} contracts imported, ${run?.unchanged} unchanged, ${run?.problemCount} problems`,
  );
  console.log(`releases/s by third of the run: ${thirds.join(' → ') || '—'}`);
  console.log(
    `worker RSS: ${memory.startMb} MB at the start, max ${memory.maxMb} MB, ${memory.endMb} MB at the end (${memory.afterMb} MB a second after) → growth ${memory.growthMb} MB; ` +
      `max per tenth of the run ${memory.maxByTenthMb ? memory.maxByTenthMb.join(' ') : '—'} MB (growth after the first tenth ${memory.growthAfterFirstTenthMb ?? '—'} MB)`,
  );
  console.log(
    `CPU over the import: worker ${workerCpuMs === null ? '—' : `${round(workerCpuMs / 1000, 1)} s (${round(workerCpuMs / 10 / (run?.seconds || 1), 0)}% of a core)`}, ` +
      `database ${db.cpuMs === null ? '—' : `${round(db.cpuMs / 1000, 1)} s (${round(db.cpuMs / 10 / (run?.seconds || 1), 0)}% of a core)`}; database backends: ${Object.entries(db.waits).map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  console.log(
    `checks: ${checks.releasesStored} releases stored (file ${gen.releases}), ${checks.contracts} contracts (expected ${gen.expectedContracts}), ${checks.lines} SME lines (expected ${gen.expectedLines}), ` +
      `${checks.problemCount} problems → ${checks.ok ? 'as expected' : 'NOT as expected'}`,
  );
  console.log(
    `\nS7: ${rate?.toLocaleString('en-GB')} releases/s imported from a ${round(gen.bytes / 1048576, 0)} MB file (goal ≥ ${GOALS.releasesPerSecond}: ${goalsMet.releasesPerSecond ? 'met' : 'NOT met'}); ` +
      `worker RSS growth ${memory.growthMb} MB (goal < ${GOALS.rssGrowthMb} MB${MB < 500 ? ' on a 500 MB file' : ''}: ${goalsMet.rssGrowthMb ? 'met' : 'NOT met'}) → ${!valid ? 'INVALID RUN' : met ? 'met' : 'NOT met'}`,
  );
  console.log(`ratio import rate / parse rate: ${rate} / ${parseRate} releases/s = ${ratio}`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);

  const headline = `${rate} releases/s (≥ ${GOALS.releasesPerSecond}) from ${round(gen.bytes / 1048576, 0)} MB, RSS growth ${memory.growthMb} MB (< ${GOALS.rssGrowthMb}); ÷ parse rate ${ratio}`;
  const file_ = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    settings: { fileMb: MB, batch: 500, rssSampleMs: 200 },
    file: { ...gen, generateSeconds: round(genSeconds, 1) },
    goals: GOALS,
    headline,
    releasesPerSecond: rate,
    parseReleasesPerSecond: parseRate,
    ratio,
    ratioMeaning: 'releases/s of the import (job start to finish) ÷ releases/s of stream-parsing the same file with readOcds alone; 1 would mean the import costs nothing but the parse',
    parse: { releases: parsed, seconds: round(parseSeconds, 2), mbPerSecond: round(gen.bytes / 1048576 / parseSeconds, 1) },
    import: { ...run, problems: undefined, cliSeconds: round(cliSeconds, 1), releasesPerSecondByThird: thirds },
    memory,
    cpu: { workerSeconds: workerCpuMs === null ? null : round(workerCpuMs / 1000, 1), databaseSeconds: db.cpuMs === null ? null : round(db.cpuMs / 1000, 1), databaseWaits: db.waits },
    tables: counts,
    checks,
    rssSamplesMb: percentiles(during.map((s) => s.kb / 1024)),
    goalsMet,
    met,
    valid,
    problems,
    ...runInfo({ worker, before, after, started }),
  });
  console.log(`wrote ${file_}`);
  return valid;
}

await runBench(main);
