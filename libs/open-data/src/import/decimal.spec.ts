import { isKnownCurrency } from './currencies';
import { sumDecimals, toDecimalString } from './decimal';

describe('toDecimalString', () => {
  it.each([
    [93007, '93007'],
    [43788.9, '43788.9'],
    ['43789.0', '43789.0'],
    ['-0.50', '-0.50'],
    ['1E3', '1000'],
    ['1.5e-3', '0.0015'],
    ['12345678901234567890.12', '12345678901234567890.12'],
    ['-2.5E+2', '-250'],
    [1e21, '1000000000000000000000'],
  ])('%j → %j', (input, expected) => expect(toDecimalString(input)).toBe(expected));

  it.each([['abc'], [''], [NaN], [Infinity], [null], [{}], ['1,000'], ['£5']])('%j is not a number', (input) =>
    expect(toDecimalString(input)).toBeNull(),
  );
});

describe('sumDecimals', () => {
  it('adds exactly, keeping the longest scale', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['1400029440.0', '13500000.0', '518432992.0', '184256896.0'])).toBe('2116219328.0');
    expect(sumDecimals(['-11198.535', '-84.5308', '0.0008'])).toBe('-11283.0650');
    expect(sumDecimals(['-0.5', '0.25'])).toBe('-0.25');
    expect(sumDecimals([])).toBe('0');
  });
});

describe('isKnownCurrency', () => {
  it('accepts ISO 4217 codes (active, newer than the OCDS codelist, withdrawn) and nothing else', () => {
    for (const code of ['GBP', 'EUR', 'PYG', 'UAH', 'SLE', 'ZWG', 'HRK', 'LTL']) expect(isKnownCurrency(code)).toBe(true);
    for (const code of ['gbp', 'XYZ', 'XXX', 'XTS', 'GB', '', null, 826]) expect(isKnownCurrency(code)).toBe(false);
  });
});
