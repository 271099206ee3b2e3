import { MigrationInterface, QueryRunner } from 'typeorm';
import { CATALOGUE_SEED as seed } from './catalogue-seed';

/**
 * Supplier registry and catalogue: supplier profiles and size declarations
 * (schema `suppliers`); frameworks, lots, categories, offerings with their
 * versions, saved searches and shortlists (schema `catalogue`). Table DDL as
 * TypeORM generates it from the entities (the drift check keeps the two
 * equal); the search trigger, the full-text index and the seed frameworks
 * are hand-written.
 */
export class SupplierCatalogue1764200000000 implements MigrationInterface {
  name = 'SupplierCatalogue1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS suppliers`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS catalogue`);
    await q.query(`CREATE TABLE "suppliers"."size_declaration" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "headcount" integer NOT NULL, "turnover_amount" numeric(18,2) NOT NULL, "turnover_currency" character(3) NOT NULL, "balance_sheet_amount" numeric(18,2) NOT NULL, "balance_sheet_currency" character(3) NOT NULL, "figures_date" date NOT NULL, "stated_band" character varying(10), "derived_band" character varying(10) NOT NULL, "definition" character varying(20) NOT NULL, "band_mismatch" boolean NOT NULL, "evidence" character varying(2000), "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "valid_to" TIMESTAMP WITH TIME ZONE, "declared_by" uuid NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "size_declaration_validity_check" CHECK (valid_to IS NULL OR valid_to > valid_from), CONSTRAINT "size_declaration_bands_check" CHECK (derived_band IN ('micro', 'small', 'medium', 'large') AND (stated_band IS NULL OR stated_band IN ('micro', 'small', 'medium', 'large'))), CONSTRAINT "size_declaration_amounts_check" CHECK (turnover_amount >= 0 AND balance_sheet_amount >= 0), CONSTRAINT "size_declaration_headcount_check" CHECK (headcount >= 0), CONSTRAINT "PK_23635f72561cff4d0b28df7695b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "size_declaration_history_idx" ON "suppliers"."size_declaration"  ("organisation_id", "valid_from") `);
    await q.query(`CREATE UNIQUE INDEX "size_declaration_current_key" ON "suppliers"."size_declaration"  ("organisation_id") WHERE valid_to IS NULL`);
    await q.query(`CREATE TABLE "suppliers"."supplier_profile" ("organisation_id" uuid NOT NULL, "legal_name" character varying(200) NOT NULL, "trading_name" character varying(200), "companies_house_number" character varying(8), "duns_number" character varying(9), "vat_number" character varying(20), "address_line1" character varying(200) NOT NULL, "address_line2" character varying(200), "town" character varying(100) NOT NULL, "postcode" character varying(12) NOT NULL, "country" character(2) NOT NULL DEFAULT 'GB', "contact_name" character varying(200) NOT NULL, "contact_email" character varying(254) NOT NULL, "contact_phone" character varying(30), "website" character varying(300), "description" character varying(5000), "vcse" boolean NOT NULL DEFAULT false, "startup" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid NOT NULL, CONSTRAINT "supplier_profile_duns_check" CHECK (duns_number ~ '^[0-9]{9}$'), CONSTRAINT "supplier_profile_companies_house_check" CHECK (companies_house_number ~ '^([0-9]{2}|[A-Z]{2})[0-9]{6}$'), CONSTRAINT "PK_b2bfbfaf6fd06637da7787eb177" PRIMARY KEY ("organisation_id"))`);
    await q.query(`CREATE TABLE "catalogue"."framework" ("id" uuid NOT NULL, "slug" character varying(60) NOT NULL, "name" character varying(200) NOT NULL, "description" character varying(2000), "status" character varying(10) NOT NULL DEFAULT 'live', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "framework_status_check" CHECK (status IN ('live', 'closed')), CONSTRAINT "PK_413064c9a2fb226f0d933712883" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "framework_slug_key" ON "catalogue"."framework"  ("slug") `);
    await q.query(`CREATE TABLE "catalogue"."lot" ("id" uuid NOT NULL, "framework_id" uuid NOT NULL, "slug" character varying(60) NOT NULL, "name" character varying(200) NOT NULL, "description" character varying(2000), "kind" character varying(15) NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "lot_kind_check" CHECK (kind IN ('offerings', 'requirements')), CONSTRAINT "PK_2ba293e2165c7b93cd766c8ac9b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "lot_framework_slug_key" ON "catalogue"."lot"  ("framework_id", "slug") `);
    await q.query(`CREATE TABLE "catalogue"."category" ("id" uuid NOT NULL, "lot_id" uuid NOT NULL, "slug" character varying(60) NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "category_lot_slug_key" ON "catalogue"."category"  ("lot_id", "slug") `);
    await q.query(`CREATE TABLE "catalogue"."offering" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "title" character varying(200) NOT NULL, "summary" character varying(500) NOT NULL, "description" character varying(10000) NOT NULL, "features" character varying(300) array NOT NULL DEFAULT '{}', "benefits" character varying(300) array NOT NULL DEFAULT '{}', "category_ids" uuid array NOT NULL DEFAULT '{}', "price_min" numeric(14,2) NOT NULL, "price_max" numeric(14,2), "price_unit" character varying(40) NOT NULL, "price_interval" character varying(20), "currency" character(3) NOT NULL DEFAULT 'GBP', "supplier_name" character varying(200) NOT NULL, "supplier_band" character varying(10), "search_vector" tsvector, "tie_break" bigint NOT NULL, "status_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, CONSTRAINT "offering_supplier_band_check" CHECK (supplier_band IS NULL OR supplier_band IN ('micro', 'small', 'medium', 'large')), CONSTRAINT "offering_price_check" CHECK (price_min >= 0 AND (price_max IS NULL OR price_max >= price_min)), CONSTRAINT "offering_status_check" CHECK (status IN ('draft', 'published', 'suspended', 'withdrawn')), CONSTRAINT "PK_d42d2720ff82f75aae518b9347c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "offering_published_order_idx" ON "catalogue"."offering"  ("tie_break", "id") WHERE status = 'published'`);
    await q.query(`CREATE INDEX "offering_organisation_idx" ON "catalogue"."offering"  ("organisation_id", "updated_at") `);
    await q.query(`CREATE TABLE "catalogue"."offering_version" ("offering_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid NOT NULL, CONSTRAINT "PK_6cf18ad89f2fc6b5f3d5589e352" PRIMARY KEY ("offering_id", "version"))`);
    await q.query(`CREATE TABLE "catalogue"."saved_search" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "query" jsonb NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_563b338d8b4878fa46697c8f3f2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "saved_search_organisation_idx" ON "catalogue"."saved_search"  ("organisation_id", "created_at") `);
    await q.query(`CREATE TABLE "catalogue"."shortlist" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "notes" character varying(1000), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1250a664d7b5e95bbe941503874" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "shortlist_organisation_idx" ON "catalogue"."shortlist"  ("organisation_id", "created_at") `);
    await q.query(`CREATE TABLE "catalogue"."shortlist_item" ("shortlist_id" uuid NOT NULL, "offering_id" uuid NOT NULL, "offering_version" integer NOT NULL, "note" character varying(500), "added_by" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3bc293c2a1da3f99e97522d3750" PRIMARY KEY ("shortlist_id", "offering_id"))`);
    await q.query(`CREATE INDEX "shortlist_item_offering_idx" ON "catalogue"."shortlist_item"  ("offering_id") `);
    await q.query(`ALTER TABLE "suppliers"."size_declaration" ADD CONSTRAINT "size_declaration_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "suppliers"."supplier_profile" ADD CONSTRAINT "supplier_profile_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."lot" ADD CONSTRAINT "lot_framework_fk" FOREIGN KEY ("framework_id") REFERENCES "catalogue"."framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."category" ADD CONSTRAINT "category_lot_fk" FOREIGN KEY ("lot_id") REFERENCES "catalogue"."lot"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."offering" ADD CONSTRAINT "offering_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."offering" ADD CONSTRAINT "offering_lot_fk" FOREIGN KEY ("lot_id") REFERENCES "catalogue"."lot"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."offering_version" ADD CONSTRAINT "offering_version_offering_fk" FOREIGN KEY ("offering_id") REFERENCES "catalogue"."offering"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."saved_search" ADD CONSTRAINT "saved_search_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."shortlist" ADD CONSTRAINT "shortlist_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "identity"."organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."shortlist_item" ADD CONSTRAINT "shortlist_item_shortlist_fk" FOREIGN KEY ("shortlist_id") REFERENCES "catalogue"."shortlist"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "catalogue"."shortlist_item" ADD CONSTRAINT "shortlist_item_offering_fk" FOREIGN KEY ("offering_id") REFERENCES "catalogue"."offering"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // Search document: title (A) > summary (B) > description and features (C) > benefits (D).
    // Kept by a trigger so every write path (API, web, bulk seed) maintains it; the tie-break is
    // a hash of the id, so equal scores are ordered neither by id nor by name.
    await q.query(`
      CREATE FUNCTION catalogue.offering_search_fields() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(NEW.description, '') || ' ' || array_to_string(NEW.features, ' ')), 'C') ||
          setweight(to_tsvector('english', array_to_string(NEW.benefits, ' ')), 'D');
        IF TG_OP = 'INSERT' OR NEW.tie_break IS NULL THEN
          NEW.tie_break := hashtextextended(NEW.id::text, 7919);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER offering_search_fields BEFORE INSERT OR UPDATE OF title, summary, description, features, benefits, tie_break
      ON catalogue.offering FOR EACH ROW EXECUTE FUNCTION catalogue.offering_search_fields()`);
    await q.query(`CREATE INDEX "offering_search_idx" ON catalogue.offering USING gin (search_vector) WHERE status = 'published'`);

    for (const [fi, f] of seed.frameworks.entries()) {
      const [{ id: frameworkId }] = await q.query(
        `INSERT INTO catalogue.framework (id, slug, name, description) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id`,
        [f.slug, f.name, f.description],
      );
      for (const [li, l] of f.lots.entries()) {
        const [{ id: lotId }] = await q.query(
          `INSERT INTO catalogue.lot (id, framework_id, slug, name, description, kind, sort_order) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
          [frameworkId, l.slug, l.name, l.description, l.kind, fi * 10 + li],
        );
        await q.query(
          `INSERT INTO catalogue.category (id, lot_id, slug, name) SELECT gen_random_uuid(), $1, s, n FROM unnest($2::varchar[], $3::varchar[]) AS c(s, n)`,
          [lotId, l.categories.map((c: { slug: string }) => c.slug), l.categories.map((c: { name: string }) => c.name)],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA catalogue CASCADE`);
    await q.query(`DROP SCHEMA suppliers CASCADE`);
  }
}
