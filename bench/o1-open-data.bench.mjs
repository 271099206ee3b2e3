// O1 (open data): OCDS publication of the platform's own contracts — no quality.md bar, so every
// figure is reported against a baseline measured in the same run, never as pass / fail.
//
//   npm run bench -- o1-open-data            # full: 20,000 awarded contracts (~35,000 releases)
//   npm run bench -- o1-open-data --smoke    # CI size: 500 contracts
//
// Data (a database of its own, dropped at the end): buyers, suppliers of every band (some without a
// declaration: unknown), Companies House numbers on most; N awarded contracts written with SQL as
// tendering writes them (the shape of libs/open-data/src/round-trip.int-spec.ts): 75% awards of a
// tendered requirement (published, closed, awarded; 1–6 submitted bids; 15% consortia of 2–3
// suppliers), 25% direct awards from a supplier's offering; dates over five years.
//
// 1. Publication: one `open-data.publish-release` outbox row per event (tender + award, payload as
//    tendering writes it), committed in one transaction while the compiled worker runs → the relay
//    → BullMQ → PublicationsService.publish → open_data.release. Timed from the commit until every
//    release is stored (polled). Baseline: the same releases (their stored JSON) INSERTed bare into a
//    copy of open_data.release (same indexes) in batches of 500 on one connection.
// 2. Release-package API: autocannon on GET /api/v1/ocds/releases?limit=100 over a rotation of
//    `from`, `from`+`to` and cursor pages, and GET /api/v1/ocds/records/<ocid> over a rotation of
//    ocids; baseline: a bare node:http + pg server (this file run with O1_BASELINE_SERVER=1) running
//    the same SQL and answering byte-identical JSON (checked). ABBA segments.
// 3. Bulk file: `node dist/apps/api/apps/api/src/cli.js ocds-bulk` over every release, its RSS
//    sampled, then again with the worker's heap flags (the daily job runs in the worker); baseline: `psql` streaming `SELECT release::text ... ORDER BY date, seq` (FETCH_COUNT
//    1000) through node's gzip (level 6, as the service) to nowhere.
//
// Env (optional): BENCH_O1_CONTRACTS, BENCH_O1_SECONDS (API seconds per side, releases route),
//   BENCH_O1_CONNECTIONS, BENCH_O1_DB (must contain "test"), BENCH_DATABASE_URL / DATABASE_URL,
//   BENCH_REDIS_URL / REDIS_URL, BENCH_API_MAIN, BENCH_API_NODE_ARGS, BENCH_API_LOG_LEVEL,
//   BENCH_WORKER_NODE_ARGS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip, gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import pg from 'pg';
import { serveBare } from './lib/bare-server.mjs';
import {
  distApi,
  freePort,
  machine,
  num,
  onCleanup,
  percentiles,
  processCpuMs,
  processRssKb,
  requireDist,
  round,
  runBench,
  runInfo,
  sleep,
  smoke,
  startApi,
  startNode,
  startWorker,
  summarise,
  table,
  writeResult,
} from './lib/harness.mjs';
import { benchDatabase, benchPassword, ledgerVocabulary, seedPeople } from './lib/reporting-data.mjs';
import { WORKER_NODE_ARGS } from '../scripts/proc.mjs';
import { settle } from './lib/s1-queries.mjs';
import { backendSampler } from './lib/s6-burst.mjs';

const NAME = 'o1-open-data';
const SELF = fileURLToPath(import.meta.url);
const REDIS_PREFIX = '{opm-bench}';
const POOL_SIZE = 10;
const CONTRACTS = num(process.env.BENCH_O1_CONTRACTS, smoke ? 500 : 20_000);
const BUYERS = Math.max(5, Math.min(300, Math.round(CONTRACTS / 300)));
const SUPPLIERS = Math.max(60, Math.min(3000, Math.round(CONTRACTS / 7)));
const CONNECTIONS = num(process.env.BENCH_O1_CONNECTIONS, 12);
const API_SECONDS = num(process.env.BENCH_O1_SECONDS, smoke ? 4 : 10); // per side, releases route
const RECORD_SECONDS = smoke ? 2 : Math.max(2, Math.round(API_SECONDS * 0.6)); // per side, records route
const WARMUP_SECONDS = smoke ? 2 : 5;
const INSERT_BATCH = 500;
const DB_NAME = process.env.BENCH_O1_DB || (smoke ? 'opm_bench_test_o1_smoke' : 'opm_bench_test_o1');
const CLI = path.join(distApi, 'apps', 'api', 'src', 'cli.js');
const STRIDE = 7919; // prime: k-th supplier of a contract = base + k·STRIDE (mod suppliers), distinct for k < suppliers
// As in libs/open-data/src/application/publications.service.ts (record): the baseline server runs it and
// the bench EXPLAINs it (pages use the library's own releasePageSql). Keep in step (the byte-identical check fails otherwise).
const RECORD_SQL_COPY = `SELECT r.seq::text AS seq, r.date, r.release FROM open_data.release r WHERE r.ocid = $1 ORDER BY r.date, r.seq`;
const PLACES = ['Leeds', 'Bristol', 'Camden', 'Kent', 'Norfolk', 'Cardiff', 'Glasgow', 'Belfast', 'York', 'Derby', 'Salford', 'Exeter', 'Hull', 'Reading', 'Oxford'];

// ---------------------------------------------------------------------------------------------
// the baseline server (this file, run as a child with O1_BASELINE_SERVER=1)

/**
 * node:http + pg.Pool answering GET /api/v1/ocds/releases and /api/v1/ocds/records/:ocid with the
 * SQL of PublicationsService.page / record (copied; the bench checks the bodies are byte-identical)
 * and the package builders of the compiled library (releasePackage, recordPackage, mergeReleases).
 * Query checks as plain ifs; no ETag, no rate limit, no logging, no security headers.
 */
