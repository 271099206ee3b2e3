import type { Job } from 'bullmq';
import { JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
import { ImportsService } from '../application/imports.service';

/**
 * Streams an uploaded file into reporting with progress. Safe to run again (after a worker
 * restart the stalled job runs from the start): every batch is idempotent.
 */
@JobHandler('open-data.import-file')
export class ImportFileHandler implements JobHandlerInstance<'open-data.import-file'> {
  constructor(private readonly imports: ImportsService) {}
  async handle(job: Job<JobPayloads['open-data.import-file']>) {
    const run = await this.imports.run(job.data.importId, (p) => job.updateProgress(p));
    return { status: run.status, unitsRead: run.unitsRead, imported: run.imported, unchanged: run.unchanged, problems: run.problemCount };
  }
}

export const OPEN_DATA_JOB_HANDLERS = [ImportFileHandler];
