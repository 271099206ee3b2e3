import { createHash } from 'node:crypto';
import { API_KEY_NAME_MAX, apiKeyMatches, generateApiKey, hashApiKey, normaliseApiKeyName, parseApiKey } from './api-key';

describe('API key format', () => {
  it('makes opm_<12 hex>_<43 base64url> keys whose prefix parses back, and stores only their SHA-256', () => {
    const key = generateApiKey();
    expect(key.text).toMatch(/^opm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.text.startsWith(`opm_${key.prefix}_`)).toBe(true);
    expect(parseApiKey(key.text)).toEqual({ prefix: key.prefix });
    expect(key.hash).toBe(createHash('sha256').update(key.text).digest('hex'));
    expect(key.hash).not.toContain(key.text.slice(17));
  });

  it('draws the prefix and a 256-bit secret from the random source', () => {
    const bytes: number[] = [];
    const fixed = (n: number) => (bytes.push(n), Buffer.alloc(n, 0xff));
    const key = generateApiKey(fixed);
    expect(bytes).toEqual([6, 32]);
    expect(key.text).toBe(`opm_ffffffffffff_${Buffer.alloc(32, 0xff).toString('base64url')}`);
  });

  it('gives every key a different prefix and secret', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(200);
    expect(new Set(keys.map((k) => k.text)).size).toBe(200);
  });

  it('refuses anything that is not exactly a key: scheme, lengths, alphabet, whitespace, other types', () => {
    const { text } = generateApiKey();
    const secret = text.slice(17);
    for (const bad of [
      '',
      'opm_',
      text + 'x',
      text.slice(0, -1),
      ` ${text}`,
      `${text}\n`,
      `OPM_${text.slice(4)}`,
      `xyz_${text.slice(4)}`,
      `opm_ABCDEFABCDEF_${secret}`, // upper-case hex prefix
      `opm_abcdefabcde_${secret}`, // 11-character prefix
      `opm_abcdefabcdef_${secret.slice(0, 42)}+`,
      `opm_abcdefabcdef-${secret}`,
      `Bearer ${text}`,
      `${text}, ${text}`, // a header sent twice, joined by Node
    ]) {
      expect({ bad, parsed: parseApiKey(bad) }).toEqual({ bad, parsed: null });
    }
    for (const notString of [undefined, null, 42, [text], { text }]) expect(parseApiKey(notString)).toBeNull();
  });

  it('matches a key against its stored hash only when every character agrees', () => {
    const { text, hash } = generateApiKey();
    expect(apiKeyMatches(text, hash)).toBe(true);
    const flipped = text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
    expect(apiKeyMatches(flipped, hash)).toBe(false);
    expect(apiKeyMatches(text, hashApiKey(flipped))).toBe(false);
    expect(apiKeyMatches(text, 'abc')).toBe(false); // a malformed stored value never matches
  });
});

describe('API key names', () => {
  it('trims, and refuses an empty or over-long name', () => {
    expect(normaliseApiKeyName('  Open data portal  ')).toEqual({ name: 'Open data portal', problem: null });
    expect(normaliseApiKeyName('x'.repeat(API_KEY_NAME_MAX))).toEqual({ name: 'x'.repeat(100), problem: null });
    expect(normaliseApiKeyName('   ').problem).toBe('Enter a name for the key');
    expect(normaliseApiKeyName(undefined).problem).toBe('Enter a name for the key');
    expect(normaliseApiKeyName('x'.repeat(101)).problem).toBe('The name must be 100 characters or fewer');
  });
});
