import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a job's effect at most once per job id: the effect and the processed
 * marker commit in one transaction; a redelivered job finds the marker and
 * does nothing. Returns false when the job had already been processed.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async runOnce(jobId: string, jobName: string, effect: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const inserted = await m.query(
        `INSERT INTO queue.processed_job (job_id, job_name) VALUES ($1, $2) ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
        [jobId, jobName],
      );
      if (!inserted.length) return false;
      await effect(m);
      return true;
    });
  }

  async wasProcessed(jobId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM queue.processed_job WHERE job_id = $1`, [jobId]);
    return rows.length > 0;
  }
}
