import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { ROLES, Role } from '@app/identity';
import {
  ApiRoute,
  ApiTestApp,
  Blueprint,
  FixtureCall,
  ForeignOrganisation,
  MATRIX_UPLOAD,
  MatrixActor,
  MatrixWorld,
  OpenApiDocument,
  PARAM_FIXTURES,
  ROUTE_POLICIES,
  SchemaObject,
  TestContext,
  bodyBlueprint,
  createApiTestApp,
  createTestContext,
  routesAndDocument,
  ensureListening,
  homeKindOf,
  materialise,
  routeKey,
} from '@app/testing';

/**
 * Fuzz test (docs/quality.md, Safety: "Bad input gets a clear
 * application/problem+json error naming the field, and changes nothing").
 *
 * Every write route of the running app (read from its route table, as the
 * access matrix does) gets FUZZ_RUNS generated INVALID requests, sent by a
 * role the route permits acting on its own organisation's objects (the
 * matrix's fixtures, libs/testing/src/access-matrix.ts). Each request carries
 * at least one violation derived from the route's OpenAPI request schema —
 * a wrong type for a declared property, a missing required property, an
 * unknown property (`organisationId`, `status`, `sizeBand`...), an array
 * where an object is expected, deep nesting, a string over its maximum
 * length, a non-object or malformed JSON body, or a malformed path
 * parameter — on top of noise (huge and unusual strings). Every answer must
 * be a 4xx application/problem+json (never 2xx, never 5xx), a 400 naming at
 * least one field; and a fingerprint of every application table must be
 * the same before and after each route's batch.
 *
 *   FUZZ_RUNS=30      cases per route
 *   FUZZ_SEED=<n>     replay a run (the seed is printed with every failure)
 *   FUZZ_ROUTE=<text> only routes whose `METHOD /path` contains the text (cases do not change)
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_311);
const ONLY = process.env.FUZZ_ROUTE;
const CONCURRENCY = 6;

/** Write routes not fuzzed, each with the reason. */
const SKIPPED: Record<string, string> = {
  'POST /api/v1/auth/sign-out': 'changes the session, and takes no body and no path parameter: there is no input to make invalid',
  'POST /api/v1/reports/recompute': 'takes no body and no path parameter: there is no input to make invalid',
};

/**
 * The auth routes that change sessions, and how each is fuzzed. The public ones need no signed-in actor
 * and get their bodies fuzzed anonymously (a valid body would issue or rotate tokens: none may).
 */
const SESSION_ROUTES: Record<string, string> = {
  'POST /api/v1/auth/sign-in': 'issues tokens: bodies fuzzed anonymously (public route)',
  'POST /api/v1/auth/refresh': 'rotates a refresh token: bodies fuzzed anonymously with a live token in the base body, which must never be spent',
  'POST /api/v1/auth/change-password': 'ends every session of the user: fuzzed as a newly signed-in user of its own (the matrix freshActor policy)',
  'POST /api/v1/auth/sign-out': 'ends the session: skipped (see SKIPPED)',
};

/**
 * Tables left out of the "no row changed" fingerprint, each with the reason. Keep this list short: a
 * table here is one in which a refused request may legitimately leave a trace.
 */
const FINGERPRINT_EXCLUSIONS: Record<string, string> = {};

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const UNKNOWN_KEYS = ['organisationId', 'status', 'sizeBand', 'id', 'createdBy', 'role', 'roles', 'verified', 'isAdmin', 'constructor', '__proto__', 'extraField'];

// ---------------------------------------------------------------------------
// Schema walking
// ---------------------------------------------------------------------------

interface Schema extends SchemaObject {
  format?: string;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
}

function deref(doc: OpenApiDocument, s: Schema, depth = 0): Schema {
  if (depth > 10) return s;
  if (s.$ref) return deref(doc, (doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {}) as Schema, depth + 1);
  if (s.allOf?.length === 1) return { ...s, ...deref(doc, s.allOf[0] as Schema, depth + 1), allOf: undefined };
  return s;
}

type Path = (string | number)[];

interface Field {
  path: Path;
  schema: Schema;
  required: boolean;
}

