import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@app/config';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api';

async function bootstrap() {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApiApp(app, config);
  await app.listen(config.api.port, '0.0.0.0');
  app.get(Logger).log(`API listening on http://127.0.0.1:${config.api.port}/api/v1 (OpenAPI at /api/docs)`);
}

void bootstrap();
