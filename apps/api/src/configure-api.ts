import { INestApplication, RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '@app/config';
import { logRequestLine, requestIdOf, sendProblem, toProblem } from '@app/platform';

export const API_PREFIX = 'api/v1';
/** Largest JSON body the API reads (as the Express body parser's '1mb' before). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Longest a request may take to arrive (Node's default for http servers). */
export const REQUEST_TIMEOUT_MS = 300_000;

export function buildOpenApi(app: INestApplication, config: AppConfig): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle(`${config.app.serviceName} API`)
    .setDescription(
      'Versioned public REST API. Errors are application/problem+json (RFC 9457) with a stable `code`, ' +
        'per-field `errors` and the `requestId`. Authenticate with POST /api/v1/auth/sign-in and send the ' +
        'access token as `Authorization: Bearer <token>`. Third-party platforms reading public data send an ' +
        "organisation's API key as `X-API-Key: <key>` (created by the organisation's admins, web app → Your account → " +
        'API keys): it grants only what anyone may read, has a rate limit of its own (429 with `Retry-After` when ' +
        'exceeded), and an unknown or revoked key answers 401 `AUTH.API_KEY_INVALID`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: "An organisation's API key: public data at a per-key rate limit" }, 'api-key')
    .build();
  return SwaggerModule.createDocument(app, doc);
}

/**
 * Helmet's security headers with its default options, worked out once: for a JSON API they are
 * the same on every response (no CSP nonces), so one hook sets them all instead of running the
 * middleware per request.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  let done = false;
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet()({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  return headers;
}

const SECURITY_HEADERS = securityHeaders();

/** What every answer carries: the security headers and the request id. */
function setAnswerHeaders(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.headers(SECURITY_HEADERS).header('x-request-id', req.id);
}

/**
 * The API's HTTP server: Fastify (the web app stays on Express). Chosen for the
 * API's request path: see the README's architecture section and bench S2.
 */
export function createApiAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    // Client addresses from X-Forwarded-For only when the proxy is on this machine (as Express's 'loopback').
    trustProxy: 'loopback',
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    // A request must arrive whole within 5 minutes (Node's own default, which Fastify turns off): slow clients cannot hold sockets.
    requestTimeout: REQUEST_TIMEOUT_MS,
    // The request id: a well-formed incoming x-request-id, else a new one; kept on Node's request
    // too, where the request's log line reads it.
    genReqId: (req: IncomingMessage) => {
      const id = requestIdOf(req);
      (req as { id?: string }).id = id;
      return id;
    },
    // What the router refuses before any route runs (a malformed %-escape, an overlong path parameter): problem+json too.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      sendProblem(setAnswerHeaders(req, reply), toProblem(error, req.id, req.url.split('?')[0]));
    },
    routerOptions: {
      // As Express: /path/ is /path; and path parameters as long as a client sends (an OCDS ocid, a release id).
      ignoreTrailingSlash: true,
      maxParamLength: 2048,
    },
  });
}

/**
 * JSON bodies as the Express API read them: an empty body is no body; anything
 * but an object or array at the top (strict), or malformed JSON, is refused as
 * REQUEST.MALFORMED_BODY by the problem filter; `__proto__` keys stay plain
 * keys, for the validation pipe to refuse naming the field.
 */
function parseJsonBody(_req: unknown, body: Buffer, done: (err: Error | null, body?: unknown) => void): void {
  const text = body.toString('utf8');
  const first = text.trimStart()[0];
  if (first === undefined) return done(null, undefined);
  const malformed = () => done(Object.assign(new Error('The request body is not valid JSON.'), { status: 400, type: 'entity.parse.failed' }));
  if (first !== '{' && first !== '[') return malformed();
  try {
    done(null, JSON.parse(text));
  } catch {
    malformed();
  }
}

/** Everything main.ts does to the app besides listening; tests call it too. */
export async function configureApiApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Security headers (helmet's defaults; the Swagger UI at /api/docs loads only its own files) and the request id.
  fastify.addHook('onRequest', (req, reply, done) => {
    setAnswerHeaders(req, reply);
    done();
  });
  // The request's log line (as pino-http's, without a middleware layer: see loggerModule).
  fastify.addHook('onResponse', (req, reply, done) => {
    logRequestLine(req.raw, reply.raw, reply.elapsedTime);
    done();
  });
  // multipart/form-data only where a route reads it (imports upload); limits set there.
  await app.register(multipart);
  app.useBodyParser('application/json', {}, parseJsonBody);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.enableShutdownHooks();
  const doc = buildOpenApi(app, config);
  SwaggerModule.setup('api/docs', app, doc, {
    jsonDocumentUrl: 'api/docs/openapi.json',
    customSiteTitle: `${config.app.serviceName} API`,
  });
}

/** The API app, configured and initialised (ready to listen, or to be called through its server in tests). */
export async function initApiApp(app: NestFastifyApplication, config: AppConfig): Promise<NestFastifyApplication> {
  await configureApiApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
