import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DomainError } from '@app/shared';
import { CHECKED_QUERIES_MAX, MAX_INPUT_DEPTH, bodyProblem, createValidationPipe, inputProblem } from './validation';

describe('request input refused before DTO validation', () => {
  it('names the first string holding a NUL character, at any depth, and a NUL in a key', () => {
    expect(inputProblem({ a: 'x', b: { c: ['y', 'z\u0000'] } })?.field).toBe('b.c[1]');
    expect(inputProblem({ answers: { k1: 'fine', k2: '\u0000' } })?.field).toBe('answers.k2');
    expect(inputProblem({ ['a\u0000b']: 1 })?.field).toBe('a\u0000b');
    expect(inputProblem({ a: 'x', b: [1, null, { c: 'y' }] })).toBeNull();
    expect(inputProblem('\u0000')?.field).toBe('body');
  });

  it(`refuses input nested deeper than ${MAX_INPUT_DEPTH} levels without recursing (no stack overflow at 100,000)`, () => {
    const nest = (depth: number) => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = { a: v };
      return v;
    };
    expect(inputProblem(nest(MAX_INPUT_DEPTH))).toBeNull();
    expect(inputProblem(nest(MAX_INPUT_DEPTH + 1))?.message).toMatch(/nested too deeply/);
    expect(inputProblem(nest(100_000))?.field).toBe('a'.repeat(1).concat('.a'.repeat(MAX_INPUT_DEPTH - 1)));
  });

  it('refuses the keys class-transformer would drop silently (prototype pollution), naming them', () => {
    expect(inputProblem(JSON.parse('{"name":"x","__proto__":{"admin":true}}'))).toEqual({ field: '__proto__', message: '__proto__ is not an accepted field' });
    expect(inputProblem({ profile: { constructor: 'x' } })?.field).toBe('profile.constructor');
  });

  it('a DTO body must be a JSON object: arrays and scalars are refused as the field `body`', () => {
    for (const body of [[], [1], 'text', 42, true]) expect(bodyProblem(body)).toEqual({ field: 'body', message: 'The request body must be a JSON object' });
    expect(bodyProblem({ name: 'x' })).toBeNull();
    expect(bodyProblem(undefined)).toBeNull();
  });
});

class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit: number = 20;

  @IsOptional() @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

class TagsQuery {
  @IsOptional() @Transform(({ value }) => String(value).split(','))
  tags?: string[];
}

describe('the validation pipe on query DTOs (each distinct query string validated once)', () => {
  const query = (metatype: new () => unknown): ArgumentMetadata => ({ type: 'query', metatype });
  const fieldsOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return (e as DomainError).fieldErrors?.map((f) => f.field);
    }
    throw new Error('expected a refusal');
  };
  let validations: jest.SpyInstance;

  beforeEach(() => {
    validations = jest.spyOn(ValidationPipe.prototype, 'transform');
  });
  afterEach(() => validations.mockRestore());

  it('answers a repeated query string with an equal, fresh instance of the DTO without validating it again', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ limit: '5', order: 'asc' }, query(PageQuery))) as PageQuery;
    const again = (await pipe.transform({ limit: '5', order: 'asc' }, query(PageQuery))) as PageQuery;
    expect(first).toBeInstanceOf(PageQuery);
    expect(again).toBeInstanceOf(PageQuery);
    expect(again).toEqual(first);
    expect(again).toEqual(Object.assign(new PageQuery(), { limit: 5, order: 'asc' }));
    expect(again).not.toBe(first);
    first.limit = 99; // a handler changing its copy changes no one else's
    expect(((await pipe.transform({ limit: '5', order: 'asc' }, query(PageQuery))) as PageQuery).limit).toBe(5);
    expect(validations).toHaveBeenCalledTimes(1);
    expect(await pipe.transform({}, query(PageQuery))).toEqual(Object.assign(new PageQuery(), { limit: 20 }));
    expect(validations).toHaveBeenCalledTimes(2);
  });

  it('refuses a bad query every time, naming the field, and unknown fields too', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) {
      expect(await fieldsOf(pipe.transform({ limit: '0' }, query(PageQuery)))).toEqual(['limit']);
      expect(await fieldsOf(pipe.transform({ limit: '5', admin: 'true' }, query(PageQuery)))).toEqual(['admin']);
      expect(await fieldsOf(pipe.transform({ order: 'sideways' }, query(PageQuery)))).toEqual(['order']);
    }
    expect(validations).toHaveBeenCalledTimes(9);
    expect(await fieldsOf(pipe.transform({ limit: '5\u0000' }, query(PageQuery)))).toEqual(['limit']);
  });

  it('validates again each time a result that is not all scalars (an array here), and a repeated key', async () => {
    const pipe = createValidationPipe();
    const a = (await pipe.transform({ tags: 'x,y' }, query(TagsQuery))) as TagsQuery;
    const b = (await pipe.transform({ tags: 'x,y' }, query(TagsQuery))) as TagsQuery;
    expect(b.tags).toEqual(['x', 'y']);
    expect(b.tags).not.toBe(a.tags);
    await pipe.transform({ limit: ['5', '6'] }, query(PageQuery)).catch(() => undefined);
    await pipe.transform({ limit: ['5', '6'] }, query(PageQuery)).catch(() => undefined);
    expect(validations).toHaveBeenCalledTimes(4);
  });

  it(`keeps at most ${CHECKED_QUERIES_MAX} query strings per DTO`, async () => {
    const pipe = createValidationPipe();
    const limit = (zeros: number) => ({ limit: `${'0'.repeat(zeros)}5` }); // 5, 05, 005, …: distinct texts, all valid
    for (let i = 0; i <= CHECKED_QUERIES_MAX; i++) await pipe.transform(limit(i), query(PageQuery));
    expect(validations).toHaveBeenCalledTimes(CHECKED_QUERIES_MAX + 1);
    validations.mockClear();
    await pipe.transform(limit(CHECKED_QUERIES_MAX), query(PageQuery));
    expect(validations).toHaveBeenCalledTimes(0);
    await pipe.transform(limit(0), query(PageQuery));
    expect(validations).toHaveBeenCalledTimes(1); // the oldest entry was dropped
  });
});
