/**
 * Shares and coverage (metric rules 5 and 7) and scorecard grades. Inputs are the summed
 * rollup figures per size class; shares are ratios for display (numbers), the sums stay exact.
 */

export interface ClassTotals {
  sme: { weight: number; value: number; lines: number };
  large: { weight: number; value: number; lines: number };
  unknown: { weight: number; value: number; lines: number };
  /** Lines whose value could not be converted to the reporting currency (no rate) — left out of value figures. */
  unconvertedLines: number;
}

export interface ShareFigures {
  /** SME weight / (SME + non-SME) weight; null when nothing of known size. */
  countShare: number | null;
  /** SME value / (SME + non-SME) value (credit notes netted); null when no known-size value. */
  valueShare: number | null;
  /** Known-size weight / all weight. */
  countCoverage: number | null;
  /** Known-size value / all value. */
  valueCoverage: number | null;
  /** Rule 7: a share is greyed out when its coverage is below this. */
  countGreyed: boolean;
  valueGreyed: boolean;
  lines: number;
  weight: number;
  valueGbp: number;
  smeWeight: number;
  smeValueGbp: number;
  unconvertedLines: number;
}

export const COVERAGE_THRESHOLD = 0.8;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : b < 0 ? a / b : null);

export function shareFigures(t: ClassTotals): ShareFigures {
  const knownW = t.sme.weight + t.large.weight;
  const allW = knownW + t.unknown.weight;
  const knownV = t.sme.value + t.large.value;
  const allV = knownV + t.unknown.value;
  const countCoverage = allW > 0 ? knownW / allW : null;
  const valueCoverage = allV !== 0 ? knownV / allV : null;
  return {
    countShare: knownW > 0 ? t.sme.weight / knownW : null,
    valueShare: knownV !== 0 ? ratio(t.sme.value, knownV) : null,
    countCoverage,
    valueCoverage,
    countGreyed: countCoverage == null || countCoverage < COVERAGE_THRESHOLD,
    valueGreyed: valueCoverage == null || valueCoverage < COVERAGE_THRESHOLD,
    lines: t.sme.lines + t.large.lines + t.unknown.lines,
    weight: allW,
    valueGbp: allV,
    smeWeight: t.sme.weight,
    smeValueGbp: t.sme.value,
    unconvertedLines: t.unconvertedLines,
  };
}

export type Grade = 'A+' | 'A' | 'B' | 'C' | 'D' | 'F';

/** US SBA-style grade of attainment (share ÷ target, in %): A+ ≥120, A 100–119, B 90–99, C 80–89, D 70–79, F <70. */
export function gradeOf(share: number, target: number): { attainment: number; grade: Grade } {
  const attainment = target > 0 ? (share / target) * 100 : 0;
  const a = Math.round(attainment * 100) / 100;
  const grade: Grade = a >= 120 ? 'A+' : a >= 100 ? 'A' : a >= 90 ? 'B' : a >= 80 ? 'C' : a >= 70 ? 'D' : 'F';
  return { attainment: a, grade };
}
