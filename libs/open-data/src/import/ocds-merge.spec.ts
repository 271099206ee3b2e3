import { mergeReleases } from './ocds-merge';

describe('mergeReleases (OCDS compiled release)', () => {
  const ocid = 'ocds-abc-1';

  it('sorts by date, merges objects recursively and tags the result compiled', () => {
    const later = { ocid, id: 'r2', date: '2025-02-01T00:00:00Z', tag: ['tenderUpdate'], tender: { status: 'complete' } };
    const earlier = { ocid, id: 'r1', date: '2025-01-01T00:00:00Z', tag: ['tender'], tender: { title: 'Roads', status: 'active' } };
    const compiled = mergeReleases([later, earlier]);
    expect(compiled).toEqual({
      ocid,
      id: `${ocid}-2025-02-01T00:00:00Z`,
      date: '2025-02-01T00:00:00Z',
      tag: ['compiled'],
      tender: { title: 'Roads', status: 'complete' },
    });
  });

  it('compares dates as instants, and keeps input order for equal dates (stable)', () => {
    const a = { ocid, date: '2025-01-01T10:00:00+02:00', title: 'A' }; // 08:00Z
    const b = { ocid, date: '2025-01-01T09:00:00Z', title: 'B' };
    const c = { ocid, date: '2025-01-01T09:00:00Z', title: 'C' };
    expect(mergeReleases([b, a]).title).toBe('B');
    expect(mergeReleases([b, c]).title).toBe('C');
    expect(mergeReleases([c, b]).title).toBe('B');
  });

  it('merges arrays of objects with ids item by item, recursively, appending new ids', () => {
    const r1 = {
      ocid,
      date: '2025-01-01',
      awards: [
        { id: 'a1', status: 'pending', value: { amount: 10, currency: 'GBP' }, suppliers: [{ id: 's1', name: 'One' }] },
        { id: 'a2', status: 'pending' },
      ],
    };
    const r2 = { ocid, date: '2025-02-01', awards: [{ id: 'a1', status: 'active', value: { amount: 12 } }, { id: 'a3', status: 'active' }] };
    expect(mergeReleases([r1, r2]).awards).toEqual([
      { id: 'a1', status: 'active', value: { amount: 12, currency: 'GBP' }, suppliers: [{ id: 's1', name: 'One' }] },
      { id: 'a2', status: 'pending' },
      { id: 'a3', status: 'active' },
    ]);
  });

  it('treats integer and string ids as the same id', () => {
    const merged = mergeReleases([
      { ocid, date: '2025-01-01', items: [{ id: 1, quantity: 1 }] },
      { ocid, date: '2025-01-02', items: [{ id: '1', unit: { name: 'kg' } }] },
    ]);
    expect(merged.items).toEqual([{ id: '1', quantity: 1, unit: { name: 'kg' } }]);
  });

  it('replaces arrays of strings, arrays of objects without ids and wholeListMerge arrays', () => {
    const merged = mergeReleases([
      {
        ocid,
        date: '2025-01-01',
        parties: [{ id: 'p1', roles: ['buyer', 'payer'], additionalIdentifiers: [{ id: 'X1', scheme: 'A' }, { id: 'X2', scheme: 'A' }] }],
        tender: { milestones: [{ title: 'no id' }, { title: 'no id either' }] },
      },
      {
        ocid,
        date: '2025-01-02',
        parties: [{ id: 'p1', roles: ['buyer'], additionalIdentifiers: [{ id: 'X3', scheme: 'B' }] }],
        tender: { milestones: [{ title: 'replaced' }] },
      },
    ]);
    expect(merged.parties).toEqual([{ id: 'p1', roles: ['buyer'], additionalIdentifiers: [{ id: 'X3', scheme: 'B' }] }]);
    expect(merged.tender).toEqual({ milestones: [{ title: 'replaced' }] });
  });

  it('removes a field set to null, at any depth, and drops nulls from new values', () => {
    const merged = mergeReleases([
      { ocid, date: '2025-01-01', tender: { title: 'T', value: { amount: 5, currency: 'GBP' } }, awards: [{ id: 'a', title: 'x' }] },
      { ocid, date: '2025-01-02', tender: { value: null }, awards: [{ id: 'a', title: null, date: '2025-01-02' }], planning: { budget: null, rationale: 'r' } },
    ]);
    expect(merged.tender).toEqual({ title: 'T' });
    expect(merged.awards).toEqual([{ id: 'a', date: '2025-01-02' }]);
    expect(merged.planning).toEqual({ rationale: 'r' });
  });

  it('does not modify its inputs', () => {
    const r1 = { ocid, date: '2025-01-01', awards: [{ id: 'a', value: { amount: 1 } }] };
    const r2 = { ocid, date: '2025-01-02', awards: [{ id: 'a', value: { amount: 2 } }] };
    const before = JSON.stringify([r1, r2]);
    mergeReleases([r1, r2]);
    expect(JSON.stringify([r1, r2])).toBe(before);
  });

  it('puts a release without a date first', () => {
    expect(mergeReleases([{ ocid, date: '2025-01-01', title: 'dated' }, { ocid, title: 'undated' }]).title).toBe('dated');
  });
});
