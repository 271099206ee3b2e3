import { Client } from 'pg';

/**
 * Helpers for the test harness: one migrated template, and a clone of it
 * per Jest worker (`CREATE DATABASE ... TEMPLATE ...`). Every helper refuses a
 * database whose name does not contain `test`, so a test can never wipe a
 * real database.
 */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to touch database "${name}": test databases must have "test" in their name`);
  }
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(name);
  return u.toString();
}

async function onMaintenance<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"';

export async function dropDatabase(url: string, name: string): Promise<void> {
  assertTestDatabaseName(name);
  await onMaintenance(url, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

export async function createEmptyDatabase(url: string, name: string): Promise<string> {
  assertTestDatabaseName(name);
  await onMaintenance(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)}`);
  });
  return withDatabase(url, name);
}

/** Clones `template` into `name` (dropping `name` first) and returns its URL. */
export async function cloneDatabase(url: string, template: string, name: string): Promise<string> {
  assertTestDatabaseName(name);
  assertTestDatabaseName(template);
  await onMaintenance(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`);
  });
  return withDatabase(url, name);
}
