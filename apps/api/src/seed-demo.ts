import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { OrganisationKind, PasswordHasher, Role, VerificationStatus } from '@app/identity';
import { newId } from '@app/shared';

export const DEMO_PASSWORD = 'demo-marketplace-2026';

interface DemoOrg {
  kind: OrganisationKind;
  name: string;
  status: VerificationStatus;
  /** The intended size band of a demo supplier (declared once the supplier registry lands). */
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
    if (created) {
      await audit.append({ action: 'platform.demo-data.loaded', subjectType: 'platform', data: { rowsCreated: created } }, {}, m);
    }
  });
  out(created ? `demo data loaded (${created} row(s) created)` : 'demo data already present');
  out('');
  out(`Demo accounts (password for all: ${DEMO_PASSWORD})`);
  const rows = DEMO_ORGANISATIONS.flatMap((o) =>
    o.users.map((u) => [u.roles.join(','), u.email, `${o.name} (${o.kind}${o.sizeBand ? ', ' + o.sizeBand : ''}, ${o.status})`]),
  );
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const r of rows) out(`  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
}
