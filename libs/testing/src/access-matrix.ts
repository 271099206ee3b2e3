import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import {
  ADMIN_ROLE_BY_KIND,
  AuthUser,
  InvitationsService,
  ORGANISATION_KINDS,
  OrganisationKind,
  ROLES,
  ROLES_BY_KIND,
  ROLES_KEY,
  Role,
} from '@app/identity';
import { BulkFilesService } from '@app/open-data';
import { IS_PUBLIC_KEY } from '@app/platform';
import type { ApiTestApp } from './api-app';
import type { TestOrganisation, TestUser } from './factories';
import { TEST_PASSWORD } from './test-context';

/**
 * The access-control matrix (docs/quality.md, "Access control"): every route
 * of the running app × every role (and anonymous) × own organisation /
 * another organisation. The route list is read from the app itself, so a new
 * route joins the matrix without anyone editing the test; what the matrix
 * cannot fill in on its own (a path parameter, a body field that must be
 * live, an exception to the default expectations) is declared here, and a
 * route that needs something missing fails naming what to add.
 */

export const THIS_FILE = 'libs/testing/src/access-matrix.ts';

// ---------------------------------------------------------------------------
// Routes: from the app's own route table
// ---------------------------------------------------------------------------

export interface ApiRoute {
  method: string; // GET, POST, ...
  /** Full path as served, `:param` style: `/api/v1/organisations/:organisationId`. */
  path: string;
  /** The same path as the OpenAPI document writes it: `/api/v1/organisations/{organisationId}`. */
  openApiPath: string;
  params: string[];
  isPublic: boolean;
  /** `@Roles()` read handler-first, as RolesGuard does; null when any signed-in user may call it. */
  roles: Role[] | null;
  handler: string;
}

export const routeKey = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;

const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const trimSlashes = (p: string) => p.replace(/^\/+|\/+$/g, '');

/** The running API's routes (discoverApiRoutes) and the OpenAPI document it serves. */
export async function routesAndDocument(app: INestApplication): Promise<{ routes: ApiRoute[]; doc: OpenApiDocument }> {
  const res = await request(app.getHttpServer()).get('/api/docs/openapi.json');
  expect(res.status).toBe(200);
  return { routes: discoverApiRoutes(app), doc: res.body };
}

/**
 * Every handler of every controller of the app, with method, full path
 * (global prefix and its exclusions applied), @Public() and @Roles() —
 * read with the same Reflector calls the guards make.
 */
