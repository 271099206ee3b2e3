import { mergeReleases } from './ocds-merge';
import { dropSupersededAwards } from './ocds-superseded';

const release = (id: string, date: string, tag: string[], awards: { id: string; amount: number }[]) => ({
  ocid: 'ocds-x-1',
  id,
  date,
  tag,
  awards: awards.map((a) => ({ id: a.id, status: 'active', value: { amount: a.amount, currency: 'GBP' } })),
});

describe('award notices published again as full snapshots', () => {
  it('a later `award` release that no longer lists an award supersedes it (Contracts Finder re-publishing a corrected notice)', () => {
    const rs = [release('r1', '2025-03-11T12:21:44Z', ['award'], [{ id: 'a-1', amount: 18848731 }]), release('r2', '2025-03-11T12:27:50Z', ['award'], [{ id: 'a-2', amount: 188487 }])];
    const merged = mergeReleases(rs);
    expect((merged.awards as unknown[]).length).toBe(2); // what a plain OCDS merge keeps
    const current = dropSupersededAwards(merged, rs);
    expect(current.awards).toEqual([expect.objectContaining({ id: 'a-2', value: { amount: 188487, currency: 'GBP' } })]);
  });

  it('an `awardUpdate` delta that lists one award drops nothing', () => {
    const rs = [release('r1', '2025-01-01T00:00:00Z', ['award'], [{ id: 'a-1', amount: 1 }, { id: 'a-2', amount: 2 }]), release('r2', '2025-02-01T00:00:00Z', ['awardUpdate'], [{ id: 'a-2', amount: 3 }])];
    const current = dropSupersededAwards(mergeReleases(rs), rs);
    expect((current.awards as { id: string }[]).map((a) => a.id)).toEqual(['a-1', 'a-2']);
  });

  it('releases without awards (a tender, a planning notice) change nothing', () => {
    const rs = [release('r1', '2025-01-01T00:00:00Z', ['award'], [{ id: 'a-1', amount: 1 }]), { ocid: 'ocds-x-1', id: 'r2', date: '2025-02-01T00:00:00Z', tag: ['tenderAmendment'] }];
    expect((dropSupersededAwards(mergeReleases(rs), rs).awards as unknown[]).length).toBe(1);
  });
});
