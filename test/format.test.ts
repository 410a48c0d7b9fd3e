import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ERRORS_KEPT, errorsDownloadText } from '../web/src/lib/shared/datasets.js';
import type { UploadInfo } from '../web/src/lib/shared/api.js';
import { uploadStatus } from '../web/src/lib/shared/upload-status.js';
import { formatDate, formatDateTime, formatDelta, formatInteger, formatPercent, formatValue, inSentence, meetsTarget, plural, shownChange, shownValue } from '../web/src/lib/shared/format.js';
import { EVENT_FORMATS, EVENT_MODES } from '../web/src/lib/shared/vocabulary.js';
import { cardDetail, KPI_META } from '../web/src/lib/shared/kpis.js';

describe('Russian formatting', () => {
  it('formats numbers the Russian way', () => {
    expect(formatInteger(23339)).toBe('23\u00a0339');
    expect(formatPercent(20.27)).toBe('20,3\u202f%');
    expect(formatPercent(null)).toBe('—');
    expect(formatDelta(0.33, 'percent')).toBe('+0,3\u00a0п.\u00a0п.');
    expect(formatDelta(-2, 'count')).toBe('−2');
    expect(formatDelta(0, 'count')).toBe('±0');
    expect(formatDelta(-0.02, 'percent')).toBe('±0,0\u00a0п.\u00a0п.');
    expect(formatDelta(-0.05, 'percent')).toBe('−0,1\u00a0п.\u00a0п.');
    // Means: one decimal, no percentage points.
    expect(formatValue(4.26, 'average')).toBe('4,3');
    expect(formatValue(18, 'average')).toBe('18,0');
    expect(formatDelta(-0.44, 'average')).toBe('−0,4');
    expect(formatDelta(0.04, 'average')).toBe('±0,0');
  });

  it('formats dates as dd.mm.yyyy', () => {
    expect(formatDate('2023-05-15')).toBe('15.05.2023');
    expect(formatDate(null)).toBe('—');
  });

  it('chooses plural forms', () => {
    const forms = ['площадка', 'площадки', 'площадок'] as const;
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 101].map((n) => plural(n, forms))).toEqual([
      'площадка', 'площадки', 'площадок', 'площадок', 'площадок', 'площадка', 'площадки', 'площадок', 'площадок', 'площадка',
    ]);
  });
});

describe('labels inside a sentence', () => {
  it('begin in lower case, abbreviations keep their capitals', () => {
    expect(inSentence(EVENT_FORMATS.visit)).toBe('выезд в ОО');
    expect(inSentence(EVENT_MODES.remote)).toBe('дистанционно');
    expect(inSentence('ОО — участники конкурса')).toBe('ОО — участники конкурса');
  });
});

describe('date and time', () => {
  it('formats an instant in Russian order', () => {
    expect(formatDateTime('2026-11-23T10:09:00.000Z')).toMatch(/^\d{2}\.\d{2}\.2026, \d{2}:\d{2}$/);
  });
});

describe('KPI card details', () => {
  it('say what was divided by what, in correct Russian', () => {
    expect(KPI_META.avg_attendance.detail!(2407, 129)).toBe('2\u00a0407 чел. за 129 мероприятий');
    expect(KPI_META.avg_attendance.detail!(3, 1)).toBe('3 чел. за 1 мероприятие');
    expect(KPI_META.events_per_site.detail!(22, 21)).toBe('22 мероприятия на 21 площадку');
    expect(KPI_META.satisfaction.detail!(1, 21)).toBe('1 анкета от 21 участника (4,8\u202f%)');
    expect(KPI_META.satisfaction.detail!(0, 0)).toBe('0 анкет от 0 участников');
    // Reports: nothing to divide by says why — no site in the filters owes one, or the deadline is ahead.
    expect(cardDetail({ code: 'report_timeliness', numerator: 0, denominator: 0, inScope: 0 })).toBe('нет площадок, обязанных сдать отчёт');
    expect(cardDetail({ code: 'report_timeliness', numerator: 1, denominator: 0, inScope: 2 })).toBe('срок сдачи отчётов ещё не наступил');
    expect(cardDetail({ code: 'report_timeliness', numerator: 1, denominator: 2, inScope: 2 })).toBe('1 из 2');
    expect(cardDetail({ code: 'authors_share', numerator: 0, denominator: 0 })).toBe('0 из 0');
  });
});

