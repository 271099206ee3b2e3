// Shared by the SME-reporting benches (s3-dashboard, s4-freshness, s5-recompute): a large,
// realistic ledger of contracts written straight into reporting.source_contract + award_line
// (and some spend lines) with SQL generate_series; the people the API needs (an analyst, buyers,
// suppliers with size declarations and published offerings); and the real code paths the benches
// drive — a recompute requested through the API and run by the worker, direct awards and
// cancellations through the API that reach the rollups through the outbox and the worker.
//
// Nothing here computes a rollup: the rollups are only ever built by the product's own recompute
// (SmeRecomputeService, run by the worker) or its incremental path (SmeLedgerService).
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import pg from 'pg';
import { databaseUrl, deleteRedisKeys, onCleanup, redisUrl, requireDist, round, sleep, startWorker } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// the vocabulary of the generated ledger

export const SECTORS = ['central', 'local', 'health', 'education', 'devolved', 'other'];
/** Share of the 300 buyers in each sector (local authorities are the most numerous buyers). */
const SECTOR_SHARE = { local: 0.4, health: 0.2, central: 0.15, education: 0.12, devolved: 0.08, other: 0.05 };
const PLACES = [
  'Leeds', 'Bristol', 'Camden', 'Merton', 'Kent', 'Norfolk', 'Cardiff', 'Glasgow', 'Belfast', 'York', 'Derby', 'Luton', 'Bolton', 'Sefton',
  'Wirral', 'Dudley', 'Surrey', 'Devon', 'Essex', 'Oxford', 'Exeter', 'Hull', 'Salford', 'Wigan', 'Barnet', 'Ealing', 'Brent', 'Harrow',
  'Lambeth', 'Hackney', 'Newham', 'Sutton', 'Bexley', 'Bromley', 'Reading', 'Swindon', 'Slough', 'Medway', 'Thurrock', 'Halton',
];
const CENTRAL = ['Department for Transport', 'Department for Work and Pensions', 'Home Office', 'Ministry of Justice', 'HM Revenue and Customs',
  'Cabinet Office', 'Department for Education', 'Environment Agency', 'Crown Commercial Service', 'Ministry of Defence'];
const BUYER_NAME = {
  local: (p, i) => `${p} ${['Borough Council', 'City Council', 'County Council', 'District Council'][i % 4]}`,
  health: (p, i) => `${p} ${['NHS Foundation Trust', 'Integrated Care Board', 'Teaching Hospitals NHS Trust', 'Ambulance Service NHS Trust'][i % 4]}`,
  central: (p, i) => `${CENTRAL[i % CENTRAL.length]} (${p} office)`,
  education: (p, i) => `${['University of', 'College of', 'Academy Trust of', 'Schools of'][i % 4]} ${p}`,
  devolved: (p, i) => `${['Scottish', 'Welsh', 'Northern Ireland'][i % 3]} ${['Water', 'Ambulance Service', 'Government Directorate', 'Enterprise'][i % 4]} (${p})`,
  other: (p, i) => `${p} ${['Housing Association', 'Community Trust', 'Canal and River Trust', 'Chamber of Commerce'][i % 4]}`,
};

function buildBuyers(count = 300) {
  const out = [];
  let i = 0;
  for (const sector of SECTORS) {
    const n = Math.round(count * SECTOR_SHARE[sector]);
    for (let k = 0; k < n && out.length < count; k++, i++) {
      out.push({ key: `GB-GOV-BENCH-${String(i + 1).padStart(4, '0')}`, name: `${BUYER_NAME[sector](PLACES[k % PLACES.length], Math.floor(k / PLACES.length) + k)} ${i + 1}`, sector });
    }
  }
  // interleave the sectors, so that the busiest buyers (the lowest indexes) are in every sector
  return out.sort((a, b) => hashStr(a.key) - hashStr(b.key)).map((b, n) => ({ ...b, rank: n + 1 }));
}

