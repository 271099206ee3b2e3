/**
 * Exact decimal handling for imported amounts. Amounts travel as decimal strings and are never
 * turned into floats: a float cannot hold 0.1 exactly, and sums of thousands of rows drift.
 */

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** True for a plain decimal string: optional minus, digits, optional fraction (`-12.50`, `0`, `3.1415`). */
export function isPlainDecimal(text: string): boolean {
  return PLAIN_DECIMAL.test(text);
}

/**
 * An OCDS amount (a JSON number as read, or the exact number text the streaming reader keeps)
 * as a plain decimal string, or null when it is not a finite number.
 * Plain decimal text is returned unchanged (`43789.0` stays `43789.0`); exponent notation
 * (`1.5E3`) is expanded exactly, by moving the decimal point in the digits, not via a float.
 */
export function toDecimalString(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const text = String(value);
    return isPlainDecimal(text) ? text : expandExponent(text);
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (isPlainDecimal(text)) return text;
  return expandExponent(text);
}

function expandExponent(text: string): string | null {
  const m = JSON_NUMBER.exec(text);
  if (!m) return null;
  const [, sign, intPart, fracPart = '', expPart = '0'] = m;
  const exp = Number(expPart);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return null;
  const digits = intPart + fracPart;
  const point = intPart.length + exp; // position of the decimal point within `digits`
  let whole: string;
  let frac: string;
  if (point <= 0) {
    whole = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    whole = digits.slice(0, point);
    frac = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/** A plain decimal string as a scaled integer: `-12.5` → { units: -125n, scale: 1 }. */
export function parseScaled(text: string): { units: bigint; scale: number } {
  if (!isPlainDecimal(text)) throw new RangeError(`Not a plain decimal: ${text}`);
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + frac);
  return { units: negative ? -units : units, scale: frac.length };
}

/** Renders a scaled integer back as a decimal string with exactly `scale` fraction digits. */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = scale ? digits.slice(0, -scale) : digits;
  const frac = scale ? `.${digits.slice(-scale)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Exact sum of plain decimal strings, with as many fraction digits as the longest input has. */
export function sumDecimals(values: readonly string[]): string {
  const parsed = values.map(parseScaled);
  const scale = parsed.reduce((s, p) => Math.max(s, p.scale), 0);
  let total = 0n;
  for (const p of parsed) total += p.units * 10n ** BigInt(scale - p.scale);
  return formatScaled(total, scale);
}
