import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { AuthUser, RequestMeta, auditContext, hasRole } from '@app/identity';
import { OutboxService } from '@app/queue';
import { DomainError, FieldError, Page, newId } from '@app/shared';
import { PublishRules, publishProblems } from '../domain/publish-checks';
import { RequirementAction, RequirementStatus, effectiveStatus, isEditable, transition } from '../domain/requirement-lifecycle';

export const REQUIREMENT_NOT_FOUND = 'TENDERING.REQUIREMENT_NOT_FOUND';
export const REQUIREMENT_CURRENCIES = ['GBP', 'EUR', 'USD'] as const;

export interface RequirementInput {
  title: string;
  summary: string;
  problemStatement?: string | null;
  description: string;
  lotId: string;
  categoryId?: string | null;
  location: string;
  budgetMin?: string | null;
  budgetMax?: string | null;
  currency: string;
  contractLengthMonths?: number | null;
  contractStart?: string | null;
  essentialCriteria: string[];
  niceToHaveCriteria: string[];
  technicalWeight: number;
  priceWeight: number;
  questionsCloseAt: string;
  closesAt: string;
}

export interface CriterionView {
  id: string;
  kind: 'essential' | 'nice';
  position: number;
  text: string;
}

export interface RequirementView {
  id: string;
  organisationId: string;
  buyerName: string;
  /** The stored state, except that a published requirement past its closing time shows as closed. */
  status: RequirementStatus;
  title: string;
  summary: string;
  problemStatement: string | null;
  description: string;
  lotId: string;
  lotName: string;
  categoryId: string | null;
  categoryName: string | null;
  location: string;
  budgetMin: string | null;
  budgetMax: string | null;
  currency: string;
  contractLengthMonths: number | null;
  contractStart: string | null;
  technicalWeight: number;
  priceWeight: number;
  questionsCloseAt: string;
  closesAt: string;
  publishedAt: string | null;
  closedAt: string | null;
  outcomeAt: string | null;
  outcomeReason: string | null;
  createdAt: string;
  updatedAt: string;
  criteria: CriterionView[];
}

/** The requirement row as the services lock and check it. */
export interface RequirementRow {
  id: string;
  organisationId: string;
  status: RequirementStatus;
  closesAt: Date;
  questionsCloseAt: Date;
  title: string;
  currency: string;
  technicalWeight: number;
  priceWeight: number;
  /** The database time the row was read at (clock_timestamp()). */
  dbNow: Date;
}

export interface RequirementFilter {
  lotId?: string;
  categoryId?: string;
  location?: string;
  closingAfter?: string;
  closingBefore?: string;
  /** `open` (default): live and before closing; `closed`: past closing, any outcome; `all`. */
  state?: 'open' | 'closed' | 'all';
  limit: number;
  offset: number;
}

const VIEW_COLUMNS = `
  r.id, r.organisation_id AS "organisationId", org.name AS "buyerName",
  CASE WHEN r.status = 'published' AND r.closes_at <= clock_timestamp() THEN 'closed' ELSE r.status END AS status,
  r.title, r.summary, r.problem_statement AS "problemStatement", r.description, r.lot_id AS "lotId", lot.name AS "lotName",
  r.category_id AS "categoryId", cat.name AS "categoryName", r.location, r.budget_min::text AS "budgetMin",
  r.budget_max::text AS "budgetMax", r.currency, r.contract_length_months AS "contractLengthMonths",
  to_char(r.contract_start, 'YYYY-MM-DD') AS "contractStart", r.technical_weight AS "technicalWeight", r.price_weight AS "priceWeight",
  r.questions_close_at AS "questionsCloseAt", r.closes_at AS "closesAt", r.published_at AS "publishedAt", r.closed_at AS "closedAt",
  r.outcome_at AS "outcomeAt", r.outcome_reason AS "outcomeReason", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'position', c.position, 'text', c.text)
                            ORDER BY c.kind, c.position) FROM tendering.criterion c WHERE c.requirement_id = r.id), '[]'::json) AS criteria`;
const VIEW_FROM = `
  FROM tendering.requirement r
  JOIN identity.organisation org ON org.id = r.organisation_id
  JOIN catalogue.lot lot ON lot.id = r.lot_id
  LEFT JOIN catalogue.category cat ON cat.id = r.category_id`;

