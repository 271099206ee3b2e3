/**
 * OCDS 1.1 releases of the platform's own contracting processes (product.md §5), built from a
 * snapshot of a requirement or a direct award as it stood at one event. Pure: no I/O, no clock.
 *
 * What goes out is what a public notice would say — the published requirement, its deadlines,
 * budget and classification; bid statistics (counts only, and only once bids are unsealed); the
 * award with each supplier's size band as it was frozen at the award. Never a draft, never a
 * bid's content, price or score, never a person's name or e-mail.
 */

/** The event behind a release; each gives the release's tags. */
export const RELEASE_EVENTS = ['tender', 'tenderAmendment', 'tenderCancellation', 'tenderUpdate', 'award', 'awardUpdate', 'awardCancellation'] as const;
export type ReleaseEvent = (typeof RELEASE_EVENTS)[number];

export const OCDS_VERSION = '1.1';

/**
 * Extensions the platform's releases use, declared in every package: supplier scale (parties'
 * `details.scale`), bid statistics (`bids.statistics`) and lots (`tender.lots`, `awards[].relatedLots`).
 */
export const OCDS_EXTENSIONS: readonly string[] = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
];

/** An organisation as published: never its people. */
export interface PublishedOrganisation {
  id: string;
  name: string;
  /** Companies House number, when the supplier gave one (identifier scheme GB-COH). */
  companiesHouseNumber?: string | null;
  /** The organisation's web domain (a public body's e-mail domain), published as its contact URL. */
  domain?: string | null;
}

export type PlatformBand = 'micro' | 'small' | 'medium' | 'large' | 'unknown';
/** A supplier's band on an award: the platform's, or a platform admin's correction (which may say just `sme`). */
export type AwardBand = PlatformBand | 'sme' | 'selfEmployed';

export interface ProcessSnapshot {
  /** `tender` for a requirement put out to bids; `direct` for a direct award from the catalogue. */
  method: 'open' | 'direct';
  /** Requirement id (open) or contract id (direct): the process's own id, from which the ocid is made. */
  processId: string;
  buyer: PublishedOrganisation;
  tender: {
    title: string;
    /** Summary, then description, as the requirement's public page shows them. */
    description: string | null;
    currency: string;
    budgetMin: string | null;
    budgetMax: string | null;
    location: string | null;
    publishedAt: Date | null;
    questionsCloseAt: Date | null;
    closesAt: Date | null;
    contractLengthMonths: number | null;
  };
  framework: { id: string; name: string } | null;
  lot: { id: string; name: string } | null;
  category: { id: string; name: string } | null;
  /**
   * Counts of submitted bids (withdrawn ones left out) by the bidder's band at submission. Null
   * while bids are sealed (before the closing time) and for direct awards.
   */
  bids: Record<PlatformBand, number> | null;
  award: {
    contractId: string;
    title: string;
    value: string | null;
    currency: string;
    awardedAt: Date;
    startDate: string | null;
    endDate: string | null;
    /** When the contract was cancelled, if it was: an update after that still says cancelled. */
    cancelledAt: Date | null;
    /** Each supplier's band as frozen at the award, or as a platform admin corrected it since. */
    suppliers: { organisation: PublishedOrganisation; band: AwardBand }[];
  } | null;
}

export interface ReleaseContext {
  ocidPrefix: string;
  releaseId: string;
  event: ReleaseEvent;
  /** The moment of the event (the release's `date`). */
  date: Date;
  /** The closing time as it was at this event (publication and amendments), when it differs from the snapshot's. */
  closesAt?: Date | null;
}

export type OcdsJson = Record<string, unknown>;

export const ocidOf = (prefix: string, processId: string): string => `${prefix}-${processId}`;

const TAGS: Record<ReleaseEvent, string[]> = {
  tender: ['tender'],
  tenderAmendment: ['tenderAmendment'],
  tenderCancellation: ['tenderCancellation'],
  tenderUpdate: ['tenderUpdate'],
  award: ['award', 'contract'],
  awardUpdate: ['awardUpdate'],
  awardCancellation: ['awardCancellation'],
};

/** The OCDS scale of a band; `unknown` is published as no scale at all (metric rule 4). */
const SCALE: Record<AwardBand, string | null> = { micro: 'micro', small: 'small', medium: 'medium', large: 'large', sme: 'sme', selfEmployed: 'selfEmployed', unknown: null };

