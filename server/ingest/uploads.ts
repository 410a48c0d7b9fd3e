import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ErrorKind, UploadDetail, UploadInfo } from '../../web/src/lib/shared/api.js';
import { DATASETS, type ColumnMapping, type DatasetCode } from '../../web/src/lib/shared/datasets.js';
import type { Database, Session } from '../db/database.js';
import type { DataTable } from '../db/tables.js';
import type { Queries } from '../db/queries.js';
import { camelRow } from '../db/rows.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { Refusal } from '../errors.js';
import { formatDateTime, formatInteger, plural } from '../../web/src/lib/shared/format.js';
import { importFile, type ImportMode, type ImportOutcome, type ImportRequest } from './import.js';
import { danglingAfterRollback, rollbackTables } from './merge.js';
import { DISK_FULL_IMPORT, importSpaceProblem, isDiskFull } from '../disk-full.js';
import { TARGETS } from './targets.js';
import { approvedPeriodsTouched } from './approved-periods.js';
import { AuditLog } from '../auth/audit.js';
import { parsePeriod } from '../domain/periods.js';
import type { RowError } from './validate.js';

export interface NewUpload {
  path: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  dataset: DatasetCode | null;
  mapping: ColumnMapping | null;
  mode: ImportMode;
  sheet?: string;
  headerRow?: number;
  /** The account that uploads (its display name; the command line's word for itself). */
  uploadedBy: string;
  /** Whose data the file carries, as the uploader typed it: a note beside the account. */
  author?: string | null;
  /** Delete the file once imported (an HTTP upload's temporary copy). */
  temporary: boolean;
  /** The signed-in uploader (null: the command line). */
  userId?: number | null;
  /** What the uploader may change; absent: everything. */
  restrict?: ImportRequest['restrict'];
  /** An admin's confirmation that the upload may change data of approved periods, recorded in the audit log as theirs. */
  changeApproved?: ApprovedChange;
}

/** Who confirmed changing data of approved periods, for the audit log. */
export interface ApprovedChange {
  login: string;
  ip: string;
}

type UploadRow = {
  id: number; user_id: number | null; dataset: string | null; file_name: string; sha256: string; size_bytes: number; uploaded_by: string; author: string | null;
  uploaded_at: string; mode: string; status: UploadInfo['status']; message: string | null; notes: string | null; rows_total: number;
  rows_rejected: number; inserted: number; updated: number; deleted: number; unchanged: number; error_count: number;
  rolled_back_at: string | null; can_rollback: boolean;
};

/** Who asks for upload records: a user limited to districts sees only theirs (uploads_list.sql). */
export interface Viewer {
  id: number;
  districts: readonly string[];
}

const visibility = (viewer: Viewer | undefined) => ({
  user_id: viewer?.id ?? null, districts: viewer ? viewer.districts.join(',') : null,
});

/** Refuses an upload or rollback that would change data of approved periods without an admin's confirmation. */
class ApprovedPeriodsRefusal extends Refusal {
  /** `outcome`: how the file was read (an upload's rows and notes stay in its history). */
  constructor(message: string, readonly outcome?: ImportOutcome) {
    super('conflict', message);
  }
}

const periodLabels = (codes: string[]) => codes.map((code) => `«${parsePeriod(code)?.label ?? code}»`).join(', ');

/**
 * How a change of approved data is told: `what` it does («Файл меняет», «Откат изменит»), how the
 * admin confirms it, and what a methodologist asks of the admin instead.
 */
interface ApprovedWording { what: string; confirm: string; ask: string }

const FILE_WORDING: ApprovedWording = {
  what: 'Файл меняет', confirm: 'загрузите файл ещё раз с отметкой «Изменить данные утверждённых периодов»', ask: 'передайте ему файл и причину исправления',
};
const rollbackWording = (id: number): ApprovedWording => ({
  what: 'Откат изменит', confirm: 'откатите её с подтверждением изменения утверждённых данных', ask: `попросите его откатить загрузку № ${id} и назовите причину`,
});

