import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SME-share reporting (product.md §4). Hand-written DDL with no entities: reporting is
 * set-based SQL over lines and rollups, read and written by its own repositories.
 *
 * - source_contract: the current state of every contract that feeds the reports, native or
 *   imported, one row per award (`source_key`), with a hash of its content so an import of
 *   the same data changes nothing.
 * - award_line: the metric's unit, one row per distinct supplier of an award in force
 *   (framework agreements give none), weight 1/n, value in the original currency and GBP.
 * - spend_line: invoiced spend (the UK government's basis), credit notes negative.
 * - sme_rollup: sums per basis × dimension × key × buyer sector × period × size band — each line
 *   counts in its month (grain `m`) and its UK financial year (grain `y`, `month` = 1 April), so
 *   a year's breakdown reads a twelfth of the rows — kept
 *   up to date incrementally in the transaction that changes the lines; dashboards read only
 *   these. snapshot / snapshot_rollup keep each full recompute's figures reproducible.
 */
export class Reporting1764600000000 implements MigrationInterface {
  name = 'Reporting1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tendering"."contract" ADD "status" character varying(10) NOT NULL DEFAULT 'active'`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD "cancelled_by" uuid`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD "cancellation_reason" character varying(1000)`);
    await q.query(`ALTER TABLE "tendering"."contract" ADD CONSTRAINT "contract_status_check" CHECK (status IN ('active', 'cancelled'))`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS reporting`);
    await q.query(`CREATE TABLE reporting.fx_rate (
      currency character(3) NOT NULL,
      valid_from date NOT NULL,
      gbp_per_unit numeric(20,10) NOT NULL CHECK (gbp_per_unit > 0),
      source character varying(200) NOT NULL DEFAULT 'seed',
      loaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (currency, valid_from),
      CHECK (currency ~ '^[A-Z]{3}$'))`);
    // Seed: GBP is the reporting currency; EUR and USD at reference rates from 2000 on
    // (operators load real rate history from a CSV; a later row wins from its date).
    await q.query(`INSERT INTO reporting.fx_rate (currency, valid_from, gbp_per_unit) VALUES
      ('GBP', '1900-01-01', 1), ('EUR', '2000-01-01', 0.8500000000), ('USD', '2000-01-01', 0.7900000000)`);

    await q.query(`CREATE TABLE reporting.buyer (
      buyer_key character varying(300) PRIMARY KEY,
      name character varying(300) NOT NULL,
      sector character varying(12) NOT NULL,
      CHECK (sector IN ('central', 'local', 'health', 'education', 'devolved', 'other')))`);

    await q.query(`CREATE TABLE reporting.source_contract (
      id uuid PRIMARY KEY,
      source_key character varying(300) NOT NULL UNIQUE,
      source character varying(10) NOT NULL CHECK (source IN ('native', 'ocds')),
      ocid character varying(200),
      native_contract_id uuid,
      title character varying(500),
      status character varying(12) NOT NULL CHECK (status IN ('pending', 'active', 'cancelled', 'unsuccessful')),
      is_framework boolean NOT NULL,
      buyer_key character varying(300) NOT NULL REFERENCES reporting.buyer (buyer_key),
      framework character varying(300),
      lot character varying(300),
      category character varying(300),
      amount numeric(24,6),
      currency character(3),
      award_date date,
      date_basis character varying(12) NOT NULL CHECK (date_basis IN ('award', 'publication', 'signature', 'none')),
      supplier_count integer NOT NULL,
      content_hash character(64) NOT NULL,
      import_id uuid,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX source_contract_native_idx ON reporting.source_contract (native_contract_id) WHERE native_contract_id IS NOT NULL`);
    await q.query(`CREATE INDEX source_contract_ocid_idx ON reporting.source_contract (ocid) WHERE ocid IS NOT NULL`);

    await q.query(`CREATE TABLE reporting.award_line (
      contract_id uuid NOT NULL REFERENCES reporting.source_contract (id) ON DELETE CASCADE,
      line_no smallint NOT NULL,
      supplier_key character varying(300) NOT NULL,
      supplier_name character varying(300) NOT NULL,
      size_band character varying(12) NOT NULL CHECK (size_band IN ('micro', 'small', 'medium', 'sme', 'selfEmployed', 'large', 'unknown')),
      source_band character varying(12) NOT NULL,
      weight numeric(16,12) NOT NULL,
      amount numeric(24,6),
      currency character(3),
      amount_gbp numeric(24,6),
      award_date date NOT NULL,
      month date NOT NULL,
      buyer_key character varying(300) NOT NULL,
      buyer_sector character varying(12) NOT NULL,
      framework character varying(300) NOT NULL DEFAULT '',
      lot character varying(300) NOT NULL DEFAULT '',
      category character varying(300) NOT NULL DEFAULT '',
      PRIMARY KEY (contract_id, line_no))`);
    await q.query(`CREATE INDEX award_line_month_idx ON reporting.award_line (month, buyer_sector)`);
    await q.query(`CREATE INDEX award_line_buyer_idx ON reporting.award_line (buyer_key, month)`);
    await q.query(`CREATE INDEX award_line_supplier_idx ON reporting.award_line (supplier_key)`);

    await q.query(`CREATE TABLE reporting.spend_line (
      source_key character varying(300) PRIMARY KEY,
      supplier_name character varying(300) NOT NULL,
      size_band character varying(12) NOT NULL CHECK (size_band IN ('sme', 'large', 'unknown')),
      buyer_key character varying(300) NOT NULL REFERENCES reporting.buyer (buyer_key),
      buyer_sector character varying(12) NOT NULL,
      framework character varying(300) NOT NULL DEFAULT '',
      lot character varying(300) NOT NULL DEFAULT '',
      month date NOT NULL,
      amount numeric(24,6) NOT NULL,
      currency character(3) NOT NULL,
      amount_gbp numeric(24,6),
      description character varying(2000),
      import_id uuid)`);
    await q.query(`CREATE INDEX spend_line_month_idx ON reporting.spend_line (month, buyer_sector)`);

    await q.query(`CREATE TABLE reporting.sme_rollup (
      basis character varying(6) NOT NULL CHECK (basis IN ('award', 'spend')),
      dimension character varying(10) NOT NULL CHECK (dimension IN ('all', 'buyer', 'framework', 'lot', 'category')),
      dim_key character varying(300) NOT NULL,
      buyer_sector character varying(12) NOT NULL,
      grain character(1) NOT NULL CHECK (grain IN ('m', 'y')),
      month date NOT NULL,
      size_band character varying(12) NOT NULL,
      lines bigint NOT NULL,
      weight numeric NOT NULL,
      value_gbp numeric NOT NULL,
      value_lines bigint NOT NULL,
      unconverted_lines bigint NOT NULL,
      PRIMARY KEY (basis, dimension, dim_key, buyer_sector, grain, month, size_band))`);
    await q.query(`CREATE INDEX sme_rollup_period_idx ON reporting.sme_rollup (basis, dimension, grain, month)`);

    await q.query(`CREATE TABLE reporting.snapshot (
      id uuid PRIMARY KEY,
      snapshot_at timestamptz NOT NULL,
      definition_version character varying(20) NOT NULL,
      trigger character varying(20) NOT NULL,
      award_lines bigint NOT NULL,
      spend_lines bigint NOT NULL,
      rollup_rows bigint NOT NULL,
      checksum character(32) NOT NULL,
      drift_rows integer NOT NULL,
      duration_ms integer NOT NULL)`);
    await q.query(`CREATE INDEX snapshot_at_idx ON reporting.snapshot (snapshot_at)`);
    await q.query(`CREATE TABLE reporting.snapshot_rollup (LIKE reporting.sme_rollup INCLUDING DEFAULTS,
      snapshot_id uuid NOT NULL REFERENCES reporting.snapshot (id) ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX snapshot_rollup_idx ON reporting.snapshot_rollup (snapshot_id, basis, dimension, grain, month)`);
    await q.query(`CREATE TABLE reporting.drift (
      snapshot_id uuid NOT NULL REFERENCES reporting.snapshot (id) ON DELETE CASCADE,
      basis character varying(6) NOT NULL, dimension character varying(10) NOT NULL, dim_key character varying(300) NOT NULL,
      buyer_sector character varying(12) NOT NULL, grain character(1) NOT NULL, month date NOT NULL, size_band character varying(12) NOT NULL,
      expected jsonb, found jsonb)`);

    await q.query(`CREATE TABLE reporting.size_correction (
      contract_id uuid NOT NULL REFERENCES reporting.source_contract (id) ON DELETE CASCADE,
      supplier_key character varying(300) NOT NULL,
      size_band character varying(12) NOT NULL CHECK (size_band IN ('micro', 'small', 'medium', 'sme', 'selfEmployed', 'large', 'unknown')),
      reason character varying(1000) NOT NULL,
      corrected_by uuid NOT NULL,
      corrected_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (contract_id, supplier_key))`);

    await q.query(`CREATE TABLE reporting.import_run (
      id uuid PRIMARY KEY,
      kind character varying(10) NOT NULL CHECK (kind IN ('ocds', 'spend')),
      encoding character varying(10) NOT NULL DEFAULT 'latin1' CHECK (encoding IN ('latin1', 'macroman', 'utf8')),
      file_name character varying(300) NOT NULL,
      file_path character varying(1000) NOT NULL,
      file_bytes bigint NOT NULL,
      file_sha256 character(64),
      status character varying(10) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      bytes_read bigint NOT NULL DEFAULT 0,
      units_read bigint NOT NULL DEFAULT 0,
      imported bigint NOT NULL DEFAULT 0,
      unchanged bigint NOT NULL DEFAULT 0,
      problem_count integer NOT NULL DEFAULT 0,
      problems jsonb NOT NULL DEFAULT '[]',
      error character varying(1000),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz)`);
    await q.query(`CREATE TABLE reporting.ocds_release (
      ocid character varying(200) NOT NULL,
      release_id character varying(300) NOT NULL,
      release_date timestamptz,
      raw jsonb NOT NULL,
      import_id uuid,
      PRIMARY KEY (ocid, release_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA reporting CASCADE`);
    await q.query(`ALTER TABLE "tendering"."contract" DROP CONSTRAINT "contract_status_check"`);
    for (const c of ['status', 'cancelled_at', 'cancelled_by', 'cancellation_reason']) await q.query(`ALTER TABLE "tendering"."contract" DROP COLUMN "${c}"`);
  }
}
