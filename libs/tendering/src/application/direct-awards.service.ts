import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext } from '@app/identity';
import { OutboxService } from '@app/queue';
import { awardMoment } from './award-moment';
import { DomainError, FieldError, Page, newId } from '@app/shared';
import { SupplierSizeFacade } from '@app/suppliers';
import { ContractView, EvaluationService } from './evaluation.service';
import { isBuyerStaff } from './requirements.service';

export const DIRECT_AWARD_NOT_FOUND = 'TENDERING.DIRECT_AWARD_NOT_FOUND';

export interface DirectAwardInput {
  shortlistId?: string | null;
  savedSearchId?: string | null;
  outcome: 'awarded' | 'none_suitable';
  offeringId?: string | null;
  value?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  reason?: string | null;
}

export interface DirectAwardView {
  id: string;
  shortlistId: string | null;
  savedSearchId: string | null;
  outcome: 'awarded' | 'none_suitable';
  reason: string | null;
  decidedAt: string;
  contract: ContractView | null;
}

/**
 * Direct award from the catalogue (product.md §3): a buyer records the outcome
 * of a shortlist or saved search — awarded to a published offering, which makes
 * a contract the same way a tender award does (the supplier's size band at the
 * award copied on and frozen), or none suitable. One outcome per shortlist.
 */
