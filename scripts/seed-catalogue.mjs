// `npm run seed:catalogue -- --offerings 400000`: fills an already-migrated database with a
// realistic synthetic catalogue — verified supplier organisations (each with a supplier_admin
// user that cannot sign in, a profile and, for most, a current EU 2003/361 size declaration)
// and their offerings in the G-Cloud-like lots, with a version row for every published one.
// Used for the S1 search bench (bench/s1-search.bench.mjs) and for trying search by hand.
//
//   npm run seed:catalogue -- --offerings 400000            # about N/10 suppliers
//   npm run seed:catalogue -- --offerings 20000 --seed demo --database-url postgres://...
//
// Options:
//   --offerings N         offerings in all (default 400000)
//   --suppliers M         supplier organisations (default: about N/10)
//   --published-share P   share of offerings published, exactly round(N × P) (default 0.92);
//                         the rest are draft, withdrawn or suspended
//   --seed S              PRNG seed: the same seed gives the same suppliers, offerings and ids
//                         (timestamps are offsets from the time of the run) (default "opm")
//   --database-url URL    default: DATABASE_URL, else the development database
//   --batch-size B        rows per INSERT statement (default 5000)
//   --concurrency C       INSERT statements in flight on separate connections (default 2)
//   --keep-indexes        keep the offering table's secondary indexes during the load (by default,
//                         when the table is empty, they are dropped and rebuilt at the end: faster)
//
// Rows go in by bulk INSERT ... SELECT FROM unnest($1::uuid[], ...), one statement per batch;
// the table's trigger sets search_vector and tie_break. The run refuses a database that is not
// migrated, or that already holds a seeded catalogue (users seed-<n>@suppliers.example).
// It ends with VACUUM ANALYZE of the offering tables, ANALYZE of the others, and a summary.
import { parseArgs } from 'node:util';
import { formatDuration, loadDotEnv, runIfMain } from './proc.mjs';
import {
  LOT_SHARES,
  createRng,
  deriveBandEu,
  offeringPrice,
  offeringText,
  productBrand,
  sizeFigures,
  supplierIdentity,
  weighted,
  zipf,
} from './lib/catalogue-vocabulary.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/marketplace';
export const SEED_EMAIL_DOMAIN = 'suppliers.example';

const BANDS = ['micro', 'small', 'medium', 'large', null];
/** Share of suppliers per band (null: no size declaration). */
const BAND_SHARES = [0.4, 0.3, 0.15, 0.1, 0.05];
/** Relative number of offerings a supplier of each band lists (a large one ~8× a micro). */
const BAND_WEIGHT = { micro: 1, small: 2, medium: 4, large: 8, none: 1 };
/** How the offerings that are not published split. */
const UNPUBLISHED = [['draft', 0.55], ['withdrawn', 0.3], ['suspended', 0.15]];
const STATUS_REASON = {
  withdrawn: 'Withdrawn by the supplier',
  suspended: 'Suspended while the supplier updates its evidence',
};
const SEP = '\u001f';

class SeedError extends Error {
  constructor(message) {
    super(message);
    this.exitCode = 1;
  }
}

const fmt = (n) => n.toLocaleString('en-GB');
const redactUrl = (url) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
};

