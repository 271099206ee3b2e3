import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig } from '@app/config';

export const API_PREFIX = 'api/v1';

export function buildOpenApi(app: INestApplication, config: AppConfig): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle(`${config.app.serviceName} API`)
    .setDescription(
      'Versioned public REST API. Errors are application/problem+json (RFC 9457) with a stable `code`, ' +
        'per-field `errors` and the `requestId`. Authenticate with POST /api/v1/auth/sign-in and send the ' +
        'access token as `Authorization: Bearer <token>`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}

/** Everything main.ts does to the app besides listening; tests call it too. */
export function configureApiApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(helmet());
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  const doc = buildOpenApi(app, config);
  SwaggerModule.setup('api/docs', app, doc, {
    jsonDocumentUrl: 'api/docs/openapi.json',
    customSiteTitle: `${config.app.serviceName} API`,
  });
}
