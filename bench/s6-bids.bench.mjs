// S6 (docs/quality.md): bid burst at a deadline, 200 concurrent suppliers — ≥ 300 accepted
// bids/s, p99 ≤ 250 ms, zero lost, zero accepted after the deadline.
//
//   npm run bench -- s6-bids            # full: 200 suppliers, bursts of 8 s up to the deadline
//   npm run bench -- s6-bids --smoke    # CI size: 50 suppliers, bursts of 3 s
//
// Each burst is one published requirement whose closing time is set (by SQL, from
// clock_timestamp()) a few seconds ahead just before it starts. Every supplier has a saved draft
// bid on it and, through the compiled API, submits it, withdraws it, submits it again... until
// the deadline, and once more after it (POST /api/v1/requirements/:id/bid/submit and
// /bid/withdraw, each supplier signed in with its own account). Every response is recorded with
// its send time (converted to the database clock), latency and receipt, then checked against the
// database: every receipt exists with the same digest and received_at, nothing was received at or
// after the closing time, every request sent after it was refused with 409 TENDERING.CLOSED,
// withdrawals and the final state of each bid match what the suppliers were told, and every
// accepted submission and withdrawal has its audit row (the audit chain is verified at the end).
//
// Sides, in the same run:
//   api  — the compiled API (NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=10, its default)
//   bare — the same suppliers and the same submit/withdraw sequence, each step only the
//          INSERT INTO tendering.bid_submission + UPDATE tendering.bid (withdraw: the two
//          UPDATEs) in a transaction on a pg.Pool(10) in this process; the receipt trigger
//          still refuses at the deadline.
// Segments: a warm-up burst each (api, bare), then bare → api → api → bare in a closed loop
// (each supplier's next request as soon as the previous is answered: capacity, and the ratio),
// then one api burst paced at the goal's rate (300 submissions/s offered, plus the withdrawals):
// the latency figure. Smoke: bare → api → bare, then paced.
//
// Env (optional): BENCH_S6_SUPPLIERS, BENCH_S6_SECONDS (each burst until its deadline),
//   BENCH_S6_PACED_RATE (submissions/s offered in the paced burst), BENCH_S6_POOL (the API's and
//   the bare pool's size), BENCH_S6_DB (must contain "test"), BENCH_DATABASE_URL / DATABASE_URL,
//   BENCH_REDIS_URL / REDIS_URL, BENCH_API_MAIN, BENCH_API_NODE_ARGS, BENCH_API_LOG_LEVEL (as for s2).
import { randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import pg from 'pg';
import {
  freePort,
  machine,
  num,
  onCleanup,
  processCpuMs,
  repoRoot,
  requireDist,
  round,
  runBench,
  runInfo,
  smoke,
  startApi,
  table,
  writeResult,
} from './lib/harness.mjs';
import { benchDatabase } from './lib/reporting-data.mjs';
import { settle } from './lib/s1-queries.mjs';
import { US_SQL, UTC_MICROS_SQL, apiBurst, backendSampler, bareBurst, clockOffset, isoToUs, percentiles } from './lib/s6-burst.mjs';

const NAME = 's6-bids';
const GOALS = { acceptedPerSecond: 300, p99Ms: 250, lost: 0, acceptedAfterDeadline: 0 };
const REDIS_PREFIX = '{opm-bench}';
const CLOSED = 'TENDERING.CLOSED';

const SUPPLIERS = num(process.env.BENCH_S6_SUPPLIERS, smoke ? 50 : 200);
const SECONDS = num(process.env.BENCH_S6_SECONDS, smoke ? 3 : 8);
const PACED_RATE = num(process.env.BENCH_S6_PACED_RATE, GOALS.acceptedPerSecond);
const POOL_SIZE = num(process.env.BENCH_S6_POOL, 10);
const DB_NAME = process.env.BENCH_S6_DB || (smoke ? 'opm_bench_test_s6_smoke' : 'opm_bench_test_s6');

const PLAN = [
  { side: 'api', mode: 'closed', seconds: smoke ? 2 : 4, warmup: true },
  { side: 'bare', mode: 'closed', seconds: smoke ? 1 : 2, warmup: true },
  ...(smoke ? ['bare', 'api', 'bare'] : ['bare', 'api', 'api', 'bare']).map((side) => ({ side, mode: 'closed', seconds: SECONDS })),
  { side: 'api', mode: 'paced', seconds: SECONDS },
];

const settings = {
  suppliers: SUPPLIERS,
  burstSeconds: SECONDS,
  pacedSubmissionsPerSecond: PACED_RATE,
  // paced: each supplier alternates submit and withdraw, so it sends 2 × rate / suppliers requests/s
  pacedRequestIntervalMs: round((SUPPLIERS / (2 * PACED_RATE)) * 1000, 2),
  databasePoolSize: POOL_SIZE,
  plan: PLAN.map((p) => `${p.warmup ? 'warm-up ' : ''}${p.side} ${p.mode} ${p.seconds} s`),
  routes: ['POST /api/v1/requirements/:id/bid/submit', 'POST /api/v1/requirements/:id/bid/withdraw'],
  criteria: { essential: 3, nice: 2 },
};

const SIDES = {
  api:
    'the compiled API (node dist/apps/api/apps/api/src/main.js, NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=10): ' +
    "Fastify, helmet's headers, the request's log line, ThrottlerGuard (Redis), JwtAuthGuard (JWT + session lookup), RolesGuard, ParseUUIDPipe; " +
    'BidsService.submit in a transaction: requirement FOR SHARE + deadline check, bid FOR UPDATE, criteria check, ' +
    'size band at the database time, INSERT bid_submission (trigger stamps and re-checks the time), UPDATE bid, ' +
    'audit append (global advisory lock, chain head read, INSERT); withdraw alike. Driven by node:http clients, one keep-alive connection per supplier',
  bare:
    'pg.Pool of the same size in the bench process, one async loop per supplier: submit = BEGIN; INSERT INTO tendering.bid_submission ' +
    '... RETURNING received_at; UPDATE tendering.bid; COMMIT (the receipt trigger still runs); withdraw = BEGIN; UPDATE bid_submission ' +
    'SET withdrawn_at (only before the closing time); UPDATE bid; COMMIT. Digest computed with the API\'s own bidDigestContent + sha256Hex',
};

// ---------------------------------------------------------------------------------------------
// seed

const BANDS = [
  { band: 'micro', headcount: 6, turnover: 900_000, balance: 700_000 },
  { band: 'small', headcount: 32, turnover: 6_500_000, balance: 4_000_000 },
  { band: 'medium', headcount: 140, turnover: 31_000_000, balance: 25_000_000 },
  { band: 'large', headcount: 600, turnover: 120_000_000, balance: 90_000_000 },
];

async function seed(client, passwordHash, requirementCount) {
  const buyer = { org: randomUUID(), user: randomUUID() };
  const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => ({
    n: i + 1,
    org: randomUUID(),
    userId: randomUUID(),
    email: `bidder${i + 1}@bench-supplier-${i + 1}.example`,
    // 9 in 10 have a size declaration (micro, small, medium, large in turn), the rest none ('unknown')
    declared: i % 10 !== 9 ? BANDS[i % BANDS.length] : null,
  }));
  const requirements = Array.from({ length: requirementCount }, () => randomUUID());
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at, created_at)
     VALUES ($1, 'buyer', 'Bench Borough Council', 'verified', now() - interval '29 days', now() - interval '30 days')`,
    [buyer.org],
  );
  await client.query(
    `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, created_at)
     VALUES ($1, $2, 'buyer@bench-borough.gov.uk', 'Bench Buyer', $3, ARRAY['buyer_admin']::varchar[], now() - interval '29 days')`,
    [buyer.user, buyer.org, passwordHash],
  );
  const col = (f) => suppliers.map(f);
  await client.query(
    `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at, created_at)
     SELECT t.id, 'supplier', 'Bench Supplier ' || t.n || ' Ltd', 'verified', now() - interval '19 days', now() - interval '20 days'
       FROM unnest($1::uuid[], $2::int[]) AS t(id, n)`,
    [col((s) => s.org), col((s) => s.n)],
  );
  await client.query(
    `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, created_at)
     SELECT t.id, t.org, t.email, 'Bid Writer ' || t.n, $4, ARRAY['supplier_admin']::varchar[], now() - interval '19 days'
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $5::int[]) AS t(id, org, email, n)`,
    [col((s) => s.userId), col((s) => s.org), col((s) => s.email), passwordHash, col((s) => s.n)],
  );
  const declared = suppliers.filter((s) => s.declared);
  const d = (f) => declared.map(f);
  await client.query(
    `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
       balance_sheet_currency, figures_date, stated_band, derived_band, definition, band_mismatch, valid_from, declared_by, created_at)
     SELECT gen_random_uuid(), t.org, t.headcount, t.turnover, 'EUR', t.balance, 'EUR', current_date - 200, t.band, t.band, 'eu-2003-361', false,
            now() - interval '18 days', t.declared_by, now() - interval '18 days'
       FROM unnest($1::uuid[], $2::int[], $3::numeric[], $4::numeric[], $5::text[], $6::uuid[]) AS t(org, headcount, turnover, balance, band, declared_by)`,
    [d((s) => s.org), d((s) => s.declared.headcount), d((s) => s.declared.turnover), d((s) => s.declared.balance), d((s) => s.declared.band), d((s) => s.userId)],
  );
  const { rows: lots } = await client.query(`SELECT id FROM catalogue.lot WHERE kind = 'requirements' ORDER BY sort_order, slug LIMIT 1`);
  if (!lots.length) throw new Error('no lot of kind "requirements" after the migrations');
  // Published, live for a day: each burst moves its requirement's closing time to a few seconds ahead.
  await client.query(
    `INSERT INTO tendering.requirement (id, organisation_id, status, title, summary, problem_statement, description, lot_id, location,
       budget_min, budget_max, currency, contract_length_months, technical_weight, price_weight, questions_close_at, closes_at,
       published_at, created_by, created_at, updated_at)
     SELECT t.id, $2, 'published', 'Bench burst ' || t.n || ': case management system replacement',
            'Replace the council''s ageing case management system with a hosted service.',
            'Caseworkers re-key data between three systems.', repeat('The service must support casework, reporting and integrations. ', 20),
            $3, 'London', 100000, 400000, 'GBP', 24, 60, 40, now() - interval '1 hour', now() + interval '1 day',
            now() - interval '10 days', $4, now() - interval '11 days', now() - interval '10 days'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
    [requirements, buyer.org, lots[0].id, buyer.user],
  );
  await client.query(
    `INSERT INTO tendering.criterion (id, requirement_id, kind, position, text)
     SELECT gen_random_uuid(), r.id, k.kind, k.position, 'Criterion ' || k.kind || ' ' || k.position || ': describe how you would deliver it.'
       FROM unnest($1::uuid[]) AS r(id)
      CROSS JOIN (VALUES ('essential', 1), ('essential', 2), ('essential', 3), ('nice', 1), ('nice', 2)) AS k(kind, position)`,
    [requirements],
  );
  // A saved draft bid of every supplier on every requirement, answering every criterion, with a price.
  await client.query(
    `INSERT INTO tendering.bid (id, requirement_id, organisation_id, status, answers, price, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), r.id, s.org, 'draft',
            (SELECT jsonb_object_agg(c.id::text, 'For ' || c.kind || ' criterion ' || c.position || ' we offer a named team of ' || (3 + s.n % 7) ||
                    ' with ' || (2 + s.n % 11) || ' years of comparable delivery, and a worked example from a similar council.')
               FROM tendering.criterion c WHERE c.requirement_id = r.id),
            round((180000 + s.n * 137.25)::numeric, 2), s.user_id, now() - interval '1 day', now() - interval '1 day'
       FROM unnest($1::uuid[]) AS r(id)
      CROSS JOIN unnest($2::uuid[], $3::uuid[], $4::int[]) AS s(org, user_id, n)`,
    [requirements, col((s) => s.org), col((s) => s.userId), col((s) => s.n)],
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
  return { buyer, suppliers, requirements };
}

