/** Companies House company number: two digits or two letters (Scotland SC, Northern Ireland NI, ...), then six digits. */
export const COMPANIES_HOUSE_RE = /^([0-9]{2}|[A-Za-z]{2})[0-9]{6}$/;
/** A D-U-N-S number: nine digits. */
export const DUNS_RE = /^[0-9]{9}$/;
/** A VAT registration number: an optional two-letter country prefix, then 8–14 letters or digits (GB: 9 or 12 digits). */
export const VAT_RE = /^([A-Z]{2})?[0-9A-Z]{8,14}$/;

/** Upper-case and without spaces: how identifiers are stored. */
export const normaliseIdentifier = (value: string | null | undefined): string | null => {
  const v = value?.replace(/\s+/g, '').toUpperCase();
  return v ? v : null;
};
