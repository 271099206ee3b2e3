/**
 * Streaming reader for UK government spend CSVs in the G-Cloud sales format
 * (`G-Cloud-Spend-14-07-14-v2-For-import.csv`): one invoiced spend line per row.
 */
import { classifySector, ImportProblem, sectorFromLabel, SpendLineInput } from '@app/reporting';
import { isPlainDecimal } from './decimal';
import { chunkDecoder, TextEncodingName } from './text-decoding';

/** The header the reader expects on line 1, in this order. */
export const SPEND_CSV_COLUMNS = [
  'ID',
  'Framework',
  'LotDescription',
  'SupplierName',
  'CustomerName',
  'ReturnMonth',
  'ProjectNameAndDescription',
  'EvidencedSpend',
  'Sector',
  'SMEorLarge',
] as const;

export type SpendCsvItem = { kind: 'line'; line: SpendLineInput } | { kind: 'problem'; problem: ImportProblem };

export interface SpendCsvOptions {
  /**
   * How the bytes are decoded. Default `latin1` (what the data README states). The G-Cloud file is
   * in fact Mac OS Roman (see text-decoding.ts); pass `macroman` to get ’ – ® ™ right. The choice
   * changes only those characters, never the number of rows, names or amounts.
   */
  encoding?: TextEncodingName;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?$/;

/**
 * Reads a spend CSV row by row and yields a SpendLineInput per valid row, or a problem naming the
 * row (its line number in the file, the header being line 1) and the field at fault.
 * - Line endings: CR (this file), LF or CRLF, even mixed, and a CRLF split across two chunks.
 * - No quoting (the format has none). A row with more columns than the header is taken to have
 *   unquoted commas in ProjectNameAndDescription, the only free-text column: the description is
 *   rebuilt from the middle columns and the last three are EvidencedSpend, Sector, SMEorLarge.
 *   (The G-Cloud file has no such row; if a comma were in a name instead, ReturnMonth would be
 *   misread and the row reported.) A row with fewer columns is reported and skipped.
 * - Blank lines are skipped. A header other than SPEND_CSV_COLUMNS is reported and nothing is read.
 * - sourceKey `<sourceName>:<ID>`; band SME→sme, Large→large, else unknown; month YYYY-MM-01;
 *   amount kept exactly as written (negative = credit note); currency GBP; sector from the Sector
 *   label, else from the customer's name; lot `Lot <n>` for a bare number.
 */
export async function* readSpendCsv(
  input: NodeJS.ReadableStream,
  sourceName: string,
  options: SpendCsvOptions = {},
): AsyncGenerator<SpendCsvItem> {
  const decode = chunkDecoder(options.encoding ?? 'latin1');
  const rows = new RowMapper(sourceName);
  let carry = '';
  let lineNumber = 0;
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decode(chunk));
    // A chunk ending in CR may be the first half of a CRLF: keep the CR for the next chunk.
    const { lines, rest } = splitLines(text, text.endsWith('\r') ? text.length - 1 : text.length);
    carry = rest;
    for (const line of lines) {
      const item = rows.map(line, ++lineNumber);
      if (item) yield item;
      if (rows.stopped) return;
    }
  }
  const { lines, rest } = splitLines(carry + decode(), Infinity);
  if (rest) lines.push(rest);
  for (const line of lines) {
    const item = rows.map(line, ++lineNumber);
    if (item) yield item;
    if (rows.stopped) return;
  }
}

/** Complete lines of `text` whose terminator starts before `limit`, and the unterminated rest. */
function splitLines(text: string, limit: number): { lines: string[]; rest: string } {
  const lines: string[] = [];
  const terminator = /\r\n|\r|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = terminator.exec(text)) && m.index < limit) {
    lines.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  return { lines, rest: text.slice(start) };
}

/** Turns one physical line into an item (null for the header and blank lines). */
class RowMapper {
  stopped = false;
  private headerSeen = false;

  constructor(private readonly sourceName: string) {}

  map(line: string, row: number): SpendCsvItem | null {
    if (!this.headerSeen) return this.header(line, row);
    if (line.trim() === '') return null;
    const cols = line.split(',');
    const n = SPEND_CSV_COLUMNS.length;
    if (cols.length < n) return problem(row, `Row has ${cols.length} columns, expected ${n}; skipped`);
    const [id, framework, lot, supplier, customer, returnMonth] = cols.slice(0, 6).map((c) => c.trim());
    const description = cols.slice(6, cols.length - 3).join(',').trim();
    const [spend, sectorLabel, size] = cols.slice(cols.length - 3).map((c) => c.trim());

    if (!id) return problem(row, 'ID is empty; skipped', 'ID');
    if (!supplier) return problem(row, 'SupplierName is empty; skipped', 'SupplierName');
    if (!customer) return problem(row, 'CustomerName is empty; skipped', 'CustomerName');
    const month = MONTH.exec(returnMonth);
    if (!month) return problem(row, `ReturnMonth ${JSON.stringify(returnMonth)} is not a YYYY-MM-DD date; skipped`, 'ReturnMonth');
    if (!isPlainDecimal(spend)) return problem(row, `EvidencedSpend ${JSON.stringify(spend)} is not a decimal number; skipped`, 'EvidencedSpend');

    const sizeFlag = size.toLowerCase();
    return {
      kind: 'line',
      line: {
        sourceKey: `${this.sourceName}:${id}`,
        supplierName: supplier,
        band: sizeFlag === 'sme' ? 'sme' : sizeFlag === 'large' ? 'large' : 'unknown',
        buyerName: customer,
        sector: sectorFromLabel(sectorLabel) ?? classifySector(customer),
        framework: framework || null,
        lot: /^\d+$/.test(lot) ? `Lot ${lot}` : lot || null,
        month: `${month[1]}-${month[2]}-01`,
        amount: spend,
        currency: 'GBP',
        description: description || null,
      },
    };
  }

  private header(line: string, row: number): SpendCsvItem | null {
    if (line.trim() === '') return null; // blank lines before the header
    this.headerSeen = true;
    // A UTF-8 byte-order mark, however it was decoded.
    const cols = line.replace(/^(\uFEFF|\u00EF\u00BB\u00BF|\u00D4\u00AA\u00F8)/, '').split(',').map((c) => c.trim());
    const expected = SPEND_CSV_COLUMNS.join(',');
    if (cols.join(',').toLowerCase() === expected.toLowerCase()) return null;
    this.stopped = true;
    return problem(row, `Header is ${JSON.stringify(cols.join(','))}, expected ${JSON.stringify(expected)}; nothing read`, 'header');
  }
}

function problem(row: number, message: string, field?: string): SpendCsvItem {
  return { kind: 'problem', problem: { position: row, unit: 'row', message, ...(field ? { field } : {}) } };
}
