// A realistic OCDS 1.1 release package of any size, written to disk as a stream (bench s7-ocds-import).
// Only the release being written (and a bounded queue of award releases held back to come later in
// the file) is in memory: never the whole file.
//
// Shaped like UK Contracts Finder data:
// - parties with roles, identifiers (GB-COH for suppliers), addresses, contact points, and
//   `details.scale` on suppliers (sme / large / micro / small / medium, or none);
// - a buyer (a party reference) classifying into the six sectors by name and e-mail domain;
// - a tender with title, description, classification (CPV), items, lots, value, periods, documents;
// - awards with status, date, value (GBP mostly, some EUR and USD), suppliers (party references),
//   related lots; 15% of awards with 2–5 suppliers.
// Processes (ocids):
// - 55% one release: tender + award (tag award);
// - 23% two releases: the tender notice first (tag tender), the award release 300–3,000 releases
//   later in the file (so mostly in another import batch: the importer merges it with the stored one);
// - 5% two releases: the award, then a contract release (tag contract) with the signed contract;
// - 14% call-offs under a framework (relatedProcesses with relationship framework, "Call-off from a
//   Framework Agreement"): counted, named by the framework;
// - 3% framework agreements themselves (tender.techniques.hasFrameworkAgreement): no SME lines.
// Awards are active (92%), pending (4%), cancelled (2%) or unsuccessful (2%): only active awards of
// non-framework processes give lines, one per distinct supplier. The stats returned say how many
// contracts and lines the import should produce.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['Leeds', 'Bristol', 'Camden', 'Merton', 'Kent', 'Norfolk', 'Cardiff', 'Glasgow', 'Belfast', 'York', 'Derby', 'Luton', 'Bolton', 'Sefton',
  'Wirral', 'Dudley', 'Surrey', 'Devon', 'Essex', 'Oxford', 'Exeter', 'Hull', 'Salford', 'Wigan', 'Barnet', 'Ealing', 'Brent', 'Harrow', 'Lambeth',
  'Hackney', 'Newham', 'Sutton', 'Bexley', 'Bromley', 'Reading', 'Swindon', 'Slough', 'Medway', 'Thurrock', 'Halton'];
const BUYER_KINDS = [
  { w: 40, name: (p) => `${p} City Council`, domain: (s) => `${s}.gov.uk` },
  { w: 20, name: (p) => `${p} Teaching Hospitals NHS Foundation Trust`, domain: (s) => `${s}hospitals.nhs.uk` },
  { w: 15, name: (p) => `Department for ${p} Regional Affairs`, domain: () => 'regional-affairs.gov.uk' },
  { w: 12, name: (p) => `University of ${p}`, domain: (s) => `${s}.ac.uk` },
  { w: 8, name: (p) => `Scottish ${p} Water Board`, domain: (s) => `${s}water.gov.scot` },
  { w: 5, name: (p) => `${p} Housing Trust`, domain: (s) => `${s}housing.org.uk` },
];
const FRAMEWORKS = ['RM6116 Network Services 3', 'RM6100 Technology Services 3', 'RM1557.13 G-Cloud 13', 'RM6263 Digital Specialists and Programmes',
  'RM6187 Management Consultancy Framework Three', 'RM6170 Facilities Management Marketplace', 'NHS SBS Digital Workplace Solutions',
  'ESPO Energy Management', 'YPO Office Supplies', 'NEPO Highways Maintenance'];
const CPV = [
  ['72000000', 'IT services: consulting, software development, Internet and support'], ['48000000', 'Software package and information systems'],
  ['72500000', 'Computer-related services'], ['72300000', 'Data services'], ['90910000', 'Cleaning services'], ['55520000', 'Catering services'],
  ['79710000', 'Security services'], ['79100000', 'Legal services'], ['79200000', 'Accounting, auditing and fiscal services'],
  ['79400000', 'Business and management consultancy and related services'], ['71000000', 'Architectural, construction, engineering and inspection services'],
  ['45000000', 'Construction work'], ['45233140', 'Roadworks'], ['33100000', 'Medical equipments'], ['33600000', 'Pharmaceutical products'],
  ['80500000', 'Training services'], ['79800000', 'Printing and related services'], ['90500000', 'Refuse and waste related services'],
  ['09310000', 'Electricity'], ['34100000', 'Motor vehicles'], ['39100000', 'Furniture'], ['30190000', 'Various office equipment and supplies'],
  ['85310000', 'Social work services'], ['85311000', 'Social work services with accommodation'], ['80000000', 'Education and training services'],
  ['73000000', 'Research and development services and related consultancy services'], ['79530000', 'Translation services'],
  ['79600000', 'Recruitment services'], ['66510000', 'Insurance services'], ['64200000', 'Telecommunications services'],
];
const WORDS = ('the service will provide support for residents staff and partners across the region including delivery of maintenance '
  + 'management reporting and continuous improvement the supplier must demonstrate experience with similar public bodies and meet '
  + 'accessibility security and data protection requirements throughout the contract term with quarterly performance reviews '
  + 'social value commitments carbon reduction plans local employment apprenticeships and transparent pricing are expected '
  + 'the authority intends to award a contract for an initial period with options to extend subject to satisfactory performance').split(' ');

