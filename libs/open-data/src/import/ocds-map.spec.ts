import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { SourceContract } from '@app/reporting';
import { fixturesDir } from '@app/testing';
import { compileByOcid } from './ocds-compile';
import { detectFramework } from './ocds-framework';
import { mapRelease } from './ocds-map';
import { OcdsRelease, readOcds } from './ocds-reader';

/** A minimal OCDS 1.1 release with parties, for the unit cases. */
function release(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ocid: 'ocds-t-1',
    id: 'r1',
    date: '2025-02-01T10:00:00Z',
    tag: ['award'],
    tender: { id: 't', title: 'Road gritting', classification: { scheme: 'CPV', id: '90620000', description: 'Snow-clearing services' } },
    buyer: { id: 'B1', name: 'Kent County Council' },
    parties: [
      { id: 'B1', name: 'Kent County Council', roles: ['buyer'], contactPoint: { email: 'procurement@kent.gov.uk' } },
      { id: 'S1', name: 'Grit Ltd', identifier: { scheme: 'GB-COH', id: '01234567' }, roles: ['supplier'], details: { scale: 'sme' } },
      { id: 'S2', name: 'Big Salt plc', roles: ['supplier'], details: { scale: 'large' } },
      { id: 'S3', name: 'Sole Trader', roles: ['supplier'], details: { scale: 'selfEmployed' } },
      { id: 'S4', name: 'Mystery Co', roles: ['supplier'], details: { scale: 'enormous' } },
    ],
    awards: [
      {
        id: 'A1',
        status: 'active',
        date: '2025-01-20T00:00:00Z',
        value: { amount: 1200.5, currency: 'GBP' },
        suppliers: [{ id: 'S1', name: 'Grit Ltd' }, { id: 'S2' }, { id: 'S3' }, { id: 'S4' }],
      },
    ],
    ...overrides,
  };
}

