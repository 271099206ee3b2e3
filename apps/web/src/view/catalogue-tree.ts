import type { CategoryView, FrameworkView, LotView } from '@app/catalogue';

export interface LotWithFramework extends LotView {
  frameworkName: string;
  frameworkStatus: 'live' | 'closed';
}

/** Lots that take catalogue offerings, in tree order (optionally only those of live frameworks). */
export function offeringLots(tree: FrameworkView[], liveOnly = false): LotWithFramework[] {
  return tree
    .filter((f) => !liveOnly || f.status === 'live')
    .flatMap((f) => f.lots.filter((l) => l.kind === 'offerings').map((l) => ({ ...l, frameworkName: f.name, frameworkStatus: f.status })));
}

/** Names of lots and categories by id. */
export function treeNames(tree: FrameworkView[]): { lots: Map<string, LotWithFramework>; categories: Map<string, CategoryView & { lotId: string }> } {
  const lots = new Map<string, LotWithFramework>();
  const categories = new Map<string, CategoryView & { lotId: string }>();
  for (const f of tree) {
    for (const l of f.lots) {
      lots.set(l.id, { ...l, frameworkName: f.name, frameworkStatus: f.status });
      for (const c of l.categories) categories.set(c.id, { ...c, lotId: l.id });
    }
  }
  return { lots, categories };
}
