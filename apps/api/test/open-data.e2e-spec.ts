import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Stream } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { BulkFilesService, PublicationsService } from '@app/open-data';
import type { JobPayloads } from '@app/queue';
import { ApiTestApp, OcdsValidators, TestContext, TestUser, createApiTestApp, createTestContext, describeWithFixtures, loadOcdsValidators, expectProblem, requirementBody as requirementDraft } from '@app/testing';

/**
 * OCDS 1.1 publication through the API (issue 6): every event of a contracting process —
 * publication, closing-time change, withdrawal, cancellation, unsuccessful end, award, direct
 * award, contract cancellation — gives one release, validated against the official OCDS 1.1.5
 * schemas (with the scale and bid extensions) in FIXTURES_DIR, and served as release packages
 * (paged), single releases, compiled records and the daily gzip bulk file. Nothing of a draft,
 * a bid's content or price, an evaluator's comment or a person goes out.
 *
 * The worker is not running: the tendering services' `open-data.publish-release` outbox rows are
 * drained in-process, in the order they were written, into PublicationsService.publish (what the
 * worker's handler does). Time passes as in tendering.e2e-spec.ts: the closing time is moved into
 * the past by SQL.
 */
describeWithFixtures('open data: OCDS publication through the API', (fixtures) => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let ocds: OcdsValidators;
  let publications: PublicationsService;
  const tag = randomBytes(4).toString('hex');
  const DAY = 86_400_000;
  const R = '/api/v1/requirements';
  const O = '/api/v1/ocds';
  const OCID_PREFIX = 'ocds-e2e0od';
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

  // What must never be published.
  const DRAFT_MARKER = `DRAFT-SECRET-${tag}`;
  const BID_MARKERS: string[] = [];
  const bidMarker = (who: string) => {
    const m = `BID-SECRET-${who}-${randomBytes(3).toString('hex')}`;
    BID_MARKERS.push(m);
    return m;
  };
  const EVAL_COMMENT = `EVAL-COMMENT-${tag} the team lacked depth`;
  const PERSON = `Person${tag}`;
  // Distinctive bid prices (none of them a budget or award value).
  const PRICE = { micro: '98765.43', small: '87654.32', large: '76543.21', largeFirst: '76000.19', medium: '65432.17', other: '54321.09', consortium: '43210.98', consortium2: '32109.87' };
  const AWARD_VALUE = '90000.00';

  type Signed = TestUser & { token: string };
  type Supplier = Signed & { orgId: string; orgName: string };
  interface RequirementView {
    id: string;
    status: string;
    criteria: { id: string; kind: string; position: number }[];
    [k: string]: unknown;
  }
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  let buyerAdmin: Signed;
  let buyerUser: Signed;
  let evaluator: Signed;
  let micro: Supplier;
  let small: Supplier;
  let medium: Supplier;
  let large: Supplier;
  let undeclared: Supplier;
  let lotId: string;
  let categoryId: string;
  const emails: string[] = [];

  // The processes of the tests, filled in as they run.
  let draftId: string;
  let lifecycle: RequirementView;
  let lifecycleContractId: string;
  let originalClosesAt: string;
  let amendedClosesAt: string;
  let withdrawn: RequirementView;
  let cancelled: RequirementView;
  let unsuccessful: RequirementView;
  let consortium: RequirementView;
  let directContractId: string;
  const ocidOf = (processId: string) => `${OCID_PREFIX}-${processId}`;

  async function signedIn(user: TestUser): Promise<Signed> {
    emails.push(user.email);
    return { ...user, token: (await api.signIn(user.email, user.password)).accessToken };
  }

  async function supplier(band: 'micro' | 'small' | 'medium' | 'large' | null): Promise<Supplier> {
    const orgName = `${band ?? 'Undeclared'} Supplier ${tag}`;
    const s = await api.factories.supplier({ band, name: orgName });
    return { ...(await signedIn(s.admin)), orgId: s.organisation.id, orgName };
  }

  beforeAll(async () => {
    ctx = await createTestContext({ OCDS_OCID_PREFIX: OCID_PREFIX, OCDS_PUBLISHER_NAME: `Open Procurement Marketplace ${tag}` });
    api = await createApiTestApp(ctx);
    ocds = loadOcdsValidators(path.join(fixtures, 'ocds-1.1.5'));
    publications = api.app.get(PublicationsService);
    const f = api.factories;
    const org = await f.organisation({ kind: 'buyer', name: `Borough of ${tag}` });
    [buyerAdmin, buyerUser, evaluator] = await Promise.all([
      f.user({ organisationId: org.id, roles: ['buyer_admin'], fullName: `${PERSON} Admin` }).then(signedIn),
      f.user({ organisationId: org.id, roles: ['buyer_user'], fullName: `${PERSON} User` }).then(signedIn),
      f.user({ organisationId: org.id, roles: ['evaluator'], fullName: `${PERSON} Evaluator` }).then(signedIn),
    ]);
    [micro, small, medium, large, undeclared] = await Promise.all([supplier('micro'), supplier('small'), supplier('medium'), supplier('large'), supplier(null)]);
    [{ lotId, categoryId }] = await api.factories.requirementsLots();
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  // ---------------------------------------------------------------- helpers

  const requirementBody = (over: Record<string, unknown> = {}) =>
    requirementDraft(
      {
        title: `Replace the library booking service ${tag}`,
        summary: 'A new online service for booking rooms in public libraries.',
        problemStatement: 'Residents phone each library to book a room.',
        location: `Oban ${tag}`,
        lotId,
        categoryId,
      },
      over,
    );

  async function draft(over: Record<string, unknown> = {}): Promise<RequirementView> {
    const res = await api.http.post(R).set(bearer(buyerAdmin.token)).send(requirementBody(over));
    expect(res.status).toBe(201);
    return res.body;
  }

  async function published(over: Record<string, unknown> = {}): Promise<RequirementView> {
    const d = await draft(over);
    const res = await api.http.post(`${R}/${d.id}/publish`).set(bearer(buyerAdmin.token));
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

  const answersFor = (r: RequirementView, text: string) => Object.fromEntries(r.criteria.map((c) => [c.id, `${text} (${c.kind} ${c.position})`]));
  const saveBid = (s: Signed, requirementId: string, body: Record<string, unknown>) => api.http.put(`${R}/${requirementId}/bid`).set(bearer(s.token)).send(body);
  const submitBid = (s: Signed, requirementId: string) => api.http.post(`${R}/${requirementId}/bid/submit`).set(bearer(s.token));
  const withdrawBid = (s: Signed, requirementId: string) => api.http.post(`${R}/${requirementId}/bid/withdraw`).set(bearer(s.token));

  async function submitted(s: Supplier, r: RequirementView, price: string): Promise<string> {
    expect((await saveBid(s, r.id, { answers: answersFor(r, `We will do it well: ${bidMarker(s.orgName)}`), price })).status).toBe(200);
    const res = await submitBid(s, r.id);
    expect(res.status).toBe(200);
    return res.body.bidId;
  }

  const assign = (requirementId: string, user: Signed) =>
    api.http.post(`${R}/${requirementId}/assignments`).set(bearer(buyerAdmin.token)).send({ userId: user.id, role: 'evaluator' });

  async function scoreAll(r: RequirementView, bidId: string): Promise<void> {
    const scores = r.criteria.map((c) => ({ criterionId: c.id, score: 70, comment: EVAL_COMMENT }));
    expect((await api.http.put(`${R}/${r.id}/bids/${bidId}/scores`).set(bearer(evaluator.token)).send({ scores })).status).toBe(200);
  }

  type PublishPayload = JobPayloads['open-data.publish-release'];

  /** What the worker does: every open-data.publish-release outbox row, in the order written, into PublicationsService.publish. */
  async function drain(): Promise<{ payload: PublishPayload; result: { releaseId: string; stored: boolean } | null }[]> {
    const rows: { payload: PublishPayload }[] = await api.dataSource.query(
      `SELECT payload FROM queue.outbox_event WHERE job_name = 'open-data.publish-release' ORDER BY created_at, id`,
    );
    const out = [];
    for (const { payload } of rows) out.push({ payload, result: await publications.publish(payload) });
    return out;
  }

  const storedCount = async (): Promise<number> => (await api.dataSource.query(`SELECT count(*)::int AS n FROM open_data.release`))[0].n;

  /** Drains, checks every row gave a release, drains again and checks nothing more is stored (publish is idempotent). */
  async function drainAll(): Promise<void> {
    const first = await drain();
    for (const { payload, result } of first) expect({ payload, result }).toEqual({ payload, result: { releaseId: payload.releaseId, stored: expect.any(Boolean) } });
    const n = await storedCount();
    expect(n).toBe(first.length);
    const again = await drain();
    expect(again.map((x) => x.result)).toEqual(first.map(({ payload }) => ({ releaseId: payload.releaseId, stored: false })));
    expect(await storedCount()).toBe(n);
  }

  /** The path and query of one of the API's own absolute URLs (links.next). */
  const localPath = (url: string) => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };

  async function allReleases(): Promise<Json[]> {
    const res = await api.http.get(`${O}/releases`).query({ limit: 1000 }).expect(200);
    expect(res.body.links).toBeUndefined();
    return res.body.releases;
  }

  const releasesOf = (all: Json[], ocid: string) => all.filter((r) => r.ocid === ocid);
  const stat = (release: Json, measure: string) => release.bids?.statistics?.find((s: Json) => s.measure === measure)?.value;
  const partyOf = (release: Json, orgId: string) => release.parties.find((p: Json) => p.id === `GB-OPM-${orgId}`);

  /**
   * Every output checked against the OCDS schemas, with its errors. The last test asserts there are
   * none, listing each distinct error once: so one failing test names every validation problem,
   * and the other tests still check everything else.
   */
  const validations: { what: string; errors: string[] }[] = [];
  function validate(kind: 'release' | 'releasePackage' | 'recordPackage', what: string, data: unknown): void {
    const errors = kind === 'release' ? ocds.validateRelease(data) : kind === 'releasePackage' ? ocds.validateReleasePackage(data) : ocds.validateRecordPackage(data);
    validations.push({ what: `${kind} ${what}`, errors });
  }
  function validateEach(releases: Json[]): void {
    for (const r of releases) validate('release', r.id, r);
  }

  // ---------------------------------------------------------------- 1. lifecycle

  it('a requirement through publish, amendment, bids, closing, scoring and award gives valid releases tender → tenderAmendment → award+contract, with bid counts only after closing and the winner\'s scale', async () => {
    draftId = (await draft({ title: `Plans for the new archive ${DRAFT_MARKER}`, description: `Nothing here may be published: ${DRAFT_MARKER}` })).id;

    originalClosesAt = iso(8 * DAY);
    lifecycle = await published({ closesAt: originalClosesAt });
    amendedClosesAt = iso(12 * DAY);
    expect((await api.http.put(`${R}/${lifecycle.id}/closing-time`).set(bearer(buyerAdmin.token)).send({ closesAt: amendedClosesAt })).status).toBe(200);
    expect((await assign(lifecycle.id, evaluator)).status).toBe(201);

    const microBid = await submitted(micro, lifecycle, PRICE.micro);
    const smallBid = await submitted(small, lifecycle, PRICE.small);
    // The large supplier withdraws and submits again (one bid, counted once) ...
    await submitted(large, lifecycle, PRICE.largeFirst);
    expect((await withdrawBid(large, lifecycle.id)).status).toBe(200);
    await submitted(large, lifecycle, PRICE.large);
    // ... the medium one withdraws for good (not counted).
    await submitted(medium, lifecycle, PRICE.medium);
    expect((await withdrawBid(medium, lifecycle.id)).body.status).toBe('withdrawn');

    await closeBySql(lifecycle.id);
    await scoreAll(lifecycle, smallBid);
    await scoreAll(lifecycle, microBid);
    const award = await api.http
      .post(`${R}/${lifecycle.id}/award`)
      .set(bearer(buyerAdmin.token))
      .send({ bidIds: [smallBid], value: AWARD_VALUE, startDate: '2027-04-01', endDate: '2028-03-31' });
    expect(award.status).toBe(201);
    lifecycleContractId = award.body.id;

    // Nothing is published before the outbox is relayed; then once per event, however often relayed.
    expect(await storedCount()).toBe(0);
    await drainAll();

    const res = await api.http.get(`${O}/releases`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    validate('releasePackage', 'GET /releases', res.body);
    expect(res.body).toMatchObject({ version: '1.1', publisher: { name: `Open Procurement Marketplace ${tag}` }, uri: expect.stringMatching(/\/api\/v1\/ocds\/releases$/) });
    validateEach(res.body.releases);
    // The package declares the extensions whose fields it uses: parties' details.scale and bids.statistics.
    expect(res.body.extensions).toEqual(
      expect.arrayContaining([expect.stringMatching(/ocds_partyDetails_scale_extension\/.+\/extension\.json$/), expect.stringMatching(/ocds_bid_extension\/.+\/extension\.json$/)]),
    );

    const ocid = ocidOf(lifecycle.id);
    expect(ocid.startsWith(`${ctx.config.openData.ocidPrefix}-`)).toBe(true);
    const mine = releasesOf(res.body.releases, ocid);
    expect(res.body.releases).toHaveLength(3);
    expect(mine.map((r) => r.tag)).toEqual([['tender'], ['tenderAmendment'], ['award', 'contract']]);
    const [tender, amendment, awarded] = mine;

    // Before closing: no bids at all, the tender active until the closing time of that moment.
    for (const r of [tender, amendment]) {
      expect(r).not.toHaveProperty('bids');
      expect(r.tender).not.toHaveProperty('numberOfTenderers');
      expect(r).not.toHaveProperty('awards');
      expect(r.tender).toMatchObject({ id: lifecycle.id, status: 'active', procurementMethod: 'open', value: { amount: 120000, currency: 'GBP' } });
    }
    expect(tender.tender.tenderPeriod.endDate).toBe(originalClosesAt);
    expect(amendment.tender.tenderPeriod.endDate).toBe(amendedClosesAt);
    expect(amendment.tender.amendments).toEqual([expect.objectContaining({ id: amendment.id, releaseID: amendment.id })]);

    // The award: the small supplier, with the scale frozen at award; counts of submitted bids only.
    expect(awarded.tender.status).toBe('complete');
    expect(partyOf(awarded, small.orgId)).toMatchObject({ name: small.orgName, roles: ['supplier'], details: { scale: 'small' } });
    expect(awarded.parties.filter((p: Json) => p.roles.includes('supplier'))).toHaveLength(1);
    expect(awarded.parties.find((p: Json) => p.roles.includes('buyer'))).toMatchObject({ name: `Borough of ${tag}` });
    expect(awarded.awards).toEqual([
      expect.objectContaining({ id: lifecycleContractId, status: 'active', value: { amount: 90000, currency: 'GBP' }, suppliers: [{ id: `GB-OPM-${small.orgId}`, name: small.orgName }] }),
    ]);
    expect(awarded.contracts).toEqual([expect.objectContaining({ id: lifecycleContractId, awardID: lifecycleContractId, status: 'active' })]);
    expect({ bids: stat(awarded, 'bids'), smeBids: stat(awarded, 'smeBids'), micro: stat(awarded, 'microBids'), small: stat(awarded, 'smallBids'), medium: stat(awarded, 'mediumBids') }).toEqual({
      bids: 3,
      smeBids: 2,
      micro: 1,
      small: 1,
      medium: 0,
    });
    expect(awarded.tender.numberOfTenderers).toBe(3);

    // The record: valid, and its compiled release is the current state.
    const record = await api.http.get(`${O}/records/${ocid}`).expect(200);
    validate('recordPackage', ocid, record.body);
    expect(record.body.records).toHaveLength(1);
    const [rec] = record.body.records;
    expect(rec.ocid).toBe(ocid);
    expect(rec.releases.map((r: Json) => r.id)).toEqual(mine.map((r) => r.id));
    const compiled = rec.compiledRelease;
    validate('release', `${ocid} compiled`, compiled);
    expect(compiled).toMatchObject({ ocid, tag: ['compiled'], tender: { status: 'complete' } });
    expect(compiled.awards).toEqual([expect.objectContaining({ status: 'active', value: { amount: 90000, currency: 'GBP' } })]);
    const [winner] = compiled.awards[0].suppliers;
    expect(compiled.parties.find((p: Json) => p.id === winner.id)).toMatchObject({ roles: ['supplier'], details: { scale: 'small' } });
    expect(stat(compiled, 'bids')).toBe(3);
    process.stdout.write(
      `\nlifecycle ${ocid}: releases ${mine.map((r) => r.tag.join('+')).join(' → ')}; compiled award ${compiled.awards[0].status} ` +
        `${compiled.awards[0].value.currency} ${compiled.awards[0].value.amount} to ${winner.name} (scale ${compiled.parties.find((p: Json) => p.id === winner.id).details.scale}); ` +
        `bids ${stat(compiled, 'bids')}, SME bids ${stat(compiled, 'smeBids')}\n`,
    );

    // A release on its own is a valid package too.
    for (const r of mine) {
      const one = await api.http.get(`${O}/releases/${r.id}`).expect(200);
      validate('releasePackage', `GET /releases/${r.id}`, one.body);
      expect(one.body.releases).toEqual([r]);
    }
  });

  // ---------------------------------------------------------------- 2. other endings

  it('other endings: withdrawn, cancelled after closing, unsuccessful, a consortium award, a direct award and its cancellation — each a valid release of the right kind', async () => {
    withdrawn = await published();
    await submitted(micro, withdrawn, PRICE.other);
    expect((await api.http.post(`${R}/${withdrawn.id}/withdraw`).set(bearer(buyerAdmin.token)).send({ reason: 'The need has gone.' })).body.status).toBe('withdrawn');

    cancelled = await published();
    await submitted(small, cancelled, PRICE.other);
    await closeBySql(cancelled.id);
    expect((await api.http.post(`${R}/${cancelled.id}/cancel`).set(bearer(buyerAdmin.token)).send({ reason: 'The budget was withdrawn.' })).body.status).toBe('cancelled');

    unsuccessful = await published();
    await closeBySql(unsuccessful.id);
    expect((await api.http.post(`${R}/${unsuccessful.id}/mark-unsuccessful`).set(bearer(buyerAdmin.token)).send({ reason: 'No suitable bids.' })).body.status).toBe('unsuccessful');

    consortium = await published();
    expect((await assign(consortium.id, evaluator)).status).toBe(201);
    const largeBid = await submitted(large, consortium, PRICE.consortium);
    const undeclaredBid = await submitted(undeclared, consortium, PRICE.consortium2);
    await closeBySql(consortium.id);
    await scoreAll(consortium, largeBid);
    await scoreAll(consortium, undeclaredBid);
    const consortiumAward = await api.http.post(`${R}/${consortium.id}/award`).set(bearer(buyerAdmin.token)).send({ bidIds: [largeBid, undeclaredBid], value: '150000.00' });
    expect(consortiumAward.status).toBe(201);

    const offeringId = await api.factories.offering({ organisationId: medium.orgId, status: 'published', title: `Hosting for direct award ${tag}` });
    const shortlist = await api.http.post('/api/v1/shortlists').set(bearer(buyerUser.token)).send({ name: `Direct award ${tag}` });
    expect(shortlist.status).toBe(201);
    expect((await api.http.post(`/api/v1/shortlists/${shortlist.body.id}/items`).set(bearer(buyerUser.token)).send({ offeringId })).status).toBe(201);
    const direct = await api.http
      .post('/api/v1/direct-awards')
      .set(bearer(buyerUser.token))
      .send({ shortlistId: shortlist.body.id, outcome: 'awarded', offeringId, value: '24000.00', startDate: '2027-04-01', endDate: '2028-03-31' });
    expect(direct.status).toBe(201);
    directContractId = direct.body.contract.id;
    expect((await api.http.post(`/api/v1/contracts/${directContractId}/cancel`).set(bearer(buyerAdmin.token)).send({ reason: 'The contract was never signed.' })).status).toBe(200);

    await drainAll();
    const all = await allReleases();
    const pkg = await api.http.get(`${O}/releases`).query({ limit: 1000 }).expect(200);
    validate('releasePackage', 'GET /releases?limit=1000', pkg.body);
    validateEach(all);

    const tags = (processId: string) => releasesOf(all, ocidOf(processId)).map((r) => r.tag.join('+'));
    expect(tags(withdrawn.id)).toEqual(['tender', 'tenderCancellation']);
    expect(tags(cancelled.id)).toEqual(['tender', 'tenderCancellation']);
    expect(tags(unsuccessful.id)).toEqual(['tender', 'tenderUpdate']);
    expect(tags(consortium.id)).toEqual(['tender', 'award+contract']);
    expect(tags(directContractId)).toEqual(['award+contract', 'awardCancellation']);
    expect(all).toHaveLength(3 + 2 + 2 + 2 + 2 + 2);

    const last = (processId: string) => releasesOf(all, ocidOf(processId)).at(-1)!;
    // Withdrawn while live: its bids were never unsealed, so not even their number goes out.
    expect(last(withdrawn.id).tender.status).toBe('withdrawn');
    expect(last(withdrawn.id)).not.toHaveProperty('bids');
    expect(last(cancelled.id).tender.status).toBe('cancelled');
    expect({ bids: stat(last(cancelled.id), 'bids'), smeBids: stat(last(cancelled.id), 'smeBids') }).toEqual({ bids: 1, smeBids: 1 });
    expect(last(unsuccessful.id).tender.status).toBe('unsuccessful');
    expect(stat(last(unsuccessful.id), 'bids')).toBe(0);
    for (const id of [withdrawn.id, cancelled.id, unsuccessful.id]) {
      expect(last(id)).not.toHaveProperty('awards');
      expect(last(id)).not.toHaveProperty('contracts');
    }

    // The consortium: both suppliers, the large one with its scale, the undeclared one with none; counts split the same way.
    const k = last(consortium.id);
    expect(k.awards[0].suppliers.map((s: Json) => s.id).sort()).toEqual([`GB-OPM-${large.orgId}`, `GB-OPM-${undeclared.orgId}`].sort());
    expect(partyOf(k, large.orgId)).toMatchObject({ roles: ['supplier'], details: { scale: 'large' } });
    expect(partyOf(k, undeclared.orgId).roles).toEqual(['supplier']);
    expect(partyOf(k, undeclared.orgId)).not.toHaveProperty('details');
    expect({ bids: stat(k, 'bids'), smeBids: stat(k, 'smeBids') }).toEqual({ bids: 2, smeBids: 0 });

    // The direct award: its own process (ocid from the contract), no competition, then cancelled.
    const [directAward, directCancel] = releasesOf(all, ocidOf(directContractId));
    expect(directAward.tender).toMatchObject({ procurementMethod: 'direct', status: 'complete' });
    expect(directAward.tender).not.toHaveProperty('tenderPeriod');
    expect(directAward).not.toHaveProperty('bids');
    expect(partyOf(directAward, medium.orgId)).toMatchObject({ roles: ['supplier'], details: { scale: 'medium' } });
    expect(directAward.awards[0]).toMatchObject({ id: directContractId, status: 'active', value: { amount: 24000, currency: 'GBP' } });
    expect(directAward.contracts[0]).toMatchObject({ id: directContractId, status: 'active', period: { startDate: '2027-04-01T00:00:00Z', endDate: '2028-03-31T00:00:00Z' } });
    expect(directCancel.awards).toEqual([expect.objectContaining({ id: directContractId, status: 'cancelled' })]);
    expect(directCancel.contracts).toEqual([expect.objectContaining({ id: directContractId, status: 'cancelled' })]);
    expect(Date.parse(directCancel.date)).toBeGreaterThan(Date.parse(directAward.date));

    const record = await api.http.get(`${O}/records/${ocidOf(directContractId)}`).expect(200);
    validate('recordPackage', ocidOf(directContractId), record.body);
    expect(record.body.records[0].compiledRelease).toMatchObject({ awards: [{ status: 'cancelled' }], contracts: [{ status: 'cancelled' }] });
    // The first process is untouched by all this.
    expect(releasesOf(all, ocidOf(lifecycle.id)).map((r) => r.tag.join('+'))).toEqual(['tender', 'tenderAmendment', 'award+contract']);
  });

  // ---------------------------------------------------------------- 3. privacy

  it('privacy: no open-data output — any page, release, record, the bulk list or the bulk file — holds a draft, a bid\'s content or price, an evaluator\'s comment, a person\'s name or an e-mail address', async () => {
    const outputs: { what: string; text: string }[] = [];
    const total = await storedCount();
    const all = await allReleases();
    expect(all).toHaveLength(total);

    // Every page, following links.next with a small page size: each release exactly once, in order.
    const seen: string[] = [];
    let next: string | null = `${O}/releases?limit=4`;
    let pages = 0;
    while (next) {
      const page: Response = await api.http.get(next).expect(200);
      outputs.push({ what: `page ${pages}`, text: page.text });
      validate('releasePackage', `page ${pages}`, page.body);
      expect(page.body.releases.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.releases.map((r: Json) => r.id));
      next = page.body.links?.next ? localPath(page.body.links.next) : null;
      pages += 1;
      expect(pages).toBeLessThanOrEqual(total);
    }
    expect(pages).toBe(Math.ceil(total / 4));
    expect(seen).toEqual(all.map((r) => r.id));
    expect(new Set(seen).size).toBe(total);

    // With a date range the pages follow the releases' dates instead: each release once, in date order.
    const byDate: Json[] = [];
    let datedPages = 0;
    for (let url: string | null = `${O}/releases?from=2000-01-01T00:00:00Z&limit=3`; url; datedPages++) {
      const page: Response = await api.http.get(url).expect(200);
      outputs.push({ what: `dated page ${datedPages}`, text: page.text });
      validate('releasePackage', `dated page ${datedPages}`, page.body);
      byDate.push(...page.body.releases);
      url = page.body.links?.next ? localPath(page.body.links.next) : null;
    }
    expect(byDate.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
    expect(byDate.map((r) => Date.parse(r.date))).toEqual([...byDate.map((r) => Date.parse(r.date))].sort((a, b) => a - b));

    for (const r of all) outputs.push({ what: `release ${r.id}`, text: (await api.http.get(`${O}/releases/${r.id}`).expect(200)).text });
    for (const ocid of new Set(all.map((r) => r.ocid as string))) {
      outputs.push({ what: `record ${ocid}`, text: (await api.http.get(`${O}/records/${ocid}`).expect(200)).text });
    }

    // The bulk file: built as the worker does, listed, downloaded, gunzipped: every release, valid.
    const built = await api.app.get(BulkFilesService).build();
    expect(built.releases).toBe(total);
    const list = await api.http.get(`${O}/bulk`).expect(200);
    outputs.push({ what: 'bulk list', text: list.text });
    expect(list.body.items).toEqual([expect.objectContaining({ day: built.day, releases: total, sha256: built.sha256, url: expect.stringMatching(new RegExp(`/api/v1/ocds/bulk/${built.day}$`)) })]);
    const file = await api.http.get(`${O}/bulk/${built.day}`).buffer(true).parse(binary).expect(200);
    expect(file.headers['content-type']).toMatch(/^application\/gzip/);
    expect(file.body.length).toBe(built.bytes);
    const text = gunzipSync(file.body).toString('utf8');
    outputs.push({ what: 'bulk file', text });
    const bulk = JSON.parse(text);
    validate('releasePackage', `bulk file ${built.day}`, bulk);
    expect(bulk.releases.map((r: Json) => r.id)).toEqual(all.map((r) => r.id));
    expect(bulk.releases).toEqual(all);

    // The secrets are real: the buyer's own team reads them through the API (so a leak would show below).
    const lead = (await api.http.get(`${R}/${lifecycle.id}/bids`).set(bearer(buyerAdmin.token)).expect(200)).text;
    expect(lead).toContain(PRICE.small);
    expect(BID_MARKERS.some((m) => lead.includes(m))).toBe(true);
    expect((await api.http.get(`${R}/${lifecycle.id}/evaluation`).set(bearer(evaluator.token)).expect(200)).text).toContain(EVAL_COMMENT);
    expect((await api.http.get(`${R}/${draftId}`).set(bearer(buyerAdmin.token)).expect(200)).text).toContain(DRAFT_MARKER);

    // The scan, over the raw text of every output.
    expect(datedPages).toBe(Math.ceil(total / 3));
    expect(outputs.length).toBe(pages + datedPages + total + new Set(all.map((r) => r.ocid)).size + 2);
    const forbidden = [
      DRAFT_MARKER,
      draftId,
      ...BID_MARKERS,
      ...Object.values(PRICE),
      'EVAL-COMMENT',
      EVAL_COMMENT,
      PERSON,
      ...emails,
    ];
    expect(BID_MARKERS.length).toBeGreaterThanOrEqual(9);
    expect(emails.length).toBe(8);
    const leaks = outputs.flatMap(({ what, text }) => forbidden.filter((s) => text.toLowerCase().includes(s.toLowerCase())).map((s) => `${what}: ${s}`));
    expect(leaks).toEqual([]);
    const addresses = outputs.flatMap(({ what, text }) => (text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []).map((a) => `${what}: ${a}`));
    expect(addresses).toEqual([]);
    // And the draft has no record at all.
    expectProblem(await api.http.get(`${O}/records/${ocidOf(draftId)}`), 404, 'OPEN_DATA.RECORD_NOT_FOUND');
  });

  // ---------------------------------------------------------------- 4. HTTP

  it('HTTP: ETag and 304 with an empty body, public Cache-Control, date-range filter, 400 problem+json naming the field, 404 for unknown ids, and the routes in the OpenAPI document', async () => {
    const ocid = ocidOf(lifecycle.id);
    const day = (await api.http.get(`${O}/bulk`).expect(200)).body.items[0].day;
    for (const url of [`${O}/releases?limit=2`, `${O}/releases`, `${O}/releases/${(await allReleases())[0].id}`, `${O}/records/${ocid}`, `${O}/bulk`, `${O}/bulk/${day}`]) {
      const first = await api.http.get(url).buffer(true).parse(binary).expect(200);
      const etag = first.headers.etag;
      expect({ url, etag }).toEqual({ url, etag: expect.stringMatching(/^"[^"]+"$/) });
      expect({ url, cache: first.headers['cache-control'] }).toEqual({ url, cache: expect.stringMatching(/^public\b.*max-age=\d+/) });
      const again = await api.http.get(url).set('If-None-Match', etag).buffer(true).parse(binary);
      expect({ url, status: again.status, etag: again.headers.etag, bytes: again.body.length }).toEqual({ url, status: 304, etag, bytes: 0 });
      // Another tag (or a weak form of this one) is no match / a match.
      expect((await api.http.get(url).set('If-None-Match', '"something-else"')).status).toBe(200);
      expect((await api.http.get(url).set('If-None-Match', `"x", W/${etag}`)).status).toBe(304);
    }

    // The date range: [from, to).
    const mine = releasesOf(await allReleases(), ocid);
    const ranged = await api.http.get(`${O}/releases`).query({ from: mine[1].date, to: mine[2].date }).expect(200);
    expect(ranged.body.releases.map((r: Json) => r.id)).toContain(mine[1].id);
    expect(ranged.body.releases.map((r: Json) => r.id)).not.toContain(mine[0].id);
    expect(ranged.body.releases.map((r: Json) => r.id)).not.toContain(mine[2].id);
    validate('releasePackage', 'GET /releases?from&to', ranged.body);
    const empty = await api.http.get(`${O}/releases`).query({ from: '2000-01-01', to: '2000-01-02' }).expect(200);
    // Not validated: the OCDS release package schema wants at least one release (minItems 1), which an empty range cannot give.
    expect(empty.body.releases).toEqual([]);

    // Bad queries: 400 problem+json naming the field.
    const bad = (q: Record<string, string>) => api.http.get(`${O}/releases`).query(q);
    expectProblem(await bad({ from: 'yesterday' }), 400, undefined, ['from']);
    // ISO 8601 forms JavaScript and PostgreSQL do not read alike: week, ordinal and basic dates, an hour alone.
    for (const from of ['2026-W01', '2026-032', '20260401', '20260401T100000Z', '2026-04-01T10', '2026-02-30']) expectProblem(await bad({ from }), 400, undefined, ['from']);
    expectProblem(await bad({ to: '20260401' }), 400, undefined, ['to']);
    expectProblem(await bad({ to: '2026-02-30' }), 400, undefined, ['to']);
    expectProblem(await bad({ limit: '0' }), 400, undefined, ['limit']);
    expectProblem(await bad({ limit: '1001' }), 400, undefined, ['limit']);
    expectProblem(await bad({ limit: 'ten' }), 400, undefined, ['limit']);
    expectProblem(await bad({ cursor: 'garbage' }), 400, undefined, ['cursor']);
    // A cursor of the right shape whose position is out of range is refused the same way, not a 500.
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    expectProblem(await bad({ from: '2026-01-01', cursor: cursor('d2026-01-01T00:00:00.000Z|9999999999999999999') }), 400, undefined, ['cursor']);
    expectProblem(await bad({ from: '2026-01-01', cursor: cursor('d-271821-04-20T00:00:00.000Z|1') }), 400, undefined, ['cursor']);
    expectProblem(await bad({ cursor: cursor('s9999999999999999999') }), 400, undefined, ['cursor']);
    // A cursor of one order used with the other (a publication-order cursor with a date range) is refused, not misread.
    expectProblem(await bad({ from: '2026-01-01', cursor: cursor('s12') }), 400, undefined, ['cursor']);
    expectProblem(await bad({ from: '2026-06-01T00:00:00Z', to: '2026-05-01T00:00:00Z' }), 400, undefined, ['to']);
    expectProblem(await bad({ from: '2026-06-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }), 400, undefined, ['to']);
    expectProblem(await api.http.get(`${O}/bulk/2026-13-45`), 400, undefined, ['day']);
    expectProblem(await api.http.get(`${O}/bulk/2026-02-30`), 400, undefined, ['day']);
    expectProblem(await api.http.get(`${O}/bulk/yesterday`), 400, undefined, ['day']);

    // Unknown things: 404 problem+json.
    expectProblem(await api.http.get(`${O}/releases/no-such-release`), 404, 'OPEN_DATA.RELEASE_NOT_FOUND');
    expectProblem(await api.http.get(`${O}/records/${OCID_PREFIX}-no-such-process`), 404, 'OPEN_DATA.RECORD_NOT_FOUND');
    expectProblem(await api.http.get(`${O}/bulk/2000-01-01`), 404, 'OPEN_DATA.BULK_FILE_NOT_FOUND');

    // The OpenAPI document lists the five routes, as GET.
    const doc = await api.http.get('/api/docs/openapi.json').expect(200);
    for (const route of ['/api/v1/ocds/releases', '/api/v1/ocds/releases/{releaseId}', '/api/v1/ocds/records/{ocid}', '/api/v1/ocds/bulk', '/api/v1/ocds/bulk/{day}']) {
      expect({ route, get: Boolean(doc.body.paths[route]?.get) }).toEqual({ route, get: true });
    }
    expect(doc.body.paths['/api/v1/ocds/releases'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'limit', 'cursor']));
  });

  // ---------------------------------------------------------------- 5. validation

  it('every release, release package, record package and compiled release served above validates against the OCDS 1.1.5 schemas and codelists with zero errors', () => {
    expect(validations.length).toBeGreaterThan(25);
    // Each distinct error once (array indexes folded), with how often and where it was first seen.
    const distinct = new Map<string, { count: number; first: string }>();
    for (const { what, errors } of validations) {
      for (const e of errors) {
        const key = e.replace(/\/\d+(?=\/|:)/g, '/*');
        const d = distinct.get(key) ?? { count: 0, first: what };
        d.count += 1;
        distinct.set(key, d);
      }
    }
    expect([...distinct].map(([error, d]) => `${error} (${d.count}×, first in ${d.first})`)).toEqual([]);
  });
});

/** Collects a response body as raw bytes (supertest otherwise leaves a gzip body unread). */
function binary(res: Stream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
  res.on('error', (e: Error) => done(e, Buffer.alloc(0)));
}