const FRAMEWORKS = [
  'RM6116 Network Services 3', 'RM6100 Technology Services 3', 'RM1557.13 G-Cloud 13', 'RM6263 Digital Specialists and Programmes',
  'RM6187 Management Consultancy Framework Three', 'RM6170 Facilities Management Marketplace', 'RM6089 Healthcare Workforce Services',
  'RM6145 Construction Professional Services', 'RM6152 Legal Services Panel', 'RM6255 Print Management Services', 'RM6068 Technology Products 3',
  'RM6147 Cleaning and Housekeeping', 'NHS SBS Digital Workplace Solutions', 'ESPO Energy Management', 'YPO Office Supplies',
  'NEPO Highways Maintenance', 'Scape Built Environment Consultancy', 'LHC Modular Buildings', 'CCS Fleet Telematics', 'Procure Partnerships Civils',
];
/** Lots per framework: 50 in all. */
const LOTS_PER_FRAMEWORK = [5, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1];
const CPV = [
  'IT services: consulting, software development, Internet and support', 'Software package and information systems', 'Computer support services',
  'Data services', 'Network services', 'Hosting services', 'Cleaning services', 'Catering services', 'Security services', 'Legal services',
  'Accounting and auditing services', 'Management consultancy services', 'Architectural and engineering services', 'Construction work',
  'Road maintenance works', 'Medical equipment', 'Pharmaceutical products', 'Laboratory services', 'Training services', 'Printing services',
  'Postal and courier services', 'Waste management services', 'Energy supply', 'Vehicles and fleet services', 'Furniture', 'Office supplies',
  'Social work services', 'Residential care services', 'Home care services', 'Education services', 'Research and development services',
  'Translation services', 'Recruitment services', 'Insurance services', 'Telecommunications services', 'Grounds maintenance',
  'Building maintenance', 'Street lighting', 'Environmental services', 'Transport services',
];
const CATEGORIES = Array.from({ length: 120 }, (_, i) => `${String(45000000 + ((i * 7919) % 40000) * 1000).slice(0, 8)} ${CPV[i % CPV.length]}${i >= CPV.length ? ` (${['supply', 'works', 'framework call-off'][Math.floor(i / CPV.length) - 1] ?? 'other'})` : ''}`);

