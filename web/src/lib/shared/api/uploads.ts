/** Uploads, datasets, templates and exports. */
import { Type, type Static } from 'typebox';
import { CHART_FORM_CODES, COMPARE_CODES, KPI_CODES, PREVIEW_WIDTH, UPLOAD_STATUSES } from '../codes.js';
import { Nullable, PeriodCode, RecordId, ScopeQuery } from './common.js';

export const UploadQuery = Type.Object({
  dataset: Type.Optional(Type.String({ maxLength: 64, description: 'код набора; без него набор определяется по заголовкам' })),
  /** Shown in the history; a form's file part names the file when this is absent, else «файл». */
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  mode: Type.Optional(Type.Union([Type.Literal('strict'), Type.Literal('valid_only')])),
  sheet: Type.Optional(Type.String({ maxLength: 100 })),
  /** Row number of the header row in the file (1 = first). */
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  /** JSON object: column index in the header row → field key. */
  mapping: Type.Optional(Type.String({ maxLength: 4000 })),
  author: Type.Optional(Type.String({ maxLength: 100 })),
  /** An admin's confirmation that the file may change data of periods whose results are approved. */
  changeApproved: Type.Optional(Type.Boolean()),
});
export type UploadQuery = Static<typeof UploadQuery>;

export const UploadParams = Type.Object({ id: RecordId });

/** An admin's confirmation that the rollback may change data of periods whose results are approved. */
export const RollbackQuery = Type.Object({ changeApproved: Type.Optional(Type.Boolean()) });

export const RowErrorSchema = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  value: Type.String(),
  message: Type.String(),
});

/**
 * One kind of error of an upload (one check of one column) and on how many rows it was found, with
 * its first row's message: a file refused on 500 000 rows for one reason shows that reason, not
 * only its first rows.
 */
export const ErrorKindSchema = Type.Object({ column: Type.String(), message: Type.String(), rows: Type.Integer(), firstRow: Type.Integer() });
export type ErrorKind = Static<typeof ErrorKindSchema>;

export const UploadInfo = Type.Object({
  id: Type.Integer(),
  dataset: Nullable(Type.String()),
  datasetTitle: Nullable(Type.String()),
  fileName: Type.String(),
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  /** The account that uploaded («командная строка» for the command line). */
  uploadedBy: Type.String(),
  /** Whose data, as the uploader typed it («по данным …»); never in the account's place. */
  author: Nullable(Type.String()),
  /** The signed-in user who uploaded (null: the command line). */
  userId: Nullable(Type.Integer()),
  uploadedAt: Type.String(),
  mode: Type.String(),
  status: Type.Enum([...UPLOAD_STATUSES]),
  message: Nullable(Type.String()),
  /** How the file was read: the sheet, rows left out (totals, signatures), codes respelled. */
  notes: Type.Array(Type.String()),
  rowsTotal: Type.Integer(),
  rowsRejected: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
  unchanged: Type.Integer(),
  errorCount: Type.Integer(),
  rolledBackAt: Nullable(Type.String()),
  /** The latest applied upload of its dataset, and the asking user's own (or they are an admin). */
  canRollback: Type.Boolean(),
  /**
   * While processing: rows read and bytes read of all; `ahead`, while it waits its turn, the
   * uploads to be imported before it (null once its own import runs).
   */
  progress: Nullable(Type.Object({ rows: Type.Integer(), bytes: Type.Integer(), totalBytes: Type.Integer(), ahead: Nullable(Type.Integer()) })),
});
export type UploadInfo = Static<typeof UploadInfo>;

/** `errorKinds`: the commonest kinds of its errors, most rows first (at most ERROR_KINDS_KEPT). */
export const UploadDetail = Type.Object({ ...UploadInfo.properties, errors: Type.Array(RowErrorSchema), errorKinds: Type.Array(ErrorKindSchema) });
export type UploadDetail = Static<typeof UploadDetail>;

export const UploadsResponse = Type.Object({ uploads: Type.Array(UploadInfo) });
export type UploadsResponse = Static<typeof UploadsResponse>;

export const UploadAccepted = Type.Object({ id: Type.Integer() });

const FieldInfo = Type.Object({
  key: Type.String(),
  header: Type.String(),
  aliases: Type.Array(Type.String()),
  type: Type.String(),
  required: Type.Boolean(),
  values: Type.Optional(Type.Record(Type.String(), Type.String())),
  ref: Type.Optional(Type.String()),
  hint: Type.Optional(Type.String()),
});

export const DatasetsResponse = Type.Object({
  datasets: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    description: Type.String(),
    key: Type.Array(Type.String()),
    fields: Type.Array(FieldInfo),
  })),
  maxUploadBytes: Type.Integer(),
});
export type DatasetsResponse = Static<typeof DatasetsResponse>;

export const ExportQuery = Type.Object({
  ...ScopeQuery.properties,
  kpi: Type.Optional(Type.Enum([...KPI_CODES])),
  /** Presentation only: comma-separated chart ids (all when absent). */
  charts: Type.Optional(Type.String({ maxLength: 500 })),
  /** Presentation only: comma-separated slides to leave out (DECK_PARTS; none when absent). */
  omit: Type.Optional(Type.String({ maxLength: 200 })),
  /** Presentation only: the charts as PowerPoint charts (the default) or as pictures. */
  chartsAs: Type.Optional(Type.Enum(CHART_FORM_CODES)),
  /** Presentation only: what the KPI slide and the summary compare with (as on /api/kpis). */
  compare: Type.Optional(Type.Union([Type.Enum([...COMPARE_CODES]), PeriodCode])),
  /** PNG and SVG only: drawn for the print report's A4 page (text at least 8 pt) instead of a slide. */
  size: Type.Optional(Type.Literal('print')),
});
export type ExportQuery = Static<typeof ExportQuery>;

export const ExportParams = Type.Object({
  chart: Type.String({ maxLength: 64 }),
  format: Type.Union([Type.Literal('png'), Type.Literal('svg'), Type.Literal('csv'), Type.Literal('xlsx')]),
});
export type ExportFormat = Static<typeof ExportParams>['format'];

/** A chart drawn by the server at the size of its panel, shown until the page's ECharts has loaded. */
export const PreviewQuery = Type.Object({
  ...ScopeQuery.properties,
  kpi: Type.Optional(Type.Enum([...KPI_CODES])),
  /** The panel's width in CSS pixels. */
  width: Type.Integer({ minimum: PREVIEW_WIDTH.min, maximum: PREVIEW_WIDTH.max }),
});
export type PreviewQuery = Static<typeof PreviewQuery>;
export const PreviewParams = Type.Object({ chart: Type.String({ maxLength: 64 }) });

export const TableExportParams = Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) });

export const TemplateParams = Type.Object({
  code: Type.String({ maxLength: 64 }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
});