/** Every declared property (nested objects and array items too, a few levels deep), with its schema. */
function fieldsOf(doc: OpenApiDocument, root: Schema, path: Path = [], depth = 0): { fields: Field[]; objects: { path: Path; schema: Schema }[] } {
  const fields: Field[] = [];
  const objects: { path: Path; schema: Schema }[] = [];
  const s = deref(doc, root);
  if (!s.properties || depth > 3) return { fields, objects };
  objects.push({ path, schema: s });
  const required = new Set(s.required ?? []);
  for (const [name, raw] of Object.entries(s.properties)) {
    const ps = deref(doc, raw as Schema);
    const p = [...path, name];
    fields.push({ path: p, schema: ps, required: required.has(name) });
    const inner = ps.type === 'array' && ps.items ? { schema: deref(doc, ps.items as Schema), path: [...p, 0] } : { schema: ps, path: p };
    if (ps.type === 'array' && ps.items) fields.push({ path: inner.path, schema: inner.schema, required: true });
    const sub = fieldsOf(doc, inner.schema, inner.path, depth + 1);
    fields.push(...sub.fields);
    objects.push(...sub.objects);
  }
  return { fields, objects };
}

const label = (p: Path) => p.map(String).join('.') || '(body)';

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/** A deeply nested value, kept as a marker and written out as text when sent (JSON.stringify would overflow the stack). */
class Deep {
  constructor(readonly depth: number, readonly kind: 'object' | 'array') {}
  toJSON() {
    return `\u0000deep:${this.kind}:${this.depth}\u0000`;
  }
}
const deep = (depth: number, kind: 'object' | 'array'): unknown => new Deep(depth, kind);
/** The body as JSON text, deep markers expanded. */
const toJsonText = (body: unknown): string =>
  JSON.stringify(body).replace(/"\\u0000deep:(object|array):(\d+)\\u0000"/g, (_, kind: string, n: string) =>
    kind === 'object' ? '{"a":'.repeat(Number(n)) + '"bottom"' + '}'.repeat(Number(n)) : '['.repeat(Number(n)) + '"bottom"' + ']'.repeat(Number(n)),
  );
const deepArb = fc.tuple(fc.oneof(fc.integer({ min: 20, max: 200 }), fc.integer({ min: 1_000, max: 20_000 })), fc.constantFrom('object' as const, 'array' as const)).map(([d, k]) => deep(d, k));
const hugeString = fc.tuple(fc.integer({ min: 10_000, max: 200_000 }), fc.constantFrom('x', 'é', '😀', ' ', '<script>')).map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)));
const oddString = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom("'; DROP TABLE x; --", '\u202e', '%00', '{{7*7}}', '../../etc/passwd', '\uFEFF'));
const nonNumericString = fc.constantFrom('abc', 'twelve', 'NaN', '1e99999x', '0x', '--1', '1,5');
const someObject = fc.oneof(fc.constant({}), fc.constant({ value: 1 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { minKeys: 1, maxKeys: 3 }));
const someArray = fc.oneof(fc.constant([]), fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 }), fc.constant([{}]));

/** Values that violate `s` whatever else the body holds (a wrong type, out of range, too long...). */
function wrongValues(s: Schema, required: boolean): fc.Arbitrary<unknown> | null {
  if (s.oneOf || s.anyOf) return null;
  const arbs: fc.Arbitrary<unknown>[] = [];
  if (required && !s.nullable) arbs.push(fc.constant(null));
  const t = s.type ?? (s.properties ? 'object' : undefined);
  if (s.enum?.length) {
    const allowed = new Set(s.enum);
    arbs.push(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('ADMIN', 'platform', 'large', 'published')).filter((v) => !allowed.has(v)), fc.integer(), someObject, someArray.filter((a) => a.length > 0));
    return fc.oneof(...arbs);
  }
  switch (t) {
    case 'string': {
      arbs.push(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), someObject, someArray, deepArb);
      if (s.maxLength !== undefined) arbs.push(fc.integer({ min: 1, max: 200 }).map((n) => 'y'.repeat(s.maxLength! + n)));
      if (s.format === 'uuid') arbs.push(fc.constantFrom('not-a-uuid', '1234', '00000000-0000-0000-0000-00000000000g'));
      if (s.format === 'date-time' || s.format === 'date') arbs.push(fc.constantFrom('yesterday', '2026-13-45', '31/12/2026', 'not a date'));
      if (s.format === 'email') arbs.push(fc.constantFrom('no-at-sign', '@example.test', 'a@', 'two@@example.test'));
      break;
    }
    case 'number':
    case 'integer': {
      arbs.push(nonNumericString, someObject, deepArb);
      if (t === 'integer') arbs.push(fc.constantFrom(1.5, 0.25, -2.75));
      if (s.minimum !== undefined) arbs.push(fc.integer({ min: 1, max: 1_000_000 }).map((n) => s.minimum! - n));
      if (s.maximum !== undefined) arbs.push(fc.integer({ min: 1, max: 1_000_000 }).map((n) => s.maximum! + n));
      break;
    }
    case 'boolean':
      arbs.push(fc.constantFrom('maybe', 'yes please'), fc.integer({ min: 2 }), someObject, someArray.filter((a) => a.length > 0));
      break;
    case 'array': {
      arbs.push(fc.string({ minLength: 1, maxLength: 10 }), fc.integer(), someObject.filter((o) => Object.keys(o).length > 0));
      if (s.maxItems !== undefined) arbs.push(fc.constant(Array.from({ length: s.maxItems + 1 }, () => 'z')));
      if (s.minItems) arbs.push(fc.constant([]));
      break;
    }
    case 'object':
      // Arrays where objects are expected, scalars, deep nesting.
      arbs.push(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), someArray, deepArb.filter((d) => (d as Deep).kind === 'array'));
      break;
    default:
      if (!arbs.length) return null;
  }
  return fc.oneof(...arbs);
}

