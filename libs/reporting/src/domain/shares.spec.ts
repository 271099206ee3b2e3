import { COVERAGE_THRESHOLD, ClassTotals, gradeOf, shareFigures } from './shares';

const totals = (
  sme: [weight: number, value: number, lines: number],
  large: [weight: number, value: number, lines: number],
  unknown: [weight: number, value: number, lines: number],
  unconvertedLines = 0,
): ClassTotals => ({
  sme: { weight: sme[0], value: sme[1], lines: sme[2] },
  large: { weight: large[0], value: large[1], lines: large[2] },
  unknown: { weight: unknown[0], value: unknown[1], lines: unknown[2] },
  unconvertedLines,
});

describe('shares and coverage (metric rules 5 and 7)', () => {
  it('rule 5 — count share = SME weight / (SME + non-SME) weight; value share likewise', () => {
    const f = shareFigures(totals([1, 300, 1], [3, 900, 3], [0, 0, 0]));
    expect(f.countShare).toBeCloseTo(0.25, 12);
    expect(f.valueShare).toBeCloseTo(0.25, 12);
    expect(f.countCoverage).toBe(1);
    expect(f.valueCoverage).toBe(1);
    expect(f.countGreyed).toBe(false);
    expect(f.valueGreyed).toBe(false);
    expect(f).toMatchObject({ lines: 4, weight: 4, valueGbp: 1200, smeWeight: 1, smeValueGbp: 300 });
  });

  it('unknown size: unknown weight counts in coverage only, not in the share', () => {
    // a 3-way consortium of small, large and unknown (the ledger int-spec case)
    const f = shareFigures(totals([1 / 3, 300, 1], [1 / 3, 300, 1], [1 / 3, 300, 1]));
    expect(f.countShare).toBeCloseTo(0.5, 12); // not 1/3: unknown is neither SME nor non-SME
    expect(f.valueShare).toBeCloseTo(0.5, 12);
    expect(f.countCoverage).toBeCloseTo(2 / 3, 12);
    expect(f.valueCoverage).toBeCloseTo(2 / 3, 12);
    expect(f.countGreyed).toBe(true);
    expect(f.valueGreyed).toBe(true);
    expect(f.lines).toBe(3);
    expect(f.weight).toBeCloseTo(1, 12);
    expect(f.valueGbp).toBe(900);
  });

  it('unknown size is never counted as non-SME: only SME and unknown gives a 100% share at partial coverage', () => {
    const f = shareFigures(totals([1, 100, 1], [0, 0, 0], [3, 300, 3]));
    expect(f.countShare).toBe(1);
    expect(f.valueShare).toBe(1);
    expect(f.countCoverage).toBe(0.25);
  });

  it('no share (null) when nothing is of known size; coverage 0 and greyed', () => {
    const f = shareFigures(totals([0, 0, 0], [0, 0, 0], [2, 500, 2]));
    expect(f.countShare).toBeNull();
    expect(f.valueShare).toBeNull();
    expect(f.countCoverage).toBe(0);
    expect(f.valueCoverage).toBe(0);
    expect(f.countGreyed).toBe(true);
    expect(f.valueGreyed).toBe(true);
  });

  it('no figures at all for an empty period: shares and coverage null, greyed', () => {
    const f = shareFigures(totals([0, 0, 0], [0, 0, 0], [0, 0, 0]));
    expect(f).toMatchObject({ countShare: null, valueShare: null, countCoverage: null, valueCoverage: null, countGreyed: true, valueGreyed: true, lines: 0 });
  });

  it('rule 5 — null values stay in count metrics only (lines without a value add weight, not value)', () => {
    // 2 SME lines, only one with a value; 2 large lines with values
    const f = shareFigures(totals([2, 100, 2], [2, 300, 2], [0, 0, 0]));
    expect(f.countShare).toBe(0.5);
    expect(f.valueShare).toBe(0.25);
  });

  it('credit notes: negative values are netted (SME value 100 + (−40) = 60 against 140 non-SME → 30%)', () => {
    const f = shareFigures(totals([2, 100 + -40, 2], [1, 140, 1], [0, 0, 0]));
    expect(f.smeValueGbp).toBe(60);
    expect(f.valueGbp).toBe(200);
    expect(f.valueShare).toBeCloseTo(0.3, 12);
    expect(f.countShare).toBeCloseTo(2 / 3, 12); // the credit note line still counts by weight
  });

  it('credit notes: netting applies to non-SME and unknown values too', () => {
    const f = shareFigures(totals([1, 100, 1], [2, 400 + -100, 2], [1, 50 + -50, 2]));
    expect(f.valueShare).toBeCloseTo(0.25, 12);
    expect(f.valueGbp).toBe(400);
    expect(f.valueCoverage).toBe(1);
  });

  it('rule 7 — coverage exactly 80% is not greyed', () => {
    expect(COVERAGE_THRESHOLD).toBe(0.8);
    const f = shareFigures(totals([2, 200, 2], [2, 200, 2], [1, 100, 1]));
    expect(f.countCoverage).toBe(0.8);
    expect(f.valueCoverage).toBe(0.8);
    expect(f.countGreyed).toBe(false);
    expect(f.valueGreyed).toBe(false);
  });

  it('rule 7 — coverage 79% is greyed', () => {
    const f = shareFigures(totals([40, 40, 40], [39, 39, 39], [21, 21, 21]));
    expect(f.countCoverage).toBe(0.79);
    expect(f.valueCoverage).toBe(0.79);
    expect(f.countGreyed).toBe(true);
    expect(f.valueGreyed).toBe(true);
  });

  it('rule 7 — count and value coverage are greyed independently', () => {
    // all weight is of known size, but most value sits with an unknown-size supplier
    const f = shareFigures(totals([9, 100, 9], [1, 100, 1], [0.0001, 1000, 1]));
    expect(f.countGreyed).toBe(false);
    expect(f.valueGreyed).toBe(true);
  });

  it('passes unconverted lines (no rate) through', () => {
    expect(shareFigures(totals([1, 1, 1], [1, 1, 1], [0, 0, 0], 3)).unconvertedLines).toBe(3);
  });
});

describe('gradeOf (buyer scorecards, SBA-style grades)', () => {
  const target = 0.33;

  it.each([
    [0.396, 120, 'A+'],
    [0.5, 151.52, 'A+'],
    [0.3959, 119.97, 'A'],
    [0.33, 100, 'A'],
    [0.3299, 99.97, 'B'],
    [0.297, 90, 'B'],
    [0.2969, 89.97, 'C'],
    [0.264, 80, 'C'],
    [0.2639, 79.97, 'D'],
    [0.231, 70, 'D'],
    [0.2309, 69.97, 'F'],
    [0, 0, 'F'],
  ])('grade boundary: share %p of target 0.33 → %p%% → %s', (share, attainment, grade) => {
    expect(gradeOf(share, target)).toEqual({ attainment, grade });
  });

  it('a zero target gives attainment 0 (grade F), not a division by zero', () => {
    expect(gradeOf(0.5, 0)).toEqual({ attainment: 0, grade: 'F' });
  });
});
