import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Job, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandler, OutboxService, QueuesService } from '@app/queue';
import { ApiTestApp, MailServer, createApiTestApp, createTestContext, startMailServer, TestContext, testRedisUrl, waitFor } from '@app/testing';
import { HandlerRegistryError, JobRunnerService } from '../src/job-runner.service';
import { WorkerModule } from '../src/worker.module';

/** The real worker against real Postgres, Redis and an SMTP server: outbox → BullMQ → handler → e-mail. */
describe('worker', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let worker: INestApplicationContext;
  let smtp: MailServer;
  let events: QueueEvents;

  beforeAll(async () => {
    smtp = await startMailServer();
    ctx = await createTestContext({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url });
    api = await createApiTestApp(ctx);
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(ctx.config), { logger: false });
    await worker.init();
    events = new QueueEvents('identity', { connection: { url: testRedisUrl() }, prefix: ctx.redisPrefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await worker?.close();
    await api?.close();
    await smtp?.close();
    await ctx?.cleanup();
  });

  /** Resolves with the job's return value when BullMQ reports it completed. */
  function completion(jobId: string, timeoutMs = 15_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job ${jobId} did not complete within ${timeoutMs} ms`)), timeoutMs);
      const onCompleted = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => {
        if (id !== jobId) return;
        clearTimeout(timer);
        events.off('completed', onCompleted);
        resolve(returnvalue);
      };
      events.on('completed', onCompleted);
    });
  }

  async function outboxIds(jobName: string): Promise<string[]> {
    const rows = await api.dataSource.query(`SELECT id FROM queue.outbox_event WHERE job_name = $1 ORDER BY created_at`, [jobName]);
    return rows.map((r: { id: string }) => r.id);
  }

  it('sends the invitation e-mail once, through the outbox and the queue, and the link signs the user up', async () => {
    const { organisation, user } = await api.factories.member('supplier', 'supplier_admin');
    const { accessToken } = await api.signIn(user.email, user.password);
    const before = new Set(await outboxIds('identity.send-invitation'));
    const res = await api.http
      .post(`/api/v1/organisations/${organisation.id}/invitations`)
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ email: 'New.Colleague@Acme.example', role: 'supplier_user' });
    expect(res.status).toBe(201);
    const [jobId] = (await outboxIds('identity.send-invitation')).filter((id) => !before.has(id));
    expect(jobId).toBeDefined();

    await expect(completion(jobId)).resolves.toEqual({ sent: true });
    const mail = smtp.mails.find((m) => m.to === 'new.colleague@acme.example');
    expect(mail?.subject).toBe(`You have been invited to join ${organisation.name}`);
    const link = /(http\S+\/invitations\/accept\?token=\S+)/.exec(mail!.text)?.[1];
    expect(link).toBeDefined();
    const [row] = await api.dataSource.query(`SELECT relayed_at FROM queue.outbox_event WHERE id = $1`, [jobId]);
    expect(row.relayed_at).not.toBeNull();

    const token = decodeURIComponent(new URL(link!).searchParams.get('token')!);
    const accepted = await api.http.post('/api/v1/invitations/accept').send({ token, fullName: 'New Colleague', password: 'a brand new passphrase' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'new.colleague@acme.example', roles: ['supplier_user'], organisationId: organisation.id });
    await expect(api.signIn('new.colleague@acme.example', 'a brand new passphrase')).resolves.toHaveProperty('accessToken');
  });

  it('applies a redelivered or doubly relayed job once (deterministic job ids + idempotency markers)', async () => {
    const { organisation, user } = await api.factories.member('supplier', 'supplier_admin', 'pending');
    const outbox = worker.get(OutboxService);
    const queues = worker.get(QueuesService);
    // A relay that crashed after adding the job but before marking the row: the job is already in BullMQ.
    const jobId = await worker.get(DataSource).transaction((m) =>
      outbox.add(m, 'identity.notify-verification', { v: 1, organisationId: organisation.id, status: 'verified' }),
    );
    const done = completion(jobId);
    await queues.queueForJob('identity.notify-verification').add(
      'identity.notify-verification',
      { v: 1, organisationId: organisation.id, status: 'verified' },
      { jobId },
    );
    await expect(done).resolves.toEqual({ sent: 1 });
    // The relay then adds the same row again: BullMQ keeps one job per id.
    await waitFor('the outbox row marked relayed', async () => (await api.dataSource.query(`SELECT 1 FROM queue.outbox_event WHERE id = $1 AND relayed_at IS NOT NULL`, [jobId])).length === 1);
    const counts = await queues.queueForJob('identity.notify-verification').getJobCounts('completed', 'waiting', 'active', 'delayed');
    const job = await Job.fromId(queues.queueForJob('identity.notify-verification'), jobId);
    expect(job?.finishedOn).toBeDefined();
    expect(counts.waiting + counts.active + counts.delayed).toBe(0);

    // A redelivery of the same job finds the marker and sends nothing.
    const handlers = worker.get(JobRunnerService).registerHandlers();
    const again = await handlers.get('identity.notify-verification')!.handle(job as Job);
    expect(again).toEqual({ sent: 0 });
    expect(smtp.mails.filter((m) => m.to === user.email)).toHaveLength(1);
  });

  it('writes no outbox event when the state change is refused', async () => {
    const { organisation, user } = await api.factories.member('buyer', 'buyer_admin');
    const { accessToken } = await api.signIn(user.email, user.password);
    const before = (await outboxIds('identity.send-invitation')).length;
    const res = await api.http
      .post(`/api/v1/organisations/${organisation.id}/invitations`)
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ email: user.email, role: 'buyer_user' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    expect(await outboxIds('identity.send-invitation')).toHaveLength(before);
  });

  it('refuses to start when a job has two handlers', async () => {
    @JobHandler('identity.send-invitation')
    class SecondInvitationHandler {
      async handle() {
        return null;
      }
    }
    @Module({ providers: [SecondInvitationHandler] })
    class DuplicateHandlerModule {}

    const broken = await Test.createTestingModule({
      imports: [WorkerModule.forRoot(ctx.config, { jobModules: [DuplicateHandlerModule] })],
    }).compile();
    // onModuleInit runs this before anything starts; Nest's close() would re-throw a failed init, so call it directly.
    expect(() => broken.get(JobRunnerService).registerHandlers()).toThrow(HandlerRegistryError);
    expect(() => broken.get(JobRunnerService).registerHandlers()).toThrow('job "identity.send-invitation" has 2 handlers');
    await broken.close();
  });
});