function hashStr(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function ledgerVocabulary() {
  const buyers = buildBuyers(300);
  const lots = [];
  const fwLotStart = [];
  const fwLotCount = [];
  FRAMEWORKS.forEach((fw, f) => {
    fwLotStart.push(lots.length + 1);
    fwLotCount.push(LOTS_PER_FRAMEWORK[f]);
    for (let k = 1; k <= LOTS_PER_FRAMEWORK[f]; k++) lots.push(`${fw.split(' ')[0]} Lot ${k}`);
  });
  return { buyers, frameworks: FRAMEWORKS, lots, fwLotStart, fwLotCount, categories: CATEGORIES };
}

// ---------------------------------------------------------------------------------------------
// the generated ledger

/**
 * Fills reporting.buyer, source_contract, award_line and spend_line of a migrated database with
 * `contracts` contracts (and `spendLines` spend lines), deterministically from `seed`:
 *
 * - 300 buyers over the six sectors (local 40%, health 20%, central 15%, education 12%, devolved 8%,
 *   other 5%), their activity skewed (the busiest buyer has about 50× the contracts of the median);
 * - 60% call-offs under one of 20 frameworks (skewed), each in one of its lots (50 lots in all), 40%
 *   outside any framework (no framework, no lot); 120 categories, skewed;
 * - award dates uniform over five financial years, April 2021 to March 2026 (60 months);
 * - 85% single-supplier awards, 15% with 2–5 distinct suppliers (weight 1/n, value split 1/n), from a
 *   pool of 40,000 suppliers whose band is fixed per supplier: micro 25%, small 20%, medium 15%,
 *   large 28%, unknown 12%;
 * - values log-uniform from £1,000 to £5,000,000; 3% without a value; 90% GBP, 8.5% EUR, 1% USD
 *   (converted at the seeded reporting.fx_rate, as the product does), 0.5% CHF (no rate: unconverted);
 * - 2% cancelled and 1% framework agreements themselves: source_contract rows without lines.
 *
 * Lines carry what SmeLedgerService writes (weight rounded to 12 places, GBP value rounded to 6).
 * Returns counts and the time taken. Everything in one session (temporary tables).
 */
export async function generateLedger(client, { contracts, spendLines = Math.round(contracts / 10), seed = 1, log = () => {} }) {
  const v = ledgerVocabulary();
  const t0 = Date.now();
  log(`\ngenerating the ledger: ${contracts.toLocaleString('en-GB')} contracts`);
  const u = (k) => `((hashint8extended(g, ${seed * 1000 + k}) & 2147483647)::float8 / 2147483648.0)`;
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET work_mem = '256MB'`);
  await client.query(
    `INSERT INTO reporting.buyer (buyer_key, name, sector) SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])`,
    [v.buyers.map((b) => b.key), v.buyers.map((b) => b.name), v.buyers.map((b) => b.sector)],
  );
  await client.query(`DROP TABLE IF EXISTS bench_gen`);
  await client.query(
    `CREATE TEMP TABLE bench_gen AS
     SELECT g, md5('bench-contract:' || $2::int || ':' || g)::uuid AS id,
            1 + least(299, floor(300 * power(${u(1)}, 1.7)))::int AS buyer_idx,
            CASE WHEN ${u(2)} < 0.6 THEN 1 + least(19, floor(20 * power(${u(3)}, 1.3)))::int ELSE 0 END AS fw,
            ${u(4)} AS u_lot,
            1 + least(119, floor(120 * power(${u(5)}, 1.5)))::int AS cat,
            date '2021-04-01' + floor(${u(6)} * 1826)::int AS award_date,
            CASE WHEN ${u(7)} < 0.85 THEN 1 ELSE 2 + floor(${u(8)} * 4)::int END AS n,
            CASE WHEN ${u(9)} < 0.03 THEN NULL ELSE round(exp(ln(1000) + ${u(10)} * ln(5000))::numeric, 2) END AS amount,
            ${u(11)} AS u_cur,
            ${u(12)} AS u_status,
            floor(${u(13)} * 40000)::int AS supplier_base
       FROM generate_series(1, $1::int) g`,
    [contracts, seed],
  );
  log(`  generated ${contracts.toLocaleString('en-GB')} contract rows in a temporary table (${Date.now() - t0} ms)`);
  const t1 = Date.now();
  const params = [v.buyers.map((b) => b.key), v.buyers.map((b) => b.sector), v.frameworks, v.lots, v.fwLotStart, v.fwLotCount, v.categories];
  // $1 buyer keys, $2 sectors, $3 frameworks, $4 lots, $5 first lot of each framework, $6 lots of each framework, $7 categories
  const attrs = `
     SELECT c.*, ($1::varchar[])[c.buyer_idx] AS buyer_key, ($2::varchar[])[c.buyer_idx] AS sector,
            ($3::varchar[])[nullif(c.fw, 0)] AS framework,
            CASE WHEN c.fw > 0 THEN ($4::varchar[])[($5::int[])[c.fw] + floor(c.u_lot * ($6::int[])[c.fw])::int] END AS lot,
            ($7::varchar[])[c.cat] AS category,
            CASE WHEN c.amount IS NULL THEN NULL WHEN c.u_cur < 0.90 THEN 'GBP' WHEN c.u_cur < 0.985 THEN 'EUR' WHEN c.u_cur < 0.995 THEN 'USD' ELSE 'CHF' END AS currency,
            CASE WHEN c.u_status < 0.02 THEN 'cancelled' ELSE 'active' END AS status,
            (c.u_status >= 0.02 AND c.u_status < 0.03) AS is_framework
       FROM bench_gen c`;
  await client.query(`DROP TABLE IF EXISTS bench_contract`);
  await client.query(`CREATE TEMP TABLE bench_contract AS ${attrs}`, params);
  await client.query(
    `INSERT INTO reporting.source_contract (id, source_key, source, ocid, title, status, is_framework, buyer_key, framework, lot, category,
            amount, currency, award_date, date_basis, supplier_count, content_hash)
     SELECT id, 'bench:' || g, 'ocds', 'ocds-bench-' || g, 'Bench contract ' || g || ': ' || coalesce(category, 'services'), status, is_framework,
            buyer_key, framework, lot, category, amount, currency, award_date, 'award', n, md5('a' || id::text) || md5('b' || id::text)
       FROM bench_contract ORDER BY id`,
  );
  log(`  source_contract: ${contracts.toLocaleString('en-GB')} rows (${Date.now() - t1} ms)`);
  const t2 = Date.now();
  const { rowCount: lines } = await client.query(
    `WITH fx AS (SELECT DISTINCT ON (currency) currency, gbp_per_unit FROM reporting.fx_rate ORDER BY currency, valid_from DESC)
     INSERT INTO reporting.award_line (contract_id, line_no, supplier_key, supplier_name, size_band, source_band, weight, amount, currency, amount_gbp,
            award_date, month, buyer_key, buyer_sector, framework, lot, category)
     SELECT c.id, k, 'GB-COH-B' || lpad(s.n::text, 7, '0'), 'Bench Supplier ' || s.n || ' Ltd', b.band, b.band, round(1::numeric / c.n, 12),
            a.amount, c.currency, round(a.amount * fx.gbp_per_unit, 6), c.award_date, date_trunc('month', c.award_date)::date,
            c.buyer_key, c.sector, coalesce(c.framework, ''), coalesce(c.lot, ''), coalesce(c.category, '')
       FROM bench_contract c
       CROSS JOIN LATERAL generate_series(1, c.n) k
       CROSS JOIN LATERAL (SELECT 1 + (c.supplier_base + (k - 1) * 7919) % 40000 AS n) s
       CROSS JOIN LATERAL (SELECT CASE WHEN h < 25 THEN 'micro' WHEN h < 45 THEN 'small' WHEN h < 60 THEN 'medium' WHEN h < 88 THEN 'large' ELSE 'unknown' END AS band
                             FROM (SELECT (hashint4(s.n + ${seed}) & 2147483647) % 100 AS h) x) b
       CROSS JOIN LATERAL (SELECT round(c.amount / c.n, 6) AS amount) a
       LEFT JOIN fx ON fx.currency = c.currency
      WHERE c.status = 'active' AND NOT c.is_framework
      ORDER BY c.id, k`,
  );
  log(`  award_line: ${lines.toLocaleString('en-GB')} rows (${Date.now() - t2} ms)`);
  const t3 = Date.now();
  let spend = 0;
  if (spendLines > 0) {
    ({ rowCount: spend } = await client.query(
      `INSERT INTO reporting.spend_line (source_key, supplier_name, size_band, buyer_key, buyer_sector, framework, lot, month, amount, currency, amount_gbp, description)
       SELECT 'bench-spend:' || g, 'Bench Supplier ' || (1 + floor(${u(21)} * 40000)::int) || ' Ltd',
              CASE WHEN ${u(22)} < 0.45 THEN 'sme' WHEN ${u(22)} < 0.85 THEN 'large' ELSE 'unknown' END,
              ($1::varchar[])[x.b], ($2::varchar[])[x.b], coalesce(($3::varchar[])[x.fw], ''), '',
              date_trunc('month', date '2021-04-01' + floor(${u(24)} * 1826)::int)::date,
              x.amount, 'GBP', x.amount, 'Invoice ' || g
         FROM generate_series(1, $4::int) g
         CROSS JOIN LATERAL (SELECT 1 + least(299, floor(300 * power(${u(23)}, 1.7)))::int AS b,
                                    CASE WHEN ${u(25)} < 0.5 THEN 1 + floor(${u(26)} * 20)::int END AS fw,
                                    round(((CASE WHEN ${u(27)} < 0.03 THEN -1 ELSE 1 END) * exp(ln(100) + ${u(28)} * ln(2000)))::numeric, 2) AS amount) x`,
      [v.buyers.map((b) => b.key), v.buyers.map((b) => b.sector), v.frameworks, spendLines],
    ));
    log(`  spend_line: ${spend.toLocaleString('en-GB')} rows (${Date.now() - t3} ms)`);
  }
  await client.query(`DROP TABLE bench_contract`);
  await client.query(`DROP TABLE bench_gen`);
  const t4 = Date.now();
  await client.query(`ANALYZE reporting.buyer, reporting.source_contract, reporting.award_line, reporting.spend_line`);
  log(`  analyze (${Date.now() - t4} ms)`);
  await client.query(`RESET work_mem`);
  await client.query(`RESET synchronous_commit`);
  const seconds = round((Date.now() - t0) / 1000, 1);
  log(`ledger: ${contracts.toLocaleString('en-GB')} contracts, ${lines.toLocaleString('en-GB')} award lines, ${spend.toLocaleString('en-GB')} spend lines in ${seconds} s`);
  return { contracts, awardLines: lines, spendLines: spend, buyers: v.buyers.length, frameworks: v.frameworks.length, lots: v.lots.length, categories: v.categories.length, seconds };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export const keepAliveAgent = () => new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });

/** One request to the API; resolves { status, body (parsed JSON or null), text, ms } — never rejects (status 0 on a socket error). */
export function request(port, method, path, { token, body, agent } = {}) {
  return new Promise((resolve) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    } else if (method !== 'GET') headers['content-length'] = '0';
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = null;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, body: parsed, text, ms: performance.now() - t0 });
      });
      res.on('error', (err) => resolve({ status: 0, error: err.message, ms: performance.now() - t0 }));
    });
    req.on('error', (err) => resolve({ status: 0, error: err.code || err.message, ms: performance.now() - t0 }));
    if (payload) req.write(payload);
    req.end();
  });
}

/** Like request, but throws unless the status is the expected one. */
export async function expectStatus(expected, port, method, path, opts) {
  const r = await request(port, method, path, opts);
  if (r.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${r.status} ${r.error ?? r.text?.slice(0, 400)}`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// people: an analyst, buyers, suppliers with size declarations and published offerings