@Injectable()
export class DirectAwardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly suppliers: SupplierSizeFacade,
    private readonly contracts: EvaluationService,
    private readonly outbox: OutboxService,
  ) {}

  async record(actor: AuthUser, input: DirectAwardInput, meta: RequestMeta): Promise<DirectAwardView> {
    if (!isBuyerStaff(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only buyers award contracts.');
    const errors: FieldError[] = [];
    if (!input.shortlistId === !input.savedSearchId) errors.push({ field: 'shortlistId', message: 'Give either the shortlist or the saved search the award comes from.' });
    if (input.outcome === 'awarded') {
      if (!input.offeringId) errors.push({ field: 'offeringId', message: 'Choose the offering you are awarding to.' });
      if (!input.value) errors.push({ field: 'value', message: 'State the contract value.' });
      if (input.startDate && input.endDate && input.endDate < input.startDate) errors.push({ field: 'endDate', message: 'The contract must end after it starts.' });
    } else if (!input.reason?.trim()) {
      errors.push({ field: 'reason', message: 'Say why none of the offerings was suitable.' });
    }
    if (errors.length) throw DomainError.validation('TENDERING.INVALID_DIRECT_AWARD', errors);
    const id = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        const source = input.shortlistId
          ? (await m.query(`SELECT id, name FROM catalogue.shortlist WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [input.shortlistId, actor.organisationId]))[0]
          : (await m.query(`SELECT id, name FROM catalogue.saved_search WHERE id = $1 AND organisation_id = $2`, [input.savedSearchId, actor.organisationId]))[0];
        if (!source) throw DomainError.notFound(DIRECT_AWARD_NOT_FOUND, input.shortlistId ? 'No such shortlist.' : 'No such saved search.');
        let contractId: string | null = null;
        if (input.outcome === 'awarded') {
          const [offering] = await m.query(
            `SELECT o.id, o.title, o.organisation_id AS "organisationId", o.supplier_name AS "supplierName", o.currency
               FROM catalogue.offering o WHERE o.id = $1 AND o.status = 'published'
                AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM catalogue.shortlist_item i WHERE i.shortlist_id = $2::uuid AND i.offering_id = o.id))`,
            [input.offeringId, input.shortlistId ?? null],
          );
          if (!offering) {
            throw DomainError.validation('TENDERING.INVALID_DIRECT_AWARD', [
              { field: 'offeringId', message: input.shortlistId ? 'Choose a published offering on this shortlist.' : 'Choose a published offering.' },
            ]);
          }
          const { today, awardedAt } = await awardMoment(m);
          contractId = newId();
          await m.query(
            `INSERT INTO tendering.contract (id, organisation_id, source, shortlist_id, saved_search_id, offering_id, title, value, currency, start_date, end_date, awarded_on, awarded_by, created_at)
             VALUES ($1, $2, 'direct', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            [contractId, actor.organisationId, input.shortlistId ?? null, input.savedSearchId ?? null, offering.id, offering.title, input.value, offering.currency,
              input.startDate ?? null, input.endDate ?? null, today, actor.userId, awardedAt],
          );
          const band = (await this.suppliers.bandAt(offering.organisationId, awardedAt, m))?.band ?? 'unknown';
          await m.query(`INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band, value) VALUES ($1, $2, $3, $4, $5)`, [
            contractId, offering.organisationId, offering.supplierName, band, input.value,
          ]);
          await this.outbox.add(m, 'reporting.refresh-contract', { v: 1, contractId });
          await this.outbox.add(m, 'open-data.publish-release', { v: 1, releaseId: newId(), event: 'award', contractId });
        }
        await m.query(
          `INSERT INTO tendering.direct_award (id, organisation_id, shortlist_id, saved_search_id, outcome, contract_id, reason, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, actor.organisationId, input.shortlistId ?? null, input.savedSearchId ?? null, input.outcome, contractId, input.reason?.trim() || null, actor.userId],
        );
        await this.audit.append(
          { action: 'tendering.direct_award.recorded', subjectType: 'direct_award', subjectId: id, data: { outcome: input.outcome, contractId, shortlistId: input.shortlistId ?? null, savedSearchId: input.savedSearchId ?? null } },
          auditContext(actor, meta),
          m,
        );
      });
    } catch (e) {
      if (e instanceof QueryFailedError && String(e.message).includes('direct_award_shortlist_key')) {
        throw DomainError.conflict('TENDERING.ALREADY_DECIDED', 'An outcome has already been recorded for this shortlist.');
      }
      throw e;
    }
    return this.get(actor, id);
  }

  async get(actor: AuthUser, id: string): Promise<DirectAwardView> {
    const [view] = await this.views(actor, `id = $2`, [id]);
    if (!view) throw DomainError.notFound(DIRECT_AWARD_NOT_FOUND, 'No such direct award.');
    return view;
  }

  /** The outcome recorded for one of the organisation's shortlists, or null while none is. */
  async forShortlist(actor: AuthUser, shortlistId: string): Promise<DirectAwardView | null> {
    return (await this.views(actor, `shortlist_id = $2`, [shortlistId]))[0] ?? null;
  }

  /** The buyer organisation's direct-award outcomes, newest first. */
  async list(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<DirectAwardView>> {
    if (!isBuyerStaff(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only buyers award contracts.');
    const [items, [{ total }]] = await Promise.all([
      this.views(actor, 'true', [], `ORDER BY decided_at DESC, id LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}`),
      this.dataSource.query(`SELECT count(*)::int AS total FROM tendering.direct_award WHERE organisation_id = $1`, [actor.organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** The organisation's outcomes matching `where` ($1 is the organisation), with their contracts read in one more query. */
  private async views(actor: AuthUser, where: string, params: unknown[], tail = ''): Promise<DirectAwardView[]> {
    const rows: (Omit<DirectAwardView, 'contract'> & { contractId: string | null })[] = await this.dataSource.query(
      `SELECT id, shortlist_id AS "shortlistId", saved_search_id AS "savedSearchId", outcome, reason, decided_at AS "decidedAt", contract_id AS "contractId"
         FROM tendering.direct_award WHERE organisation_id = $1 AND ${where} ${tail}`,
      [actor.organisationId, ...params],
    );
    const contracts = new Map((await this.contracts.contractsByIds(rows.flatMap((r) => (r.contractId ? [r.contractId] : [])))).map((c) => [c.id, c]));
    return rows.map(({ contractId, ...rest }) => ({ ...rest, contract: contractId ? contracts.get(contractId)! : null }));
  }
}
