// Import rules for the monorepo, checked in `npm test` (scripts/check-import-rules.mjs) and by
//   npx depcruise apps libs --config .dependency-cruiser.cjs
//
// Paths below are relative to the directory depcruise runs in (the repo root; the self-test
// fixture in test/import-rules/fixture mirrors the same layout).
//
// To add a library: add a line to LIBS (name → libraries it may import) and its `@app/<name>`
// alias to tsconfig.json. A lib's public entry is libs/<name>/src/index.ts; a lib with BullMQ
// processors also has libs/<name>/src/jobs/index.ts, which only apps/worker (and tests) import.
const fs = require('node:fs');
const path = require('node:path');

// Platform libs, then business libs. A business lib may import what identity may, plus identity.
const PLATFORM = ['shared', 'config', 'database', 'redis', 'platform', 'audit', 'queue'];
const BUSINESS = [...PLATFORM, 'identity'];

/** lib → libs it may import (its own files are always allowed). `testing` may import anything. */
const LIBS = {
  shared: [],
  config: ['shared'],
  database: ['shared', 'config'],
  redis: ['shared', 'config'],
  platform: ['shared', 'config', 'redis'],
  queue: ['shared', 'config', 'database', 'redis'],
  audit: ['shared', 'database'],
  identity: PLATFORM,
  suppliers: BUSINESS,
  catalogue: [...BUSINESS, 'suppliers'],
  tendering: [...BUSINESS, 'suppliers', 'catalogue', 'notifications'],
  notifications: BUSINESS,
  reporting: [...BUSINESS, 'suppliers', 'tendering'],
  'open-data': [...BUSINESS, 'suppliers', 'tendering', 'reporting'],
  testing: '*',
};

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names) => `(${names.map(esc).join('|')})`;

// Test code: may use libs/testing, deep paths into jobs/ etc.
const TEST_FILES = ['\\.(spec|int-spec|e2e-spec|browser-spec)\\.ts$', '^(apps|libs)/[^/]+/test/'];
const JOBS = '^libs/[^/]+/src/(?:|.*/)jobs/';

const libBoundaryRules = Object.entries(LIBS)
  .filter(([, allowed]) => allowed !== '*')
  .map(([lib, allowed]) => ({
    name: `lib-boundary-${lib}`,
    severity: 'error',
    comment: `libs/${lib} may import only: ${allowed.length ? allowed.join(', ') : '(no other lib)'} — see LIBS in .dependency-cruiser.cjs`,
    from: { path: `^libs/${esc(lib)}/` },
    // libs/testing is covered by no-testing-in-production (test files in a lib may use it).
    to: { path: '^libs/', pathNot: `^libs/${anyOf([lib, ...allowed, 'testing'])}/` },
  }));

module.exports = {
  forbidden: [
    {
      name: 'lib-not-in-table',
      severity: 'error',
      comment: 'every folder in libs/ needs a line in LIBS in .dependency-cruiser.cjs saying what it may import',
      from: { path: '^libs/', pathNot: `^libs/${anyOf(Object.keys(LIBS))}/` },
      to: {},
    },
    {
      name: 'lib-code-outside-src',
      severity: 'error',
      comment: 'library code lives in libs/<name>/src/',
      from: { path: '^libs/[^/]+/(?!src/)' },
      to: {},
    },
    ...libBoundaryRules,
    {
      name: 'no-deep-lib-import',
      severity: 'error',
      comment: 'import another lib only through its index (`@app/<lib>` → libs/<lib>/src/index.ts), never a deep path',
      from: { path: '^(apps|libs)/([^/]+)/', pathNot: ['^libs/testing/', '^apps/worker/'] },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-deep-lib-import',
      severity: 'error',
      comment:
        'apps/worker imports a lib through its index or its jobs entry (libs/<lib>/src/jobs/index.ts), never a deep path ' +
        '(its tests may take one libs/testing file alone; no-testing-in-production keeps libs/testing out of the worker itself)',
      from: { path: '^apps/worker/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/jobs/index\\.ts$', '^libs/testing/src/'] },
    },
    {
      name: 'no-testing-in-production',
      severity: 'error',
      comment:
        'libs/testing is dev-only: import it only from *.spec.ts, *.int-spec.ts, *.e2e-spec.ts, *.browser-spec.ts or apps/*/test/',
      from: { path: '^(apps|libs)/', pathNot: [...TEST_FILES, '^libs/testing/'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'jobs-only-from-worker',
      severity: 'error',
      comment:
        'jobs/ folders (BullMQ processors) are imported only by apps/worker (through libs/<lib>/src/jobs/index.ts) and tests — not by the lib index, the api or the web app',
      from: { pathNot: ['^apps/worker/', '^libs/testing/', JOBS, ...TEST_FILES] },
      to: { path: JOBS },
    },
    {
      name: 'domain-no-framework',
      severity: 'error',
      comment: 'domain/ is pure TypeScript: no @nestjs/* and no typeorm',
      from: { path: '^libs/[^/]+/src/(?:|.*/)domain/' },
      to: { path: ['(^|/)node_modules/(@nestjs/|typeorm/)', '^(@nestjs/|typeorm$|typeorm/)'] },
    },
    {
      name: 'no-cross-app-import',
      severity: 'error',
      comment: 'apps share code only through libs/',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'no import cycles (a cycle that passes through an `import type` is erased at run time and allowed)',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment:
        'every import must resolve (a missing file, a package not installed, or an @app/* alias missing from tsconfig.json paths)',
      from: {},
      to: { couldNotResolve: true, pathNot: ['^/', '^https?:'] },
    },
    {
      name: 'no-dev-deps-in-production',
      severity: 'error',
      comment:
        'production code must not import devDependencies (the Docker image prunes them); type-only imports are fine',
      from: { path: '^(apps|libs)/', pathNot: [...TEST_FILES, '^libs/testing/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(dist|coverage|\\.data|test-output)/' },
    tsPreCompilationDeps: true,
    ...(fs.existsSync(path.resolve('tsconfig.json')) ? { tsConfig: { fileName: path.resolve('tsconfig.json') } } : {}),
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};

Object.defineProperty(module.exports, "LIBS", { value: LIBS, enumerable: false });
