// `npm run quickstart`: from a fresh clone to a running marketplace with demo data.
//   install → postgres + redis → build api, web, worker → migrate → seed demo data →
//   run api, web and worker (output prefixed [api] [web] [worker]) → wait for /health → print URLs.
// Ctrl-C (or SIGTERM) stops all three; if one of them dies, the others are stopped too.
//   npm run quickstart -- --no-build   # reuse dist/ (after a first full run)
// Settings come from the environment or .env (see scripts/dev-env.mjs for the local defaults).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { applyDevEnv, CLI } from './dev-env.mjs';
import { repoRoot, step, run, localBin, prefixOutput, sleep, formatDuration, isMain, WORKER_NODE_ARGS } from './proc.mjs';

const APPS = ['api', 'web', 'worker'];
const mainOf = (app) => path.join(repoRoot, `dist/apps/${app}/apps/${app}/src/main.js`);
const HEALTH_TIMEOUT_MS = Number(process.env.QUICKSTART_HEALTH_TIMEOUT_MS || 120_000);
const COLOURS = { api: 36, web: 35, worker: 33 };

function prefix(app) {
  const label = `[${app}]`.padEnd(9);
  return process.stdout.isTTY ? `\x1b[${COLOURS[app]}m${label}\x1b[0m ` : `${label} `;
}

async function healthy(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer().catch(() => {});
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function main(args = process.argv.slice(2)) {
  const started = Date.now();
  const build = !args.includes('--no-build');
  applyDevEnv();
  const apiPort = process.env.API_PORT;
  const webPort = process.env.WEB_PORT;

  const setup = [
    ['install dependencies', () => (ensureDeps(), 0)],
    [
      'services (postgres, redis)',
      async () => {
        const { ensureServices } = await import('./services.mjs');
        await ensureServices();
        return 0;
      },
    ],
    ...(build ? APPS.map((app) => [`build ${app}`, () => run(localBin('nest') || 'nest', ['build', app])]) : []),
    ['migrate', () => run(process.execPath, [CLI, 'migrate'])],
    ['seed demo data', () => run(process.execPath, [CLI, 'seed-demo'])],
  ];
  for (const [name, fn] of setup) {
    const code = await step(name, fn);
    if (code !== 0) {
      console.error(`\nquickstart: failed at "${name}"`);
      return code;
    }
  }

  // ---- run the three processes
  console.log(`\n▶ starting ${APPS.join(', ')}`);
  const children = new Map();
  let stopping = false;
  let exitCode = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));

  const stopAll = (signal, code) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const child of children.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, signal); // its own process group: the signal arrives exactly once
        } catch {}
      }
    }
    // Give Nest's shutdown hooks time, then make sure nothing is left behind.
    setTimeout(() => {
      for (const child of children.values()) {
        if (child.exitCode === null && child.signalCode === null) {
          console.error(`${prefix(child.app)}did not stop within 15 s, killing it`);
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }
      }
    }, 15_000).unref();
  };

  for (const app of APPS) {
    const child = spawn(process.execPath, [...(app === 'worker' ? WORKER_NODE_ARGS : []), mainOf(app)], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: Ctrl-C reaches it once, through us
    });
    child.app = app;
    children.set(app, child);
    prefixOutput(child, prefix(app));
    child.on('error', (err) => console.error(`${prefix(app)}failed to start: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`\n${prefix(app)}exited (${signal || `code ${code}`}); stopping the others`);
        stopAll('SIGTERM', code || 1);
      }
      if ([...children.values()].every((c) => c.exitCode !== null || c.signalCode !== null)) resolveDone();
    });
  }
  // If we are killed without a chance to forward (e.g. SIGHUP), do not leave orphans.
  process.on('exit', () => {
    for (const child of children.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {}
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (!stopping) console.log(`\nquickstart: ${sig}, stopping ${APPS.join(', ')}...`);
      stopAll(sig === 'SIGHUP' ? 'SIGTERM' : sig, 0);
    });
  }

  // ---- wait for health
  const checks = [
    ['api', `http://127.0.0.1:${apiPort}/health`],
    ['web', `http://127.0.0.1:${webPort}/health`],
  ];
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  const pending = new Set(checks.map(([app]) => app));
  while (pending.size && !stopping && Date.now() < deadline) {
    for (const [app, url] of checks) if (pending.has(app) && (await healthy(url))) pending.delete(app);
    if (pending.size) await sleep(500);
  }
  if (!stopping && pending.size) {
    console.error(`\nquickstart: ${[...pending].join(' and ')} did not answer 200 on /health within ${HEALTH_TIMEOUT_MS / 1000} s`);
    stopAll('SIGTERM', 1);
  }
  if (!stopping) {
    const web = `http://localhost:${webPort}`;
    const api = `http://localhost:${apiPort}`;
    console.log(
      [
        '',
        `✔ marketplace running (ready in ${formatDuration(Date.now() - started)})`,
        `  web                ${web}/`,
        `  API                ${api}/api/v1`,
        `  OpenAPI            ${api}/api/docs`,
        `  open data (OCDS)   ${api}/api/v1/ocds/releases   (developer page: ${web}/developers)`,
        `  queue dashboard    ${web}/admin/queues   (platform admins)`,
        '  demo sign-ins: printed by the seed step above',
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  }

  await done;
  return exitCode;
}

if (isMain(import.meta.url)) {
  process.exit(await main());
}