interface Op {
  why: string;
  apply(body: unknown): unknown;
}

function setAt(body: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const root = isPlainObject(body) || Array.isArray(body) ? body : {};
  let cur = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    const next = cur[k];
    if (!(isPlainObject(next) || Array.isArray(next))) cur[k] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  // Object.defineProperty: `__proto__` must become an own property, as JSON.parse makes it on the server.
  Object.defineProperty(cur, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function deleteAt(body: unknown, path: Path): unknown {
  let cur = body as Record<string | number, unknown> | undefined;
  for (let i = 0; i < path.length - 1 && cur; i++) cur = cur[path[i]] as Record<string | number, unknown> | undefined;
  if (cur && typeof cur === 'object') delete cur[path[path.length - 1]];
  return body;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

type FuzzCase =
  | { kind: 'json'; why: string[]; body: unknown }
  | { kind: 'raw'; why: string[]; text: string }
  | { kind: 'param'; why: string[]; param: string; value: string }
  | { kind: 'multipart'; why: string[]; fields: Record<string, string>; withFile: boolean };

const MALFORMED_JSON = ['{"a":', "{'single': 'quotes'}", '{"a": 1,}', '{"a": undefined}', 'nul', '"unterminated', '{"a": 01}', '{"a": NaN}', '[1, 2', '}'];
const NON_OBJECT_JSON = ['null', '0', '-1.5', '"a string"', 'true', 'false', '1e400'];

/** Malformed values for a path parameter (`raw`: sent as is, not URL-encoded). */
const paramValueArb = (name: string): fc.Arbitrary<{ value: string; raw?: boolean }> =>
  fc.oneof(
    fc.constantFrom('not-a-uuid', '1', '-1', '0', 'null', 'undefined', '00000000-0000-0000-0000-00000000000g', 'x'.repeat(300), "1' OR '1'='1", '..', ' ', `${name}[]`).map((value) => ({ value })),
    fc.constantFrom('%E0%A4%A', '%ZZ', '%').map((value) => ({ value, raw: true })),
    fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)).map((value) => ({ value })),
  );

/** N invalid cases for a route, from its base (valid) body and its OpenAPI schema. */
function casesFor(doc: OpenApiDocument, route: ApiRoute, schema: Schema | null, multipart: boolean, baseBody: unknown, seed: number, runs: number): FuzzCase[] {
  const paramCase: fc.Arbitrary<FuzzCase> | null = route.params.length
    ? fc
        .tuple(fc.constantFrom(...route.params), fc.constantFrom(...route.params).chain(paramValueArb))
        .map(([param, v]): FuzzCase => ({ kind: 'param', why: [`malformed path parameter :${param}${v.raw ? ' (raw)' : ''}`], param, value: v.raw ? `\u0000raw${v.value}` : v.value }))
    : null;

  if (multipart) {
    // Non-file fields of an upload: values outside their enum, unknown fields, the file missing.
    const { fields } = fieldsOf(doc, schema!);
    const enumFields = fields.filter((f) => f.schema.enum?.length);
    const bad = fc.oneof(
      ...enumFields.map((f) =>
        fc
          .oneof(fc.string({ maxLength: 30 }), fc.constantFrom('OCDS', 'csv', 'utf-16', '__proto__'))
          .filter((v) => !f.schema.enum!.includes(v))
          .map((v) => ({ why: `${label(f.path)} outside its enum`, field: label(f.path), value: v })),
      ),
      fc.constantFrom(...UNKNOWN_KEYS.filter((k) => k !== '__proto__' && k !== 'constructor')).map((k) => ({ why: `unknown field ${k}`, field: k, value: 'x' })),
    );
    const arb = fc.oneof(
      fc.array(bad, { minLength: 1, maxLength: 3 }).map((bs): FuzzCase => ({ kind: 'multipart', why: bs.map((b) => b.why), fields: Object.fromEntries(bs.map((b) => [b.field, b.value])), withFile: true })),
      fc.constant<FuzzCase>({ kind: 'multipart', why: ['no file'], fields: {}, withFile: false }),
    );
    return fc.sample(arb, { seed, numRuns: runs });
  }

  if (!schema) {
    // A route without a body: only its path parameters can be malformed.
    return paramCase ? fc.sample(paramCase, { seed, numRuns: runs }) : [];
  }

  const { fields, objects } = fieldsOf(doc, schema);
  const violations: fc.Arbitrary<Op>[] = [];
  for (const f of fields) {
    const wrong = wrongValues(f.schema, f.required);
    if (wrong) violations.push(wrong.map((v) => ({ why: `wrong value at ${label(f.path)}`, apply: (b: unknown) => setAt(b, f.path, v) })));
    if (f.required && typeof f.path[f.path.length - 1] === 'string') violations.push(fc.constant({ why: `missing ${label(f.path)}`, apply: (b: unknown) => deleteAt(b, f.path) }));
  }
  for (const o of objects) {
    const declared = new Set(Object.keys(o.schema.properties ?? {}));
    const keys = UNKNOWN_KEYS.filter((k) => !declared.has(k));
    violations.push(
      fc
        .tuple(fc.constantFrom(...keys), fc.oneof(fc.constant('2b1c6b1e-0000-4000-8000-000000000000'), fc.constantFrom('verified', 'large', 'published', 'platform_admin'), fc.boolean(), deepArb))
        .map(([k, v]) => ({ why: `unknown property ${label([...o.path, k])}`, apply: (b: unknown) => setAt(b, [...o.path, k], v) })),
    );
  }
  // The body itself as an array or nested deep.
  violations.push(
    fc.constantFrom(
      { why: 'an array instead of the body object', apply: (b: unknown) => [b] },
      { why: 'an empty array instead of the body object', apply: () => [] },
      { why: 'deeply nested unknown property', apply: (b: unknown) => setAt(b, ['nested'], deep(5_000, 'object')) },
    ),
  );
  const noise: fc.Arbitrary<Op>[] = fields
    .filter((f) => f.schema.type === 'string' && !f.schema.enum && !f.schema.format)
    .map((f) => fc.oneof(hugeString, oddString).map((v) => ({ why: `noise at ${label(f.path)}`, apply: (b: unknown) => setAt(b, f.path, v) })));

  const clone = (v: unknown): unknown => (v instanceof Deep ? v : Array.isArray(v) ? v.map(clone) : isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) : v);
  const jsonCase = fc
    .tuple(noise.length ? fc.array(fc.oneof(...noise), { maxLength: 2 }) : fc.constant([] as Op[]), fc.array(fc.oneof(...violations), { minLength: 1, maxLength: 3 }))
    .map(([ns, vs]): FuzzCase => {
      let body: unknown = clone(baseBody ?? {});
      for (const op of [...ns, ...vs]) body = op.apply(body);
      return { kind: 'json', why: vs.map((v) => v.why), body };
    });
  const rawCase = fc.constantFrom(...MALFORMED_JSON, ...NON_OBJECT_JSON).map((text): FuzzCase => ({ kind: 'raw', why: [`body ${JSON.stringify(text)}`], text }));
  const arb = fc.oneof(
    { arbitrary: jsonCase, weight: 16 },
    { arbitrary: rawCase, weight: 2 },
    ...(paramCase ? [{ arbitrary: paramCase, weight: 2 }] : []),
  );
  return fc.sample(arb, { seed, numRuns: runs });
}

