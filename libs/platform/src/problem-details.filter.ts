import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError, DomainErrorKind, FieldError, isDomainError } from '@app/shared';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemTypeFor, titleFor } from './problem-details';
import { errorForLog } from './error-log';

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.BAD_REQUEST',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/** A body refused as a whole names the body (or the uploaded file) as the field at fault. */
function wholeBodyErrors(status: number, exception: unknown): FieldError[] {
  if (status === 413) {
    return (exception as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE'
      ? [{ field: 'file', message: 'file is larger than the largest upload accepted' }]
      : [{ field: 'body', message: 'body is larger than the API accepts' }];
  }
  if (status === 415) return [{ field: 'body', message: 'body must be JSON (Content-Type: application/json), or multipart/form-data where a route takes a file' }];
  return [];
}

/** Turns any thrown value into problem details (status + body); never leaks internals. */
export function toProblem(exception: unknown, requestId?: string, instance?: string): ProblemDetails {
  if (isDomainError(exception)) {
    const status = STATUS_BY_KIND[exception.kind];
    return {
      type: problemTypeFor(exception.code),
      title: titleFor(status),
      status,
      code: exception.code,
      detail: exception.message,
      errors: exception.fieldErrors,
      requestId,
      instance,
      ...exception.meta,
    };
  }
  const fastifyCode = (exception as { code?: unknown } | null)?.code;
  if (fastifyCode === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      type: problemTypeFor('REQUEST.URI_TOO_LONG'),
      title: titleFor(414),
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
      detail: 'A part of the address is longer than the API reads.',
      errors: [{ field: 'path', message: 'path has a segment that is too long' }],
      requestId,
      instance,
    };
  }
  if (
    fastifyCode === 'FST_ERR_BAD_URL' ||
    (exception instanceof HttpException && exception.getStatus() === 400 && /^Failed to decode param /.test(exception.message))
  ) {
    // The router could not decode a %-escape of the path (`/offerings/%ZZ`; Fastify's FST_ERR_BAD_URL, or
    // Express's URIError that Nest maps to a BadRequestException): the path is the field at fault.
    return {
      type: problemTypeFor('REQUEST.BAD_REQUEST'),
      title: titleFor(400),
      status: 400,
      code: 'REQUEST.BAD_REQUEST',
      detail: 'The address holds a malformed %-escape.',
      errors: [{ field: 'path', message: 'path holds a malformed %-escape' }],
      requestId,
      instance,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = exception instanceof ThrottlerException ? 'REQUEST.RATE_LIMITED' : (CODE_BY_STATUS[status] ?? `HTTP.${status}`);
    const response = exception.getResponse();
    let detail = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    if (Array.isArray(detail)) detail = detail.join('; ');
    if (status === 404 && code === 'REQUEST.NOT_FOUND') detail = 'There is nothing at this address.';
    if (code === 'REQUEST.RATE_LIMITED') detail = 'Too many requests: wait the number of seconds in the Retry-After header, then try again.';
    return {
      type: problemTypeFor(code),
      title: titleFor(status),
      status,
      code,
      detail: String(detail),
      errors: wholeBodyErrors(status, exception),
      requestId,
      instance,
    };
  }
  const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser and friends: malformed JSON, payload too large, bad charset.
    const code = (exception as { type?: string }).type === 'entity.parse.failed' ? 'REQUEST.MALFORMED_BODY' : (CODE_BY_STATUS[status] ?? `HTTP.${status}`);
    return {
      type: problemTypeFor(code),
      title: titleFor(status),
      status,
      code,
      detail: code === 'REQUEST.MALFORMED_BODY' ? 'The request body is not valid JSON.' : titleFor(status),
      // The body as a whole is the field at fault (malformed JSON, or JSON that is not an object or array).
      errors: code === 'REQUEST.MALFORMED_BODY' ? [{ field: 'body', message: 'body must be a well-formed JSON object' }] : wholeBodyErrors(status, exception),
      requestId,
      instance,
    };
  }
  return {
    type: problemTypeFor('SERVER.INTERNAL'),
    title: titleFor(HttpStatus.INTERNAL_SERVER_ERROR),
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'SERVER.INTERNAL',
    detail: 'Something went wrong on our side. Quote the request id if you contact us.',
    errors: [],
    requestId,
    instance,
  };
}

/** What the filter uses of a request: the same on Fastify's and Express's. */
interface ProblemRequest {
  id?: unknown;
  originalUrl?: string;
}

/** What the filter uses of a response: Fastify's reply and Express's response both have these (Fastify's wraps Node's as `raw`). */
interface ProblemReply {
  raw?: { headersSent: boolean };
  headersSent?: boolean;
  header(name: string, value: string): unknown;
  status(code: number): ProblemReply;
  type(contentType: string): ProblemReply;
  send(body: string): unknown;
}

/** The API's one exception filter (APP_FILTER): every error as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<ProblemRequest>();
    const res = http.getResponse<ProblemReply>();
    const requestId = req?.id ? String(req.id) : undefined;
    const problem = toProblem(exception, requestId, req?.originalUrl?.split('?')[0]);
    if (problem.status >= 500) {
      this.logger.error({ err: errorForLog(exception), requestId }, 'Unhandled error');
    }
    if ((res.raw ?? res).headersSent) return;
    sendProblem(res, problem);
  }
}

/** Answers with the problem as application/problem+json (with Retry-After when a 429 says how long). */
export function sendProblem(res: ProblemReply, problem: ProblemDetails): void {
  if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') {
    res.header('Retry-After', String(problem.retryAfterSeconds));
  }
  void res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
