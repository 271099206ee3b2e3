// Global setup runs outside Jest's module mapper: import files, not @app/* aliases.
import { runMigrations } from '../libs/database/src/migration-runner';
import { createEmptyDatabase } from '../libs/database/src/test-database';
import { TEMPLATE_DATABASE, testServerUrl } from '../libs/testing/src/test-env';

/**
 * Runs once per `jest` invocation: builds the migrated template database
 * that every test file clones (`CREATE DATABASE ... TEMPLATE ...`).
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const url = await createEmptyDatabase(testServerUrl(), TEMPLATE_DATABASE);
  const applied = await runMigrations(url);
  process.stdout.write(`\n[global-setup] ${TEMPLATE_DATABASE}: ${applied.length} migration(s) in ${Date.now() - started} ms\n`);
}
