import nodemailer from 'nodemailer';
import type { Config } from '../../env.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row; also the Message-ID's local part, so a receiving system can spot a duplicate. */
  dedupeKey: string;
}

export interface SentMail {
  messageId: string;
  /** The full RFC 822 message when it stayed on this machine (no SMTP_URL), for the local preview. */
  raw: string | null;
}

export interface Mailer {
  /** True when mail really leaves the machine. */
  external: boolean;
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise nodemailer's stream transport renders the exact
 * message into memory and the sender stores it on the outbox row instead of delivering it.
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): Mailer {
  const from = config.SMTP_FROM;
  const external = config.SMTP_URL !== undefined;
  const transport = external
    ? nodemailer.createTransport(config.SMTP_URL)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const domain = from.split('@')[1]?.replace(/[>\s]/g, '') || 'ops.local';
  return {
    external,
    async send(mail) {
      const messageId = `<${mail.dedupeKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
      // On each message, so both transports write it: nodemailer ignores a `from` among a transport's options.
      const info = (await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
      })) as {
        messageId?: string;
        message?: unknown;
      };
      const raw = Buffer.isBuffer(info.message) ? info.message.toString('utf8') : null;
      return { messageId: info.messageId ?? messageId, raw };
    },
    close() {
      transport.close();
    },
  };
}
