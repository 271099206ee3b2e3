import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigValidationError, loadConfig } from '@app/config';
import { configureWebApp } from './configure-web';
import { WebModule } from './web.module';

async function bootstrap() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureWebApp(app, config);
  await app.listen(config.web.port, '0.0.0.0');
  app.get(Logger).log(`Web app listening on http://127.0.0.1:${config.web.port}/ (queues at /admin/queues)`);
}

void bootstrap();
