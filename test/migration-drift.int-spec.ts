import { ApiTestApp, createApiTestApp, createTestContext, TestContext } from '@app/testing';

/**
 * Fails when the entities and the migrations disagree: TypeORM's schema
 * builder, run against a database migrated from the template, must find
 * nothing to change. On failure it prints the SQL a new migration needs.
 */
describe('migration drift', () => {
  let ctx: TestContext;
  let api: ApiTestApp;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('has every entity of the API covered by a migration, and nothing more to generate', async () => {
    expect(api.dataSource.entityMetadatas.length).toBeGreaterThanOrEqual(9);
    const sql = await api.dataSource.driver.createSchemaBuilder().log();
    const pending = sql.upQueries.map((q) => q.query);
    if (pending.length) {
      process.stdout.write('\n-- SQL needed to match the entities:\n' + pending.join(';\n') + ';\n');
    }
    expect(pending).toEqual([]);
  });
});
