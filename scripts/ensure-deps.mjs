// Installs node_modules when they are missing or older than package-lock.json.
// Node built-ins only: this runs before anything is installed.
import { statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot, isMain } from './proc.mjs';

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Runs `npm ci` when needed. Throws (with exitCode) if npm fails. Returns true if it installed. */
export function ensureDeps({ quiet = false } = {}) {
  const lock = path.join(repoRoot, 'package-lock.json');
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lockTime = mtime(lock);
  const installedTime = mtime(installed);

  if (!existsSync(lock)) {
    throw Object.assign(new Error('package-lock.json is missing: run `npm install` once and commit the lock file.'), {
      exitCode: 1,
    });
  }
  if (installedTime !== null && installedTime >= lockTime) {
    if (!quiet) console.log('dependencies: up to date');
    return false;
  }

  const why = installedTime === null ? 'node_modules is missing' : 'package-lock.json is newer than node_modules';
  console.log(`dependencies: ${why}, running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    throw Object.assign(new Error(`npm ci failed${r.error ? `: ${r.error.message}` : ` (exit code ${r.status})`}`), {
      exitCode: r.status || 1,
    });
  }
  return true;
}

if (isMain(import.meta.url)) {
  try {
    ensureDeps();
  } catch (err) {
    console.error(err.message);
    process.exit(err.exitCode || 1);
  }
}