// ---------------------------------------------------------------------------
// Database fingerprint
// ---------------------------------------------------------------------------

async function fingerprint(api: ApiTestApp): Promise<Map<string, string>> {
  const tables: { s: string; t: string }[] = await api.dataSource.query(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'public') AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
  );
  const included = tables.filter(({ s, t }) => !FINGERPRINT_EXCLUSIONS[`${s}.${t}`]);
  const sql = included
    .map(({ s, t }) => `SELECT '${s}.${t}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-') AS print FROM "${s}"."${t}" x`)
    .join('\nUNION ALL\n');
  const rows: { name: string; print: string }[] = await api.dataSource.query(sql);
  return new Map(rows.map((r) => [r.name, r.print]));
}

const changedTables = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

/** FNV-1a: a per-route seed that does not depend on which other routes run. */
const hash = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);

/** The role that acts: the first the route permits (of the kind that owns its path objects); none for a public route. */
function roleFor(route: ApiRoute): Role | null {
  if (route.isPublic) return null;
  const ownerKind = ROUTE_POLICIES[routeKey(route)]?.ownerKind;
  const candidates = route.roles ?? ROLES;
  return candidates.find((r) => !ownerKind || homeKindOf(r) === ownerKind) ?? candidates[0];
}

async function pool<T>(items: T[], limit: number, fn: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

const show = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 60 ? `${x.slice(0, 20)}…(${x.length} chars)` : x));
  return s === undefined ? 'undefined' : s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

