// S5 (docs/quality.md): full SME recompute from raw rows at 1,000,000 contracts — ≤ 30 s, and
// identical to the incrementally maintained rollups (checksum).
//
//   npm run bench -- s5-recompute            # full: 1,000,000 contracts (~1.3 M award lines), 300 awards + 60 cancellations
//   npm run bench -- s5-recompute --smoke    # CI size: 20,000 contracts, 30 awards + 6 cancellations
//
// 1. The ledger of s3 (bench/lib/reporting-data.mjs generateLedger: contracts straight into
//    reporting.source_contract + award_line, spend lines a tenth of that) — no rollups yet.
// 2. Recompute #1 through the real code path: POST /api/v1/reports/recompute (an analyst), the
//    compiled worker runs job reporting.recompute-sme-share (SmeRecomputeService). It finds every
//    rollup row missing (drift = all rows), builds them and stores a snapshot. Its figures are read
//    from GET /api/v1/reports/snapshots (durationMs is the service's own, from the snapshot).
// 3. Incremental changes through the real incremental path: direct awards (POST
//    /api/v1/direct-awards) by three buyers, and cancellations of some of them (POST
//    /api/v1/contracts/:id/cancel), each reaching the rollups through the outbox and the worker's
//    reporting.refresh-contract job (SmeLedgerService.applyContracts). The bench waits until every
//    buyer's report shows them all.
// 4. The checksum of the kept rollups (the product's checksumSql, read bare with pg), then
//    recompute #2 the same way: its drift must be 0 and its checksum equal to the kept one — the
//    full recompute is identical to the incrementally kept rollups. This run is the S5 figure.
//
// Baseline, in the same run: the one scan any recompute needs — a bare SELECT ... GROUP BY over
// reporting.award_line at the recompute's finest grain (buyer, framework, lot, category, sector,
// month, band; work_mem 256MB as the recompute sets it) with pg, timed three times (before
// recompute #1, just before and just after recompute #2); ratio = recompute #2 ÷ the median.
//
// Env (optional): BENCH_S5_CONTRACTS, BENCH_S5_AWARDS, BENCH_S5_DB (must contain "test"),
//   BENCH_DATABASE_URL / DATABASE_URL, BENCH_REDIS_URL / REDIS_URL, BENCH_API_MAIN, BENCH_API_NODE_ARGS.
import pg from 'pg';
import {
  databaseUrl,
  deleteRedisKeys,
  freePort,
  machine,
  num,
  onCleanup,
  redisUrl,
  requireDist,
  round,
  runBench,
  runInfo,
  sleep,
  smoke,
  startApi,
  writeResult,
} from './lib/harness.mjs';
import {
  benchPassword,
  buyerHeadlinePath,
  cancelContract,
  directAward,
  expectStatus,
  generateLedger,
  keepAliveAgent,
  keptChecksum,
  makeShortlists,
  recomputeThroughApi,
  seedPeople,
  signIn,
  startReportingWorker,
  benchDatabase,
} from './lib/reporting-data.mjs';

const NAME = 's5-recompute';
const GOAL_MS = 30_000;
const REDIS_PREFIX = '{opm-bench}';
const POOL_SIZE = 10;

const CONTRACTS = num(process.env.BENCH_S5_CONTRACTS, smoke ? 20_000 : 1_000_000);
const AWARDS = num(process.env.BENCH_S5_AWARDS, smoke ? 30 : 300);
const CANCEL_EVERY = 5; // every fifth award of a buyer is followed by the cancellation of one of its earlier contracts
const BUYERS = ['Bench Borough Council', 'Bench Hospitals NHS Foundation Trust', 'Department for Bench Affairs'];
const DB_NAME = process.env.BENCH_S5_DB || (smoke ? 'opm_bench_test_s5_smoke' : 'opm_bench_test_s5');

/** The one scan: award lines summed at the recompute's finest grain (its first step), all sums consumed. */
const BASELINE_SQL = `SELECT count(*)::bigint AS groups, sum(lines)::bigint AS lines, sum(weight) AS weight, sum(amount_gbp) AS amount_gbp,
       sum(value_lines)::bigint AS value_lines, sum(unconverted_lines)::bigint AS unconverted_lines
  FROM (SELECT buyer_key, framework, lot, category, buyer_sector, month, size_band,
               count(*)::bigint AS lines, sum(weight) AS weight, sum(amount_gbp) AS amount_gbp, count(amount_gbp)::bigint AS value_lines,
               (count(*) FILTER (WHERE amount IS NOT NULL AND amount_gbp IS NULL))::bigint AS unconverted_lines
          FROM reporting.award_line GROUP BY 1, 2, 3, 4, 5, 6, 7) fine`;

