import { Module } from '@nestjs/common';
import { MailerService } from '@app/platform';
import { IdentityModule } from '../identity.module';
import { IDENTITY_JOB_HANDLERS } from './identity-mail.handlers';

/** Identity's job handlers; imported by the worker only (through `@app/identity/jobs`). */
@Module({
  imports: [IdentityModule],
  providers: [...IDENTITY_JOB_HANDLERS, MailerService],
})
export class IdentityJobsModule {}
