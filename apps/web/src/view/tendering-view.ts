import type { FrameworkView } from '@app/catalogue';
import type { RequirementView } from '@app/tendering';
import { TagView, bandName, formatDate, formatMoney } from './labels';
import type { LotWithFramework } from './catalogue-tree';

/** The time zone the pages show and read times in (the platform's buyers are in the UK). */
export const LONDON = 'Europe/London';

/** What the pages call each requirement state, as a GOV.UK tag. */
export const REQUIREMENT_STATUS_TAGS: Record<string, TagView> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  published: { text: 'Open', classes: 'govuk-tag--green' },
  closed: { text: 'Closed', classes: 'govuk-tag--yellow' },
  awarded: { text: 'Awarded', classes: 'govuk-tag--blue' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--red' },
  unsuccessful: { text: 'Unsuccessful', classes: 'govuk-tag--orange' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--purple' },
};

export const BID_STATUS_TAGS: Record<string, TagView> = {
  none: { text: 'Not started', classes: 'govuk-tag--grey' },
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--green' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--orange' },
};

/** Bands in the order the pages list them; `unknown` is a supplier that had declared no size. */
export const BID_BANDS = ['micro', 'small', 'medium', 'large', 'unknown'] as const;

/** `Micro`, …, `Size not declared` for a band recorded on a bid or a contract. */
export const recordedBandName = (band: unknown): string => (band === 'unknown' || !band ? 'Size not declared' : bandName(band));

/** Lots that take requirements, in tree order (optionally only those of live frameworks). */
export function requirementLots(tree: FrameworkView[], liveOnly = false): LotWithFramework[] {
  return tree
    .filter((f) => !liveOnly || f.status === 'live')
    .flatMap((f) => f.lots.filter((l) => l.kind === 'requirements').map((l) => ({ ...l, frameworkName: f.name, frameworkStatus: f.status })));
}

interface LondonParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** The wall-clock time in London at `date`. */
export function londonParts(date: Date): LondonParts {
  const p = Object.fromEntries(PARTS.formatToParts(date).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

/** London's offset from UTC at an instant, in milliseconds. */
function offsetAt(ms: number): number {
  const p = londonParts(new Date(ms));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a London wall-clock time (`2026, 6, 20, 12, 0` → 11:00 UTC in
 * summer). A time skipped when the clocks go forward reads as the hour after.
 */
export function londonToUtc(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let t = wall - offsetAt(wall);
  const again = wall - offsetAt(t);
  if (again !== t) t = Math.max(t, again);
  return new Date(t);
}

/** The hours and minutes of a typed time: `17:00`, `9.30`, `5pm`, `5:30pm`, `midday`, `midnight`; null when it is not one. */
export function parseTime(value: unknown): { hour: number; minute: number } | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase().replace(/\s+/g, '');
  if (v === 'midday' || v === 'noon' || v === '12noon') return { hour: 12, minute: 0 };
  if (v === 'midnight') return { hour: 0, minute: 0 };
  let m = /^(\d{1,2})[:.](\d{2})$/.exec(v);
  if (m) {
    const [hour, minute] = [Number(m[1]), Number(m[2])];
    return hour <= 23 && minute <= 59 ? { hour, minute } : null;
  }
  m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$/.exec(v);
  if (m) {
    const [h, minute] = [Number(m[1]), Number(m[2] ?? 0)];
    if (h < 1 || h > 12 || minute > 59) return null;
    return { hour: (h % 12) + (m[3] === 'pm' ? 12 : 0), minute };
  }
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The form values of a date and time input group (`closesAt-day`, … `closesAt-time`) for an instant. */
export function dateTimeValues(prefix: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const p = londonParts(new Date(iso));
  return {
    [`${prefix}-day`]: String(p.day),
    [`${prefix}-month`]: String(p.month),
    [`${prefix}-year`]: String(p.year),
    [`${prefix}-time`]: `${pad(p.hour)}:${pad(p.minute)}`,
  };
}

/** The form values of a date input group for a `YYYY-MM-DD` date. */
export function dateValues(prefix: string, date: string | null | undefined): Record<string, string> {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return {};
  return { [`${prefix}-day`]: String(Number(m[3])), [`${prefix}-month`]: String(Number(m[2])), [`${prefix}-year`]: m[1] };
}

/** `12:00:05 on 20 June 2026` (London), to the second: for receipts. */
export function preciseTime(iso: string): string {
  const d = new Date(iso);
  const p = londonParts(d);
  const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON }).format(d);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} on ${date} (UK time)`;
}

/** `£50,000 to £120,000`, `Up to £120,000`, `From £50,000` or `Not stated`. */
export function budgetText(r: Pick<RequirementView, 'budgetMin' | 'budgetMax' | 'currency'>): string {
  const min = formatMoney(r.budgetMin, r.currency);
  const max = formatMoney(r.budgetMax, r.currency);
  if (min && max) return min === max ? min : `${min} to ${max}`;
  if (max) return `Up to ${max}`;
  if (min) return `From ${min}`;
  return 'Not stated';
}

/** A decimal as typed back into a form: `50000.00` → `50000`, `49.50` stays. */
export const amountValue = (v: string | null | undefined): string => (v ? v.replace(/\.00$/, '') : '');

/** The requirement's criteria split by kind, in order. */
export function criteriaOf(r: Pick<RequirementView, 'criteria'>) {
  const sorted = [...r.criteria].sort((a, b) => a.position - b.position);
  return { essential: sorted.filter((c) => c.kind === 'essential'), nice: sorted.filter((c) => c.kind === 'nice') };
}

/** A criterion's short name: `Essential 2`, `Nice-to-have 1`. */
export const criterionName = (c: { kind: string; position: number }) => `${c.kind === 'essential' ? 'Essential' : 'Nice-to-have'} ${c.position}`;

/** The requirement with the texts its pages show. */
export function requirementRow(r: RequirementView) {
  return {
    ...r,
    statusTag: REQUIREMENT_STATUS_TAGS[r.status] ?? { text: r.status, classes: 'govuk-tag--grey' },
    budgetText: budgetText(r),
  };
}

/** `20 June 2026 at 12:00 pm` (London): a deadline or a time of receipt. */
export const formatDateTime = (iso: string | Date): string => formatDate(iso, true);
