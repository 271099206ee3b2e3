// S1 (quality.md): catalogue search over 400,000 published offerings — ranked top 20 with two
// filters and facet counts, rotating frequent and rare terms, 16 concurrent clients. Goals:
// p95 ≤ 50 ms through the API, and API p50 ≤ 1.3 × the same SQL run bare with pg, in the same run.
//
//   npm run bench -- s1-search             # full: 400,000 published offerings, ABBA 4 × 160 requests
//   npm run bench -- s1-search --smoke     # CI size: 20,000 published, bare → api → bare × 640 requests
//   node bench/s1-search.bench.mjs --reseed   # (or BENCH_S1_RESEED=1) seed a fresh database
//
// Seeding takes minutes at full size, so the database (opm_bench_test_s1, or
// opm_bench_test_s1_smoke for the smoke size) is kept after the run and reused when it already
// holds the requested catalogue (same size, seed and generator); otherwise it is dropped,
// recreated, migrated and seeded with scripts/seed-catalogue.mjs.
//
// Sides, both in the same run, over the same ~500 rotating parameter sets:
//   api  — the compiled API (NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=16), loaded
//          by autocannon with 16 connections: GET /api/v1/offerings?q=...&<two filters>&limit=20
//   bare — a pg.Pool(16) in this process, 16 async loops running exactly searchSql(params) from
//          the compiled dist/apps/api/libs/catalogue/src/infrastructure/search-sql.js
//
// Each segment runs the same fixed number of requests on either side (the next ones of the shared
// rotation, split evenly over the 16 clients), so both sides do exactly the same work: with
// time-boxed segments the slow frequent-term requests still in flight at the end would be
// dropped from one side's figures and not the other's.
//
// Env (optional): BENCH_CONNECTIONS, BENCH_S1_REQUESTS (per segment), BENCH_S1_WARMUP_REQUESTS,
//   BENCH_S1_PUBLISHED (published offerings), BENCH_S1_DB (must contain "test"), BENCH_S1_RESEED=1,
//   BENCH_S1_SEED, BENCH_DATABASE_URL / DATABASE_URL, BENCH_REDIS_URL / REDIS_URL,
//   BENCH_API_MAIN, BENCH_API_NODE_ARGS, BENCH_API_LOG_LEVEL (as for s2).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  databaseUrl,
  deleteRedisKeys,
  freePort,
  machine,
  num,
  onCleanup,
  processCpuMs,
  redisUrl,
  repoRoot,
  requireDist,
  round,
  runBench,
  runInfo,
  smoke,
  startApi,
  summarise,
  table,
  writeResult,
} from './lib/harness.mjs';
import { FILTER_COMBOS, buildParamSets, byClass, percentiles, settle } from './lib/s1-queries.mjs';
import { seedCatalogue } from '../scripts/seed-catalogue.mjs';

const NAME = 's1-search';
const P95_GOAL_MS = 50;
const P50_RATIO_GOAL = 1.3;
const REDIS_PREFIX = '{opm-bench}';
const POOL_SIZE = 16;
const PUBLISHED_SHARE = 0.92;
const PARAM_SETS = 500;

const published = num(process.env.BENCH_S1_PUBLISHED, smoke ? 20_000 : 400_000);
const DB_NAME = process.env.BENCH_S1_DB || (smoke ? 'opm_bench_test_s1_smoke' : 'opm_bench_test_s1');
const SEED = process.env.BENCH_S1_SEED || 's1';
const reseed = process.argv.includes('--reseed') || ['1', 'true'].includes(process.env.BENCH_S1_RESEED ?? '');

/** The fewest offerings whose round(N × share) published ones make exactly `published`. */
function offeringsFor(target, share) {
  let n = Math.round(target / share);
  while (Math.round(n * share) < target) n++;
  while (n > 1 && Math.round((n - 1) * share) >= target) n--;
  return n;
}
const offerings = offeringsFor(published, PUBLISHED_SHARE);

