/**
 * OCDS compiled-release merge (OCDS 1.1 "Merging" rules, as implemented by ocdsmerge):
 * the releases of one contracting process, oldest first, folded into its current state.
 */

export type JsonObject = Record<string, unknown>;

/**
 * Arrays the OCDS 1.1.5 release schema marks `wholeListMerge`: replaced as a whole even though
 * their items have ids (an organisation's other identifiers, an item's other classifications).
 */
const WHOLE_LIST_KEYS = new Set(['additionalIdentifiers', 'additionalClassifications']);

/**
 * Merges the releases of one OCID into a compiled release.
 * - Releases are sorted by `date` (stable: equal or missing dates keep their input order; a release
 *   without a date sorts first, so a dated one overrides it).
 * - Objects merge recursively; a `null` value removes the field.
 * - Arrays whose items are all objects with an `id` merge item by item by id (ids compared as
 *   strings, since publishers mix `1` and `"1"`); new ids are appended in order of appearance.
 * - Every other array (strings, objects without ids, `additionalIdentifiers`, an empty array) and
 *   every other value is replaced by the later release's.
 * - The result's `tag` is `['compiled']`, its `date` the latest release's, and its `id`
 *   `<ocid>-<date>` (the convention of ocdsmerge; the schema's id/date/tag are `omitWhenMerged`).
 * The inputs are not modified.
 */
export function mergeReleases(releases: readonly object[]): JsonObject {
  const ordered = releases
    .map((release, index) => ({ release: release as JsonObject, index, time: releaseTime(release as JsonObject) }))
    .sort((a, b) => a.time - b.time || a.index - b.index);
  let compiled: JsonObject = {};
  for (const { release } of ordered) compiled = mergeObject(compiled, release);
  if (typeof compiled.ocid === 'string' && typeof compiled.date === 'string') compiled.id = `${compiled.ocid}-${compiled.date}`;
  compiled.tag = ['compiled'];
  return compiled;
}

/** Sort key of a release: its `date` as epoch ms; -Infinity when missing or unparseable. */
function releaseTime(release: JsonObject): number {
  const t = typeof release.date === 'string' ? Date.parse(release.date) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `source` into `target` (a copy owned by the merge, so it may be changed in place). */
function mergeObject(target: JsonObject, source: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (value === null) {
      delete target[key];
    } else if (isPlainObject(value)) {
      const existing = target[key];
      target[key] = mergeObject(isPlainObject(existing) ? existing : {}, value);
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] =
        !WHOLE_LIST_KEYS.has(key) && isIdArray(value) && (existing === undefined || isIdArray(existing))
          ? mergeById((existing as JsonObject[] | undefined) ?? [], value)
          : value.map(cleanCopy);
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** A non-empty array whose every item is an object with a string or integer `id`. */
function isIdArray(value: unknown): value is JsonObject[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => isPlainObject(item) && (typeof item.id === 'string' || typeof item.id === 'number'))
  );
}

function mergeById(existing: JsonObject[], incoming: JsonObject[]): JsonObject[] {
  const result = existing.slice();
  const index = new Map<string, number>();
  result.forEach((item, i) => index.set(String(item.id), i));
  for (const item of incoming) {
    const key = String(item.id);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, result.length);
      result.push(mergeObject({}, item));
    } else {
      result[at] = mergeObject(result[at], item);
    }
  }
  return result;
}

/** A deep copy with `null` fields removed from objects (null means "absent" in a release). */
function cleanCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanCopy);
  if (isPlainObject(value)) return mergeObject({}, value);
  return value;
}
