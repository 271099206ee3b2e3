import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
import { NativeContractsService } from '../application/native-contracts.service';
import { ReportsCache } from '../application/reports-cache';
import { SmeLedgerService } from '../application/sme-ledger.service';
import { SmeRecomputeService } from '../application/sme-recompute.service';

/** An award or cancellation on the platform: the contract's lines and the rollups follow (idempotent by content). */
@JobHandler('reporting.refresh-contract')
export class RefreshContractHandler implements JobHandlerInstance<'reporting.refresh-contract'> {
  constructor(private readonly contracts: NativeContractsService) {}
  handle(job: Job<JobPayloads['reporting.refresh-contract']>) {
    return this.contracts.refresh(job.data.contractId);
  }
}

/** A size correction or a rates change: the lines are derived again from what they were built from. */
@JobHandler('reporting.rebuild-lines')
export class RebuildLinesHandler implements JobHandlerInstance<'reporting.rebuild-lines'> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: SmeLedgerService,
    private readonly cache: ReportsCache,
  ) {}
  async handle(job: Job<JobPayloads['reporting.rebuild-lines']>) {
    await this.dataSource.transaction((m) => this.ledger.rebuildLines(m, job.data.sourceContractIds));
    await this.cache.invalidate();
    return { rebuilt: job.data.sourceContractIds.length };
  }
}

/**
 * The full recompute, with progress. It runs in one transaction: a worker killed half-way
 * leaves the rollups as they were, and BullMQ gives the stalled job to the next worker.
 */
@JobHandler('reporting.recompute-sme-share')
export class RecomputeSmeShareHandler implements JobHandlerInstance<'reporting.recompute-sme-share'> {
  constructor(private readonly recompute: SmeRecomputeService) {}
  handle(job: Job<JobPayloads['reporting.recompute-sme-share']>) {
    return this.recompute.recompute(job.data.trigger ?? (job.repeatJobKey ? 'schedule' : 'request'), async (pct, phase) => {
      await job.updateProgress({ pct, phase });
    });
  }
}

export const REPORTING_JOB_HANDLERS = [RefreshContractHandler, RebuildLinesHandler, RecomputeSmeShareHandler];