/** Why data of approved periods were not changed: a methodologist is sent to the admin, the admin is told how to confirm. */
function approvedRefusal(wording: ApprovedWording, periods: string[], mayConfirm: boolean): string {
  const head = `${wording.what} данные ${periods.length > 1 ? 'периодов' : 'периода'} ${periodLabels(periods)}, итоги ${periods.length > 1 ? 'которых' : 'которого'} уже утверждены: данные не изменены.`;
  return mayConfirm
    ? `${head} Если исправление нужно, ${wording.confirm}: утверждённые итоги при этом не изменятся, а на «Обзоре» будет видно, где текущие данные расходятся с ними. Изменение запишется в журнал действий.`
    : `${head} Исправить данные утверждённого периода может только администратор: ${wording.ask}.`;
}

/** The outcome of an upload whose file was not read: nothing written, `message` says why. */
const unread = (dataset: DatasetCode | null, message: string): ImportOutcome => ({
  status: 'rejected', dataset, message, rowsTotal: 0, rowsRejected: 0,
  changes: { inserted: 0, updated: 0, deleted: 0, unchanged: 0 }, errors: [], errorCount: 0, errorKinds: [], notes: [],
});

/** Said with each row refused for changing data of an approved period: who may change it, and how. */
const approvedRowAdvice = (mayConfirm: boolean) => mayConfirm
  ? 'Если исправление нужно, загрузите файл ещё раз с отметкой «Изменить данные утверждённых периодов».'
  : 'Исправить данные утверждённого периода может только администратор: передайте ему файл и причину исправления.';

/**
 * The upload's message when some of its rows were refused for changing data of approved periods
 * (`periods`): the file refused (`written` false) or written without them.
 */
function approvedRowsMessage(periods: string[], mayConfirm: boolean, written: ImportOutcome): string {
  const which = `данные ${periods.length > 1 ? 'периодов' : 'периода'} ${periodLabels(periods)}, итоги ${periods.length > 1 ? 'которых' : 'которого'} уже утверждены`;
  if (written.status === 'rejected') {
    return `${approvedRefusal(FILE_WORDING, periods, mayConfirm)} Строки, которые их меняют, названы в списке ошибок (всего ошибок в файле: ${formatInteger(written.errorCount)}).`;
  }
  return `${written.message ?? ''} Среди пропущенных — строки, которые меняют ${which} (они названы в списке ошибок): ${mayConfirm
    ? 'если исправление нужно, загрузите их ещё раз с отметкой «Изменить данные утверждённых периодов».'
    : 'исправить их может только администратор.'}`.trim();
}

/** The tables an upload of a dataset writes. */
const tablesOf = (dataset: DatasetCode) => [...new Set(TARGETS[dataset].map((t) => t.table))];
/** The dataset whose upload writes a table (a resource's authors: «Методические ресурсы»). */
const datasetOf = (table: DataTable) => (Object.keys(TARGETS) as DatasetCode[]).find((dataset) => tablesOf(dataset).includes(table))!;

const isNoChange = (outcome: ImportOutcome) => outcome.changes.inserted + outcome.changes.updated + outcome.changes.deleted === 0;

/** Errors shown with an upload; all kept errors are in the CSV download. */
export const ERRORS_SHOWN = 200;

/**
 * Uploads one account may have waiting or being imported at once: imports run one at a time, and
 * a person sending file after file would hold everyone else's behind hers for as long as they take.
 */
export const QUEUED_PER_USER = 3;

const tooManyQueued = () => new Refusal('too_many', `У вас уже ${QUEUED_PER_USER} ${plural(QUEUED_PER_USER, ['загрузка ждёт', 'загрузки ждут', 'загрузок ждут'])} обработки или обрабатываются. `
  + 'Дождитесь, пока хотя бы одна из них закончится, и отправьте этот файл снова: он не принят, ничего не записано.');

/**
 * DuckDB's words for work that needed more memory than its limit allows: a statement's «Out of
 * Memory Error», or a COMMIT's «Failed to commit: failed to pin block of size 256.0 KiB (732.1
 * MiB/732.4 MiB used)» (its indexes written to the file).
 */
export const isOutOfMemory = (error: unknown) =>
  /Out of Memory Error|failed to pin block|could not allocate block/i.test(String((error as Error | null)?.message ?? ''));

