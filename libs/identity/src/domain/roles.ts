export const ORGANISATION_KINDS = ['supplier', 'buyer', 'platform'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const VERIFICATION_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const ROLES = [
  'supplier_admin',
  'supplier_user',
  'buyer_admin',
  'buyer_user',
  'evaluator',
  'analyst',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Which roles a user of each kind of organisation may hold. */
export const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  supplier: ['supplier_admin', 'supplier_user'],
  buyer: ['buyer_admin', 'buyer_user', 'evaluator', 'analyst'],
  platform: ['platform_admin', 'analyst'],
};

export const ADMIN_ROLE_BY_KIND: Record<OrganisationKind, Role> = {
  supplier: 'supplier_admin',
  buyer: 'buyer_admin',
  platform: 'platform_admin',
};

export function roleAllowedFor(kind: OrganisationKind, role: Role): boolean {
  return ROLES_BY_KIND[kind].includes(role);
}

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
