import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { RequirementEntity } from './requirement.entity';

/**
 * A contract from an award: of a tendered requirement (at most one per
 * requirement, by the unique index — two concurrent awards give one contract)
 * or a direct award from a shortlist or saved search.
 */
@Entity({ schema: 'tendering', name: 'contract' })
@Check('contract_source_check', `source IN ('tender', 'direct')`)
@Check('contract_value_check', `value IS NULL OR value >= 0`)
@Check('contract_dates_check', `end_date IS NULL OR start_date IS NULL OR end_date >= start_date`)
@Check('contract_origin_check', `(source = 'tender') = (requirement_id IS NOT NULL)`)
@Check('contract_status_check', `status IN ('active', 'cancelled')`)
@Index('contract_requirement_key', ['requirementId'], { unique: true, where: `requirement_id IS NOT NULL` })
@Index('contract_buyer_idx', ['organisationId', 'awardedOn'])
export class ContractEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The buyer organisation. */
  @ForeignKey('OrganisationEntity', { name: 'contract_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 10 })
  source: string;

  @ForeignKey(() => RequirementEntity, { name: 'contract_requirement_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  requirementId: string | null;

  /** Direct award: the shortlist or saved search it came from, and the offering. */
  @Column({ type: 'uuid', nullable: true })
  shortlistId: string | null;

  @Column({ type: 'uuid', nullable: true })
  savedSearchId: string | null;

  @ForeignKey('OfferingEntity', { name: 'contract_offering_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  offeringId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'numeric', precision: 16, scale: 2, nullable: true })
  value: string | null;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'date' })
  awardedOn: string;

  @Column({ type: 'uuid' })
  awardedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** `cancelled`: the award no longer stands (it drops out of SME reporting on the next run). */
  @Column({ type: 'varchar', length: 10, default: 'active' })
  status: string;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  cancellationReason: string | null;
}

/**
 * A supplier on a contract, with its size band at the award date, copied once
 * and never changed (a trigger in the migration refuses updates).
 */
@Entity({ schema: 'tendering', name: 'contract_supplier' })
@Check('contract_supplier_band_check', `size_band IN ('micro', 'small', 'medium', 'large', 'unknown')`)
@Index('contract_supplier_organisation_idx', ['organisationId'])
export class ContractSupplierEntity {
  @ForeignKey(() => ContractEntity, { name: 'contract_supplier_contract_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  contractId: string;

  @ForeignKey('OrganisationEntity', { name: 'contract_supplier_organisation_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 200 })
  supplierName: string;

  @Column({ type: 'varchar', length: 10 })
  sizeBand: string;

  /** The supplier's bid, for a tendered contract. */
  @Column({ type: 'uuid', nullable: true })
  bidId: string | null;

  /** This supplier's share of the value when known (else value / n). */
  @Column({ type: 'numeric', precision: 16, scale: 2, nullable: true })
  value: string | null;
}

/**
 * A direct award's recorded outcome, from a buyer's shortlist or saved search:
 * awarded to an offering (with its contract) or none suitable. One outcome per
 * shortlist (a shortlist is one buying decision); a saved search can be reused.
 */
@Entity({ schema: 'tendering', name: 'direct_award' })
@Check('direct_award_outcome_check', `outcome IN ('awarded', 'none_suitable')`)
@Check('direct_award_source_check', `(shortlist_id IS NULL) <> (saved_search_id IS NULL)`)
@Check('direct_award_contract_check', `(outcome = 'awarded') = (contract_id IS NOT NULL)`)
@Index('direct_award_shortlist_key', ['shortlistId'], { unique: true, where: `shortlist_id IS NOT NULL` })
@Index('direct_award_organisation_idx', ['organisationId', 'decidedAt'])
export class DirectAwardEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey('OrganisationEntity', { name: 'direct_award_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid', nullable: true })
  shortlistId: string | null;

  @Column({ type: 'uuid', nullable: true })
  savedSearchId: string | null;

  @Column({ type: 'varchar', length: 15 })
  outcome: string;

  @ForeignKey(() => ContractEntity, { name: 'direct_award_contract_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  contractId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column({ type: 'uuid' })
  decidedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  decidedAt: Date;
}