const DECLARED = {
  micro: { headcount: 6, turnover: 900_000, balance: 700_000 },
  small: { headcount: 32, turnover: 6_500_000, balance: 4_000_000 },
  medium: { headcount: 140, turnover: 31_000_000, balance: 25_000_000 },
  large: { headcount: 600, turnover: 120_000_000, balance: 90_000_000 },
};

/** A random password and its argon2id hash at the minimum cost the product allows (as s6 does). */
export async function benchPassword() {
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  return { password, hash };
}

/**
 * Writes, as s6 does, verified organisations with one user each: a platform organisation with an
 * `analyst` (who may ask for a recompute); `buyers` buyer organisations (name → sector by the
 * product's own classifier, e-mail domain `<slug>.gov.uk`) each with a `buyer_admin` (who may award
 * and cancel); `suppliers` suppliers with a size declaration (micro, small, medium, large in turn,
 * every tenth none → `unknown`) and one published offering each, in the G-Cloud lots in turn, with a
 * category of that lot.
 */
export async function seedPeople(client, hash, { buyers = [], suppliers = 0 }) {
  const analyst = { org: randomUUID(), user: randomUUID(), email: 'analyst@bench-platform.example' };
  const buyerRows = buyers.map((name, i) => {
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
    return { n: i + 1, name, org: randomUUID(), user: randomUUID(), email: `buyer-admin@${slug}.gov.uk`, key: null };
  });
  const supplierRows = Array.from({ length: suppliers }, (_, i) => {
    const band = i % 10 === 9 ? null : ['micro', 'small', 'medium', 'large'][i % 4];
    return { n: i + 1, org: randomUUID(), user: randomUUID(), email: `admin@bench-supplier-${i + 1}.example`, name: `Bench Supplier ${i + 1} Ltd`, band, offering: randomUUID() };
  });
  await client.query('BEGIN');
  const orgs = [
    { id: analyst.org, kind: 'platform', name: 'Bench Platform Operator' },
    ...buyerRows.map((b) => ({ id: b.org, kind: 'buyer', name: b.name })),
    ...supplierRows.map((s) => ({ id: s.org, kind: 'supplier', name: s.name })),
  ];
  await client.query(
    `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at, created_at)
     SELECT id, kind, name, 'verified', now() - interval '29 days', now() - interval '30 days' FROM unnest($1::uuid[], $2::varchar[], $3::varchar[]) AS t(id, kind, name)`,
    [orgs.map((o) => o.id), orgs.map((o) => o.kind), orgs.map((o) => o.name)],
  );
  const users = [
    { id: analyst.user, org: analyst.org, email: analyst.email, role: 'analyst' },
    ...buyerRows.map((b) => ({ id: b.user, org: b.org, email: b.email, role: 'buyer_admin' })),
    ...supplierRows.map((s) => ({ id: s.user, org: s.org, email: s.email, role: 'supplier_admin' })),
  ];
  await client.query(
    `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, created_at)
     SELECT id, org, email, 'Bench ' || role, $4, ARRAY[role]::varchar[], now() - interval '29 days'
       FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $5::varchar[]) AS t(id, org, email, role)`,
    [users.map((x) => x.id), users.map((x) => x.org), users.map((x) => x.email), hash, users.map((x) => x.role)],
  );
  const declared = supplierRows.filter((s) => s.band);
  if (declared.length) {
    await client.query(
      `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
         balance_sheet_currency, figures_date, stated_band, derived_band, definition, band_mismatch, valid_from, declared_by, created_at)
       SELECT gen_random_uuid(), t.org, t.headcount, t.turnover, 'EUR', t.balance, 'EUR', current_date - 200, t.band, t.band, 'eu-2003-361', false,
              now() - interval '18 days', t.declared_by, now() - interval '18 days'
         FROM unnest($1::uuid[], $2::int[], $3::numeric[], $4::numeric[], $5::text[], $6::uuid[]) AS t(org, headcount, turnover, balance, band, declared_by)`,
      [
        declared.map((s) => s.org),
        declared.map((s) => DECLARED[s.band].headcount),
        declared.map((s) => DECLARED[s.band].turnover),
        declared.map((s) => DECLARED[s.band].balance),
        declared.map((s) => s.band),
        declared.map((s) => s.user),
      ],
    );
  }
  if (supplierRows.length) {
    const { rows: lots } = await client.query(
      `SELECT l.id, (SELECT array_agg(c.id ORDER BY c.slug) FROM catalogue.category c WHERE c.lot_id = l.id) AS categories
         FROM catalogue.lot l WHERE l.kind = 'offerings' ORDER BY l.sort_order, l.slug`,
    );
    if (!lots.length) throw new Error('no lot of kind "offerings" after the migrations');
    supplierRows.forEach((s, i) => {
      const lot = lots[i % lots.length];
      s.lotId = lot.id;
      s.categoryId = lot.categories?.[i % lot.categories.length] ?? null;
    });
    await client.query(
      `INSERT INTO catalogue.offering (id, organisation_id, lot_id, status, title, summary, description, category_ids, price_min, price_unit,
          supplier_name, supplier_band, created_by, published_at)
       SELECT t.id, t.org, t.lot, 'published', 'Bench service ' || t.n, 'A hosted service for the benchmark.', 'A hosted service offered for the SME-reporting benchmark.',
              CASE WHEN t.cat IS NULL THEN '{}'::uuid[] ELSE ARRAY[t.cat] END, 100, 'per user', t.name, t.band, t.created_by, now() - interval '10 days'
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::varchar[], $7::varchar[], $8::uuid[]) AS t(id, org, lot, n, cat, name, band, created_by)`,
      [
        supplierRows.map((s) => s.offering),
        supplierRows.map((s) => s.org),
        supplierRows.map((s) => s.lotId),
        supplierRows.map((s) => s.n),
        supplierRows.map((s) => s.categoryId),
        supplierRows.map((s) => s.name),
        supplierRows.map((s) => s.band),
        supplierRows.map((s) => s.user),
      ],
    );
    await client.query(
      `INSERT INTO catalogue.offering_version (offering_id, version, content, created_by) SELECT id, 1, '{}', u FROM unnest($1::uuid[], $2::uuid[]) AS t(id, u)`,
      [supplierRows.map((s) => s.offering), supplierRows.map((s) => s.user)],
    );
  }
  await client.query('COMMIT');
  for (const b of buyerRows) b.key = `org:${b.org}`;
  return { analyst, buyers: buyerRows, suppliers: supplierRows };
}

