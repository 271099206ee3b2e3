import type { SizeBand, SizeDefinitionId } from '../domain/size-band';

export interface SupplierProfileView {
  legalName: string;
  tradingName: string | null;
  companiesHouseNumber: string | null;
  dunsNumber: string | null;
  vatNumber: string | null;
  address: { line1: string; line2: string | null; town: string; postcode: string; country: string };
  contact: { name: string; email: string; phone: string | null };
  website: string | null;
  description: string | null;
  vcse: boolean;
  startup: boolean;
  updatedAt: string;
}

/** The band in force, as anyone may see it (figures stay with the supplier and platform admins). */
export interface CurrentSizeView {
  band: SizeBand;
  sme: boolean;
  definition: SizeDefinitionId;
  declaredAt: string;
  verified: boolean;
}

export interface SupplierView {
  organisationId: string;
  name: string;
  verificationStatus: string;
  profile: SupplierProfileView | null;
  size: CurrentSizeView | null;
}

export interface SizeDeclarationView {
  id: string;
  organisationId: string;
  headcount: number;
  turnover: { amount: string; currency: string };
  balanceSheet: { amount: string; currency: string };
  figuresDate: string;
  statedBand: SizeBand | null;
  derivedBand: SizeBand;
  definition: SizeDefinitionId;
  bandMismatch: boolean;
  evidence: string | null;
  validFrom: string;
  validTo: string | null;
  verifiedAt: string | null;
  createdAt: string;
}

export const DECLARATION_COLUMNS = `
  id, organisation_id AS "organisationId", headcount,
  json_build_object('amount', turnover_amount::text, 'currency', turnover_currency) AS turnover,
  json_build_object('amount', balance_sheet_amount::text, 'currency', balance_sheet_currency) AS "balanceSheet",
  to_char(figures_date, 'YYYY-MM-DD') AS "figuresDate", stated_band AS "statedBand", derived_band AS "derivedBand",
  definition, band_mismatch AS "bandMismatch", evidence, valid_from AS "validFrom", valid_to AS "validTo",
  verified_at AS "verifiedAt", created_at AS "createdAt"`;

export const PROFILE_COLUMNS = `
  legal_name AS "legalName", trading_name AS "tradingName", companies_house_number AS "companiesHouseNumber",
  duns_number AS "dunsNumber", vat_number AS "vatNumber",
  json_build_object('line1', address_line1, 'line2', address_line2, 'town', town, 'postcode', postcode, 'country', country) AS address,
  json_build_object('name', contact_name, 'email', contact_email, 'phone', contact_phone) AS contact,
  website, description, vcse, startup, updated_at AS "updatedAt"`;
