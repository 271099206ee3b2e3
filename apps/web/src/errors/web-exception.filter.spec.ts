import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@app/shared';
import { errorPageFor } from './web-exception.filter';

describe('errorPageFor', () => {
  it('maps domain errors by kind, keeping their user-facing message', () => {
    expect(errorPageFor(DomainError.notFound('X.NOT_FOUND', 'No such organisation.'))).toMatchObject({ status: 404, view: 'errors/not-found', message: 'No such organisation.' });
    expect(errorPageFor(DomainError.forbidden('X.FORBIDDEN'))).toMatchObject({ status: 403, view: 'errors/forbidden' });
    expect(errorPageFor(DomainError.conflict('X.CONFLICT', 'Already verified.'))).toMatchObject({ status: 409, view: 'errors/problem' });
    expect(errorPageFor(new DomainError('X.LIMIT', 'rate_limited', 'Slow down.', [], { retryAfterSeconds: 30 }))).toMatchObject({
      status: 429,
      view: 'errors/too-many-requests',
      retryAfterSeconds: 30,
    });
    expect(errorPageFor(new DomainError('X.DOWN', 'unavailable', 'Down.'))).toMatchObject({ status: 503, view: 'errors/unavailable' });
  });

  it('maps a refused CSRF token, HTTP exceptions and body-parser errors', () => {
    expect(errorPageFor(Object.assign(new Error('invalid csrf token'), { code: 'EBADCSRFTOKEN', status: 403 }))).toEqual({ status: 403, view: 'errors/csrf' });
    expect(errorPageFor(new NotFoundException())).toEqual({ status: 404, view: 'errors/not-found' });
    expect(errorPageFor(new PayloadTooLargeException())).toEqual({ status: 413, view: 'errors/problem' });
    expect(errorPageFor(Object.assign(new Error('request entity too large'), { status: 413 }))).toEqual({ status: 413, view: 'errors/problem' });
  });

  it('says "service unavailable" when Postgres or Redis cannot be reached, and 500 otherwise, never with the internal message', () => {
    expect(errorPageFor(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toEqual({ status: 503, view: 'errors/unavailable' });
    expect(errorPageFor(Object.assign(new Error('x'), { driverError: { code: '57P01' } }))).toEqual({ status: 503, view: 'errors/unavailable' });
    expect(errorPageFor(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({ status: 500, view: 'errors/server-error' });
  });
});
