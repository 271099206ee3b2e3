import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (schema `notifications`): the e-mail outbox (one row per
 * message, idempotent by `ref`, kept until the SMTP server takes it),
 * suppliers' opportunity-alert preferences and the items waiting for their
 * daily digest. DDL as TypeORM generates it from the entities (the drift
 * check keeps the two equal).
 */
export class Notifications1764400000000 implements MigrationInterface {
  name = 'Notifications1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS notifications`);
    await q.query(`CREATE TABLE "notifications"."email" ("id" uuid NOT NULL, "ref" character varying(200) NOT NULL, "kind" character varying(60) NOT NULL, "to_address" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "body_text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), CONSTRAINT "PK_1e7ed8734ee054ef18002e29b1c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "email_unsent_idx" ON "notifications"."email"  ("created_at") WHERE sent_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "email_ref_key" ON "notifications"."email"  ("ref")`);
    await q.query(`CREATE TABLE "notifications"."alert_preference" ("organisation_id" uuid NOT NULL, "frequency" character varying(10) NOT NULL DEFAULT 'daily', "lot_ids" uuid array NOT NULL DEFAULT '{}', "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "alert_preference_frequency_check" CHECK (frequency IN ('immediate', 'daily', 'off')), CONSTRAINT "PK_f2cf4cf1fe1ac26a1192b672672" PRIMARY KEY ("organisation_id"))`);
    await q.query(`CREATE TABLE "notifications"."digest_item" ("organisation_id" uuid NOT NULL, "ref" character varying(200) NOT NULL, "line" character varying(2000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email_ref" character varying(200), CONSTRAINT "PK_49157c7b3daabb9c30510bb2e50" PRIMARY KEY ("organisation_id", "ref"))`);
    await q.query(`CREATE INDEX "digest_item_pending_idx" ON "notifications"."digest_item"  ("organisation_id") WHERE email_ref IS NULL`);
    await q.query(`ALTER TABLE "notifications"."alert_preference" ADD CONSTRAINT "alert_preference_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notifications"."digest_item" ADD CONSTRAINT "digest_item_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA notifications CASCADE`);
  }
}
