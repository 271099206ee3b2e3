import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@app/config';

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/** A well-formed incoming x-request-id, otherwise a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
}

/** pino-http's request id (requestIdOf), echoed in the x-request-id response header. */
function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdOf(req);
  res.setHeader('x-request-id', id);
  return id;
}

const LOG_FIELDS = Symbol.for('opm.requestLogFields');
type LogFields = Record<string, string | number | boolean>;
const NO_FIELDS = Object.freeze({});

/**
 * Adds fields to the request's log line (read when the response finishes):
 * who made a request beyond the signed-in user, such as the API key it
 * carried. Never put secrets here.
 */
export function addRequestLogFields(req: object, fields: LogFields): void {
  // Fastify's request wraps Node's (`raw`), which is the one the log line is written from.
  const r = ((req as { raw?: object }).raw ?? req) as { [LOG_FIELDS]?: LogFields };
  r[LOG_FIELDS] = { ...r[LOG_FIELDS], ...fields };
}

/**
 * Structured JSON logs (pino) with request ids; secrets and cookies redacted.
 * `destination` (tests) receives the JSON lines instead of stdout.
 *
 * Each request's line: by pino-http as Express middleware (web), or, with
 * `requestLines: 'hook'`, written by the server when the response finishes
 * (the API on Fastify, from an onResponse hook: logRequestLine). The hook
 * costs no middleware layer and no async context per request, and writes the
 * same line; log calls made while handling a request then carry no request
 * binding of their own, so they name the request id themselves.
 */
export function loggerModule(processName: string, destination?: DestinationStream, { requestLines = 'pino-http' }: { requestLines?: 'pino-http' | 'hook' } = {}) {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      // Named wildcard: path-to-regexp 8 (Express 5) no longer accepts a bare `*`. No routes: no middleware.
      forRoutes: requestLines === 'pino-http' ? [{ path: '{*path}', method: RequestMethod.ALL }] : [],
      pinoHttp: withDestination(destination, {
        level: config.app.logLevel,
        name: processName,
        genReqId: requestIdFor,
        redact: {
          paths: [
            'req.headers.cookie',
            'req.headers.authorization',
            'req.headers["x-api-key"]',
            'req.body',
          ],
          censor: '[redacted]',
        },
        autoLogging: { ignore: (req: IncomingMessage) => !logsRequest(req) },
        // The response's status only (its headers are the same security headers on every line).
        serializers: { req: requestForLog, res: (res: ServerResponse) => ({ statusCode: res.statusCode }) },
        // Read again when the response finishes, so fields added by guards and handlers reach the request's line.
        customProps: logFieldsOf,
      }),
    }),
  });
}

const logsRequest = (req: IncomingMessage) => req.url !== '/health';
const requestForLog = (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] });
const logFieldsOf = (req: IncomingMessage): object => (req as { [LOG_FIELDS]?: LogFields })[LOG_FIELDS] ?? NO_FIELDS;

/**
 * The request's line as pino-http writes it (`request completed`, or `request errored` at level
 * error for a 5xx), through loggerModule's logger; for servers with `requestLines: 'hook'`.
 */
export function logRequestLine(req: IncomingMessage & { id?: unknown }, res: ServerResponse, responseTimeMs: number): void {
  const logger = PinoLogger.root;
  const errored = res.statusCode >= 500;
  // Nothing is built for a line the level leaves out (the API's hot path at LOG_LEVEL=warn).
  if (!logsRequest(req) || !logger.isLevelEnabled(errored ? 'error' : 'info')) return;
  // req and res through the logger's serializers and redaction, as pino-http's line.
  const line = { req, res, responseTime: Math.round(responseTimeMs), ...logFieldsOf(req) };
  if (errored) logger.error(line, 'request errored');
  else logger.info(line, 'request completed');
}

function withDestination<T extends object>(destination: DestinationStream | undefined, options: T): T | [T, DestinationStream] {
  return destination ? [options, destination] : options;
}
