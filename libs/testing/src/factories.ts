import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { ADMIN_ROLE_BY_KIND, OrganisationKind, Role, VerificationStatus } from '@app/identity';
import { newId } from '@app/shared';
import { TEST_PASSWORD } from './test-context';

let hashOfTestPassword: Promise<string> | undefined;

/** argon2id hash of TEST_PASSWORD at the minimum allowed cost, computed once per test file. */
export function testPasswordHash(): Promise<string> {
  hashOfTestPassword ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 });
  return hashOfTestPassword;
}

export interface OrganisationSpec {
  kind?: OrganisationKind;
  name?: string;
  status?: VerificationStatus;
}

export interface UserSpec {
  organisationId: string;
  roles?: Role[];
  email?: string;
  fullName?: string;
  status?: 'active' | 'disabled';
}

export interface TestOrganisation {
  id: string;
  kind: OrganisationKind;
  name: string;
}

export interface TestUser {
  id: string;
  organisationId: string;
  email: string;
  password: string;
  roles: Role[];
}

export type SizeBandSpec = 'micro' | 'small' | 'medium' | 'large';
/** Headcount, turnover and balance sheet (EUR) squarely inside each band under EU 2003/361. */
const BAND_FIGURES: Record<SizeBandSpec, [number, string, string]> = {
  micro: [4, '400000', '150000'],
  small: [25, '4000000', '3000000'],
  medium: [120, '30000000', '20000000'],
  large: [900, '250000000', '180000000'],
};

let counter = 0;
const next = () => `${process.env.JEST_WORKER_ID ?? 0}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

/** Build valid rows in one line: `await f.organisation({ kind: 'buyer' })`, `await f.user({ organisationId })`. */
export class Factories {
  constructor(private readonly ds: DataSource) {}

  async organisation(spec: OrganisationSpec = {}): Promise<TestOrganisation> {
    const id = newId();
    const kind = spec.kind ?? 'supplier';
    const name = spec.name ?? `${kind === 'buyer' ? 'Borough Council' : 'Acme Ltd'} ${next()}`;
    await this.ds.query(
      `INSERT INTO identity.organisation (id, kind, name, verification_status) VALUES ($1, $2, $3, $4)`,
      [id, kind, name, spec.status ?? 'verified'],
    );
    return { id, kind, name };
  }

  async user(spec: UserSpec): Promise<TestUser> {
    const id = newId();
    const [org]: { kind: OrganisationKind }[] = await this.ds.query(`SELECT kind FROM identity.organisation WHERE id = $1`, [spec.organisationId]);
    const roles = spec.roles ?? [ADMIN_ROLE_BY_KIND[org.kind]];
    const email = (spec.email ?? `user-${next()}@example.test`).toLowerCase();
    await this.ds.query(
      `INSERT INTO identity.user_account (id, organisation_id, email, full_name, password_hash, roles, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, spec.organisationId, email, spec.fullName ?? 'Test User', await testPasswordHash(), roles, spec.status ?? 'active'],
    );
    return { id, organisationId: spec.organisationId, email, password: TEST_PASSWORD, roles };
  }

  /** An organisation of `kind` with one user holding `role`. */
  async member(kind: OrganisationKind, role: Role, status: VerificationStatus = 'verified'): Promise<{ organisation: TestOrganisation; user: TestUser }> {
    const organisation = await this.organisation({ kind, status });
    const user = await this.user({ organisationId: organisation.id, roles: [role] });
    return { organisation, user };
  }

  /**
   * A supplier organisation with an admin and, unless `band` is null, a size
   * declaration in force whose figures give that band under EU 2003/361:
   * `await f.supplier({ band: 'micro' })`.
   */
  async supplier(spec: { band?: SizeBandSpec | null; name?: string; status?: VerificationStatus } = {}): Promise<{ organisation: TestOrganisation; admin: TestUser }> {
    const organisation = await this.organisation({ kind: 'supplier', name: spec.name, status: spec.status });
    const admin = await this.user({ organisationId: organisation.id, roles: ['supplier_admin'] });
    const band = spec.band === undefined ? 'small' : spec.band;
    if (band) {
      const [headcount, turnover, balance] = BAND_FIGURES[band];
      await this.ds.query(
        `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
            balance_sheet_currency, figures_date, derived_band, definition, band_mismatch, declared_by)
         VALUES ($1, $2, $3, $4, 'EUR', $5, 'EUR', '2026-03-31', $6, 'eu-2003-361', false, $7)`,
        [newId(), organisation.id, headcount, turnover, balance, band, admin.id],
      );
    }
    return { organisation, admin };
  }

  /** A published offering of a supplier (written directly, as the bulk seed does), returning its id. */
  async offering(spec: {
    organisationId: string;
    title?: string;
    summary?: string;
    description?: string;
    lotSlug?: string;
    status?: 'draft' | 'published';
    priceMin?: string;
  }): Promise<string> {
    const id = newId();
    const [supplier] = await this.ds.query(
      `SELECT o.name, d.derived_band AS band FROM identity.organisation o
         LEFT JOIN suppliers.size_declaration d ON d.organisation_id = o.id AND d.valid_to IS NULL WHERE o.id = $1`,
      [spec.organisationId],
    );
    const [lot] = await this.ds.query(`SELECT id FROM catalogue.lot WHERE slug = $1`, [spec.lotSlug ?? 'cloud-software']);
    const status = spec.status ?? 'published';
    await this.ds.query(
      `INSERT INTO catalogue.offering (id, organisation_id, lot_id, status, title, summary, description, price_min, price_unit, supplier_name,
          supplier_band, created_by, published_at)
       VALUES ($1, $2, $3, $4::varchar, $5, $6, $7, $8, 'per user', $9, $10, $11, CASE WHEN $4::varchar = 'published' THEN now() END)`,
      [id, spec.organisationId, lot.id, status, spec.title ?? `Offering ${next()}`, spec.summary ?? 'A test offering summary.',
        spec.description ?? 'A test offering description.', spec.priceMin ?? '100', supplier.name, supplier.band, newId()],
    );
    if (status === 'published') {
      await this.ds.query(`INSERT INTO catalogue.offering_version (offering_id, version, content, created_by) VALUES ($1, 1, '{}', $2)`, [id, newId()]);
    }
    return id;
  }

  /** The live frameworks' requirements lots (by slug), each with its first category: where a buyer can post a requirement. */
  async requirementsLots(): Promise<{ lotId: string; categoryId: string }[]> {
    return this.ds.query(
      `SELECT l.id AS "lotId", (SELECT c.id FROM catalogue.category c WHERE c.lot_id = l.id ORDER BY c.id LIMIT 1) AS "categoryId"
         FROM catalogue.lot l JOIN catalogue.framework f ON f.id = l.framework_id
        WHERE l.kind = 'requirements' AND f.status = 'live' ORDER BY l.slug`,
    );
  }

  async count(table: string): Promise<number> {
    if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  }
}
