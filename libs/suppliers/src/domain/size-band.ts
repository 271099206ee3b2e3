import { Money, money } from '@app/shared';

/**
 * Supplier size banding (micro / small / medium / large) under a named legal
 * definition. Pure domain code: no I/O, no floats — amounts are bigint minor units.
 */

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export const SIZE_DEFINITION_IDS = ['eu-2003-361', 'uk-pa-2023'] as const;
export type SizeDefinitionId = (typeof SIZE_DEFINITION_IDS)[number];

/** Upper limits of one band below 'large'. A band applies when headcount < staffBelow and (turnover ≤ maxTurnover or balance sheet ≤ maxBalanceSheet). */
export interface BandLimit {
  band: Exclude<SizeBand, 'large'>;
  staffBelow: number;
  maxTurnover: Money;
  maxBalanceSheet: Money;
}

export interface SizeDefinition {
  id: SizeDefinitionId;
  name: string;
  currency: 'EUR' | 'GBP';
  /** micro, small, medium, in that order (smallest first). */
  limits: readonly BandLimit[];
  source: string;
}

function limit(
  band: BandLimit['band'],
  staffBelow: number,
  maxTurnover: string,
  maxBalanceSheet: string,
  currency: SizeDefinition['currency'],
): BandLimit {
  return Object.freeze({
    band,
    staffBelow,
    maxTurnover: Object.freeze(money(maxTurnover, currency)),
    maxBalanceSheet: Object.freeze(money(maxBalanceSheet, currency)),
  });
}

function definition(def: SizeDefinition): SizeDefinition {
  return Object.freeze({ ...def, limits: Object.freeze([...def.limits]) });
}

export const SIZE_DEFINITIONS: Record<SizeDefinitionId, SizeDefinition> = Object.freeze({
  'eu-2003-361': definition({
    id: 'eu-2003-361',
    name: 'EU Recommendation 2003/361/EC',
    currency: 'EUR',
    limits: [
      limit('micro', 10, '2000000.00', '2000000.00', 'EUR'),
      limit('small', 50, '10000000.00', '10000000.00', 'EUR'),
      limit('medium', 250, '50000000.00', '43000000.00', 'EUR'),
    ],
    source: 'Commission Recommendation 2003/361/EC of 6 May 2003, Annex, Article 2 (OJ L 124, 20.5.2003, p. 36)',
  }),
  // The Procurement Act 2023 (s.123) defines only the SME boundary: fewer than 250 staff and
  // turnover ≤ £44m or balance sheet ≤ £38m. It does not split SMEs into micro / small / medium.
  // The micro (< 10 staff, £2m / £2m) and small (< 50 staff, £10m / £10m) limits below are the
  // platform's own choice, mirroring the EU staff limits and amounts at face value in GBP, so that
  // reporting can show the same bands under both definitions. Only 'medium' vs 'large' is statutory.
  'uk-pa-2023': definition({
    id: 'uk-pa-2023',
    name: 'UK Procurement Act 2023',
    currency: 'GBP',
    limits: [
      limit('micro', 10, '2000000.00', '2000000.00', 'GBP'),
      limit('small', 50, '10000000.00', '10000000.00', 'GBP'),
      limit('medium', 250, '44000000.00', '38000000.00', 'GBP'),
    ],
    source:
      'Procurement Act 2023, section 123 ("small and medium-sized enterprise"); micro and small splits are platform-defined',
  }),
});

/** Headcount and financial figures; amounts must already be in the definition's currency. */
export interface SizeFigures {
  headcount: number;
  turnover: Money;
  balanceSheet: Money;
}

function checkAmount(name: 'turnover' | 'balanceSheet', value: Money, definition: SizeDefinition): void {
  if (typeof value?.minor !== 'bigint') {
    throw new RangeError(`${name} must be a Money amount in bigint minor units`);
  }
  if (value.currency !== definition.currency) {
    throw new RangeError(
      `${name} is in ${value.currency} but size definition ${definition.id} uses ${definition.currency}`,
    );
  }
  if (value.minor < 0n) throw new RangeError(`${name} must not be negative`);
}

/**
 * The smallest band whose test passes: headcount < staffBelow AND (turnover ≤ maxTurnover OR
 * balanceSheet ≤ maxBalanceSheet) — the either-or rule of Article 2 of the Annex to
 * Recommendation 2003/361/EC, applied at each level. 'large' when no band passes.
 *
 * @throws RangeError when headcount is not a non-negative (safe) integer, an amount is negative
 *   or not bigint minor units, or an amount's currency differs from the definition's.
 */
export function deriveSizeBand(figures: SizeFigures, definition: SizeDefinition): SizeBand {
  const { headcount, turnover, balanceSheet } = figures;
  if (!Number.isSafeInteger(headcount) || headcount < 0) {
    throw new RangeError(`headcount must be a non-negative integer, got ${String(headcount)}`);
  }
  checkAmount('turnover', turnover, definition);
  checkAmount('balanceSheet', balanceSheet, definition);

  for (const l of definition.limits) {
    const withinMoney = turnover.minor <= l.maxTurnover.minor || balanceSheet.minor <= l.maxBalanceSheet.minor;
    if (headcount < l.staffBelow && withinMoney) return l.band;
  }
  return 'large';
}

/** micro, small and medium are SMEs; large, null and undefined (unknown) are not. */
export function isSme(band: SizeBand | null | undefined): boolean {
  return band === 'micro' || band === 'small' || band === 'medium';
}

/** Order of the bands: micro 0, small 1, medium 2, large 3. */
export function bandRank(band: SizeBand): number {
  const rank = SIZE_BANDS.indexOf(band);
  if (rank < 0) throw new RangeError(`Unknown size band: ${String(band)}`);
  return rank;
}