export function discoverApiRoutes(app: INestApplication): ApiRoute[] {
  const modules = app.get(ModulesContainer);
  const discovery = new DiscoveryService(modules);
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const appConfig = app.get(ApplicationConfig, { strict: false });
  const prefix = trimSlashes(appConfig.getGlobalPrefix() ?? '');
  const exclusions = (appConfig.getGlobalPrefixOptions()?.exclude ?? []) as {
    requestMethod: RequestMethod;
    pathRegex: RegExp | { regexp: RegExp };
  }[];
  const excluded = (method: RequestMethod, path: string) =>
    exclusions.some((e) => {
      const rx = e.pathRegex instanceof RegExp ? e.pathRegex : e.pathRegex.regexp;
      return (e.requestMethod === RequestMethod.ALL || e.requestMethod === method) && rx.test(path);
    });

  const routes: ApiRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (abstract new (...args: never[]) => unknown) | undefined;
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!cls || !instance) continue;
    // A RouterModule path of the controller's module, as Nest's RoutesResolver reads it.
    const host = wrapper.host?.metatype;
    const modulePath: string = (host && (Reflect.getMetadata(MODULE_PATH + modules.applicationId, host) ?? Reflect.getMetadata(MODULE_PATH, host))) ?? '';
    const classPaths = asArray<string>(Reflect.getMetadata(PATH_METADATA, cls) ?? '/').map((p) => `${trimSlashes(modulePath)}/${trimSlashes(p)}`);
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = instance[name] as (...args: unknown[]) => unknown;
      const methodPaths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
      if (methodPaths === undefined) continue;
      const requestMethod: RequestMethod = Reflect.getMetadata(METHOD_METADATA, handler) ?? RequestMethod.GET;
      const isPublic = !!reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, cls]);
      const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, cls]);
      for (const cp of classPaths) {
        for (const mp of asArray(methodPaths)) {
          const rel = '/' + [trimSlashes(cp), trimSlashes(mp)].filter(Boolean).join('/');
          const path = prefix && !excluded(requestMethod, rel) ? `/${prefix}${rel === '/' ? '' : rel}` : rel;
          routes.push({
            method: RequestMethod[requestMethod],
            path,
            openApiPath: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
            params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]),
            isPublic,
            roles: roles?.length ? [...roles] : null,
            handler: `${cls.name}.${name}`,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

// ---------------------------------------------------------------------------
// OpenAPI document
// ---------------------------------------------------------------------------

export interface SchemaObject {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  example?: unknown;
  enum?: unknown[];
  default?: unknown;
  items?: SchemaObject;
  allOf?: SchemaObject[];
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: SchemaObject;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path/:param` for every operation in the document. */
export function openApiRouteKeys(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => HTTP_METHODS.includes(m))
      .map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
  );
}

/** Routes the app serves that the document lacks, and operations the document lists that the app does not serve. */
export function compareWithOpenApi(routes: ApiRoute[], doc: OpenApiDocument): { missingFromDocument: string[]; notServed: string[] } {
  const served = new Set(routes.map(routeKey));
  const documented = new Set(openApiRouteKeys(doc));
  return {
    missingFromDocument: [...served].filter((k) => !documented.has(k)).sort(),
    notServed: [...documented].filter((k) => !served.has(k)).sort(),
  };
}

function operationOf(doc: OpenApiDocument, route: ApiRoute): OpenApiOperation | undefined {
  return doc.paths[route.openApiPath]?.[route.method.toLowerCase()];
}

// ---------------------------------------------------------------------------
// Roles, actors and the world of fixtures
// ---------------------------------------------------------------------------

export type MatrixRole = Role | 'anonymous';
/** Every role the app knows, plus no token at all. A new role joins by being added to ROLES. */
export const MATRIX_ROLES: MatrixRole[] = [...ROLES, 'anonymous'];

/** The kind of organisation a user of `role` belongs to (the first kind allowing it: analysts sit in a buyer). */
export function homeKindOf(role: Role): OrganisationKind {
  const kind = ORGANISATION_KINDS.find((k) => ROLES_BY_KIND[k].includes(role));
  if (!kind) throw new Error(`role ${role} belongs to no kind of organisation (ROLES_BY_KIND)`);
  return kind;
}

/** "Another organisation" for an actor: one of its own kind; for the platform operator, a supplier. */
export const foreignKindFor = (kind: OrganisationKind): OrganisationKind => (kind === 'platform' ? 'supplier' : kind);

const nonAdminRoleFor = (kind: OrganisationKind): Role => ROLES_BY_KIND[kind].find((r) => r !== ADMIN_ROLE_BY_KIND[kind]) ?? ADMIN_ROLE_BY_KIND[kind];

const tag = () => randomBytes(5).toString('hex');
export const uniqueEmail = (what: string) => `matrix-${what}-${tag()}@example.test`;

export interface MatrixActor {
  role: Role;
  user: TestUser;
  organisation: TestOrganisation;
  accessToken: string;
  refreshToken: string;
}

export interface ForeignOrganisation {
  organisation: TestOrganisation;
  admin: TestUser;
  member: TestUser;
}

/**
 * The organisations and signed-in users the matrix acts with: one
 * organisation per kind holding a user of each role of that kind (signed in
 * once and reused), a foreign organisation per kind with users and a pending
 * invitation, and everything that identifies each organisation, so that a
 * response carrying another organisation's data can be caught.
 */
export class MatrixWorld {
  private readonly actors = new Map<Role, MatrixActor>();
  private readonly own = new Map<OrganisationKind, TestOrganisation>();
  private readonly colleagues = new Map<OrganisationKind, TestUser>();
  private readonly foreign = new Map<OrganisationKind, ForeignOrganisation>();
  /** organisation id → strings that identify it or its people (id, name, e-mails, names, user ids). */
  private readonly markers = new Map<string, Set<string>>();

  private constructor(readonly api: ApiTestApp) {}

  static async create(api: ApiTestApp): Promise<MatrixWorld> {
    const w = new MatrixWorld(api);
    for (const kind of ORGANISATION_KINDS) {
      w.own.set(kind, await w.organisation(kind, 'verified', 'home'));
      w.colleagues.set(kind, await w.user(w.own.get(kind)!, nonAdminRoleFor(kind)));
    }
    for (const kind of new Set(ORGANISATION_KINDS.map(foreignKindFor))) {
      const f = await w.foreignOrganisation(kind, 'verified');
      const invitation = await w.api.app
        .get(InvitationsService)
        .invite(w.authUser(f.admin, f.organisation), f.organisation.id, { email: uniqueEmail('foreign-invitee'), role: nonAdminRoleFor(kind) }, { ip: null, requestId: null });
      w.mark(f.organisation.id, invitation.id, invitation.email);
      w.foreign.set(kind, f);
    }
    await Promise.all(ROLES.map(async (role) => w.actors.set(role, await w.freshActor(role))));
    return w;
  }

  private mark(organisationId: string, ...values: string[]): void {
    const set = this.markers.get(organisationId) ?? new Set<string>();
    values.forEach((v) => set.add(v));
    this.markers.set(organisationId, set);
  }

  private async organisation(kind: OrganisationKind, status: 'verified' | 'pending', what: string): Promise<TestOrganisation> {
    const org = await this.api.factories.organisation({ kind, status, name: `Matrix ${what} ${kind} ${tag()}` });
    this.mark(org.id, org.id, org.name);
    return org;
  }

  private async user(org: TestOrganisation, role: Role): Promise<TestUser> {
    const fullName = `Matrix Person ${tag()}`;
    const user = await this.api.factories.user({ organisationId: org.id, roles: [role], email: uniqueEmail(role.replace('_', '-')), fullName });
    this.mark(org.id, user.id, user.email, fullName);
    return user;
  }

  private authUser(user: TestUser, org: TestOrganisation): AuthUser {
    return {
      userId: user.id,
      sessionId: '00000000-0000-0000-0000-000000000000',
      email: user.email,
      fullName: 'fixture',
      organisationId: org.id,
      organisationKind: org.kind,
      organisationName: org.name,
      organisationStatus: 'verified',
      roles: user.roles,
    };
  }

  /** The shared, signed-in user of a role (tokens reused across cases). */
  actor(role: Role): MatrixActor {
    return this.actors.get(role)!;
  }

  ownOrganisation(role: Role): TestOrganisation {
    return this.own.get(homeKindOf(role))!;
  }

  /** A new user of `role` in that role's organisation, signed in: for routes that end or change the session. */
  async freshActor(role: Role): Promise<MatrixActor> {
    const organisation = this.ownOrganisation(role);
    const user = await this.user(organisation, role);
    const tokens = await this.api.signIn(user.email, user.password);
    return { role, user, organisation, ...tokens };
  }

  /** A colleague of the actor (never the actor itself), shared or made for this case. */
  async colleague(role: Role, fresh: boolean): Promise<TestUser> {
    const kind = homeKindOf(role);
    return fresh ? this.user(this.own.get(kind)!, nonAdminRoleFor(kind)) : this.colleagues.get(kind)!;
  }

  /** Another organisation for an actor of `kind`: the shared one, or a new pending one for a route that changes it. */
  async foreignFor(kind: OrganisationKind, fresh: boolean): Promise<ForeignOrganisation> {
    const fk = foreignKindFor(kind);
    return fresh ? this.foreignOrganisation(fk, 'pending') : this.foreign.get(fk)!;
  }

  private async foreignOrganisation(kind: OrganisationKind, status: 'verified' | 'pending'): Promise<ForeignOrganisation> {
    const organisation = await this.organisation(kind, status, 'foreign');
    const admin = await this.user(organisation, ADMIN_ROLE_BY_KIND[kind]);
    const member = await this.user(organisation, nonAdminRoleFor(kind));
    return { organisation, admin, member };
  }

  /** Marks an object id as data of `organisationId`, so a response that carries it to anyone else fails. */
  markData(organisationId: string, ...values: string[]): void {
    this.mark(organisationId, ...values);
  }

  private outsiderOrg?: Promise<TestOrganisation>;
  /** A verified supplier that is no fixture of the matrix: public data of a third party (its offerings on shortlists, in search). */
  outsider(): Promise<TestOrganisation> {
    return (this.outsiderOrg ??= this.api.factories.organisation({ kind: 'supplier', name: `Matrix outsider ${tag()}` }));
  }

  private lot?: Promise<string>;
  /** A live lot that takes catalogue offerings. */
  offeringsLot(): Promise<string> {
    return (this.lot ??= this.api.dataSource
      .query(`SELECT l.id FROM catalogue.lot l JOIN catalogue.framework f ON f.id = l.framework_id WHERE l.kind = 'offerings' AND f.status = 'live' ORDER BY l.sort_order LIMIT 1`)
      .then((rows: { id: string }[]) => rows[0].id));
  }

  private reqLot?: Promise<string>;
  /** A live lot that takes requirements. */
  requirementsLot(): Promise<string> {
    return (this.reqLot ??= this.api.dataSource
      .query(`SELECT l.id FROM catalogue.lot l JOIN catalogue.framework f ON f.id = l.framework_id WHERE l.kind = 'requirements' AND f.status = 'live' ORDER BY l.sort_order LIMIT 1`)
      .then((rows: { id: string }[]) => rows[0].id));
  }

  private outsiderBuyerOrg?: Promise<TestOrganisation>;
  /** A verified buyer that is no fixture of the matrix: its published requirements are public data. */
  outsiderBuyer(): Promise<TestOrganisation> {
    return (this.outsiderBuyerOrg ??= this.api.factories.organisation({ kind: 'buyer', name: `Matrix outsider buyer ${tag()}` }));
  }

  /** A user nobody else uses, in an organisation that is no fixture of the matrix (its data is not "foreign"). */
  async throwawayUser(role: Role = 'supplier_user'): Promise<TestUser> {
    const { user } = await this.api.factories.member(homeKindOf(role), role);
    return user;
  }

  /** The token of a new, unaccepted invitation (to a throwaway organisation). */
  async invitationToken(): Promise<string> {
    const { organisation, user } = await this.api.factories.member('supplier', 'supplier_admin');
    const invitations = this.api.app.get(InvitationsService);
    const inv = await invitations.invite(this.authUser(user, organisation), organisation.id, { email: uniqueEmail('invitee'), role: 'supplier_user' }, { ip: null, requestId: null });
    return invitations.tokenFor(inv.id);
  }

  async kindOf(organisationId: string): Promise<OrganisationKind> {
    const [row] = await this.api.dataSource.query(`SELECT kind FROM identity.organisation WHERE id = $1`, [organisationId]);
    if (!row) throw new Error(`no organisation ${organisationId}`);
    return row.kind;
  }

  /** Which identifying strings of organisations other than `ownOrganisationId` appear in `text`. */
  foreignDataIn(text: string, ownOrganisationId: string | null): string[] {
    const found: string[] = [];
    for (const [orgId, values] of this.markers) {
      if (orgId === ownOrganisationId) continue;
      for (const v of values) if (text.includes(v)) found.push(v);
    }
    return found;
  }
}

/**
 * An offering row of `organisationId` in `status` (with its version 1 when
 * it has been published), written directly: the matrix needs offerings of
 * organisations of every kind, which the API rightly refuses to create.
 */
async function insertOffering(world: MatrixWorld, organisationId: string, status: 'draft' | 'published' | 'suspended', supplierName = 'Matrix outsider'): Promise<string> {
  const id = randomUUID();
  const lotId = await world.offeringsLot();
  await world.api.dataSource.query(
    `INSERT INTO catalogue.offering (id, organisation_id, lot_id, status, title, summary, description, price_min, price_unit, supplier_name, created_by, published_at)
     VALUES ($1, $2, $3, $4::varchar, 'Matrix offering', 'An offering made by the access matrix', 'Made by the access matrix.', 10, 'per unit', $5, $6,
             CASE WHEN $4::varchar <> 'draft' THEN now() END)`,
    [id, organisationId, lotId, status, supplierName, randomUUID()],
  );
  if (status !== 'draft') {
    await world.api.dataSource.query(`INSERT INTO catalogue.offering_version (offering_id, version, content, created_by) VALUES ($1, 1, '{}', $2)`, [id, randomUUID()]);
  }
  // A published offering is public data; any other state is its supplier's alone.
  if (status !== 'published') world.markData(organisationId, id);
  return id;
}

/** What a tendering route needs of its requirement: its state, and the bids and assignments on it. */
function requirementNeeds(c: FixtureCall): { state: 'draft' | 'live' | 'closed'; ownBid: 'draft' | 'submitted' | null; scored: boolean } {
  const path = c.route.path.replace(/^.*\/requirements\/:requirementId/, '');
  const m = c.route.method;
  const state =
    (m === 'PUT' && path === '') || path === '/publish'
      ? 'draft'
      : /^\/(cancel|mark-unsuccessful|bids|evaluation|bid-counts|award)/.test(path)
        ? 'closed'
        : 'live';
  const ownBid = path === '/bid' && m === 'GET' ? 'submitted' : path === '/bid' || path === '/bid/submit' ? 'draft' : path === '/bid/withdraw' ? 'submitted' : null;
  return { state, ownBid, scored: path === '/award' };
}

/**
 * A requirement of `organisationId` in a given state, written directly (as the matrix does for offerings):
 * two essential criteria and one nice-to-have; bids (draft or submitted, with a receipt) of the given
 * suppliers, entered while it was live; assignments; then, for `closed`, the closing time moved into the past
 * (the stored status stays `published`: the API must treat it as closed by the clock alone).
 */
async function insertRequirement(
  world: MatrixWorld,
  organisationId: string,
  state: 'draft' | 'live' | 'closed',
  bids: { organisationId: string; status: 'draft' | 'submitted'; marker?: string }[],
  assign: { userId: string; roles: ('lead' | 'evaluator')[]; scores: boolean }[],
): Promise<string> {
  const id = randomUUID();
  const ds = world.api.dataSource;
  await ds.query(
    `INSERT INTO tendering.requirement (id, organisation_id, status, title, summary, problem_statement, description, lot_id, location, budget_max,
        technical_weight, price_weight, questions_close_at, closes_at, published_at, created_by)
     VALUES ($1, $2, $3::varchar, 'Matrix requirement', 'A requirement made by the access matrix', 'Made by the matrix.', 'Made by the access matrix.', $4,
             'Leeds', 50000, 60, 40, now() + interval '8 days', now() + interval '10 days', CASE WHEN $3::varchar <> 'draft' THEN now() END, $5)`,
    [id, organisationId, state === 'draft' ? 'draft' : 'published', await world.requirementsLot(), randomUUID()],
  );
  const criteria: { id: string }[] = await ds.query(
    `INSERT INTO tendering.criterion (id, requirement_id, kind, position, text)
     VALUES (gen_random_uuid(), $1, 'essential', 1, 'Matrix criterion one'), (gen_random_uuid(), $1, 'essential', 2, 'Matrix criterion two'),
            (gen_random_uuid(), $1, 'nice', 1, 'Matrix nice to have') RETURNING id`,
    [id],
  );
  for (const b of bids) {
    const bidId = randomUUID();
    const text = b.marker ?? 'Matrix answer';
    const answers = Object.fromEntries(criteria.map((cr) => [cr.id, text]));
    await ds.query(`INSERT INTO tendering.bid (id, requirement_id, organisation_id, answers, price, created_by) VALUES ($1, $2, $3, $4::jsonb, 1234.5, $5)`, [
      bidId, id, b.organisationId, JSON.stringify(answers), randomUUID(),
    ]);
    if (b.status === 'submitted') {
      const sub = randomUUID();
      await ds.query(`INSERT INTO tendering.bid_submission (id, bid_id, requirement_id, digest, size_band, submitted_by) VALUES ($1, $2, $3, repeat('0', 64), 'small', $4)`, [
        sub, bidId, id, randomUUID(),
      ]);
      await ds.query(`UPDATE tendering.bid SET status = 'submitted', submission_id = $2, size_band = 'small' WHERE id = $1`, [bidId, sub]);
    }
  }
  for (const a of assign) {
    for (const role of a.roles) await ds.query(`INSERT INTO tendering.assignment (requirement_id, user_id, role, assigned_by) VALUES ($1, $2, $3, $2)`, [id, a.userId, role]);
    if (a.scores) {
      await ds.query(
        `INSERT INTO tendering.score (bid_id, evaluator_id, criterion_id, score)
         SELECT b.id, $2, c.id, 70 FROM tendering.bid b, tendering.criterion c WHERE b.requirement_id = $1 AND c.requirement_id = $1 AND b.status = 'submitted'`,
        [id, a.userId],
      );
    }
  }
  if (state === 'closed') {
    await ds.query(`UPDATE tendering.requirement SET questions_close_at = now() - interval '2 days', closes_at = now() - interval '1 day' WHERE id = $1`, [id]);
  }
  return id;
}

const directAwardShortlists = new WeakMap<FixtureCall, Promise<{ shortlistId: string; offeringId: string }>>();
function directAwardShortlist(c: FixtureCall): Promise<{ shortlistId: string; offeringId: string }> {
  let made = directAwardShortlists.get(c);
  if (!made) {
    made = (async () => {
      const orgId = c.actor ? c.actor.organisation.id : (await c.world.outsiderBuyer()).id;
      const shortlistId = randomUUID();
      await c.world.api.dataSource.query(`INSERT INTO catalogue.shortlist (id, organisation_id, name, created_by) VALUES ($1, $2, 'Matrix direct award', $3)`, [
        shortlistId, orgId, randomUUID(),
      ]);
      const offeringId = await insertOffering(c.world, (await c.world.outsider()).id, 'published');
      await c.world.api.dataSource.query(`INSERT INTO catalogue.shortlist_item (shortlist_id, offering_id, offering_version, added_by) VALUES ($1, $2, 1, $3)`, [
        shortlistId, offeringId, randomUUID(),
      ]);
      return { shortlistId, offeringId };
    })();
    directAwardShortlists.set(c, made);
  }
  return made;
}

const BUYER_SIDE_ROLES: readonly Role[] = ['buyer_admin', 'buyer_user', 'evaluator', 'analyst'];
const CAN_BE_ASSIGNED: readonly Role[] = ['buyer_admin', 'buyer_user', 'evaluator'];

// ---------------------------------------------------------------------------
// Fixtures: path parameters and request-body fields
// ---------------------------------------------------------------------------

export type Scope = 'own' | 'other' | 'none';

/** What a fixture is told about the case it fills in. */
export interface FixtureCall {
  world: MatrixWorld;
  route: ApiRoute;
  role: MatrixRole;
  scope: Scope;
  /** The route changes what it acts on, so every case gets objects of its own. */
  fresh: boolean;
  actor: MatrixActor | null;
  /** Path parameters resolved so far. */
  params: Record<string, string>;
  /** The other organisation of this case (made once per case, on first use). */
  foreign(): Promise<ForeignOrganisation>;
}

export interface ParamFixture {
  /**
   * `organisation`: the parameter names something an organisation owns, so the
   * route runs once for the actor's own organisation and once for another.
   * `global`: it names something no organisation owns (runs once per role).
   */
  owner: 'organisation' | 'global';
  value(c: FixtureCall): Promise<string>;
}

const own = (c: FixtureCall): MatrixActor => {
  if (!c.actor) throw new Error(`${routeKey(c.route)}: an "own" case needs a signed-in actor`);
  return c.actor;
};

/** Path parameters by name. A route with a parameter missing here fails, naming it. */
export const PARAM_FIXTURES: Record<string, ParamFixture> = {
  organisationId: {
    owner: 'organisation',
    value: async (c) => (c.scope === 'own' ? own(c).organisation.id : (await c.foreign()).organisation.id),
  },
  userId: {
    owner: 'organisation',
    // Own organisation: a colleague, never the actor (disabling oneself is refused on purpose).
    value: async (c) => (c.scope === 'own' ? (await c.world.colleague(own(c).role, c.fresh)).id : (await c.foreign()).member.id),
  },
  offeringId: {
    owner: 'organisation',
    value: async (c) => {
      // On a shortlist route: an offering that is on the shortlist of this case.
      if (c.params.shortlistId) {
        const offeringId = await insertOffering(c.world, (await c.world.outsider()).id, 'published');
        await c.world.api.dataSource.query(
          `INSERT INTO catalogue.shortlist_item (shortlist_id, offering_id, offering_version, added_by) VALUES ($1, $2, 1, $3)`,
          [c.params.shortlistId, offeringId, c.actor?.user.id ?? '00000000-0000-4000-8000-000000000000'],
        );
        return offeringId;
      }
      const org = c.scope === 'own' ? own(c).organisation : (await c.foreign()).organisation;
      // The state the route acts on: withdraw and suspend a published offering, reinstate a suspended one,
      // read versions of a published one; everything else a draft (private to its supplier).
      const path = c.route.path;
      const status = /\/(withdraw|suspend|versions)/.test(path) ? 'published' : /\/reinstate$/.test(path) ? 'suspended' : 'draft';
      return insertOffering(c.world, org.id, status, org.name);
    },
  },
  requirementId: {
    owner: 'organisation',
    value: async (c) => {
      const { state, ownBid, scored } = requirementNeeds(c);
      const role = c.actor?.role;
      const buyerSide = !!role && BUYER_SIDE_ROLES.includes(role);
      // Buyer-side actors: their own organisation's requirement, or another buyer's. Everyone else: a third party's (public) one.
      const owner = buyerSide ? (c.scope === 'own' ? own(c).organisation.id : (await c.foreign()).organisation.id) : (await c.world.outsiderBuyer()).id;
      const bids: { organisationId: string; status: 'draft' | 'submitted'; marker?: string }[] = [];
      const assign: { userId: string; roles: ('lead' | 'evaluator')[]; scores: boolean }[] = [];
      const supplierActor = !!role && homeKindOf(role) === 'supplier';
      if (ownBid && supplierActor) {
        bids.push({ organisationId: own(c).organisation.id, status: ownBid });
        if (c.scope === 'other') {
          // The route acts on the caller's own bid: another supplier's bid on the same requirement must never show.
          const f = (await c.foreign()).organisation.id;
          const marker = `Matrix sealed answer ${tag()}`;
          c.world.markData(f, marker);
          bids.push({ organisationId: f, status: 'submitted', marker });
        }
      }
      if (state === 'closed') {
        const marker = `Matrix bid answer ${tag()}`;
        // Bid content is the buyer organisation's to read after closing, and nobody else's.
        c.world.markData(owner, marker);
        bids.push({ organisationId: (await c.world.outsider()).id, status: 'submitted', marker });
        if (buyerSide && c.scope === 'own' && CAN_BE_ASSIGNED.includes(role!)) assign.push({ userId: own(c).user.id, roles: ['lead', 'evaluator'], scores: scored });
      } else if (buyerSide && c.scope === 'own' && CAN_BE_ASSIGNED.includes(role!)) {
        assign.push({ userId: own(c).user.id, roles: ['lead'], scores: false });
      }
      const id = await insertRequirement(c.world, owner, state, bids, assign);
      if (state === 'draft') c.world.markData(owner, id);
      return id;
    },
  },
  bidId: {
    owner: 'global',
    // The third party's submitted bid that the requirement fixture entered (routes under a closed requirement).
    value: async (c) => {
      const [row] = await c.world.api.dataSource.query(
        `SELECT id FROM tendering.bid WHERE requirement_id = $1 AND organisation_id = $2 AND status = 'submitted'`,
        [c.params.requirementId, (await c.world.outsider()).id],
      );
      if (!row) throw new Error(`${routeKey(c.route)}: the requirement fixture entered no bid to act on`);
      return row.id;
    },
  },
  questionId: {
    owner: 'global',
    value: async (c) => {
      const id = randomUUID();
      await c.world.api.dataSource.query(
        `INSERT INTO tendering.question (id, requirement_id, organisation_id, asked_by, text) VALUES ($1, $2, $3, $4, 'Matrix question?')`,
        [id, c.params.requirementId, (await c.world.outsider()).id, randomUUID()],
      );
      return id;
    },
  },
  contractId: {
    owner: 'organisation',
    value: async (c) => {
      const id = randomUUID();
      const role = c.actor?.role;
      // Buyer-side actors: their own organisation's contract, or another buyer's. Everyone else: a third party's (public) one.
      const buyer =
        role && BUYER_SIDE_ROLES.includes(role) ? (c.scope === 'own' ? own(c).organisation : (await c.foreign()).organisation) : await c.world.outsiderBuyer();
      const supplier = await c.world.outsider();
      await c.world.api.dataSource.query(
        `INSERT INTO tendering.contract (id, organisation_id, source, title, value, currency, awarded_on, awarded_by, offering_id)
         VALUES ($1, $2, 'direct', 'Matrix contract', 1000, 'GBP', current_date, $3, NULL)`,
        [id, buyer.id, randomUUID()],
      );
      await c.world.api.dataSource.query(
        `INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band) VALUES ($1, $2, $3, 'small')`,
        [id, supplier.id, supplier.name],
      );
      return id;
    },
  },
  importId: {
    owner: 'global',
    value: async (c) => {
      const id = randomUUID();
      await c.world.api.dataSource.query(
        `INSERT INTO reporting.import_run (id, kind, file_name, file_path, file_bytes, status) VALUES ($1, 'spend', 'matrix.csv', '/nonexistent/matrix.csv', 10, 'done')`,
        [id],
      );
      return id;
    },
  },
  reportedContractId: {
    owner: 'global',
    value: async (c) => {
      const id = randomUUID();
      const q = (sql: string, params: unknown[]) => c.world.api.dataSource.query(sql, params);
      await q(`INSERT INTO reporting.buyer (buyer_key, name, sector) VALUES ('matrix:buyer', 'Matrix Council', 'local') ON CONFLICT DO NOTHING`, []);
      await q(
        `INSERT INTO reporting.source_contract (id, source_key, source, status, is_framework, buyer_key, award_date, date_basis, supplier_count, content_hash)
         VALUES ($1, $2, 'ocds', 'active', false, 'matrix:buyer', current_date, 'award', 1, repeat('0', 64))`,
        [id, `matrix:${id}`],
      );
      await q(
        `INSERT INTO reporting.award_line (contract_id, line_no, supplier_key, supplier_name, size_band, source_band, weight, award_date, month, buyer_key, buyer_sector)
         VALUES ($1, 1, 'matrix-supplier', 'Matrix Ltd', 'unknown', 'unknown', 1, current_date, date_trunc('month', current_date), 'matrix:buyer', 'local')`,
        [id],
      );
      return id;
    },
  },
  directAwardId: {
    owner: 'organisation',
    value: async (c) => {
      const org = c.scope === 'own' ? own(c).organisation : (await c.foreign()).organisation;
      const searchId = randomUUID();
      const id = randomUUID();
      await c.world.api.dataSource.query(`INSERT INTO catalogue.saved_search (id, organisation_id, name, query, created_by) VALUES ($1, $2, 'Matrix direct award search', '{}', $3)`, [
        searchId, org.id, randomUUID(),
      ]);
      await c.world.api.dataSource.query(
        `INSERT INTO tendering.direct_award (id, organisation_id, saved_search_id, outcome, reason, decided_by) VALUES ($1, $2, $3, 'none_suitable', 'Matrix: none suitable', $4)`,
        [id, org.id, searchId, randomUUID()],
      );
      c.world.markData(org.id, id, searchId);
      return id;
    },
  },
  version: { owner: 'global', value: async () => '1' },
  declarationId: {
    owner: 'organisation',
    value: async (c) => {
      const orgId = c.params.organisationId ?? (c.scope === 'own' ? own(c).organisation.id : (await c.foreign()).organisation.id);
      const id = randomUUID();
      await c.world.api.dataSource.query(
        `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
            balance_sheet_currency, figures_date, derived_band, definition, band_mismatch, declared_by, valid_from, valid_to)
         VALUES ($1, $2, 12, 900000, 'GBP', 400000, 'GBP', '2026-03-31', 'small', 'eu-2003-361', false, $3, now() - interval '2 days', now() - interval '1 day')`,
        [id, orgId, randomUUID()],
      );
      return id;
    },
  },
  shortlistId: {
    owner: 'organisation',
    value: async (c) => {
      const org = c.scope === 'own' ? own(c).organisation : (await c.foreign()).organisation;
      const id = randomUUID();
      await c.world.api.dataSource.query(`INSERT INTO catalogue.shortlist (id, organisation_id, name, created_by) VALUES ($1, $2, $3, $4)`, [
        id, org.id, `Matrix shortlist ${tag()}`, randomUUID(),
      ]);
      c.world.markData(org.id, id);
      return id;
    },
  },
  savedSearchId: {
    owner: 'organisation',
    value: async (c) => {
      const org = c.scope === 'own' ? own(c).organisation : (await c.foreign()).organisation;
      const id = randomUUID();
      await c.world.api.dataSource.query(`INSERT INTO catalogue.saved_search (id, organisation_id, name, query, created_by) VALUES ($1, $2, $3, $4, $5)`, [
        id, org.id, `Matrix search ${tag()}`, { q: 'hosting' }, randomUUID(),
      ]);
      c.world.markData(org.id, id);
      return id;
    },
  },
  apiKeyId: {
    owner: 'organisation',
    // A new, active key of the actor's organisation or of another (the revoke route acts on it).
    value: async (c) => {
      const org = c.scope === 'own' ? own(c).organisation : (await c.foreign()).organisation;
      const id = randomUUID();
      await c.world.api.dataSource.query(
        `INSERT INTO identity.api_key (id, organisation_id, name, prefix, secret_hash, created_by) VALUES ($1, $2, $3, $4, repeat('0', 64), $5)`,
        [id, org.id, `Matrix key ${tag()}`, randomBytes(6).toString('hex'), randomUUID()],
      );
      c.world.markData(org.id, id);
      return id;
    },
  },
  releaseId: {
    owner: 'global',
    value: async (c) => (await publishedRelease(c.world)).id,
  },
  ocid: {
    owner: 'global',
    value: async (c) => (await publishedRelease(c.world)).ocid,
  },
  day: {
    owner: 'global',
    // Today's bulk file, written by the same service the worker's daily job runs.
    value: async (c) => (await c.world.api.app.get(BulkFilesService).build()).day,
  },
  frameworkId: {
    owner: 'global',
    value: async (c) => {
      const [{ id }] = await c.world.api.dataSource.query(`SELECT id FROM catalogue.framework WHERE slug = 'g-cloud'`);
      return id;
    },
  },
  lotId: {
    owner: 'global',
    value: async (c) => (await c.world.offeringsLot()),
  },
  domain: {
    owner: 'global',
    value: async (c) => {
      if (!c.fresh) return 'gov.uk';
      const d = `matrix-${tag()}.gov.uk`;
      await c.world.api.dataSource.query(`INSERT INTO identity.public_sector_domain (domain) VALUES ($1)`, [d]);
      return d;
    },
  },
};

/** A stored OCDS release (as the publication job stores them) for the open-data routes' parameters. */
async function publishedRelease(world: MatrixWorld): Promise<{ id: string; ocid: string }> {
  const id = randomUUID();
  const ocid = `ocds-opm0uk-${randomUUID()}`;
  const release = { ocid, id, date: new Date().toISOString(), tag: ['tender'], initiationType: 'tender', tender: { id: ocid.slice(12), title: 'Access-matrix tender', status: 'active' } };
  await world.api.dataSource.query(`INSERT INTO open_data.release (id, ocid, date, tags, release) VALUES ($1, $2, $3, $4, $5::json)`, [
    id, ocid, release.date, release.tag, JSON.stringify(release),
  ]);
  return { id, ocid };
}

/**
 * Request-body fields that an OpenAPI `example` cannot fill because the value
 * must be live (credentials, tokens) or unique, keyed `Schema.property`.
 * Every other field comes from the schema's `example`.
 */
export const BODY_FIXTURES: Record<string, (c: FixtureCall) => unknown | Promise<unknown>> = {
  'SignInDto.email': async (c) => (c.actor ? c.actor.user.email : (await c.world.throwawayUser()).email),
  'SignInDto.password': () => TEST_PASSWORD,
  'RefreshDto.refreshToken': async (c) => {
    // A session of its own: spending the shared actor's refresh token would spoil later cases.
    if (c.actor) return (await c.world.freshActor(c.actor.role)).refreshToken;
    const user = await c.world.throwawayUser();
    return (await c.world.api.signIn(user.email, user.password)).refreshToken;
  },
  'ChangePasswordDto.currentPassword': () => TEST_PASSWORD,
  'NewAdminDto.email': () => uniqueEmail('registrant'),
  'InviteUserDto.email': () => uniqueEmail('invitee'),
  // Unique among the organisation's active keys.
  'CreateApiKeyDto.name': () => `Matrix key ${tag()}`,
  'InviteUserDto.role': async (c) => nonAdminRoleFor(await c.world.kindOf(c.params.organisationId ?? own(c).organisation.id)),
  'AcceptInvitationDto.token': (c) => c.world.invitationToken(),
  'OfferingDto.lotId': (c) => c.world.offeringsLot(),
  'ReasonDto.reason': () => 'Access-matrix check',
  // A shortlist of the caller's organisation holding a published offering of a third party, and that offering.
  'DirectAwardDto.shortlistId': async (c) => (await directAwardShortlist(c)).shortlistId,
  'DirectAwardDto.offeringId': async (c) => (await directAwardShortlist(c)).offeringId,
  'DirectAwardDto.value': () => '24000.00',
  'RequirementDto.lotId': (c) => c.world.requirementsLot(),
  'ClosingTimeDto.closesAt': () => new Date(Date.now() + 30 * 86_400_000).toISOString(),
  'AssignmentDto.userId': async (c) => (c.actor ? (await c.world.colleague(c.actor.role, false)).id : randomUUID()),
  // Answers to the requirement's own criteria (an unknown criterion id is refused).
  'BidDto.answers': async (c) => {
    const rows: { id: string }[] = c.params.requirementId
      ? await c.world.api.dataSource.query(`SELECT id FROM tendering.criterion WHERE requirement_id = $1`, [c.params.requirementId])
      : [];
    return Object.fromEntries(rows.map((r) => [r.id, 'Access-matrix answer']));
  },
  'ScoreItemDto.criterionId': async (c) =>
    (await c.world.api.dataSource.query(`SELECT id FROM tendering.criterion WHERE requirement_id = $1 ORDER BY kind, position LIMIT 1`, [c.params.requirementId]))[0]?.id ?? randomUUID(),
  'AwardDto.bidIds': async (c) =>
    (await c.world.api.dataSource.query(`SELECT id FROM tendering.bid WHERE requirement_id = $1 AND organisation_id = $2 AND status = 'submitted'`, [
      c.params.requirementId, (await c.world.outsider()).id,
    ])).map((r: { id: string }) => r.id),

  // A published offering of a supplier that is no fixture of the matrix (its name in a response is not "foreign data").
  'ShortlistItemDto.offeringId': async (c) => insertOffering(c.world, (await c.world.outsider()).id, 'published'),
};

// ---------------------------------------------------------------------------
// Policy: the expectations, and every exception to them, stated explicitly
// ---------------------------------------------------------------------------

/** Routes that answer without a token. Anything else marked @Public() fails the matrix until listed here. */
export const PUBLIC_ROUTES: Record<string, string> = {
  'GET /health': 'load balancers and monitoring',
  'POST /api/v1/auth/sign-in': 'how a token is obtained',
  'POST /api/v1/auth/refresh': 'the refresh token is the credential',
  'POST /api/v1/organisations': 'self-service registration',
  'POST /api/v1/invitations/accept': 'the invitation token is the credential',
  'GET /api/v1/suppliers/:organisationId': "a supplier's public page (product.md §1: the registry is public)",
  'GET /api/v1/suppliers/:organisationId/size-band': 'supplier scale is public, as OCDS publishes it',
  'GET /api/v1/frameworks': 'frameworks, lots and categories are public reference data',
  'GET /api/v1/offerings': 'catalogue search is public (product.md §2: no sign-in needed)',
  'GET /api/v1/offerings/:offeringId': 'a published offering is public; other states only to their supplier (token optional)',
  'GET /api/v1/offerings/:offeringId/versions': "a published offering's history is public",
  'GET /api/v1/offerings/:offeringId/versions/:version': "a published offering's history is public",
  'GET /api/v1/requirements': 'published requirements are public (product.md §3: opportunities are advertised openly)',
  'GET /api/v1/requirements/:requirementId': 'a published requirement is public; drafts only to their buyer (token optional)',
  'GET /api/v1/requirements/:requirementId/questions': 'published answers are public, without the asker',
  'GET /api/v1/requirements/:requirementId/bid-counts': 'bid statistics are public after closing (OCDS bid statistics), refused before',
  'GET /api/v1/contracts': 'awarded contracts are published',
  'GET /api/v1/contracts/:contractId': 'awarded contracts are published',
  'GET /api/v1/reports/sme-share': 'SME-share aggregates are public (product.md §4–5: anyone can check the figures)',
  'GET /api/v1/reports/sme-share/lines': 'the published contracts behind a public figure',
  'GET /api/v1/reports/scorecards': 'buyer scorecards are public aggregates',
  'GET /api/v1/reports/funnel': 'the SME funnel: counts by size band of closed requirements only',
  'GET /api/v1/reports/snapshots': 'when each recompute ran and its checksum: public, so figures can be reproduced',
  'GET /api/v1/reports/fx-rates': 'the exchange rates behind the GBP figures are public',
  'GET /api/v1/ocds/releases': 'open data: OCDS release packages (product.md §5)',
  'GET /api/v1/ocds/releases/:releaseId': 'open data: one OCDS release',
  'GET /api/v1/ocds/records/:ocid': 'open data: the OCDS record of a contracting process',
  'GET /api/v1/ocds/bulk': 'open data: the list of daily bulk files',
  'GET /api/v1/ocds/bulk/:day': 'open data: a daily bulk file',
};

export interface RoutePolicy {
  /**
   * Who may act on another organisation's object. Default `deny`: everyone
   * gets 404 (or 403) and none of its data. `allowed-for-platform-admin`: a
   * platform admin gets it like their own (they oversee every organisation).
   * `self`: the route acts only on the caller's own object under a public
   * parent (a supplier's bid on a published requirement): "another
   * organisation" is one whose object sits beside the caller's under the same
   * parent, and the caller gets its own (2xx) and never the other's data.
   */
  crossOrganisation?: 'deny' | 'allowed-for-platform-admin' | 'public' | 'self';
  /**
   * The path's organisation must be of this kind (a supplier's profile, say):
   * "another organisation" is one of this kind for every actor, and an actor
   * whose own organisation is of another kind gets 404 on it.
   */
  ownerKind?: OrganisationKind;
  /** The route ends or changes the caller's session: every case acts as a newly signed-in user. */
  freshActor?: boolean;
  /** Statuses other than 2xx that a permitted role gets on its own object, and why. */
  ownOutcome?: Partial<Record<Role, { status: number; because: string }>>;
}

const PLATFORM_OVERSIGHT: RoutePolicy = { crossOrganisation: 'allowed-for-platform-admin' };
/** Public data: anyone reads any organisation's, so "foreign data" in the answer is expected. */
const PUBLIC_DATA: RoutePolicy = { crossOrganisation: 'public' };
const SUPPLIER_PUBLIC: RoutePolicy = { ...PUBLIC_DATA, ownerKind: 'supplier' };
const SUPPLIER_PRIVATE: RoutePolicy = { ...PLATFORM_OVERSIGHT, ownerKind: 'supplier' };
/** A supplier's own bid on a public requirement. */
const OWN_BID: RoutePolicy = { crossOrganisation: 'self' };
const NOT_ASSIGNED = { status: 404, because: 'only users assigned to the requirement in its buyer organisation read its bids (Annex IV d–f)' };
/** Bids after closing: the fixture assigns buyer admins, buyer users and evaluators of the owning organisation; nobody else reads them. */
const ASSIGNED_ONLY: RoutePolicy = { ownOutcome: { supplier_admin: NOT_ASSIGNED, supplier_user: NOT_ASSIGNED, analyst: NOT_ASSIGNED, platform_admin: NOT_ASSIGNED } };
const PLATFORM_ORG_IS_ALWAYS_VERIFIED = { status: 409, because: 'the platform operator organisation is always verified; it cannot be verified or rejected' };

/** Per route (`METHOD /path/:param`); a route not listed gets the defaults. */
export const ROUTE_POLICIES: Record<string, RoutePolicy> = {
  'POST /api/v1/auth/sign-out': { freshActor: true },
  'POST /api/v1/auth/change-password': { freshActor: true },
  'GET /api/v1/organisations/:organisationId': PLATFORM_OVERSIGHT,
  'GET /api/v1/organisations/:organisationId/users': PLATFORM_OVERSIGHT,
  'GET /api/v1/organisations/:organisationId/invitations': PLATFORM_OVERSIGHT,
  'POST /api/v1/organisations/:organisationId/invitations': PLATFORM_OVERSIGHT,
  'POST /api/v1/admin/organisations/:organisationId/verify': { ...PLATFORM_OVERSIGHT, ownOutcome: { platform_admin: PLATFORM_ORG_IS_ALWAYS_VERIFIED } },
  'POST /api/v1/admin/organisations/:organisationId/reject': { ...PLATFORM_OVERSIGHT, ownOutcome: { platform_admin: PLATFORM_ORG_IS_ALWAYS_VERIFIED } },
  'POST /api/v1/admin/users/:userId/disable': PLATFORM_OVERSIGHT,
  'GET /api/v1/suppliers/:organisationId': SUPPLIER_PUBLIC,
  'GET /api/v1/suppliers/:organisationId/size-band': SUPPLIER_PUBLIC,
  'GET /api/v1/suppliers/:organisationId/size-declarations': SUPPLIER_PRIVATE,
  'GET /api/v1/suppliers/:organisationId/offerings': SUPPLIER_PRIVATE,
  'PUT /api/v1/suppliers/:organisationId/profile': { ownerKind: 'supplier' },
  'POST /api/v1/suppliers/:organisationId/size-declarations': { ownerKind: 'supplier' },
  'POST /api/v1/suppliers/:organisationId/size-declarations/:declarationId/verify': PLATFORM_OVERSIGHT,
  'GET /api/v1/offerings': PUBLIC_DATA,
  'GET /api/v1/offerings/:offeringId': PLATFORM_OVERSIGHT,
  // The fixture is a published offering: its history is public.
  'GET /api/v1/offerings/:offeringId/versions': PUBLIC_DATA,
  'GET /api/v1/offerings/:offeringId/versions/:version': PUBLIC_DATA,
  'POST /api/v1/offerings/:offeringId/suspend': PLATFORM_OVERSIGHT,
  'POST /api/v1/offerings/:offeringId/reinstate': PLATFORM_OVERSIGHT,
  'GET /api/v1/requirements/:requirementId': PUBLIC_DATA,
  'GET /api/v1/contracts/:contractId': PUBLIC_DATA,
  'GET /api/v1/requirements/:requirementId/questions': PUBLIC_DATA,
  'GET /api/v1/requirements/:requirementId/bid-counts': PUBLIC_DATA,
  // Any supplier asks about any published requirement.
  'POST /api/v1/requirements/:requirementId/questions': PUBLIC_DATA,
  'GET /api/v1/requirements/:requirementId/bid': OWN_BID,
  'PUT /api/v1/requirements/:requirementId/bid': OWN_BID,
  'POST /api/v1/requirements/:requirementId/bid/submit': OWN_BID,
  'POST /api/v1/requirements/:requirementId/bid/withdraw': OWN_BID,
  'GET /api/v1/requirements/:requirementId/bids': ASSIGNED_ONLY,
  'GET /api/v1/requirements/:requirementId/bids/:bidId': ASSIGNED_ONLY,
  'GET /api/v1/requirements/:requirementId/evaluation': ASSIGNED_ONLY,
  'PUT /api/v1/requirements/:requirementId/closing-time': {
    ownOutcome: { buyer_user: { status: 403, because: 'only a buyer admin changes the closing time (Annex IV c)' } },
  },
};

export interface Expectation {
  /** `2xx`, or the statuses accepted. */
  statuses: '2xx' | number[];
  why: string;
  /** The response must carry no data of another organisation. */
  noForeignData: boolean;
  /** A guard answers (401/403) and the handler never runs. */
  byGuard?: boolean;
}

export function expectationFor(route: ApiRoute, role: MatrixRole, scope: Scope): Expectation {
  const policy = ROUTE_POLICIES[routeKey(route)] ?? {};
  const oversees = role === 'platform_admin' && policy.crossOrganisation === 'allowed-for-platform-admin';
  if (!route.isPublic && role === 'anonymous') return { statuses: [401], why: 'deny by default: no token', noForeignData: true, byGuard: true };
  if (!route.isPublic && route.roles && !route.roles.includes(role as Role)) {
    return { statuses: [403], why: `role not in @Roles(${route.roles.join(', ')})`, noForeignData: true, byGuard: true };
  }
  const open = policy.crossOrganisation === 'public';
  if (scope === 'other' && open) return { statuses: '2xx', why: 'public data (ROUTE_POLICIES)', noForeignData: false };
  if (scope === 'other' && policy.crossOrganisation === 'self') {
    return { statuses: '2xx', why: "the caller's own object beside another organisation's (ROUTE_POLICIES)", noForeignData: true };
  }
  if (scope === 'other' && !oversees) return { statuses: [403, 404], why: "another organisation's object", noForeignData: true };
  if (scope === 'other') return { statuses: '2xx', why: 'platform admins act on every organisation (ROUTE_POLICIES)', noForeignData: false };
  if (scope === 'own' && policy.ownerKind && role !== 'anonymous' && homeKindOf(role) !== policy.ownerKind) {
    return { statuses: [404], why: `the actor's own organisation is not a ${policy.ownerKind}`, noForeignData: true };
  }
  if (open) return { statuses: '2xx', why: 'public data', noForeignData: false };
  const special = role !== 'anonymous' ? policy.ownOutcome?.[role] : undefined;
  if (special) return { statuses: [special.status], why: special.because, noForeignData: role !== 'platform_admin' };
  return { statuses: '2xx', why: scope === 'own' ? 'own object' : 'permitted', noForeignData: role !== 'platform_admin' };
}

