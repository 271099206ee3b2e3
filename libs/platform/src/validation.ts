import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** The one validation pipe, registered as APP_PIPE in every HTTP app. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
