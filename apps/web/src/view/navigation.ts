import { AuthUser, Role, hasRole } from '@app/identity';

export interface NavItem {
  text: string;
  href: string;
  current?: boolean;
  active?: boolean;
}

interface NavEntry {
  text: string;
  href: string;
  /** Shown to users holding any of these roles; none means every signed-in user. */
  roles?: Role[];
}

/** Navigation by role, in display order. Only pages that exist are listed. */
const SIGNED_IN_NAV: NavEntry[] = [
  { text: 'Profile', href: '/supplier/profile', roles: ['supplier_admin', 'supplier_user'] },
  { text: 'Size', href: '/supplier/size', roles: ['supplier_admin', 'supplier_user'] },
  { text: 'Offerings', href: '/supplier/offerings', roles: ['supplier_admin', 'supplier_user'] },
  { text: 'Your bids', href: '/supplier/bids', roles: ['supplier_admin', 'supplier_user'] },
  { text: 'Opportunity alerts', href: '/supplier/alerts', roles: ['supplier_admin', 'supplier_user'] },
  { text: 'Requirements', href: '/buyer/requirements', roles: ['buyer_admin', 'buyer_user', 'evaluator'] },
  { text: 'Shortlists', href: '/buyer/shortlists', roles: ['buyer_admin', 'buyer_user'] },
  { text: 'Saved searches', href: '/buyer/saved-searches', roles: ['buyer_admin', 'buyer_user'] },
  { text: 'Direct awards', href: '/buyer/direct-awards', roles: ['buyer_admin', 'buyer_user'] },
  { text: 'SME reports', href: '/reports', roles: ['analyst', 'platform_admin'] },
  { text: 'Organisation users', href: '/organisation/users', roles: ['supplier_admin', 'buyer_admin'] },
  { text: 'Verify organisations', href: '/admin/organisations', roles: ['platform_admin'] },
  { text: 'Size declarations', href: '/admin/size-declarations', roles: ['platform_admin'] },
  { text: 'Imports', href: '/admin/imports', roles: ['platform_admin'] },
  { text: 'Frameworks', href: '/admin/frameworks', roles: ['platform_admin'] },
  { text: 'Users', href: '/admin/users', roles: ['platform_admin'] },
  { text: 'Queues', href: '/admin/queues', roles: ['platform_admin'] },
  { text: 'Your account', href: '/account' },
];

/** For everyone, signed in or not, after Home. */
const PUBLIC_NAV: NavEntry[] = [
  { text: 'Catalogue', href: '/catalogue' },
  { text: 'Opportunities', href: '/opportunities' },
  { text: 'Contracts', href: '/contracts' },
  { text: 'SME share', href: '/sme-share' },
];

const ANONYMOUS_NAV: NavEntry[] = [{ text: 'Register', href: '/register' }];

function isUnder(path: string, href: string): boolean {
  return path === href || path.startsWith(href + '/');
}

export function navigationFor(user: AuthUser | null | undefined, currentPath: string): NavItem[] {
  const entries = [{ text: 'Home', href: '/' }, ...PUBLIC_NAV, ...(user ? SIGNED_IN_NAV.filter((e) => !e.roles || hasRole(user, ...e.roles)) : ANONYMOUS_NAV)];
  return entries.map(({ text, href }) => ({
    text,
    href,
    current: currentPath === href,
    active: href !== '/' && currentPath !== href && isUnder(currentPath, href),
  }));
}

const ROLE_NAMES: Record<Role, string> = {
  supplier_admin: 'Supplier administrator',
  supplier_user: 'Supplier user',
  buyer_admin: 'Buyer administrator',
  buyer_user: 'Buyer user',
  evaluator: 'Evaluator',
  analyst: 'Analyst',
  platform_admin: 'Platform administrator',
};

export function roleName(role: string): string {
  return ROLE_NAMES[role as Role] ?? role;
}

export const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  pending: { text: 'Pending verification', classes: 'govuk-tag--yellow' },
  verified: { text: 'Verified', classes: 'govuk-tag--green' },
  rejected: { text: 'Rejected', classes: 'govuk-tag--red' },
  active: { text: 'Active', classes: 'govuk-tag--green' },
  disabled: { text: 'Disabled', classes: 'govuk-tag--grey' },
};

export const KIND_NAMES: Record<string, string> = { supplier: 'Supplier', buyer: 'Buyer (public body)', platform: 'Platform operator' };
