import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A supplier's size declaration. Declarations are never edited: a new one
 * closes the one before (`valid_to`), so "the band at time T" is always
 * answerable. At most one declaration per supplier is open (`valid_to` null).
 */
@Entity({ schema: 'suppliers', name: 'size_declaration' })
@Check('size_declaration_headcount_check', `headcount >= 0`)
@Check('size_declaration_amounts_check', `turnover_amount >= 0 AND balance_sheet_amount >= 0`)
@Check('size_declaration_bands_check', `derived_band IN ('micro', 'small', 'medium', 'large') AND (stated_band IS NULL OR stated_band IN ('micro', 'small', 'medium', 'large'))`)
@Check('size_declaration_validity_check', `valid_to IS NULL OR valid_to > valid_from`)
@Index('size_declaration_current_key', ['organisationId'], { unique: true, where: 'valid_to IS NULL' })
@Index('size_declaration_history_idx', ['organisationId', 'validFrom'])
export class SizeDeclarationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  // The organisation is identity's; referenced by entity name so this context need not import identity's entities.
  @ForeignKey('OrganisationEntity', { name: 'size_declaration_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'int' })
  headcount: number;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  turnoverAmount: string;

  @Column({ type: 'char', length: 3 })
  turnoverCurrency: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  balanceSheetAmount: string;

  @Column({ type: 'char', length: 3 })
  balanceSheetCurrency: string;

  /** The date the figures refer to (e.g. the end of the last financial year). */
  @Column({ type: 'date' })
  figuresDate: string;

  /** The band the supplier says it is, if it said. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  statedBand: string | null;

  /** The band the platform derived from the figures under `definition`: the one every report uses. */
  @Column({ type: 'varchar', length: 10 })
  derivedBand: string;

  @Column({ type: 'varchar', length: 20 })
  definition: string;

  @Column({ type: 'boolean' })
  bandMismatch: boolean;

  /** What backs the figures: a note or a link to filed accounts. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  evidence: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  validFrom: Date;

  @Column({ type: 'timestamptz', nullable: true })
  validTo: Date | null;

  @Column({ type: 'uuid' })
  declaredBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  verifiedBy: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
