import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { OutboxService } from '@app/queue';
import { DomainError, newId, Page } from '@app/shared';
import { passwordProblems } from '../domain/password-policy';
import { ADMIN_ROLE_BY_KIND, OrganisationKind, VerificationStatus } from '../domain/roles';
import { canChangeVerification, initialVerificationStatus } from '../domain/verification';
import { AuthUser, RequestMeta, auditContext, hasRole, isPlatformAdmin } from './auth-user';
import { PasswordHasher } from './password-hasher.service';
import { PublicSectorDomainsService } from './public-sector-domains.service';
import { ORGANISATION_COLUMNS, OrganisationView, USER_COLUMNS, UserView } from './views';

export interface RegisterOrganisationInput {
  organisation: { kind: Exclude<OrganisationKind, 'platform'>; name: string };
  admin: { fullName: string; email: string; password: string };
}

export const ORGANISATION_NOT_FOUND = 'IDENTITY.ORGANISATION_NOT_FOUND';
export const EMAIL_TAKEN = 'IDENTITY.EMAIL_TAKEN';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly domains: PublicSectorDomainsService,
    private readonly audit: AuditLogService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Registers an organisation with its first admin. A buyer on an approved
   * public-sector domain is verified at once; everyone else is pending.
   */
  async register(input: RegisterOrganisationInput, meta: RequestMeta): Promise<{ organisation: OrganisationView; admin: UserView }> {
    const email = input.admin.email.trim().toLowerCase();
    const problems = passwordProblems(input.admin.password, { email });
    if (problems.length) {
      throw DomainError.validation(
        'IDENTITY.WEAK_PASSWORD',
        problems.map((p) => ({ field: 'admin.password', message: `The password ${p}.` })),
      );
    }
    const kind = input.organisation.kind;
    const status = initialVerificationStatus(kind, email, await this.domains.list());
    const passwordHash = await this.hasher.hash(input.admin.password);
    const orgId = newId();
    const userId = newId();
    await this.dataSource.transaction(async (m) => {
      const taken = await m.query(`SELECT 1 FROM identity.user_account WHERE email = $1`, [email]);
      if (taken.length) {
        throw DomainError.validation(EMAIL_TAKEN, [{ field: 'admin.email', message: 'An account with this e-mail address already exists. Sign in instead.' }]);
      }
      await m.query(
        `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at)
         VALUES ($1, $2, $3, $4::varchar, CASE WHEN $4::varchar = 'verified' THEN now() END)`,
        [orgId, kind, input.organisation.name.trim(), status],
      );
      await m.query(
        `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [userId, orgId, email, input.admin.fullName.trim(), passwordHash, [ADMIN_ROLE_BY_KIND[kind]]],
      );
      await this.audit.append(
        {
          action: 'identity.organisation.registered',
          subjectType: 'organisation',
          subjectId: orgId,
          data: { kind, verificationStatus: status, adminUserId: userId, autoVerified: status === 'verified' },
        },
        { userId, organisationId: orgId, ip: meta.ip, requestId: meta.requestId },
        m,
      );
    });
    return { organisation: await this.view(orgId), admin: await this.userView(userId) };
  }

  private async view(id: string): Promise<OrganisationView> {
    const [row] = await this.dataSource.query(`SELECT ${ORGANISATION_COLUMNS} FROM identity.organisation WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound(ORGANISATION_NOT_FOUND, 'No such organisation.');
    return row;
  }

  private async userView(id: string): Promise<UserView> {
    const [row] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM identity.user_account WHERE id = $1`, [id]);
    return row;
  }

  /** An organisation, for its own members or a platform admin; anyone else gets 404. */
  async get(actor: AuthUser, organisationId: string): Promise<OrganisationView> {
    if (actor.organisationId !== organisationId && !isPlatformAdmin(actor)) {
      throw DomainError.notFound(ORGANISATION_NOT_FOUND, 'No such organisation.');
    }
    return this.view(organisationId);
  }

  /** Members of an organisation, for its admins or a platform admin. */
  async members(actor: AuthUser, organisationId: string, page: { limit: number; offset: number }): Promise<Page<UserView>> {
    const ownAdmin = actor.organisationId === organisationId && hasRole(actor, 'supplier_admin', 'buyer_admin', 'platform_admin');
    if (!ownAdmin && !isPlatformAdmin(actor)) {
      throw DomainError.notFound(ORGANISATION_NOT_FOUND, 'No such organisation.');
    }
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${USER_COLUMNS} FROM identity.user_account WHERE organisation_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
        [organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM identity.user_account WHERE organisation_id = $1`, [organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** The verification queue and history, for platform admins. */
  async listForAdmin(filter: { status?: VerificationStatus; kind?: OrganisationKind; limit: number; offset: number }): Promise<Page<OrganisationView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) where.push(`verification_status = $${params.push(filter.status)}`);
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${ORGANISATION_COLUMNS} FROM identity.organisation ${clause} ORDER BY created_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM identity.organisation ${clause}`, params),
    ]);
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** A platform admin verifies or rejects an organisation; audited, and its admins are told by e-mail. */
  async decide(actor: AuthUser, organisationId: string, to: 'verified' | 'rejected', reason: string | null, meta: RequestMeta): Promise<OrganisationView> {
    if (!isPlatformAdmin(actor)) throw DomainError.notFound(ORGANISATION_NOT_FOUND, 'No such organisation.');
    if (to === 'rejected' && !reason?.trim()) {
      throw DomainError.validation('IDENTITY.REASON_REQUIRED', [{ field: 'reason', message: 'Give the reason for rejecting the organisation.' }]);
    }
    await this.dataSource.transaction(async (m) => {
      const [org]: { verification_status: VerificationStatus; kind: OrganisationKind }[] = await m.query(
        `SELECT verification_status, kind FROM identity.organisation WHERE id = $1 FOR UPDATE`,
        [organisationId],
      );
      if (!org) throw DomainError.notFound(ORGANISATION_NOT_FOUND, 'No such organisation.');
      if (org.kind === 'platform') throw DomainError.conflict('IDENTITY.PLATFORM_ORGANISATION', 'The platform operator is always verified.');
      if (!canChangeVerification(org.verification_status, to)) {
        throw DomainError.conflict('IDENTITY.VERIFICATION_UNCHANGED', `The organisation is already ${org.verification_status}.`);
      }
      await m.query(
        `UPDATE identity.organisation SET verification_status = $2, verification_decided_at = now(),
           verification_decided_by = $3, rejection_reason = $4 WHERE id = $1`,
        [organisationId, to, actor.userId, to === 'rejected' ? reason!.trim() : null],
      );
      await this.audit.append(
        {
          action: `identity.organisation.${to}`,
          subjectType: 'organisation',
          subjectId: organisationId,
          data: { from: org.verification_status, to, reason: to === 'rejected' ? reason!.trim() : null },
        },
        auditContext(actor, meta),
        m,
      );
      await this.outbox.add(m, 'identity.notify-verification', { v: 1, organisationId, status: to });
    });
    return this.view(organisationId);
  }

  /** The admins of an organisation (for notifications sent by the worker). */
  async adminContacts(organisationId: string): Promise<{ organisation: OrganisationView; admins: { email: string; fullName: string }[] }> {
    const organisation = await this.view(organisationId);
    const admins = await this.dataSource.query(
      `SELECT email, full_name AS "fullName" FROM identity.user_account
        WHERE organisation_id = $1 AND status = 'active' AND roles && ARRAY['supplier_admin','buyer_admin','platform_admin']::varchar[]
        ORDER BY created_at`,
      [organisationId],
    );
    return { organisation, admins };
  }
}