// ---------------------------------------------------------------------------
// Request bodies from the OpenAPI schema
// ---------------------------------------------------------------------------

export class MatrixSetupError extends Error {}

export type Blueprint =
  | { kind: 'value'; value: unknown }
  | { kind: 'fixture'; key: string }
  | { kind: 'object'; props: [string, Blueprint][] }
  | { kind: 'array'; item: Blueprint }
  | { kind: 'multipart'; fields: [string, Blueprint][]; files: string[] };

/** What an upload route gets in each file field: a small valid spend CSV (an import queues it; nothing reads it here). */
export const MATRIX_UPLOAD = {
  name: 'matrix-spend.csv',
  content: Buffer.from(
    'ID,Framework,LotDescription,SupplierName,CustomerName,ReturnMonth,ProjectNameAndDescription,EvidencedSpend,Sector,SMEorLarge\r' +
      '1,G-Cloud,3,MATRIX LTD,Matrix Council,2013-05-01,Hosting,100,Local Government,SME\r',
  ),
};

function deref(doc: OpenApiDocument, schema: SchemaObject, name: string): { schema: SchemaObject; name: string } {
  if (schema.$ref) {
    const n = schema.$ref.replace('#/components/schemas/', '');
    const s = doc.components?.schemas?.[n];
    if (!s) throw new MatrixSetupError(`the OpenAPI document has no schema ${schema.$ref}`);
    return deref(doc, s, n);
  }
  if (schema.allOf?.length === 1 && schema.example === undefined) return deref(doc, schema.allOf[0], name);
  return { schema, name };
}

