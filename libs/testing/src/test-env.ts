import { randomBytes } from 'node:crypto';

/**
 * The database every test file clones. `TEST_TEMPLATE_DATABASE` gives a
 * second checkout (or a helper working beside you) a template of its own, so
 * two `jest` runs on one server do not rebuild each other's template.
 */
export const TEMPLATE_DATABASE = process.env.TEST_TEMPLATE_DATABASE ?? 'opm_test_template';
if (!TEMPLATE_DATABASE.includes('test')) throw new Error(`TEST_TEMPLATE_DATABASE must contain "test": ${TEMPLATE_DATABASE}`);

/** The Postgres server tests use (any database on it; the name is replaced). */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function uniqueSuffix(): string {
  return `w${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
}