/** The seeded draft bids of a requirement, in supplier order, with what the API will stamp on them. */
async function draftBids(client, requirementId, suppliers) {
  const { rows } = await client.query(
    `SELECT b.id, b.organisation_id AS org, b.answers, b.price::text AS price, r.currency, d.derived_band AS band
       FROM tendering.bid b
       JOIN tendering.requirement r ON r.id = b.requirement_id
       LEFT JOIN suppliers.size_declaration d ON d.organisation_id = b.organisation_id AND d.valid_to IS NULL
      WHERE b.requirement_id = $1`,
    [requirementId],
  );
  const byOrg = new Map(rows.map((r) => [r.org, r]));
  return suppliers.map((s) => {
    const b = byOrg.get(s.org);
    return { id: b.id, org: s.org, userId: s.userId, requirementId, answers: b.answers, price: b.price, currency: b.currency, band: b.band ?? 'unknown' };
  });
}

async function signInAll(port, suppliers, password, concurrency = 4) {
  let next = 0;
  const worker = async () => {
    while (next < suppliers.length) {
      const s = suppliers[next++];
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: s.email, password }),
      });
      const body = await res.json().catch(() => null);
      if (res.status !== 200 || !body?.accessToken) throw new Error(`sign-in of ${s.email} failed: ${res.status} ${JSON.stringify(body)}`);
      s.token = body.accessToken;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// ---------------------------------------------------------------------------------------------
