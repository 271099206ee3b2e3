import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open data publication (product.md §5). Hand-written DDL with no entities, like reporting.
 *
 * - release: every OCDS release the platform has published, as published (never rewritten):
 *   one row per event of a contracting process. `seq` is the publication order (the paging key
 *   of the API); `date` the event's time (ranges, records, bulk files). The JSON is kept as
 *   `json` (text), so key order stays as built.
 * - bulk_file: the daily gzip-compressed release packages, written by the worker into
 *   OPEN_DATA_DIR (on disk named by their content's hash: a file never changes once written)
 *   and served by the api under `file_name`.
 */
export class OpenData1764800000000 implements MigrationInterface {
  name = 'OpenData1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS open_data`);
    await q.query(`CREATE TABLE open_data.release (
      seq bigint GENERATED ALWAYS AS IDENTITY,
      id varchar(100) NOT NULL,
      ocid varchar(100) NOT NULL,
      date timestamptz NOT NULL,
      tags varchar(30)[] NOT NULL,
      release json NOT NULL,
      published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT release_pkey PRIMARY KEY (id)
    )`);
    await q.query(`CREATE UNIQUE INDEX release_seq_idx ON open_data.release (seq)`);
    await q.query(`CREATE UNIQUE INDEX release_date_seq_idx ON open_data.release (date, seq)`);
    await q.query(`CREATE INDEX release_ocid_idx ON open_data.release (ocid, date, seq)`);
    await q.query(`CREATE TABLE open_data.bulk_file (
      day date NOT NULL,
      file_name varchar(100) NOT NULL,
      disk_name varchar(120) NOT NULL,
      releases integer NOT NULL,
      bytes bigint NOT NULL,
      sha256 char(64) NOT NULL,
      up_to timestamptz NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT bulk_file_pkey PRIMARY KEY (day)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA open_data CASCADE`);
  }
}
