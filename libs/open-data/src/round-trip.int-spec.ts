import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BulkFilesService, ImportsService, OpenDataModule, PublicationsService } from '@app/open-data';
import { JobPayloads, QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { NativeContractsService, SmeLedgerService, SmeReportsService } from '@app/reporting';
import { newId } from '@app/shared';
import { createTestContext, Factories, TestContext } from '@app/testing';

const pct = (v: number | null) => (v == null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
const BREAKDOWNS = ['period', 'sector', 'buyer', 'framework', 'lot', 'category', 'band'] as const;

async function appFor(config: AppConfig): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, QueueModule, OpenDataModule] }).compile();
  return moduleRef.init();
}

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/**
 * Round trip (issue 6): the platform's contracts, published as OCDS and exported as the daily bulk
 * file, imported into an empty database with the reporting import, give the same SME shares — by
 * count and by value, with the same coverage, in every breakdown.
 */
describe('OCDS round trip: export, import into an empty database, same SME shares', () => {
  let source: TestContext;
  let target: TestContext;
  let a: INestApplicationContext;
  let b: INestApplicationContext;
  const scratch = mkdtempSync(path.join(tmpdir(), 'opm-round-trip-'));

  beforeAll(async () => {
    source = await createTestContext();
    target = await createTestContext();
    a = await appFor(source.config);
    b = await appFor(target.config);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await source?.cleanup();
    await target?.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Contracts as tendering writes them: awards of tendered requirements and direct awards, some cancelled, across financial years. */
  async function platformContracts(ds: DataSource): Promise<{ events: JobPayloads['open-data.publish-release'][]; contractIds: string[] }> {
    const f = new Factories(ds);
    const rnd = lcg(20261126);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const buyers: { org: { id: string }; user: { id: string } }[] = [];
    for (const [name, domain] of [
      ['London Borough of Merton', 'merton.gov.uk'],
      ['Leeds Teaching Hospitals NHS Trust', 'nhs.net'],
      ['University of Leeds', 'leeds.ac.uk'],
      ['Department for Education', 'education.gov.uk'],
      ['Scottish Government', 'gov.scot'],
      // A buyer whose users write from a mail provider: the domain is never published, and the sector is the same either way.
      ['Friends of Roundhay Park', 'gmail.com'],
    ]) {
      const org = await f.organisation({ kind: 'buyer', name });
      const user = await f.user({ organisationId: org.id, roles: ['buyer_admin'], email: `buyer-${newId().slice(0, 8)}@${domain}` });
      buyers.push({ org, user });
    }
    const suppliers: { organisation: { id: string; name: string }; band: string }[] = [];
    for (const band of ['micro', 'small', 'medium', 'large', 'large', 'small', null, 'micro', 'medium', 'large'] as const) {
      suppliers.push({ ...(await f.supplier({ band })), band: band ?? 'unknown' });
    }
    const lots: { id: string; slug: string }[] = await ds.query(`SELECT l.id, l.slug FROM catalogue.lot l ORDER BY l.slug`);
    const requirementLots: { id: string }[] = await ds.query(`SELECT id FROM catalogue.lot WHERE kind = 'requirements' ORDER BY slug`);
    const events: JobPayloads['open-data.publish-release'][] = [];
    const contractIds: string[] = [];
    // Award moments: across three financial years, with one on each side of a year's boundary in London time.
    const moments = ['2024-06-12T10:00:00Z', '2025-01-20T15:30:00Z', '2025-03-31T22:59:00Z', '2025-03-31T23:30:00Z', '2025-09-02T09:00:00Z', '2026-02-14T12:00:00Z', '2026-05-05T08:15:00Z'];
    for (let i = 0; i < 48; i++) {
      const buyer = pick(buyers);
      const at = moments[i % moments.length];
      const direct = i % 4 === 3;
      const currency = i % 11 === 5 ? 'EUR' : i % 13 === 7 ? 'USD' : 'GBP';
      const value = i % 9 === 4 ? null : (1000 + Math.floor(rnd() * 500_000)).toFixed(2);
      const contractId = newId();
      let requirementId: string | null = null;
      let offeringId: string | null = null;
      const team = direct ? [pick(suppliers)] : [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(suppliers)))];
      if (direct) {
        offeringId = await f.offering({ organisationId: team[0].organisation.id, lotSlug: pick(lots).slug });
      } else {
        requirementId = newId();
        const lotId = pick(requirementLots).id;
        const [category] = await ds.query(`SELECT id FROM catalogue.category WHERE lot_id = $1 ORDER BY slug LIMIT 1`, [lotId]);
        await ds.query(
          `INSERT INTO tendering.requirement (id, organisation_id, status, title, summary, description, lot_id, category_id, location, currency, technical_weight, price_weight,
              questions_close_at, closes_at, published_at, closed_at, outcome_at, created_by)
           VALUES ($1, $2, 'awarded', $3, 'A summary.', 'A description.', $4, $5, 'Leeds', $6, 60, 40,
              $7::timestamptz - interval '30 days', $7::timestamptz - interval '20 days', $7::timestamptz - interval '40 days', $7::timestamptz - interval '20 days', $7, $8)`,
          [requirementId, buyer.org.id, `Requirement ${i}`, lotId, category?.id ?? null, currency, at, buyer.user.id],
        );
        events.push({ v: 1, releaseId: newId(), event: 'tender', requirementId });
      }
      await ds.query(
        `INSERT INTO tendering.contract (id, organisation_id, source, requirement_id, offering_id, title, value, currency, awarded_on, awarded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_char($9::timestamptz AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')::date, $10, $9)`,
        [contractId, buyer.org.id, direct ? 'direct' : 'tender', requirementId, offeringId, `Contract ${i}`, value, currency, at, buyer.user.id],
      );
      for (const s of team) {
        await ds.query(`INSERT INTO tendering.contract_supplier (contract_id, organisation_id, supplier_name, size_band, value) VALUES ($1, $2, $3, $4, $5)`, [
          contractId, s.organisation.id, s.organisation.name, s.band, direct ? value : null,
        ]);
      }
      events.push({ v: 1, releaseId: newId(), event: 'award', requirementId: requirementId ?? undefined, contractId });
      if (i % 7 === 2) {
        await ds.query(
          `UPDATE tendering.contract SET status = 'cancelled', cancelled_at = created_at + interval '3 days', cancelled_by = awarded_by, cancellation_reason = 'Set aside on review' WHERE id = $1`,
          [contractId],
        );
        events.push({ v: 1, releaseId: newId(), event: 'awardCancellation', contractId });
      }
      contractIds.push(contractId);
    }
    return { events, contractIds };
  }

  /** Sums of thirds added in another order differ in the last bit of a double: figures are compared to 10 decimal places. */
  const round = (v: number | null) => (v == null ? v : Math.round(v * 1e10) / 1e10);
  const figures = (r: { countShare: number | null; valueShare: number | null; countCoverage: number | null; valueCoverage: number | null; lines: number; weight: number; valueGbp: number; smeWeight: number; smeValueGbp: number }) => ({
    countShare: round(r.countShare),
    valueShare: round(r.valueShare),
    countCoverage: round(r.countCoverage),
    valueCoverage: round(r.valueCoverage),
    lines: r.lines,
    weight: round(r.weight),
    valueGbp: round(r.valueGbp),
    smeWeight: round(r.smeWeight),
    smeValueGbp: round(r.smeValueGbp),
  });

  async function shares(app: INestApplicationContext) {
    const reports = app.get(SmeReportsService);
    const out: Record<string, unknown> = {};
    for (const by of BREAKDOWNS) {
      const r = await reports.shareReport({ basis: 'award', by, period: 'fy', limit: 500, offset: 0 });
      out[`${by}:headline`] = figures(r.headline as never);
      // Buyers are keyed by source (an organisation id here, a party id there): compared by name.
      for (const row of r.rows) out[`${by}:${by === 'buyer' ? row.label : row.key}`] = { label: row.label, ...figures(row as never) };
    }
    return out;
  }

  it('gives identical SME shares, by count and by value, in every breakdown', async () => {
    const ds = a.get(DataSource);
    const { events, contractIds } = await platformContracts(ds);
    const natives = a.get(NativeContractsService);
    for (const id of contractIds) expect((await natives.refresh(id)).found).toBe(true);
    // A platform admin corrects two suppliers' sizes (as ReportingAdminService.correctSize records them; the worker then
    // rebuilds the lines): the reports use the corrected bands, and so must the published data (awardUpdate releases).
    const corrected: { contract_id: string; source_id: string; supplier_key: string; size_band: string }[] = await ds.query(
      // The first micro or large line of the first two such contracts by title (Contract 0, 1, …): the same every run.
      `SELECT source_id, contract_id, supplier_key, size_band FROM (
         SELECT DISTINCT ON (c.title) rc.id AS source_id, c.id::text AS contract_id, l.supplier_key, l.size_band, c.title
           FROM reporting.award_line l JOIN reporting.source_contract rc ON rc.id = l.contract_id
           JOIN tendering.contract c ON rc.source_key = 'native:' || c.id::text
          WHERE l.size_band IN ('micro', 'large') ORDER BY c.title, l.size_band, l.supplier_name) x
        ORDER BY length(title), title LIMIT 2`,
    );
    expect(corrected).toHaveLength(2);
    for (const c of corrected) {
      await ds.query(`INSERT INTO reporting.size_correction (contract_id, supplier_key, size_band, reason, corrected_by) VALUES ($1, $2, $3, 'Review', $4)`, [
        c.source_id, c.supplier_key, c.size_band === 'micro' ? 'large' : 'sme', newId(),
      ]);
      events.push({ v: 1, releaseId: newId(), event: 'awardUpdate', contractId: c.contract_id });
    }
    await ds.transaction((m) => a.get(SmeLedgerService).rebuildLines(m, corrected.map((c) => c.source_id)));
    // Half the events through the outbox payloads as tendering writes them; the rest (as on a platform that ran
    // before publication existed) by the backfill, which publishes what is missing and nothing twice.
    const publications = a.get(PublicationsService);
    const half = Math.floor(events.length / 2);
    for (const e of events.slice(0, half)) expect(await publications.publish(e)).toMatchObject({ stored: true });
    // One event still on its way through the outbox (the worker behind): the backfill leaves it to the worker.
    const [onItsWay] = events.slice(half);
    await ds.query(`INSERT INTO queue.outbox_event (id, job_name, payload) VALUES ($1, 'open-data.publish-release', $2::jsonb)`, [newId(), JSON.stringify(onItsWay)]);
    expect(await publications.backfill()).toEqual({ published: events.length - half - 1 });
    expect(await publications.publish(onItsWay)).toMatchObject({ stored: true });
    expect(await publications.backfill()).toEqual({ published: 0 });

    const exported = await a.get(BulkFilesService).build();
    expect(exported.releases).toBe(events.length);
    // Downloaded as the API serves it (the stream of the day's file), into a file of the published name.
    const file = path.join(scratch, exported.fileName);
    await pipeline((await a.get(BulkFilesService).open(exported.day)).stream, createWriteStream(file));
    const imports = b.get(ImportsService);
    const run = await imports.run((await imports.enqueue(null, { path: file, fileName: exported.fileName })).id);
    expect({ status: run.status, problems: run.problems }).toEqual({ status: 'done', problems: [] });

    const published = gunzipSync(readFileSync(file)).toString('utf8');
    expect(published).toContain('"contactPoint":{"url":"https://merton.gov.uk"}');
    expect(published).not.toContain('gmail.com');

    const before = await shares(a);
    const after = await shares(b);
    expect(after).toEqual(before);

    const headline = before['period:headline'] as ReturnType<typeof figures>;
    expect(headline.lines).toBeGreaterThan(40);
    const cancelled = events.filter((e) => e.event === 'awardCancellation').length;
    expect(cancelled).toBeGreaterThan(3);
    process.stdout.write(
      `\nround trip: ${contractIds.length} contracts (${cancelled} cancelled), ${events.length} releases, bulk file ${exported.bytes} bytes → import: ` +
        `SME share by count ${pct(headline.countShare)} (coverage ${pct(headline.countCoverage)}), by value ${pct(headline.valueShare)} ` +
        `(coverage ${pct(headline.valueCoverage)}), ${headline.lines} lines — identical in both databases across ${Object.keys(before).length} figures\n`,
    );
  });
});