describe('mapRelease', () => {
  it('maps an award: key, status, value, dates, buyer and suppliers resolved against parties', () => {
    const { contracts, problems } = mapRelease(release());
    expect(problems).toEqual([]);
    expect(contracts).toEqual<SourceContract[]>([
      {
        sourceKey: 'ocds:ocds-t-1/A1',
        source: 'ocds',
        ocid: 'ocds-t-1',
        title: 'Road gritting',
        status: 'active',
        isFramework: false,
        framework: null,
        buyer: { key: 'B1', name: 'Kent County Council', sector: 'local' },
        lot: null,
        category: 'Snow-clearing services',
        amount: '1200.5',
        currency: 'GBP',
        dates: { award: '2025-01-20T00:00:00Z', publication: '2025-02-01T10:00:00Z', signature: null },
        suppliers: [
          { key: 'GB-COH-01234567', name: 'Grit Ltd', band: 'sme', amount: null },
          { key: 'S2', name: 'Big Salt plc', band: 'large', amount: null },
          { key: 'S3', name: 'Sole Trader', band: 'selfEmployed', amount: null },
          { key: 'S4', name: 'Mystery Co', band: 'unknown', amount: null },
        ],
      },
    ]);
  });

  it('skips an award whose currency is not ISO 4217, naming the field; the other awards still map', () => {
    const awards = [
      { id: 'A1', status: 'active', value: { amount: 10, currency: 'XYZ' }, suppliers: [{ id: 'S1' }] },
      { id: 'A2', status: 'active', value: { amount: 20, currency: 'GBP' }, suppliers: [{ id: 'S2' }] },
      { id: 'A3', status: 'active', value: { amount: 30 }, suppliers: [{ id: 'S2' }] },
    ];
    const { contracts, problems } = mapRelease(release({ awards }), { position: 7 });
    expect(contracts.map((c) => c.sourceKey)).toEqual(['ocds:ocds-t-1/A2']);
    expect(problems).toEqual([
      { position: 7, unit: 'release', field: 'awards[0].value.currency', message: expect.stringContaining('"XYZ" is not an ISO 4217 code') },
      { position: 7, unit: 'release', field: 'awards[2].value.currency', message: expect.stringContaining('has no currency') },
    ]);
  });

  it('keeps a null amount (and no currency), and reports an amount that is not a number', () => {
    const awards = [
      { id: 'A1', status: 'active', suppliers: [{ id: 'S1' }] },
      { id: 'A2', status: 'active', value: { amount: 'lots', currency: 'GBP' }, suppliers: [{ id: 'S1' }] },
      { id: 'A3', status: 'active', value: { amount: '1.5E3', currency: 'EUR' }, suppliers: [{ id: 'S1' }] },
    ];
    const { contracts, problems } = mapRelease(release({ awards }));
    expect(contracts.map((c) => [c.amount, c.currency])).toEqual([
      [null, null],
      [null, 'GBP'],
      ['1500', 'EUR'],
    ]);
    expect(problems).toEqual([expect.objectContaining({ field: 'awards[1].value.amount' })]);
  });

  it('uses the award index as id when the award has none', () => {
    const { contracts } = mapRelease(release({ awards: [{ status: 'active' }, { status: 'active' }] }));
    expect(contracts.map((c) => c.sourceKey)).toEqual(['ocds:ocds-t-1/0', 'ocds:ocds-t-1/1']);
  });

  it('missing status: active only with contract evidence, else pending with a problem', () => {
    const base = { awards: [{ id: 'A1', suppliers: [{ id: 'S1' }] }] };
    const pending = mapRelease(release(base));
    expect(pending.contracts[0].status).toBe('pending');
    expect(pending.problems).toEqual([expect.objectContaining({ field: 'awards[0].status' })]);

    const signed = mapRelease(release({ ...base, contracts: [{ id: 'C1', awardID: 'A1', dateSigned: '2025-01-25T00:00:00Z' }] }));
    expect(signed.contracts[0].status).toBe('active');
    expect(signed.contracts[0].dates.signature).toBe('2025-01-25T00:00:00Z');
    expect(signed.problems).toEqual([]);

    expect(mapRelease(release({ ...base, tag: ['contract'] })).contracts[0].status).toBe('active');
    expect(mapRelease(release({ ...base, tag: ['compiled'] }), { tags: ['award', 'contract'] }).contracts[0].status).toBe('active');
    const odd = mapRelease(release({ awards: [{ id: 'A1', status: 'Awarded' }] }));
    expect(odd.contracts[0].status).toBe('pending');
    expect(odd.problems).toEqual([expect.objectContaining({ field: 'awards[0].status', message: expect.stringContaining('"Awarded"') })]);
  });

  it('signature date is the earliest dateSigned of the award contracts (as instants), ignoring cancelled ones', () => {
    const { contracts } = mapRelease(
      release({
        contracts: [
          { id: 'C1', awardID: 'A1', status: 'active', dateSigned: '2025-03-01T00:30:00+02:00' }, // 2025-02-28T22:30Z
          { id: 'C2', awardID: 'A1', status: 'active', dateSigned: '2025-02-28T23:00:00Z' },
          { id: 'C3', awardID: 'A1', status: 'cancelled', dateSigned: '2025-01-01T00:00:00Z' },
          { id: 'C4', awardID: 'other', status: 'active', dateSigned: '2024-01-01T00:00:00Z' },
        ],
      }),
    );
    expect(contracts[0].dates.signature).toBe('2025-03-01T00:30:00+02:00');
  });

  it('reports a supplier reference to a missing party and keys it by its id', () => {
    const { contracts, problems } = mapRelease(release({ awards: [{ id: 'A1', status: 'active', suppliers: [{ id: 'S9', name: 'Ghost' }] }] }));
    expect(contracts[0].suppliers).toEqual([{ key: 'S9', name: 'Ghost', band: 'unknown', amount: null }]);
    expect(problems).toEqual([expect.objectContaining({ field: 'awards[0].suppliers[0].id' })]);
  });

  it('lot from relatedLots (or the only lot); buyer from tender.procuringEntity when there is no buyer', () => {
    const { contracts } = mapRelease(
      release({
        buyer: undefined,
        parties: undefined,
        tender: {
          title: 'T',
          procuringEntity: { name: 'NHS Kent', identifier: { scheme: 'GB-NHS', id: 'X1' } },
          lots: [
            { id: 'L1', title: 'North' },
            { id: 'L2', title: 'South' },
          ],
        },
        awards: [{ id: 'A1', status: 'active', relatedLots: ['L2'] }],
      }),
    );
    expect(contracts[0].lot).toBe('South');
    expect(contracts[0].buyer).toEqual({ key: 'GB-NHS-X1', name: 'NHS Kent', sector: 'health' });
  });

  it('rejects a release without an ocid and returns nothing for a release without awards', () => {
    expect(mapRelease({ id: 'x' }).problems).toEqual([expect.objectContaining({ field: 'ocid' })]);
    expect(mapRelease(release({ awards: undefined }))).toEqual({ contracts: [], problems: [] });
  });
});