// checks against the database

/**
 * Everything the suppliers were told about one burst, against what the database holds.
 * `expectedDigest(client)` is the digest of that supplier's draft computed here.
 */
async function verifyBurst(client, { requirementId, closesUs, clock, records, expectedDigest, audit }) {
  const { rows: subs } = await client.query(
    `SELECT s.id, s.bid_id AS "bidId", s.digest, ${UTC_MICROS_SQL('s.received_at')} AS "receivedAt",
            ${US_SQL('s.received_at')} AS "receivedUs", ${US_SQL('s.withdrawn_at')} AS "withdrawnUs"
       FROM tendering.bid_submission s WHERE s.requirement_id = $1`,
    [requirementId],
  );
  const { rows: bids } = await client.query(`SELECT id, status, submission_id AS "submissionId" FROM tendering.bid WHERE requirement_id = $1`, [requirementId]);
  const subById = new Map(subs.map((s) => [s.id, s]));
  const bidById = new Map(bids.map((b) => [b.id, b]));
  const c = {
    receiptsMissing: 0, // a 200 receipt with no row
    receiptsDifferent: 0, // a row whose digest, received_at or bid differs from the receipt
    wrongDigest: 0, // a receipt whose digest is not the SHA-256 of the supplier's saved bid
    unacknowledgedRows: 0, // a row no supplier got a receipt for
    withdrawalsLost: 0, // a 200 withdrawal whose receipt is not marked withdrawn
    withdrawnUnasked: 0, // a receipt marked withdrawn without an acknowledged withdrawal
    finalStateWrong: 0, // a bid whose status / submission differs from the last thing its supplier was told
    receivedAtOrAfterClose: 0, // rows with received_at >= closes_at
    receiptsAtOrAfterClose: 0, // 200 receipts saying so
    acceptedAfterClose: 0, // 200s (submit or withdraw) for requests sent after the closing time
    sentAfterCloseNotRefused: 0, // requests sent after the closing time answered anything but 409 CLOSED
    withdrawnAtOrAfterClose: 0, // receipts marked withdrawn at or after the closing time
    clockInconsistent: 0, // receipts stamped outside [sent, answered] by the clock mapping
  };
  const acknowledged = new Set();
  const byClient = new Map();
  for (const r of records) {
    if (!byClient.has(r.client)) byClient.set(r.client, []);
    byClient.get(r.client).push(r);
    if (r.afterClose && r.status === 200) c.acceptedAfterClose++;
    if (r.afterClose && !(r.status === 409 && r.code === CLOSED)) c.sentAfterCloseNotRefused++;
  }
  for (const [clientIndex, list] of byClient) {
    let last = null; // the last receipt
    let lastOp = null; // the last acknowledged op
    const withdrawnExpected = new Set();
    for (const r of list) {
      if (r.status !== 200) continue;
      lastOp = r.op;
      if (r.op === 'submit') {
        const rc = r.receipt;
        last = rc;
        acknowledged.add(rc.submissionId);
        const row = subById.get(rc.submissionId);
        if (!row) c.receiptsMissing++;
        else if (row.digest !== rc.digest || row.receivedAt !== rc.receivedAt || row.bidId !== rc.bidId) c.receiptsDifferent++;
        if (rc.digest !== expectedDigest(clientIndex)) c.wrongDigest++;
        const rcUs = isoToUs(rc.receivedAt);
        if (!(rcUs < closesUs)) c.receiptsAtOrAfterClose++;
        const sentDb = r.sentUs + clock.offsetUs;
        const doneDb = r.doneUs + clock.offsetUs;
        if (rcUs < sentDb - clock.uncertaintyUs - 1 || rcUs > doneDb + clock.uncertaintyUs + 1) c.clockInconsistent++;
      } else if (last) {
        withdrawnExpected.add(last.submissionId);
        if (subById.get(last.submissionId)?.withdrawnUs == null) c.withdrawalsLost++;
      }
    }
    for (const r of list) {
      if (r.status === 200 && r.op === 'submit' && !withdrawnExpected.has(r.receipt.submissionId) && subById.get(r.receipt.submissionId)?.withdrawnUs != null) {
        c.withdrawnUnasked++;
      }
    }
    const bidId = list.find((r) => r.receipt)?.receipt.bidId;
    const bid = bidId ? bidById.get(bidId) : null;
    if (bid) {
      const want = lastOp === 'submit' ? { status: 'submitted', submissionId: last.submissionId } : lastOp === 'withdraw' ? { status: 'withdrawn', submissionId: null } : { status: 'draft', submissionId: null };
      if (bid.status !== want.status || bid.submissionId !== want.submissionId) c.finalStateWrong++;
    }
  }
  for (const s of subs) {
    if (!acknowledged.has(s.id)) c.unacknowledgedRows++;
    if (!(Number(s.receivedUs) < closesUs)) c.receivedAtOrAfterClose++;
    if (s.withdrawnUs != null && Number(s.withdrawnUs) >= closesUs) c.withdrawnAtOrAfterClose++;
  }
  const lastReceivedUs = subs.reduce((m, s) => Math.max(m, Number(s.receivedUs)), 0);
  const out = {
    rows: subs.length,
    ...c,
    lost: c.receiptsMissing + c.receiptsDifferent + c.withdrawalsLost + c.finalStateWrong,
    acceptedAfterDeadline: c.receivedAtOrAfterClose + c.receiptsAtOrAfterClose + c.acceptedAfterClose + c.sentAfterCloseNotRefused,
    lastReceiptBeforeCloseMs: subs.length ? round((closesUs - lastReceivedUs) / 1000, 3) : null,
  };
  if (audit) {
    const { rows: events } = await client.query(
      `SELECT action, data->>'submissionId' AS "submissionId", data->>'digest' AS digest
         FROM audit.audit_event WHERE subject_type = 'bid' AND data->>'requirementId' = $1`,
      [requirementId],
    );
    const submitted = new Map(events.filter((e) => e.action === 'tendering.bid.submitted').map((e) => [e.submissionId, e]));
    const withdrawn = events.filter((e) => e.action === 'tendering.bid.withdrawn').length;
    let auditMissing = 0;
    for (const id of acknowledged) if (submitted.get(id)?.digest !== subById.get(id)?.digest) auditMissing++;
    const withdrawalsOk = records.filter((r) => r.op === 'withdraw' && r.status === 200).length;
    out.audit = { submitted: submitted.size, withdrawn, missingOrDifferent: auditMissing, extraSubmitted: submitted.size - acknowledged.size, withdrawnDifference: withdrawn - withdrawalsOk };
  }
  return out;
}

