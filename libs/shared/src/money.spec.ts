import { addMoney, formatMoney, money } from './money';
import { canonicalJson } from './canonical-json';

describe('money', () => {
  it('parses decimal strings into minor units without floats', () => {
    expect(money('0.1', 'GBP').minor + money('0.2', 'GBP').minor).toBe(30n);
    expect(formatMoney(money('-12.5', 'EUR'))).toBe('-12.50');
    expect(formatMoney(addMoney(money('1.99', 'GBP'), money('0.01', 'GBP')))).toBe('2.00');
  });

  it('refuses bad amounts, bad currencies and adding across currencies', () => {
    expect(() => money('1.234', 'GBP')).toThrow(RangeError);
    expect(() => money('12', 'gbp')).toThrow(/ISO 4217/);
    expect(() => addMoney(money('1', 'GBP'), money('1', 'EUR'))).toThrow(/Cannot add EUR/);
  });
});

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: new Date(0) })).toBe('{"b":"1970-01-01T00:00:00.000Z"}');
  });
});
