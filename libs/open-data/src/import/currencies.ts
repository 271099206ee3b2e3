/**
 * ISO 4217 currency codes accepted on import (award values must carry one of these).
 *
 * Source: the OCDS 1.1.5 currency codelist (`ocds-1.1.5/codelists/currency.csv`, itself ISO 4217),
 * plus the codes ISO added since (SLE 2022, VED 2021, ZWG 2024, XCG 2025). `XTS` (testing) and
 * `XXX` (no currency) are left out: an amount in them cannot be converted or reported.
 * The codelist's "active" codes are as of OCDS 1.1.5, so a few since withdrawn (HRK 2023, SLL)
 * are among them. Withdrawn codes (LTL, VEF, MRO, …) are accepted too: they are valid for awards
 * made before their withdrawal, and converting them is the rates table's job, not the importer's.
 */
export const ACTIVE_CURRENCIES: readonly string[] = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN',
  'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF',
  'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DJF',
  'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD',
  'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HRK', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP',
  'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR',
  'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN',
  'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG',
  'SEK', 'SGD', 'SHP', 'SLE', 'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS',
  'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW',
  'UZS', 'VED', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD',
  'XCG', 'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XSU', 'XUA', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL',
];

/** Withdrawn ISO 4217 codes (the codelist rows with a "Valid Until" date). */
export const WITHDRAWN_CURRENCIES: readonly string[] = [
  'ADP', 'AFA', 'ALK', 'AOK', 'AON', 'AOR', 'ARA', 'ARP', 'ARY', 'ATS', 'AYM', 'AZM', 'BAD', 'BEC',
  'BEF', 'BEL', 'BGJ', 'BGK', 'BGL', 'BOP', 'BRB', 'BRC', 'BRE', 'BRN', 'BRR', 'BUK', 'BYB', 'BYR',
  'CHC', 'CSD', 'CSJ', 'CSK', 'CYP', 'DDM', 'DEM', 'ECS', 'ECV', 'EEK', 'ESA', 'ESB', 'ESP', 'FIM',
  'FRF', 'GEK', 'GHC', 'GHP', 'GNE', 'GNS', 'GQE', 'GRD', 'GWE', 'GWP', 'HRD', 'IEP', 'ILP', 'ILR',
  'ISJ', 'ITL', 'LAJ', 'LSM', 'LTL', 'LTT', 'LUC', 'LUF', 'LUL', 'LVL', 'LVR', 'MGF', 'MLF', 'MRO',
  'MTL', 'MTP', 'MVQ', 'MXP', 'MZE', 'MZM', 'NIC', 'NLG', 'PEH', 'PEI', 'PES', 'PLZ', 'PTE', 'RHD',
  'ROK', 'ROL', 'RUR', 'SDD', 'SDP', 'SIT', 'SKK', 'SRG', 'STD', 'SUR', 'TJR', 'TMM', 'TPE', 'TRL',
  'UAK', 'UGS', 'UGW', 'USS', 'UYN', 'UYP', 'VEB', 'VEF', 'VNC', 'XEU', 'XFO', 'XFU', 'XRE', 'YDD',
  'YUD', 'YUM', 'YUN', 'ZAL', 'ZMK', 'ZRN', 'ZRZ', 'ZWC', 'ZWD', 'ZWN', 'ZWR',
];

const KNOWN = new Set<string>([...ACTIVE_CURRENCIES, ...WITHDRAWN_CURRENCIES]);

/** True for an ISO 4217 code we accept (exact, upper case: `gbp` is not a code). */
export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && KNOWN.has(code);
}
