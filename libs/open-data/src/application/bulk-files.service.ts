import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open as openFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/shared';
import { releasePackage } from '../publish/ocds-release';
import { PublicationsService } from './publications.service';

export const BULK_FILE_NOT_FOUND = 'OPEN_DATA.BULK_FILE_NOT_FOUND';

export interface BulkFileView {
  /** The UTC day the file was made for (YYYY-MM-DD). */
  day: string;
  fileName: string;
  releases: number;
  bytes: number;
  sha256: string;
  /** The file holds every release committed at this instant (it is read in one snapshot taken then). */
  upTo: string;
  generatedAt: string;
}

const BATCH = 1000;

/**
 * The daily bulk download: one gzip-compressed release package of every release published so
 * far, written by the worker (streamed from Postgres in keyset batches: memory stays flat however
 * many releases there are) into OPEN_DATA_DIR, and served by the api. The newest
 * OPEN_DATA_BULK_KEEP files are kept.
 */
@Injectable()
export class BulkFilesService {
  private readonly logger = new Logger('OpenDataBulk');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly publications: PublicationsService,
  ) {}

  private get dir(): string {
    return path.resolve(this.config.openData.dir);
  }

  /**
   * Writes (or rewrites) today's file. Safe to run again: the file is replaced atomically. Builds
   * are serialised by an advisory lock (the daily job, the CLI), so the row always describes the
   * file on disk.
   */
  async build(): Promise<BulkFileView> {
    // One connection for the lock and every query of the build: builds waiting for the lock hold
    // one connection each and never starve the one that holds it.
    const db = this.dataSource.createQueryRunner();
    await db.connect();
    try {
      await db.query(`SELECT pg_advisory_lock(hashtextextended('open-data.bulk-file', 0))`);
      // One snapshot for the whole file: exactly the releases committed when it starts, however long it takes.
      await db.startTransaction('REPEATABLE READ');
      const written: { diskName?: string } = {};
      try {
        const { view, obsolete } = await this.buildLocked(db, written);
        await db.commitTransaction();
        // Files no row names any more go only once the rows that named them are gone for good.
        for (const name of obsolete) await rm(path.join(this.dir, name), { force: true });
        return view;
      } catch (e) {
        await db.rollbackTransaction();
        // A file written for a row that was never stored goes too — unless a stored row names it (the same content built before).
        if (written.diskName) {
          const [named] = await db.query(`SELECT 1 FROM open_data.bulk_file WHERE disk_name = $1`, [written.diskName]);
          if (!named) await rm(path.join(this.dir, written.diskName), { force: true });
        }
        throw e;
      }
    } finally {
      await db.query(`SELECT pg_advisory_unlock(hashtextextended('open-data.bulk-file', 0))`).catch(() => undefined);
      await db.release();
    }
  }

  /** Builds the file and stores its row in `db`'s transaction; `written` names the file on disk as soon as there is one. */
  private async buildLocked(db: QueryRunner, written: { diskName?: string }): Promise<{ view: BulkFileView; obsolete: string[] }> {
    // The cut-off (the snapshot's first statement) as text with microseconds: a JS Date would round it to the millisecond.
    const [{ day, upTo }]: { day: string; upTo: string }[] = await db.query(
      `SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "upTo" FROM clock_timestamp() AS t`,
    );
    const fileName = `ocds-releases-${day}.json.gz`;
    await mkdir(this.dir, { recursive: true });
    // Unique per build: two builds at once (a job and the CLI, or two requests in tests) never share a partial file.
    const partial = path.join(this.dir, `${fileName}.${process.pid}.${randomUUID()}.partial`);
    const uri = `${this.config.openData.publicApiUrl}/api/v1/ocds/bulk/${day}`;
    const head = JSON.stringify(releasePackage(uri, this.publications.publisher, [], new Date(upTo)));
    const [open] = head.split('"releases":[]');
    let count = 0;
    async function* chunks(): AsyncGenerator<string> {
      yield `${open}"releases":[`;
      let after: { date: Date; seq: string } | null = null;
      for (;;) {
        const rows: { seq: string; date: Date; release: string }[] = await db.query(
          `SELECT r.seq::text AS seq, r.date, r.release::text AS release FROM open_data.release r
            WHERE ($1::timestamptz IS NULL OR (r.date, r.seq) > ($1::timestamptz, $2::bigint))
            ORDER BY r.date, r.seq LIMIT ${BATCH}`,
          [after?.date ?? null, after?.seq ?? null],
        );
        if (!rows.length) break;
        yield rows.map((r, i) => (count + i === 0 ? '' : ',') + r.release).join('');
        count += rows.length;
        const last = rows[rows.length - 1];
        after = { date: last.date, seq: last.seq };
        if (rows.length < BATCH) break;
      }
      yield ']}';
    }
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // On disk each file is named by its content's hash and never changes: a download that read the row gets
    // exactly those bytes, even while a rebuild of the day replaces the row (the old file goes only afterwards).
    let diskName: string;
    let sha256: string;
    try {
      await pipeline(Readable.from(chunks()), createGzip({ level: 6 }), hashing, createWriteStream(partial));
      sha256 = hash.digest('hex');
      diskName = `ocds-releases-${day}.${sha256.slice(0, 16)}.json.gz`;
      await rename(partial, path.join(this.dir, diskName));
      written.diskName = diskName;
    } catch (e) {
      await rm(partial, { force: true });
      throw e;
    }
    const bytes = (await stat(path.join(this.dir, diskName))).size;
    const [previous] = await db.query(`SELECT disk_name FROM open_data.bulk_file WHERE day = $1::date`, [day]);
    await db.query(
      `INSERT INTO open_data.bulk_file (day, file_name, disk_name, releases, bytes, sha256, up_to) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (day) DO UPDATE SET file_name = EXCLUDED.file_name, disk_name = EXCLUDED.disk_name, releases = EXCLUDED.releases,
              bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256, up_to = EXCLUDED.up_to, generated_at = clock_timestamp()`,
      [day, fileName, diskName, count, bytes, sha256, upTo],
    );
    const obsolete = [...(previous && previous.disk_name !== diskName ? [previous.disk_name] : []), ...(await this.prune(db))];
    this.logger.log(`bulk file ${fileName}: ${count} releases, ${bytes} bytes`);
    const [view] = await db.query(`${SELECT_VIEW} WHERE day = $1::date`, [day]);
    return { view, obsolete };
  }

  /** Drops the rows beyond the newest OPEN_DATA_BULK_KEEP; returns their files, to delete once that commits. */
  private async prune(db: QueryRunner): Promise<string[]> {
    const old: { disk_name: string }[] = await db.query(
      `WITH gone AS (DELETE FROM open_data.bulk_file WHERE day NOT IN (SELECT day FROM open_data.bulk_file ORDER BY day DESC LIMIT $1) RETURNING disk_name)
       SELECT disk_name FROM gone`,
      [this.config.openData.bulkKeep],
    );
    return old.map((f) => f.disk_name);
  }

  async list(): Promise<BulkFileView[]> {
    return this.dataSource.query(`${SELECT_VIEW} ORDER BY day DESC`);
  }

  /**
   * The file of a day, opened, to stream. The row is read again once when its file has just been
   * replaced by a rebuild; 404 when the row or the file is missing (another machine's disk).
   */
  async open(day: string): Promise<{ view: BulkFileView; stream: Readable }> {
    for (let attempt = 0; ; attempt++) {
      // The row and its file name in one read: a rebuild in between must not pair this row with another file.
      const [row]: (BulkFileView & { diskName: string })[] = await this.dataSource.query(
        `SELECT ${VIEW_COLUMNS}, disk_name AS "diskName" FROM open_data.bulk_file WHERE day = $1::date`,
        [day],
      );
      if (!row) throw DomainError.notFound(BULK_FILE_NOT_FOUND, 'No bulk file for that day.');
      const { diskName, ...view } = row;
      try {
        const handle = await openFile(path.join(this.dir, diskName), 'r');
        // The stream closes the handle when it ends or is destroyed.
        return { view, stream: handle.createReadStream() };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        if (attempt > 0) throw DomainError.notFound(BULK_FILE_NOT_FOUND, 'The bulk file for that day is not on this server.');
      }
    }
  }
}

const VIEW_COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, file_name AS "fileName", releases, bytes::float8 AS bytes, sha256,
  to_char(up_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "upTo",
  to_char(generated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "generatedAt"`;
const SELECT_VIEW = `SELECT ${VIEW_COLUMNS} FROM open_data.bulk_file`;