/** Re-walks the whole audit chain with the API's own findChainBreak. */
async function verifyAuditChain(client) {
  const { findChainBreak } = requireDist('libs/audit/src/domain/audit-chain.js');
  const { rows } = await client.query(
    `SELECT id::text AS id, ${UTC_MICROS_SQL('occurred_at')} AS "occurredAt", actor_user_id AS "actorUserId",
            actor_organisation_id AS "actorOrganisationId", action, subject_type AS "subjectType", subject_id AS "subjectId",
            ip, request_id AS "requestId", data, prev_hash AS "prevHash", hash
       FROM audit.audit_event ORDER BY audit_event.id`,
  );
  const { broken } = findChainBreak(rows, null);
  return { rows: rows.length, ok: !broken, firstBroken: broken };
}

// ---------------------------------------------------------------------------------------------
// figures

function burstFigures(records, closesUs, clock, startUs) {
  const firstSentDb = Math.min(...records.map((r) => r.sentUs)) + clock.offsetUs;
  const windowS = (closesUs - firstSentDb) / 1e6;
  const accepted = records.filter((r) => r.op === 'submit' && r.status === 200);
  const withdrawals = records.filter((r) => r.op === 'withdraw' && r.status === 200);
  const refused = records.filter((r) => r.status === 409 && r.code === CLOSED);
  const beforeClose = records.filter((r) => !r.afterClose);
  const statuses = {};
  for (const r of records) {
    const k = `${r.op} ${r.status}${r.code && r.status !== 200 ? ' ' + r.code : ''}${r.error && r.status === 0 ? ' ' + r.error : ''}`;
    statuses[k] = (statuses[k] ?? 0) + 1;
  }
  const unexpected = records.filter((r) => !(r.status === 200 || (r.status === 409 && r.code === CLOSED)));
  const lastDoneDb = Math.max(...records.map((r) => r.doneUs)) + clock.offsetUs;
  return {
    windowSeconds: round(windowS, 3),
    accepted: accepted.length,
    acceptedPerSecond: round(accepted.length / windowS, 1),
    withdrawals: withdrawals.length,
    requests: records.length,
    requestsPerSecond: round(beforeClose.length / windowS, 1),
    latencyAccepted: percentiles(accepted.map((r) => r.ms)),
    latencyWithdrawals: percentiles(withdrawals.map((r) => r.ms)),
    latencyRefused: percentiles(refused.map((r) => r.ms)),
    latencyAllBeforeClose: percentiles(beforeClose.map((r) => r.ms)),
    pacedLagMs: percentiles(records.map((r) => r.lagMs)),
    // which check refused: the API's deadline check before any write, or (the race) the receipt
    // trigger at the moment of stamping — by the problem's detail
    refusals: refused.reduce((m, r) => ((m[`${r.op}: ${r.detail}`] = (m[`${r.op}: ${r.detail}`] ?? 0) + 1), m), {}),
    refusedAfterClose: refused.filter((r) => r.afterClose).length,
    refusedInFlight: refused.filter((r) => !r.afterClose).length, // sent before (or at) the deadline, received after it
    sentAfterClose: records.filter((r) => r.afterClose).length,
    suppliersRefusedAfterClose: new Set(refused.filter((r) => r.afterClose).map((r) => r.client)).size,
    drainMsAfterClose: round((lastDoneDb - closesUs) / 1000, 1),
    statuses,
    serverErrors: records.filter((r) => r.status >= 500).length,
    socketErrors: records.filter((r) => r.status === 0).length,
    unexpected: unexpected.length,
    unexpectedExamples: unexpected.slice(0, 5).map((r) => ({ op: r.op, status: r.status, code: r.code, error: r.error })),
    burstWallSeconds: round((Math.max(...records.map((r) => r.doneUs)) - startUs) / 1e6, 2),
  };
}

