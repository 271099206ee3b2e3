import { formatMoney, money } from '@app/shared';
import {
  SIZE_BANDS,
  SIZE_DEFINITION_IDS,
  SIZE_DEFINITIONS,
  SizeBand,
  SizeDefinitionId,
  bandRank,
  deriveSizeBand,
  isSme,
} from './size-band';

/**
 * Expected limits, written out independently of SIZE_DEFINITIONS so that the edge tables
 * below check the constants as well as the algorithm.
 */
interface ExpectedLimit {
  band: Exclude<SizeBand, 'large'>;
  next: SizeBand;
  staffBelow: number;
  turnover: string;
  turnoverOver: string;
  balanceSheet: string;
  balanceSheetOver: string;
}

const EXPECTED: Record<SizeDefinitionId, { label: string; currency: 'EUR' | 'GBP'; limits: ExpectedLimit[] }> = {
  'eu-2003-361': {
    label: 'EU',
    currency: 'EUR',
    limits: [
      {
        band: 'micro',
        next: 'small',
        staffBelow: 10,
        turnover: '2000000.00',
        turnoverOver: '2000000.01',
        balanceSheet: '2000000.00',
        balanceSheetOver: '2000000.01',
      },
      {
        band: 'small',
        next: 'medium',
        staffBelow: 50,
        turnover: '10000000.00',
        turnoverOver: '10000000.01',
        balanceSheet: '10000000.00',
        balanceSheetOver: '10000000.01',
      },
      {
        band: 'medium',
        next: 'large',
        staffBelow: 250,
        turnover: '50000000.00',
        turnoverOver: '50000000.01',
        balanceSheet: '43000000.00',
        balanceSheetOver: '43000000.01',
      },
    ],
  },
  'uk-pa-2023': {
    label: 'UK',
    currency: 'GBP',
    limits: [
      {
        band: 'micro',
        next: 'small',
        staffBelow: 10,
        turnover: '2000000.00',
        turnoverOver: '2000000.01',
        balanceSheet: '2000000.00',
        balanceSheetOver: '2000000.01',
      },
      {
        band: 'small',
        next: 'medium',
        staffBelow: 50,
        turnover: '10000000.00',
        turnoverOver: '10000000.01',
        balanceSheet: '10000000.00',
        balanceSheetOver: '10000000.01',
      },
      {
        band: 'medium',
        next: 'large',
        staffBelow: 250,
        turnover: '44000000.00',
        turnoverOver: '44000000.01',
        balanceSheet: '38000000.00',
        balanceSheetOver: '38000000.01',
      },
    ],
  },
};

/** One row of an edge table: [test name, definition id, headcount, turnover, balance sheet, expected band]. */
type Row = [string, SizeDefinitionId, number, string, string, SizeBand];

const SMALL_AMOUNT = '1.00';

/** Builds rows for every band limit of both definitions. */
function rows(build: (id: SizeDefinitionId, label: string, l: ExpectedLimit) => Row[]): Row[] {
  return SIZE_DEFINITION_IDS.flatMap((id) => EXPECTED[id].limits.flatMap((l) => build(id, EXPECTED[id].label, l)));
}

function band(id: SizeDefinitionId, headcount: number, turnover: string, balanceSheet: string): SizeBand {
  const { currency } = SIZE_DEFINITIONS[id];
  return deriveSizeBand(
    { headcount, turnover: money(turnover, currency), balanceSheet: money(balanceSheet, currency) },
    SIZE_DEFINITIONS[id],
  );
}

