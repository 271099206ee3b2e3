import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, isPlatformAdmin } from '@app/identity';
import { OutboxService } from '@app/queue';
import { DomainError, FieldError, newId } from '@app/shared';
import { londonDate } from '../domain/periods';
import { REPORTED_BANDS, ReportedBand } from '../domain/source-contract';
import { ReportsCache } from './reports-cache';
import { SmeLedgerService } from './sme-ledger.service';

export const CONTRACT_NOT_FOUND = 'REPORTING.CONTRACT_NOT_FOUND';

const RATE_RE = /^\d{1,10}(\.\d{1,10})?$/;

/**
 * What platform admins (and analysts, for a recompute) do to reporting: correct a supplier's
 * size on a reported contract, load exchange rates, ask for a recompute. Each change goes
 * through the ledger or the outbox in one transaction with its audit record.
 */
@Injectable()
export class ReportingAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: SmeLedgerService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLogService,
    private readonly cache: ReportsCache,
  ) {}

  /**
   * Records the size a supplier really had at the award (the source had it wrong or missing);
   * the contract's lines are rebuilt by a job and the rollups follow. Platform admins only.
   */
  async correctSize(actor: AuthUser, contractId: string, input: { supplierKey: string; band: ReportedBand; reason: string }, meta: RequestMeta) {
    if (!isPlatformAdmin(actor)) throw DomainError.notFound(CONTRACT_NOT_FOUND, 'No such reported contract.');
    await this.dataSource.transaction(async (m) => {
      const [line] = await m.query(`SELECT 1 FROM reporting.award_line WHERE contract_id = $1 AND supplier_key = $2`, [contractId, input.supplierKey]);
      if (!line) {
        const [contract] = await m.query(`SELECT 1 FROM reporting.source_contract WHERE id = $1`, [contractId]);
        if (!contract) throw DomainError.notFound(CONTRACT_NOT_FOUND, 'No such reported contract.');
        throw DomainError.validation('REPORTING.INVALID_CORRECTION', [{ field: 'supplierKey', message: 'This supplier has no line on this contract.' }]);
      }
      await m.query(
        `INSERT INTO reporting.size_correction (contract_id, supplier_key, size_band, reason, corrected_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (contract_id, supplier_key) DO UPDATE SET size_band = EXCLUDED.size_band, reason = EXCLUDED.reason,
                corrected_by = EXCLUDED.corrected_by, corrected_at = now()`,
        [contractId, input.supplierKey, input.band, input.reason, actor.userId],
      );
      await this.outbox.add(m, 'reporting.rebuild-lines', { v: 1, sourceContractIds: [contractId] });
      // A contract awarded on the platform publishes the corrected size in its open data too (an awardUpdate release),
      // so the published data gives the same SME figures as the reports.
      const [source] = await m.query(`SELECT source_key FROM reporting.source_contract WHERE id = $1`, [contractId]);
      const native = /^native:([0-9a-f-]{36})$/.exec(source?.source_key ?? '');
      if (native) await this.outbox.add(m, 'open-data.publish-release', { v: 1, releaseId: newId(), event: 'awardUpdate', contractId: native[1] });
      await this.audit.append(
        { action: 'reporting.size.corrected', subjectType: 'reported_contract', subjectId: contractId, data: { supplierKey: input.supplierKey, band: input.band, reason: input.reason } },
        auditContext(actor, meta),
        m,
      );
    });
    return { contractId, supplierKey: input.supplierKey, band: input.band, status: 'queued' as const };
  }

  /** Asks the worker for a full recompute now (it also runs on a schedule). */
  async requestRecompute(actor: AuthUser, meta: RequestMeta): Promise<{ outboxId: string }> {
    return this.dataSource.transaction(async (m) => {
      const outboxId = await this.outbox.add(m, 'reporting.recompute-sme-share', { v: 1, trigger: 'request' });
      await this.audit.append({ action: 'reporting.recompute.requested', subjectType: 'reporting', subjectId: null, data: { outboxId } }, auditContext(actor, meta), m);
      return { outboxId };
    });
  }

  async fxRates(): Promise<{ currency: string; validFrom: string; gbpPerUnit: string; source: string }[]> {
    return this.dataSource.query(
      `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", gbp_per_unit::text AS "gbpPerUnit", source FROM reporting.fx_rate ORDER BY currency, valid_from`,
    );
  }

  /**
   * Loads exchange rates from CSV text with the header `currency,valid_from,gbp_per_unit`
   * (GBP per one unit, from that date until the next row of the currency). All rows or none:
   * any bad row is reported with its line number and nothing changes. Lines in the currencies
   * loaded are valued again in the same transaction. `actor` null: an operator at the command line.
   */
  async loadFxCsv(actor: AuthUser | null, csv: string, source: string, meta: RequestMeta) {
    let records: Record<string, string>[];
    try {
      records = parse(csv, { columns: true, skip_empty_lines: true, trim: true });
    } catch (e) {
      throw DomainError.validation('REPORTING.INVALID_RATES', [{ field: 'file', message: `Not a CSV file: ${(e as Error).message}` }]);
    }
    const errors: FieldError[] = [];
    if (!records.length) errors.push({ field: 'file', message: 'The file has no rates (header: currency,valid_from,gbp_per_unit).' });
    const rows = records.map((r, i) => {
      const line = i + 2;
      const currency = (r.currency ?? '').toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) errors.push({ field: `row ${line}: currency`, message: 'currency must be an ISO 4217 code such as EUR' });
      if (londonDate(r.valid_from) !== r.valid_from) errors.push({ field: `row ${line}: valid_from`, message: 'valid_from must be a date like 2024-04-01' });
      if (!RATE_RE.test(r.gbp_per_unit ?? '') || Number(r.gbp_per_unit) <= 0) errors.push({ field: `row ${line}: gbp_per_unit`, message: 'gbp_per_unit must be a positive decimal such as 0.8512' });
      if (currency === 'GBP' && Number(r.gbp_per_unit) !== 1) errors.push({ field: `row ${line}: gbp_per_unit`, message: 'GBP is the reporting currency: its rate is 1' });
      return { currency, valid_from: r.valid_from, rate: r.gbp_per_unit };
    });
    if (errors.length) throw DomainError.validation('REPORTING.INVALID_RATES', errors.slice(0, 50));
    const loaded = await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO reporting.fx_rate (currency, valid_from, gbp_per_unit, source)
         SELECT currency, valid_from, rate, $2 FROM jsonb_to_recordset($1::jsonb) AS x(currency char(3), valid_from date, rate numeric)
         ON CONFLICT (currency, valid_from) DO UPDATE SET gbp_per_unit = EXCLUDED.gbp_per_unit, source = EXCLUDED.source, loaded_at = now()`,
        [JSON.stringify(rows), source.slice(0, 200)],
      );
      const currencies = [...new Set(rows.map((r) => r.currency))];
      const revalued = await this.ledger.revalueCurrencies(m, currencies);
      await this.audit.append(
        { action: 'reporting.rates.loaded', subjectType: 'fx_rate', subjectId: null, data: { rows: rows.length, currencies, source } },
        auditContext(actor, meta),
        m,
      );
      return { rows: rows.length, currencies, revaluedContracts: revalued.contracts, revaluedSpendLines: revalued.spendLines };
    });
    await this.cache.invalidate();
    return loaded;
  }
}

