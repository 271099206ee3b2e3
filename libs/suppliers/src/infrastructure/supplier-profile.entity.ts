import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** A supplier organisation's public profile: one row per supplier organisation. */
@Entity({ schema: 'suppliers', name: 'supplier_profile' })
@Check('supplier_profile_companies_house_check', `companies_house_number ~ '^([0-9]{2}|[A-Z]{2})[0-9]{6}$'`)
@Check('supplier_profile_duns_check', `duns_number ~ '^[0-9]{9}$'`)
export class SupplierProfileEntity {
  // The organisation is identity's; referenced by entity name so this context need not import identity's entities.
  @ForeignKey('OrganisationEntity', { name: 'supplier_profile_organisation_fk', onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 200 })
  legalName: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  tradingName: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  companiesHouseNumber: string | null;

  @Column({ type: 'varchar', length: 9, nullable: true })
  dunsNumber: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  vatNumber: string | null;

  @Column({ type: 'varchar', length: 200 })
  addressLine1: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  addressLine2: string | null;

  @Column({ type: 'varchar', length: 100 })
  town: string;

  @Column({ type: 'varchar', length: 12 })
  postcode: string;

  @Column({ type: 'char', length: 2, default: 'GB' })
  country: string;

  @Column({ type: 'varchar', length: 200 })
  contactName: string;

  @Column({ type: 'varchar', length: 254 })
  contactEmail: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: false })
  vcse: boolean;

  @Column({ type: 'boolean', default: false })
  startup: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ type: 'uuid' })
  updatedBy: string;
}
