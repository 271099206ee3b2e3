import type { AddressInfo } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { configureWebApp } from '../../../apps/web/src/configure-web';
import { WebModule } from '../../../apps/web/src/web.module';
import { Factories } from './factories';
import { TestContext } from './test-context';

export interface WebTestApp {
  app: NestExpressApplication;
  /** `http://127.0.0.1:<port>`, the app listening on a random port (for supertest and the browser). */
  baseUrl: string;
  dataSource: DataSource;
  factories: Factories;
  close(): Promise<void>;
}

/**
 * The real web app (same module, same APP_* providers and middleware as
 * production) on a test database, listening on 127.0.0.1. Pass a context
 * whose config differs (e.g. Secure cookies) to try a setting.
 */
export async function createWebTestApp(ctx: Pick<TestContext, 'config'>): Promise<WebTestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(ctx.config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureWebApp(app, ctx.config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const dataSource = app.get(DataSource);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataSource,
    factories: new Factories(dataSource),
    close: () => app.close(),
  };
}
