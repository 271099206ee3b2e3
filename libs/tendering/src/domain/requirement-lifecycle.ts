/**
 * Requirement (opportunity) lifecycle, product.md §3:
 *
 *   draft → published → closed → awarded
 *                    ↘ withdrawn   ↘ cancelled | unsuccessful
 *
 * - `publish`: the buyer opens it for questions and bids (after the publish checks).
 * - `withdraw`: the buyer takes it down while live (before the closing time).
 * - `close`: the closing time passed. The closing job records it; until then the
 *   API already treats a published requirement past its closing time as closed
 *   (`effectiveStatus`), so a late or lost job changes nothing a user can do.
 * - `award` / `cancel` / `mark-unsuccessful`: the outcome after closing.
 *
 * Pure: no clock of its own, no I/O. The services pass the database time.
 */
export const REQUIREMENT_STATUSES = ['draft', 'published', 'closed', 'awarded', 'cancelled', 'unsuccessful', 'withdrawn'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

export const REQUIREMENT_ACTIONS = ['publish', 'withdraw', 'close', 'award', 'cancel', 'mark-unsuccessful'] as const;
export type RequirementAction = (typeof REQUIREMENT_ACTIONS)[number];

/** States with no way out. */
export const FINAL_STATUSES: readonly RequirementStatus[] = ['awarded', 'cancelled', 'unsuccessful', 'withdrawn'];

const TRANSITIONS: Record<RequirementAction, { from: readonly RequirementStatus[]; to: RequirementStatus }> = {
  publish: { from: ['draft'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
  close: { from: ['published'], to: 'closed' },
  award: { from: ['closed'], to: 'awarded' },
  cancel: { from: ['closed'], to: 'cancelled' },
  'mark-unsuccessful': { from: ['closed'], to: 'unsuccessful' },
};

/** Stable error codes, one per refused transition (answered as 409). */
export const TRANSITION_CODES: Record<RequirementAction, string> = {
  publish: 'TENDERING.NOT_DRAFT',
  withdraw: 'TENDERING.NOT_LIVE',
  close: 'TENDERING.NOT_LIVE',
  award: 'TENDERING.NOT_CLOSED',
  cancel: 'TENDERING.NOT_CLOSED',
  'mark-unsuccessful': 'TENDERING.NOT_CLOSED',
};

export type RequirementTransition = { ok: true; to: RequirementStatus } | { ok: false; code: string; message: string };

/**
 * The state as users see it at `now`: a published requirement whose closing
 * time has passed is closed, whether or not the closing job has run.
 */
export function effectiveStatus(status: RequirementStatus, closesAt: Date, now: Date): RequirementStatus {
  return status === 'published' && now.getTime() >= closesAt.getTime() ? 'closed' : status;
}

/**
 * Where `action` takes a requirement whose stored state is `status`, judged on
 * its effective state at `now` (so `withdraw` after the closing time is refused
 * and `award` before the closing job ran is allowed).
 */
export function transition(status: RequirementStatus, closesAt: Date, action: RequirementAction, now: Date): RequirementTransition {
  const t = TRANSITIONS[action];
  const current = effectiveStatus(status, closesAt, now);
  if (action === 'close') {
    // The closing job moves a stored `published` once its time has come.
    if (status === 'published' && current === 'closed') return { ok: true, to: t.to };
    if (status === 'published') return { ok: false, code: 'TENDERING.NOT_DUE', message: 'The closing time has not passed yet.' };
    return { ok: false, code: TRANSITION_CODES.close, message: `A requirement that is ${current} cannot be closed.` };
  }
  if (!t.from.includes(current)) {
    return { ok: false, code: TRANSITION_CODES[action], message: `A requirement that is ${current} cannot be ${PAST[action]}.` };
  }
  return { ok: true, to: t.to };
}

const PAST: Record<RequirementAction, string> = {
  publish: 'published',
  withdraw: 'withdrawn',
  close: 'closed',
  award: 'awarded',
  cancel: 'cancelled',
  'mark-unsuccessful': 'marked unsuccessful',
};

/** Whether the buyer may edit the requirement's content: drafts only (published ones change only their closing time). */
export const isEditable = (status: RequirementStatus): boolean => status === 'draft';

/** Whether bids may be saved, submitted or withdrawn: published and before the closing time. */
export const acceptsBids = (status: RequirementStatus, closesAt: Date, now: Date): boolean =>
  effectiveStatus(status, closesAt, now) === 'published';

/** Whether suppliers may still ask questions: live and before the question deadline. */
export const acceptsQuestions = (status: RequirementStatus, closesAt: Date, questionsCloseAt: Date, now: Date): boolean =>
  acceptsBids(status, closesAt, now) && now.getTime() < questionsCloseAt.getTime();

/** Whether bid content may be read at all: only once the closing time has passed (Annex IV b). */
export const bidsUnsealed = (status: RequirementStatus, closesAt: Date, now: Date): boolean =>
  status !== 'draft' && status !== 'withdrawn' && now.getTime() >= closesAt.getTime();
