import { Body, Controller, Get, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString } from 'class-validator';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Roles } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import {
  ApiRoute,
  ApiTestApp,
  Factories,
  MatrixWorld,
  OpenApiDocument,
  TestContext,
  compareWithOpenApi,
  createApiTestApp,
  createTestContext,
  routesAndDocument,
  formatMatrixSummary,
  planAccessMatrix,
  routeKey,
  runAccessMatrix,
} from '@app/testing';
import { ApiModule } from '../src/api.module';
import { createApiAdapter, initApiApp } from '../src/configure-api';

/**
 * The generated access-control matrix (docs/quality.md, Safety: access
 * control): every route of the running app × every role and anonymous × own
 * organisation / another organisation. Routes, fixtures and expectations:
 * libs/testing/src/access-matrix.ts.
 */
describe('access matrix', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let routes: ApiRoute[];
  let doc: OpenApiDocument;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
    ({ routes, doc } = await routesAndDocument(api.app));
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('reads the route table from the running app, and it equals the routes of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(new Set(routes.map(routeKey)).size).toBe(routes.length);
    expect(compareWithOpenApi(routes, doc)).toEqual({ missingFromDocument: [], notServed: [] });
    // The global prefix and its exclusion are applied as the app applies them.
    expect(routes.map(routeKey)).toContain('GET /health');
    expect(routes.filter((r) => r.path !== '/health').every((r) => r.path.startsWith('/api/v1/'))).toBe(true);
  });

  it('reads @Public() and @Roles() as the guards do (handler first, then the controller)', () => {
    const byKey = new Map(routes.map((r) => [routeKey(r), r]));
    expect(byKey.get('POST /api/v1/auth/sign-in')).toMatchObject({ isPublic: true, roles: null });
    expect(byKey.get('GET /api/v1/auth/me')).toMatchObject({ isPublic: false, roles: null });
    // Handler-level @Roles on a controller without one.
    expect(byKey.get('GET /api/v1/organisations/:organisationId/users')?.roles?.sort()).toEqual(['buyer_admin', 'platform_admin', 'supplier_admin']);
    // Controller-level @Roles inherited by every handler.
    const admin = routes.filter((r) => r.path.startsWith('/api/v1/admin/'));
    expect(admin.length).toBeGreaterThanOrEqual(9);
    for (const r of admin) expect({ route: routeKey(r), roles: r.roles, isPublic: r.isPublic }).toEqual({ route: routeKey(r), roles: ['platform_admin'], isPublic: false });
  });

  it('every route × every role × own / another organisation answers as the policy says, and never with foreign data', async () => {
    const plan = planAccessMatrix(routes, doc);
    const world = await MatrixWorld.create(api);
    const report = await runAccessMatrix(world, doc, plan, Number(process.env.MATRIX_CONCURRENCY ?? 6));
    process.stdout.write(`\nAccess matrix (own/other organisation; ! = failed)\n${formatMatrixSummary(report)}\n\n`);

    // Every route was exercised, by every role and anonymously.
    expect(new Set(report.results.map((r) => routeKey(r.route)))).toEqual(new Set(routes.map(routeKey)));
    expect(report.results.length).toBeGreaterThan(routes.length * 8);
    // The matrix is not vacuous: each expectation kind occurred.
    const statuses = new Set(report.results.map((r) => r.status));
    for (const s of [200, 201, 204, 401, 403, 404]) expect(statuses).toContain(s);
    expect(report.failures).toEqual([]);
  }, 60_000);

  describe('a route added later joins the matrix on its own', () => {
    class WidgetNoteDto {
      @ApiProperty() @IsString() note: string; // no example: the matrix cannot build a valid body
    }

    @Controller('widgets')
    class WidgetsController {
      constructor(@InjectDataSource() private readonly ds: DataSource) {}

      @Get(':widgetId')
      get(@UuidParam('widgetId') id: string) {
        return { id };
      }

      @Roles('buyer_admin')
      @Post()
      create(@Body() body: WidgetNoteDto) {
        return body;
      }

      @Public()
      @Get()
      list() {
        return [];
      }

      /** Broken on purpose: any signed-in user reads any organisation (no ownership check). */
      @Get('by-organisation/:organisationId')
      async leaky(@UuidParam('organisationId') id: string) {
        const [row] = await this.ds.query(`SELECT id, name FROM identity.organisation WHERE id = $1`, [id]);
        return row;
      }
    }

    let app: NestFastifyApplication;
    let extended: ApiRoute[];
    let documented: OpenApiDocument;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(ctx.config)], controllers: [WidgetsController] }).compile();
      app = await initApiApp(moduleRef.createNestApplication<NestFastifyApplication>(createApiAdapter(), { logger: false }), ctx.config);
      ({ routes: extended, doc: documented } = await routesAndDocument(app));
    });

    afterAll(async () => {
      await app?.close();
    });

    it('is discovered from the app and the OpenAPI document, and fails naming the fixture, example or allow-listing it needs', () => {
      const added = extended.map(routeKey).filter((k) => !routes.map(routeKey).includes(k)).sort();
      expect(added).toEqual(['GET /api/v1/widgets', 'GET /api/v1/widgets/:widgetId', 'GET /api/v1/widgets/by-organisation/:organisationId', 'POST /api/v1/widgets']);
      expect(compareWithOpenApi(extended, documented)).toEqual({ missingFromDocument: [], notServed: [] });

      const plan = planAccessMatrix(extended, documented);
      expect(plan.problems).toHaveLength(3);
      expect(plan.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^cannot build the request body of POST \/api\/v1\/widgets: WidgetNoteDto\.note has no example — add @ApiProperty\(\{ example: \.\.\. \}\).*BODY_FIXTURES in libs\/testing\/src\/access-matrix\.ts$/),
          expect.stringMatching(/^GET \/api\/v1\/widgets \(WidgetsController\.list\) is @Public\(\): .*add it to PUBLIC_ROUTES in libs\/testing\/src\/access-matrix\.ts/),
          'GET /api/v1/widgets/:widgetId (WidgetsController.get): no fixture for path parameter :widgetId — add one to PARAM_FIXTURES in libs/testing/src/access-matrix.ts',
        ]),
      );
      // Routes that can be tested still run for every role; the broken ones are reported, not dropped.
      expect(plan.cases.filter((c) => routeKey(c.route) === 'GET /api/v1/widgets')).toHaveLength(8);
      expect(plan.cases.filter((c) => routeKey(c.route) === 'GET /api/v1/widgets/by-organisation/:organisationId')).toHaveLength(15);
    });

    it("catches a route that serves another organisation's object: wrong status and its data in the body", async () => {
      const server = app.getHttpServer();
      const harness: ApiTestApp = {
        app,
        http: request(server),
        dataSource: app.get(DataSource),
        factories: new Factories(app.get(DataSource)),
        async signIn(email, password) {
          const res = await request(server).post('/api/v1/auth/sign-in').send({ email, password });
          if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status}`);
          return res.body;
        },
        close: () => app.close(),
      };
      const world = await MatrixWorld.create(harness);
      const plan = planAccessMatrix(extended, documented);
      const leaky = { ...plan, problems: [], cases: plan.cases.filter((c) => c.route.handler === 'WidgetsController.leaky') };
      const report = await runAccessMatrix(world, documented, leaky);

      const failed = report.results.filter((r) => r.failure);
      expect(failed.map((r) => `${r.role} ${r.scope}`).sort()).toEqual(
        ['analyst', 'buyer_admin', 'buyer_user', 'evaluator', 'platform_admin', 'supplier_admin', 'supplier_user'].map((r) => `${r} other`),
      );
      for (const r of failed) {
        expect(r.status).toBe(200);
        expect(r.failure).toContain("expected 403|404 (another organisation's object), got 200");
        expect(r.failure).toContain("response carries another organisation's data");
      }
      // Own organisation and anonymous pass.
      expect(report.results.filter((r) => !r.failure).map((r) => r.status).sort()).toEqual([...Array(7).fill(200), 401]);
    }, 30_000);
  });
});
