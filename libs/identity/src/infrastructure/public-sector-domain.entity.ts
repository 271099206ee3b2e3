import { Column, Entity, PrimaryColumn } from 'typeorm';

/** E-mail domains whose buyers are verified at once. Seeded by migration; platform admins manage it. */
@Entity({ schema: 'identity', name: 'public_sector_domain' })
export class PublicSectorDomainEntity {
  @PrimaryColumn({ type: 'varchar', length: 253 })
  domain: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
