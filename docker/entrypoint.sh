#!/bin/sh
# Chooses the process: the first argument, else $APP.
#   api | web | worker        the Nest apps
#   migrate | seed-demo       the CLI commands (node dist/apps/api/apps/api/src/cli.js <command>)
#   cli <command> [args]      any CLI command
#   healthcheck               used by the image's HEALTHCHECK (GET /health of $APP; the worker has no HTTP)
#   anything else             executed as is (e.g. `sh`)
set -eu
cd "${APP_ROOT:-/app}"
CLI=dist/apps/api/apps/api/src/cli.js

cmd="${1:-${APP:-api}}"
[ "$#" -gt 0 ] && shift

case "$cmd" in
  api | web)
    exec node "dist/apps/$cmd/apps/$cmd/src/main.js" "$@"
    ;;
  worker)
    # A bounded heap keeps the worker's memory flat through large imports (WORKER_NODE_ARGS in scripts/proc.mjs).
    exec node --max-old-space-size=128 --max-semi-space-size=8 "dist/apps/worker/apps/worker/src/main.js" "$@"
    ;;
  migrate | seed-demo)
    exec node "$CLI" "$cmd" "$@"
    ;;
  cli)
    exec node "$CLI" "$@"
    ;;
  healthcheck)
    case "${APP:-api}" in
      api) port="${API_PORT:-3000}" ;;
      web) port="${WEB_PORT:-3001}" ;;
      *) exit 0 ;;
    esac
    exec node -e "fetch('http://127.0.0.1:$port/health',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"
    ;;
  *)
    exec "$cmd" "$@"
    ;;
esac
