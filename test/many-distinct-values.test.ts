/**
 * A column of very many distinct texts — a teacher id on every row of a region's file, or a
 * hundred thousand codes made up — is mapped a batch of texts at a time, and only the first
 * unknown codes are searched for codes that may be meant: the checks that span the whole
 * column must see across the batches.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith, storedId } from './helpers/db.js';
import { importScratchFile, uploadServiceFor } from './helpers/uploads.js';

const HEADER = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала';

describe('a column of more distinct texts than one batch', () => {
  it('every id is read, and one id written two ways is found across batches', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const uploads = await uploadServiceFor(db);
      // 60,000 teachers, more than a batch (50,000); «ab-12cd» first and «AB-12CD» last.
      const ids = ['ab-12cd', ...Array.from({ length: 59_998 }, (_, i) => `P-${i}`), 'AB-12CD'];
      const text = [HEADER, ...ids.map((id) => `${id};N1;SP2;;стажёр;01.03.2023`)].join('\r\n');
      const result = await importScratchFile(uploads, 'many.csv', (path) => writeFileSync(path, text), { mode: 'valid_only' });
      expect(result).toMatchObject({ status: 'applied', rowsTotal: 60_000, rowsRejected: 2, inserted: 59_998 });
      const twins = 'ID «ab-**cd» (строка 2) и «AB-**CD» (строка 60001) отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково';
      expect(result.errors.map((e) => [e.row, e.value, e.message])).toEqual([[2, 'ab-**cd', twins], [60_001, 'AB-**CD', twins]]);
      expect(await db.one('SELECT count(DISTINCT teacher_id)::INTEGER AS n FROM participations WHERE upload_id = $id', { id: result.id })).toEqual({ n: 59_998 });
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM participations WHERE teacher_id = $last', { last: storedId('P-59997') })).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('many unknown codes', () => {
  it('the first 200 get the codes that may be meant, the rest the plain message', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const uploads = await uploadServiceFor(db);
      // 250 codes a letter away from «N1», «N2», «N3» or «S1» (a letter added before, inside or after).
      const near = ['N1', 'N2', 'N3', 'S1'].flatMap((code) => [...'abcdefghijklmnopqrstuvwxyz'].flatMap((c) => [c + code, code[0] + c + code[1], code + c]));
      const text = [HEADER, ...near.slice(0, 250).map((code, i) => `T-${i};${code};SP2;;стажёр;01.03.2023`)].join('\r\n');
      const result = await importScratchFile(uploads, 'codes.csv', (path) => writeFileSync(path, text), {});
      expect(result).toMatchObject({ status: 'rejected', rowsRejected: 250, errorCount: 250 });
      const messages = (await uploads.errors(result.id)).map((e) => e.message);
      const plain = 'Нет такой организации: загрузите её в наборе «Образовательные организации»';
      expect(messages.filter((m) => m.startsWith(`${plain}. Возможно, имелось в виду «`))).toHaveLength(200);
      expect(messages.filter((m) => m === plain)).toHaveLength(50);
    } finally {
      db.close();
    }
  }, 60_000);
});