/** Integer counts per share that add up to `total` exactly (largest remainders). */
function apportion(total, shares) {
  const sum = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((s) => (total * s) / sum);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// generation

function makeSuppliers(rng, count, lots) {
  const bandCounts = apportion(count, BAND_SHARES);
  const bands = [];
  BANDS.forEach((b, i) => {
    for (let k = 0; k < bandCounts[i]; k++) bands.push(b);
  });
  rng.shuffle(bands);
  const taken = new Set();
  const lotOf = weighted(lots.map((l) => [l, l.share]));
  const suppliers = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const band = bands[i];
    const vcse = band !== 'large' && rng.chance(0.03);
    const startup = band !== 'large' && band !== 'medium' && rng.chance(0.08);
    const s = {
      n,
      id: rng.uuid(),
      userId: rng.uuid(),
      declarationId: rng.uuid(),
      band,
      vcse,
      startup,
      ...supplierIdentity(rng, { n, band, vcse, taken }),
      brands: [productBrand(rng), productBrand(rng)],
      mainLot: lotOf(rng),
      createdSecondsAgo: rng.between(60, 3000) * 86400 + rng.int(86400),
      weight: BAND_WEIGHT[band ?? 'none'] * Math.exp(0.8 * rng.gauss()),
    };
    if (band) {
      const f = sizeFigures(rng, band);
      const derived = deriveBandEu(f.headcount, f.turnover, f.balanceSheet);
      if (derived !== band) throw new Error(`size figures ${JSON.stringify(f)} derive ${derived}, not ${band}`);
      const r = rng.next();
      const stated = r < 0.12 ? null : r < 0.14 ? (band === 'micro' ? 'small' : 'micro') : band;
      const fy = rng.between(2023, 2025);
      s.declaration = {
        ...f,
        statedBand: stated,
        mismatch: stated !== null && stated !== band,
        figuresDate: rng.chance(0.5) ? `${fy}-03-31` : `${fy - 1}-12-31`,
        evidence: rng.chance(0.6) ? `Filed accounts for the year ending ${rng.chance(0.5) ? '31 March' : '31 December'} ${fy}` : null,
        validFromSecondsAgo: Math.min(s.createdSecondsAgo - 3600, rng.between(1, 500) * 86400),
      };
    }
    suppliers[i] = s;
  }
  return suppliers;
}

/** owner[i] = index of the supplier of offering i: skewed by band, shuffled. */
function allocateOfferings(rng, suppliers, total) {
  const W = suppliers.reduce((t, s) => t + s.weight, 0);
  const raw = suppliers.map((s) => (total * s.weight) / W);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length][1]]++;
  const owner = new Int32Array(total);
  let p = 0;
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) owner[p++] = i;
  });
  rng.shuffle(owner);
  return { owner, counts };
}

function makeStatuses(rng, total, publishedShare) {
  const published = Math.round(total * publishedShare);
  const rest = apportion(total - published, UNPUBLISHED.map(([, w]) => w));
  const names = ['published', ...UNPUBLISHED.map(([s]) => s)];
  const codes = new Uint8Array(total);
  let p = published;
  rest.forEach((c, k) => {
    codes.fill(k + 1, p, p + c);
    p += c;
  });
  rng.shuffle(codes);
  return { codes, names, published };
}

function offeringBatch(rng, ctx, from, to) {
  const { suppliers, owner, statuses, lots, lotOf, catSamplers } = ctx;
  const n = to - from;
  const cols = {
    id: new Array(n), org: new Array(n), lot: new Array(n), status: new Array(n), title: new Array(n), summary: new Array(n),
    description: new Array(n), features: new Array(n), benefits: new Array(n), cats: new Array(n), pmin: new Array(n), pmax: new Array(n),
    unit: new Array(n), intv: new Array(n), cur: new Array(n), sname: new Array(n), sband: new Array(n), reason: new Array(n),
    createdS: new Array(n), publishedS: new Array(n), updatedS: new Array(n), createdBy: new Array(n),
  };
  let published = 0;
  for (let k = 0; k < n; k++) {
    const i = from + k;
    const s = suppliers[owner[i]];
    const status = statuses.names[statuses.codes[i]];
    const lot = rng.chance(0.7) ? s.mainLot : lotOf(rng);
    const nCats = Math.min(lot.categories.length, rng.chance(0.55) ? 1 : rng.chance(0.67) ? 2 : 3);
    const cats = [];
    for (let t = 0; cats.length < nCats && t < 20; t++) {
      const c = catSamplers.get(lot.id)(rng);
      if (!cats.includes(c)) cats.push(c);
    }
    const text = offeringText(rng, { lotSlug: lot.slug, categorySlugs: cats.map((c) => c.slug), brand: rng.chance(0.8) ? s.brands[0] : s.brands[1], supplier: s.displayName });
    const price = offeringPrice(rng, lot.slug);
    // Listed after the supplier joined; published up to 30 days after it was created.
    const createdS = Math.max(3600, Math.floor(s.createdSecondsAgo * rng.next()));
    const publishedS = status === 'published' ? Math.max(60, createdS - rng.int(30 * 86400)) : null;
    const updatedS = publishedS ?? Math.max(60, createdS - rng.int(10 * 86400));
    cols.id[k] = rng.uuid();
    cols.org[k] = s.id;
    cols.lot[k] = lot.id;
    cols.status[k] = status;
    cols.title[k] = text.title;
    cols.summary[k] = text.summary;
    cols.description[k] = text.description;
    cols.features[k] = text.features.join(SEP);
    cols.benefits[k] = text.benefits.join(SEP);
    cols.cats[k] = cats.map((c) => c.id).join(',');
    cols.pmin[k] = price.priceMin;
    cols.pmax[k] = price.priceMax;
    cols.unit[k] = price.priceUnit;
    cols.intv[k] = price.priceInterval;
    cols.cur[k] = price.currency;
    cols.sname[k] = s.displayName;
    cols.sband[k] = s.band;
    cols.reason[k] = STATUS_REASON[status] ?? null;
    cols.createdS[k] = createdS;
    cols.publishedS[k] = publishedS;
    cols.updatedS[k] = updatedS;
    cols.createdBy[k] = s.userId;
    if (status === 'published') published++;
  }
  return { cols, rows: n, published };
}

