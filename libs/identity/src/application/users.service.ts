import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { DomainError, Page } from '@app/shared';
import { AuthUser, RequestMeta, auditContext, isPlatformAdmin } from './auth-user';
import { SessionsService } from './sessions.service';
import { USER_COLUMNS, UserView } from './views';

export const USER_NOT_FOUND = 'IDENTITY.USER_NOT_FOUND';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLogService,
  ) {}

  /** Platform admins search users across organisations. */
  async search(actor: AuthUser, filter: { q?: string; limit: number; offset: number }): Promise<Page<UserView>> {
    if (!isPlatformAdmin(actor)) throw DomainError.forbidden('AUTH.FORBIDDEN');
    const params: unknown[] = [];
    const clause = filter.q ? `WHERE email ILIKE $${params.push('%' + filter.q.replace(/[\\%_]/g, '\\$&') + '%')} OR full_name ILIKE $1` : '';
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${USER_COLUMNS} FROM identity.user_account ${clause} ORDER BY created_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM identity.user_account ${clause}`, params),
    ]);
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** A platform admin disables a user: every session and token of theirs stops working at once. */
  async disable(actor: AuthUser, userId: string, meta: RequestMeta): Promise<UserView> {
    if (!isPlatformAdmin(actor)) throw DomainError.notFound(USER_NOT_FOUND, 'No such user.');
    if (actor.userId === userId) {
      throw DomainError.conflict('IDENTITY.CANNOT_DISABLE_SELF', 'You cannot disable your own account.');
    }
    await this.dataSource.transaction(async (m) => {
      const [rows] = await m.query(
        `UPDATE identity.user_account SET status = 'disabled', disabled_at = now() WHERE id = $1 AND status = 'active' RETURNING id`,
        [userId],
      );
      if (!rows.length) {
        const exists = await m.query(`SELECT status FROM identity.user_account WHERE id = $1`, [userId]);
        if (!exists.length) throw DomainError.notFound(USER_NOT_FOUND, 'No such user.');
        throw DomainError.conflict('IDENTITY.USER_ALREADY_DISABLED', 'The user is already disabled.');
      }
      await this.sessions.revokeAllForUser(userId, 'user_disabled', m);
      await this.audit.append({ action: 'identity.user.disabled', subjectType: 'user', subjectId: userId }, auditContext(actor, meta), m);
    });
    const [view] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM identity.user_account WHERE id = $1`, [userId]);
    return view;
  }
}
