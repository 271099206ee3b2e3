import { EntityManager } from 'typeorm';
import { classifySector } from '@app/reporting';
import { AwardBand, PlatformBand, ProcessSnapshot, PublishedOrganisation } from '../publish/ocds-release';

/**
 * Reads what a release says about a contracting process from tendering's tables (read-only SQL,
 * as reporting reads contracts): the requirement as published, bid counts once unsealed, the
 * contract with each supplier's band as frozen at the award. Reads no bid content at all.
 */

/**
 * The buyer's e-mail domain is published (as its web address) only when it says what kind of public
 * body the buyer is (`merton.gov.uk`, `nhs.net`, `leeds.ac.uk`…) — what reporting classifies sectors
 * by, so an import of the data classifies the buyer alike — never a mail provider's (`gmail.com`).
 */
function publishableDomain(domain: string | null): string | null {
  return domain && classifySector('', domain) !== 'other' ? domain : null;
}

/** What both reads give: the buyer, and the lot, framework and category the process sits in. */
interface ProcessRow {
  buyer_id: string;
  buyer_name: string;
  buyer_domain: string | null;
  lot_id: string | null;
  lot_name: string | null;
  framework_id: string | null;
  framework_name: string | null;
  category_id: string | null;
  category_name: string | null;
}

interface RequirementRow extends ProcessRow {
  id: string;
  status: string;
  title: string;
  summary: string;
  description: string;
  currency: string;
  budget_min: string | null;
  budget_max: string | null;
  location: string | null;
  published_at: Date | null;
  questions_close_at: Date;
  closes_at: Date;
  outcome_at: Date | null;
  contract_length_months: number | null;
  unsealed: boolean;
}

interface ContractRow extends ProcessRow {
  id: string;
  requirement_id: string | null;
  title: string;
  value: string | null;
  currency: string;
  created_at: Date;
  start_date: string | null;
  end_date: string | null;
  cancelled_at: Date | null;
  suppliers: { id: string; name: string; band: AwardBand; companiesHouseNumber: string | null }[];
}

/** The framework, lot and category of a process, each when it has one. */
function placement(r: ProcessRow): Pick<ProcessSnapshot, 'framework' | 'lot' | 'category'> {
  return {
    framework: r.framework_id ? { id: r.framework_id, name: r.framework_name! } : null,
    lot: r.lot_id ? { id: r.lot_id, name: r.lot_name! } : null,
    category: r.category_id ? { id: r.category_id, name: r.category_name! } : null,
  };
}

export interface RequirementState {
  snapshot: ProcessSnapshot;
  status: string;
  outcomeAt: Date | null;
}

const BUYER_DOMAIN = (userColumn: string) => `(SELECT lower(split_part(u.email, '@', 2)) FROM identity.user_account u WHERE u.id = ${userColumn})`;

export async function readRequirement(m: EntityManager, requirementId: string): Promise<RequirementState | null> {
  const [r]: RequirementRow[] = await m.query(
    `SELECT r.id, r.status, r.title, r.summary, r.description, r.currency, r.budget_min::text AS budget_min, r.budget_max::text AS budget_max,
            r.location, r.published_at, r.questions_close_at, r.closes_at, r.outcome_at, r.contract_length_months,
            org.id AS buyer_id, org.name AS buyer_name, ${BUYER_DOMAIN('r.created_by')} AS buyer_domain,
            lot.id AS lot_id, lot.name AS lot_name, fw.id AS framework_id, fw.name AS framework_name, cat.id AS category_id, cat.name AS category_name,
            r.status NOT IN ('draft', 'withdrawn') AND clock_timestamp() >= r.closes_at AS unsealed
       FROM tendering.requirement r
       JOIN identity.organisation org ON org.id = r.organisation_id
       LEFT JOIN catalogue.lot lot ON lot.id = r.lot_id
       LEFT JOIN catalogue.framework fw ON fw.id = lot.framework_id
       LEFT JOIN catalogue.category cat ON cat.id = r.category_id
      WHERE r.id = $1`,
    [requirementId],
  );
  // A draft was never published: nothing about it goes out.
  if (!r || r.status === 'draft' || r.published_at === null) return null;
  let bids: Record<PlatformBand, number> | null = null;
  if (r.unsealed) {
    bids = { micro: 0, small: 0, medium: 0, large: 0, unknown: 0 };
    const counts: { band: PlatformBand; n: number }[] = await m.query(
      `SELECT coalesce(b.size_band, 'unknown') AS band, count(*)::int AS n FROM tendering.bid b WHERE b.requirement_id = $1 AND b.status = 'submitted' GROUP BY 1`,
      [requirementId],
    );
    for (const c of counts) bids[c.band] = c.n;
  }
  return {
    status: r.status,
    outcomeAt: r.outcome_at,
    snapshot: {
      method: 'open',
      processId: r.id,
      buyer: { id: r.buyer_id, name: r.buyer_name, domain: publishableDomain(r.buyer_domain) },
      tender: {
        title: r.title,
        description: [r.summary, r.description].filter((x) => x && x.trim()).join('\n\n') || null,
        currency: r.currency,
        budgetMin: r.budget_min,
        budgetMax: r.budget_max,
        location: r.location,
        publishedAt: r.published_at,
        questionsCloseAt: r.questions_close_at,
        closesAt: r.closes_at,
        contractLengthMonths: r.contract_length_months,
      },
      ...placement(r),
      bids,
      award: null,
    },
  };
}

