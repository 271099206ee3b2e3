import { PERIOD_KINDS, bucketDate, londonDate, monthOf, periodMonths, periodOf } from './periods';

/** The UK financial year of a date, as reports bucket it. */
const financialYearOf = (date: string) => periodOf(monthOf(date), 'fy');

describe('periods (metric rule 8: bucket by award date in Europe/London)', () => {
  describe('londonDate', () => {
    it('keeps a real ISO date as it is', () => {
      expect(londonDate('2024-05-10')).toBe('2024-05-10');
      expect(londonDate('2024-02-29')).toBe('2024-02-29'); // leap year
    });

    it("rejects unreal dates ('2024-02-30', '2023-02-29', month 13, day 0)", () => {
      expect(londonDate('2024-02-30')).toBeNull();
      expect(londonDate('2023-02-29')).toBeNull();
      expect(londonDate('2024-13-01')).toBeNull();
      expect(londonDate('2024-04-00')).toBeNull();
      expect(londonDate('2024-04-31')).toBeNull();
    });

    it('rejects a date-time without an offset (it would be read in the server zone)', () => {
      expect(londonDate('2024-01-31T23:30:00')).toBeNull();
      expect(londonDate('2024-01-31T23:30')).toBeNull();
    });

    it('rejects missing and malformed input', () => {
      expect(londonDate(null)).toBeNull();
      expect(londonDate(undefined)).toBeNull();
      expect(londonDate('')).toBeNull();
      expect(londonDate('31/01/2024')).toBeNull();
      expect(londonDate('2024-1-5')).toBeNull();
      expect(londonDate('not a date')).toBeNull();
    });

    it("London time: '2024-03-31T23:30:00Z' is 2024-04-01 in London (BST from 31 March 2024 01:00 UTC)", () => {
      expect(londonDate('2024-03-31T23:30:00Z')).toBe('2024-04-01');
    });

    it("London time: '2024-01-31T23:30:00Z' stays 2024-01-31 (GMT in winter)", () => {
      expect(londonDate('2024-01-31T23:30:00Z')).toBe('2024-01-31');
    });

    it('London time: just before BST starts and around its end in October', () => {
      expect(londonDate('2024-03-31T00:30:00Z')).toBe('2024-03-31');
      expect(londonDate('2024-10-26T23:30:00Z')).toBe('2024-10-27'); // still BST
      expect(londonDate('2024-10-27T23:30:00Z')).toBe('2024-10-27'); // GMT again
    });

    it('honours explicit offsets', () => {
      expect(londonDate('2024-01-01T00:30:00+01:00')).toBe('2023-12-31'); // 23:30 UTC, GMT
      expect(londonDate('2024-06-01T00:30:00+01:00')).toBe('2024-06-01'); // 23:30 UTC, BST
      expect(londonDate('2024-01-31T20:00:00-05:00')).toBe('2024-02-01'); // 01:00 UTC
      expect(londonDate('2024-05-11T09:00:00.123Z')).toBe('2024-05-11');
    });
  });

  describe('bucketDate (rule 8 date fallback, with the basis recorded)', () => {
    it('uses the award date when there is one', () => {
      expect(bucketDate({ award: '2024-05-10', publication: '2024-05-11', signature: '2024-05-20' })).toEqual({ date: '2024-05-10', basis: 'award' });
    });

    it('falls back to the publication date when the award date is missing', () => {
      expect(bucketDate({ award: null, publication: '2024-05-11T09:00:00Z', signature: '2024-05-20' })).toEqual({ date: '2024-05-11', basis: 'publication' });
    });

    it('falls back to the signature date when award and publication dates are missing', () => {
      expect(bucketDate({ award: null, publication: null, signature: '2024-05-20' })).toEqual({ date: '2024-05-20', basis: 'signature' });
    });

    it("records basis 'none' and no date when there is no usable date", () => {
      expect(bucketDate({ award: null, publication: null, signature: null })).toEqual({ date: null, basis: 'none' });
      expect(bucketDate({ award: '2024-02-30', publication: 'garbage', signature: '2024-05-20T10:00:00' })).toEqual({ date: null, basis: 'none' });
    });

    it('passes over an unreal or offset-less award date for the publication date', () => {
      expect(bucketDate({ award: '2024-02-30', publication: '2024-03-02', signature: null })).toEqual({ date: '2024-03-02', basis: 'publication' });
      expect(bucketDate({ award: '2024-01-31T23:30:00', publication: '2024-02-02', signature: null })).toEqual({ date: '2024-02-02', basis: 'publication' });
    });

    it('passes over an award date after its publication date for the publication date', () => {
      expect(bucketDate({ award: '2031-05-10', publication: '2024-05-11', signature: '2024-05-01' })).toEqual({ date: '2024-05-11', basis: 'publication' });
    });

    it('keeps an award date on the same London day as publication, comparing London dates', () => {
      // 23:30Z on 11 May is 00:30 on 12 May in London: the same day as the publication date
      expect(bucketDate({ award: '2024-05-11T23:30:00Z', publication: '2024-05-12', signature: null })).toEqual({ date: '2024-05-12', basis: 'award' });
    });

    it('keeps the award date when there is no publication date to check it against', () => {
      expect(bucketDate({ award: '2031-05-10', publication: null, signature: '2024-05-01' })).toEqual({ date: '2031-05-10', basis: 'award' });
    });

    it('buckets a London-time award date into the next financial year', () => {
      const { date, basis } = bucketDate({ award: '2024-03-31T23:30:00Z', publication: '2024-04-02', signature: null });
      expect(basis).toBe('award');
      expect(financialYearOf(date as string)).toBe('FY2024-25');
    });
  });

  describe('monthOf / periodOf (financial-year bucketing, quarters, months)', () => {
    it('monthOf gives the first day of the month', () => {
      expect(monthOf('2024-03-31')).toBe('2024-03-01');
      expect(monthOf('2024-04-01')).toBe('2024-04-01');
    });

    it("financial-year bucketing: periodOf('2024-03-01','fy') = 'FY2023-24', '2024-04-01' → 'FY2024-25'", () => {
      expect(periodOf('2024-03-01', 'fy')).toBe('FY2023-24');
      expect(periodOf('2024-04-01', 'fy')).toBe('FY2024-25');
      expect(periodOf('2025-03-01', 'fy')).toBe('FY2024-25');
      expect(periodOf('2024-01-01', 'fy')).toBe('FY2023-24');
      expect(periodOf('2024-12-01', 'fy')).toBe('FY2024-25');
    });

    it('financial year across the century: March 2000 is FY1999-00', () => {
      expect(periodOf('2000-03-01', 'fy')).toBe('FY1999-00');
      expect(periodOf('2099-04-01', 'fy')).toBe('FY2099-00');
    });

    it('financialYearOf uses the London date of an award date-time', () => {
      expect(financialYearOf(londonDate('2024-03-31T23:30:00Z') as string)).toBe('FY2024-25');
      expect(financialYearOf(londonDate('2024-03-31T22:30:00Z') as string)).toBe('FY2023-24'); // 23:30 BST, still 31 March
      expect(financialYearOf('2024-03-31')).toBe('FY2023-24');
    });

    it('calendar quarters', () => {
      expect(periodOf('2024-01-01', 'quarter')).toBe('2024-Q1');
      expect(periodOf('2024-03-01', 'quarter')).toBe('2024-Q1');
      expect(periodOf('2024-04-01', 'quarter')).toBe('2024-Q2');
      expect(periodOf('2024-09-01', 'quarter')).toBe('2024-Q3');
      expect(periodOf('2024-10-01', 'quarter')).toBe('2024-Q4');
      expect(periodOf('2024-12-01', 'quarter')).toBe('2024-Q4');
    });

    it('months', () => {
      expect(periodOf('2024-05-01', 'month')).toBe('2024-05');
    });
  });

  describe('periodMonths', () => {
    it('gives the first and last months of a month, quarter and financial year', () => {
      expect(periodMonths('2024-05')).toEqual({ from: '2024-05-01', to: '2024-05-01' });
      expect(periodMonths('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-01' });
      expect(periodMonths('2024-Q4')).toEqual({ from: '2024-10-01', to: '2024-12-01' });
      expect(periodMonths('FY2024-25')).toEqual({ from: '2024-04-01', to: '2025-03-01' });
      expect(periodMonths('FY1999-00')).toEqual({ from: '1999-04-01', to: '2000-03-01' });
    });

    it('round-trips with periodOf for every month, quarter and financial year', () => {
      const months: string[] = [];
      for (let y = 2022; y <= 2026; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}-01`);
      for (const kind of PERIOD_KINDS) {
        for (const month of months) {
          const key = periodOf(month, kind);
          const range = periodMonths(key);
          expect(range).not.toBeNull();
          const { from, to } = range as { from: string; to: string };
          expect(from <= month && month <= to).toBe(true);
          expect(periodOf(from, kind)).toBe(key);
          expect(periodOf(to, kind)).toBe(key);
          const span = (+to.slice(0, 4) - +from.slice(0, 4)) * 12 + (+to.slice(5, 7) - +from.slice(5, 7)) + 1;
          expect(span).toBe(kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12);
        }
      }
    });

    it('returns null for invalid keys', () => {
      for (const key of ['', 'garbage', '2024', '2024-5', '2024-00', '2024-13', '2024-Q0', '2024-Q5', 'FY2024', 'FY2024-26', 'FY2024-2025', 'fy2024-25', '2024-05-01']) {
        expect(periodMonths(key)).toBeNull();
      }
    });
  });
});

describe('londonDate refuses impossible dates that carry a time', () => {
  it.each(['2024-02-30T10:00:00Z', '2024-02-31T10:00:00Z', '2023-02-29T10:00:00Z'])('%s → null', (iso) => {
    expect(londonDate(iso)).toBeNull();
  });

  it('so an impossible award date falls back to the publication date', () => {
    expect(bucketDate({ award: '2024-02-30T10:00:00Z', publication: '2024-03-05', signature: null })).toEqual({ date: '2024-03-05', basis: 'publication' });
  });
});
