/**
 * Every job the platform runs, with its versioned payload. Payloads carry ids
 * only — never bid content or personal data beyond an id. Adding a job here
 * without a handler in the worker stops the worker at boot, and so does a
 * handler for a name that is not here.
 */
export interface JobPayloads {
  /** Send the e-mail with an invitation link. */
  'identity.send-invitation': { v: 1; invitationId: string };
  /** Tell an organisation's admins that a platform admin verified or rejected it. */
  'identity.notify-verification': { v: 1; organisationId: string; status: 'verified' | 'rejected' };
  /**
   * Record a requirement closed at its closing time. `runAt` (ISO time) delays the job until
   * then; a job whose requirement's closing time was moved later finds it not due and does nothing.
   */
  'tendering.close-requirement': { v: 1; requirementId: string; runAt: string };
  /** Alert the suppliers whose offerings (or followed lots) match a newly published requirement. */
  'tendering.notify-published': { v: 1; requirementId: string };
  /** Tell the suppliers who bid on or asked about a requirement that an answer was published. */
  'tendering.notify-answer': { v: 1; requirementId: string; questionId: string };
  /** Tell the buyer's assigned users that a requirement closed, with the bid count. */
  'tendering.notify-closed': { v: 1; requirementId: string };
  /** Tell bidders the outcome: the winners, a debrief with scores to the others, or that it ended without a contract. */
  'tendering.notify-outcome': { v: 1; requirementId: string };
  /** Send one queued e-mail (notifications.email). */
  'notifications.send-email': { v: 1; emailId: string };
  /** Repeating: send due daily digests and queue again mail left unsent while the mail server was down. */
  'notifications.sweep': { v: 1 };
  /** Repeating: record as closed every requirement whose closing time passed (behind late or lost closing jobs). */
  'tendering.close-due': { v: 1 };
  /** Bring a platform contract's SME-reporting lines and rollups to its current state (award, cancellation). */
  'reporting.refresh-contract': { v: 1; contractId: string };
  /** Re-derive the lines of one reporting contract after a size correction or a rates change (by reporting contract id). */
  'reporting.rebuild-lines': { v: 1; sourceContractIds: string[] };
  /** Repeating (and on demand): recompute every rollup from the raw lines, repair drift, store a snapshot. */
  'reporting.recompute-sme-share': { v: 1; trigger?: string };
  /** Read an uploaded OCDS or spend file into reporting (streamed, idempotent), with progress. */
  'open-data.import-file': { v: 1; importId: string };
  /**
   * Publish the OCDS release of one event of a contracting process: a requirement's publication,
   * closing-time change, withdrawal, cancellation or unsuccessful end, an award (with its
   * contract), a platform admin's correction of a supplier's size on it, a contract's cancellation. `releaseId` is made when the event commits, so a retried
   * job stores nothing twice; `closesAt` is the closing time as it was at that event.
   */
  'open-data.publish-release': {
    v: 1;
    releaseId: string;
    event: 'tender' | 'tenderAmendment' | 'tenderCancellation' | 'tenderUpdate' | 'award' | 'awardUpdate' | 'awardCancellation';
    /** The requirement (tendered processes) or the contract (direct awards, award events). */
    requirementId?: string;
    contractId?: string;
    /** When the event happened (database time, ISO), for events whose time is not kept in their tables. */
    at?: string;
    closesAt?: string;
  };
  /** Repeating (daily) and on demand: write the day's gzip-compressed bulk release package of every release. */
  'open-data.build-bulk': { v: 1; trigger?: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = [
  'identity.send-invitation',
  'identity.notify-verification',
  'tendering.close-requirement',
  'tendering.notify-published',
  'tendering.notify-answer',
  'tendering.notify-closed',
  'tendering.notify-outcome',
  'notifications.send-email',
  'notifications.sweep',
  'tendering.close-due',
  'reporting.refresh-contract',
  'reporting.rebuild-lines',
  'reporting.recompute-sme-share',
  'open-data.import-file',
  'open-data.publish-release',
  'open-data.build-bulk',
];

/** Jobs the worker schedules to repeat (every N ms), with payload `{ v: 1 }`; one schedule however many workers run. */
export const JOB_SCHEDULES: Partial<Record<JobName, number>> = {
  'notifications.sweep': 5 * 60_000,
  'tendering.close-due': 60_000,
  'reporting.recompute-sme-share': 24 * 60 * 60_000,
  'open-data.build-bulk': 24 * 60 * 60_000,
};

/** Jobs are grouped in one queue per bounded context: `identity.send-invitation` → `identity`. */
export function queueNameOf(job: JobName | string): string {
  const dot = job.indexOf('.');
  if (dot <= 0) throw new Error(`Job name "${job}" is not <context>.<verb-noun>`);
  return job.slice(0, dot);
}

export const QUEUE_NAMES: readonly string[] = [...new Set(JOB_NAMES.map(queueNameOf))];