/** What the uploader is told when the import broke off: the server's condition, said as such where it is known. */
function failureMessage(error: unknown): string {
  if (isDiskFull(error)) return DISK_FULL_IMPORT;
  if (isOutOfMemory(error)) {
    return 'Серверу не хватило памяти для этой загрузки: она не применена, данные не изменены. Разделите файл на части (например, по районам или полугодиям) и загрузите их по очереди или сообщите администратору сервера.';
  }
  return 'Внутренняя ошибка при загрузке: данные не изменены.';
}

/**
 * Upload history and the import queue: one import runs at a time (DuckDB has one writer), the
 * others wait their turn; the dashboard keeps reading committed data meanwhile.
 */
export class UploadService {
  private readonly audit: AuditLog;
  private readonly progress = new Map<number, { rows: number; bytes: number; totalBytes: number }>();
  /** The uploads waiting for their import, in order, and the one being imported. */
  private readonly waiting: number[] = [];
  private importing: number | null = null;
  /** Whose each upload waiting or being imported is (the command line's: nobody's). */
  private readonly owners = new Map<number, number>();
  /** Per account, its uploads being recorded (not yet owned): files sent at the same moment count at once. */
  private readonly arriving = new Map<number, number>();

  constructor(
    private readonly db: Database,
    private readonly queries: Queries,
    private readonly pseudonyms: Pseudonyms,
    /** Called after data changed (an upload applied or rolled back). */
    private readonly onDataChanged: () => Promise<void>,
    /** Told of an import's progress (the command line prints it). */
    private readonly onProgress?: (id: number, progress: { rows: number; bytes: number; phase: string }) => void,
  ) {
    this.audit = new AuditLog(queries);
  }

  /** Uploads left 'processing' by a stopped server never committed: say so in the history. */
  async markInterrupted(): Promise<void> {
    await this.queries.run('upload_mark_interrupted');
  }

