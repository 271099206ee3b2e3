/**
 * Maps a compiled OCDS release (the current state of one contracting process) to the
 * SourceContracts of SME-share reporting: one per award.
 */
import {
  AWARD_STATUSES,
  AwardStatus,
  classifySector,
  ImportProblem,
  ReportedBand,
  SourceContract,
  SourceSupplier,
} from '@app/reporting';
import { isKnownCurrency } from './currencies';
import { sumDecimals, toDecimalString } from './decimal';
import { detectFramework } from './ocds-framework';
import { isPlainObject, JsonObject } from './ocds-merge';

export interface MapReleaseContext {
  /** Where the release was in its file (OcdsItem.position), for problems. Default 0. */
  position?: number;
  /** `release` or `record` (OcdsItem.unit). Default `release`. */
  unit?: 'release' | 'record';
  /**
   * The tags of the release(s) behind `compiled`, when it is not a single release (a compiled
   * release's own tag is just `compiled`). Used only as evidence for an award without a status.
   */
  tags?: readonly string[];
}

export interface MapReleaseResult {
  contracts: SourceContract[];
  problems: ImportProblem[];
}

/** The OCDS partyScale codelist; anything else (or nothing) is `unknown`, never non-SME (metric rule 4). */
const SCALES: readonly ReportedBand[] = ['micro', 'small', 'medium', 'sme', 'selfEmployed', 'large'];

/** Release tags that mean a contract exists, hence that its award was made. */
const CONTRACT_TAGS = ['contract', 'contractUpdate', 'contractAmendment', 'implementation', 'implementationUpdate'];

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : isPlainObject(value) ? [value] : [];
}