function text(rand, min, max) {
  const n = min + Math.floor(rand() * (max - min));
  const out = [];
  let len = 0;
  while (len < n) {
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    out.push(w);
    len += w.length + 1;
  }
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const weighted = (rand, xs) => {
  let r = rand() * xs.reduce((t, x) => t + x.w, 0);
  for (const x of xs) if ((r -= x.w) < 0) return x;
  return xs[xs.length - 1];
};
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY = 86_400_000;
const START = Date.UTC(2021, 3, 1);
const SPAN_DAYS = 1825;

function buildPools(rand) {
  const buyers = [];
  for (let i = 0; i < 400; i++) {
    const kind = weighted(rand, BUYER_KINDS);
    const place = PLACES[i % PLACES.length];
    const slug = place.toLowerCase();
    const name = `${kind.name(place)}${i >= PLACES.length ? ` ${Math.floor(i / PLACES.length) + 1}` : ''}`;
    buyers.push({
      id: `GB-CFS-${100000 + i}`,
      name,
      identifier: { scheme: 'GB-CFS', id: String(100000 + i), legalName: name },
      address: { streetAddress: `${1 + (i % 200)} High Street`, locality: place, postalCode: `${place.slice(0, 2).toUpperCase()}${1 + (i % 20)} ${1 + (i % 9)}AA`, countryName: 'United Kingdom' },
      contactPoint: { name: 'Procurement Team', email: `procurement@${kind.domain(slug)}`, telephone: `0${1000000000 + i * 7919}`.slice(0, 11) },
      roles: ['buyer'],
    });
  }
  const SCALES = [{ w: 40, s: 'sme' }, { w: 30, s: 'large' }, { w: 6, s: 'micro' }, { w: 6, s: 'small' }, { w: 6, s: 'medium' }, { w: 12, s: null }];
  const suppliers = [];
  for (let i = 0; i < 30000; i++) {
    const coh = String(10_000_000 + ((i * 104_729) % 89_999_999)).padStart(8, '0');
    const name = `${pick(rand, ['Acme', 'Northern', 'Civic', 'Bright', 'Apex', 'Harbour', 'Oak', 'Summit', 'Meridian', 'Crown'])} ${pick(rand, ['Digital', 'Services', 'Solutions', 'Consulting', 'Facilities', 'Care', 'Engineering', 'Supplies'])} ${i + 1} Ltd`;
    const scale = weighted(rand, SCALES).s;
    suppliers.push({
      id: `GB-COH-${coh}`,
      name,
      identifier: { scheme: 'GB-COH', id: coh, legalName: name.toUpperCase() },
      address: { streetAddress: `Unit ${1 + (i % 90)}, Enterprise Park`, locality: PLACES[i % PLACES.length], postalCode: `EP${1 + (i % 30)} ${1 + (i % 9)}ZZ`, countryName: 'United Kingdom' },
      contactPoint: { name: 'Bid Manager', email: `bids@supplier${i + 1}.example.co.uk` },
      ...(scale ? { details: { scale } } : {}),
      roles: ['supplier'],
    });
  }
  return { buyers, suppliers };
}

/**
 * Writes `{ "uri": ..., "version": "1.1", ..., "releases": [ ... ] }` to `file` until it holds at
 * least `targetBytes`. Returns what it wrote and what an import should make of it.
 */
export async function writeOcdsReleasePackage(file, { targetBytes, seed = 7, onProgress = () => {} }) {
  const rand = prng(seed);
  const pools = buildPools(rand);
  const out = createWriteStream(file);
  let pending = '';
  let bytes = 0;
  const write = async (s) => {
    pending += s;
    if (pending.length >= 1 << 20) {
      const chunk = pending;
      pending = '';
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
  };
  const stats = { releases: 0, ocids: 0, awards: 0, expectedContracts: 0, expectedLines: 0, countedAwards: 0, multiSupplierAwards: 0, tenderThenAward: 0, awardThenContract: 0, callOffs: 0, frameworkAgreements: 0, statuses: {}, currencies: {}, scales: {} };
  const header = {
    uri: 'https://bench.example/ocds/release-package.json',
    version: '1.1',
    publishedDate: '2026-04-01T00:00:00Z',
    publisher: { name: 'Open Procurement Marketplace bench', scheme: 'GB-COH', uid: '00000000' },
    license: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    publicationPolicy: 'https://bench.example/ocds/policy',
  };
  await write(JSON.stringify(header).slice(0, -1) + ',"releases":[\n');
  let first = true;
  const emit = async (release) => {
    await write((first ? '' : ',\n') + (typeof release === 'string' ? release : JSON.stringify(release)));
    first = false;
    stats.releases++;
  };
  /** Award releases held back, as JSON text: [releasesWrittenWhenDue, text]. */
  const held = [];
  let heldChars = 0;
  const hold = (due, release) => {
    const s = JSON.stringify(release);
    held.push([due, s]);
    heldChars += s.length + 2;
  };
  const release = async () => {
    const [, s] = held.shift();
    heldChars -= s.length + 2;
    await emit(s);
  };
  let n = 0;
  // what the file will hold once the held releases are out (ASCII text: characters = bytes)
  const written = () => bytes + pending.length + heldChars;
  let lastProgress = 0;
  while (written() < targetBytes) {
    n++;
    const ocid = `ocds-b5fd17-bench-${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}-${n}`;
    const shape = weighted(rand, [{ w: 55, k: 'single' }, { w: 23, k: 'tender-then-award' }, { w: 5, k: 'award-then-contract' }, { w: 14, k: 'call-off' }, { w: 3, k: 'framework' }]).k;
    const buyer = pools.buyers[Math.floor(pools.buyers.length * Math.pow(rand(), 1.6))];
    const [cpvId, cpvDesc] = pick(rand, CPV);
    const awardMs = START + Math.floor(rand() * SPAN_DAYS) * DAY + Math.floor(rand() * 8) * 3_600_000;
    const tenderMs = awardMs - (30 + Math.floor(rand() * 60)) * DAY;
    const currency = rand() < 0.88 ? 'GBP' : rand() < 0.83 ? 'EUR' : 'USD';
    const amount = Math.round(Math.exp(Math.log(1000) + rand() * Math.log(5000)) * 100) / 100;
    const nSup = rand() < 0.85 ? 1 : 2 + Math.floor(rand() * 4);
    const sups = [];
    while (sups.length < nSup) {
      const s = pools.suppliers[Math.floor(pools.suppliers.length * Math.pow(rand(), 1.8))];
      if (!sups.includes(s)) sups.push(s);
    }
    const status = weighted(rand, [{ w: 92, s: 'active' }, { w: 4, s: 'pending' }, { w: 2, s: 'cancelled' }, { w: 2, s: 'unsuccessful' }]).s;
    const lotCount = 1 + Math.floor(rand() * 3);
    const lots = Array.from({ length: lotCount }, (_, i) => ({ id: String(i + 1), title: `Lot ${i + 1}: ${cpvDesc}`, status: 'complete', value: { amount: Math.round((amount / lotCount) * 100) / 100, currency } }));
    const fw = shape === 'call-off' ? pick(rand, FRAMEWORKS) : null;
    const title = shape === 'framework' ? `Establishment of a framework agreement for ${cpvDesc.toLowerCase()}` : `${cpvDesc} for ${buyer.name}`;
    const tender = {
      id: `${ocid}-tender`,
      title,
      description: text(rand, 300, 1400),
      status: 'complete',
      procurementMethod: pick(rand, ['open', 'selective', 'limited']),
      procurementMethodDetails: fw ? 'Call-off from a Framework Agreement' : pick(rand, ['Open procedure', 'Restricted procedure', 'Competitive procedure with negotiation']),
      mainProcurementCategory: pick(rand, ['goods', 'works', 'services']),
      classification: { scheme: 'CPV', id: cpvId, description: cpvDesc },
      value: { amount: Math.round(amount * 1.1 * 100) / 100, currency },
      tenderPeriod: { startDate: iso(tenderMs), endDate: iso(tenderMs + 21 * DAY) },
      items: Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({ id: String(i + 1), description: text(rand, 40, 160), classification: { scheme: 'CPV', id: cpvId, description: cpvDesc }, quantity: 1 + Math.floor(rand() * 20), unit: { name: 'Each' } })),
      lots,
      documents: Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({ id: `${n}-${i + 1}`, documentType: pick(rand, ['tenderNotice', 'biddingDocuments', 'technicalSpecifications']), title: `Document ${i + 1}`, url: `https://bench.example/notices/${n}/documents/${i + 1}.pdf`, datePublished: iso(tenderMs), format: 'application/pdf', language: 'en' })),
      ...(shape === 'framework' ? { techniques: { hasFrameworkAgreement: true } } : {}),
    };
    const buyerRef = { id: buyer.id, name: buyer.name };
    const award = {
      id: `${ocid}-award-1`,
      title,
      description: text(rand, 80, 400),
      status,
      date: iso(awardMs),
      datePublished: iso(awardMs + Math.floor(rand() * 5) * DAY),
      value: { amount, currency },
      suppliers: sups.map((s) => ({ id: s.id, name: s.name })),
      relatedLots: [pick(rand, lots).id],
      contractPeriod: { startDate: iso(awardMs + 14 * DAY), endDate: iso(awardMs + (365 + Math.floor(rand() * 730)) * DAY) },
    };
    const parties = [buyer, ...sups];
    const base = { ocid, initiationType: 'tender', language: 'en', parties, buyer: buyerRef, ...(fw ? { relatedProcesses: [{ id: '1', relationship: ['framework'], title: fw, scheme: 'ocid', identifier: `ocds-b5fd17-fw-${FRAMEWORKS.indexOf(fw) + 1}` }] } : {}) };
    const releaseDate = iso(awardMs + (1 + Math.floor(rand() * 9)) * DAY);

    stats.ocids++;
    stats.awards++;
    stats.expectedContracts++;
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    stats.currencies[currency] = (stats.currencies[currency] ?? 0) + 1;
    for (const s of sups) stats.scales[s.details?.scale ?? 'none'] = (stats.scales[s.details?.scale ?? 'none'] ?? 0) + 1;
    if (nSup > 1) stats.multiSupplierAwards++;
    if (status === 'active' && shape !== 'framework') {
      stats.countedAwards++;
      stats.expectedLines += nSup;
    }
    if (shape === 'call-off') stats.callOffs++;
    if (shape === 'framework') stats.frameworkAgreements++;

    if (shape === 'tender-then-award') {
      stats.tenderThenAward++;
      await emit({ ...base, id: `${ocid}-tender-1`, date: iso(tenderMs), tag: ['tender'], parties: [buyer], tender });
      hold(stats.releases + 300 + Math.floor(rand() * 2700), { ...base, id: `${ocid}-award-1`, date: releaseDate, tag: ['award'], tender, awards: [award] });
    } else if (shape === 'award-then-contract') {
      stats.awardThenContract++;
      await emit({ ...base, id: `${ocid}-award-1`, date: releaseDate, tag: ['award'], tender, awards: [award] });
      const signed = awardMs + 20 * DAY;
      await emit({ ...base, parties: [buyer], id: `${ocid}-contract-1`, date: iso(signed), tag: ['contract'],
        contracts: [{ id: `${ocid}-contract-1`, awardID: award.id, title, status: 'active', value: { amount, currency }, dateSigned: iso(signed), period: award.contractPeriod }] });
    } else {
      await emit({ ...base, id: `${ocid}-award-1`, date: releaseDate, tag: ['award'], tender, awards: [award] });
    }
    while (held.length && held[0][0] <= stats.releases) await release();
    if (written() - lastProgress >= 50 << 20) {
      lastProgress = written();
      onProgress({ bytes: lastProgress, releases: stats.releases });
    }
  }
  while (held.length) await release();
  await write('\n]}\n');
  bytes += Buffer.byteLength(pending);
  out.end(pending);
  await once(out, 'finish');
  return { ...stats, bytes };
}
