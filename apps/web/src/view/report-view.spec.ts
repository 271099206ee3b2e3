import { drillDownQuery, normaliseMonth, readReportQuery, shareCell, shareText } from './report-view';

describe('report view', () => {
  it('reads a query with defaults', () => {
    const { params, errors } = readReportQuery({}, { period: 'quarter', by: 'sector' });
    expect(errors).toEqual([]);
    expect(params).toMatchObject({ basis: 'award', period: 'quarter', by: 'sector', page: 1 });
    expect(params.from).toBeUndefined();
  });

  it('normalises months and refuses what is not one', () => {
    expect(normaliseMonth('2024-4')).toBe('2024-04');
    expect(normaliseMonth('2024-13')).toBeNull();
    expect(normaliseMonth('April 2024')).toBeNull();
    const { params, typed, errors } = readReportQuery({ from: '2025-13', to: '2024-3' });
    expect(params.from).toBeUndefined();
    expect(params.to).toBe('2024-03');
    expect(typed.from).toBe('2025-13');
    expect(errors).toEqual([{ field: 'from', message: 'Enter the first month as a year and month, for example 2024-04' }]);
  });

  it('reports each bad value on its field and leaves it out', () => {
    const { params, errors } = readReportQuery({ basis: 'x', period: 'decade', sector: 'mars', by: 'period', page: '0', from: '2025-05', to: '2025-01', snapshot: 'nope' });
    expect(errors.map((e) => e.field)).toEqual(['basis', 'period', 'to', 'sector', 'by', 'snapshot', 'page']);
    expect(params).toMatchObject({ basis: 'award', period: 'fy', from: '2025-05', to: undefined, sector: undefined, by: 'sector', snapshot: undefined, page: 1 });
  });

  it('refuses spend by category, and a dimension without its key', () => {
    expect(readReportQuery({ basis: 'spend', by: 'category' }).errors).toEqual([{ field: 'by', message: expect.stringContaining('Spend lines have no category') }]);
    const { params, errors } = readReportQuery({ dimension: 'buyer' });
    expect(errors).toEqual([{ field: 'key', message: 'A dimension and its key go together' }]);
    expect(params.dimension).toBeUndefined();
    // An empty key (a framework not stated) is a key.
    expect(readReportQuery({ dimension: 'framework', key: '' }).params).toMatchObject({ dimension: 'framework', key: '' });
  });

  it('allows the period breakdown where asked', () => {
    expect(readReportQuery({ by: 'period' }, { breakdowns: ['period', 'sector'] }).params.by).toBe('period');
  });

  it('builds the drill-down of each kind of row', () => {
    const p = { basis: 'award' as const, from: '2024-06', to: undefined, sector: undefined };
    expect(drillDownQuery('period', 'FY2024-25', p)).toBe('basis=award&from=2024-06&to=2025-03');
    expect(drillDownQuery('period', '2024-Q1', { basis: 'spend' })).toBe('basis=spend&from=2024-01&to=2024-03');
    expect(drillDownQuery('sector', 'local', p)).toBe('basis=award&from=2024-06&sector=local');
    expect(drillDownQuery('band', 'micro', { basis: 'award' })).toBe('basis=award&band=micro');
    expect(drillDownQuery('buyer', 'buyer:a b', { basis: 'award' })).toBe('basis=award&dimension=buyer&key=buyer%3Aa+b');
    expect(drillDownQuery('framework', '', { basis: 'award' })).toBe('basis=award&dimension=framework&key=');
  });

  it('says why a share is greyed', () => {
    expect(shareText(0.5, 0.9, false, 'count')).toEqual({ share: '50.0%', coverage: '90.0%', greyed: false, why: null });
    expect(shareText(1, 0.5, true, 'value').why).toBe(
      'Coverage by value is 50.0%: suppliers of known size account for less than 80% of the value, so the SME share by value is shown greyed out.',
    );
    expect(shareText(null, null, true, 'count').why).toBe('There are no lines to measure, so there is no share by count.');
    expect(shareCell(0.25, true)).toEqual({ html: '25.0%<span class="app-share__note"> low coverage</span>', format: 'numeric', classes: 'app-share--greyed' });
    expect(shareCell(null, true)).toMatchObject({ text: 'No data' });
  });
});
