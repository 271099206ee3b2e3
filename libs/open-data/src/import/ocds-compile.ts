/**
 * Current state per contracting process (OCID) from a set of releases, in memory. Meant for tests
 * and modest files; a large import should stage releases by OCID in the database instead.
 */
import { JsonObject, mergeReleases } from './ocds-merge';
import type { OcdsRelease } from './ocds-reader';

/**
 * - `merge`: the OCDS compiled release (mergeReleases). Correct when releases are deltas; but an
 *   award that a later release no longer lists survives the merge (OCDS expects the publisher to set
 *   it `cancelled`, which Contracts Finder does not do).
 * - `latest`: the release with the latest `date` (ties: the later one in the input). Correct for
 *   publishers whose every release is a full snapshot of the process, such as Contracts Finder.
 */
export type CompileMode = 'merge' | 'latest';

export interface CompiledProcess {
  ocid: string;
  compiled: JsonObject;
  /** The tags of all the releases seen for this OCID (evidence for mapRelease's `ctx.tags`). */
  tags: string[];
  releaseCount: number;
}

/** Groups releases by `ocid` and compiles each group; the map keeps first-seen OCID order. */
export function compileByOcid(releases: Iterable<OcdsRelease>, mode: CompileMode = 'merge'): Map<string, CompiledProcess> {
  const groups = new Map<string, OcdsRelease[]>();
  for (const release of releases) {
    const group = groups.get(release.ocid);
    if (group) group.push(release);
    else groups.set(release.ocid, [release]);
  }
  const out = new Map<string, CompiledProcess>();
  for (const [ocid, group] of groups) {
    const tags = [...new Set(group.flatMap((r) => (Array.isArray(r.tag) ? r.tag.filter((t): t is string => typeof t === 'string') : [])))];
    const compiled = mode === 'merge' ? mergeReleases(group) : latestRelease(group);
    out.set(ocid, { ocid, compiled, tags, releaseCount: group.length });
  }
  return out;
}

function latestRelease(group: OcdsRelease[]): JsonObject {
  let best = group[0];
  let bestTime = -Infinity;
  for (const release of group) {
    const parsed = typeof release.date === 'string' ? Date.parse(release.date) : NaN;
    const time = Number.isNaN(parsed) ? -Infinity : parsed;
    if (time >= bestTime) {
      best = release;
      bestTime = time;
    }
  }
  return best;
}