const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** A decimal string as a JSON number (OCDS `amount` is a number); money up to 16 digits is exact enough as a double. */
const amount = (v: string | null): number | undefined => (v == null ? undefined : Number(v));

/** Removes undefined fields (and empty objects left by them), so optional parts simply do not appear. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const c = compact(v);
      if (c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      out[k] = c;
    }
    return out as T;
  }
  return value;
}

/** The party id of an organisation: its platform id (unique within every release). */
const partyId = (o: PublishedOrganisation): string => `GB-OPM-${o.id}`;

function party(o: PublishedOrganisation, roles: string[], band?: AwardBand): OcdsJson {
  const scale = band ? SCALE[band] : null;
  return {
    id: partyId(o),
    name: o.name,
    identifier: o.companiesHouseNumber ? { scheme: 'GB-COH', id: o.companiesHouseNumber, legalName: o.name } : undefined,
    contactPoint: o.domain ? { url: `https://${o.domain}` } : undefined,
    roles,
    details: scale ? { scale } : undefined,
  };
}

const ref = (o: PublishedOrganisation) => ({ id: partyId(o), name: o.name });

function tenderStatus(event: ReleaseEvent, snapshot: ProcessSnapshot, outcome: 'cancelled' | 'withdrawn' | 'unsuccessful' | null): string {
  if (snapshot.method === 'direct') return 'complete';
  switch (event) {
    case 'tender':
    case 'tenderAmendment':
      return 'active';
    case 'tenderCancellation':
      return outcome === 'withdrawn' ? 'withdrawn' : 'cancelled';
    case 'tenderUpdate':
      return 'unsuccessful';
    case 'award':
    case 'awardUpdate':
    case 'awardCancellation':
      return 'complete';
  }
}

/** Bid statistics (bid extension): counts only — total, SMEs, and each SME band. */
function bidStatistics(bids: Record<PlatformBand, number>, date: Date | null): OcdsJson[] {
  const sme = bids.micro + bids.small + bids.medium;
  const total = sme + bids.large + bids.unknown;
  const at = iso(date);
  return [
    { id: 'bids', measure: 'bids', value: total, date: at },
    { id: 'smeBids', measure: 'smeBids', value: sme, date: at },
    { id: 'microBids', measure: 'microBids', value: bids.micro, date: at },
    { id: 'smallBids', measure: 'smallBids', value: bids.small, date: at },
    { id: 'mediumBids', measure: 'mediumBids', value: bids.medium, date: at },
  ];
}

/**
 * One release of a process at one event. `outcome` tells a withdrawal from a cancellation for
 * `tenderCancellation` (both end the tender without a contract).
 */
