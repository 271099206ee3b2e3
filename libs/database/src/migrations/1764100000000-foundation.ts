import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform foundation: schemas per context, identity, the append-only
 * hash-chained audit log, and the outbox. Table DDL as TypeORM generates it
 * from the entities (the drift check keeps the two equal); the trigger,
 * sequence and seed rows are hand-written.
 */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS identity`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS queue`);
    await q.query(`CREATE TABLE "audit"."audit_event" ("id" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_organisation_id" uuid, "action" character varying(120) NOT NULL, "subject_type" character varying(60) NOT NULL, "subject_id" character varying(120), "ip" character varying(64), "request_id" character varying(100), "data" jsonb NOT NULL DEFAULT '{}', "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "audit_event_subject_idx" ON "audit"."audit_event"  ("subject_type", "subject_id") `);
    await q.query(`CREATE TABLE "queue"."outbox_event" ("id" uuid NOT NULL, "job_name" character varying(120) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "outbox_event_pending_idx" ON "queue"."outbox_event"  ("created_at") WHERE relayed_at IS NULL`);
    await q.query(`CREATE TABLE "queue"."processed_job" ("job_id" character varying(200) NOT NULL, "job_name" character varying(120) NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a0afc0ab5d6fe2124ad49de9c11" PRIMARY KEY ("job_id"))`);
    await q.query(`CREATE TABLE "identity"."organisation" ("id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "verification_status" character varying(20) NOT NULL, "verification_decided_at" TIMESTAMP WITH TIME ZONE, "verification_decided_by" uuid, "rejection_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organisation_verification_status_check" CHECK (verification_status IN ('pending', 'verified', 'rejected')), CONSTRAINT "organisation_kind_check" CHECK (kind IN ('supplier', 'buyer', 'platform')), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "organisation_verification_status_idx" ON "identity"."organisation"  ("verification_status", "created_at") `);
    await q.query(`CREATE TABLE "identity"."user_account" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "full_name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "roles" character varying(30) array NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_sign_in_at" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "user_account_status_check" CHECK (status IN ('active', 'disabled')), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "user_account_organisation_idx" ON "identity"."user_account"  ("organisation_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "user_account_email_key" ON "identity"."user_account"  ("email") `);
    await q.query(`CREATE TABLE "identity"."auth_session" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "channel" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(40), "ip" character varying(64), "user_agent" character varying(300), CONSTRAINT "auth_session_channel_check" CHECK (channel IN ('api', 'web')), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "auth_session_user_idx" ON "identity"."auth_session"  ("user_id") WHERE revoked_at IS NULL`);
    await q.query(`CREATE TABLE "identity"."invitation" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "role" character varying(30) NOT NULL, "token_hash" character(64) NOT NULL, "invited_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "email_sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "invitation_organisation_idx" ON "identity"."invitation"  ("organisation_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "invitation_token_hash_key" ON "identity"."invitation"  ("token_hash") `);
    await q.query(`CREATE TABLE "identity"."public_sector_domain" ("domain" character varying(253) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3912a076db2baeebf366d1be0ae" PRIMARY KEY ("domain"))`);
    await q.query(`CREATE TABLE "identity"."refresh_token" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "refresh_token_session_idx" ON "identity"."refresh_token"  ("session_id") `);
    await q.query(`CREATE UNIQUE INDEX "refresh_token_hash_key" ON "identity"."refresh_token"  ("token_hash") `);
    await q.query(`ALTER TABLE "identity"."user_account" ADD CONSTRAINT "user_account_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "identity"."auth_session" ADD CONSTRAINT "auth_session_user_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "identity"."invitation" ADD CONSTRAINT "invitation_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "identity"."refresh_token" ADD CONSTRAINT "refresh_token_session_fk" FOREIGN KEY ("session_id") REFERENCES "identity"."auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Audit ids come from a sequence read before the insert (the id is part of the hashed content).
    await q.query(`CREATE SEQUENCE audit.audit_event_id_seq AS bigint OWNED BY audit.audit_event.id`);
    await q.query(`
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit.audit_event
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit.audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);

    await q.query(
      `INSERT INTO identity.public_sector_domain (domain) SELECT unnest($1::varchar[])`,
      [['gov.uk', 'nhs.uk', 'nhs.net', 'police.uk', 'mod.uk', 'parliament.uk', 'gov.scot', 'gov.wales']],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA queue CASCADE`);
    await q.query(`DROP SCHEMA audit CASCADE`);
    await q.query(`DROP SCHEMA identity CASCADE`);
  }
}