/**
 * How to build a valid request body for a route: required fields from their
 * `example` (or enum, or default), nested objects resolved, live or unique
 * values from BODY_FIXTURES. Throws MatrixSetupError naming the field that
 * cannot be filled. Returns undefined when the route takes no body.
 */
export function bodyBlueprint(doc: OpenApiDocument, route: ApiRoute): Blueprint | undefined {
  const op = operationOf(doc, route);
  const content = op?.requestBody?.content;
  if (!content) return undefined;
  const multipart = content['multipart/form-data']?.schema;
  if (multipart && !content['application/json']) {
    // Uploads: binary fields get a small file, the other required fields their example.
    const { schema: form, name } = deref(doc, multipart, 'body');
    const required = new Set(form.required ?? []);
    const fields: [string, Blueprint][] = [];
    const files: string[] = [];
    for (const [prop, ps] of Object.entries(form.properties ?? {})) {
      if ((ps as SchemaObject & { format?: string }).format === 'binary') files.push(prop);
      else if (required.has(prop)) fields.push([prop, blueprintOf(doc, route, ps, `${name}.${prop}`, 1)]);
    }
    return { kind: 'multipart', fields, files };
  }
  const schema = content['application/json']?.schema;
  if (!schema) throw new MatrixSetupError(`${routeKey(route)} takes a body that is not application/json (${Object.keys(content).join(', ')}); teach ${THIS_FILE} to build it`);
  return blueprintOf(doc, route, schema, 'body', 0);
}

