import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { JobPayloads } from '@app/queue';
import { DomainError, newId } from '@app/shared';
import { mergeReleases } from '../import/ocds-merge';
import { buildRelease, ocidOf, OcdsJson, Publisher, ProcessSnapshot } from '../publish/ocds-release';
import { readContract, readRequirement } from './process-snapshots';

export const RELEASE_NOT_FOUND = 'OPEN_DATA.RELEASE_NOT_FOUND';
export const RECORD_NOT_FOUND = 'OPEN_DATA.RECORD_NOT_FOUND';

/** Releases per page of the release-package endpoint: default and most. */
export const RELEASES_PAGE_DEFAULT = 100;
export const RELEASES_PAGE_MAX = 1000;

export interface ReleasePage {
  releases: OcdsJson[];
  /** Cursor of the next page, when there may be one. */
  next: string | null;
  /** The newest release date on the page (the package's publishedDate), null when empty. */
  newest: Date | null;
}

export interface StoredRelease {
  seq: string;
  date: Date;
  release: OcdsJson;
}

/**
 * Keyset cursors, opaque to callers. Without a date range pages follow the order releases were
 * published in (`seq`): a release stored late (a retried job) with an earlier date still comes
 * after a cursor a harvester already holds. With a date range they follow the releases' dates
 * (`date`, then `seq`), which the (date, seq) index serves at any size.
 */
export type ReleaseCursor = { by: 'published'; seq: string } | { by: 'date'; date: Date; seq: string };