/** A contract: the requirement it was awarded on (null for a direct award), its award, and the whole snapshot of a direct award. */
export async function readContract(m: EntityManager, contractId: string): Promise<{ requirementId: string | null; award: NonNullable<ProcessSnapshot['award']>; direct: ProcessSnapshot } | null> {
  const [c]: ContractRow[] = await m.query(
    `SELECT c.id, c.requirement_id, c.title, c.value::text AS value, c.currency, c.created_at, to_char(c.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(c.end_date, 'YYYY-MM-DD') AS end_date, c.cancelled_at,
            org.id AS buyer_id, org.name AS buyer_name, ${BUYER_DOMAIN('c.awarded_by')} AS buyer_domain,
            lot.id AS lot_id, lot.name AS lot_name, fw.id AS framework_id, fw.name AS framework_name, cat.id AS category_id, cat.name AS category_name,
            -- The band frozen at the award, or a platform admin's correction of it (reporting's, on the contract's ledger entry).
            (SELECT json_agg(json_build_object('id', s.organisation_id, 'name', s.supplier_name, 'band', coalesce(sc.size_band, s.size_band),
                                               'companiesHouseNumber', p.companies_house_number) ORDER BY s.organisation_id)
               FROM tendering.contract_supplier s
               LEFT JOIN suppliers.supplier_profile p ON p.organisation_id = s.organisation_id
               LEFT JOIN reporting.source_contract rc ON rc.source_key = 'native:' || c.id::text
               LEFT JOIN reporting.size_correction sc ON sc.contract_id = rc.id AND sc.supplier_key = 'org:' || s.organisation_id::text
              WHERE s.contract_id = c.id) AS suppliers
       FROM tendering.contract c
       JOIN identity.organisation org ON org.id = c.organisation_id
       LEFT JOIN tendering.requirement r ON r.id = c.requirement_id
       LEFT JOIN catalogue.offering o ON o.id = c.offering_id
       LEFT JOIN catalogue.lot lot ON lot.id = coalesce(r.lot_id, o.lot_id)
       LEFT JOIN catalogue.framework fw ON fw.id = lot.framework_id
       LEFT JOIN catalogue.category cat ON cat.id = coalesce(r.category_id, o.category_ids[1])
      WHERE c.id = $1`,
    [contractId],
  );
  if (!c) return null;
  const buyer: PublishedOrganisation = { id: c.buyer_id, name: c.buyer_name, domain: publishableDomain(c.buyer_domain) };
  const award: NonNullable<ProcessSnapshot['award']> = {
    contractId: c.id,
    title: c.title,
    value: c.value,
    currency: c.currency,
    awardedAt: c.created_at,
    startDate: c.start_date,
    endDate: c.end_date,
    cancelledAt: c.cancelled_at,
    suppliers: (c.suppliers ?? []).map((s) => ({
      organisation: { id: s.id, name: s.name, companiesHouseNumber: s.companiesHouseNumber },
      band: s.band,
    })),
  };
  const direct: ProcessSnapshot = {
    method: 'direct',
    processId: c.id,
    buyer,
    tender: {
      title: c.title,
      description: null,
      currency: c.currency,
      budgetMin: null,
      budgetMax: null,
      location: null,
      publishedAt: null,
      questionsCloseAt: null,
      closesAt: null,
      contractLengthMonths: null,
    },
    ...placement(c),
    bids: null,
    award,
  };
  return { requirementId: c.requirement_id, award, direct };
}

