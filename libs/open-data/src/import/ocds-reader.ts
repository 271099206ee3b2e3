/**
 * Streaming reader for OCDS JSON: release packages, record packages and single releases, of any
 * size. Only one release (or record) is held in memory at a time; package metadata fields are
 * small and kept whole.
 */
import Parser = require('stream-json/Parser');
import type { ImportProblem } from '@app/reporting';
import { isPlainObject, JsonObject, mergeReleases } from './ocds-merge';

/**
 * One OCDS release as read. Numbers are JS numbers when their JSON text survives the round trip
 * (`93007`, `43788.9`); otherwise the exact JSON text is kept as a string (`43789.0`, `1E3`,
 * `12345678901234567890.12`), so no amount ever loses a digit. Readers of amounts must accept both
 * (see `toDecimalString`).
 */
export interface OcdsRelease extends JsonObject {
  ocid: string;
}

export type OcdsItem =
  /** A release ready to map: a package's release, a record's compiledRelease, or a merge of a record's embedded releases. */
  | { kind: 'release'; position: number; unit: 'release' | 'record'; compiled: boolean; release: OcdsRelease }
  | { kind: 'problem'; problem: ImportProblem }
  /** Last item when the input was a package: its metadata (every top-level field but the releases/records array). */
  | { kind: 'package'; packageType: 'release' | 'record'; metadata: JsonObject; count: number };

interface Token {
  name: string;
  value?: string;
}

/** The stream-json Parser internals driven directly (see readOcds). Pinned: stream-json 1.9.1. */
interface ParserInternals {
  push: (token: Token | null) => boolean;
  _transform: (chunk: Buffer | string, encoding: string, callback: (error?: Error | null) => void) => void;
  _flush: (callback: (error?: Error | null) => void) => void;
}

/**
 * Reads OCDS JSON from a byte stream and yields its releases one by one, auto-detecting the shape:
 * - release package (`releases` array): each release, position = its index;
 * - record package (`records` array): each record's `compiledRelease`, else the merge of its embedded
 *   releases; a record with linked releases (url/date/tag only) and no compiledRelease cannot be
 *   compiled here (we do not fetch) and is reported as a problem;
 * - a single release object (top level has `ocid`), position 0 (or a single record object);
 * - a top-level array of releases.
 * Invalid or truncated JSON yields one problem (position = index of the last complete release or
 * record, -1 when there was none) and ends the iteration; everything read before it has been yielded.
 * Errors of the input stream itself (I/O) are thrown, not turned into problems.
 *
 * The parser is fed chunk by chunk from `for await` over the input, and its `push` is replaced by a
 * synchronous token handler: every token produced before a syntax error is handled (a piped Parser
 * would drop its buffered tokens when it fails), and the input is read only as fast as items are taken.
 */
export async function* readOcds(input: NodeJS.ReadableStream): AsyncGenerator<OcdsItem> {
  const parser = new Parser({ packValues: true, streamValues: false }) as unknown as ParserInternals;
  const sink = new OcdsTokenSink();
  parser.push = (token) => {
    if (token) sink.token(token);
    return true;
  };
  let failure: Error | null = null;
  const done = (error?: Error | null) => {
    if (error) failure = error;
  };
  let bytes = 0;
  for await (const chunk of input) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    parser._transform(chunk, 'buffer', done);
    yield* sink.drain();
    if (failure) {
      yield sink.syntaxProblem(failure, bytes);
      return; // leaving the for-await destroys the input stream
    }
  }
  parser._flush(done);
  yield* sink.drain();
  if (failure) {
    yield sink.syntaxProblem(failure, bytes);
    return;
  }
  yield* sink.finish();
}

/** Converts a JSON number's text to a JS number when that loses nothing, else keeps the text. */
function numberFromText(text: string): number | string {
  const n = Number(text);
  return String(n) === text ? n : text;
}

/** Assembles one JSON value from parser tokens. */
class ValueBuilder {
  value: unknown = undefined;
  done = false;
  private readonly stack: (JsonObject | unknown[])[] = [];
  private key: string | null = null;

