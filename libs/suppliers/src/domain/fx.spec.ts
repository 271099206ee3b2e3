import { Money, formatMoney, money } from '@app/shared';
import { DEFAULT_RATES_TO_EUR, RatesToEur, convertMoney, isKnownCurrency, parseRates } from './fx';

function convert(amount: string, from: string, to: string, rates: RatesToEur = DEFAULT_RATES_TO_EUR): string {
  const result = convertMoney(money(amount, from), to, rates);
  expect(result.currency).toBe(to);
  return formatMoney(result);
}

describe('DEFAULT_RATES_TO_EUR', () => {
  it('has EUR 1, GBP 1.1700 and USD 0.9200', () => {
    expect(DEFAULT_RATES_TO_EUR).toEqual({ EUR: '1', GBP: '1.1700', USD: '0.9200' });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_RATES_TO_EUR)).toBe(true);
  });
});

describe('parseRates', () => {
  it.each<[string, string, Record<string, string>]>([
    ['two rates, EUR implied', 'GBP=1.17,USD=0.92', { EUR: '1', GBP: '1.17', USD: '0.92' }],
    ['whitespace around entries, codes and rates', '  GBP = 1.17 ,\tUSD=0.92  ', { EUR: '1', GBP: '1.17', USD: '0.92' }],
    ['a single rate', 'GBP=1.1700', { EUR: '1', GBP: '1.1700' }],
    ['an integer rate', 'CHF=1', { EUR: '1', CHF: '1' }],
    ['many decimals kept as written', 'JPY=0.005712345678', { EUR: '1', JPY: '0.005712345678' }],
    ['an explicit EUR=1', 'EUR=1,GBP=1.17', { EUR: '1', GBP: '1.17' }],
    ['an explicit EUR=1.0000', 'EUR=1.0000', { EUR: '1' }],
    ['a blank spec gives EUR alone', '   ', { EUR: '1' }],
    ['an empty spec gives EUR alone', '', { EUR: '1' }],
  ])('accepts %s', (_name, spec, expected) => {
    expect(parseRates(spec)).toEqual(expected);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseRates('GBP=1.17'))).toBe(true);
  });

  it.each<[string, string, RegExp]>([
    ['a lower-case code', 'gbp=1.17', /"gbp=1.17".*3 capital letters/],
    ['a two-letter code', 'GB=1.17', /"GB=1.17".*3 capital letters/],
    ['a four-letter code', 'GBPX=1.17', /"GBPX=1.17".*3 capital letters/],
    ['a missing code', '=1.17', /"=1.17".*3 capital letters/],
    ['a zero rate', 'GBP=0', /"GBP=0".*positive/],
    ['a zero rate with decimals', 'GBP=0.0000', /"GBP=0.0000".*positive/],
    ['a negative rate', 'USD=-0.92', /"USD=-0.92".*positive/],
    ['a rate with a plus sign', 'USD=+0.92', /"USD=\+0.92".*positive/],
    ['a non-decimal rate', 'GBP=abc', /"GBP=abc".*decimal/],
    ['an exponent rate', 'GBP=1e2', /"GBP=1e2".*decimal/],
    ['a rate with a trailing dot', 'GBP=1.', /"GBP=1.".*decimal/],
    ['a rate with a leading dot', 'GBP=.5', /"GBP=.5".*decimal/],
    ['a decimal comma', 'GBP=1,17', /"17".*CODE=RATE/],
    ['a missing rate', 'GBP=', /"GBP=".*decimal/],
    ['an entry with no "="', 'GBP', /"GBP".*CODE=RATE/],
    ['an entry with two "="', 'GBP=1=2', /"GBP=1=2".*CODE=RATE/],
    ['an empty entry between commas', 'GBP=1.17,,USD=0.92', /"".*CODE=RATE/],
    ['a duplicate code', 'GBP=1.17,USD=0.92,GBP=1.18', /"GBP=1.18".*duplicate currency GBP/],
    ['a duplicate EUR', 'EUR=1,EUR=1', /"EUR=1".*duplicate currency EUR/],
    ['an explicit EUR rate other than 1', 'EUR=1.01', /"EUR=1.01".*EUR is always 1/],
  ])('refuses %s with a RangeError naming the entry', (_name, spec, message) => {
    expect(() => parseRates(spec)).toThrow(RangeError);
    expect(() => parseRates(spec)).toThrow(message);
  });
});

describe('isKnownCurrency', () => {
  it.each<[string, RatesToEur, boolean]>([
    ['GBP', DEFAULT_RATES_TO_EUR, true],
    ['USD', DEFAULT_RATES_TO_EUR, true],
    ['EUR', DEFAULT_RATES_TO_EUR, true],
    ['JPY', DEFAULT_RATES_TO_EUR, false],
    ['gbp', DEFAULT_RATES_TO_EUR, false],
    ['EUR', {}, true],
    ['GBP', {}, false],
    ['CHF', { CHF: '1.05' }, true],
    ['constructor', {}, false],
    ['', DEFAULT_RATES_TO_EUR, false],
  ])('%s with %j → %s', (currency, rates, expected) => {
    expect(isKnownCurrency(currency, rates)).toBe(expected);
  });
});

