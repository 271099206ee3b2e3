/**
 * Money in integer minor units with an ISO 4217 currency. Never a float:
 * amounts travel as strings to and from Postgres `numeric` and are parsed here.
 */
export interface Money {
  readonly minor: bigint;
  readonly currency: string;
}

const CURRENCY_RE = /^[A-Z]{3}$/;
const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

export function money(amount: string, currency: string): Money {
  if (!CURRENCY_RE.test(currency)) throw new RangeError(`Not an ISO 4217 currency code: ${currency}`);
  const m = DECIMAL_RE.exec(amount.trim());
  if (!m) throw new RangeError(`Not a decimal amount with at most 2 decimals: ${amount}`);
  const minor = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return { minor: m[1] ? -minor : minor, currency };
}

export function formatMoney(value: Money): string {
  const negative = value.minor < 0n;
  const abs = negative ? -value.minor : value.minor;
  const units = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${units}.${cents}`;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`Cannot add ${b.currency} to ${a.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}
