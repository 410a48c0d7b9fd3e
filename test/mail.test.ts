/**
 * Reports by e-mail through a real SMTP server on 127.0.0.1 (smtp-server, STARTTLS with a
 * certificate made for the test, a password), the letters parsed back with mailparser.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Queries } from '../server/db/queries.js';
import { FilterCatalog } from '../server/domain/scope.js';
import type { MailConfig } from '../server/mail/config.js';
import { isDue, MailService } from '../server/mail/service.js';
import type { SendResult, SubscriptionInfo, SubscriptionsResponse } from '../web/src/lib/shared/api.js';
import { smallRegion } from './fixtures/small-region.js';
import { until } from './helpers/poll.js';
import { appWith, waitForUpload, type TestApp } from './helpers/server.js';
import { zipEntries } from '../server/export/zip.js';

/** A letter as the SMTP server took it: parsed, and whether it came over TLS. */
interface Received {
  mail: ParsedMail;
  tls: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'mail-test-'));
let cert: string;
let key: string;
const received: Received[] = [];
const servers: SMTPServer[] = [];

/** A local SMTP server taking letters for user «robot» / «secret»; `starttls: false` offers no TLS. */
async function smtpServer(starttls = true): Promise<number> {
  const server = new SMTPServer({
    key, cert, disabledCommands: starttls ? [] : ['STARTTLS'], allowInsecureAuth: !starttls, logger: false,
    onAuth: (auth, _session, done) => (auth.username === 'robot' && auth.password === 'secret' ? done(null, { user: 'robot' }) : done(new Error('Неверный пароль'))),
    onData: (stream, session, done) => {
      simpleParser(stream).then((mail) => {
        received.push({ mail, tls: session.secure });
        done();
      }, done);
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.server.address() as { port: number }).port;
}

const mailConfig = (port: number): MailConfig => ({
  host: '127.0.0.1', port, secure: false, user: 'robot', password: 'secret', from: 'Площадки <monitoring@example.ru>', ca: cert,
});

beforeAll(() => {
  // A certificate for 127.0.0.1, trusted by the app as its own CA (PLOSHCHADKI_SMTP_CA_FILE).
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe', timeout: 30_000 });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  rmSync(dir, { recursive: true, force: true });
});

let t: TestApp;
beforeEach(async () => {
  received.length = 0;
  t = await appWith(smallRegion(), { mail: mailConfig(await smtpServer()) });
}, 30_000);
afterEach(() => t.close());

const subscribe = async (body: Record<string, unknown>): Promise<SubscriptionInfo> => {
  const response = await t.inject({ method: 'POST', url: '/api/admin/subscriptions', payload: { recipient: 'Иванова И. И.', email: 'ivanova@example.ru', ...body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as SubscriptionInfo;
};
const sendNow = async (id: number) => (await t.inject({ method: 'POST', url: `/api/admin/subscriptions/${id}/send` })).json() as SendResult;
/** How many pages a PDF has, as its page objects say. */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
const slides = (pptx: Buffer) => [...zipEntries(pptx).keys()].filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).length;

describe('a subscription sent now', () => {
  it('mails the deck and the print report of its filters over TLS, to the recipient, with the files as the exports make them', async () => {
    const subscription = await subscribe({ report: 'both', schedule: 'weekly', district: 'north' });
    expect(await sendNow(subscription.id)).toEqual({ sent: true, result: 'отправлено' });
    expect(received).toHaveLength(1);
    const [{ mail, tls }] = received;
    expect(tls).toBe(true);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : null).toEqual([{ address: 'ivanova@example.ru', name: 'Иванова И. И.' }]);
    expect(mail.from?.value).toEqual([{ address: 'monitoring@example.ru', name: 'Площадки' }]);
    expect(mail.subject).toBe('Площадки: Северный район · 2023, 1 п/г');
    expect(mail.text).toMatch(/^Здравствуйте, Иванова И\. И\.!/);
    expect(mail.text).toContain('Во вложении — презентация и отчёт «Площадок»: Демонстрационный регион, Северный район · 2023, 1 п/г.');
    // Sent by hand, not by its schedule: the letter says so.
    expect(mail.text).toMatch(/Письмо отправлено по запросу администратора «Площадок»\. Чтобы изменить подписку или отписаться, напишите ему\.$/);

    const [deck, report] = mail.attachments;
    expect([deck.filename, deck.contentType]).toEqual(['Площадки_Северный_район_2023_1пг.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation']);
    expect([report.filename, report.contentType]).toEqual(['Отчёт_Северный_район_2023_1пг.pdf', 'application/pdf']);
    // The same files as the download buttons give: as many slides, as many pages.
    const direct = async (url: string) => (await t.inject(url, 'viewer')).rawPayload;
    expect(slides(deck.content)).toBe(slides(await direct('/api/export/presentation.pptx?period=2023-H1&district=north')));
    expect(slides(deck.content)).toBeGreaterThan(5);
    expect(pdfPages(report.content)).toBe(pdfPages(await direct('/api/export/report.pdf?period=2023-H1&district=north')));
    expect(pdfPages(report.content)).toBeGreaterThanOrEqual(2);

    const list = (await t.inject('/api/admin/subscriptions')).json() as SubscriptionsResponse;
    expect(list).toMatchObject({ enabled: true, from: 'Площадки <monitoring@example.ru>' });
    expect(list.subscriptions[0]).toMatchObject({ lastResult: 'отправлено', lastSentAt: expect.any(String) });
  }, 60_000);

  it('a methodologist\'s digest names the district\'s data not sent for the last ended half-year', async () => {
    // 2023-H1: the north's SP1 is in force and sent no events or participations; the south sent its own.
    const north = await subscribe({ report: 'reminders', schedule: 'weekly', district: 'north', recipient: 'Петрова П. П.' });
    expect(await sendNow(north.id)).toEqual({ sent: true, result: 'отправлено' });
    const [{ mail }] = received;
    expect(mail.subject).toBe('Площадки: напоминание о данных и отчётах, Северный район');
    expect(mail.text).toContain('Данные за 2023, 1 п/г, которые ещё не поступили:\n• Северный район: Мероприятия — не поступили; Участие педагогов — не поступили');
    expect(mail.attachments).toEqual([]);
    // The south sent its data, but SP2 owes the report of 2022/23, due 15 May 2023.
    const south = await subscribe({ report: 'reminders', schedule: 'weekly', district: 'south' });
    expect(await sendNow(south.id)).toEqual({ sent: true, result: 'отправлено' });
    expect(received[1].mail.text).not.toContain('не поступили');
    expect(received[1].mail.text).toMatch(/Годовые отчёты площадок, не сданные в срок \(15\.05\.2023\):\n• Площадка два \(Южный район\) — просрочен на [\d\u00a0\u202f ]+ (день|дня|дней)/);
    // Once SP2's report is in, there is nothing to remind the south of: no letter.
    const report = await waitForUpload(t, (await t.inject({
      method: 'POST', url: '/api/uploads?dataset=site_reports', headers: { 'content-type': 'text/csv' }, payload: 'Код площадки;Год отчёта;Дата сдачи\nSP2;2023;01.06.2023\n',
    })).json().id);
    expect(report.status, report.message ?? '').toBe('applied');
    expect(await sendNow(south.id)).toEqual({ sent: false, result: 'не отправлено: напоминать не о чем — данные и отчёты на месте' });
    expect(received).toHaveLength(2);
  }, 30_000);

  it('goes nowhere in clear text: a server that offers no TLS gets no letter, and the subscription says why', async () => {
    await t.close();
    t = await appWith(smallRegion(), { mail: mailConfig(await smtpServer(false)) });
    const subscription = await subscribe({ report: 'reminders', schedule: 'weekly' });
    const result = await sendNow(subscription.id);
    expect(result.sent).toBe(false);
    expect(result.result).toMatch(/^ошибка: .*STARTTLS/);
    expect(received).toHaveLength(0);
  }, 30_000);
});

describe('the schedule', () => {
  it('weekly seven days after the last letter, monthly once a calendar month, «after approval» only by an approval', () => {
    const last = '2026-12-01T08:00:00.000Z';
    expect([isDue('weekly', null, new Date(last)), isDue('monthly', null, new Date(last)), isDue('approval', null, new Date(last))]).toEqual([true, true, false]);
    expect(isDue('weekly', last, new Date('2026-12-08T07:59:00Z'))).toBe(false);
    expect(isDue('weekly', last, new Date('2026-12-08T08:00:00Z'))).toBe(true);
    expect(isDue('monthly', last, new Date('2026-12-31T23:00:00Z'))).toBe(false);
    expect(isDue('monthly', last, new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('a check sends what is due and records it: the next check the same day sends nothing', async () => {
    await subscribe({ report: 'reminders', schedule: 'weekly', district: 'north' });
    await subscribe({ report: 'reminders', schedule: 'monthly', district: 'north', email: 'head@example.ru' });
    await subscribe({ report: 'pdf', schedule: 'approval' });
    const queries = await Queries.load(t.db);
    const catalog = await FilterCatalog.load(queries, 'Демонстрационный регион');
    const service = new MailService(queries, mailConfig((servers.at(-1)!.server.address() as { port: number }).port), (url) => t.inject(url, 'viewer'), () => catalog);
    expect(await service.tick(new Date('2026-12-01T08:00:00Z'))).toBe(2);
    expect(await service.tick(new Date('2026-12-01T09:00:00Z'))).toBe(0);
    expect(await service.tick(new Date('2026-12-08T09:00:00Z'))).toBe(1);
    expect(received.map((r) => r.mail.to && !Array.isArray(r.mail.to) ? r.mail.to.value[0].address : null))
      .toEqual(['ivanova@example.ru', 'head@example.ru', 'ivanova@example.ru']);
  }, 30_000);

  it('an approval mails its subscribers the approved figures', async () => {
    await subscribe({ report: 'pdf', schedule: 'approval', email: 'minister@example.ru' });
    expect((await t.inject({ method: 'POST', url: '/api/admin/publications', payload: { period: '2022-H1', note: 'приказ № 12' } })).statusCode).toBe(201);
    await until(() => received.length > 0, 'the letter after the approval');
    const [{ mail }] = received;
    expect(mail.subject).toBe('Площадки: Все районы · 2022, 1 п/г — утверждённые итоги');
    expect(mail.text).toMatch(/Итоги утверждены .* — Тест admin; приказ № 12\./);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    expect(mail.text).toMatch(/Письмо отправлено автоматически \(после утверждения итогов\)/);
  }, 30_000);

  it('a school year\'s letter ends its sentence once; one of a type of organization says its figures are today\'s, not the approved', async () => {
    expect((await t.inject({ method: 'POST', url: '/api/admin/publications', payload: { period: '2021-22' } })).statusCode).toBe(201);
    const year = await subscribe({ report: 'pdf', schedule: 'weekly' });
    const schools = await subscribe({ report: 'pdf', schedule: 'weekly', orgType: 'school', email: 'schools@example.ru' });
    const queries = await Queries.load(t.db);
    const catalog = await FilterCatalog.load(queries, 'Демонстрационный регион');
    const service = new MailService(queries, mailConfig((servers.at(-1)!.server.address() as { port: number }).port), (url) => t.inject(url, 'viewer'), () => catalog);
    for (const subscription of [year, schools]) expect(await service.send(subscription, '2021-22')).toEqual({ sent: true, result: 'отправлено' });
    expect(received.map((r) => (r.mail.text ?? '').includes('уч. г..'))).toEqual([false, false]);
    expect(received.map((r) => (r.mail.text ?? '').includes('с отбором по типу организации или направлению в письме — текущие данные'))).toEqual([false, true]);
  }, 60_000);
});

describe('an official subscribing herself', () => {
  it('subscribes under her own name to the reports of her filters, sees only her own, and ends only her own', async () => {
    const byAdmin = await subscribe({ report: 'deck', schedule: 'weekly' });
    const created = await t.inject({ method: 'POST', url: '/api/subscriptions', payload: { email: 'viewer@example.ru', report: 'pdf', schedule: 'approval', district: 'south' } }, 'viewer');
    expect(created.statusCode, created.body).toBe(201);
    const own = created.json() as SubscriptionInfo;
    expect(own).toMatchObject({ recipient: 'Тест viewer', email: 'viewer@example.ru', report: 'pdf', schedule: 'approval', district: 'south', createdBy: 'viewer' });
    const mine = (await t.inject('/api/subscriptions', 'viewer')).json() as SubscriptionsResponse;
    expect(mine.subscriptions.map((x) => x.id)).toEqual([own.id]);
    // Not the admin's: that is none of hers.
    expect((await t.inject({ method: 'DELETE', url: `/api/subscriptions/${byAdmin.id}` }, 'viewer')).statusCode).toBe(404);
    // A digest for methodologists is the admin's to set up.
    expect((await t.inject({ method: 'POST', url: '/api/subscriptions', payload: { email: 'v@example.ru', report: 'reminders', schedule: 'weekly' } }, 'viewer')).statusCode).toBe(400);
    expect((await t.inject({ method: 'DELETE', url: `/api/subscriptions/${own.id}` }, 'viewer')).statusCode).toBe(204);
    expect(((await t.inject('/api/admin/subscriptions')).json() as SubscriptionsResponse).subscriptions.map((x) => x.id)).toEqual([byAdmin.id]);
  });

  it('has at most ten', async () => {
    const add = () => t.inject({ method: 'POST', url: '/api/subscriptions', payload: { email: 'm@example.ru', report: 'deck', schedule: 'monthly' } }, 'methodologist');
    for (let i = 0; i < 10; i += 1) expect((await add()).statusCode).toBe(201);
    const eleventh = await add();
    expect([eleventh.statusCode, eleventh.json().message]).toEqual([409, 'Подписок уже 10: отпишитесь от ненужной, чтобы добавить новую.']);
  });
});

describe('without an SMTP server', () => {
  it('keeps subscriptions, says e-mail is off, and refuses to send', async () => {
    const off = await appWith(smallRegion());
    try {
      const created = await off.inject({ method: 'POST', url: '/api/admin/subscriptions', payload: { recipient: 'И. И.', email: 'a@example.ru', report: 'deck', schedule: 'weekly' } });
      expect(created.statusCode).toBe(201);
      expect(((await off.inject('/api/admin/subscriptions')).json() as SubscriptionsResponse)).toMatchObject({ enabled: false, from: null, subscriptions: [{ email: 'a@example.ru' }] });
      const send = await off.inject({ method: 'POST', url: `/api/admin/subscriptions/${(created.json() as SubscriptionInfo).id}/send` });
      expect([send.statusCode, send.json().message]).toEqual([409, expect.stringMatching(/^Почта выключена/)]);
    } finally {
      await off.close();
    }
  }, 30_000);

  it('refuses an address that is not one, and a district the region lacks', async () => {
    const bad = await t.inject({ method: 'POST', url: '/api/admin/subscriptions', payload: { recipient: 'И. И.', email: 'не адрес', report: 'deck', schedule: 'weekly' } });
    expect(bad.statusCode).toBe(400);
    const unknown = await t.inject({ method: 'POST', url: '/api/admin/subscriptions', payload: { recipient: 'И. И.', email: 'a@example.ru', report: 'deck', schedule: 'weekly', district: 'east' } });
    expect([unknown.statusCode, unknown.json().message]).toEqual([400, expect.stringMatching(/Неизвестный район/)]);
    const deleted = await t.inject({ method: 'DELETE', url: '/api/admin/subscriptions/999' });
    expect(deleted.statusCode).toBe(404);
  });
});
