import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiAdapter, initApiApp } from '../../../apps/api/src/configure-api';
import { Factories } from './factories';
import { TestContext } from './test-context';

export interface ApiTestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  factories: Factories;
  /** Signs in through the API and returns the token pair. */
  signIn(email: string, password: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

/**
 * The real API app (same module, same APP_* providers as production) on a
 * test database. `logDestination` receives its JSON log lines (give the
 * context a LOG_LEVEL other than `silent` to get any).
 */
export async function createApiTestApp(ctx: TestContext, options: { logDestination?: DestinationStream } = {}): Promise<ApiTestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(ctx.config, options)] }).compile();
  const app = await initApiApp(moduleRef.createNestApplication<NestFastifyApplication>(createApiAdapter(), { logger: false }), ctx.config);
  const dataSource = app.get(DataSource);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    dataSource,
    factories: new Factories(dataSource),
    async signIn(email, password) {
      const res = await request(app.getHttpServer()).post('/api/v1/auth/sign-in').send({ email, password });
      if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    close: () => app.close(),
  };
}

export type { INestApplication };
