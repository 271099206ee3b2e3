import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { NotificationsService } from '@app/notifications';
import { weightedTotals } from '../domain/scoring';

interface NoticeRequirement {
  id: string;
  title: string;
  buyerName: string;
  lotId: string;
  categoryId: string | null;
  status: string;
  closesAt: Date;
  questionsCloseAt: Date;
  outcomeReason: string | null;
  technicalWeight: number;
  priceWeight: number;
}

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/**
 * The e-mails tendering sends, composed from ids in job payloads (never bid
 * content: scores and outcomes only) and queued through the notifications
 * outbox with per-recipient refs, so a retried job queues nothing twice.
 */
@Injectable()
export class TenderingNoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  private link(requirementId: string): string {
    return `${this.config.app.publicWebUrl}/opportunities/${requirementId}`;
  }

  private async requirement(m: EntityManager, id: string): Promise<NoticeRequirement | null> {
    const [r] = await m.query(
      `SELECT r.id, r.title, org.name AS "buyerName", r.lot_id AS "lotId", r.category_id AS "categoryId", r.status, r.closes_at AS "closesAt",
              r.questions_close_at AS "questionsCloseAt", r.outcome_reason AS "outcomeReason", r.technical_weight AS "technicalWeight", r.price_weight AS "priceWeight"
         FROM tendering.requirement r JOIN identity.organisation org ON org.id = r.organisation_id WHERE r.id = $1`,
      [id],
    );
    return r ?? null;
  }

  /** Suppliers with published offerings in the requirement's lot or category, or following its lot. */
  async published(requirementId: string): Promise<{ immediate: number; digest: number; off: number }> {
    return this.dataSource.transaction(async (m) => {
      const r = await this.requirement(m, requirementId);
      // Withdrawn (or already closed) before the job ran: nothing to announce.
      if (!r || r.status !== 'published') return { immediate: 0, digest: 0, off: 0 };
      const matching: { id: string }[] = await m.query(
        `SELECT DISTINCT organisation_id AS id FROM catalogue.offering
          WHERE status = 'published' AND (lot_id = $1 OR ($2::uuid IS NOT NULL AND $2::uuid = ANY(category_ids)))`,
        [r.lotId, r.categoryId],
      );
      const followers = await this.notifications.followersOfLot(m, r.lotId);
      const orgs = [...new Set([...matching.map((x) => x.id), ...followers])];
      return this.notifications.alert(
        m,
        orgs,
        `requirement-published:${r.id}`,
        {
          subject: `New opportunity: ${r.title}`,
          text: `${r.buyerName} has published a requirement that matches what your organisation offers:\n\n${r.title}\n\n` +
            `Questions close: ${when(r.questionsCloseAt)}\nBids close: ${when(r.closesAt)}\n\n${this.link(r.id)}`,
        },
        `${r.title} (${r.buyerName}) — closes ${when(r.closesAt)} — ${this.link(r.id)}`,
      );
    });
  }

  /** Suppliers who bid on or asked about the requirement: an answer was published. */
  async answered(requirementId: string, questionId: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const r = await this.requirement(m, requirementId);
      if (!r) return 0;
      const orgs: { id: string }[] = await m.query(
        `SELECT organisation_id AS id FROM tendering.bid WHERE requirement_id = $1 UNION SELECT organisation_id FROM tendering.question WHERE requirement_id = $1`,
        [requirementId],
      );
      let n = 0;
      for (const o of orgs) {
        n += await this.notifications.toOrganisation(m, o.id, `answer:${questionId}:${o.id}`, 'answer', {
          subject: `A question about "${r.title}" has been answered`,
          text: `${r.buyerName} has published an answer to a clarification question about ${r.title}.\n\nRead it here: ${this.link(r.id)}`,
        }, ['supplier_admin', 'supplier_user']);
      }
      return n;
    });
  }

  /** The buyer's assigned users: the requirement closed, with how many bids it received. */
  async closed(requirementId: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const r = await this.requirement(m, requirementId);
      if (!r) return 0;
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM tendering.bid WHERE requirement_id = $1 AND status = 'submitted'`, [requirementId]);
      const users: { id: string }[] = await m.query(`SELECT DISTINCT user_id AS id FROM tendering.assignment WHERE requirement_id = $1`, [requirementId]);
      return this.notifications.toUsers(m, users.map((u) => u.id), `closed:${requirementId}`, 'closed', (u) => ({
        subject: `"${r.title}" has closed with ${n} bid${n === 1 ? '' : 's'}`,
        text: `Hello ${u.fullName},\n\n${r.title} closed at ${when(r.closesAt)} with ${n} bid${n === 1 ? '' : 's'}.\n` +
          `Evaluators can now score the bids: ${this.config.app.publicWebUrl}/buyer/requirements/${r.id}`,
      }));
    });
  }

  /**
   * The outcome to every organisation that submitted a bid: the winners are told they
   * won; the others get a debrief with their scores and the winning ones; after a
   * cancellation or no suitable bid, everyone is told, with the buyer's reason.
   */
  async outcome(requirementId: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const r = await this.requirement(m, requirementId);
      if (!r || !['awarded', 'cancelled', 'unsuccessful'].includes(r.status)) return 0;
      const bids: { bidId: string; organisationId: string; supplierName: string; price: string }[] = await m.query(
        `SELECT b.id AS "bidId", b.organisation_id AS "organisationId", org.name AS "supplierName", b.price::text AS price
           FROM tendering.bid b JOIN identity.organisation org ON org.id = b.organisation_id WHERE b.requirement_id = $1 AND b.status = 'submitted' ORDER BY b.id`,
        [requirementId],
      );
      let n = 0;
      const send = (orgId: string, subject: string, text: string) =>
        this.notifications.toOrganisation(m, orgId, `outcome:${requirementId}:${orgId}`, 'outcome', { subject, text }, ['supplier_admin', 'supplier_user']);
      if (r.status !== 'awarded') {
        const why = r.status === 'cancelled' ? 'was cancelled' : 'ended without a suitable bid';
        for (const b of bids) n += await send(b.organisationId, `Outcome of "${r.title}"`, `${r.buyerName}'s requirement ${r.title} ${why}: no contract was awarded.\n\nReason: ${r.outcomeReason ?? '—'}\n\n${this.link(r.id)}`);
        return n;
      }
      const winners: { bidId: string }[] = await m.query(
        `SELECT s.bid_id AS "bidId" FROM tendering.contract c JOIN tendering.contract_supplier s ON s.contract_id = c.id WHERE c.requirement_id = $1`,
        [requirementId],
      );
      const winning = new Set(winners.map((w) => w.bidId));
      // One after another: one transaction's connection runs one query at a time.
      const criteria = await m.query(`SELECT id FROM tendering.criterion WHERE requirement_id = $1`, [requirementId]);
      const evaluators = await m.query(`SELECT user_id AS id FROM tendering.assignment WHERE requirement_id = $1 AND role = 'evaluator'`, [requirementId]);
      const scores = await m.query(
        `SELECT s.bid_id AS "bidId", s.evaluator_id AS "evaluatorId", s.criterion_id AS "criterionId", s.score FROM tendering.score s
           JOIN tendering.bid b ON b.id = s.bid_id WHERE b.requirement_id = $1`,
        [requirementId],
      );
      const totals = weightedTotals(
        bids,
        scores,
        criteria.map((c: { id: string }) => c.id),
        evaluators.map((e: { id: string }) => e.id),
        { technicalWeight: r.technicalWeight, priceWeight: r.priceWeight },
        this.config.tendering.scoreScaleMax,
      );
      // Technical scores and ranks only: a price score (lowest price ÷ own price), or a total beside the
      // technical score, would let a bidder work out the others' prices, which stay the buyer's to read.
      const line = (bidId: string) => {
        const t = totals.find((x) => x.bidId === bidId)!;
        return `technical score ${t.technicalScore ?? '—'} / 100, rank ${t.rank ?? '—'} of ${bids.length}`;
      };
      const winnerLines = bids.filter((b) => winning.has(b.bidId)).map((b) => `- ${b.supplierName}: ${line(b.bidId)}`).join('\n');
      for (const b of bids) {
        if (winning.has(b.bidId)) {
          n += await send(b.organisationId, `You have been awarded "${r.title}"`, `${r.buyerName} has awarded ${r.title} to you.\n\nYour scores: ${line(b.bidId)}\n\n${this.link(r.id)}`);
        } else {
          n += await send(
            b.organisationId,
            `Outcome of "${r.title}": your bid was not successful`,
            `${r.buyerName} has awarded ${r.title} to another supplier.\n\nDebrief (weighting: technical ${r.technicalWeight}%, price ${r.priceWeight}%)\n\n` +
              `Your scores: ${line(b.bidId)}\n\nThe winning bid${winning.size === 1 ? '' : 's'}:\n${winnerLines}\n\n${this.link(r.id)}`,
          );
        }
      }
      return n;
    });
  }
}
