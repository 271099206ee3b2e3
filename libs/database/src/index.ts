export { DatabaseModule } from './database.module';
export { SnakeNamingStrategy, snakeCase } from './snake-naming.strategy';
export { migrationDataSource, runMigrations } from './migration-runner';
export {
  assertTestDatabaseName,
  cloneDatabase,
  createEmptyDatabase,
  databaseNameOf,
  dropDatabase,
  withDatabase,
} from './test-database';
export { MIGRATIONS } from './migrations';
