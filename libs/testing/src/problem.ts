import type { Response } from 'supertest';

/**
 * Asserts an answer is an RFC 9457 problem (problem+json) with this status, carrying the request
 * id of its `X-Request-Id` header, and — when given — this stable code and errors naming these fields.
 */
export function expectProblem(res: Response, status: number, code?: string, fields?: string[]): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toMatchObject({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  if (code) expect(res.body.code).toBe(code);
  if (fields) expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
}
