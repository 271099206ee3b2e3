// `npm run seed`: make sure Postgres and Redis run, then load the demo organisations, users and data (it prints the demo sign-ins)
// with the compiled CLI (`node dist/apps/api/apps/api/src/cli.js seed-demo`). Extra arguments are passed on.
// Builds the api first if dist/ has no CLI yet.
import { ensureDeps } from './ensure-deps.mjs';
import { applyDevEnv, CLI, cliBuilt } from './dev-env.mjs';
import { run, localBin, isMain } from './proc.mjs';

export async function main(args = process.argv.slice(2)) {
  applyDevEnv();
  ensureDeps({ quiet: true });
  const { ensureServices } = await import('./services.mjs');
  await ensureServices();
  if (!cliBuilt()) {
    console.log('seed: dist/ has no CLI yet, building the api (npx nest build api)');
    const code = await run(localBin('nest') || 'nest', ['build', 'api']);
    if (code !== 0) return code;
  }
  return run(process.execPath, [CLI, 'seed-demo', ...args]);
}

if (isMain(import.meta.url)) {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(err.message);
    process.exitCode = err.exitCode || 1;
  }
}
