import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrganisationKind, VerificationStatus } from '../domain/roles';

@Entity({ schema: 'identity', name: 'organisation' })
@Check('organisation_kind_check', `kind IN ('supplier', 'buyer', 'platform')`)
@Check('organisation_verification_status_check', `verification_status IN ('pending', 'verified', 'rejected')`)
@Index('organisation_verification_status_idx', ['verificationStatus', 'createdAt'])
export class OrganisationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: OrganisationKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  verificationStatus: VerificationStatus;

  @Column({ type: 'timestamptz', nullable: true })
  verificationDecidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  verificationDecidedBy: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
