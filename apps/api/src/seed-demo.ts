import { INestApplicationContext } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { OrganisationKind, PasswordHasher, Role, VerificationStatus } from '@app/identity';
import { FrameworksService } from '@app/catalogue';
import { PublicationsService } from '@app/open-data';
import { OutboxService } from '@app/queue';
import { newId } from '@app/shared';
import { SizeDeclarationsService } from '@app/suppliers';

export const DEMO_PASSWORD = 'demo-marketplace-2026';

interface DemoOrg {
  kind: OrganisationKind;
  name: string;
  status: VerificationStatus;
  /** The size band of a demo supplier: its declared figures derive exactly this band. */
  sizeBand?: 'micro' | 'small' | 'medium' | 'large';
  users: { email: string; fullName: string; roles: Role[] }[];
}

export const DEMO_ORGANISATIONS: DemoOrg[] = [
  {
    kind: 'platform',
    name: 'Marketplace Operations',
    status: 'verified',
    users: [
      { email: 'admin@marketplace.example', fullName: 'Pat Platform', roles: ['platform_admin'] },
      { email: 'analyst@marketplace.example', fullName: 'Ana Lytics', roles: ['analyst'] },
    ],
  },
  {
    kind: 'buyer',
    name: 'Cabinet Office Digital',
    status: 'verified',
    users: [
      { email: 'buyer.admin@digital.cabinetoffice.gov.uk', fullName: 'Bea Buyer', roles: ['buyer_admin'] },
      { email: 'buyer.user@digital.cabinetoffice.gov.uk', fullName: 'Bo Purchaser', roles: ['buyer_user'] },
      { email: 'evaluator@digital.cabinetoffice.gov.uk', fullName: 'Eve Evaluator', roles: ['evaluator'] },
      { email: 'analyst@digital.cabinetoffice.gov.uk', fullName: 'Andy Numbers', roles: ['analyst'] },
    ],
  },
  {
    kind: 'buyer',
    name: 'Leeds City Council',
    status: 'verified',
    users: [{ email: 'procurement@leeds.gov.uk', fullName: 'Lee Procure', roles: ['buyer_admin'] }],
  },
  {
    kind: 'buyer',
    name: 'Northfield Community Trust',
    status: 'pending',
    users: [{ email: 'office@northfield-trust.example', fullName: 'Nell North', roles: ['buyer_admin'] }],
  },
  {
    kind: 'supplier',
    name: 'Tiny Pixel Studio',
    status: 'verified',
    sizeBand: 'micro',
    users: [{ email: 'hello@tinypixel.example', fullName: 'Tia Pixel', roles: ['supplier_admin'] }],
  },
  {
    kind: 'supplier',
    name: 'Brightwave Digital Ltd',
    status: 'verified',
    sizeBand: 'small',
    users: [
      { email: 'admin@brightwave.example', fullName: 'Bri Wave', roles: ['supplier_admin'] },
      { email: 'bids@brightwave.example', fullName: 'Bill Bidder', roles: ['supplier_user'] },
    ],
  },
  {
    kind: 'supplier',
    name: 'Meridian Data Services Ltd',
    status: 'verified',
    sizeBand: 'medium',
    users: [{ email: 'admin@meridian-data.example', fullName: 'Mer Idian', roles: ['supplier_admin'] }],
  },
  {
    kind: 'supplier',
    name: 'Globex Consulting plc',
    status: 'verified',
    sizeBand: 'large',
    users: [{ email: 'tenders@globex.example', fullName: 'Gloria Bex', roles: ['supplier_admin'] }],
  },
  {
    kind: 'supplier',
    name: 'Newco Cloud Ltd',
    status: 'pending',
    sizeBand: 'micro',
    users: [{ email: 'founder@newco-cloud.example', fullName: 'Nico New', roles: ['supplier_admin'] }],
  },
];

