import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { SpendLineInput } from '@app/reporting';
import { fixturesDir } from '@app/testing';
import { collect, streamOf } from './ocds-test-helpers';
import { readSpendCsv, SpendCsvItem } from './spend-csv';

const HEADER = 'ID,Framework,LotDescription,SupplierName,CustomerName,ReturnMonth,ProjectNameAndDescription,EvidencedSpend,Sector,SMEorLarge';
const lines = (items: SpendCsvItem[]) => items.flatMap((i) => (i.kind === 'line' ? [i.line] : []));
const problems = (items: SpendCsvItem[]) => items.flatMap((i) => (i.kind === 'problem' ? [i.problem] : []));
const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('readSpendCsv', () => {
  it('maps a row', async () => {
    const csv = `${HEADER}\r1,G-Cloud,3,SYMANTEC LTD,Public Health England,2012-04-15,Anti Virus,43200,Central Government,Large`;
    expect(lines(await collect(readSpendCsv(streamOf(csv), 'gcloud')))).toEqual<SpendLineInput[]>([
      {
        sourceKey: 'gcloud:1',
        supplierName: 'SYMANTEC LTD',
        band: 'large',
        buyerName: 'Public Health England',
        sector: 'central',
        framework: 'G-Cloud',
        lot: 'Lot 3',
        month: '2012-04-01',
        amount: '43200',
        currency: 'GBP',
        description: 'Anti Virus',
      },
    ]);
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reads %s line endings, whatever the chunk size, and counts rows by line', async (_name, eol) => {
    const csv = [HEADER, '1,G-Cloud,1,A Ltd,Cabinet Office,2013-01-01,x,10,Central Government,SME', '', '3,G-Cloud,2,B Ltd,Leeds City Council,2013-02-01,y,20.5,Local Government,Large', ''].join(eol);
    for (const chunk of [1, 2, 3, 7, 1000]) {
      const items = await collect(readSpendCsv(streamOf(csv, chunk), 's'));
      expect(problems(items)).toEqual([]);
      expect(lines(items).map((l) => [l.sourceKey, l.amount])).toEqual([
        ['s:1', '10'],
        ['s:3', '20.5'],
      ]);
    }
  });

  it('reports a row with too few columns by its line number and keeps reading', async () => {
    const csv = [HEADER, '1,G-Cloud,1,A Ltd,Cabinet Office,2013-01-01,x,10,Central Government,SME', '2,G-Cloud,1,A Ltd,Cabinet Office,2013-01-01,10,SME', '3,G-Cloud,4,C Ltd,NHS Leeds,2013-03-01,z,30,Health,SME'].join('\r');
    const items = await collect(readSpendCsv(streamOf(csv), 's'));
    expect(lines(items).map((l) => l.sourceKey)).toEqual(['s:1', 's:3']);
    expect(problems(items)).toEqual([{ position: 3, unit: 'row', message: 'Row has 8 columns, expected 10; skipped' }]);
  });

  it('rebuilds a description holding unquoted commas from the middle columns', async () => {
    const csv = `${HEADER}\n7,G-Cloud,4,D Ltd,Home Office,2014-05-01,Design, build, and run,1500.25,Central Government,SME`;
    const [line] = lines(await collect(readSpendCsv(streamOf(csv), 's')));
    expect(line).toMatchObject({ description: 'Design, build, and run', amount: '1500.25', sector: 'central', band: 'sme' });
  });

  it('keeps a credit note negative and exact; reports a malformed amount or month naming the field', async () => {
    const csv = [
      HEADER,
      '1,G-Cloud,4,A Ltd,Cabinet Office,2013-01-01,credit,-11198.535,Central Government,SME',
      '2,G-Cloud,4,A Ltd,Cabinet Office,2013-01-01,bad,£10,Central Government,SME',
      '3,G-Cloud,4,A Ltd,Cabinet Office,13/01/2013,bad month,10,Central Government,SME',
      '4,G-Cloud,4,A Ltd,Cabinet Office,2013-01-01,,0,Central Government,SME',
    ].join('\r');
    const items = await collect(readSpendCsv(streamOf(latin1(csv)), 's'));
    expect(lines(items).map((l) => [l.sourceKey, l.amount, l.description])).toEqual([
      ['s:1', '-11198.535', 'credit'],
      ['s:4', '0', null],
    ]);
    expect(problems(items)).toEqual([
      { position: 3, unit: 'row', field: 'EvidencedSpend', message: 'EvidencedSpend "£10" is not a decimal number; skipped' },
      { position: 4, unit: 'row', field: 'ReturnMonth', message: expect.stringContaining('"13/01/2013"') },
    ]);
  });

  it('bands, sectors (label, else the customer name) and lots', async () => {
    const csv = [
      HEADER,
      '1,G-Cloud,Lot 2,A Ltd,Nowhere Borough Council,2013-01-01,x,1,Mystery,Medium',
      '2,G-Cloud,,B Ltd,Some Trust,2013-01-01,x,1,Fire and Rescue,sme',
      '3,,SaaS,C Ltd,Some Body,2013-01-01,x,1,Not for Profit,LARGE',
    ].join('\r');
    expect(lines(await collect(readSpendCsv(streamOf(csv), 's'))).map((l) => [l.band, l.sector, l.lot, l.framework])).toEqual([
      ['unknown', 'local', 'Lot 2', 'G-Cloud'],
      ['sme', 'local', null, 'G-Cloud'],
      ['large', 'other', 'SaaS', null],
    ]);
  });

  it('stops with one problem when the header is not the expected one', async () => {
    const items = await collect(readSpendCsv(streamOf('ID,Supplier,Amount\r1,A,10'), 's'));
    expect(items).toEqual([{ kind: 'problem', problem: expect.objectContaining({ position: 1, unit: 'row', field: 'header' }) }]);
  });

  it('decodes latin1 by default, Mac Roman on request', async () => {
    const csv = Buffer.concat([latin1(`${HEADER}\r1,G-Cloud,3,A Ltd,Information Commissioner`), Buffer.from([0xd5]), latin1(`s Office,2012-08-01,VM`), Buffer.from([0xa8]), latin1(',300,Central Government,SME')]);
    const [asLatin1] = lines(await collect(readSpendCsv(streamOf(csv, 5), 's')));
    const [asMac] = lines(await collect(readSpendCsv(streamOf(csv, 5), 's', { encoding: 'macroman' })));
    expect([asLatin1.buyerName, asLatin1.description]).toEqual(['Information CommissionerÕs Office', 'VM¨']);
    expect([asMac.buyerName, asMac.description]).toEqual(['Information Commissioner’s Office', 'VM®']);
  });
});

