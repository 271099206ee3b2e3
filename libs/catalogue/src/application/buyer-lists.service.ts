import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, hasRole } from '@app/identity';
import { DomainError, Page, newId } from '@app/shared';
import { OFFERING_NOT_FOUND } from './offerings.service';

export const SAVED_SEARCH_NOT_FOUND = 'CATALOGUE.SAVED_SEARCH_NOT_FOUND';
export const SHORTLIST_NOT_FOUND = 'CATALOGUE.SHORTLIST_NOT_FOUND';

export interface SavedSearchView { id: string; name: string; query: Record<string, unknown>; createdBy: string; createdAt: string }
export interface ShortlistItemView {
  offeringId: string;
  offeringVersion: number;
  currentVersion: number;
  title: string;
  supplierName: string;
  supplierBand: string | null;
  status: string;
  note: string | null;
  addedAt: string;
}
export interface ShortlistView { id: string; name: string; notes: string | null; createdBy: string; createdAt: string; updatedAt: string; itemCount: number }
export interface ShortlistDetailView extends ShortlistView { items: ShortlistItemView[] }

/**
 * Buyers' saved searches and shortlists. Both belong to the buyer
 * organisation (any of its buyer users sees and edits them): a shortlist is
 * the start of a direct award, an organisation's decision, not one person's.
 */