/** Loads the demo organisations and users; running it twice changes nothing. */
export async function seedDemo(app: INestApplicationContext, out: (line: string) => void): Promise<void> {
  const ds = app.get(DataSource);
  const hash = await app.get(PasswordHasher).hash(DEMO_PASSWORD);
  const audit = app.get(AuditLogService);
  let created = 0;
  await ds.transaction(async (m) => {
    for (const org of DEMO_ORGANISATIONS) {
      const [existing] = await m.query(`SELECT id FROM identity.organisation WHERE name = $1 AND kind = $2`, [org.name, org.kind]);
      const orgId: string = existing?.id ?? newId();
      if (!existing) {
        await m.query(
          `INSERT INTO identity.organisation (id, kind, name, verification_status, verification_decided_at)
           VALUES ($1, $2, $3, $4::varchar, CASE WHEN $4::varchar = 'verified' THEN now() END)`,
          [orgId, org.kind, org.name, org.status],
        );
        created++;
      }
      for (const u of org.users) {
        const inserted = await m.query(
          `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING id`,
          [newId(), orgId, u.email, u.fullName, hash, u.roles],
        );
        created += inserted.length;
      }
    }
    created += await seedSuppliers(app, m);
    created += await seedTendering(m);
    if (created) {
      await audit.append({ action: 'platform.demo-data.loaded', subjectType: 'platform', data: { rowsCreated: created } }, {}, m);
    }
  });
  out(created ? `demo data loaded (${created} row(s) created)` : 'demo data already present');
  // The demo processes were written directly, not through the services' outbox events: publish their OCDS releases.
  const { published } = await app.get(PublicationsService).backfill();
  if (published) out(`${published} OCDS release(s) published`);
  out('');
  out(`Demo accounts (password for all: ${DEMO_PASSWORD})`);
  const rows = DEMO_ORGANISATIONS.flatMap((o) =>
    o.users.map((u) => [u.roles.join(','), u.email, `${o.name} (${o.kind}${o.sizeBand ? ', ' + o.sizeBand : ''}, ${o.status})`]),
  );
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const r of rows) out(`  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
}

/** Staff, turnover and balance sheet (GBP) for each demo band. */
const DEMO_FIGURES = {
  micro: [4, '350000.00', '120000.00'],
  small: [23, '3800000.00', '2100000.00'],
  medium: [140, '28000000.00', '19000000.00'],
  large: [2400, '410000000.00', '300000000.00'],
} as const;

/** Catalogue offerings of the demo suppliers: [lot slug, category name, title, summary, price min, price max, unit, interval]. */
const DEMO_OFFERINGS: Record<string, [string, string, string, string, string, string | null, string, string | null][]> = {
  'Tiny Pixel Studio': [
    ['cloud-support', 'Training', 'Accessibility training for content teams', 'Half-day workshops on writing accessible content for GOV.UK-style services.', '650', '1200', 'per day', null],
    ['cloud-software', 'Creative, design and publishing', 'Pattern library hosting', 'A hosted design system and pattern library for councils, kept in step with GOV.UK Frontend.', '90', null, 'per instance', 'per month'],
  ],
  'Brightwave Digital Ltd': [
    ['cloud-software', 'Collaborative working', 'Case management for housing teams', 'Cloud case management for housing repairs, with tenant self-service and SMS updates.', '12', '18', 'per user', 'per month'],
    ['cloud-support', 'Setup and migration', 'Migration from legacy housing systems', 'We move housing data from on-premises systems to the cloud with no downtime.', '750', '950', 'per day', null],
  ],
  'Meridian Data Services Ltd': [
    ['cloud-hosting', 'Data warehousing', 'Managed PostgreSQL data warehouse', 'Highly available PostgreSQL in UK data centres with point-in-time recovery and monitoring.', '400', '2500', 'per instance', 'per month'],
    ['cloud-software', 'Analytics and business intelligence', 'Open data dashboards', 'Publish open data dashboards with accessible charts and CSV downloads.', '300', null, 'per licence', 'per year'],
  ],
  'Globex Consulting plc': [
    ['cloud-hosting', 'Compute and application hosting', 'Enterprise cloud hosting', 'Secure cloud hosting for large public sector workloads with 24/7 support.', '5000', '40000', 'per instance', 'per month'],
    ['cloud-support', 'Ongoing support', 'Managed service desk', 'A 24/7 managed service desk for cloud applications and infrastructure.', '15000', null, 'per unit', 'per month'],
  ],
};

/**
 * Profiles and size declarations for the demo suppliers (their figures
 * derive their band under the deployment's definition), and a few published
 * catalogue offerings each. Idempotent: skips what exists.
 */
async function seedSuppliers(app: INestApplicationContext, m: EntityManager): Promise<number> {
  const declarations = app.get(SizeDeclarationsService);
  const tree = await app.get(FrameworksService).tree();
  const lots = new Map(tree.flatMap((f) => f.lots.map((l) => [l.slug, l] as const)));
  let created = 0;
  for (const org of DEMO_ORGANISATIONS.filter((o) => o.kind === 'supplier' && o.sizeBand)) {
    const [{ id: orgId }] = await m.query(`SELECT id FROM identity.organisation WHERE name = $1 AND kind = 'supplier'`, [org.name]);
    const [{ id: adminId }] = await m.query(`SELECT id FROM identity.user_account WHERE email = $1`, [org.users[0].email]);
    const slug = org.name.toLowerCase().replace(/[^a-z]+/g, '');
    const profile = await m.query(
      `INSERT INTO suppliers.supplier_profile (organisation_id, legal_name, trading_name, companies_house_number, address_line1, town, postcode,
          contact_name, contact_email, website, description, startup, updated_by)
       VALUES ($1, $2, $3, $4, '1 Demo Street', 'Leeds', 'LS1 1AA', $5, $6, $7, $8, $9, $10)
       ON CONFLICT (organisation_id) DO NOTHING RETURNING organisation_id`,
      [orgId, org.name, org.name.replace(/ (Ltd|plc)$/, ''), String(10_000_000 + created * 7919 + org.name.length).slice(0, 8), org.users[0].fullName,
        org.users[0].email, `https://${slug}.example`, `${org.name} is a demo supplier.`, org.sizeBand === 'micro', adminId],
    );
    created += profile.length;
    const [current] = await m.query(`SELECT 1 FROM suppliers.size_declaration WHERE organisation_id = $1`, [orgId]);
    if (!current) {
      const [headcount, turnover, balance] = DEMO_FIGURES[org.sizeBand!];
      const input = { headcount, turnover: { amount: turnover, currency: 'GBP' }, balanceSheet: { amount: balance, currency: 'GBP' }, figuresDate: '2026-03-31' };
      const a = declarations.assess(input);
      await m.query(
        `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
            balance_sheet_currency, figures_date, stated_band, derived_band, definition, band_mismatch, evidence, declared_by)
         VALUES ($1, $2, $3, $4, 'GBP', $5, 'GBP', $6, $7, $7, $8, false, 'Demo figures', $9)`,
        [newId(), orgId, headcount, turnover, balance, input.figuresDate, a.derivedBand, a.definition.id, adminId],
      );
      created++;
    }
    if (org.status !== 'verified') continue;
    const [{ band }] = await m.query(`SELECT derived_band AS band FROM suppliers.size_declaration WHERE organisation_id = $1 AND valid_to IS NULL`, [orgId]);
    for (const [lotSlug, category, title, summary, min, max, unit, interval] of DEMO_OFFERINGS[org.name] ?? []) {
      const [exists] = await m.query(`SELECT 1 FROM catalogue.offering WHERE organisation_id = $1 AND title = $2`, [orgId, title]);
      if (exists) continue;
      const lot = lots.get(lotSlug)!;
      const categoryIds = lot.categories.filter((c) => c.name === category).map((c) => c.id);
      const id = newId();
      await m.query(
        `INSERT INTO catalogue.offering (id, organisation_id, lot_id, status, title, summary, description, features, benefits, category_ids,
            price_min, price_max, price_unit, price_interval, currency, supplier_name, supplier_band, created_by, published_at)
         VALUES ($1, $2, $3, 'published', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'GBP', $14, $15, $16, now())`,
        [id, orgId, lot.id, title, summary, `${summary} Provided by ${org.name}.`, ['UK data centres', 'Accessible to WCAG 2.2 AA'],
          ['Fast to start', 'Fixed prices'], categoryIds, min, max, unit, interval, org.name.replace(/ (Ltd|plc)$/, ''), band, adminId],
      );
      await m.query(
        `INSERT INTO catalogue.offering_version (offering_id, version, content, created_by) VALUES ($1, 1, $2, $3)`,
        [id, { lotId: lot.id, categoryIds, title, summary, price: { min, max, unit, interval, currency: 'GBP' } }, adminId],
      );
      created++;
    }
  }
  return created;
}