describe('convertMoney', () => {
  it.each<[string, string, string, string, string]>([
    ['GBP → EUR', '100.00', 'GBP', 'EUR', '117.00'],
    ['GBP → EUR (one minor unit, 0.0117 rounds down)', '0.01', 'GBP', 'EUR', '0.01'],
    ['EUR → GBP (exact)', '117.00', 'EUR', 'GBP', '100.00'],
    ['EUR → GBP (100 / 1.17 = 85.4700…)', '100.00', 'EUR', 'GBP', '85.47'],
    ['USD → GBP cross (100 × 0.92 / 1.17 = 78.6324…)', '100.00', 'USD', 'GBP', '78.63'],
    ['GBP → USD cross (100 × 1.17 / 0.92 = 127.1739…)', '100.00', 'GBP', 'USD', '127.17'],
    ['USD → EUR', '250.00', 'USD', 'EUR', '230.00'],
    ['zero', '0.00', 'GBP', 'EUR', '0.00'],
    ['a negative amount', '-100.00', 'GBP', 'EUR', '-117.00'],
    ['a very large amount exactly (…4444.4352 → …4444.44)', '12345678901234.56', 'GBP', 'EUR', '14444444314444.44'],
    ['the EU medium turnover limit into GBP (50m / 1.17)', '50000000.00', 'EUR', 'GBP', '42735042.74'],
  ])('%s with the default rates', (_name, amount, from, to, expected) => {
    expect(convert(amount, from, to)).toBe(expected);
  });

  it.each<[string, string, string, string, Record<string, string>, string]>([
    ['0.015 rounds up to 0.02', '0.01', 'GBP', 'EUR', { GBP: '1.5' }, '0.02'],
    ['-0.015 rounds away from zero to -0.02', '-0.01', 'GBP', 'EUR', { GBP: '1.5' }, '-0.02'],
    ['0.045 rounds up to 0.05', '0.03', 'GBP', 'EUR', { GBP: '1.5' }, '0.05'],
    ['-0.045 rounds away from zero to -0.05', '-0.03', 'GBP', 'EUR', { GBP: '1.5' }, '-0.05'],
    ['0.014999 rounds down to 0.01', '0.01', 'GBP', 'EUR', { GBP: '1.4999' }, '0.01'],
    ['-0.014999 rounds towards zero to -0.01', '-0.01', 'GBP', 'EUR', { GBP: '1.4999' }, '-0.01'],
    ['0.0150001 rounds up to 0.02', '0.01', 'GBP', 'EUR', { GBP: '1.50001' }, '0.02'],
    ['EUR → GBP 0.01 / 2 = 0.005 rounds up to 0.01', '0.01', 'EUR', 'GBP', { GBP: '2' }, '0.01'],
    ['EUR → GBP -0.01 / 2 = -0.005 rounds away from zero to -0.01', '-0.01', 'EUR', 'GBP', { GBP: '2' }, '-0.01'],
    ['EUR → GBP 0.01 / 4 = 0.0025 rounds down to 0.00', '0.01', 'EUR', 'GBP', { GBP: '4' }, '0.00'],
    ['EUR → GBP -0.01 / 4 = -0.0025 rounds towards zero to 0.00', '-0.01', 'EUR', 'GBP', { GBP: '4' }, '0.00'],
    ['cross 0.01 × 1.5 / 2 = 0.0075 rounds up to 0.01', '0.01', 'USD', 'GBP', { USD: '1.5', GBP: '2' }, '0.01'],
    ['cross 0.03 × 1 / 2 = 0.015 rounds up to 0.02', '0.03', 'USD', 'GBP', { USD: '1', GBP: '2.000' }, '0.02'],
    ['cross -0.03 × 1 / 2 = -0.015 rounds to -0.02', '-0.03', 'USD', 'GBP', { USD: '1', GBP: '2.000' }, '-0.02'],
  ])('rounds half away from zero: %s', (_name, amount, from, to, rates, expected) => {
    expect(convert(amount, from, to, rates)).toBe(expected);
  });

  it('uses rates from parseRates', () => {
    expect(convert('10.00', 'GBP', 'USD', parseRates('GBP=1.15, USD=0.92'))).toBe('12.50');
  });

  it('returns the same amount object for the same currency', () => {
    const amount = money('123.45', 'GBP');
    expect(convertMoney(amount, 'GBP', DEFAULT_RATES_TO_EUR)).toBe(amount);
  });

  it('returns the amount unchanged for the same currency even without a rate for it', () => {
    const amount: Money = money('1.23', 'JPY');
    expect(convertMoney(amount, 'JPY', DEFAULT_RATES_TO_EUR)).toBe(amount);
  });

  it('round-trips EUR → GBP → EUR within one minor unit', () => {
    const there = convertMoney(money('1000.00', 'EUR'), 'GBP', DEFAULT_RATES_TO_EUR);
    const back = convertMoney(there, 'EUR', DEFAULT_RATES_TO_EUR);
    const diff = back.minor - 100000n;
    expect(diff >= -1n && diff <= 1n).toBe(true);
  });

  it.each<[string, () => Money, RegExp]>([
    ['an unknown source currency', () => convertMoney(money('1.00', 'JPY'), 'EUR', DEFAULT_RATES_TO_EUR), /JPY/],
    ['an unknown target currency', () => convertMoney(money('1.00', 'EUR'), 'CHF', DEFAULT_RATES_TO_EUR), /CHF/],
    ['an unknown currency in a cross conversion', () => convertMoney(money('1.00', 'USD'), 'SEK', DEFAULT_RATES_TO_EUR), /SEK/],
    ['a target that is not a currency code', () => convertMoney(money('1.00', 'EUR'), 'gbp', DEFAULT_RATES_TO_EUR), /gbp/],
    ['a zero rate in a hand-built table', () => convertMoney(money('1.00', 'EUR'), 'GBP', { GBP: '0' }), /GBP.*positive/],
    ['a float-ish rate in a hand-built table', () => convertMoney(money('1.00', 'GBP'), 'EUR', { GBP: '1e0' }), /GBP.*decimal/],
    ['an EUR rate other than 1 in a hand-built table', () => convertMoney(money('1.00', 'EUR'), 'GBP', { EUR: '2', GBP: '1' }), /EUR is always 1/],
  ])('throws a RangeError naming %s', (_name, run, message) => {
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });
});
