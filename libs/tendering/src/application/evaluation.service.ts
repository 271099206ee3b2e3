import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { AuthUser, RequestMeta, auditContext } from '@app/identity';
import { OutboxService } from '@app/queue';
import { awardMoment } from './award-moment';
import { DomainError, FieldError, Page, newId } from '@app/shared';
import { SupplierSizeFacade } from '@app/suppliers';
import { transition } from '../domain/requirement-lifecycle';
import { BidTotal, weightedTotals } from '../domain/scoring';
import { BID_NOT_FOUND, BidsService } from './bids.service';
import { RequirementsService } from './requirements.service';

export const CONTRACT_NOT_FOUND = 'TENDERING.CONTRACT_NOT_FOUND';
export const ALREADY_AWARDED = 'TENDERING.ALREADY_AWARDED';

export interface ScoreInput {
  criterionId: string;
  score: number;
  comment?: string | null;
}

export interface AwardInput {
  bidIds: string[];
  value: string;
  startDate?: string | null;
  endDate?: string | null;
}

export interface EvaluationView {
  requirementId: string;
  technicalWeight: number;
  priceWeight: number;
  scaleMax: number;
  evaluators: { userId: string; fullName: string }[];
  criteria: { id: string; kind: string; position: number; text: string }[];
  bids: (BidTotal & { supplierName: string; sizeBand: string | null; price: string; shortlisted: boolean; scored: number })[];
  /** This user's own scores, bid id → criterion id → { score, comment }. */
  myScores: Record<string, Record<string, { score: number; comment: string | null }>>;
}

export interface ContractView {
  id: string;
  source: 'tender' | 'direct';
  organisationId: string;
  buyerName: string;
  requirementId: string | null;
  offeringId: string | null;
  title: string;
  value: string | null;
  currency: string;
  startDate: string | null;
  endDate: string | null;
  awardedOn: string;
  /** `cancelled`: the award no longer stands. */
  status: 'active' | 'cancelled';
  cancelledAt: string | null;
  cancellationReason: string | null;
  suppliers: { organisationId: string; name: string; sizeBand: string; sme: boolean; value: string | null }[];
}

const CONTRACT_COLUMNS = `
  c.id, c.source, c.organisation_id AS "organisationId", org.name AS "buyerName", c.requirement_id AS "requirementId",
  c.offering_id AS "offeringId", c.title, c.value::text AS value, c.currency, to_char(c.start_date, 'YYYY-MM-DD') AS "startDate",
  to_char(c.end_date, 'YYYY-MM-DD') AS "endDate", to_char(c.awarded_on, 'YYYY-MM-DD') AS "awardedOn",
  c.status, c.cancelled_at AS "cancelledAt", c.cancellation_reason AS "cancellationReason",
  (SELECT json_agg(json_build_object('organisationId', s.organisation_id, 'name', s.supplier_name, 'sizeBand', s.size_band,
          'sme', s.size_band IN ('micro', 'small', 'medium'), 'value', s.value::text) ORDER BY s.supplier_name)
     FROM tendering.contract_supplier s WHERE s.contract_id = c.id) AS suppliers`;

/**
 * Evaluation after closing and the award. Evaluators assigned to the
 * requirement score each submitted bid per criterion; the platform computes
 * weighted totals; the lead shortlists and awards. The award makes the
 * contract — one per requirement by a unique index — with each supplier's size
 * band at the award date copied onto it.
 */
