import { Browser, Page } from 'playwright-core';
import { TestContext, TestUser, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { Mail, MailServer, WorkerProcess, startMailServer, startWorker, waitFor } from './mail-harness';
import { launchChromium, people } from './browser-harness';

/**
 * Tendering's acceptance test in headless Chromium (the Debian package)
 * driven by playwright-core, as one story with its e-mail: three suppliers of
 * different sizes ask for immediate alerts in the requirement's lot; a buyer
 * drafts a requirement that the publish checks refuse, fixes and publishes it
 * and assigns two evaluators; each supplier gets the alert e-mail and one
 * follows its link and asks a question; the buyer answers it and the asker is
 * e-mailed; the three bid, one withdraws and submits again, and they find
 * their bids under "Your bids"; the closing time passes; both evaluators
 * score every bid; the buyer shortlists and awards, the public contract shows
 * the winner's size band, the winner is told it won and the others get a
 * debrief with their scores. Then a direct award from a shortlist, and an
 * outcome from a saved search. The real worker runs beside the web app as a
 * process of its own and sends the mail to an SMTP server in this test.
 * axe-core (WCAG 2.2 AA rule set) runs on every page visited and each is
 * screenshotted.
 */
const TITLE = 'Harbour berth booking service';
const UUID = '[0-9a-f-]{36}';

jest.setTimeout(240_000);

interface Supplier {
  name: string;
  admin: TestUser;
  band: string;
  price: string;
}

describe('tendering in a browser', () => {
  let ctx: TestContext;
  let web: WebTestApp;
  let browser: Browser;
  let lead: TestUser;
  let evaluator: TestUser;
  let colleague: TestUser;
  let suppliers: Supplier[];
  let requirementId: string;
  let mail: MailServer;
  let worker: WorkerProcess | undefined;
  let stamp: string;
  const { person, check, takeProblems } = people(() => browser, 'tendering', 15_000);

  beforeAll(async () => {
    mail = await startMailServer();
    ctx = await createTestContext({ MAIL_TRANSPORT: 'smtp', SMTP_URL: mail.url, OUTBOX_POLL_MS: '50' });
    web = await createWebTestApp(ctx);
    // The links in the e-mail lead to this web app.
    const workerStarted = startWorker(ctx.config, { PUBLIC_WEB_URL: web.baseUrl });
    const f = web.factories;
    const buyer = await f.member('buyer', 'buyer_admin');
    lead = buyer.user;
    evaluator = await f.user({ organisationId: buyer.organisation.id, roles: ['evaluator'], fullName: 'Eva Luator' });
    colleague = await f.user({ organisationId: buyer.organisation.id, roles: ['buyer_user'], fullName: 'Colin League' });
    stamp = Date.now().toString(36);
    suppliers = [];
    for (const [band, name, price] of [
      ['micro', `Tidewater Digital ${stamp}`, '98000'],
      ['medium', `Firth Systems ${stamp}`, '115000'],
      ['large', `Enormous Consulting ${stamp}`, '119000'],
    ] as const) {
      const s = await f.supplier({ band, name });
      suppliers.push({ name: s.organisation.name, admin: s.admin, band, price });
    }
    browser = await launchChromium();
    worker = await workerStarted;
  });

  afterEach(() => {
    // 4xx pages are expected in some steps; the browser logs them as resource errors.
    expect(takeProblems()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await web?.close();
    await mail?.close();
    await ctx?.cleanup();
  });

  const isMail = (m: Mail, to: string, subject: string) => m.to === to && m.subject === subject;

  /** The message to `to` with exactly this subject, once the worker has sent it (polled, with a deadline). */
  async function mailTo(to: string, subject: string): Promise<Mail> {
    await waitFor(`the e-mail "${subject}" to ${to}`, () => {
      worker!.assertRunning();
      return mail.mails.some((m) => isMail(m, to, subject));
    });
    const found = mail.mails.filter((m) => isMail(m, to, subject));
    expect({ to, subject, received: found.length }).toEqual({ to, subject, received: 1 });
    return found[0];
  }

  async function submit(page: Page, button: string | RegExp, url: RegExp | string): Promise<void> {
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: typeof button === 'string' }).click()]);
  }

  async function follow(page: Page, link: string | RegExp, url: RegExp | string): Promise<void> {
    await Promise.all([page.waitForURL(url), page.getByRole('link', { name: link, exact: typeof link === 'string' }).first().click()]);
  }

  async function signIn(page: Page, user: TestUser): Promise<void> {
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await submit(page, 'Sign in', /\/account$/);
  }

  /** Fills a GOV.UK date input (found by its legend) with the London date `days` from now. */
  async function fillDate(page: Page, legend: string, days: number): Promise<void> {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(Date.now() + days * 86_400_000));
    const get = (t: string) => parts.find((p) => p.type === t)!.value;
    const group = page.getByRole('group', { name: legend, exact: true });
    await group.getByLabel('Day').fill(get('day'));
    await group.getByLabel('Month').fill(get('month'));
    await group.getByLabel('Year').fill(get('year'));
  }

  it('suppliers of three sizes ask for immediate alerts of new opportunities in the requirement’s lot', async () => {
    for (const [i, s] of suppliers.entries()) {
      const { context, page } = await person();
      await signIn(page, s.admin);
      await follow(page, 'Opportunity alerts', /\/supplier\/alerts$/);
      // Never set: a daily digest, no lots followed.
      expect(await page.getByLabel('Once a day').isChecked()).toBe(true);
      if (i === 0) await check(page, 'alerts');
      await page.getByLabel('Immediately').check();
      await page.getByLabel('Digital Outcomes and Specialists: Digital outcomes', { exact: true }).check();
      await submit(page, 'Save alert settings', /\/supplier\/alerts$/);
      await page.getByText('Your opportunity alerts have been saved').waitFor();
      expect(await page.getByLabel('Immediately').isChecked()).toBe(true);
      expect(await page.getByLabel('Digital Outcomes and Specialists: Digital outcomes', { exact: true }).isChecked()).toBe(true);
      if (i === 0) await check(page, 'alerts-saved');
      await context.close();
    }
  });

  it('a buyer drafts a requirement, is refused by the publish checks, fixes it, publishes it and assigns evaluators', async () => {
    const { context, page } = await person();
    await signIn(page, lead);
    await follow(page, 'Requirements', /\/buyer\/requirements$/);
    await page.getByText('Your organisation has no requirements yet.').waitFor();
    await check(page, 'buyer-dashboard-empty');

    await submit(page, 'Post a requirement', /\/buyer\/requirements\/new$/); // a link styled as a button
    await check(page, 'requirement-new');
    // A bad draft: no problem statement, no budget, no essential criteria, deadlines too soon.
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Summary').fill('A new online service for booking harbour berths.');
    await page.getByLabel('Description', { exact: true }).fill('We need a team to discover, build and run the new service with us.\nYou will work with our harbour masters.');
    await page.getByLabel('Lot', { exact: true }).selectOption({ label: 'Digital Outcomes and Specialists: Digital outcomes' });
    await page.getByLabel('Category (optional)').selectOption({ label: 'Digital outcomes: Software development' });
    await page.getByLabel('Location').fill('Aberdeen');
    await page.getByLabel('Nice-to-have criteria (optional)').fill('Experience with ports');
    await fillDate(page, 'Date questions close', 1);
    await page.getByLabel('Time questions close').fill('17:00');
    await fillDate(page, 'Closing date', 3);
    await page.getByLabel('Closing time').fill('12:00');
    await submit(page, 'Save as draft', new RegExp(`/buyer/requirements/${UUID}$`));
    await page.getByText('Your requirement has been saved as a draft').waitFor();
    requirementId = /\/buyer\/requirements\/([0-9a-f-]{36})$/.exec(page.url())![1];
    expect(await page.locator('main .govuk-tag').first().innerText()).toBe('Draft');
    await check(page, 'requirement-draft');

    await submit(page, 'Publish', new RegExp(`/buyer/requirements/${requirementId}/publish$`));
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const items = await summary.locator('.govuk-error-summary__list a').allInnerTexts();
    expect(items).toEqual([
      'State the problem to be solved before publishing.',
      'State a budget (a maximum, or a range) before publishing.',
      'Give at least one essential criterion for suppliers to answer.',
      'The closing time must be at least 7 days after publication.',
      'Give suppliers at least 2 days to ask questions after publication.',
    ]);
    expect(await page.title()).toMatch(/^Error: Edit Harbour berth booking service/);
    await check(page, 'requirement-publish-refused');
    // The summary's links go to the fields.
    await summary.getByRole('link', { name: 'State a budget (a maximum, or a range) before publishing.' }).click();
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'budgetMax'); // eslint-disable-line @typescript-eslint/no-explicit-any

    await page.getByLabel('Problem to be solved').fill('Boat owners phone the harbour office to book; most calls are about availability.');
    await page.getByLabel('Minimum (optional)').fill('50000');
    await page.getByLabel('Maximum', { exact: true }).fill('120000');
    await page.getByLabel('Essential criteria').fill('Experience of GOV.UK Design System services\nA delivery team based in the UK');
    await fillDate(page, 'Date questions close', 10);
    await fillDate(page, 'Closing date', 14);
    await submit(page, 'Save and publish', new RegExp(`/buyer/requirements/${requirementId}$`));
    await page.getByText('Your requirement has been published').waitFor();
    expect(await page.locator('main .govuk-tag').first().innerText()).toBe('Open');
    expect(await page.locator('#bids + p').innerText()).toContain('Bids are sealed until the closing time');
    await check(page, 'requirement-published');

    for (const [who, user] of [['Eva Luator', evaluator], ['Colin League', colleague]] as const) {
      await page.getByLabel('Person').selectOption({ label: `${who} (${user.email})` });
      await page.getByLabel('Evaluator', { exact: true }).check();
      await submit(page, 'Assign', new RegExp(`/buyer/requirements/${requirementId}`));
      await page.getByText(`${who} can now evaluate the bids`).waitFor();
    }
    const team = await page.locator('#team ~ table').first().innerText();
    expect(team).toMatch(/Colin League\s+\S+\s+Evaluator/);
    expect(team).toMatch(/Eva Luator\s+\S+\s+Evaluator/);
    expect(team).toMatch(/Test User\s+\S+\s+Lead/);
    await check(page, 'requirement-team');

    await follow(page, 'Requirements', /\/buyer\/requirements$/);
    expect(await page.locator('#requirements').innerText()).toMatch(new RegExp(`${TITLE}\\s+Open`));
    await check(page, 'buyer-dashboard');
    await context.close();
  });

  it('each supplier gets the alert e-mail; one follows its link and asks a question; the buyer answers; the asker is e-mailed; everyone reads the answer without the asker’s name', async () => {
    const opportunityUrl = `${web.baseUrl}/opportunities/${requirementId}`;
    for (const s of suppliers) {
      const alert = await mailTo(s.admin.email, `New opportunity: ${TITLE}`);
      expect(alert.text).toContain(opportunityUrl);
    }
    const alert = await mailTo(suppliers[0].admin.email, `New opportunity: ${TITLE}`);
    const link = /https?:\/\/\S+\/opportunities\/[0-9a-f-]{36}/.exec(alert.text)?.[0];
    expect(link).toBe(opportunityUrl);

    const supplier = await person();
    await signIn(supplier.page, suppliers[0].admin);
    await supplier.page.goto(link!);
    await supplier.page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await check(supplier.page, 'opportunity-supplier');
    await follow(supplier.page, 'Opportunities', /\/opportunities$/);
    const item = supplier.page.locator('.app-search-result').filter({ hasText: TITLE });
    expect(await item.innerText()).toMatch(/Questions close: .* at 5:00 pm[\s\S]*Closes: .* at 12:00 pm/);
    await check(supplier.page, 'opportunities');
    await follow(supplier.page, TITLE, opportunityUrl);
    await supplier.page.getByLabel('Your question').fill('Is there an incumbent supplier?');
    await submit(supplier.page, 'Send question', new RegExp(`/opportunities/${requirementId}#questions$`));
    await supplier.page.getByText('Your question has been sent to the buyer').waitFor();
    await supplier.page.getByText('You asked this').waitFor();
    await check(supplier.page, 'opportunity-question-sent');

    const buyer = await person();
    await signIn(buyer.page, lead);
    await buyer.page.goto(`${web.baseUrl}/buyer/requirements/${requirementId}`);
    await follow(buyer.page, 'Questions from suppliers', /\/questions$/);
    expect(await buyer.page.locator('main').innerText()).not.toContain(suppliers[0].name);
    await check(buyer.page, 'buyer-questions');
    await buyer.page.getByLabel('Your answer to question 1').fill('No: this is a new service.');
    await submit(buyer.page, 'Publish answer to question 1', /\/questions$/);
    await buyer.page.getByText('Your answer has been published').waitFor();
    await check(buyer.page, 'buyer-questions-answered');
    await buyer.context.close();

    // The asker is e-mailed (by organisation, never named to the buyer); nobody else has asked or bid yet.
    const answered = await mailTo(suppliers[0].admin.email, `A question about "${TITLE}" has been answered`);
    expect(answered.text).toContain(opportunityUrl);
    const answerMail = await web.dataSource.query(`SELECT to_address AS "to" FROM notifications.email WHERE kind = 'answer'`);
    expect(answerMail).toEqual([{ to: suppliers[0].admin.email }]);

    await supplier.page.reload();
    const qa = await supplier.page.locator('#questions ~ .app-question').first().innerText();
    expect(qa).toContain('Is there an incumbent supplier?');
    expect(qa).toContain('No: this is a new service.');
    await supplier.context.close();

    const anonymous = await person();
    await anonymous.page.goto(`${web.baseUrl}/opportunities/${requirementId}`);
    const main = await anonymous.page.locator('main').innerText();
    expect(main).toContain('No: this is a new service.');
    expect(main).not.toContain(suppliers[0].name);
    await check(anonymous.page, 'opportunity-public');
    await anonymous.context.close();
  });

  it('three suppliers of different sizes bid; one withdraws and submits again; each gets a receipt with its digest', async () => {
    for (const [i, s] of suppliers.entries()) {
      const { context, page } = await person();
      await signIn(page, s.admin);
      await page.goto(`${web.baseUrl}/opportunities/${requirementId}`);
      await submit(page, 'Start your bid', new RegExp(`/opportunities/${requirementId}/bid$`));
      if (i === 0) await check(page, 'bid-form');
      await page.getByLabel(/Essential 1:/).fill(`${s.name} has built 12 GOV.UK services.`);
      await page.getByLabel(/Essential 2:/).fill(`${s.name} has a team in Aberdeen.`);
      await page.getByLabel(/Nice-to-have 1:/).fill('We run a marina booking system.');
      await page.getByLabel('Price (GBP)').fill(i === 2 ? '125000' : s.price);
      if (i === 2) {
        // The large supplier saves a draft first.
        await submit(page, 'Save draft', new RegExp(`/opportunities/${requirementId}/bid$`));
        await page.getByText('Your draft bid has been saved').waitFor();
        await check(page, 'bid-draft');
      }
      await submit(page, 'Submit bid', new RegExp(`/opportunities/${requirementId}/bid/receipt$`));
      await page.getByRole('heading', { name: 'Bid received', level: 1 }).waitFor();
      const digest = (await page.locator('.app-digest').innerText()).trim();
      const [row] = await web.dataSource.query(
        `SELECT s.digest, s.size_band AS band FROM tendering.bid_submission s JOIN tendering.bid b ON b.submission_id = s.id
           JOIN identity.organisation o ON o.id = b.organisation_id WHERE s.requirement_id = $1 AND o.name = $2`,
        [requirementId, s.name],
      );
      expect({ digest, band: row.band }).toEqual({ digest: row.digest, band: s.band });
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      expect(await page.locator('#receipt').innerText()).toMatch(/Received\s+\d\d:\d\d:\d\d on .* \(UK time\)/);
      await check(page, i === 0 ? 'bid-receipt' : `bid-receipt-${s.band}`);

      if (i === 2) {
        // It withdraws, lowers its price and submits again: a new receipt.
        await follow(page, 'Back to your bid', new RegExp(`/opportunities/${requirementId}/bid$`));
        await check(page, 'bid-submitted');
        await submit(page, 'Withdraw bid', new RegExp(`/opportunities/${requirementId}/bid$`));
        await page.getByText('Your bid has been withdrawn').waitFor();
        expect(await page.locator('main .govuk-tag').first().innerText()).toBe('Withdrawn');
        await check(page, 'bid-withdrawn');
        await page.getByLabel('Price (GBP)').fill(s.price);
        await submit(page, 'Submit bid', new RegExp(`/opportunities/${requirementId}/bid/receipt$`));
        await page.getByRole('heading', { name: 'Bid received', level: 1 }).waitFor();
        expect((await page.locator('.app-digest').innerText()).trim()).not.toBe(digest);
        // "Your bids" lists it, submitted, with its receipt, and leads back to the bid.
        await follow(page, 'Your bids', /\/supplier\/bids$/);
        const row = page.locator('#bids').getByRole('row').filter({ hasText: TITLE });
        expect(await row.innerText()).toMatch(new RegExp(`${TITLE}\\s+Open\\s+.* at 12:00 pm\\s+Submitted\\s+£119,000\\s+\\d\\d:\\d\\d:\\d\\d on .* \\(UK time\\)`));
        await check(page, 'supplier-bids');
        await follow(page, TITLE, new RegExp(`/opportunities/${requirementId}/bid$`));
      }
      await context.close();
    }
    const [{ n }] = await web.dataSource.query(`SELECT count(*)::int AS n FROM tendering.bid WHERE requirement_id = $1 AND status = 'submitted'`, [requirementId]);
    expect(n).toBe(3);

    // Before the closing time the buyer reads nothing of any bid.
    const buyer = await person();
    await signIn(buyer.page, lead);
    await buyer.page.goto(`${web.baseUrl}/buyer/requirements/${requirementId}/evaluation`);
    await buyer.page.getByRole('heading', { name: 'Bids are sealed', level: 1 }).waitFor();
    for (const s of suppliers) expect(await buyer.page.locator('main').innerText()).not.toContain(s.name);
    await check(buyer.page, 'evaluation-sealed');
    await buyer.context.close();
  });

  it('after the closing time two evaluators score every bid; the buyer shortlists and awards; the contract shows the winner’s size band', async () => {
    // Stands in for the passing of time: the publish checks require closing at least 7 days ahead, so the deadlines are moved into the past.
    await web.dataSource.query(
      `UPDATE tendering.requirement SET questions_close_at = clock_timestamp() - interval '2 minutes', closes_at = clock_timestamp() - interval '1 minute' WHERE id = $1`,
      [requirementId],
    );

    const scores: Record<string, number[][]> = {
      // Per evaluator, per supplier (in the order above), per criterion.
      'Eva Luator': [[90, 80, 70], [70, 70, 60], [60, 50, 50]],
      'Colin League': [[80, 80, 60], [80, 60, 60], [70, 60, 40]],
    };
    for (const user of [evaluator, colleague]) {
      const name = user === evaluator ? 'Eva Luator' : 'Colin League';
      const { context, page } = await person();
      await signIn(page, user);
      await follow(page, 'Requirements', /\/buyer\/requirements$/);
      await follow(page, TITLE, new RegExp(`/buyer/requirements/${requirementId}$`));
      if (user === evaluator) await check(page, 'requirement-closed-evaluator');
      await submit(page, 'Evaluate bids', new RegExp(`/buyer/requirements/${requirementId}/evaluation$`));
      if (user === evaluator) await check(page, 'evaluation-before-scoring');
      for (const [i, s] of suppliers.entries()) {
        await follow(page, s.name, new RegExp(`/buyer/requirements/${requirementId}/bids/${UUID}$`));
        await page.getByText(`${s.name} has built 12 GOV.UK services.`).waitFor();
        if (user === evaluator && i === 0) await check(page, 'evaluation-bid');
        for (const [c, label] of ['Essential 1', 'Essential 2', 'Nice-to-have 1'].entries()) {
          await page.getByLabel(`Your score for ${label}`).fill(String(scores[name][i][c]));
          await page.getByLabel(`Your comment on ${label} (optional)`).fill(`Scored ${scores[name][i][c]}`);
        }
        await submit(page, 'Save scores', new RegExp(`/buyer/requirements/${requirementId}/evaluation$`));
        await page.getByText(`Your scores for ${s.name}’s bid have been saved`).waitFor();
      }
      await check(page, user === evaluator ? 'evaluation-scored-one' : 'evaluation-scored-all');
      await context.close();
    }

    const { context, page } = await person();
    await signIn(page, lead);
    await page.goto(`${web.baseUrl}/buyer/requirements/${requirementId}/evaluation`);
    const totals = page.locator('#totals');
    // Micro: technical (80 + 73.33) / 2 = 76.67, cheapest so price 100, total 0.6 × 76.67 + 40 = 86.00, first.
    expect(await totals.getByRole('row').filter({ hasText: suppliers[0].name }).innerText()).toMatch(/£98,000\s+76\.67\s+100\.00\s+86\.00\s+1\s+Fully scored/);
    expect(await totals.getByRole('row').filter({ hasText: suppliers[2].name }).innerText()).toMatch(/Large[\s\S]*£119,000/);
    await check(page, 'evaluation-lead');
    await submit(page, `Shortlist ${suppliers[0].name}`, new RegExp(`/evaluation$`));
    await page.getByText(`${suppliers[0].name} has been shortlisted`).waitFor();
    expect(await totals.getByRole('row').filter({ hasText: suppliers[0].name }).innerText()).toContain('Shortlisted');

    // Award without choosing a bid: the error summary names the field.
    await page.getByLabel('Contract value (GBP)').fill('98000');
    await submit(page, 'Award contract', /\/award$/);
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the bid or bids to award the contract to');
    await check(page, 'award-errors');

    await page.getByLabel(new RegExp(suppliers[0].name)).check();
    await fillDate(page, 'Start date (optional)', 60);
    await fillDate(page, 'End date (optional)', 425);
    await submit(page, 'Award contract', new RegExp(`/contracts/${UUID}$`));
    await page.getByText('The contract has been awarded').waitFor();
    const supplierRows = page.locator('#suppliers ~ table');
    expect(await supplierRows.innerText()).toMatch(new RegExp(`${suppliers[0].name}\\s+Micro SME\\s+Yes`));
    expect(await page.locator('#contract').innerText()).toContain('£98,000');
    await check(page, 'contract');
    const contractUrl = page.url();
    await context.close();

    // Everyone sees the award: the contracts list, the contract, and the requirement with its bid counts by size.
    const anonymous = await person();
    await anonymous.page.goto(`${web.baseUrl}/contracts`);
    await follow(anonymous.page, TITLE, contractUrl);
    expect(await anonymous.page.locator('#suppliers ~ table').innerText()).toContain('Micro SME');
    await anonymous.page.goto(`${web.baseUrl}/contracts`);
    expect(await anonymous.page.locator('main table').innerText()).toMatch(new RegExp(`${TITLE}[\\s\\S]*${suppliers[0].name}\\s+Micro SME[\\s\\S]*£98,000`));
    await check(anonymous.page, 'contracts');
    await anonymous.page.goto(`${web.baseUrl}/opportunities/${requirementId}`);
    expect(await anonymous.page.locator('main .govuk-tag').first().innerText()).toBe('Awarded');
    const counts = await anonymous.page.locator('#bids ~ table').first().innerText();
    expect(counts).toMatch(/Micro SME\s+1[\s\S]*Medium SME\s+1[\s\S]*Large\s+1[\s\S]*Total\s+3/);
    await follow(anonymous.page, 'View the contract', contractUrl);
    await check(anonymous.page, 'contract-public');
    await anonymous.context.close();

    // The winner hears it won; the others get a debrief with their scores and the winning one, never bid content.
    // Technical scores: micro (80 + 73.33) / 2 = 76.67, medium 66.67, large 55; with the price (60/40) the ranks stay in that order.
    const won = await mailTo(suppliers[0].admin.email, `You have been awarded "${TITLE}"`);
    expect(won.text).toContain('Your scores: technical score 76.67 / 100, rank 1 of 3');
    const expected: [Supplier, string][] = [
      [suppliers[1], 'technical score 66.67 / 100, rank 2 of 3'],
      [suppliers[2], 'technical score 55 / 100, rank 3 of 3'],
    ];
    for (const [s, line] of expected) {
      const debrief = await mailTo(s.admin.email, `Outcome of "${TITLE}": your bid was not successful`);
      expect(debrief.text).toContain(`Your scores: ${line}`);
      expect(debrief.text).toContain(`- ${suppliers[0].name}: technical score 76.67 / 100, rank 1 of 3`);
      // Scores only: no bid content, and no prices or price scores from which one could be worked out.
      for (const secret of ['has built 12 GOV.UK services', 'marina', '98,000', '98000', '115000', '119000', 'price 100']) expect([s.band, secret, debrief.text.includes(secret)]).toEqual([s.band, secret, false]);
    }
    expect(mail.mails.filter((m) => m.subject.includes(`"${TITLE}"`) && /awarded|not successful/.test(m.subject)).map((m) => m.to).sort()).toEqual(
      suppliers.map((s) => s.admin.email).sort(),
    );
  });

  it('a buyer records a direct award from a shortlist and an outcome from a saved search, and finds both under “Direct awards”', async () => {
    const title = `Berth occupancy sensors ${stamp}`;
    const offeringId = await web.factories.offering({ organisationId: suppliers[1].admin.organisationId, lotSlug: 'cloud-hosting', title, summary: `Sensors that count free berths ${stamp}.` });
    const { context, page } = await person();
    await signIn(page, lead);
    await follow(page, 'Shortlists', /\/buyer\/shortlists$/);
    await page.getByLabel('Name', { exact: true }).fill('Berth sensors');
    await submit(page, 'Create shortlist', new RegExp(`/buyer/shortlists/${UUID}$`));
    const shortlistUrl = page.url();
    await page.goto(`${web.baseUrl}/catalogue/offerings/${offeringId}`);
    await submit(page, 'Add to shortlist', new RegExp(`/catalogue/offerings/${offeringId}`));
    await page.getByText('Added to Berth sensors').waitFor();
    await page.goto(shortlistUrl);
    await check(page, 'shortlist-outcome-form');

    // An award needs the offering: the error summary names the field.
    await page.getByLabel('Contract value').fill('24000');
    await submit(page, 'Award the contract', /\/outcome$/);
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('.govuk-error-summary__list a').allInnerTexts()).toEqual(['Choose the offering you are awarding to.']);
    expect(await page.getByLabel('Contract value').inputValue()).toBe('24000');
    await check(page, 'shortlist-outcome-errors');
    await page.getByLabel('Offering awarded').selectOption({ label: `${title} – ${suppliers[1].name} (Medium SME)` });
    await fillDate(page, 'Start date (optional)', 30);
    await submit(page, 'Award the contract', new RegExp(`/contracts/${UUID}$`));
    await page.getByText('The contract has been awarded').waitFor();
    const contractUrl = page.url();
    expect(await page.locator('#suppliers ~ table').innerText()).toMatch(new RegExp(`${suppliers[1].name}\\s+Medium SME\\s+Yes`));
    expect(await page.locator('#contract').innerText()).toMatch(/£24,000[\s\S]*Directly from the catalogue/);
    await check(page, 'contract-direct');
    await page.goto(shortlistUrl);
    expect(await page.locator('#outcome-summary').innerText()).toMatch(new RegExp(`Contract awarded[\\s\\S]*${title}[\\s\\S]*${suppliers[1].name}\\s+Medium SME[\\s\\S]*£24,000`));
    await check(page, 'shortlist-outcome');

    // A saved search that found nothing suitable.
    await page.goto(`${web.baseUrl}/catalogue?q=${encodeURIComponent(`free berths ${stamp}`)}`);
    await page.getByLabel('Name for this search').fill('Berth counting');
    await submit(page, 'Save this search', /\/catalogue\?/);
    await follow(page, 'Saved searches', /\/buyer\/saved-searches$/);
    await check(page, 'saved-searches');
    await follow(page, 'Record the outcome of Berth counting', /\/buyer\/saved-searches\/[0-9a-f-]{36}\/outcome$/);
    await check(page, 'saved-search-outcome');
    await page.getByLabel('Why was none of the offerings suitable?').fill('None covers our harbour’s radio range.');
    await submit(page, 'Record that none was suitable', /\/buyer\/direct-awards$/);
    await page.getByText('The outcome has been recorded').waitFor();
    const rows = page.locator('#direct-awards').getByRole('row');
    expect(await rows.filter({ hasText: 'Berth counting' }).innerText()).toMatch(/Saved search: Berth counting\s+None suitable\s+None covers our harbour’s radio range\./);
    expect(await rows.filter({ hasText: 'Berth sensors' }).innerText()).toMatch(new RegExp(`Shortlist: Berth sensors\\s+Contract awarded\\s+${title}\\s+${suppliers[1].name}\\s+Medium SME\\s+£24,000`));
    await check(page, 'direct-awards');
    await follow(page, title, contractUrl);
    await context.close();
  });
});
