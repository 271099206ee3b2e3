import type { JsonObject } from './ocds-merge';

const isObject = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Award notices published again as full snapshots (Contracts Finder does this: a corrected
 * notice is a new release, tagged `award`, whose award has a new id) must not count twice:
 * the OCDS merge keeps every award id it has seen. So when the latest release of a process
 * that lists awards is tagged `award` (a whole notice, not an `awardUpdate` delta), awards
 * of earlier releases that it no longer lists are superseded and dropped from the compiled
 * state. A publisher that sends deltas tags them `awardUpdate`, and nothing is dropped.
 */
export function dropSupersededAwards(compiled: JsonObject, releases: readonly JsonObject[]): JsonObject {
  const withAwards = releases
    .filter((r) => Array.isArray(r.awards) && (r.awards as unknown[]).length > 0)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => String(a.r.date ?? '').localeCompare(String(b.r.date ?? '')) || a.i - b.i);
  const latest = withAwards.at(-1)?.r;
  if (!latest || !Array.isArray(latest.tag) || !latest.tag.includes('award') || latest.tag.includes('awardUpdate')) return compiled;
  if (!Array.isArray(compiled.awards)) return compiled;
  const keep = new Set((latest.awards as unknown[]).filter(isObject).map((a) => String(a.id)));
  return { ...compiled, awards: (compiled.awards as unknown[]).filter((a) => !isObject(a) || keep.has(String(a.id))) };
}