function blueprintOf(doc: OpenApiDocument, route: ApiRoute, raw: SchemaObject, key: string, depth: number): Blueprint {
  if (BODY_FIXTURES[key]) return { kind: 'fixture', key };
  if (raw.example !== undefined) return { kind: 'value', value: raw.example };
  if (depth > 8) throw new MatrixSetupError(`${routeKey(route)}: the request schema nests too deep at ${key}`);
  const { schema, name } = deref(doc, raw, key);
  if (schema.example !== undefined) return { kind: 'value', value: schema.example };
  if (schema.type === 'object' || schema.properties) {
    const required = new Set(schema.required ?? []);
    const props: [string, Blueprint][] = [];
    for (const [prop, ps] of Object.entries(schema.properties ?? {})) {
      const propKey = `${name}.${prop}`;
      if (!required.has(prop) && !BODY_FIXTURES[propKey]) continue;
      props.push([prop, blueprintOf(doc, route, ps, propKey, depth + 1)]);
    }
    return { kind: 'object', props };
  }
  if (schema.enum?.length) return { kind: 'value', value: schema.enum[0] };
  if (schema.default !== undefined) return { kind: 'value', value: schema.default };
  if (schema.type === 'array' && schema.items) return { kind: 'array', item: blueprintOf(doc, route, schema.items, `${key}[]`, depth + 1) };
  throw new MatrixSetupError(
    `cannot build the request body of ${routeKey(route)}: ${key} has no example — add @ApiProperty({ example: ... }) to it, ` +
      `or a body fixture '${key}' to BODY_FIXTURES in ${THIS_FILE}`,
  );
}

