import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/shared';

/** The fields of an audit row that its hash covers. */
export interface AuditRecord {
  id: string;
  occurredAt: string; // ISO-8601 UTC with microseconds, exactly as stored
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  ip: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
  prevHash: string | null;
}

export function auditHash(r: AuditRecord): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        id: r.id,
        occurredAt: r.occurredAt,
        actorUserId: r.actorUserId,
        actorOrganisationId: r.actorOrganisationId,
        action: r.action,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        ip: r.ip,
        requestId: r.requestId,
        data: r.data,
        prevHash: r.prevHash,
      }),
    )
    .digest('hex');
}

export interface ChainBreak {
  id: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch';
}

/**
 * Walks rows in id order and returns the first one whose stored hash does not
 * match its content, or whose prev_hash does not match the row before it.
 * `previousHash` carries the chain across batches.
 */
export function findChainBreak(
  rows: (AuditRecord & { hash: string })[],
  previousHash: string | null,
): { broken: ChainBreak | null; lastHash: string | null } {
  let prev = previousHash;
  for (const row of rows) {
    if (row.prevHash !== prev) return { broken: { id: row.id, reason: 'prev_hash_mismatch' }, lastHash: prev };
    if (auditHash(row) !== row.hash) return { broken: { id: row.id, reason: 'hash_mismatch' }, lastHash: prev };
    prev = row.hash;
  }
  return { broken: null, lastHash: prev };
}
