import { SetMetadata } from '@nestjs/common';
import type { FieldError } from '@app/shared';
import type { WebRequest } from '../session/session-data';

export const FORM_PAGE_KEY = 'opm:web:formPage';

export interface FormPageOptions<C = unknown> {
  /** The view that shows the form (re-rendered with the errors). */
  view: string;
  /** The rest of the page's model (lists, previews) for the re-render. */
  model?: (controller: C, req: WebRequest) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Field paths used by services → names of the form's inputs (`admin.email` → `email`). */
  fields?: Record<string, string>;
  /** The input an error without a field (wrong password, conflict) points at. */
  fallbackField?: string;
}

/**
 * Marks a POST handler as the submission of a form: a validation error (from
 * the pipe or a service), failed sign-in, conflict or rate limit re-renders
 * `view` with the GOV.UK error summary and inline messages instead of an
 * error page. Nothing is written in that case: the error stops the handler.
 */
export const FormPage = <C>(options: FormPageOptions<C>) => SetMetadata(FORM_PAGE_KEY, options);

export interface FormErrorView {
  /** For govukErrorSummary: one entry per field, in form order. */
  errorList: { text: string; href: string }[];
  /** Input name → its first message, for each component's errorMessage. */
  fieldErrors: Record<string, string>;
}

/** Turns a DomainError's field paths into the error summary and inline messages of a form. */
export function toFormErrors(
  errors: FieldError[],
  message: string,
  options: Pick<FormPageOptions, 'fields' | 'fallbackField'>,
): FormErrorView {
  const fieldErrors: Record<string, string> = {};
  const errorList: { text: string; href: string }[] = [];
  const entries = errors.length ? errors : [{ field: options.fallbackField ?? '', message }];
  for (const e of entries) {
    // `categoryIds[2]` → the `categoryIds` input (one input group for the whole list).
    const path = e.field.replace(/\[\d+\]/g, '');
    const field = options.fields?.[e.field] ?? options.fields?.[path] ?? path;
    const input = field || options.fallbackField || '';
    if (input && fieldErrors[input]) continue; // one message per field, the first
    if (input) fieldErrors[input] = e.message;
    errorList.push({ text: e.message, href: input ? `#${input}` : '#main-content' });
  }
  return { errorList, fieldErrors };
}

/** What was typed (and ticked: repeated fields are lists), for re-display; never a password or the CSRF token. */
export function redisplayValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (/password|_csrf/i.test(k)) continue;
      if (typeof v === 'string') values[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) values[k] = v as string[];
    }
  }
  return values;
}
