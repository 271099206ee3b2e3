import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tendering (schema `tendering`): requirements with their criteria and
 * assigned users, clarification questions, sealed bids with their submission
 * receipts, evaluators' scores, contracts and their suppliers. Table DDL as
 * TypeORM generates it from the entities (the drift check keeps the two
 * equal); the triggers are hand-written:
 *
 * - `bid_submission_guard`: a receipt is refused at or after the requirement's
 *   closing time, by the database clock, and unless the requirement is
 *   published — the last line of defence whatever the API or a job did; once
 *   written, a receipt changes only to be marked withdrawn (also only before the
 *   closing time, stamped by the database clock), and is never deleted.
 * - `contract_supplier_frozen`: the size band copied at award never changes.
 */
export class Tendering1764300000000 implements MigrationInterface {
  name = 'Tendering1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS tendering`);
    await q.query(`CREATE TABLE "tendering"."requirement" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "status" character varying(15) NOT NULL DEFAULT 'draft', "title" character varying(200) NOT NULL, "summary" character varying(500) NOT NULL, "problem_statement" character varying(5000), "description" character varying(10000) NOT NULL, "lot_id" uuid NOT NULL, "category_id" uuid, "location" character varying(100) NOT NULL, "budget_min" numeric(14,2), "budget_max" numeric(14,2), "currency" character(3) NOT NULL DEFAULT 'GBP', "contract_length_months" integer, "contract_start" date, "technical_weight" integer NOT NULL, "price_weight" integer NOT NULL, "questions_close_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "outcome_at" TIMESTAMP WITH TIME ZONE, "outcome_reason" character varying(1000), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "requirement_deadlines_check" CHECK (questions_close_at <= closes_at), CONSTRAINT "requirement_budget_check" CHECK ((budget_min IS NULL OR budget_min >= 0) AND (budget_max IS NULL OR budget_max >= coalesce(budget_min, 0))), CONSTRAINT "requirement_weights_check" CHECK (technical_weight >= 0 AND price_weight >= 0 AND technical_weight + price_weight = 100), CONSTRAINT "requirement_status_check" CHECK (status IN ('draft', 'published', 'closed', 'awarded', 'cancelled', 'unsuccessful', 'withdrawn')), CONSTRAINT "PK_5e3278ee8e2094dd0f10a4aec62" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "requirement_live_idx" ON "tendering"."requirement"  ("closes_at") WHERE status = 'published'`);
    await q.query(`CREATE INDEX "requirement_organisation_idx" ON "tendering"."requirement"  ("organisation_id", "updated_at") `);
    await q.query(`CREATE TABLE "tendering"."criterion" ("id" uuid NOT NULL, "requirement_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "position" integer NOT NULL, "text" character varying(1000) NOT NULL, CONSTRAINT "criterion_position_key" UNIQUE ("requirement_id", "kind", "position"), CONSTRAINT "criterion_kind_check" CHECK (kind IN ('essential', 'nice')), CONSTRAINT "PK_a69d2ffbb1ef3ebea02d895e92f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "tendering"."assignment" ("requirement_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(10) NOT NULL, "assigned_by" uuid NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "assignment_role_check" CHECK (role IN ('lead', 'evaluator')), CONSTRAINT "PK_0c514d518c999e568d533ebe53b" PRIMARY KEY ("requirement_id", "user_id", "role"))`);
    await q.query(`CREATE INDEX "assignment_user_idx" ON "tendering"."assignment"  ("user_id") `);
    await q.query(`CREATE TABLE "tendering"."question" ("id" uuid NOT NULL, "requirement_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "asked_by" uuid NOT NULL, "text" character varying(2000) NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "answer" character varying(5000), "answered_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_21e5786aa0ea704ae185a79b2d5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "question_requirement_idx" ON "tendering"."question"  ("requirement_id", "asked_at") `);
    await q.query(`CREATE TABLE "tendering"."bid" ("id" uuid NOT NULL, "requirement_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'draft', "answers" jsonb NOT NULL DEFAULT '{}', "price" numeric(14,2), "size_band" character varying(10), "submission_id" uuid, "shortlisted_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "bid_supplier_key" UNIQUE ("requirement_id", "organisation_id"), CONSTRAINT "bid_band_check" CHECK (size_band IS NULL OR size_band IN ('micro', 'small', 'medium', 'large', 'unknown')), CONSTRAINT "bid_price_check" CHECK (price IS NULL OR price >= 0), CONSTRAINT "bid_status_check" CHECK (status IN ('draft', 'submitted', 'withdrawn')), CONSTRAINT "PK_ed405dda320051aca2dcb1a50bb" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "tendering"."bid_submission" ("id" uuid NOT NULL, "bid_id" uuid NOT NULL, "requirement_id" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "digest" character(64) NOT NULL, "size_band" character varying(10), "submitted_by" uuid NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a5230f1127f17f690b827a436f2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "bid_submission_bid_idx" ON "tendering"."bid_submission"  ("bid_id", "received_at") `);
    await q.query(`CREATE TABLE "tendering"."score" ("bid_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, "score" integer NOT NULL, "comment" character varying(2000), "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "score_value_check" CHECK (score >= 0), CONSTRAINT "PK_ccbe3dede96bb10e9d0f64619ab" PRIMARY KEY ("bid_id", "evaluator_id", "criterion_id"))`);
    await q.query(`CREATE TABLE "tendering"."contract" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "source" character varying(10) NOT NULL, "requirement_id" uuid, "shortlist_id" uuid, "saved_search_id" uuid, "offering_id" uuid, "title" character varying(200) NOT NULL, "value" numeric(16,2), "currency" character(3) NOT NULL, "start_date" date, "end_date" date, "awarded_on" date NOT NULL, "awarded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contract_origin_check" CHECK ((source = 'tender') = (requirement_id IS NOT NULL)), CONSTRAINT "contract_dates_check" CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date), CONSTRAINT "contract_value_check" CHECK (value IS NULL OR value >= 0), CONSTRAINT "contract_source_check" CHECK (source IN ('tender', 'direct')), CONSTRAINT "PK_17c3a89f58a2997276084e706e8" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "contract_buyer_idx" ON "tendering"."contract"  ("organisation_id", "awarded_on") `);
    await q.query(`CREATE UNIQUE INDEX "contract_requirement_key" ON "tendering"."contract"  ("requirement_id") WHERE requirement_id IS NOT NULL`);
    await q.query(`CREATE TABLE "tendering"."contract_supplier" ("contract_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "supplier_name" character varying(200) NOT NULL, "size_band" character varying(10) NOT NULL, "bid_id" uuid, "value" numeric(16,2), CONSTRAINT "contract_supplier_band_check" CHECK (size_band IN ('micro', 'small', 'medium', 'large', 'unknown')), CONSTRAINT "PK_7e1a9e3519fe3c806eed6fca88b" PRIMARY KEY ("contract_id", "organisation_id"))`);
    await q.query(`CREATE INDEX "contract_supplier_organisation_idx" ON "tendering"."contract_supplier"  ("organisation_id") `);
    await q.query(`ALTER TABLE "tendering"."requirement" ADD CONSTRAINT "requirement_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."requirement" ADD CONSTRAINT "requirement_lot_fk" FOREIGN KEY ("lot_id") REFERENCES "catalogue"."lot"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."requirement" ADD CONSTRAINT "requirement_category_fk" FOREIGN KEY ("category_id") REFERENCES "catalogue"."category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."criterion" ADD CONSTRAINT "criterion_requirement_fk" FOREIGN KEY ("requirement_id") REFERENCES "tendering"."requirement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."assignment" ADD CONSTRAINT "assignment_requirement_fk" FOREIGN KEY ("requirement_id") REFERENCES "tendering"."requirement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."assignment" ADD CONSTRAINT "assignment_user_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."question" ADD CONSTRAINT "question_requirement_fk" FOREIGN KEY ("requirement_id") REFERENCES "tendering"."requirement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."question" ADD CONSTRAINT "question_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."bid" ADD CONSTRAINT "bid_requirement_fk" FOREIGN KEY ("requirement_id") REFERENCES "tendering"."requirement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."bid" ADD CONSTRAINT "bid_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."bid_submission" ADD CONSTRAINT "bid_submission_bid_fk" FOREIGN KEY ("bid_id") REFERENCES "tendering"."bid"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."score" ADD CONSTRAINT "score_bid_fk" FOREIGN KEY ("bid_id") REFERENCES "tendering"."bid"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."score" ADD CONSTRAINT "score_evaluator_fk" FOREIGN KEY ("evaluator_id") REFERENCES "identity"."user_account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."score" ADD CONSTRAINT "score_criterion_fk" FOREIGN KEY ("criterion_id") REFERENCES "tendering"."criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD CONSTRAINT "contract_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD CONSTRAINT "contract_requirement_fk" FOREIGN KEY ("requirement_id") REFERENCES "tendering"."requirement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD CONSTRAINT "contract_offering_fk" FOREIGN KEY ("offering_id") REFERENCES "catalogue"."offering"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."contract_supplier" ADD CONSTRAINT "contract_supplier_contract_fk" FOREIGN KEY ("contract_id") REFERENCES "tendering"."contract"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "tendering"."contract_supplier" ADD CONSTRAINT "contract_supplier_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    await q.query(`
      CREATE FUNCTION tendering.bid_submission_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'TENDERING.RECEIPT_IMMUTABLE: bid receipts are never deleted';
        END IF;
        IF TG_OP = 'UPDATE' THEN
          IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL
             OR (to_jsonb(NEW) - 'withdrawn_at') <> (to_jsonb(OLD) - 'withdrawn_at') THEN
            RAISE EXCEPTION 'TENDERING.RECEIPT_IMMUTABLE: a bid receipt changes only to be marked withdrawn';
          END IF;
          -- A withdrawal, like a submission, is stamped by the database clock and only before closing.
          NEW.withdrawn_at := clock_timestamp();
          SELECT q.status, q.closes_at INTO r FROM tendering.requirement q WHERE q.id = NEW.requirement_id FOR SHARE;
          IF r.status IS DISTINCT FROM 'published' OR NEW.withdrawn_at >= r.closes_at THEN
            RAISE EXCEPTION 'TENDERING.CLOSED: requirement % does not accept withdrawals at %', NEW.requirement_id, NEW.withdrawn_at;
          END IF;
          RETURN NEW;
        END IF;
        -- The requirement is the bid's own (never trusted from the row), held FOR SHARE so a closing-time
        -- change waits for this receipt and the deadline checked is the one in force when it commits.
        SELECT q.status, q.closes_at INTO r FROM tendering.bid b JOIN tendering.requirement q ON q.id = b.requirement_id
         WHERE b.id = NEW.bid_id AND b.requirement_id = NEW.requirement_id FOR SHARE OF q;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'TENDERING.RECEIPT_MISMATCH: bid % is not a bid on requirement %', NEW.bid_id, NEW.requirement_id;
        END IF;
        NEW.received_at := clock_timestamp();
        IF r.status IS DISTINCT FROM 'published' OR NEW.received_at >= r.closes_at THEN
          RAISE EXCEPTION 'TENDERING.CLOSED: requirement % does not accept bids at %', NEW.requirement_id, NEW.received_at;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER bid_submission_guard BEFORE INSERT OR UPDATE OR DELETE ON tendering.bid_submission
      FOR EACH ROW EXECUTE FUNCTION tendering.bid_submission_guard()`);
    await q.query(`
      CREATE FUNCTION tendering.contract_supplier_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'TENDERING.CONTRACT_SUPPLIER_IMMUTABLE: a contract supplier and its size band at award never change';
      END $$`);
    await q.query(`
      CREATE TRIGGER contract_supplier_frozen BEFORE UPDATE OR DELETE ON tendering.contract_supplier
      FOR EACH ROW EXECUTE FUNCTION tendering.contract_supplier_frozen()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA tendering CASCADE`);
  }
}
