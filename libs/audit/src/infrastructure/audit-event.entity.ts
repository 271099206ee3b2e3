import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One append-only, hash-chained audit row. A trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity({ schema: 'audit', name: 'audit_event' })
@Index('audit_event_subject_idx', ['subjectType', 'subjectId'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Column({ type: 'varchar', length: 120 })
  action: string;

  @Column({ type: 'varchar', length: 60 })
  subjectType: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  subjectId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