// ---------------------------------------------------------------------------------------------
// SQL

const OFFERING_INSERT = `
WITH ins AS (
  INSERT INTO catalogue.offering (
    id, organisation_id, lot_id, status, version, title, summary, description, features, benefits, category_ids,
    price_min, price_max, price_unit, price_interval, currency, supplier_name, supplier_band, status_reason,
    created_at, updated_at, published_at, created_by)
  SELECT t.id, t.org, t.lot, t.status, 1, t.title, t.summary, t.description,
         string_to_array(t.features, chr(31))::varchar(300)[], string_to_array(t.benefits, chr(31))::varchar(300)[],
         string_to_array(t.cats, ',')::uuid[], t.pmin, t.pmax, t.unit, t.intv, t.cur, t.sname, t.sband, t.reason,
         $23::timestamptz - make_interval(secs => t.created_s), $23::timestamptz - make_interval(secs => t.updated_s),
         $23::timestamptz - make_interval(secs => t.published_s), t.created_by
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[], $11::numeric[], $12::numeric[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                $18::text[], $19::int[], $20::int[], $21::int[], $22::uuid[])
      AS t(id, org, lot, status, title, summary, description, features, benefits, cats, pmin, pmax, unit, intv, cur,
           sname, sband, reason, created_s, published_s, updated_s, created_by)
  RETURNING *
)
INSERT INTO catalogue.offering_version (offering_id, version, content, created_at, created_by)
SELECT id, version, jsonb_build_object(
         'lotId', lot_id, 'title', title, 'summary', summary, 'description', description,
         'features', to_jsonb(features), 'benefits', to_jsonb(benefits), 'categoryIds', to_jsonb(category_ids),
         'priceMin', price_min::text, 'priceMax', price_max::text, 'priceUnit', price_unit,
         'priceInterval', price_interval, 'currency', currency),
       published_at, created_by
  FROM ins
 WHERE status = 'published'`;

function offeringValues(c, now) {
  return [
    c.id, c.org, c.lot, c.status, c.title, c.summary, c.description, c.features, c.benefits, c.cats, c.pmin, c.pmax,
    c.unit, c.intv, c.cur, c.sname, c.sband, c.reason, c.createdS, c.publishedS, c.updatedS, c.createdBy, now,
  ];
}

