// `npm run migrate`: make sure Postgres and Redis run, then apply the database migrations
// with the compiled CLI (`node dist/apps/api/apps/api/src/cli.js migrate`). Extra arguments are passed on.
// Builds the api first if dist/ has no CLI yet.
import { ensureDeps } from './ensure-deps.mjs';
import { applyDevEnv, CLI, cliBuilt } from './dev-env.mjs';
import { run, localBin, runIfMain } from './proc.mjs';

/** Starts what the CLI needs, builds it if missing, and runs `cli.js <command>`. */
export async function runCli(command, args = []) {
  applyDevEnv();
  ensureDeps({ quiet: true });
  const { ensureServices } = await import('./services.mjs');
  await ensureServices();
  if (!cliBuilt()) {
    console.log(`${command}: dist/ has no CLI yet, building the api (npx nest build api)`);
    const code = await run(localBin('nest') || 'nest', ['build', 'api']);
    if (code !== 0) return code;
  }
  return run(process.execPath, [CLI, command, ...args]);
}

export const main = (args = process.argv.slice(2)) => runCli('migrate', args);

await runIfMain(import.meta.url, main);
