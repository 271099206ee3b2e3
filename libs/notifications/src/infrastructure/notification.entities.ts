import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * An e-mail to send: written in the transaction of the change it reports,
 * with an outbox event that the worker relays to a send job. `ref` makes
 * enqueueing idempotent (a redelivered fan-out job writes nothing twice);
 * `sent_at` makes sending idempotent. Unsent mail stays here until the SMTP
 * server takes it: a mail server that is down delays mail, never loses it.
 */
@Entity({ schema: 'notifications', name: 'email' })
@Index('email_ref_key', ['ref'], { unique: true })
@Index('email_unsent_idx', ['createdAt'], { where: 'sent_at IS NULL' })
export class EmailEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  ref: string;

  @Column({ type: 'varchar', length: 60 })
  kind: string;

  @Column({ type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text' })
  bodyText: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}

/** How a supplier organisation wants opportunity alerts, and which requirement lots it follows. */
@Entity({ schema: 'notifications', name: 'alert_preference' })
@Check('alert_preference_frequency_check', `frequency IN ('immediate', 'daily', 'off')`)
export class AlertPreferenceEntity {
  @ForeignKey('OrganisationEntity', { name: 'alert_preference_organisation_fk', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 10, default: 'daily' })
  frequency: string;

  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  lotIds: string[];

  @Column({ type: 'uuid' })
  updatedBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** An alert waiting for the organisation's daily digest; `email_ref` once a digest carried it. */
@Entity({ schema: 'notifications', name: 'digest_item' })
@Index('digest_item_pending_idx', ['organisationId'], { where: 'email_ref IS NULL' })
export class DigestItemEntity {
  @ForeignKey('OrganisationEntity', { name: 'digest_item_organisation_fk', onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  ref: string;

  @Column({ type: 'varchar', length: 2000 })
  line: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  emailRef: string | null;
}

export const NOTIFICATIONS_ENTITIES = [EmailEntity, AlertPreferenceEntity, DigestItemEntity];
