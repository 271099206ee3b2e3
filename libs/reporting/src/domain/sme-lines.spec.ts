import { SME_BANDS, buildAwardLines, distinctSuppliers, smeClassOf, weightOf } from './sme-lines';
import { REPORTED_BANDS, SourceContract, SourceSupplier } from './source-contract';

const contract = (over: Partial<SourceContract> = {}): SourceContract => ({
  sourceKey: 'ocds:ocds-abc-1/award-1',
  source: 'ocds',
  title: 'Test award',
  status: 'active',
  isFramework: false,
  buyer: { key: 'buyer:a', name: 'Anytown Borough Council', sector: 'local' },
  framework: null,
  lot: null,
  category: null,
  amount: '900.00',
  currency: 'GBP',
  dates: { award: '2024-05-10', publication: '2024-05-11T09:00:00Z', signature: null },
  suppliers: [{ key: 's1', name: 'Small Co', band: 'small' }],
  ...over,
});

const three: SourceSupplier[] = [
  { key: 's1', name: 'Small Co', band: 'small' },
  { key: 's2', name: 'Large plc', band: 'large' },
  { key: 's3', name: 'Who Knows Ltd', band: 'unknown' },
];

describe('SME award-supplier lines (metric rules 1–4 and 8)', () => {
  describe('rule 4 — smeClassOf for every band', () => {
    it.each(['micro', 'small', 'medium', 'sme', 'selfEmployed'])("size band '%s' is SME", (band) => {
      expect(smeClassOf(band)).toBe('sme');
    });

    it("size band 'large' is non-SME", () => {
      expect(smeClassOf('large')).toBe('large');
    });

    it("unknown size: 'unknown', missing or odd bands ('enterprise', case variants) are unknown, never large", () => {
      for (const band of ['unknown', undefined, null, '', 'enterprise', 'Large', 'SME', 'MICRO', 'notSME']) {
        expect(smeClassOf(band)).toBe('unknown');
      }
    });

    it('every reported band maps to a class, and SME_BANDS are exactly the SME ones', () => {
      const sme = REPORTED_BANDS.filter((b) => smeClassOf(b) === 'sme');
      expect(sme).toEqual([...SME_BANDS]);
      expect(REPORTED_BANDS.filter((b) => smeClassOf(b) === 'large')).toEqual(['large']);
      expect(REPORTED_BANDS.filter((b) => smeClassOf(b) === 'unknown')).toEqual(['unknown']);
    });
  });

  describe('rule 1 — weightOf', () => {
    it('gives 1/n to 12 places, rounded half away from zero', () => {
      expect(weightOf(1)).toBe('1.000000000000');
      expect(weightOf(2)).toBe('0.500000000000');
      expect(weightOf(3)).toBe('0.333333333333');
      expect(weightOf(6)).toBe('0.166666666667');
      expect(weightOf(7)).toBe('0.142857142857');
    });
  });

  describe('rule 3 — framework exclusion', () => {
    it("a framework agreement itself gives no lines and is excluded as 'framework-agreement'", () => {
      const r = buildAwardLines(contract({ isFramework: true, framework: 'G-Cloud 14', suppliers: three }));
      expect(r.lines).toEqual([]);
      expect(r.excluded).toBe('framework-agreement');
      expect(r.month).toBe('2024-05-01'); // still dated, so a restatement knows its period
    });

    it('a call-off under a framework (isFramework false) counts', () => {
      const r = buildAwardLines(contract({ isFramework: false, framework: 'G-Cloud 14', lot: 'Cloud hosting' }));
      expect(r.excluded).toBeNull();
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatchObject({ supplierKey: 's1', band: 'small', weight: '1.000000000000', amount: '900.000000', currency: 'GBP' });
    });
  });

  describe('rule 1 — consortium split', () => {
    it('3 distinct suppliers give 3 lines of weight 0.333333333333 and amount/3 each', () => {
      const r = buildAwardLines(contract({ amount: '900.00', suppliers: three }));
      expect(r.excluded).toBeNull();
      expect(r.lines).toEqual([
        { lineNo: 1, supplierKey: 's1', supplierName: 'Small Co', band: 'small', weight: '0.333333333333', amount: '300.000000', currency: 'GBP' },
        { lineNo: 2, supplierKey: 's2', supplierName: 'Large plc', band: 'large', weight: '0.333333333333', amount: '300.000000', currency: 'GBP' },
        { lineNo: 3, supplierKey: 's3', supplierName: 'Who Knows Ltd', band: 'unknown', weight: '0.333333333333', amount: '300.000000', currency: 'GBP' },
      ]);
    });

    it('amount/n is rounded exactly to 6 places, half away from zero (100/3, 200/3, -200/3)', () => {
      expect(buildAwardLines(contract({ amount: '100', suppliers: three })).lines.map((l) => l.amount)).toEqual(['33.333333', '33.333333', '33.333333']);
      expect(buildAwardLines(contract({ amount: '200', suppliers: three })).lines.map((l) => l.amount)).toEqual(['66.666667', '66.666667', '66.666667']);
      expect(buildAwardLines(contract({ amount: '-200', suppliers: three })).lines.map((l) => l.amount)).toEqual(['-66.666667', '-66.666667', '-66.666667']);
      expect(buildAwardLines(contract({ amount: '0.0000005', suppliers: [three[0]] })).lines[0].amount).toBe('0.000001');
    });

    it('the weights of one contract sum to 1 within 10^-12 × n', () => {
      for (const n of [1, 2, 3, 6, 7, 11]) {
        const suppliers = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, name: `S${i}`, band: 'small' as const }));
        const lines = buildAwardLines(contract({ suppliers })).lines;
        expect(lines).toHaveLength(n);
        const sum = lines.reduce((a, l) => a + BigInt(l.weight.replace('.', '')), 0n);
        const diff = sum - 10n ** 12n;
        expect(diff <= BigInt(n) && diff >= -BigInt(n)).toBe(true);
      }
    });

    it("uses per-supplier amounts when every supplier's amount is known", () => {
      const suppliers = [
        { ...three[0], amount: '100' },
        { ...three[1], amount: '500.5' },
        { ...three[2], amount: '299.5' },
      ];
      const r = buildAwardLines(contract({ amount: '900', suppliers }));
      expect(r.lines.map((l) => l.amount)).toEqual(['100.000000', '500.500000', '299.500000']);
      expect(r.lines.map((l) => l.weight)).toEqual(['0.333333333333', '0.333333333333', '0.333333333333']); // weights stay 1/n
    });

    it('splits evenly when only some suppliers state their amount', () => {
      const suppliers = [{ ...three[0], amount: '100' }, { ...three[1], amount: null }, { ...three[2] }];
      const r = buildAwardLines(contract({ amount: '900', suppliers }));
      expect(r.lines.map((l) => l.amount)).toEqual(['300.000000', '300.000000', '300.000000']);
    });

    it('splits evenly when a stated supplier amount is not a number', () => {
      const suppliers = [{ ...three[0], amount: '100' }, { ...three[1], amount: 'n/a' }, { ...three[2], amount: '200' }];
      expect(buildAwardLines(contract({ amount: '900', suppliers })).lines.map((l) => l.amount)).toEqual(['300.000000', '300.000000', '300.000000']);
    });
  });

  describe('duplicate supplier references', () => {
    it('the same key listed twice gives one line of weight 1/(distinct n)', () => {
      const r = buildAwardLines(contract({ suppliers: [three[0], three[1], { ...three[0] }] }));
      expect(r.lines.map((l) => [l.supplierKey, l.weight, l.amount])).toEqual([
        ['s1', '0.500000000000', '450.000000'],
        ['s2', '0.500000000000', '450.000000'],
      ]);
      expect(r.lines.map((l) => l.lineNo)).toEqual([1, 2]);
    });

    it('the Paraguay case: 4 supplier references, 3 distinct → 3 lines of weight 1/3, a known band beating unknown', () => {
      const suppliers: SourceSupplier[] = [
        { key: 'PY-RUC-80012345', name: 'Constructora A', band: 'unknown' },
        { key: 'PY-RUC-80067890', name: 'Servicios B', band: 'small' },
        { key: 'PY-RUC-80012345', name: 'CONSTRUCTORA A S.A.', band: 'medium' },
        { key: 'PY-RUC-80011111', name: 'Grande C', band: 'large' },
      ];
      const r = buildAwardLines(contract({ amount: '3000', currency: 'PYG', suppliers }));
      expect(r.lines).toHaveLength(3);
      expect(r.lines.map((l) => [l.supplierKey, l.band, l.weight, l.amount, l.currency])).toEqual([
        ['PY-RUC-80012345', 'medium', '0.333333333333', '1000.000000', 'PYG'],
        ['PY-RUC-80067890', 'small', '0.333333333333', '1000.000000', 'PYG'],
        ['PY-RUC-80011111', 'large', '0.333333333333', '1000.000000', 'PYG'],
      ]);
      expect(r.lines[0].supplierName).toBe('Constructora A'); // first-listed name kept
    });

    it('a known band beats unknown whichever listing comes first; unknown never overrides a known band', () => {
      const a = distinctSuppliers([{ key: 'x', name: 'X', band: 'micro' }, { key: 'x', name: 'X', band: 'unknown' }]);
      const b = distinctSuppliers([{ key: 'x', name: 'X', band: 'unknown' }, { key: 'x', name: 'X', band: 'large' }]);
      expect(a.map((s) => [s.key, s.band])).toEqual([['x', 'micro']]);
      expect(b.map((s) => [s.key, s.band])).toEqual([['x', 'large']]);
    });

    it('stated amounts of a duplicated supplier add up (and are then used as per-supplier amounts)', () => {
      const suppliers: SourceSupplier[] = [
        { key: 'a', name: 'A', band: 'small', amount: '100' },
        { key: 'b', name: 'B', band: 'small', amount: '200' },
        { key: 'a', name: 'A', band: 'small', amount: '50.25' },
        { key: 'c', name: 'C', band: 'large', amount: '300' },
      ];
      expect(distinctSuppliers(suppliers).map((s) => [s.key, s.amount])).toEqual([
        ['a', '150.250000'],
        ['b', '200'],
        ['c', '300'],
      ]);
      const r = buildAwardLines(contract({ amount: '650.25', suppliers }));
      expect(r.lines.map((l) => [l.supplierKey, l.amount])).toEqual([
        ['a', '150.250000'],
        ['b', '200.000000'],
        ['c', '300.000000'],
      ]);
    });

    it("a duplicate listing without an amount makes that supplier's amount unknown, so the value is split evenly", () => {
      const suppliers: SourceSupplier[] = [
        { key: 'a', name: 'A', band: 'small', amount: '100' },
        { key: 'b', name: 'B', band: 'small', amount: '200' },
        { key: 'a', name: 'A', band: 'small' },
      ];
      expect(distinctSuppliers(suppliers)[0].amount).toBeNull();
      expect(buildAwardLines(contract({ amount: '300', suppliers })).lines.map((l) => l.amount)).toEqual(['150.000000', '150.000000']);
    });

    it('does not modify the suppliers it is given', () => {
      const suppliers: SourceSupplier[] = [
        { key: 'a', name: 'A', band: 'unknown', amount: '1' },
        { key: 'a', name: 'A', band: 'small', amount: '2' },
      ];
      const copy = JSON.parse(JSON.stringify(suppliers));
      distinctSuppliers(suppliers);
      expect(suppliers).toEqual(copy);
    });
  });

  describe('rule 4 — unknown size', () => {
    it("a supplier of unknown size keeps band 'unknown' on its line (never 'large')", () => {
      const r = buildAwardLines(contract({ suppliers: [{ key: 'u', name: 'Who Knows Ltd', band: 'unknown' }] }));
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0].band).toBe('unknown');
      expect(smeClassOf(r.lines[0].band)).toBe('unknown');
    });
  });

  describe('rule 2 — only awards in force count (cancelled award restating an earlier period)', () => {
    it.each(['cancelled', 'unsuccessful', 'pending'] as const)("status '%s' gives no lines, excluded 'not-in-force'", (status) => {
      const r = buildAwardLines(contract({ status, suppliers: three }));
      expect(r.lines).toEqual([]);
      expect(r.excluded).toBe('not-in-force');
    });

    it('the same contract applied again as cancelled yields zero lines for the period it had lines in', () => {
      const active = buildAwardLines(contract({ suppliers: three }));
      const cancelled = buildAwardLines(contract({ suppliers: three, status: 'cancelled' }));
      expect(active.lines).toHaveLength(3);
      expect(cancelled.lines).toHaveLength(0);
      expect(cancelled.excluded).toBe('not-in-force');
      expect(cancelled.month).toBe(active.month); // same period, so the earlier period is restated
      expect(cancelled.awardDate).toBe('2024-05-10');
    });

    it('a cancelled framework agreement is excluded as not in force', () => {
      expect(buildAwardLines(contract({ status: 'cancelled', isFramework: true })).excluded).toBe('not-in-force');
    });
  });

  describe('rule 6 — currency: lines keep the original amount and currency (GBP conversion is done in SQL)', () => {
    it('lines carry the contract currency and amount unconverted', () => {
      const r = buildAwardLines(contract({ amount: '1234.56', currency: 'EUR', suppliers: [three[0], three[1]] }));
      expect(r.lines.map((l) => [l.amount, l.currency])).toEqual([
        ['617.280000', 'EUR'],
        ['617.280000', 'EUR'],
      ]);
    });

    it('rule 5 — a null amount gives lines with null amount and null currency, which still count', () => {
      const r = buildAwardLines(contract({ amount: null, currency: null, suppliers: three }));
      expect(r.excluded).toBeNull();
      expect(r.lines).toHaveLength(3);
      for (const l of r.lines) {
        expect(l.amount).toBeNull();
        expect(l.currency).toBeNull();
        expect(l.weight).toBe('0.333333333333');
      }
    });

    it('rule 1 — per-supplier values known for every supplier stand even without a contract total', () => {
      const stated = [{ ...three[0], amount: '100' }, { ...three[1], amount: '250.5' }, { ...three[2], amount: '0' }];
      const r = buildAwardLines(contract({ amount: null, currency: 'GBP', suppliers: stated }));
      expect(r.lines.map((l) => [l.amount, l.currency])).toEqual([
        ['100.000000', 'GBP'],
        ['250.500000', 'GBP'],
        ['0.000000', 'GBP'],
      ]);
    });

    it('an amount that is not a number is treated as null (currency dropped, lines kept)', () => {
      const r = buildAwardLines(contract({ amount: 'n/a', currency: 'GBP' }));
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatchObject({ amount: null, currency: null, weight: '1.000000000000' });
    });

    it('credit notes: a negative amount keeps its sign on the lines', () => {
      const r = buildAwardLines(contract({ amount: '-3536833.23', suppliers: [three[0]] }));
      expect(r.lines[0]).toMatchObject({ amount: '-3536833.230000', currency: 'GBP' });
    });
  });

  describe('rule 8 — award date with fallback, basis recorded on the contract', () => {
    it('uses the award date and its month', () => {
      const r = buildAwardLines(contract());
      expect(r).toMatchObject({ awardDate: '2024-05-10', month: '2024-05-01', dateBasis: 'award' });
    });

    it('falls back to publication, then signature, recording which', () => {
      expect(buildAwardLines(contract({ dates: { award: null, publication: '2024-06-03T10:00:00Z', signature: '2024-06-20' } }))).toMatchObject({
        awardDate: '2024-06-03',
        month: '2024-06-01',
        dateBasis: 'publication',
        excluded: null,
      });
      expect(buildAwardLines(contract({ dates: { award: null, publication: null, signature: '2024-06-20' } }))).toMatchObject({
        awardDate: '2024-06-20',
        month: '2024-06-01',
        dateBasis: 'signature',
        excluded: null,
      });
    });

    it('buckets by the London date: an award at 23:30Z on 31 March 2024 falls in April', () => {
      const r = buildAwardLines(contract({ dates: { award: '2024-03-31T23:30:00Z', publication: '2024-04-02', signature: null } }));
      expect(r).toMatchObject({ awardDate: '2024-04-01', month: '2024-04-01', dateBasis: 'award' });
    });

    it("an award with no usable date gives no lines, excluded 'no-date'", () => {
      const r = buildAwardLines(contract({ dates: { award: null, publication: null, signature: null } }));
      expect(r).toMatchObject({ excluded: 'no-date', lines: [], awardDate: null, month: null, dateBasis: 'none' });
    });
  });

  it("an award with no suppliers gives no lines, excluded 'no-suppliers'", () => {
    expect(buildAwardLines(contract({ suppliers: [] }))).toMatchObject({ excluded: 'no-suppliers', lines: [] });
  });
});