/** Buyers' users: buyer admins and buyer users (evaluators only score). */
export const isBuyerStaff = (u: AuthUser | null): u is AuthUser =>
  !!u && u.organisationKind === 'buyer' && hasRole(u, 'buyer_admin', 'buyer_user');

@Injectable()
export class RequirementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly audit: AuditLogService,
    private readonly outbox: OutboxService,
  ) {}

  get rules(): PublishRules {
    return this.config.tendering;
  }

  private buyerOnly(actor: AuthUser): void {
    if (!isBuyerStaff(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only buyers post requirements.');
  }

  /** Field checks that need the database (lot, category) and cross-field ones the DTO cannot express. */
  private async checked(input: RequirementInput): Promise<RequirementInput> {
    const errors: FieldError[] = [];
    const [lot] = await this.dataSource.query(
      `SELECT l.kind, l.name, f.status AS "frameworkStatus", f.name AS "frameworkName" FROM catalogue.lot l JOIN catalogue.framework f ON f.id = l.framework_id WHERE l.id = $1`,
      [input.lotId],
    );
    if (!lot) errors.push({ field: 'lotId', message: 'Choose a lot that exists.' });
    else if (lot.kind !== 'requirements') errors.push({ field: 'lotId', message: `${lot.name} lists catalogue offerings; choose a lot that takes requirements.` });
    else if (lot.frameworkStatus !== 'live') errors.push({ field: 'lotId', message: `${lot.frameworkName} is closed to new requirements.` });
    if (input.categoryId && lot) {
      const [cat] = await this.dataSource.query(`SELECT 1 FROM catalogue.category WHERE id = $1 AND lot_id = $2`, [input.categoryId, input.lotId]);
      if (!cat) errors.push({ field: 'categoryId', message: 'Choose a category of the chosen lot.' });
    }
    if (!(REQUIREMENT_CURRENCIES as readonly string[]).includes(input.currency)) {
      errors.push({ field: 'currency', message: `Give the budget in ${REQUIREMENT_CURRENCIES.join(', ')}.` });
    }
    if (input.budgetMin != null && input.budgetMax != null && Number(input.budgetMax) < Number(input.budgetMin)) {
      errors.push({ field: 'budgetMax', message: 'The maximum budget must be at least the minimum.' });
    }
    if (input.technicalWeight + input.priceWeight !== 100) {
      errors.push({ field: 'priceWeight', message: 'The technical and price weightings must add up to 100.' });
    }
    if (Date.parse(input.questionsCloseAt) > Date.parse(input.closesAt)) {
      errors.push({ field: 'questionsCloseAt', message: 'Questions must close no later than the requirement closes.' });
    }
    const essential = input.essentialCriteria.map((c) => c.trim());
    essential.forEach((c, i) => !c && errors.push({ field: `essentialCriteria[${i}]`, message: 'A criterion cannot be empty.' }));
    input.niceToHaveCriteria.forEach((c, i) => !c.trim() && errors.push({ field: `niceToHaveCriteria[${i}]`, message: 'A criterion cannot be empty.' }));
    if (errors.length) throw DomainError.validation('TENDERING.INVALID_REQUIREMENT', errors);
    return input;
  }

  private async writeCriteria(m: EntityManager, requirementId: string, input: RequirementInput): Promise<void> {
    await m.query(`DELETE FROM tendering.criterion WHERE requirement_id = $1`, [requirementId]);
    const rows = [
      ...input.essentialCriteria.map((text, i) => ({ kind: 'essential', position: i + 1, text: text.trim() })),
      ...input.niceToHaveCriteria.map((text, i) => ({ kind: 'nice', position: i + 1, text: text.trim() })),
    ];
    if (!rows.length) return;
    await m.query(
      `INSERT INTO tendering.criterion (id, requirement_id, kind, position, text)
       SELECT gen_random_uuid(), $1, k, p, t FROM unnest($2::varchar[], $3::int[], $4::varchar[]) AS x(k, p, t)`,
      [requirementId, rows.map((r) => r.kind), rows.map((r) => r.position), rows.map((r) => r.text)],
    );
  }

  private params(input: RequirementInput): unknown[] {
    return [
      input.title.trim(), input.summary.trim(), input.problemStatement?.trim() || null, input.description.trim(), input.lotId,
      input.categoryId ?? null, input.location.trim(), input.budgetMin ?? null, input.budgetMax ?? null, input.currency,
      input.contractLengthMonths ?? null, input.contractStart ?? null, input.technicalWeight, input.priceWeight,
      input.questionsCloseAt, input.closesAt,
    ];
  }

  /** A buyer starts a draft; its creator becomes its lead. */
  async create(actor: AuthUser, input: RequirementInput, meta: RequestMeta): Promise<RequirementView> {
    this.buyerOnly(actor);
    await this.checked(input);
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO tendering.requirement (id, organisation_id, created_by, title, summary, problem_statement, description, lot_id,
            category_id, location, budget_min, budget_max, currency, contract_length_months, contract_start, technical_weight,
            price_weight, questions_close_at, closes_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
        [id, actor.organisationId, actor.userId, ...this.params(input)],
      );
      await this.writeCriteria(m, id, input);
      await m.query(`INSERT INTO tendering.assignment (requirement_id, user_id, role, assigned_by) VALUES ($1, $2, 'lead', $2)`, [id, actor.userId]);
      await this.audit.append({ action: 'tendering.requirement.created', subjectType: 'requirement', subjectId: id, data: { title: input.title.trim() } }, auditContext(actor, meta), m);
    });
    return this.view(id);
  }

  /** Edits a draft (content and criteria). Published requirements change only their closing time. */
  async update(actor: AuthUser, id: string, input: RequirementInput, meta: RequestMeta): Promise<RequirementView> {
    this.buyerOnly(actor);
    await this.checked(input);
    await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwn(m, actor, id);
      if (!isEditable(row.status)) throw DomainError.conflict('TENDERING.NOT_EDITABLE', `A ${effectiveStatus(row.status, row.closesAt, row.dbNow)} requirement cannot be edited.`);
      await m.query(
        `UPDATE tendering.requirement SET title = $2, summary = $3, problem_statement = $4, description = $5, lot_id = $6, category_id = $7,
            location = $8, budget_min = $9, budget_max = $10, currency = $11, contract_length_months = $12, contract_start = $13,
            technical_weight = $14, price_weight = $15, questions_close_at = $16, closes_at = $17, updated_at = now() WHERE id = $1`,
        [id, ...this.params(input)],
      );
      await this.writeCriteria(m, id, input);
      await this.audit.append({ action: 'tendering.requirement.updated', subjectType: 'requirement', subjectId: id }, auditContext(actor, meta), m);
    });
    return this.view(id);
  }

  /** Locks a requirement for a change; foreign or unknown ones are 404. */
  async lock(m: EntityManager, id: string, mode: 'UPDATE' | 'SHARE' = 'UPDATE'): Promise<RequirementRow | null> {
    const [row] = await m.query(
      `SELECT id, organisation_id AS "organisationId", status, closes_at AS "closesAt", questions_close_at AS "questionsCloseAt",
              title, currency, technical_weight AS "technicalWeight", price_weight AS "priceWeight", clock_timestamp() AS "dbNow"
         FROM tendering.requirement WHERE id = $1 FOR ${mode}`,
      [id],
    );
    return row ?? null;
  }

  async lockOwn(m: EntityManager, actor: AuthUser, id: string, mode: 'UPDATE' | 'SHARE' = 'UPDATE'): Promise<RequirementRow> {
    const row = await this.lock(m, id, mode);
    if (!row || row.organisationId !== actor.organisationId) throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
    return row;
  }

  /** Publishes a draft after the publish checks (every failure named), and schedules the closing job. */
  async publish(actor: AuthUser, id: string, meta: RequestMeta): Promise<RequirementView> {
    this.buyerOnly(actor);
    await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwn(m, actor, id);
      const t = transition(row.status, row.closesAt, 'publish', row.dbNow);
      if (!t.ok) throw DomainError.conflict(t.code, t.message);
      const [r] = await m.query(
        `SELECT problem_statement AS "problemStatement", budget_min::text AS "budgetMin", budget_max::text AS "budgetMax",
                ARRAY(SELECT id FROM tendering.criterion WHERE requirement_id = $1 AND kind = 'essential') AS "essentialCriteria"
           FROM tendering.requirement WHERE id = $1`,
        [id],
      );
      const problems = publishProblems({ ...r, questionsCloseAt: row.questionsCloseAt, closesAt: row.closesAt }, this.rules, row.dbNow);
      if (problems.length) throw DomainError.validation('TENDERING.PUBLISH_CHECKS_FAILED', problems, 'The requirement cannot be published yet.');
      await m.query(`UPDATE tendering.requirement SET status = 'published', published_at = clock_timestamp(), updated_at = now() WHERE id = $1`, [id]);
      await this.outbox.add(m, 'tendering.close-requirement', { v: 1, requirementId: id, runAt: row.closesAt.toISOString() });
      await this.outbox.add(m, 'tendering.notify-published', { v: 1, requirementId: id });
      await this.outbox.add(m, 'open-data.publish-release', { v: 1, releaseId: newId(), event: 'tender', requirementId: id, closesAt: row.closesAt.toISOString() });
      await this.audit.append({ action: 'tendering.requirement.publish', subjectType: 'requirement', subjectId: id, data: { closesAt: row.closesAt.toISOString() } }, auditContext(actor, meta), m);
    });
    return this.view(id);
  }

  /** withdraw (while live), cancel and mark-unsuccessful (after closing, without a contract). Audited, with the reason. */
  async act(actor: AuthUser, id: string, action: Extract<RequirementAction, 'withdraw' | 'cancel' | 'mark-unsuccessful'>, reason: string, meta: RequestMeta): Promise<RequirementView> {
    this.buyerOnly(actor);
    await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwn(m, actor, id);
      if (!hasRole(actor, 'buyer_admin') && !(await this.rolesOn(id, actor.userId, m)).includes('lead')) {
        throw DomainError.forbidden('TENDERING.NOT_LEAD', 'Only a buyer admin or the lead of this requirement can end it.');
      }
      const t = transition(row.status, row.closesAt, action, row.dbNow);
      if (!t.ok) throw DomainError.conflict(t.code, t.message);
      await m.query(
        `UPDATE tendering.requirement SET status = $2::varchar, outcome_reason = $3, updated_at = now(),
            closed_at = CASE WHEN $2::varchar = 'withdrawn' THEN closed_at ELSE coalesce(closed_at, closes_at) END,
            outcome_at = clock_timestamp() WHERE id = $1`,
        [id, t.to, reason.trim()],
      );
      if (action !== 'withdraw') await this.outbox.add(m, 'tendering.notify-outcome', { v: 1, requirementId: id });
      await this.outbox.add(m, 'open-data.publish-release', {
        v: 1,
        releaseId: newId(),
        event: action === 'mark-unsuccessful' ? 'tenderUpdate' : 'tenderCancellation',
        requirementId: id,
      });
      await this.audit.append({ action: `tendering.requirement.${action}`, subjectType: 'requirement', subjectId: id, data: { reason: reason.trim() } }, auditContext(actor, meta), m);
    });
    return this.view(id);
  }

  /**
   * Changes the closing time: buyer admins of the owning organisation only, only
   * while live (Annex IV c). Always audited, with the old and new times. A new
   * closing job is scheduled; the old one finds the requirement not yet due.
   */
  async changeClosingTime(actor: AuthUser, id: string, closesAt: string, meta: RequestMeta): Promise<RequirementView> {
    if (!isBuyerStaff(actor) || !hasRole(actor, 'buyer_admin')) {
      await this.audit.append({ action: 'tendering.requirement.closing_time_refused', subjectType: 'requirement', subjectId: id, data: { reason: 'role' } }, auditContext(actor, meta));
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only a buyer admin can change the closing time.');
    }
    let refused: DomainError | null = null;
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      // Another organisation's (or no) requirement: 404 as elsewhere, but audited like every other refusal.
      if (!row || row.organisationId !== actor.organisationId) {
        refused = DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
        return;
      }
      const current = effectiveStatus(row.status, row.closesAt, row.dbNow);
      const next = new Date(closesAt);
      if (current !== 'published') refused = DomainError.conflict('TENDERING.NOT_LIVE', `A ${current} requirement's closing time cannot be changed.`);
      else if (next.getTime() <= row.dbNow.getTime()) {
        refused = DomainError.validation('TENDERING.INVALID_CLOSING_TIME', [{ field: 'closesAt', message: 'The new closing time must be in the future.' }]);
      } else if (next.getTime() < row.closesAt.getTime() && next.getTime() - row.dbNow.getTime() < this.rules.minDaysToClose * 86_400_000) {
        // Bringing the closing time forward must still leave suppliers the time publication guarantees.
        refused = DomainError.validation('TENDERING.INVALID_CLOSING_TIME', [
          { field: 'closesAt', message: `An earlier closing time must still be at least ${this.rules.minDaysToClose} days away.` },
        ]);
      } else if (next.getTime() < row.questionsCloseAt.getTime()) {
        refused = DomainError.validation('TENDERING.INVALID_CLOSING_TIME', [{ field: 'closesAt', message: 'The closing time cannot be before the question deadline.' }]);
      }
      if (refused) return;
      await m.query(`UPDATE tendering.requirement SET closes_at = $2, updated_at = now() WHERE id = $1`, [id, next]);
      await this.outbox.add(m, 'tendering.close-requirement', { v: 1, requirementId: id, runAt: next.toISOString() });
      await this.outbox.add(m, 'open-data.publish-release', {
        v: 1,
        releaseId: newId(),
        event: 'tenderAmendment',
        requirementId: id,
        at: row.dbNow.toISOString(),
        closesAt: next.toISOString(),
      });
      await this.audit.append(
        { action: 'tendering.requirement.closing_time_changed', subjectType: 'requirement', subjectId: id, data: { from: row.closesAt.toISOString(), to: next.toISOString() } },
        auditContext(actor, meta),
        m,
      );
    });
    if (refused) {
      await this.audit.append({ action: 'tendering.requirement.closing_time_refused', subjectType: 'requirement', subjectId: id, data: { reason: (refused as DomainError).code } }, auditContext(actor, meta));
      throw refused;
    }
    return this.view(id);
  }

  /**
   * The closing job: records `closed` once the closing time has passed (by the
   * database clock). Returns false when there was nothing to do (not yet due —
   * the time was moved — or already closed or taken down).
   */
  async closeIfDue(id: string): Promise<boolean> {
    return (await this.closeOrWait(id)) === 'closed';
  }

  /**
   * As `closeIfDue`, telling apart a job that ran a little early (`early`: the
   * closing time is within a minute) from one whose closing time moved later or
   * that has nothing left to do (`nothing`).
   */
  async closeOrWait(id: string): Promise<'closed' | 'early' | 'nothing'> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      if (!row) return 'nothing';
      const t = transition(row.status, row.closesAt, 'close', row.dbNow);
      if (!t.ok) return t.code === 'TENDERING.NOT_DUE' && row.closesAt.getTime() - row.dbNow.getTime() < 60_000 ? 'early' : 'nothing';
      await m.query(`UPDATE tendering.requirement SET status = 'closed', closed_at = clock_timestamp(), updated_at = now() WHERE id = $1`, [id]);
      await this.outbox.add(m, 'tendering.notify-closed', { v: 1, requirementId: id });
      await this.audit.append({ action: 'tendering.requirement.close', subjectType: 'requirement', subjectId: id, data: { closesAt: row.closesAt.toISOString() } }, {}, m);
      return 'closed';
    });
  }

  /** Records every requirement whose closing time has passed: the sweep behind late or lost closing jobs. */
  async closeAllDue(limit = 200): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM tendering.requirement WHERE status = 'published' AND closes_at <= clock_timestamp() ORDER BY closes_at LIMIT $1`,
      [limit],
    );
    let closed = 0;
    for (const r of due) if (await this.closeIfDue(r.id)) closed++;
    return closed;
  }

  async view(id: string, m: EntityManager | DataSource = this.dataSource): Promise<RequirementView> {
    const [row] = await m.query(`SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE r.id = $1`, [id]);
    if (!row) throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
    return row;
  }

  /** Anything but a draft is public; drafts only to the buyer organisation's own users. */
  async get(actor: AuthUser | null, id: string): Promise<RequirementView> {
    const v = await this.view(id);
    if (v.status === 'draft' && actor?.organisationId !== v.organisationId) throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
    return v;
  }

  /** The public listing: never drafts; live ones by default, soonest closing first. */
  async list(filter: RequirementFilter): Promise<Page<RequirementView>> {
    const params: unknown[] = [];
    const $ = (v: unknown) => `$${params.push(v)}`;
    const where = [`r.status <> 'draft'`];
    const state = filter.state ?? 'open';
    if (state === 'open') where.push(`r.status = 'published' AND r.closes_at > clock_timestamp()`);
    if (state === 'closed') where.push(`r.status <> 'withdrawn' AND NOT (r.status = 'published' AND r.closes_at > clock_timestamp())`);
    if (filter.lotId) where.push(`r.lot_id = ${$(filter.lotId)}::uuid`);
    if (filter.categoryId) where.push(`r.category_id = ${$(filter.categoryId)}::uuid`);
    if (filter.location) where.push(`r.location ILIKE ${$('%' + filter.location.replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`);
    if (filter.closingAfter) where.push(`r.closes_at >= ${$(filter.closingAfter)}::timestamptz`);
    if (filter.closingBefore) where.push(`r.closes_at < ${$(filter.closingBefore)}::timestamptz`);
    const w = where.join(' AND ');
    const order = state === 'open' ? 'r.closes_at, r.id' : 'r.closes_at DESC, r.id';
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(`SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE ${w} ORDER BY ${order} LIMIT ${$(filter.limit)} OFFSET ${$(filter.offset)}`, params),
      this.dataSource.query(`SELECT count(*)::int AS total FROM tendering.requirement r WHERE ${w}`, params.slice(0, params.length - 2)),
    ]);
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** The buyer organisation's own requirements in every state, most recently changed first. */
  async listOwn(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<RequirementView>> {
    if (actor.organisationKind !== 'buyer') throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only buyers have requirements.');
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(`SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE r.organisation_id = $1 ORDER BY r.updated_at DESC, r.id LIMIT $2 OFFSET $3`, [
        actor.organisationId, page.limit, page.offset,
      ]),
      this.dataSource.query(`SELECT count(*)::int AS total FROM tendering.requirement WHERE organisation_id = $1`, [actor.organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** Buyer admins assign users of their own organisation as lead or evaluator. Audited. */
  async assign(actor: AuthUser, id: string, userId: string, role: 'lead' | 'evaluator', meta: RequestMeta): Promise<AssignmentView[]> {
    if (!isBuyerStaff(actor) || !hasRole(actor, 'buyer_admin')) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only a buyer admin assigns users.');
    await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwn(m, actor, id);
      if (['withdrawn', 'awarded', 'cancelled', 'unsuccessful'].includes(row.status)) {
        throw DomainError.conflict('TENDERING.NOT_ASSIGNABLE', `A ${row.status} requirement takes no new assignments.`);
      }
      const [user] = await m.query(`SELECT roles FROM identity.user_account WHERE id = $1 AND organisation_id = $2 AND status = 'active'`, [userId, actor.organisationId]);
      if (!user) throw DomainError.validation('TENDERING.INVALID_ASSIGNMENT', [{ field: 'userId', message: 'Choose an active user of your organisation.' }]);
      // Leads shortlist and award, evaluators score: both read bids, so neither may be an analyst-only user.
      const allowed = role === 'lead' ? ['buyer_admin', 'buyer_user'] : ['evaluator', 'buyer_admin', 'buyer_user'];
      if (!user.roles.some((r: string) => allowed.includes(r))) {
        throw DomainError.validation('TENDERING.INVALID_ASSIGNMENT', [{ field: 'userId', message: role === 'lead' ? 'Only buyer admins and buyer users can lead a requirement.' : 'This user cannot evaluate.' }]);
      }
      await m.query(
        `INSERT INTO tendering.assignment (requirement_id, user_id, role, assigned_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [id, userId, role, actor.userId],
      );
      await this.audit.append({ action: 'tendering.requirement.assigned', subjectType: 'requirement', subjectId: id, data: { userId, role } }, auditContext(actor, meta), m);
    });
    return this.assignments(actor, id);
  }

  async assignments(actor: AuthUser, id: string): Promise<AssignmentView[]> {
    const [r] = await this.dataSource.query(`SELECT organisation_id AS "organisationId" FROM tendering.requirement WHERE id = $1`, [id]);
    if (!r || r.organisationId !== actor.organisationId || actor.organisationKind !== 'buyer') throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
    return this.dataSource.query(
      `SELECT a.user_id AS "userId", u.full_name AS "fullName", u.email, a.role, a.assigned_at AS "assignedAt"
         FROM tendering.assignment a JOIN identity.user_account u ON u.id = a.user_id WHERE a.requirement_id = $1 ORDER BY a.role, u.full_name`,
      [id],
    );
  }

  /** The roles `userId` holds on requirement `id` (empty when not assigned). */
  async rolesOn(id: string, userId: string, m: EntityManager | DataSource = this.dataSource): Promise<('lead' | 'evaluator')[]> {
    const rows = await m.query(`SELECT role FROM tendering.assignment WHERE requirement_id = $1 AND user_id = $2`, [id, userId]);
    return rows.map((r: { role: 'lead' | 'evaluator' }) => r.role);
  }
}

export interface AssignmentView {
  userId: string;
  fullName: string;
  email: string;
  role: 'lead' | 'evaluator';
  assignedAt: string;
}
