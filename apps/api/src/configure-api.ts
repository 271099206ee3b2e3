import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { AppConfig } from '@app/config';
import { requestIdFor } from '@app/platform';

export const API_PREFIX = 'api/v1';

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

/** Everything main.ts does to the app besides listening; tests call it too. */
export function configureApiApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.set('etag', false);
  // The request id first (pino-http reuses req.id), so that a request the body parser refuses has one too.
  app.use((req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
    req.id = requestIdFor(req, res);
    next();
  });
  app.use(helmet());
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useBodyParser('json', { limit: '1mb' });
  // Nest turns body-parser's SyntaxError into a generic BadRequestException carrying the parser's message;
  // pass it on as what it is, so the problem filter answers REQUEST.MALFORMED_BODY.
  app.use((err: { type?: string; status?: number } | undefined, _req: IncomingMessage, _res: ServerResponse, next: (e?: unknown) => void) => {
    next(err?.type === 'entity.parse.failed' ? { status: err.status ?? 400, type: err.type } : err);
  });
  app.enableShutdownHooks();
  const doc = buildOpenApi(app, config);
  SwaggerModule.setup('api/docs', app, doc, {
    jsonDocumentUrl: 'api/docs/openapi.json',
    customSiteTitle: `${config.app.serviceName} API`,
  });
}
