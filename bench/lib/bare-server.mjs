// The bare side of a bench: a node:http server running `handle` and nothing else, as the
// baselines of s2 and o1 do. Kept free of the harness's imports: it runs in its own process.
import http from 'node:http';

/**
 * Serves `handle(req, res)` on 127.0.0.1:`port` once `pool` (a pg.Pool) holds all its connections
 * (as the API's pool does when it is ready); an error in `handle` answers 500 (logged, unless shutting
 * down). SIGTERM or SIGINT closes the server and the pool, then exits.
 */
export async function serveBare({ port, pool, handle }) {
  let closing = false;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!closing) console.error(err);
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"code":"INTERNAL"}');
    });
  });
  await Promise.all(Array.from({ length: pool.options.max }, () => pool.query('SELECT 1')));
  server.listen(port, '127.0.0.1', () => console.log(`baseline listening on http://127.0.0.1:${port}`));
  const shutdown = () => {
    closing = true;
    server.close();
    server.closeAllConnections?.();
    pool.end().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