/** Names compared loosely (case, spacing, accents) when nothing better identifies an organisation. */
function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A stable key for an organisation: its identifier `<scheme>-<id>` (the OCDS org-id form, e.g.
 * `GB-COH-03794455`, `UA-EDR-02124775`), else its party id (Contracts Finder's `GB-CFS-…`), else
 * `name:<normalised name>`. The same organisation listed twice therefore gets the same key.
 */
function organisationKey(org: JsonObject, fallbackId?: string | null): string | null {
  const identifier = isPlainObject(org.identifier) ? org.identifier : {};
  const scheme = text(identifier.scheme);
  const id = text(identifier.id);
  if (scheme && id) return `${scheme}-${id}`;
  const partyId = text(org.id) ?? fallbackId ?? null;
  if (partyId) return partyId;
  const name = organisationName(org);
  return name ? `name:${normaliseName(name)}` : null;
}

function organisationName(org: JsonObject): string {
  const identifier = isPlainObject(org.identifier) ? org.identifier : {};
  return text(org.name) ?? text(identifier.legalName) ?? '';
}

/** The web or e-mail domain of an organisation, for classifySector (`merton.gov.uk`). */
function organisationDomain(org: JsonObject): string | null {
  const contact = isPlainObject(org.contactPoint) ? org.contactPoint : {};
  const details = isPlainObject(org.details) ? org.details : {};
  const email = text(contact.email);
  if (email && email.includes('@')) return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  for (const candidate of [contact.url, details.url, org.url]) {
    const url = text(candidate);
    if (!url) continue;
    try {
      return new URL(/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`).hostname.replace(/^www\./, '').toLowerCase();
    } catch {
      // not a URL: try the next one
    }
  }
  return null;
}

function band(org: JsonObject): ReportedBand {
  const details = isPlainObject(org.details) ? org.details : {};
  const scale = details.scale;
  return typeof scale === 'string' && (SCALES as readonly string[]).includes(scale) ? (scale as ReportedBand) : 'unknown';
}

/** Earliest of some ISO date-times (compared as instants; the original text is returned). */
function earliest(dates: string[]): string | null {
  let best: string | null = null;
  let bestTime = Infinity;
  for (const d of dates) {
    const t = Date.parse(d);
    if (!Number.isNaN(t) && t < bestTime) {
      best = d;
      bestTime = t;
    }
  }
  return best;
}

/**
 * Maps each award of a compiled release to a SourceContract (see the field comments in the code):
 * - sourceKey `ocds:<ocid>/<award id>` (the award's index when it has no id);
 * - status: the award's own; when missing, `active` only with evidence that a contract exists
 *   (a contract with this awardID that is not cancelled, or a contract/implementation release tag),
 *   else `pending` (does not count) plus a problem, because an award notice alone does not say
 *   whether the award is in force;
 * - suppliers: refs resolved against `parties` (OCDS 1.1), or the organisation objects embedded in
 *   the award (OCDS 1.0); band from `details.scale`; duplicates kept with the same key;
 * - per-supplier amounts only when every non-cancelled contract of the award names exactly one of
 *   the award's suppliers in its own `suppliers` field, in the award's currency with an amount, and
 *   every supplier has such a contract (277004.json): each supplier's amount is the sum of its
 *   contracts (repeated on its duplicate entries). Single-supplier awards keep the award value;
 * - an award whose currency is not ISO 4217 (or missing beside an amount) is skipped with a problem;
 *   an amount that is not a number becomes null with a problem (the award still counts by number).
 */
export function mapRelease(compiled: unknown, ctx: MapReleaseContext = {}): MapReleaseResult {
  const position = ctx.position ?? 0;
  const unit = ctx.unit ?? 'release';
  const problems: ImportProblem[] = [];
  const problem = (message: string, field?: string) =>
    problems.push({ position, unit, message, ...(field ? { field } : {}) });

  if (!isPlainObject(compiled) || typeof compiled.ocid !== 'string' || !compiled.ocid) {
    problem('Not a release: no `ocid`', 'ocid');
    return { contracts: [], problems };
  }
  const release = compiled;
  const ocid = compiled.ocid;
  const awards = Array.isArray(release.awards) ? release.awards : [];
  if (awards.length === 0) return { contracts: [], problems };

  const tender = isPlainObject(release.tender) ? release.tender : {};
  const parties = new Map<string, JsonObject>();
  for (const party of objects(release.parties)) {
    const id = text(party.id);
    if (id) parties.set(id, party);
  }
  const contracts = objects(release.contracts);
  const tags = ctx.tags ?? (Array.isArray(release.tag) ? (release.tag as unknown[]).filter((t): t is string => typeof t === 'string') : []);
  const buyer = resolveBuyer(release, tender, parties, problem);
  const publication = text(release.date) ?? text(tender.datePublished);

  const out: SourceContract[] = [];
  awards.forEach((award: unknown, i: number) => {
    const at = `awards[${i}]`;
    if (!isPlainObject(award)) {
      problem('Award is not an object', at);
      return;
    }
    const awardId = text(award.id) ?? String(i);
    const ownContracts = contracts.filter((c) => text(c.awardID) === awardId && c.status !== 'cancelled');

    // Value: an unknown currency skips the award; a malformed amount only nulls the amount.
    const value = isPlainObject(award.value) ? award.value : {};
    let amount: string | null = null;
    if (value.amount !== undefined && value.amount !== null) {
      amount = toDecimalString(value.amount);
      if (amount === null) problem(`Amount ${JSON.stringify(value.amount)} is not a number; kept as unknown`, `${at}.value.amount`);
    }
    const rawCurrency = value.currency;
    let currency: string | null = null;
    if (rawCurrency !== undefined && rawCurrency !== null) {
      if (!isKnownCurrency(rawCurrency)) {
        problem(`Currency ${JSON.stringify(rawCurrency)} is not an ISO 4217 code; award ${awardId} skipped`, `${at}.value.currency`);
        return;
      }
      currency = rawCurrency;
    } else if (amount !== null) {
      problem(`Amount ${amount} has no currency; award ${awardId} skipped`, `${at}.value.currency`);
      return;
    }

    const status = awardStatus(award.status, ownContracts, tags, (m) => problem(m, `${at}.status`));

    // Suppliers, duplicates kept (the line builder de-duplicates by key).
    const suppliers: SourceSupplier[] = [];
    objects(award.suppliers).forEach((ref, j) => {
      const { org, key, missingParty } = resolveOrganisation(ref, parties);
      if (missingParty) problem(`Party ${missingParty} is referenced but not in parties[]`, `${at}.suppliers[${j}].id`);
      if (!key) {
        problem('Supplier has no identifier, id or name; left out', `${at}.suppliers[${j}]`);
        return;
      }
      suppliers.push({ key, name: organisationName(org) || organisationName(ref), band: band(org), amount: null });
    });
    const shares = supplierAmounts(suppliers, ownContracts, currency, parties);
    if (shares) for (const s of suppliers) s.amount = shares.get(s.key) ?? null;

    const verdict = detectFramework(release, award);
    out.push({
      sourceKey: `ocds:${ocid}/${awardId}`,
      source: 'ocds',
      ocid,
      title: text(award.title) ?? text(tender.title),
      status,
      isFramework: verdict.isFramework,
      framework: verdict.framework,
      buyer,
      lot: lotOf(award, tender),
      category: categoryOf(award, tender),
      amount,
      currency,
      dates: {
        award: text(award.date),
        // The award's own publication date when given (Contracts Finder), else the release's.
        publication: text(award.datePublished) ?? publication,
        signature: earliest(ownContracts.map((c) => text(c.dateSigned)).filter((d): d is string => d !== null)),
      },
      suppliers,
    });
  });
  return { contracts: out, problems };
}

/**
 * An organisation reference resolved to its party (OCDS 1.1: `{ id, name }` → `parties[]`), or
 * taken as the organisation itself (OCDS 1.0 embeds full organisations; also a dangling reference).
 */
function resolveOrganisation(
  ref: JsonObject,
  parties: Map<string, JsonObject>,
): { org: JsonObject; key: string | null; missingParty: string | null } {
  const refId = text(ref.id);
  if (refId && parties.size > 0) {
    const party = parties.get(refId);
    if (party) return { org: party, key: organisationKey(party, refId), missingParty: null };
    return { org: ref, key: organisationKey(ref, refId), missingParty: refId };
  }
  return { org: ref, key: organisationKey(ref, refId), missingParty: null };
}

function awardStatus(
  raw: unknown,
  ownContracts: JsonObject[],
  tags: readonly string[],
  problem: (message: string) => void,
): AwardStatus {
  if (typeof raw === 'string' && (AWARD_STATUSES as readonly string[]).includes(raw)) return raw as AwardStatus;
  if (raw !== undefined && raw !== null) {
    problem(`Award status ${JSON.stringify(raw)} is not in the OCDS codelist; treated as pending (not counted)`);
    return 'pending';
  }
  const contracted =
    ownContracts.some((c) => c.status === 'active' || c.status === 'terminated' || text(c.dateSigned) !== null) ||
    tags.some((t) => CONTRACT_TAGS.includes(t));
  if (contracted) return 'active';
  problem('Award has no status and no contract shows it in force; treated as pending (not counted)');
  return 'pending';
}

/**
 * Per-supplier amounts from contracts, or null when they cannot be linked robustly. Each contract
 * must name exactly one supplier (its `suppliers` field — not in the OCDS core schema, but published
 * by DNCP Paraguay) that is one of the award's, carry an amount in the award's currency, and every
 * distinct supplier of the award must have at least one. Only for awards with several suppliers.
 */
function supplierAmounts(
  suppliers: SourceSupplier[],
  ownContracts: JsonObject[],
  currency: string | null,
  parties: Map<string, JsonObject>,
): Map<string, string> | null {
  const keys = new Set(suppliers.map((s) => s.key));
  if (keys.size < 2 || ownContracts.length === 0 || currency === null) return null;
  const parts = new Map<string, string[]>();
  for (const contract of ownContracts) {
    const named = new Set(objects(contract.suppliers).map((ref) => resolveOrganisation(ref, parties).key));
    if (named.size !== 1) return null;
    const [key] = [...named];
    if (!key || !keys.has(key)) return null;
    const value = isPlainObject(contract.value) ? contract.value : {};
    const amount = toDecimalString(value.amount);
    if (amount === null || value.currency !== currency) return null;
    parts.set(key, [...(parts.get(key) ?? []), amount]);
  }
  if (parts.size !== keys.size) return null;
  return new Map([...parts].map(([key, amounts]) => [key, sumDecimals(amounts)]));
}

/** The buyer: `buyer` (a party ref in 1.1, an organisation in 1.0), else `tender.procuringEntity`, else the party with role buyer. */
function resolveBuyer(
  release: JsonObject,
  tender: JsonObject,
  parties: Map<string, JsonObject>,
  problem: (message: string, field?: string) => void,
): SourceContract['buyer'] {
  const ref = [release.buyer, tender.procuringEntity].find(isPlainObject);
  let org: JsonObject | null = null;
  let key: string | null = null;
  if (ref) {
    ({ org, key } = resolveOrganisation(ref, parties));
  } else {
    org = [...parties.values()].find((p) => Array.isArray(p.roles) && p.roles.includes('buyer')) ?? null;
    key = org ? organisationKey(org) : null;
  }
  if (!org || !key) {
    problem('No buyer (buyer, tender.procuringEntity or a party with role buyer)', 'buyer');
    return { key: 'unknown', name: 'Unknown buyer', sector: 'other' };
  }
  const name = organisationName(org);
  return { key, name, sector: classifySector(name, organisationDomain(org)) };
}

/** The award's lots (`relatedLots` → `tender.lots` titles), or the tender's only lot; else null. */
function lotOf(award: JsonObject, tender: JsonObject): string | null {
  const lots = objects(tender.lots);
  const title = (lot: JsonObject) => text(lot.title) ?? text(lot.id);
  const related = Array.isArray(award.relatedLots) ? award.relatedLots.map(text).filter((x): x is string => x !== null) : [];
  if (related.length) {
    const names = related.map((id) => {
      const lot = lots.find((l) => text(l.id) === id);
      return (lot && title(lot)) ?? id;
    });
    return names.join('; ');
  }
  return lots.length === 1 ? title(lots[0]) : null;
}

/** The tender's classification, else the first item classification (award, then tender), else mainProcurementCategory. */
function categoryOf(award: JsonObject, tender: JsonObject): string | null {
  const classification = isPlainObject(tender.classification) ? tender.classification : {};
  const fromItems = [...objects(award.items), ...objects(tender.items)]
    .map((item) => (isPlainObject(item.classification) ? text(item.classification.description) : null))
    .find((d) => d !== null);
  return text(classification.description) ?? fromItems ?? text(tender.mainProcurementCategory);
}
