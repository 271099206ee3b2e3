import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys for third-party platforms: `opm_<prefix>_<secret>`.
 *
 * - `prefix`: 12 random lower-case hex characters (48 bits), stored in clear
 *   and unique: how a key is found, and what the web app shows to tell keys
 *   apart. It is not secret.
 * - `secret`: 32 random bytes (256 bits) as base64url (43 characters).
 *
 * Only the SHA-256 of the whole key text is stored. A slow password hash
 * (argon2) protects low-entropy secrets chosen by people against guessing; a
 * 256-bit random secret cannot be guessed, so one fast hash is enough — and it
 * keeps checking a key on every request cheap. The stored hash is compared in
 * constant time.
 */
export const API_KEY_SCHEME = 'opm';
export const API_KEY_PREFIX_LENGTH = 12;
export const API_KEY_SECRET_BYTES = 32;
export const API_KEY_NAME_MAX = 100;

/** The header a third-party platform sends its key in. */
export const API_KEY_HEADER = 'x-api-key';

const KEY_RE = new RegExp(`^${API_KEY_SCHEME}_([0-9a-f]{${API_KEY_PREFIX_LENGTH}})_([A-Za-z0-9_-]{43})$`);

export interface GeneratedApiKey {
  prefix: string;
  /** The whole key as the holder sends it: shown once, never stored. */
  text: string;
  /** SHA-256 (hex) of `text`: what is stored. */
  hash: string;
}

export function generateApiKey(random: (bytes: number) => Buffer = randomBytes): GeneratedApiKey {
  const prefix = random(API_KEY_PREFIX_LENGTH / 2).toString('hex');
  const secret = random(API_KEY_SECRET_BYTES).toString('base64url');
  const text = `${API_KEY_SCHEME}_${prefix}_${secret}`;
  return { prefix, text, hash: hashApiKey(text) };
}

/** The lookup prefix of a well-formed key, or null (anything else: wrong scheme, length, alphabet, spaces). */
export function parseApiKey(text: unknown): { prefix: string } | null {
  if (typeof text !== 'string') return null;
  const m = KEY_RE.exec(text);
  return m ? { prefix: m[1] } : null;
}

export function hashApiKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether `text` hashes to `storedHash` (hex), compared in constant time. */
export function apiKeyMatches(text: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(text), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** A key's name, trimmed, and what is wrong with it (null when it is fine). */
export function normaliseApiKeyName(name: unknown): { name: string; problem: string | null } {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed) return { name: trimmed, problem: 'Enter a name for the key' };
  if (trimmed.length > API_KEY_NAME_MAX) return { name: trimmed, problem: `The name must be ${API_KEY_NAME_MAX} characters or fewer` };
  return { name: trimmed, problem: null };
}
