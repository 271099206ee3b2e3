import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, hasRole, isPlatformAdmin } from '@app/identity';
import { DomainError, FieldError, Page, canonicalJson, newId, sha256Hex } from '@app/shared';
import { SupplierSizeFacade } from '@app/suppliers';
import { acceptsBids, effectiveStatus } from '../domain/requirement-lifecycle';
import { REQUIREMENT_NOT_FOUND, RequirementRow, RequirementsService } from './requirements.service';

export const BID_NOT_FOUND = 'TENDERING.BID_NOT_FOUND';
/** Stable code of a bid refused at or after the closing time (by the database clock). */
export const BIDS_CLOSED = 'TENDERING.CLOSED';
export const BIDS_SEALED = 'TENDERING.BIDS_SEALED';
export const MAX_ANSWER_LENGTH = 20_000;

export interface BidInput {
  /** Criterion id → answer. */
  answers: Record<string, string>;
  /** Decimal string in the requirement's currency. */
  price?: string | null;
}

export interface BidReceipt {
  bidId: string;
  submissionId: string;
  requirementId: string;
  /** The database time the submission was received. */
  receivedAt: string;
  /** SHA-256 of the canonical JSON of what was submitted (see `bidDigestContent`). */
  digest: string;
  sizeBand: string;
}

export interface BidView {
  id: string;
  requirementId: string;
  organisationId: string;
  supplierName: string;
  status: 'draft' | 'submitted' | 'withdrawn';
  answers: Record<string, string>;
  price: string | null;
  currency: string;
  sizeBand: string | null;
  shortlisted: boolean;
  receipt: BidReceipt | null;
  updatedAt: string;
}

/** Exactly what a submission's digest covers, so a supplier can recompute it. */
export const bidDigestContent = (b: { requirementId: string; organisationId: string; answers: Record<string, string>; price: string; currency: string }) =>
  canonicalJson({ requirementId: b.requirementId, organisationId: b.organisationId, answers: b.answers, price: b.price, currency: b.currency });

const BID_COLUMNS = `
  b.id, b.requirement_id AS "requirementId", b.organisation_id AS "organisationId", org.name AS "supplierName", b.status,
  b.answers, b.price::text AS price, r.currency, b.size_band AS "sizeBand", b.shortlisted_at IS NOT NULL AS shortlisted,
  CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('bidId', b.id, 'submissionId', s.id, 'requirementId', b.requirement_id,
       'receivedAt', to_char(s.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'digest', s.digest, 'sizeBand', s.size_band) END AS receipt,
  b.updated_at AS "updatedAt"`;
const BID_FROM = `
  FROM tendering.bid b
  JOIN tendering.requirement r ON r.id = b.requirement_id
  JOIN identity.organisation org ON org.id = b.organisation_id
  LEFT JOIN tendering.bid_submission s ON s.id = b.submission_id`;

/** The receipt trigger's refusal (the closing time passed between the service's check and the stamp) as the same 409. */
function closedByTrigger(e: unknown, message: string): unknown {
  return e instanceof QueryFailedError && String(e.message).includes(BIDS_CLOSED) ? DomainError.conflict(BIDS_CLOSED, message) : e;
}

const isSupplierStaff = (u: AuthUser) => u.organisationKind === 'supplier' && hasRole(u, 'supplier_admin', 'supplier_user');

/**
 * Bids, sealed until the closing time (EU 2014/24 Annex IV). The supplier
 * reads its own bid; nobody else reads any bid content before the closing
 * time, by the database clock, and afterwards only the users assigned to the
 * requirement in its buyer organisation. Every refused read is audited, and so
 * is every read after closing. Bid content never goes into the audit log, a
 * job payload or an error message: only ids, digests and counts.
 */