  feed(token: Token): void {
    switch (token.name) {
      case 'startObject':
        this.open({});
        break;
      case 'startArray':
        this.open([]);
        break;
      case 'endObject':
      case 'endArray':
        this.stack.pop();
        if (this.stack.length === 0) this.done = true;
        break;
      case 'keyValue':
        this.key = token.value ?? '';
        break;
      case 'stringValue':
        this.add(token.value ?? '');
        break;
      case 'numberValue':
        this.add(numberFromText(token.value ?? ''));
        break;
      case 'nullValue':
        this.add(null);
        break;
      case 'trueValue':
        this.add(true);
        break;
      case 'falseValue':
        this.add(false);
        break;
      default:
        break; // start/end/chunk tokens are not emitted with packValues and no streamValues
    }
  }

  private open(container: JsonObject | unknown[]): void {
    this.add(container);
    this.stack.push(container);
  }

  private add(value: unknown): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.value = value;
      if (typeof value !== 'object' || value === null) this.done = true;
    } else if (Array.isArray(parent)) {
      parent.push(value);
    } else {
      // defineProperty, not assignment: a "__proto__" key must stay a plain field, as with JSON.parse.
      Object.defineProperty(parent, this.key ?? '', { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

type State = 'start' | 'top' | 'topValue' | 'field' | 'array' | 'element' | 'end';

/** The state machine that turns parser tokens into OcdsItems. */
class OcdsTokenSink {
  private state: State = 'start';
  private readonly items: OcdsItem[] = [];
  private readonly metadata: JsonObject = {};
  private topKey = '';
  private builder: ValueBuilder | null = null;
  /** The top-level array streamed element by element, when there is one. */
  private streamed: 'releases' | 'records' | 'top-array' | null = null;
  private index = 0;
  private lastComplete = -1;
  /** The top-level value was not an object or array (already reported). */
  private rejected = false;

  token(token: Token): void {
    switch (this.state) {
      case 'start':
        if (token.name === 'startObject') this.state = 'top';
        else if (token.name === 'startArray') this.startArray('top-array');
        else {
          this.problem(0, 'release', 'The JSON is not an object or array (not an OCDS package or release)');
          this.rejected = true;
          this.state = 'end';
        }
        break;
      case 'top':
        if (token.name === 'keyValue') {
          this.topKey = token.value ?? '';
          this.state = 'topValue';
        } else if (token.name === 'endObject') {
          this.state = 'end';
        }
        break;
      case 'topValue':
        if (token.name === 'startArray' && this.streamsKey(this.topKey)) {
          this.startArray(this.topKey as 'releases' | 'records');
        } else {
          this.builder = new ValueBuilder();
          this.state = 'field';
          this.feedField(token);
        }
        break;
      case 'field':
        this.feedField(token);
        break;
      case 'array':
        if (token.name === 'endArray') {
          this.state = this.streamed === 'top-array' ? 'end' : 'top';
        } else {
          this.builder = new ValueBuilder();
          this.state = 'element';
          this.feedElement(token);
        }
        break;
      case 'element':
        this.feedElement(token);
        break;
      case 'end':
        break;
    }
  }

  /** Items produced so far, removed from the queue. */
  *drain(): Generator<OcdsItem> {
    while (this.items.length) yield this.items.shift() as OcdsItem;
  }

  /** After the last token: the bare release/record, or the package metadata. */
  *finish(): Generator<OcdsItem> {
    if (this.rejected) {
      // reported when it was seen
    } else if (this.state !== 'end') {
      this.problem(Math.max(this.lastComplete, 0), this.unit(), 'The JSON ended early (truncated file?)');
    } else if (this.streamed === 'releases' || this.streamed === 'records') {
      this.items.push({
        kind: 'package',
        packageType: this.streamed === 'releases' ? 'release' : 'record',
        metadata: this.metadata,
        count: this.index,
      });
    } else if (this.streamed === null) {
      const top = this.metadata;
      if (typeof top.ocid === 'string' && ('compiledRelease' in top || 'releases' in top || 'versionedRelease' in top)) {
        this.handleRecord(top, 0);
      } else if (typeof top.ocid === 'string') {
        this.items.push({ kind: 'release', position: 0, unit: 'release', compiled: false, release: top as OcdsRelease });
      } else {
        this.problem(0, 'release', 'Not OCDS: the top-level object has no `releases` or `records` array and no `ocid`');
      }
    }
    yield* this.drain();
  }

  /** The problem for a JSON syntax error, placed after the last complete release/record. */
  syntaxProblem(error: Error, bytes: number): OcdsItem {
    const where = this.lastComplete >= 0 ? `after ${this.unit()} ${this.lastComplete}` : `before the first ${this.unit()}`;
    return {
      kind: 'problem',
      problem: {
        position: this.lastComplete,
        unit: this.unit(),
        message: `Invalid JSON ${where} (in the input up to byte ${bytes}): ${error.message}. Reading stopped.`,
      },
    };
  }

  /** `releases` is streamed unless the top level already proved to be a record (it has `ocid`). */
  private streamsKey(key: string): boolean {
    if (this.streamed !== null) return false;
    if (key === 'records') return true;
    return key === 'releases' && !('ocid' in this.metadata);
  }

  private startArray(kind: 'releases' | 'records' | 'top-array'): void {
    this.streamed = kind;
    this.index = 0;
    this.state = 'array';
  }

  private unit(): 'release' | 'record' {
    return this.streamed === 'records' ? 'record' : 'release';
  }

  private feedField(token: Token): void {
    const builder = this.builder as ValueBuilder;
    builder.feed(token);
    if (builder.done) {
      this.metadata[this.topKey] = builder.value;
      this.builder = null;
      this.state = 'top';
    }
  }

  private feedElement(token: Token): void {
    const builder = this.builder as ValueBuilder;
    builder.feed(token);
    if (!builder.done) return;
    const position = this.index++;
    if (this.streamed === 'records') this.handleRecord(builder.value, position);
    else this.handleRelease(builder.value, position);
    this.lastComplete = position;
    this.builder = null;
    this.state = 'array';
  }

  private handleRelease(value: unknown, position: number): void {
    if (isPlainObject(value) && typeof value.ocid === 'string') {
      this.items.push({ kind: 'release', position, unit: 'release', compiled: false, release: value as OcdsRelease });
    } else if (isPlainObject(value) && typeof value.url === 'string') {
      this.problem(position, 'release', `A linked release (${value.url}) cannot be fetched; only embedded releases are read`);
    } else {
      this.problem(position, 'release', 'Not a release: no `ocid`', 'ocid');
    }
  }

  /** A record's current state: its compiledRelease, else a merge of its embedded (full) releases. */
  private handleRecord(value: unknown, position: number): void {
    if (!isPlainObject(value)) {
      this.problem(position, 'record', 'Not a record: not an object');
      return;
    }
    const ocid = typeof value.ocid === 'string' ? value.ocid : null;
    if (isPlainObject(value.compiledRelease)) {
      const release = value.compiledRelease;
      if (typeof release.ocid !== 'string' && ocid) release.ocid = ocid;
      if (typeof release.ocid !== 'string') {
        this.problem(position, 'record', 'The compiledRelease has no `ocid`', 'compiledRelease.ocid');
        return;
      }
      this.items.push({ kind: 'release', position, unit: 'record', compiled: true, release: release as OcdsRelease });
      return;
    }
    const releases = Array.isArray(value.releases) ? value.releases : [];
    const embedded = releases.filter((r): r is JsonObject => isPlainObject(r) && typeof r.ocid === 'string');
    const linked = releases.length - embedded.length;
    if (releases.length === 0) {
      const what = 'versionedRelease' in value ? 'only a versionedRelease (not supported)' : 'no releases';
      this.problem(position, 'record', `Record ${ocid ?? '(no ocid)'} has no compiledRelease and ${what}`, 'compiledRelease');
    } else if (linked > 0) {
      this.problem(
        position,
        'record',
        `Record ${ocid ?? '(no ocid)'} has ${linked} linked release(s) (url/date/tag only) and no compiledRelease; linked releases are not fetched, so its current state is unknown`,
        'compiledRelease',
      );
    } else {
      this.items.push({ kind: 'release', position, unit: 'record', compiled: true, release: mergeReleases(embedded) as OcdsRelease });
    }
  }

  private problem(position: number, unit: 'release' | 'record', message: string, field?: string): void {
    this.items.push({ kind: 'problem', problem: { position, unit, message, ...(field ? { field } : {}) } });
  }
}
