import { randomUUID } from 'node:crypto';
import { TestContext, WebTestApp, createTestContext, createWebTestApp } from '@app/testing';
import { WebClient } from './web-client';

/** The public contract page says when a contract was cancelled, and why, escaped. */
describe('contract pages (e2e)', () => {
  let ctx: TestContext;
  let web: WebTestApp;

  beforeAll(async () => {
    ctx = await createTestContext();
    web = await createWebTestApp(ctx);
  });

  afterAll(async () => {
    await web?.close();
    await ctx?.cleanup();
  });

  it('shows a cancelled contract as cancelled, with its reason', async () => {
    const buyer = await web.factories.member('buyer', 'buyer_admin');
    const supplier = await web.factories.supplier({ band: 'micro' });
    const id = randomUUID();
    await web.dataSource.query(
      `INSERT INTO tendering.contract (id, organisation_id, source, title, value, currency, awarded_on, awarded_by, status, cancelled_at, cancelled_by, cancellation_reason)
       VALUES ($1, $2, 'direct', 'Hosting for the <b>archive</b>', 1000, 'GBP', '2026-01-10', $3, 'cancelled', '2026-02-01T10:00:00Z', $3, 'Set aside on review <script>.')`,
      [id, buyer.organisation.id, buyer.user.id],
    );
    await web.dataSource.query(`INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band) VALUES ($1, $2, 'Micro Ltd', 'micro')`, [
      id,
      supplier.organisation.id,
    ]);
    const page = await new WebClient(web.baseUrl).get(`/contracts/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('This contract was cancelled on 1 February 2026: Set aside on review &lt;script&gt;. It no longer counts in the SME figures.');
    expect(page.text).toContain('Hosting for the &lt;b&gt;archive&lt;/b&gt;');
    expect(page.text).not.toContain('Record as cancelled');
    // A direct award is its own contracting process: the page links to its OCDS record on the public API.
    expect(page.text).toContain(`href="${ctx.config.openData.publicApiUrl}/api/v1/ocds/records/${ctx.config.openData.ocidPrefix}-${id}"`);
  });

  it("lets the buying organisation's admin record a cancellation — nobody else — naming a missing reason", async () => {
    const buyer = await web.factories.member('buyer', 'buyer_admin');
    const colleague = await web.factories.user({ organisationId: buyer.organisation.id, roles: ['buyer_user'] });
    const supplier = await web.factories.supplier({ band: 'small' });
    const id = randomUUID();
    await web.dataSource.query(
      `INSERT INTO tendering.contract (id, organisation_id, source, title, value, currency, awarded_on, awarded_by) VALUES ($1, $2, 'direct', 'Cloud hosting', 5000, 'GBP', '2026-03-01', $3)`,
      [id, buyer.organisation.id, buyer.user.id],
    );
    await web.dataSource.query(`INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band) VALUES ($1, $2, 'Small Ltd', 'small')`, [id, supplier.organisation.id]);
    const other = new WebClient(web.baseUrl);
    await other.signIn(colleague.email, colleague.password);
    expect((await other.get(`/contracts/${id}`)).text).not.toContain('Record as cancelled');
    expect((await other.post(`/contracts/${id}/cancel`, { reason: 'Not mine to cancel.' }, { csrfFrom: `/contracts/${id}` })).status).toBe(403);

    const admin = new WebClient(web.baseUrl);
    await admin.signIn(buyer.user.email, buyer.user.password);
    expect((await admin.get(`/contracts/${id}`)).text).toContain('Record as cancelled');
    const blank = await admin.post(`/contracts/${id}/cancel`, { reason: '' }, { csrfFrom: `/contracts/${id}` });
    expect(blank.status).toBe(400);
    expect(blank.text).toMatch(/<a href="#reason">\s*Enter the reason/);
    expect((await web.dataSource.query(`SELECT status FROM tendering.contract WHERE id = $1`, [id]))[0].status).toBe('active');
    const done = await admin.post(`/contracts/${id}/cancel`, { reason: 'Set aside on review.' }, { csrfFrom: `/contracts/${id}` });
    expect(done.status).toBe(303);
    expect((await admin.get(`/contracts/${id}`)).text).toContain('This contract was cancelled on');
    const [row] = await web.dataSource.query(
      `SELECT status, (SELECT count(*)::int FROM queue.outbox_event WHERE job_name = 'reporting.refresh-contract' AND payload->>'contractId' = $1::uuid::text) AS events,
              (SELECT count(*)::int FROM queue.outbox_event WHERE job_name = 'open-data.publish-release' AND payload->>'contractId' = $1::uuid::text
                  AND payload->>'event' = 'awardCancellation') AS releases
         FROM tendering.contract WHERE id = $1::uuid`,
      [id],
    );
    expect(row).toEqual({ status: 'cancelled', events: 1, releases: 1 });
  });
});
