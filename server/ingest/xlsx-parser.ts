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
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
  // A process waiting for work keeps neither the server nor a test run from ending; it ends
  // itself when they do (its channel closes).
  child.unref();
  child.channel?.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  return { child, stderr: () => stderr };
}

/**
 * One started process kept waiting for the next workbook: starting Node with the parser takes
 * most of a second, which an upload of a small workbook then does not wait for. Made after the
 * first workbook, so a server that never sees one never starts it.
 */
let spare: Parser | undefined;

function takeParser(heapMb: number): Parser {
  if (heapMb !== XLSX_PARSER_HEAP_MB) return startParser(heapMb);
  const taken = spare && spare.child.exitCode === null && spare.child.connected ? spare : startParser(heapMb);
  spare = startParser(heapMb);
  return taken;
}

/**
 * Parses a workbook in a process of its own with a capped heap: a workbook too big for it ends
 * that process with a Russian refusal, never the server, and the server's heap is not left
 * bloated. (A worker thread's heap limit does not hold: V8 may still abort the whole process.)
 */
export function readWorkbookApart(path: string, sheet: string | undefined, heapMb = XLSX_PARSER_HEAP_MB): Promise<Workbook> {
  const { child, stderr } = takeParser(heapMb);
  child.ref();
  child.channel?.ref();
  return new Promise<Workbook>((resolve, reject) => {
    let answered = false;
    child.once('message', (message: { workbook?: Workbook; refused?: string | null }) => {
      answered = true;
      if (message.workbook) resolve(message.workbook);
      else reject(new FileError(message.refused ?? UNREADABLE_WORKBOOK));
    });
    child.once('error', reject);
    child.once('exit', () => {
      if (!answered) reject(new FileError(/heap out of memory/.test(stderr()) ? TOO_BIG_TO_PARSE : UNREADABLE_WORKBOOK));
    });
    child.send({ path, sheet });
  });
}
