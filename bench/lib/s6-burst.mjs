// S6 bid burst: the load drivers (200 suppliers through the API, or the same statements bare
// with pg), the clock mapping between this process and the database, a sampler of what the
// database backends wait on, and percentiles. The bench itself is bench/s6-bids.bench.mjs.
//
// Time: every instant is kept in microseconds since the epoch. This process measures with
// performance.timeOrigin + performance.now() (monotonic, sub-ms); the database stamps receipts
// with clock_timestamp(). `clockOffset` measures how far apart the two clocks are (and how
// precisely), so that "this request was sent after the closing time" can be decided in the
// database's clock, which is the clock the closing time is defined by.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { percentiles, processCpuMs } from './harness.mjs';

export { percentiles };

export const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** '2025-11-26T01:47:12.123456Z' (the receipt's format) → µs since the epoch. */
export function isoToUs(s) {
  const m = /^(.{19})(?:\.(\d{1,6}))?Z$/.exec(s ?? '');
  if (!m) return NaN;
  return Date.parse(m[1] + 'Z') * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** µs, for SQL: the exact epoch microseconds of a timestamptz expression, as text (bigint). */
export const US_SQL = (expr) => `(extract(epoch from ${expr}) * 1000000)::bigint::text`;
export const UTC_MICROS_SQL = (expr) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Offset of the database clock from this process's clock (db = local + offset), from the
 * tightest of `samples` round trips; `uncertaintyUs` is half that round trip.
 */
export async function clockOffset(client, samples = 15) {
  let best = null;
  for (let i = 0; i < samples; i++) {
    const t0 = nowUs();
    const { rows } = await client.query(`SELECT ${US_SQL('clock_timestamp()')} AS us`);
    const t1 = nowUs();
    const rtt = t1 - t0;
    if (!best || rtt < best.rtt) best = { rtt, offset: Number(rows[0].us) - (t0 + t1) / 2 };
  }
  return { offsetUs: Math.round(best.offset), uncertaintyUs: Math.ceil(best.rtt / 2) + 1 };
}


// ---------------------------------------------------------------------------------------------
// the supplier loop, shared by both sides

/**
 * One supplier: submit, withdraw, submit, ... until the deadline, then once more after it.
 * It stops after a refusal (TENDERING.CLOSED) of a request it sent after the closing time —
 * so every supplier sends at least one request after closing — or on any other outcome than
 * success or that refusal (recorded; the run is then invalid).
 *
 * mode 'closed': the next request goes as soon as the previous one is answered.
 * mode 'paced':  requests are scheduled every `intervalUs` from a random phase; one that is due
 *                while the previous is still out goes as soon as it is answered (its `lagMs`
 *                says how late it went).
 */
async function supplierLoop({ i, send, closesDbUs, clock, mode, intervalUs, records, stopAtUs }) {
  let state = 'draft';
  let due = mode === 'paced' ? nowUs() + Math.random() * intervalUs : 0;
  for (;;) {
    if (mode === 'paced') {
      const wait = due - nowUs();
      if (wait > 1000) await sleep(wait / 1000);
    }
    const op = state === 'submitted' ? 'withdraw' : 'submit';
    const sentUs = nowUs();
    const out = await send(op);
    const doneUs = nowUs();
    const sentDbUs = sentUs + clock.offsetUs;
    const rec = {
      client: i,
      op,
      sentUs,
      doneUs,
      ms: (doneUs - sentUs) / 1000,
      lagMs: mode === 'paced' ? Math.max(0, (sentUs - due) / 1000) : 0,
      // decided in the database clock, with the offset's uncertainty on the safe side
      afterClose: sentDbUs - clock.uncertaintyUs >= closesDbUs,
      beforeClose: sentDbUs + clock.uncertaintyUs < closesDbUs,
      status: out.status,
      code: out.code ?? null,
      detail: out.detail ?? null,
      receipt: out.receipt ?? null,
      error: out.error ?? null,
    };
    records.push(rec);
    if (mode === 'paced') due += intervalUs;
    if (out.status === 200) {
      state = op === 'submit' ? 'submitted' : 'withdrawn';
    } else if (out.status === 409 && out.code === 'TENDERING.CLOSED') {
      if (rec.afterClose) return;
    } else {
      return; // unexpected: recorded, the run is invalid
    }
    if (nowUs() > stopAtUs) return; // safety net: the burst went on far past the deadline
  }
}

// ---------------------------------------------------------------------------------------------
// API side

function postEmpty(agent, port, path, token) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path, agent, headers: { authorization: `Bearer ${token}`, 'content-length': '0' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body = null;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode, body, text });
        });
        res.on('error', (err) => resolve({ status: 0, error: err.message }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, error: err.code || err.message }));
    req.end();
  });
}

