import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Idempotency marker: a job's effect and this row commit together. */
@Entity({ schema: 'queue', name: 'processed_job' })
export class ProcessedJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  jobId: string;

  @Column({ type: 'varchar', length: 120 })
  jobName: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
