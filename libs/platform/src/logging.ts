import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@app/config';

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/** Echo a well-formed incoming x-request-id, otherwise mint one. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

const LOG_FIELDS = Symbol.for('opm.requestLogFields');
type LogFields = Record<string, string | number | boolean>;
const NO_FIELDS = Object.freeze({});

/**
 * Adds fields to the request's log line (pino-http reads them when the
 * response finishes): who made a request beyond the signed-in user, such as
 * the API key it carried. Never put secrets here.
 */
export function addRequestLogFields(req: object, fields: LogFields): void {
  const r = req as { [LOG_FIELDS]?: LogFields };
  r[LOG_FIELDS] = { ...r[LOG_FIELDS], ...fields };
}

/**
 * Structured JSON logs (pino) with request ids; secrets and cookies redacted.
 * `destination` (tests) receives the JSON lines instead of stdout.
 */
export function loggerModule(processName: string, destination?: DestinationStream) {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      // Named wildcard: path-to-regexp 8 (Express 5) no longer accepts a bare `*`.
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      pinoHttp: withDestination(destination, {
        level: config.app.logLevel,
        name: processName,
        genReqId: requestIdFor,
        redact: {
          paths: [
            'req.headers.cookie',
            'req.headers.authorization',
            'req.headers["x-api-key"]',
            'res.headers["set-cookie"]',
            'req.body',
          ],
          censor: '[redacted]',
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        },
        // Read again when the response finishes, so fields added by guards and handlers reach the request's line.
        customProps: (req: IncomingMessage): object => (req as { [LOG_FIELDS]?: LogFields })[LOG_FIELDS] ?? NO_FIELDS,
      }),
    }),
  });
}

function withDestination<T extends object>(destination: DestinationStream | undefined, options: T): T | [T, DestinationStream] {
  return destination ? [options, destination] : options;
}
