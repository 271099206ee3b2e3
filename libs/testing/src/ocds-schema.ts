/**
 * OCDS 1.1.5 validation for tests: checks releases, release packages and record packages against the
 * official JSON Schemas (draft 4) with the two extensions the platform publishes applied, plus the
 * codelist CSVs. Reads the copies in `<FIXTURES_DIR>/ocds-1.1.5` (see its README); fetches nothing.
 *
 *   const ocds = loadOcdsValidators();
 *   expect(ocds.validateReleasePackage(pkg)).toEqual([]);
 *
 * Every validator returns readable error strings, `<JSON pointer>: <message>` (`(root)` for the top
 * level), empty when the data is valid. Two sources of errors:
 * - the schema (ajv, all errors): required fields, types, formats, and the enums of the closed codelists;
 * - the codelists: every field annotated `"codelist": "x.csv"` in the (patched) schema is checked
 *   against that CSV's Code column, open codelists included (partyRole, the bid extension's
 *   statistic.csv, ...), reported as `/parties/0/roles/0: "foo" not in partyRole.csv`. A closed codelist
 *   with a bad value therefore gives two errors (ajv's enum error and the codelist one). Open codelists
 *   MAY be extended by a publisher, so on third-party data these are findings, not schema violations;
 *   for what the platform itself publishes they are errors.
 *
 * Schema traps handled here:
 * - draft 4: the schemas carry `id` (not `$id`) and `$schema: draft-04`; plain ajv 8 has no draft-04
 *   meta-schema and reads only `$id`, so the `ajv-draft-04` flavour of Ajv is used.
 * - the package schemas `$ref` the release schema by its absolute https id; the patched release schema
 *   is registered under that same id (patches leave `id` alone), so nothing is fetched and the
 *   packages validate their releases against core + extensions.
 * - OCDS annotation keywords (`codelist`, `openCodelist`, `deprecated` — an object, not draft 2019's
 *   boolean —, `versionId`, `wholeListMerge`, `omitWhenMerged`) are declared, so ajv stays in strict
 *   mode and a misspelt or new keyword fails loudly; `"type": ["string", "null"]` needs `allowUnionTypes`.
 * - formats: only `date-time` and `uri` are used (no `uri-reference`, which draft 4 does not have).
 *   `ajv-formats` checks them fully: `date-time` must carry a time zone (RFC 3339), `uri` must be
 *   absolute (have a scheme).
 * - `Document.properties.format` is a field called "format", not the keyword: never walk schemas by
 *   keyword name without knowing whether you are inside `properties`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { AnySchemaObject, ErrorObject, FuncKeywordDefinition, ValidateFunction } from 'ajv';
import { parse } from 'csv-parse/sync';
import { fixturesDir } from './fixtures';

/**
 * The `extensions` a release package from the platform must declare: the extension.json of the
 * Organization scale (`details.scale`) and Bids (`bids.statistics`) extensions. Neither extension.json
 * nor the data README names a canonical URL (extension.json has only a documentationUrl), so these are
 * the raw GitHub URLs of the commits the copies in `ocds-1.1.5/extensions/` were taken from (README), which
 * pin exactly the schema we validate against. Same order as the patches are applied.
 */
export const OCDS_EXTENSION_URLS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/152cd9f/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/d62ff4b/extension.json',
] as const;

/** Folders under `ocds-1.1.5/extensions/`, in the order their patches are applied (matches OCDS_EXTENSION_URLS). */
const EXTENSION_FOLDERS = ['partyDetails_scale', 'bid'] as const;

/** OCDS annotation keywords ajv should accept and ignore (`codelist` is a validating keyword, below). */
const OCDS_ANNOTATIONS = ['openCodelist', 'deprecated', 'versionId', 'wholeListMerge', 'omitWhenMerged'];