/** POST /api/v1/auth/sign-in for each person (argon2id verification each); sets `.token`. */
export async function signIn(port, people, password, concurrency = 2) {
  let next = 0;
  const one = async () => {
    while (next < people.length) {
      const p = people[next++];
      const r = await expectStatus(200, port, 'POST', '/api/v1/auth/sign-in', { body: { email: p.email, password } });
      p.token = r.body.accessToken;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
}

/** `count` shortlists of a buyer, each holding one offering (a direct award needs its own shortlist), made through the API. */
export async function makeShortlists(port, buyer, offeringIds, count, agent) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const offeringId = offeringIds[i % offeringIds.length];
    const list = await expectStatus(201, port, 'POST', '/api/v1/shortlists', { token: buyer.token, body: { name: `Bench award ${i + 1}` }, agent });
    await expectStatus(201, port, 'POST', `/api/v1/shortlists/${list.body.id}/items`, { token: buyer.token, body: { offeringId }, agent });
    out.push({ shortlistId: list.body.id, offeringId });
  }
  return out;
}

/** A direct award from a shortlist (POST /api/v1/direct-awards): { status, ms, contractId }. */
export async function directAward(port, buyer, { shortlistId, offeringId }, value, agent) {
  const r = await request(port, 'POST', '/api/v1/direct-awards', { token: buyer.token, body: { shortlistId, outcome: 'awarded', offeringId, value }, agent });
  return { status: r.status, ms: r.ms, contractId: r.body?.contract?.id ?? null, error: r.status === 201 ? null : (r.error ?? r.text?.slice(0, 300)) };
}

