import { VALUE_SCALE, WEIGHT_SCALE, divRound, formatScaled, parseScaled } from './decimal';
import { DateBasis, bucketDate, monthOf } from './periods';
import { ReportedBand, SourceContract, SourceSupplier } from './source-contract';

/**
 * The metric definitions of product.md §4, rules 1–4 and 8: from the current state of one
 * contract, its award-supplier lines. Pure; every rule has a unit test.
 */

/** Version of the metric definitions; stored with every snapshot so earlier figures can be reproduced. */
export const SME_DEFINITION_VERSION = '2026.11-1';

export type SmeClass = 'sme' | 'large' | 'unknown';

/** Rule 4: micro, small, medium, sme, selfEmployed → SME; large → non-SME; anything else → unknown, never non-SME. */
export function smeClassOf(band: ReportedBand | string | null | undefined): SmeClass {
  switch (band) {
    case 'micro':
    case 'small':
    case 'medium':
    case 'sme':
    case 'selfEmployed':
      return 'sme';
    case 'large':
      return 'large';
    default:
      return 'unknown';
  }
}

export const SME_BANDS: readonly ReportedBand[] = ['micro', 'small', 'medium', 'sme', 'selfEmployed'];

export interface AwardLine {
  lineNo: number;
  supplierKey: string;
  supplierName: string;
  band: ReportedBand;
  /** 1/n as a decimal with 12 places. */
  weight: string;
  /** This line's value in the contract's currency (6 places), or null when the contract has no value. */
  amount: string | null;
  currency: string | null;
}

export interface ContractLines {
  /** Why the contract gives no lines, when it gives none. */
  excluded: 'not-in-force' | 'framework-agreement' | 'no-suppliers' | 'no-date' | null;
  awardDate: string | null;
  month: string | null;
  dateBasis: DateBasis;
  lines: AwardLine[];
}

const BAND_KNOWLEDGE = (b: ReportedBand): number => (b === 'unknown' ? 0 : 1);

/**
 * Distinct suppliers by key, in first-listed order. A supplier listed twice is one supplier
 * (its stated amounts add up); where the listings disagree on size, a known band beats unknown.
 */
export function distinctSuppliers(suppliers: SourceSupplier[]): SourceSupplier[] {
  const byKey = new Map<string, SourceSupplier>();
  for (const s of suppliers) {
    const seen = byKey.get(s.key);
    if (!seen) {
      byKey.set(s.key, { ...s });
      continue;
    }
    if (BAND_KNOWLEDGE(s.band) > BAND_KNOWLEDGE(seen.band)) seen.band = s.band;
    if (seen.amount != null && s.amount != null) {
      const a = parseScaled(seen.amount, VALUE_SCALE);
      const b = parseScaled(s.amount, VALUE_SCALE);
      seen.amount = a != null && b != null ? formatScaled(a + b, VALUE_SCALE) : null;
    } else seen.amount = null;
  }
  return [...byKey.values()];
}

/** Weight 1/n to 12 places: the weights of one contract sum to 1 within 10^-12 × n. */
export function weightOf(n: number): string {
  return formatScaled(divRound(10n ** BigInt(WEIGHT_SCALE), BigInt(n)), WEIGHT_SCALE);
}

/**
 * Rules 1–4 and 8 for one contract: only an award in force (`active`) counts; a framework
 * agreement itself gives no lines (its call-offs do); n distinct suppliers give n lines of
 * weight 1/n and value amount/n — unless every supplier's own value is known, then those.
 */
export function buildAwardLines(contract: SourceContract): ContractLines {
  const { date, basis } = bucketDate(contract.dates);
  const base = { awardDate: date, month: date ? monthOf(date) : null, dateBasis: basis };
  if (contract.status !== 'active') return { ...base, excluded: 'not-in-force', lines: [] };
  if (contract.isFramework) return { ...base, excluded: 'framework-agreement', lines: [] };
  const suppliers = distinctSuppliers(contract.suppliers);
  if (!suppliers.length) return { ...base, excluded: 'no-suppliers', lines: [] };
  if (!date) return { ...base, excluded: 'no-date', lines: [] };

  const n = suppliers.length;
  const stated = suppliers.map((s) => (s.amount == null ? null : parseScaled(s.amount, VALUE_SCALE)));
  const everyStated = stated.every((a) => a != null);
  // Per-supplier values, when every one is known, stand even where the contract states no total.
  const total = contract.amount != null ? parseScaled(contract.amount, VALUE_SCALE) : everyStated ? stated.reduce<bigint>((a, b) => a + (b as bigint), 0n) : null;
  const allStated = total != null && everyStated;
  const weight = weightOf(n);
  const lines = suppliers.map((s, i): AwardLine => {
    let amount: string | null = null;
    if (total != null) amount = formatScaled(allStated ? (stated[i] as bigint) : divRound(total, BigInt(n)), VALUE_SCALE);
    return {
      lineNo: i + 1,
      supplierKey: s.key,
      supplierName: s.name,
      band: s.band,
      weight,
      amount,
      currency: total == null ? null : contract.currency,
    };
  });
  return { ...base, excluded: null, lines };
}
