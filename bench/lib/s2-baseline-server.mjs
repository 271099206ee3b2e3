// The S2 baseline: a bare `node:http` + `pg` server answering
//   GET /api/v1/organisations/:organisationId/users?limit=&offset=
// with the same SQL, in the same order, and the same JSON as the Nest route
// (JwtAuthGuard → RolesGuard → ParseUUIDPipe + ValidationPipe(PageQueryDto) →
// OrganisationsService.members), and nothing else:
//   - the access token's payload is decoded but NOT verified (no HMAC, no exp/iss/aud check);
//   - the session lookup is the query SessionsService.resolve runs on every authenticated request;
//   - role, UUID, limit/offset and ownership checks are hand-written `if`s;
//   - the page and count queries run concurrently (Promise.all), as in the service;
//   - no rate limit, no logging, no security headers, no ETag.
// Run as a child of bench/s2-read-route.bench.mjs, in its own process like the API, so the
// load generator never shares an event loop with either server.
//
// Env: PORT, DATABASE_URL, DATABASE_POOL_SIZE, USER_COLUMNS (the column list of the user view,
// read by the bench from the compiled API so the SELECT is byte-for-byte the service's).
import pg from 'pg';
import { serveBare } from './bare-server.mjs';

const port = Number(process.env.PORT);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE || 10),
  application_name: `opm-bench-baseline-${process.pid}`,
});
const USER_COLUMNS = process.env.USER_COLUMNS;
if (!port || !USER_COLUMNS) throw new Error('PORT and USER_COLUMNS are required');

// Copied from libs/identity/src/application/sessions.service.ts (resolve). Keep in step.
const SESSION_SQL = `SELECT u.email, u.full_name, u.roles, u.organisation_id, o.kind, o.name, o.verification_status
         FROM identity.auth_session s
         JOIN identity.user_account u ON u.id = s.user_id
         JOIN identity.organisation o ON o.id = u.organisation_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`;
// As in libs/identity/src/application/organisations.service.ts (members).
const PAGE_SQL = `SELECT ${USER_COLUMNS} FROM identity.user_account WHERE organisation_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`;
const COUNT_SQL = `SELECT count(*)::int AS total FROM identity.user_account WHERE organisation_id = $1`;

const ROUTE = /^\/api\/v1\/organisations\/([^/]+)\/users$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID36 = /^[0-9a-f-]{36}$/i;
const INT = /^-?\d+$/;
const ADMIN_ROLES = ['supplier_admin', 'buyer_admin', 'platform_admin'];
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** The token's claims, without checking its signature (the bare baseline skips JWT crypto). */
function claimsOf(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  const parts = header.slice(7).split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function intParam(params, name, dflt, min, max) {
  const v = params.get(name);
  if (v === null) return dflt;
  if (!INT.test(v.trim())) return NaN;
  const n = Number(v);
  return n >= min && n <= max ? n : NaN;
}

async function handle(req, res) {
  const q = req.url.indexOf('?');
  const pathname = q < 0 ? req.url : req.url.slice(0, q);
  if (pathname === '/health') return send(res, 200, { status: 'ok' });
  const m = req.method === 'GET' ? ROUTE.exec(pathname) : null;
  if (!m) return send(res, 404, { code: 'NOT_FOUND' });

  // authentication: token claims, then the live-session lookup (one query)
  const claims = claimsOf(req.headers.authorization);
  if (!claims || typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || !ID36.test(claims.sub) || !ID36.test(claims.sid)) {
    return send(res, 401, { code: 'AUTH.UNAUTHENTICATED' });
  }
  const { rows } = await pool.query(SESSION_SQL, [claims.sid, claims.sub]);
  const user = rows[0];
  if (!user) return send(res, 401, { code: 'AUTH.UNAUTHENTICATED' });

  // roles
  if (!user.roles.some((r) => ADMIN_ROLES.includes(r))) return send(res, 403, { code: 'AUTH.ROLE_REQUIRED' });

  // path parameter and query validation (whitelist: no other query fields)
  const organisationId = decodeURIComponent(m[1]);
  if (!UUID.test(organisationId)) return send(res, 400, { code: 'REQUEST.VALIDATION_FAILED', field: 'organisationId' });
  const params = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
  for (const key of params.keys()) if (key !== 'limit' && key !== 'offset') return send(res, 400, { code: 'REQUEST.VALIDATION_FAILED', field: key });
  const limit = intParam(params, 'limit', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const offset = intParam(params, 'offset', 0, 0, 1_000_000);
  if (Number.isNaN(limit) || Number.isNaN(offset)) return send(res, 400, { code: 'REQUEST.VALIDATION_FAILED' });

  // the service: own organisation's admin or a platform admin, else 404
  const ownAdmin = user.organisation_id === organisationId && user.roles.some((r) => ADMIN_ROLES.includes(r));
  if (!ownAdmin && !user.roles.includes('platform_admin')) return send(res, 404, { code: 'IDENTITY.ORGANISATION_NOT_FOUND' });

  const [items, count] = await Promise.all([
    pool.query(PAGE_SQL, [organisationId, limit, offset]),
    pool.query(COUNT_SQL, [organisationId]),
  ]);
  return send(res, 200, { items: items.rows, total: count.rows[0].total, limit, offset });
}

// Ready once the pool is full, as the API's TypeORM connection is at boot.
await serveBare({ port, pool, handle });
