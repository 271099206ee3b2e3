import { passwordProblems } from './password-policy';
import { ROLES_BY_KIND, roleAllowedFor } from './roles';
import { canChangeVerification, initialVerificationStatus, isPublicSectorDomain } from './verification';

const LIST = ['gov.uk', 'nhs.uk', 'nhs.net', 'police.uk', 'mod.uk', 'parliament.uk', 'gov.scot', 'gov.wales'];

describe('public-sector verification', () => {
  it('verifies a buyer on a listed domain or a subdomain of one at once', () => {
    expect(initialVerificationStatus('buyer', 'jo@cabinetoffice.gov.uk', LIST)).toBe('verified');
    expect(initialVerificationStatus('buyer', 'jo@NHS.NET', LIST)).toBe('verified');
    expect(initialVerificationStatus('buyer', 'jo@gov.wales', LIST)).toBe('verified');
  });

  it('keeps lookalike domains, suppliers and other buyers pending', () => {
    expect(isPublicSectorDomain('evilgov.uk', LIST)).toBe(false);
    expect(isPublicSectorDomain('gov.uk.evil.com', LIST)).toBe(false);
    expect(initialVerificationStatus('buyer', 'jo@council.example.com', LIST)).toBe('pending');
    expect(initialVerificationStatus('supplier', 'jo@digital.gov.uk', LIST)).toBe('pending');
  });

  it('allows only verify or reject, and only as a change', () => {
    expect(canChangeVerification('pending', 'verified')).toBe(true);
    expect(canChangeVerification('verified', 'rejected')).toBe(true);
    expect(canChangeVerification('verified', 'verified')).toBe(false);
    expect(canChangeVerification('rejected', 'pending')).toBe(false);
  });
});

describe('password policy', () => {
  it('accepts 8 to 128 characters of anything that is not common', () => {
    expect(passwordProblems('correct horse battery')).toEqual([]);
    expect(passwordProblems('x7#kQ9!z')).toEqual([]);
    expect(passwordProblems('é'.repeat(128))).toEqual([]);
  });

  it('refuses short, long and common passwords, and the e-mail address', () => {
    expect(passwordProblems('Ab1!xyz')).toEqual(['must be at least 8 characters']);
    expect(passwordProblems('a'.repeat(129))).toContain('must be at most 128 characters');
    expect(passwordProblems('password1')).toContain('is one of the most common passwords: choose another');
    expect(passwordProblems('Password123')[0]).toMatch(/most common/);
    expect(passwordProblems('jo@example.com', { email: 'JO@example.com' })).toContain('must not be your e-mail address');
  });
});

describe('roles', () => {
  it('keeps each kind of organisation to its own roles', () => {
    expect(roleAllowedFor('supplier', 'supplier_user')).toBe(true);
    expect(roleAllowedFor('supplier', 'buyer_admin')).toBe(false);
    expect(roleAllowedFor('buyer', 'evaluator')).toBe(true);
    expect(roleAllowedFor('buyer', 'platform_admin')).toBe(false);
    expect(ROLES_BY_KIND.platform).toContain('platform_admin');
  });
});