/** Exact sum of decimal strings in units of 1e-4 (the file has amounts with up to 4 decimals). */
function sumTenThousandths(amounts: string[]): bigint {
  let total = 0n;
  for (const a of amounts) {
    const negative = a.startsWith('-');
    const [whole, frac = ''] = (negative ? a.slice(1) : a).split('.');
    expect(frac.length).toBeLessThanOrEqual(4);
    const units = BigInt(whole + frac.padEnd(4, '0'));
    total += negative ? -units : units;
  }
  return total;
}

const dir = fixturesDir();
(dir ? describe : describe.skip)('readSpendCsv: G-Cloud spend file', () => {
  let items: SpendCsvItem[];
  let rows: SpendLineInput[];
  beforeAll(async () => {
    items = await collect(readSpendCsv(createReadStream(path.join(dir as string, 'G-Cloud-Spend-14-07-14-v2-For-import.csv')), 'gcloud-2014-07-14'));
    rows = lines(items);
  });

  it('13,492 rows, no problems, unique source keys', () => {
    expect(problems(items)).toEqual([]);
    expect(rows).toHaveLength(13_492);
    expect(new Set(rows.map((r) => r.sourceKey)).size).toBe(13_492);
    expect(rows.every((r) => r.currency === 'GBP' && r.framework === 'G-Cloud')).toBe(true);
  });

  it('250 credit notes totalling -3,536,833.2258 exactly (the README rounds to -3,536,833.23)', () => {
    const negative = rows.filter((r) => r.amount.startsWith('-'));
    expect(negative).toHaveLength(250);
    expect(sumTenThousandths(negative.map((r) => r.amount))).toBe(-35_368_332_258n);
    // Two credit notes have sub-penny amounts (-11198.535 and -84.5308); the total rounded to pence
    // (half away from zero) is the README's -3,536,833.23.
    const total = sumTenThousandths(negative.map((r) => r.amount));
    expect(-((-total + 50n) / 100n)).toBe(-353_683_323n);
    expect(sumTenThousandths(rows.map((r) => r.amount))).toBe(2_174_556_743_915n); // £217,455,674.3915 in all
  });

  it('343 suppliers: 255 SME, 88 large, none with both flags; 524 customers', () => {
    const bands = new Map<string, Set<string>>();
    for (const r of rows) bands.set(r.supplierName, (bands.get(r.supplierName) ?? new Set()).add(r.band));
    expect(bands.size).toBe(343);
    expect([...bands.values()].every((b) => b.size === 1)).toBe(true);
    const count = (band: string) => [...bands.values()].filter((b) => b.has(band)).length;
    expect([count('sme'), count('large'), count('unknown')]).toEqual([255, 88, 0]);
    expect(new Set(rows.map((r) => r.buyerName)).size).toBe(524);
  });

  it('lots 1/2/3/4 = 1,992 / 249 / 2,067 / 9,184 rows; months 2012-04 to 2014-06', () => {
    const byLot = (lot: string) => rows.filter((r) => r.lot === lot).length;
    expect(['Lot 1', 'Lot 2', 'Lot 3', 'Lot 4'].map(byLot)).toEqual([1992, 249, 2067, 9184]);
    const months = rows.map((r) => r.month).sort();
    expect([months[0], months[months.length - 1]]).toEqual(['2012-04-01', '2014-06-01']);
  });

  it('9 sector labels onto the platform six: Central Government 10,336 + Police 84 = central 10,420', () => {
    const bySector = (s: string) => rows.filter((r) => r.sector === s).length;
    expect(Object.fromEntries(['central', 'local', 'health', 'education', 'devolved', 'other'].map((s) => [s, bySector(s)]))).toEqual({
      central: 10_420, // Central Government 10,336 + Police 84
      local: 1_092, // Local Government 1,022 + Fire and Rescue 70
      health: 1_288,
      education: 181,
      devolved: 444,
      other: 67, // Not for Profit 59 + Private Sector 8
    });
  });

  it('213 rows have an empty description', () => {
    expect(rows.filter((r) => r.description === null)).toHaveLength(213);
  });

  it('is really Mac Roman: decoded so, the same rows and names read correctly', async () => {
    const mac = lines(await collect(readSpendCsv(createReadStream(path.join(dir as string, 'G-Cloud-Spend-14-07-14-v2-For-import.csv')), 'g', { encoding: 'macroman' })));
    expect(mac).toHaveLength(13_492);
    expect(new Set(mac.map((r) => r.buyerName)).size).toBe(524);
    expect(mac.some((r) => r.buyerName === 'Information Commissioner’s Office')).toBe(true);
    expect(rows.some((r) => r.buyerName === 'Information CommissionerÕs Office')).toBe(true);
  });
});
