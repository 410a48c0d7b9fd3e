import nodemailer, { type Transporter } from 'nodemailer';
import type { Queries } from '../db/queries.js';
import { camelRow } from '../db/rows.js';
import type {
  CompletenessResponse, CreateSubscriptionBody, DeadlinesResponse, FiltersResponse, KpisResponse, OutlookResponse, SendResult, SubscriptionInfo,
} from '../../web/src/lib/shared/api.js';
import { SUBSCRIPTION_REPORTS, SUBSCRIPTION_SCHEDULES, type SubscriptionSchedule } from '../../web/src/lib/shared/codes.js';
import { scopeCaption } from '../../web/src/lib/shared/caption.js';
import { COMPLETENESS_LABELS, EXPECTED_DATASETS, owed } from '../../web/src/lib/shared/completeness.js';
import { formatDate, formatDays, inSentence } from '../../web/src/lib/shared/format.js';
import { approvalWords } from '../../web/src/lib/shared/published.js';
import { apiUrl } from '../../web/src/lib/shared/url.js';
import { fileName } from '../export/file-name.js';
import type { FilterCatalog } from '../domain/scope.js';
import { localDay } from '../local-day.js';
import type { MailConfig } from './config.js';

/** A GET of the server's own API, as the server itself (the reports a viewer may read). */
export type OwnRequest = (url: string) => Promise<{ statusCode: number; rawPayload: Buffer; json: () => unknown }>;

/** One letter, ready to send. */
interface Letter {
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Whether a subscription's letter is due at `now`: weekly — seven days after the last, monthly —
 * once a calendar month; the first at the first check. «After approval» is sent by the approval.
 */
export function isDue(schedule: SubscriptionSchedule, lastSentAt: string | null, now: Date): boolean {
  if (schedule === 'approval') return false;
  if (lastSentAt === null) return true;
  const last = new Date(lastSentAt);
  if (schedule === 'weekly') return now.getTime() - last.getTime() >= WEEK_MS;
  return last.getUTCFullYear() !== now.getUTCFullYear() || last.getUTCMonth() !== now.getUTCMonth();
}

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/**
 * Reports by e-mail: the subscriptions, the letters (the deck and the print report as the exports
 * make them, or a methodologist's digest of missing data and overdue reports) and their sending
 * through the configured SMTP server. Without one, subscriptions are kept and nothing is sent.
 */
/** A text ended by a full stop, once: a caption ending «уч. г.» gets none more. */
const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

export class MailService {
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  /** The check running now, if any: checks never overlap, and a closing server waits for it. */
  private running: Promise<number> | null = null;

  constructor(
    private readonly queries: Queries,
    private readonly config: MailConfig | null,
    private readonly own: OwnRequest,
    private readonly catalog: () => FilterCatalog,
  ) {
    this.transport = config && nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      // Without implicit TLS the server must offer STARTTLS: reports never travel in clear text.
      requireTLS: !config.secure,
      auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
      tls: config.ca ? { ca: config.ca } : undefined,
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    });
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  get from(): string | null {
    return this.config?.from ?? null;
  }

  /** Every subscription, or those an account made for itself. */
  async list(ownerId: number | null = null): Promise<SubscriptionInfo[]> {
    return (await this.queries.run('subscriptions_list', { owner_id: ownerId })).map((r) => camelRow<SubscriptionInfo>(r));
  }