export function encodeCursor(c: ReleaseCursor): string {
  return Buffer.from(c.by === 'published' ? `s${c.seq}` : `d${c.date.toISOString()}|${c.seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): ReleaseCursor | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Only what Postgres can compare with: a seq beyond bigint or a date beyond timestamptz would fail there (a 500, not a 400).
  const seqOk = (seq: string | undefined): seq is string => /^\d{1,19}$/.test(seq ?? '') && BigInt(seq!) <= BIGINT_MAX;
  if (text.startsWith('s')) return seqOk(text.slice(1)) ? { by: 'published', seq: text.slice(1) } : null;
  if (!text.startsWith('d')) return null;
  const [at, seq] = text.slice(1).split('|');
  const date = new Date(at ?? '');
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1 || year > 9999 || !seqOk(seq) ? null : { by: 'date', date, seq };
}

const BIGINT_MAX = 9223372036854775807n;

export interface ReleasePageQuery {
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
}

/** The SQL of one page (exported so the o1 bench's bare baseline runs exactly this); a bad cursor is a 400 naming it. */
export function releasePageSql(q: ReleasePageQuery): { sql: string; params: unknown[]; limit: number; by: ReleaseCursor['by'] } {
  const limit = Math.min(q.limit ?? RELEASES_PAGE_DEFAULT, RELEASES_PAGE_MAX);
  const by = q.from || q.to ? 'date' : 'published';
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.cursor && (!after || after.by !== by)) {
    throw DomainError.validation('OPEN_DATA.INVALID_QUERY', [{ field: 'cursor', message: 'Use the cursor of a `links.next` URL unchanged, with the same from and to.' }]);
  }
  // r.seq, not the text output column `seq`, orders and compares (as a number).
  if (by === 'published') {
    return {
      sql: `SELECT r.seq::text AS seq, r.date, r.release FROM open_data.release r WHERE ($1::bigint IS NULL OR r.seq > $1::bigint) ORDER BY r.seq LIMIT $2`,
      params: [after?.seq ?? null, limit + 1],
      limit,
      by,
    };
  }
  return {
    sql: `SELECT r.seq::text AS seq, r.date, r.release FROM open_data.release r
           WHERE ($1::timestamptz IS NULL OR r.date >= $1) AND ($2::timestamptz IS NULL OR r.date < $2)
             AND ($3::timestamptz IS NULL OR (r.date, r.seq) > ($3::timestamptz, $4::bigint))
           ORDER BY r.date, r.seq LIMIT $5`,
    params: [q.from ?? null, q.to ?? null, after?.by === 'date' ? after.date : null, after?.seq ?? null, limit + 1],
    limit,
    by,
  };
}

/** A page from the rows of releasePageSql (one more than the limit when there is a next page). */
export function releasePageOf(rows: StoredRelease[], limit: number, by: ReleaseCursor['by']): ReleasePage {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  const newest = page.reduce<Date | null>((n, r) => (n && n >= r.date ? n : r.date), null);
  const next: ReleaseCursor | null = !more || !last ? null : by === 'published' ? { by, seq: last.seq } : { by, date: last.date, seq: last.seq };
  return { releases: page.map((r) => r.release), next: next ? encodeCursor(next) : null, newest };
}

/**
 * OCDS publication: turns each event of a contracting process (relayed from tendering's outbox)
 * into a release stored once and never rewritten; serves release pages, single releases and
 * compiled records.
 */
@Injectable()
export class PublicationsService {
  private readonly logger = new Logger('OpenData');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get publisher(): Publisher {
    return { name: this.config.openData.publisherName, uri: this.config.app.publicWebUrl };
  }

  ocid(processId: string): string {
    return ocidOf(this.config.openData.ocidPrefix, processId);
  }

  /**
   * Builds and stores the release of one event; a retried job finds it stored and changes
   * nothing. Returns the release id, or null when there is nothing to publish (a process that
   * was never published, or is gone).
   */
  async publish(p: JobPayloads['open-data.publish-release']): Promise<{ releaseId: string; stored: boolean } | null> {
    const release = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      let snapshot: ProcessSnapshot;
      let date: Date;
      let outcome: 'cancelled' | 'withdrawn' | 'unsuccessful' | null = null;
      if (p.event === 'award' || p.event === 'awardUpdate' || p.event === 'awardCancellation') {
        const contract = p.contractId ? await readContract(m, p.contractId) : null;
        if (!contract) return null;
        if (contract.requirementId) {
          const requirement = await readRequirement(m, contract.requirementId);
          if (!requirement) return null;
          // The award release names the buyer as the contract does (the awarding user's organisation domain).
          snapshot = { ...requirement.snapshot, buyer: contract.direct.buyer, award: contract.award };
        } else {
          snapshot = contract.direct;
        }
        if (p.event === 'awardCancellation') {
          if (!contract.award.cancelledAt) return null;
          date = contract.award.cancelledAt;
        } else if (p.event === 'awardUpdate') {
          // The time of the latest size correction on the contract (what the update says).
          const [{ at }] = await m.query(
            `SELECT max(sc.corrected_at) AS at FROM reporting.size_correction sc JOIN reporting.source_contract rc ON rc.id = sc.contract_id WHERE rc.source_key = $1`,
            [`native:${p.contractId}`],
          );
          if (!at) return null;
          date = at;
        } else {
          date = contract.award.awardedAt;
        }
      } else {
        const requirement = p.requirementId ? await readRequirement(m, p.requirementId) : null;
        if (!requirement) return null;
        snapshot = requirement.snapshot;
        if (p.event === 'tender') date = snapshot.tender.publishedAt!;
        else if (p.event === 'tenderAmendment') date = new Date(p.at!);
        else {
          if (!requirement.outcomeAt) return null;
          date = requirement.outcomeAt;
          outcome = requirement.status === 'withdrawn' ? 'withdrawn' : requirement.status === 'unsuccessful' ? 'unsuccessful' : 'cancelled';
        }
      }
      return buildRelease(
        snapshot,
        { ocidPrefix: this.config.openData.ocidPrefix, releaseId: p.releaseId, event: p.event, date, closesAt: p.closesAt ? new Date(p.closesAt) : null },
        outcome,
      );
    });
    if (!release) {
      this.logger.warn(`release ${p.releaseId} (${p.event}) not published: its process was never published or is gone`);
      return null;
    }
    // One writer at a time from number to commit, so `seq` (the publication order harvesters page by) is also the
    // order releases become visible in: a cursor never passes a release that commits later with a lower number.
    const inserted = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('open-data.release-seq', 0))`);
      return m.query(
        `INSERT INTO open_data.release (id, ocid, date, tags, release) VALUES ($1, $2, $3, $4, $5::json) ON CONFLICT (id) DO NOTHING RETURNING seq`,
        [release.id, release.ocid, release.date, release.tag, JSON.stringify(release)],
      );
    });
    return { releaseId: release.id as string, stored: inserted.length > 0 };
  }

  /**
   * Publishes what a platform that ran before publication existed (or lost events) never
   * published: for each published requirement and each contract without its releases, the
   * releases of the events its state shows — publication, its end without a contract, the award,
   * a size correction on it, the contract's cancellation (closing-time changes leave no trace to replay). Idempotent:
   * running it again publishes nothing.
   */
  async backfill(): Promise<{ published: number }> {
    // Missing: no release of that kind, and no event of it on its way (an outbox row whose release is not stored yet —
    // the worker is behind or down): publishing it here as well would give the process the same event twice. Each
    // event checked here is named as the tag its release carries (an award release: award and contract).
    const missing = async (ocid: string, event: string, processId: string) =>
      (
        await this.dataSource.query(
          `SELECT 1 FROM open_data.release WHERE ocid = $1 AND $2 = ANY(tags)
           UNION ALL
           SELECT 1 FROM queue.outbox_event o
            WHERE o.job_name = 'open-data.publish-release' AND o.payload->>'event' = $2
              AND $3 IN (o.payload->>'requirementId', o.payload->>'contractId')
              AND NOT EXISTS (SELECT 1 FROM open_data.release r WHERE r.id = o.payload->>'releaseId')
           LIMIT 1`,
          [ocid, event, processId],
        )
      ).length === 0;
    let published = 0;
    const publish = async (p: Omit<JobPayloads['open-data.publish-release'], 'v' | 'releaseId'>) => {
      const r = await this.publish({ v: 1, releaseId: newId(), ...p });
      if (r?.stored) published++;
    };
    const requirements: { id: string; status: string }[] = await this.dataSource.query(
      `SELECT id, status FROM tendering.requirement WHERE published_at IS NOT NULL ORDER BY published_at, id`,
    );
    for (const r of requirements) {
      const ocid = this.ocid(r.id);
      if (await missing(ocid, 'tender', r.id)) await publish({ event: 'tender', requirementId: r.id });
      if (['withdrawn', 'cancelled'].includes(r.status) && (await missing(ocid, 'tenderCancellation', r.id))) await publish({ event: 'tenderCancellation', requirementId: r.id });
      if (r.status === 'unsuccessful' && (await missing(ocid, 'tenderUpdate', r.id))) await publish({ event: 'tenderUpdate', requirementId: r.id });
    }
    const contracts: { id: string; requirement_id: string | null; status: string; corrected: boolean }[] = await this.dataSource.query(
      `SELECT c.id, c.requirement_id, c.status,
              EXISTS (SELECT 1 FROM reporting.size_correction sc JOIN reporting.source_contract rc ON rc.id = sc.contract_id WHERE rc.source_key = 'native:' || c.id::text) AS corrected
         FROM tendering.contract c ORDER BY c.created_at, c.id`,
    );
    for (const c of contracts) {
      const ocid = this.ocid(c.requirement_id ?? c.id);
      const ids = { contractId: c.id, requirementId: c.requirement_id ?? undefined };
      if (await missing(ocid, 'award', c.id)) await publish({ event: 'award', ...ids });
      if (c.corrected && (await missing(ocid, 'awardUpdate', c.id))) await publish({ event: 'awardUpdate', ...ids });
      if (c.status === 'cancelled' && (await missing(ocid, 'awardCancellation', c.id))) await publish({ event: 'awardCancellation', ...ids });
    }
    return { published };
  }

  /**
   * Releases dated in [from, to) after the cursor: in date order when a range is given, else in
   * the order they were published (see ReleaseCursor).
   */
  async page(q: ReleasePageQuery): Promise<ReleasePage> {
    const { sql, params, limit, by } = releasePageSql(q);
    return releasePageOf(await this.dataSource.query(sql, params), limit, by);
  }

  async release(id: string): Promise<{ release: OcdsJson; date: Date }> {
    const [row] = await this.dataSource.query(`SELECT date, release FROM open_data.release WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound(RELEASE_NOT_FOUND, 'No such release.');
    return row;
  }

  /** Every release of one ocid in date order, and their compiled release (OCDS merge). */
  async record(ocid: string): Promise<{ releases: OcdsJson[]; compiledRelease: OcdsJson; newest: Date }> {
    const rows: StoredRelease[] = await this.dataSource.query(`SELECT r.seq::text AS seq, r.date, r.release FROM open_data.release r WHERE r.ocid = $1 ORDER BY r.date, r.seq`, [ocid]);
    if (!rows.length) throw DomainError.notFound(RECORD_NOT_FOUND, 'No such contracting process.');
    const releases = rows.map((r) => r.release);
    return { releases, compiledRelease: mergeReleases(releases), newest: rows.at(-1)!.date };
  }
}
