import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JOB_NAMES } from '@app/queue';
// Not `@app/testing`: its index loads the API module, whose imports would register every entity in this process.
import { TestContext, createTestContext } from '../../../libs/testing/src/test-context';
import { JobRunnerService } from '../src/job-runner.service';
import { WorkerModule } from '../src/worker.module';

/**
 * The worker booted on its own, as in production: no API or web app in the
 * same process to register entities for it (TypeORM's autoLoadEntities is
 * process-wide), so every entity its handlers touch must come from its own modules.
 */
describe('worker on its own', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    ctx = await createTestContext();
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.cleanup();
  });

  it('starts with a handler for every job and its schedules in place', async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(ctx.config), { logger: false, abortOnError: false });
    await worker.init();
    expect([...worker.get(JobRunnerService).registerHandlers().keys()].sort()).toEqual([...JOB_NAMES].sort());
  });
});
