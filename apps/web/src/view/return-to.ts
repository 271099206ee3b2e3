/**
 * A `returnTo` target is accepted only when it is a same-site relative path
 * (`/account?x=1`), never `//host`, `/\host`, a scheme or control characters,
 * so the sign-in page cannot be used as an open redirect.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  try {
    const base = 'http://return-to.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return null;
    const path = url.pathname + url.search;
    if (path === '/sign-in' || path.startsWith('/sign-in?') || path === '/sign-out') return null;
    return path;
  } catch {
    return null;
  }
}
