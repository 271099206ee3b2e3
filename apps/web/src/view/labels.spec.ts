import { bandName, formatMoney, priceText, queryString, sizeTag } from './labels';

describe('view labels', () => {
  it('formats decimal amounts without floats', () => {
    expect(formatMoney('1250000.5', 'GBP')).toBe('£1,250,000.50');
    expect(formatMoney('300.00', 'EUR')).toBe('€300');
    expect(formatMoney('0', 'USD')).toBe('US$0');
    expect(formatMoney('12345678901234.99', 'GBP')).toBe('£12,345,678,901,234.99');
    expect(formatMoney('10', 'CHF')).toBe('10 CHF');
    expect(formatMoney(null, 'GBP')).toBe('');
  });

  it('describes a price range with its unit and interval', () => {
    expect(priceText({ min: '250.00', max: '900.00', unit: 'per user', interval: 'per month', currency: 'GBP' })).toBe('£250 to £900 per user per month');
    expect(priceText({ min: '250.00', max: '250', unit: 'per day', interval: null, currency: 'GBP' })).toBe('£250 per day');
    expect(priceText({ min: '99.50', max: null, unit: 'per licence', currency: 'EUR' })).toBe('€99.50 per licence');
  });

  it('names bands and tags SMEs', () => {
    expect(bandName('small')).toBe('Small');
    expect(bandName(null)).toBe('Not declared');
    expect(sizeTag('micro').text).toBe('Micro SME');
    expect(sizeTag('large').text).toBe('Large');
    expect(sizeTag(null).text).toBe('Size not declared');
  });

  it('builds a query string of the values that are set', () => {
    expect(queryString({ q: '"a b" c', lotId: '', smeOnly: true, page: 2, x: undefined, y: false })).toBe('q=%22a+b%22+c&smeOnly=true&page=2');
  });
});
