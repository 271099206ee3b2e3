// S4 (docs/quality.md): award → dashboard freshness — an award shows in the rollups within 5 s
// (p95) with the worker running.
//
//   npm run bench -- s4-freshness            # full: 200 awards + 40 cancellations, 100,000 contracts behind them
//   npm run bench -- s4-freshness --smoke    # CI size: 12 awards + 4 cancellations, 5,000 contracts behind them
//
// The compiled API and worker run as in production (OUTBOX_POLL_MS and JOB_LOCK_MS at their
// defaults: the outbox is polled every 250 ms; the API's report cache, REPORT_CACHE_SECONDS, at
// its default of 60 s, keyed by the rollups' version so a change shows at once). Behind the measured awards sits a ledger of generated contracts
// (bench/lib/reporting-data.mjs) whose rollups one full recompute built, so the incremental path
// updates a populated sme_rollup, as in production.
//
// Four buyers (a council, an NHS trust, a department, a university, each with a buyer admin) award
// in parallel, each one award at a time after a random pause (0 to 1 s, so that awards fall
// anywhere in the relay's poll): POST
// /api/v1/direct-awards from a shortlist made beforehand (a verified supplier with a size
// declaration and a published offering), then, every 20 ms until both show it, the buyer's report
// GET /api/v1/reports/sme-share?basis=award&by=period&period=fy&dimension=buyer&key=org:<buyer>
//   - from the API (report cache at its default): what a dashboard shows — "dashboard";
//   - from a second API process with the cache off (REPORT_CACHE_SECONDS=0): the rollups
//     themselves — "rollups" (the words of the goal).
// The award travels tendering.contract → outbox (same transaction) → relay → BullMQ job
// reporting.refresh-contract → SmeLedgerService.applyContracts (lines + rollup deltas) → sme_rollup
// → (cache) → the report. Freshness = from sending the award to the first report that shows it.
// Then each buyer cancels some of its contracts (POST /api/v1/contracts/:id/cancel) and the
// restatement is timed the same way (the line count drops).
//
// Baseline, same run: the award request's own latency; ratio = dashboard freshness p95 ÷ award p95.
// Check: a full recompute afterwards (through the API and the worker) finds 0 drifted rows.
//
// Env (optional): BENCH_S4_AWARDS, BENCH_S4_CANCELLATIONS, BENCH_S4_BACKGROUND (contracts behind),
//   BENCH_S4_POLL_MS, BENCH_S4_THINK_MS, BENCH_S4_DB (must contain "test"), BENCH_DATABASE_URL /
//   DATABASE_URL, BENCH_REDIS_URL / REDIS_URL, BENCH_API_MAIN, BENCH_API_NODE_ARGS, BENCH_API_LOG_LEVEL,
//   BENCH_WORKER_NODE_ARGS.
import pg from 'pg';
import {
  databaseUrl,
  deleteRedisKeys,
  freePort,
  machine,
  num,
  onCleanup,
  percentiles,
  processCpuMs,
  redisUrl,
  requireDist,
  round,
  runBench,
  runInfo,
  sleep,
  smoke,
  startApi,
  table,
  writeResult,
} from './lib/harness.mjs';
import {
  benchPassword,
  buyerHeadlinePath,
  cancelContract,
  directAward,
  generateLedger,
  keepAliveAgent,
  makeShortlists,
  recomputeThroughApi,
  request,
  seedPeople,
  signIn,
  startReportingWorker,
  benchDatabase,
} from './lib/reporting-data.mjs';

const NAME = 's4-freshness';
const GOAL_P95_MS = 5000;
const REDIS_PREFIX = '{opm-bench}';
const POOL_SIZE = 10;

const AWARDS = num(process.env.BENCH_S4_AWARDS, smoke ? 12 : 200);
const CANCELLATIONS = num(process.env.BENCH_S4_CANCELLATIONS, smoke ? 4 : 40);
const BACKGROUND = num(process.env.BENCH_S4_BACKGROUND, smoke ? 5_000 : 100_000);
const POLL_MS = num(process.env.BENCH_S4_POLL_MS, 20);
const TIMEOUT_MS = 30_000;
const BUYERS = ['Bench Borough Council', 'Bench Hospitals NHS Foundation Trust', 'Department for Bench Affairs', 'University of Benchester'];
const DB_NAME = process.env.BENCH_S4_DB || (smoke ? 'opm_bench_test_s4_smoke' : 'opm_bench_test_s4');

/**
 * Polls the buyer's report on both APIs every POLL_MS (from the start of one round to the next)
 * until each shows `want` lines; returns when each showing response arrived, and the reads made.
 */
