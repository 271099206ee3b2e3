import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SizeBand, SizeDefinitionId, isSme } from '../domain/size-band';
import { DISPLAY_NAME_SQL } from './supplier-profiles.service';

export interface SizeAt {
  band: SizeBand;
  sme: boolean;
  definition: SizeDefinitionId;
  declarationId: string;
  verified: boolean;
  validFrom: Date;
  validTo: Date | null;
}

export interface SupplierSummary {
  organisationId: string;
  name: string;
  verificationStatus: string;
  band: SizeBand | null;
}

/**
 * What other contexts may ask about suppliers. "The size band of supplier X
 * at time T" is the declaration whose period [valid_from, valid_to) holds T:
 * reports and awards use the size that held then, never today's.
 */
@Injectable()
export class SupplierSizeFacade {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The band in force at `at`, or null when the supplier had declared none by then. */
  async bandAt(organisationId: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<SizeAt | null> {
    const [row] = await manager.query(
      `SELECT id, derived_band AS band, definition, verified_at IS NOT NULL AS verified, valid_from AS "validFrom", valid_to AS "validTo"
         FROM suppliers.size_declaration
        WHERE organisation_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)`,
      [organisationId, at],
    );
    if (!row) return null;
    return { band: row.band, sme: isSme(row.band), definition: row.definition, declarationId: row.id, verified: row.verified, validFrom: row.validFrom, validTo: row.validTo };
  }

  /** Name, verification and current band of a supplier organisation; null when it is not one. */
  async summary(organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<SupplierSummary | null> {
    const [row] = await manager.query(
      `SELECT o.id AS "organisationId", ${DISPLAY_NAME_SQL('p', 'o')} AS name, o.verification_status AS "verificationStatus", d.derived_band AS band
         FROM identity.organisation o
         LEFT JOIN suppliers.supplier_profile p ON p.organisation_id = o.id
         LEFT JOIN suppliers.size_declaration d ON d.organisation_id = o.id AND d.valid_to IS NULL
        WHERE o.id = $1 AND o.kind = 'supplier'`,
      [organisationId],
    );
    return row ?? null;
  }
}
