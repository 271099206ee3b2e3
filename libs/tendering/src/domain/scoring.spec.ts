import { BidForScoring, Score, weightedTotals } from './scoring';

describe('weighted evaluation totals', () => {
  const score = (bidId: string, evaluatorId: string, criterionId: string, s: number): Score => ({ bidId, evaluatorId, criterionId, score: s });
  /** Every criterion scored by one evaluator on one bid, in criterion order. */
  const row = (bidId: string, evaluatorId: string, criteria: string[], values: number[]) => criteria.map((c, i) => score(bidId, evaluatorId, c, values[i]));

  describe('a hand-computed example: two bids, two evaluators, three criteria, 60% technical / 40% price, scale 0–100', () => {
    const criteria = ['c1', 'c2', 'c3'];
    const evaluators = ['e1', 'e2'];
    const bids: BidForScoring[] = [
      { bidId: 'A', price: '80000.00' },
      { bidId: 'B', price: '100000.00' },
    ];
    const scores = [
      ...row('A', 'e1', criteria, [80, 60, 70]), // mean 70
      ...row('A', 'e2', criteria, [90, 70, 80]), // mean 80
      ...row('B', 'e1', criteria, [100, 80, 90]), // mean 90
      ...row('B', 'e2', criteria, [65, 80, 70]), // mean 71.666…
    ];
    const totals = weightedTotals(bids, scores, criteria, evaluators, { technicalWeight: 60, priceWeight: 40 }, 100);

    it('technical score: the mean over evaluators of each one\'s mean criterion score as a % of the scale', () => {
      // A: (70 + 80) / 2 = 75. B: (90 + 71.666…) / 2 = 80.8333… → 80.83.
      expect(totals.map((t) => t.technicalScore)).toEqual([75, 80.83]);
    });

    it('price score: the lowest price / this price × 100, so the cheapest scores 100', () => {
      // A is the cheapest: 100. B: 80000 / 100000 × 100 = 80.
      expect(totals.map((t) => t.priceScore)).toEqual([100, 80]);
    });

    it('total: technical × 60% + price × 40%, from the unrounded parts', () => {
      // A: 75 × 0.6 + 100 × 0.4 = 45 + 40 = 85. B: 80.8333… × 0.6 + 80 × 0.4 = 48.5 + 32 = 80.5.
      expect(totals).toEqual([
        { bidId: 'A', technicalScore: 75, priceScore: 100, total: 85, complete: true, rank: 1 },
        { bidId: 'B', technicalScore: 80.83, priceScore: 80, total: 80.5, complete: true, rank: 2 },
      ]);
    });
  });

  it('rounds each figure to 2 decimal places at the end (scale 0–10, 70/30)', () => {
    const criteria = ['c1', 'c2', 'c3'];
    const bids = [
      { bidId: 'cheap', price: '30000' },
      { bidId: 'dear', price: '70000' },
    ];
    const scores = [...row('cheap', 'e1', criteria, [5, 5, 5]), ...row('dear', 'e1', criteria, [7, 8, 8])];
    const [cheap, dear] = weightedTotals(bids, scores, criteria, ['e1'], { technicalWeight: 70, priceWeight: 30 }, 10);
    // dear: technical (7 + 8 + 8) / 3 / 10 × 100 = 76.666… → 76.67; price 30000 / 70000 × 100 = 42.857… → 42.86;
    // total 76.666… × 0.7 + 42.857… × 0.3 = 53.666… + 12.857… = 66.5238… → 66.52.
    expect(dear).toEqual({ bidId: 'dear', technicalScore: 76.67, priceScore: 42.86, total: 66.52, complete: true, rank: 1 });
    // cheap: technical 50, price 100, total 35 + 30 = 65.
    expect(cheap).toEqual({ bidId: 'cheap', technicalScore: 50, priceScore: 100, total: 65, complete: true, rank: 2 });
  });

  it('gives the cheapest bid a price score of 100 wherever it is in the list', () => {
    const bids = [
      { bidId: 'x', price: '250.00' },
      { bidId: 'y', price: '125.50' },
      { bidId: 'z', price: '1000' },
    ];
    const totals = weightedTotals(bids, [], ['c1'], ['e1'], { technicalWeight: 50, priceWeight: 50 }, 100);
    expect(totals.map((t) => t.priceScore)).toEqual([50.2, 100, 12.55]);
  });

  it('a zero price scores 100, and by the formula (lowest / price × 100) every dearer bid scores 0 on price', () => {
    const totals = weightedTotals(
      [
        { bidId: 'free', price: '0.00' },
        { bidId: 'paid', price: '50000.00' },
      ],
      [score('free', 'e1', 'c1', 40), score('paid', 'e1', 'c1', 80)],
      ['c1'],
      ['e1'],
      { technicalWeight: 50, priceWeight: 50 },
      100,
    );
    expect(totals.map((t) => [t.bidId, t.priceScore, t.total, t.rank])).toEqual([
      ['free', 100, 70, 1],
      ['paid', 0, 40, 2],
    ]);
  });

  describe('incomplete bids', () => {
    const criteria = ['c1', 'c2'];
    const evaluators = ['e1', 'e2'];
    const bids = [
      { bidId: 'partly', price: '100' },
      { bidId: 'fully', price: '100' },
      { bidId: 'unscored', price: '100' },
    ];
    const scores = [
      // partly: e2 has not scored c2 yet — its shown total is high, but it must not be ranked.
      ...row('partly', 'e1', criteria, [100, 100]),
      score('partly', 'e2', 'c1', 100),
      ...row('fully', 'e1', criteria, [50, 50]),
      ...row('fully', 'e2', criteria, [50, 50]),
    ];
    const totals = weightedTotals(bids, scores, criteria, evaluators, { technicalWeight: 80, priceWeight: 20 }, 100);

    it('have rank null (and complete false) while any evaluator has a criterion unscored; complete bids are ranked among themselves', () => {
      expect(totals.map((t) => [t.bidId, t.complete, t.rank])).toEqual([
        ['partly', false, null],
        ['fully', true, 1],
        ['unscored', false, null],
      ]);
    });

    it('show a provisional total from the scores given so far', () => {
      // partly: e1 100, e2 100 (one criterion) → technical 100; total 100 × 0.8 + 100 × 0.2 = 100.
      expect(totals[0]).toMatchObject({ technicalScore: 100, priceScore: 100, total: 100 });
      // fully: technical 50 → 40 + 20 = 60.
      expect(totals[1]).toMatchObject({ technicalScore: 50, total: 60 });
    });

    it('with no scores at all have no technical score or total, but a price score', () => {
      expect(totals[2]).toEqual({ bidId: 'unscored', technicalScore: null, priceScore: 100, total: null, complete: false, rank: null });
    });

    it('are all incomplete when nobody is assigned to evaluate or there are no criteria', () => {
      const s = row('fully', 'e1', criteria, [50, 50]);
      expect(weightedTotals([bids[1]], s, criteria, [], { technicalWeight: 80, priceWeight: 20 }, 100)[0]).toMatchObject({ complete: false, rank: null });
      expect(weightedTotals([bids[1]], s, [], ['e1'], { technicalWeight: 80, priceWeight: 20 }, 100)[0]).toMatchObject({ complete: false, rank: null });
    });
  });

  it('ties share a rank and the next rank is skipped (1, 1, 3)', () => {
    // 50/50, one criterion, one evaluator.
    // A: technical 100, price 100/200 → 50: total 75. B: technical 50, price 100: total 75. C: technical 30, price 100: total 65.
    const bids = [
      { bidId: 'A', price: '200' },
      { bidId: 'B', price: '100' },
      { bidId: 'C', price: '100' },
    ];
    const scores = [score('A', 'e1', 'c1', 100), score('B', 'e1', 'c1', 50), score('C', 'e1', 'c1', 30)];
    const totals = weightedTotals(bids, scores, ['c1'], ['e1'], { technicalWeight: 50, priceWeight: 50 }, 100);
    expect(totals.map((t) => [t.bidId, t.total, t.rank])).toEqual([
      ['A', 75, 1],
      ['B', 75, 1],
      ['C', 65, 3],
    ]);
  });

  it('ignores scores by evaluators not assigned and for criteria not of the requirement', () => {
    const scores = [score('A', 'e1', 'c1', 60), score('A', 'intruder', 'c1', 0), score('A', 'e1', 'other', 0)];
    const [a] = weightedTotals([{ bidId: 'A', price: '10' }], scores, ['c1'], ['e1'], { technicalWeight: 100, priceWeight: 0 }, 100);
    expect(a).toEqual({ bidId: 'A', technicalScore: 60, priceScore: 100, total: 60, complete: true, rank: 1 });
  });

  it('a later score for the same (bid, evaluator, criterion) replaces the earlier one', () => {
    const [a] = weightedTotals([{ bidId: 'A', price: '10' }], [score('A', 'e1', 'c1', 10), score('A', 'e1', 'c1', 90)], ['c1'], ['e1'], { technicalWeight: 100, priceWeight: 0 }, 100);
    expect(a.technicalScore).toBe(90);
  });

  it('keeps the order of the bids given and answers [] for none', () => {
    expect(weightedTotals([], [], ['c1'], ['e1'], { technicalWeight: 50, priceWeight: 50 }, 100)).toEqual([]);
    const ids = ['q', 'a', 'm'].map((bidId) => ({ bidId, price: '1' }));
    expect(weightedTotals(ids, [], ['c1'], ['e1'], { technicalWeight: 50, priceWeight: 50 }, 100).map((t) => t.bidId)).toEqual(['q', 'a', 'm']);
  });
});
