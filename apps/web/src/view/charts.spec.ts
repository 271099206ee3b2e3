import { attainmentChart, breakdownChart, funnelChart, percent, shareSeriesChart } from './charts';

const point = (label: string, countShare: number | null, valueShare: number | null, greyed = false) => ({ label, countShare, valueShare, countGreyed: greyed, valueGreyed: greyed });

/** The text nodes of an SVG, in order (what ECharts drew as labels). */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('charts', () => {
  it('formats shares as percentages', () => {
    expect(percent(0.33333)).toBe('33.3%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0.33, 0)).toBe('33%');
    expect(percent(null)).toBe('no data');
  });

  it('draws the share over time as an accessible SVG with both series and the target line', () => {
    const chart = shareSeriesChart([point('FY2023-24', 0.25, 0.1), point('FY2024-25', 0.625, 0.3727), point('FY2025-26', 1, 1, true)], { title: 'SME share of contracts awarded', target: 0.33 })!;
    expect(chart.svg.startsWith('<svg role="img" aria-label="')).toBe(true);
    expect(chart.svg).toContain('<title>SME share of contracts awarded. FY2023-24: by count 25.0%, by value 10.0%');
    expect(chart.svg).toContain('</svg>');
    const labels = texts(chart.svg);
    expect(labels).toEqual(expect.arrayContaining(['FY2023-24', 'FY2024-25', 'FY2025-26', '62.5%', '37.3%', 'Target 33%', 'SME share by count', 'SME share by value']));
    // Low coverage is said in words, not only drawn hollow.
    expect(chart.summary).toContain('FY2025-26: by count 100.0% (low coverage), by value 100.0% (low coverage)');
    expect(labels.some((t) => t.startsWith('Hollow markers'))).toBe(true);
    // Two line series (paths with the series colours) — and the chart was freed.
    expect(chart.svg).toMatch(/stroke="#1d70b8"/);
    expect(chart.svg).toMatch(/stroke="#00703c"/);
  });

  it('leaves a gap for a period with no known-size lines, and returns null with no periods', () => {
    const chart = shareSeriesChart([point('2024-Q1', 0.5, 0.5), point('2024-Q2', null, null)], { title: 'T', target: 0.33 })!;
    expect(chart.summary).toContain('2024-Q2: by count no data, by value no data');
    expect(shareSeriesChart([], { title: 'T', target: 0.33 })).toBeNull();
  });

  it('summarises long series without listing every period', () => {
    const many = Array.from({ length: 30 }, (_, i) => point(`P${i}`, 0.5, 0.4));
    const chart = shareSeriesChart(many, { title: 'T', target: 0.33 })!;
    expect(chart.summary).toContain('30 periods, the first 12');
    expect(chart.summary).not.toContain('P13');
  });

  it('draws a breakdown as labelled bars and escapes names in the accessible name', () => {
    const chart = breakdownChart([point('Local authority', 0.75, 0.7), point('Health <& "care">', 1, 1, true)], { title: 'By sector', target: 0.33 })!;
    expect(chart.svg).toContain('aria-label="By sector. Local authority: by count 75.0%, by value 70.0%; Health &lt;&amp; &quot;care&quot;&gt;: by count 100.0% (low coverage)');
    expect(chart.svg).not.toContain('<&');
    expect(texts(chart.svg)).toEqual(expect.arrayContaining(['Local authority', '75%', '70%', 'Target 33%']));
    expect(breakdownChart([], { title: 'T', target: 0.33 })).toBeNull();
  });

  it('draws the funnel stacked by size band with each segment’s count', () => {
    const bands = [
      { key: 'micro', label: 'Micro' },
      { key: 'large', label: 'Large' },
      { key: 'unknown', label: 'Unknown size' },
    ];
    const chart = funnelChart(
      [
        { label: 'Registered suppliers', byBand: { micro: 4, large: 2, unknown: 1 } },
        { label: 'Awarded', byBand: { micro: 1, large: 0, unknown: 0 } },
      ],
      { title: 'SME funnel', bands },
    )!;
    expect(chart.summary).toBe('SME funnel. Registered suppliers: 7 (micro 4, large 2, unknown size 1); Awarded: 1 (micro 1).');
    expect(chart.svg).toMatch(/^<svg role="img"/);
    expect(texts(chart.svg)).toEqual(expect.arrayContaining(['Registered suppliers', 'Awarded', 'Micro', 'Large', 'Unknown size', '4', '2']));
    expect(chart.svg).toContain('fill="#003078"');
  });

  it('draws attainment by buyer with its grade', () => {
    const chart = attainmentChart(
      [
        { label: 'Anytown Council', attainment: 212.1, grade: 'A+', greyed: false },
        { label: 'Cabinet Office', attainment: 75.76, grade: 'D', greyed: false },
        { label: 'No figures', attainment: null, grade: null, greyed: true },
      ],
      { title: 'Attainment' },
    )!;
    expect(chart.summary).toBe('Attainment. Anytown Council: 212.1% of target, grade A+; Cabinet Office: 75.8% of target, grade D.');
    expect(texts(chart.svg)).toEqual(expect.arrayContaining(['212.1% (A+)', '75.8% (D)', 'Target met (100%)']));
    expect(attainmentChart([{ label: 'x', attainment: null, grade: null, greyed: true }], { title: 'T' })).toBeNull();
  });
});
