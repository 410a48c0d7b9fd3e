import { describe, expect, it } from 'vitest';
import { loadPassports, parsePassport } from '../server/domain/passports.js';
import { KPI_CODES } from '../web/src/lib/shared/api.js';
import { KPI_META } from '../web/src/lib/shared/kpis.js';

describe('KPI passports (queries/kpi_<code>.passport)', () => {
  it('exist for every KPI and say what its unit is', async () => {
    const passports = await loadPassports();
    expect(Object.keys(passports).sort()).toEqual([...KPI_CODES].sort());
    // The passport and the card agree on whether the KPI is a percentage.
    for (const code of KPI_CODES) expect(passports[code].unit === '%', code).toBe(KPI_META[code].unit === 'percent');
    expect(passports.authors_share.unit).toBe('%');
    expect(passports.pilot_orgs.unit).toBe('шт.');
  });

  it('refuse an incomplete or garbled passport', () => {
    expect(() => parsePassport('name: Показатель\nunit: %\n', 'x.passport')).toThrow(/не заполнены поля periodicity, numerator/);
    expect(() => parsePassport('# комментарий\nчто-то без поля\n', 'x.passport')).toThrow(/непонятная строка/);
  });
});
