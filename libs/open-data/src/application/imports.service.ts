import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { AuthUser, RequestMeta, auditContext } from '@app/identity';
import { OutboxService } from '@app/queue';
import { ImportProblem, ReportsCache, SmeLedgerService, SourceContract, SpendLineInput } from '@app/reporting';
import { DomainError, Page, newId } from '@app/shared';
import { OcdsRelease, readOcds } from '../import/ocds-reader';
import { mergeReleases } from '../import/ocds-merge';
import { mapRelease } from '../import/ocds-map';
import { dropSupersededAwards } from '../import/ocds-superseded';
import { readSpendCsv } from '../import/spend-csv';
import type { TextEncodingName } from '../import/text-decoding';

export type ImportKind = 'ocds' | 'spend';
/** How a spend CSV's bytes are decoded: ISO-8859-1 by default (the published format); some files are really Mac OS Roman. OCDS is UTF-8 JSON. */
export const SPEND_ENCODINGS: readonly TextEncodingName[] = ['latin1', 'macroman', 'utf8'];
export const IMPORT_NOT_FOUND = 'OPEN_DATA.IMPORT_NOT_FOUND';

export interface ImportRunView {
  id: string;
  kind: ImportKind;
  encoding: TextEncodingName;
  fileName: string;
  fileBytes: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  bytesRead: number;
  unitsRead: number;
  imported: number;
  unchanged: number;
  problemCount: number;
  problems: ImportProblem[];
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** 0–100, by bytes read. */
  percent: number;
}

/** Releases (or spend rows) per transaction. */
const OCDS_BATCH = 1000;
const SPEND_BATCH = 2000;
/** Problems kept in detail per run (all are counted). */
const PROBLEMS_KEPT = 1000;

