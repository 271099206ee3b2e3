import type { AuditContext } from '@app/audit';
import type { OrganisationKind, Role, VerificationStatus } from '../domain/roles';

/** The signed-in user as every guard, controller and service sees it. */
export interface AuthUser {
  userId: string;
  sessionId: string;
  email: string;
  fullName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  organisationStatus: VerificationStatus;
  roles: Role[];
}

/** Where a request came from, for the audit log and rate limits. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
  userAgent?: string | null;
}

export function auditContext(actor: AuthUser | null, meta: RequestMeta): AuditContext {
  return {
    userId: actor?.userId ?? null,
    organisationId: actor?.organisationId ?? null,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

export function hasRole(user: AuthUser | null | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

export const isPlatformAdmin = (user: AuthUser | null | undefined) => hasRole(user, 'platform_admin');
