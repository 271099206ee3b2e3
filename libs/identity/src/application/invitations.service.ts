import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { OutboxService } from '@app/queue';
import { DomainError, newId, Page, sha256Hex } from '@app/shared';
import { passwordProblems } from '../domain/password-policy';
import { OrganisationKind, Role, roleAllowedFor } from '../domain/roles';
import { AuthUser, RequestMeta, auditContext, hasRole, isPlatformAdmin } from './auth-user';
import { PasswordHasher } from './password-hasher.service';
import { INVITATION_COLUMNS, InvitationView, USER_COLUMNS, UserView } from './views';

export const INVITATION_INVALID = 'IDENTITY.INVITATION_INVALID';

export interface InvitationPreview {
  email: string;
  role: Role;
  organisationName: string;
  expiresAt: string;
}

/**
 * Invitations by e-mail link. The link's token is an HMAC of the invitation
 * id under the server secret, so the worker can rebuild the link from the id
 * alone (job payloads carry ids only) while the database keeps only its hash.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLogService,
    private readonly outbox: OutboxService,
  ) {}

  tokenFor(invitationId: string): string {
    return createHmac('sha256', this.config.auth.jwtSecret).update(`invitation:${invitationId}`).digest('base64url');
  }

  linkFor(invitationId: string): string {
    return `${this.config.app.publicWebUrl}/invitations/accept?token=${encodeURIComponent(this.tokenFor(invitationId))}`;
  }

  private assertOrgAdmin(actor: AuthUser, organisationId: string): void {
    const ownAdmin = actor.organisationId === organisationId && hasRole(actor, 'supplier_admin', 'buyer_admin', 'platform_admin');
    if (!ownAdmin && !isPlatformAdmin(actor)) throw DomainError.notFound('IDENTITY.ORGANISATION_NOT_FOUND', 'No such organisation.');
  }

  async invite(actor: AuthUser, organisationId: string, input: { email: string; role: Role }, meta: RequestMeta): Promise<InvitationView> {
    this.assertOrgAdmin(actor, organisationId);
    const email = input.email.trim().toLowerCase();
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      const [org]: { kind: OrganisationKind }[] = await m.query(`SELECT kind FROM identity.organisation WHERE id = $1`, [organisationId]);
      if (!org) throw DomainError.notFound('IDENTITY.ORGANISATION_NOT_FOUND', 'No such organisation.');
      if (!roleAllowedFor(org.kind, input.role)) {
        throw DomainError.validation('IDENTITY.ROLE_NOT_ALLOWED', [{ field: 'role', message: `A ${org.kind} organisation cannot have the role ${input.role}.` }]);
      }
      const taken = await m.query(`SELECT 1 FROM identity.user_account WHERE email = $1`, [email]);
      if (taken.length) {
        throw DomainError.validation('IDENTITY.EMAIL_TAKEN', [{ field: 'email', message: 'Someone already has an account with this e-mail address.' }]);
      }
      await m.query(
        `INSERT INTO identity.invitation (id, organisation_id, email, role, token_hash, invited_by_user_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))`,
        [id, organisationId, email, input.role, sha256Hex(this.tokenFor(id)), actor.userId, this.config.auth.invitationTtlHours],
      );
      await this.audit.append(
        { action: 'identity.invitation.created', subjectType: 'invitation', subjectId: id, data: { organisationId, role: input.role } },
        auditContext(actor, meta),
        m,
      );
      await this.outbox.add(m, 'identity.send-invitation', { v: 1, invitationId: id });
    });
    const [view] = await this.dataSource.query(`SELECT ${INVITATION_COLUMNS} FROM identity.invitation WHERE id = $1`, [id]);
    return view;
  }

  async list(actor: AuthUser, organisationId: string, page: { limit: number; offset: number }): Promise<Page<InvitationView>> {
    this.assertOrgAdmin(actor, organisationId);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${INVITATION_COLUMNS} FROM identity.invitation WHERE organisation_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM identity.invitation WHERE organisation_id = $1`, [organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** What an invitation link is for, shown before it is accepted. */
  async preview(token: string): Promise<InvitationPreview> {
    const [row] = await this.dataSource.query(
      `SELECT i.email, i.role, o.name AS "organisationName", to_json(i.expires_at)#>>'{}' AS "expiresAt"
         FROM identity.invitation i JOIN identity.organisation o ON o.id = i.organisation_id
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now()`,
      [sha256Hex(token)],
    );
    if (!row) throw DomainError.notFound(INVITATION_INVALID, 'This invitation link is not valid, has expired or has been used.');
    return row;
  }

  /** Creates the invited user; the link works once. */
  async accept(input: { token: string; fullName: string; password: string }, meta: RequestMeta): Promise<UserView> {
    const userId = newId();
    const hashPromise = this.hasher.hash(input.password);
    await this.dataSource.transaction(async (m) => {
      const [inv]: { id: string; organisation_id: string; email: string; role: Role }[] = await m.query(
        `SELECT id, organisation_id, email, role FROM identity.invitation
          WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now() FOR UPDATE`,
        [sha256Hex(input.token)],
      );
      if (!inv) throw DomainError.notFound(INVITATION_INVALID, 'This invitation link is not valid, has expired or has been used.');
      const problems = passwordProblems(input.password, { email: inv.email });
      if (problems.length) {
        throw DomainError.validation('IDENTITY.WEAK_PASSWORD', problems.map((p) => ({ field: 'password', message: `The password ${p}.` })));
      }
      const taken = await m.query(`SELECT 1 FROM identity.user_account WHERE email = $1`, [inv.email]);
      if (taken.length) {
        throw DomainError.conflict('IDENTITY.EMAIL_TAKEN', 'Someone already has an account with this e-mail address.');
      }
      await m.query(
        `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5, $6)`,
        [userId, inv.organisation_id, inv.email, input.fullName.trim(), await hashPromise, [inv.role]],
      );
      await m.query(`UPDATE identity.invitation SET accepted_at = now() WHERE id = $1`, [inv.id]);
      await this.audit.append(
        { action: 'identity.invitation.accepted', subjectType: 'invitation', subjectId: inv.id, data: { userId, role: inv.role } },
        { userId, organisationId: inv.organisation_id, ip: meta.ip, requestId: meta.requestId },
        m,
      );
    });
    const [view] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM identity.user_account WHERE id = $1`, [userId]);
    return view;
  }

  /** For the mail job: the recipient and link of an unaccepted invitation (null when gone or accepted). */
  async forDelivery(invitationId: string): Promise<{ email: string; role: Role; organisationName: string; link: string; expiresAt: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT i.email, i.role, o.name AS "organisationName", to_json(i.expires_at)#>>'{}' AS "expiresAt"
         FROM identity.invitation i JOIN identity.organisation o ON o.id = i.organisation_id
        WHERE i.id = $1 AND i.accepted_at IS NULL`,
      [invitationId],
    );
    return row ? { ...row, link: this.linkFor(invitationId) } : null;
  }
}
