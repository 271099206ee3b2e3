import { isCalendarDate, isInstant } from './temporal';

describe('temporal validators', () => {
  it.each([
    ['2027-01-20T12:00:00Z', true],
    ['2027-01-20T12:00Z', true],
    ['2027-01-20T12:00:00.123456+01:00', true],
    ['2027-02-29T12:00:00Z', false],
    ['2028-02-29T12:00:00Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['2027-W05-1', false],
    ['2027-027', false],
    ['2027-01-20', false],
    ['2027-01-20T24:00:00Z', false],
    ['2027-01-20T12:60:00Z', false],
    ['2027-01-20T12:00:00', false],
  ])('isInstant(%s) is %s', (value, ok) => expect(isInstant(value)).toBe(ok));

  it.each([
    ['2027-04-01', true],
    ['2027-02-30', false],
    ['0000-01-01', false],
    ['2027-4-1', false],
    ['2027-W05', false],
  ])('isCalendarDate(%s) is %s', (value, ok) => expect(isCalendarDate(value)).toBe(ok));
});
