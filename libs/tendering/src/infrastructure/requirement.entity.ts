import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A buyer's requirement (opportunity). Content is editable while `draft`; once
 * published only the closing time changes (buyer admins, audited). `status`
 * is the stored state: a published requirement past `closes_at` is closed
 * for every purpose whether or not the closing job has run (see the domain).
 */
@Entity({ schema: 'tendering', name: 'requirement' })
@Check('requirement_status_check', `status IN ('draft', 'published', 'closed', 'awarded', 'cancelled', 'unsuccessful', 'withdrawn')`)
@Check('requirement_weights_check', `technical_weight >= 0 AND price_weight >= 0 AND technical_weight + price_weight = 100`)
@Check('requirement_budget_check', `(budget_min IS NULL OR budget_min >= 0) AND (budget_max IS NULL OR budget_max >= coalesce(budget_min, 0))`)
@Check('requirement_deadlines_check', `questions_close_at <= closes_at`)
@Index('requirement_organisation_idx', ['organisationId', 'updatedAt'])
@Index('requirement_live_idx', ['closesAt'], { where: `status = 'published'` })
export class RequirementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The buyer organisation. */
  @ForeignKey('OrganisationEntity', { name: 'requirement_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 15, default: 'draft' })
  status: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 500 })
  summary: string;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  problemStatement: string | null;

  @Column({ type: 'varchar', length: 10000 })
  description: string;

  @ForeignKey('LotEntity', { name: 'requirement_lot_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  lotId: string;

  @ForeignKey('CategoryEntity', { name: 'requirement_category_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @Column({ type: 'varchar', length: 100 })
  location: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  budgetMin: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  budgetMax: string | null;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency: string;

  @Column({ type: 'int', nullable: true })
  contractLengthMonths: number | null;

  @Column({ type: 'date', nullable: true })
  contractStart: string | null;

  @Column({ type: 'int' })
  technicalWeight: number;

  @Column({ type: 'int' })
  priceWeight: number;

  @Column({ type: 'timestamptz' })
  questionsCloseAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** When the closing job (or the first action after the closing time) recorded the close. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  outcomeReason: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** An essential or nice-to-have criterion; bids answer and evaluators score each. */
@Entity({ schema: 'tendering', name: 'criterion' })
@Check('criterion_kind_check', `kind IN ('essential', 'nice')`)
@Unique('criterion_position_key', ['requirementId', 'kind', 'position'])
export class CriterionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => RequirementEntity, { name: 'criterion_requirement_fk', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  requirementId: string;

  @Column({ type: 'varchar', length: 10 })
  kind: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 1000 })
  text: string;
}

/**
 * A buyer-organisation user assigned to a requirement: its `lead` (who created it
 * or was made lead) or an `evaluator`. Only assigned users read bids after closing.
 */
@Entity({ schema: 'tendering', name: 'assignment' })
@Check('assignment_role_check', `role IN ('lead', 'evaluator')`)
@Index('assignment_user_idx', ['userId'])
export class AssignmentEntity {
  @ForeignKey(() => RequirementEntity, { name: 'assignment_requirement_fk', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  requirementId: string;

  @ForeignKey('UserEntity', { name: 'assignment_user_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  role: string;

  @Column({ type: 'uuid' })
  assignedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  assignedAt: Date;
}

/** A clarification question; its answer, once published, is public without the asker. */
@Entity({ schema: 'tendering', name: 'question' })
@Index('question_requirement_idx', ['requirementId', 'askedAt'])
export class QuestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => RequirementEntity, { name: 'question_requirement_fk', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  requirementId: string;

  @ForeignKey('OrganisationEntity', { name: 'question_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  askedBy: string;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  askedAt: Date;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  answer: string | null;

  @Column({ type: 'uuid', nullable: true })
  answeredBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
