import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@app/shared';

/** A path parameter that must be a UUID; otherwise 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        DomainError.validation('REQUEST.VALIDATION_FAILED', [{ field: name, message: `${name} must be a UUID` }]),
    }),
  );