@Injectable()
export class BuyerListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  private buyerOnly(actor: AuthUser): void {
    if (actor.organisationKind !== 'buyer' || !hasRole(actor, 'buyer_admin', 'buyer_user')) {
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only buyers keep saved searches and shortlists.');
    }
  }

  async listSearches(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<SavedSearchView>> {
    this.buyerOnly(actor);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, name, query, created_by AS "createdBy", created_at AS "createdAt" FROM catalogue.saved_search
          WHERE organisation_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [actor.organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM catalogue.saved_search WHERE organisation_id = $1`, [actor.organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** One of the organisation's saved searches (404 for another organisation's or none). */
  async getSearch(actor: AuthUser, id: string): Promise<SavedSearchView> {
    this.buyerOnly(actor);
    const [row] = await this.dataSource.query(
      `SELECT id, name, query, created_by AS "createdBy", created_at AS "createdAt" FROM catalogue.saved_search WHERE id = $1 AND organisation_id = $2`,
      [id, actor.organisationId],
    );
    if (!row) throw DomainError.notFound(SAVED_SEARCH_NOT_FOUND, 'No such saved search.');
    return row;
  }

  async saveSearch(actor: AuthUser, input: { name: string; query: Record<string, unknown> }, meta: RequestMeta): Promise<SavedSearchView> {
    this.buyerOnly(actor);
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO catalogue.saved_search (id, organisation_id, name, query, created_by) VALUES ($1, $2, $3, $4, $5)`, [
        id, actor.organisationId, input.name.trim(), input.query, actor.userId,
      ]);
      await this.audit.append({ action: 'catalogue.saved-search.created', subjectType: 'saved_search', subjectId: id, data: { name: input.name.trim() } }, auditContext(actor, meta), m);
    });
    const [row] = await this.dataSource.query(`SELECT id, name, query, created_by AS "createdBy", created_at AS "createdAt" FROM catalogue.saved_search WHERE id = $1`, [id]);
    return row;
  }

  async deleteSearch(actor: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    this.buyerOnly(actor);
    await this.dataSource.transaction(async (m) => {
      const [, n] = await m.query(`DELETE FROM catalogue.saved_search WHERE id = $1 AND organisation_id = $2`, [id, actor.organisationId]);
      if (!n) throw DomainError.notFound(SAVED_SEARCH_NOT_FOUND, 'No such saved search.');
      await this.audit.append({ action: 'catalogue.saved-search.deleted', subjectType: 'saved_search', subjectId: id, data: {} }, auditContext(actor, meta), m);
    });
  }

  async listShortlists(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<ShortlistView>> {
    this.buyerOnly(actor);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT s.id, s.name, s.notes, s.created_by AS "createdBy", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM catalogue.shortlist_item i WHERE i.shortlist_id = s.id) AS "itemCount"
           FROM catalogue.shortlist s WHERE s.organisation_id = $1 ORDER BY s.updated_at DESC, s.id LIMIT $2 OFFSET $3`,
        [actor.organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM catalogue.shortlist WHERE organisation_id = $1`, [actor.organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  async createShortlist(actor: AuthUser, input: { name: string; notes?: string | null }, meta: RequestMeta): Promise<ShortlistDetailView> {
    this.buyerOnly(actor);
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO catalogue.shortlist (id, organisation_id, name, notes, created_by) VALUES ($1, $2, $3, $4, $5)`, [
        id, actor.organisationId, input.name.trim(), input.notes?.trim() || null, actor.userId,
      ]);
      await this.audit.append({ action: 'catalogue.shortlist.created', subjectType: 'shortlist', subjectId: id, data: { name: input.name.trim() } }, auditContext(actor, meta), m);
    });
    return this.getShortlist(actor, id);
  }

  async getShortlist(actor: AuthUser, id: string): Promise<ShortlistDetailView> {
    this.buyerOnly(actor);
    const [list] = await this.dataSource.query(
      `SELECT id, name, notes, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt" FROM catalogue.shortlist
        WHERE id = $1 AND organisation_id = $2`,
      [id, actor.organisationId],
    );
    if (!list) throw DomainError.notFound(SHORTLIST_NOT_FOUND, 'No such shortlist.');
    const items: ShortlistItemView[] = await this.dataSource.query(
      `SELECT i.offering_id AS "offeringId", i.offering_version AS "offeringVersion", o.version AS "currentVersion", o.title,
              o.supplier_name AS "supplierName", o.supplier_band AS "supplierBand", o.status, i.note, i.added_at AS "addedAt"
         FROM catalogue.shortlist_item i JOIN catalogue.offering o ON o.id = i.offering_id
        WHERE i.shortlist_id = $1 ORDER BY i.added_at, i.offering_id`,
      [id],
    );
    return { ...list, itemCount: items.length, items };
  }

  async deleteShortlist(actor: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    this.buyerOnly(actor);
    await this.dataSource.transaction(async (m) => {
      const [, n] = await m.query(`DELETE FROM catalogue.shortlist WHERE id = $1 AND organisation_id = $2`, [id, actor.organisationId]);
      if (!n) throw DomainError.notFound(SHORTLIST_NOT_FOUND, 'No such shortlist.');
      await this.audit.append({ action: 'catalogue.shortlist.deleted', subjectType: 'shortlist', subjectId: id, data: {} }, auditContext(actor, meta), m);
    });
  }

  /** Adds a published offering (its current version is recorded); adding it again updates the note. */
  async addItem(actor: AuthUser, shortlistId: string, input: { offeringId: string; note?: string | null }, meta: RequestMeta): Promise<ShortlistDetailView> {
    this.buyerOnly(actor);
    await this.dataSource.transaction(async (m) => {
      const [list] = await m.query(`SELECT 1 FROM catalogue.shortlist WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [shortlistId, actor.organisationId]);
      if (!list) throw DomainError.notFound(SHORTLIST_NOT_FOUND, 'No such shortlist.');
      const [offering] = await m.query(`SELECT version FROM catalogue.offering WHERE id = $1 AND status = 'published'`, [input.offeringId]);
      if (!offering) throw DomainError.validation(OFFERING_NOT_FOUND, [{ field: 'offeringId', message: 'Choose a published offering.' }]);
      await m.query(
        `INSERT INTO catalogue.shortlist_item (shortlist_id, offering_id, offering_version, note, added_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (shortlist_id, offering_id) DO UPDATE SET note = EXCLUDED.note`,
        [shortlistId, input.offeringId, offering.version, input.note?.trim() || null, actor.userId],
      );
      await m.query(`UPDATE catalogue.shortlist SET updated_at = now() WHERE id = $1`, [shortlistId]);
      await this.audit.append(
        { action: 'catalogue.shortlist.item-added', subjectType: 'shortlist', subjectId: shortlistId, data: { offeringId: input.offeringId, version: offering.version } },
        auditContext(actor, meta),
        m,
      );
    });
    return this.getShortlist(actor, shortlistId);
  }

  async removeItem(actor: AuthUser, shortlistId: string, offeringId: string, meta: RequestMeta): Promise<ShortlistDetailView> {
    this.buyerOnly(actor);
    await this.dataSource.transaction(async (m) => {
      const [list] = await m.query(`SELECT 1 FROM catalogue.shortlist WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [shortlistId, actor.organisationId]);
      if (!list) throw DomainError.notFound(SHORTLIST_NOT_FOUND, 'No such shortlist.');
      const [, n] = await m.query(`DELETE FROM catalogue.shortlist_item WHERE shortlist_id = $1 AND offering_id = $2`, [shortlistId, offeringId]);
      if (!n) throw DomainError.notFound('CATALOGUE.SHORTLIST_ITEM_NOT_FOUND', 'That offering is not on this shortlist.');
      await m.query(`UPDATE catalogue.shortlist SET updated_at = now() WHERE id = $1`, [shortlistId]);
      await this.audit.append({ action: 'catalogue.shortlist.item-removed', subjectType: 'shortlist', subjectId: shortlistId, data: { offeringId } }, auditContext(actor, meta), m);
    });
    return this.getShortlist(actor, shortlistId);
  }
}
