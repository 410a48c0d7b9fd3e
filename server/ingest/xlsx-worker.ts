/**
 * The XLSX parser's process: parses each workbook asked of it (a path and a sheet name), one at
 * a time, and sends it to the server (see xlsx-parser.ts). Running out of memory here ends this
 * process only.
 */
import { exitWithParent } from './exit-with-parent.js';
import { parseWorkbook, WorkbookError } from './xlsx-workbook.js';

/**
 * After a workbook that left the process bigger than this (MB; the first argument, 256 by
 * default), it ends instead of waiting for the next: V8 keeps a grown heap, and the server starts
 * a fresh process for the next workbook.
 */
const KEEP_WITHIN_BYTES = Number(process.argv[2] ?? 256) * 1024 * 1024;

// A parser whose server has gone has nothing left to do: told by the channel closing when idle,
// by a watching thread while a workbook keeps it busy.
process.once('disconnect', () => process.exit(0));
void exitWithParent();
process.on('message', async ({ path, sheet }: { path: string; sheet?: string }) => {
  let answer: object;
  try {
    answer = { workbook: await parseWorkbook(path, sheet) };
  } catch (error) {
    answer = { refused: error instanceof WorkbookError ? error.message : null };
  }
  // A process this big says so with its answer, so the server gives the next workbook to a new one.
  const retiring = process.memoryUsage().rss > KEEP_WITHIN_BYTES;
  process.send!({ ...answer, retiring }, () => {
    if (retiring) process.disconnect();
  });
});
