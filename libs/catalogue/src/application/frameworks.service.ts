import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, isPlatformAdmin } from '@app/identity';
import { DomainError, newId } from '@app/shared';

export interface CategoryView { id: string; slug: string; name: string }
export interface LotView { id: string; frameworkId: string; slug: string; name: string; description: string | null; kind: 'offerings' | 'requirements'; categories: CategoryView[] }
export interface FrameworkView { id: string; slug: string; name: string; description: string | null; status: 'live' | 'closed'; lots: LotView[] }

export const FRAMEWORK_NOT_FOUND = 'CATALOGUE.FRAMEWORK_NOT_FOUND';
export const LOT_NOT_FOUND = 'CATALOGUE.LOT_NOT_FOUND';

const CACHE_MS = 30_000;

/**
 * Frameworks → lots → categories, managed by platform admins. The tree is
 * small reference data read on every search; it is cached in the process for
 * 30 seconds and dropped at once when this process changes it.
 */
@Injectable()
export class FrameworksService {
  private cache: { at: number; tree: Promise<FrameworkView[]> } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  tree(): Promise<FrameworkView[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const tree = this.load();
      tree.catch(() => (this.cache = null));
      this.cache = { at: Date.now(), tree };
    }
    return this.cache.tree;
  }

  private async load(): Promise<FrameworkView[]> {
    return this.dataSource.query(
      `SELECT f.id, f.slug, f.name, f.description, f.status,
              coalesce((SELECT json_agg(json_build_object('id', l.id, 'frameworkId', l.framework_id, 'slug', l.slug, 'name', l.name,
                         'description', l.description, 'kind', l.kind,
                         'categories', coalesce((SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) ORDER BY c.name)
                                                   FROM catalogue.category c WHERE c.lot_id = l.id), '[]'::json))
                         ORDER BY l.sort_order, l.name)
                          FROM catalogue.lot l WHERE l.framework_id = f.id), '[]'::json) AS lots
         FROM catalogue.framework f ORDER BY f.created_at, f.slug`,
    );
  }

  async lot(lotId: string): Promise<(LotView & { framework: FrameworkView }) | null> {
    const find = (tree: FrameworkView[]) => {
      for (const f of tree) {
        const l = f.lots.find((x) => x.id === lotId);
        if (l) return { ...l, framework: f };
      }
      return null;
    };
    const cached = find(await this.tree());
    if (cached) return cached;
    // Not in a cached tree: it may be newer than the cache.
    this.cache = null;
    return find(await this.tree());
  }

  private adminOnly(actor: AuthUser) {
    if (!isPlatformAdmin(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only platform admins manage frameworks.');
  }

  private async write(actor: AuthUser, meta: RequestMeta, action: string, subjectType: string, id: string, data: Record<string, unknown>, sql: string, params: unknown[]): Promise<void> {
    this.adminOnly(actor);
    try {
      await this.dataSource.transaction(async (m) => {
        await m.query(sql, params);
        await this.audit.append({ action, subjectType, subjectId: id, data }, auditContext(actor, meta), m);
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw DomainError.validation('CATALOGUE.SLUG_TAKEN', [{ field: 'slug', message: 'That slug is already used here; choose another.' }]);
      }
      throw e;
    } finally {
      this.cache = null;
    }
  }

  async createFramework(actor: AuthUser, input: { slug: string; name: string; description?: string | null }, meta: RequestMeta): Promise<FrameworkView> {
    const id = newId();
    await this.write(actor, meta, 'catalogue.framework.created', 'framework', id, { slug: input.slug, name: input.name },
      `INSERT INTO catalogue.framework (id, slug, name, description) VALUES ($1, $2, $3, $4)`, [id, input.slug, input.name.trim(), input.description?.trim() || null]);
    return (await this.tree()).find((f) => f.id === id)!;
  }

  async updateFramework(actor: AuthUser, frameworkId: string, input: { name?: string; description?: string | null; status?: 'live' | 'closed' }, meta: RequestMeta): Promise<FrameworkView> {
    this.adminOnly(actor);
    const [exists] = await this.dataSource.query(`SELECT 1 FROM catalogue.framework WHERE id = $1`, [frameworkId]);
    if (!exists) throw DomainError.notFound(FRAMEWORK_NOT_FOUND, 'No such framework.');
    await this.write(actor, meta, 'catalogue.framework.updated', 'framework', frameworkId, { ...input },
      `UPDATE catalogue.framework SET name = coalesce($2, name), description = CASE WHEN $3::boolean THEN $4 ELSE description END,
         status = coalesce($5, status) WHERE id = $1`,
      [frameworkId, input.name?.trim() ?? null, input.description !== undefined, input.description?.trim() || null, input.status ?? null]);
    return (await this.tree()).find((f) => f.id === frameworkId)!;
  }

  async createLot(actor: AuthUser, frameworkId: string, input: { slug: string; name: string; description?: string | null; kind: 'offerings' | 'requirements' }, meta: RequestMeta): Promise<LotView> {
    this.adminOnly(actor);
    const [exists] = await this.dataSource.query(`SELECT 1 FROM catalogue.framework WHERE id = $1`, [frameworkId]);
    if (!exists) throw DomainError.notFound(FRAMEWORK_NOT_FOUND, 'No such framework.');
    const id = newId();
    await this.write(actor, meta, 'catalogue.lot.created', 'lot', id, { frameworkId, slug: input.slug, kind: input.kind },
      `INSERT INTO catalogue.lot (id, framework_id, slug, name, description, kind, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, (SELECT coalesce(max(sort_order), 0) + 1 FROM catalogue.lot WHERE framework_id = $2))`,
      [id, frameworkId, input.slug, input.name.trim(), input.description?.trim() || null, input.kind]);
    return (await this.lot(id))!;
  }

  async createCategory(actor: AuthUser, lotId: string, input: { slug: string; name: string }, meta: RequestMeta): Promise<CategoryView> {
    this.adminOnly(actor);
    if (!(await this.lot(lotId))) throw DomainError.notFound(LOT_NOT_FOUND, 'No such lot.');
    const id = newId();
    await this.write(actor, meta, 'catalogue.category.created', 'category', id, { lotId, slug: input.slug },
      `INSERT INTO catalogue.category (id, lot_id, slug, name) VALUES ($1, $2, $3, $4)`, [id, lotId, input.slug, input.name.trim()]);
    return (await this.lot(lotId))!.categories.find((c) => c.id === id)!;
  }
}
