import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event written in the same transaction as the state change it announces. */
@Entity({ schema: 'queue', name: 'outbox_event' })
@Index('outbox_event_pending_idx', ['createdAt'], { where: 'relayed_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 120 })
  jobName: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
