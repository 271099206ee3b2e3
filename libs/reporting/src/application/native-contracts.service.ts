import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { classifySector } from '../domain/sectors';
import { ReportedBand, SourceContract } from '../domain/source-contract';
import { ReportsCache } from './reports-cache';
import { SmeLedgerService } from './sme-ledger.service';

/**
 * Contracts awarded on the platform, read from tendering (read-only SQL through the tables
 * tendering publishes as contracts) and brought into the SME ledger. The platform's
 * contracts are call-offs and direct awards, never framework agreements; each supplier's
 * band is the one copied onto the contract at the award (frozen by tendering).
 */
@Injectable()
export class NativeContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: SmeLedgerService,
    private readonly cache: ReportsCache,
  ) {}

  /** Applies one platform contract's current state (award or cancellation) to lines and rollups; idempotent. */
  async refresh(contractId: string): Promise<{ found: boolean; changed: boolean }> {
    const result = await this.dataSource.transaction(async (m) => {
      // The contract's writer lock (as applyContracts takes it) before reading its state: a job that read an older
      // state (the award) must not write it over a newer one (its cancellation) written meanwhile.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`native:${contractId}`]);
      const contract = await this.read(m, contractId);
      if (!contract) return { found: false, changed: false };
      const r = await this.ledger.applyContracts(m, [contract]);
      return { found: true, changed: r.changed > 0 };
    });
    if (result.changed) await this.cache.invalidate();
    return result;
  }

  async read(m: EntityManager, contractId: string): Promise<SourceContract | null> {
    const [row] = await m.query(
      `SELECT c.id, c.status, c.title, c.value::text AS value, c.currency, to_char(c.awarded_on, 'YYYY-MM-DD') AS awarded_on,
              c.organisation_id AS buyer_id, org.name AS buyer_name,
              (SELECT split_part(u.email, '@', 2) FROM identity.user_account u WHERE u.id = c.awarded_by) AS buyer_domain,
              fw.name AS framework, lot.name AS lot, cat.name AS category,
              (SELECT json_agg(json_build_object('id', s.organisation_id, 'name', s.supplier_name, 'band', s.size_band, 'value', s.value::text)
                       ORDER BY s.organisation_id)
                 FROM tendering.contract_supplier s WHERE s.contract_id = c.id) AS suppliers
         FROM tendering.contract c
         JOIN identity.organisation org ON org.id = c.organisation_id
         LEFT JOIN tendering.requirement r ON r.id = c.requirement_id
         LEFT JOIN catalogue.offering o ON o.id = c.offering_id
         LEFT JOIN catalogue.lot lot ON lot.id = coalesce(r.lot_id, o.lot_id)
         LEFT JOIN catalogue.framework fw ON fw.id = lot.framework_id
         LEFT JOIN catalogue.category cat ON cat.id = coalesce(r.category_id, o.category_ids[1])
        WHERE c.id = $1`,
      [contractId],
    );
    if (!row) return null;
    const suppliers: { id: string; name: string; band: ReportedBand; value: string | null }[] = row.suppliers ?? [];
    return {
      sourceKey: `native:${row.id}`,
      source: 'native',
      title: row.title,
      status: row.status === 'cancelled' ? 'cancelled' : 'active',
      isFramework: false,
      buyer: { key: `org:${row.buyer_id}`, name: row.buyer_name, sector: classifySector(row.buyer_name, row.buyer_domain) },
      framework: row.framework ?? null,
      lot: row.lot ?? null,
      category: row.category ?? null,
      amount: row.value,
      currency: row.value == null ? null : row.currency,
      dates: { award: row.awarded_on, publication: null, signature: null },
      suppliers: suppliers.map((s) => ({ key: `org:${s.id}`, name: s.name, band: s.band, amount: s.value })),
    };
  }
}
