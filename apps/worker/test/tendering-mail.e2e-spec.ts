import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { NotificationsService } from '@app/notifications';
import { ApiTestApp, Mail, MailServer, TestContext, createApiTestApp, createTestContext, startMailServer, waitFor } from '@app/testing';
import { WorkerModule } from '../src/worker.module';

/**
 * Tendering's e-mail through the real worker, Postgres, Redis and an SMTP
 * server: opportunity alerts (immediate, daily digest, off), answers, the
 * closing job and its notice, outcomes with a debrief, and mail that waits
 * out a mail server that is down.
 */
describe('tendering mail (worker)', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let worker: INestApplicationContext;
  let smtp: MailServer;
  let smtpDown = false;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    smtp = await startMailServer({ down: () => smtpDown });
    // TENDER_MIN_DAYS_TO_CLOSE=0: the buyer may bring the closing time forward to seconds away, so the real closing job runs here.
    ctx = await createTestContext({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50', TENDER_MIN_DAYS_TO_CLOSE: '0' });
    api = await createApiTestApp(ctx);
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(ctx.config), { logger: false });
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
    await ctx?.cleanup();
  });

  const mailTo = (email: string, subject: RegExp) => smtp.mails.find((m) => m.to === email && subject.test(m.subject));
  async function waitForMail(email: string, subject: RegExp, timeoutMs = 20_000): Promise<Mail> {
    await waitFor(`an e-mail to ${email} matching ${subject}`, () => !!mailTo(email, subject), timeoutMs);
    return mailTo(email, subject)!;
  }

  async function requirementsLot(): Promise<string> {
    const [{ id }] = await api.dataSource.query(`SELECT id FROM catalogue.lot WHERE kind = 'requirements' ORDER BY sort_order LIMIT 1`);
    return id;
  }

  async function supplier(band: 'micro' | 'small' | 'large', frequency: 'immediate' | 'daily' | 'off' | null, lotId: string) {
    const s = await api.factories.supplier({ band });
    const { accessToken } = await api.signIn(s.admin.email, s.admin.password);
    if (frequency) {
      const res = await api.http.put('/api/v1/alert-preference').set(bearer(accessToken)).send({ frequency, lotIds: [lotId] });
      expect(res.status).toBe(200);
    }
    return { ...s, token: accessToken };
  }

  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  it('alerts, answers, closes and awards by e-mail: immediate alert, one daily digest, none when off; closing notice; winner and debrief', async () => {
    const lotId = await requirementsLot();
    const immediate = await supplier('small', 'immediate', lotId);
    const daily = await supplier('micro', 'daily', lotId);
    const off = await supplier('large', 'off', lotId);
    const unrelated = await supplier('small', null, lotId);
    const { user: buyerAdmin } = await api.factories.member('buyer', 'buyer_admin');
    const buyer = await api.signIn(buyerAdmin.email, buyerAdmin.password);
    const title = `Alerts and outcomes ${Date.now()}`;

    const created = await api.http
      .post('/api/v1/requirements')
      .set(bearer(buyer.accessToken))
      .send({
        title,
        summary: 'A requirement to see the mail go out.',
        problemStatement: 'People cannot book.',
        description: 'We need a team to build a booking service.',
        lotId,
        location: 'Leeds',
        budgetMax: '90000.00',
        currency: 'GBP',
        essentialCriteria: ['Experience of booking services'],
        niceToHaveCriteria: [],
        technicalWeight: 60,
        priceWeight: 40,
        questionsCloseAt: inDays(3),
        closesAt: inDays(8),
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const criterionId = created.body.criteria[0].id;
    expect((await api.http.post(`/api/v1/requirements/${id}/publish`).set(bearer(buyer.accessToken))).status).toBe(200);

    // Immediate: an e-mail per user of the organisation, at once.
    const alert = await waitForMail(immediate.admin.email, /^New opportunity: /);
    expect(alert.subject).toBe(`New opportunity: ${title}`);
    expect(alert.text).toContain(`/opportunities/${id}`);
    // Daily: waits for the digest, and gets exactly one a day.
    await waitFor('a digest item for the daily supplier', async () => (await api.dataSource.query(`SELECT 1 FROM notifications.digest_item WHERE organisation_id = $1`, [daily.organisation.id])).length === 1);
    const notifications = worker.get(NotificationsService);
    const evening = new Date();
    evening.setUTCHours(23, 0, 0, 0);
    expect(await notifications.sendDueDigests(evening)).toBeGreaterThanOrEqual(1);
    const digest = await waitForMail(daily.admin.email, /new opportunit/);
    expect(digest.subject).toBe('1 new opportunity for you');
    expect(digest.text).toContain(title);
    expect(await notifications.sendDueDigests(evening)).toBe(0);

    // Questions and an answer: the asker hears about it.
    const asked = await api.http.post(`/api/v1/requirements/${id}/questions`).set(bearer(immediate.token)).send({ text: 'Is there an incumbent supplier?' });
    expect(asked.status).toBe(201);
    const answered = await api.http
      .post(`/api/v1/requirements/${id}/questions/${asked.body.id}/answer`)
      .set(bearer(buyer.accessToken))
      .send({ answer: 'No, this is a new service.' });
    expect(answered.status).toBe(200);
    await waitForMail(immediate.admin.email, /has been answered$/);

    // Two bids, then the closing time brought forward by the buyer admin; the delayed job closes it.
    for (const s of [immediate, daily]) {
      const saved = await api.http.put(`/api/v1/requirements/${id}/bid`).set(bearer(s.token)).send({ answers: { [criterionId]: 'We built three.' }, price: s === immediate ? '80000.00' : '60000.00' });
      expect(saved.status).toBe(200);
      expect((await api.http.post(`/api/v1/requirements/${id}/bid/submit`).set(bearer(s.token))).status).toBe(200);
    }
    // Stands in for the passing of time: the question deadline is over, so the closing time may come close.
    await api.dataSource.query(`UPDATE tendering.requirement SET questions_close_at = clock_timestamp() - interval '1 minute' WHERE id = $1`, [id]);
    const closesAt = new Date(Date.now() + 2_000).toISOString();
    expect((await api.http.put(`/api/v1/requirements/${id}/closing-time`).set(bearer(buyer.accessToken)).send({ closesAt })).status).toBe(200);
    const closedMail = await waitForMail(buyerAdmin.email, /has closed with/);
    expect(closedMail.subject).toBe(`"${title}" has closed with 2 bids`);
    const [stored] = await api.dataSource.query(`SELECT status, closed_at FROM tendering.requirement WHERE id = $1`, [id]);
    expect(stored.status).toBe('closed');
    expect(new Date(stored.closed_at).getTime()).toBeGreaterThanOrEqual(new Date(closesAt).getTime());

    // Evaluation and award: the winner hears it won; the other gets a debrief with both sets of scores.
    expect((await api.http.post(`/api/v1/requirements/${id}/assignments`).set(bearer(buyer.accessToken)).send({ userId: buyerAdmin.id, role: 'evaluator' })).status).toBe(201);
    const bids = await api.http.get(`/api/v1/requirements/${id}/bids`).set(bearer(buyer.accessToken));
    expect(bids.status).toBe(200);
    const bidOf = (orgId: string) => bids.body.find((b: { organisationId: string }) => b.organisationId === orgId).id;
    for (const [orgId, score] of [[immediate.organisation.id, 90], [daily.organisation.id, 50]] as const) {
      const scored = await api.http.put(`/api/v1/requirements/${id}/bids/${bidOf(orgId)}/scores`).set(bearer(buyer.accessToken)).send({ scores: [{ criterionId, score }] });
      expect(scored.status).toBe(200);
    }
    const award = await api.http
      .post(`/api/v1/requirements/${id}/award`)
      .set(bearer(buyer.accessToken))
      .send({ bidIds: [bidOf(immediate.organisation.id)], value: '80000.00', startDate: '2027-04-01', endDate: '2028-03-31' });
    expect(award.status).toBe(201);
    expect(award.body.suppliers).toEqual([expect.objectContaining({ organisationId: immediate.organisation.id, sizeBand: 'small', sme: true })]);

    const won = await waitForMail(immediate.admin.email, /^You have been awarded/);
    expect(won.text).toContain('Your scores: technical score 90 / 100, rank 1 of 2');
    const debrief = await waitForMail(daily.admin.email, /your bid was not successful$/);
    // Ranked on weighted totals (60/40): the winner 0.6 × 90 + 0.4 × 75 = 84, this bid 0.6 × 50 + 0.4 × 100 = 70.
    expect(debrief.text).toContain('Your scores: technical score 50 / 100, rank 2 of 2');
    expect(debrief.text).toContain(`${immediate.organisation.name}: technical score 90 / 100, rank 1 of 2`);
    // Debriefs carry technical scores and ranks, never bid content nor anything a price can be worked out from.
    expect(debrief.text).not.toContain('We built three.');
    expect(debrief.text).not.toMatch(/price score|80000|80,000|weighted total/);

    // Alerts off, or not following the lot: no mail at all.
    const silent = await api.dataSource.query(`SELECT count(*)::int AS n FROM notifications.email WHERE to_address = ANY($1)`, [[off.admin.email, unrelated.admin.email]]);
    expect(silent[0].n).toBe(0);
  });

  it('keeps mail while the mail server is down and sends it once it is back: job retries, then the sweep for mail whose retries ran out', async () => {
    const ds = worker.get(DataSource);
    const notifications = worker.get(NotificationsService);
    smtpDown = true;
    await ds.transaction((m) => notifications.enqueue(m, `test:down:${Date.now()}`, 'test', 'retry@example.test', { subject: 'Sent after an outage', text: 'Hello.' }));
    await waitFor('a failed send attempt', async () => (await api.dataSource.query(`SELECT attempts FROM notifications.email WHERE to_address = 'retry@example.test'`))[0]?.attempts >= 1);
    const [failed] = await api.dataSource.query(`SELECT sent_at, last_error FROM notifications.email WHERE to_address = 'retry@example.test'`);
    expect(failed.sent_at).toBeNull();
    expect(failed.last_error).toMatch(/421|not available/i);
    smtpDown = false;
    await waitForMail('retry@example.test', /^Sent after an outage$/, 30_000);
    // The server has the message a moment before the worker's transaction records it as sent.
    await waitFor('the e-mail recorded as sent', async () => (await api.dataSource.query(`SELECT 1 FROM notifications.email WHERE to_address = 'retry@example.test' AND sent_at IS NOT NULL`)).length === 1);
    const [sent] = await api.dataSource.query(`SELECT sent_at, attempts FROM notifications.email WHERE to_address = 'retry@example.test'`);
    expect(sent.attempts).toBeGreaterThanOrEqual(2);

    // A message whose jobs gave up (no job left for it) is queued again by the sweep once it is old enough.
    await ds.query(
      `INSERT INTO notifications.email (id, ref, kind, to_address, subject, body_text, created_at, attempts, last_error)
       VALUES (gen_random_uuid(), $1, 'test', 'stranded@example.test', 'Stranded during an outage', 'Hello again.', now() - interval '1 hour', 8, '421')`,
      [`test:stranded:${Date.now()}`],
    );
    expect(await notifications.requeueStale()).toBeGreaterThanOrEqual(1);
    await waitForMail('stranded@example.test', /^Stranded during an outage$/);
    expect(smtp.mails.filter((m) => m.to === 'stranded@example.test')).toHaveLength(1);
  });
});
