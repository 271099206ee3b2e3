export { IS_PUBLIC_KEY, Public } from './public.decorator';
export { PROBLEM_CONTENT_TYPE, ProblemDetails, problemTypeFor, titleFor } from './problem-details';
export { ProblemDetailsFilter, STATUS_BY_KIND, toProblem } from './problem-details.filter';
export { REQUEST_VALIDATION_FAILED, createValidationPipe, toFieldErrors } from './validation';
export { loggerModule, requestIdFor } from './logging';
export { HealthController, HealthModule } from './health.controller';
export { MailMessage, MailerService } from './mailer.service';
export { UuidParam } from './uuid-param';
