import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { REQUEST_VALIDATION_FAILED, bodyProblem, toFieldErrors } from '@app/platform';
import { DomainError, isDomainError } from '@app/shared';
import { SignInDto } from '../dto/auth.dto';

/**
 * Passport local sign-in. Guards run before pipes, so the body is validated
 * here first: a malformed body answers 400 naming the field, not 401.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest();
    const problem = bodyProblem(req.body);
    if (problem) throw DomainError.validation(REQUEST_VALIDATION_FAILED, [problem], 'The request has invalid or unknown fields.');
    const dto = plainToInstance(SignInDto, req.body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      throw DomainError.validation(REQUEST_VALIDATION_FAILED, toFieldErrors(errors), 'The request has invalid or unknown fields.');
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (isDomainError(err)) throw err;
    if (err || !user) throw DomainError.unauthenticated('AUTH.INVALID_CREDENTIALS', 'The e-mail address or password is not right.');
    return user;
  }
}
