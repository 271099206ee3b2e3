// `npm run audit:verify`: make sure Postgres and Redis run, then re-walk the audit hash chain with the
// compiled CLI (`node dist/apps/api/apps/api/src/cli.js audit-verify`): it names the first broken row and
// exits non-zero if there is one. Local settings as for migrate and seed (scripts/dev-env.mjs).
import { runCli } from './migrate.mjs';
import { runIfMain } from './proc.mjs';

export const main = (args = process.argv.slice(2)) => runCli('audit-verify', args);

await runIfMain(import.meta.url, main);
