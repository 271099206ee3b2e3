import { classifySector, sectorFromLabel } from './sectors';

describe('buyer sectors', () => {
  describe('sectorFromLabel: the 9 G-Cloud sector labels', () => {
    it.each([
      ['Central Government', 'central'],
      ['Devolved Administrations', 'devolved'],
      ['Education', 'education'],
      ['Fire and Rescue', 'local'],
      ['Health', 'health'],
      ['Local Government', 'local'],
      ['Not for Profit', 'other'],
      ['Police', 'central'],
      ['Private Sector', 'other'],
    ])("'%s' → %s", (label, sector) => {
      expect(sectorFromLabel(label)).toBe(sector);
    });

    it('ignores case and surrounding spaces', () => {
      expect(sectorFromLabel('  CENTRAL GOVERNMENT ')).toBe('central');
      expect(sectorFromLabel('local authority')).toBe('local');
      expect(sectorFromLabel('NHS')).toBe('health');
    });

    it('returns null for labels it does not know, and for none', () => {
      expect(sectorFromLabel('Wider Public Sector')).toBeNull();
      expect(sectorFromLabel('')).toBeNull();
      expect(sectorFromLabel(null)).toBeNull();
      expect(sectorFromLabel(undefined)).toBeNull();
    });
  });

  describe('classifySector by buyer name', () => {
    it.each([
      ['Leeds Teaching Hospitals NHS Trust', 'health'],
      ['Cardiff and Vale University Health Board', 'health'], // an NHS body in Wales is health, not devolved or education
      ['University of Leeds', 'education'],
      ['Scottish Water', 'devolved'],
      ['Welsh Government', 'devolved'],
      ['Royal Borough of Kensington and Chelsea', 'local'],
      ['Anytown Borough Council', 'local'],
      ['Ministry of Defence', 'central'],
      ['HM Revenue & Customs', 'central'],
      ['Acme Widgets Ltd', 'other'],
    ])("'%s' → %s", (name, sector) => {
      expect(classifySector(name)).toBe(sector);
    });

    it('falls back to the e-mail or web domain when the name says nothing', () => {
      expect(classifySector('Procurement Team', 'trust.nhs.uk')).toBe('health');
      expect(classifySector('Procurement Team', 'leeds.ac.uk')).toBe('education');
      expect(classifySector('Procurement Team', 'example.gov.scot')).toBe('devolved');
      expect(classifySector('Procurement Team', 'essex.police.uk')).toBe('central');
      expect(classifySector('Procurement Team', 'example.com')).toBe('other');
      expect(classifySector('Procurement Team', null)).toBe('other');
    });

    it('the name wins over the domain', () => {
      expect(classifySector('University of Leeds', 'trust.nhs.uk')).toBe('education');
    });
  });
});

describe('buyer sectors: UK departments and police forces are central government', () => {
  it.each([
    ['Department for Education', 'central'],
    ['Department of Health and Social Care', 'central'],
    ['Scotland Office', 'central'],
    ['Metropolitan Police Service', 'central'],
    ['Greater London Authority', 'local'],
    ['NHS Greater Glasgow and Clyde', 'health'],
    ['Department for Energy Security and Net Zero', 'central'],
    ['National Highways', 'central'],
    ['Ofcom', 'central'],
    ['Financial Conduct Authority', 'central'],
    ['UK Research and Innovation', 'central'],
    ['UK Atomic Energy Authority', 'central'],
    ['ESPO', 'local'],
  ])('%s → %s', (name, sector) => {
    expect(classifySector(name)).toBe(sector);
  });

  it('a bare council domain under gov.uk is local', () => {
    expect(classifySector('Leeds', 'leeds.gov.uk')).toBe('local');
  });
});
