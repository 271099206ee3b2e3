import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '@app/config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Sends e-mail through nodemailer: SMTP in production and tests (MAIL_TRANSPORT=smtp,
 * SMTP_URL), or, in development, writes the message to the log.
 */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private transporter?: Transporter;

  constructor(private readonly config: AppConfig) {}

  private transport(): Transporter {
    if (!this.transporter) {
      const { transport, smtpUrl } = this.config.mail;
      if (transport === 'smtp') {
        if (!smtpUrl) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
        this.transporter = createTransport(smtpUrl);
      } else {
        this.transporter = createTransport({ jsonTransport: true });
      }
    }
    return this.transporter;
  }

  async send(message: MailMessage): Promise<string> {
    const info = await this.transport().sendMail({ from: this.config.mail.from, ...message });
    if (this.config.mail.transport === 'log') {
      this.logger.log(`e-mail to ${message.to}: "${message.subject}"\n${message.text}`);
    }
    return String(info.messageId ?? '');
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
