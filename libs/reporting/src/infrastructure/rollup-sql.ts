import type { EntityManager } from 'typeorm';

/**
 * The SQL that keeps `reporting.sme_rollup` equal to the sums over the lines. One definition
 * of a rollup row serves the incremental path (a signed delta from the lines a transaction
 * removed or added) and the full recompute (the sums from every line), so the two cannot
 * drift apart by construction — the recompute's checksum checks that they did not in fact.
 */

export const ROLLUP_KEY = `basis, dimension, dim_key, buyer_sector, grain, month, size_band`;

/** The first day of the UK financial year (1 April) a month falls in. */
export const FY_START = (month: string) => `make_date(extract(year FROM ${month} - interval '3 months')::int, 4, 1)`;

/** The periods each line counts in: its month, and its financial year. */
const GRAINS = `(VALUES ('m', l.month), ('y', ${FY_START('l.month')}))`;
export const ROLLUP_SUMS = `lines, weight, value_gbp, value_lines, unconverted_lines`;

/** The dimensions of each basis: every line counts once in each. */
const DIMENSIONS = {
  award: `(VALUES ('all', ''), ('buyer', l.buyer_key), ('framework', l.framework), ('lot', l.lot), ('category', l.category))`,
  spend: `(VALUES ('all', ''), ('buyer', l.buyer_key), ('framework', l.framework), ('lot', l.lot))`,
} as const;

export type Basis = keyof typeof DIMENSIONS;

/**
 * SELECT of rollup rows from `source` (a table or CTE name with the line columns), each sum
 * multiplied by `sign` (1 or -1). Spend lines weigh 1 each; an award line its weight.
 */
export function rollupSelect(basis: Basis, source: string, sign: 1 | -1 = 1): string {
  const weight = basis === 'award' ? 'l.weight' : '1';
  const s = sign === 1 ? '' : '-';
  return `SELECT '${basis}'::varchar AS basis, d.dimension, d.dim_key, l.buyer_sector, g.grain, g.month, l.size_band,
      ${s}count(*)::bigint AS lines,
      ${s}sum(${weight})::numeric AS weight,
      ${s}coalesce(sum(l.amount_gbp), 0)::numeric AS value_gbp,
      ${s}count(l.amount_gbp)::bigint AS value_lines,
      ${s}(count(*) FILTER (WHERE l.amount IS NOT NULL AND l.amount_gbp IS NULL))::bigint AS unconverted_lines
    FROM ${source} l CROSS JOIN LATERAL ${DIMENSIONS[basis]} AS d(dimension, dim_key) CROSS JOIN LATERAL ${GRAINS} AS g(grain, month)
    GROUP BY 1, 2, 3, 4, 5, 6, 7`;
}

/**
 * Adds the rows of a rollup SELECT to sme_rollup (signed deltas), in key order so concurrent
 * transactions lock rows in the same order, then removes rows the change emptied. `ctes` are
 * data-modifying CTEs (the line INSERT or DELETE … RETURNING) the SELECT reads: Postgres
 * allows them only at the top level of one statement, which also makes lines and rollups
 * change in the same statement. The emptied rows are deleted by a second statement (one
 * statement must not change a row twice). Returns `n`, the number of rows of `countFrom`.
 */
export async function applyDelta(m: EntityManager, select: string, params: unknown[], ctes = '', countFrom = 'upserted'): Promise<number> {
  const [r] = await m.query(
    `WITH ${ctes ? ctes + ',' : ''} delta AS (${select}),
    upserted AS (
      INSERT INTO reporting.sme_rollup (${ROLLUP_KEY}, ${ROLLUP_SUMS})
      SELECT ${ROLLUP_KEY}, ${ROLLUP_SUMS} FROM delta ORDER BY ${ROLLUP_KEY}
      ON CONFLICT (${ROLLUP_KEY}) DO UPDATE SET
        lines = sme_rollup.lines + EXCLUDED.lines,
        weight = sme_rollup.weight + EXCLUDED.weight,
        value_gbp = sme_rollup.value_gbp + EXCLUDED.value_gbp,
        value_lines = sme_rollup.value_lines + EXCLUDED.value_lines,
        unconverted_lines = sme_rollup.unconverted_lines + EXCLUDED.unconverted_lines
      RETURNING ${ROLLUP_KEY}, lines)
    SELECT (SELECT count(*) FROM ${countFrom})::int AS n,
           (SELECT coalesce(jsonb_agg(to_jsonb(u) - 'lines'), '[]'::jsonb) FROM upserted u WHERE u.lines = 0) AS emptied`,
    params,
  );
  if (r.emptied.length) {
    await m.query(
      `DELETE FROM reporting.sme_rollup r
        USING jsonb_to_recordset($1::jsonb) AS e(basis varchar, dimension varchar, dim_key varchar, buyer_sector varchar, grain char(1), month date, size_band varchar)
        WHERE r.lines = 0 AND (r.basis, r.dimension, r.dim_key, r.buyer_sector, r.grain, r.month, r.size_band)
            = (e.basis, e.dimension, e.dim_key, e.buyer_sector, e.grain, e.month, e.size_band)`,
      [JSON.stringify(r.emptied)],
    );
  }
  return r.n;
}

/** The GBP value of a line: its amount at the rate in force on its date (rule 6), null without a rate. */
export const GBP_AT_DATE = (amount: string, currency: string, date: string) => `round(${amount} * (
    SELECT fx.gbp_per_unit FROM reporting.fx_rate fx
     WHERE fx.currency = ${currency} AND fx.valid_from <= ${date}
     ORDER BY fx.valid_from DESC LIMIT 1), 6)`;

/** md5 over every rollup row in key order: equal checksums, equal figures. */
export function checksumSql(table: string, where = 'true'): string {
  return `SELECT md5(coalesce(string_agg(concat_ws('|', ${ROLLUP_KEY}, lines, round(weight, 12)::text, round(value_gbp, 6)::text, value_lines, unconverted_lines), E'\\n'
            ORDER BY ${ROLLUP_KEY}), '')) AS checksum, count(*)::bigint AS rows FROM ${table} WHERE ${where}`;
}
