// Environment for local runs (quickstart, migrate, seed): .env if present, then development
// defaults for whatever is still unset. Secrets are generated once per checkout and kept in
// .data/dev-secrets.json (git-ignored), so sessions and tokens survive a restart.
// Never used by the Docker image or production: there every value comes from the environment.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { repoRoot, loadDotEnv } from './proc.mjs';

export const CLI = path.join(repoRoot, 'dist/apps/api/apps/api/src/cli.js');

export function applyDevEnv() {
  loadDotEnv();
  process.env.NODE_ENV ||= 'development';
  process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/marketplace';
  process.env.REDIS_URL ||= 'redis://127.0.0.1:6379';
  process.env.API_PORT ||= '3000';
  process.env.WEB_PORT ||= '3001';
  if (process.env.NODE_ENV === 'production') return; // no invented secrets outside development
  const file = path.join(repoRoot, '.data', 'dev-secrets.json');
  let secrets = {};
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8'));
  } catch {}
  let changed = false;
  for (const name of ['JWT_SECRET', 'SESSION_SECRET']) {
    if (process.env[name]) continue;
    if (!secrets[name]) {
      secrets[name] = randomBytes(32).toString('base64url');
      changed = true;
    }
    process.env[name] = secrets[name];
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
}

export const cliBuilt = () => existsSync(CLI);
