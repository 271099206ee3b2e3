/** Jest projects: unit, integration, end-to-end and browser. See README "Tests". */
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@app/([a-z-]+)/jobs$': '<rootDir>/libs/$1/src/jobs/index.ts',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/import-rules/'],
};

module.exports = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  transform: base.transform,
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/apps/web/test/**/*.browser-spec.ts'] },
  ],
};
