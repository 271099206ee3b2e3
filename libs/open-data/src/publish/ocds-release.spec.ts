import { buildRelease, ProcessSnapshot, recordPackage, releasePackage, OCDS_EXTENSIONS } from './ocds-release';

const at = (s: string) => new Date(s);

function requirement(over: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
  return {
    method: 'open',
    processId: '11111111-1111-4111-8111-111111111111',
    buyer: { id: 'b0000000-0000-4000-8000-000000000001', name: 'London Borough of Merton', domain: 'merton.gov.uk' },
    tender: {
      title: 'School admissions service',
      description: 'A summary.\n\nA description.',
      currency: 'GBP',
      budgetMin: '50000.00',
      budgetMax: '120000.00',
      location: 'Merton',
      publishedAt: at('2026-05-01T09:00:00Z'),
      questionsCloseAt: at('2026-05-08T17:00:00Z'),
      closesAt: at('2026-05-15T12:00:00Z'),
      contractLengthMonths: 12,
    },
    framework: { id: 'f1', name: 'Digital Outcomes and Specialists' },
    lot: { id: 'l1', name: 'Digital outcomes' },
    category: { id: 'c1', name: 'User research' },
    bids: { micro: 1, small: 2, medium: 0, large: 1, unknown: 1 },
    award: {
      contractId: '22222222-2222-4222-8222-222222222222',
      title: 'School admissions service',
      value: '98000.50',
      currency: 'GBP',
      awardedAt: at('2026-06-01T10:00:00Z'),
      startDate: '2026-07-01',
      endDate: null,
      cancelledAt: null,
      suppliers: [
        { organisation: { id: 's1', name: 'Small Ltd', companiesHouseNumber: '01234567' }, band: 'small' },
        { organisation: { id: 's2', name: 'Unknown Ltd' }, band: 'unknown' },
      ],
    },
    ...over,
  };
}

const ctx = (event: Parameters<typeof buildRelease>[1]['event'], date = '2026-05-01T09:00:00Z') => ({
  ocidPrefix: 'ocds-opm0uk',
  releaseId: `r-${event}`,
  event,
  date: at(date),
});

