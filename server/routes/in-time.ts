import { Refusal } from '../errors.js';

/** How long a dashboard request waits for its numbers before it is told the server is busy. */
export const ANSWER_WITHIN_MS = 20_000;

/**
 * The work's answer, or after `ms` a 503 saying the server is busy. The work itself goes on: its
 * KPI results are kept (KpiService), so the page asked again a little later finds them ready.
 */
export async function inTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Refusal('busy',
      'Сервер занят расчётом показателей для многих запросов сразу. Обновите страницу через минуту: расчёт продолжается, и ответ будет готов.')), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
