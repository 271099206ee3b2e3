import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for third-party platforms (issue 6): one row per key, holding the
 * public lookup prefix and the SHA-256 of the key text, never the key. A
 * name is unique among an organisation's keys that are not revoked. DDL as
 * TypeORM generates it from the entity (the drift check keeps the two equal).
 */
export class ApiKeys1764700000000 implements MigrationInterface {
  name = 'ApiKeys1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "identity"."api_key" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(12) NOT NULL, "secret_hash" character(64) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, CONSTRAINT "api_key_revoked_check" CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "api_key_organisation_idx" ON "identity"."api_key"  ("organisation_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "api_key_organisation_name_key" ON "identity"."api_key"  ("organisation_id", "name") WHERE revoked_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "api_key_prefix_key" ON "identity"."api_key"  ("prefix") `);
    await q.query(`ALTER TABLE "identity"."api_key" ADD CONSTRAINT "api_key_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.api_key`);
  }
}