export interface OcdsValidators {
  /** One release (not a package), e.g. a compiled release. */
  validateRelease(release: unknown): string[];
  validateReleasePackage(pkg: unknown): string[];
  /** Embedded/linked releases and compiledRelease use the patched release schema; versionedRelease the core versioned one. */
  validateRecordPackage(pkg: unknown): string[];
  /** The release schema actually used: core + scale patch + bid patch. Do not mutate. */
  readonly releaseSchema: Readonly<AnySchemaObject>;
  /** Codelist file name (`partyScale.csv`) → its codes, core and extension codelists together. */
  readonly codelists: ReadonlyMap<string, ReadonlySet<string>>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What a `compile` keyword returns (ajv does not export the name). */
type DataValidateFunction = ReturnType<NonNullable<FuncKeywordDefinition['compile']>>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON Merge Patch, RFC 7386 section 2, verbatim: objects merge key by key, `null` deletes a key, any
 * other value (arrays included) replaces. Returns a new value; neither argument is modified.
 * Written here rather than taken from npm: the algorithm is these few lines, and the usual package
 * (`json-merge-patch`, last released 2021) would add two dependencies (itself and fast-deep-equal)
 * plus separate typings for one function; it is checked against the RFC's Appendix A examples in
 * ocds-schema.spec.ts.
 */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const readJson = (file: string): JsonObject => JSON.parse(readFileSync(file, 'utf8')) as JsonObject;

/** The Code column of a codelist CSV. */
function readCodes(file: string): Set<string> {
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  if (rows.length && !('Code' in rows[0])) throw new Error(`${file}: no Code column`);
  return new Set(rows.map((row) => row.Code));
}

/**
 * Every codelist CSV in `<dir>/codelists` and `<dir>/extensions/<ext>/codelists`. An extension may
 * also ship `+name.csv` / `-name.csv` to add codes to / remove codes from a core codelist (none of
 * ours does today); plain names add a new codelist.
 */
function readCodelists(dir: string): Map<string, Set<string>> {
  const lists = new Map<string, Set<string>>();
  const extensionFolders = EXTENSION_FOLDERS.map((ext) => path.join(dir, 'extensions', ext, 'codelists'));
  const folders = [path.join(dir, 'codelists'), ...extensionFolders];
  for (const folder of folders) {
    for (const file of readdirCsv(folder)) {
      const codes = readCodes(path.join(folder, file));
      const name = file.replace(/^[+-]/, '');
      if (name === file) {
        lists.set(name, codes);
        continue;
      }
      const existing = lists.get(name);
      if (!existing) throw new Error(`${path.join(folder, file)} changes codelist ${name}, which is not loaded`);
      codes.forEach((c) => (file.startsWith('+') ? existing.add(c) : existing.delete(c)));
    }
  }
  return lists;
}

const readdirCsv = (folder: string): string[] =>
  existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.csv')).sort() : [];

/**
 * The `codelist` keyword: the value (a string, or each string of an array such as `tag` or `roles`)
 * must be a code of the named CSV. null and non-strings are left to the `type` keyword. A codelist
 * the schema names but no folder holds fails when the schema is compiled, not when data is validated.
 */
function codelistKeyword(codelists: Map<string, Set<string>>): FuncKeywordDefinition {
  return {
    keyword: 'codelist',
    schemaType: 'string',
    errors: true,
    compile(file: string) {
      const codes = codelists.get(file);
      if (!codes) throw new Error(`the schema names codelist ${file}, which no codelists folder holds`);
      const validate: DataValidateFunction = (data: unknown, cxt) => {
        const base = cxt?.instancePath ?? '';
        const values: [string, unknown][] = Array.isArray(data) ? data.map((v, i) => [`${base}/${i}`, v]) : [[base, data]];
        const errors = values
          .filter(([, v]) => typeof v === 'string' && !codes.has(v))
          .map(([instancePath, v]) => ({
            instancePath,
            keyword: 'codelist',
            params: { codelist: file, value: v },
            message: `${JSON.stringify(v)} not in ${file}`,
          }));
        validate.errors = errors;
        return errors.length === 0;
      };
      return validate;
    },
  };
}

/** `<pointer>: <message>`, with the offending value for enum/format/pattern/type errors (ajv `verbose`). */
function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? []).map((e) => {
    let message = e.message ?? e.keyword;
    if (e.keyword === 'additionalProperties') message += ` (${String(e.params.additionalProperty)})`;
    if (['enum', 'format', 'pattern', 'type'].includes(e.keyword)) {
      const shown = JSON.stringify(e.data) ?? String(e.data);
      message += ` (got ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown})`;
    }
    return `${e.instancePath || '(root)'}: ${message}`;
  });
  return [...new Set(lines)];
}

function runner(validate: ValidateFunction): (data: unknown) => string[] {
  return (data) => (validate(data) ? [] : formatErrors(validate.errors));
}

/** The core release schema with each extension's release-schema.json merge-patched on, in order. */
function patchedReleaseSchema(dir: string): JsonObject {
  let schema: Json = readJson(path.join(dir, 'release-schema.json'));
  for (const ext of EXTENSION_FOLDERS) {
    schema = mergePatch(schema, readJson(path.join(dir, 'extensions', ext, 'release-schema.json')));
  }
  return schema as JsonObject;
}

const cache = new Map<string, OcdsValidators>();

/**
 * Compiles (once per folder, then cached) the validators over the schemas in `dir`, by default
 * `<FIXTURES_DIR>/ocds-1.1.5`. Throws when the folder or a file is missing.
 *
 * The record package's `versionedRelease` is checked against the CORE versioned-release validation
 * schema: the extensions' patches are written for the release shape (plain values), while the versioned
 * schema wraps every field in `[{releaseDate, releaseID, value}]` — patching it correctly means
 * regenerating it from the patched release schema (what ocds-merge does), not merging. The core versioned
 * schema does not forbid extra fields, so extension fields there pass unchecked. The platform publishes
 * no versioned releases.
 */
export function loadOcdsValidators(dir?: string): OcdsValidators {
  if (dir === undefined) {
    const fixtures = fixturesDir();
    if (!fixtures) throw new Error('loadOcdsValidators: no FIXTURES_DIR, so no OCDS schemas to load');
    dir = path.join(fixtures, 'ocds-1.1.5');
  }
  const key = path.resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;

  const codelists = readCodelists(key);
  const releaseSchema = patchedReleaseSchema(key);
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
  addFormats(ajv);
  ajv.addVocabulary(OCDS_ANNOTATIONS);
  ajv.addKeyword(codelistKeyword(codelists));

  // Registered under their own `id`s, which is what the package schemas $ref.
  ajv.addSchema(releaseSchema);
  ajv.addSchema(readJson(path.join(key, 'versioned-release-validation-schema.json')));
  const validateRelease = ajv.getSchema(String(releaseSchema.id));
  if (!validateRelease) throw new Error(`release schema ${String(releaseSchema.id)} did not compile`);
  const validators: OcdsValidators = {
    validateRelease: runner(validateRelease),
    validateReleasePackage: runner(ajv.compile(readJson(path.join(key, 'release-package-schema.json')))),
    validateRecordPackage: runner(ajv.compile(readJson(path.join(key, 'record-package-schema.json')))),
    releaseSchema,
    codelists,
  };
  cache.set(key, validators);
  return validators;
}
