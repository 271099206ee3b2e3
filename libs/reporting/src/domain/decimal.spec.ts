import { VALUE_SCALE, WEIGHT_SCALE, divRound, formatScaled, parseScaled } from './decimal';

describe('decimal: exact fixed-point values for reporting', () => {
  describe('parseScaled', () => {
    it('parses plain decimal strings to units of 10^-scale', () => {
      expect(parseScaled('900.00', VALUE_SCALE)).toBe(900_000_000n);
      expect(parseScaled('0.000001', VALUE_SCALE)).toBe(1n);
      expect(parseScaled('  12.5 ', 2)).toBe(1250n);
    });

    it("parses exponent notation ('1.5e3' → 1500)", () => {
      expect(parseScaled('1.5e3', VALUE_SCALE)).toBe(1_500_000_000n);
      expect(parseScaled('25E-1', VALUE_SCALE)).toBe(2_500_000n);
      expect(parseScaled('1e+2', 0)).toBe(100n);
    });

    it('parses a JSON number (2116219396) exactly', () => {
      expect(parseScaled(2116219396, VALUE_SCALE)).toBe(2_116_219_396_000_000n);
      expect(parseScaled(0.1, VALUE_SCALE)).toBe(100_000n);
      expect(parseScaled(1e21, 0)).toBe(10n ** 21n);
    });

    it("parses negative amounts (credit notes): '-3536833.23'", () => {
      expect(parseScaled('-3536833.23', VALUE_SCALE)).toBe(-3_536_833_230_000n);
      expect(parseScaled(-40, VALUE_SCALE)).toBe(-40_000_000n);
    });

    it("rounds half away from zero: '0.0000005' → 1 and '-0.0000005' → -1 at scale 6", () => {
      expect(parseScaled('0.0000005', 6)).toBe(1n);
      expect(parseScaled('-0.0000005', 6)).toBe(-1n);
      expect(parseScaled('0.00000049999', 6)).toBe(0n);
      expect(parseScaled('-0.00000049999', 6)).toBe(0n);
      expect(parseScaled('9.9999995', 6)).toBe(10_000_000n);
      expect(parseScaled('5e-7', 6)).toBe(1n);
      expect(parseScaled('5e-8', 6)).toBe(0n);
      expect(parseScaled(1e-7, 6)).toBe(0n);
    });

    it('parses to the 12-place weight scale', () => {
      expect(parseScaled('0.333333333333', WEIGHT_SCALE)).toBe(333_333_333_333n);
      expect(parseScaled('1', WEIGHT_SCALE)).toBe(10n ** 12n);
    });

    it("returns null for what is not a number ('abc', '', NaN, Infinity, '1,000')", () => {
      expect(parseScaled('abc', VALUE_SCALE)).toBeNull();
      expect(parseScaled('', VALUE_SCALE)).toBeNull();
      expect(parseScaled('1,000', VALUE_SCALE)).toBeNull();
      expect(parseScaled('12abc', VALUE_SCALE)).toBeNull();
      expect(parseScaled(NaN, VALUE_SCALE)).toBeNull();
      expect(parseScaled(Infinity, VALUE_SCALE)).toBeNull();
    });
  });

  describe('formatScaled', () => {
    it('formats positive values with exactly `scale` decimal places', () => {
      expect(formatScaled(900_000_000n, VALUE_SCALE)).toBe('900.000000');
      expect(formatScaled(123n, 2)).toBe('1.23');
      expect(formatScaled(333_333_333_333n, WEIGHT_SCALE)).toBe('0.333333333333');
    });

    it('formats negatives, including those smaller than one unit of the integer part', () => {
      expect(formatScaled(-3_536_833_230_000n, VALUE_SCALE)).toBe('-3536833.230000');
      expect(formatScaled(-1n, VALUE_SCALE)).toBe('-0.000001');
      expect(formatScaled(-40_000_000n, VALUE_SCALE)).toBe('-40.000000');
    });

    it('formats zero as 0 with zero padding, never as -0', () => {
      expect(formatScaled(0n, VALUE_SCALE)).toBe('0.000000');
      expect(formatScaled(-0n, VALUE_SCALE)).toBe('0.000000');
      expect(formatScaled(0n, 0)).toBe('0');
    });

    it('formats scale 0 without a decimal point', () => {
      expect(formatScaled(5n, 0)).toBe('5');
      expect(formatScaled(-5n, 0)).toBe('-5');
    });

    it('round-trips with parseScaled', () => {
      for (const s of ['0.000000', '1.000000', '-0.000001', '2116219396.000000', '-3536833.230000', '33.333333']) {
        expect(formatScaled(parseScaled(s, VALUE_SCALE) as bigint, VALUE_SCALE)).toBe(s);
      }
    });
  });

  describe('divRound', () => {
    it('divides exactly when there is no remainder', () => {
      expect(divRound(6n, 3n)).toBe(2n);
      expect(divRound(-6n, 3n)).toBe(-2n);
      expect(divRound(0n, 7n)).toBe(0n);
    });

    it('rounds half away from zero', () => {
      expect(divRound(7n, 2n)).toBe(4n);
      expect(divRound(-7n, 2n)).toBe(-4n);
      expect(divRound(5n, 2n)).toBe(3n);
      expect(divRound(-5n, 2n)).toBe(-3n);
    });

    it('rounds to nearest otherwise', () => {
      expect(divRound(4n, 3n)).toBe(1n);
      expect(divRound(5n, 3n)).toBe(2n);
      expect(divRound(-4n, 3n)).toBe(-1n);
      expect(divRound(-5n, 3n)).toBe(-2n);
      expect(divRound(2n, 3n)).toBe(1n);
      expect(divRound(-2n, 3n)).toBe(-1n);
      expect(divRound(1n, 3n)).toBe(0n);
    });

    it('gives the 1/3 weight 0.333333333333 and 100/3 as 33.333333', () => {
      expect(divRound(10n ** 12n, 3n)).toBe(333_333_333_333n);
      expect(divRound(100_000_000n, 3n)).toBe(33_333_333n);
      expect(divRound(200_000_000n, 3n)).toBe(66_666_667n);
    });
  });
});