/** Merged figures of several bursts of one kind: accepted per second over their summed windows. */
function mergeBursts(segs) {
  if (!segs.length) return null;
  const all = segs.flatMap((s) => s.records);
  const accepted = all.filter((r) => r.op === 'submit' && r.status === 200);
  const windowS = segs.reduce((t, s) => t + s.figures.windowSeconds, 0);
  const cpu = (k) => (segs.every((s) => s[k] != null) ? round(segs.reduce((t, s) => t + s[k] * s.figures.requests, 0) / segs.reduce((t, s) => t + s.figures.requests, 0), 0) : null);
  return {
    bursts: segs.length,
    windowSeconds: round(windowS, 3),
    accepted: accepted.length,
    acceptedPerSecond: round(accepted.length / windowS, 1),
    requestsPerSecond: round(all.filter((r) => !r.afterClose).length / windowS, 1),
    latencyAccepted: percentiles(accepted.map((r) => r.ms)),
    latencyWithdrawals: percentiles(all.filter((r) => r.op === 'withdraw' && r.status === 200).map((r) => r.ms)),
    apiCpuUsPerRequest: cpu('apiCpuUsPerRequest'),
    dbCpuUsPerRequest: cpu('dbCpuUsPerRequest'),
    benchCpuUsPerRequest: cpu('benchCpuUsPerRequest'),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const before = machine();
  console.log(`S6 bid burst at a deadline: ${SUPPLIERS} suppliers through the API vs the same writes bare with pg (${smoke ? 'SMOKE' : 'full'} size)`);
  console.log(`machine: node ${before.node}, ${before.cpuCount} CPUs, load average ${before.loadavg.join(' ')}`);
  if (before.loadavg[0] > before.cpuCount * 0.5) {
    console.log(`note: the machine is already busy (1-min load ${before.loadavg[0]} on ${before.cpuCount} CPUs): figures will be noisy`);
  }
  const { bidDigestContent } = requireDist('libs/tendering/src/application/bids.service.js');
  const { sha256Hex } = requireDist('libs/shared/src/index.js');
  const digestOf = (b) => sha256Hex(bidDigestContent({ requirementId: b.requirementId, organisationId: b.org, answers: b.answers, price: b.price, currency: b.currency }));

  // 1. database and redis
  const { dbUrl, rUrl, admin } = await benchDatabase({ dbName: DB_NAME, redisPrefix: REDIS_PREFIX, appName: 'bench-s6' });
  const monitor = new pg.Client({ connectionString: dbUrl, application_name: 'bench-s6-monitor' });
  await monitor.connect();
  onCleanup('close the monitor connection', () => monitor.end());

  // 2. seed: a buyer, N verified suppliers with a user each, one published requirement per burst
  //    with criteria and a saved draft bid of every supplier
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const t0 = Date.now();
  const seeded = await seed(admin, hash, PLAN.length);
  console.log(`seeded in ${Date.now() - t0} ms: ${SUPPLIERS} verified suppliers with a user each, ${PLAN.length} published requirements (one per burst) with 5 criteria and ${SUPPLIERS} draft bids each`);

  // 3. the API
  const apiPort = await freePort();
  const api = await startApi({ port: apiPort, dbUrl: dbUrl, redisUrl: rUrl, redisPrefix: REDIS_PREFIX, poolSize: POOL_SIZE, env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } });

  // 4. every supplier signs in through the API (argon2id verification each)
  const t1 = Date.now();
  await signInAll(apiPort, seeded.suppliers, password);
  console.log(`signed in ${SUPPLIERS} suppliers through POST /api/v1/auth/sign-in in ${Date.now() - t1} ms`);

  const pool = new pg.Pool({ connectionString: dbUrl, max: POOL_SIZE, application_name: 'bench-s6-bare' });
  onCleanup('close the bare pool', () => pool.end());
  await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.query('SELECT 1'))); // open its connections

  console.log(`\napi:  ${SIDES.api}`);
  console.log(`bare: ${SIDES.bare}`);
  console.log(
    `\nbursts: ${settings.plan.join(' → ')}; each ends at its requirement's closing time (set to clock_timestamp() + the burst's seconds just before it starts), ` +
      `then every supplier sends once more; paced: ${PACED_RATE} submissions/s offered (one request per supplier every ${settings.pacedRequestIntervalMs} ms)\n`,
  );

  // 5. the bursts
  const segments = [];
  for (const [k, step] of PLAN.entries()) {
    const requirementId = seeded.requirements[k];
    const bids = await draftBids(admin, requirementId, seeded.suppliers);
    const settleMs = await settle(admin, DB_NAME);
    const clock = await clockOffset(monitor);
    const { rows: [cl] } = await admin.query(
      `UPDATE tendering.requirement SET closes_at = clock_timestamp() + make_interval(secs => $2) WHERE id = $1 RETURNING ${US_SQL('closes_at')} AS us`,
      [requirementId, step.seconds],
    );
    const closesUs = Number(cl.us);
    const apiCpu0 = processCpuMs(api.pid);
    const benchCpu0 = process.cpuUsage();
    const sampler = backendSampler(monitor, DB_NAME, step.side);
    await sampler.ready;
    const common = { requirementId, closesDbUs: closesUs, clock, mode: step.mode, intervalUs: settings.pacedRequestIntervalMs * 1000, stopAtUs: closesUs - clock.offsetUs + 60e6 };
    const burst =
      step.side === 'api'
        ? await apiBurst({ ...common, port: apiPort, suppliers: seeded.suppliers })
        : await bareBurst({ ...common, pool, bids, digestOf });
    const benchCpu = process.cpuUsage(benchCpu0);
    const { waits, cpuMs: dbCpuMs, backends: dbBackends } = await sampler.stop();
    const apiCpuMs = apiCpu0 === null ? null : processCpuMs(api.pid) - apiCpu0;
    const figures = burstFigures(burst.records, closesUs, clock, burst.startUs);
    const digests = bids.map(digestOf);
    const checks = await verifyBurst(admin, { requirementId, closesUs, clock, records: burst.records, expectedDigest: (i) => digests[i], audit: step.side === 'api' });
    const seg = {
      ...step,
      requirementId,
      settleMs,
      clock,
      figures,
      checks,
      waits,
      apiCpuUsPerRequest: step.side === 'api' && apiCpuMs !== null ? round((apiCpuMs * 1000) / figures.requests, 0) : null,
      dbCpuUsPerRequest: dbCpuMs === null ? null : round((dbCpuMs * 1000) / figures.requests, 0),
      dbBackends,
      // this process: the HTTP clients (api) or the pg clients (bare)
      benchCpuUsPerRequest: round((benchCpu.user + benchCpu.system) / figures.requests, 0),
      records: burst.records,
    };
    segments.push(seg);
    const f = figures;
    console.log(
      `  ${(step.warmup ? 'warm-up ' : '') + step.side} ${step.mode}`.padEnd(22) +
        ` ${String(f.accepted).padStart(5)} accepted in ${f.windowSeconds} s = ${String(f.acceptedPerSecond).padStart(6)} bids/s  ` +
        `(${f.requestsPerSecond} req/s)  p50 ${f.latencyAccepted.p50} p95 ${f.latencyAccepted.p95} p99 ${f.latencyAccepted.p99} ms  ` +
        `refused after close ${f.refusedAfterClose}, in flight ${f.refusedInFlight}  lost ${checks.lost}  late ${checks.acceptedAfterDeadline}` +
        (f.unexpected ? `  UNEXPECTED ${f.unexpected}` : '') +
        (seg.apiCpuUsPerRequest !== null ? `  api CPU ${seg.apiCpuUsPerRequest} µs/req` : '') +
        (seg.dbCpuUsPerRequest !== null ? `  db CPU ${seg.dbCpuUsPerRequest} µs/req` : ''),
    );
  }
  const chain = await verifyAuditChain(admin);

  // 6. figures
  const measured = segments.filter((s) => !s.warmup);
  const apiClosed = mergeBursts(measured.filter((s) => s.side === 'api' && s.mode === 'closed'));
  const bareClosed = mergeBursts(measured.filter((s) => s.side === 'bare' && s.mode === 'closed'));
  const apiPaced = mergeBursts(measured.filter((s) => s.side === 'api' && s.mode === 'paced'));
  const ratio = round(apiClosed.acceptedPerSecond / bareClosed.acceptedPerSecond, 3);
  const apiSegs = segments.filter((s) => s.side === 'api');
  const sum = (segs, f) => segs.reduce((t, s) => t + f(s), 0);
  const integrity = {
    lost: sum(apiSegs, (s) => s.checks.lost),
    acceptedAfterDeadline: sum(apiSegs, (s) => s.checks.acceptedAfterDeadline),
    accepted: sum(apiSegs, (s) => s.figures.accepted),
    withdrawals: sum(apiSegs, (s) => s.figures.withdrawals),
    refusedAfterClose: sum(apiSegs, (s) => s.figures.refusedAfterClose),
    refusedInFlight: sum(apiSegs, (s) => s.figures.refusedInFlight),
    // passed the service's deadline check, refused by the receipt trigger when stamped (the race it exists for)
    refusedByReceiptTrigger: sum(apiSegs, (s) => s.records.filter((r) => r.status === 409 && /before your bid was received/.test(r.detail ?? '')).length),
    serverErrors: sum(apiSegs, (s) => s.figures.serverErrors),
    unacknowledgedRows: sum(apiSegs, (s) => s.checks.unacknowledgedRows),
    wrongDigest: sum(apiSegs, (s) => s.checks.wrongDigest),
    withdrawnAtOrAfterClose: sum(apiSegs, (s) => s.checks.withdrawnAtOrAfterClose),
    auditMissingOrDifferent: sum(apiSegs, (s) => s.checks.audit.missingOrDifferent + Math.abs(s.checks.audit.extraSubmitted) + Math.abs(s.checks.audit.withdrawnDifference)),
    auditChain: chain,
    closestAcceptedBeforeCloseMs: Math.min(...apiSegs.map((s) => s.checks.lastReceiptBeforeCloseMs ?? Infinity)),
    bursts: apiSegs.length,
  };

  // 7. validity: nothing but 200 and 409 CLOSED, no socket errors, every supplier refused once after
  //    the deadline, a consistent clock mapping, the API still up, the chain intact
  const problems = [];
  for (const s of segments) {
    const label = `${s.warmup ? 'warm-up ' : ''}${s.side} ${s.mode}`;
    if (s.figures.unexpected) problems.push(`${label}: ${s.figures.unexpected} responses neither 200 nor 409 ${CLOSED}: ${JSON.stringify(s.figures.unexpectedExamples)}`);
    if (s.figures.suppliersRefusedAfterClose !== SUPPLIERS) problems.push(`${label}: only ${s.figures.suppliersRefusedAfterClose} of ${SUPPLIERS} suppliers got a refusal for a request sent after the deadline`);
    if (s.checks.clockInconsistent) problems.push(`${label}: ${s.checks.clockInconsistent} receipts stamped outside their request's send..answer interval by the clock mapping (offset ${s.clock.offsetUs} µs ± ${s.clock.uncertaintyUs})`);
    if (s.side === 'bare' && (s.checks.lost || s.checks.acceptedAfterDeadline || s.checks.unacknowledgedRows)) problems.push(`${label}: the bare side's own bookkeeping is off (${JSON.stringify(s.checks)})`);
  }
  if (!chain.ok) problems.push(`the audit chain is broken at ${JSON.stringify(chain.firstBroken)}`);
  if (api.exited()) problems.push(`the API exited during the run (${JSON.stringify(api.exited())})`);
  const valid = problems.length === 0;
  const goalsMet = {
    acceptedPerSecond: apiClosed.acceptedPerSecond >= GOALS.acceptedPerSecond,
    p99Ms: apiPaced.latencyAccepted.p99 !== null && apiPaced.latencyAccepted.p99 <= GOALS.p99Ms,
    lost: integrity.lost === 0 && integrity.unacknowledgedRows === 0,
    acceptedAfterDeadline: integrity.acceptedAfterDeadline === 0,
  };
  const met = valid && Object.values(goalsMet).every(Boolean);

  const after = machine();
  const row = (label, m) => [label, m.acceptedPerSecond, m.requestsPerSecond, m.latencyAccepted.p50, m.latencyAccepted.p95, m.latencyAccepted.p99, m.latencyAccepted.max, m.accepted, m.apiCpuUsPerRequest ?? '—', m.dbCpuUsPerRequest ?? '—', m.benchCpuUsPerRequest ?? '—'];
  console.log(
    '\n' +
      table([
        ['', 'bids/s', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'accepted', 'api CPU µs/req', 'db CPU µs/req', 'bench CPU µs/req'],
        row('api closed', apiClosed),
        row('bare closed', bareClosed),
        row(`api paced ${PACED_RATE}/s`, apiPaced),
      ]),
  );
  const waitsOf = (segs) => {
    const acc = {};
    for (const s of segs) for (const [k, v] of Object.entries(s.waits)) acc[k] = (acc[k] ?? 0) + v / segs.length;
    return Object.entries(acc).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${round(v, 1)}`).join(', ');
  };
  console.log(`\ndatabase backends, average number in each state — api closed: ${waitsOf(measured.filter((s) => s.side === 'api' && s.mode === 'closed'))}`);
  console.log(`                                                bare closed: ${waitsOf(measured.filter((s) => s.side === 'bare'))}`);
  console.log(
    `\nintegrity over ${integrity.bursts} api bursts: ${integrity.accepted} receipts and ${integrity.withdrawals} withdrawals acknowledged — lost ${integrity.lost}, ` +
      `rows nobody was told about ${integrity.unacknowledgedRows}, accepted after the deadline ${integrity.acceptedAfterDeadline}, ` +
      `refused after the deadline ${integrity.refusedAfterClose} (+ ${integrity.refusedInFlight} sent before it but received after; ${integrity.refusedByReceiptTrigger} of all refusals by the receipt trigger), 5xx ${integrity.serverErrors}, ` +
      `digests not of the saved bid ${integrity.wrongDigest}, audit rows missing/different ${integrity.auditMissingOrDifferent}, ` +
      `audit chain ${chain.ok ? 'intact' : 'BROKEN'} (${chain.rows} rows); closest accepted receipt ${integrity.closestAcceptedBeforeCloseMs} ms before a deadline` +
      (integrity.withdrawnAtOrAfterClose ? `; NOTE ${integrity.withdrawnAtOrAfterClose} withdrawal(s) stamped at or after the closing time` : ''),
  );
  console.log(
    `\nS6: ${apiClosed.acceptedPerSecond} accepted bids/s with ${SUPPLIERS} suppliers (goal ≥ ${GOALS.acceptedPerSecond}: ${goalsMet.acceptedPerSecond ? 'met' : 'NOT met'}); ` +
      `p99 ${apiPaced.latencyAccepted.p99} ms at ${PACED_RATE} offered bids/s (goal ≤ ${GOALS.p99Ms}: ${goalsMet.p99Ms ? 'met' : 'NOT met'}); ` +
      `lost ${integrity.lost}, accepted after the deadline ${integrity.acceptedAfterDeadline} → ${!valid ? 'INVALID RUN' : met ? 'met' : 'NOT met'}`,
  );
  console.log(`ratio api/bare accepted bids/s (closed loop): ${ratio}; closed-loop api p99 ${apiClosed.latencyAccepted.p99} ms (queueing: ${SUPPLIERS} suppliers ÷ throughput)`);
  if (!valid) for (const p of problems) console.log(`  invalid: ${p}`);
  console.log(`load average before ${before.loadavg.join(' ')}, after ${after.loadavg.join(' ')}`);

  const headline =
    `${apiClosed.acceptedPerSecond} bids/s (≥ ${GOALS.acceptedPerSecond}), p99 ${apiPaced.latencyAccepted.p99} ms at ${PACED_RATE}/s (≤ ${GOALS.p99Ms}), ` +
    `lost ${integrity.lost}, late ${integrity.acceptedAfterDeadline}, api/bare ${ratio}`;
  const file = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    smoke,
    settings,
    sides: SIDES,
    goals: GOALS,
    headline,
    api: { closed: apiClosed, paced: apiPaced },
    bare: { closed: bareClosed },
    acceptedPerSecond: apiClosed.acceptedPerSecond,
    p99Ms: apiPaced.latencyAccepted.p99,
    ratio,
    integrity,
    goalsMet,
    met,
    valid,
    problems,
    segments: segments.map(({ records, ...s }) => s),
    ...runInfo({ api, before, after, started }),
  });
  console.log(`wrote ${file}`);
  return valid;
}

await runBench(main);