async function insertSuppliers(client, batch, now) {
  const col = (f) => batch.map(f);
  await client.query(
    `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at, created_at)
     SELECT t.id, 'supplier', t.name, 'verified', $4::timestamptz, $4::timestamptz - make_interval(secs => t.created_s)
       FROM unnest($1::uuid[], $2::text[], $3::int[]) AS t(id, name, created_s)`,
    [col((s) => s.id), col((s) => s.legalName), col((s) => s.createdSecondsAgo), now],
  );
  await client.query(
    `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, created_at, password_changed_at)
     SELECT t.id, t.org, t.email, t.name, '!', ARRAY['supplier_admin']::varchar[],
            $5::timestamptz - make_interval(secs => t.created_s), $5::timestamptz - make_interval(secs => t.created_s)
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $6::int[]) AS t(id, org, email, name, created_s)`,
    [col((s) => s.userId), col((s) => s.id), col((s) => `seed-${s.n}@${SEED_EMAIL_DOMAIN}`), col((s) => s.contactName), now, col((s) => s.createdSecondsAgo)],
  );
  await client.query(
    `INSERT INTO suppliers.supplier_profile (organisation_id, legal_name, trading_name, companies_house_number, duns_number, vat_number,
       address_line1, address_line2, town, postcode, country, contact_name, contact_email, contact_phone, website, description,
       vcse, startup, created_at, updated_at, updated_by)
     SELECT t.org, t.legal, t.trading, t.ch, t.duns, t.vat, t.a1, t.a2, t.town, t.postcode, 'GB', t.cname, t.cemail, t.cphone, t.web, t.descr,
            t.vcse, t.startup, $20::timestamptz - make_interval(secs => t.created_s), $20::timestamptz - make_interval(secs => t.created_s), t.updated_by
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::bool[], $17::bool[], $18::int[], $19::uuid[])
         AS t(org, legal, trading, ch, duns, vat, a1, a2, town, postcode, cname, cemail, cphone, web, descr, vcse, startup, created_s, updated_by)`,
    [
      col((s) => s.id), col((s) => s.legalName), col((s) => s.tradingName), col((s) => s.companiesHouseNumber), col((s) => s.dunsNumber),
      col((s) => s.vatNumber), col((s) => s.addressLine1), col((s) => s.addressLine2), col((s) => s.town), col((s) => s.postcode),
      col((s) => s.contactName), col((s) => s.contactEmail), col((s) => s.contactPhone), col((s) => s.website), col((s) => s.description),
      col((s) => s.vcse), col((s) => s.startup), col((s) => s.createdSecondsAgo), col((s) => s.userId), now,
    ],
  );
  const declared = batch.filter((s) => s.declaration);
  const d = (f) => declared.map((s) => f(s.declaration, s));
  await client.query(
    `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
       balance_sheet_currency, figures_date, stated_band, derived_band, definition, band_mismatch, evidence, valid_from, valid_to,
       declared_by, created_at)
     SELECT t.id, t.org, t.headcount, t.turnover, 'EUR', t.balance, 'EUR', t.figures_date, t.stated, t.derived, 'eu-2003-361', t.mismatch,
            t.evidence, $12::timestamptz - make_interval(secs => t.from_s), NULL, t.declared_by, $12::timestamptz - make_interval(secs => t.from_s)
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::numeric[], $5::numeric[], $6::date[], $7::text[], $8::text[], $9::bool[],
                   $10::text[], $11::int[], $13::uuid[])
         AS t(id, org, headcount, turnover, balance, figures_date, stated, derived, mismatch, evidence, from_s, declared_by)`,
    [
      d((x, s) => s.declarationId), d((x, s) => s.id), d((x) => x.headcount), d((x) => x.turnover), d((x) => x.balanceSheet),
      d((x) => x.figuresDate), d((x) => x.statedBand), d((x, s) => s.band), d((x) => x.mismatch), d((x) => x.evidence),
      d((x) => x.validFromSecondsAgo), now, d((x, s) => s.userId),
    ],
  );
}

/** Throws a SeedError unless the schemas exist; returns the offering lots with their categories. */
async function readCatalogue(client) {
  const { rows: [reg] } = await client.query(
    `SELECT to_regclass('identity.organisation') AS "identity.organisation", to_regclass('suppliers.size_declaration') AS "suppliers.size_declaration",
            to_regclass('catalogue.offering') AS "catalogue.offering", to_regclass('catalogue.category') AS "catalogue.category"`,
  );
  const missing = Object.entries(reg).filter(([, v]) => v === null).map(([k]) => k);
  if (missing.length) {
    throw new SeedError(
      `the catalogue schema is not migrated in this database (missing: ${missing.join(', ')}): run \`npm run migrate\` first ` +
        '(with DATABASE_URL pointing at this database).',
    );
  }
  const { rows: lots } = await client.query(`SELECT id, slug, name FROM catalogue.lot WHERE kind = 'offerings' ORDER BY sort_order, slug`);
  if (!lots.length) throw new SeedError('catalogue.lot has no lot of kind "offerings": is the catalogue migration complete? Run `npm run migrate`.');
  const { rows: cats } = await client.query(`SELECT id, lot_id, slug, name FROM catalogue.category WHERE lot_id = ANY($1::uuid[]) ORDER BY slug`, [lots.map((l) => l.id)]);
  for (const l of lots) {
    l.categories = cats.filter((c) => c.lot_id === l.id);
    l.share = LOT_SHARES[l.slug] ?? 0.05;
    if (!l.categories.length) throw new SeedError(`lot ${l.slug} has no categories`);
  }
  return lots;
}

