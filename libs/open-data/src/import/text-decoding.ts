/**
 * Chunk-by-chunk text decoding for imported files. The single-byte encodings decode each chunk on
 * its own (a character never spans two chunks); UTF-8 keeps a StringDecoder across chunks.
 */
import { StringDecoder } from 'node:string_decoder';

/**
 * - `latin1`: ISO-8859-1.
 * - `macroman`: Mac OS Roman, the encoding of old Mac exports (CR-only line endings go with it).
 *   The G-Cloud spend file is really this one, although its README says ISO-8859-1: its bytes
 *   0xD5, 0xD0, 0xA8, 0xAA, 0xD2/0xD3 occur exactly where ’ – ® ™ “ ” belong
 *   ("Information Commissioner’s Office", "Storage – Tier 2", "Miniserver VM®").
 * - `utf8`.
 */
export type TextEncodingName = 'latin1' | 'macroman' | 'utf8';

/** Mac OS Roman bytes 0x80–0xFF (generated from Python's `mac_roman` codec; 0xDB is the euro sign). */
const MAC_ROMAN_HIGH =
  '\u00c4\u00c5\u00c7\u00c9\u00d1\u00d6\u00dc\u00e1\u00e0\u00e2\u00e4\u00e3\u00e5\u00e7\u00e9\u00e8' +
  '\u00ea\u00eb\u00ed\u00ec\u00ee\u00ef\u00f1\u00f3\u00f2\u00f4\u00f6\u00f5\u00fa\u00f9\u00fb\u00fc' +
  '\u2020\u00b0\u00a2\u00a3\u00a7\u2022\u00b6\u00df\u00ae\u00a9\u2122\u00b4\u00a8\u2260\u00c6\u00d8' +
  '\u221e\u00b1\u2264\u2265\u00a5\u00b5\u2202\u2211\u220f\u03c0\u222b\u00aa\u00ba\u03a9\u00e6\u00f8' +
  '\u00bf\u00a1\u00ac\u221a\u0192\u2248\u2206\u00ab\u00bb\u2026\u00a0\u00c0\u00c3\u00d5\u0152\u0153' +
  '\u2013\u2014\u201c\u201d\u2018\u2019\u00f7\u25ca\u00ff\u0178\u2044\u20ac\u2039\u203a\ufb01\ufb02' +
  '\u2021\u00b7\u201a\u201e\u2030\u00c2\u00ca\u00c1\u00cb\u00c8\u00cd\u00ce\u00cf\u00cc\u00d3\u00d4' +
  '\uf8ff\u00d2\u00da\u00db\u00d9\u0131\u02c6\u02dc\u00af\u02d8\u02d9\u02da\u00b8\u02dd\u02db\u02c7';

/** A decoder for a sequence of chunks: call it on each chunk, then with no argument at the end. */
export type ChunkDecoder = (chunk?: Buffer) => string;

export function chunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  switch (encoding) {
    case 'latin1':
      return (chunk) => (chunk ? chunk.toString('latin1') : '');
    case 'macroman':
      return (chunk) =>
        chunk ? chunk.toString('latin1').replace(/[\x80-\xff]/g, (c) => MAC_ROMAN_HIGH[c.charCodeAt(0) - 0x80]) : '';
    case 'utf8': {
      const decoder = new StringDecoder('utf8');
      return (chunk) => (chunk ? decoder.write(chunk) : decoder.end());
    }
  }
}
