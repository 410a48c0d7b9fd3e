import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';

/** The SMTP server reports are sent through (environment variables, see README «Reports by e-mail»). */
export interface MailConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS, which is required: nothing goes out in clear text. */
  secure: boolean;
  user: string | null;
  password: string | null;
  /** The sender, as «Площадки <monitoring@example.ru>». */
  from: string;
  /** Extra certificate authorities to trust (PEM): an SMTP server with a certificate of the organisation's own CA. */
  ca: string | null;
}

/**
 * The SMTP settings, or null when PLOSHCHADKI_SMTP_HOST is not set: then e-mail is off (the server
 * says so at start, the page too). A setting given wrong is a ConfigError with the Russian line.
 */
export function readMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const host = env.PLOSHCHADKI_SMTP_HOST?.trim();
  if (!host) return null;
  const secure = env.PLOSHCHADKI_SMTP_SECURE === 'true' || env.PLOSHCHADKI_SMTP_SECURE === '1';
  const port = Number(env.PLOSHCHADKI_SMTP_PORT ?? (secure ? 465 : 587));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PLOSHCHADKI_SMTP_PORT: нужен номер порта от 1 до 65535, а не «${env.PLOSHCHADKI_SMTP_PORT}»`);
  const from = env.PLOSHCHADKI_SMTP_FROM?.trim();
  if (!from) throw new ConfigError('PLOSHCHADKI_SMTP_FROM: укажите адрес отправителя писем, например «Площадки <monitoring@example.ru>»');
  const user = env.PLOSHCHADKI_SMTP_USER?.trim() || null;
  const password = env.PLOSHCHADKI_SMTP_PASSWORD ?? null;
  if (user && !password) throw new ConfigError('PLOSHCHADKI_SMTP_PASSWORD: задан пользователь SMTP, но не пароль');
  let ca: string | null = null;
  if (env.PLOSHCHADKI_SMTP_CA_FILE) {
    try {
      ca = readFileSync(env.PLOSHCHADKI_SMTP_CA_FILE, 'utf8');
    } catch {
      throw new ConfigError(`PLOSHCHADKI_SMTP_CA_FILE: не удалось прочитать файл сертификата «${env.PLOSHCHADKI_SMTP_CA_FILE}»`);
    }
  }
  return { host, port, secure, user, password, from, ca };
}

/** The start-up line when e-mail is off. */
export const MAIL_OFF = 'Рассылка отчётов по почте выключена: не задан PLOSHCHADKI_SMTP_HOST (см. README, раздел «Reports by e-mail»). Подписки сохраняются, но письма не отправляются.';
