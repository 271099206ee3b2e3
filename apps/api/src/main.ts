import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@app/config';
import { ApiModule } from './api.module';
import { createApiAdapter, initApiApp } from './configure-api';

async function bootstrap() {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), createApiAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await initApiApp(app, config);
  await app.listen(config.api.port, '0.0.0.0');
  app.get(Logger).log(`API listening on http://127.0.0.1:${config.api.port}/api/v1 (OpenAPI at /api/docs)`);
}

void bootstrap();
