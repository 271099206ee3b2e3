import type { OrganisationKind, Role, UserStatus, VerificationStatus } from '../domain/roles';

export interface OrganisationView {
  id: string;
  kind: OrganisationKind;
  name: string;
  verificationStatus: VerificationStatus;
  rejectionReason: string | null;
  createdAt: string;
}

export interface UserView {
  id: string;
  organisationId: string;
  email: string;
  fullName: string;
  roles: Role[];
  status: UserStatus;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface InvitationView {
  id: string;
  organisationId: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export const ORGANISATION_COLUMNS = `id, kind, name, verification_status AS "verificationStatus",
  rejection_reason AS "rejectionReason", to_json(created_at)#>>'{}' AS "createdAt"`;

export const USER_COLUMNS = `id, organisation_id AS "organisationId", email, full_name AS "fullName", roles, status,
  to_json(created_at)#>>'{}' AS "createdAt", to_json(last_sign_in_at)#>>'{}' AS "lastSignInAt"`;

export const INVITATION_COLUMNS = `id, organisation_id AS "organisationId", email, role,
  to_json(created_at)#>>'{}' AS "createdAt", to_json(expires_at)#>>'{}' AS "expiresAt", to_json(accepted_at)#>>'{}' AS "acceptedAt"`;
