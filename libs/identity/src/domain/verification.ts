import { OrganisationKind, VerificationStatus } from './roles';

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** True when `domain` is one of `list` or a subdomain of one (`leeds.gov.uk` matches `gov.uk`). */
export function isPublicSectorDomain(domain: string, list: readonly string[]): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return list.some((entry) => {
    const e = entry.toLowerCase();
    return d === e || d.endsWith('.' + e);
  });
}

/**
 * A buyer whose admin signs up from an approved public-sector domain is
 * verified at once; every other organisation waits for a platform admin.
 */
export function initialVerificationStatus(kind: OrganisationKind, adminEmail: string, list: readonly string[]): VerificationStatus {
  return kind === 'buyer' && isPublicSectorDomain(emailDomain(adminEmail), list) ? 'verified' : 'pending';
}

/** The transitions a platform admin may make. */
export function canChangeVerification(from: VerificationStatus, to: VerificationStatus): boolean {
  if (from === to) return false;
  return to === 'verified' || to === 'rejected';
}
