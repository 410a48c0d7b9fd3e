import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FileError } from './file-error.js';
import { UNREADABLE_WORKBOOK, type Workbook } from './xlsx-workbook.js';

/** The heap the XLSX parser may take: parsing builds every cell of the workbook in memory. */
export const XLSX_PARSER_HEAP_MB = 1536;

const TOO_BIG_TO_PARSE = 'Книга Excel слишком велика, чтобы разобрать её целиком: разделите её на несколько файлов или сохраните лист как CSV (UTF-8) и загрузите его.';

interface Parser {
  child: ChildProcess;
  /** The end of its standard error: how it died, when it did. */
  stderr: () => string;
}

function startParser(heapMb: number): Parser {
  const child = fork(fileURLToPath(new URL('./xlsx-worker.ts', import.meta.url)), [], {
    execArgv: ['--import', import.meta.resolve('tsx'), `--max-old-space-size=${heapMb}`],
    // Structured clone: dates and maps arrive as such.
    serialization: 'advanced',
    // Excel's dates have no time zone: serial days are read as UTC midnight, and a date cell
    // written as text without a zone (t="d", «2024-03-15T00:00:00» from openpyxl or Strict Open
    // XML) is read in the process's zone. In UTC it is the same midnight; east of UTC (Moscow)
    // it would be the evening before.
    env: { ...process.env, TZ: 'UTC' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
  idle(child);
  return { child, stderr: () => stderr };
}

/**
 * A process waiting for work keeps neither the server nor a test run from ending; it ends
 * itself when they do (its channel closes).
 */
function idle(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
}

function busy(child: ChildProcess): void {
  child.ref();
  child.channel?.ref();
}

/**
 * Parser processes by heap size, kept for the next workbook: starting Node with the parser takes
 * most of a second of CPU, which each upload of a workbook would otherwise pay. Started at the
 * first workbook, so a server that never sees one never starts it; a process that ended (its heap
 * ran out, or it let go of a big workbook's memory, see xlsx-worker.ts) is replaced at the next.
 */
const parsers = new Map<number, Parser>();

function parserFor(heapMb: number): Parser {
  const kept = parsers.get(heapMb);
  if (kept && kept.child.exitCode === null && kept.child.signalCode === null && kept.child.connected) return kept;
  const started = startParser(heapMb);
  parsers.set(heapMb, started);
  return started;
}

/**
 * Parses a workbook in a process of its own with a capped heap: a workbook too big for it ends
 * that process with a Russian refusal, never the server, and the server's heap is not left
 * bloated. (A worker thread's heap limit does not hold: V8 may still abort the whole process.)
 * Workbooks are parsed one after another: imports run in turn anyway.
 */
export function readWorkbookApart(path: string, sheet: string | undefined, heapMb = XLSX_PARSER_HEAP_MB): Promise<Workbook> {
  const answer = (turns.get(heapMb) ?? Promise.resolve()).then(() => {
    const parser = parserFor(heapMb);
    // A parser that ends after this answer is not given the next workbook.
    return ask(parser, path, sheet, () => parsers.get(heapMb) === parser && parsers.delete(heapMb));
  });
  turns.set(heapMb, answer.catch(() => undefined));
  return answer;
}

/** The last workbook asked of each heap size's parser, settled: the next one waits for it. */
const turns = new Map<number, Promise<unknown>>();

function ask({ child, stderr }: Parser, path: string, sheet: string | undefined, onRetiring: () => void): Promise<Workbook> {
  busy(child);
  return new Promise<Workbook>((resolve, reject) => {
    const onMessage = (message: { workbook?: Workbook; refused?: string | null; retiring?: boolean }) => {
      if (message.retiring) onRetiring();
      done();
      if (message.workbook) resolve(message.workbook);
      else reject(new FileError(message.refused ?? UNREADABLE_WORKBOOK));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = () => {
      done();
      reject(new FileError(/heap out of memory/.test(stderr()) ? TOO_BIG_TO_PARSE : UNREADABLE_WORKBOOK));
    };
    const done = () => {
      child.off('message', onMessage).off('error', onError).off('exit', onExit);
      idle(child);
    };
    child.on('message', onMessage).on('error', onError).on('exit', onExit);
    child.send({ path, sheet });
  });
}