describe('a target met as the value is shown', () => {
  it('judges the rounded value: «3,0 %» never reads «не достигнута» beside a 3 % target', () => {
    expect([meetsTarget(2.96, 3, 'percent'), meetsTarget(2.94, 3, 'percent'), meetsTarget(4.25, 4.3, 'average'), meetsTarget(4.24, 4.3, 'average')])
      .toEqual([true, false, true, false]);
    expect([meetsTarget(7, 7, 'count'), meetsTarget(6, 7, 'count')]).toEqual([true, false]);
    expect(formatPercent(2.96)).toBe('3,0\u202f%');
  });
});

describe('values and changes as shown', () => {
  it('round as the Russian formats do, so a change adds up on the screen', () => {
    // 88.85 is 88.849999… in binary: rounded ×10 it would be 88.8, but it is shown «88,9 %».
    expect([shownValue(88.85, 'percent'), formatPercent(88.85)]).toEqual([88.9, '88,9\u202f%']);
    expect(shownChange(88.85, 87.5, 'percent')).toBe(1.4);
    expect(formatDelta(shownChange(88.85, 87.5, 'percent'), 'percent')).toBe('+1,4\u00a0п.\u00a0п.');
    expect([shownChange(21.22, 20.17, 'average'), shownChange(5.6, 3.4, 'count')]).toEqual([1, 3]);
    expect(meetsTarget(2.96, 3, 'percent')).toBe(true);
  });
});

describe('the day a workbook\'s date cell shows in the upload preview', () => {
  // The preview runs in the user's browser, in her zone: a zone-less text date (t="d") arrives as
  // local midnight, a day number as UTC midnight. Run in Moscow time and in New York time.
  it.each([['Europe/Moscow', -180], ['America/New_York', 240]])('in %s', async (zone, offset) => {
    const script = `
      const { workbookDay } = await import(${JSON.stringify(new URL('../web/src/lib/shared/format.ts', import.meta.url).href)});
      console.log(JSON.stringify({ offset: new Date(2024, 2, 15).getTimezoneOffset(),
        days: [new Date('2024-03-15T00:00:00'), new Date(Date.UTC(2024, 2, 15)), new Date(Date.UTC(2024, 2, 15, 10, 30))].map(workbookDay) }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 30_000, env: { ...process.env, TZ: zone },
    });
    expect(JSON.parse(stdout)).toEqual({ offset, days: ['2024-03-15', '2024-03-15', '2024-03-15'] });
  }, 60_000);
});

describe('the link to an upload\'s errors', () => {
  it('says «all» only when the CSV holds them all', () => {
    expect(errorsDownloadText(ERRORS_KEPT)).toBe('Скачать все ошибки (CSV)');
    expect(errorsDownloadText(66_666)).toBe(`Скачать первые ${formatInteger(10_000)} ошибок (CSV)`);
  });
});

describe('an upload\'s status on its badge', () => {
  const upload = (status: UploadInfo['status'], changes: number, rowsRejected = 0) => ({ status, inserted: changes, updated: 0, deleted: 0, rowsRejected });
  it('says when rows of the file were left out, when nothing changed, and colours each', () => {
    expect(uploadStatus(upload('applied', 3))).toEqual(['Загружено', 'green']);
    expect(uploadStatus(upload('applied', 3, 1))).toEqual(['Загружено частично', 'orange']);
    expect(uploadStatus(upload('applied', 0))).toEqual(['Без изменений', '']);
    expect(uploadStatus(upload('rejected', 0, 2))).toEqual(['Отклонено', 'red']);
    expect(uploadStatus(upload('rolled_back', 3))).toEqual(['Откачено', 'orange']);
  });
});
