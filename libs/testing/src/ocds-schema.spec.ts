import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describeWithFixtures } from './fixtures';
import { OCDS_EXTENSION_URLS, OcdsValidators, loadOcdsValidators, mergePatch } from './ocds-schema';

type Json = Parameters<typeof mergePatch>[1];

/** ajv's order between a keyword and the `codelist` keyword on the same field is not part of the contract. */
const sameErrors = (actual: string[], expected: string[]) => expect([...actual].sort()).toEqual([...expected].sort());

describe('mergePatch (RFC 7386)', () => {
  // RFC 7386 Appendix A, every example: [target, patch, result].
  const examples: [Json, Json, Json][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(examples)('%j + %j', (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });

  it('modifies neither argument', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: [1] } };
    const merged = mergePatch(target, patch) as { a: { c: number[] } };
    merged.a.c.push(2);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: [1] } });
  });
});

describeWithFixtures('OCDS 1.1.5 validators', (dir) => {
  let ocds: OcdsValidators;
  beforeAll(() => {
    ocds = loadOcdsValidators(path.join(dir, 'ocds-1.1.5'));
  });
  const readFixture = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));

  /** A minimal release package as the platform should publish one: every extension field in use. */
  function validPackage() {
    const buyer = { id: 'GB-GOR-D1', name: 'Department for Testing' };
    const supplier = { id: 'GB-COH-01234567', name: 'Small Supplier Ltd' };
    return {
      uri: 'https://example.gov.uk/ocds/release-package/1.json',
      version: '1.1',
      publishedDate: '2025-03-01T12:00:00Z',
      publisher: { name: 'Open Procurement Marketplace' },
      license: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      extensions: [...OCDS_EXTENSION_URLS],
      releases: [
        {
          ocid: 'ocds-abc123-000001',
          id: 'ocds-abc123-000001-tender-1',
          date: '2025-03-01T10:00:00Z',
          tag: ['tender', 'award'],
          initiationType: 'tender',
          parties: [
            { ...buyer, roles: ['buyer', 'procuringEntity'] },
            { ...supplier, roles: ['supplier', 'tenderer'], details: { scale: 'sme' } },
          ],
          buyer,
          tender: {
            id: 'T-1',
            title: 'Cloud hosting',
            status: 'active',
            procurementMethod: 'open',
            mainProcurementCategory: 'services',
            value: { amount: 100000, currency: 'GBP' },
          },
          awards: [
            {
              id: 'A-1',
              status: 'active',
              date: '2025-02-28T09:30:00+00:00',
              value: { amount: 95000, currency: 'GBP' },
              suppliers: [supplier],
            },
          ],
          bids: {
            statistics: [
              { id: 'S-1', measure: 'bids', value: 4 },
              { id: 'S-2', measure: 'smeBids', value: 3 },
            ],
          },
        },
      ],
    };
  }

  it('passes a minimal valid release package, and its release on its own', () => {
    const pkg = validPackage();
    expect(ocds.validateReleasePackage(pkg)).toEqual([]);
    expect(ocds.validateRelease(pkg.releases[0])).toEqual([]);
  });

  it('caches the compiled validators per folder', () => {
    expect(loadOcdsValidators(path.join(dir, 'ocds-1.1.5', '.'))).toBe(ocds);
  });

  it('uses the core release schema patched by the scale and bid extensions, under the core id', () => {
    const schema = ocds.releaseSchema as Record<string, any>;
    expect(schema.id).toBe('https://standard.open-contracting.org/schema/1__1__5/release-schema.json');
    expect(schema.definitions.Organization.properties.details.properties.scale.codelist).toBe('partyScale.csv');
    expect(schema.properties.bids.properties.statistics.items).toEqual({ $ref: '#/definitions/Statistic' });
    // The patch adds to Organization; it does not replace the core fields.
    expect(schema.definitions.Organization.properties.roles.codelist).toBe('partyRole.csv');
  });

  it('declares the two extensions as raw extension.json URLs', () => {
    expect(OCDS_EXTENSION_URLS).toHaveLength(2);
    const raw = /^https:\/\/raw\.githubusercontent\.com\/open-contracting-extensions\/.+\/extension\.json$/;
    for (const url of OCDS_EXTENSION_URLS) expect(url).toMatch(raw);
  });

  it('has every closed codelist enum equal to its CSV (releaseTag, statuses, currency, partyScale, ...)', () => {
    const closed: { codelist: string; values: unknown[] }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const n = node as Record<string, any>;
        if (typeof n.codelist === 'string' && n.openCodelist === false) {
          closed.push({ codelist: n.codelist, values: n.enum ?? n.items?.enum });
        }
        Object.values(n).forEach(walk);
      }
    };
    walk(ocds.releaseSchema);
    const platformClosed = ['releaseTag.csv', 'tenderStatus.csv', 'awardStatus.csv', 'contractStatus.csv', 'method.csv'];
    platformClosed.push('procurementCategory.csv', 'currency.csv', 'partyScale.csv');
    expect(closed.map((c) => c.codelist)).toEqual(expect.arrayContaining(platformClosed));
    for (const { codelist, values } of closed) {
      const enumCodes = values.filter((v) => v !== null).sort();
      expect({ codelist, codes: enumCodes }).toEqual({ codelist, codes: [...ocds.codelists.get(codelist)!].sort() });
    }
  });

  describe('reports', () => {
    type Pkg = ReturnType<typeof validPackage>;
    /** Errors for the valid package after `change` has broken it. */
    function errorsAfter(change: (release: Record<string, any>, pkg: Pkg) => void): string[] {
      const pkg = validPackage();
      change(pkg.releases[0], pkg);
      return ocds.validateReleasePackage(pkg);
    }

    it('a missing ocid', () => {
      expect(errorsAfter((r) => delete r.ocid)).toEqual(["/releases/0: must have required property 'ocid'"]);
      const { ocid: _ocid, ...release } = validPackage().releases[0];
      expect(ocds.validateRelease(release)).toEqual(["(root): must have required property 'ocid'"]);
    });

    it('a tag outside the closed releaseTag codelist (schema enum and CSV)', () => {
      sameErrors(errorsAfter((r) => (r.tag = ['tender', 'tenderUpdated'])), [
        '/releases/0/tag/1: must be equal to one of the allowed values (got "tenderUpdated")',
        '/releases/0/tag/1: "tenderUpdated" not in releaseTag.csv',
      ]);
    });

    it("a scale of 'tiny' (closed partyScale codelist from the scale extension)", () => {
      sameErrors(errorsAfter((r) => (r.parties[1].details.scale = 'tiny')), [
        '/releases/0/parties/1/details/scale: must be equal to one of the allowed values (got "tiny")',
        '/releases/0/parties/1/details/scale: "tiny" not in partyScale.csv',
      ]);
    });

    it('a bid statistic measure outside the open statistic codelist (the CSV check alone catches it)', () => {
      expect(errorsAfter((r) => (r.bids.statistics[1].measure = 'smallBusinessBids'))).toEqual([
        '/releases/0/bids/statistics/1/measure: "smallBusinessBids" not in statistic.csv',
      ]);
    });

    it('a role outside the open partyRole codelist', () => {
      expect(errorsAfter((r) => r.parties[0].roles.push('purchaser'))).toEqual([
        '/releases/0/parties/0/roles/2: "purchaser" not in partyRole.csv',
      ]);
    });

    it('a currency outside the currency codelist', () => {
      sameErrors(errorsAfter((r) => (r.awards[0].value.currency = 'ZZZ')), [
        '/releases/0/awards/0/value/currency: must be equal to one of the allowed values (got "ZZZ")',
        '/releases/0/awards/0/value/currency: "ZZZ" not in currency.csv',
      ]);
    });

    it('a date-time without a time zone, and a package without a version', () => {
      sameErrors(
        errorsAfter((r, pkg) => {
          r.date = '2025-03-01T10:00:00';
          delete (pkg as Partial<Pkg>).version;
        }),
        [
          "(root): must have required property 'version'",
          '/releases/0/date: must match format "date-time" (got "2025-03-01T10:00:00")',
        ],
      );
    });
  });

  // Real published data: what is asserted here is what the validator finds today (see each comment).
  describe('real samples', () => {
    it('Contracts Finder package (200 releases): only 2 unparseable document URLs and 6 documentType codes outside 1.1.5', () => {
      const errors = ocds.validateReleasePackage(readFixture('contracts-finder-2025-releases.json'));
      expect(errors.filter((e) => !/ not in documentType\.csv$/.test(e))).toEqual([
        '/releases/20/tender/documents/1/url: must match format "uri" (got "http://Contract Finder")',
        '/releases/103/awards/0/documents/1/url: must match format "uri" (got "http://Contract Finder")',
      ]);
      // marketEngagementNotice (5, a code added after 1.1.5) and Link (1): documentType is an open codelist.
      expect(errors.filter((e) => / not in documentType\.csv$/.test(e))).toHaveLength(6);
    });

    it('Paraguay record package: no version field, a duplicated award supplier, local open-codelist values', () => {
      const errors = ocds.validateRecordPackage(readFixture('277004.json'));
      const structural = errors.filter((e) => !/ not in (documentType|itemClassificationScheme)\.csv$/.test(e));
      expect(structural).toEqual([
          "(root): must have required property 'version'",
        '/records/0/compiledRelease/awards/0/suppliers: must NOT have duplicate items (items ## 1 and 2 are identical)',
      ]);
      // Spanish document types and DNCP's own item classification scheme (both open codelists).
      expect(errors).toContain(
        '/records/0/compiledRelease/contracts/0/documents/0/documentType: "Acta de Apertura" not in documentType.csv',
      );
      expect(errors.filter((e) => / not in itemClassificationScheme\.csv$/.test(e))).toHaveLength(21);
    });

    it("Ukraine release: ProZorro's 'bid' tag and 'active' bid status are outside the codelists", () => {
      sameErrors(ocds.validateRelease(readFixture('ocds-be6bcu-UA-2017-04-12-001619-b-9c06e7fffe00412ebf6ec83fa2a10e04.json')), [
        '/tag/3: "bid" not in releaseTag.csv',
        '/tag/3: must be equal to one of the allowed values (got "bid")',
        '/tender/documents/0/documentType: "contractProforma" not in documentType.csv',
        ...[0, 1, 2].flatMap((i) => [
          `/bids/details/${i}/status: must be equal to one of the allowed values (got "active")`,
          `/bids/details/${i}/status: "active" not in bidStatus.csv`,
        ]),
      ]);
    });
  });
});
