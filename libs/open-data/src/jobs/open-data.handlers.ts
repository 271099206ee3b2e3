import type { Job } from 'bullmq';
import { JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
import { BulkFilesService } from '../application/bulk-files.service';
import { ImportsService } from '../application/imports.service';
import { PublicationsService } from '../application/publications.service';

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

/** Publishes one event's OCDS release; a retry finds it stored (the release id comes with the event). */
@JobHandler('open-data.publish-release')
export class PublishReleaseHandler implements JobHandlerInstance<'open-data.publish-release'> {
  constructor(private readonly publications: PublicationsService) {}
  async handle(job: Job<JobPayloads['open-data.publish-release']>) {
    return (await this.publications.publish(job.data)) ?? { releaseId: job.data.releaseId, stored: false, skipped: true };
  }
}

/** Writes the day's bulk file (daily, and on demand); running it again rewrites the day's file. */
@JobHandler('open-data.build-bulk')
export class BuildBulkHandler implements JobHandlerInstance<'open-data.build-bulk'> {
  constructor(private readonly bulk: BulkFilesService) {}
  async handle() {
    const file = await this.bulk.build();
    return { day: file.day, releases: file.releases, bytes: file.bytes };
  }
}

export const OPEN_DATA_JOB_HANDLERS = [ImportFileHandler, PublishReleaseHandler, BuildBulkHandler];
