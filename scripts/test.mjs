// `npm test`: install → services → type check → import rules → jest.
//
//   npm test                                  # everything
//   npm test -- --selectProjects unit         # arguments after -- go to jest
//   SKIP_CHECKS=1 npm test -- path/to/file    # skip the type check and import rules
//
// Env it respects: DATABASE_URL / TEST_DATABASE_URL, REDIS_URL / TEST_REDIS_URL, CHROMIUM_PATH.
// Stops at the first failing step and exits with that step's code.
import { ensureDeps } from './ensure-deps.mjs';
import { step, run, localBin, formatDuration, isMain } from './proc.mjs';

export async function main(jestArgs = process.argv.slice(2)) {
  const started = Date.now();
  // Same behaviour on a laptop and in CI (CI only changes jest's own --ci default).
  process.env.TZ ||= 'UTC';

  const steps = [
    ['install dependencies', () => (ensureDeps(), 0)],
    [
      'services (postgres, redis, chromium)',
      async () => {
        const { ensureServices } = await import('./services.mjs');
        await ensureServices({
          chromium: true,
          databaseUrl: process.env.TEST_DATABASE_URL || process.env.DATABASE_URL,
          redisUrl: process.env.TEST_REDIS_URL || process.env.REDIS_URL,
        });
        return 0;
      },
    ],
  ];
  if (process.env.SKIP_CHECKS === '1' || process.env.SKIP_CHECKS === 'true') {
    console.log('SKIP_CHECKS is set: skipping the type check and the import rules');
  } else {
    steps.push(
      ['type check (tsc --noEmit)', () => run(localBin('tsc') || 'tsc', ['-p', 'tsconfig.json', '--noEmit'])],
      [
        'import rules (dependency-cruiser + self-test)',
        async () => (await import('./check-import-rules.mjs')).checkImportRules(),
      ],
    );
  }
  steps.push([`jest${jestArgs.length ? ` ${jestArgs.join(' ')}` : ''}`, () => run(localBin('jest') || 'jest', jestArgs)]);

  for (const [name, fn] of steps) {
    const code = await step(name, fn);
    if (code !== 0) {
      console.error(`\nnpm test: failed at "${name}" after ${formatDuration(Date.now() - started)}`);
      return code;
    }
  }
  console.log(`\nnpm test: all steps passed in ${formatDuration(Date.now() - started)}`);
  return 0;
}

if (isMain(import.meta.url)) {
  process.exitCode = await main();
}
