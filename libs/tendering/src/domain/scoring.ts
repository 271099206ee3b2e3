/**
 * Weighted evaluation totals, computed by the platform (product.md §3).
 *
 * - Technical score of a bid: for each evaluator, the mean of their criterion
 *   scores as a percentage of the scale maximum; then the mean over evaluators.
 * - Price score: the lowest price among the bids being compared divided by
 *   this bid's price, × 100 (the cheapest scores 100; a zero price scores 100).
 * - Total: technical × technicalWeight/100 + price × priceWeight/100.
 *
 * A bid is complete when every assigned evaluator scored every criterion; the
 * totals of incomplete bids are shown, and only complete bids can be awarded.
 * Pure and exact to 2 decimal places (rounded half away from zero at the end).
 */
export interface Weighting {
  technicalWeight: number;
  priceWeight: number;
}

export interface BidForScoring {
  bidId: string;
  /** Decimal string in the requirement's currency. */
  price: string;
}

export interface Score {
  bidId: string;
  evaluatorId: string;
  criterionId: string;
  score: number;
}

export interface BidTotal {
  bidId: string;
  technicalScore: number | null;
  priceScore: number;
  total: number | null;
  complete: boolean;
  /** 1 = best; ties share a rank; null while incomplete. */
  rank: number | null;
}

const round2 = (x: number) => Math.sign(x) * Math.round(Math.abs(x) * 100 + Number.EPSILON) / 100;

export function weightedTotals(
  bids: readonly BidForScoring[],
  scores: readonly Score[],
  criterionIds: readonly string[],
  evaluatorIds: readonly string[],
  weighting: Weighting,
  scaleMax: number,
): BidTotal[] {
  const prices = bids.map((b) => Number(b.price));
  const lowest = prices.length ? Math.min(...prices) : 0;
  const byBid = new Map<string, Map<string, Map<string, number>>>();
  for (const s of scores) {
    if (!criterionIds.includes(s.criterionId) || !evaluatorIds.includes(s.evaluatorId)) continue;
    const ev = byBid.get(s.bidId) ?? new Map<string, Map<string, number>>();
    const cr = ev.get(s.evaluatorId) ?? new Map<string, number>();
    cr.set(s.criterionId, s.score);
    ev.set(s.evaluatorId, cr);
    byBid.set(s.bidId, ev);
  }
  const totals = bids.map((b, i): BidTotal => {
    // A zero price (the cheapest possible) scores 100; any dearer bid scores lowest / price × 100 (0 beside a free bid).
    const price = prices[i] <= 0 ? 100 : (Math.max(lowest, 0) / prices[i]) * 100;
    const ev = byBid.get(b.bidId);
    const complete =
      evaluatorIds.length > 0 && criterionIds.length > 0 && evaluatorIds.every((e) => criterionIds.every((c) => ev?.get(e)?.has(c)));
    const perEvaluator = [...(ev?.values() ?? [])]
      .filter((cr) => cr.size > 0)
      .map((cr) => ([...cr.values()].reduce((s, x) => s + x, 0) / cr.size / scaleMax) * 100);
    const technical = perEvaluator.length ? perEvaluator.reduce((s, x) => s + x, 0) / perEvaluator.length : null;
    const total = technical === null ? null : (technical * weighting.technicalWeight + price * weighting.priceWeight) / 100;
    return {
      bidId: b.bidId,
      technicalScore: technical === null ? null : round2(technical),
      priceScore: round2(price),
      total: total === null ? null : round2(total),
      complete,
      rank: null,
    };
  });
  const ranked = totals.filter((t) => t.complete && t.total !== null).sort((a, b) => b.total! - a.total!);
  for (const t of ranked) t.rank = 1 + ranked.filter((o) => o.total! > t.total!).length;
  return totals;
}
