import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { AppConfig, loadConfig } from '@app/config';
import { cloneDatabase, dropDatabase } from '@app/database';
import { TEMPLATE_DATABASE, testRedisUrl, testServerUrl, uniqueSuffix } from './test-env';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestContext {
  config: AppConfig;
  databaseUrl: string;
  databaseName: string;
  redisPrefix: string;
  /** Drops the database and deletes the Redis keys of this test file. */
  cleanup(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template and a Redis key prefix
 * of its own, for one test file. Call in beforeAll; call cleanup in afterAll.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const suffix = uniqueSuffix();
  const databaseName = `opm_test_${suffix}`;
  const databaseUrl = await cloneDatabase(testServerUrl(), TEMPLATE_DATABASE, databaseName);
  const redisPrefix = `{opm-test-${suffix}}`;
  const importDir = join(tmpdir(), 'opm-test-imports', suffix);
  const openDataDir = join(tmpdir(), 'opm-test-open-data', suffix);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    RATE_LIMIT_PER_MINUTE: '100000',
    OUTBOX_POLL_MS: '20',
    PUBLIC_WEB_URL: 'http://localhost:3001',
    IMPORT_DIR: importDir,
    OPEN_DATA_DIR: openDataDir,
    // Tests read figures straight after changing them; the report cache has a test of its own.
    REPORT_CACHE_SECONDS: '0',
    ...env,
  });
  return {
    config,
    databaseUrl,
    databaseName,
    redisPrefix,
    async cleanup() {
      await rm(importDir, { recursive: true, force: true });
      await rm(openDataDir, { recursive: true, force: true });
      await dropDatabase(testServerUrl(), databaseName);
      await deleteRedisKeys(redisPrefix);
    },
  };
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
