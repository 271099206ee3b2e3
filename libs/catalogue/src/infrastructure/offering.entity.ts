import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { LotEntity } from './framework.entity';

/**
 * An offering with its current content. Published content is also kept,
 * version by version, in `offering_version`. `search_vector` and
 * `tie_break` are set by a trigger (migration), so every write path —
 * the API, the web app, the bulk seed — keeps them right.
 */
@Entity({ schema: 'catalogue', name: 'offering' })
@Check('offering_status_check', `status IN ('draft', 'published', 'suspended', 'withdrawn')`)
@Check('offering_price_check', `price_min >= 0 AND (price_max IS NULL OR price_max >= price_min)`)
@Check('offering_supplier_band_check', `supplier_band IS NULL OR supplier_band IN ('micro', 'small', 'medium', 'large')`)
@Index('offering_organisation_idx', ['organisationId', 'updatedAt'])
@Index('offering_published_order_idx', ['tieBreak', 'id'], { where: `status = 'published'` })
// The full-text index (GIN on search_vector, published rows only) is created in the migration.
@Index('offering_search_idx', { synchronize: false })
export class OfferingEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey('OrganisationEntity', { name: 'offering_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @ForeignKey(() => LotEntity, { name: 'offering_lot_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  lotId: string;

  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status: string;

  /** The current version number: 1 until a published offering is edited. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 500 })
  summary: string;

  @Column({ type: 'varchar', length: 10000 })
  description: string;

  @Column({ type: 'varchar', length: 300, array: true, default: () => `'{}'` })
  features: string[];

  @Column({ type: 'varchar', length: 300, array: true, default: () => `'{}'` })
  benefits: string[];

  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  categoryIds: string[];

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  priceMin: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  priceMax: string | null;

  @Column({ type: 'varchar', length: 40 })
  priceUnit: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  priceInterval: string | null;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency: string;

  /** The supplier's display name and current size band, copied here so search need not join. */
  @Column({ type: 'varchar', length: 200 })
  supplierName: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  supplierBand: string | null;

  @Column({ type: 'tsvector', select: false, nullable: true })
  searchVector: string | null;

  /** A hash of the id: the order among equal scores, unrelated to id or name order. */
  @Column({ type: 'bigint' })
  tieBreak: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  statusReason: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid' })
  createdBy: string;
}

/** The content of one published version of an offering, kept readable after later edits. */
@Entity({ schema: 'catalogue', name: 'offering_version' })
export class OfferingVersionEntity {
  @ForeignKey(() => OfferingEntity, { name: 'offering_version_offering_fk', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  offeringId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  content: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'uuid' })
  createdBy: string;
}
