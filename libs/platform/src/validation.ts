import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DomainError, FieldError } from '@app/shared';

export const REQUEST_VALIDATION_FAILED = 'REQUEST.VALIDATION_FAILED';

/** Flattens class-validator errors into one entry per field, with dotted paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return own.concat(toFieldErrors(e.children ?? [], field));
  });
}

/** Deeper than this, request input is refused before anything walks it recursively (class-transformer would overflow the stack: a 500). */
export const MAX_INPUT_DEPTH = 32;
/** Keys class-transformer drops silently (prototype-pollution guard), so forbidNonWhitelisted never sees them: refused here instead. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What is wrong with request input before the DTO validation can look at it, or null: a value nested
 * deeper than MAX_INPUT_DEPTH, a `__proto__` / `constructor` / `prototype` key, or text holding a NUL
 * character (which PostgreSQL cannot store). Walks iteratively, in document order.
 */
export function inputProblem(value: unknown): FieldError | null {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    const field = path || 'body';
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field, message: `${field} must not contain a NUL character` };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field, message: `${field} is nested too deeply (more than ${MAX_INPUT_DEPTH} levels)` };
    const children: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`${path}[${i}]`, x]) : [];
    if (!Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (k.includes('\u0000')) return { field: p, message: `${p} must not contain a NUL character` };
        if (FORBIDDEN_KEYS.has(k)) return { field: p, message: `${p} is not an accepted field` };
        children.push([p, x]);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i][1], children[i][0], depth + 1]);
  }
  return null;
}

/** The body a DTO is validated from must be a JSON object (an array or a scalar would be validated as nothing, naming no field). */
export function bodyProblem(value: unknown): FieldError | null {
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    return { field: 'body', message: 'The request body must be a JSON object' };
  }
  return inputProblem(value);
}

const refuse = (e: FieldError) => DomainError.validation(REQUEST_VALIDATION_FAILED, [e], 'The request has invalid or unknown fields.');

/** How many distinct query strings the pipe remembers the validated result of, per query DTO class. */
export const CHECKED_QUERIES_MAX = 1_000;

type Scalar = string | number | boolean | null | undefined;
const PRIMITIVE_TYPES: unknown[] = [String, Number, Boolean, Array, Object];

/** A query string as parsed: a flat object of text values (a repeated key, an array, is not one). */
function isFlatText(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const v of Object.values(value)) if (typeof v !== 'string') return false;
  return true;
}

/** A validated DTO whose fields are all scalars, so that a copy of them is the whole result. */
function scalarFields(dto: unknown): Readonly<Record<string, Scalar>> | null {
  if (!dto || typeof dto !== 'object') return null;
  const fields: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(dto)) {
    if (v !== null && typeof v === 'object') return null;
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return null;
    fields[k] = v as Scalar;
  }
  return Object.freeze(fields);
}

/**
 * The validation pipe, refusing first what the DTO validation cannot see or would crash on (bodyProblem,
 * inputProblem). Query DTOs are validated once per distinct query string: list routes see the same few
 * (`?limit=20&offset=0`) over and over, and class-transformer + class-validator were the largest share of a
 * read route's own CPU (bench/s2). The result is reused only when it is all scalars (a fresh instance each
 * time, so a handler cannot change another request's), and only a result that passed; a refused query is
 * validated again each time. This relies on query DTO rules being pure functions of the text — the
 * class-validator decorators are; none reads the clock or the database.
 */
class AppValidationPipe extends ValidationPipe {
  private readonly checkedQueries = new WeakMap<Type<unknown>, LRUCache<string, Readonly<Record<string, Scalar>>>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const isDto = typeof metadata.metatype === 'function' && !PRIMITIVE_TYPES.includes(metadata.metatype);
      const problem = isDto && metadata.type === 'body' ? bodyProblem(value) : inputProblem(value);
      if (problem) throw refuse(problem);
      if (isDto && metadata.type === 'query' && isFlatText(value)) return this.transformQuery(value, metadata, metadata.metatype as Type<unknown>);
    }
    return super.transform(value, metadata);
  }

  private async transformQuery(value: Record<string, string>, metadata: ArgumentMetadata, dto: Type<unknown>): Promise<unknown> {
    let checked = this.checkedQueries.get(dto);
    if (!checked) this.checkedQueries.set(dto, (checked = new LRUCache({ max: CHECKED_QUERIES_MAX })));
    const key = JSON.stringify(value);
    const fields = checked.get(key);
    if (fields) return Object.assign(Object.create(dto.prototype as object) as object, fields);
    const result = await super.transform(value, metadata);
    const copy = scalarFields(result);
    if (copy) checked.set(key, copy);
    return result;
  }
}

/** The one validation pipe, registered as APP_PIPE in every HTTP app. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      DomainError.validation(REQUEST_VALIDATION_FAILED, toFieldErrors(errors), 'The request has invalid or unknown fields.'),
  });
}
