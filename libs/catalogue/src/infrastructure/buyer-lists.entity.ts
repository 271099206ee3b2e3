import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OfferingEntity } from './offering.entity';

/** A buyer organisation's saved catalogue search. */
@Entity({ schema: 'catalogue', name: 'saved_search' })
@Index('saved_search_organisation_idx', ['organisationId', 'createdAt'])
export class SavedSearchEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey('OrganisationEntity', { name: 'saved_search_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The search as the API takes it: q and filters. */
  @Column({ type: 'jsonb' })
  query: Record<string, unknown>;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** A buyer organisation's shortlist of offerings, the start of a direct award. */
@Entity({ schema: 'catalogue', name: 'shortlist' })
@Index('shortlist_organisation_idx', ['organisationId', 'createdAt'])
export class ShortlistEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey('OrganisationEntity', { name: 'shortlist_organisation_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  notes: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** An offering on a shortlist, with the version that was shortlisted. */
@Entity({ schema: 'catalogue', name: 'shortlist_item' })
@Index('shortlist_item_offering_idx', ['offeringId'])
export class ShortlistItemEntity {
  @ForeignKey(() => ShortlistEntity, { name: 'shortlist_item_shortlist_fk', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  shortlistId: string;

  @ForeignKey(() => OfferingEntity, { name: 'shortlist_item_offering_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  offeringId: string;

  @Column({ type: 'int' })
  offeringVersion: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  addedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;
}
