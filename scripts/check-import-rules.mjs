// Import-rule check for `npm test`:
//  1. dependency-cruiser on the real tree (apps, libs) with .dependency-cruiser.cjs must pass,
//     and the @app/* aliases must actually be resolved through tsconfig paths;
//  2. the same config on test/import-rules/fixture must report exactly the violations listed in
//     test/import-rules/expected-violations.json — so a broken rule (one that stops catching
//     anything) fails the build just like a violation does.
//
//   node scripts/check-import-rules.mjs            # both
//   node scripts/check-import-rules.mjs --update   # rewrite expected-violations.json from the fixture
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, isMain, localBin } from './proc.mjs';

const CONFIG = path.join(repoRoot, '.dependency-cruiser.cjs');
const FIXTURE = path.join(repoRoot, 'test', 'import-rules', 'fixture');
const EXPECTED = path.join(repoRoot, 'test', 'import-rules', 'expected-violations.json');

function depcruise(cwd, dirs) {
  const bin = localBin('depcruise');
  if (!bin) throw Object.assign(new Error('dependency-cruiser is not installed (run npm ci)'), { exitCode: 1 });
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...dirs, '--config', CONFIG, '--output-type', 'json'], { cwd });
    const out = [];
    let err = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(Object.assign(new Error(`depcruise failed (exit ${code}) in ${path.relative(repoRoot, cwd) || '.'}:\n${err || text}`), { exitCode: 1 }));
      }
    });
  });
}

// Packages are named, not their resolved file (which changes with the installed version).
const pkgName = (p) => p.replace(/^(?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1');
const key = (v) => `${v.rule.name}: ${v.from} → ${pkgName(v.to)}`;

function explain(result, v) {
  const rule = result.summary.ruleSetUsed?.forbidden?.find((r) => r.name === v.rule.name);
  const cycle = v.cycle?.length ? `\n      cycle: ${[v.from, ...v.cycle.map((c) => c.name ?? c)].join(' → ')}` : '';
  return `  ${key(v)}${rule?.comment ? `\n      ${rule.comment}` : ''}${cycle}`;
}

async function checkRealTree() {
  const dirs = ['apps', 'libs'].filter((d) => existsSync(path.join(repoRoot, d)));
  if (!dirs.length) {
    console.log('import rules: no apps/ or libs/ yet, nothing to check');
    return 0;
  }
  const result = await depcruise(repoRoot, dirs);
  const violations = result.summary.violations.filter((v) => v.rule.severity === 'error');
  const deps = result.modules.flatMap((m) => m.dependencies);
  const aliased = deps.filter((d) => d.module.startsWith('@app/'));
  const notViaPaths = aliased.filter((d) => !d.couldNotResolve && !d.dependencyTypes.includes('aliased-tsconfig-paths'));
  let failed = false;
  if (violations.length) {
    failed = true;
    console.error(`import rules: ${violations.length} violation(s) in apps/ and libs/:`);
    for (const v of violations) console.error(explain(result, v));
  }
  if (notViaPaths.length) {
    failed = true;
    console.error('import rules: @app/* imports were not resolved through tsconfig.json paths (check options.tsConfig):');
    for (const d of notViaPaths.slice(0, 5)) console.error(`  ${d.module} → ${d.resolved}`);
  }
  if (failed) return 1;
  console.log(
    `import rules: apps/ and libs/ pass (${result.summary.totalCruised} modules, ` +
      `${result.summary.totalDependenciesCruised} dependencies, ${aliased.length} @app/* imports resolved)`,
  );
  return 0;
}

async function checkFixture({ update = false } = {}) {
  const result = await depcruise(FIXTURE, ['apps', 'libs']);
  const actual = [...new Set(result.summary.violations.map(key))].sort();
  if (update) {
    writeFileSync(EXPECTED, JSON.stringify(actual, null, 2) + '\n');
    console.log(`import rules: wrote ${actual.length} expected violations to ${path.relative(repoRoot, EXPECTED)}`);
    return 0;
  }
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8'));
  const missing = expected.filter((e) => !actual.includes(e));
  const unexpected = actual.filter((a) => !expected.includes(a));
  const rules = new Set(expected.map((e) => e.split(':')[0]));
  if (missing.length || unexpected.length) {
    console.error('import rules self-test FAILED on test/import-rules/fixture:');
    for (const m of missing) console.error(`  not reported (a rule no longer catches it): ${m}`);
    for (const u of unexpected) console.error(`  reported but not expected (a false positive?): ${u}`);
    console.error('  If the change is intended, run `node scripts/check-import-rules.mjs --update` and review the diff.');
    return 1;
  }
  console.log(`import rules self-test: the fixture fails with exactly the ${expected.length} expected violations (${rules.size} rules)`);
  return 0;
}

export async function checkImportRules() {
  const real = await checkRealTree();
  const fixture = await checkFixture();
  return real || fixture;
}

if (isMain(import.meta.url)) {
  try {
    const code = process.argv.includes('--update') ? await checkFixture({ update: true }) : await checkImportRules();
    process.exit(code);
  } catch (err) {
    console.error(err.message);
    process.exit(err.exitCode || 1);
  }
}