describe('SIZE_DEFINITIONS', () => {
  it.each(SIZE_DEFINITION_IDS.map((id) => [id]))('%s: limits are micro, small, medium with the expected figures', (id) => {
    const def = SIZE_DEFINITIONS[id];
    const expected = EXPECTED[id];
    expect(def.id).toBe(id);
    expect(def.currency).toBe(expected.currency);
    expect(def.name).not.toBe('');
    expect(def.source).not.toBe('');
    expect(
      def.limits.map((l) => ({
        band: l.band,
        staffBelow: l.staffBelow,
        turnover: formatMoney(l.maxTurnover),
        turnoverCurrency: l.maxTurnover.currency,
        balanceSheet: formatMoney(l.maxBalanceSheet),
        balanceSheetCurrency: l.maxBalanceSheet.currency,
      })),
    ).toEqual(
      expected.limits.map((l) => ({
        band: l.band,
        staffBelow: l.staffBelow,
        turnover: l.turnover,
        turnoverCurrency: expected.currency,
        balanceSheet: l.balanceSheet,
        balanceSheetCurrency: expected.currency,
      })),
    );
  });

  it('has exactly one definition per id', () => {
    expect(Object.keys(SIZE_DEFINITIONS).sort()).toEqual([...SIZE_DEFINITION_IDS].sort());
  });

  it('is frozen so callers cannot move the thresholds', () => {
    expect(Object.isFrozen(SIZE_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(SIZE_DEFINITIONS['eu-2003-361'])).toBe(true);
    expect(Object.isFrozen(SIZE_DEFINITIONS['uk-pa-2023'].limits)).toBe(true);
    expect(Object.isFrozen(SIZE_DEFINITIONS['uk-pa-2023'].limits[2])).toBe(true);
    expect(Object.isFrozen(SIZE_DEFINITIONS['uk-pa-2023'].limits[2].maxTurnover)).toBe(true);
  });
});

describe('deriveSizeBand', () => {
  describe('staff edges (small amounts)', () => {
    it.each(
      rows((id, label, l) => [
        [`${label}: ${l.staffBelow - 1} staff is ${l.band}`, id, l.staffBelow - 1, SMALL_AMOUNT, SMALL_AMOUNT, l.band],
        [`${label}: ${l.staffBelow} staff is not ${l.band} (${l.next})`, id, l.staffBelow, SMALL_AMOUNT, SMALL_AMOUNT, l.next],
      ]),
    )('%s', (_name, id, headcount, turnover, balanceSheet, expected) => {
      expect(band(id, headcount, turnover, balanceSheet)).toBe(expected);
    });
  });

  describe('turnover at and one minor unit above each limit (balance sheet over its limit)', () => {
    it.each(
      rows((id, label, l) => [
        [
          `${label}: turnover exactly ${l.turnover} is ${l.band}`,
          id,
          l.staffBelow - 1,
          l.turnover,
          l.balanceSheetOver,
          l.band,
        ],
        [
          `${label}: turnover ${l.turnoverOver} is not ${l.band} (${l.next})`,
          id,
          l.staffBelow - 1,
          l.turnoverOver,
          l.balanceSheetOver,
          l.next,
        ],
      ]),
    )('%s', (_name, id, headcount, turnover, balanceSheet, expected) => {
      expect(band(id, headcount, turnover, balanceSheet)).toBe(expected);
    });
  });

  describe('balance sheet at and one minor unit above each limit (turnover over its limit)', () => {
    it.each(
      rows((id, label, l) => [
        [
          `${label}: balance sheet exactly ${l.balanceSheet} is ${l.band}`,
          id,
          l.staffBelow - 1,
          l.turnoverOver,
          l.balanceSheet,
          l.band,
        ],
        [
          `${label}: balance sheet ${l.balanceSheetOver} is not ${l.band} (${l.next})`,
          id,
          l.staffBelow - 1,
          l.turnoverOver,
          l.balanceSheetOver,
          l.next,
        ],
      ]),
    )('%s', (_name, id, headcount, turnover, balanceSheet, expected) => {
      expect(band(id, headcount, turnover, balanceSheet)).toBe(expected);
    });
  });

  describe('either-or rule at every level', () => {
    it.each(
      rows((id, label, l) => [
        [
          `${label}: turnover over but balance sheet within is still ${l.band}`,
          id,
          l.staffBelow - 1,
          l.turnoverOver,
          SMALL_AMOUNT,
          l.band,
        ],
        [
          `${label}: balance sheet over but turnover within is still ${l.band}`,
          id,
          l.staffBelow - 1,
          SMALL_AMOUNT,
          l.balanceSheetOver,
          l.band,
        ],
        [
          `${label}: both over the ${l.band} limits is ${l.next}`,
          id,
          l.staffBelow - 1,
          l.turnoverOver,
          l.balanceSheetOver,
          l.next,
        ],
        [
          `${label}: ${l.staffBelow} staff with tiny money is ${l.next}, not ${l.band}`,
          id,
          l.staffBelow,
          '0.01',
          '0.01',
          l.next,
        ],
        [
          `${label}: both within the ${l.band} limits with 0 staff is exactly ${l.band}`,
          id,
          0,
          l.turnover,
          l.balanceSheet,
          l.band,
        ],
      ]),
    )('%s', (_name, id, headcount, turnover, balanceSheet, expected) => {
      expect(band(id, headcount, turnover, balanceSheet)).toBe(expected);
    });
  });

  describe("medium's asymmetric limits", () => {
    it.each<Row>([
      ['EU: turnover 46m (≤ 50m) with balance sheet 46m (> 43m) is medium', 'eu-2003-361', 100, '46000000.00', '46000000.00', 'medium'],
      ['EU: turnover exactly 50m with balance sheet 50m is medium', 'eu-2003-361', 249, '50000000.00', '50000000.00', 'medium'],
      ['EU: balance sheet 46m is over 43m, so with turnover 51m it is large', 'eu-2003-361', 100, '51000000.00', '46000000.00', 'large'],
      ['EU: balance sheet exactly 43m with turnover 60m is medium', 'eu-2003-361', 249, '60000000.00', '43000000.00', 'medium'],
      ['EU: balance sheet 43,000,000.01 with turnover 50,000,000.01 is large', 'eu-2003-361', 249, '50000000.01', '43000000.01', 'large'],
      ['UK: turnover 40m (≤ 44m) with balance sheet 40m (> 38m) is medium', 'uk-pa-2023', 100, '40000000.00', '40000000.00', 'medium'],
      ['UK: turnover exactly 44m with balance sheet 44m is medium', 'uk-pa-2023', 249, '44000000.00', '44000000.00', 'medium'],
      ['UK: balance sheet 40m is over 38m, so with turnover 45m it is large', 'uk-pa-2023', 100, '45000000.00', '40000000.00', 'large'],
      ['UK: balance sheet exactly 38m with turnover 60m is medium', 'uk-pa-2023', 249, '60000000.00', '38000000.00', 'medium'],
      ['UK: the EU medium figures (turnover 50m, balance sheet 43m) are large', 'uk-pa-2023', 100, '50000000.00', '43000000.00', 'large'],
      ['EU: the UK-large figures (turnover 50m, balance sheet 43m) are medium', 'eu-2003-361', 100, '50000000.00', '43000000.00', 'medium'],
    ])('%s', (_name, id, headcount, turnover, balanceSheet, expected) => {
      expect(band(id, headcount, turnover, balanceSheet)).toBe(expected);
    });
  });

  describe('extremes', () => {
    it.each<Row>([
      ['EU: 0 staff and no money is micro', 'eu-2003-361', 0, '0.00', '0.00', 'micro'],
      ['UK: 0 staff and no money is micro', 'uk-pa-2023', 0, '0.00', '0.00', 'micro'],
      ['EU: 0 staff but huge turnover and balance sheet is large', 'eu-2003-361', 0, '999999999999.99', '999999999999.99', 'large'],
      ['UK: 0 staff but huge turnover and balance sheet is large', 'uk-pa-2023', 0, '999999999999.99', '999999999999.99', 'large'],
      ['EU: a huge headcount with no money is large', 'eu-2003-361', 5_000_000, '0.00', '0.00', 'large'],
      ['UK: a huge headcount with no money is large', 'uk-pa-2023', 5_000_000, '0.00', '0.00', 'large'],
      ['EU: Number.MAX_SAFE_INTEGER staff is large', 'eu-2003-361', Number.MAX_SAFE_INTEGER, '0.00', '0.00', 'large'],
    ])('%s', (_name, id, headcount, turnover, balanceSheet, expected) => {
      expect(band(id, headcount, turnover, balanceSheet)).toBe(expected);
    });
  });

  it('never gives a smaller band when any figure grows (both definitions)', () => {
    const staffSteps = [0, 9, 10, 49, 50, 249, 250];
    const amountSteps = ['0.00', '2000000.00', '2000000.01', '10000000.01', '38000000.01', '43000000.01', '44000000.01', '50000000.01'];
    let checked = 0;
    for (const id of SIZE_DEFINITION_IDS) {
      for (let s = 0; s < staffSteps.length; s++) {
        for (let t = 0; t < amountSteps.length; t++) {
          for (let b = 0; b < amountSteps.length; b++) {
            const here = bandRank(band(id, staffSteps[s], amountSteps[t], amountSteps[b]));
            if (s + 1 < staffSteps.length) {
              expect(bandRank(band(id, staffSteps[s + 1], amountSteps[t], amountSteps[b]))).toBeGreaterThanOrEqual(here);
            }
            if (t + 1 < amountSteps.length) {
              expect(bandRank(band(id, staffSteps[s], amountSteps[t + 1], amountSteps[b]))).toBeGreaterThanOrEqual(here);
            }
            if (b + 1 < amountSteps.length) {
              expect(bandRank(band(id, staffSteps[s], amountSteps[t], amountSteps[b + 1]))).toBeGreaterThanOrEqual(here);
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(2 * staffSteps.length * amountSteps.length * amountSteps.length);
  });

  describe('validation', () => {
    const eu = SIZE_DEFINITIONS['eu-2003-361'];
    const uk = SIZE_DEFINITIONS['uk-pa-2023'];
    const okEur = { headcount: 5, turnover: money('1.00', 'EUR'), balanceSheet: money('1.00', 'EUR') };
    const okGbp = { headcount: 5, turnover: money('1.00', 'GBP'), balanceSheet: money('1.00', 'GBP') };

    it.each([
      ['negative headcount', -1],
      ['fractional headcount', 9.5],
      ['NaN headcount', Number.NaN],
      ['infinite headcount', Number.POSITIVE_INFINITY],
      ['headcount beyond the safe integer range', 2 ** 60],
    ])('EU: %s is a RangeError naming headcount', (_name, headcount) => {
      expect(() => deriveSizeBand({ ...okEur, headcount }, eu)).toThrow(RangeError);
      expect(() => deriveSizeBand({ ...okEur, headcount }, eu)).toThrow(/headcount/);
    });

    it('UK: negative headcount is a RangeError naming headcount', () => {
      expect(() => deriveSizeBand({ ...okGbp, headcount: -1 }, uk)).toThrow(/headcount/);
    });

    it.each([
      ['EU: negative turnover', eu, { ...okEur, turnover: money('-0.01', 'EUR') }, /turnover must not be negative/],
      ['EU: negative balance sheet', eu, { ...okEur, balanceSheet: money('-0.01', 'EUR') }, /balanceSheet must not be negative/],
      ['UK: negative turnover', uk, { ...okGbp, turnover: money('-100.00', 'GBP') }, /turnover must not be negative/],
      ['UK: negative balance sheet', uk, { ...okGbp, balanceSheet: money('-100.00', 'GBP') }, /balanceSheet must not be negative/],
      ['EU: turnover in GBP', eu, { ...okEur, turnover: money('1.00', 'GBP') }, /turnover is in GBP .* uses EUR/],
      ['EU: balance sheet in USD', eu, { ...okEur, balanceSheet: money('1.00', 'USD') }, /balanceSheet is in USD .* uses EUR/],
      ['UK: turnover in EUR', uk, { ...okGbp, turnover: money('1.00', 'EUR') }, /turnover is in EUR .* uses GBP/],
      ['UK: balance sheet in EUR', uk, { ...okGbp, balanceSheet: money('1.00', 'EUR') }, /balanceSheet is in EUR .* uses GBP/],
      [
        'EU: turnover given as a float number of minor units',
        eu,
        { ...okEur, turnover: { minor: 1.5 as unknown as bigint, currency: 'EUR' } },
        /turnover must be a Money amount/,
      ],
    ])('%s is a RangeError naming the figure', (_name, def, figures, message) => {
      expect(() => deriveSizeBand(figures, def)).toThrow(RangeError);
      expect(() => deriveSizeBand(figures, def)).toThrow(message);
    });

    it.each([
      ['EU', eu, okEur, 'micro'],
      ['UK', uk, okGbp, 'micro'],
    ] as const)('%s: zero turnover and zero balance sheet are valid', (_label, def, figures, expected) => {
      const zero = money('0', def.currency);
      expect(deriveSizeBand({ ...figures, turnover: zero, balanceSheet: zero }, def)).toBe(expected);
    });
  });
});

describe('isSme', () => {
  it.each<[SizeBand | null | undefined, boolean]>([
    ['micro', true],
    ['small', true],
    ['medium', true],
    ['large', false],
    [null, false],
    [undefined, false],
  ])('%s → %s', (b, expected) => {
    expect(isSme(b)).toBe(expected);
  });

  it('is false for a value that is not a band', () => {
    expect(isSme('huge' as SizeBand)).toBe(false);
  });
});

describe('bandRank', () => {
  it.each<[SizeBand, number]>([
    ['micro', 0],
    ['small', 1],
    ['medium', 2],
    ['large', 3],
  ])('%s has rank %i', (b, expected) => {
    expect(bandRank(b)).toBe(expected);
  });

  it('follows the order of SIZE_BANDS', () => {
    expect([...SIZE_BANDS].sort((a, b) => bandRank(a) - bandRank(b))).toEqual(['micro', 'small', 'medium', 'large']);
    expect(SIZE_BANDS).toEqual(['micro', 'small', 'medium', 'large']);
  });

  it('throws a RangeError for a value that is not a band', () => {
    expect(() => bandRank('huge' as SizeBand)).toThrow(RangeError);
  });
});