const VIEW_COLUMNS = `id, kind, encoding, file_name AS "fileName", file_bytes::float8 AS "fileBytes", status, bytes_read::float8 AS "bytesRead",
  units_read::float8 AS "unitsRead", imported::float8 AS imported, unchanged::float8 AS unchanged, problem_count AS "problemCount",
  problems, error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** SHA-256 of a file, streamed. */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Where an upload lands (streamed to disk: by @fastify/multipart in the API, multer in the web app) before an import takes it into IMPORT_DIR. */
export const UPLOAD_TMP_DIR = path.join(tmpdir(), 'opm-uploads');

/** Guesses the kind of a file from its name: `.csv` is spend, `.json` OCDS. */
export function importKindOf(fileName: string): ImportKind | null {
  const name = fileName.toLowerCase();
  // `.json.gz`: a gzip-compressed OCDS package, such as this platform's own bulk files.
  if (name.endsWith('.json.gz')) return 'ocds';
  const ext = path.extname(name);
  return ext === '.csv' ? 'spend' : ext === '.json' ? 'ocds' : null;
}

/**
 * Imports of published data into SME reporting (product.md §5): OCDS release packages,
 * record packages and single releases, and spend CSVs. A file is kept in IMPORT_DIR, an
 * import run recorded and a job queued (one transaction); the worker streams the file in
 * batches, each batch one transaction (raw releases, contracts, lines and rollups together),
 * so a run killed half-way has written whole batches only, and running it again — or
 * importing the same file twice — changes nothing more (releases by id, contracts by
 * content hash, spend lines by row id).
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly ledger: SmeLedgerService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLogService,
    private readonly cache: ReportsCache,
  ) {}

  /**
   * Records an import of a file already on disk (an upload just written, or a CLI path) and
   * queues it. `move` takes the file into IMPORT_DIR (an upload); otherwise it is copied.
   */
  async enqueue(actor: AuthUser | null, source: { path: string; fileName: string; kind?: ImportKind; encoding?: TextEncodingName; move?: boolean }, meta: RequestMeta = { ip: null, requestId: null }): Promise<ImportRunView> {
    const kind = source.kind ?? importKindOf(source.fileName);
    if (!kind) throw DomainError.validation('OPEN_DATA.INVALID_IMPORT', [{ field: 'kind', message: 'Say whether the file is ocds or spend (or name it .json or .csv).' }]);
    const size = (await stat(source.path)).size;
    if (size === 0) throw DomainError.validation('OPEN_DATA.INVALID_IMPORT', [{ field: 'file', message: 'The file is empty.' }]);
    const sha256 = await fileSha256(source.path);
    if (kind === 'spend') {
      // Spend lines are keyed by file name and row ID: the same rows under another name would count twice.
      const [twin] = await this.dataSource.query(
        `SELECT file_name FROM reporting.import_run WHERE file_sha256 = $1 AND kind = 'spend' AND status <> 'failed' AND lower(file_name) <> lower($2) LIMIT 1`,
        [sha256, path.basename(source.fileName)],
      );
      if (twin) throw DomainError.validation('OPEN_DATA.ALREADY_IMPORTED', [{ field: 'file', message: `This file was already imported as ${twin.file_name}` }]);
    }
    const id = newId();
    const dir = path.resolve(this.config.reporting.importDir);
    await mkdir(dir, { recursive: true });
    const kept = path.join(dir, `${id}${path.extname(source.fileName).toLowerCase()}`);
    if (source.move) await rename(source.path, kept).catch(async (e: NodeJS.ErrnoException) => {
      // IMPORT_DIR on another file system (a mounted volume): copy, then remove the upload.
      if (e.code !== 'EXDEV') throw e;
      await copyFile(source.path, kept);
      await unlink(source.path);
    });
    else await copyFile(source.path, kept);
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO reporting.import_run (id, kind, encoding, file_name, file_path, file_bytes, file_sha256, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, kind, source.encoding ?? 'latin1', path.basename(source.fileName).slice(0, 300), kept, size, sha256, actor?.userId ?? null],
      );
      await this.outbox.add(m, 'open-data.import-file', { v: 1, importId: id });
      await this.audit.append(
        { action: 'open-data.import.queued', subjectType: 'import_run', subjectId: id, data: { kind, fileName: source.fileName, bytes: size } },
        auditContext(actor, meta),
        m,
      );
    }).catch(async (e) => {
      await unlink(kept).catch(() => undefined); // nothing recorded: keep no file either
      throw e;
    });
    return this.get(id);
  }

  async get(id: string): Promise<ImportRunView> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await this.dataSource.query(`SELECT ${VIEW_COLUMNS} FROM reporting.import_run WHERE id = $1`, [id]) : [];
    if (!row) throw DomainError.notFound(IMPORT_NOT_FOUND, 'No such import.');
    return view(row);
  }

  async list(page: { limit: number; offset: number }): Promise<Page<ImportRunView>> {
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(`SELECT ${VIEW_COLUMNS} FROM reporting.import_run ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, [page.limit, page.offset]),
      this.dataSource.query(`SELECT count(*)::int AS total FROM reporting.import_run`),
    ]);
    return { items: items.map(view), total, limit: page.limit, offset: page.offset };
  }

  /** The job: streams the file into reporting, batch by batch, reporting progress. */
  async run(id: string, progress: (p: { percent: number; unitsRead: number }) => Promise<void> = async () => undefined): Promise<ImportRunView> {
    const [run] = await this.dataSource.query(`SELECT id, kind, encoding, file_name, file_path, file_bytes::float8 AS file_bytes, status FROM reporting.import_run WHERE id = $1`, [id]);
    if (!run) throw new Error(`import ${id} does not exist`);
    if (run.status === 'done') return this.get(id);
    await this.dataSource.query(
      `UPDATE reporting.import_run SET status = 'running', started_at = coalesce(started_at, now()), bytes_read = 0, units_read = 0,
              imported = 0, unchanged = 0, problem_count = 0, problems = '[]', error = NULL WHERE id = $1`,
      [id],
    );
    let bytesRead = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytesRead += chunk.length;
        cb(null, chunk);
      },
    });
    const raw = createReadStream(run.file_path, { highWaterMark: 256 * 1024 }).pipe(counter);
    // Progress counts the file's own (compressed) bytes; the reader gets them inflated.
    const input = run.kind === 'ocds' && run.file_name.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    const state: BatchState = { id, fileName: run.file_name, fileBytes: run.file_bytes, encoding: run.encoding, progress, bytesRead: () => bytesRead };
    try {
      if (run.kind === 'ocds') await this.runOcds(input, state);
      else await this.runSpend(input, state);
      await this.dataSource.query(`UPDATE reporting.import_run SET status = 'done', finished_at = now(), bytes_read = file_bytes WHERE id = $1`, [id]);
    } catch (e) {
      this.logger.error(`import ${id} failed: ${(e as Error).message}`);
      await this.dataSource.query(`UPDATE reporting.import_run SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, (e as Error).message.slice(0, 1000)]);
      throw e;
    } finally {
      input.destroy();
    }
    await progress({ percent: 100, unitsRead: (await this.get(id)).unitsRead });
    return this.get(id);
  }

  private async runSpend(input: NodeJS.ReadableStream, state: BatchState): Promise<void> {
    let batch: SpendLineInput[] = [];
    let problems: ImportProblem[] = [];
    let units = 0;
    const flush = async () => {
      const r = await this.dataSource.transaction(async (m) => {
        const r = await this.ledger.applySpend(m, batch, state.id);
        await this.recordBatch(m, state, units, r.changed, r.unchanged, problems);
        return r;
      });
      if (r.changed) await this.cache.invalidate();
      batch = [];
      problems = [];
    };
    for await (const item of readSpendCsv(input, `spend:${state.fileName.toLowerCase()}`, { encoding: state.encoding })) {
      if (item.kind === 'line') {
        batch.push(item.line);
        units++;
      } else problems.push(item.problem);
      if (batch.length >= SPEND_BATCH) await flush();
    }
    await flush();
  }

  private async runOcds(input: NodeJS.ReadableStream, state: BatchState): Promise<void> {
    type Item = { position: number; unit: 'release' | 'record'; compiled: boolean; release: OcdsRelease };
    let batch: Item[] = [];
    let problems: ImportProblem[] = [];
    let units = 0;
    let inFlight: Promise<void> = Promise.resolve();
    // One batch commits while the next is read and parsed (the worker's CPU and the database's
    // overlap); a batch starts only once the one before it has committed, because a process
    // spanning both reads the releases the earlier one stored.
    const flush = () => {
      const [items, found, read] = [batch, problems, units];
      batch = [];
      problems = [];
      inFlight = (async () => {
        const r = await this.dataSource.transaction(async (m) => {
          const r = await this.applyOcdsBatch(m, items, state.id, found);
          await this.recordBatch(m, state, read, r.changed, r.unchanged, found);
          return r;
        });
        if (r.changed) await this.cache.invalidate();
      })();
      inFlight.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled meanwhile
    };
    for await (const item of readOcds(input)) {
      if (item.kind === 'release') {
        batch.push(item);
        units++;
      } else if (item.kind === 'problem') problems.push(item.problem);
      if (batch.length >= OCDS_BATCH) {
        await inFlight;
        flush();
      }
    }
    await inFlight;
    flush();
    await inFlight;
  }

  /**
   * One batch of releases: each process (ocid) with a release not seen before is compiled
   * again from every release of it (those stored and the new ones, merged in date order) and
   * mapped to contracts; a process with a problem is left out whole (its new releases are not
   * stored), so nothing of it is half-written. A record's compiled release stands on its own.
   */
  private async applyOcdsBatch(
    m: EntityManager,
    batch: { position: number; unit: 'release' | 'record'; compiled: boolean; release: OcdsRelease }[],
    importId: string,
    problems: ImportProblem[],
  ): Promise<{ changed: number; unchanged: number }> {
    if (!batch.length) return { changed: 0, unchanged: 0 };
    const byOcid = new Map<string, typeof batch>();
    for (const item of batch) {
      const list = byOcid.get(item.release.ocid) ?? [];
      list.push(item);
      byOcid.set(item.release.ocid, list);
    }
    const ocids = [...byOcid.keys()].sort();
    // One writer per process across imports running at once: the stored releases read below are then all there are.
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended(o, 8)) FROM unnest($1::text[]) AS o`, [ocids]);
    const stored: { ocid: string; release_id: string; raw: OcdsRelease }[] = await m.query(
      `SELECT ocid, release_id, raw FROM reporting.ocds_release WHERE ocid = ANY($1) ORDER BY ocid, release_date NULLS FIRST, release_id FOR UPDATE`,
      [ocids],
    );
    const storedBy = new Map<string, Map<string, OcdsRelease>>();
    for (const s of stored) {
      if (!storedBy.has(s.ocid)) storedBy.set(s.ocid, new Map());
      storedBy.get(s.ocid)!.set(s.release_id, s.raw);
    }
    const rawRows: { ocid: string; release_id: string; release_date: string | null; raw: OcdsRelease }[] = [];
    const contracts: SourceContract[] = [];
    const applied: string[] = [];
    let unchanged = 0;
    for (const [ocid, items] of byOcid) {
      const known = storedBy.get(ocid) ?? new Map<string, OcdsRelease>();
      const fresh = new Map<string, (typeof items)[number]>();
      for (const item of items) {
        const rid = releaseIdOf(item);
        if (!known.has(rid) && !fresh.has(rid)) fresh.set(rid, item);
      }
      if (!fresh.size) {
        unchanged++;
        continue;
      }
      const last = items[items.length - 1];
      const compiledItem = [...fresh.values()].reverse().find((i) => i.compiled);
      const all = [...known.values(), ...[...fresh.values()].map((i) => i.release)];
      const state = compiledItem ? compiledItem.release : dropSupersededAwards(mergeReleases(all), all);
      const tags = all.flatMap((r) => (Array.isArray(r.tag) ? (r.tag as string[]) : []));
      const mapped = mapRelease(state, { position: last.position, unit: last.unit, tags });
      problems.push(...mapped.problems);
      // An award left out (an unknown currency, say) leaves the whole process out, its new releases
      // unstored: nothing of it half-written. Lesser problems (a missing status read as pending) are reported only.
      const awards = Array.isArray(state.awards) ? state.awards.length : 0;
      if (mapped.contracts.length < awards) continue;
      contracts.push(...mapped.contracts);
      // Only a process seen before can have awards its current state no longer lists.
      if (known.size) applied.push(ocid);
      for (const [rid, item] of fresh) {
        const date = typeof item.release.date === 'string' && Number.isFinite(Date.parse(item.release.date)) ? item.release.date : null;
        rawRows.push({ ocid, release_id: rid.slice(0, 300), release_date: date, raw: item.release });
      }
    }
    if (rawRows.length) {
      await m.query(
        `INSERT INTO reporting.ocds_release (ocid, release_id, release_date, raw, import_id)
         SELECT ocid, release_id, release_date, raw, $2 FROM jsonb_to_recordset($1::jsonb) AS x(ocid varchar, release_id varchar, release_date timestamptz, raw jsonb)
         ON CONFLICT (ocid, release_id) DO NOTHING`,
        [JSON.stringify(rawRows), importId],
      );
    }
    const result = await this.ledger.applyContracts(m, contracts, importId);
    // Awards these processes listed before but no longer do (a notice published again under a new id) stop counting.
    const retired = await this.ledger.retireMissingAwards(m, applied, contracts.map((c) => c.sourceKey));
    return { changed: result.changed + retired, unchanged: unchanged + result.unchanged };
  }

  private async recordBatch(m: EntityManager, state: BatchState, units: number, changed: number, unchanged: number, problems: ImportProblem[]): Promise<void> {
    const bytes = state.bytesRead();
    await m.query(
      `UPDATE reporting.import_run SET bytes_read = $2, units_read = $3, imported = imported + $4, unchanged = unchanged + $5,
              problem_count = problem_count + $6,
              problems = CASE WHEN jsonb_array_length(problems) >= ${PROBLEMS_KEPT} THEN problems
                              ELSE problems || (SELECT coalesce(jsonb_agg(p), '[]'::jsonb) FROM (SELECT p FROM jsonb_array_elements($7::jsonb) p LIMIT ${PROBLEMS_KEPT}) x) END
        WHERE id = $1`,
      [state.id, bytes, units, changed, unchanged, problems.length, JSON.stringify(problems.slice(0, PROBLEMS_KEPT))],
    );
    await state.progress({ percent: state.fileBytes ? Math.min(99, Math.floor((bytes / state.fileBytes) * 100)) : 0, unitsRead: units });
  }

}

interface BatchState {
  id: string;
  fileName: string;
  encoding: TextEncodingName;
  fileBytes: number;
  progress: (p: { percent: number; unitsRead: number }) => Promise<void>;
  bytesRead: () => number;
}

/** A release's identity within its process: its `id`, or (a record's compiled release) `compiled:<date>`. */
function releaseIdOf(item: { compiled: boolean; release: OcdsRelease }): string {
  const id = item.release.id;
  if (!item.compiled && (typeof id === 'string' || typeof id === 'number')) return String(id);
  return `compiled:${typeof item.release.date === 'string' ? item.release.date : ''}`;
}

function view(row: Record<string, unknown>): ImportRunView {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  const fileBytes = Number(row.fileBytes);
  const bytesRead = Number(row.bytesRead);
  return {
    ...(row as unknown as ImportRunView),
    createdAt: iso(row.createdAt)!,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    percent: row.status === 'done' ? 100 : fileBytes ? Math.min(99, Math.floor((bytesRead / fileBytes) * 100)) : 0,
  };
}
