import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, newId } from '@app/shared';
import { buildAwardLines } from '../domain/sme-lines';
import { ReportedBand, SourceContract, SpendLineInput } from '../domain/source-contract';
import { GBP_AT_DATE, applyDelta, rollupSelect } from '../infrastructure/rollup-sql';

export interface ApplyResult {
  /** Contracts (or spend lines) new or changed by this call. */
  changed: number;
  /** Already recorded exactly so: nothing written. */
  unchanged: number;
}

const LINE_COLUMNS = `contract_id, line_no, supplier_key, supplier_name, size_band, source_band, weight, amount, currency, amount_gbp, award_date, month, buyer_key, buyer_sector, framework, lot, category`;

/**
 * The SME ledger: the current state of each contract that feeds reporting, its award-supplier
 * lines, spend lines, and the rollups over them. Every change here is made in the caller's
 * transaction: the contract row, its lines and the rollup deltas commit together or not at
 * all, and applying the same state twice changes nothing (content hash), so jobs that run
 * twice, or imports of the same file, have their effect once.
 */
@Injectable()
export class SmeLedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Applies the current state of contracts (award, cancellation, correction…): lines and rollups follow. */
  async applyContracts(m: EntityManager, contracts: SourceContract[], importId: string | null = null): Promise<ApplyResult> {
    if (!contracts.length) return { changed: 0, unchanged: 0 };
    // The last state given for a key wins (a batch may hold two releases of one award).
    const byKey = new Map(contracts.map((c) => [c.sourceKey, c]));
    const keys = [...byKey.keys()].sort();
    await this.upsertBuyers(m, [...byKey.values()].map((c) => c.buyer));
    // One writer per contract at a time, including its first: two jobs for a new contract (its award
    // and, at once, its cancellation) would otherwise both see it missing and write lines twice.
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 7)) FROM unnest($1::text[]) AS k`, [keys]);
    const existing: { id: string; source_key: string; content_hash: string }[] = await m.query(
      `SELECT id, source_key, content_hash FROM reporting.source_contract WHERE source_key = ANY($1) ORDER BY source_key FOR UPDATE`,
      [keys],
    );
    const known = new Map(existing.map((r) => [r.source_key, r]));
    // Lines carry the sector the buyer is recorded under (its first classification), so one buyer never splits across two.
    const sectors = new Map<string, string>(
      (await m.query(`SELECT buyer_key, sector FROM reporting.buyer WHERE buyer_key = ANY($1)`, [[...new Set([...byKey.values()].map((c) => c.buyer.key))]])).map(
        (r: { buyer_key: string; sector: string }) => [r.buyer_key, r.sector],
      ),
    );
    const rows: Record<string, unknown>[] = [];
    const lines: Record<string, unknown>[] = [];
    let unchanged = 0;
    for (const key of keys) {
      const c = byKey.get(key)!;
      const hash = contentHash(c);
      const prior = known.get(key);
      if (prior && prior.content_hash === hash) {
        unchanged++;
        continue;
      }
      const id = prior?.id ?? newId();
      const built = buildAwardLines(c);
      rows.push({
        id,
        source_key: key,
        source: c.source,
        ocid: c.ocid ?? null,
        native_contract_id: c.source === 'native' ? key.slice('native:'.length) : null,
        title: c.title?.slice(0, 500) ?? null,
        status: c.status,
        is_framework: c.isFramework,
        buyer_key: c.buyer.key,
        framework: c.framework,
        lot: c.lot,
        category: c.category,
        amount: c.amount,
        currency: c.currency,
        award_date: built.awardDate,
        date_basis: built.dateBasis,
        supplier_count: built.lines.length || c.suppliers.length,
        content_hash: hash,
        import_id: importId,
      });
      for (const l of built.lines) {
        lines.push({
          contract_id: id,
          line_no: l.lineNo,
          supplier_key: l.supplierKey.slice(0, 300),
          supplier_name: l.supplierName.slice(0, 300),
          size_band: l.band,
          weight: l.weight,
          amount: l.amount,
          currency: l.currency,
          award_date: built.awardDate,
          month: built.month,
          buyer_key: c.buyer.key,
          buyer_sector: sectors.get(c.buyer.key) ?? c.buyer.sector,
          framework: (c.framework ?? '').slice(0, 300),
          lot: (c.lot ?? '').slice(0, 300),
          category: (c.category ?? '').slice(0, 300),
        });
      }
    }
    if (!rows.length) return { changed: 0, unchanged };
    await m.query(
      `INSERT INTO reporting.source_contract (id, source_key, source, ocid, native_contract_id, title, status, is_framework, buyer_key,
              framework, lot, category, amount, currency, award_date, date_basis, supplier_count, content_hash, import_id)
       SELECT id, source_key, source, ocid, native_contract_id, title, status, is_framework, buyer_key,
              framework, lot, category, amount, currency, award_date, date_basis, supplier_count, content_hash, import_id
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, source_key varchar, source varchar, ocid varchar, native_contract_id uuid,
              title varchar, status varchar, is_framework boolean, buyer_key varchar, framework varchar, lot varchar, category varchar,
              amount numeric, currency char(3), award_date date, date_basis varchar, supplier_count int, content_hash char(64), import_id uuid)
       ON CONFLICT (source_key) DO UPDATE SET status = EXCLUDED.status, title = EXCLUDED.title, is_framework = EXCLUDED.is_framework,
              buyer_key = EXCLUDED.buyer_key, framework = EXCLUDED.framework, lot = EXCLUDED.lot, category = EXCLUDED.category,
              amount = EXCLUDED.amount, currency = EXCLUDED.currency, award_date = EXCLUDED.award_date, date_basis = EXCLUDED.date_basis,
              supplier_count = EXCLUDED.supplier_count, content_hash = EXCLUDED.content_hash, import_id = EXCLUDED.import_id, updated_at = now()`,
      [JSON.stringify(rows)],
    );
    await this.replaceLines(m, rows.map((r) => r.id as string), lines);
    return { changed: rows.length, unchanged };
  }

  /**
   * Replaces the lines of the given contracts: the old lines' sums leave the rollups and the
   * new ones' enter, size corrections applied, in one transaction.
   */
  private async replaceLines(m: EntityManager, contractIds: string[], lines: Record<string, unknown>[]): Promise<void> {
    await applyDelta(m, rollupSelect('award', 'old', -1), [contractIds], `old AS (DELETE FROM reporting.award_line WHERE contract_id = ANY($1::uuid[]) RETURNING *)`);
    if (!lines.length) return;
    await applyDelta(
      m,
      rollupSelect('award', 'added', 1),
      [JSON.stringify(lines.map(({ size_band, ...l }) => ({ ...l, band: size_band })))],
      `x AS (
          SELECT x.*, coalesce(sc.size_band, x.band) AS size_band
            FROM jsonb_to_recordset($1::jsonb) AS x(contract_id uuid, line_no smallint, supplier_key varchar, supplier_name varchar,
                 band varchar, weight numeric, amount numeric, currency char(3), award_date date, month date, buyer_key varchar,
                 buyer_sector varchar, framework varchar, lot varchar, category varchar)
            LEFT JOIN reporting.size_correction sc ON sc.contract_id = x.contract_id AND sc.supplier_key = x.supplier_key),
        added AS (
          INSERT INTO reporting.award_line (${LINE_COLUMNS})
          SELECT contract_id, line_no, supplier_key, supplier_name, size_band, band, weight, amount, currency,
                 ${GBP_AT_DATE('x.amount', 'x.currency', 'x.award_date')}, award_date, month, buyer_key, buyer_sector, framework, lot, category
            FROM x
          RETURNING *)`,
    );
  }

  /** Re-derives the lines of contracts already recorded (after a size correction or a rates change). */
  async rebuildLines(m: EntityManager, contractIds: string[]): Promise<void> {
    if (!contractIds.length) return;
    // The contracts first, as applyContracts locks them: lines replaced meanwhile are read as they now are.
    await m.query(`SELECT id FROM reporting.source_contract WHERE id = ANY($1::uuid[]) ORDER BY source_key FOR UPDATE`, [contractIds]);
    // Unchanged content: reuse the lines' own columns, with the current corrections and rates.
    const lines: Record<string, unknown>[] = await m.query(
      `SELECT contract_id, line_no, supplier_key, supplier_name, source_band AS size_band,
              weight, amount, currency, to_char(award_date, 'YYYY-MM-DD') AS award_date, to_char(month, 'YYYY-MM-DD') AS month,
              buyer_key, buyer_sector, framework, lot, category
         FROM reporting.award_line l WHERE contract_id = ANY($1::uuid[]) ORDER BY contract_id, line_no FOR UPDATE`,
      [contractIds],
    );
    await this.replaceLines(m, contractIds, lines);
  }

  /**
   * Retires the awards of the given OCDS processes that their current state no longer lists (an
   * award notice published again under a new id supersedes the old one): they drop out of every
   * figure, as a cancelled award does. Returns how many were retired.
   */
  async retireMissingAwards(m: EntityManager, ocids: string[], currentKeys: string[]): Promise<number> {
    if (!ocids.length) return 0;
    // (A bare UPDATE … RETURNING comes back from TypeORM as [rows, count]; a SELECT over it as rows.)
    const gone: { id: string }[] = await m.query(
      `WITH gone AS (
         UPDATE reporting.source_contract SET status = 'cancelled', content_hash = repeat('0', 64), updated_at = now()
          WHERE id IN (SELECT c.id FROM reporting.source_contract c LEFT JOIN unnest($2::text[]) AS k(key) ON k.key = c.source_key
                        WHERE c.ocid = ANY($1) AND k.key IS NULL AND c.status <> 'cancelled'
                        ORDER BY c.source_key FOR UPDATE OF c)
          RETURNING id)
       SELECT id FROM gone`,
      [ocids, currentKeys],
    );
    if (gone.length) await this.replaceLines(m, gone.map((g) => g.id), []);
    return gone.length;
  }

  /**
   * Values every line in the given currencies again at the rates now in force for their dates
   * (after a rates table change): award lines through rebuildLines, spend lines likewise —
   * old sums out of the rollups, new ones in, in the caller's transaction.
   */
  async revalueCurrencies(m: EntityManager, currencies: string[]): Promise<{ contracts: number; spendLines: number }> {
    if (!currencies.length) return { contracts: 0, spendLines: 0 };
    const ids: { contract_id: string }[] = await m.query(
      `SELECT DISTINCT contract_id FROM reporting.award_line WHERE currency = ANY($1) ORDER BY contract_id`,
      [currencies],
    );
    for (let i = 0; i < ids.length; i += 5000) await this.rebuildLines(m, ids.slice(i, i + 5000).map((r) => r.contract_id));
    await applyDelta(m, rollupSelect('spend', 'old', -1), [currencies], `old AS (SELECT * FROM reporting.spend_line WHERE currency = ANY($1) FOR UPDATE)`);
    const spendLines = await applyDelta(
      m,
      rollupSelect('spend', 'revalued', 1),
      [currencies],
      `revalued AS (UPDATE reporting.spend_line x SET amount_gbp = ${GBP_AT_DATE('x.amount', 'x.currency', 'x.month')} WHERE x.currency = ANY($1) RETURNING x.*)`,
      'revalued',
    );
    return { contracts: ids.length, spendLines };
  }

  /** Records spend lines; a line already recorded (same source key) is left as it is. */
  async applySpend(m: EntityManager, input: SpendLineInput[], importId: string | null = null): Promise<ApplyResult> {
    if (!input.length) return { changed: 0, unchanged: 0 };
    await this.upsertBuyers(m, input.map((l) => ({ key: buyerKeyOf(l.buyerName), name: l.buyerName, sector: l.sector })));
    const sectors = new Map<string, string>(
      (await m.query(`SELECT buyer_key, sector FROM reporting.buyer WHERE buyer_key = ANY($1)`, [[...new Set(input.map((l) => buyerKeyOf(l.buyerName)))]])).map(
        (r: { buyer_key: string; sector: string }) => [r.buyer_key, r.sector],
      ),
    );
    const rows = input.map((l) => ({
      source_key: l.sourceKey,
      supplier_name: l.supplierName.slice(0, 300),
      size_band: l.band,
      buyer_key: buyerKeyOf(l.buyerName),
      buyer_sector: sectors.get(buyerKeyOf(l.buyerName)) ?? l.sector,
      framework: (l.framework ?? '').slice(0, 300),
      lot: (l.lot ?? '').slice(0, 300),
      month: l.month,
      amount: l.amount,
      currency: l.currency,
      description: l.description?.slice(0, 2000) ?? null,
    }));
    const n = await applyDelta(
      m,
      rollupSelect('spend', 'added', 1),
      [JSON.stringify(rows), importId],
      `added AS (
         INSERT INTO reporting.spend_line (source_key, supplier_name, size_band, buyer_key, buyer_sector, framework, lot, month, amount, currency, amount_gbp, description, import_id)
         SELECT source_key, supplier_name, size_band, buyer_key, buyer_sector, framework, lot, month, amount, currency,
                ${GBP_AT_DATE('x.amount', 'x.currency', 'x.month')}, description, $2
           FROM jsonb_to_recordset($1::jsonb) AS x(source_key varchar, supplier_name varchar, size_band varchar, buyer_key varchar,
                buyer_sector varchar, framework varchar, lot varchar, month date, amount numeric, currency char(3), description varchar)
           ORDER BY source_key
         ON CONFLICT (source_key) DO NOTHING
         RETURNING *)`,
      'added',
    );
    return { changed: n, unchanged: input.length - n };
  }

  private async upsertBuyers(m: EntityManager, buyers: { key: string; name: string; sector: string }[]): Promise<void> {
    const distinct = [...new Map(buyers.map((b) => [b.key, b])).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    // A buyer keeps the sector it was first classified in: its lines carry it, and moving them is a recompute's job.
    await m.query(
      `INSERT INTO reporting.buyer (buyer_key, name, sector)
       SELECT key, left(name, 300), sector FROM jsonb_to_recordset($1::jsonb) AS x(key varchar, name varchar, sector varchar)
       ON CONFLICT (buyer_key) DO UPDATE SET name = EXCLUDED.name WHERE reporting.buyer.name IS DISTINCT FROM EXCLUDED.name`,
      [JSON.stringify(distinct)],
    );
  }
}

/** Spend data names buyers only: the key is the name, normalised. */
export function buyerKeyOf(name: string): string {
  return `name:${name.trim().toLowerCase().replace(/\s+/g, ' ')}`.slice(0, 300);
}

function contentHash(c: SourceContract): string {
  return createHash('sha256').update(canonicalJson(c)).digest('hex');
}

export type { ReportedBand };
