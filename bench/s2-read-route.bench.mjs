// S2 (docs/quality.md): an authenticated, validated read route through the full Nest stack
// must keep ≥ 70% of the throughput of a bare `node:http` + `pg` handler running the same SQL,
// measured in the same run.
//
//   npm run bench -- s2-read-route            # full: 10 connections, ABBA 4 × 15 s
//   npm run bench -- s2-read-route --smoke    # CI size: B-N-B 3 × 3 s
//
// Route: GET /api/v1/organisations/:organisationId/users?limit=20&offset=10, as the admin of a
// verified supplier organisation with 50 users (other organisations present too).
//
// Env (optional): BENCH_CONNECTIONS, BENCH_SECONDS (per segment), BENCH_WARMUP_SECONDS,
//   BENCH_S2_DB (database name, must contain "test"), BENCH_DATABASE_URL / DATABASE_URL (server
//   to create it on), BENCH_REDIS_URL / REDIS_URL,
//   BENCH_API_MAIN (another compiled main.js, e.g. a patched copy for a profiling experiment),
//   BENCH_API_NODE_ARGS (node flags for the API process only, e.g. "--prof").
import { randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import Redis from 'ioredis';
import pg from 'pg';
import {
  API_MAIN,
  databaseUrl,
  freePort,
  load,
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
  startNode,
  summarise,
  table,
  writeResult,
} from './lib/harness.mjs';

const NAME = 's2-read-route';
const GOAL = 0.7;
const DB_NAME = process.env.BENCH_S2_DB || 'opm_bench_test_s2';
const REDIS_PREFIX = '{opm-bench}';
const POOL_SIZE = 10;
const MEMBERS = 50;
const PAGE = { limit: 20, offset: 10 };

const settings = {
  connections: num(process.env.BENCH_CONNECTIONS, 10),
  pipelining: 1,
  warmupSeconds: num(process.env.BENCH_WARMUP_SECONDS, smoke ? 2 : 5),
  segmentSeconds: num(process.env.BENCH_SECONDS, smoke ? 3 : 15),
  // Baseline and Nest take turns so that drift on a shared machine hits both alike.
  order: smoke ? ['baseline', 'nest', 'baseline'] : ['baseline', 'nest', 'nest', 'baseline'],
  databasePoolSize: POOL_SIZE,
  route: `GET /api/v1/organisations/:organisationId/users?limit=${PAGE.limit}&offset=${PAGE.offset}`,
  organisationMembers: MEMBERS,
};

const SIDES = {
  nest:
    'the compiled API (node dist/apps/api/apps/api/src/main.js, NODE_ENV=production, LOG_LEVEL=warn): ' +
    "Fastify + helmet's headers + the request's log line (hooks), ApiKeyGuard, ApiAccessGuard = ThrottlerGuard (Redis storage, one " +
    'round trip) alongside JwtAuthGuard (passport-jwt HS256 verify, remembered per token until it expires, + session lookup query), ' +
    'RolesGuard, ParseUUIDPipe, ValidationPipe(PageQueryDto, validated once per distinct query string), ' +
    'OrganisationsService.members via TypeORM DataSource.query (page + count concurrently), JSON',
  baseline:
    'node:http + pg.Pool in its own process (same pool size): token payload decoded without a signature check, ' +
    'the same session lookup SQL, role/UUID/limit/offset/ownership checks as plain ifs, the same page + count SQL ' +
    'concurrently, JSON.stringify of the same shape; no rate limit, logging, security headers or ETag',
};

async function seed(url, passwordHash) {
  const ids = {
    supplier: randomUUID(),
    buyer: randomUUID(),
    pending: randomUUID(),
    platform: randomUUID(),
    admin: randomUUID(),
  };
  const email = 'admin@bench-supplier.example';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at, created_at) VALUES
         ($1, 'supplier', 'Bench Supplier Ltd', 'verified', now(), now() - interval '30 days'),
         ($2, 'buyer', 'Bench Borough Council', 'verified', now(), now() - interval '29 days'),
         ($3, 'supplier', 'Pending Widgets Ltd', 'pending', NULL, now() - interval '1 day'),
         ($4, 'platform', 'Marketplace Operator', 'verified', now(), now() - interval '60 days')`,
      [ids.supplier, ids.buyer, ids.pending, ids.platform],
    );
    // The admin first, then 49 colleagues with distinct creation times (the page is ordered by them).
    await client.query(
      `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, created_at)
       VALUES ($1, $2, $3, 'Bench Admin', $4, ARRAY['supplier_admin']::varchar[], now() - interval '20 days')`,
      [ids.admin, ids.supplier, email, passwordHash],
    );
    const others = [
      [ids.supplier, 'bench-supplier.example', 'supplier_user', MEMBERS - 1],
      [ids.buyer, 'bench-borough.gov.uk', 'buyer_user', 25],
      [ids.pending, 'pending-widgets.example', 'supplier_admin', 3],
      [ids.platform, 'operator.example', 'platform_admin', 2],
    ];
    for (const [org, domain, role, n] of others) {
      await client.query(
        `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, created_at, last_sign_in_at)
         SELECT gen_random_uuid(), $1, 'user' || i || '@' || $2, 'Bench User ' || i, $3, ARRAY[$4]::varchar[],
                now() - interval '19 days' + make_interval(mins => i), CASE WHEN i % 3 = 0 THEN now() - make_interval(hours => i) END
           FROM generate_series(1, $5::int) i`,
        [org, domain, passwordHash, role, n],
      );
    }
    // Old sessions of other users, so the session lookup is not on a one-row table.
    await client.query(
      `INSERT INTO identity.auth_session (id, user_id, channel, created_at, expires_at, revoked_at, revoked_reason)
       SELECT gen_random_uuid(), u.id, 'api', now() - interval '3 days', now() - interval '1 day' + make_interval(hours => g),
              CASE WHEN g % 2 = 0 THEN now() - interval '2 days' END, CASE WHEN g % 2 = 0 THEN 'sign_out' END
         FROM identity.user_account u CROSS JOIN generate_series(1, 4) g`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return { ...ids, email };
}

async function deleteRedisKeys(url, prefix) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let n = 0;
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream) {
      if (keys.length) n += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return n;
}

async function getJson(url, headers) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`S2 read route vs bare node:http + pg (${smoke ? 'SMOKE' : 'full'} size)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) {
    console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy; the ratio less so`);
  }

  const { createEmptyDatabase, dropDatabase } = requireDist('libs/database/src/test-database.js');
  const { runMigrations } = requireDist('libs/database/src/migration-runner.js');
  const { USER_COLUMNS } = requireDist('libs/identity/src/application/views.js');

  // 1. database and redis
  const adminUrl = databaseUrl();
  const dbUrl = await createEmptyDatabase(adminUrl, DB_NAME);
  onCleanup(`drop database ${DB_NAME}`, () => dropDatabase(adminUrl, DB_NAME));
  const migrated = await runMigrations(dbUrl);
  console.log(`database ${DB_NAME}: created, ${migrated.length} migration(s) run`);
  const rUrl = redisUrl();
  await deleteRedisKeys(rUrl, REDIS_PREFIX);
  onCleanup(`delete redis keys ${REDIS_PREFIX}*`, async () => {
    const n = await deleteRedisKeys(rUrl, REDIS_PREFIX);
    console.log(`redis: deleted ${n} key(s) under ${REDIS_PREFIX}`);
  });

  // 2. seed: one verified supplier with 50 users, three other organisations, old sessions
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const ids = await seed(dbUrl, hash);
  console.log(`seeded: supplier ${ids.supplier} with ${MEMBERS} users (admin ${ids.email}), 3 other organisations`);

  // 3. the two servers, each in its own process
  const [apiPort, basePort] = [await freePort(), await freePort()];
  const apiMain = API_MAIN;
  const api = await startApi({ port: apiPort, dbUrl: dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: POOL_SIZE, script: apiMain, env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } });
  const base = await startNode({
    name: 'baseline',
    script: new URL('./lib/s2-baseline-server.mjs', import.meta.url).pathname,
    nodeArgs: (process.env.BENCH_BASELINE_NODE_ARGS || '').split(/\s+/).filter(Boolean),
    readyUrl: `http://127.0.0.1:${basePort}/health`,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(basePort), DATABASE_URL: dbUrl, DATABASE_POOL_SIZE: String(POOL_SIZE), USER_COLUMNS },
  });
  console.log(`baseline: ready on :${basePort}`);

  // 4. sign in through the real API
  const signIn = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ids.email, password }),
  });
  const tokens = await signIn.json().catch(() => null);
  if (signIn.status !== 200 || !tokens?.accessToken) throw new Error(`sign-in failed: ${signIn.status} ${JSON.stringify(tokens)}`);
  const headers = { authorization: `Bearer ${tokens.accessToken}` };

  // 5. both answer the same thing
  const path = `/api/v1/organisations/${ids.supplier}/users?limit=${PAGE.limit}&offset=${PAGE.offset}`;
  const urls = { nest: `http://127.0.0.1:${apiPort}${path}`, baseline: `http://127.0.0.1:${basePort}${path}` };
  const [n1, b1] = [await getJson(urls.nest, headers), await getJson(urls.baseline, headers)];
  if (n1.status !== 200) throw new Error(`nest answered ${n1.status}: ${JSON.stringify(n1.body)}`);
  if (b1.status !== 200) throw new Error(`baseline answered ${b1.status}: ${JSON.stringify(b1.body)}`);
  if (JSON.stringify(n1.body) !== JSON.stringify(b1.body)) {
    throw new Error(`the two sides answer differently:\n  nest:     ${JSON.stringify(n1.body).slice(0, 400)}\n  baseline: ${JSON.stringify(b1.body).slice(0, 400)}`);
  }
  if (n1.body.items?.length !== PAGE.limit || n1.body.total !== MEMBERS) {
    throw new Error(`unexpected page: ${n1.body.items?.length} items, total ${n1.body.total}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(n1.body));
  console.log(`check: both sides return the same ${bytes}-byte page (${PAGE.limit} of ${MEMBERS} users)`);
  // A request without the token must be refused by both, so neither side is skipping auth.
  const [n401, b401] = [await getJson(urls.nest, {}), await getJson(urls.baseline, {})];
  if (n401.status !== 401 || b401.status !== 401) throw new Error(`without a token: nest ${n401.status}, baseline ${b401.status} (want 401)`);

  console.log(`\nnest:     ${SIDES.nest}`);
  console.log(`baseline: ${SIDES.baseline}`);
  console.log(
    `\nload: autocannon, ${settings.connections} connections, pipelining 1, warm-up ${settings.warmupSeconds} s each, ` +
      `then ${settings.order.join(' → ')} × ${settings.segmentSeconds} s`,
  );

  // 6. warm up (JIT, pools, caches), then measure in turns
  const warm = {};
  for (const side of ['baseline', 'nest']) {
    warm[side] = (await load({ url: urls[side], headers, connections: settings.connections, seconds: settings.warmupSeconds })).summary;
  }
  const raws = { nest: [], baseline: [] };
  const cpu = { nest: 0, baseline: 0 };
  const pids = { nest: api.pid, baseline: base.pid };
  const segments = [];
  for (const side of settings.order) {
    const cpu0 = processCpuMs(pids[side]);
    const { raw, summary } = await load({ url: urls[side], headers, connections: settings.connections, seconds: settings.segmentSeconds, title: side });
    const cpuMs = cpu0 === null ? null : processCpuMs(pids[side]) - cpu0;
    if (cpu[side] !== null) cpu[side] = cpuMs === null ? null : cpu[side] + cpuMs;
    raws[side].push(raw);
    const serverCpuUsPerRequest = cpuMs === null ? null : round((cpuMs * 1000) / summary.requests, 0);
    segments.push({ side, rps: summary.rps, p50: summary.p50, p99: summary.p99, non2xx: summary.non2xx, errors: summary.errors, serverCpuUsPerRequest });
    console.log(
      `  ${side.padEnd(8)} ${String(summary.rps).padStart(8)} req/s  p50 ${summary.p50} ms  p99 ${summary.p99} ms  non-2xx ${summary.non2xx}` +
        (cpuMs === null ? '' : `  server CPU ${serverCpuUsPerRequest} µs/req (${round(cpuMs / 10 / summary.seconds, 0)}% of a core)`),
    );
  }
  const withCpu = (side, s) => ({
    ...s,
    serverCpuUsPerRequest: cpu[side] === null ? null : round((cpu[side] * 1000) / s.requests, 0),
    serverCpuCores: cpu[side] === null ? null : round(cpu[side] / 1000 / s.seconds, 2),
  });
  const nest = withCpu('nest', summarise(raws.nest, urls.nest, settings.connections));
  const baseline = withCpu('baseline', summarise(raws.baseline, urls.baseline, settings.connections));
  const ratio = round(nest.rps / baseline.rps, 3);

  // 7. validity: every response 200, no socket errors, the API still up
  const problems = [];
  for (const [side, s] of [
    ['nest', nest],
    ['baseline', baseline],
    ['nest warm-up', warm.nest],
    ['baseline warm-up', warm.baseline],
  ]) {
    if (s.non2xx) problems.push(`${side}: ${s.non2xx} non-2xx responses ${JSON.stringify(s.statusCodes)}`);
    if (s.errors || s.timeouts) problems.push(`${side}: ${s.errors} errors, ${s.timeouts} timeouts`);
  }
  if (api.exited()) problems.push(`the API exited during the run (${JSON.stringify(api.exited())})`);
  if (base.exited()) problems.push(`the baseline exited during the run (${JSON.stringify(base.exited())})`);
  const valid = problems.length === 0;
  const met = valid && ratio >= GOAL;

  const after = machine();
  console.log('\n' + table([
    ['', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'server CPU µs/req'],
    ['nest', nest.rps, nest.p50, nest.p99, nest.requests, nest.non2xx, nest.serverCpuUsPerRequest ?? 'n/a'],
    ['baseline', baseline.rps, baseline.p50, baseline.p99, baseline.requests, baseline.non2xx, baseline.serverCpuUsPerRequest ?? 'n/a'],
  ]));
  const cpuRatio = nest.serverCpuUsPerRequest && baseline.serverCpuUsPerRequest ? round(baseline.serverCpuUsPerRequest / nest.serverCpuUsPerRequest, 3) : null;
  console.log(`\nS2 ratio nest/baseline throughput: ${ratio} (goal ≥ ${GOAL}) → ${!valid ? 'INVALID RUN' : met ? 'met' : 'NOT met'}`);
  if (cpuRatio !== null) console.log(`(server CPU per request, baseline/nest: ${cpuRatio} — the Nest process spends ${round(1 / cpuRatio, 1)}× the baseline's CPU on each request)`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);

  const strip = ({ statusCodes, ...s }) => ({ ...s, statusCodes });
  const file = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    settings,
    sides: SIDES,
    nest: strip(nest),
    baseline: strip(baseline),
    ratio,
    cpuRatio,
    goal: GOAL,
    met,
    valid,
    problems,
    segments,
    warmup: { nest: warm.nest, baseline: warm.baseline },
    ...runInfo({ api, before, after, started }),
  });
  console.log(`wrote ${file}`);
  return valid;
}

await runBench(main);
