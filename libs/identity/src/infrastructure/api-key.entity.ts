import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/**
 * An organisation's API key for a third-party platform. The key text is shown
 * once at creation; only its SHA-256 is kept (see domain/api-key.ts), found
 * by its public prefix. Revoked keys stay, for the record and the logs.
 */
@Entity({ schema: 'identity', name: 'api_key' })
@Check('api_key_revoked_check', `(revoked_at IS NULL) = (revoked_by IS NULL)`)
@Index('api_key_prefix_key', ['prefix'], { unique: true })
@Index('api_key_organisation_name_key', ['organisationId', 'name'], { unique: true, where: 'revoked_at IS NULL' })
@Index('api_key_organisation_idx', ['organisationId', 'createdAt'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @Column({ type: 'char', length: 64 })
  secretHash: string;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'api_key_organisation_fk' })
  organisation?: OrganisationEntity;
}
