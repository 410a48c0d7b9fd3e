import type { ColumnMapping, DatasetCode, DatasetSpec, FieldSpec, RefTable } from '../../web/src/lib/shared/datasets.js';
import { normaliseHeader } from '../../web/src/lib/shared/datasets.js';
import type { Queries } from '../db/queries.js';
import { NATURAL_KEYS, type DataTable } from '../db/tables.js';
import { ROW_CHECKS, TARGETS, type RowCheck, type Target, type Values } from './targets.js';
import { cellParser, cellText, isEmpty, type Cell, type Parsed, type Value } from './values.js';

/** One problem of one cell, as the user gets it: row number as in the file, column header. */
export interface RowError {
  row: number;
  column: string;
  value: string;
  message: string;
}

/** The keys uploads may refer to, read from the database before an import. */
export class Lookups {
  private constructor(
    private readonly keys: Map<RefTable, Map<string, string | null>>,
  ) {}

  static async load(queries: Queries): Promise<Lookups> {
    const keys = new Map<RefTable, Map<string, string | null>>();
    for (const { ref, code, extra } of await queries.run<{ ref: RefTable; code: string; extra: string | null }>('reference_keys')) {
      if (!keys.has(ref)) keys.set(ref, new Map());
      keys.get(ref)!.set(code, extra);
    }
    return new Lookups(keys);
  }

  /** The code a value refers to: the code itself, or for districts and directions also the name. */
  resolve(ref: RefTable, value: string): string | null {
    const table = this.keys.get(ref);
    if (!table) return null;
    if (table.has(value)) return value;
    if (ref === 'districts' || ref === 'directions') {
      const wanted = normaliseHeader(value);
      for (const [code, name] of table) if (name !== null && normaliseHeader(name) === wanted) return code;
    }
    return null;
  }

  /** The site an event (or resource) belongs to. */
  siteOf(ref: 'events' | 'resources', code: string): string | null {
    return this.keys.get(ref)?.get(code) ?? null;
  }

  /** The district of an organization, or of a site (its host's). */
  districtOf(ref: 'organizations' | 'sites', code: string): string | null {
    return this.keys.get(ref)?.get(code) ?? null;
  }
}

/**
 * The district a row belongs to, for methodologists who may upload only their districts' data:
 * an organization's own, a site's host's; events, trainees, resources and reports go with their
 * site, resource uses with the teacher's organization.
 */
const ROW_DISTRICT: Partial<Record<DatasetCode, (v: Values, l: Lookups) => string | null>> = {
  organizations: (v) => v.district as string,
  sites: (v, l) => l.districtOf('organizations', v.organization as string),
  competition_applications: (v, l) => l.districtOf('organizations', v.organization as string),
  events: (v, l) => l.districtOf('sites', v.site as string),
  participations: (v, l) => l.districtOf('sites', v.site as string),
  resources: (v, l) => l.districtOf('sites', v.site as string),
  resource_uses: (v, l) => l.districtOf('organizations', v.organization as string),
  site_reports: (v, l) => l.districtOf('sites', v.site as string),
};

const REF_MISSING: Record<RefTable, string> = {
  districts: 'Нет такого района в справочнике районов',
  directions: 'Нет такого направления в справочнике направлений',
  organizations: 'Нет такой организации: загрузите её в наборе «Образовательные организации»',
  sites: 'Нет такой площадки: загрузите её в наборе «Стажировочные площадки»',
  events: 'Нет такого мероприятия: загрузите его в наборе «Мероприятия»',
  resources: 'Нет такого ресурса: загрузите его в наборе «Методические ресурсы»',
};

export type RowOutcome =
  | { ok: true; rows: { table: DataTable; row: Record<string, Value> }[] }
  | { ok: false; errors: RowError[]; outOfDistrict?: boolean };

/**
 * Checks one data row of a file: every mapped cell against its field, references against the
 * database, and rows that repeat a shared record (a resource listed once per author) against
 * that record's first appearance. Rows repeating another row's key are found after staging,
 * in DuckDB (Stage.duplicates).
 */
export class RowValidator {
  private readonly shared = new Map<string, { json: string; row: number }>();
  private readonly columns: { index: number; field: FieldSpec; header: string; parse: (cell: Cell) => Parsed }[];
  private readonly unmapped: FieldSpec[];
  private readonly targets: Target[];
  private readonly checks: RowCheck[];