async function waitUntilShown(ports, buyer, want, agent) {
  const path = buyerHeadlinePath(buyer.key);
  const t0 = performance.now();
  const shown = { dashboard: null, rollups: null };
  let reads = 0;
  let errors = 0;
  for (;;) {
    const s = performance.now();
    await Promise.all(
      Object.entries(ports).map(async ([which, port]) => {
        if (shown[which] !== null) return;
        const r = await request(port, 'GET', path, { agent });
        reads++;
        if (r.status !== 200) errors++;
        else if (r.body?.headline?.lines === want) shown[which] = performance.now();
      }),
    );
    if (shown.dashboard !== null && shown.rollups !== null) break;
    if (performance.now() - t0 > TIMEOUT_MS) break;
    const wait = POLL_MS - (performance.now() - s);
    if (wait > 0) await sleep(wait);
  }
  return { ...shown, reads, errors };
}

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`S4 award → dashboard freshness: ${AWARDS} awards and ${CANCELLATIONS} cancellations through the API with the worker running (${smoke ? 'SMOKE' : 'full'} size)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy`);
  const { EnvSchema } = requireDist('libs/config/src/env.schema.js');
  const cacheSeconds = Number(process.env.REPORT_CACHE_SECONDS ?? new EnvSchema().REPORT_CACHE_SECONDS);
  // A pause of 0..THINK_MS (uniform) before each change: buyers do not act in step with the relay's
  // poll (awarding right after the previous award showed would always land at the same point of it).
  // The report cache is keyed by the rollups' version, bumped after every committed change, so where
  // an award falls in the cache's life does not matter.
  const THINK_MS = num(process.env.BENCH_S4_THINK_MS, 1000);

  // 1. database, redis, people, the APIs and the worker
  const { dbUrl, rUrl, admin } = await benchDatabase({ dbName: DB_NAME, redisPrefix: REDIS_PREFIX, appName: 'bench-s4' });
  const { password, hash } = await benchPassword();
  const people = await seedPeople(admin, hash, { buyers: BUYERS, suppliers: 20 });
  const apiPort = await freePort();
  const api = await startApi({ port: apiPort, dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: POOL_SIZE, env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } });
  const rollupsPort = await freePort();
  const apiRollups = await startApi({ name: 'api-nocache', port: rollupsPort, dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: 4, env: { REPORT_CACHE_SECONDS: '0' } });
  console.log(`api: awards, cancellations and the dashboard's reads (report cache ${cacheSeconds} s, the default); api-nocache: the same reads with the cache off (the rollups as they are)`);
  const { worker, q } = await startReportingWorker({ dbUrl, rUrl, redisPrefix: REDIS_PREFIX, apiPort });

  // 2. the contracts behind, with their rollups built by one recompute
  const data = BACKGROUND > 0 ? await generateLedger(admin, { contracts: BACKGROUND }) : null;
  await signIn(apiPort, [people.analyst, ...people.buyers], password);
  const built = BACKGROUND > 0 ? await recomputeThroughApi({ port: apiPort, analyst: people.analyst, queue: q.queue }) : null;
  if (data) console.log(`behind the awards: ${data.contracts.toLocaleString('en-GB')} generated contracts (${data.awardLines.toLocaleString('en-GB')} award lines), rollups built by a recompute in ${built.durationMs} ms (${built.rollupRows.toLocaleString('en-GB')} rows)`);

  // 3. shortlists, one per award (a shortlist takes one direct-award outcome)
  const agent = keepAliveAgent();
  onCleanup('close the http agent', () => agent.destroy());
  const offerings = people.suppliers.map((s) => s.offering);
  const nb = people.buyers.length;
  const perBuyer = people.buyers.map((_, i) => Math.floor(AWARDS / nb) + (i < AWARDS % nb ? 1 : 0));
  const cancelsPerBuyer = people.buyers.map((_, i) => Math.min(perBuyer[i], Math.floor(CANCELLATIONS / nb) + (i < CANCELLATIONS % nb ? 1 : 0)));
  const lists = await Promise.all(people.buyers.map((b, i) => makeShortlists(apiPort, b, offerings.slice(i * 5).concat(offerings.slice(0, i * 5)), perBuyer[i], agent)));
  console.log(
    `prepared ${AWARDS} shortlists through the API; ${nb} buyers now each award one at a time (after a pause of 0–${THINK_MS} ms) and read their report ` +
      `every ${POLL_MS} ms from both APIs until the award shows\n`,
  );

  // 4. awards, then cancellations, each buyer in its own loop
  const records = [];
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const cpu0 = { api: processCpuMs(api.pid), worker: processCpuMs(worker.pid) };
  const t0 = performance.now();
  const ports = { dashboard: apiPort, rollups: rollupsPort };
  const timed = (rec, sent, acked, w) =>
    Object.assign(rec, {
      dashboardMs: w.dashboard === null ? null : w.dashboard - sent,
      rollupsMs: w.rollups === null ? null : w.rollups - sent,
      dashboardAfterAckMs: w.dashboard === null ? null : w.dashboard - acked,
      rollupsAfterAckMs: w.rollups === null ? null : w.rollups - acked,
      reads: w.reads,
      readErrors: w.errors,
    });
  await Promise.all(
    people.buyers.map(async (b, bi) => {
      let lines = (await request(rollupsPort, 'GET', buyerHeadlinePath(b.key), { agent })).body.headline.lines;
      const contracts = [];
      for (let i = 0; i < perBuyer[bi]; i++) {
        await sleep(rand() * THINK_MS);
        const value = (2500 + ((i * 7919 + bi * 104_729) % 400_000) + 0.25).toFixed(2);
        const sent = performance.now();
        const r = await directAward(apiPort, b, lists[bi][i], value, agent);
        const acked = performance.now();
        const rec = { op: 'award', buyer: bi, status: r.status, requestMs: acked - sent, error: r.error };
        if (r.status === 201) {
          contracts.push(r.contractId);
          lines++;
          timed(rec, sent, acked, await waitUntilShown(ports, b, lines, agent));
        }
        records.push(rec);
      }
      for (let k = 0; k < cancelsPerBuyer[bi] && contracts.length; k++) {
        await sleep(rand() * THINK_MS);
        const victim = contracts.splice((k * 7) % contracts.length, 1)[0];
        const sent = performance.now();
        const r = await cancelContract(apiPort, b, victim, agent);
        const acked = performance.now();
        const rec = { op: 'cancel', buyer: bi, status: r.status, requestMs: acked - sent, error: r.error };
        if (r.status === 200) {
          lines--;
          timed(rec, sent, acked, await waitUntilShown(ports, b, lines, agent));
        }
        records.push(rec);
      }
    }),
  );
  const runSeconds = (performance.now() - t0) / 1000;
  const apiCpuMs = cpu0.api === null ? null : processCpuMs(api.pid) - cpu0.api;
  const workerCpuMs = cpu0.worker === null ? null : processCpuMs(worker.pid) - cpu0.worker;

  // 5. check: the incremental rollups equal a full recompute
  const check = await recomputeThroughApi({ port: apiPort, analyst: people.analyst, queue: q.queue });
  console.log(`check: a full recompute afterwards found ${check.driftRows} drifted rollup row(s) (${check.durationMs} ms)`);

  // 6. figures
  const succeeded = (r) => (r.op === 'award' ? r.status === 201 : r.status === 200);
  // a change never shown counts as slower than any shown one (its freshness is at least the timeout)
  const fresh = (rs, k) => percentiles(rs.map((r) => r[k] ?? Infinity));
  const figs = (op) => {
    const rs = records.filter((r) => r.op === op && succeeded(r));
    return {
      request: percentiles(rs.map((r) => r.requestMs)),
      dashboard: fresh(rs, 'dashboardMs'),
      rollups: fresh(rs, 'rollupsMs'),
      dashboardAfterAck: percentiles(rs.filter((r) => r.dashboardAfterAckMs != null).map((r) => r.dashboardAfterAckMs)),
      rollupsAfterAck: percentiles(rs.filter((r) => r.rollupsAfterAckMs != null).map((r) => r.rollupsAfterAckMs)),
      readsPerChange: percentiles(rs.map((r) => r.reads ?? 0)),
    };
  };
  const award = figs('award');
  const cancel = figs('cancel');
  const notShown = records.filter((r) => succeeded(r) && (r.dashboardMs == null || r.rollupsMs == null)).length;
  const finite = (x) => (Number.isFinite(x) ? x : null);
  const ratio = finite(award.dashboard.p95) === null ? null : round(award.dashboard.p95 / award.request.p95, 2);
  const problems = [];
  const failed = records.filter((r) => !succeeded(r));
  if (failed.length) problems.push(`${failed.length} award/cancel requests failed: ${JSON.stringify(failed.slice(0, 5).map((r) => ({ op: r.op, status: r.status, error: r.error })))}`);
  const readErrors = records.reduce((n, r) => n + (r.readErrors ?? 0), 0);
  if (readErrors) problems.push(`${readErrors} report reads were not 200`);
  for (const [n, p] of [['API', api], ['second API', apiRollups], ['worker', worker]]) if (p.exited()) problems.push(`the ${n} exited during the run (${JSON.stringify(p.exited())})`);
  const valid = problems.length === 0;
  const goalsMet = {
    dashboardP95: finite(award.dashboard.p95) !== null && award.dashboard.p95 <= GOAL_P95_MS,
    rollupsP95: finite(award.rollups.p95) !== null && award.rollups.p95 <= GOAL_P95_MS,
    allShown: notShown === 0,
    noDrift: check.driftRows === 0,
  };
  const met = valid && Object.values(goalsMet).every(Boolean);
  const after = machine();
  const clean = (p) => Object.fromEntries(Object.entries(p).map(([k, x]) => [k, typeof x === 'number' ? finite(x) : x]));
  const row = (label, p) => [label, p.n, p.p50, p.p90, p.p95, p.p99, p.max];

  console.log(
    '\n' +
      table([
        ['', 'n', 'p50 ms', 'p90 ms', 'p95 ms', 'p99 ms', 'max ms'],
        row('award request (baseline)', award.request),
        row(`award → dashboard (${cacheSeconds} s cache)`, award.dashboard),
        row('award → rollups (no cache)', award.rollups),
        row('  rollups, after the 201', award.rollupsAfterAck),
        row('cancel request', cancel.request),
        row('cancel → dashboard restated', cancel.dashboard),
        row('cancel → rollups restated', cancel.rollups),
      ]),
  );
  console.log(
    `\n${records.length} changes in ${round(runSeconds, 1)} s; ${award.readsPerChange.mean} report reads per award on average (both APIs); ` +
      `CPU per change: API ${apiCpuMs === null ? '—' : round(apiCpuMs / records.length, 1)} ms (incl. its share of the polling), worker ${workerCpuMs === null ? '—' : round(workerCpuMs / records.length, 1)} ms`,
  );
  console.log(
    `\nS4: award → dashboard p95 ${award.dashboard.p95} ms (p50 ${award.dashboard.p50}, max ${award.dashboard.max}); in the rollups p95 ${award.rollups.p95} ms (p50 ${award.rollups.p50}, max ${award.rollups.max}) ` +
      `over ${award.request.n} awards (goal p95 ≤ ${GOAL_P95_MS} ms: ${goalsMet.dashboardP95 && goalsMet.rollupsP95 ? 'met' : 'NOT met'}); ` +
      `cancellation restated p95 ${cancel.dashboard.p95} / ${cancel.rollups.p95} ms; never shown ${notShown}; drift after ${check.driftRows} → ${!valid ? 'INVALID RUN' : met ? 'met' : 'NOT met'}`,
  );
  console.log(`ratio dashboard freshness p95 / award request p95: ${award.dashboard.p95} / ${award.request.p95} ms = ${ratio}`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);

  const headline =
    `award → dashboard p95 ${award.dashboard.p95} ms (≤ ${GOAL_P95_MS}; ${cacheSeconds} s report cache), in the rollups p95 ${award.rollups.p95} ms; ` +
    `cancel restated p95 ${cancel.dashboard.p95} ms; ÷ award request p95 ${ratio}; drift ${check.driftRows}`;
  const file = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    settings: {
      awards: AWARDS,
      cancellations: CANCELLATIONS,
      buyers: nb,
      pollMs: POLL_MS,
      thinkMs: THINK_MS,
      timeoutMs: TIMEOUT_MS,
      backgroundContracts: BACKGROUND,
      outboxPollMs: 'default (250)',
      reportCacheSeconds: { api: cacheSeconds, apiNocache: 0 },
      databasePoolSize: POOL_SIZE,
    },
    data,
    rollupsBuilt: built,
    goal: GOAL_P95_MS,
    headline,
    p95Ms: finite(award.dashboard.p95),
    rollupsP95Ms: finite(award.rollups.p95),
    ratio,
    ratioMeaning: 'p95 of award → dashboard showing it ÷ p95 of the award request itself; the part above 1 is the outbox relay, queue, job, report cache and read',
    award: { ...award, dashboard: clean(award.dashboard), rollups: clean(award.rollups) },
    cancel: { ...cancel, dashboard: clean(cancel.dashboard), rollups: clean(cancel.rollups) },
    notShown,
    check: { recompute: check, driftRows: check.driftRows },
    cpu: { apiMsPerChange: apiCpuMs === null ? null : round(apiCpuMs / records.length, 2), workerMsPerChange: workerCpuMs === null ? null : round(workerCpuMs / records.length, 2) },
    runSeconds: round(runSeconds, 2),
    goalsMet,
    met,
    valid,
    problems,
    records: records.map((r) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, typeof x === 'number' && k.endsWith('Ms') ? round(x, 2) : x]))),
    ...runInfo({ api, worker, before, after, started }),
  });
  console.log(`wrote ${file}`);
  return valid;
}

await runBench(main);
