import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AuditLogService } from '@app/audit';
import { RequirementsService, bidDigestContent } from '@app/tendering';
import { ApiTestApp, TestContext, TestUser, createApiTestApp, createTestContext, expectProblem, requirementBody as requirementDraft } from '@app/testing';

/**
 * Tendering through the API: publishing (checks named by field), the
 * lifecycle's stable codes, clarification questions, sealed bids with their
 * receipts, EU 2014/24 Annex IV (a)–(g), the closing-instant race, evaluation,
 * the award (one contract, the band at award frozen) and the closing job.
 *
 * The passing of time: publishing needs the closing time at least 7 days
 * away, so requirements are published with real future times and then their
 * question deadline and closing time are moved by SQL
 * (`UPDATE tendering.requirement SET questions_close_at = …, closes_at = clock_timestamp() ± interval '…'`).
 * That is how these tests stand in for days passing; every decision the
 * services take is by the database clock, so moving the stored times is
 * equivalent to waiting.
 */
describe('tendering API', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  const tag = randomBytes(4).toString('hex');
  const DAY = 86_400_000;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
  const R = '/api/v1/requirements';

  type Signed = TestUser & { token: string; fullName?: string };
  type Supplier = Signed & { orgId: string; orgName: string; band: string | null };
  interface Criterion {
    id: string;
    kind: 'essential' | 'nice';
    position: number;
    text: string;
  }
  interface RequirementView {
    id: string;
    status: string;
    criteria: Criterion[];
    closesAt: string;
    questionsCloseAt: string;
    [k: string]: unknown;
  }

  let buyerOrgId: string;
  let buyerAdmin: Signed;
  let buyerUser: Signed;
  let evaluator1: Signed;
  let evaluator2: Signed;
  let analyst: Signed;
  let otherBuyerAdmin: Signed;
  let platformAdmin: Signed;
  let micro: Supplier;
  let small: Supplier;
  let medium: Supplier;
  let large: Supplier;
  let lotId: string;
  let otherRequirementsLotId: string;
  let categoryId: string;
  let otherCategoryId: string;

  async function signedIn(user: TestUser): Promise<Signed> {
    return { ...user, token: (await api.signIn(user.email, user.password)).accessToken };
  }

  async function supplier(band: 'micro' | 'small' | 'medium' | 'large' | null, status: 'verified' | 'pending' = 'verified', name?: string): Promise<Supplier> {
    const orgName = name ?? `${band ?? 'Undeclared'} Supplier ${tag} ${randomBytes(2).toString('hex')}`;
    const s = await api.factories.supplier({ band, name: orgName, status });
    return { ...(await signedIn(s.admin)), orgId: s.organisation.id, orgName, band };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await createApiTestApp(ctx);
    const f = api.factories;
    const org = await f.organisation({ kind: 'buyer', name: `Borough of ${tag}` });
    buyerOrgId = org.id;
    buyerAdmin = await signedIn(await f.user({ organisationId: org.id, roles: ['buyer_admin'], fullName: 'Ada Admin' }));
    buyerUser = await signedIn(await f.user({ organisationId: org.id, roles: ['buyer_user'], fullName: 'Bea User' }));
    evaluator1 = await signedIn(await f.user({ organisationId: org.id, roles: ['evaluator'], fullName: 'Eve One' }));
    evaluator2 = await signedIn(await f.user({ organisationId: org.id, roles: ['evaluator'], fullName: 'Eve Two' }));
    analyst = await signedIn(await f.user({ organisationId: org.id, roles: ['analyst'], fullName: 'Ann Analyst' }));
    otherBuyerAdmin = await signedIn((await f.member('buyer', 'buyer_admin')).user);
    platformAdmin = await signedIn((await f.member('platform', 'platform_admin')).user);
    micro = await supplier('micro');
    small = await supplier('small');
    medium = await supplier('medium');
    large = await supplier('large');
    [{ lotId, categoryId }, { lotId: otherRequirementsLotId, categoryId: otherCategoryId }] = await f.requirementsLots();
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  // ---------------------------------------------------------------- helpers

  const requirementBody = (over: Record<string, unknown> = {}) =>
    requirementDraft(
      {
        title: `Replace the school-admissions booking service ${tag}`,
        summary: 'A new online service for parents applying for school places.',
        problemStatement: 'Parents phone the council to book; 40% of calls are about availability.',
        location: `Tobermory ${tag}`,
        lotId,
        categoryId,
      },
      over,
    );

  async function draft(over: Record<string, unknown> = {}, by: Signed = buyerAdmin): Promise<RequirementView> {
    const res = await api.http.post(R).set(bearer(by.token)).send(requirementBody(over));
    expect(res.status).toBe(201);
    return res.body;
  }

  async function published(over: Record<string, unknown> = {}, by: Signed = buyerAdmin): Promise<RequirementView> {
    const d = await draft(over, by);
    const res = await api.http.post(`${R}/${d.id}/publish`).set(bearer(by.token));
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Stand-in for time passing: the question deadline and the closing time move into the past (by the database clock). */
  async function closeBySql(id: string): Promise<void> {
    await api.dataSource.query(
      `UPDATE tendering.requirement SET questions_close_at = clock_timestamp() - interval '2 seconds', closes_at = clock_timestamp() - interval '1 second' WHERE id = $1`,
      [id],
    );
  }

  /** Stand-in for time passing: only the question deadline moves into the past; the requirement stays open for bids. */
  async function closeQuestionsBySql(id: string): Promise<void> {
    await api.dataSource.query(`UPDATE tendering.requirement SET questions_close_at = clock_timestamp() - interval '1 second' WHERE id = $1`, [id]);
  }

  const UTC_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
  /** The database clock, formatted like a receipt's receivedAt (UTC, microseconds): such strings compare in time order. */
  const dbClock = async (): Promise<string> => (await api.dataSource.query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', ${UTC_US}) AS t`))[0].t;

  const answersFor = (r: RequirementView, text: string) => Object.fromEntries(r.criteria.map((c) => [c.id, `${text} (${c.kind} ${c.position})`]));

  const saveBid = (s: Signed, requirementId: string, body: Record<string, unknown>) => api.http.put(`${R}/${requirementId}/bid`).set(bearer(s.token)).send(body);
  const submitBid = (s: Signed, requirementId: string) => api.http.post(`${R}/${requirementId}/bid/submit`).set(bearer(s.token));

  async function submitted(s: Signed, r: RequirementView, text: string, price: string) {
    expect((await saveBid(s, r.id, { answers: answersFor(r, text), price })).status).toBe(200);
    const res = await submitBid(s, r.id);
    expect(res.status).toBe(200);
    return res.body as { bidId: string; submissionId: string; receivedAt: string; digest: string; sizeBand: string };
  }

  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await api.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const rowsOf = (table: string, requirementId: string) => count(`${table} WHERE requirement_id = $1`, [requirementId]);

  interface AuditRow {
    actorUserId: string | null;
    subjectType: string;
    subjectId: string | null;
    data: Record<string, unknown>;
  }
  const audits = (action: string, subjectId: string | null, actorUserId: string | null = null): Promise<AuditRow[]> =>
    api.dataSource.query(
      `SELECT actor_user_id AS "actorUserId", subject_type AS "subjectType", subject_id AS "subjectId", data FROM audit.audit_event
        WHERE action = $1 AND ($2::varchar IS NULL OR subject_id = $2::varchar) AND ($3::uuid IS NULL OR actor_user_id = $3::uuid) ORDER BY id`,
      [action, subjectId, actorUserId],
    );

  const assign = (requirementId: string, user: Signed, role: 'lead' | 'evaluator') =>
    api.http.post(`${R}/${requirementId}/assignments`).set(bearer(buyerAdmin.token)).send({ userId: user.id, role });

  // ---------------------------------------------------------------- publishing

  describe('publishing', () => {
    let fixed: RequirementView;

    it('publish checks: a draft without problem statement or budget, with 11 essential criteria, closing in 2 days is refused with 400 naming each field, and stays a draft', async () => {
      const d = await draft({
        problemStatement: null,
        budgetMin: null,
        budgetMax: null,
        essentialCriteria: Array.from({ length: 11 }, (_, i) => `Essential criterion ${i + 1}`),
        questionsCloseAt: iso(DAY),
        closesAt: iso(2 * DAY),
      });
      expect(d.status).toBe('draft');
      const outboxBefore = await count(`queue.outbox_event WHERE payload->>'requirementId' = $1`, [d.id]);
      const res = await api.http.post(`${R}/${d.id}/publish`).set(bearer(buyerAdmin.token));
      expectProblem(res, 400, 'TENDERING.PUBLISH_CHECKS_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['budgetMax', 'closesAt', 'essentialCriteria', 'problemStatement', 'questionsCloseAt']);
      const again = await api.http.get(`${R}/${d.id}`).set(bearer(buyerAdmin.token)).expect(200);
      expect(again.body).toMatchObject({ status: 'draft', publishedAt: null });
      const [row] = await api.dataSource.query(`SELECT status, published_at FROM tendering.requirement WHERE id = $1`, [d.id]);
      expect(row).toEqual({ status: 'draft', published_at: null });
      expect(await count(`queue.outbox_event WHERE payload->>'requirementId' = $1`, [d.id])).toBe(outboxBefore);
      fixed = d;
    });

    it('a corrected draft publishes (200) and is listed publicly, without a token, with its question deadline and closing time', async () => {
      const questionsCloseAt = iso(3 * DAY);
      const closesAt = iso(8 * DAY);
      const location = `Lerwick ${tag}`;
      await api.http.put(`${R}/${fixed.id}`).set(bearer(buyerAdmin.token)).send(requirementBody({ location, questionsCloseAt, closesAt })).expect(200);
      const res = await api.http.post(`${R}/${fixed.id}/publish`).set(bearer(buyerAdmin.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) });

      const list = await api.http.get(R).query({ location }).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([fixed.id]);
      const item = list.body.items[0];
      expect(item).toMatchObject({ status: 'published', lotId, categoryId, location, buyerName: `Borough of ${tag}` });
      expect(new Date(item.questionsCloseAt).toISOString()).toBe(questionsCloseAt);
      expect(new Date(item.closesAt).toISOString()).toBe(closesAt);
      // The closing job is scheduled for the closing time.
      const [job] = await api.dataSource.query(`SELECT payload FROM queue.outbox_event WHERE job_name = 'tendering.close-requirement' AND payload->>'requirementId' = $1`, [fixed.id]);
      expect(job.payload).toMatchObject({ requirementId: fixed.id, runAt: closesAt });
    });

    it('the public list filters by lotId, categoryId and location', async () => {
      const location = `Lerwick ${tag}`;
      const ids = async (q: Record<string, string>) => (await api.http.get(R).query(q).expect(200)).body.items.map((i: { id: string }) => i.id);
      expect(await ids({ lotId, location })).toEqual([fixed.id]);
      expect(await ids({ lotId: otherRequirementsLotId, location })).toEqual([]);
      expect(await ids({ categoryId, location })).toEqual([fixed.id]);
      expect(await ids({ categoryId: otherCategoryId, location })).toEqual([]);
      expect(await ids({ location: `lerwick ${tag}`.toUpperCase() })).toEqual([fixed.id]);
      expect(await ids({ location: `Nowhere ${tag}` })).toEqual([]);
      expectProblem(await api.http.get(R).query({ lotId: 'digital' }), 400, 'REQUEST.VALIDATION_FAILED', ['lotId']);
    });

    it('a draft is 404 to another buyer organisation and to anonymous users, and never listed', async () => {
      const location = `Stornoway ${tag}`;
      const d = await draft({ location });
      await api.http.get(`${R}/${d.id}`).expect(404);
      expectProblem(await api.http.get(`${R}/${d.id}`).set(bearer(otherBuyerAdmin.token)), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
      expectProblem(await api.http.get(`${R}/${d.id}`).set(bearer(micro.token)), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
      await api.http.get(`${R}/${d.id}/questions`).expect(404);
      // Its own organisation sees it, whoever in it asks.
      expect((await api.http.get(`${R}/${d.id}`).set(bearer(buyerUser.token)).expect(200)).body.status).toBe('draft');
      expect((await api.http.get(R).query({ location, state: 'all' }).expect(200)).body.total).toBe(0);
      // Nor can another organisation publish or edit it.
      expectProblem(await api.http.post(`${R}/${d.id}/publish`).set(bearer(otherBuyerAdmin.token)), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
      expectProblem(await api.http.put(`${R}/${d.id}`).set(bearer(otherBuyerAdmin.token)).send(requirementBody()), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- lifecycle

  describe('lifecycle', () => {
    it('illegal transitions answer 409 with a stable code: publish twice → NOT_DRAFT, award/cancel before closing → NOT_CLOSED, edit when published → NOT_EDITABLE, withdraw after closing → NOT_LIVE', async () => {
      const r = await published();
      const contractsBefore = await count('tendering.contract');
      expectProblem(await api.http.post(`${R}/${r.id}/publish`).set(bearer(buyerAdmin.token)), 409, 'TENDERING.NOT_DRAFT');
      expectProblem(
        await api.http.post(`${R}/${r.id}/award`).set(bearer(buyerAdmin.token)).send({ bidIds: [randomUUID()], value: '1000.00' }),
        409,
        'TENDERING.NOT_CLOSED',
      );
      expectProblem(await api.http.post(`${R}/${r.id}/cancel`).set(bearer(buyerAdmin.token)).send({ reason: 'Budget withdrawn' }), 409, 'TENDERING.NOT_CLOSED');
      expectProblem(await api.http.post(`${R}/${r.id}/mark-unsuccessful`).set(bearer(buyerAdmin.token)).send({ reason: 'No bids' }), 409, 'TENDERING.NOT_CLOSED');
      expectProblem(await api.http.put(`${R}/${r.id}`).set(bearer(buyerAdmin.token)).send(requirementBody()), 409, 'TENDERING.NOT_EDITABLE');

      await closeBySql(r.id);
      expectProblem(await api.http.post(`${R}/${r.id}/withdraw`).set(bearer(buyerAdmin.token)).send({ reason: 'Too late' }), 409, 'TENDERING.NOT_LIVE');
      expectProblem(await api.http.post(`${R}/${r.id}/publish`).set(bearer(buyerAdmin.token)), 409, 'TENDERING.NOT_DRAFT');
      const [row] = await api.dataSource.query(`SELECT status FROM tendering.requirement WHERE id = $1`, [r.id]);
      expect(row.status).toBe('published');
      expect(await count('tendering.contract')).toBe(contractsBefore);

      // The legal way out after closing: cancel; then nothing more.
      expect((await api.http.post(`${R}/${r.id}/cancel`).set(bearer(buyerAdmin.token)).send({ reason: 'Budget withdrawn' }).expect(200)).body.status).toBe('cancelled');
      expectProblem(await api.http.post(`${R}/${r.id}/mark-unsuccessful`).set(bearer(buyerAdmin.token)).send({ reason: 'Again' }), 409, 'TENDERING.NOT_CLOSED');
    });

    it('withdraw while live is allowed (200), and a withdrawn requirement cannot be published again', async () => {
      const r = await published();
      const res = await api.http.post(`${R}/${r.id}/withdraw`).set(bearer(buyerAdmin.token)).send({ reason: 'Need has gone' }).expect(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', outcomeReason: 'Need has gone' });
      expectProblem(await api.http.post(`${R}/${r.id}/publish`).set(bearer(buyerAdmin.token)), 409, 'TENDERING.NOT_DRAFT');
      expectProblem(await api.http.post(`${R}/${r.id}/withdraw`).set(bearer(buyerAdmin.token)).send({ reason: 'Again' }), 409, 'TENDERING.NOT_LIVE');
      expect((await audits('tendering.requirement.withdraw', r.id, buyerAdmin.id)).map((a) => a.data)).toEqual([{ reason: 'Need has gone' }]);
    });
  });

  // ---------------------------------------------------------------- questions

  describe('clarification questions', () => {
    let r: RequirementView;
    let questionId: string;
    const questionText = `Is there an incumbent supplier? ${tag}`;

    beforeAll(async () => {
      r = await published();
    });

    it('a supplier asks a question before the deadline (201); the buyer sees it without who asked', async () => {
      const res = await api.http.post(`${R}/${r.id}/questions`).set(bearer(small.token)).send({ text: questionText });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ requirementId: r.id, text: questionText, answer: null, publishedAt: null, askedByYou: true });
      questionId = res.body.id;
      // Unanswered: the public sees nothing yet; the buyer sees the question, not the asker.
      expect((await api.http.get(`${R}/${r.id}/questions`).expect(200)).body).toEqual([]);
      const buyerView = await api.http.get(`${R}/${r.id}/questions`).set(bearer(buyerUser.token)).expect(200);
      expect(buyerView.body.map((q: { id: string }) => q.id)).toEqual([questionId]);
      for (const secret of [small.orgId, small.id, small.email, small.orgName]) expect(buyerView.text).not.toContain(secret);
      expect(buyerView.body[0].askedByYou).toBeNull();
      // Buyers do not ask.
      expectProblem(await api.http.post(`${R}/${r.id}/questions`).set(bearer(buyerAdmin.token)).send({ text: 'Can I ask myself?' }), 403, 'AUTH.ROLE_REQUIRED');
    });

    it('the buyer answers; anyone, signed in or not, reads the answer with no organisation id or asker identity anywhere in the body', async () => {
      const answer = `No: this is a new service. ${tag}`;
      const res = await api.http.post(`${R}/${r.id}/questions/${questionId}/answer`).set(bearer(buyerUser.token)).send({ answer });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: questionId, answer, publishedAt: expect.any(String) });

      const anonymous = await api.http.get(`${R}/${r.id}/questions`).expect(200);
      expect(anonymous.body).toEqual([{ id: questionId, requirementId: r.id, text: questionText, askedAt: expect.any(String), answer, publishedAt: expect.any(String), askedByYou: null }]);
      const otherSupplier = await api.http.get(`${R}/${r.id}/questions`).set(bearer(large.token)).expect(200);
      expect(otherSupplier.body).toEqual([expect.objectContaining({ id: questionId, answer, askedByYou: false })]);
      for (const body of [anonymous, otherSupplier]) {
        for (const secret of [small.orgId, small.id, small.email, small.orgName]) expect(body.text).not.toContain(secret);
        expect(body.text).not.toMatch(/organisationId|askedBy"|asked_by|organisation_id/);
      }
      // Another buyer organisation cannot answer.
      expectProblem(await api.http.post(`${R}/${r.id}/questions/${questionId}/answer`).set(bearer(otherBuyerAdmin.token)).send({ answer: 'Hijack' }), 404);
    });

    it('after the question deadline (moved by SQL into the past) a question is refused 409 TENDERING.QUESTIONS_CLOSED and no row is written', async () => {
      await closeQuestionsBySql(r.id);
      const before = await rowsOf('tendering.question', r.id);
      const auditBefore = await count('audit.audit_event');
      const res = await api.http.post(`${R}/${r.id}/questions`).set(bearer(medium.token)).send({ text: 'Is it too late to ask?' });
      expectProblem(res, 409, 'TENDERING.QUESTIONS_CLOSED');
      expect(await rowsOf('tendering.question', r.id)).toBe(before);
      expect(await count('audit.audit_event')).toBe(auditBefore);
      // Bids are still taken: only questions have closed.
      expect((await saveBid(medium, r.id, { answers: {}, price: null })).status).toBe(200);
    });
  });

  // ---------------------------------------------------------------- bids

  describe('bids', () => {
    let r: RequirementView;
    let first: { bidId: string; submissionId: string; receivedAt: string; digest: string; sizeBand: string };
    const answers1 = () => answersFor(r, `First answer ${tag}`);

    beforeAll(async () => {
      r = await published();
    });

    it('a supplier saves a draft and submits it: the receipt has the database time of receipt and the SHA-256 of what was submitted, and records the size band', async () => {
      const saved = await saveBid(micro, r.id, { answers: answers1(), price: '98000.00' });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ status: 'draft', price: '98000.00', receipt: null, answers: answers1() });

      const before = await dbClock();
      const res = await submitBid(micro, r.id);
      const after = await dbClock();
      expect(res.status).toBe(200);
      first = res.body;
      expect(first).toEqual({
        bidId: saved.body.id,
        submissionId: expect.any(String),
        requirementId: r.id,
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
        sizeBand: 'micro',
      });
      expect(before < first.receivedAt && first.receivedAt < after).toBe(true);
      const expected = createHash('sha256')
        .update(bidDigestContent({ requirementId: r.id, organisationId: micro.orgId, answers: answers1(), price: '98000.00', currency: 'GBP' }))
        .digest('hex');
      expect(first.digest).toBe(expected);

      const [row] = await api.dataSource.query(
        `SELECT to_char(s.received_at AT TIME ZONE 'UTC', ${UTC_US}) AS "receivedAt", s.digest, s.size_band AS "sizeBand", b.status, b.size_band AS "bidBand"
           FROM tendering.bid_submission s JOIN tendering.bid b ON b.submission_id = s.id WHERE s.id = $1`,
        [first.submissionId],
      );
      expect(row).toEqual({ receivedAt: first.receivedAt, digest: expected, sizeBand: 'micro', status: 'submitted', bidBand: 'micro' });
      // The supplier reads its own bid with the same receipt.
      const own = await api.http.get(`${R}/${r.id}/bid`).set(bearer(micro.token)).expect(200);
      expect(own.body).toMatchObject({ status: 'submitted', sizeBand: 'micro', receipt: first });
      // A submitted bid must be withdrawn before it changes.
      expectProblem(await saveBid(micro, r.id, { answers: answers1(), price: '1.00' }), 409, 'TENDERING.BID_SUBMITTED');
      expectProblem(await submitBid(micro, r.id), 409, 'TENDERING.BID_SUBMITTED');
    });

    it('withdrawing and resubmitting gives a new receipt; the old one is kept, marked withdrawn, and receipts cannot be altered', async () => {
      const withdrawn = await api.http.post(`${R}/${r.id}/bid/withdraw`).set(bearer(micro.token)).expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', receipt: null });
      const answers2 = answersFor(r, `Second answer ${tag}`);
      await saveBid(micro, r.id, { answers: answers2, price: '97000.50' }).expect(200);
      const res = await submitBid(micro, r.id);
      expect(res.status).toBe(200);
      expect(res.body.bidId).toBe(first.bidId);
      expect(res.body.submissionId).not.toBe(first.submissionId);
      expect(res.body.receivedAt > first.receivedAt).toBe(true);
      expect(res.body.digest).toBe(
        createHash('sha256').update(bidDigestContent({ requirementId: r.id, organisationId: micro.orgId, answers: answers2, price: '97000.50', currency: 'GBP' })).digest('hex'),
      );
      const rows = await api.dataSource.query(`SELECT id, withdrawn_at IS NOT NULL AS withdrawn FROM tendering.bid_submission WHERE bid_id = $1 ORDER BY received_at`, [first.bidId]);
      expect(rows).toEqual([
        { id: first.submissionId, withdrawn: true },
        { id: res.body.submissionId, withdrawn: false },
      ]);
      await expect(api.dataSource.query(`UPDATE tendering.bid_submission SET digest = repeat('0', 64) WHERE id = $1`, [res.body.submissionId])).rejects.toThrow(/TENDERING.RECEIPT_IMMUTABLE/);
      await expect(api.dataSource.query(`DELETE FROM tendering.bid_submission WHERE id = $1`, [first.submissionId])).rejects.toThrow(/TENDERING.RECEIPT_IMMUTABLE/);
    });

    it('refuses a bid on a draft requirement (404), a price "abc" (400 naming price), an unknown field (400 naming it) and an answer to a criterion of another requirement; nothing is written', async () => {
      const d = await draft();
      const other = await published();
      const s = await supplier('small');
      const before = { bids: await count('tendering.bid'), receipts: await count('tendering.bid_submission') };

      expectProblem(await saveBid(s, d.id, { answers: {}, price: '10.00' }), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
      expectProblem(await submitBid(s, d.id), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
      expectProblem(await saveBid(s, r.id, { answers: {}, price: 'abc' }), 400, 'REQUEST.VALIDATION_FAILED', ['price']);
      const unknown = await saveBid(s, r.id, { answers: {}, price: '10.00', sizeBand: 'micro' });
      expectProblem(unknown, 400, 'REQUEST.VALIDATION_FAILED', ['sizeBand']);
      const foreign = other.criteria[0].id;
      expectProblem(await saveBid(s, r.id, { answers: { [foreign]: 'Wrong requirement' }, price: '10.00' }), 400, 'TENDERING.INVALID_BID', [`answers.${foreign}`]);
      expectProblem(await submitBid(s, r.id), 409, 'TENDERING.NO_BID');
      // A buyer cannot bid at all.
      expectProblem(await saveBid(buyerAdmin, r.id, { answers: {}, price: '10.00' }), 403, 'AUTH.ROLE_REQUIRED');
      expect({ bids: await count('tendering.bid'), receipts: await count('tendering.bid_submission') }).toEqual(before);

      // A saved draft that leaves an essential criterion unanswered is not submitted.
      const essential = r.criteria.filter((c) => c.kind === 'essential');
      await saveBid(s, r.id, { answers: { [essential[0].id]: 'Only the first' }, price: null }).expect(200);
      const incomplete = await submitBid(s, r.id);
      expectProblem(incomplete, 400, 'TENDERING.INVALID_BID', [`answers.${essential[1].id}`, 'price']);
      expect(await count('tendering.bid_submission')).toBe(before.receipts);
    });

    it('refuses to submit from an unverified supplier (403 TENDERING.SUPPLIER_NOT_VERIFIED) and writes no receipt', async () => {
      const pending = await supplier('small', 'pending');
      await saveBid(pending, r.id, { answers: answersFor(r, 'Pending answer'), price: '5000.00' }).expect(200);
      const receipts = await rowsOf('tendering.bid_submission', r.id);
      const res = await submitBid(pending, r.id);
      expectProblem(res, 403, 'TENDERING.SUPPLIER_NOT_VERIFIED');
      expect(await rowsOf('tendering.bid_submission', r.id)).toBe(receipts);
      const [bid] = await api.dataSource.query(`SELECT status, submission_id FROM tendering.bid WHERE requirement_id = $1 AND organisation_id = $2`, [r.id, pending.orgId]);
      expect(bid).toEqual({ status: 'draft', submission_id: null });
    });
  });

  // ---------------------------------------------------------------- Annex IV

  describe('EU 2014/24 Annex IV', () => {
    let a: RequirementView; // the requirement under test
    let b: RequirementView; // another requirement of the same buyer
    let bidMicro: string;
    let bidMedium: string;
    let bidOnB: string;
    const secretMicro = `SEALED-ANSWER-${tag}-micro`;
    const secretMedium = `SEALED-ANSWER-${tag}-medium`;
    const priceMicro = '87654.32';
    const priceMedium = '76543.21';
    const secrets = [secretMicro, secretMedium, priceMicro, priceMedium];
    const expectNoContent = (res: Response) => {
      for (const s of secrets) expect(res.text).not.toContain(s);
    };

    beforeAll(async () => {
      a = await published();
      b = await published();
      expect((await assign(a.id, evaluator1, 'evaluator')).status).toBe(201);
      expect((await assign(b.id, evaluator2, 'evaluator')).status).toBe(201);
      await saveBid(micro, a.id, { answers: answersFor(a, secretMicro), price: priceMicro }).expect(200);
      await saveBid(medium, a.id, { answers: answersFor(a, secretMedium), price: priceMedium }).expect(200);
      bidOnB = (await submitted(small, b, `B answer ${tag}`, '55555.55')).bidId;
      await closeBySql(b.id);
    });

    it('Annex IV (a) the time of receipt is the database clock at the moment the receipt is written, and its digest identifies exactly what was received', async () => {
      for (const [s, secret, price] of [[micro, secretMicro, priceMicro], [medium, secretMedium, priceMedium]] as const) {
        const before = await dbClock();
        const res = await submitBid(s, a.id);
        const after = await dbClock();
        expect(res.status).toBe(200);
        expect(before < res.body.receivedAt && res.body.receivedAt < after).toBe(true);
        expect(res.body.digest).toBe(
          createHash('sha256').update(bidDigestContent({ requirementId: a.id, organisationId: s.orgId, answers: answersFor(a, secret), price, currency: 'GBP' })).digest('hex'),
        );
        if (s === micro) bidMicro = res.body.bidId;
        else bidMedium = res.body.bidId;
      }
      // The database, not the client, stamps the time: a receipt written with a time of its own gets the clock's (rolled back).
      const qr = api.dataSource.createQueryRunner();
      await qr.startTransaction();
      try {
        const before = await dbClock();
        const [stamped] = await qr.query(
          `INSERT INTO tendering.bid_submission (id, bid_id, requirement_id, received_at, digest, size_band, submitted_by)
           VALUES ($1, $2, $3, '2000-01-01T00:00:00Z', repeat('a', 64), 'micro', $4) RETURNING to_char(received_at AT TIME ZONE 'UTC', ${UTC_US}) AS t`,
          [randomUUID(), bidMicro, a.id, micro.id],
        );
        expect(stamped.t >= before).toBe(true);
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    });

    it('Annex IV (b) before the closing time nobody reads bids: bids, a bid, evaluation, bid counts and scoring are refused for the buyer admin, buyer user, assigned evaluator, analyst and platform admin, and no refusal shows bid content', async () => {
      const readsBefore = await audits('tendering.bid.read', a.id);
      const scoresBefore = await count('tendering.score');
      const score = { scores: [{ criterionId: a.criteria[0].id, score: 50 }] };
      const who: [string, Signed, boolean][] = [
        ['buyer admin (lead)', buyerAdmin, true],
        ['buyer user', buyerUser, true],
        ['assigned evaluator', evaluator1, true],
        ['analyst', analyst, false],
        ['platform admin', platformAdmin, false],
      ];
      for (const [label, user, mayScore] of who) {
        const answers = {
          bids: await api.http.get(`${R}/${a.id}/bids`).set(bearer(user.token)),
          bid: await api.http.get(`${R}/${a.id}/bids/${bidMicro}`).set(bearer(user.token)),
          evaluation: await api.http.get(`${R}/${a.id}/evaluation`).set(bearer(user.token)),
          counts: await api.http.get(`${R}/${a.id}/bid-counts`).set(bearer(user.token)),
          scores: await api.http.put(`${R}/${a.id}/bids/${bidMicro}/scores`).set(bearer(user.token)).send(score),
        };
        for (const [route, res] of Object.entries(answers)) {
          const expectedCode = route === 'scores' && !mayScore ? 'AUTH.ROLE_REQUIRED' : 'TENDERING.BIDS_SEALED';
          expect([label, route, res.status, res.body.code]).toEqual([label, route, 403, expectedCode]);
          expectNoContent(res);
        }
      }
      // Nor anonymously, nor by a bidder.
      expectProblem(await api.http.get(`${R}/${a.id}/bids`), 401);
      expectProblem(await api.http.get(`${R}/${a.id}/bid-counts`), 403, 'TENDERING.BIDS_SEALED');
      const bidder = await api.http.get(`${R}/${a.id}/bids`).set(bearer(medium.token));
      expectProblem(bidder, 403, 'TENDERING.BIDS_SEALED');
      expectNoContent(bidder);
      expect(await audits('tendering.bid.read', a.id)).toEqual(readsBefore);
      expect(await count('tendering.score')).toBe(scoresBefore);
    });

    it('Annex IV (c) only a buyer admin of the owning organisation changes the closing time, only while live; every change and every refusal is audited', async () => {
      const closesAtOf = async () => (await api.dataSource.query(`SELECT closes_at FROM tendering.requirement WHERE id = $1`, [a.id]))[0].closes_at.toISOString();
      const original = await closesAtOf();
      const later = iso(9 * DAY);
      const changed = await api.http.put(`${R}/${a.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: later });
      expect(changed.status).toBe(200);
      expect(new Date(changed.body.closesAt).toISOString()).toBe(later);
      expect(await closesAtOf()).toBe(later);
      expect((await audits('tendering.requirement.closing_time_changed', a.id)).map((x) => [x.actorUserId, x.data])).toEqual([[buyerAdmin.id, { from: original, to: later }]]);
      const jobs = await api.dataSource.query(`SELECT payload->>'runAt' AS "runAt" FROM queue.outbox_event WHERE job_name = 'tendering.close-requirement' AND payload->>'requirementId' = $1`, [a.id]);
      expect(jobs.map((j: { runAt: string }) => j.runAt)).toContain(later);

      const refusedBy = async (user: Signed) => (await audits('tendering.requirement.closing_time_refused', a.id, user.id)).map((x) => x.data.reason);

      // A buyer user of the owning organisation: 403, audited.
      expectProblem(await api.http.put(`${R}/${a.id}/closing-time`).set(bearer(buyerUser.token)).send({ closesAt: iso(10 * DAY) }), 403, 'AUTH.ROLE_REQUIRED');
      expect(await refusedBy(buyerUser)).toEqual(['role']);
      // A buyer admin of another organisation: 404, audited.
      expectProblem(await api.http.put(`${R}/${a.id}/closing-time`).set(bearer(otherBuyerAdmin.token)).send({ closesAt: iso(10 * DAY) }), 404, 'TENDERING.REQUIREMENT_NOT_FOUND');
      expect(await refusedBy(otherBuyerAdmin)).toEqual(['TENDERING.REQUIREMENT_NOT_FOUND']);
      // The owning buyer admin, with a time in the past: 400 naming closesAt, audited.
      expectProblem(await api.http.put(`${R}/${a.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: iso(-DAY) }), 400, 'TENDERING.INVALID_CLOSING_TIME', ['closesAt']);
      expect(await refusedBy(buyerAdmin)).toEqual(['TENDERING.INVALID_CLOSING_TIME']);
      // An evaluator is stopped by the route's role guard (buyer roles only).
      expectProblem(await api.http.put(`${R}/${a.id}/closing-time`).set(bearer(evaluator1.token)).send({ closesAt: iso(10 * DAY) }), 403, 'AUTH.ROLE_REQUIRED');
      expect(await closesAtOf()).toBe(later);

      // Time passes (SQL stand-in): after closing, not even the buyer admin changes it.
      await closeBySql(a.id);
      const closedAt = await closesAtOf();
      expectProblem(await api.http.put(`${R}/${a.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: iso(10 * DAY) }), 409, 'TENDERING.NOT_LIVE');
      expect(await refusedBy(buyerAdmin)).toEqual(['TENDERING.INVALID_CLOSING_TIME', 'TENDERING.NOT_LIVE']);
      expect(await closesAtOf()).toBe(closedAt);
      expect(await audits('tendering.requirement.closing_time_changed', a.id)).toHaveLength(1);
    });

    it('Annex IV (d) after the closing time the users assigned to the requirement read its bids, and each read is audited', async () => {
      // The lead (its creator) reads the list.
      const lead = await api.http.get(`${R}/${a.id}/bids`).set(bearer(buyerAdmin.token));
      expect(lead.status).toBe(200);
      expect(lead.body.map((x: { id: string }) => x.id).sort()).toEqual([bidMicro, bidMedium].sort());
      const m = lead.body.find((x: { id: string }) => x.id === bidMicro);
      expect(m).toMatchObject({ price: priceMicro, sizeBand: 'micro', answers: answersFor(a, secretMicro), receipt: expect.objectContaining({ bidId: bidMicro }) });
      expect(await audits('tendering.bid.read', a.id, buyerAdmin.id)).toEqual([
        { actorUserId: buyerAdmin.id, subjectType: 'requirement', subjectId: a.id, data: { bidIds: expect.arrayContaining([bidMicro, bidMedium]) } },
      ]);

      // The assigned evaluator reads the list and one bid.
      await api.http.get(`${R}/${a.id}/bids`).set(bearer(evaluator1.token)).expect(200);
      const one = await api.http.get(`${R}/${a.id}/bids/${bidMedium}`).set(bearer(evaluator1.token)).expect(200);
      expect(one.body).toMatchObject({ id: bidMedium, price: priceMedium, answers: answersFor(a, secretMedium) });
      expect((await audits('tendering.bid.read', a.id, evaluator1.id)).map((x) => x.data)).toEqual([{ bidIds: expect.arrayContaining([bidMicro, bidMedium]) }]);
      expect(await audits('tendering.bid.read', bidMedium, evaluator1.id)).toEqual([{ actorUserId: evaluator1.id, subjectType: 'bid', subjectId: bidMedium, data: { requirementId: a.id } }]);
      await api.http.get(`${R}/${a.id}/evaluation`).set(bearer(evaluator1.token)).expect(200);

      // A buyer user reads only once assigned.
      expectProblem(await api.http.get(`${R}/${a.id}/bids`).set(bearer(buyerUser.token)), 404, 'TENDERING.BID_NOT_FOUND');
      expect((await assign(a.id, buyerUser, 'evaluator')).status).toBe(201);
      await api.http.get(`${R}/${a.id}/bids`).set(bearer(buyerUser.token)).expect(200);
      expect(await audits('tendering.bid.read', a.id, buyerUser.id)).toHaveLength(1);

      // Bid counts by size band are public after closing.
      const counts = await api.http.get(`${R}/${a.id}/bid-counts`).expect(200);
      expect(counts.body).toEqual({ requirementId: a.id, total: 2, bySizeBand: { micro: 1, medium: 1 }, sme: 2 });
    });

    it('Annex IV (e) after closing, unassigned users of the same buyer, another buyer organisation, a platform admin and the bidders all get 404, with no bid content', async () => {
      const refused: [string, Signed][] = [
        ['unassigned evaluator of the same buyer', evaluator2],
        ['analyst of the same buyer', analyst],
        ['buyer admin of another organisation', otherBuyerAdmin],
        ['platform admin', platformAdmin],
        ['a bidder', micro],
      ];
      for (const [label, user] of refused) {
        for (const [route, res] of [
          ['bids', await api.http.get(`${R}/${a.id}/bids`).set(bearer(user.token))],
          ['bid', await api.http.get(`${R}/${a.id}/bids/${bidMicro}`).set(bearer(user.token))],
          ['evaluation', await api.http.get(`${R}/${a.id}/evaluation`).set(bearer(user.token))],
        ] as const) {
          expect([label, route, res.status, res.body.code]).toEqual([label, route, 404, 'TENDERING.BID_NOT_FOUND']);
          expectNoContent(res);
        }
        expect(await audits('tendering.bid.read', a.id, user.id)).toEqual([]);
        expect(await audits('tendering.bid.read', bidMicro, user.id)).toEqual([]);
      }
      // Another organisation cannot score or assign itself in either.
      expectProblem(await api.http.put(`${R}/${a.id}/bids/${bidMicro}/scores`).set(bearer(otherBuyerAdmin.token)).send({ scores: [{ criterionId: a.criteria[0].id, score: 1 }] }), 404);
      expectProblem(await api.http.post(`${R}/${a.id}/assignments`).set(bearer(otherBuyerAdmin.token)).send({ userId: otherBuyerAdmin.id, role: 'evaluator' }), 404);
    });

    it('Annex IV (f) a user assigned to requirement A cannot read requirement B\'s bids, nor reach A\'s bids through B', async () => {
      for (const res of [
        await api.http.get(`${R}/${b.id}/bids`).set(bearer(evaluator1.token)),
        await api.http.get(`${R}/${b.id}/bids/${bidOnB}`).set(bearer(evaluator1.token)),
        await api.http.get(`${R}/${b.id}/evaluation`).set(bearer(evaluator1.token)),
        await api.http.put(`${R}/${b.id}/bids/${bidOnB}/scores`).set(bearer(evaluator1.token)).send({ scores: [{ criterionId: b.criteria[0].id, score: 1 }] }),
      ]) {
        expectProblem(res, 404, 'TENDERING.BID_NOT_FOUND');
        expect(res.text).not.toContain(`B answer ${tag}`);
      }
      expect(await audits('tendering.bid.read', b.id, evaluator1.id)).toEqual([]);
      // evaluator2, assigned to B, reads B's bids but not A's bid by its id through B's route.
      await api.http.get(`${R}/${b.id}/bids`).set(bearer(evaluator2.token)).expect(200);
      const through = await api.http.get(`${R}/${b.id}/bids/${bidMicro}`).set(bearer(evaluator2.token));
      expectProblem(through, 404, 'TENDERING.BID_NOT_FOUND');
      expectNoContent(through);
    });

    it('Annex IV (g) every refused read is in the audit log (who, what, why) without bid content, and the audit hash chain still verifies', async () => {
      // The sealed refusals of (b) were each logged, with the reason.
      for (const user of [buyerAdmin, buyerUser, evaluator1, analyst, platformAdmin]) {
        const reasons = (await audits('tendering.bid.read_refused', a.id, user.id)).map((x) => x.data.reason);
        expect(reasons).toContain('sealed');
      }
      // Each refusal now adds exactly one row naming actor, requirement, what was asked for and why.
      const cases: [Signed, string, string, string][] = [
        [evaluator2, `${R}/${a.id}/bids`, 'bids', 'not_assigned'],
        [otherBuyerAdmin, `${R}/${a.id}/bids/${bidMedium}`, `bid:${bidMedium}`, 'not_assigned'],
        [platformAdmin, `${R}/${a.id}/evaluation`, 'evaluation', 'not_assigned'],
        [evaluator1, `${R}/${b.id}/bids`, 'bids', 'not_assigned'],
        [medium, `${R}/${randomUUID()}/bids`, 'bids', 'not_found'],
      ];
      for (const [user, url, what, reason] of cases) {
        const before = await count(`audit.audit_event WHERE action = 'tendering.bid.read_refused' AND actor_user_id = $1`, [user.id]);
        const res = await api.http.get(url).set(bearer(user.token));
        expect(res.status).toBe(404);
        const rows: { subjectId: string; organisationId: string; data: Record<string, unknown> }[] = await api.dataSource.query(
          `SELECT subject_id AS "subjectId", actor_organisation_id AS "organisationId", data FROM audit.audit_event
            WHERE action = 'tendering.bid.read_refused' AND actor_user_id = $1 ORDER BY id`,
          [user.id],
        );
        expect(rows).toHaveLength(before + 1);
        expect(rows[rows.length - 1]).toMatchObject({ subjectId: url.split('/')[4], organisationId: user.organisationId, data: { what, reason } });
      }

      // No bid content in any audit row (nor in any job payload).
      for (const s of [...secrets, `B answer ${tag}`, `First answer ${tag}`, `Second answer ${tag}`]) {
        expect([s, await count(`audit.audit_event WHERE data::text LIKE '%' || $1 || '%'`, [s])]).toEqual([s, 0]);
        expect([s, await count(`queue.outbox_event WHERE payload::text LIKE '%' || $1 || '%'`, [s])]).toEqual([s, 0]);
      }
      const verified = await api.app.get(AuditLogService).verify();
      expect(verified).toEqual({ ok: true, checked: expect.any(Number), firstBroken: null });
      expect(verified.checked).toBe(await count('audit.audit_event'));
    });
  });

  // ---------------------------------------------------------------- the closing instant

  it('deadline race: 50 suppliers submit across the closing instant — every 200 has receivedAt < closes_at, every other answer is 409 TENDERING.CLOSED, and receipts written = 200s', async () => {
    const r = await published({ essentialCriteria: ['One essential criterion'], niceToHaveCriteria: [] });
    const bands = ['micro', 'small', 'medium', 'large'] as const;
    const racers: Supplier[] = [];
    for (let i = 0; i < 50; i++) {
      const s = await supplier(bands[i % 4], 'verified', `Racer ${i} ${tag}`);
      await saveBid(s, r.id, { answers: answersFor(r, `Racer ${i}`), price: `${1000 + i}.00` }).expect(200);
      racers.push(s);
    }
    // Stand-in for time passing: the closing instant is put ~1.5 s ahead by the database clock.
    const [[{ closesAt }]] = await api.dataSource.query(
      `UPDATE tendering.requirement SET questions_close_at = clock_timestamp(), closes_at = clock_timestamp() + interval '1500 milliseconds'
        WHERE id = $1 RETURNING to_char(closes_at AT TIME ZONE 'UTC', ${UTC_US}) AS "closesAt"`,
      [r.id],
    );
    // Timers only spread the 50 submissions over ~3 s around the closing instant; nothing is asserted on them.
    const results = await Promise.all(
      racers.map((s, i) => new Promise<void>((resolve) => setTimeout(resolve, i * 60)).then(() => submitBid(s, r.id))),
    );
    const accepted = results.filter((res) => res.status === 200);
    const refused = results.filter((res) => res.status !== 200);
    for (const res of accepted) expect([res.body.receivedAt < closesAt, res.body.receivedAt, closesAt]).toEqual([true, res.body.receivedAt, closesAt]);
    for (const res of refused) expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'TENDERING.CLOSED' });
    // The first submissions start 1.5 s before the instant and the last ~1.4 s after it: both outcomes occur.
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(await rowsOf('tendering.bid_submission', r.id)).toBe(accepted.length);
    expect(await count(`tendering.bid_submission s JOIN tendering.requirement q ON q.id = s.requirement_id WHERE q.id = $1 AND s.received_at >= q.closes_at`, [r.id])).toBe(0);
    const written = (await api.dataSource.query(`SELECT id FROM tendering.bid_submission WHERE requirement_id = $1`, [r.id])).map((x: { id: string }) => x.id).sort();
    expect(written).toEqual(accepted.map((res) => res.body.submissionId).sort());
    expect(await count(`tendering.bid WHERE requirement_id = $1 AND status = 'submitted'`, [r.id])).toBe(accepted.length);
  }, 180_000);

  // ---------------------------------------------------------------- evaluation and award

  describe('evaluation and award', () => {
    let r: RequirementView;
    let bidA: string; // medium supplier, 80000.00
    let bidB: string; // small supplier, 100000.00
    let contractId: string;
    let c: string[]; // criterion ids in order: essential 1, essential 2, nice 1
    const put = (user: Signed, bidId: string, values: number[]) =>
      api.http.put(`${R}/${r.id}/bids/${bidId}/scores`).set(bearer(user.token)).send({ scores: values.map((score, i) => ({ criterionId: c[i], score })) });

    beforeAll(async () => {
      r = await published();
      c = r.criteria.map((x) => x.id);
      expect((await assign(r.id, evaluator1, 'evaluator')).status).toBe(201);
      expect((await assign(r.id, evaluator2, 'evaluator')).status).toBe(201);
      bidA = (await submitted(medium, r, `Bid A ${tag}`, '80000.00')).bidId;
      bidB = (await submitted(small, r, `Bid B ${tag}`, '100000.00')).bidId;
      await closeBySql(r.id);
    });

    it('evaluation: the award is refused (400 naming bidIds[0]) while the bid is not fully scored, and nothing is written', async () => {
      await put(evaluator1, bidA, [80, 60, 70]).expect(200);
      await put(evaluator2, bidA, [90, 70, 80]).expect(200);
      await put(evaluator1, bidB, [100, 80, 90]).expect(200);
      await put(evaluator2, bidB, [65, 80]).expect(200); // the nice-to-have criterion is left unscored
      const contracts = await count('tendering.contract');
      const res = await api.http.post(`${R}/${r.id}/award`).set(bearer(buyerAdmin.token)).send({ bidIds: [bidB], value: '100000.00' });
      expectProblem(res, 400, 'TENDERING.INVALID_AWARD');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['bidIds[0]']);
      expect(await count('tendering.contract')).toBe(contracts);
      expect((await api.http.get(`${R}/${r.id}`).expect(200)).body.status).toBe('closed');
      // Scores are the assigned evaluators' only, and within the scale.
      expectProblem(await put(buyerAdmin, bidA, [1, 1, 1]), 403, 'TENDERING.NOT_EVALUATOR');
      expectProblem(await put(evaluator1, bidA, [101, 1, 1]), 400, 'TENDERING.INVALID_SCORES', ['scores[0].score']);
    });

    it('evaluation: with two evaluators scoring every criterion, the weighted totals match a hand computation', async () => {
      await put(evaluator2, bidB, [65, 80, 70]).expect(200);
      const res = await api.http.get(`${R}/${r.id}/evaluation`).set(bearer(buyerAdmin.token)).expect(200);
      expect(res.body).toMatchObject({ technicalWeight: 60, priceWeight: 40, scaleMax: 100 });
      expect(res.body.evaluators.map((e: { userId: string }) => e.userId)).toEqual([evaluator1.id, evaluator2.id]);
      // A: technical ((80+60+70)/3 + (90+70+80)/3) / 2 = (70 + 80) / 2 = 75; price cheapest = 100; total 75×0.6 + 100×0.4 = 85.
      // B: technical ((100+80+90)/3 + (65+80+70)/3) / 2 = (90 + 71.67) / 2 = 80.83; price 80000/100000×100 = 80; total 80.83×0.6 + 80×0.4 = 80.5.
      const byId = Object.fromEntries(res.body.bids.map((x: { bidId: string }) => [x.bidId, x]));
      expect(byId[bidA]).toMatchObject({ technicalScore: 75, priceScore: 100, total: 85, complete: true, rank: 1, price: '80000.00', sizeBand: 'medium', scored: 6 });
      expect(byId[bidB]).toMatchObject({ technicalScore: 80.83, priceScore: 80, total: 80.5, complete: true, rank: 2, price: '100000.00', sizeBand: 'small', scored: 6 });
      const mine = await api.http.get(`${R}/${r.id}/evaluation`).set(bearer(evaluator2.token)).expect(200);
      expect(mine.body.myScores[bidB]).toEqual({ [c[0]]: { score: 65, comment: null }, [c[1]]: { score: 80, comment: null }, [c[2]]: { score: 70, comment: null } });
    });

    it('award: two concurrent awards give exactly one contract (one 201, one 409 TENDERING.ALREADY_AWARDED), with the winner\'s size band at award, shown publicly', async () => {
      const award = () => api.http.post(`${R}/${r.id}/award`).set(bearer(buyerAdmin.token)).send({ bidIds: [bidA], value: '80000.00', startDate: '2027-04-01', endDate: '2028-03-31' });
      const results = await Promise.all([award(), award()]);
      expect(results.map((x) => x.status).sort()).toEqual([201, 409]);
      const won = results.find((x) => x.status === 201)!;
      const lost = results.find((x) => x.status === 409)!;
      expectProblem(lost, 409, 'TENDERING.ALREADY_AWARDED');
      contractId = won.body.id;

      expect(await count(`tendering.contract WHERE requirement_id = $1`, [r.id])).toBe(1);
      const suppliers = await api.dataSource.query(`SELECT organisation_id AS "organisationId", size_band AS "sizeBand", bid_id AS "bidId" FROM tendering.contract_supplier WHERE contract_id = $1`, [contractId]);
      expect(suppliers).toEqual([{ organisationId: medium.orgId, sizeBand: 'medium', bidId: bidA }]);

      const pub = await api.http.get(`/api/v1/contracts/${contractId}`).expect(200);
      expect(pub.body).toMatchObject({
        id: contractId,
        source: 'tender',
        requirementId: r.id,
        value: '80000.00',
        currency: 'GBP',
        startDate: '2027-04-01',
        endDate: '2028-03-31',
        suppliers: [{ organisationId: medium.orgId, sizeBand: 'medium', sme: true }],
      });
      expect((await api.http.get('/api/v1/contracts').query({ requirementId: r.id }).expect(200)).body.total).toBe(1);
      expect((await api.http.get(`${R}/${r.id}`).expect(200)).body.status).toBe('awarded');
      expect(await audits('tendering.requirement.award', r.id)).toHaveLength(1);
    });

    it("award: after the supplier's band changes the contract keeps the band at award, and the database refuses to change it", async () => {
      const declared = await api.http
        .post(`/api/v1/suppliers/${medium.orgId}/size-declarations`)
        .set(bearer(medium.token))
        .send({ headcount: 900, turnover: { amount: '250000000', currency: 'EUR' }, balanceSheet: { amount: '180000000', currency: 'EUR' }, figuresDate: '2026-03-31' });
      expect(declared.status).toBe(201);
      expect(declared.body.derivedBand).toBe('large');
      expect((await api.http.get(`/api/v1/suppliers/${medium.orgId}`).expect(200)).body.size.band).toBe('large');

      const pub = await api.http.get(`/api/v1/contracts/${contractId}`).expect(200);
      expect(pub.body.suppliers).toEqual([expect.objectContaining({ organisationId: medium.orgId, sizeBand: 'medium', sme: true })]);
      await expect(api.dataSource.query(`UPDATE tendering.contract_supplier SET size_band = 'large' WHERE contract_id = $1`, [contractId])).rejects.toThrow(
        /TENDERING.CONTRACT_SUPPLIER_IMMUTABLE/,
      );
      await expect(api.dataSource.query(`DELETE FROM tendering.contract_supplier WHERE contract_id = $1`, [contractId])).rejects.toThrow(/TENDERING.CONTRACT_SUPPLIER_IMMUTABLE/);
      const [row] = await api.dataSource.query(`SELECT size_band FROM tendering.contract_supplier WHERE contract_id = $1`, [contractId]);
      expect(row.size_band).toBe('medium');
    });
  });

  // ---------------------------------------------------------------- the closing job

  describe('closing', () => {
    it('the close job: closeIfDue is false before the closing time, true once it has passed (status closed), and false on a second call', async () => {
      const r = await published();
      const requirements = api.app.get(RequirementsService);
      expect(await requirements.closeIfDue(r.id)).toBe(false);
      expect((await api.dataSource.query(`SELECT status, closed_at FROM tendering.requirement WHERE id = $1`, [r.id]))[0]).toEqual({ status: 'published', closed_at: null });
      await closeBySql(r.id);
      expect(await requirements.closeIfDue(r.id)).toBe(true);
      const [row] = await api.dataSource.query(`SELECT status, closed_at IS NOT NULL AS "hasClosedAt" FROM tendering.requirement WHERE id = $1`, [r.id]);
      expect(row).toEqual({ status: 'closed', hasClosedAt: true });
      expect(await requirements.closeIfDue(r.id)).toBe(false);
      expect(await audits('tendering.requirement.close', r.id)).toHaveLength(1);
      expect(await requirements.closeIfDue(randomUUID())).toBe(false);
    });

    it('with the stored status still published but closes_at past, the API already reports closed and refuses bids and questions', async () => {
      const location = `Kirkwall ${tag}`;
      const r = await published({ location });
      await saveBid(large, r.id, { answers: answersFor(r, 'Late answer'), price: '100.00' }).expect(200);
      await closeBySql(r.id);
      expect((await api.dataSource.query(`SELECT status FROM tendering.requirement WHERE id = $1`, [r.id]))[0].status).toBe('published');

      expect((await api.http.get(`${R}/${r.id}`).expect(200)).body.status).toBe('closed');
      expect((await api.http.get(R).query({ location }).expect(200)).body.total).toBe(0);
      const closedList = await api.http.get(R).query({ location, state: 'closed' }).expect(200);
      expect(closedList.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[r.id, 'closed']]);

      const receipts = await rowsOf('tendering.bid_submission', r.id);
      expectProblem(await submitBid(large, r.id), 409, 'TENDERING.CLOSED');
      expectProblem(await saveBid(large, r.id, { answers: {}, price: '1.00' }), 409, 'TENDERING.CLOSED');
      expectProblem(await api.http.post(`${R}/${r.id}/bid/withdraw`).set(bearer(large.token)), 409, 'TENDERING.CLOSED');
      expectProblem(await api.http.post(`${R}/${r.id}/questions`).set(bearer(large.token)).send({ text: 'Still open?' }), 409, 'TENDERING.QUESTIONS_CLOSED');
      expect(await rowsOf('tendering.bid_submission', r.id)).toBe(receipts);
      // And the database refuses a receipt too, whatever the API did.
      const [bid] = await api.dataSource.query(`SELECT id FROM tendering.bid WHERE requirement_id = $1`, [r.id]);
      await expect(
        api.dataSource.query(`INSERT INTO tendering.bid_submission (id, bid_id, requirement_id, digest, size_band, submitted_by) VALUES ($1, $2, $3, repeat('b', 64), 'large', $4)`, [
          randomUUID(), bid.id, r.id, large.id,
        ]),
      ).rejects.toThrow(/TENDERING.CLOSED/);
    });
  });
  describe('direct award', () => {
    async function shortlistWith(offeringIds: string[]): Promise<string> {
      const res = await api.http.post('/api/v1/shortlists').set(bearer(buyerUser.token)).send({ name: `Direct award ${randomBytes(3).toString('hex')}` });
      expect(res.status).toBe(201);
      for (const offeringId of offeringIds) {
        expect((await api.http.post(`/api/v1/shortlists/${res.body.id}/items`).set(bearer(buyerUser.token)).send({ offeringId })).status).toBe(201);
      }
      return res.body.id;
    }
    const contracts = async () => (await api.dataSource.query(`SELECT count(*)::int AS n FROM tendering.contract WHERE source = 'direct'`))[0].n;

    it('awards a shortlisted offering: a direct contract with the supplier band at award, once per shortlist', async () => {
      const onList = await api.factories.offering({ organisationId: micro.orgId, status: 'published', title: `Hosting for direct award ${tag}` });
      const shortlistId = await shortlistWith([onList]);
      const res = await api.http
        .post('/api/v1/direct-awards')
        .set(bearer(buyerUser.token))
        .send({ shortlistId, outcome: 'awarded', offeringId: onList, value: '24000.00', startDate: '2027-04-01', endDate: '2028-03-31' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ shortlistId, outcome: 'awarded', contract: { source: 'direct', offeringId: onList, value: '24000.00', currency: 'GBP' } });
      expect(res.body.contract.suppliers).toEqual([expect.objectContaining({ organisationId: micro.orgId, sizeBand: 'micro', sme: true, value: '24000.00' })]);
      expect((await api.http.get(`/api/v1/contracts/${res.body.contract.id}`)).body.suppliers[0].sizeBand).toBe('micro');

      const before = await contracts();
      const again = await api.http.post('/api/v1/direct-awards').set(bearer(buyerAdmin.token)).send({ shortlistId, outcome: 'none_suitable', reason: 'Changed our mind.' });
      expectProblem(again, 409, 'TENDERING.ALREADY_DECIDED');
      expect(await contracts()).toBe(before);
    });

    it('refuses an offering not on the shortlist, a missing value or reason, both or neither source — naming the field, writing nothing', async () => {
      const onList = await api.factories.offering({ organisationId: small.orgId, status: 'published' });
      const elsewhere = await api.factories.offering({ organisationId: large.orgId, status: 'published' });
      const shortlistId = await shortlistWith([onList]);
      const before = await contracts();
      const post = (body: Record<string, unknown>) => api.http.post('/api/v1/direct-awards').set(bearer(buyerUser.token)).send(body);
      expectProblem(await post({ shortlistId, outcome: 'awarded', offeringId: elsewhere, value: '100.00' }), 400, 'TENDERING.INVALID_DIRECT_AWARD', ['offeringId']);
      expectProblem(await post({ shortlistId, outcome: 'awarded', offeringId: onList }), 400, 'TENDERING.INVALID_DIRECT_AWARD', ['value']);
      expectProblem(await post({ shortlistId, outcome: 'none_suitable' }), 400, 'TENDERING.INVALID_DIRECT_AWARD', ['reason']);
      expectProblem(await post({ outcome: 'none_suitable', reason: 'x' }), 400, 'TENDERING.INVALID_DIRECT_AWARD', ['shortlistId']);
      expectProblem(await post({ shortlistId, outcome: 'awarded', offeringId: onList, value: 'abc' }), 400, undefined, ['value']);
      expect(await contracts()).toBe(before);
      expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM tendering.direct_award WHERE shortlist_id = $1`, [shortlistId]))[0].n).toBe(0);
    });

    it("records none suitable from a saved search; another organisation's shortlist is 404", async () => {
      const saved = await api.http.post('/api/v1/saved-searches').set(bearer(buyerUser.token)).send({ name: 'Accessible hosting', query: { q: 'hosting' } });
      expect(saved.status).toBe(201);
      const none = await api.http.post('/api/v1/direct-awards').set(bearer(buyerUser.token)).send({ savedSearchId: saved.body.id, outcome: 'none_suitable', reason: 'None met our accessibility needs.' });
      expect(none.status).toBe(201);
      expect(none.body).toMatchObject({ savedSearchId: saved.body.id, outcome: 'none_suitable', reason: 'None met our accessibility needs.', contract: null });
      expect((await api.http.get('/api/v1/direct-awards').set(bearer(buyerAdmin.token))).body.items.map((d: { id: string }) => d.id)).toContain(none.body.id);

      const onList = await api.factories.offering({ organisationId: medium.orgId, status: 'published' });
      const shortlistId = await shortlistWith([onList]);
      const foreign = await api.http.post('/api/v1/direct-awards').set(bearer(otherBuyerAdmin.token)).send({ shortlistId, outcome: 'awarded', offeringId: onList, value: '10.00' });
      expectProblem(foreign, 404, 'TENDERING.DIRECT_AWARD_NOT_FOUND');
      expectProblem(await api.http.get(`/api/v1/direct-awards/${none.body.id}`).set(bearer(otherBuyerAdmin.token)), 404, 'TENDERING.DIRECT_AWARD_NOT_FOUND');
    });
  });
  describe('hard cases: bad input, roles, late changes', () => {
    it('refuses unreal dates, ISO week or ordinal dates, year 0000 and NUL characters with 400 naming the field, writing nothing', async () => {
      const before = await count('tendering.requirement WHERE organisation_id = $1', [buyerOrgId]);
      const post = (over: Record<string, unknown>) => api.http.post(R).set(bearer(buyerAdmin.token)).send(requirementBody(over));
      expectProblem(await post({ contractStart: '2027-02-30' }), 400, undefined, ['contractStart']);
      expectProblem(await post({ contractStart: '0000-01-01' }), 400, undefined, ['contractStart']);
      expectProblem(await post({ questionsCloseAt: '2027-W05-1' }), 400, undefined, ['questionsCloseAt']);
      expectProblem(await post({ closesAt: '2027-027' }), 400, undefined, ['closesAt']);
      expectProblem(await post({ closesAt: '2027-01-20T25:00:00Z' }), 400, undefined, ['closesAt']);
      expectProblem(await post({ title: 'A title with a \u0000 in it' }), 400, 'REQUEST.VALIDATION_FAILED', ['title']);
      expect(await count('tendering.requirement WHERE organisation_id = $1', [buyerOrgId])).toBe(before);
      expectProblem(await api.http.get(R).query({ closingAfter: '2027-W05' }), 400, undefined, ['closingAfter']);
    });

    it('refuses an answer that is not text, or holds a NUL character, naming answers.<criterion>; two saves at once both land on one draft', async () => {
      const r = await published();
      const [first] = r.criteria;
      expectProblem(await saveBid(micro, r.id, { answers: { [first.id]: 5 }, price: '100.00' }), 400, 'TENDERING.INVALID_BID', [`answers.${first.id}`]);
      expectProblem(await saveBid(micro, r.id, { answers: { [first.id]: 'We \u0000 did' }, price: '100.00' }), 400, 'REQUEST.VALIDATION_FAILED', [`answers.${first.id}`]);
      expect(await rowsOf('tendering.bid', r.id)).toBe(0);
      const both = await Promise.all([1, 2].map((n) => saveBid(micro, r.id, { answers: { [first.id]: `Draft ${n}` }, price: '100.00' })));
      expect(both.map((b) => b.status)).toEqual([200, 200]);
      expect(await rowsOf('tendering.bid', r.id)).toBe(1);
    });

    it('never makes an analyst a lead or evaluator, and an assigned user who is only an analyst reads no bids', async () => {
      const r = await published();
      expectProblem(await assign(r.id, analyst, 'lead'), 400, 'TENDERING.INVALID_ASSIGNMENT', ['userId']);
      expectProblem(await assign(r.id, analyst, 'evaluator'), 400, 'TENDERING.INVALID_ASSIGNMENT', ['userId']);
      // Even written directly (say, a buyer user since reduced to analyst), the assignment opens nothing.
      await api.dataSource.query(`INSERT INTO tendering.assignment (requirement_id, user_id, role, assigned_by) VALUES ($1, $2, 'lead', $2)`, [r.id, analyst.id]);
      await submitted(small, r, 'Analyst must not read this', '500.00');
      await closeBySql(r.id);
      const res = await api.http.get(`${R}/${r.id}/bids`).set(bearer(analyst.token));
      expectProblem(res, 404, 'TENDERING.BID_NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('Analyst must not read this');
    });

    it('keeps a published answer as published (409), and ends a requirement only by a buyer admin or its lead', async () => {
      const r = await published();
      const q = await api.http.post(`${R}/${r.id}/questions`).set(bearer(small.token)).send({ text: 'Can we propose a phased start?' });
      expect((await api.http.post(`${R}/${r.id}/questions/${q.body.id}/answer`).set(bearer(buyerUser.token)).send({ answer: 'Yes.' })).status).toBe(200);
      expectProblem(await api.http.post(`${R}/${r.id}/questions/${q.body.id}/answer`).set(bearer(buyerUser.token)).send({ answer: 'No.' }), 409, 'TENDERING.ANSWER_PUBLISHED');
      expect((await api.http.get(`${R}/${r.id}/questions`)).body.find((x: { id: string }) => x.id === q.body.id).answer).toBe('Yes.');
      // buyerUser is neither a buyer admin nor this requirement's lead (buyerAdmin created it).
      expectProblem(await api.http.post(`${R}/${r.id}/withdraw`).set(bearer(buyerUser.token)).send({ reason: 'Not mine to end.' }), 403, 'TENDERING.NOT_LEAD');
      expect((await api.http.get(`${R}/${r.id}`)).body.status).toBe('published');
    });

    it('refuses bringing the closing time forward to less than the minimum days away; extending is fine', async () => {
      const r = await published({ closesAt: iso(20 * DAY) });
      expectProblem(await api.http.put(`${R}/${r.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: iso(2 * DAY) }), 400, 'TENDERING.INVALID_CLOSING_TIME', ['closesAt']);
      expect((await api.http.put(`${R}/${r.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: iso(10 * DAY) })).status).toBe(200);
      expect((await api.http.put(`${R}/${r.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: iso(30 * DAY) })).status).toBe(200);
    });

    it('freezes scores and the shortlist once awarded (409 EVALUATION_OVER)', async () => {
      const r = await published();
      const receipt = await submitted(medium, r, 'Frozen after award', '900.00');
      expect((await assign(r.id, evaluator1, 'evaluator')).status).toBe(201);
      await closeBySql(r.id);
      const scores = r.criteria.map((c) => ({ criterionId: c.id, score: 70 }));
      expect((await api.http.put(`${R}/${r.id}/bids/${receipt.bidId}/scores`).set(bearer(evaluator1.token)).send({ scores })).status).toBe(200);
      expect((await api.http.post(`${R}/${r.id}/award`).set(bearer(buyerAdmin.token)).send({ bidIds: [receipt.bidId], value: '900.00' })).status).toBe(201);
      expectProblem(await api.http.put(`${R}/${r.id}/bids/${receipt.bidId}/scores`).set(bearer(evaluator1.token)).send({ scores }), 409, 'TENDERING.EVALUATION_OVER');
      expectProblem(await api.http.put(`${R}/${r.id}/bids/${receipt.bidId}/shortlist`).set(bearer(buyerAdmin.token)).send({ shortlisted: true }), 409, 'TENDERING.EVALUATION_OVER');
    });

    it('tells an early closing job to retry, a moved one to stop, and the sweep closes whatever is due', async () => {
      const requirements = api.app.get(RequirementsService);
      const soon = await published();
      await api.dataSource.query(`UPDATE tendering.requirement SET questions_close_at = clock_timestamp(), closes_at = clock_timestamp() + interval '30 seconds' WHERE id = $1`, [soon.id]);
      expect(await requirements.closeOrWait(soon.id)).toBe('early');
      const later = await published();
      expect(await requirements.closeOrWait(later.id)).toBe('nothing');
      const due = await published();
      await closeBySql(due.id);
      expect(await requirements.closeAllDue()).toBeGreaterThanOrEqual(1);
      expect((await api.dataSource.query(`SELECT status FROM tendering.requirement WHERE id = $1`, [due.id]))[0].status).toBe('closed');
    });
  });
});
