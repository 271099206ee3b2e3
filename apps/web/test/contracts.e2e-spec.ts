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
  });
});