async function alreadySeeded(client) {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM identity.user_account WHERE email LIKE $1`, [`seed-%@${SEED_EMAIL_DOMAIN}`]);
  return rows[0].n;
}

/** Secondary indexes of catalogue.offering (not the primary key): name and definition. */
async function offeringIndexes(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'catalogue.offering'::regclass AND NOT i.indisprimary AND NOT i.indisunique
      ORDER BY c.relname`,
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------

/**
 * Seeds the catalogue. Returns a summary (counts, timings). `log` receives progress lines.
 * Throws SeedError (with a message for the user) for an unmigrated or already seeded database.
 */
export async function seedCatalogue({
  databaseUrl,
  offerings = 400_000,
  suppliers: supplierCount,
  seed = 'opm',
  publishedShare = 0.92,
  batchSize = 5000,
  concurrency = 2,
  keepIndexes = false,
  log = console.log,
} = {}) {
  const { default: pg } = await import('pg');
  if (!Number.isInteger(offerings) || offerings < 1) throw new SeedError(`--offerings must be a positive integer, got ${offerings}`);
  supplierCount ??= Math.max(1, Math.round(offerings / 10));
  if (!Number.isInteger(supplierCount) || supplierCount < 1) throw new SeedError(`--suppliers must be a positive integer, got ${supplierCount}`);
  if (!(publishedShare >= 0 && publishedShare <= 1)) throw new SeedError(`--published-share must be between 0 and 1, got ${publishedShare}`);
  const started = Date.now();
  const now = new Date(started);
  const appName = 'seed-catalogue';

  const admin = new pg.Client({ connectionString: databaseUrl, application_name: appName });
  try {
    await admin.connect();
  } catch (err) {
    throw new SeedError(`cannot connect to ${redactUrl(databaseUrl)}: ${err.message}. Is PostgreSQL running (npm run services)?`);
  }
  // A seed can be re-run from scratch: no need to wait for the WAL flush of every batch.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency, application_name: appName, options: '-c synchronous_commit=off -c work_mem=64MB' });
  const session = async (c) => {
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET maintenance_work_mem = '512MB'`);
  };
  let dropped = [];
  let inTransaction = false;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    log('interrupted: finishing the batches in flight, then restoring indexes');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await session(admin);
    const lots = await readCatalogue(admin);
    const previous = await alreadySeeded(admin);
    if (previous) {
      throw new SeedError(
        `this database already holds a seeded catalogue (${fmt(previous)} users seed-*@${SEED_EMAIL_DOMAIN}): ` +
          'seed into a fresh database (drop it, create it, `npm run migrate`, then seed).',
      );
    }
    const { rows: [{ n: existingOfferings }] } = await admin.query(`SELECT count(*)::int AS n FROM catalogue.offering`);

    // 1. generate suppliers (in memory; a few MB)
    const rng = createRng(seed);
    const t0 = Date.now();
    const sup = makeSuppliers(rng.fork('suppliers'), supplierCount, lots);
    const { owner, counts } = allocateOfferings(rng.fork('allocation'), sup, offerings);
    const statuses = makeStatuses(rng.fork('statuses'), offerings, publishedShare);
    const catRng = rng.fork('categories');
    const catSamplers = new Map(lots.map((l) => [l.id, zipf(catRng.shuffle([...l.categories]), 0.7)]));
    const lotOf = weighted(lots.map((l) => [l, l.share]));
    log(
      `seed-catalogue: ${fmt(supplierCount)} suppliers, ${fmt(offerings)} offerings (${fmt(statuses.published)} published), ` +
        `seed "${seed}", into ${redactUrl(databaseUrl)}`,
    );

    // 2. suppliers, in one transaction
    await admin.query('BEGIN');
    inTransaction = true;
    for (let i = 0; i < sup.length; i += batchSize) await insertSuppliers(admin, sup.slice(i, i + batchSize), now);
    await admin.query('COMMIT');
    inTransaction = false;
    const supplierMs = Date.now() - t0;
    log(`suppliers: ${fmt(sup.length)} organisations, users, profiles and ${fmt(sup.filter((s) => s.declaration).length)} size declarations in ${formatDuration(supplierMs)}`);

    // 3. offerings: secondary indexes off while the table fills (when it was empty), batches in flight on `concurrency` connections
    if (!keepIndexes && existingOfferings === 0) {
      dropped = await offeringIndexes(admin);
      for (const ix of dropped) await admin.query(`DROP INDEX catalogue.${admin.escapeIdentifier(ix.name)}`);
      if (dropped.length) log(`offering indexes dropped for the load, rebuilt at the end: ${dropped.map((i) => i.name).join(', ')}`);
    }
    const t1 = Date.now();
    const ctx = { suppliers: sup, owner, statuses, lots, lotOf, catSamplers };
    const offRng = rng.fork('offerings');
    let done = 0;
    let published = 0;
    let lastLog = Date.now();
    const inFlight = new Set();
    let failure = null;
    let genMs = 0;
    for (let from = 0; from < offerings && !failure && !interrupted; from += batchSize) {
      const g0 = Date.now();
      const batch = offeringBatch(offRng, ctx, from, Math.min(offerings, from + batchSize));
      genMs += Date.now() - g0;
      const p = pool
        .query(OFFERING_INSERT, offeringValues(batch.cols, now))
        .then(() => {
          done += batch.rows;
          published += batch.published;
          if (Date.now() - lastLog > 5000 || done === offerings) {
            lastLog = Date.now();
            const s = (Date.now() - t1) / 1000;
            log(`  offerings ${fmt(done)} / ${fmt(offerings)} (${Math.round((100 * done) / offerings)}%), ${fmt(Math.round(done / s))} rows/s`);
          }
        })
        .catch((err) => {
          failure ??= err;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    if (interrupted) throw new SeedError(`interrupted after ${fmt(done)} offerings: the database holds a partial catalogue`);
    const offeringMs = Date.now() - t1;
    log(`offerings: ${fmt(done)} rows (${fmt(published)} published, with their version rows) in ${formatDuration(offeringMs)} — ${fmt(Math.round(done / (offeringMs / 1000)))} rows/s (generating the text: ${formatDuration(genMs)})`);

    // 4. indexes back, statistics
    const t2 = Date.now();
    for (const ix of dropped.splice(0)) {
      const ti = Date.now();
      await admin.query(ix.def);
      log(`  index ${ix.name} rebuilt in ${formatDuration(Date.now() - ti)}`);
    }
    const indexMs = Date.now() - t2;
    const t3 = Date.now();
    await admin.query(`VACUUM (ANALYZE) catalogue.offering, catalogue.offering_version`);
    await admin.query(`ANALYZE identity.organisation, identity.user_account, suppliers.supplier_profile, suppliers.size_declaration`);
    const analyseMs = Date.now() - t3;
    log(`VACUUM ANALYZE catalogue.offering, offering_version; ANALYZE of the other touched tables: ${formatDuration(analyseMs)}`);

    // 5. summary
    const { rows: bandRows } = await admin.query(
      `SELECT coalesce(d.derived_band, 'none') AS band, count(*)::int AS n
         FROM suppliers.supplier_profile p
         LEFT JOIN suppliers.size_declaration d ON d.organisation_id = p.organisation_id AND d.valid_to IS NULL
        GROUP BY 1 ORDER BY array_position(ARRAY['micro','small','medium','large','none'], coalesce(d.derived_band, 'none'))`,
    );
    const { rows: lotRows } = await admin.query(
      `SELECT l.slug AS lot, o.status, count(*)::int AS n FROM catalogue.offering o JOIN catalogue.lot l ON l.id = o.lot_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const totalMs = Date.now() - started;
    const summary = {
      seed: String(seed),
      suppliers: sup.length,
      offerings: done,
      published,
      suppliersPerBand: Object.fromEntries(bandRows.map((r) => [r.band, r.n])),
      offeringsPerLotAndStatus: lotRows,
      offeringsPerSupplier: (() => {
        const by = {};
        sup.forEach((s, i) => {
          const b = s.band ?? 'none';
          by[b] ??= { suppliers: 0, offerings: 0 };
          by[b].suppliers++;
          by[b].offerings += counts[i];
        });
        return Object.fromEntries(
          ['micro', 'small', 'medium', 'large', 'none'].filter((b) => by[b]).map((b) => [b, Math.round((10 * by[b].offerings) / by[b].suppliers) / 10]),
        );
      })(),
      ms: { total: totalMs, suppliers: supplierMs, offerings: offeringMs, generate: genMs, indexes: indexMs, analyse: analyseMs },
      rowsPerSecond: Math.round(done / (totalMs / 1000)),
    };
    printSummary(summary, log);
    return summary;
  } catch (err) {
    if (inTransaction) await admin.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Never leave the table without its indexes, even after a failure.
    for (const ix of dropped) {
      await admin.query(ix.def).then(
        () => log(`index ${ix.name} restored`),
        (e) => log(`could not restore index ${ix.name}: ${e.message} — run: ${ix.def}`),
      );
    }
    await pool.end().catch(() => {});
    await admin.end().catch(() => {});
  }
}

function printSummary(s, log) {
  const lots = [...new Set(s.offeringsPerLotAndStatus.map((r) => r.lot))];
  const statuses = ['published', 'draft', 'withdrawn', 'suspended'];
  const cell = (lot, st) => s.offeringsPerLotAndStatus.find((r) => r.lot === lot && r.status === st)?.n ?? 0;
  const rows = [['lot', ...statuses, 'all']];
  for (const l of lots) rows.push([l, ...statuses.map((st) => fmt(cell(l, st))), fmt(statuses.reduce((t, st) => t + cell(l, st), 0))]);
  rows.push(['all', ...statuses.map((st) => fmt(lots.reduce((t, l) => t + cell(l, st), 0))), fmt(lots.reduce((t, l) => t + statuses.reduce((u, st) => u + cell(l, st), 0), 0))]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  log('\nsuppliers per size band: ' + Object.entries(s.suppliersPerBand).map(([b, n]) => `${b} ${fmt(n)}`).join(', '));
  log('offerings per seeded supplier, on average: ' + Object.entries(s.offeringsPerSupplier).map(([b, n]) => `${b} ${n}`).join(', '));
  log('offerings per lot and status:');
  for (const r of rows) log('  ' + r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
  log(`\nseeded ${fmt(s.offerings)} offerings and ${fmt(s.suppliers)} suppliers in ${formatDuration(s.ms.total)} (${fmt(s.rowsPerSecond)} offerings/s overall)`);
}

// ---------------------------------------------------------------------------------------------

const HELP = `usage: npm run seed:catalogue -- [--offerings N] [--suppliers M] [--published-share 0.92] [--seed S]
                                   [--database-url URL] [--batch-size 5000] [--concurrency 2] [--keep-indexes]`;

export async function main(argv = process.argv.slice(2)) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        offerings: { type: 'string' },
        suppliers: { type: 'string' },
        'published-share': { type: 'string' },
        seed: { type: 'string' },
        'database-url': { type: 'string' },
        'batch-size': { type: 'string' },
        concurrency: { type: 'string' },
        'keep-indexes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${err.message}\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const int = (name, v, d) => {
    if (v === undefined) return d;
    const n = Number(v.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new SeedError(`--${name} must be a positive integer, got "${v}"`);
    return n;
  };
  loadDotEnv();
  const { ensureDeps } = await import('./ensure-deps.mjs');
  ensureDeps({ quiet: true });
  const offerings = int('offerings', values.offerings, 400_000);
  await seedCatalogue({
    databaseUrl: values['database-url'] || process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    offerings,
    suppliers: int('suppliers', values.suppliers, undefined),
    publishedShare: values['published-share'] === undefined ? 0.92 : Number(values['published-share']),
    seed: values.seed ?? 'opm',
    batchSize: int('batch-size', values['batch-size'], 5000),
    concurrency: int('concurrency', values.concurrency, 2),
    keepIndexes: Boolean(values['keep-indexes']),
  });
  return 0;
}

await runIfMain(import.meta.url, main);