/** N suppliers against the API: POST /bid/submit and /bid/withdraw with each supplier's token. */
export async function apiBurst({ port, requirementId, suppliers, closesDbUs, clock, mode, intervalUs, stopAtUs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  const records = [];
  const base = `/api/v1/requirements/${requirementId}/bid`;
  const startUs = nowUs();
  try {
    await Promise.all(
      suppliers.map((s, i) =>
        supplierLoop({
          i,
          closesDbUs,
          clock,
          mode,
          intervalUs,
          records,
          stopAtUs,
          send: async (op) => {
            const r = await postEmpty(agent, port, `${base}/${op}`, s.token);
            if (r.status === 200) return { status: 200, receipt: op === 'submit' ? r.body : null };
            return { status: r.status, code: r.body?.code ?? null, detail: r.body?.detail ?? null, error: r.error ?? (r.status >= 500 ? r.text?.slice(0, 300) : null) };
          },
        }),
      ),
    );
  } finally {
    agent.destroy();
  }
  return { records, startUs, endUs: nowUs() };
}

// ---------------------------------------------------------------------------------------------
// bare side

export const BARE_SQL = {
  insert: `INSERT INTO tendering.bid_submission (id, bid_id, requirement_id, digest, size_band, submitted_by) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING ${UTC_MICROS_SQL('received_at')} AS "receivedAt"`,
  markSubmitted: `UPDATE tendering.bid SET status = 'submitted', submission_id = $2, size_band = $3, updated_at = now() WHERE id = $1`,
  // the API refuses a withdrawal at or after the closing time too (before touching anything)
  markWithdrawnReceipt: `UPDATE tendering.bid_submission SET withdrawn_at = clock_timestamp()
                          WHERE id = $1 AND clock_timestamp() < (SELECT closes_at FROM tendering.requirement WHERE id = $2)`,
  markWithdrawn: `UPDATE tendering.bid SET status = 'withdrawn', submission_id = NULL, updated_at = now() WHERE id = $1`,
};

/**
 * The same suppliers, the same submit / withdraw sequence, but each step is only the
 * statements that write the receipt and the bid, in a transaction on a pg.Pool of the API's
 * size; the receipt trigger still refuses at or after the closing time.
 */
export async function bareBurst({ pool, requirementId, bids, digestOf, closesDbUs, clock, mode, intervalUs, stopAtUs }) {
  const records = [];
  const startUs = nowUs();
  await Promise.all(
    bids.map((b, i) => {
      let submissionId = null;
      return supplierLoop({
        i,
        closesDbUs,
        clock,
        mode,
        intervalUs,
        records,
        stopAtUs,
        send: async (op) => {
          let c;
          try {
            c = await pool.connect();
          } catch (err) {
            return { status: 0, error: err.message };
          }
          try {
            await c.query('BEGIN');
            let out;
            if (op === 'submit') {
              const id = randomUUID();
              const digest = digestOf(b);
              const { rows } = await c.query(BARE_SQL.insert, [id, b.id, requirementId, digest, b.band, b.userId]);
              await c.query(BARE_SQL.markSubmitted, [b.id, id, b.band]);
              out = { status: 200, receipt: { bidId: b.id, submissionId: id, requirementId, receivedAt: rows[0].receivedAt, digest, sizeBand: b.band } };
              submissionId = id;
            } else {
              const r = await c.query(BARE_SQL.markWithdrawnReceipt, [submissionId, requirementId]);
              if (r.rowCount !== 1) {
                await c.query('ROLLBACK');
                return { status: 409, code: 'TENDERING.CLOSED', detail: 'withdrawal refused: closing time passed' };
              }
              await c.query(BARE_SQL.markWithdrawn, [b.id]);
              out = { status: 200 };
            }
            await c.query('COMMIT');
            return out;
          } catch (err) {
            await c.query('ROLLBACK').catch(() => {});
            if (String(err.message).includes('TENDERING.CLOSED')) return { status: 409, code: 'TENDERING.CLOSED', detail: 'refused by the receipt trigger' };
            return { status: 500, error: err.message };
          } finally {
            c.release();
          }
        },
      });
    }),
  );
  return { records, startUs, endUs: nowUs() };
}

// ---------------------------------------------------------------------------------------------
// what the database is doing

/**
 * Every `everyMs`, counts the client backends of `database` that do one side's work (`side`:
 * 'bare' = the bench's bare pool, 'api' = every backend not opened by the bench) by what they
 * are doing: waiting on a lock (advisory, tuple, transactionid...), on I/O (WAL flush...), idle in
 * a transaction (waiting for its client), running on the CPU, or idle. It also follows their CPU
 * time (from /proc, when PostgreSQL runs on this machine): pools open and close connections, so
 * the backends are looked up at every sample, a new one counts from zero and one that ends
 * counts up to its last sample. Returns a function that stops it and gives
 * `{ waits: {state: average number of backends}, cpuMs, backends }`.
 */
export function backendSampler(client, database, side, everyMs = 100) {
  const counts = {};
  const cpu = new Map(); // pid → { first, last }
  let samples = 0;
  let cpuReadable = true;
  let stopped = false;
  const sample = async (initial) => {
    const { rows } = await client.query(
      `SELECT pid, CASE WHEN state = 'active' AND wait_event IS NULL THEN 'active: on CPU'
                        WHEN state = 'active' THEN 'active: ' || wait_event_type || ':' || wait_event
                        WHEN state = 'idle in transaction' THEN 'idle in transaction'
                        ELSE coalesce(state, '?') END AS what
         FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          AND CASE WHEN $2 THEN application_name = 'bench-s6-bare' ELSE application_name NOT LIKE 'bench-s6-%' END`,
      [database, side === 'bare'],
    );
    if (!initial) {
      samples++;
      for (const r of rows) counts[r.what] = (counts[r.what] ?? 0) + 1;
    }
    for (const r of rows) {
      const ms = processCpuMs(r.pid);
      if (ms === null) {
        if (!cpu.has(r.pid)) cpuReadable = false;
        continue;
      }
      const c = cpu.get(r.pid);
      if (c) c.last = ms;
      else cpu.set(r.pid, { first: initial ? ms : 0, last: ms });
    }
  };
  const first = sample(true);
  const done = (async () => {
    await first;
    while (!stopped) {
      const t0 = Date.now();
      try {
        await sample(false);
      } catch {}
      const left = everyMs - (Date.now() - t0);
      if (left > 0) await sleep(left);
    }
  })();
  return {
    ready: first,
    stop: async () => {
      stopped = true;
      await done;
      await sample(false).catch(() => {});
      samples = Math.max(samples, 1);
      const waits = Object.fromEntries(
        Object.entries(counts)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => [k, Math.round((n / samples) * 100) / 100]),
      );
      const cpuMs = cpuReadable && cpu.size ? [...cpu.values()].reduce((t, c) => t + (c.last - c.first), 0) : null;
      return { waits, cpuMs, backends: cpu.size };
    },
  };
}
