/**
 * Base of every error a service throws on purpose. The `code` is stable
 * (`CONTEXT.REASON`) and is what clients and the HTTP filter key on; `kind`
 * tells the filter which HTTP status family applies without the domain
 * knowing anything about HTTP.
 */
export type DomainErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `organisation.name`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** Extra, non-sensitive data for the client (e.g. retryAfterSeconds). */
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(code: string, fieldErrors: FieldError[], message = 'The request is not valid.'): DomainError {
    return new DomainError(code, 'validation', message, fieldErrors);
  }

  static notFound(code: string, message = 'Not found.'): DomainError {
    return new DomainError(code, 'not_found', message);
  }

  static forbidden(code: string, message = 'You are not allowed to do that.'): DomainError {
    return new DomainError(code, 'forbidden', message);
  }

  static conflict(code: string, message: string): DomainError {
    return new DomainError(code, 'conflict', message);
  }

  static unauthenticated(code: string, message = 'Sign in to continue.'): DomainError {
    return new DomainError(code, 'unauthenticated', message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
