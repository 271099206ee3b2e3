import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/shared';

export const FUNNEL_STAGES = ['registered', 'bidders', 'shortlisted', 'awarded'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const FUNNEL_BANDS = ['micro', 'small', 'medium', 'large', 'unknown'] as const;

export interface FunnelView {
  scope: { buyerId: string | null; buyerName: string | null; requirementId: string | null; requirementTitle: string | null; requirements: number };
  /** Distinct supplier organisations at each stage, by size band (band at bid submission and at award). */
  stages: { stage: FunnelStage; total: number; sme: number; byBand: Record<string, number> }[];
}

/**
 * The SME funnel (product.md §4): registered suppliers → bidders → shortlisted → awarded, by
 * size band, from the platform's own tendering, per buyer or per requirement. Counts only, and
 * only of requirements past their closing time: before then even the number of bids is sealed.
 */
@Injectable()
export class SmeFunnelService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async funnel(q: { buyerId?: string; requirementId?: string }): Promise<FunnelView> {
    let buyerName: string | null = null;
    let requirementTitle: string | null = null;
    if (q.buyerId) {
      const [b] = await this.dataSource.query(`SELECT name FROM identity.organisation WHERE id = $1 AND kind = 'buyer'`, [q.buyerId]);
      if (!b) throw DomainError.notFound('REPORTING.BUYER_NOT_FOUND', 'No such buyer.');
      buyerName = b.name;
    }
    if (q.requirementId) {
      const [r] = await this.dataSource.query(
        `SELECT title FROM tendering.requirement WHERE id = $1 AND status <> 'draft' AND closes_at <= clock_timestamp() AND ($2::uuid IS NULL OR organisation_id = $2)`,
        [q.requirementId, q.buyerId ?? null],
      );
      if (!r) throw DomainError.notFound('REPORTING.REQUIREMENT_NOT_FOUND', 'No such closed requirement.');
      requirementTitle = r.title;
    }
    const scope = `SELECT id FROM tendering.requirement
                    WHERE status <> 'draft' AND closes_at <= clock_timestamp()
                      AND ($1::uuid IS NULL OR organisation_id = $1) AND ($2::uuid IS NULL OR id = $2)`;
    const params = [q.buyerId ?? null, q.requirementId ?? null];
    const rows: { stage: FunnelStage; band: string; n: number }[] = await this.dataSource.query(
      `WITH scope AS (${scope})
       SELECT 'registered' AS stage, coalesce(d.derived_band, 'unknown') AS band, count(*)::int AS n
         FROM identity.organisation o
         LEFT JOIN suppliers.size_declaration d ON d.organisation_id = o.id AND d.valid_to IS NULL
        WHERE o.kind = 'supplier' AND o.verification_status = 'verified'
        GROUP BY 2
       UNION ALL
       SELECT 'bidders', coalesce(b.size_band, 'unknown'), count(DISTINCT b.organisation_id)::int
         FROM tendering.bid b WHERE b.requirement_id IN (SELECT id FROM scope) AND b.status = 'submitted' GROUP BY 2
       UNION ALL
       SELECT 'shortlisted', coalesce(b.size_band, 'unknown'), count(DISTINCT b.organisation_id)::int
         FROM tendering.bid b WHERE b.requirement_id IN (SELECT id FROM scope) AND b.status = 'submitted' AND b.shortlisted_at IS NOT NULL GROUP BY 2
       UNION ALL
       SELECT 'awarded', s.size_band, count(DISTINCT s.organisation_id)::int
         FROM tendering.contract c JOIN tendering.contract_supplier s ON s.contract_id = c.id
        WHERE c.requirement_id IN (SELECT id FROM scope) AND c.status = 'active' GROUP BY 2`,
      params,
    );
    const [{ n: requirements }] = await this.dataSource.query(`WITH scope AS (${scope}) SELECT count(*)::int AS n FROM scope`, params);
    const stages = FUNNEL_STAGES.map((stage) => {
      const byBand: Record<string, number> = Object.fromEntries(FUNNEL_BANDS.map((b) => [b, 0]));
      for (const r of rows) if (r.stage === stage) byBand[r.band] = (byBand[r.band] ?? 0) + r.n;
      const total = Object.values(byBand).reduce((a, b) => a + b, 0);
      return { stage, total, sme: byBand.micro + byBand.small + byBand.medium, byBand };
    });
    return { scope: { buyerId: q.buyerId ?? null, buyerName, requirementId: q.requirementId ?? null, requirementTitle, requirements }, stages };
  }

  /** Buyers and their closed requirements, for choosing a funnel. */
  async choices(buyerId?: string) {
    return this.dataSource.query(
      `SELECT r.id, r.title, r.organisation_id AS "buyerId", o.name AS "buyerName"
         FROM tendering.requirement r JOIN identity.organisation o ON o.id = r.organisation_id
        WHERE r.status <> 'draft' AND r.closes_at <= clock_timestamp() AND ($1::uuid IS NULL OR r.organisation_id = $1)
        ORDER BY o.name, r.closes_at DESC LIMIT 200`,
      [buyerId ?? null],
    );
  }
}
