// `npm run seed`: make sure Postgres and Redis run, then load the demo organisations, users and data (it prints the demo sign-ins)
// with the compiled CLI (`node dist/apps/api/apps/api/src/cli.js seed-demo`). Extra arguments are passed on.
// Builds the api first if dist/ has no CLI yet.
import { runCli } from './migrate.mjs';
import { runIfMain } from './proc.mjs';

export const main = (args = process.argv.slice(2)) => runCli('seed-demo', args);

await runIfMain(import.meta.url, main);