async function baseline(client) {
  await client.query('BEGIN');
  await client.query(`SET LOCAL work_mem = '256MB'`);
  const t0 = performance.now();
  const { rows } = await client.query(BASELINE_SQL);
  const ms = performance.now() - t0;
  await client.query('COMMIT');
  return { ms: round(ms, 1), groups: Number(rows[0].groups), lines: Number(rows[0].lines) };
}

const phaseText = (phases) => (phases ? Object.entries(phases).map(([k, ms]) => `${k} ${ms}`).join(', ') : '—');

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`S5 full SME recompute at ${CONTRACTS.toLocaleString('en-GB')} contracts through the API and the worker vs one bare GROUP BY scan (${smoke ? 'SMOKE' : 'full'} size)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy`);
  const { checksumSql } = requireDist('libs/reporting/src/infrastructure/rollup-sql.js');

  // 1. database, redis, people, the API and the worker
  const { dbUrl, rUrl, admin } = await benchDatabase({ dbName: DB_NAME, redisPrefix: REDIS_PREFIX, appName: 'bench-s5' });
  const { password, hash } = await benchPassword();
  const people = await seedPeople(admin, hash, { buyers: BUYERS, suppliers: 20 });
  const apiPort = await freePort();
  const api = await startApi({ port: apiPort, dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: POOL_SIZE, env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } });
  const { worker, q } = await startReportingWorker({ dbUrl, rUrl, redisPrefix: REDIS_PREFIX, apiPort });

  // 2. the ledger
  const data = await generateLedger(admin, { contracts: CONTRACTS, log: console.log });
  const baselines = [];
  baselines.push({ when: 'before recompute #1', ...(await baseline(admin)) });
  console.log(`baseline (bare GROUP BY over award_line, one scan): ${baselines[0].ms} ms, ${baselines[0].groups.toLocaleString('en-GB')} groups`);

  // 3. recompute #1: builds the rollups
  await signIn(apiPort, [people.analyst, ...people.buyers], password);
  const first = await recomputeThroughApi({ port: apiPort, analyst: people.analyst, queue: q.queue });
  console.log(`recompute #1: ${first.durationMs} ms (snapshot; ${first.wallMs} ms from the request), ${first.rollupRows.toLocaleString('en-GB')} rollup rows, drift ${first.driftRows.toLocaleString('en-GB')} rows (all missing: built)`);
  console.log(`  phases (from the job's progress, ms): ${phaseText(first.phases)}`);

  // 4. incremental changes through the API and the worker
  const agent = keepAliveAgent();
  onCleanup('close the http agent', () => agent.destroy());
  const offerings = people.suppliers.map((s) => s.offering);
  const perBuyer = Math.ceil(AWARDS / people.buyers.length);
  const lists = await Promise.all(people.buyers.map((b) => makeShortlists(apiPort, b, offerings, perBuyer, agent)));
  const t0 = performance.now();
  const outcomes = { awards: 0, cancellations: 0, failed: [] };
  const expected = new Map();
  await Promise.all(
    people.buyers.map(async (b, bi) => {
      const mine = [];
      let lines = 0;
      for (let i = 0; i < perBuyer && bi * perBuyer + i < AWARDS; i++) {
        const r = await directAward(apiPort, b, lists[bi][i], (1000 + ((i * 7919) % 250_000) + 0.5).toFixed(2), agent);
        if (r.status !== 201) {
          outcomes.failed.push({ op: 'award', status: r.status, error: r.error });
          continue;
        }
        outcomes.awards++;
        lines++;
        mine.push(r.contractId);
        if ((i + 1) % CANCEL_EVERY === 0) {
          const victim = mine.splice(Math.floor(mine.length / 2), 1)[0];
          const c = await cancelContract(apiPort, b, victim, agent);
          if (c.status !== 200) outcomes.failed.push({ op: 'cancel', status: c.status, error: c.error });
          else {
            outcomes.cancellations++;
            lines--;
          }
        }
      }
      expected.set(b.key, lines);
    }),
  );
  const requestsMs = performance.now() - t0;
  // wait until every buyer's report shows every award and cancellation
  let shownMs = null;
  for (const deadline = performance.now() + 120_000; performance.now() < deadline; ) {
    const seen = await Promise.all(people.buyers.map(async (b) => (await expectStatus(200, apiPort, 'GET', buyerHeadlinePath(b.key), { agent })).body.headline.lines));
    if (people.buyers.every((b, i) => seen[i] === expected.get(b.key))) {
      shownMs = performance.now() - t0;
      break;
    }
    await sleep(100);
  }
  const counts = await q.queue.getJobCounts('active', 'waiting', 'delayed', 'failed');
  console.log(
    `incremental: ${outcomes.awards} direct awards and ${outcomes.cancellations} cancellations through the API in ${round(requestsMs / 1000, 1)} s; ` +
      (shownMs === null ? 'NOT all shown in the reports within 120 s' : `all in the rollups ${round(shownMs / 1000, 1)} s after the first request`) +
      `; reporting queue: ${JSON.stringify(counts)}`,
  );

  // 5. the kept rollups' checksum, then recompute #2: drift 0 and the same checksum
  const kept = await keptChecksum(admin, checksumSql);
  baselines.push({ when: 'before recompute #2', ...(await baseline(admin)) });
  const second = await recomputeThroughApi({ port: apiPort, analyst: people.analyst, queue: q.queue });
  baselines.push({ when: 'after recompute #2', ...(await baseline(admin)) });
  const identical = second.driftRows === 0 && second.checksum === kept.checksum && second.rollupRows === kept.rows;
  console.log(`recompute #2: ${second.durationMs} ms (snapshot; ${second.wallMs} ms from the request), ${second.rollupRows.toLocaleString('en-GB')} rollup rows, drift ${second.driftRows} rows`);
  console.log(`  phases (from the job's progress, ms): ${phaseText(second.phases)}`);
  console.log(`identical to incremental: ${identical ? 'yes' : 'NO'} — recompute checksum ${second.checksum}, kept rollups ${kept.checksum} (${kept.rows.toLocaleString('en-GB')} rows, read in ${kept.ms} ms)`);

  // 6. figures
  const baseMs = round(median(baselines.map((b) => b.ms)), 1);
  const ratio = round(second.durationMs / baseMs, 2);
  const problems = [];
  if (outcomes.failed.length) problems.push(`${outcomes.failed.length} award/cancel requests failed: ${JSON.stringify(outcomes.failed.slice(0, 5))}`);
  if (shownMs === null) problems.push('the incremental changes did not all reach the rollups within 120 s');
  if (api.exited()) problems.push(`the API exited during the run (${JSON.stringify(api.exited())})`);
  if (worker.exited()) problems.push(`the worker exited during the run (${JSON.stringify(worker.exited())})`);
  const valid = problems.length === 0;
  const goalsMet = { durationMs: second.durationMs <= GOAL_MS, identical };
  const met = valid && goalsMet.durationMs && goalsMet.identical;
  const after = machine();
  console.log(
    `\nS5: full recompute ${second.durationMs} ms at ${CONTRACTS.toLocaleString('en-GB')} contracts (goal ≤ ${GOAL_MS} ms: ${goalsMet.durationMs ? 'met' : 'NOT met'}); ` +
      `identical to the incremental rollups: ${identical ? 'yes' : 'NO'} → ${!valid ? 'INVALID RUN' : met ? 'met' : 'NOT met'}`,
  );
  console.log(`first recompute (builds every rollup row): ${first.durationMs} ms`);
  console.log(`ratio recompute ÷ one bare GROUP BY scan: ${second.durationMs} / ${baseMs} ms = ${ratio} (baseline runs ${baselines.map((b) => b.ms).join(', ')} ms)`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);

  const headline = `recompute ${round(second.durationMs / 1000, 2)} s (≤ ${GOAL_MS / 1000}) at ${CONTRACTS.toLocaleString('en-GB')} contracts, identical ${identical ? 'yes' : 'NO'}, drift ${second.driftRows}; ÷ bare scan ${ratio}`;
  const file = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    settings: { contracts: CONTRACTS, awards: AWARDS, cancelEvery: CANCEL_EVERY, buyers: BUYERS.length, databasePoolSize: POOL_SIZE },
    data,
    goals: { durationMs: GOAL_MS, identical: true },
    headline,
    durationMs: second.durationMs,
    identical,
    ratio,
    ratioMeaning: 'recompute #2 duration (from its snapshot) ÷ median time of one bare GROUP BY scan of award_line at the recompute\'s finest grain; lower is better',
    recomputes: { first, second },
    kept,
    incremental: { ...outcomes, failed: outcomes.failed.length, requestsSeconds: round(requestsMs / 1000, 2), allShownSeconds: shownMs === null ? null : round(shownMs / 1000, 2), queue: counts },
    baseline: { sql: BASELINE_SQL, medianMs: baseMs, runs: baselines },
    goalsMet,
    met,
    valid,
    problems,
    ...runInfo({ api, worker, before, after, started }),
  });
  console.log(`wrote ${file}`);
  return valid;
}

await runBench(main);
