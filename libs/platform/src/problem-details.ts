import { FieldError } from '@app/shared';

/** RFC 9457 problem details, as every API error is returned. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors: FieldError[];
  requestId?: string;
  instance?: string;
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorised',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server error' : 'Request error');
}

export function problemTypeFor(code: string): string {
  return `urn:opm:problem:${code.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`;
}
