// `npm run bench`: runs the benchmarks in bench/ one after another. See bench/README.md.
//
//   npm run bench                        # every bench/<name>.bench.mjs, full size
//   npm run bench -- s2-read-route       # only these (a unique prefix such as `s2` works too)
//   npm run bench -- --smoke             # small sizes and durations (also when CI=true)
//   npm run bench -- --list
//
// Before running, it installs dependencies if needed, makes sure PostgreSQL and Redis are up
// (as `npm test` does) and builds the API (`nest build api`) when
// dist/apps/api/apps/api/src/main.js is missing or older than its sources.
//
// A bench prints its figures and writes bench/results/<name>.json. This script exits non-zero
// only if a bench could not measure (it crashed, or its responses were not all 2xx) or the
// build failed — never because a figure missed its goal.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { formatDuration, isMain, localBin, repoRoot, run, step } from './proc.mjs';

const BENCH_DIR = path.join(repoRoot, 'bench');
const SUFFIX = '.bench.mjs';
const API_MAIN = path.join(repoRoot, 'dist/apps/api/apps/api/src/main.js');
// What the API build reads (apps/api/tsconfig.app.json): its sources, every library, the configs.
const API_SOURCES = ['apps/api/src', 'libs', 'types'];
const API_CONFIGS = ['tsconfig.json', 'apps/api/tsconfig.app.json', 'nest-cli.json', 'package-lock.json'];

export function listBenches() {
  if (!existsSync(BENCH_DIR)) return [];
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** Names as given (with or without the suffix, or a unique prefix) → bench names; throws on unknown. */
export function selectBenches(requested, all = listBenches()) {
  if (!requested.length) return all;
  return requested.map((r) => {
    const name = path.basename(r).replace(/\.bench\.mjs$/, '').replace(/\.mjs$/, '');
    if (all.includes(name)) return name;
    const matches = all.filter((b) => b.startsWith(name));
    if (matches.length === 1) return matches[0];
    throw Object.assign(
      new Error(
        matches.length
          ? `"${r}" matches several benches: ${matches.join(', ')}`
          : `no bench named "${r}" (have: ${all.join(', ') || 'none'})`,
      ),
      { exitCode: 2 },
    );
  });
}

/** Newest modification time under the given paths (files built into the API; tests excluded). */
/** Newest source file under `rel` (the bench harness asks the same of the worker's sources). */
export function newestSource(rel) {
  let newest = 0;
  let newestFile = null;
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      const base = path.basename(p);
      if (base === 'node_modules' || base === 'test' || p.endsWith(path.join('libs', 'testing'))) return;
      for (const e of readdirSync(p)) visit(path.join(p, e));
    } else if ((p.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(p)) || p.endsWith('.json')) {
      if (st.mtimeMs > newest) [newest, newestFile] = [st.mtimeMs, p];
    }
  };
  for (const r of rel) visit(path.join(repoRoot, r));
  return { newest, newestFile };
}

/** Why the API needs building, or null when dist is up to date. */
export function apiBuildReason() {
  if (!existsSync(API_MAIN)) return 'dist/apps/api/apps/api/src/main.js is missing';
  const built = statSync(API_MAIN).mtimeMs;
  const { newest, newestFile } = newestSource([...API_SOURCES, ...API_CONFIGS]);
  if (newest > built) return `${path.relative(repoRoot, newestFile)} is newer than the build`;
  return null;
}

function headline(name) {
  try {
    const r = JSON.parse(readFileSync(path.join(BENCH_DIR, 'results', `${name}.json`), 'utf8'));
    const verdict = r.valid === false ? 'INVALID RUN' : r.met ? 'goal met' : 'goal NOT met';
    // a bench with several figures writes its own one-line summary
    if (typeof r.headline === 'string') return `${r.headline}: ${verdict}${r.smoke ? ', smoke size' : ''}`;
    if (r.ratio === undefined) return '';
    return `ratio ${r.ratio} (goal ≥ ${r.goal}) ${verdict}${r.smoke ? ', smoke size' : ''}`;
  } catch {
    return '';
  }
}

export async function main(argv = process.argv.slice(2)) {
  const started = Date.now();
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const names = argv.filter((a) => !a.startsWith('--'));
  if (flags.has('--help')) {
    console.log('usage: npm run bench [-- names...] [--smoke] [--list] [--no-build]');
    return 0;
  }
  if (flags.has('--list')) {
    for (const b of listBenches()) console.log(b);
    return 0;
  }
  const unknown = [...flags].filter((f) => !['--smoke', '--no-build'].includes(f));
  if (unknown.length) {
    console.error(`unknown option(s): ${unknown.join(' ')} (try --help)`);
    return 2;
  }
  const smoke = flags.has('--smoke') || process.env.CI === 'true' || ['1', 'true'].includes(process.env.BENCH_SMOKE ?? '');

  let benches;
  try {
    benches = selectBenches(names);
  } catch (err) {
    console.error(err.message);
    return err.exitCode ?? 2;
  }
  if (!benches.length) {
    console.log('no benches in bench/');
    return 0;
  }
  console.log(`benches: ${benches.join(', ')}${smoke ? ' (smoke size)' : ''}`);

  const setup = [
    ['install dependencies', () => (ensureDeps({ quiet: true }), 0)],
    [
      'services (postgres, redis)',
      async () => {
        const { ensureServices } = await import('./services.mjs');
        await ensureServices({
          databaseUrl: process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL,
          redisUrl: process.env.BENCH_REDIS_URL || process.env.REDIS_URL,
        });
        return 0;
      },
    ],
  ];
  const reason = flags.has('--no-build') ? null : apiBuildReason();
  if (reason) {
    setup.push([`build api (${reason})`, () => run(localBin('nest') || 'nest', ['build', 'api'])]);
  } else if (!flags.has('--no-build')) {
    console.log('api build: up to date');
  }
  for (const [name, fn] of setup) {
    const code = await step(name, fn);
    if (code !== 0) {
      console.error(`\nnpm run bench: failed at "${name}"`);
      return code;
    }
  }

  const env = { ...process.env, BENCH_SMOKE: smoke ? '1' : '0' };
  const outcomes = [];
  for (const name of benches) {
    const t0 = Date.now();
    const code = await step(`bench ${name}${smoke ? ' (smoke)' : ''}`, () =>
      run(process.execPath, [path.join(BENCH_DIR, name + SUFFIX)], { env }),
    );
    outcomes.push({ name, code, took: formatDuration(Date.now() - t0) });
  }

  console.log('\nbench summary:');
  for (const o of outcomes) {
    console.log(`  ${o.code === 0 ? '✔' : '✘'} ${o.name} (${o.took})${o.code === 0 ? '  ' + headline(o.name) : `  exit code ${o.code}`}`);
  }
  console.log(`npm run bench: ${formatDuration(Date.now() - started)}; results in bench/results/`);
  return outcomes.some((o) => o.code !== 0) ? 1 : 0;
}

if (isMain(import.meta.url)) {
  process.exitCode = await main();
}
