import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { CriterionEntity, RequirementEntity } from './requirement.entity';

/**
 * A supplier's bid on a requirement: one per supplier organisation and
 * requirement, saved as a draft, submitted, withdrawn and resubmitted until
 * closing. Content (answers, price) is sealed until the closing time: the
 * services read it only through the unsealing check, by the database clock.
 */
@Entity({ schema: 'tendering', name: 'bid' })
@Check('bid_status_check', `status IN ('draft', 'submitted', 'withdrawn')`)
@Check('bid_price_check', `price IS NULL OR price >= 0`)
@Check('bid_band_check', `size_band IS NULL OR size_band IN ('micro', 'small', 'medium', 'large', 'unknown')`)
@Unique('bid_supplier_key', ['requirementId', 'organisationId'])
export class BidEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => RequirementEntity, { name: 'bid_requirement_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  requirementId: string;

  /** The supplier organisation. */
  @ForeignKey('OrganisationEntity', { name: 'bid_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: string;

  /** Criterion id → answer text. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  answers: Record<string, string>;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  price: string | null;

  /** The supplier's size band at the last submission (unknown when none declared). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  sizeBand: string | null;

  /** The receipt of the submission in force. */
  @Column({ type: 'uuid', nullable: true })
  submissionId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  shortlistedAt: Date | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One submission's receipt: the database time it was received and the SHA-256
 * digest of exactly what was submitted. Append-only (a trigger in the migration
 * refuses updates other than marking it withdrawn, and refuses any receipt at or
 * after the requirement's closing time).
 */
@Entity({ schema: 'tendering', name: 'bid_submission' })
@Index('bid_submission_bid_idx', ['bidId', 'receivedAt'])
export class BidSubmissionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => BidEntity, { name: 'bid_submission_bid_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  bidId: string;

  @Column({ type: 'uuid' })
  requirementId: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  receivedAt: Date;

  @Column({ type: 'char', length: 64 })
  digest: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  sizeBand: string | null;

  @Column({ type: 'uuid' })
  submittedBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;
}

/** An evaluator's score of one bid against one criterion. */
@Entity({ schema: 'tendering', name: 'score' })
@Check('score_value_check', `score >= 0`)
export class ScoreEntity {
  @ForeignKey(() => BidEntity, { name: 'score_bid_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  bidId: string;

  @ForeignKey('UserEntity', { name: 'score_evaluator_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  evaluatorId: string;

  @ForeignKey(() => CriterionEntity, { name: 'score_criterion_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  criterionId: string;

  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  scoredAt: Date;
}
