import { Money } from '@app/shared';

/**
 * Currency conversion with reference rates, for comparing supplier figures with a size
 * definition's limits. Exact arithmetic only: rates are decimal strings scaled to bigints,
 * amounts are bigint minor units (the platform's Money always has 2 decimals, whatever the
 * currency), and each conversion rounds once, half away from zero.
 */

/** Reference rates: how many EUR one unit of each currency is worth, as decimal strings, e.g. { EUR: '1', GBP: '1.1500', USD: '0.9200' }. */
export type RatesToEur = Readonly<Record<string, string>>;

export const DEFAULT_RATES_TO_EUR: RatesToEur = Object.freeze({ EUR: '1', GBP: '1.1700', USD: '0.9200' });

const CURRENCY_RE = /^[A-Z]{3}$/;
/** A positive rate: digits with an optional fraction, no sign, no exponent. */
const RATE_RE = /^(\d+)(?:\.(\d+))?$/;

/** A positive decimal as numerator / 10^scale. */
interface Decimal {
  numerator: bigint;
  scale: bigint;
}

function parseDecimal(text: string): Decimal | null {
  const m = RATE_RE.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  return { numerator: BigInt(m[1] + fraction), scale: 10n ** BigInt(fraction.length) };
}

/** Checks one rate string; returns why it is refused, or the parsed value. */
function checkRate(text: string): Decimal | string {
  if (/^[-+]/.test(text)) return 'rate must be positive';
  const d = parseDecimal(text);
  if (!d) return 'rate must be a decimal number such as 1.17';
  if (d.numerator === 0n) return 'rate must be positive';
  return d;
}

/**
 * Parses 'GBP=1.17,USD=0.92' (whitespace around entries, codes and rates tolerated). EUR=1 is
 * implied; an explicit EUR entry is accepted only if it equals 1. A blank spec gives EUR alone.
 *
 * @throws RangeError naming the bad entry: malformed entry, code not /^[A-Z]{3}$/, rate not a
 *   positive decimal, or a duplicate code.
 */
export function parseRates(spec: string): RatesToEur {
  const rates: Record<string, string> = { EUR: '1' };
  if (spec.trim() === '') return Object.freeze(rates);
  const seen = new Set<string>();
  for (const rawEntry of spec.split(',')) {
    const entry = rawEntry.trim();
    const parts = entry.split('=');
    if (parts.length !== 2) throw new RangeError(`Bad rate entry "${entry}": expected CODE=RATE`);
    const code = parts[0].trim();
    const rate = parts[1].trim();
    if (!CURRENCY_RE.test(code)) {
      throw new RangeError(`Bad rate entry "${entry}": currency code must be 3 capital letters`);
    }
    if (seen.has(code)) throw new RangeError(`Bad rate entry "${entry}": duplicate currency ${code}`);
    seen.add(code);
    const checked = checkRate(rate);
    if (typeof checked === 'string') throw new RangeError(`Bad rate entry "${entry}": ${checked}`);
    if (code === 'EUR') {
      if (checked.numerator !== checked.scale) throw new RangeError(`Bad rate entry "${entry}": EUR is always 1`);
      continue;
    }
    rates[code] = rate;
  }
  return Object.freeze(rates);
}

/** True when the code is a valid currency code and has a rate (EUR always does). */
export function isKnownCurrency(currency: string, rates: RatesToEur): boolean {
  if (!CURRENCY_RE.test(currency)) return false;
  return currency === 'EUR' || Object.hasOwn(rates, currency);
}

function rateOf(currency: string, rates: RatesToEur): Decimal {
  if (!CURRENCY_RE.test(currency)) throw new RangeError(`Not an ISO 4217 currency code: ${currency}`);
  if (!Object.hasOwn(rates, currency)) {
    if (currency === 'EUR') return { numerator: 1n, scale: 1n };
    throw new RangeError(`Unknown currency: no rate to EUR for ${currency}`);
  }
  const checked = checkRate(rates[currency]);
  if (typeof checked === 'string') throw new RangeError(`Bad rate for ${currency} ("${rates[currency]}"): ${checked}`);
  if (currency === 'EUR' && checked.numerator !== checked.scale) {
    throw new RangeError(`Bad rate for EUR ("${rates[currency]}"): EUR is always 1`);
  }
  return checked;
}

/** n / d rounded half away from zero; d > 0. */
function divideRounded(n: bigint, d: bigint): bigint {
  const abs = n < 0n ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return n < 0n ? -q : q;
}

/**
 * Converts through the EUR cross rate: result = amount × rate(from) / rate(to), computed exactly
 * and rounded once, half away from zero, to minor units. Same currency returns `amount` itself.
 *
 * @throws RangeError when `to` is not a currency code, either currency has no rate (naming it),
 *   or a rate in `rates` is not a positive decimal.
 */
export function convertMoney(amount: Money, to: string, rates: RatesToEur): Money {
  if (!CURRENCY_RE.test(to)) throw new RangeError(`Not an ISO 4217 currency code: ${to}`);
  if (amount.currency === to) return amount;
  const from = rateOf(amount.currency, rates);
  const target = rateOf(to, rates);
  // minor × (from.n / from.s) / (target.n / target.s) = minor × from.n × target.s / (from.s × target.n)
  const numerator = amount.minor * from.numerator * target.scale;
  const denominator = from.scale * target.numerator;
  return { minor: divideRounded(numerator, denominator), currency: to };
}
