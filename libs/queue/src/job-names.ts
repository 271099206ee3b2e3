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
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['identity.send-invitation', 'identity.notify-verification', 'tendering.close-requirement'];

/** Jobs are grouped in one queue per bounded context: `identity.send-invitation` → `identity`. */
export function queueNameOf(job: JobName | string): string {
  const dot = job.indexOf('.');
  if (dot <= 0) throw new Error(`Job name "${job}" is not <context>.<verb-noun>`);
  return job.slice(0, dot);
}

export const QUEUE_NAMES: readonly string[] = [...new Set(JOB_NAMES.map(queueNameOf))];
