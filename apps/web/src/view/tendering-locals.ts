import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { formatDateTime } from './tendering-view';

/**
 * What the tendering pages' templates use besides their model: `when(iso)`,
 * a deadline or time of receipt in UK time (`20 June 2026 at 12:00 pm`).
 * Set on the response, so a form shown again with its errors has it too.
 */
@Injectable()
export class TenderingViewLocals implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<Response>().locals.when = (iso: unknown) =>
      typeof iso === 'string' || iso instanceof Date ? formatDateTime(iso) : '';
    return next.handle();
  }
}
