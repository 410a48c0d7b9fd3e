import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A participations CSV of `rows` trainees of the small region (distinct teachers, Windows-style
 * `;` and dd.mm.yyyy), written as a stream.
 */
export async function writeParticipationsCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const orgs = ['N1', 'N2', 'N3', 'S1', 'S2'];
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку;Отчёт;Сертификат\n');
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    await write(`BIG-${i};${orgs[i % 5]};SP1;;стажёр;${day}.03.2023;да;${i % 3 === 0 ? 'мини-отчёт' : 'нет'};${i % 2 === 0 ? 'да' : 'нет'}\n`);
  }
  out.end();
  await once(out, 'finish');
}
