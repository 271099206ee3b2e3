import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { Observable, catchError, from, mergeMap } from 'rxjs';
import { DomainError, DomainErrorKind, isDomainError } from '@app/shared';
import type { WebRequest } from '../session/session-data';
import { FORM_PAGE_KEY, FormPageOptions, redisplayValues, toFormErrors } from './form-page';

const STATUS: Partial<Record<DomainErrorKind, number>> = {
  validation: 400,
  unauthenticated: 400,
  conflict: 409,
  rate_limited: 429,
};

/** The form page to render instead of the error; the exception filter renders it. */
export class FormRerender extends Error {
  constructor(
    readonly view: string,
    readonly status: number,
    readonly model: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super('Form has errors');
  }
}

/**
 * Global interceptor (APP_INTERCEPTOR). Pipes run inside interceptors, so a
 * failed DTO validation lands here as well as errors thrown by services.
 */
@Injectable()
export class FormErrorsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<FormPageOptions | undefined>(FORM_PAGE_KEY, context.getHandler());
    if (!options) return next.handle();
    return next.handle().pipe(
      catchError((err: unknown) => from(this.toRerender(context, options, err)).pipe(mergeMap((e) => Promise.reject(e)))),
    );
  }

  private async toRerender(context: ExecutionContext, options: FormPageOptions, err: unknown): Promise<unknown> {
    if (!isDomainError(err) || !STATUS[err.kind]) return err;
    const req = context.switchToHttp().getRequest<WebRequest>();
    const controller = options.model ? this.moduleRef.get(context.getClass(), { strict: false }) : undefined;
    const model = options.model ? await options.model(controller, req) : {};
    const { errorList, fieldErrors } = toFormErrors(err.fieldErrors, err.message, options);
    const retryAfter = (err as DomainError).meta?.retryAfterSeconds;
    return new FormRerender(
      options.view,
      STATUS[err.kind]!,
      { ...model, values: redisplayValues(req.body), errorList, fieldErrors },
      typeof retryAfter === 'number' ? retryAfter : undefined,
    );
  }
}
