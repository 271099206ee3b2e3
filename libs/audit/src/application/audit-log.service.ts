import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecord, ChainBreak, auditHash, findChainBreak } from '../domain/audit-chain';

/** Who did it and from where: passed down from the HTTP layer. */
export interface AuditContext {
  userId?: string | null;
  organisationId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditEventView {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  ip: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

const UTC_MICROS = `to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CHAIN_LOCK = 72_616_001; // advisory lock key serialising appends to the chain
const SELECT_ROW = `id::text AS id, ${UTC_MICROS.replace('%s', 'occurred_at')} AS "occurredAt",
  actor_user_id AS "actorUserId", actor_organisation_id AS "actorOrganisationId", action,
  subject_type AS "subjectType", subject_id AS "subjectId", ip, request_id AS "requestId", data,
  prev_hash AS "prevHash", hash`;

@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one row, chained to the last. Pass the caller's transaction
   * manager so that the row commits (or rolls back) with the change it records.
   */
  async append(entry: AuditEntry, ctx: AuditContext = {}, manager?: EntityManager): Promise<string> {
    if (!manager) return this.dataSource.transaction((m) => this.append(entry, ctx, m));
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [head] = await manager.query(
      `SELECT nextval('audit.audit_event_id_seq')::text AS id,
              ${UTC_MICROS.replace('%s', 'clock_timestamp()')} AS at,
              (SELECT hash FROM audit.audit_event ORDER BY id DESC LIMIT 1) AS prev`,
    );
    const record: AuditRecord = {
      id: head.id,
      occurredAt: head.at,
      actorUserId: ctx.userId ?? null,
      actorOrganisationId: ctx.organisationId ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      ip: ctx.ip ?? null,
      requestId: ctx.requestId ?? null,
      data: entry.data ?? {},
      prevHash: head.prev ?? null,
    };
    await manager.query(
      `INSERT INTO audit.audit_event (id, occurred_at, actor_user_id, actor_organisation_id, action, subject_type,
         subject_id, ip, request_id, data, prev_hash, hash)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [
        record.id,
        record.occurredAt,
        record.actorUserId,
        record.actorOrganisationId,
        record.action,
        record.subjectType,
        record.subjectId,
        record.ip,
        record.requestId,
        JSON.stringify(record.data),
        record.prevHash,
        auditHash(record),
      ],
    );
    return record.id;
  }

  /** Newest first, for the admin screens. */
  async list(opts: { limit: number; offset: number; subjectType?: string; subjectId?: string; action?: string }): Promise<{ items: AuditEventView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (opts.subjectType) where.push(`subject_type = $${params.push(opts.subjectType)}`);
    if (opts.subjectId) where.push(`subject_id = $${params.push(opts.subjectId)}`);
    if (opts.action) where.push(`action = $${params.push(opts.action)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit.audit_event ${clause}`, params);
    const rows = await this.dataSource.query(
      `SELECT ${SELECT_ROW} FROM audit.audit_event ${clause} ORDER BY audit_event.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, opts.limit, opts.offset],
    );
    return { items: rows.map(({ prevHash, hash, ...view }: AuditEventView & { prevHash: string; hash: string }) => view), total };
  }

  /** Re-walks the whole chain in batches and names the first broken row. */
  async verify(batchSize = 5000): Promise<VerifyResult> {
    let after = '0';
    let prev: string | null = null;
    let checked = 0;
    for (;;) {
      const rows = await this.dataSource.query(
        `SELECT ${SELECT_ROW} FROM audit.audit_event WHERE id > $1 ORDER BY audit_event.id LIMIT $2`,
        [after, batchSize],
      );
      if (!rows.length) return { ok: true, checked, firstBroken: null };
      const { broken, lastHash } = findChainBreak(rows, prev);
      if (broken) return { ok: false, checked: checked + rows.findIndex((r: { id: string }) => r.id === broken.id), firstBroken: broken };
      checked += rows.length;
      prev = lastHash;
      after = rows[rows.length - 1].id;
    }
  }
}
