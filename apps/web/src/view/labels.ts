import { SIZE_DEFINITIONS, isSme } from '@app/suppliers';
import type { SizeBand, SizeDeclarationView, SizeDefinitionId } from '@app/suppliers';

/** What the pages call each size band. */
export const BAND_NAMES: Record<SizeBand, string> = { micro: 'Micro', small: 'Small', medium: 'Medium', large: 'Large' };

export function bandName(band: unknown): string {
  return BAND_NAMES[band as SizeBand] ?? 'Not declared';
}

/** The name of a size definition (`eu-2003-361` → `EU Recommendation 2003/361/EC`). */
export function definitionName(id: unknown): string {
  return SIZE_DEFINITIONS[id as SizeDefinitionId]?.name ?? String(id ?? '');
}

export interface TagView {
  text: string;
  classes: string;
}

/** The tag shown beside a supplier's name: "Small SME", "Large" or "Size not declared". */
export function sizeTag(band: unknown): TagView {
  if (isSme(band as SizeBand)) return { text: `${bandName(band)} SME`, classes: 'govuk-tag--green' };
  if (band === 'large') return { text: 'Large', classes: 'govuk-tag--blue' };
  return { text: 'Size not declared', classes: 'govuk-tag--grey' };
}

export const OFFERING_STATUS_TAGS: Record<string, TagView> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  published: { text: 'Published', classes: 'govuk-tag--green' },
  suspended: { text: 'Suspended', classes: 'govuk-tag--red' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--orange' },
};

const SYMBOLS: Record<string, string> = { GBP: '£', EUR: '€', USD: 'US$' };

/**
 * A decimal amount as text (`1250000.5`, `GBP` → `£1,250,000.50`), by string
 * handling only: amounts are never turned into floats. Whole amounts lose
 * their `.00`.
 */
export function formatMoney(amount: unknown, currency: unknown): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const text = String(amount).trim();
  const code = typeof currency === 'string' ? currency : '';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return code ? `${text} ${code}` : text;
  const whole = m[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (m[3] ?? '').padEnd(2, '0').slice(0, 2);
  const body = fraction === '00' ? whole : `${whole}.${fraction}`;
  const symbol = SYMBOLS[code];
  return symbol ? `${m[1]}${symbol}${body}` : `${m[1]}${body}${code ? ` ${code}` : ''}`;
}

export interface PriceLike {
  min: string;
  max?: string | null;
  unit: string;
  interval?: string | null;
  currency: string;
}

/** `£250 to £900 per user per month`. */
export function priceText(price: PriceLike | null | undefined): string {
  if (!price) return '';
  const min = formatMoney(price.min, price.currency);
  const max = formatMoney(price.max, price.currency);
  const range = !max || max === min ? min : `${min} to ${max}`;
  return [range, price.unit, price.interval].filter(Boolean).join(' ');
}

/** Query-string of the non-empty values, in the order given. */
export function queryString(params: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    qs.append(k, String(v));
  }
  return qs.toString();
}

/** A size declaration with the texts the history and verification tables show. */
export function declarationRow<T extends SizeDeclarationView>(d: T) {
  return {
    ...d,
    turnoverText: formatMoney(d.turnover.amount, d.turnover.currency),
    balanceSheetText: formatMoney(d.balanceSheet.amount, d.balanceSheet.currency),
    statedBandName: d.statedBand ? bandName(d.statedBand) : 'Not stated',
    derivedBandName: bandName(d.derivedBand),
    definitionName: definitionName(d.definition),
  };
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
// hourCycle h12, not hour12: en-GB's 12-hour clock is otherwise h11 ("0:00 pm" at midday).
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: 'Europe/London',
});

/** `20 June 2026`, or with the time `20 June 2026 at 12:00 pm` (UK time); '' for anything that is not a date. */
export function formatDate(value: unknown, withTime?: boolean): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return (withTime ? DATE_TIME : DATE).format(d);
}
