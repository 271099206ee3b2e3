import { test as isCommonPassword } from 'fxa-common-password-list';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * ASVS 5.0 level 2 password rules: 8–128 characters (any characters, no
 * composition rules), not one of the most common passwords, not the e-mail
 * address. Returns the reasons it is refused, empty when accepted.
 */
export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN) problems.push(`must be at least ${PASSWORD_MIN} characters`);
  if (length > PASSWORD_MAX) problems.push(`must be at most ${PASSWORD_MAX} characters`);
  const lower = password.toLowerCase();
  if (length >= PASSWORD_MIN && isCommonPassword(lower)) {
    problems.push('is one of the most common passwords: choose another');
  }
  if (context.email && lower === context.email.toLowerCase()) problems.push('must not be your e-mail address');
  return problems;
}
