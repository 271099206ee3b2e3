import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder of real published procurement data the import suites read: `FIXTURES_DIR`,
 * by default `../shared/data` beside the project. Where it is absent the suites skip with
 * a one-line notice naming FIXTURES_DIR; under `CI=true` an absent folder is a failure.
 */
export function fixturesDir(): string | null {
  const dir = path.resolve(process.env.FIXTURES_DIR ?? path.join(__dirname, '..', '..', '..', '..', 'shared', 'data'));
  if (existsSync(dir)) return dir;
  if (process.env.CI === 'true') throw new Error(`FIXTURES_DIR ${dir} does not exist (required under CI=true)`);
  console.warn(`skipping fixture-based tests: FIXTURES_DIR ${dir} does not exist`);
  return null;
}

/** `describe` when the fixtures folder exists, `describe.skip` (with the notice) when it does not. */
export function describeWithFixtures(name: string, fn: (dir: string) => void): void {
  const dir = fixturesDir();
  if (dir) describe(name, () => fn(dir));
  else describe.skip(name, () => it('needs FIXTURES_DIR', () => undefined));
}
