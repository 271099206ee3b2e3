import { AuditRecord, auditHash, findChainBreak } from './audit-chain';

function chain(n: number): (AuditRecord & { hash: string })[] {
  const rows: (AuditRecord & { hash: string })[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const r: AuditRecord = {
      id: String(i),
      occurredAt: `2026-01-01T00:00:0${i}.000001Z`,
      actorUserId: null,
      actorOrganisationId: null,
      action: 'test.thing',
      subjectType: 'thing',
      subjectId: String(i),
      ip: '127.0.0.1',
      requestId: null,
      data: { n: i },
      prevHash: prev,
    };
    const hash = auditHash(r);
    rows.push({ ...r, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('accepts an intact chain', () => {
    expect(findChainBreak(chain(5), null).broken).toBeNull();
  });

  it('names the first row whose content was changed', () => {
    const rows = chain(5);
    rows[2].data = { n: 999 };
    expect(findChainBreak(rows, null).broken).toEqual({ id: '3', reason: 'hash_mismatch' });
  });

  it('names a row whose predecessor was removed', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(findChainBreak(rows, null).broken).toEqual({ id: '3', reason: 'prev_hash_mismatch' });
  });

  it('does not depend on key order inside data', () => {
    const [row] = chain(1);
    expect(auditHash({ ...row, data: { b: 1, a: 2 } })).toBe(auditHash({ ...row, data: { a: 2, b: 1 } }));
  });
});
