// S1 bench helpers: the rotating list of search parameter sets (term class × two filters),
// their API URLs, latency percentiles from raw samples, and a settle-wait between segments.
import { benchQueries, createRng } from '../../scripts/lib/catalogue-vocabulary.mjs';
import { percentiles } from './harness.mjs';

export { percentiles };

export const PRICE_FILTER = { priceMin: '100', priceMax: '5000' };
export const SIZE_BANDS = ['micro', 'small', 'medium', 'large', 'unknown'];
/** The three filter pairs each request uses one of. */
export const FILTER_COMBOS = ['lotId+smeOnly', 'categoryId+sizeBand', 'lotId+priceMin/priceMax'];

/**
 * `count` parameter sets for `searchSql` (and the matching API query strings), alternating a
 * frequent and a rare term, each with exactly two filters (the combos in turn), limit 20.
 * Deterministic for a given seed and catalogue (lots and categories as read from the database).
 */
export function buildParamSets({ seed, count, lots, limit = 20 }) {
  const rng = createRng(`${seed}/params`);
  const queries = benchQueries(createRng(`${seed}/terms`));
  const byClass = { frequent: queries.filter((q) => q.class === 'frequent'), rare: queries.filter((q) => q.class === 'rare') };
  const categories = lots.flatMap((l) => l.categories);
  const sets = [];
  for (let i = 0; i < count; i++) {
    const cls = i % 2 === 0 ? 'frequent' : 'rare';
    const term = byClass[cls][Math.floor(i / 2) % byClass[cls].length];
    const combo = FILTER_COMBOS[Math.floor(i / 2) % FILTER_COMBOS.length];
    const params = { q: term.q, limit, offset: 0 };
    if (combo === 'lotId+smeOnly') {
      params.lotId = rng.pick(lots).id;
      params.smeOnly = true;
    } else if (combo === 'categoryId+sizeBand') {
      params.categoryId = rng.pick(categories).id;
      params.sizeBand = rng.pick(SIZE_BANDS);
    } else {
      params.lotId = rng.pick(lots).id;
      Object.assign(params, PRICE_FILTER);
    }
    sets.push({ i, class: cls, form: term.form, combo, params, path: apiPath(params) });
  }
  return { sets, queries };
}

/** GET /api/v1/offerings?... for a parameter set (the route's query names). */
export function apiPath(p) {
  const qs = new URLSearchParams();
  for (const k of ['q', 'lotId', 'categoryId', 'sizeBand', 'smeOnly', 'priceMin', 'priceMax', 'limit', 'offset']) {
    if (p[k] !== undefined && p[k] !== null && p[k] !== false) qs.set(k, String(p[k]));
  }
  return `/api/v1/offerings?${qs}`;
}


/** Latency samples split by the class of the parameter set each request used. */
export function byClass(samples, sets) {
  const out = { frequent: [], rare: [] };
  for (const [k, ms] of samples) out[sets[k].class].push(ms);
  return { frequent: percentiles(out.frequent), rare: percentiles(out.rare) };
}

/**
 * Waits until no query of `database` is running any more (other than ours), e.g. the API's
 * queries still in flight when autocannon stopped, so they do not run into the next segment.
 */
export async function settle(client, database, timeoutMs = 120_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
      [database],
    );
    if (rows[0].n === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}