export function buildRelease(snapshot: ProcessSnapshot, ctx: ReleaseContext, outcome: 'cancelled' | 'withdrawn' | 'unsuccessful' | null = null): OcdsJson {
  const ocid = ocidOf(ctx.ocidPrefix, snapshot.processId);
  const { tender, award } = snapshot;
  const withAward = award !== null && (ctx.event === 'award' || ctx.event === 'awardUpdate' || ctx.event === 'awardCancellation');
  // An update tells the award's current state: cancelled if the contract was cancelled before it.
  const awardCancelled = ctx.event === 'awardCancellation' || (ctx.event === 'awardUpdate' && !!award?.cancelledAt);
  const closesAt = ctx.closesAt ?? tender.closesAt;
  const lots = snapshot.lot ? [{ id: snapshot.lot.id, title: snapshot.lot.name }] : undefined;
  const unsealed = snapshot.bids !== null && ctx.event !== 'tender' && ctx.event !== 'tenderAmendment' ? snapshot.bids : null;

  const parties: OcdsJson[] = [party(snapshot.buyer, ['buyer', 'procuringEntity'])];
  if (withAward) {
    for (const s of award.suppliers) parties.push(party(s.organisation, ['supplier'], s.band));
  }

  const value = award?.value ?? null;
  const release: OcdsJson = {
    ocid,
    id: ctx.releaseId,
    date: ctx.date.toISOString(),
    tag: TAGS[ctx.event],
    initiationType: 'tender',
    language: 'en',
    parties,
    buyer: ref(snapshot.buyer),
    tender: {
      id: snapshot.processId,
      title: tender.title,
      description: tender.description ?? undefined,
      status: tenderStatus(ctx.event, snapshot, outcome),
      procuringEntity: ref(snapshot.buyer),
      items: [
        {
          id: '1',
          description: tender.title,
          // The platform's own category (no standard scheme such as CPV applies): id and name, no `scheme`.
          classification: snapshot.category ? { id: snapshot.category.id, description: snapshot.category.name } : undefined,
          deliveryAddress: tender.location ? { locality: tender.location } : undefined,
          relatedLot: snapshot.lot?.id,
        },
      ],
      minValue: tender.budgetMin != null && snapshot.method === 'open' ? { amount: amount(tender.budgetMin), currency: tender.currency } : undefined,
      value: tender.budgetMax != null && snapshot.method === 'open' ? { amount: amount(tender.budgetMax), currency: tender.currency } : undefined,
      procurementMethod: snapshot.method === 'open' ? 'open' : 'direct',
      procurementMethodDetails: snapshot.method === 'open' ? 'Call-off competition under a framework agreement' : 'Direct award from a framework catalogue',
      submissionMethod: snapshot.method === 'open' ? ['electronicSubmission'] : undefined,
      tenderPeriod: snapshot.method === 'open' ? { startDate: iso(tender.publishedAt), endDate: iso(closesAt) } : undefined,
      enquiryPeriod: snapshot.method === 'open' ? { startDate: iso(tender.publishedAt), endDate: iso(tender.questionsCloseAt) } : undefined,
      contractPeriod: tender.contractLengthMonths ? { durationInDays: Math.round(tender.contractLengthMonths * 30.4375) } : undefined,
      numberOfTenderers: unsealed ? Object.values(unsealed).reduce((a, b) => a + b, 0) : undefined,
      lots,
      amendments:
        ctx.event === 'tenderAmendment'
          ? [{ id: ctx.releaseId, date: ctx.date.toISOString(), rationale: 'The closing time was changed.', description: `Bids now close at ${iso(closesAt)}.`, releaseID: ctx.releaseId }]
          : undefined,
    },
    bids: unsealed ? { statistics: bidStatistics(unsealed, closesAt) } : undefined,
    awards: withAward
      ? [
          {
            id: award.contractId,
            title: award.title,
            status: awardCancelled ? 'cancelled' : 'active',
            date: award.awardedAt.toISOString(),
            value: value != null ? { amount: amount(value), currency: award.currency } : undefined,
            suppliers: award.suppliers.map((s) => ref(s.organisation)),
            contractPeriod: award.startDate || award.endDate ? { startDate: dateTime(award.startDate), endDate: dateTime(award.endDate) } : undefined,
            relatedLots: snapshot.lot ? [snapshot.lot.id] : undefined,
          },
        ]
      : undefined,
    contracts: withAward
      ? [
          {
            id: award.contractId,
            awardID: award.contractId,
            title: award.title,
            status: awardCancelled ? 'cancelled' : 'active',
            value: value != null ? { amount: amount(value), currency: award.currency } : undefined,
            period: award.startDate || award.endDate ? { startDate: dateTime(award.startDate), endDate: dateTime(award.endDate) } : undefined,
          },
        ]
      : undefined,
    // The framework this is a call-off under, by name (frameworks have no ocid of their own here, so no `scheme`/`identifier`).
    relatedProcesses: snapshot.framework ? [{ id: 'framework', relationship: ['framework'], title: snapshot.framework.name }] : undefined,
  };
  return compact(release);
}

/** A contract's start or end date (a calendar date) as an OCDS date-time: midnight UTC. */
const dateTime = (d: string | null): string | undefined => (d ? `${d}T00:00:00Z` : undefined);

export interface Publisher {
  name: string;
  uri?: string;
}

/** What every package starts with: where it is served, the version, the extensions used, when and by whom. */
function packageHead(uri: string, publisher: Publisher, publishedDate: Date): OcdsJson {
  return {
    uri,
    version: OCDS_VERSION,
    extensions: OCDS_EXTENSIONS,
    publishedDate: publishedDate.toISOString(),
    publisher: compact({ name: publisher.name, uri: publisher.uri }),
  };
}

/** A release package around some releases (`uri`: where this package is served). */
export function releasePackage(uri: string, publisher: Publisher, releases: readonly OcdsJson[], publishedDate: Date): OcdsJson {
  return { ...packageHead(uri, publisher, publishedDate), releases };
}

/** A record package of one process: its releases (embedded, date order) and their compiled release. */
export function recordPackage(uri: string, publisher: Publisher, ocid: string, releases: readonly OcdsJson[], compiledRelease: OcdsJson, publishedDate: Date): OcdsJson {
  return { ...packageHead(uri, publisher, publishedDate), records: [{ ocid, releases, compiledRelease }] };
}
