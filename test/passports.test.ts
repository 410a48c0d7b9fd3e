import { describe, expect, it } from 'vitest';
import { loadPassports, parsePassport } from '../server/domain/passports.js';
import { KPI_CODES, PASSPORT_FIELDS } from '../web/src/lib/shared/api.js';

describe('KPI passports (queries/kpi_<code>.passport)', () => {
  it('exist for every KPI, complete', async () => {
    const passports = await loadPassports();
    expect(Object.keys(passports).sort()).toEqual([...KPI_CODES].sort());
    for (const code of KPI_CODES) {
      for (const field of Object.keys(PASSPORT_FIELDS)) {
        expect(passports[code][field as keyof typeof PASSPORT_FIELDS].trim(), `${code}.${field}`).not.toBe('');
      }
    }
    expect(passports.authors_share.unit).toBe('%');
    expect(passports.pilot_orgs.unit).toBe('шт.');
  });

  it('refuse an incomplete or garbled passport', () => {
    expect(() => parsePassport('name: Показатель\nunit: %\n', 'x.passport')).toThrow(/не заполнены поля periodicity, numerator/);
    expect(() => parsePassport('# комментарий\nчто-то без поля\n', 'x.passport')).toThrow(/непонятная строка/);
  });
});
