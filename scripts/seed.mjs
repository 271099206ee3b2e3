// `npm run seed`: make sure Postgres and Redis run, then load the demo organisations, users and data (it prints the demo sign-ins)
// with the compiled CLI (`node dist/apps/api/apps/api/src/cli.js seed-demo`). Extra arguments are passed on.
// Builds the api first if dist/ has no CLI yet.
import { runCli } from './migrate.mjs';
import { isMain } from './proc.mjs';

export const main = (args = process.argv.slice(2)) => runCli('seed-demo', args);

if (isMain(import.meta.url)) {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(err.message);
    process.exitCode = err.exitCode || 1;
  }
}