  constructor(
    private readonly spec: DatasetSpec,
    mapping: ColumnMapping,
    headers: string[],
    private readonly lookups: Lookups,
    /** Districts the uploader may touch; null for all. */
    private readonly districts: ReadonlySet<string> | null = null,
  ) {
    this.columns = Object.entries(mapping).map(([index, key]) => ({
      index: Number(index),
      field: spec.fields.find((f) => f.key === key)!,
      header: headers[Number(index)] || spec.fields.find((f) => f.key === key)!.header,
      parse: cellParser(spec.fields.find((f) => f.key === key)!),
    }));
    const mapped = new Set(Object.values(mapping));
    this.unmapped = spec.fields.filter((f) => !mapped.has(f.key));
    this.targets = TARGETS[spec.code];
    this.checks = ROW_CHECKS[spec.code] ?? [];
  }

  validate(rowNumber: number, cells: Cell[]): RowOutcome {
    const errors: RowError[] = [];
    const values: Values = {};
    for (const field of this.unmapped) values[field.key] = null;
    for (const { index, field, header, parse } of this.columns) {
      const cell = cells[index];
      const parsed = parse(cell);
      if (!parsed.ok) {
        errors.push(problem(rowNumber, header, cell, parsed.message));
        values[field.key] = null;
        continue;
      }
      let value = parsed.value;
      if (field.ref && typeof value === 'string') {
        const resolved = this.lookups.resolve(field.ref, value);
        if (resolved === null) errors.push(problem(rowNumber, header, cell, REF_MISSING[field.ref]));
        value = resolved;
      }
      values[field.key] = value;
    }
    if (errors.length > 0) return { ok: false, errors };

    const eventSite = this.eventSiteProblem(values);
    if (eventSite) errors.push(problem(rowNumber, this.headerOf('event'), values.event as Cell, eventSite));
    for (const check of this.checks) {
      const found = check(values);
      if (found) errors.push(problem(rowNumber, this.headerOf(found.field), values[found.field] as Cell, found.message));
    }
    if (errors.length > 0) return { ok: false, errors };

    const district = this.districts ? ROW_DISTRICT[this.spec.code]?.(values, this.lookups) ?? null : null;
    if (this.districts && district !== null && !this.districts.has(district)) {
      return { ok: false, outOfDistrict: true, errors: [problem(rowNumber, this.headerOf(this.spec.key[0]), values[this.spec.key[0]] as Cell, `Строка относится к району «${district}», а вам доступны только: ${[...this.districts].join(', ')}`)] };
    }

    const keyField = this.spec.key[0];
    const rows: { table: DataTable; row: Record<string, Value> }[] = [];
    for (const target of this.targets) {
      const built = target.build(values);
      const list = built === null ? [] : Array.isArray(built) ? built : [built];
      if (target.shared) {
        for (const row of list) {
          const sharedKey = `${target.table}|${JSON.stringify(NATURAL_KEYS[target.table].map((k) => row[k]))}`;
          const json = JSON.stringify(row);
          const earlier = this.shared.get(sharedKey);
          if (earlier && earlier.json !== json) {
            return { ok: false, errors: [problem(rowNumber, this.headerOf(keyField), values[keyField] as Cell, `Та же запись в строке ${earlier.row} описана иначе: значения должны совпадать`)] };
          }
          if (!earlier) this.shared.set(sharedKey, { json, row: rowNumber });
        }
      }
      for (const row of list) rows.push({ table: target.table, row });
    }
    return { ok: true, rows };
  }

  /** The file's header of the dataset's first key field: where duplicate-row errors point. */
  keyHeader(): string {
    return this.headerOf(this.spec.key[0]);
  }

  /** The header of a field's column in the file (its template header if the file has none). */
  private headerOf(key: string): string {
    return this.columns.find((c) => c.field.key === key)?.header ?? this.spec.fields.find((f) => f.key === key)?.header ?? key;
  }

  private eventSiteProblem(values: Values): string | null {
    if (typeof values.event !== 'string' || typeof values.site !== 'string') return null;
    const site = this.lookups.siteOf('events', values.event);
    return site !== null && site !== values.site ? `Мероприятие проводит другая площадка (${site})` : null;
  }
}

function problem(row: number, column: string, cell: Cell, message: string): RowError {
  return { row, column, value: cellText(cell).slice(0, 200), message };
}

/** A row with no value in any cell: skipped, as Excel leaves them at the end of sheets. */
export function isBlankRow(cells: Cell[]): boolean {
  return cells.every(isEmpty);
}