/** Demo requirements of Cabinet Office Digital: [title, summary, state]. */
const DEMO_REQUIREMENTS: { title: string; summary: string; state: 'draft' | 'live' | 'awarded'; bidders: string[]; winner?: string }[] = [
  {
    title: 'Discovery for a citizen appointment booking service',
    summary: 'A discovery to understand how people book appointments with government and what a shared booking service should do.',
    state: 'live',
    bidders: ['Brightwave Digital Ltd'],
  },
  {
    title: 'Accessibility audit of online forms',
    summary: 'An audit of 40 online forms against WCAG 2.2 AA, with fixes prioritised by how many people each issue affects.',
    state: 'awarded',
    bidders: ['Tiny Pixel Studio', 'Globex Consulting plc'],
    winner: 'Tiny Pixel Studio',
  },
  {
    title: 'Data platform alpha',
    summary: 'An alpha of a shared data platform for performance reporting across departments.',
    state: 'draft',
    bidders: [],
  },
];

/**
 * Tendering demo data: a live requirement with a published answer and a bid,
 * an awarded one with its contract (the winner's band at award), a draft; and
 * Brightwave following the digital-outcomes lot for immediate alerts. Written
 * directly (receipts through the same trigger as the API). Idempotent.
 */
async function seedTendering(m: EntityManager): Promise<number> {
  const [buyer] = await m.query(`SELECT id FROM identity.organisation WHERE name = 'Cabinet Office Digital' AND kind = 'buyer'`);
  const users: { id: string; roles: string[] }[] = await m.query(`SELECT id, roles FROM identity.user_account WHERE organisation_id = $1`, [buyer.id]);
  const lead = users.find((u) => u.roles.includes('buyer_admin'))!.id;
  const evaluator = users.find((u) => u.roles.includes('evaluator'))!.id;
  const [lot] = await m.query(`SELECT id FROM catalogue.lot WHERE slug = 'digital-outcomes'`);
  const orgId = async (name: string) => (await m.query(`SELECT id FROM identity.organisation WHERE name = $1`, [name]))[0].id as string;
  let created = 0;
  for (const r of DEMO_REQUIREMENTS) {
    const [exists] = await m.query(`SELECT 1 FROM tendering.requirement WHERE organisation_id = $1 AND title = $2`, [buyer.id, r.title]);
    if (exists) continue;
    const id = newId();
    await m.query(
      `INSERT INTO tendering.requirement (id, organisation_id, status, title, summary, problem_statement, description, lot_id, location, budget_min, budget_max,
          contract_length_months, technical_weight, price_weight, questions_close_at, closes_at, published_at, created_by)
       VALUES ($1, $2, $3::varchar, $4, $5, 'People and departments need a better way to do this.', $5, $6, 'London', 40000, 90000, 6, 70, 30,
               now() + interval '7 days', now() + interval '14 days', CASE WHEN $3::varchar <> 'draft' THEN now() END, $7)`,
      [id, buyer.id, r.state === 'draft' ? 'draft' : 'published', r.title, r.summary, lot.id, lead],
    );
    const criteria: { id: string }[] = await m.query(
      `INSERT INTO tendering.criterion (id, requirement_id, kind, position, text) VALUES
         (gen_random_uuid(), $1, 'essential', 1, 'Experience of user research with people who have access needs'),
         (gen_random_uuid(), $1, 'essential', 2, 'Have delivered a GOV.UK Service Standard assessment'),
         (gen_random_uuid(), $1, 'nice', 1, 'Experience in local government') RETURNING id`,
      [id],
    );
    await m.query(`INSERT INTO tendering.assignment (requirement_id, user_id, role, assigned_by) VALUES ($1, $2, 'lead', $2), ($1, $3, 'evaluator', $2)`, [id, lead, evaluator]);
    const bids: { bidId: string; orgId: string; name: string }[] = [];
    for (const [i, name] of r.bidders.entries()) {
      const supplierId = await orgId(name);
      const bidId = newId();
      const answers = Object.fromEntries(criteria.map((c) => [c.id, `${name}: our team has done this for three departments.`]));
      await m.query(`INSERT INTO tendering.bid (id, requirement_id, organisation_id, answers, price, created_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`, [
        bidId, id, supplierId, JSON.stringify(answers), 60000 + i * 15000, lead,
      ]);
      const [band] = await m.query(`SELECT derived_band AS band FROM suppliers.size_declaration WHERE organisation_id = $1 AND valid_to IS NULL`, [supplierId]);
      const submissionId = newId();
      await m.query(`INSERT INTO tendering.bid_submission (id, bid_id, requirement_id, digest, size_band, submitted_by) VALUES ($1, $2, $3, encode(sha256(convert_to($4, 'UTF8')), 'hex'), $5, $6)`, [
        submissionId, bidId, id, JSON.stringify(answers), band?.band ?? 'unknown', lead,
      ]);
      await m.query(`UPDATE tendering.bid SET status = 'submitted', submission_id = $2, size_band = $3 WHERE id = $1`, [bidId, submissionId, band?.band ?? 'unknown']);
      bids.push({ bidId, orgId: supplierId, name });
    }
    if (r.state === 'live') {
      const asker = await orgId('Brightwave Digital Ltd');
      await m.query(
        `INSERT INTO tendering.question (id, requirement_id, organisation_id, asked_by, text, answer, answered_by, published_at)
         VALUES ($1, $2, $3, $4, 'Is there an incumbent supplier?', 'No: this is a new service.', $4, now())`,
        [newId(), id, asker, lead],
      );
    }
    if (r.state === 'awarded') {
      for (const b of bids) {
        await m.query(
          `INSERT INTO tendering.score (bid_id, evaluator_id, criterion_id, score, comment) SELECT $1, $2, c.id, $3, 'Clear evidence.' FROM tendering.criterion c WHERE c.requirement_id = $4`,
          [b.bidId, evaluator, b.name === r.winner ? 85 : 60, id],
        );
      }
      // Published six weeks ago, closed three weeks ago (closing moves questions first: the deadlines stay in order).
      await m.query(
        `UPDATE tendering.requirement SET published_at = now() - interval '42 days', questions_close_at = now() - interval '28 days', closes_at = now() - interval '21 days',
            closed_at = now() - interval '21 days', status = 'awarded', outcome_at = now() - interval '14 days' WHERE id = $1`,
        [id],
      );
      const winner = bids.find((b) => b.name === r.winner)!;
      const contractId = newId();
      await m.query(
        `INSERT INTO tendering.contract (id, organisation_id, source, requirement_id, title, value, currency, start_date, end_date, awarded_on, awarded_by, created_at)
         VALUES ($1, $2, 'tender', $3, $4, 60000, 'GBP', current_date, current_date + 180,
                 ((now() - interval '14 days') AT TIME ZONE 'Europe/London')::date, $5, now() - interval '14 days')`,
        [contractId, buyer.id, id, r.title, lead],
      );
      const [band] = await m.query(`SELECT derived_band AS band FROM suppliers.size_declaration WHERE organisation_id = $1 AND valid_to IS NULL`, [winner.orgId]);
      await m.query(`INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band, bid_id, value) VALUES ($1, $2, $3, $4, $5, 60000)`, [
        contractId, winner.orgId, winner.name, band?.band ?? 'unknown', winner.bidId,
      ]);
      // As an award through the API would: the worker brings the contract into SME reporting.
      await new OutboxService().add(m, 'reporting.refresh-contract', { v: 1, contractId });
    }
    created++;
  }
  const brightwave = await orgId('Brightwave Digital Ltd');
  const pref = await m.query(
    `INSERT INTO notifications.alert_preference (organisation_id, frequency, lot_ids, updated_by) VALUES ($1, 'immediate', ARRAY[$2::uuid], $3) ON CONFLICT DO NOTHING RETURNING organisation_id`,
    [brightwave, lot.id, lead],
  );
  return created + pref.length;
}
