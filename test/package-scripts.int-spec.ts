import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every npm script runs a file that exists: a script of scripts/ as it is, and a compiled file one the
 * build produces — `nest build <app>` writes `apps/<app>/src/x.ts` to `dist/apps/<app>/apps/<app>/src/x.js`
 * (and `libs/…` alike), so a path into dist/ is checked against its source (no build needed).
 */
describe('npm scripts', () => {
  const root = join(__dirname, '..');
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const compiled = Object.entries(scripts).flatMap(([name, command]) =>
    [...command.matchAll(/\bdist\/apps\/[^/\s]+\/((?:apps|libs)\/\S+)\.js\b/g)].map((m) => ({ name, source: `${m[1]}.ts` })),
  );

  const ours = Object.entries(scripts).flatMap(([name, command]) => [...command.matchAll(/\bnode (scripts\/\S+\.mjs)\b/g)].map((m) => ({ name, source: m[1] })));

  it('run compiled files whose sources exist', () => {
    expect(compiled.map((c) => c.name)).toEqual(expect.arrayContaining(['start:api', 'start:web', 'start:worker']));
    expect(compiled.filter((c) => !existsSync(join(root, c.source)))).toEqual([]);
  });

  it('run scripts of scripts/ that exist', () => {
    expect(ours.map((c) => c.name)).toEqual(expect.arrayContaining(['test', 'quickstart', 'migrate', 'audit:verify']));
    expect(ours.filter((c) => !existsSync(join(root, c.source)))).toEqual([]);
  });
});