async function baselineServer() {
  const { releasePackage, recordPackage } = requireDist('libs/open-data/src/publish/ocds-release.js');
  const { mergeReleases } = requireDist('libs/open-data/src/import/ocds-merge.js');
  const { releasePageSql, releasePageOf } = requireDist('libs/open-data/src/application/publications.service.js');
  const port = Number(process.env.PORT);
  const publisher = JSON.parse(process.env.O1_PUBLISHER);
  const apiUrl = process.env.O1_PUBLIC_API_URL;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE || 10), application_name: `bench-o1-baseline-${process.pid}` });
  // As in libs/open-data/src/application/publications.service.ts (record). Keep in step.
  const RECORD_SQL = RECORD_SQL_COPY;
  const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const url = (p) => `${apiUrl}/api/v1/ocds/${p}`;
  const send = (res, status, text) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const bad = (res) => send(res, 400, '{"code":"OPEN_DATA.INVALID_QUERY"}');

  async function handle(req, res) {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/health') return send(res, 200, '{"status":"ok"}');
    if (req.method !== 'GET') return send(res, 404, '{}');
    if (u.pathname === '/api/v1/ocds/releases') {
      const q = u.searchParams;
      for (const k of q.keys()) if (!['from', 'to', 'limit', 'cursor'].includes(k)) return bad(res);
      const fromS = q.get('from');
      const toS = q.get('to');
      const limitS = q.get('limit');
      const cursor = q.get('cursor');
      if ((fromS && !ISO.test(fromS)) || (toS && !ISO.test(toS))) return bad(res);
      const from = fromS ? new Date(fromS) : undefined;
      const to = toS ? new Date(toS) : undefined;
      if (from && to && to <= from) return bad(res);
      const limitN = limitS === null ? null : Number(limitS);
      if (limitN !== null && (!Number.isInteger(limitN) || limitN < 1 || limitN > 1000)) return bad(res);
      if (cursor !== null && cursor.length > 200) return bad(res);
      let query;
      try {
        query = releasePageSql({ from, to, cursor: cursor ?? undefined, limit: limitN ?? undefined });
      } catch {
        return bad(res);
      }
      const { rows } = await pool.query(query.sql, query.params);
      const page = releasePageOf(rows, query.limit, query.by);
      const params = new URLSearchParams();
      if (fromS) params.set('from', fromS);
      if (toS) params.set('to', toS);
      if (limitN) params.set('limit', String(limitN));
      const self = url(`releases${params.size ? `?${params}` : ''}${cursor ? `${params.size ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : ''}`);
      const pkg = releasePackage(self, publisher, page.releases, page.newest ?? from ?? new Date(0));
      if (page.next) {
        params.set('cursor', page.next);
        pkg.links = { next: url(`releases?${params}`) };
      }
      return send(res, 200, JSON.stringify(pkg));
    }
    const m = /^\/api\/v1\/ocds\/records\/([^/]+)$/.exec(u.pathname);
    if (m) {
      const ocid = decodeURIComponent(m[1]);
      const { rows } = await pool.query(RECORD_SQL, [ocid]);
      if (!rows.length) return send(res, 404, '{"code":"OPEN_DATA.RECORD_NOT_FOUND"}');
      const releases = rows.map((r) => r.release);
      return send(res, 200, JSON.stringify(recordPackage(url(`records/${encodeURIComponent(ocid)}`), publisher, ocid, releases, mergeReleases(releases), rows.at(-1).date)));
    }
    return send(res, 404, '{}');
  }

  await serveBare({ port, pool, handle });
}

// ---------------------------------------------------------------------------------------------
// data

/**
 * Suppliers' Companies House numbers (60% of them), then the contracts with SQL generate_series:
 * requirements (tendered), bids, contracts, contract suppliers (bands frozen as at award), and a
 * temporary table of the events to publish (one row per release: tender + award, or award alone).
 */
async function generateContracts(client, people, { contracts, seed = 1 }) {
  const t0 = performance.now();
  const u = (k) => `((hashint8extended(g, ${seed * 1000 + k}) & 2147483647)::float8 / 2147483648.0)`;
  const sup = people.suppliers;
  const buy = people.buyers;
  const withProfile = sup.filter((_, i) => i % 5 < 3);
  await client.query(
    `INSERT INTO suppliers.supplier_profile (organisation_id, legal_name, companies_house_number, address_line1, town, postcode, contact_name, contact_email, updated_by)
     SELECT t.org, t.name, lpad(t.n::text, 8, '0'), t.n || ' High Street', 'Leeds', 'LS1 4AP', 'Bench Contact', 'contact@bench-supplier-' || t.n || '.example', t.u
       FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::uuid[]) AS t(org, name, n, u)`,
    [withProfile.map((s) => s.org), withProfile.map((s) => s.name), withProfile.map((s) => s.n), withProfile.map((s) => s.user)],
  );
  const { rows: pairs } = await client.query(
    `SELECT l.id AS lot, c.id AS cat, c.name FROM catalogue.lot l JOIN catalogue.category c ON c.lot_id = l.id WHERE l.kind = 'requirements' ORDER BY l.sort_order, l.slug, c.slug`,
  );
  if (!pairs.length) throw new Error('no category of a lot of kind "requirements" after the migrations');
  await client.query(`SET synchronous_commit = off`);
  await client.query('BEGIN');
  const named = {
    buyerOrg: buy.map((b) => b.org), buyerUser: buy.map((b) => b.user),
    supOrg: sup.map((s) => s.org), supName: sup.map((s) => s.name), supBand: sup.map((s) => s.band ?? 'unknown'), supUser: sup.map((s) => s.user), supOffering: sup.map((s) => s.offering),
    lot: pairs.map((p) => p.lot), cat: pairs.map((p) => p.cat), catName: pairs.map((p) => p.name), place: PLACES,
  };
  const TYPES = { buyerOrg: 'uuid[]', buyerUser: 'uuid[]', supOrg: 'uuid[]', supName: 'varchar[]', supBand: 'varchar[]', supUser: 'uuid[]', supOffering: 'uuid[]', lot: 'uuid[]', cat: 'uuid[]', catName: 'varchar[]', place: 'varchar[]' };
  /** Runs SQL written with `${p('name')}` placeholders, each bound to the array of that name (only those used). */
  const run = (build) => {
    const values = [];
    const at = new Map();
    const p = (name) => {
      if (!at.has(name)) at.set(name, values.push(named[name]));
      return `($${at.get(name)}::${TYPES[name]})`;
    };
    return client.query(build(p), values);
  };
  const B = buy.length;
  const S = sup.length;
  await client.query(
    `CREATE TEMP TABLE o1_gen ON COMMIT DROP AS
     SELECT g, md5('o1-contract:' || ${seed} || ':' || g)::uuid AS contract_id, md5('o1-requirement:' || ${seed} || ':' || g)::uuid AS requirement_id,
            ${u(1)} < 0.25 AS direct,
            1 + least(${B - 1}, floor(${B} * power(${u(2)}, 1.7)))::int AS b,
            timestamptz '2021-04-01 00:00:00+00' + make_interval(secs => floor(${u(3)} * 1826 * 86400)) AS at,
            CASE WHEN ${u(4)} < 0.03 THEN NULL ELSE round(exp(ln(1000) + ${u(5)} * ln(5000))::numeric, 2) END AS value,
            CASE WHEN ${u(6)} < 0.90 THEN 'GBP' WHEN ${u(6)} < 0.96 THEN 'EUR' ELSE 'USD' END AS currency,
            CASE WHEN ${u(7)} < 0.85 THEN 1 ELSE 2 + floor(${u(8)} * 2)::int END AS team,
            floor(${u(9)} * ${S})::int AS sbase,
            floor(${u(10)} * 6)::int AS losers,
            1 + least(${pairs.length - 1}, floor(${pairs.length} * power(${u(11)}, 1.3)))::int AS pair,
            ${u(12)} < 0.1 AS no_category,
            1 + floor(${u(13)} * ${PLACES.length})::int AS place,
            CASE WHEN ${u(14)} < 0.3 THEN NULL ELSE 6 + floor(${u(15)} * 43)::int END AS months,
            ${u(16)} AS u_budget
       FROM generate_series(1, $1::int) g`,
    [contracts],
  );
  const sIdx = (k) => `1 + (c.sbase + (${k} - 1) * ${STRIDE}) % ${S}`;
  const { rowCount: requirements } = await run(
    (p) => `INSERT INTO tendering.requirement (id, organisation_id, status, title, summary, description, lot_id, category_id, location, budget_min, budget_max, currency,
        contract_length_months, technical_weight, price_weight, questions_close_at, closes_at, published_at, closed_at, outcome_at, created_by, created_at, updated_at)
     SELECT c.requirement_id, ${p('buyerOrg')}[c.b], 'awarded', 'Bench requirement ' || c.g || ': ' || ${p('catName')}[c.pair],
            'A call-off for ' || lower(${p('catName')}[c.pair]) || ' in ' || ${p('place')}[c.place] || '.',
            'We need a supplier to deliver ' || lower(${p('catName')}[c.pair]) || ' for our services in ' || ${p('place')}[c.place] || '. ' ||
              repeat('The service must meet accessibility, security and data protection standards and report monthly on delivery against agreed outcomes. ', 1 + c.g % 4),
            ${p('lot')}[c.pair], CASE WHEN c.no_category THEN NULL ELSE ${p('cat')}[c.pair] END, ${p('place')}[c.place],
            CASE WHEN c.u_budget < 0.6 AND c.value IS NOT NULL THEN round(c.value * 0.8, 0) END,
            CASE WHEN c.u_budget < 0.8 AND c.value IS NOT NULL THEN round(c.value * 1.2, 0) END,
            c.currency, c.months, 60, 40,
            c.at - interval '30 days', c.at - interval '20 days', c.at - interval '40 days', c.at - interval '20 days', c.at, ${p('buyerUser')}[c.b],
            c.at - interval '45 days', c.at
       FROM o1_gen c WHERE NOT c.direct ORDER BY c.requirement_id`,
  );
  const { rowCount: bids } = await run(
    (p) => `INSERT INTO tendering.bid (id, requirement_id, organisation_id, status, price, size_band, created_by, created_at, updated_at)
     SELECT md5('o1-bid:' || ${seed} || ':' || c.g || ':' || k)::uuid, c.requirement_id, ${p('supOrg')}[s.i], 'submitted',
            round(coalesce(c.value, 50000) * (0.9 + 0.05 * k), 2), ${p('supBand')}[s.i], ${p('supUser')}[s.i], c.at - interval '25 days', c.at - interval '25 days'
       FROM o1_gen c
       CROSS JOIN LATERAL generate_series(1, c.team + c.losers) k
       CROSS JOIN LATERAL (SELECT ${sIdx('k')} AS i) s
      WHERE NOT c.direct`,
  );
  await run(
    (p) => `INSERT INTO tendering.contract (id, organisation_id, source, requirement_id, offering_id, title, value, currency, start_date, end_date, awarded_on, awarded_by, created_at)
     SELECT c.contract_id, ${p('buyerOrg')}[c.b], CASE WHEN c.direct THEN 'direct' ELSE 'tender' END, CASE WHEN NOT c.direct THEN c.requirement_id END,
            CASE WHEN c.direct THEN ${p('supOffering')}[${sIdx(1)}] END,
            CASE WHEN c.direct THEN 'Direct award ' || c.g ELSE 'Contract for bench requirement ' || c.g END, c.value, c.currency,
            CASE WHEN c.months IS NOT NULL THEN (c.at AT TIME ZONE 'Europe/London')::date + 14 END,
            CASE WHEN c.months IS NOT NULL THEN ((c.at AT TIME ZONE 'Europe/London')::date + 14 + make_interval(months => c.months))::date END,
            (c.at AT TIME ZONE 'Europe/London')::date, ${p('buyerUser')}[c.b], c.at
       FROM o1_gen c ORDER BY c.contract_id`,
  );
  const { rowCount: contractSuppliers } = await run(
    (p) => `INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band, bid_id, value)
     SELECT c.contract_id, ${p('supOrg')}[s.i], ${p('supName')}[s.i], ${p('supBand')}[s.i],
            CASE WHEN NOT c.direct THEN md5('o1-bid:' || ${seed} || ':' || c.g || ':' || k)::uuid END, CASE WHEN c.direct THEN c.value END
       FROM o1_gen c
       CROSS JOIN LATERAL generate_series(1, CASE WHEN c.direct THEN 1 ELSE c.team END) k
       CROSS JOIN LATERAL (SELECT ${sIdx('k')} AS i) s`,
  );
  // the events, one per release, with the payloads tendering's services write
  await client.query(`DROP TABLE IF EXISTS o1_events`);
  await client.query(
    `CREATE TEMP TABLE o1_events AS
     SELECT c.at - interval '40 days' AS at, jsonb_build_object('v', 1, 'releaseId', md5('o1-release:' || ${seed} || ':' || c.g || ':tender')::uuid::text, 'event', 'tender',
                               'requirementId', c.requirement_id, 'closesAt', to_char((c.at - interval '20 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS payload
       FROM o1_gen c WHERE NOT c.direct
     UNION ALL
     SELECT c.at, jsonb_strip_nulls(jsonb_build_object('v', 1, 'releaseId', md5('o1-release:' || ${seed} || ':' || c.g || ':award')::uuid::text, 'event', 'award',
                               'requirementId', CASE WHEN NOT c.direct THEN c.requirement_id END, 'contractId', c.contract_id))
       FROM o1_gen c`,
  );
  const { rows: [mix] } = await client.query(
    `SELECT count(*) FILTER (WHERE direct)::int AS direct, count(*) FILTER (WHERE NOT direct)::int AS tendered,
            count(*) FILTER (WHERE NOT direct AND team > 1)::int AS consortia, min(at) AS first, max(at) AS last FROM o1_gen`,
  );
  await client.query('COMMIT');
  await client.query(`RESET synchronous_commit`);
  await client.query(`ANALYZE tendering.requirement, tendering.bid, tendering.contract, tendering.contract_supplier, suppliers.supplier_profile`);
  const { rows: [bands] } = await client.query(
    `SELECT json_object_agg(size_band, n) AS bands FROM (SELECT size_band, count(*)::int AS n FROM tendering.contract_supplier GROUP BY 1 ORDER BY 1) x`,
  );
  const { rows: [ev] } = await client.query(`SELECT count(*)::int AS n FROM o1_events`);
  return {
    contracts,
    tendered: mix.tendered,
    direct: mix.direct,
    consortia: mix.consortia,
    requirements,
    bids,
    contractSuppliers,
    bandsOfContractSuppliers: bands.bands,
    buyers: B,
    suppliers: S,
    suppliersWithCompaniesHouseNumber: withProfile.length,
    releasesExpected: ev.n,
    awardDates: { first: mix.first, last: mix.last },
    seconds: round((performance.now() - t0) / 1000, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// load

/** One autocannon run over rotating paths; per-response latency (float ms) kept. */
async function cannon({ port, paths, cursor, seconds, title }) {
  const samples = [];
  let bytes = 0;
  const inst = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    title,
    skipAggregateResult: true,
    requests: [
      {
        method: 'GET',
        setupRequest: (req, context) => {
          context.k = cursor.next++ % paths.length;
          return { ...req, path: paths[context.k] };
        },
      },
    ],
  });
  inst.on('response', (client, statusCode, resBytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) {
      samples.push([client.requestIterator.context.k, responseTime]);
      bytes += resBytes;
    }
  });
  const raw = await inst;
  return { raw, samples, bytes };
}

/** Segments in the order given (ABBA), each side's figures merged. */
async function abba({ monitor, servers, paths, kinds, order, seconds, label }) {
  const cursor = { next: 0 };
  const runs = { api: [], baseline: [] };
  const segments = [];
  for (const side of order) {
    const settleMs = await settle(monitor, DB_NAME);
    const srv = servers[side];
    const cpu0 = processCpuMs(srv.pid);
    const r = await cannon({ port: srv.port, paths, cursor, seconds, title: `${label} ${side}` });
    const cpuMs = cpu0 === null ? null : processCpuMs(srv.pid) - cpu0;
    runs[side].push({ ...r, cpuMs });
    const s = percentiles(r.samples.map(([, ms]) => ms));
    segments.push({ side, settleMs, rps: round(r.raw.totalCompletedRequests / r.raw.duration, 1), p50: s.p50, p95: s.p95, p99: s.p99, non2xx: r.raw.non2xx, errors: r.raw.errors });
    console.log(`  ${label} ${side.padEnd(8)} ${String(r.raw.totalCompletedRequests).padStart(6)} requests in ${round(r.raw.duration, 1)} s = ${String(segments.at(-1).rps).padStart(7)}/s  p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} ms${r.raw.non2xx || r.raw.errors ? `  non-2xx ${r.raw.non2xx} errors ${r.raw.errors}` : ''}`);
  }
  const side = (name) => {
    const rs = runs[name];
    const sum = summarise(rs.map((r) => r.raw), `http://127.0.0.1:${servers[name].port}`, CONNECTIONS);
    const all = rs.flatMap((r) => r.samples);
    const lat = percentiles(all.map(([, ms]) => ms));
    const byKind = kinds ? Object.fromEntries([...new Set(kinds)].map((kind) => [kind, percentiles(all.filter(([k]) => kinds[k] === kind).map(([, ms]) => ms))])) : undefined;
    const requests = sum.requests;
    const cpuMs = rs.every((r) => r.cpuMs !== null) ? rs.reduce((a, r) => a + r.cpuMs, 0) : null;
    return {
      rps: sum.rps,
      p50: lat.p50, p90: lat.p90, p95: lat.p95, p99: lat.p99, max: lat.max, mean: lat.mean,
      requests, seconds: sum.seconds, non2xx: sum.non2xx, errors: sum.errors, timeouts: sum.timeouts, statusCodes: sum.statusCodes,
      mbPerSecond: round(rs.reduce((a, r) => a + r.bytes, 0) / 1048576 / sum.seconds, 1),
      kbPerResponse: round(rs.reduce((a, r) => a + r.bytes, 0) / 1024 / Math.max(1, requests), 1),
      serverCpuUsPerRequest: cpuMs === null ? null : round((cpuMs * 1000) / Math.max(1, requests), 0),
      serverCpuCores: cpuMs === null ? null : round(cpuMs / 1000 / sum.seconds, 2),
      byKind,
    };
  };
  return { api: side('api'), baseline: side('baseline'), segments };
}

/** A GET's status and body text. */
async function getText(port, p) {
  const res = await fetch(`http://127.0.0.1:${port}${p}`);
  return { status: res.status, text: await res.text() };
}

/** Runs `node cli.js <args>` to the end, sampling its RSS every 50 ms; output prefixed [cli]. */
function runCli(args, env, nodeArgs = []) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { cwd: os.tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let exited = false;
    onCleanup('stop the cli', () => !exited && child.kill('SIGKILL'));
    const rss = [];
    const timer = setInterval(() => {
      const kb = processRssKb(child.pid);
      if (kb !== null) rss.push(kb);
    }, 50);
    const lines = [];
    for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        lines.push(line);
        out.write(`[cli] ${line}\n`);
      });
    }
    child.on('exit', (code, signal) => {
      exited = true;
      clearInterval(timer);
      resolve({ code, signal, lines, seconds: (performance.now() - t0) / 1000, rssKb: rss });
    });
  });
}