@Injectable()
export class BidsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly requirements: RequirementsService,
    private readonly suppliers: SupplierSizeFacade,
  ) {}

  private supplierOnly(actor: AuthUser): void {
    if (!isSupplierStaff(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only suppliers bid.');
  }

  /** The requirement, for a supplier: drafts do not exist for them. */
  private async lockLive(m: EntityManager, requirementId: string): Promise<RequirementRow> {
    const r = await this.requirements.lock(m, requirementId, 'SHARE');
    if (!r || r.status === 'draft') throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
    if (!acceptsBids(r.status, r.closesAt, r.dbNow)) {
      throw DomainError.conflict(BIDS_CLOSED, `This requirement is ${effectiveStatus(r.status, r.closesAt, r.dbNow)}: bids are no longer accepted.`);
    }
    return r;
  }

  private async checkAnswers(m: EntityManager, requirementId: string, input: BidInput, complete: boolean): Promise<void> {
    const criteria: { id: string; kind: string; position: number }[] = await m.query(
      `SELECT id, kind, position FROM tendering.criterion WHERE requirement_id = $1 ORDER BY kind, position`,
      [requirementId],
    );
    const known = new Set(criteria.map((c) => c.id));
    const errors: FieldError[] = [];
    for (const [key, value] of Object.entries(input.answers)) {
      if (!known.has(key)) errors.push({ field: `answers.${key}`, message: 'Answer only the criteria of this requirement.' });
      else if (typeof value !== 'string') errors.push({ field: `answers.${key}`, message: 'An answer must be text.' });
      else if (value.length > MAX_ANSWER_LENGTH) errors.push({ field: `answers.${key}`, message: `An answer can be at most ${MAX_ANSWER_LENGTH.toLocaleString('en-GB')} characters.` });
    }
    if (complete) {
      for (const c of criteria.filter((c) => c.kind === 'essential')) {
        if (!input.answers[c.id]?.trim()) errors.push({ field: `answers.${c.id}`, message: `Answer essential criterion ${c.position}.` });
      }
      if (input.price == null) errors.push({ field: 'price', message: 'State your price.' });
    }
    if (errors.length) throw DomainError.validation('TENDERING.INVALID_BID', errors);
  }

  /** Saves the supplier's draft (a withdrawn bid becomes a draft again). A submitted bid must be withdrawn first. */
  async save(actor: AuthUser, requirementId: string, input: BidInput, meta: RequestMeta): Promise<BidView> {
    this.supplierOnly(actor);
    await this.dataSource.transaction(async (m) => {
      await this.lockLive(m, requirementId);
      await this.saveIn(m, actor, requirementId, input);
      await this.audit.append({ action: 'tendering.bid.saved', subjectType: 'requirement', subjectId: requirementId }, auditContext(actor, meta), m);
    });
    return this.own(actor, requirementId);
  }

  /** Writes the draft in the caller's transaction (the requirement already locked and live). */
  private async saveIn(m: EntityManager, actor: AuthUser, requirementId: string, input: BidInput): Promise<void> {
    await this.checkAnswers(m, requirementId, input, false);
    // One statement, so two saves at once (a double click) cannot both insert: the second updates.
    const saved = await m.query(
      `INSERT INTO tendering.bid (id, requirement_id, organisation_id, answers, price, created_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT ON CONSTRAINT bid_supplier_key DO UPDATE SET answers = EXCLUDED.answers, price = EXCLUDED.price, status = 'draft', updated_at = now()
        WHERE tendering.bid.status <> 'submitted'
       RETURNING id`,
      [newId(), requirementId, actor.organisationId, JSON.stringify(input.answers), input.price ?? null, actor.userId],
    );
    if (!saved.length) throw DomainError.conflict('TENDERING.BID_SUBMITTED', 'Your bid is submitted: withdraw it before changing it.');
  }

  /**
   * Submits the saved bid (or `input`, saved first in the same transaction) and returns its receipt: the database time of receipt and the
   * SHA-256 digest of the content. Refused at or after the closing time by the database
   * clock — checked here and again by the receipt table's trigger in the same statement
   * that stamps the time — whatever the closing job did.
   */
  async submit(actor: AuthUser, requirementId: string, meta: RequestMeta, input?: BidInput): Promise<BidReceipt> {
    this.supplierOnly(actor);
    if (actor.organisationStatus !== 'verified') {
      throw DomainError.forbidden('TENDERING.SUPPLIER_NOT_VERIFIED', 'Your organisation must be verified before it can submit bids.');
    }
    try {
      return await this.dataSource.transaction(async (m) => {
        const r = await this.lockLive(m, requirementId);
        // Given content (the web form's "Submit"), it is saved in this same transaction: a refused submission saves nothing.
        if (input) await this.saveIn(m, actor, requirementId, input);
        const [bid] = await m.query(
          `SELECT id, status, answers, price::text AS price FROM tendering.bid WHERE requirement_id = $1 AND organisation_id = $2 FOR UPDATE`,
          [requirementId, actor.organisationId],
        );
        if (!bid) throw DomainError.conflict('TENDERING.NO_BID', 'Save your bid before submitting it.');
        if (bid.status === 'submitted') throw DomainError.conflict('TENDERING.BID_SUBMITTED', 'Your bid is already submitted.');
        await this.checkAnswers(m, requirementId, { answers: bid.answers, price: bid.price }, true);
        const digest = sha256Hex(bidDigestContent({ requirementId, organisationId: actor.organisationId, answers: bid.answers, price: bid.price, currency: r.currency }));
        const band = (await this.suppliers.bandAt(actor.organisationId, r.dbNow, m))?.band ?? 'unknown';
        const submissionId = newId();
        const [s] = await m.query(
          `INSERT INTO tendering.bid_submission (id, bid_id, requirement_id, digest, size_band, submitted_by) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "receivedAt"`,
          [submissionId, bid.id, requirementId, digest, band, actor.userId],
        );
        await m.query(`UPDATE tendering.bid SET status = 'submitted', submission_id = $2, size_band = $3, updated_at = now() WHERE id = $1`, [bid.id, submissionId, band]);
        await this.audit.append(
          { action: 'tendering.bid.submitted', subjectType: 'bid', subjectId: bid.id, data: { requirementId, submissionId, digest, receivedAt: s.receivedAt } },
          auditContext(actor, meta),
          m,
        );
        return { bidId: bid.id, submissionId, requirementId, receivedAt: s.receivedAt, digest, sizeBand: band };
      });
    } catch (e) {
      throw closedByTrigger(e, 'The requirement closed before your bid was received: it was not accepted.');
    }
  }

  /** Withdraws the submitted bid while the requirement is live; it may be changed and resubmitted. */
  async withdraw(actor: AuthUser, requirementId: string, meta: RequestMeta): Promise<BidView> {
    this.supplierOnly(actor);
    try {
      await this.dataSource.transaction(async (m) => {
        await this.lockLive(m, requirementId);
        const [bid] = await m.query(`SELECT id, status, submission_id AS "submissionId" FROM tendering.bid WHERE requirement_id = $1 AND organisation_id = $2 FOR UPDATE`, [
          requirementId, actor.organisationId,
        ]);
        if (!bid || bid.status !== 'submitted') throw DomainError.conflict('TENDERING.BID_NOT_SUBMITTED', 'You have no submitted bid to withdraw.');
        await m.query(`UPDATE tendering.bid_submission SET withdrawn_at = clock_timestamp() WHERE id = $1`, [bid.submissionId]);
        await m.query(`UPDATE tendering.bid SET status = 'withdrawn', submission_id = NULL, updated_at = now() WHERE id = $1`, [bid.id]);
        await this.audit.append({ action: 'tendering.bid.withdrawn', subjectType: 'bid', subjectId: bid.id, data: { requirementId, submissionId: bid.submissionId } }, auditContext(actor, meta), m);
      });
    } catch (e) {
      throw closedByTrigger(e, 'The requirement closed before your withdrawal was received: your bid stands as submitted.');
    }
    return this.own(actor, requirementId);
  }

  /** The supplier's own bid with its receipt (404 when it has none). */
  async own(actor: AuthUser, requirementId: string): Promise<BidView> {
    this.supplierOnly(actor);
    const [row] = await this.dataSource.query(`SELECT ${BID_COLUMNS} ${BID_FROM} WHERE b.requirement_id = $1 AND b.organisation_id = $2 AND r.status <> 'draft'`, [
      requirementId, actor.organisationId,
    ]);
    if (!row) throw DomainError.notFound(BID_NOT_FOUND, 'You have no bid on this requirement.');
    return row;
  }

  /** The supplier organisation's own bids on every requirement, most recently changed first, with the requirement's title and state. */
  async listOwn(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<BidView & { requirementTitle: string; requirementStatus: string; closesAt: string }>> {
    this.supplierOnly(actor);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${BID_COLUMNS}, r.title AS "requirementTitle", r.closes_at AS "closesAt",
                CASE WHEN r.status = 'published' AND r.closes_at <= clock_timestamp() THEN 'closed' ELSE r.status END AS "requirementStatus"
           ${BID_FROM} WHERE b.organisation_id = $1 AND r.status <> 'draft' ORDER BY b.updated_at DESC, b.id LIMIT $2 OFFSET $3`,
        [actor.organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM tendering.bid WHERE organisation_id = $1`, [actor.organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /**
   * The gate in front of every read of others' bids: passes only after the closing time
   * (database clock) for users assigned to the requirement in its buyer organisation.
   * Every refusal is audited with who, what and why — never any content.
   */
  async unsealFor(actor: AuthUser, requirementId: string, what: string, meta: RequestMeta, m: EntityManager | DataSource = this.dataSource): Promise<RequirementRow> {
    const read = async (): Promise<(RequirementRow & { pastClosing: boolean }) | undefined> =>
      (
        await m.query(
          `SELECT id, organisation_id AS "organisationId", status, closes_at AS "closesAt", questions_close_at AS "questionsCloseAt", title,
                  currency, technical_weight AS "technicalWeight", price_weight AS "priceWeight", clock_timestamp() AS "dbNow",
                  clock_timestamp() >= closes_at AS "pastClosing"
             FROM tendering.requirement WHERE id = $1`,
          [requirementId],
        )
      )[0];
    let r = await read();
    const refuse = async (reason: string, error: DomainError): Promise<never> => {
      await this.audit.append(
        { action: 'tendering.bid.read_refused', subjectType: 'requirement', subjectId: requirementId, data: { what, reason, roles: actor.roles, platformAdmin: isPlatformAdmin(actor) } },
        auditContext(actor, meta),
      );
      throw error;
    };
    if (!r || (r.status === 'draft' && r.organisationId !== actor.organisationId)) return refuse('not_found', DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.'));
    // By the database clock (to the microsecond), never the Node one.
    if (r.status === 'draft' || r.status === 'withdrawn' || !r.pastClosing) {
      return refuse('sealed', DomainError.forbidden(BIDS_SEALED, 'Bids are sealed until the closing time.'));
    }
    const assigned = r.organisationId === actor.organisationId ? await this.requirements.rolesOn(requirementId, actor.userId, m) : [];
    // Analysts never read bid content, even if assigned or since demoted: only buyer staff and evaluators.
    if (!assigned.length || !hasRole(actor, 'buyer_admin', 'buyer_user', 'evaluator')) {
      return refuse('not_assigned', DomainError.notFound(BID_NOT_FOUND, 'Only the users assigned to this requirement read its bids.'));
    }
    if (r.status === 'published' && m === this.dataSource) {
      // First read after the closing time: record the close, whose row lock waits for every submission or
      // withdrawal still in flight (they hold the requirement FOR SHARE), so what is read next is final.
      await this.requirements.closeIfDue(requirementId);
      r = (await read())!;
    }
    return r;
  }

  /** Submitted bids of a closed requirement, for its assigned users. Audited. */
  async list(actor: AuthUser, requirementId: string, meta: RequestMeta): Promise<BidView[]> {
    await this.unsealFor(actor, requirementId, 'bids', meta);
    const rows: BidView[] = await this.dataSource.query(`SELECT ${BID_COLUMNS} ${BID_FROM} WHERE b.requirement_id = $1 AND b.status = 'submitted' ORDER BY s.received_at, b.id`, [requirementId]);
    await this.audit.append({ action: 'tendering.bid.read', subjectType: 'requirement', subjectId: requirementId, data: { bidIds: rows.map((b) => b.id) } }, auditContext(actor, meta));
    return rows;
  }

  async get(actor: AuthUser, requirementId: string, bidId: string, meta: RequestMeta): Promise<BidView> {
    await this.unsealFor(actor, requirementId, `bid:${bidId}`, meta);
    const [row] = await this.dataSource.query(`SELECT ${BID_COLUMNS} ${BID_FROM} WHERE b.requirement_id = $1 AND b.id = $2 AND b.status = 'submitted'`, [requirementId, bidId]);
    if (!row) throw DomainError.notFound(BID_NOT_FOUND, 'No such bid.');
    await this.audit.append({ action: 'tendering.bid.read', subjectType: 'bid', subjectId: bidId, data: { requirementId } }, auditContext(actor, meta));
    return row;
  }

  /**
   * How many bids were submitted, by size band: public once the closing time has passed
   * (OCDS publishes bid statistics), refused before it.
   */
  async counts(requirementId: string): Promise<{ requirementId: string; total: number; bySizeBand: Record<string, number>; sme: number }> {
    const [r] = await this.dataSource.query(
      `SELECT status, clock_timestamp() >= closes_at AS "pastClosing" FROM tendering.requirement WHERE id = $1`,
      [requirementId],
    );
    if (!r || r.status === 'draft' || r.status === 'withdrawn') throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
    if (!r.pastClosing) throw DomainError.forbidden(BIDS_SEALED, 'Bid counts are shown after the closing time.');
    // Final counts: recording the close waits for submissions still in flight.
    if (r.status === 'published') await this.requirements.closeIfDue(requirementId);
    const rows: { band: string; n: number }[] = await this.dataSource.query(
      `SELECT coalesce(size_band, 'unknown') AS band, count(*)::int AS n FROM tendering.bid WHERE requirement_id = $1 AND status = 'submitted' GROUP BY 1`,
      [requirementId],
    );
    const bySizeBand = Object.fromEntries(rows.map((x) => [x.band, x.n]));
    return {
      requirementId,
      total: rows.reduce((s, x) => s + x.n, 0),
      bySizeBand,
      sme: rows.filter((x) => ['micro', 'small', 'medium'].includes(x.band)).reduce((s, x) => s + x.n, 0),
    };
  }
}
