import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MailerService } from '@app/platform';
import { IdempotencyService, JobHandler, JobHandlerInstance, JobPayloads } from '@app/queue';
import { InvitationsService } from '../application/invitations.service';
import { OrganisationsService } from '../application/organisations.service';

/** Sends the invitation link. Thin: the service builds the link, the mailer sends it, once per job. */
@JobHandler('identity.send-invitation')
export class SendInvitationHandler implements JobHandlerInstance<'identity.send-invitation'> {
  private readonly logger = new Logger('identity.send-invitation');

  constructor(
    private readonly invitations: InvitationsService,
    private readonly mailer: MailerService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async handle(job: Job<JobPayloads['identity.send-invitation']>): Promise<{ sent: boolean }> {
    const sent = await this.idempotency.runOnce(String(job.id), job.name, async (m) => {
      const inv = await this.invitations.forDelivery(job.data.invitationId);
      if (!inv) return; // accepted or gone: nothing to send
      await this.mailer.send({
        to: inv.email,
        subject: `You have been invited to join ${inv.organisationName}`,
        text:
          `You have been invited to join ${inv.organisationName} on the marketplace as ${inv.role.replace('_', ' ')}.\n\n` +
          `Accept the invitation and choose a password here:\n${inv.link}\n\n` +
          `The link works once and expires at ${inv.expiresAt}. If you were not expecting this, ignore this e-mail.`,
      });
      await m.query(`UPDATE identity.invitation SET email_sent_at = now() WHERE id = $1`, [job.data.invitationId]);
    });
    if (!sent) this.logger.log(`job ${job.id} already processed`);
    return { sent };
  }
}

/** Tells an organisation's admins the outcome of verification. */
@JobHandler('identity.notify-verification')
export class NotifyVerificationHandler implements JobHandlerInstance<'identity.notify-verification'> {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly mailer: MailerService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async handle(job: Job<JobPayloads['identity.notify-verification']>): Promise<{ sent: number }> {
    let count = 0;
    await this.idempotency.runOnce(String(job.id), job.name, async () => {
      const { organisation, admins } = await this.organisations.adminContacts(job.data.organisationId);
      for (const admin of admins) {
        await this.mailer.send({
          to: admin.email,
          subject:
            job.data.status === 'verified'
              ? `${organisation.name} has been verified`
              : `${organisation.name} could not be verified`,
          text:
            job.data.status === 'verified'
              ? `Hello ${admin.fullName},\n\n${organisation.name} is now verified on the marketplace.`
              : `Hello ${admin.fullName},\n\n${organisation.name} could not be verified: ${organisation.rejectionReason ?? ''}`,
        });
        count++;
      }
    });
    return { sent: count };
  }
}

export const IDENTITY_JOB_HANDLERS = [SendInvitationHandler, NotifyVerificationHandler];