@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly audit: AuditLogService,
    private readonly requirements: RequirementsService,
    private readonly bids: BidsService,
    private readonly suppliers: SupplierSizeFacade,
    private readonly outbox: OutboxService,
  ) {}

  private get scaleMax(): number {
    return this.config.tendering.scoreScaleMax;
  }

  /** An assigned evaluator scores one bid on some or all criteria (each 0..scale max, with an optional comment). */
  async score(actor: AuthUser, requirementId: string, bidId: string, scores: ScoreInput[], meta: RequestMeta): Promise<EvaluationView> {
    const r = await this.bids.unsealFor(actor, requirementId, `scores:${bidId}`, meta);
    const roles = await this.requirements.rolesOn(requirementId, actor.userId);
    if (!roles.includes('evaluator')) throw DomainError.forbidden('TENDERING.NOT_EVALUATOR', 'Only the evaluators assigned to this requirement score its bids.');
    if (r.status !== 'published' && r.status !== 'closed') throw DomainError.conflict('TENDERING.EVALUATION_OVER', `This requirement is ${r.status}: scores can no longer change.`);
    const errors: FieldError[] = [];
    const criteria: { id: string }[] = await this.dataSource.query(`SELECT id FROM tendering.criterion WHERE requirement_id = $1`, [requirementId]);
    const known = new Set(criteria.map((c) => c.id));
    scores.forEach((s, i) => {
      if (!known.has(s.criterionId)) errors.push({ field: `scores[${i}].criterionId`, message: 'Score only the criteria of this requirement.' });
      if (s.score > this.scaleMax) errors.push({ field: `scores[${i}].score`, message: `Scores run from 0 to ${this.scaleMax}.` });
    });
    if (errors.length) throw DomainError.validation('TENDERING.INVALID_SCORES', errors);
    await this.dataSource.transaction(async (m) => {
      await this.lockEvaluating(m, requirementId);
      const [bid] = await m.query(`SELECT 1 FROM tendering.bid WHERE id = $1 AND requirement_id = $2 AND status = 'submitted'`, [bidId, requirementId]);
      if (!bid) throw DomainError.notFound(BID_NOT_FOUND, 'No such bid.');
      for (const s of scores) {
        await m.query(
          `INSERT INTO tendering.score (bid_id, evaluator_id, criterion_id, score, comment) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (bid_id, evaluator_id, criterion_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, scored_at = now()`,
          [bidId, actor.userId, s.criterionId, s.score, s.comment?.trim() || null],
        );
      }
      await this.audit.append({ action: 'tendering.bid.scored', subjectType: 'bid', subjectId: bidId, data: { requirementId, criteria: scores.length } }, auditContext(actor, meta), m);
    });
    return this.evaluation(actor, requirementId, meta);
  }

  /** Scores and weighted totals of every submitted bid, for the requirement's assigned users. */
  async evaluation(actor: AuthUser, requirementId: string, meta: RequestMeta, m: EntityManager | DataSource = this.dataSource): Promise<EvaluationView> {
    const r = await this.bids.unsealFor(actor, requirementId, 'evaluation', meta, m);
    // One after another: they may share the caller's transaction, whose connection runs one query at a time.
    const criteria = await m.query(`SELECT id, kind, position, text FROM tendering.criterion WHERE requirement_id = $1 ORDER BY kind, position`, [requirementId]);
    const evaluators = await m.query(
      `SELECT a.user_id AS "userId", u.full_name AS "fullName" FROM tendering.assignment a JOIN identity.user_account u ON u.id = a.user_id
        WHERE a.requirement_id = $1 AND a.role = 'evaluator' ORDER BY u.full_name`,
      [requirementId],
    );
    const bids = await m.query(
      `SELECT b.id AS "bidId", b.price::text AS price, org.name AS "supplierName", b.size_band AS "sizeBand", b.shortlisted_at IS NOT NULL AS shortlisted
         FROM tendering.bid b JOIN identity.organisation org ON org.id = b.organisation_id
         JOIN tendering.bid_submission s ON s.id = b.submission_id
        WHERE b.requirement_id = $1 AND b.status = 'submitted' ORDER BY s.received_at, b.id`,
      [requirementId],
    );
    const scores = await m.query(
      `SELECT s.bid_id AS "bidId", s.evaluator_id AS "evaluatorId", s.criterion_id AS "criterionId", s.score, s.comment
         FROM tendering.score s JOIN tendering.bid b ON b.id = s.bid_id WHERE b.requirement_id = $1`,
      [requirementId],
    );
    const totals = weightedTotals(
      bids,
      scores,
      criteria.map((c: { id: string }) => c.id),
      evaluators.map((e: { userId: string }) => e.userId),
      { technicalWeight: r.technicalWeight, priceWeight: r.priceWeight },
      this.scaleMax,
    );
    // Prices, bands and scores of sealed-until-closing bids: every read is audited, like the bids themselves.
    await this.audit.append(
      { action: 'tendering.bid.read', subjectType: 'requirement', subjectId: requirementId, data: { what: 'evaluation', bidIds: bids.map((b: { bidId: string }) => b.bidId) } },
      auditContext(actor, meta),
      m instanceof DataSource ? undefined : m,
    );
    const myScores: EvaluationView['myScores'] = {};
    for (const s of scores.filter((s: { evaluatorId: string }) => s.evaluatorId === actor.userId)) {
      (myScores[s.bidId] ??= {})[s.criterionId] = { score: s.score, comment: s.comment };
    }
    return {
      requirementId,
      technicalWeight: r.technicalWeight,
      priceWeight: r.priceWeight,
      scaleMax: this.scaleMax,
      evaluators,
      criteria,
      bids: totals.map((t, i) => ({ ...t, supplierName: bids[i].supplierName, sizeBand: bids[i].sizeBand, price: bids[i].price, shortlisted: bids[i].shortlisted,
        scored: scores.filter((s: { bidId: string }) => s.bidId === t.bidId).length })),
      myScores,
    };
  }

  /**
   * Holds the requirement (FOR SHARE, so an award waits) and checks it is still being evaluated:
   * once awarded, cancelled or unsuccessful, scores and the shortlist no longer change.
   */
  private async lockEvaluating(m: EntityManager, requirementId: string): Promise<void> {
    const r = await this.requirements.lock(m, requirementId, 'SHARE');
    if (r && r.status !== 'published' && r.status !== 'closed') {
      throw DomainError.conflict('TENDERING.EVALUATION_OVER', `This requirement is ${r.status}: its evaluation can no longer change.`);
    }
  }

  private async leadOnly(actor: AuthUser, requirementId: string, what: string, meta: RequestMeta) {
    const r = await this.bids.unsealFor(actor, requirementId, what, meta);
    if (!(await this.requirements.rolesOn(requirementId, actor.userId)).includes('lead')) {
      throw DomainError.forbidden('TENDERING.NOT_LEAD', 'Only the lead of this requirement shortlists and awards.');
    }
    return r;
  }

  /** The lead marks (or unmarks) a submitted bid as shortlisted. */
  async shortlist(actor: AuthUser, requirementId: string, bidId: string, shortlisted: boolean, meta: RequestMeta): Promise<EvaluationView> {
    await this.leadOnly(actor, requirementId, `shortlist:${bidId}`, meta);
    await this.dataSource.transaction(async (m) => {
      await this.lockEvaluating(m, requirementId);
      const [, n] = await m.query(
        `UPDATE tendering.bid SET shortlisted_at = CASE WHEN $3 THEN coalesce(shortlisted_at, now()) ELSE NULL END
          WHERE id = $1 AND requirement_id = $2 AND status = 'submitted'`,
        [bidId, requirementId, shortlisted],
      );
      if (!n) throw DomainError.notFound(BID_NOT_FOUND, 'No such bid.');
      await this.audit.append({ action: shortlisted ? 'tendering.bid.shortlisted' : 'tendering.bid.unshortlisted', subjectType: 'bid', subjectId: bidId, data: { requirementId } }, auditContext(actor, meta), m);
    });
    return this.evaluation(actor, requirementId, meta);
  }

  /**
   * Awards the requirement to one or more submitted, fully scored bids: the contract,
   * its suppliers with their size band at the award date, and the requirement's new
   * state commit together. Two concurrent awards give exactly one contract (the
   * requirement row lock, and the unique index behind it).
   */
  async award(actor: AuthUser, requirementId: string, input: AwardInput, meta: RequestMeta): Promise<ContractView> {
    // The lifecycle first, on the buyer's own requirement: an award before the closing time is a refused
    // transition (409 TENDERING.NOT_CLOSED), not a refused read of sealed bids. Others' stay 404 below.
    const [own] = await this.dataSource.query(
      `SELECT status, closes_at AS "closesAt", clock_timestamp() AS "dbNow" FROM tendering.requirement WHERE id = $1 AND organisation_id = $2`,
      [requirementId, actor.organisationId],
    );
    if (own) {
      const t = transition(own.status, own.closesAt, 'award', own.dbNow);
      if (!t.ok) throw DomainError.conflict(own.status === 'awarded' ? ALREADY_AWARDED : t.code, t.message);
    }
    await this.leadOnly(actor, requirementId, 'award', meta);
    const bidIds = [...new Set(input.bidIds)];
    let contractId = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        const r = await this.requirements.lockOwn(m, actor, requirementId);
        const t = transition(r.status, r.closesAt, 'award', r.dbNow);
        if (!t.ok) throw DomainError.conflict(r.status === 'awarded' ? ALREADY_AWARDED : t.code, t.message);
        const evaluation = await this.evaluation(actor, requirementId, meta, m);
        const errors: FieldError[] = [];
        bidIds.forEach((id, i) => {
          const b = evaluation.bids.find((x) => x.bidId === id);
          if (!b) errors.push({ field: `bidIds[${i}]`, message: 'Choose a submitted bid of this requirement.' });
          else if (!b.complete) errors.push({ field: `bidIds[${i}]`, message: `Every evaluator must score ${b.supplierName}'s bid on every criterion first.` });
        });
        if (input.startDate && input.endDate && input.endDate < input.startDate) errors.push({ field: 'endDate', message: 'The contract must end after it starts.' });
        if (errors.length) throw DomainError.validation('TENDERING.INVALID_AWARD', errors);
        const { today, awardedAt } = await awardMoment(m);
        await m.query(
          `INSERT INTO tendering.contract (id, organisation_id, source, requirement_id, title, value, currency, start_date, end_date, awarded_on, awarded_by, created_at)
           VALUES ($1, $2, 'tender', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [contractId, actor.organisationId, requirementId, r.title, input.value, r.currency, input.startDate ?? null, input.endDate ?? null, today, actor.userId, awardedAt],
        );
        const awarded: { id: string; organisationId: string; name: string }[] = await m.query(
          `SELECT b.id, b.organisation_id AS "organisationId", org.name FROM tendering.bid b JOIN identity.organisation org ON org.id = b.organisation_id WHERE b.id = ANY($1::uuid[])`,
          [bidIds],
        );
        for (const b of awarded) {
          // The band in force at the award (database time), not at midnight of the award date: that would
          // miss a declaration made earlier the same day ('unknown') or give the band of the day before.
          const band = (await this.suppliers.bandAt(b.organisationId, awardedAt, m))?.band ?? 'unknown';
          await m.query(
            `INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band, bid_id, value) VALUES ($1, $2, $3, $4, $5, NULL)`,
            [contractId, b.organisationId, b.name, band, b.id],
          );
        }
        await this.outbox.add(m, 'tendering.notify-outcome', { v: 1, requirementId });
        await this.outbox.add(m, 'reporting.refresh-contract', { v: 1, contractId });
        await this.outbox.add(m, 'open-data.publish-release', { v: 1, releaseId: newId(), event: 'award', requirementId, contractId });
        await m.query(`UPDATE tendering.requirement SET status = 'awarded', outcome_at = clock_timestamp(), closed_at = coalesce(closed_at, closes_at), updated_at = now() WHERE id = $1`, [requirementId]);
        await this.audit.append(
          { action: 'tendering.requirement.award', subjectType: 'requirement', subjectId: requirementId, data: { contractId, bidIds, value: input.value, currency: r.currency } },
          auditContext(actor, meta),
          m,
        );
      });
    } catch (e) {
      if (e instanceof QueryFailedError && String(e.message).includes('contract_requirement_key')) {
        contractId = '';
        throw DomainError.conflict(ALREADY_AWARDED, 'This requirement has already been awarded.');
      }
      throw e;
    }
    return this.contract(contractId);
  }

  /**
   * A buyer admin records that an awarded contract no longer stands (rescinded, set aside by a
   * review, never signed). The award drops out of SME reporting on the next run; reports for
   * its period are restated and earlier snapshots keep the earlier figures. Audited.
   */
  async cancelContract(actor: AuthUser, contractId: string, reason: string, meta: RequestMeta): Promise<ContractView> {
    await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT status FROM tendering.contract WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [contractId, actor.organisationId]);
      if (!row || !actor.roles.includes('buyer_admin')) throw DomainError.notFound(CONTRACT_NOT_FOUND, 'No such contract.');
      if (row.status === 'cancelled') throw DomainError.conflict('TENDERING.CONTRACT_CANCELLED', 'This contract is already cancelled.');
      await m.query(
        `UPDATE tendering.contract SET status = 'cancelled', cancelled_at = clock_timestamp(), cancelled_by = $2, cancellation_reason = $3 WHERE id = $1`,
        [contractId, actor.userId, reason],
      );
      await this.outbox.add(m, 'reporting.refresh-contract', { v: 1, contractId });
      await this.outbox.add(m, 'open-data.publish-release', { v: 1, releaseId: newId(), event: 'awardCancellation', contractId });
      await this.audit.append(
        { action: 'tendering.contract.cancel', subjectType: 'contract', subjectId: contractId, data: { reason } },
        auditContext(actor, meta),
        m,
      );
    });
    return this.contract(contractId);
  }

  async contract(id: string): Promise<ContractView> {
    const [row] = await this.contractsByIds([id]);
    if (!row) throw DomainError.notFound(CONTRACT_NOT_FOUND, 'No such contract.');
    return row;
  }

  /** Several contracts in one query (in no particular order; unknown ids are left out). */
  async contractsByIds(ids: string[]): Promise<ContractView[]> {
    if (!ids.length) return [];
    return this.dataSource.query(`SELECT ${CONTRACT_COLUMNS} FROM tendering.contract c JOIN identity.organisation org ON org.id = c.organisation_id WHERE c.id = ANY($1::uuid[])`, [ids]);
  }

  /** Awarded contracts, newest first: public (product.md: awarded contracts are published). */
  async contracts(filter: { requirementId?: string; limit: number; offset: number }): Promise<Page<ContractView>> {
    const params: unknown[] = [filter.requirementId ?? null];
    const where = `($1::uuid IS NULL OR c.requirement_id = $1::uuid)`;
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${CONTRACT_COLUMNS} FROM tendering.contract c JOIN identity.organisation org ON org.id = c.organisation_id WHERE ${where}
          ORDER BY c.awarded_on DESC, c.created_at DESC, c.id LIMIT $2 OFFSET $3`,
        [...params, filter.limit, filter.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM tendering.contract c WHERE ${where}`, params),
    ]);
    return { items, total, limit: filter.limit, offset: filter.offset };
  }
}
