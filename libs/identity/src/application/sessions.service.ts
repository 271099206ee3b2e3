import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { newId } from '@app/shared';
import type { OrganisationKind, Role, VerificationStatus } from '../domain/roles';
import { AuthUser, RequestMeta } from './auth-user';

export type RevokeReason = 'sign_out' | 'password_change' | 'user_disabled' | 'refresh_reuse' | 'expired';

/** Signed-in sessions: created at sign-in, checked on every request, revoked on sign-out. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  async create(m: EntityManager, userId: string, channel: 'api' | 'web', ttlSeconds: number, meta: RequestMeta): Promise<string> {
    const id = newId();
    await m.query(
      `INSERT INTO identity.auth_session (id, user_id, channel, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)`,
      [id, userId, channel, ttlSeconds, meta.ip, meta.userAgent?.slice(0, 300) ?? null],
    );
    return id;
  }

  /**
   * The user behind a live session, or null when the session is revoked or
   * expired, the user disabled, or the user does not own the session.
   * One indexed query: this runs on every authenticated request.
   */
  async resolve(sessionId: string, userId: string): Promise<AuthUser | null> {
    const rows: {
      email: string;
      full_name: string;
      roles: Role[];
      organisation_id: string;
      kind: OrganisationKind;
      name: string;
      verification_status: VerificationStatus;
    }[] = await this.dataSource.query(
      `SELECT u.email, u.full_name, u.roles, u.organisation_id, o.kind, o.name, o.verification_status
         FROM identity.auth_session s
         JOIN identity.user_account u ON u.id = s.user_id
         JOIN identity.organisation o ON o.id = u.organisation_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
      [sessionId, userId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      userId,
      sessionId,
      email: r.email,
      fullName: r.full_name,
      organisationId: r.organisation_id,
      organisationKind: r.kind,
      organisationName: r.name,
      organisationStatus: r.verification_status,
      roles: r.roles,
    };
  }

  async revoke(sessionId: string, reason: RevokeReason, m: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const rows = await m.query(
      `UPDATE identity.auth_session SET revoked_at = now(), revoked_reason = $2
        WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
  }

  async revokeAllForUser(userId: string, reason: RevokeReason, m: EntityManager | DataSource = this.dataSource): Promise<void> {
    await m.query(
      `UPDATE identity.auth_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }
}
