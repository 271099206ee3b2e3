/**
 * The catalogue search as SQL: one statement returns the page (with
 * highlighted matches), the total and the facet counts. Pure: it builds text
 * and parameters only, so the S1 benchmark runs exactly this SQL bare with
 * `pg` beside the API.
 *
 * - Text: `websearch_to_tsquery('english', q)` (AND by default, `OR`, `-word`,
 *   `"phrase"`) against the stored weighted `search_vector` (GIN index on
 *   published rows), ranked by `ts_rank`.
 * - Order: rank, then `tie_break` (a hash of the id, see the migration), then
 *   id: a total order, so pages never overlap or skip, and equal scores are
 *   not ordered by supplier id or name.
 * - Facets: counts over the whole filtered result (lot, category, size band).
 * - Highlights: `ts_headline` on the page rows only, with control characters
 *   as markers; `highlightToHtml` escapes the text and turns them into <mark>.
 */
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_END = '\u0003';

export type BandFilter = 'micro' | 'small' | 'medium' | 'large' | 'unknown';

export interface SearchSqlParams {
  /** The words as typed; empty or absent lists everything. */
  q?: string | null;
  lotId?: string | null;
  categoryId?: string | null;
  /** One band, or `unknown` for suppliers with no declaration. */
  sizeBand?: BandFilter | null;
  /** micro, small and medium only. */
  smeOnly?: boolean;
  /** Decimal strings in `currency`; offerings whose price range overlaps [priceMin, priceMax]. */
  priceMin?: string | null;
  priceMax?: string | null;
  /** The price filter compares only offerings priced in this currency. */
  currency?: string;
  limit: number;
  offset: number;
}

export interface SqlStatement {
  text: string;
  values: unknown[];
}

const HEADLINE_TITLE = `HighlightAll=true, StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}`;
const HEADLINE_SUMMARY = `MaxWords=40, MinWords=20, MaxFragments=0, StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}`;

/** Whether the query has any words at all (stop words alone count as none: see `searchSql`). */
export const hasText = (q: string | null | undefined): q is string => !!q && q.trim().length > 0;

/**
 * The search statement. With `text` false it ignores `q` and lists
 * everything that matches the filters (rank 0, tie-break order); the service
 * uses that when `q` is empty, and when `q` held only stop words (the
 * statement returns `numnode` = 0).
 */
export function searchSql(p: SearchSqlParams, text = hasText(p.q)): SqlStatement {
  const values: unknown[] = [];
  const $ = (v: unknown) => `$${values.push(v)}`;
  const where = [`o.status = 'published'`];
  let tsq = `NULL::tsquery`;
  if (text) {
    tsq = `websearch_to_tsquery('english', ${$(p.q!.trim())})`;
    where.push(`o.search_vector @@ (SELECT q FROM tsq)`);
  }
  if (p.lotId) where.push(`o.lot_id = ${$(p.lotId)}::uuid`);
  if (p.categoryId) where.push(`o.category_ids @> ARRAY[${$(p.categoryId)}::uuid]`);
  if (p.sizeBand === 'unknown') where.push(`o.supplier_band IS NULL`);
  else if (p.sizeBand) where.push(`o.supplier_band = ${$(p.sizeBand)}`);
  if (p.smeOnly) where.push(`o.supplier_band IN ('micro', 'small', 'medium')`);
  if (p.priceMin || p.priceMax) {
    where.push(`o.currency = ${$(p.currency ?? 'GBP')}`);
    if (p.priceMin) where.push(`coalesce(o.price_max, o.price_min) >= ${$(p.priceMin)}::numeric`);
    if (p.priceMax) where.push(`o.price_min <= ${$(p.priceMax)}::numeric`);
  }
  const rank = text ? `ts_rank(o.search_vector, (SELECT q FROM tsq))` : `0::real`;
  const limit = $(p.limit);
  const offset = $(p.offset);
  const headline = (col: string, opts: string) =>
    text ? `ts_headline('english', o.${col}, (SELECT q FROM tsq), '${opts}')` : `o.${col}`;
  return {
    values,
    text: `
WITH tsq AS (SELECT ${tsq} AS q),
m AS MATERIALIZED (
  SELECT o.id, o.lot_id, o.category_ids, o.supplier_band, o.tie_break, ${rank} AS rank
    FROM catalogue.offering o
   WHERE ${where.join('\n     AND ')}
),
page AS (
  SELECT id, rank, tie_break FROM m ORDER BY rank DESC, tie_break, id LIMIT ${limit} OFFSET ${offset}
)
SELECT
  (SELECT coalesce(numnode(q), 0) FROM tsq)::int AS "numnode",
  (SELECT q::text FROM tsq) AS "tsquery",
  (SELECT count(*) FROM m)::int AS "total",
  (SELECT coalesce(json_agg(json_build_object(
      'id', o.id, 'organisationId', o.organisation_id, 'lotId', o.lot_id, 'categoryIds', o.category_ids,
      'title', o.title, 'summary', o.summary, 'titleHighlight', ${headline('title', HEADLINE_TITLE)},
      'summaryHighlight', ${headline('summary', HEADLINE_SUMMARY)},
      'priceMin', o.price_min::text, 'priceMax', o.price_max::text, 'priceUnit', o.price_unit,
      'priceInterval', o.price_interval, 'currency', o.currency, 'supplierName', o.supplier_name,
      'supplierBand', o.supplier_band, 'version', o.version, 'publishedAt', o.published_at, 'rank', page.rank
    ) ORDER BY page.rank DESC, page.tie_break, page.id), '[]'::json)
     FROM page JOIN catalogue.offering o ON o.id = page.id) AS "items",
  (SELECT coalesce(json_object_agg(lot_id, n), '{}'::json) FROM (SELECT lot_id, count(*)::int AS n FROM m GROUP BY lot_id) f) AS "lots",
  (SELECT coalesce(json_object_agg(coalesce(supplier_band, 'unknown'), n), '{}'::json)
     FROM (SELECT supplier_band, count(*)::int AS n FROM m GROUP BY supplier_band) f) AS "bands",
  (SELECT coalesce(json_object_agg(c, n), '{}'::json)
     FROM (SELECT c, count(*)::int AS n FROM m, unnest(m.category_ids) AS c GROUP BY c) f) AS "categories"`,
  };
}

/** A headline from `ts_headline` as safe HTML: the text escaped, the markers turned into <mark>. */
export function highlightToHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    .replaceAll(HIGHLIGHT_START, '<mark>')
    .replaceAll(HIGHLIGHT_END, '</mark>');
}
