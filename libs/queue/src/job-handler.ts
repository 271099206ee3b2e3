import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_NAMES, JobName, JobPayloads } from './job-names';

export const JOB_HANDLER_KEY = 'opm:jobHandler';

/** Marks a provider as the one handler of a job name. */
export const JobHandler = (name: JobName) => applyDecorators(Injectable(), SetMetadata(JOB_HANDLER_KEY, name));

export interface JobHandlerInstance<N extends JobName = JobName> {
  handle(job: Job<JobPayloads[N]>): Promise<unknown>;
}

/**
 * Checks a set of discovered handlers against the job list: every job needs
 * exactly one handler, and every handler a known job. Returns the problems
 * (empty when all is well); the worker refuses to start on any.
 */
export function checkHandlerCoverage(handlerNames: string[], jobNames: readonly string[] = JOB_NAMES): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const n of handlerNames) counts.set(n, (counts.get(n) ?? 0) + 1);
  for (const job of jobNames) {
    const c = counts.get(job) ?? 0;
    if (c === 0) problems.push(`job "${job}" has no handler`);
    if (c > 1) problems.push(`job "${job}" has ${c} handlers`);
  }
  for (const n of counts.keys()) if (!jobNames.includes(n)) problems.push(`handler for unknown job "${n}"`);
  return problems;
}