/** POST /api/v1/contracts/:id/cancel as the buyer admin: { status, ms }. */
export async function cancelContract(port, buyer, contractId, agent) {
  const r = await request(port, 'POST', `/api/v1/contracts/${contractId}/cancel`, { token: buyer.token, body: { reason: 'The award was set aside on review (bench).' }, agent });
  return { status: r.status, ms: r.ms, error: r.status === 200 ? null : (r.error ?? r.text?.slice(0, 300)) };
}

/** The headline of one buyer's report (award basis), as a dashboard for that buyer reads it. */
export function buyerHeadlinePath(buyerKey) {
  return `/api/v1/reports/sme-share?basis=award&by=period&period=fy&dimension=buyer&key=${encodeURIComponent(buyerKey)}`;
}

// ---------------------------------------------------------------------------------------------
// recomputes through the API and the worker

/** Snapshots as GET /api/v1/reports/snapshots lists them (newest first). */
export async function snapshots(port, limit = 100) {
  const r = await expectStatus(200, port, 'GET', `/api/v1/reports/snapshots?limit=${limit}`);
  return r.body.items;
}

/**
 * A worker starting with a fresh Redis prefix runs the scheduled recompute (every 6 h, BullMQ
 * job scheduler) at once. Waits until that one has stored its snapshot, so that it does not run
 * into what the bench measures. Returns the snapshot, or null if none came within `timeoutMs`.
 */