  /** Runs data-changing work in turn with the other writers of the database (see `Database.inTurn`). */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    return this.db.inTurn(work);
  }

  /** Records the upload and queues its import; returns the id to poll. */
  async submit(upload: NewUpload): Promise<number> {
    const id = await this.create(upload);
    void this.enqueue(() => this.process(id, upload));
    return id;
  }

  /** Records and imports, resolving when done (the command line, tests). */
  async run(upload: NewUpload): Promise<UploadDetail> {
    const id = await this.create(upload);
    await this.enqueue(() => this.process(id, upload));
    return (await this.get(id))!;
  }

  /** Refuses an account's upload beyond QUEUED_PER_USER: asked before its file is received, and again as it is recorded. */
  checkQueueRoom(userId: number | null | undefined): void {
    if (userId === null || userId === undefined) return;
    const queued = [...this.owners.values()].filter((owner) => owner === userId).length + (this.arriving.get(userId) ?? 0);
    if (queued >= QUEUED_PER_USER) throw tooManyQueued();
  }

  private async create(upload: NewUpload): Promise<number> {
    const userId = upload.userId ?? null;
    try {
      this.checkQueueRoom(userId);
    } catch (error) {
      if (upload.temporary) await rm(upload.path, { force: true });
      throw error;
    }
    // Counted from here, before any wait: another of her files checked meanwhile sees this one.
    if (userId !== null) this.arriving.set(userId, (this.arriving.get(userId) ?? 0) + 1);
    try {
      return await this.record(upload, userId);
    } finally {
      if (userId !== null) this.arriving.set(userId, this.arriving.get(userId)! - 1);
    }
  }

  private async record(upload: NewUpload, userId: number | null): Promise<number> {
    const noRoom = this.db.path === ':memory:' ? null : await importSpaceProblem(dirname(this.db.path), upload.sizeBytes);
    if (noRoom) {
      if (upload.temporary) await rm(upload.path, { force: true });
      throw new Refusal('no_room', noRoom);
    }
    const [{ id }] = await this.queries.run<{ id: number }>('upload_create', {
      dataset: upload.dataset, file_name: upload.fileName, sha256: upload.sha256, size_bytes: upload.sizeBytes,
      uploaded_by: upload.uploadedBy, author: upload.author ?? null, user_id: upload.userId ?? null, mode: upload.mode,
      districts: upload.restrict?.districts?.join(',') ?? null,
    });
    this.progress.set(id, { rows: 0, bytes: 0, totalBytes: upload.sizeBytes });
    this.waiting.push(id);
    if (userId !== null) this.owners.set(id, userId);
    return id;
  }

  private async process(id: number, upload: NewUpload): Promise<void> {
    const place = this.waiting.indexOf(id);
    if (place >= 0) this.waiting.splice(place, 1);
    this.importing = id;
    let outcome: ImportOutcome;
    const mayConfirm = upload.restrict === undefined;
    let changed: Promise<void> | null = null;
    try {
      const rights = await this.rightsNow(upload);
      outcome = typeof rights === 'string' ? unread(upload.dataset, rights) : await importFile(this.db, this.queries, {
        uploadId: id, pseudonyms: this.pseudonyms, path: upload.path, dataset: upload.dataset, mapping: upload.mapping, mode: upload.mode, sheet: upload.sheet, headerRow: upload.headerRow, restrict: rights,
        // Unconfirmed, rows that change approved data are refused by their rows (confirmed: written and audited below).
        refuseApproved: upload.changeApproved ? undefined : { advice: approvedRowAdvice(mayConfirm) },
        onProgress: (p) => {
          this.progress.set(id, { rows: p.rows, bytes: p.bytes, totalBytes: upload.sizeBytes });
          this.onProgress?.(id, p);
        },
        beforeCommit: async (tx, applied) => {
          if (applied.approvedPeriods?.length) applied.message = approvedRowsMessage(applied.approvedPeriods, mayConfirm, applied);
          // Unconfirmed, nothing should be left to find here (the rows were refused): the whole file is refused if it is.
          await this.checkApproved(tx, id, tablesOf(applied.dataset!), upload.changeApproved, mayConfirm, FILE_WORDING, `загрузка № ${id} «${upload.fileName}»`, applied);
          if (isNoChange(applied)) {
            applied.message = applied.message
              ? `${applied.message} Верные строки уже есть в базе с теми же значениями: ничего не изменилось.`
              : await this.noChangeMessage(tx, id, upload.sha256, applied.dataset!);
          }
          // The errors, then the status: whoever sees the upload finished sees its errors too.
          await this.saveErrors(id, applied, tx);
          await this.recordOutcome(id, applied, applied.status, tx);
        },
      });
      // Tell at once, before any other I/O lets a request read answers cached before the commit.
      if (outcome.status === 'applied') {
        changed = this.onDataChanged();
        await this.db.checkpointInTurn();
      }
    } catch (error) {
      if (error instanceof ApprovedPeriodsRefusal) {
        // The file was read and checked: its rows and errors are told, nothing of it was written.
        const read = error.outcome;
        outcome = {
          status: 'rejected', dataset: read?.dataset ?? upload.dataset, message: error.message, rowsTotal: read?.rowsTotal ?? 0, rowsRejected: read?.rowsRejected ?? 0,
          changes: { inserted: 0, updated: 0, deleted: 0, unchanged: 0 }, errors: read?.errors ?? [], errorCount: read?.errorCount ?? 0, errorKinds: read?.errorKinds ?? [], notes: read?.notes ?? [],
        };
        await this.saveErrors(id, outcome, this.db);
        await this.recordOutcome(id, outcome, 'rejected', this.db);
        return;
      }
      console.error(`Загрузка № ${id} (${upload.fileName}) не применена:`, error);
      if (isOutOfMemory(error)) console.error('Памяти DuckDB не хватило: увеличьте PLOSHCHADKI_DUCKDB_MEMORY (см. README).');
      outcome = unread(upload.dataset, failureMessage(error));
      await this.recordOutcome(id, outcome, 'failed', this.db);
      return;
    } finally {
      this.progress.delete(id);
      this.owners.delete(id);
      this.importing = null;
      if (upload.temporary) await rm(upload.path, { force: true });
    }
    // An applied upload's record was written with its data; a rejected one's is written now.
    if (outcome.status === 'rejected') {
      if (outcome.approvedPeriods?.length) outcome.message = approvedRowsMessage(outcome.approvedPeriods, mayConfirm, outcome);
      await this.saveErrors(id, outcome, this.db);
      await this.recordOutcome(id, outcome, 'rejected', this.db);
    }
    await changed;
  }

  /** An upload's progress while processing, with how many uploads are to be imported before it. */
  private progressOf(id: number): UploadInfo['progress'] {
    const own = this.progress.get(id);
    if (!own) return null;
    const place = this.waiting.indexOf(id);
    return { ...own, ahead: place < 0 ? null : place + (this.importing === null ? 0 : 1) };
  }

  /**
   * The uploader's rights as the import starts, or why there are none: an upload waits in the queue,
   * and an admin who disabled the account or took a district from it meanwhile meant to stop it.
   */
  private async rightsNow(upload: NewUpload): Promise<ImportRequest['restrict'] | string> {
    if (upload.userId === undefined || upload.userId === null || upload.restrict === undefined) return upload.restrict;
    const [user] = await this.queries.run<{ role: string; districts: string[]; disabled: boolean }>('user_rights', { id: upload.userId });
    // Accounts are disabled, never deleted: one not found (the command line's) keeps what it was given.
    if (!user) return upload.restrict;
    if (user.disabled) return 'Учётная запись отключена, пока загрузка ждала своей очереди: файл не обработан, ничего не записано.';
    if (user.role === 'viewer') return 'У учётной записи больше нет права загружать данные (это изменили, пока загрузка ждала своей очереди): файл не обработан, ничего не записано.';
    return user.role === 'admin' ? upload.restrict : { ...upload.restrict, districts: user.districts };
  }

  /**
   * Refuses changes to data of approved periods unless an admin confirmed them (`confirmed`),
   * and records a confirmed change in the audit log, in the transaction that makes it.
   */
  private async checkApproved(
    tx: Session, id: number, tables: DataTable[], confirmed: ApprovedChange | undefined, mayConfirm: boolean,
    wording: ApprovedWording, details: string, read?: ImportOutcome,
  ): Promise<void> {
    const periods = await approvedPeriodsTouched(tx, id, tables);
    if (periods.length === 0) return;
    if (!confirmed) throw new ApprovedPeriodsRefusal(approvedRefusal(wording, periods, mayConfirm), read);
    await this.audit.record('approved_period_changed', confirmed.login, `${details}: ${periodLabels(periods)}`, confirmed.ip, tx);
  }

  /**
   * Why an applied upload changed nothing: the same file was applied before (which upload), or
   * its rows are all stored already. Such an upload is never the one a rollback undoes.
   */
  private async noChangeMessage(tx: Session, id: number, sha256: string, dataset: DatasetCode): Promise<string> {
    const [same] = await this.queries.on<{ id: number; uploaded_at: number; uploaded_by: string }>(tx, 'upload_same_file', { id, sha256, dataset });
    if (same) {
      return `Этот файл уже загружен ${formatDateTime(new Date(same.uploaded_at).toISOString())} (загрузка № ${same.id}, загрузил(а) ${same.uploaded_by}), ничего не изменилось.`;
    }
    return 'Все строки файла уже есть в базе с теми же значениями: ничего не изменилось.';
  }

  private async recordOutcome(id: number, outcome: ImportOutcome, status: UploadInfo['status'], session: Session): Promise<void> {
    await this.queries.on(session, 'upload_finish', {
      id, dataset: outcome.dataset, status, message: outcome.message, notes: outcome.notes.length > 0 ? outcome.notes.join('\n') : null,
      rows_total: outcome.rowsTotal, rows_rejected: outcome.rowsRejected,
      inserted: outcome.changes.inserted, updated: outcome.changes.updated, deleted: outcome.changes.deleted,
      unchanged: outcome.changes.unchanged, error_count: outcome.errorCount,
      error_kinds: outcome.errorKinds.length > 0 ? JSON.stringify(outcome.errorKinds) : null, finished_at: new Date().toISOString(),
    });
  }

  private async saveErrors(id: number, outcome: ImportOutcome, session: Session): Promise<void> {
    await session.append('upload_errors', [
      { name: 'upload_id', type: 'integer' }, { name: 'row_number', type: 'integer' }, { name: 'column_name', type: 'varchar' },
      { name: 'value', type: 'varchar' }, { name: 'message', type: 'varchar' },
    ], outcome.errors.map((e) => ({ upload_id: id, row_number: e.row, column_name: e.column, value: e.value, message: e.message })));
  }

  /** The history as `viewer` may see it (absent: everything): see uploads_list.sql. */
  async list(limit = 100, viewer?: Viewer): Promise<UploadInfo[]> {
    const rows = await this.queries.run<UploadRow>('uploads_list', { id: null, limit, ...visibility(viewer) });
    return rows.map((r) => this.info(r));
  }

  async get(id: number, viewer?: Viewer): Promise<UploadDetail | null> {
    const [row] = await this.queries.run<UploadRow>('uploads_list', { id, limit: 1, ...visibility(viewer) });
    if (!row) return null;
    const [{ error_kinds: kinds }] = await this.queries.run<{ error_kinds: string | null }>('upload_error_kinds', { id });
    return { ...this.info(row), errors: await this.errors(id, ERRORS_SHOWN), errorKinds: kinds ? (JSON.parse(kinds) as ErrorKind[]) : [] };
  }

  async errors(id: number, limit = 1_000_000): Promise<RowError[]> {
    return this.queries.run<RowError>('upload_errors_list', { id, limit });
  }

  /**
   * Restores what the upload changed, unless a later upload or other data depends on it.
   * `byUser`: a methodologist may roll back only their own uploads, and sees only her districts' ones.
   */
  async rollback(id: number, byUser: (Viewer & { admin: boolean }) | null = null, changeApproved?: ApprovedChange): Promise<UploadDetail> {
    // Checked inside the queue, in the transaction that rolls back: an import or another rollback
    // queued before this one may have made it wrong since the request arrived.
    await this.enqueue(() => this.db.transaction(async (tx) => {
      const [row] = await this.queries.on<UploadRow>(tx, 'uploads_list', { id, limit: 1, ...visibility(byUser && !byUser.admin ? byUser : undefined) });
      if (!row) throw new Refusal('not_found', `Загрузка № ${id} не найдена`);
      if (byUser && !byUser.admin && row.user_id !== byUser.id) {
        throw new Refusal('forbidden', 'Откатить можно только свою загрузку; чужие откатывает администратор.');
      }
      if (!row.can_rollback) {
        throw new Refusal('conflict', row.status !== 'applied' ? 'Откатить можно только применённую загрузку.'
          : row.inserted + row.updated + row.deleted === 0 ? 'Эта загрузка ничего не изменила: откатывать нечего.'
            : byUser && !byUser.admin
              // A later upload may be one she does not see (an admin's, another district's methodologist's).
              ? 'Откатить можно только последнюю загрузку этого набора данных, а после этой были другие (возможно, администратора или другого района — их нет в вашем списке): откатите более поздние или обратитесь к администратору.'
              : 'Откатить можно только последнюю загрузку этого набора данных: сначала откатите более поздние.');
      }
      const tables = tablesOf(row.dataset as DatasetCode);
      await this.checkApproved(tx, id, tables, changeApproved, !byUser || byUser.admin, rollbackWording(id), `откат загрузки № ${id} «${row.file_name}»`);
      const dangling = await danglingAfterRollback(tx, id, tables);
      if (dangling.length > 0) {
        const named = dangling.map(({ table, rows }) => `«${DATASETS[datasetOf(table)].title}»: ${rows} ${plural(rows, ['запись', 'записи', 'записей'])}`);
        throw new Refusal('conflict', `Откат невозможен: на добавленные этой загрузкой записи уже ссылаются другие данные (${named.join(', ')}). Сначала откатите или исправьте их.`);
      }
      await rollbackTables(tx, id, tables);
      await tx.run('DELETE FROM person_spellings WHERE upload_id = $id', { id });
      await this.queries.on(tx, 'upload_rolled_back', { id });
    }).then(async () => {
      await this.onDataChanged();
      await this.db.checkpointInTurn();
    }));
    return (await this.get(id))!;
  }

  private info(r: UploadRow): UploadInfo {
    const { notes, ...stored } = camelRow<Omit<UploadInfo, 'datasetTitle' | 'notes' | 'progress'> & { notes: string | null }>(r);
    return {
      ...stored, datasetTitle: r.dataset ? (DATASETS[r.dataset as DatasetCode]?.title ?? null) : null,
      notes: notes ? notes.split('\n') : [], progress: this.progressOf(r.id),
    };
  }
}
