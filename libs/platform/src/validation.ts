import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '@app/shared';
import { nulCharacterPath } from './temporal';

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

/**
 * The validation pipe, refusing first any text holding a NUL character (which
 * PostgreSQL cannot store: it would otherwise fail as a 500 after validation).
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const field = nulCharacterPath(value);
      if (field) throw DomainError.validation(REQUEST_VALIDATION_FAILED, [{ field, message: `${field} must not contain a NUL character` }], 'The request has invalid or unknown fields.');
    }
    return super.transform(value, metadata);
  }
}

/** The one validation pipe, registered as APP_PIPE in every HTTP app. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
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
