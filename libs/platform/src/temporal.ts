import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Dates and instants as the database takes them. Pattern checks alone let
 * `2027-02-30`, year 0000, ISO week dates (`2027-W05-1`) and ordinal dates
 * (`2027-027`) through to PostgreSQL, which refuses them with a 500; these
 * accept only what both JavaScript and PostgreSQL read the same way.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const date = new Date(Date.UTC(year, Number(m) - 1, Number(d)));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** `2027-01-20T12:00:00Z` or with an offset: a real calendar date, hours < 24, minutes and seconds < 60, year ≥ 1. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m || !realDate(m[1], m[2], m[3])) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 60 && !Number.isNaN(Date.parse(value));
}

/** `2027-04-01`: a real calendar date, year ≥ 1. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = CALENDAR_DATE.exec(value);
  return !!m && realDate(m[1], m[2], m[3]);
}

export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: (a) => `${a?.property} must be a date and time like 2027-01-20T12:00:00Z` } }, options);

export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: (a) => `${a?.property} must be a real date like 2027-04-01` } }, options);