describe('detectFramework', () => {
  const award = { id: 'A1' };
  const rel = (tender: object, extra: object = {}) => ({ ocid: 'o', tender, ...extra });

  it.each([
    ['Call-off from a framework agreement'],
    ['Call-off from a dynamic purchasing system'],
    ['Other - Further Competition - Framework'],
    ['Other - Direct Award from a Framework Contract'],
  ])('a call-off (%s) is not a framework, whatever the text says', (details) => {
    const verdict = detectFramework(rel({ procurementMethodDetails: details, description: 'We wish to establish a framework agreement' }), award);
    expect(verdict).toEqual({ isFramework: false, framework: null, basis: 'method-details' });
  });

  it('a related process of relationship framework makes a call-off, named by its title', () => {
    const verdict = detectFramework(
      rel({ techniques: { hasFrameworkAgreement: true } }, { relatedProcesses: [{ id: '1', relationship: ['framework'], title: 'RM6187 Management Consultancy' }] }),
      award,
    );
    expect(verdict).toEqual({ isFramework: false, framework: 'RM6187 Management Consultancy', basis: 'related-process' });
  });

  it('techniques.hasFrameworkAgreement / hasDynamicPurchasingSystem make the framework itself', () => {
    expect(detectFramework(rel({ title: 'Roads FA', techniques: { hasFrameworkAgreement: true } }), award)).toEqual({ isFramework: true, framework: 'Roads FA', basis: 'techniques' });
    expect(detectFramework(rel({ title: 'Taxis', techniques: { hasDynamicPurchasingSystem: true } }), award).isFramework).toBe(true);
  });

  it.each([
    ['wishes to establish a Framework Agreement for Repairs', true],
    ['Renewal of a national framework for the outright purchase of vehicles', true],
    ['The council is setting up a Dynamic Purchasing System for transport', true],
    ['Procured through L&Q framework.', false],
    ['This mini-competition is being conducted using Lot 1 of CCS framework agreement RM6020', false],
    ['Standard Network Cabling Framework', false],
    ['We will establish a contract. The framework is run by ESPO.', false],
  ])('text %j → framework %s', (description, expected) => {
    expect(detectFramework(rel({ description, procurementMethodDetails: 'Open procedure' }), award).isFramework).toBe(expected);
  });
});