describe('OCDS release builder', () => {
  it('tender: the published requirement, no bids (sealed), no award, no suppliers', () => {
    const r = buildRelease(requirement(), ctx('tender'));
    expect(r).toMatchObject({ ocid: 'ocds-opm0uk-11111111-1111-4111-8111-111111111111', id: 'r-tender', tag: ['tender'], initiationType: 'tender' });
    expect(r.tender).toMatchObject({
      status: 'active',
      procurementMethod: 'open',
      value: { amount: 120000, currency: 'GBP' },
      minValue: { amount: 50000, currency: 'GBP' },
      tenderPeriod: { startDate: '2026-05-01T09:00:00.000Z', endDate: '2026-05-15T12:00:00.000Z' },
      lots: [{ id: 'l1', title: 'Digital outcomes' }],
    });
    expect(r.bids).toBeUndefined();
    expect(r.awards).toBeUndefined();
    expect((r.parties as { roles: string[] }[]).map((p) => p.roles)).toEqual([['buyer', 'procuringEntity']]);
    expect(r.relatedProcesses).toEqual([{ id: 'framework', relationship: ['framework'], title: 'Digital Outcomes and Specialists' }]);
  });

  it('tenderAmendment: the closing time as it was at that event, with an amendment entry', () => {
    const r = buildRelease(requirement(), { ...ctx('tenderAmendment', '2026-05-03T10:00:00Z'), closesAt: at('2026-05-20T12:00:00Z') });
    expect(r.tag).toEqual(['tenderAmendment']);
    expect((r.tender as { tenderPeriod: unknown }).tenderPeriod).toEqual({ startDate: '2026-05-01T09:00:00.000Z', endDate: '2026-05-20T12:00:00.000Z' });
    expect((r.tender as { amendments: { date: string }[] }).amendments[0].date).toBe('2026-05-03T10:00:00.000Z');
  });

  it('award: award and contract, suppliers with the scale frozen at the award; unknown published as no scale; bid counts by band', () => {
    const r = buildRelease(requirement(), ctx('award', '2026-06-01T10:00:00Z'));
    expect(r.tag).toEqual(['award', 'contract']);
    const parties = r.parties as { id: string; roles: string[]; details?: { scale: string }; identifier?: unknown }[];
    expect(parties.filter((p) => p.roles.includes('supplier')).map((p) => p.details?.scale ?? null)).toEqual(['small', null]);
    expect(parties[1].identifier).toEqual({ scheme: 'GB-COH', id: '01234567', legalName: 'Small Ltd' });
    expect(r.awards).toEqual([
      expect.objectContaining({ id: '22222222-2222-4222-8222-222222222222', status: 'active', date: '2026-06-01T10:00:00.000Z', value: { amount: 98000.5, currency: 'GBP' }, relatedLots: ['l1'] }),
    ]);
    expect((r.contracts as { status: string; awardID: string }[])[0]).toMatchObject({ status: 'active', awardID: '22222222-2222-4222-8222-222222222222' });
    const stats = Object.fromEntries((r.bids as { statistics: { measure: string; value: number }[] }).statistics.map((s) => [s.measure, s.value]));
    expect(stats).toEqual({ bids: 5, smeBids: 3, microBids: 1, smallBids: 2, mediumBids: 0 });
    expect((r.tender as { status: string; numberOfTenderers: number }).status).toBe('complete');
    expect((r.tender as { numberOfTenderers: number }).numberOfTenderers).toBe(5);
  });

  it('awardUpdate: a corrected band (even a bare `sme`) replaces the scale; after a cancellation the award stays cancelled', () => {
    const snapshot = requirement();
    snapshot.award!.suppliers[0].band = 'sme';
    const r = buildRelease(snapshot, ctx('awardUpdate', '2026-07-01T10:00:00Z'));
    expect(r.tag).toEqual(['awardUpdate']);
    expect((r.parties as { roles: string[]; details?: { scale: string } }[]).filter((p) => p.roles.includes('supplier')).map((p) => p.details?.scale ?? null)).toEqual(['sme', null]);
    expect((r.awards as { status: string }[])[0].status).toBe('active');
    snapshot.award!.cancelledAt = at('2026-06-20T10:00:00Z');
    expect((buildRelease(snapshot, ctx('awardUpdate')).awards as { status: string }[])[0].status).toBe('cancelled');
  });

  it('awardCancellation: the award and its contract cancelled', () => {
    const r = buildRelease(requirement(), ctx('awardCancellation', '2026-06-10T10:00:00Z'));
    expect(r.tag).toEqual(['awardCancellation']);
    expect((r.awards as { status: string }[])[0].status).toBe('cancelled');
    expect((r.contracts as { status: string }[])[0].status).toBe('cancelled');
  });

  it('tender endings: withdrawn, cancelled, unsuccessful — with bid counts once unsealed', () => {
    const noAward = requirement({ award: null });
    expect((buildRelease(noAward, ctx('tenderCancellation'), 'withdrawn').tender as { status: string }).status).toBe('withdrawn');
    expect((buildRelease(noAward, ctx('tenderCancellation'), 'cancelled').tender as { status: string }).status).toBe('cancelled');
    const unsuccessful = buildRelease(noAward, ctx('tenderUpdate'), 'unsuccessful');
    expect([unsuccessful.tag, (unsuccessful.tender as { status: string }).status]).toEqual([['tenderUpdate'], 'unsuccessful']);
    expect(unsuccessful.bids).toBeDefined();
    expect(buildRelease(requirement({ award: null, bids: null }), ctx('tenderCancellation'), 'withdrawn').bids).toBeUndefined();
  });

  it('direct award: procurement method direct, no tender period or budget, award and contract', () => {
    const direct = requirement({ method: 'direct', processId: '22222222-2222-4222-8222-222222222222', bids: null, lot: null, framework: null, category: null });
    const r = buildRelease(direct, ctx('award', '2026-06-01T10:00:00Z'));
    expect(r.tender).toMatchObject({ status: 'complete', procurementMethod: 'direct' });
    expect(r.tender).not.toHaveProperty('tenderPeriod');
    expect(r.tender).not.toHaveProperty('value');
    expect(r).not.toHaveProperty('relatedProcesses');
    expect(r.awards).toHaveLength(1);
  });

  it('packages declare the extensions used and the publisher', () => {
    const release = buildRelease(requirement(), ctx('tender'));
    const pkg = releasePackage('https://api.example/ocds/releases', { name: 'Open Procurement Marketplace' }, [release], at('2026-05-01T09:00:00Z'));
    expect(pkg).toMatchObject({ version: '1.1', extensions: OCDS_EXTENSIONS, publisher: { name: 'Open Procurement Marketplace' }, publishedDate: '2026-05-01T09:00:00.000Z' });
    const rec = recordPackage('https://api.example/ocds/records/x', { name: 'P' }, release.ocid as string, [release], release, at('2026-05-01T09:00:00Z'));
    expect((rec.records as { ocid: string }[])[0].ocid).toBe(release.ocid);
  });
});
