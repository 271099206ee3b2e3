import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fixturesDir } from '@app/testing';
import { OcdsItem, readOcds } from './ocds-reader';
import { collect, streamOf } from './ocds-test-helpers';

const releases = (items: OcdsItem[]) => items.flatMap((i) => (i.kind === 'release' ? [i] : []));
const problems = (items: OcdsItem[]) => items.flatMap((i) => (i.kind === 'problem' ? [i.problem] : []));

describe('readOcds: shapes', () => {
  const r = (n: number, extra: object = {}) => ({ ocid: `ocds-t-${n}`, id: `r${n}`, date: '2025-01-01T00:00:00Z', tag: ['tender'], ...extra });

  it('streams a release package, with its metadata last (whatever the key order)', async () => {
    const text = JSON.stringify({ uri: 'https://x/p.json', releases: [r(1), r(2), r(3)], publisher: { name: 'P' }, version: '1.1' });
    const items = await collect(readOcds(streamOf(text, 7)));
    expect(releases(items).map((i) => [i.position, i.unit, i.compiled, i.release.ocid])).toEqual([
      [0, 'release', false, 'ocds-t-1'],
      [1, 'release', false, 'ocds-t-2'],
      [2, 'release', false, 'ocds-t-3'],
    ]);
    expect(items[items.length - 1]).toEqual({
      kind: 'package',
      packageType: 'release',
      count: 3,
      metadata: { uri: 'https://x/p.json', publisher: { name: 'P' }, version: '1.1' },
    });
  });

  it('reads a single bare release at position 0', async () => {
    const items = await collect(readOcds(streamOf(JSON.stringify(r(9, { awards: [{ id: 'a' }] })), 5)));
    expect(items).toEqual([{ kind: 'release', position: 0, unit: 'release', compiled: false, release: r(9, { awards: [{ id: 'a' }] }) }]);
  });

  it('reads a top-level array of releases', async () => {
    const items = await collect(readOcds(streamOf(JSON.stringify([r(1), r(2)]))));
    expect(releases(items).map((i) => i.release.id)).toEqual(['r1', 'r2']);
  });

  it('record package: compiledRelease when present, else merges embedded releases, else a problem for linked ones', async () => {
    const text = JSON.stringify({
      uri: 'u',
      records: [
        { ocid: 'ocds-t-1', releases: [{ url: 'https://x/1.json', date: '2025-01-01', tag: ['tender'] }], compiledRelease: { ocid: 'ocds-t-1', tag: ['compiled'], title: 'c' } },
        { ocid: 'ocds-t-2', releases: [r(2, { date: '2025-02-01', title: 'newer' }), { ...r(2), title: 'older', description: 'd' }] },
        { ocid: 'ocds-t-3', releases: [{ url: 'https://x/3a.json', date: '2025-01-01', tag: ['tender'] }, { url: 'https://x/3b.json', date: '2025-01-02', tag: ['award'] }] },
      ],
    });
    const items = await collect(readOcds(streamOf(text, 11)));
    const rel = releases(items);
    expect(rel.map((i) => [i.position, i.unit, i.compiled])).toEqual([
      [0, 'record', true],
      [1, 'record', true],
    ]);
    expect(rel[0].release).toEqual({ ocid: 'ocds-t-1', tag: ['compiled'], title: 'c' });
    expect(rel[1].release).toMatchObject({ ocid: 'ocds-t-2', title: 'newer', description: 'd', tag: ['compiled'] });
    expect(problems(items)).toEqual([
      expect.objectContaining({ position: 2, unit: 'record', field: 'compiledRelease', message: expect.stringContaining('2 linked release(s)') }),
    ]);
    expect(items[items.length - 1]).toMatchObject({ kind: 'package', packageType: 'record', count: 3 });
  });

  it('keeps amounts exact: numbers that survive the round trip as numbers, the others as their JSON text', async () => {
    const text = '{"ocid":"o","awards":[{"id":"a","value":{"amount":43788.9}},{"id":"b","value":{"amount":43789.0}},{"id":"c","value":{"amount":12345678901234567890.12}},{"id":"d","value":{"amount":1E3}}]}';
    const [item] = await collect(readOcds(streamOf(text)));
    const amounts = (item as Extract<OcdsItem, { kind: 'release' }>).release.awards as { value: { amount: unknown } }[];
    expect(amounts.map((a) => a.value.amount)).toEqual([43788.9, '43789.0', '12345678901234567890.12', '1E3']);
  });

  it('keeps a "__proto__" key as a plain field, as JSON.parse does', async () => {
    const [item] = await collect(readOcds(streamOf('{"ocid":"o","tender":{"__proto__":{"polluted":true}}}')));
    const release = (item as Extract<OcdsItem, { kind: 'release' }>).release;
    expect(Object.getPrototypeOf(release.tender)).toBe(Object.prototype);
    expect(Object.keys(release.tender as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports JSON that is not OCDS', async () => {
    expect(problems(await collect(readOcds(streamOf('{"hello":"world"}'))))).toEqual([
      expect.objectContaining({ position: 0, message: expect.stringContaining('Not OCDS') }),
    ]);
    expect(problems(await collect(readOcds(streamOf('42'))))).toHaveLength(1);
    expect(problems(await collect(readOcds(streamOf('{"releases":[{"id":"no ocid"}]}'))))).toEqual([
      expect.objectContaining({ position: 0, unit: 'release', field: 'ocid' }),
    ]);
  });
});

describe('readOcds: invalid JSON', () => {
  const good = (n: number) => JSON.stringify({ ocid: `ocds-t-${n}`, id: `r${n}`, date: '2025-01-01T00:00:00Z' });

  it.each([1, 16, 4096])('yields the releases before a syntax error, then one problem at the last good index (chunks of %i bytes)', async (chunk) => {
    const text = `{"releases":[${good(0)},${good(1)},${good(2)},{"ocid":"ocds-t-3","id": oops}, ${good(4)}]}`;
    const items = await collect(readOcds(streamOf(text, chunk)));
    expect(releases(items).map((i) => i.position)).toEqual([0, 1, 2]);
    expect(items[items.length - 1]).toEqual({
      kind: 'problem',
      problem: { position: 2, unit: 'release', message: expect.stringMatching(/^Invalid JSON after release 2 .*Parser cannot parse input.*Reading stopped\.$/) },
    });
  });

  it('reports a truncated file after the last complete release', async () => {
    const text = `{"releases":[${good(0)},${good(1)},{"ocid":"ocds-t-2","id":"r`;
    const items = await collect(readOcds(streamOf(text, 10)));
    expect(releases(items)).toHaveLength(2);
    expect(problems(items)).toEqual([expect.objectContaining({ position: 1, unit: 'release', message: expect.stringContaining('Invalid JSON after release 1') })]);
  });

  it('reports garbage before any release with position -1, and an empty input', async () => {
    expect(problems(await collect(readOcds(streamOf('{"releases": [}'))))).toEqual([
      expect.objectContaining({ position: -1, message: expect.stringContaining('before the first release') }),
    ]);
    expect(problems(await collect(readOcds(Readable.from([]))))).toHaveLength(1);
  });

  it('rethrows errors of the input stream itself', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(collect(readOcds(failing))).rejects.toThrow('disk on fire');
  });
});

describe('readOcds: memory', () => {
  it('streams a 20 MB package with flat retained heap, yielding releases long before the end', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const template = JSON.stringify({
      ocid: 'ocds-gen-#',
      id: 'r#',
      date: '2025-01-01T00:00:00Z',
      tag: ['award'],
      parties: Array.from({ length: 10 }, (_, k) => ({ id: `p${k}`, name: `Party ${k} #`, roles: ['supplier'], details: { scale: 'sme' } })),
      awards: [{ id: 'a', status: 'active', value: { amount: 1.5, currency: 'GBP' }, suppliers: Array.from({ length: 10 }, (_, k) => ({ id: `p${k}` })) }],
    });
    const total = 18_000;
    let made = 0;
    let bytes = 0;
    let finished = false;
    // A generator stream in ~64 KB chunks (like fs.createReadStream); nothing is held but the chunk.
    const source = new Readable({
      read() {
        let text = made === 0 ? '{"uri":"generated","releases":[' : '';
        while (text.length < 65_536 && made < total) text += (made ? ',' : '') + template.replaceAll('#', String(made++));
        if (made === total) text += ']}';
        bytes += text.length;
        this.push(Buffer.from(text));
        if (made === total) {
          finished = true;
          this.push(null);
        }
      },
    });

    gc();
    const baseline = process.memoryUsage().heapUsed;
    const retained: number[] = [];
    let bytesAtFirstRelease = -1;
    let count = 0;
    for await (const item of readOcds(source)) {
      if (item.kind !== 'release') continue;
      if (bytesAtFirstRelease < 0) {
        bytesAtFirstRelease = bytes;
        expect(finished).toBe(false);
      }
      if (++count % 3000 === 0) {
        gc();
        retained.push(process.memoryUsage().heapUsed - baseline);
      }
    }
    expect(count).toBe(total);
    expect(bytes).toBeGreaterThan(20_000_000);
    expect(bytesAtFirstRelease).toBeLessThan(200_000);
    // Loading the package whole would retain well over 50 MB of objects; streaming keeps it to noise.
    expect(Math.max(...retained)).toBeLessThan(8_000_000);
  }, 60_000);
});

