/**
 * Fixed-point decimals for reporting: values as bigint millionths (6 decimal places),
 * weights as bigint 10^-12ths. Exact, so a full recompute sums to the same figures as the
 * incremental rollups, and Postgres `numeric` stores exactly what was computed here.
 */
export const VALUE_SCALE = 6;
export const WEIGHT_SCALE = 12;

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal string (or a JSON number) to units of 10^-scale, rounding half away from zero; null when not a number. */
export function parseScaled(input: string | number, scale: number): bigint | null {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const negative = !!m[1];
  let digits = m[2] + (m[3] ?? '');
  let exp = (m[4] ? Number(m[4]) : 0) - (m[3]?.length ?? 0) + scale; // value = digits × 10^exp in target units
  let units: bigint;
  if (exp >= 0) units = BigInt(digits) * 10n ** BigInt(exp);
  else {
    const drop = -exp;
    if (drop > digits.length) digits = digits.padStart(drop, '0');
    const keep = digits.slice(0, digits.length - drop) || '0';
    const first = Number(digits[digits.length - drop]);
    units = BigInt(keep) + (first >= 5 ? 1n : 0n);
    exp = 0;
  }
  return negative ? -units : units;
}

/** Formats units of 10^-scale as a plain decimal string. */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = abs.slice(0, abs.length - scale);
  const frac = abs.slice(abs.length - scale);
  return `${negative ? '-' : ''}${int}${scale ? '.' + frac : ''}`;
}

/** a / b rounded half away from zero (b > 0). */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (2n * (r < 0n ? -r : r) >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}
