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

  async count(table: string): Promise<number> {
    if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  }
}