export async function waitForStartupRecompute(port, timeoutMs = 60_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const s = (await snapshots(port)).find((x) => x.trigger === 'schedule');
    if (s) return s;
    await sleep(200);
  }
  return null;
}

/**
 * POST /api/v1/reports/recompute as `analyst`, then waits until the worker has stored the new
 * snapshot (GET /api/v1/reports/snapshots). Throws if the job fails (the worker's queue says so)
 * or nothing comes within `timeoutMs`. Returns the snapshot as listed (durationMs, driftRows,
 * checksum, rollupRows, awardLines...), `wallMs` from the request to the snapshot being listed,
 * and (with `queue`) `phases`: how long the job spent in each phase it reported through
 * job.updateProgress ('summing award lines', 'comparing with the rollups'...), seen by polling
 * the active job every `pollMs` (so to within that).
 */
export async function recomputeThroughApi({ port, analyst, queue, timeoutMs = 30 * 60_000, pollMs = 100 }) {
  const known = new Set((await snapshots(port)).map((s) => s.id));
  const failedBefore = queue ? (await queue.getJobCounts('failed')).failed : 0;
  const t0 = performance.now();
  const seen = []; // [phase, first seen at]
  await expectStatus(202, port, 'POST', '/api/v1/reports/recompute', { token: analyst.token });
  for (;;) {
    await sleep(pollMs);
    if (queue) {
      const active = (await queue.getJobs(['active'], 0, 10)).find((j) => j.name === 'reporting.recompute-sme-share');
      const phase = active?.progress?.phase;
      if (phase && seen.at(-1)?.[0] !== phase) seen.push([phase, performance.now()]);
    }
    const fresh = (await snapshots(port, 10)).filter((s) => !known.has(s.id) && s.trigger === 'request');
    if (fresh.length) {
      const end = performance.now();
      const phases = seen.length ? Object.fromEntries(seen.map(([ph, t], i) => [ph, round(((seen[i + 1]?.[1] ?? end) - t), 0)])) : undefined;
      return { ...fresh[0], wallMs: round(end - t0, 1), phases };
    }
    if (queue) {
      const { failed } = await queue.getJobCounts('failed');
      if (failed > failedBefore) {
        const jobs = await queue.getJobs(['failed'], 0, 5);
        const last = jobs.find((j) => j.name === 'reporting.recompute-sme-share');
        throw new Error(`the recompute job failed: ${last?.failedReason ?? '(no reason)'}`);
      }
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`no recompute snapshot within ${timeoutMs / 1000} s`);
  }
}

