/**
 * The shape every contract takes on its way into SME-share reporting, whatever its source:
 * a contract awarded on the platform, or an award read from a published OCDS release.
 * Pure types and constants — no Nest, no TypeORM.
 */

/** Size bands as reported: the platform's four, OCDS's `sme` and `selfEmployed`, and `unknown` (never counted as non-SME). */
export const REPORTED_BANDS = ['micro', 'small', 'medium', 'sme', 'selfEmployed', 'large', 'unknown'] as const;
export type ReportedBand = (typeof REPORTED_BANDS)[number];

/** Buyer sectors of product.md §4. */
export const BUYER_SECTORS = ['central', 'local', 'health', 'education', 'devolved', 'other'] as const;
export type BuyerSector = (typeof BUYER_SECTORS)[number];

/** OCDS award status codelist; only `active` counts. */
export const AWARD_STATUSES = ['pending', 'active', 'cancelled', 'unsuccessful'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

export type ContractSource = 'native' | 'ocds';

export interface SourceSupplier {
  /** Stable identifier within the source: an organisation id, an OCDS party id / identifier, or a normalised name. */
  key: string;
  name: string;
  band: ReportedBand;
  /** This supplier's own share of the value, when the source states it (decimal string in the contract's currency). */
  amount?: string | null;
}

export interface SourceContract {
  /** Unique across sources: `native:<contract uuid>`, `ocds:<ocid>/<award id>`. */
  sourceKey: string;
  source: ContractSource;
  title: string | null;
  status: AwardStatus;
  /** The award is a framework agreement (or DPS admission) itself: excluded; its call-offs count. */
  isFramework: boolean;
  buyer: { key: string; name: string; sector: BuyerSector };
  framework: string | null;
  lot: string | null;
  category: string | null;
  /** Decimal string in `currency`; null when unknown (counts in count metrics only). */
  amount: string | null;
  /** ISO 4217 code; null only when amount is null. */
  currency: string | null;
  /** ISO dates or date-times; the award date is used, then publication, then signature (metric rule 8). */
  dates: { award: string | null; publication: string | null; signature: string | null };
  /** As listed by the source, duplicates included — the line builder de-duplicates by key. */
  suppliers: SourceSupplier[];
  /** OCDS only: the ocid the award belongs to. */
  ocid?: string | null;
}

/** One invoiced spend line (the UK government's spend basis). */
export interface SpendLineInput {
  /** Unique and stable: `<source name>:<row id>`, so importing a file again changes nothing. */
  sourceKey: string;
  supplierName: string;
  band: 'sme' | 'large' | 'unknown';
  buyerName: string;
  sector: BuyerSector;
  framework: string | null;
  lot: string | null;
  /** First day of the month the spend was invoiced in, `YYYY-MM-01`. */
  month: string;
  /** Decimal string; negative for credit notes (netted). */
  amount: string;
  currency: string;
  description: string | null;
}

/** A problem with one row or release of an import, with where it was. */
export interface ImportProblem {
  /** 1-based row number (CSV) or 0-based release/record index (OCDS). */
  position: number;
  /** What it was: `row`, `release`, `record`. */
  unit: 'row' | 'release' | 'record';
  /** The field at fault, when one is. */
  field?: string;
  message: string;
}
