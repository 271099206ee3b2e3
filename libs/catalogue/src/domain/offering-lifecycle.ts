/**
 * Offering lifecycle: draft → published → suspended | withdrawn.
 * Suppliers publish and withdraw their own offerings; platform admins
 * suspend a published one (with a reason) and reinstate it. Withdrawn is final.
 */
export const OFFERING_STATUSES = ['draft', 'published', 'suspended', 'withdrawn'] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

export const OFFERING_ACTIONS = ['publish', 'withdraw', 'suspend', 'reinstate'] as const;
export type OfferingAction = (typeof OFFERING_ACTIONS)[number];

export type OfferingActor = 'supplier' | 'platform';

const TRANSITIONS: Record<OfferingAction, { from: readonly OfferingStatus[]; to: OfferingStatus; by: OfferingActor }> = {
  publish: { from: ['draft'], to: 'published', by: 'supplier' },
  withdraw: { from: ['published', 'suspended'], to: 'withdrawn', by: 'supplier' },
  suspend: { from: ['published'], to: 'suspended', by: 'platform' },
  reinstate: { from: ['suspended'], to: 'published', by: 'platform' },
};

export type TransitionResult = { ok: true; to: OfferingStatus } | { ok: false; reason: 'not-allowed-from' | 'wrong-actor' };

/** Where `action` takes an offering in `from`, when `by` may do it. */
export function transition(from: OfferingStatus, action: OfferingAction, by: OfferingActor): TransitionResult {
  const t = TRANSITIONS[action];
  if (t.by !== by) return { ok: false, reason: 'wrong-actor' };
  if (!t.from.includes(from)) return { ok: false, reason: 'not-allowed-from' };
  return { ok: true, to: t.to };
}

/** Whether the supplier may edit an offering in this state: drafts in place, published ones as a new version. */
export function editMode(status: OfferingStatus): 'in-place' | 'new-version' | 'refused' {
  if (status === 'draft') return 'in-place';
  if (status === 'published') return 'new-version';
  return 'refused';
}