const dir = fixturesDir();
(dir ? describe : describe.skip)('readOcds: real files', () => {
  const open = (name: string) => createReadStream(path.join(dir as string, name));

  it('Contracts Finder: 200 releases of 190 OCIDs, no problems, then the package metadata', async () => {
    const items = await collect(readOcds(open('contracts-finder-2025-releases.json')));
    const rel = releases(items);
    expect(rel).toHaveLength(200);
    expect(problems(items)).toEqual([]);
    expect(rel.map((i) => i.position)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(new Set(rel.map((i) => i.release.ocid)).size).toBe(190);
    const last = items[items.length - 1];
    expect(last).toMatchObject({ kind: 'package', packageType: 'release', count: 200 });
    expect(Object.keys((last as Extract<OcdsItem, { kind: 'package' }>).metadata).sort()).toEqual(['extensions', 'license', 'publishedDate', 'publisher', 'uri', 'version']);
  });

  it('Paraguay 277004.json: one record whose compiledRelease is used; its 7 linked releases are not a problem', async () => {
    const items = await collect(readOcds(open('277004.json')));
    expect(problems(items)).toEqual([]);
    const rel = releases(items);
    expect(rel).toHaveLength(1);
    expect(rel[0]).toMatchObject({ position: 0, unit: 'record', compiled: true, release: { ocid: 'ocds-03ad3f-277004', tag: ['compiled'] } });
    expect(items[items.length - 1]).toMatchObject({ kind: 'package', packageType: 'record', count: 1 });
  });

  it('Ukraine: a bare release object', async () => {
    const items = await collect(readOcds(open('ocds-be6bcu-UA-2017-04-12-001619-b-9c06e7fffe00412ebf6ec83fa2a10e04.json')));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'release',
      position: 0,
      compiled: false,
      release: { ocid: 'ocds-be6bcu-UA-2017-04-12-001619-b', tag: ['tender', 'award', 'contract', 'bid'] },
    });
  });
});