export async function materialise(bp: Blueprint, c: FixtureCall): Promise<unknown> {
  switch (bp.kind) {
    case 'value':
      return structuredClone(bp.value);
    case 'fixture':
      return BODY_FIXTURES[bp.key](c);
    case 'array':
      return [await materialise(bp.item, c)];
    case 'multipart':
      return undefined;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of bp.props) out[k] = await materialise(v, c);
      return out;
    }
  }
}

/** Required query parameters: from their example, enum or default. */
function queryBlueprint(doc: OpenApiDocument, route: ApiRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of operationOf(doc, route)?.parameters ?? []) {
    if (p.in !== 'query' || !p.required) continue;
    const v = p.example ?? p.schema?.example ?? p.schema?.enum?.[0] ?? p.schema?.default;
    if (v === undefined) {
      throw new MatrixSetupError(`${routeKey(route)}: required query parameter ${p.name} has no example — add @ApiProperty({ example: ... }) to it`);
    }
    out[p.name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Plan and run
// ---------------------------------------------------------------------------

export interface MatrixCase {
  route: ApiRoute;
  role: MatrixRole;
  scope: Scope;
}

export interface MatrixPlan {
  cases: MatrixCase[];
  /** Routes the matrix cannot test, each with what to add, and stale configuration. */
  problems: string[];
}

/** Every route × every role × own / another organisation, and what stops a route from being tested. */
export function planAccessMatrix(routes: ApiRoute[], doc: OpenApiDocument): MatrixPlan {
  const cases: MatrixCase[] = [];
  const problems: string[] = [];
  const keys = new Set(routes.map(routeKey));
  for (const k of Object.keys(ROUTE_POLICIES)) if (!keys.has(k)) problems.push(`ROUTE_POLICIES names ${k}, which the app does not serve: rename or remove it in ${THIS_FILE}`);
  for (const k of Object.keys(PUBLIC_ROUTES)) if (!keys.has(k)) problems.push(`PUBLIC_ROUTES names ${k}, which the app does not serve: rename or remove it in ${THIS_FILE}`);
  for (const route of routes) {
    const key = routeKey(route);
    if (route.isPublic && !PUBLIC_ROUTES[key]) {
      problems.push(`${key} (${route.handler}) is @Public(): if it really must answer without a token, add it to PUBLIC_ROUTES in ${THIS_FILE} with the reason`);
    }
    const missing = route.params.filter((p) => !PARAM_FIXTURES[p]);
    if (missing.length) {
      problems.push(`${key} (${route.handler}): no fixture for path parameter ${missing.map((p) => `:${p}`).join(', ')} — add one to PARAM_FIXTURES in ${THIS_FILE}`);
      continue;
    }
    try {
      bodyBlueprint(doc, route);
      queryBlueprint(doc, route);
    } catch (e) {
      if (!(e instanceof MatrixSetupError)) throw e;
      problems.push(e.message);
      continue;
    }
    const scoped = route.params.some((p) => PARAM_FIXTURES[p].owner === 'organisation');
    for (const role of MATRIX_ROLES) {
      const scopes: Scope[] = !scoped ? ['none'] : role === 'anonymous' ? ['other'] : ['own', 'other'];
      for (const scope of scopes) cases.push({ route, role, scope });
    }
  }
  return { cases, problems };
}

export interface MatrixResult extends MatrixCase {
  status: number;
  /** Time for the case, fixtures included. */
  ms: number;
  expected: string;
  failure?: string;
}

export interface MatrixReport {
  results: MatrixResult[];
  failures: string[];
  ms: number;
}

const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** Supertest against a listening server: concurrent requests must not each start and stop their own. */
export async function ensureListening(api: ApiTestApp): Promise<void> {
  const server = api.app.getHttpServer();
  if (!(server.address() as AddressInfo | null)) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

async function runCase(world: MatrixWorld, doc: OpenApiDocument, c: MatrixCase): Promise<MatrixResult> {
  const started = Date.now();
  const { route, role, scope } = c;
  const policy = ROUTE_POLICIES[routeKey(route)] ?? {};
  const expectation = expectationFor(route, role, scope);
  const expected = expectation.statuses === '2xx' ? '2xx' : expectation.statuses.join('|');
  // A write route gets objects of its own for each case in which its handler runs (a guard-refused case changes nothing).
  const fresh = isWrite(route.method) && !expectation.byGuard;
  const actor = role === 'anonymous' ? null : policy.freshActor && fresh ? await world.freshActor(role) : world.actor(role);
  let foreign: Promise<ForeignOrganisation> | undefined;
  const call: FixtureCall = {
    world,
    route,
    role,
    scope,
    fresh,
    actor,
    params: {},
    foreign: () => (foreign ??= world.foreignFor(policy.ownerKind ?? (actor ? homeKindOf(actor.role) : 'supplier'), fresh)),
  };
  for (const p of route.params) call.params[p] = await PARAM_FIXTURES[p].value(call);
  const url = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, p: string) => encodeURIComponent(call.params[p]));
  const bp = bodyBlueprint(doc, route);
  const body = bp && bp.kind !== 'multipart' ? await materialise(bp, call) : undefined;
  const query = queryBlueprint(doc, route);

  const agent = request(world.api.app.getHttpServer());
  let req = agent[route.method.toLowerCase() as 'get'](url).query(query as Record<string, string>);
  if (actor) req = req.set('Authorization', `Bearer ${actor.accessToken}`);
  if (body !== undefined) req = req.send(body as object);
  if (bp?.kind === 'multipart') {
    for (const [field, fbp] of bp.fields) req = req.field(field, String(await materialise(fbp, call)));
    for (const file of bp.files) req = req.attach(file, MATRIX_UPLOAD.content, MATRIX_UPLOAD.name);
  }
  const res = await req;

  const problems: string[] = [];
  const statusOk = expectation.statuses === '2xx' ? res.status >= 200 && res.status < 300 : expectation.statuses.includes(res.status);
  if (!statusOk) {
    const detail = res.body && typeof res.body === 'object' && 'code' in res.body ? ` ${res.body.code}: ${res.body.detail}` : '';
    problems.push(`expected ${expected} (${expectation.why}), got ${res.status}${detail}`);
  }
  if (res.status >= 400 && !String(res.headers['content-type'] ?? '').startsWith('application/problem+json')) {
    problems.push(`error ${res.status} is not application/problem+json`);
  }
  if (expectation.noForeignData) {
    // `instance` echoes the path the caller sent (it may hold the foreign id it asked for); it must be exactly that.
    const json = /json/.test(String(res.headers['content-type'] ?? ''));
    const { instance, ...rest } = json && res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? res.body : { instance: undefined };
    if (instance !== undefined && instance !== url) problems.push(`problem instance ${instance} is not the request path ${url}`);
    const text = json ? JSON.stringify(Array.isArray(res.body) ? res.body : rest) : (res.text ?? '');
    const leaked = world.foreignDataIn(text, actor?.organisation.id ?? null);
    if (leaked.length) problems.push(`response carries another organisation's data: ${leaked.join(', ')}`);
  }
  const who = `${role}${scope === 'none' ? '' : ` × ${scope} organisation`}`;
  return { ...c, status: res.status, ms: Date.now() - started, expected, failure: problems.length ? `${routeKey(route)} as ${who}: ${problems.join('; ')}` : undefined };
}

async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Runs the plan with bounded concurrency; a case that throws is a failure, not a crash. */
export async function runAccessMatrix(world: MatrixWorld, doc: OpenApiDocument, plan: MatrixPlan, concurrency = 4): Promise<MatrixReport> {
  const started = Date.now();
  await ensureListening(world.api);
  const results = await pool(plan.cases, concurrency, (c) =>
    runCase(world, doc, c).catch((e: Error): MatrixResult => ({ ...c, status: 0, ms: 0, expected: '?', failure: `${routeKey(c.route)} as ${c.role} × ${c.scope}: the case could not run: ${e.message}` })),
  );
  const failures = [...plan.problems, ...results.flatMap((r) => (r.failure ? [r.failure] : []))];
  return { results, failures, ms: Date.now() - started };
}

const SCOPE_ORDER: Record<Scope, number> = { own: 0, none: 1, other: 2 };

const ROLE_LABEL: Record<MatrixRole, string> = {
  supplier_admin: 'sup-adm',
  supplier_user: 'sup-usr',
  buyer_admin: 'buy-adm',
  buyer_user: 'buy-usr',
  evaluator: 'evaluat',
  analyst: 'analyst',
  platform_admin: 'plt-adm',
  anonymous: 'anon',
};

/**
 * Routes × roles: each cell is the status for the actor's own organisation /
 * another organisation (one status when the route has no owner), `!` marking
 * a failed case; then counts per status.
 */
export function formatMatrixSummary(report: MatrixReport): string {
  const rows = new Map<string, Map<MatrixRole, MatrixResult[]>>();
  for (const r of report.results) {
    const k = `${r.route.method} ${r.route.path.replace(/^\/api\/v1/, '')}`;
    const byRole = rows.get(k) ?? new Map<MatrixRole, MatrixResult[]>();
    byRole.set(r.role, [...(byRole.get(r.role) ?? []), r]);
    rows.set(k, byRole);
  }
  const width = Math.max(...[...rows.keys()].map((k) => k.length), 10);
  const cellW = 9;
  const header = 'route (/api/v1)'.padEnd(width) + ' ' + MATRIX_ROLES.map((r) => (ROLE_LABEL[r] ?? r.slice(0, 7)).padStart(cellW)).join('');
  const lines = [header, '-'.repeat(header.length)];
  for (const [k, byRole] of rows) {
    const cells = MATRIX_ROLES.map((role) => {
      const rs = (byRole.get(role) ?? []).sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope]);
      const cell = rs.map((r) => `${r.status}${r.failure ? '!' : ''}`).join('/');
      return cell.padStart(cellW);
    });
    lines.push(k.padEnd(width) + ' ' + cells.join(''));
  }
  const counts = new Map<number, number>();
  for (const r of report.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const failed = report.results.filter((r) => r.failure).length;
  const perRoute = new Map<string, number[]>();
  for (const r of report.results) perRoute.set(routeKey(r.route), [...(perRoute.get(routeKey(r.route)) ?? []), r.ms]);
  const slowest = [...perRoute.entries()]
    .map(([k, ms]) => [k, Math.round(ms.reduce((a, b) => a + b, 0) / ms.length)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  lines.push('-'.repeat(header.length));
  lines.push(`slowest routes (mean ms per case): ${slowest.map(([k, ms]) => `${k} ${ms}`).join(', ')}`);
  lines.push(
    `${report.results.length} cases over ${rows.size} routes in ${(report.ms / 1000).toFixed(1)} s: ` +
      [...counts.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join('  ') +
      `  · failed ${failed}` + (report.failures.length > failed ? `  · route problems ${report.failures.length - failed}` : ''),
  );
  return lines.join('\n');
}
