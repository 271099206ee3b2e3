import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Direct awards from the catalogue: the recorded outcome of a buyer's
 * shortlist or saved search (awarded, with its contract, or none suitable),
 * one per shortlist. DDL as TypeORM generates it from the entity.
 */
export class DirectAward1764500000000 implements MigrationInterface {
  name = 'DirectAward1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tendering"."direct_award" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "shortlist_id" uuid, "saved_search_id" uuid, "outcome" character varying(15) NOT NULL, "contract_id" uuid, "reason" character varying(1000), "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "direct_award_contract_check" CHECK ((outcome = 'awarded') = (contract_id IS NOT NULL)), CONSTRAINT "direct_award_source_check" CHECK ((shortlist_id IS NULL) <> (saved_search_id IS NULL)), CONSTRAINT "direct_award_outcome_check" CHECK (outcome IN ('awarded', 'none_suitable')), CONSTRAINT "PK_52b47a2147554af4403b0e4a56b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "direct_award_organisation_idx" ON "tendering"."direct_award"  ("organisation_id", "decided_at")`);
    await q.query(`CREATE UNIQUE INDEX "direct_award_shortlist_key" ON "tendering"."direct_award"  ("shortlist_id") WHERE shortlist_id IS NOT NULL`);
    await q.query(`ALTER TABLE "tendering"."direct_award" ADD CONSTRAINT "direct_award_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."direct_award" ADD CONSTRAINT "direct_award_contract_fk" FOREIGN KEY ("contract_id") REFERENCES "tendering"."contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tendering.direct_award`);
  }
}