/** The maximum RSS (MB) in each tenth of a run's samples: flat, or climbing? */
const rssByTenthMb = (kb) => (kb.length >= 10 ? Array.from({ length: 10 }, (_, i) => round(Math.max(...kb.slice(Math.floor((i * kb.length) / 10), Math.floor(((i + 1) * kb.length) / 10))) / 1024, 0)) : null);

/** Counts bytes (a /dev/null that measures). */
function counter() {
  const c = { bytes: 0 };
  c.stream = new Writable({
    write(chunk, _enc, done) {
      c.bytes += chunk.length;
      done();
    },
  });
  return c;
}

/**
 * Bulk baseline: `psql` (FETCH_COUNT 1000: a cursor, memory flat) streams the releases in file order
 * into node's gzip (level 6) and on to nowhere, between the same package head and tail. Falls back
 * to keyset batches of 1,000 with pg when psql is not installed.
 */
async function bareBulk(dbUrl, head) {
  const sql = `SELECT release::text FROM open_data.release ORDER BY date, seq`;
  const raw = counter();
  const gz = counter();
  const t0 = performance.now();
  const gzip = createGzip({ level: 6 });
  let rows = 0;
  const counting = new Writable({
    write(chunk, _enc, done) {
      raw.bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      gzip.write(chunk, done);
    },
    final(done) {
      gzip.end(']}', done);
    },
  });
  const gzDone = pipeline(gzip, gz.stream);
  gzip.write(head);
  let via = 'psql';
  const child = spawn('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-v', 'FETCH_COUNT=1000', '-d', dbUrl, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const spawned = await new Promise((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (spawned) {
    const exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    await pipeline(child.stdout, counting);
    const code = await exit;
    if (code !== 0) throw new Error(`psql exited with ${code}: ${stderr.trim()}`);
  } else {
    via = 'pg keyset batches (psql not found)';
    const client = new pg.Client({ connectionString: dbUrl, application_name: 'bench-o1-bulk-baseline' });
    await client.connect();
    try {
      let after = null;
      for (;;) {
        const { rows: batch } = await client.query(
          `SELECT seq::text, date::text AS date, release::text AS release FROM open_data.release WHERE ($1::timestamptz IS NULL OR (date, seq) > ($1::timestamptz, $2::bigint)) ORDER BY date, seq LIMIT 1000`,
          [after?.date ?? null, after?.seq ?? null],
        );
        if (!batch.length) break;
        await new Promise((resolve) => counting.write(Buffer.from(batch.map((r) => r.release).join('\n') + '\n'), resolve));
        after = batch.at(-1);
      }
      await new Promise((resolve) => counting.end(resolve));
    } finally {
      await client.end();
    }
  }
  await gzDone;
  return { via, rows, seconds: (performance.now() - t0) / 1000, rawBytes: raw.bytes, gzipBytes: gz.bytes };
}

async function explain(client, sql, params) {
  await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN']);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`O1 open data: OCDS publication, release-package API and bulk file at ${CONTRACTS.toLocaleString('en-GB')} contracts, each against a bare baseline (${smoke ? 'SMOKE' : 'full'} size)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy`);
  const problems = [];

  // 1. database, redis, a folder for the bulk files, the worker
  const { dbUrl, rUrl, admin } = await benchDatabase({ dbName: DB_NAME, redisPrefix: REDIS_PREFIX, appName: 'bench-o1' });
  const monitor = new pg.Client({ connectionString: dbUrl, application_name: 'bench-o1-monitor' });
  await monitor.connect();
  onCleanup('close the monitor connection', () => monitor.end());
  const openDataDir = mkdtempSync(path.join(os.tmpdir(), 'opm-bench-o1-'));
  onCleanup(`remove ${openDataDir}`, () => rmSync(openDataDir, { recursive: true, force: true }));
  const appEnv = { OPEN_DATA_DIR: openDataDir };
  const worker = await startWorker({ dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, env: appEnv });
  const { Queue } = await import('bullmq');
  const { default: Redis } = await import('ioredis');
  const qConn = new Redis(rUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('open-data', { connection: qConn, prefix: REDIS_PREFIX });
  onCleanup('close the queue handle', async () => (await queue.close(), qConn.disconnect()));

  // 2. the contracts, as tendering writes them
  const { hash } = await benchPassword();
  const names = ledgerVocabulary().buyers.slice(0, BUYERS).map((b) => b.name);
  const people = await seedPeople(admin, hash, { buyers: names, suppliers: SUPPLIERS });
  const data = await generateContracts(admin, people, { contracts: CONTRACTS });
  console.log(
    `data: ${data.contracts.toLocaleString('en-GB')} awarded contracts (${data.tendered.toLocaleString('en-GB')} tendered, ${data.consortia} of them consortia; ${data.direct.toLocaleString('en-GB')} direct awards), ` +
      `${data.bids.toLocaleString('en-GB')} submitted bids, ${data.buyers} buyers, ${data.suppliers.toLocaleString('en-GB')} suppliers (${data.suppliersWithCompaniesHouseNumber} with a Companies House number); ` +
      `award lines by band ${JSON.stringify(data.bandsOfContractSuppliers)}; ${data.releasesExpected.toLocaleString('en-GB')} events to publish; written in ${data.seconds} s`,
  );

  // the worker's scheduled jobs run at once on a fresh prefix (a recompute, an empty bulk file): let them pass
  for (const t0 = Date.now(); Date.now() - t0 < 60_000; await sleep(200)) {
    const { rows: [s] } = await admin.query(
      `SELECT EXISTS (SELECT 1 FROM reporting.snapshot WHERE trigger = 'schedule') AS recompute, EXISTS (SELECT 1 FROM open_data.bulk_file) AS bulk`,
    );
    if (s.recompute && s.bulk) break;
  }

  // 3. publication: the outbox rows in one transaction, then the worker until every release is stored
  console.log(`\npublication: ${data.releasesExpected.toLocaleString('en-GB')} open-data.publish-release outbox rows committed at once → relay → worker (concurrency 4) → open_data.release`);
  const cpu0 = processCpuMs(worker.pid);
  const sampler = backendSampler(monitor, DB_NAME, 'api', 500);
  await sampler.ready;
  await admin.query('BEGIN');
  // ids in event-date order: the relay (ORDER BY created_at, id) hands them on oldest first, so the
  // publication order (seq) follows the dates as it does when events are published as they happen
  await admin.query(
    `INSERT INTO queue.outbox_event (id, job_name, payload)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(row_number() OVER (ORDER BY at, payload->>'releaseId')), 12, '0'))::uuid, 'open-data.publish-release', payload FROM o1_events`,
  );
  await admin.query('COMMIT');
  const { rows: [{ committed }] } = await admin.query(`SELECT clock_timestamp() AS committed`);
  const tc = performance.now();
  const progress = [];
  let stored = 0;
  let lastChange = performance.now();
  for (;;) {
    await sleep(250);
    const { rows: [r] } = await monitor.query(`SELECT count(*)::int AS n FROM open_data.release`);
    const now = performance.now();
    progress.push({ t: (now - tc) / 1000, n: r.n });
    if (r.n !== stored) {
      stored = r.n;
      lastChange = now;
    }
    if (stored >= data.releasesExpected) break;
    if (now - lastChange > 60_000) {
      problems.push(`publication stalled at ${stored} of ${data.releasesExpected} releases (no progress for 60 s)`);
      break;
    }
    if (progress.length % 20 === 0) console.log(`  ${stored.toLocaleString('en-GB')} stored after ${round((now - tc) / 1000, 1)} s`);
  }
  const db = await sampler.stop();
  const workerCpuMs = cpu0 === null ? null : processCpuMs(worker.pid) - cpu0;
  const jobCounts = await queue.getJobCounts('failed', 'waiting', 'active', 'delayed');
  const { rows: [pub] } = await admin.query(
    `SELECT count(*)::int AS stored, min(o.created_at) AS "outboxCreated", max(o.relayed_at) AS "lastRelayed", min(r.published_at) AS "firstStored", max(r.published_at) AS "lastStored",
            extract(epoch FROM $1::timestamptz - min(o.created_at))::float8 AS "outboxTxSeconds",
            extract(epoch FROM max(r.published_at) - $1::timestamptz)::float8 AS seconds,
            extract(epoch FROM max(o.relayed_at) - $1::timestamptz)::float8 AS "relaySeconds",
            extract(epoch FROM min(r.published_at) - $1::timestamptz)::float8 AS "firstStoredSeconds",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.published_at - o.created_at) * 1000) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM r.published_at - o.created_at) * 1000) AS p95,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM r.published_at - o.created_at) * 1000) AS p99,
            max(extract(epoch FROM r.published_at - o.created_at) * 1000)::float8 AS max,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.published_at - o.relayed_at) * 1000) AS "relayedToStoredP50",
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM r.published_at - o.relayed_at) * 1000) AS "relayedToStoredP95"
       FROM queue.outbox_event o JOIN open_data.release r ON r.id = o.payload->>'releaseId'
      WHERE o.job_name = 'open-data.publish-release'`,
    [committed],
  );
  const { rows: [rel] } = await admin.query(
    `SELECT count(*)::int AS n, count(DISTINCT ocid)::int AS ocids, avg(octet_length(release::text))::int AS "avgBytes", min(date) AS first, max(date) AS last,
            count(*) FILTER (WHERE tags = '{tender}')::int AS tender, count(*) FILTER (WHERE tags = '{award,contract}')::int AS award,
            pg_total_relation_size('open_data.release')::float8 AS "tableBytes" FROM open_data.release`,
  );
  const publishRate = pub.seconds > 0 ? round(pub.stored / pub.seconds, 0) : null;
  const thirds = [];
  const moving = progress.filter((p) => p.n > 0);
  if (moving.length >= 6) {
    for (let i = 0; i < 3; i++) {
      const a = moving[Math.floor((i * (moving.length - 1)) / 3)];
      const b = moving[Math.floor(((i + 1) * (moving.length - 1)) / 3)];
      thirds.push(round((b.n - a.n) / (b.t - a.t), 0));
    }
  }
  const publication = {
    releases: pub.stored,
    expected: data.releasesExpected,
    seconds: round(pub.seconds, 2),
    releasesPerSecond: publishRate,
    releasesPerSecondByThird: thirds,
    outboxTransactionSeconds: round(pub.outboxTxSeconds, 2),
    firstStoredAfterSeconds: round(pub.firstStoredSeconds, 2),
    allRelayedAfterSeconds: round(pub.relaySeconds, 2),
    eventToStoredMs: { p50: round(pub.p50, 0), p95: round(pub.p95, 0), p99: round(pub.p99, 0), max: round(pub.max, 0) },
    relayedToStoredMs: { p50: round(pub.relayedToStoredP50, 0), p95: round(pub.relayedToStoredP95, 0) },
    jobs: jobCounts,
    workerCpuSeconds: workerCpuMs === null ? null : round(workerCpuMs / 1000, 1),
    workerCpuMsPerRelease: workerCpuMs === null ? null : round(workerCpuMs / Math.max(1, pub.stored), 2),
    databaseCpuSeconds: db.cpuMs === null ? null : round(db.cpuMs / 1000, 1),
    databaseCpuMsPerRelease: db.cpuMs === null ? null : round(db.cpuMs / Math.max(1, pub.stored), 2),
    databaseWaits: db.waits,
    stored: rel,
  };
  console.log(
    `  ${pub.stored.toLocaleString('en-GB')} releases stored in ${publication.seconds} s from the commit = ${publishRate} releases/s (by third: ${thirds.join(' → ') || '—'}); ` +
      `first after ${publication.firstStoredAfterSeconds} s, all relayed after ${publication.allRelayedAfterSeconds} s; ${jobCounts.failed} failed jobs`,
  );
  console.log(
    `  event → stored (outbox created_at → release published_at; a burst, so mostly queueing): p50 ${publication.eventToStoredMs.p50} p95 ${publication.eventToStoredMs.p95} p99 ${publication.eventToStoredMs.p99} max ${publication.eventToStoredMs.max} ms ` +
      `(the outbox transaction itself took ${publication.outboxTransactionSeconds} s); relayed → stored p50 ${publication.relayedToStoredMs.p50} p95 ${publication.relayedToStoredMs.p95} ms`,
  );
  console.log(
    `  CPU: worker ${publication.workerCpuSeconds} s (${publication.workerCpuMsPerRelease} ms/release), database ${publication.databaseCpuSeconds ?? '—'} s (${publication.databaseCpuMsPerRelease ?? '—'} ms/release); ` +
      `backends: ${Object.entries(db.waits).map(([k, n]) => `${k} ${n}`).join(', ')}; releases average ${rel.avgBytes} bytes (${rel.tender} tender, ${rel.award} award), ${rel.ocids.toLocaleString('en-GB')} processes`,
  );
  if (pub.stored !== data.releasesExpected) problems.push(`${pub.stored} releases stored of ${data.releasesExpected}`);
  if (jobCounts.failed) problems.push(`${jobCounts.failed} open-data jobs failed`);
  await worker.stop(); // the rest needs no worker: give its share of the machine back

  // baseline 1: the same releases' JSON, inserted bare in batches into a copy of the table
  const { rows: prebuilt } = await admin.query(`SELECT id, ocid, date::text AS date, tags::text AS tags, release::text AS release FROM open_data.release ORDER BY seq`);
  await admin.query(`DROP TABLE IF EXISTS public.o1_release_copy`);
  await admin.query(`CREATE TABLE public.o1_release_copy (LIKE open_data.release INCLUDING ALL)`);
  onCleanup('drop the copy table', () => admin.query(`DROP TABLE IF EXISTS public.o1_release_copy`).catch(() => {}));
  const bare = new pg.Client({ connectionString: dbUrl, application_name: 'bench-o1-bare-insert' });
  await bare.connect();
  const tb = performance.now();
  for (let i = 0; i < prebuilt.length; i += INSERT_BATCH) {
    const b = prebuilt.slice(i, i + INSERT_BATCH);
    await bare.query(
      `INSERT INTO public.o1_release_copy (id, ocid, date, tags, release)
       SELECT id, ocid, date::timestamptz, tags::varchar[], release::json FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, ocid, date, tags, release)
       ON CONFLICT (id) DO NOTHING`,
      [b.map((r) => r.id), b.map((r) => r.ocid), b.map((r) => r.date), b.map((r) => r.tags), b.map((r) => r.release)],
    );
  }
  const bareSeconds = (performance.now() - tb) / 1000;
  await bare.end();
  const { rows: [{ n: copied }] } = await admin.query(`SELECT count(*)::int AS n FROM public.o1_release_copy`);
  await admin.query(`DROP TABLE public.o1_release_copy`);
  const bareRate = round(copied / bareSeconds, 0);
  const publicationRatio = publishRate === null ? null : round(publishRate / bareRate, 4);
  const insertBaseline = { releases: copied, batch: INSERT_BATCH, seconds: round(bareSeconds, 2), releasesPerSecond: bareRate };
  console.log(`  baseline: ${copied.toLocaleString('en-GB')} prebuilt releases INSERTed bare in batches of ${INSERT_BATCH} (one connection) in ${insertBaseline.seconds} s = ${bareRate} releases/s`);
  console.log(`  ratio worker / bare insert: ${publishRate} / ${bareRate} = ${publicationRatio}`);
  if (copied !== prebuilt.length) problems.push(`the bare insert stored ${copied} of ${prebuilt.length}`);
  await admin.query(`VACUUM ANALYZE open_data.release`);

  // 4. the release-package API vs the bare server
  const apiPort = await freePort();
  const api = await startApi({ port: apiPort, dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: POOL_SIZE, env: appEnv });
  const first = await getText(apiPort, '/api/v1/ocds/releases?limit=1');
  if (first.status !== 200) throw new Error(`GET /api/v1/ocds/releases?limit=1: ${first.status} ${first.text.slice(0, 300)}`);
  const firstPkg = JSON.parse(first.text);
  const publicApiUrl = firstPkg.uri.slice(0, firstPkg.uri.indexOf('/api/v1/ocds/'));
  const basePort = await freePort();
  const baseline = await startNode({
    name: 'baseline',
    script: SELF,
    // the harness's own SIGTERM note in the child is noise here
    showLine: (line) => line.trim() !== '' && !/SIGTERM: cleaning up/.test(line),
    readyUrl: `http://127.0.0.1:${basePort}/health`,
    env: { ...process.env, O1_BASELINE_SERVER: '1', PORT: String(basePort), DATABASE_URL: dbUrl, DATABASE_POOL_SIZE: String(POOL_SIZE), O1_PUBLISHER: JSON.stringify(firstPkg.publisher), O1_PUBLIC_API_URL: publicApiUrl },
  });
  console.log(`baseline: ready on :${basePort} in ${baseline.readyMs} ms (node:http + pg.Pool(${POOL_SIZE}), ${path.relative(process.cwd(), SELF)} with O1_BASELINE_SERVER=1)`);

  // the rotations: `from` pages across the five years, one-month windows (`from` + `to`), and
  // cursors (next pages) at evenly spaced points of the publication order
  const { encodeCursor, releasePageSql } = requireDist('libs/open-data/src/application/publications.service.js');
  const { rows: [{ minSeq, maxSeq }] } = await admin.query(`SELECT min(seq)::float8 AS "minSeq", max(seq)::float8 AS "maxSeq" FROM open_data.release`);
  const t0Ms = new Date(rel.first).getTime();
  const spanMs = new Date(rel.last).getTime() - t0Ms;
  const paths = [];
  const pathKinds = [];
  for (let i = 0; i < 150; i++) {
    const at = ((i * 37) % 100) / 100; // spread over the range, in a scrambled order
    const from = new Date(t0Ms + Math.floor(at * spanMs)).toISOString().slice(0, 19) + 'Z';
    const kind = ['from', 'window', 'cursor'][i % 3];
    pathKinds.push(kind);
    if (kind === 'from') paths.push(`/api/v1/ocds/releases?limit=100&from=${from}`);
    else if (kind === 'window') paths.push(`/api/v1/ocds/releases?limit=100&from=${from}&to=${new Date(new Date(from).getTime() + 31 * 86_400_000).toISOString().slice(0, 19)}Z`);
    else paths.push(`/api/v1/ocds/releases?limit=100&cursor=${encodeURIComponent(encodeCursor({ by: 'published', seq: String(Math.floor(minSeq + at * (maxSeq - minSeq))) }))}`);
  }
  const { rows: ocidRows } = await admin.query(`SELECT ocid, count(*)::int AS n FROM open_data.release GROUP BY ocid ORDER BY md5(ocid) LIMIT 1000`);
  const recordPaths = ocidRows.map((r) => `/api/v1/ocds/records/${r.ocid}`);

  // checks: byte-identical bodies on both sides (a page of each kind, a next page, records of one and two releases)
  const checks = [];
  const nextOf = JSON.parse((await getText(apiPort, paths[0])).text).links?.next;
  const checkPaths = [paths[0], paths[1], paths[2], nextOf ? nextOf.slice(publicApiUrl.length) : null, recordPaths.find((_, i) => ocidRows[i].n === 1), recordPaths.find((_, i) => ocidRows[i].n === 2)].filter(Boolean);
  for (const p of checkPaths) {
    const [a, b] = await Promise.all([getText(apiPort, p), getText(basePort, p)]);
    const releases = (() => {
      try {
        const j = JSON.parse(a.text);
        return j.releases?.length ?? j.records?.[0]?.releases?.length ?? null;
      } catch {
        return null;
      }
    })();
    checks.push({ path: p, apiStatus: a.status, baselineStatus: b.status, bytes: a.text.length, releases, identical: a.status === 200 && a.text === b.text });
  }
  const checksOk = checks.every((c) => c.identical);
  console.log(`checks (API body = baseline body, byte for byte): ${checks.map((c) => `${c.path.split('?')[0].split('/').slice(-2).join('/')} ${c.releases} releases ${round(c.bytes / 1024, 0)} KB ${c.identical ? 'identical' : `DIFFER (${c.apiStatus}/${c.baselineStatus})`}`).join('; ')}`);
  if (!checksOk) problems.push(`API and baseline bodies differ: ${JSON.stringify(checks.filter((c) => !c.identical))}`);

  const servers = { api: { pid: api.pid, port: apiPort }, baseline: { pid: baseline.pid, port: basePort } };
  console.log(`\nrelease-package API: ${paths.length} pages in rotation (from, from + one month, cursor; limit=100), ${CONNECTIONS} connections`);
  await cannon({ port: apiPort, paths, cursor: { next: 0 }, seconds: WARMUP_SECONDS, title: 'warm-up api' });
  await cannon({ port: basePort, paths, cursor: { next: 0 }, seconds: Math.max(1, Math.round(WARMUP_SECONDS / 2)), title: 'warm-up baseline' });
  const releasesLoad = await abba({ monitor, servers, paths, kinds: pathKinds, order: ['baseline', 'api', 'api', 'baseline'], seconds: API_SECONDS / 2, label: 'releases' });
  console.log(`records API: ${recordPaths.length} ocids in rotation`);
  await cannon({ port: apiPort, paths: recordPaths, cursor: { next: 0 }, seconds: 1, title: 'warm-up api records' });
  const recordsLoad = await abba({ monitor, servers, paths: recordPaths, order: ['baseline', 'api', 'api', 'baseline'], seconds: RECORD_SECONDS / 2, label: 'records ' });
  const releasesRatio = round(releasesLoad.api.rps / releasesLoad.baseline.rps, 3);
  const recordsRatio = round(recordsLoad.api.rps / recordsLoad.baseline.rps, 3);
  for (const [label, l] of [['releases', releasesLoad], ['records', recordsLoad]]) {
    for (const side of ['api', 'baseline']) {
      if (l[side].non2xx || l[side].errors || l[side].timeouts) problems.push(`${label} ${side}: ${l[side].non2xx} non-2xx, ${l[side].errors} errors, ${l[side].timeouts} timeouts (${JSON.stringify(l[side].statusCodes)})`);
    }
  }
  if (api.exited()) problems.push(`the API exited during the run (${JSON.stringify(api.exited())})`);
  if (baseline.exited()) problems.push(`the baseline server exited during the run (${JSON.stringify(baseline.exited())})`);
  console.log(
    '\n' +
      table([
        ['', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'KB/resp', 'MB/s', 'server CPU µs/req', 'cores'],
        ...[
          ['releases api', releasesLoad.api], ['releases baseline', releasesLoad.baseline],
          ['records api', recordsLoad.api], ['records baseline', recordsLoad.baseline],
        ].map(([l, s]) => [l, s.rps, s.p50, s.p95, s.p99, s.max, s.kbPerResponse, s.mbPerSecond, s.serverCpuUsPerRequest ?? '—', s.serverCpuCores ?? '—']),
      ]),
  );
  console.log(
    `releases by page kind, p50 / p95 ms: ${Object.keys(releasesLoad.api.byKind).map((k) => `${k} api ${releasesLoad.api.byKind[k].p50} / ${releasesLoad.api.byKind[k].p95}, baseline ${releasesLoad.baseline.byKind[k].p50} / ${releasesLoad.baseline.byKind[k].p95}`).join('; ')}`,
  );
  console.log(`ratio api / baseline req/s: releases ${releasesRatio}, records ${recordsRatio}`);
  const mid = new Date(t0Ms + spanMs / 2);
  const explainPage = (q) => {
    const { sql, params } = releasePageSql(q);
    return explain(admin, sql, params);
  };
  const explainPlans = {
    releasesFrom: await explainPage({ from: mid, limit: 100 }),
    releasesWindow: await explainPage({ from: mid, to: new Date(mid.getTime() + 31 * 86_400_000), limit: 100 }),
    releasesCursor: await explainPage({ cursor: encodeCursor({ by: 'published', seq: String(Math.floor((minSeq + maxSeq) / 2)) }), limit: 100 }),
    record: await explain(admin, RECORD_SQL_COPY, [ocidRows[0].ocid]),
  };
  const planLine = (plan) =>
    plan.filter((l) => /Scan|Sort Key|Rows Removed|Execution Time/.test(l)).map((l) => l.trim().replace(/^->\s*/, '').replace(/\s+\(cost=[^)]*\)/, '')).join(' | ');
  for (const [k, plan] of Object.entries(explainPlans)) console.log(`  plan ${k}: ${planLine(plan)}`);
  await baseline.stop();
  await api.stop();

  // 5. the bulk file through the CLI, vs psql → gzip
  console.log(`\nbulk file: node ${path.relative(process.cwd(), CLI)} ocds-bulk over ${rel.n.toLocaleString('en-GB')} releases`);
  const cliEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL: rUrl,
    REDIS_PREFIX,
    OPEN_DATA_DIR: openDataDir,
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    MAIL_TRANSPORT: 'log',
  };
  await settle(monitor, DB_NAME);
  const cli = await runCli(['ocds-bulk'], cliEnv);
  if (cli.code !== 0) problems.push(`the CLI exited with ${cli.code} (${cli.signal ?? 'no signal'}): ${cli.lines.slice(-5).join(' | ')}`);
  const { rows: [bf] } = await admin.query(
    `SELECT file_name AS "fileName", disk_name AS "diskName", releases, bytes::float8 AS bytes, sha256, to_char(up_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "upTo",
            extract(epoch FROM generated_at - up_to)::float8 AS "buildSeconds" FROM open_data.bulk_file ORDER BY generated_at DESC LIMIT 1`,
  );
  const gzBuf = readFileSync(path.join(openDataDir, bf.diskName));
  const unzipped = gunzipSync(gzBuf);
  let fileCheck;
  try {
    const pkg = JSON.parse(unzipped.toString('utf8'));
    const ids = new Set(pkg.releases.map((r) => r.id));
    let ordered = true;
    for (let i = 1; i < pkg.releases.length; i++) if (pkg.releases[i].date < pkg.releases[i - 1].date) ordered = false;
    fileCheck = { releases: pkg.releases.length, distinctIds: ids.size, inDateOrder: ordered, uncompressedBytes: unzipped.length };
  } catch (err) {
    fileCheck = { error: err.message };
  }
  if (fileCheck.releases !== rel.n || fileCheck.distinctIds !== rel.n || !fileCheck.inDateOrder || bf.releases !== rel.n) problems.push(`bulk file: ${JSON.stringify(fileCheck)}, row says ${bf.releases} releases, ${rel.n} stored`);
  const rssMb = cli.rssKb.length ? round(Math.max(...cli.rssKb) / 1024, 1) : null;
  const RELEASES_AT = '"releases":[';
  const head = unzipped.subarray(0, unzipped.indexOf(RELEASES_AT) + RELEASES_AT.length).toString('utf8');
  // the same build with the worker's production heap flags (the daily job runs in the worker): does it
  // fit, and does the RSS above stay (V8 sizing its heap to the machine) or go (retained memory)?
  await settle(monitor, DB_NAME);
  const small = await runCli(['ocds-bulk'], cliEnv, WORKER_NODE_ARGS);
  const { rows: [bf2] } = await admin.query(`SELECT releases, bytes::float8 AS bytes, extract(epoch FROM generated_at - up_to)::float8 AS "buildSeconds" FROM open_data.bulk_file ORDER BY generated_at DESC LIMIT 1`);
  const workerHeap = {
    nodeArgs: WORKER_NODE_ARGS,
    exitCode: small.code,
    signal: small.signal,
    releases: small.code === 0 ? bf2.releases : null,
    buildSeconds: small.code === 0 ? round(bf2.buildSeconds, 2) : null,
    cliSeconds: round(small.seconds, 2),
    releasesPerSecond: small.code === 0 ? round(bf2.releases / bf2.buildSeconds, 0) : null,
    rss: { maxMb: small.rssKb.length ? round(Math.max(...small.rssKb) / 1024, 1) : null, samples: small.rssKb.length, byTenthMb: rssByTenthMb(small.rssKb) },
  };
  const workerHeapNote = small.code === 0 ? null : `the bulk build with the worker's heap flags (${WORKER_NODE_ARGS.join(' ')}) failed: exit ${small.code} ${small.signal ?? ''} ${small.lines.slice(-3).join(' | ')}`;
  await settle(monitor, DB_NAME);
  const bareBulkRun = await bareBulk(dbUrl, head);
  const bulk = {
    fileName: bf.fileName,
    releases: bf.releases,
    gzipBytes: bf.bytes,
    gzipMb: round(bf.bytes / 1048576, 2),
    uncompressedMb: round(unzipped.length / 1048576, 1),
    compression: round(unzipped.length / bf.bytes, 1),
    buildSeconds: round(bf.buildSeconds, 2),
    cliSeconds: round(cli.seconds, 2),
    releasesPerSecond: round(bf.releases / bf.buildSeconds, 0),
    releasesPerSecondCli: round(bf.releases / cli.seconds, 0),
    gzipMbPerSecond: round(bf.bytes / 1048576 / bf.buildSeconds, 2),
    uncompressedMbPerSecond: round(unzipped.length / 1048576 / bf.buildSeconds, 1),
    cliRss: { maxMb: rssMb, firstMb: cli.rssKb.length ? round(cli.rssKb[0] / 1024, 1) : null, samples: cli.rssKb.length, byTenthMb: rssByTenthMb(cli.rssKb) },
    check: fileCheck,
    workerHeap,
    notes: workerHeapNote ? [workerHeapNote] : [],
  };
  const bulkBaseline = {
    via: bareBulkRun.via,
    releases: bareBulkRun.rows,
    seconds: round(bareBulkRun.seconds, 2),
    releasesPerSecond: round(bareBulkRun.rows / bareBulkRun.seconds, 0),
    gzipBytes: bareBulkRun.gzipBytes,
    gzipMbPerSecond: round(bareBulkRun.gzipBytes / 1048576 / bareBulkRun.seconds, 2),
  };
  if (bareBulkRun.rows !== rel.n) problems.push(`the bulk baseline streamed ${bareBulkRun.rows} releases of ${rel.n}`);
  const bulkRatio = round(bulk.releasesPerSecond / bulkBaseline.releasesPerSecond, 3);
  const bulkRatioCli = round(bulk.releasesPerSecondCli / bulkBaseline.releasesPerSecond, 3);
  console.log(
    `  ${bf.fileName}: ${bf.releases.toLocaleString('en-GB')} releases, ${bulk.gzipMb} MB gzip (${bulk.uncompressedMb} MB of JSON, ×${bulk.compression}); build ${bulk.buildSeconds} s (the service's own: lock taken → row written) = ` +
      `${bulk.releasesPerSecond} releases/s, ${bulk.gzipMbPerSecond} MB/s of gzip; whole CLI command ${bulk.cliSeconds} s (${bulk.releasesPerSecondCli} releases/s); CLI RSS max ${rssMb} MB`,
  );
  console.log(
    `  the same build with the worker's heap flags (${WORKER_NODE_ARGS.join(' ')}): ` +
      (workerHeapNote ?? `build ${workerHeap.buildSeconds} s = ${workerHeap.releasesPerSecond} releases/s, CLI ${workerHeap.cliSeconds} s, RSS max ${workerHeap.rss.maxMb} MB`) +
      `; RSS max by tenth of the run (MB): default ${bulk.cliRss.byTenthMb?.join(' ') ?? '—'}, worker flags ${workerHeap.rss.byTenthMb?.join(' ') ?? '—'}`,
  );
  console.log(
    `  baseline (${bulkBaseline.via} → gzip level 6 → nowhere): ${bulkBaseline.releases.toLocaleString('en-GB')} releases in ${bulkBaseline.seconds} s = ${bulkBaseline.releasesPerSecond} releases/s, ${round(bulkBaseline.gzipBytes / 1048576, 2)} MB gzip (${bulkBaseline.gzipMbPerSecond} MB/s)`,
  );
  console.log(`  ratio build / baseline releases/s: ${bulkRatio} (whole CLI command: ${bulkRatioCli}); file check ${JSON.stringify(fileCheck)}`);

  // 6. figures
  const valid = problems.length === 0;
  const after = machine();
  const summary =
    `publication ${publishRate} releases/s (× bare insert ${publicationRatio}); releases API ${releasesLoad.api.rps} req/s p95 ${releasesLoad.api.p95} ms (× bare ${releasesRatio}); ` +
    `records p95 ${recordsLoad.api.p95} ms (× bare ${recordsRatio}); bulk ${bulk.releasesPerSecond} releases/s (× psql+gzip ${bulkRatio})`;
  console.log(`\nO1: ${summary}`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);
  const file = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    goal: null,
    goalNote: 'no quality.md bar for open data: figures and ratios against baselines measured in the same run, never pass / fail',
    summary,
    settings: {
      contracts: CONTRACTS, connections: CONNECTIONS, apiSecondsPerSide: API_SECONDS, recordSecondsPerSide: RECORD_SECONDS, warmupSeconds: WARMUP_SECONDS,
      databasePoolSize: POOL_SIZE, insertBatch: INSERT_BATCH, pageLimit: 100, releasePaths: paths.length, recordPaths: recordPaths.length, workerJobConcurrency: 4,
    },
    data,
    ratios: {
      publication: publicationRatio,
      releasesApi: releasesRatio,
      recordsApi: recordsRatio,
      bulk: bulkRatio,
      bulkCli: bulkRatioCli,
      meaning: {
        publication: 'releases/s from the outbox commit to the last release stored (relay + worker + PublicationsService) ÷ releases/s of INSERTing the same stored JSON bare in batches of 500 on one connection',
        releasesApi: 'req/s of GET /api/v1/ocds/releases?limit=100 through the API ÷ the bare node:http + pg server with the same SQL and the same bytes, same connections (higher is better, 1 = no overhead)',
        recordsApi: 'the same for GET /api/v1/ocds/records/:ocid',
        bulk: 'releases/s of BulkFilesService.build (its own duration) ÷ releases/s of psql streaming the same rows into gzip',
        bulkCli: 'the same with the whole CLI command (Nest start-up included)',
      },
    },
    publication,
    insertBaseline,
    releasesApi: { ...releasesLoad, ratio: releasesRatio },
    recordsApi: { ...recordsLoad, ratio: recordsRatio },
    checks,
    bulk,
    bulkBaseline,
    explain: explainPlans,
    valid,
    problems,
    ...runInfo({ api, worker, before, after, started }),
  });
  console.log(`wrote ${file}`);
  return valid;
}

if (process.env.O1_BASELINE_SERVER === '1') await baselineServer();
else await runBench(main);