const settings = {
  connections: num(process.env.BENCH_CONNECTIONS, 16),
  pipelining: 1,
  warmupRequests: num(process.env.BENCH_S1_WARMUP_REQUESTS, smoke ? 320 : 64),
  segmentRequests: num(process.env.BENCH_S1_REQUESTS, smoke ? 640 : 160),
  order: smoke ? ['bare', 'api', 'bare'] : ['bare', 'api', 'api', 'bare'],
  databasePoolSize: POOL_SIZE,
  paramSets: PARAM_SETS,
  filterCombos: FILTER_COMBOS,
  route: 'GET /api/v1/offerings?q=<term>&<two filters>&limit=20&offset=0',
  requestTimeoutSeconds: 120,
};

const SIDES = {
  api:
    'the compiled API (node dist/apps/api/apps/api/src/main.js, NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=16): ' +
    "Fastify, helmet's headers, the request's log line, ThrottlerGuard (Redis), query validation, the catalogue search service running searchSql " +
    'through TypeORM, JSON { items, total, facets }; loaded by autocannon, 16 connections, pipelining 1',
  bare:
    'pg.Pool(16) in the bench process, 16 async loops each running searchSql(params) from the compiled API ' +
    '(dist/apps/api/libs/catalogue/src/infrastructure/search-sql.js) back to back; latency per query from process.hrtime.bigint()',
};

// ---------------------------------------------------------------------------------------------

/** What the catalogue of a bench database was generated from: reuse it only if all of this matches. */
function catalogueSpec() {
  const hash = createHash('sha256');
  for (const f of ['scripts/seed-catalogue.mjs', 'scripts/lib/catalogue-vocabulary.mjs']) hash.update(readFileSync(path.join(repoRoot, f)));
  return { seed: SEED, offerings, publishedShare: PUBLISHED_SHARE, published, generator: hash.digest('hex').slice(0, 12) };
}

const withDb = (url, name) => {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(name);
  return u.toString();
};

