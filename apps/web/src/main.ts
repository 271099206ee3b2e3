import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@app/config';
import { configureWebApp } from './configure-web';
import { WebModule } from './web.module';

async function bootstrap() {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureWebApp(app, config);
  await app.listen(config.web.port, '0.0.0.0');
  app.get(Logger).log(`Web app listening on http://127.0.0.1:${config.web.port}/ (queues at /admin/queues)`);
}

void bootstrap();
