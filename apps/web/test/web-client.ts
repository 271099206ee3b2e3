import request from 'supertest';

export const SESSION_COOKIE = 'opm.sid';

/** The session cookie (`opm.sid=...`) and its attributes from a response, if it set one. */
export function sessionCookieOf(res: request.Response): { pair: string; attributes: string[] } | null {
  const raw = res.headers['set-cookie'] as unknown as string[] | string | undefined;
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const c = all.find((s) => s.startsWith(`${SESSION_COOKIE}=`));
  if (!c) return null;
  const [pair, ...attributes] = c.split(';').map((s) => s.trim());
  return { pair, attributes };
}

export function csrfTokenIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/**
 * A minimal browser for supertest: keeps the session cookie between requests,
 * never follows redirects, and can fill in a form's CSRF token.
 */
export class WebClient {
  cookie: string | null = null;

  constructor(readonly baseUrl: string) {}

  private keep(res: request.Response): request.Response {
    const c = sessionCookieOf(res);
    if (c) this.cookie = c.pair;
    return res;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<request.Response> {
    let req = request(this.baseUrl).get(path).set(headers);
    if (this.cookie) req = req.set('Cookie', this.cookie);
    return this.keep(await req);
  }

  /** POSTs a form as a browser would. `csrfFrom` names a page to take the token from first. */
  async post(path: string, fields: Record<string, string | string[]>, options: { csrfFrom?: string; headers?: Record<string, string> } = {}): Promise<request.Response> {
    const body = { ...fields };
    if (options.csrfFrom) body._csrf = csrfTokenIn((await this.get(options.csrfFrom)).text);
    let req = request(this.baseUrl).post(path).type('form').set(options.headers ?? {}).send(body);
    if (this.cookie) req = req.set('Cookie', this.cookie);
    return this.keep(await req);
  }

  async signIn(email: string, password: string): Promise<request.Response> {
    const res = await this.post('/sign-in', { email, password }, { csrfFrom: '/sign-in' });
    if (res.status !== 303) throw new Error(`sign-in failed for ${email}: ${res.status}`);
    return res;
  }
}