describe('fuzz: invalid input to every write route', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let routes: ApiRoute[];
  let doc: OpenApiDocument;
  let world: MatrixWorld;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
    ({ routes, doc } = await routesAndDocument(api.app));
    world = await MatrixWorld.create(api);
    await ensureListening(api);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('answers every generated invalid request with a 4xx problem naming a field, and changes no row', async () => {
    const started = Date.now();
    const writes = routes.filter((r) => WRITE_METHODS.includes(r.method));
    for (const k of [...Object.keys(SKIPPED), ...Object.keys(SESSION_ROUTES)]) expect(writes.map(routeKey)).toContain(k);
    const failures: string[] = [];
    const summary: string[] = [];
    let total = 0;
    const server = api.app.getHttpServer();

    for (const route of writes) {
      const key = routeKey(route);
      if (SKIPPED[key] || (ONLY && !key.includes(ONLY))) continue;
      const routeStarted = Date.now();
      const seed = (SEED ^ hash(key)) >>> 0;
      const replay = `FUZZ_SEED=${SEED} FUZZ_ROUTE='${key}'`;

      // The actor and the path objects, made before the fingerprint: fixtures write rows, the requests may not.
      const role = roleFor(route);
      const policy = ROUTE_POLICIES[key] ?? {};
      const actor: MatrixActor | null = role ? (policy.freshActor ? await world.freshActor(role) : world.actor(role)) : null;
      let foreign: Promise<ForeignOrganisation> | undefined;
      const scoped = route.params.some((p) => PARAM_FIXTURES[p]?.owner === 'organisation');
      const call: FixtureCall = {
        world,
        route,
        role: role ?? 'anonymous',
        scope: scoped ? 'own' : 'none',
        fresh: true,
        actor,
        params: {},
        foreign: () => (foreign ??= world.foreignFor(policy.ownerKind ?? (actor ? homeKindOf(actor.role) : 'supplier'), true)),
      };
      for (const p of route.params) call.params[p] = await PARAM_FIXTURES[p].value(call);
      const bp: Blueprint | undefined = bodyBlueprint(doc, route);
      const multipart = bp?.kind === 'multipart';
      const baseBody = bp && !multipart ? await materialise(bp, call) : undefined;
      const op = doc.paths[route.openApiPath]?.[route.method.toLowerCase()] as { requestBody?: { content?: Record<string, { schema?: Schema }> } } | undefined;
      const content = op?.requestBody?.content;
      const schema = (content?.['application/json']?.schema ?? content?.['multipart/form-data']?.schema ?? null) as Schema | null;
      const cases = casesFor(doc, route, schema, multipart, baseBody, seed, RUNS);
      if (!cases.length) {
        failures.push(`${key}: no invalid case could be generated — add it to SKIPPED with the reason`);
        continue;
      }

      const before = await fingerprint(api);
      const statuses = new Map<number, number>();
      await pool(cases, CONCURRENCY, async (c, i) => {
        const params = { ...call.params };
        let rawParam: string | undefined;
        if (c.kind === 'param') {
          if (c.value.startsWith('\u0000raw')) rawParam = c.param;
          params[c.param] = c.value.replace('\u0000raw', '');
        }
        const url = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, p: string) => (p === rawParam ? params[p] : encodeURIComponent(params[p])));
        let req = request(server)[route.method.toLowerCase() as 'post'](url);
        if (actor) req = req.set('Authorization', `Bearer ${actor.accessToken}`);
        if (c.kind === 'json') req = req.set('Content-Type', 'application/json').send(toJsonText(c.body));
        else if (c.kind === 'raw') req = req.set('Content-Type', 'application/json').send(c.text);
        else if (c.kind === 'param') {
          if (baseBody !== undefined) req = req.send(baseBody as object);
          if (multipart) req = req.attach('file', MATRIX_UPLOAD.content, MATRIX_UPLOAD.name);
        } else {
          for (const [f, v] of Object.entries(c.fields)) req = req.field(f, v);
          if (c.withFile) req = req.attach('file', MATRIX_UPLOAD.content, MATRIX_UPLOAD.name);
        }
        let res: request.Response;
        try {
          res = await req;
        } catch (e) {
          failures.push(`${key} case ${i} (${c.why.join('; ')}): the request failed: ${(e as Error).message} [replay: ${replay}]`);
          return;
        }
        total++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problems: string[] = [];
        if (res.status < 400 || res.status >= 500) problems.push(`status ${res.status}${res.status >= 500 ? '' : ' (an invalid request was accepted)'}`);
        if (!String(res.headers['content-type'] ?? '').startsWith('application/problem+json')) problems.push(`content-type ${res.headers['content-type']}`);
        if (res.status === 400) {
          const errors = (res.body as { errors?: { field?: unknown }[] })?.errors;
          if (!Array.isArray(errors) || !errors.some((e) => typeof e?.field === 'string' && e.field.length > 0)) problems.push(`400 names no field (errors: ${show(errors)})`);
        }
        if (problems.length) {
          const sent = c.kind === 'json' ? show(c.body) : c.kind === 'raw' ? show(c.text) : c.kind === 'param' ? url : show(c.fields);
          const answer = res.body && typeof res.body === 'object' ? `${res.body.code ?? ''} ${show(res.body.detail ?? '')}` : show(res.text);
          failures.push(`${key} case ${i} (${c.why.join('; ')}): ${problems.join('; ')} — sent ${sent} — answer ${answer} [replay: ${replay}]`);
        }
      });
      const after = await fingerprint(api);
      const changed = changedTables(before, after);
      if (changed.length) failures.push(`${key}: rows changed in ${changed.join(', ')} [replay: ${replay}]`);
      summary.push(
        `${key.padEnd(78)} ${String(role ?? 'anonymous').padEnd(15)} ${String(cases.length).padStart(3)} cases ` +
          `${[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}  ${Date.now() - routeStarted} ms`,
      );
    }

    process.stdout.write(
      `\nFuzz (seed ${SEED}, ${RUNS} runs per route): ${total} cases over ${summary.length} write routes in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `${summary.join('\n')}\n` +
        `skipped: ${Object.entries(SKIPPED).map(([k, why]) => `${k} (${why})`).join('; ')}\n\n`,
    );
    if (failures.length) {
      mkdirSync(join(__dirname, '../../../test-output'), { recursive: true });
      writeFileSync(join(__dirname, '../../../test-output/fuzz-failures.txt'), failures.join('\n') + '\n');
      process.stdout.write(`\n${failures.length} failure(s), seed ${SEED} (all in test-output/fuzz-failures.txt):\n${failures.slice(0, 30).join('\n')}\n`);
    }
    expect({ failed: failures.length, first: failures.slice(0, 10) }).toEqual({ failed: 0, first: [] });
    if (!ONLY) expect(total).toBeGreaterThanOrEqual(writes.length * Math.min(RUNS, 10));
  }, 300_000);
});