async function onMaintenance(adminUrl, fn) {
  const c = new pg.Client({ connectionString: withDb(adminUrl, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Reuses the bench database when it holds the catalogue `spec` describes; otherwise creates and seeds it. */
async function prepareDatabase(adminUrl, spec) {
  const { createEmptyDatabase } = requireDist('libs/database/src/test-database.js');
  const { runMigrations } = requireDist('libs/database/src/migration-runner.js');
  const dbUrl = withDb(adminUrl, DB_NAME);
  const existing = await onMaintenance(adminUrl, async (c) => {
    const { rows } = await c.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [DB_NAME]);
    return rows[0] ?? null;
  });
  let why = reseed ? '--reseed' : existing ? null : 'no such database';
  let stored = null;
  if (!why) {
    try {
      stored = JSON.parse(existing.comment ?? 'null');
    } catch {}
    const mismatch = stored ? Object.keys(spec).filter((k) => stored[k] !== spec[k]) : ['no seed record'];
    if (mismatch.length) why = `it was seeded differently (${mismatch.map((k) => `${k}: ${stored?.[k] ?? '—'} → ${spec[k]}`).join(', ')})`;
  }
  if (!why) {
    // Pending migrations (e.g. a new one since the last run) are applied; the data stays.
    const applied = await runMigrations(dbUrl);
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT count(*) FILTER (WHERE status = 'published')::int AS published, count(*)::int AS all FROM catalogue.offering`);
      if (rows[0].published !== spec.published || rows[0].all !== spec.offerings) {
        why = `it holds ${rows[0].published} published of ${rows[0].all} offerings, not ${spec.published} of ${spec.offerings}`;
      } else {
        console.log(
          `database ${DB_NAME}: REUSED — it already holds ${spec.published.toLocaleString('en-GB')} published offerings (seed "${spec.seed}", generator ${spec.generator})` +
            (applied.length ? `; applied ${applied.length} pending migration(s): ${applied.join(', ')}` : '') +
            ' (force a fresh one with --reseed or BENCH_S1_RESEED=1)',
        );
        return { dbUrl, reused: true, seedMs: null, seedSummary: stored.summary ?? null };
      }
    } finally {
      await c.end();
    }
  }
  console.log(`database ${DB_NAME}: SEEDING a fresh one (${why})`);
  await createEmptyDatabase(adminUrl, DB_NAME);
  const migrated = await runMigrations(dbUrl);
  console.log(`database ${DB_NAME}: created, ${migrated.length} migration(s) run; seeding ${offerings.toLocaleString('en-GB')} offerings (${published.toLocaleString('en-GB')} published)`);
  const t0 = Date.now();
  const summary = await seedCatalogue({ databaseUrl: dbUrl, offerings, publishedShare: PUBLISHED_SHARE, seed: SEED, log: (l) => String(l).split('\n').forEach((x) => x && console.log(`[seed] ${x}`)) });
  const seedMs = Date.now() - t0;
  const record = { ...spec, seededAt: new Date().toISOString(), seedMs, summary: { suppliers: summary.suppliers, suppliersPerBand: summary.suppliersPerBand, ms: summary.ms } };
  await onMaintenance(adminUrl, (c) => c.query(`COMMENT ON DATABASE ${c.escapeIdentifier(DB_NAME)} IS ${c.escapeLiteral(JSON.stringify(record))}`));
  return { dbUrl, reused: false, seedMs, seedSummary: record.summary };
}

async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

// ---------------------------------------------------------------------------------------------
// load

/** `total` split over `connections` clients as autocannon does with `amount`. */
const share = (total, connections, i) => Math.floor(total / connections) + (i < total % connections ? 1 : 0);

/** 16 loops over the parameter sets, `total` queries in all (an even share each), each query timed. */
async function bareRun(pool, statements, total, cursor) {
  const samples = [];
  let errors = 0;
  const errorMessages = new Set();
  const started = process.hrtime.bigint();
  const loop = async (quota) => {
    for (let j = 0; j < quota; j++) {
      const k = cursor.next++ % statements.length;
      const t0 = process.hrtime.bigint();
      try {
        await pool.query(statements[k].text, statements[k].values);
        samples.push([k, Number(process.hrtime.bigint() - t0) / 1e6]);
      } catch (err) {
        errors++;
        errorMessages.add(err.message);
      }
    }
  };
  await Promise.all(Array.from({ length: settings.connections }, (_, i) => loop(share(total, settings.connections, i))));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { samples, errors, errorMessages: [...errorMessages].slice(0, 5), seconds: elapsed };
}

/** autocannon, `total` requests over the rotating paths; per-request latencies (float ms) kept with the path's index. */
async function apiRun(baseUrl, paths, total, cursor, title) {
  const samples = [];
  const t0 = process.hrtime.bigint();
  const instance = autocannon({
    url: baseUrl,
    connections: settings.connections,
    pipelining: 1,
    amount: total,
    timeout: settings.requestTimeoutSeconds,
    title,
    skipAggregateResult: true,
    requests: [
      {
        method: 'GET',
        setupRequest: (req, context) => {
          const k = cursor.next++ % paths.length;
          context.k = k;
          return { ...req, path: paths[k] };
        },
      },
    ],
  });
  instance.on('response', (client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) samples.push([client.requestIterator.context.k, responseTime]);
  });
  const raw = await instance;
  return { raw, samples, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function sideFigures(samples, seconds) {
  return { ...percentiles(samples.map(([, ms]) => ms)), rps: round(samples.length / seconds, 1), seconds: round(seconds, 2) };
}

// ---------------------------------------------------------------------------------------------

async function explain(client, stmt) {
  await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${stmt.text}`, stmt.values); // warm the cache first
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${stmt.text}`, stmt.values);
  return rows.map((r) => r['QUERY PLAN']);
}

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`S1 catalogue search: API vs the same SQL bare with pg (${smoke ? 'SMOKE' : 'full'} size: ${published.toLocaleString('en-GB')} published offerings)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) {
    console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy`);
  }
  const { searchSql } = requireDist('libs/catalogue/src/infrastructure/search-sql.js');

  // 1. database (reused or seeded) and redis
  const adminUrl = databaseUrl();
  const spec = catalogueSpec();
  const db = await prepareDatabase(adminUrl, spec);
  console.log(`database ${DB_NAME} is kept after the run for reuse (drop it with: psql -c 'DROP DATABASE ${DB_NAME}')`);
  const rUrl = redisUrl();
  await deleteRedisKeys(rUrl, REDIS_PREFIX);
  onCleanup(`delete redis keys ${REDIS_PREFIX}*`, async () => {
    const n = await deleteRedisKeys(rUrl, REDIS_PREFIX);
    console.log(`redis: deleted ${n} key(s) under ${REDIS_PREFIX}`);
  });

  const pool = new pg.Pool({ connectionString: db.dbUrl, max: POOL_SIZE, application_name: 'bench-s1-bare' });
  onCleanup('close the bare pool', () => pool.end());
  const admin = new pg.Client({ connectionString: db.dbUrl, application_name: 'bench-s1-admin' });
  await admin.connect();
  onCleanup('close the admin connection', () => admin.end());

  // 2. parameter sets: lots and categories of this database
  const { rows: lots } = await admin.query(`SELECT id, slug FROM catalogue.lot WHERE kind = 'offerings' ORDER BY sort_order, slug`);
  const { rows: cats } = await admin.query(`SELECT id, lot_id FROM catalogue.category WHERE lot_id = ANY($1::uuid[]) ORDER BY slug`, [lots.map((l) => l.id)]);
  for (const l of lots) l.categories = cats.filter((c) => c.lot_id === l.id);
  const { sets, queries } = buildParamSets({ seed: SEED, count: PARAM_SETS, lots });
  const statements = sets.map((s) => searchSql(s.params));
  const paths = sets.map((s) => s.path);
  const { rows: [sizes] } = await admin.query(
    `SELECT (SELECT count(*) FROM catalogue.offering WHERE status = 'published')::int AS published,
            (SELECT count(*) FROM catalogue.offering)::int AS offerings,
            (SELECT count(*) FROM suppliers.supplier_profile)::int AS suppliers,
            pg_total_relation_size('catalogue.offering') AS offering_bytes`,
  );
  console.log(
    `catalogue: ${sizes.published.toLocaleString('en-GB')} published of ${sizes.offerings.toLocaleString('en-GB')} offerings, ` +
      `${sizes.suppliers.toLocaleString('en-GB')} suppliers; catalogue.offering ${Math.round(sizes.offering_bytes / 2 ** 20)} MB with indexes`,
  );

  // How many published offerings each term matches (no filters): what "frequent" and "rare" mean here.
  const termCounts = [];
  for (const q of queries) {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM catalogue.offering WHERE status = 'published' AND search_vector @@ websearch_to_tsquery('english', $1)`,
      [q.q],
    );
    termCounts.push({ ...q, matches: rows[0].n, share: round(rows[0].n / sizes.published, 4) });
  }
  const range = (cls) => {
    const m = termCounts.filter((t) => t.class === cls).map((t) => t.matches);
    return `${Math.min(...m).toLocaleString('en-GB')}–${Math.max(...m).toLocaleString('en-GB')}`;
  };
  console.log(`terms: ${termCounts.filter((t) => t.class === 'frequent').length} frequent (${range('frequent')} matches), ${termCounts.filter((t) => t.class === 'rare').length} rare (${range('rare')} matches)`);
  console.log('  ' + termCounts.map((t) => `${t.q} ${t.matches}`).join(' · '));

  // 3. the API
  const apiPort = await freePort();
  const api = await startApi({ port: apiPort, dbUrl: db.dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: POOL_SIZE });
  const base = `http://127.0.0.1:${apiPort}`;

  // 4. both sides agree: total and the ids of the page, for one set of each class × filter pair
  const probes = [];
  for (const cls of ['frequent', 'rare']) for (const combo of FILTER_COMBOS) probes.push(sets.find((s) => s.class === cls && s.combo === combo));
  probes.push(sets.find((s) => s.form === 'phrase'), sets.find((s) => s.form === 'or'), sets.find((s) => s.form === 'not'));
  let facetKeys = null;
  for (const s of probes.filter(Boolean)) {
    const a = await getJson(base + s.path);
    if (a.status === 404) throw new Error(`the API answered 404 for ${s.path}: GET /api/v1/offerings does not exist in this build yet`);
    if (a.status !== 200) throw new Error(`the API answered ${a.status} for ${s.path}: ${JSON.stringify(a.body).slice(0, 400)}`);
    const { rows: [b] } = await admin.query(statements[s.i].text, statements[s.i].values);
    const apiIds = (a.body.items ?? []).map((x) => x.id);
    const bareIds = b.items.map((x) => x.id);
    if (a.body.total !== b.total || JSON.stringify(apiIds) !== JSON.stringify(bareIds)) {
      throw new Error(
        `the two sides answer differently for ${s.path}:\n  api:  total ${a.body.total}, ids ${apiIds.join(',')}\n  bare: total ${b.total}, ids ${bareIds.join(',')}`,
      );
    }
    facetKeys ??= a.body.facets ? Object.keys(a.body.facets) : null;
  }
  console.log(`check: the API and the bare SQL return the same total and page ids for ${probes.filter(Boolean).length} parameter sets (facets: ${facetKeys?.join(', ') ?? 'none'})`);

  console.log(`\napi:  ${SIDES.api}`);
  console.log(`bare: ${SIDES.bare}`);
  console.log(
    `\nload: ${settings.connections} concurrent clients per side, ${PARAM_SETS} rotating parameter sets (frequent and rare terms alternating, ` +
      `two filters each), warm-up ${settings.warmupRequests} requests per side, then ${settings.order.join(' → ')} × ${settings.segmentRequests} requests`,
  );

  // 5. warm-up, then segments in turn
  const cursors = { api: { next: 0 }, bare: { next: 0 } };
  const warm = {};
  {
    const b = await bareRun(pool, statements, settings.warmupRequests, cursors.bare);
    warm.bare = { ...sideFigures(b.samples, b.seconds), errors: b.errors };
    await settle(admin, DB_NAME);
    const a = await apiRun(base, paths, settings.warmupRequests, cursors.api, 'warm-up');
    warm.api = { ...sideFigures(a.samples, a.seconds), ...pick(summarise([a.raw], base, settings.connections), ['non2xx', 'errors', 'timeouts', 'statusCodes']) };
    await settle(admin, DB_NAME);
    console.log(`  warm-up  bare p50 ${warm.bare.p50} ms (${warm.bare.n} queries, ${warm.bare.seconds} s) · api p50 ${warm.api.p50} ms (${warm.api.n} requests, ${warm.api.seconds} s)`);
  }
  const all = { api: [], bare: [] };
  const seconds = { api: 0, bare: 0 };
  const raws = [];
  const bareErrors = [];
  let bareErrorCount = 0;
  const cpu = { api: 0 };
  const segments = [];
  // Each side runs the same requests in all: with B-A-B the two bare segments take half as many each.
  const count = (side) => settings.order.filter((x) => x === side).length;
  const perSegment = { api: settings.segmentRequests, bare: Math.round((settings.segmentRequests * count('api')) / count('bare')) };
  for (const side of settings.order) {
    let run;
    let cpuMs = null;
    if (side === 'bare') {
      run = await bareRun(pool, statements, perSegment.bare, cursors.bare);
      bareErrorCount += run.errors;
      bareErrors.push(...run.errorMessages);
    } else {
      const cpu0 = processCpuMs(api.pid);
      run = await apiRun(base, paths, perSegment.api, cursors.api, side);
      cpuMs = cpu0 === null ? null : processCpuMs(api.pid) - cpu0;
      if (cpu.api !== null) cpu.api = cpuMs === null ? null : cpu.api + cpuMs;
      raws.push(run.raw);
    }
    const settleMs = await settle(admin, DB_NAME);
    all[side].push(...run.samples);
    seconds[side] += run.seconds;
    const f = sideFigures(run.samples, run.seconds);
    const cls = byClass(run.samples, sets);
    const apiCpuUsPerRequest = cpuMs === null ? undefined : round((cpuMs * 1000) / Math.max(1, f.n), 0);
    segments.push({ side, ...f, frequentP95: cls.frequent.p95, rareP95: cls.rare.p95, settleMs, apiCpuUsPerRequest });
    console.log(
      `  ${side.padEnd(4)} ${String(f.rps).padStart(7)} req/s  p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms  max ${f.max} ms  ` +
        `(frequent p95 ${cls.frequent.p95}, rare p95 ${cls.rare.p95}; ${f.n} requests in ${f.seconds} s` +
        `${apiCpuUsPerRequest === undefined ? '' : `; API process CPU ${apiCpuUsPerRequest} µs/request`}${settleMs > 200 ? `; ${round(settleMs / 1000, 1)} s for in-flight queries to finish` : ''})`,
    );
  }

  const apiFig = { ...sideFigures(all.api, seconds.api), byClass: byClass(all.api, sets) };
  const bareFig = { ...sideFigures(all.bare, seconds.bare), byClass: byClass(all.bare, sets), errors: bareErrorCount };
  const ac = summarise(raws, base, settings.connections);
  apiFig.autocannon = pick(ac, ['rps', 'p50', 'p90', 'p99', 'max', 'non2xx', 'errors', 'timeouts', 'requests', 'statusCodes']);
  apiFig.apiCpuUsPerRequest = cpu.api === null ? null : round((cpu.api * 1000) / Math.max(1, apiFig.n), 0);
  apiFig.apiCpuCores = cpu.api === null ? null : round(cpu.api / 1000 / seconds.api, 2);
  const p50Ratio = round(apiFig.p50 / bareFig.p50, 3);
  // With frequent and rare terms half and half, the overall p50 falls on the boundary between the
  // two classes and swings with a handful of requests: the ratio within each class is steadier.
  const p50RatioByClass = {
    frequent: round(apiFig.byClass.frequent.p50 / bareFig.byClass.frequent.p50, 3),
    rare: round(apiFig.byClass.rare.p50 / bareFig.byClass.rare.p50, 3),
  };

  // 6. validity
  const problems = [];
  if (ac.non2xx) problems.push(`api: ${ac.non2xx} non-2xx responses ${JSON.stringify(ac.statusCodes)}`);
  if (ac.errors || ac.timeouts) problems.push(`api: ${ac.errors} errors, ${ac.timeouts} timeouts`);
  if (warm.api.non2xx) problems.push(`api warm-up: ${warm.api.non2xx} non-2xx responses ${JSON.stringify(warm.api.statusCodes)}`);
  if (bareErrorCount || warm.bare.errors) problems.push(`bare: ${bareErrorCount + warm.bare.errors} query errors: ${bareErrors.join('; ')}`);
  if (!apiFig.n || !bareFig.n) problems.push('a side completed no request');
  const work = (samples) => samples.map(([k]) => k).sort((x, y) => x - y).join(',');
  if (work(all.api) !== work(all.bare)) problems.push(`the two sides did not complete the same requests (api ${apiFig.n}, bare ${bareFig.n})`);
  if (api.exited()) problems.push(`the API exited during the run (${JSON.stringify(api.exited())})`);
  const valid = problems.length === 0;
  const p95Met = apiFig.p95 !== null && apiFig.p95 <= P95_GOAL_MS;
  const ratioMet = p50Ratio !== null && p50Ratio <= P50_RATIO_GOAL;
  const met = valid && p95Met && ratioMet;

  // 7. EXPLAIN (ANALYZE, BUFFERS) of the bare SQL, one frequent and one rare term (same filters: lotId + smeOnly)
  const software = lots.find((l) => l.slug === 'cloud-software') ?? lots[0];
  const explainSets = {
    frequent: { q: 'cloud', lotId: software.id, smeOnly: true, limit: 20, offset: 0 },
    rare: { q: queries.find((q) => q.class === 'rare' && q.form === 'word').q, lotId: software.id, smeOnly: true, limit: 20, offset: 0 },
  };
  const explains = {};
  for (const [cls, params] of Object.entries(explainSets)) {
    const plan = await explain(admin, searchSql(params));
    explains[cls] = { params, plan };
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) — ${cls} term ${JSON.stringify(params.q)}, lotId (${software.slug}) + smeOnly:\n  ${plan.join('\n  ')}`);
  }

  const after = machine();
  console.log(
    '\n' +
      table([
        ['', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'frequent p50', 'frequent p95', 'rare p50', 'rare p95', 'requests'],
        ...[['api', apiFig], ['bare', bareFig]].map(([side, f]) => [
          side, f.rps, f.p50, f.p95, f.p99, f.max, f.byClass.frequent.p50, f.byClass.frequent.p95, f.byClass.rare.p50, f.byClass.rare.p95, f.n,
        ]),
      ]),
  );
  console.log(`\nS1 p95 through the API: ${apiFig.p95} ms (goal ≤ ${P95_GOAL_MS} ms) → ${p95Met ? 'met' : 'NOT met'}`);
  console.log(`S1 p50Ratio api/bare: ${p50Ratio} (goal ≤ ${P50_RATIO_GOAL}) → ${ratioMet ? 'met' : 'NOT met'}  (within each class: frequent ${p50RatioByClass.frequent}, rare ${p50RatioByClass.rare})`);
  console.log(`bare p95 by term class: frequent ${bareFig.byClass.frequent.p95} ms (${bareFig.byClass.frequent.n} queries), rare ${bareFig.byClass.rare.p95} ms (${bareFig.byClass.rare.n} queries)`);
  console.log(`api p95 by term class: frequent ${apiFig.byClass.frequent.p95} ms, rare ${apiFig.byClass.rare.p95} ms; API process CPU ${apiFig.apiCpuUsPerRequest ?? 'n/a'} µs per request`);
  console.log(`overall: ${!valid ? 'INVALID RUN' : met ? 'met' : 'NOT met'}`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);

  const file = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    settings,
    sides: SIDES,
    sizes: { published: sizes.published, offerings: sizes.offerings, suppliers: sizes.suppliers, offeringTableBytes: Number(sizes.offering_bytes) },
    database: { name: DB_NAME, reused: db.reused, seedMs: db.seedMs, catalogue: spec, seedSummary: db.seedSummary },
    api: apiFig,
    bare: bareFig,
    p50Ratio,
    p50RatioByClass,
    p50RatioGoal: P50_RATIO_GOAL,
    p95GoalMs: P95_GOAL_MS,
    p95Met,
    ratioMet,
    met,
    valid,
    problems,
    segments,
    warmup: warm,
    terms: termCounts,
    explain: explains,
    ...runInfo({ api, before, after, started }),
  });
  console.log(`wrote ${file}`);
  return valid;
}

function pick(o, keys) {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

await runBench(main);
