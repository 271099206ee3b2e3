import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const config = loadConfigOrExit();
  const logger = new Logger('Worker');
  try {
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
    app.useLogger(app.get(PinoLogger));
    app.enableShutdownHooks();
    logger.log('worker started: relaying the outbox and processing jobs');
  } catch (e) {
    logger.error((e as Error).message);
    process.exit(1);
  }
}

void bootstrap();
