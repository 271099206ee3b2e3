import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/shared';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { WebClient, csrfTokenIn } from './web-client';

/**
 * The tendering pages over HTTP (supertest) against real Postgres and Redis:
 * the requirement form and its errors, the publish checks as a GOV.UK error
 * summary naming each field, questions and answers without the asker's
 * identity, a bid's receipt with its SHA-256 digest, sealed bids before the
 * closing time, scoring, award and the public contract, CSRF on every form,
 * and user content escaped on every page.
 */
describe('tendering pages (e2e)', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let lead: TestUser;
  let evaluator: TestUser;
  let colleague: TestUser;
  let otherBuyer: TestUser;
  let micro: { name: string; admin: TestUser };
  let large: { name: string; admin: TestUser };
  let lotId: string;
  let categoryId: string;
  let offeringsLotId: string;
  const word = `tq${Date.now().toString(36)}`;
  const client = () => new WebClient(web.baseUrl);
  const signedIn = async (u: TestUser) => {
    const c = client();
    await c.signIn(u.email, u.password);
    return c;
  };
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** The error summary links to `#field` with `message`, and the field shows it inline. */
  const expectFieldError = (html: string, field: string, message: string) => {
    expect(html).toContain('govuk-error-summary');
    expect(html).toMatch(new RegExp(`<a href="#${escapeRe(field)}">\\s*${escapeRe(message)}`));
    expect(html).toMatch(new RegExp(`id="${escapeRe(field.replace(/-day$/, ''))}-error"`));
  };
  /** Every POST form on the page (the sign-out form included) carries the CSRF token. */
  const expectTokenOnEveryForm = (html: string, path: string) => {
    const forms = [...html.matchAll(/<form\b[^>]*method="post"[^>]*>[\s\S]*?<\/form>/g)];
    for (const f of forms) expect([path, f[0].includes('name="_csrf"')]).toEqual([path, true]);
  };
  /** Day, month and year (London) `days` from now, as a date input's fields. */
  const dateFields = (prefix: string, days: number): Record<string, string> => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(Date.now() + days * 86_400_000));
    const get = (t: string) => parts.find((p) => p.type === t)!.value;
    return { [`${prefix}-day`]: get('day'), [`${prefix}-month`]: get('month'), [`${prefix}-year`]: get('year') };
  };
  const requirementForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
    title: `Harbour ${word} booking service`,
    summary: 'A new online service for booking harbour berths.',
    problemStatement: 'Boat owners phone the harbour office to book; most calls are about availability.',
    description: 'We need a team to discover, build and run the new service with us.',
    lotId,
    categoryId,
    location: 'Aberdeen',
    budgetMin: '50,000',
    budgetMax: '120000',
    currency: 'GBP',
    contractLengthMonths: '12',
    ...dateFields('contractStart', 60),
    essentialCriteria: 'Experience of GOV.UK Design System services\nA team in the UK',
    niceToHaveCriteria: 'Experience with ports',
    technicalWeight: '60',
    priceWeight: '40',
    ...dateFields('questionsCloseAt', 10),
    'questionsCloseAt-time': '17:00',
    ...dateFields('closesAt', 14),
    'closesAt-time': '12:00',
    ...overrides,
  });
  const idFrom = (location: string) => /\/buyer\/requirements\/([0-9a-f-]{36})$/.exec(location)![1];
  const criteriaOf = async (id: string): Promise<{ id: string; kind: string; position: number }[]> =>
    web.dataSource.query(`SELECT id, kind, position FROM tendering.criterion WHERE requirement_id = $1 ORDER BY kind, position`, [id]);
  const bidFields = (criteria: { id: string }[], answers: string[], price: string) => ({ criterionIds: criteria.map((c) => c.id), answers, price });
  /**
   * Moves the deadlines into the past, standing in for the passing of time (the
   * publish checks require closing at least 7 days ahead, so a test cannot wait).
   */
  const closeNow = (id: string) =>
    web.dataSource.query(
      `UPDATE tendering.requirement SET questions_close_at = clock_timestamp() - interval '2 minutes', closes_at = clock_timestamp() - interval '1 minute' WHERE id = $1`,
      [id],
    );
  /** Creates and publishes a requirement through the pages; returns its id. */
  const published = async (c: WebClient, overrides: Record<string, string> = {}) => {
    const created = await c.post('/buyer/requirements', requirementForm(overrides), { csrfFrom: '/buyer/requirements/new' });
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.location);
    const res = await c.post(`/buyer/requirements/${id}/publish`, {}, { csrfFrom: `/buyer/requirements/${id}` });
    expect(res.status).toBe(303);
    return id;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
    const f = web.factories;
    const buyerOrg = await f.member('buyer', 'buyer_admin');
    lead = buyerOrg.user;
    evaluator = await f.user({ organisationId: buyerOrg.organisation.id, roles: ['evaluator'], fullName: 'Eva Luator' });
    colleague = await f.user({ organisationId: buyerOrg.organisation.id, roles: ['buyer_user'], fullName: 'Colin League' });
    otherBuyer = (await f.member('buyer', 'buyer_admin')).user;
    const m = await f.supplier({ band: 'micro', name: `Tiny ${word} Ltd` });
    micro = { name: m.organisation.name, admin: m.admin };
    const l = await f.supplier({ band: 'large', name: `Huge ${word} plc` });
    large = { name: l.organisation.name, admin: l.admin };
    [{ id: lotId }] = await web.dataSource.query(`SELECT id FROM catalogue.lot WHERE slug = 'digital-outcomes'`);
    [{ id: categoryId }] = await web.dataSource.query(`SELECT id FROM catalogue.category WHERE lot_id = $1 AND slug = 'software-development'`, [lotId]);
    [{ id: offeringsLotId }] = await web.dataSource.query(`SELECT id FROM catalogue.lot WHERE slug = 'cloud-hosting'`);
  });

  afterAll(async () => {
    await web?.close();
    await ctx?.cleanup();
  });

  describe('the requirement form', () => {
    it('shows the form’s and the service’s errors beside their fields, keeps what was typed, and writes nothing', async () => {
      const c = await signedIn(lead);
      const before = await web.factories.count('tendering.requirement');
      const empty = await c.post('/buyer/requirements', requirementForm({ title: '', 'closesAt-month': '13', 'questionsCloseAt-time': 'teatime', technicalWeight: 'lots' }), {
        csrfFrom: '/buyer/requirements/new',
      });
      expect(empty.status).toBe(400);
      expect(empty.text).toMatch(/<title>\s*Error: Post a requirement/);
      expectFieldError(empty.text, 'title', 'Enter a title');
      expectFieldError(empty.text, 'closesAt-day', 'The closing date must be a real date');
      expectFieldError(empty.text, 'questionsCloseAt-time', 'The time questions close must be a time, like 17:00 or 5:30pm');
      expectFieldError(empty.text, 'technicalWeight', 'Technical weighting must be a whole number from 0 to 100');
      expect(empty.text).toContain('value="Aberdeen"');

      // Well-formed, but refused by the service: the weightings, an offerings lot, questions closing after the closing time.
      const refused = await c.post(
        '/buyer/requirements',
        requirementForm({ technicalWeight: '70', priceWeight: '40', lotId: offeringsLotId, categoryId: '', ...dateFields('questionsCloseAt', 20) }),
        { csrfFrom: '/buyer/requirements/new' },
      );
      expect(refused.status).toBe(400);
      expectFieldError(refused.text, 'priceWeight', 'The technical and price weightings must add up to 100.');
      expectFieldError(refused.text, 'lotId', 'Cloud hosting lists catalogue offerings; choose a lot that takes requirements.');
      expectFieldError(refused.text, 'questionsCloseAt-day', 'Questions must close no later than the requirement closes.');
      expect(await web.factories.count('tendering.requirement')).toBe(before);
    });

    it('shows the publish checks’ failures as an error summary naming each field, then publishes once they are fixed', async () => {
      const c = await signedIn(lead);
      const bad = requirementForm({ problemStatement: '', budgetMin: '', budgetMax: '', essentialCriteria: '', ...dateFields('closesAt', 3), ...dateFields('questionsCloseAt', 1) });
      const created = await c.post('/buyer/requirements', bad, { csrfFrom: '/buyer/requirements/new' });
      expect(created.status).toBe(303);
      const id = idFrom(created.headers.location);
      const overview = await c.get(created.headers.location);
      expect(overview.text).toContain('Your requirement has been saved as a draft');
      expect(overview.text).toMatch(/govuk-tag--grey">\s*Draft/);

      const res = await c.post(`/buyer/requirements/${id}/publish`, {}, { csrfFrom: `/buyer/requirements/${id}` });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/<title>\s*Error: Edit Harbour/);
      expect(res.text).toContain('The requirement cannot be published yet.');
      expectFieldError(res.text, 'problemStatement', 'State the problem to be solved before publishing.');
      expectFieldError(res.text, 'budgetMax', 'State a budget (a maximum, or a range) before publishing.');
      expectFieldError(res.text, 'essentialCriteria', 'Give at least one essential criterion for suppliers to answer.');
      expectFieldError(res.text, 'closesAt-day', 'The closing time must be at least 7 days after publication.');
      expectFieldError(res.text, 'questionsCloseAt-day', 'Give suppliers at least 2 days to ask questions after publication.');
      // The form shows the draft as saved, ready to fix.
      expect(res.text).toContain('value="Aberdeen"');
      expect(res.text).toContain(`value="${bad['closesAt-day']}"`);
      const [{ status }] = await web.dataSource.query(`SELECT status FROM tendering.requirement WHERE id = $1`, [id]);
      expect(status).toBe('draft');

      // Fixed on the form and "Save and publish".
      const fixed = await c.post(`/buyer/requirements/${id}/edit`, { ...requirementForm(), then: 'publish' }, { csrfFrom: `/buyer/requirements/${id}/edit` });
      expect(fixed.status).toBe(303);
      const after = await c.get(fixed.headers.location);
      expect(after.text).toContain('Your requirement has been published');
      expect(after.text).toMatch(/govuk-tag--green">\s*Open/);
      const dashboard = await c.get('/buyer/requirements');
      expect(dashboard.text).toMatch(new RegExp(`Harbour ${word} booking service</a>[\\s\\S]*?govuk-tag--green">\\s*Open`));
    });

    it('keeps what was saved and shows the publish failures when “Save and publish” is refused', async () => {
      const c = await signedIn(lead);
      const created = await c.post('/buyer/requirements', requirementForm({ title: `Refused ${word}` }), { csrfFrom: '/buyer/requirements/new' });
      const id = idFrom(created.headers.location);
      const res = await c.post(`/buyer/requirements/${id}/edit`, { ...requirementForm({ title: `Refused ${word} v2`, problemStatement: '' }), then: 'publish' }, {
        csrfFrom: `/buyer/requirements/${id}/edit`,
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Your changes have been saved, but the requirement cannot be published yet.');
      expectFieldError(res.text, 'problemStatement', 'State the problem to be solved before publishing.');
      const [row] = await web.dataSource.query(`SELECT status, title FROM tendering.requirement WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'draft', title: `Refused ${word} v2` });
    });
  });

  describe('a requirement from publication to award', () => {
    let id: string;
    let criteria: { id: string; kind: string; position: number }[];
    let microBid: string;
    const secret = `Our secret ${word} method`;

    it('lists the live requirement publicly, with when questions close and when it closes, and filters', async () => {
      id = await published(await signedIn(lead));
      criteria = await criteriaOf(id);
      const list = await client().get('/opportunities');
      expect(list.status).toBe(200);
      expect(list.text).toContain(`href="/opportunities/${id}"`);
      expect(list.text).toMatch(new RegExp(`Harbour ${word} booking service[\\s\\S]*?Questions close: [^<]*5:00 pm[\\s\\S]*?Closes: [^<]*12:00 pm`));
      const byLot = await client().get(`/opportunities?lotId=${lotId}&location=aberdeen`);
      expect(byLot.text).toContain(`href="/opportunities/${id}"`);
      const byCategory = await client().get(`/opportunities?categoryId=${categoryId}`);
      expect(byCategory.text).toContain(`href="/opportunities/${id}"`);
      expect(byCategory.text).toMatch(new RegExp(`<option value="${categoryId}" selected>`));
      const otherCategory = (await web.dataSource.query(`SELECT id FROM catalogue.category WHERE lot_id = $1 AND id <> $2 LIMIT 1`, [lotId, categoryId]))[0].id;
      expect((await client().get(`/opportunities?categoryId=${otherCategory}`)).text).not.toContain(`href="/opportunities/${id}"`);
      const elsewhere = await client().get(`/opportunities?location=Inverness`);
      expect(elsewhere.text).not.toContain(`href="/opportunities/${id}"`);
      const tooEarly = await client().get(`/opportunities?${new URLSearchParams(dateFields('closingBy', 5))}`);
      expect(tooEarly.text).not.toContain(`href="/opportunities/${id}"`);
      const inRange = await client().get(`/opportunities?${new URLSearchParams({ ...dateFields('closingFrom', 13), ...dateFields('closingBy', 15) })}`);
      expect(inRange.text).toContain(`href="/opportunities/${id}"`);
      const badDate = await client().get('/opportunities?closingBy-day=31&closingBy-month=2&closingBy-year=2027');
      expect(badDate.status).toBe(200);
      expectFieldError(badDate.text, 'closingBy-day', 'Closing by must be a real date');

      const page = await client().get(`/opportunities/${id}`);
      expect(page.text).toContain('Experience of GOV.UK Design System services');
      expect(page.text).toContain('£50,000 to £120,000');
      expect(page.text).toContain('Bids are sealed');
    });

    it('takes a supplier’s question and publishes the buyer’s answer without saying who asked', async () => {
      const s = await signedIn(micro.admin);
      const path = `/opportunities/${id}`;
      const blank = await s.post(`${path}/questions`, { text: '' }, { csrfFrom: path });
      expect(blank.status).toBe(400);
      expectFieldError(blank.text, 'text', 'Enter your question');
      const asked = await s.post(`${path}/questions`, { text: 'Is there an incumbent supplier?' }, { csrfFrom: path });
      expect(asked.status).toBe(303);
      const mine = await s.get(path);
      expect(mine.text).toContain('Your question has been sent to the buyer');
      expect(mine.text).toContain('You asked this');
      expect(mine.text).toContain('Not answered yet');
      // Nobody else sees an unanswered question.
      expect((await client().get(path)).text).not.toContain('Is there an incumbent supplier?');

      const b = await signedIn(lead);
      const qa = await b.get(`/buyer/requirements/${id}/questions`);
      expect(qa.text).toContain('Is there an incumbent supplier?');
      expect(qa.text).not.toContain(micro.name);
      const [{ id: questionId }] = await web.dataSource.query(`SELECT id FROM tendering.question WHERE requirement_id = $1`, [id]);
      const empty = await b.post(`/buyer/requirements/${id}/questions/${questionId}/answer`, { answer: '' }, { csrfFrom: `/buyer/requirements/${id}/questions` });
      expect(empty.status).toBe(400);
      expectFieldError(empty.text, 'answer', 'Enter the answer');
      const answered = await b.post(`/buyer/requirements/${id}/questions/${questionId}/answer`, { answer: 'No: this is a new service.' }, {
        csrfFrom: `/buyer/requirements/${id}/questions`,
      });
      expect(answered.status).toBe(303);
      const publicPage = await client().get(path);
      expect(publicPage.text).toContain('Is there an incumbent supplier?');
      expect(publicPage.text).toContain('No: this is a new service.');
      expect(publicPage.text).not.toContain(micro.name);
      expect(publicPage.text).not.toContain('You asked this');
    });

    it('refuses a bid missing an essential answer, then shows the receipt with the time and SHA-256 digest of the submission', async () => {
      const s = await signedIn(micro.admin);
      const bidPath = `/opportunities/${id}/bid`;
      const form = await s.get(bidPath);
      expect(form.status).toBe(200);
      expect(form.text).toContain('Essential 1: Experience of GOV.UK Design System services');
      const essential = criteria.filter((c) => c.kind === 'essential');
      const submissions = await web.factories.count('tendering.bid_submission');

      const incomplete = await s.post(`${bidPath}/submit`, bidFields(criteria, ['We built three.', '', ''], '98,000'), { csrfFrom: bidPath });
      expect(incomplete.status).toBe(400);
      expectFieldError(incomplete.text, `answers.${essential[1].id}`, 'Answer essential criterion 2.');
      expect(incomplete.text).toContain('We built three.');
      expect(await web.factories.count('tendering.bid_submission')).toBe(submissions);
      // Saving and submitting is one transaction: a refused submission leaves no draft behind either.
      const drafts = await web.dataSource.query(
        `SELECT count(*)::int AS n FROM tendering.bid b JOIN identity.user_account u ON u.organisation_id = b.organisation_id WHERE b.requirement_id = $1 AND u.id = $2`,
        [id, micro.admin.id],
      );
      expect(drafts[0].n).toBe(0);

      const answers = [secret, 'All of us, in Aberdeen.', 'We run a marina.'];
      const submitted = await s.post(`${bidPath}/submit`, bidFields(criteria, answers, '98,000'), { csrfFrom: bidPath });
      expect(submitted.status).toBe(303);
      expect(submitted.headers.location).toBe(`${bidPath}/receipt`);
      const receipt = await s.get(submitted.headers.location);
      expect(receipt.status).toBe(200);
      expect(receipt.text).toMatch(/govuk-panel__title">\s*Bid received/);
      const [row] = await web.dataSource.query(
        `SELECT s.digest, to_char(s.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "receivedAt", b.id, b.organisation_id AS "organisationId"
           FROM tendering.bid_submission s JOIN tendering.bid b ON b.id = s.bid_id WHERE s.requirement_id = $1`,
        [id],
      );
      microBid = row.id;
      // The digest is the SHA-256 of the canonical JSON of what was submitted, recomputed here independently.
      const content = canonicalJson({ requirementId: id, organisationId: row.organisationId, answers: Object.fromEntries(criteria.map((c, i) => [c.id, answers[i]])), price: '98000.00', currency: 'GBP' });
      const digest = createHash('sha256').update(content).digest('hex');
      expect(row.digest).toBe(digest);
      expect(receipt.text).toMatch(new RegExp(`SHA-256 digest[\\s\\S]*?<code[^>]*>${digest}</code>`));
      expect(receipt.text).toContain(`${row.receivedAt} (UTC)`);
      expect(receipt.text).toMatch(/\d\d:\d\d:\d\d on \d{1,2} \w+ \d{4} \(UK time\)/);
      expect(receipt.text).toContain('Micro');

      // The bid page now shows the submission, read-only, with a way to withdraw.
      const page = await s.get(bidPath);
      expect(page.text).toMatch(/govuk-tag--green">\s*Submitted/);
      expect(page.text).toContain('Withdraw bid');
      expect(page.text).not.toContain(`action="${bidPath}"`);
    });

    it('lets a supplier withdraw and submit again, with a new receipt', async () => {
      const s = await signedIn(large.admin);
      const bidPath = `/opportunities/${id}/bid`;
      const answers = ['Forty such services.', 'Teams in Leeds and London.', ''];
      expect((await s.post(bidPath, bidFields(criteria, answers, '150000'), { csrfFrom: bidPath })).status).toBe(303);
      const draft = await s.get(bidPath);
      expect(draft.text).toContain('Your draft bid has been saved');
      expect(draft.text).toContain('Forty such services.');
      expect((await s.post(`${bidPath}/submit`, bidFields(criteria, answers, '150000'), { csrfFrom: bidPath })).status).toBe(303);
      const first = await s.get(`${bidPath}/receipt`);
      const withdrawn = await s.post(`${bidPath}/withdraw`, {}, { csrfFrom: bidPath });
      expect(withdrawn.status).toBe(303);
      const after = await s.get(bidPath);
      expect(after.text).toContain('Your bid has been withdrawn');
      expect(after.text).toContain('Submit bid');
      expect((await s.get(`${bidPath}/receipt`)).status).toBe(404);
      expect((await s.post(`${bidPath}/submit`, bidFields(criteria, answers, '140000'), { csrfFrom: bidPath })).status).toBe(303);
      const second = await s.get(`${bidPath}/receipt`);
      const digestOf = (html: string) => /<code[^>]*>([0-9a-f]{64})<\/code>/.exec(html)![1];
      expect(digestOf(second.text)).not.toBe(digestOf(first.text));
    });

    it('keeps bids sealed before the closing time: the buyer’s evaluation pages show no bid content', async () => {
      const b = await signedIn(lead);
      const overview = await b.get(`/buyer/requirements/${id}`);
      expect(overview.text).toContain('Bids are sealed until the closing time');
      expect(overview.text).not.toContain('Evaluate bids');
      for (const path of [`/buyer/requirements/${id}/evaluation`, `/buyer/requirements/${id}/bids/${microBid}`]) {
        const res = await b.get(path);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).toContain('Bids are sealed');
        for (const hidden of [secret, micro.name, large.name, '98,000', '140,000']) expect(res.text).not.toContain(hidden);
      }
      const [{ n }] = await web.dataSource.query(`SELECT count(*)::int AS n FROM audit.audit_event WHERE action = 'tendering.bid.read_refused' AND subject_id = $1`, [id]);
      expect(n).toBeGreaterThanOrEqual(2);
      // Nor the public page: no counts before closing.
      expect((await client().get(`/opportunities/${id}`)).text).not.toContain('Bids received');
    });

    it('after closing, the assigned users evaluate; the lead shortlists and awards; the contract shows the size band at award', async () => {
      const b = await signedIn(lead);
      const assign = (userId: string) => b.post(`/buyer/requirements/${id}/assignments`, { userId, role: 'evaluator' }, { csrfFrom: `/buyer/requirements/${id}` });
      const none = await b.post(`/buyer/requirements/${id}/assignments`, { userId: '', role: 'evaluator' }, { csrfFrom: `/buyer/requirements/${id}` });
      expect(none.status).toBe(400);
      expectFieldError(none.text, 'userId', 'Select a user of your organisation');
      expect((await assign(evaluator.id)).status).toBe(303);
      const team = await b.get(`/buyer/requirements/${id}`);
      expect(team.text).toContain('Eva Luator can now evaluate the bids');
      expect(team.text).toMatch(/Eva Luator<\/th>[\s\S]*?Evaluator/);
      // The lead evaluates too.
      expect((await assign(lead.id)).status).toBe(303);

      await closeNow(id);

      // Counts by size band are public now.
      const publicPage = await client().get(`/opportunities/${id}`);
      expect(publicPage.text).toContain('2 bids by supplier size, 1 from SMEs');
      expect(publicPage.text).toMatch(/Micro SME[\s\S]*?>\s*1\s*</);

      // A colleague not assigned reads nothing.
      const notAssigned = await (await signedIn(colleague)).get(`/buyer/requirements/${id}/evaluation`);
      expect(notAssigned.status).toBe(404);
      expect(notAssigned.text).not.toContain(secret);

      const evaluation = await b.get(`/buyer/requirements/${id}/evaluation`);
      expect(evaluation.status).toBe(200);
      expect(evaluation.text).toContain(micro.name);
      expect(evaluation.text).toContain('£98,000');
      const bidPage = await b.get(`/buyer/requirements/${id}/bids/${microBid}`);
      expect(bidPage.text).toContain(secret);

      const [{ id: largeBid }] = await web.dataSource.query(`SELECT b.id FROM tendering.bid b WHERE b.requirement_id = $1 AND b.id <> $2`, [id, microBid]);
      const scoreAll = async (c: WebClient, bid: string, scores: string[]) => {
        const path = `/buyer/requirements/${id}/bids/${bid}`;
        const res = await c.post(`${path}/scores`, { criterionIds: criteria.map((x) => x.id), scores, comments: scores.map(() => 'Clear evidence') }, { csrfFrom: path });
        expect([path, res.status]).toEqual([path, 303]);
      };
      // A score off the scale is shown on its field, and nothing is saved.
      const e = await signedIn(evaluator);
      const scoresBefore = await web.factories.count('tendering.score');
      const offScale = await e.post(`/buyer/requirements/${id}/bids/${microBid}/scores`, { criterionIds: criteria.map((x) => x.id), scores: ['101', '50', ''], comments: ['', '', ''] }, {
        csrfFrom: `/buyer/requirements/${id}/bids/${microBid}`,
      });
      expect(offScale.status).toBe(400);
      expectFieldError(offScale.text, `score-${criteria[0].id}`, 'Score for Essential 1 must be a whole number from 0 to 100');
      expect(await web.factories.count('tendering.score')).toBe(scoresBefore);
      await scoreAll(e, microBid, ['90', '80', '70']);
      await scoreAll(e, largeBid, ['60', '60', '50']);
      await scoreAll(b, microBid, ['80', '80', '60']);
      await scoreAll(b, largeBid, ['70', '50', '50']);

      const scored = await b.get(`/buyer/requirements/${id}/evaluation`);
      expect(scored.text).toContain('Fully scored');
      expect(scored.text).toMatch(new RegExp(`${escapeRe(micro.name)}[\\s\\S]*?£98,000[\\s\\S]*?76\\.67[\\s\\S]*?100\\.00[\\s\\S]*?86\\.00`));

      const sl = await b.post(`/buyer/requirements/${id}/bids/${microBid}/shortlist`, { shortlisted: 'true' }, { csrfFrom: `/buyer/requirements/${id}/evaluation` });
      expect(sl.status).toBe(303);
      expect((await b.get(`/buyer/requirements/${id}/evaluation`)).text).toContain(`${micro.name} has been shortlisted`);

      // Evaluators score; only the lead awards (the service refuses, shown on the form).
      const notLead = await e.post(`/buyer/requirements/${id}/award`, { bidIds: microBid, value: '98000' }, { csrfFrom: `/buyer/requirements/${id}/evaluation` });
      expect(notLead.status).toBe(403);
      const noBid = await b.post(`/buyer/requirements/${id}/award`, { value: '98000' }, { csrfFrom: `/buyer/requirements/${id}/evaluation` });
      expect(noBid.status).toBe(400);
      expectFieldError(noBid.text, 'bidIds', 'Select the bid or bids to award the contract to');
      const awarded = await b.post(
        `/buyer/requirements/${id}/award`,
        { bidIds: microBid, value: '98,000', ...dateFields('startDate', 60), ...dateFields('endDate', 425) },
        { csrfFrom: `/buyer/requirements/${id}/evaluation` },
      );
      expect(awarded.status).toBe(303);
      const contractPath = awarded.headers.location;
      expect(contractPath).toMatch(/^\/contracts\/[0-9a-f-]{36}$/);
      const contract = await client().get(contractPath);
      expect(contract.status).toBe(200);
      expect(contract.text).toContain(micro.name);
      expect(contract.text).toMatch(/govuk-tag--green">\s*Micro SME/);
      expect(contract.text).toContain('£98,000');
      const contracts = await client().get('/contracts');
      expect(contracts.text).toContain(`href="${contractPath}"`);
      const page = await client().get(`/opportunities/${id}`);
      expect(page.text).toContain(`href="${contractPath}"`);
      expect(page.text).toMatch(/govuk-tag--blue">\s*Awarded/);
    });
  });

  describe('access', () => {
    it('is for the right roles and organisations only', async () => {
      const id = await published(await signedIn(lead), { title: `Access ${word}` });
      const draft = idFrom((await (await signedIn(lead)).post('/buyer/requirements', requirementForm({ title: `Draft ${word}` }), { csrfFrom: '/buyer/requirements/new' })).headers.location);
      const anonymous = await client().get('/buyer/requirements');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe('/sign-in?returnTo=%2Fbuyer%2Frequirements');
      expect((await (await signedIn(micro.admin)).get('/buyer/requirements')).status).toBe(403);
      const stranger = await signedIn(otherBuyer);
      expect((await stranger.get(`/buyer/requirements/${id}`)).status).toBe(404);
      expect((await stranger.get(`/buyer/requirements/${id}/questions`)).status).toBe(404);
      expect((await stranger.post(`/buyer/requirements/${id}/withdraw`, { reason: 'Not mine' }, { csrfFrom: '/buyer/requirements' })).status).toBe(404);
      // Drafts are not public; their buyer sees them.
      expect((await client().get(`/opportunities/${draft}`)).status).toBe(404);
      expect((await stranger.get(`/opportunities/${draft}`)).status).toBe(404);
      expect((await (await signedIn(colleague)).get(`/opportunities/${draft}`)).status).toBe(200);
      // Buyers do not bid; evaluators do not edit.
      expect((await (await signedIn(lead)).get(`/opportunities/${id}/bid`)).status).toBe(403);
      expect((await (await signedIn(evaluator)).get(`/buyer/requirements/${draft}/edit`)).status).toBe(403);
      expect((await (await signedIn(evaluator)).get(`/buyer/requirements/${draft}`)).status).toBe(200);
      // Only a buyer admin changes the closing time (the service refuses a buyer user, and records it).
      const c = await signedIn(colleague);
      const refused = await c.post(`/buyer/requirements/${id}/closing-time`, { ...dateFields('closesAt', 20), 'closesAt-time': '12:00' }, { csrfFrom: `/buyer/requirements/${id}/closing-time` });
      expect(refused.status).toBe(403);
      const l = await signedIn(lead);
      const changed = await l.post(`/buyer/requirements/${id}/closing-time`, { ...dateFields('closesAt', 20), 'closesAt-time': '12:00' }, {
        csrfFrom: `/buyer/requirements/${id}/closing-time`,
      });
      expect(changed.status).toBe(303);
      expect((await l.get(`/buyer/requirements/${id}`)).text).toMatch(/The closing time has been changed[\s\S]*?now closes at [^<]* at 12:00 pm\./);
      const withdrawn = await l.post(`/buyer/requirements/${id}/withdraw`, { reason: 'The budget was withdrawn.' }, { csrfFrom: `/buyer/requirements/${id}/withdraw` });
      expect(withdrawn.status).toBe(303);
      const publicPage = await client().get(`/opportunities/${id}`);
      expect(publicPage.text).toMatch(/govuk-tag--purple">\s*Withdrawn/);
      expect(publicPage.text).toContain('Reason given by the buyer: The budget was withdrawn.');
    });
  });

  describe('a supplier’s bids and opportunity alerts', () => {
    it('lists the organisation’s bids, most recently changed first, with each requirement’s state and the receipt, linking to each bid', async () => {
      const b = await signedIn(lead);
      const submittedOn = await published(b, { title: `Listed ${word} submitted` });
      const draftOn = await published(b, { title: `Listed ${word} draft` });
      const s = await signedIn(micro.admin);
      const crit = await criteriaOf(submittedOn);
      expect((await s.post(`/opportunities/${submittedOn}/bid/submit`, bidFields(crit, ['Yes.', 'Yes.', ''], '5000'), { csrfFrom: `/opportunities/${submittedOn}/bid` })).status).toBe(303);
      expect((await s.post(`/opportunities/${draftOn}/bid`, bidFields(await criteriaOf(draftOn), ['Later.', '', ''], ''), { csrfFrom: `/opportunities/${draftOn}/bid` })).status).toBe(303);
      await closeNow(submittedOn);
      const [{ receivedAt }] = await web.dataSource.query(`SELECT s.received_at AS "receivedAt" FROM tendering.bid_submission s WHERE s.requirement_id = $1`, [submittedOn]);

      const page = await s.get('/supplier/bids');
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<title>\s*Your bids/);
      expect(page.text).toContain('href="/supplier/bids" aria-current="page"');
      const rowOf = (id: string) => new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*href="/opportunities/${id}/bid"(?:(?!</tr>)[\\s\\S])*</tr>`).exec(page.text)?.[0] ?? '';
      // Newest change first: the draft was saved after the other bid was submitted.
      expect(page.text.indexOf(`href="/opportunities/${draftOn}/bid"`)).toBeLessThan(page.text.indexOf(`href="/opportunities/${submittedOn}/bid"`));
      const submittedRow = rowOf(submittedOn);
      expect(submittedRow).toContain(`Listed ${word} submitted</a>`);
      expect(submittedRow).toMatch(/govuk-tag--yellow">\s*Closed/);
      expect(submittedRow).toMatch(/govuk-tag--green">\s*Submitted/);
      expect(submittedRow).toContain('£5,000');
      expect(submittedRow).toContain(`href="/opportunities/${submittedOn}/bid/receipt"`);
      const second = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(receivedAt));
      expect(submittedRow).toContain(`${second} on `);
      const draftRow = rowOf(draftOn);
      expect(draftRow).toMatch(/govuk-tag--green">\s*Open/);
      expect(draftRow).toMatch(/govuk-tag--grey">\s*Draft/);
      expect(draftRow).toContain('Not given');
      expect(draftRow).toContain('Not submitted');
      expect(draftRow).not.toContain('/receipt');
      // Each links to the bid's page.
      expect((await s.get(`/opportunities/${draftOn}/bid`)).text).toContain('Later.');

      // A supplier user of the organisation sees the same; another supplier sees none of them; buyers and visitors cannot.
      const user = await web.factories.user({ organisationId: micro.admin.organisationId, roles: ['supplier_user'] });
      expect((await (await signedIn(user)).get('/supplier/bids')).text).toContain(`href="/opportunities/${submittedOn}/bid"`);
      const fresh = await web.factories.supplier({ band: 'small' });
      const empty = await (await signedIn(fresh.admin)).get('/supplier/bids');
      expect(empty.text).toContain('Your organisation has not started any bids yet.');
      expect(empty.text).not.toContain(`/opportunities/${submittedOn}`);
      expect((await b.get('/supplier/bids')).status).toBe(403);
      expect((await b.get('/buyer/requirements')).text).not.toContain('href="/supplier/bids"');
      const anonymous = await client().get('/supplier/bids');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe('/sign-in?returnTo=%2Fsupplier%2Fbids');
    });

    it('shows the alert preference; a supplier admin changes it, with errors by field and nothing saved until it is right; a supplier user only sees it', async () => {
      const { organisation, admin } = await web.factories.supplier({ band: 'micro' });
      const user = await web.factories.user({ organisationId: organisation.id, roles: ['supplier_user'] });
      const a = await signedIn(admin);
      const stored = () => web.dataSource.query(`SELECT frequency, lot_ids AS "lotIds" FROM notifications.alert_preference WHERE organisation_id = $1`, [organisation.id]);

      const page = await a.get('/supplier/alerts');
      expect(page.status).toBe(200);
      expect(page.text).toContain('href="/supplier/alerts" aria-current="page"');
      // Never set: a daily digest. Only lots that take requirements are offered.
      expect(page.text).toMatch(/value="daily" checked/);
      expect(page.text).toContain(`value="${lotId}"`);
      expect(page.text).toContain('Digital Outcomes and Specialists: Digital outcomes');
      expect(page.text).not.toContain(`value="${offeringsLotId}"`);
      expectTokenOnEveryForm(page.text, '/supplier/alerts');

      const none = await a.post('/supplier/alerts', { lotIds: lotId }, { csrfFrom: '/supplier/alerts' });
      expect(none.status).toBe(400);
      expectFieldError(none.text, 'frequency', 'Select how often you want to hear about new opportunities');
      expect(none.text).toMatch(new RegExp(`value="${lotId}" checked`));
      const notRequirements = await a.post('/supplier/alerts', { frequency: 'immediate', lotIds: [lotId, offeringsLotId] }, { csrfFrom: '/supplier/alerts' });
      expect(notRequirements.status).toBe(400);
      expectFieldError(notRequirements.text, 'lotIds', 'Choose lots that take requirements.');
      expect(notRequirements.text).toMatch(/value="immediate" checked/);
      const noToken = await a.post('/supplier/alerts', { frequency: 'off', lotIds: lotId });
      expect(noToken.status).toBe(403);
      expect(noToken.text).toContain('Your form could not be sent');
      expect(await stored()).toEqual([]);

      const saved = await a.post('/supplier/alerts', { frequency: 'immediate', lotIds: lotId }, { csrfFrom: '/supplier/alerts' });
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe('/supplier/alerts');
      expect(await stored()).toEqual([{ frequency: 'immediate', lotIds: [lotId] }]);
      const after = await a.get('/supplier/alerts');
      expect(after.text).toContain('Your opportunity alerts have been saved');
      expect(after.text).toMatch(/value="immediate" checked/);
      expect(after.text).toMatch(new RegExp(`value="${lotId}" checked`));

      // A supplier user sees the setting and cannot change it.
      const u = await signedIn(user);
      const seen = await u.get('/supplier/alerts');
      expect(seen.status).toBe(200);
      expect(seen.text).not.toContain('action="/supplier/alerts"');
      expect(seen.text).toMatch(/How often[\s\S]*?Immediately/);
      expect(seen.text).toMatch(/Lots followed[\s\S]*?Digital Outcomes and Specialists: Digital outcomes/);
      expect(seen.text).toContain('Only a supplier administrator can change your organisation’s alerts.');
      const refused = await u.post('/supplier/alerts', { frequency: 'off' }, { csrfFrom: '/supplier/alerts' });
      expect(refused.status).toBe(403);
      expect(await stored()).toEqual([{ frequency: 'immediate', lotIds: [lotId] }]);
      // Not for buyers.
      expect((await (await signedIn(lead)).get('/supplier/alerts')).status).toBe(403);
    });
  });

  describe('direct awards', () => {
    let shortlistPath: string;
    let offeringId: string;
    let contractPath: string;
    const outcomeCounts = () => Promise.all(['tendering.direct_award', 'tendering.contract'].map((t) => web.factories.count(t)));

    it('records an award from a shortlist: errors by field and nothing written until it is right, then the contract; one outcome per shortlist', async () => {
      const b = await signedIn(lead);
      offeringId = await web.factories.offering({ organisationId: micro.admin.organisationId, lotSlug: 'cloud-hosting', title: `Direct ${word} telemetry`, summary: `Tide gauges direct ${word}.` });
      const elsewhere = await web.factories.offering({ organisationId: large.admin.organisationId, lotSlug: 'cloud-hosting', title: `Elsewhere ${word} telemetry` });
      const created = await b.post('/buyer/shortlists', { name: `Direct award ${word}`, notes: '' }, { csrfFrom: '/buyer/shortlists' });
      expect(created.status).toBe(303);
      shortlistPath = created.headers.location;
      const shortlistId = shortlistPath.split('/').pop()!;
      const added = await b.post(`/catalogue/offerings/${offeringId}/shortlist`, { shortlistId, note: '' }, { csrfFrom: `/catalogue/offerings/${offeringId}` });
      expect(added.status).toBe(303);

      const page = await b.get(shortlistPath);
      expect(page.text).toContain('Record the outcome');
      expect(page.text.match(new RegExp(`action="${shortlistPath}/outcome"`, 'g'))).toHaveLength(2);
      expect(page.text).toContain(`<option value="${offeringId}">Direct ${word} telemetry – ${micro.name} (Micro SME)</option>`);
      expectTokenOnEveryForm(page.text, shortlistPath);

      const outcome = `${shortlistPath}/outcome`;
      const before = await outcomeCounts();
      const noToken = await b.post(outcome, { outcome: 'awarded', offeringId, value: '24000' });
      expect(noToken.status).toBe(403);
      expect(noToken.text).toContain('Your form could not be sent');
      const noOutcome = await b.post(outcome, {}, { csrfFrom: shortlistPath });
      expect(noOutcome.status).toBe(400);
      // Only a form changed in the browser sends no outcome: the summary points at the section.
      expect(noOutcome.text).toMatch(/<a href="#outcome">\s*Select whether you awarded a contract or none of the offerings was suitable/);
      const empty = await b.post(outcome, { outcome: 'awarded', offeringId: '', value: '' }, { csrfFrom: shortlistPath });
      expect(empty.status).toBe(400);
      expectFieldError(empty.text, 'offeringId', 'Choose the offering you are awarding to.');
      expectFieldError(empty.text, 'value', 'State the contract value.');
      const badValue = await b.post(outcome, { outcome: 'awarded', offeringId, value: 'lots' }, { csrfFrom: shortlistPath });
      expect(badValue.status).toBe(400);
      expectFieldError(badValue.text, 'value', 'Contract value must be an amount of 0 or more, like 25000 or 24999.50');
      expect(badValue.text).toContain(`<option value="${offeringId}" selected>`);
      const backwards = await b.post(outcome, { outcome: 'awarded', offeringId, value: '24000', ...dateFields('startDate', 60), ...dateFields('endDate', 30) }, { csrfFrom: shortlistPath });
      expect(backwards.status).toBe(400);
      expectFieldError(backwards.text, 'endDate-day', 'The contract must end after it starts.');
      const notOnList = await b.post(outcome, { outcome: 'awarded', offeringId: elsewhere, value: '24000' }, { csrfFrom: shortlistPath });
      expect(notOnList.status).toBe(400);
      expectFieldError(notOnList.text, 'offeringId', 'Choose a published offering on this shortlist.');
      // Another buyer organisation's shortlist is not found.
      expect((await (await signedIn(otherBuyer)).post(outcome, { outcome: 'none_suitable', reason: 'Not mine' }, { csrfFrom: '/buyer/shortlists' })).status).toBe(404);
      expect(await outcomeCounts()).toEqual(before);

      const awarded = await b.post(outcome, { outcome: 'awarded', offeringId, value: '24,000', ...dateFields('startDate', 30), ...dateFields('endDate', 395), reason: 'ignored' }, { csrfFrom: shortlistPath });
      expect(awarded.status).toBe(303);
      contractPath = awarded.headers.location;
      expect(contractPath).toMatch(/^\/contracts\/[0-9a-f-]{36}$/);
      const contract = await b.get(contractPath);
      expect(contract.text).toContain('The contract has been awarded');
      expect(contract.text).toContain(`Awarded directly to ${micro.name} from the shortlist “Direct award ${word}”.`);
      expect(contract.text).toMatch(/govuk-tag--green">\s*Micro SME/);
      expect(contract.text).toContain('£24,000');
      expect(contract.text).toContain('Directly from the catalogue');
      const [row] = await web.dataSource.query(`SELECT outcome, reason, contract_id AS "contractId" FROM tendering.direct_award WHERE shortlist_id = $1`, [shortlistId]);
      expect(row).toEqual({ outcome: 'awarded', reason: null, contractId: contractPath.split('/').pop() });

      // The shortlist shows its outcome instead of the form; a second outcome is refused.
      const decided = await b.get(shortlistPath);
      expect(decided.text).toMatch(/id="outcome-summary"[\s\S]*?Contract awarded/);
      expect(decided.text).toContain(`href="${contractPath}"`);
      expect(decided.text).not.toContain(`action="${shortlistPath}/outcome"`);
      const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      const again = await b.post(outcome, { outcome: 'none_suitable', reason: 'Changed our mind' }, { csrfFrom: shortlistPath });
      quiet.mockRestore();
      expect(again.status).toBe(409);
      expect(again.text).toContain('An outcome has already been recorded for this shortlist.');
      expect(await web.dataSource.query(`SELECT count(*)::int AS n FROM tendering.direct_award WHERE shortlist_id = $1`, [shortlistId])).toEqual([{ n: 1 }]);
    });

    it('records none suitable from a saved search, and lists every outcome under “Direct awards”', async () => {
      const b = await signedIn(lead);
      const search = `/catalogue?q=${encodeURIComponent(`direct ${word}`)}`;
      const saved = await b.post('/catalogue/saved-searches', { name: `Search ${word}`, q: `direct ${word}` }, { csrfFrom: search });
      expect(saved.status).toBe(303);
      const [{ id: searchId }] = await web.dataSource.query(`SELECT id FROM catalogue.saved_search WHERE name = $1`, [`Search ${word}`]);
      const outcome = `/buyer/saved-searches/${searchId}/outcome`;
      expect((await b.get('/buyer/saved-searches')).text).toContain(`href="${outcome}"`);

      const page = await b.get(outcome);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<title>\s*Record the outcome of Search/);
      // The offerings the search finds now are the ones to choose from.
      expect(page.text).toContain(`<option value="${offeringId}">Direct ${word} telemetry – ${micro.name} (Micro SME), £100 per user</option>`);
      expectTokenOnEveryForm(page.text, outcome);

      const before = await outcomeCounts();
      const noReason = await b.post(outcome, { outcome: 'none_suitable', reason: '  ', value: 'not looked at' }, { csrfFrom: outcome });
      expect(noReason.status).toBe(400);
      expectFieldError(noReason.text, 'reason', 'Say why none of the offerings was suitable.');
      expect(noReason.text).not.toContain('Contract value must be');
      expect((await b.post(outcome, { outcome: 'none_suitable', reason: 'No token' })).status).toBe(403);
      expect((await (await signedIn(otherBuyer)).get(outcome)).status).toBe(404);
      expect(await outcomeCounts()).toEqual(before);

      const recorded = await b.post(outcome, { outcome: 'none_suitable', reason: 'None of them covers our <b>estuary</b>.' }, { csrfFrom: outcome });
      expect(recorded.status).toBe(303);
      expect(recorded.headers.location).toBe('/buyer/direct-awards');
      const list = await b.get('/buyer/direct-awards');
      expect(list.status).toBe(200);
      expect(list.text).toContain('The outcome has been recorded');
      expect(list.text).toContain('href="/buyer/direct-awards" aria-current="page"');
      expect(list.text).toMatch(new RegExp(`Saved search: <a class="govuk-link" href="/buyer/saved-searches">Search ${word}</a>[\\s\\S]*?None suitable[\\s\\S]*?None of them covers our &lt;b&gt;estuary&lt;/b&gt;\\.`));
      expect(list.text).toMatch(new RegExp(`Shortlist: <a class="govuk-link" href="${shortlistPath}">Direct award ${word}</a>[\\s\\S]*?Contract awarded[\\s\\S]*?href="${contractPath}"[\\s\\S]*?Micro SME[\\s\\S]*?£24,000`));
      // Newest first.
      expect(list.text.indexOf(`Search ${word}`)).toBeLessThan(list.text.indexOf(`Direct award ${word}`));
      expect(list.text).not.toContain('<b>estuary</b>');

      // Only the organisation's buyers.
      const other = await (await signedIn(otherBuyer)).get('/buyer/direct-awards');
      expect(other.text).toContain('Your organisation has not recorded any direct awards yet.');
      expect((await (await signedIn(micro.admin)).get('/buyer/direct-awards')).status).toBe(403);
      expect((await (await signedIn(evaluator)).get('/buyer/direct-awards')).status).toBe(403);
    });
  });

  it('needs a CSRF token on every form, and every form on the tendering pages carries one', async () => {
    const b = await signedIn(lead);
    const id = await published(b, { title: `CSRF ${word}` });
    const created = await b.post('/buyer/requirements', requirementForm({ title: `CSRF draft ${word}` }), { csrfFrom: '/buyer/requirements/new' });
    const draft = idFrom(created.headers.location);
    const s = await signedIn(micro.admin);
    const crit = await criteriaOf(id);
    expect((await s.post(`/opportunities/${id}/questions`, { text: 'A question with a token' }, { csrfFrom: `/opportunities/${id}` })).status).toBe(303);
    expect((await s.post(`/opportunities/${id}/bid`, bidFields(crit, ['a', 'b', ''], '1'), { csrfFrom: `/opportunities/${id}/bid` })).status).toBe(303);
    const [{ id: questionId }] = await web.dataSource.query(`SELECT id FROM tendering.question WHERE requirement_id = $1`, [id]);

    // Every form on the pages has the token.
    const pages: [WebClient, string][] = [
      [b, '/buyer/requirements/new'],
      [b, `/buyer/requirements/${draft}`],
      [b, `/buyer/requirements/${draft}/edit`],
      [b, `/buyer/requirements/${id}`],
      [b, `/buyer/requirements/${id}/withdraw`],
      [b, `/buyer/requirements/${id}/closing-time`],
      [b, `/buyer/requirements/${id}/questions`],
      [s, `/opportunities/${id}`],
      [s, `/opportunities/${id}/bid`],
    ];
    for (const [c, path] of pages) {
      const html = (await c.get(path)).text;
      // The page's own forms and sign-out.
      expect([path, (html.match(/<form\b[^>]*method="post"/g) ?? []).length > 1]).toEqual([path, true]);
      expectTokenOnEveryForm(html, path);
    }

    const counts = async () =>
      Promise.all(['tendering.requirement', 'tendering.question', 'tendering.bid_submission', 'tendering.assignment', 'tendering.score', 'tendering.contract'].map((t) => web.factories.count(t)));
    const before = await counts();
    const fakeBid = '00000000-0000-4000-8000-000000000000';
    const buyerPosts: [string, Record<string, string>][] = [
      ['/buyer/requirements', requirementForm()],
      [`/buyer/requirements/${draft}/edit`, requirementForm({ title: 'Changed without a token' })],
      [`/buyer/requirements/${draft}/publish`, {}],
      [`/buyer/requirements/${id}/withdraw`, { reason: 'No token' }],
      [`/buyer/requirements/${id}/cancel`, { reason: 'No token' }],
      [`/buyer/requirements/${id}/mark-unsuccessful`, { reason: 'No token' }],
      [`/buyer/requirements/${id}/closing-time`, { ...dateFields('closesAt', 30), 'closesAt-time': '12:00' }],
      [`/buyer/requirements/${id}/assignments`, { userId: evaluator.id, role: 'evaluator' }],
      [`/buyer/requirements/${id}/questions/${questionId}/answer`, { answer: 'No token' }],
      [`/buyer/requirements/${id}/bids/${fakeBid}/scores`, { criterionIds: crit[0].id, scores: '5', comments: '' }],
      [`/buyer/requirements/${id}/bids/${fakeBid}/shortlist`, { shortlisted: 'true' }],
      [`/buyer/requirements/${id}/award`, { bidIds: fakeBid, value: '1' }],
    ];
    for (const [path, fields] of buyerPosts) {
      const res = await b.post(path, fields);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).toContain('Your form could not be sent');
    }
    for (const path of [`/opportunities/${id}/questions`, `/opportunities/${id}/bid`, `/opportunities/${id}/bid/submit`, `/opportunities/${id}/bid/withdraw`]) {
      const res = await s.post(path, { text: 'No token', ...bidFields(crit, ['x', 'y', ''], '2') });
      expect([path, res.status]).toEqual([path, 403]);
    }
    // A token from another session does not work either.
    const otherToken = csrfTokenIn((await (await signedIn(otherBuyer)).get('/buyer/requirements/new')).text);
    expect((await b.post(`/buyer/requirements/${draft}/publish`, { _csrf: otherToken })).status).toBe(403);

    expect(await counts()).toEqual(before);
    const [row] = await web.dataSource.query(`SELECT status, title FROM tendering.requirement WHERE id = $1`, [draft]);
    expect(row).toEqual({ status: 'draft', title: `CSRF draft ${word}` });
    const [{ status }] = await web.dataSource.query(`SELECT status FROM tendering.requirement WHERE id = $1`, [id]);
    expect(status).toBe('published');
    const [{ price }] = await web.dataSource.query(`SELECT price::text FROM tendering.bid WHERE requirement_id = $1`, [id]);
    expect(price).toBe('1.00');
  });

  it('escapes user content on every page', async () => {
    const script = `<script>alert("${word}")</script>`;
    const b = await signedIn(lead);
    // Escaped on the pages, and every form on them (the evaluation's score, shortlist and award forms too) carries the CSRF token.
    const id = await published(b, {
      title: `Escaping ${script}`,
      summary: `Summary <b>bold</b> ${word} & more`,
      location: '<i>Leith</i>',
      essentialCriteria: `Criterion <img src=x onerror=alert(1)>`,
    });
    const s = await signedIn(micro.admin);
    await s.post(`/opportunities/${id}/questions`, { text: `Question <iframe src="https://evil.example"></iframe>` }, { csrfFrom: `/opportunities/${id}` });
    const crit = await criteriaOf(id);
    const submitted = await s.post(`/opportunities/${id}/bid/submit`, bidFields(crit, crit.map(() => `Answer <svg onload=alert(2)>`), '10'), { csrfFrom: `/opportunities/${id}/bid` });
    expect(submitted.status).toBe(303);
    await closeNow(id);
    await b.post(`/buyer/requirements/${id}/assignments`, { userId: lead.id, role: 'evaluator' }, { csrfFrom: `/buyer/requirements/${id}` });
    const [{ id: bidId }] = await web.dataSource.query(`SELECT id FROM tendering.bid WHERE requirement_id = $1`, [id]);

    const pages: [WebClient, string][] = [
      [client(), '/opportunities'],
      [client(), `/opportunities/${id}`],
      [b, '/buyer/requirements'],
      [b, `/buyer/requirements/${id}`],
      [b, `/buyer/requirements/${id}/questions`],
      [b, `/buyer/requirements/${id}/evaluation`],
      [b, `/buyer/requirements/${id}/bids/${bidId}`],
      [s, `/opportunities/${id}/bid`],
      [s, `/opportunities/${id}/bid/receipt`],
      [s, '/supplier/bids'],
    ];
    for (const [c, path] of pages) {
      const res = await c.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expectTokenOnEveryForm(res.text, path);
      for (const raw of [script, '<b>bold</b>', '<i>Leith</i>', '<img src=x', '<iframe', '<svg onload']) expect([path, res.text.includes(raw)]).toEqual([path, false]);
    }
    const publicPage = (await client().get(`/opportunities/${id}`)).text;
    expect(publicPage).toContain(`Escaping &lt;script&gt;alert(&quot;${word}&quot;)&lt;/script&gt;`);
    expect(publicPage).toContain('Criterion &lt;img src=x onerror=alert(1)&gt;');
    expect((await b.get(`/buyer/requirements/${id}/bids/${bidId}`)).text).toContain('Answer &lt;svg onload=alert(2)&gt;');
  });
});
