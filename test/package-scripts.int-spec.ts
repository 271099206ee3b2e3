import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every npm script that runs a compiled file names one the build produces: `nest build <app>` writes
 * `apps/<app>/src/x.ts` to `dist/apps/<app>/apps/<app>/src/x.js` (and `libs/…` alike), so a script
 * pointing into dist/ is checked against the source it is built from (no build needed for the check).
 */
describe('npm scripts', () => {
  const root = join(__dirname, '..');
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const compiled = Object.entries(scripts).flatMap(([name, command]) =>
    [...command.matchAll(/\bdist\/apps\/[^/\s]+\/((?:apps|libs)\/\S+)\.js\b/g)].map((m) => ({ name, source: `${m[1]}.ts` })),
  );

  it('run compiled files whose sources exist', () => {
    expect(compiled.map((c) => c.name)).toEqual(expect.arrayContaining(['start:api', 'start:web', 'start:worker', 'audit:verify']));
    const missing = compiled.filter((c) => !existsSync(join(root, c.source)));
    expect(missing).toEqual([]);
  });
});