const dir = fixturesDir();
(dir ? describe : describe.skip)('mapRelease: real files', () => {
  const read = async (name: string) => {
    const out: { release: OcdsRelease; position: number; unit: 'release' | 'record' }[] = [];
    for await (const item of readOcds(createReadStream(path.join(dir as string, name)))) {
      if (item.kind === 'problem') throw new Error(item.problem.message);
      if (item.kind === 'release') out.push(item);
    }
    return out;
  };
  const distinct = (c: SourceContract) => new Set(c.suppliers.map((s) => s.key)).size;

  describe('Contracts Finder 2025', () => {
    let latest: SourceContract[];
    let merged: SourceContract[];
    let items: Awaited<ReturnType<typeof read>>;
    beforeAll(async () => {
      items = await read('contracts-finder-2025-releases.json');
      const mapAll = (mode: 'latest' | 'merge') =>
        [...compileByOcid(items.map((i) => i.release), mode).values()].flatMap((p) => {
          const { contracts, problems } = mapRelease(p.compiled, { tags: p.tags });
          expect(problems).toEqual([]);
          return contracts;
        });
      latest = mapAll('latest');
      merged = mapAll('merge');
    });

    it('latest release per OCID: 141 awards, all active, all GBP, 7 of value 0', () => {
      expect(latest).toHaveLength(141);
      expect(latest.every((c) => c.status === 'active' && c.currency === 'GBP')).toBe(true);
      expect(latest.filter((c) => c.amount === '0')).toHaveLength(7);
      expect(new Set(latest.map((c) => c.sourceKey)).size).toBe(141);
    });

    it('OCDS merge per OCID keeps 2 superseded awards (143): Contracts Finder re-issues a corrected award under a new id', () => {
      expect(merged).toHaveLength(143);
      const extra = merged.filter((m) => !latest.some((l) => l.sourceKey === m.sourceKey)).map((c) => [c.sourceKey, c.amount, c.suppliers.length]);
      expect(extra).toEqual([
        ['ocds:ocds-b5fd17-3acef0bd-20d7-4df8-bbd7-01a3540dc2d6/ocds-b5fd17-3acef0bd-20d7-4df8-bbd7-01a3540dc2d6-13', '0', 12],
        ['ocds:ocds-b5fd17-e0d4b2ec-d437-468f-82c7-1d751544e9ea/ocds-b5fd17-e0d4b2ec-d437-468f-82c7-1d751544e9ea-1', '18848731', 1],
      ]);
    });

    it('supplier scales over the 250 supplier entries of the latest releases: large 124, sme 79, missing → unknown 47', () => {
      const entries = latest.flatMap((c) => c.suppliers);
      expect(entries).toHaveLength(250);
      const count = (band: string) => entries.filter((s) => s.band === band).length;
      expect([count('large'), count('sme'), count('unknown')]).toEqual([124, 79, 47]);
      // 249 distinct suppliers (GB-COH-03794455 is listed twice on the ESPO framework award).
      const byKey = new Map(entries.map((s) => [s.key, s.band]));
      expect(byKey.size).toBe(249);
      const distinctCount = (band: string) => [...byKey.values()].filter((b) => b === band).length;
      expect([distinctCount('large'), distinctCount('sme'), distinctCount('unknown')]).toEqual([123, 79, 47]);
    });

    it('multi-supplier awards: 10 in the latest state, 11 counting the superseded one (the README figure)', () => {
      expect(latest.filter((c) => c.suppliers.length > 1)).toHaveLength(10);
      expect(merged.filter((c) => c.suppliers.length > 1)).toHaveLength(11);
      expect(Math.max(...latest.map((c) => c.suppliers.length))).toBe(35);
    });

    it('exactly the two framework agreements are flagged: GBP 400m (35 suppliers) and GBP 175m (30)', () => {
      const flagged = (contracts: SourceContract[]) =>
        contracts.filter((c) => c.isFramework).map((c) => [c.ocid, c.amount, c.suppliers.length, distinct(c), c.framework]);
      expect(flagged(latest)).toEqual([
        ['ocds-b5fd17-8d84c691-fc64-4f64-b240-443a0af1ba82', '400000000', 35, 34, '215_24 Specialist Vehicles (outright purchase)'],
        ['ocds-b5fd17-8c7529f3-ad28-4b4d-b917-c5d1578e412f', '175000000', 30, 30, 'Repairs and Planned Works Framework'],
      ]);
      // The OCDS merge collapses the duplicate supplier reference (same id twice in one array): 34 entries.
      expect(flagged(merged)).toEqual([
        ['ocds-b5fd17-8d84c691-fc64-4f64-b240-443a0af1ba82', '400000000', 34, 34, '215_24 Specialist Vehicles (outright purchase)'],
        ['ocds-b5fd17-8c7529f3-ad28-4b4d-b917-c5d1578e412f', '175000000', 30, 30, 'Repairs and Planned Works Framework'],
      ]);
    });

    it('the 34 call-offs (procurementMethodDetails) are not flagged; nor is any award of any single release but those two', () => {
      const processes = [...compileByOcid(items.map((i) => i.release), 'latest').values()];
      const bases = processes.flatMap((p) => ((p.compiled.awards as object[]) ?? []).map((a) => detectFramework(p.compiled, a as Record<string, unknown>).basis));
      expect(bases.filter((b) => b === 'method-details')).toHaveLength(34);
      expect(bases.filter((b) => b === 'text')).toHaveLength(2);
      const flaggedAnywhere = new Set(items.flatMap((i) => mapRelease(i.release).contracts.filter((c) => c.isFramework).map((c) => c.ocid)));
      expect([...flaggedAnywhere]).toEqual(['ocds-b5fd17-8d84c691-fc64-4f64-b240-443a0af1ba82', 'ocds-b5fd17-8c7529f3-ad28-4b4d-b917-c5d1578e412f']);
    });

    it('an award dated after its own release is kept as published (a data-quality trap for the period bucketing)', () => {
      const late = latest.filter((c) => c.dates.award && c.dates.publication && Date.parse(c.dates.award) > Date.parse(c.dates.publication));
      expect(late.map((c) => [c.ocid, c.dates.award])).toEqual([['ocds-b5fd17-6d483bbb-1abd-4f4e-aead-88d2c31bed26', '2025-08-22T00:00:00+01:00']]);
    });

    it('buyers: party ids as keys, sectors from name and e-mail domain', () => {
      const first = latest.find((c) => c.ocid === 'ocds-b5fd17-e3b5f385-5989-4cf1-8849-01c247fc9c30') as SourceContract;
      expect(first.buyer).toEqual({ key: 'GB-CFS-18525', name: 'London Borough of Merton', sector: 'local' });
      expect(first.dates.publication).toBe('2025-01-23T22:10:19Z');
      expect(first.category).toBe('Parking services');
    });
  });

  it('Paraguay 277004: one active PYG award, 4 supplier refs / 3 keys, per-supplier amounts from the contracts', async () => {
    const [item] = await read('277004.json');
    const { contracts, problems } = mapRelease(item.release, { position: item.position, unit: item.unit });
    expect(problems).toEqual([]);
    expect(contracts).toHaveLength(1);
    const [c] = contracts;
    expect(c).toMatchObject({
      sourceKey: 'ocds:ocds-03ad3f-277004/277004-adquisicion-equipos-e-insumos-informaticos-1',
      status: 'active',
      amount: '2116219396',
      currency: 'PYG',
      isFramework: false,
      title: 'ADQUISICION DE EQUIPOS E INSUMOS INFORMATICOS',
      lot: 'Lote 1',
      buyer: { key: 'name:municipalidad de asuncion', name: 'Municipalidad de Asunción', sector: 'other' },
      dates: { award: '2016-02-26T15:53:51-05:00', publication: '2017-08-08T08:25:24-04:00', signature: '2015-07-14T12:00:00-04:00' },
    });
    const ruc = 'Registro Único de Contribuyente emitido por el Ministerio de Hacienda del Gobierno de Paraguay';
    expect(c.suppliers).toEqual([
      { key: `${ruc}-80030218-4`, name: 'DATA LAB SA', band: 'unknown', amount: '1400029440.0' },
      { key: `${ruc}-754010-8`, name: 'MARCELO ADDARIO PAVON', band: 'unknown', amount: '531932992.0' },
      { key: `${ruc}-754010-8`, name: 'MARCELO ADDARIO PAVON', band: 'unknown', amount: '531932992.0' },
      { key: `${ruc}-80015541-6`, name: 'PARASUR SA', band: 'unknown', amount: '184256896.0' },
    ]);
    expect(distinct(c)).toBe(3);
    // Amounts as written in the file (1400029440.0 …); the contracts total 68 PYG less than the award.
    expect(1400029440 + 531932992 + 184256896).toBe(2116219328);
  });

  it('Ukraine: 2 awards, one unsuccessful, one active UAH 43788.9; embedded suppliers with band unknown', async () => {
    const [item] = await read('ocds-be6bcu-UA-2017-04-12-001619-b-9c06e7fffe00412ebf6ec83fa2a10e04.json');
    const { contracts, problems } = mapRelease(item.release);
    expect(problems).toEqual([]);
    expect(contracts.map((c) => [c.status, c.amount, c.currency, c.dates.signature])).toEqual([
      ['unsuccessful', '42074.56', 'UAH', null],
      ['active', '43788.9', 'UAH', '2017-04-25T14:44:00+03:00'],
    ]);
    expect(contracts[1].suppliers).toEqual([{ key: 'UA-EDR-2304707963', name: 'ФОП "КРИШТАЛЬ НАТАЛІЯ ІВАНІВНА"', band: 'unknown', amount: null }]);
    expect(contracts[1].buyer).toEqual({ key: 'UA-EDR-02124775', name: 'ВІДДІЛ ОСВІТИ СИНЕЛЬНИКІВСЬКОЇ МІСЬКОЇ РАДИ', sector: 'other' });
    expect(contracts[1].title).toBe('Банани та лимони');
    expect(contracts[1].category).toBe('Овочі, фрукти та горіхи');
  });
});
