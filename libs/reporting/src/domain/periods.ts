/**
 * Reporting periods (metric rule 8): awards are bucketed by their date in Europe/London;
 * months, calendar quarters and UK financial years (April to March).
 */

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date in Europe/London of an ISO date or date-time; null when it is not a real one. */
export function londonDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = DATE_ONLY.exec(iso);
  if (d) {
    const t = Date.UTC(+d[1], +d[2] - 1, +d[3]);
    return new Date(t).toISOString().slice(0, 10) === iso ? iso : null;
  }
  // A date-time must carry its offset (or Z); a bare local time would be read in the server's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return null;
  const t = Date.parse(iso);
  // Date.parse rolls 2024-02-30T10:00Z over into March: the calendar date must be a real one.
  if (!Number.isFinite(t) || londonDate(iso.slice(0, 10)) === null) return null;
  return LONDON.format(new Date(t)); // en-CA formats as YYYY-MM-DD
}

export type DateBasis = 'award' | 'publication' | 'signature' | 'none';

/**
 * Picks the date an award is bucketed by: its award date, else the publication date, else the
 * signature date — and which one was used. An award date after the date the award was published
 * cannot be right (a data-quality trap in real data) and is passed over for the publication date.
 */
export function bucketDate(dates: { award: string | null; publication: string | null; signature: string | null }): { date: string | null; basis: DateBasis } {
  const award = londonDate(dates.award);
  const publication = londonDate(dates.publication);
  const signature = londonDate(dates.signature);
  if (award && !(publication && award > publication)) return { date: award, basis: 'award' };
  if (publication) return { date: publication, basis: 'publication' };
  if (signature) return { date: signature, basis: 'signature' };
  return { date: null, basis: 'none' };
}

/** `YYYY-MM-01` of a date. */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export type PeriodKind = 'month' | 'quarter' | 'fy';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'fy'];

/** The period a month (`YYYY-MM-01`) falls in: `2024-05`, `2024-Q2`, `FY2024-25` (April 2024 to March 2025). */
export function periodOf(month: string, kind: PeriodKind): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  if (kind === 'month') return month.slice(0, 7);
  if (kind === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  const start = m >= 4 ? y : y - 1;
  return `FY${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The first and last months (`YYYY-MM-01`) of a period key made by periodOf. */
export function periodMonths(key: string): { from: string; to: string } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m && +m[2] >= 1 && +m[2] <= 12) return { from: `${key}-01`, to: `${key}-01` };
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const first = (+m[2] - 1) * 3 + 1;
    return { from: `${m[1]}-${String(first).padStart(2, '0')}-01`, to: `${m[1]}-${String(first + 2).padStart(2, '0')}-01` };
  }
  m = /^FY(\d{4})-(\d{2})$/.exec(key);
  if (m && (+m[1] + 1) % 100 === +m[2]) return { from: `${m[1]}-04-01`, to: `${+m[1] + 1}-03-01` };
  return null;
}