  /** A new subscription by `by` (a login); `ownerId`: the account subscribing itself. */
  async create(body: CreateSubscriptionBody, by: string, ownerId: number | null = null): Promise<SubscriptionInfo> {
    const [{ id }] = await this.queries.run<{ id: number }>('subscription_create', {
      email: body.email.trim(), recipient: body.recipient.trim(), report: body.report, schedule: body.schedule,
      district: body.district ?? null, org_type: body.orgType ?? null, direction: body.direction ?? null, owner_id: ownerId, created_by: by,
    });
    return (await this.list()).find((s) => s.id === id)!;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.queries.run('subscription_delete', { id })).length > 0;
  }

  /** Checks the schedules every `everyMs` from now on (the server's start). */
  start(everyMs: number): void {
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => console.error('Рассылка: проверка расписания не удалась:', error)), everyMs);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a check under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends every weekly and monthly letter due at `now`; returns how many were sent. */
  tick(now = new Date()): Promise<number> {
    this.running ??= (async () => {
      let sent = 0;
      try {
        for (const subscription of await this.list()) {
          if (isDue(subscription.schedule, subscription.lastSentAt, now) && (await this.send(subscription, undefined, now)).sent) sent += 1;
        }
      } finally {
        this.running = null;
      }
      return sent;
    })();
    return this.running;
  }

  /** The letters of the subscriptions «after approval», with the approved period's figures. */
  async afterApproval(period: string): Promise<void> {
    for (const subscription of await this.list()) {
      if (subscription.schedule === 'approval') await this.send(subscription, period);
    }
  }

  /**
   * Makes and sends one subscription's letter (the default period unless told) and records what
   * came of it; `byHand`: an admin's «Отправить сейчас», not the schedule — the letter says so.
   */
  async send(subscription: SubscriptionInfo, period?: string, now = new Date(), byHand = false): Promise<SendResult> {
    // `done`: the letter is off its schedule until its next turn (sent, or a digest with nothing to say).
    let outcome: SendResult & { done: boolean };
    if (!this.transport || !this.config) {
      outcome = { sent: false, done: false, result: 'не отправлено: почта выключена (не задан SMTP-сервер)' };
    } else {
      try {
        const footer = byHand
          ? 'Письмо отправлено по запросу администратора «Площадок». Чтобы изменить подписку или отписаться, напишите ему.'
          : `Письмо отправлено автоматически (${SUBSCRIPTION_SCHEDULES[subscription.schedule]}). Чтобы изменить подписку или отписаться, напишите администратору «Площадок».`;
        const letter = subscription.report === 'reminders' ? await this.reminders(subscription, footer) : await this.reports(subscription, period, footer);
        if (letter) {
          await this.transport.sendMail({ from: this.config.from, to: { name: subscription.recipient, address: subscription.email }, ...letter });
          outcome = { sent: true, done: true, result: 'отправлено' };
        } else {
          outcome = { sent: false, done: true, result: 'не отправлено: напоминать не о чем — данные и отчёты на месте' };
        }
      } catch (error) {
        console.error(`Рассылка: письмо по подписке № ${subscription.id} не отправлено:`, error);
        outcome = { sent: false, done: false, result: `ошибка: ${(error as Error).message}` };
      }
    }
    await this.queries.run('subscription_result', { id: subscription.id, result: outcome.result, sent: outcome.done, at: now.toISOString() });
    return { sent: outcome.sent, result: outcome.result };
  }

  /** A GET of the server's own API; a refusal is an error with its message. */
  private async get(url: string): Promise<{ body: Buffer; json: () => unknown }> {
    const response = await this.own(url);
    if (response.statusCode !== 200) {
      const message = (response.json() as { message?: string }).message;
      throw new Error(`${url}: ${response.statusCode}${message ? ` — ${message}` : ''}`);
    }
    return { body: response.rawPayload, json: response.json };
  }

  /** The deck and/or the print report of the subscription's filters, with the period in words in the letter. */
  private async reports(s: SubscriptionInfo, period: string | undefined, footer: string): Promise<Letter> {
    const filters = { period: period ?? null, district: s.district, orgType: s.orgType, direction: s.direction };
    const kpis = (await this.get(apiUrl('/api/kpis', filters))).json() as KpisResponse;
    const outlook = (await this.get(apiUrl('/api/kpis/outlook', filters))).json() as OutlookResponse;
    const scope = { ...filters, period: kpis.period.code };
    const caption = scopeCaption(this.catalog().toResponse(), scope);
    const attachments: Letter['attachments'] = [];
    if (s.report === 'deck' || s.report === 'both') {
      const { body } = await this.get(apiUrl('/api/export/presentation.pptx', scope));
      attachments.push({ filename: fileName(['Площадки', caption], 'pptx'), content: body, contentType: PPTX });
    }
    if (s.report === 'pdf' || s.report === 'both') {
      const { body } = await this.get(apiUrl('/api/export/report.pdf', scope));
      attachments.push({ filename: fileName(['Отчёт', caption], 'pdf'), content: body, contentType: 'application/pdf' });
    }
    const region = this.catalog().region;
    const text = [
      `Здравствуйте, ${s.recipient}!`,
      '',
      sentence(`Во вложении — ${inSentence(SUBSCRIPTION_REPORTS[s.report])} «Площадок»: ${region}, ${caption}`),
      ...(kpis.published ? [sentence(approvalWords(kpis.published))] : []),
      // Only the districts and the region are approved: other filters' figures are today's.
      ...(!kpis.published && (s.orgType !== null || s.direction !== null) && (await this.approved(kpis.period.code))
        ? ['Итоги периода утверждены для районов и региона; с отбором по типу организации или направлению в письме — текущие данные.'] : []),
      '',
      ...outlook.summary,
      '',
      footer,
    ].join('\n');
    return { subject: `Площадки: ${caption}${kpis.published ? ' — утверждённые итоги' : ''}`, text, attachments };
  }

  /**
   * A methodologist's digest: the data of the last ended half-year not (wholly) sent, and the
   * sites late with that school year's report, in the subscription's district (all when none);
   * null when there is nothing to remind of.
   */
  /** Whether a period's results are approved (for the districts and the region). */
  private async approved(period: string): Promise<boolean> {
    return ((await this.get('/api/filters')).json() as FiltersResponse).approved.some((p) => p.period === period);
  }

  private async reminders(s: SubscriptionInfo, footer: string): Promise<Letter | null> {
    const today = localDay();
    const { periods } = this.catalog().toResponse(today);
    const ended = periods.filter((p) => p.kind === 'half_year' && p.end < today).sort((a, b) => b.end.localeCompare(a.end))[0];
    if (!ended) return null;
    const completeness = (await this.get(apiUrl('/api/completeness', { period: ended.code }))).json() as CompletenessResponse;
    const deadlines = (await this.get(apiUrl('/api/deadlines', { period: ended.code, district: s.district }))).json() as DeadlinesResponse;
    const missing = completeness.rows
      .filter((r) => s.district === null || r.district === s.district)
      .map((r) => ({ name: r.name, cells: r.cells.filter((c) => owed(c.status)) }))
      .filter((r) => r.cells.length > 0);
    const overdue = deadlines.overdue.filter((o) => o.submittedOn === null);
    if (missing.length === 0 && overdue.length === 0) return null;
    const lines = [`Здравствуйте, ${s.recipient}!`, ''];
    if (missing.length > 0) {
      lines.push(`Данные за ${ended.label}, которые ещё не поступили:`);
      for (const r of missing) lines.push(`• ${r.name}: ${r.cells.map((c) => `${EXPECTED_DATASETS[c.dataset]} — ${COMPLETENESS_LABELS[c.status]}`).join('; ')}`);
      lines.push('Пока данных нет, показатели района за период показываются как «данные не поступили». Загрузите их на странице «Загрузка данных».', '');
    }
    if (overdue.length > 0) {
      lines.push(`Годовые отчёты площадок, не сданные в срок (${formatDate(overdue[0].deadline)}):`);
      for (const o of overdue) lines.push(`• ${o.name} (${o.districtName}) — просрочен на ${formatDays(o.daysLate)}`);
      lines.push('');
    }
    lines.push(footer);
    const where = s.district ? `, ${this.catalog().districtName(s.district)}` : '';
    return { subject: `Площадки: напоминание о данных и отчётах${where}`, text: lines.join('\n'), attachments: [] };
  }
}
