import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, hasRole, isPlatformAdmin } from '@app/identity';
import { DomainError, FieldError, Page, money, newId } from '@app/shared';
import { SUPPLIER_NOT_FOUND, SupplierChangeListeners, SupplierSizeFacade } from '@app/suppliers';
import { OfferingAction, OfferingStatus, editMode, transition } from '../domain/offering-lifecycle';
import { FrameworksService } from './frameworks.service';

export const OFFERING_NOT_FOUND = 'CATALOGUE.OFFERING_NOT_FOUND';
export const PRICE_CURRENCIES = ['GBP', 'EUR', 'USD'] as const;

export interface OfferingPrice {
  min: string;
  max?: string | null;
  unit: string;
  interval?: string | null;
  currency: string;
}

export interface OfferingInput {
  lotId: string;
  categoryIds: string[];
  title: string;
  summary: string;
  description: string;
  features: string[];
  benefits: string[];
  price: OfferingPrice;
}

/** The content of an offering: what a version freezes (optional fields made explicit). */
export interface OfferingContent extends Omit<OfferingInput, 'price'> {
  price: { [K in keyof OfferingPrice]-?: Exclude<OfferingPrice[K], undefined> };
}

export interface OfferingView extends OfferingContent {
  id: string;
  organisationId: string;
  supplier: { organisationId: string; name: string; sizeBand: string | null; sme: boolean };
  status: OfferingStatus;
  statusReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface OfferingVersionView {
  offeringId: string;
  version: number;
  current: boolean;
  createdAt: string;
  content: OfferingContent;
}

const OFFERING_COLUMNS = `
  o.id, o.organisation_id AS "organisationId", o.lot_id AS "lotId", o.category_ids AS "categoryIds", o.title, o.summary,
  o.description, o.features, o.benefits,
  json_build_object('min', o.price_min::text, 'max', o.price_max::text, 'unit', o.price_unit, 'interval', o.price_interval, 'currency', o.currency) AS price,
  json_build_object('organisationId', o.organisation_id, 'name', o.supplier_name, 'sizeBand', o.supplier_band,
                    'sme', coalesce(o.supplier_band IN ('micro', 'small', 'medium'), false)) AS supplier,
  o.status, o.status_reason AS "statusReason", o.version, o.created_at AS "createdAt", o.updated_at AS "updatedAt", o.published_at AS "publishedAt"`;

@Injectable()
export class OfferingsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly frameworks: FrameworksService,
    private readonly suppliers: SupplierSizeFacade,
    private readonly supplierChanges: SupplierChangeListeners,
  ) {}

  /** Keeps the supplier name and band copied on offerings in step, in the transaction that changes them. */
  onModuleInit(): void {
    this.supplierChanges.register(async (change, m) => {
      if (change.displayName !== undefined) {
        await m.query(`UPDATE catalogue.offering SET supplier_name = $2 WHERE organisation_id = $1`, [change.organisationId, change.displayName]);
      }
      if (change.band !== undefined) {
        await m.query(`UPDATE catalogue.offering SET supplier_band = $2 WHERE organisation_id = $1`, [change.organisationId, change.band]);
      }
    });
  }

  private supplierOnly(actor: AuthUser): void {
    if (actor.organisationKind !== 'supplier' || !hasRole(actor, 'supplier_admin', 'supplier_user')) {
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only suppliers list offerings.');
    }
  }

  /** Checks the content against the lot and its categories; every problem named by field. */
  private async checked(input: OfferingInput): Promise<OfferingContent> {
    const errors: FieldError[] = [];
    const lot = await this.frameworks.lot(input.lotId);
    if (!lot) errors.push({ field: 'lotId', message: 'Choose a lot that exists.' });
    else if (lot.kind !== 'offerings') errors.push({ field: 'lotId', message: `${lot.name} takes requirements, not catalogue offerings.` });
    else if (lot.framework.status !== 'live') errors.push({ field: 'lotId', message: `${lot.framework.name} is closed to new offerings.` });
    const categoryIds = [...new Set(input.categoryIds)];
    if (lot) {
      const known = new Set(lot.categories.map((c) => c.id));
      categoryIds.forEach((c, i) => {
        if (!known.has(c)) errors.push({ field: `categoryIds[${i}]`, message: `Choose categories of the lot ${lot.name}.` });
      });
    }
    const p = input.price;
    if (!(PRICE_CURRENCIES as readonly string[]).includes(p.currency)) {
      errors.push({ field: 'price.currency', message: `Price offerings in ${PRICE_CURRENCIES.join(', ')}.` });
    }
    // Compared in minor units (XXX: ISO 4217 for "no currency"; both sides share one).
    if (p.max != null && money(p.max, 'XXX').minor < money(p.min, 'XXX').minor) errors.push({ field: 'price.max', message: 'The maximum price must be at least the minimum price.' });
    if (errors.length) throw DomainError.validation('CATALOGUE.INVALID_OFFERING', errors);
    const clean = (xs: string[]) => xs.map((x) => x.trim()).filter(Boolean);
    return {
      lotId: input.lotId,
      categoryIds,
      title: input.title.trim(),
      summary: input.summary.trim(),
      description: input.description.trim(),
      features: clean(input.features),
      benefits: clean(input.benefits),
      price: { min: p.min, max: p.max ?? null, unit: p.unit.trim(), interval: p.interval?.trim() || null, currency: p.currency },
    };
  }

  /** A supplier user starts a draft offering. */
  async create(actor: AuthUser, input: OfferingInput, meta: RequestMeta): Promise<OfferingView> {
    this.supplierOnly(actor);
    const c = await this.checked(input);
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      const supplier = await this.suppliers.summary(actor.organisationId, m);
      if (!supplier) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only suppliers list offerings.');
      await m.query(
        `INSERT INTO catalogue.offering (id, organisation_id, lot_id, category_ids, title, summary, description, features, benefits,
            price_min, price_max, price_unit, price_interval, currency, supplier_name, supplier_band, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [id, actor.organisationId, c.lotId, c.categoryIds, c.title, c.summary, c.description, c.features, c.benefits,
          c.price.min, c.price.max, c.price.unit, c.price.interval, c.price.currency, supplier.name, supplier.band, actor.userId],
      );
      await this.audit.append({ action: 'catalogue.offering.created', subjectType: 'offering', subjectId: id, data: { title: c.title, lotId: c.lotId } }, auditContext(actor, meta), m);
    });
    return this.view(id);
  }

  /**
   * Edits an offering. A draft changes in place; a published offering gets a
   * new version (the previous one stays readable in its history); suspended
   * and withdrawn offerings cannot be edited.
   */
  async update(actor: AuthUser, offeringId: string, input: OfferingInput, meta: RequestMeta): Promise<OfferingView> {
    this.supplierOnly(actor);
    const c = await this.checked(input);
    await this.dataSource.transaction(async (m) => {
      const row = await this.lockOwn(m, actor, offeringId);
      const mode = editMode(row.status);
      if (mode === 'refused') throw DomainError.conflict('CATALOGUE.OFFERING_NOT_EDITABLE', `A ${row.status} offering cannot be edited.`);
      const version = mode === 'new-version' ? row.version + 1 : row.version;
      await m.query(
        `UPDATE catalogue.offering SET lot_id = $2, category_ids = $3, title = $4, summary = $5, description = $6, features = $7,
            benefits = $8, price_min = $9, price_max = $10, price_unit = $11, price_interval = $12, currency = $13, version = $14,
            updated_at = now() WHERE id = $1`,
        [offeringId, c.lotId, c.categoryIds, c.title, c.summary, c.description, c.features, c.benefits, c.price.min, c.price.max,
          c.price.unit, c.price.interval, c.price.currency, version],
      );
      if (mode === 'new-version') {
        await m.query(`INSERT INTO catalogue.offering_version (offering_id, version, content, created_by) VALUES ($1, $2, $3, $4)`, [offeringId, version, c, actor.userId]);
      }
      await this.audit.append(
        { action: 'catalogue.offering.updated', subjectType: 'offering', subjectId: offeringId, data: { version, newVersion: mode === 'new-version' } },
        auditContext(actor, meta),
        m,
      );
    });
    return this.view(offeringId);
  }

  private async lockOwn(m: EntityManager, actor: AuthUser, offeringId: string): Promise<{ status: OfferingStatus; version: number; organisationId: string }> {
    const [row] = await m.query(
      `SELECT status, version, organisation_id AS "organisationId" FROM catalogue.offering WHERE id = $1 FOR UPDATE`,
      [offeringId],
    );
    if (!row || row.organisationId !== actor.organisationId) throw DomainError.notFound(OFFERING_NOT_FOUND, 'No such offering.');
    return row;
  }

  /** publish / withdraw (the supplier) and suspend / reinstate (a platform admin), as the lifecycle allows. Audited. */
  async act(actor: AuthUser, offeringId: string, action: OfferingAction, reason: string | null, meta: RequestMeta): Promise<OfferingView> {
    const by = action === 'suspend' || action === 'reinstate' ? 'platform' : 'supplier';
    if (by === 'platform' && !isPlatformAdmin(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only platform admins suspend or reinstate offerings.');
    if (by === 'supplier') this.supplierOnly(actor);
    if (action === 'suspend' && !reason?.trim()) {
      throw DomainError.validation('CATALOGUE.REASON_REQUIRED', [{ field: 'reason', message: 'Give the reason for suspending the offering.' }]);
    }
    await this.dataSource.transaction(async (m) => {
      const row =
        by === 'supplier'
          ? await this.lockOwn(m, actor, offeringId)
          : (await m.query(`SELECT status, version, organisation_id AS "organisationId" FROM catalogue.offering WHERE id = $1 FOR UPDATE`, [offeringId]))[0];
      if (!row) throw DomainError.notFound(OFFERING_NOT_FOUND, 'No such offering.');
      const t = transition(row.status, action, by);
      if (!t.ok) throw DomainError.conflict('CATALOGUE.ILLEGAL_TRANSITION', `A ${row.status} offering cannot be ${action === 'withdraw' ? 'withdrawn' : `${action}ed`}.`);
      if (action === 'publish') {
        const supplier = await this.suppliers.summary(row.organisationId, m);
        if (supplier?.verificationStatus !== 'verified') {
          throw DomainError.conflict('CATALOGUE.SUPPLIER_NOT_VERIFIED', 'Your organisation must be verified by the platform before it can publish offerings.');
        }
        await m.query(
          `INSERT INTO catalogue.offering_version (offering_id, version, content, created_by)
           SELECT id, version, json_build_object('lotId', lot_id, 'categoryIds', category_ids, 'title', title, 'summary', summary,
                    'description', description, 'features', features, 'benefits', benefits,
                    'price', json_build_object('min', price_min::text, 'max', price_max::text, 'unit', price_unit, 'interval', price_interval, 'currency', currency)),
                  $2
             FROM catalogue.offering WHERE id = $1
           ON CONFLICT (offering_id, version) DO NOTHING`,
          [offeringId, actor.userId],
        );
      }
      await m.query(
        `UPDATE catalogue.offering SET status = $2::varchar, status_reason = $3, updated_at = now(),
            published_at = CASE WHEN $2::varchar = 'published' AND published_at IS NULL THEN now() ELSE published_at END WHERE id = $1`,
        [offeringId, t.to, action === 'suspend' ? reason!.trim() : action === 'withdraw' ? reason?.trim() || null : null],
      );
      await this.audit.append(
        { action: `catalogue.offering.${action}`, subjectType: 'offering', subjectId: offeringId, data: { from: row.status, to: t.to, reason: reason?.trim() || null } },
        auditContext(actor, meta),
        m,
      );
    });
    return this.view(offeringId);
  }

  private async view(id: string): Promise<OfferingView> {
    const [row] = await this.dataSource.query(`SELECT ${OFFERING_COLUMNS} FROM catalogue.offering o WHERE o.id = $1`, [id]);
    if (!row) throw DomainError.notFound(OFFERING_NOT_FOUND, 'No such offering.');
    return row;
  }

  /** Published offerings for anyone; the rest for the supplier's own users and platform admins; otherwise 404. */
  async get(actor: AuthUser | null, id: string): Promise<OfferingView> {
    const view = await this.view(id);
    if (view.status !== 'published' && actor?.organisationId !== view.organisationId && !isPlatformAdmin(actor)) {
      throw DomainError.notFound(OFFERING_NOT_FOUND, 'No such offering.');
    }
    return view;
  }

  /** The versions of an offering, newest first, visible to whoever may see the offering. */
  async versions(actor: AuthUser | null, id: string): Promise<OfferingVersionView[]> {
    const current = await this.get(actor, id);
    return (
      await this.dataSource.query(
        `SELECT offering_id AS "offeringId", version, created_at AS "createdAt", content FROM catalogue.offering_version
          WHERE offering_id = $1 ORDER BY version DESC`,
        [id],
      )
    ).map((v: OfferingVersionView) => ({ ...v, current: v.version === current.version }));
  }

  async version(actor: AuthUser | null, id: string, version: number): Promise<OfferingVersionView> {
    const found = (await this.versions(actor, id)).find((v) => v.version === version);
    if (!found) throw DomainError.notFound('CATALOGUE.VERSION_NOT_FOUND', 'No such version of this offering.');
    return found;
  }

  /** A supplier's offerings in every state, for its own users and platform admins. */
  async listForOrganisation(actor: AuthUser, organisationId: string, filter: { status?: OfferingStatus; limit: number; offset: number }): Promise<Page<OfferingView>> {
    if ((actor.organisationId !== organisationId && !isPlatformAdmin(actor)) || !(await this.suppliers.summary(organisationId))) {
      throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    }
    const params: unknown[] = [organisationId];
    const status = filter.status ? `AND o.status = $${params.push(filter.status)}` : '';
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${OFFERING_COLUMNS} FROM catalogue.offering o WHERE o.organisation_id = $1 ${status}
          ORDER BY o.updated_at DESC, o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM catalogue.offering o WHERE o.organisation_id = $1 ${status}`, params),
    ]);
    return { items, total, limit: filter.limit, offset: filter.offset };
  }
}
