import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, hasRole } from '@app/identity';
import { DomainError } from '@app/shared';
import { COMPANIES_HOUSE_RE, normaliseIdentifier } from '../domain/profile';
import { isSme } from '../domain/size-band';
import { SupplierChangeListeners } from './supplier-changes';
import { CurrentSizeView, PROFILE_COLUMNS, SupplierProfileView, SupplierView } from './views';

export const SUPPLIER_NOT_FOUND = 'SUPPLIERS.SUPPLIER_NOT_FOUND';

export interface SupplierProfileInput {
  legalName: string;
  tradingName?: string | null;
  companiesHouseNumber?: string | null;
  dunsNumber?: string | null;
  vatNumber?: string | null;
  address: { line1: string; line2?: string | null; town: string; postcode: string; country?: string };
  contact: { name: string; email: string; phone?: string | null };
  website?: string | null;
  description?: string | null;
  vcse?: boolean;
  startup?: boolean;
}

/** The name a supplier is shown by: trading name, else legal name, else the organisation's registered name. */
export const DISPLAY_NAME_SQL = (p: string, o: string) => `coalesce(nullif(${p}.trading_name, ''), ${p}.legal_name, ${o}.name)`;

@Injectable()
export class SupplierProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly changes: SupplierChangeListeners,
  ) {}

  /** A supplier's public page: name, verification, profile (null until written) and the size band in force. */
  async get(organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<SupplierView> {
    const [row] = await manager.query(
      `SELECT o.id AS "organisationId", ${DISPLAY_NAME_SQL('p', 'o')} AS name, o.verification_status AS "verificationStatus",
              p.organisation_id IS NOT NULL AS "hasProfile",
              d.derived_band AS band, d.definition, d.valid_from AS "declaredAt", d.verified_at IS NOT NULL AS verified
         FROM identity.organisation o
         LEFT JOIN suppliers.supplier_profile p ON p.organisation_id = o.id
         LEFT JOIN suppliers.size_declaration d ON d.organisation_id = o.id AND d.valid_to IS NULL
        WHERE o.id = $1 AND o.kind = 'supplier'`,
      [organisationId],
    );
    if (!row) throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    const size: CurrentSizeView | null = row.band
      ? { band: row.band, sme: isSme(row.band), definition: row.definition, declaredAt: row.declaredAt, verified: row.verified }
      : null;
    const profile: SupplierProfileView | null = row.hasProfile
      ? (await manager.query(`SELECT ${PROFILE_COLUMNS} FROM suppliers.supplier_profile WHERE organisation_id = $1`, [organisationId]))[0]
      : null;
    return { organisationId, name: row.name, verificationStatus: row.verificationStatus, profile, size };
  }

  /** A supplier admin writes their own organisation's profile (created on first save). Audited. */
  async save(actor: AuthUser, organisationId: string, input: SupplierProfileInput, meta: RequestMeta): Promise<SupplierView> {
    if (actor.organisationId !== organisationId || !hasRole(actor, 'supplier_admin')) {
      throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    }
    const ch = normaliseIdentifier(input.companiesHouseNumber);
    if (ch && !COMPANIES_HOUSE_RE.test(ch)) {
      throw DomainError.validation('SUPPLIERS.INVALID_COMPANIES_HOUSE_NUMBER', [
        { field: 'companiesHouseNumber', message: 'Enter a Companies House number: two digits or two letters, then six digits, like 01234567 or SC123456.' },
      ]);
    }
    const values = [
      organisationId,
      input.legalName.trim(),
      input.tradingName?.trim() || null,
      ch,
      normaliseIdentifier(input.dunsNumber),
      normaliseIdentifier(input.vatNumber),
      input.address.line1.trim(),
      input.address.line2?.trim() || null,
      input.address.town.trim(),
      input.address.postcode.trim().toUpperCase(),
      (input.address.country ?? 'GB').toUpperCase(),
      input.contact.name.trim(),
      input.contact.email.trim().toLowerCase(),
      input.contact.phone?.trim() || null,
      input.website?.trim() || null,
      input.description?.trim() || null,
      input.vcse ?? false,
      input.startup ?? false,
      actor.userId,
    ];
    return this.dataSource.transaction(async (m) => {
      const [before] = await m.query(
        `SELECT ${DISPLAY_NAME_SQL('p', 'o')} AS name FROM identity.organisation o
           LEFT JOIN suppliers.supplier_profile p ON p.organisation_id = o.id WHERE o.id = $1 FOR UPDATE OF o`,
        [organisationId],
      );
      const [{ created }] = await m.query(
        `INSERT INTO suppliers.supplier_profile (organisation_id, legal_name, trading_name, companies_house_number, duns_number, vat_number,
            address_line1, address_line2, town, postcode, country, contact_name, contact_email, contact_phone, website, description,
            vcse, startup, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (organisation_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, trading_name = EXCLUDED.trading_name,
            companies_house_number = EXCLUDED.companies_house_number, duns_number = EXCLUDED.duns_number, vat_number = EXCLUDED.vat_number,
            address_line1 = EXCLUDED.address_line1, address_line2 = EXCLUDED.address_line2, town = EXCLUDED.town,
            postcode = EXCLUDED.postcode, country = EXCLUDED.country, contact_name = EXCLUDED.contact_name,
            contact_email = EXCLUDED.contact_email, contact_phone = EXCLUDED.contact_phone, website = EXCLUDED.website,
            description = EXCLUDED.description, vcse = EXCLUDED.vcse, startup = EXCLUDED.startup,
            updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING (xmax = 0) AS created`,
        values,
      );
      await this.audit.append(
        {
          action: created ? 'suppliers.profile.created' : 'suppliers.profile.updated',
          subjectType: 'organisation',
          subjectId: organisationId,
          data: { legalName: values[1], companiesHouseNumber: ch },
        },
        auditContext(actor, meta),
        m,
      );
      const view = await this.get(organisationId, m);
      if (view.name !== before?.name) await this.changes.notify({ organisationId, displayName: view.name }, m);
      return view;
    });
  }
}
