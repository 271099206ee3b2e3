import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface MailServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message received, in order. */
  mails: Mail[];
  close(): Promise<void>;
}

/**
 * An SMTP server on a random local port that keeps every message it receives
 * (smtp-server + mailparser). While `down()` is true it refuses mail with 421,
 * as a mail server that is down for a while does.
 */
export async function startMailServer(opts: { down?: () => boolean } = {}): Promise<MailServer> {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, cb) {
      if (!opts.down?.()) return cb();
      cb(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
    },
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (m) => {
          const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
          for (const address of to.flatMap((a) => a.value.map((v) => v.address ?? ''))) mails.push({ to: address, subject: m.subject ?? '', text: m.text ?? '' });
          done();
        },
        (e) => done(e),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/** Polls `check` every 50 ms until it holds; fails with `what` after `timeoutMs` (for state that has no event to wait on). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