/** A BullMQ handle on the worker's `reporting` queue (to see failed jobs), closed at cleanup by the caller. */
export async function reportingQueue(redisUrl, prefix) {
  const { Queue } = await import('bullmq');
  const { default: Redis } = await import('ioredis');
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('reporting', { connection, prefix });
  return { queue, close: async () => (await queue.close(), connection.disconnect()) };
}

/** The product's own checksum of the kept rollups (checksumSql of rollup-sql.js), read bare with pg. */
export async function keptChecksum(client, checksumSql) {
  const t0 = performance.now();
  const { rows } = await client.query(checksumSql('reporting.sme_rollup'));
  return { checksum: rows[0].checksum, rows: Number(rows[0].rows), ms: round(performance.now() - t0, 1) };
}

/**
 * A reporting bench's own database (created, migrated, dropped when the bench ends) and Redis
 * prefix (emptied at the start and the end), with an admin connection to it.
 */
export async function benchDatabase({ dbName, redisPrefix, appName }) {
  const { createEmptyDatabase, dropDatabase } = requireDist('libs/database/src/test-database.js');
  const { runMigrations } = requireDist('libs/database/src/migration-runner.js');
  const adminUrl = databaseUrl();
  const dbUrl = await createEmptyDatabase(adminUrl, dbName);
  onCleanup(`drop database ${dbName}`, () => dropDatabase(adminUrl, dbName));
  const migrated = await runMigrations(dbUrl);
  console.log(`database ${dbName}: created, ${migrated.length} migration(s) run`);
  const rUrl = redisUrl();
  await deleteRedisKeys(rUrl, redisPrefix);
  onCleanup(`delete redis keys ${redisPrefix}*`, async () => console.log(`redis: deleted ${await deleteRedisKeys(rUrl, redisPrefix)} key(s) under ${redisPrefix}`));
  const admin = new pg.Client({ connectionString: dbUrl, application_name: `${appName}-admin` });
  await admin.connect();
  onCleanup('close the admin connection', () => admin.end());
  return { adminUrl, dbUrl, rUrl, admin };
}

/**
 * The worker of a reporting bench, with a handle on the reporting queue, once the recompute it
 * schedules at start-up has run on the still empty ledger (so it cannot land in a measurement).
 */
export async function startReportingWorker({ dbUrl, rUrl, redisPrefix, apiPort }) {
  const worker = await startWorker({ dbUrl, redisUrl: rUrl, redisPrefix });
  const q = await reportingQueue(rUrl, redisPrefix);
  onCleanup('close the queue handle', q.close);
  const startup = await waitForStartupRecompute(apiPort);
  console.log(startup ? `worker: its scheduled start-up recompute ran on the empty ledger (${startup.durationMs} ms)` : 'worker: no start-up recompute seen (continuing)');
  return { worker, q };
}
