/**
 * The XLSX parser's process: waits for one request (a workbook's path and sheet name), parses it
 * and sends it to the server (see xlsx-parser.ts). Running out of memory here ends this process only.
 */
import { parseWorkbook, WorkbookError } from './xlsx-workbook.js';

// A spare process whose server has gone has nothing left to do.
process.once('disconnect', () => process.exit(0));
process.once('message', async ({ path, sheet }: { path: string; sheet?: string }) => {
  let answer: object;
  try {
    answer = { workbook: await parseWorkbook(path, sheet) };
  } catch (error) {
    answer = { refused: error instanceof WorkbookError ? error.message : null };
  }
  // Disconnecting once the answer is sent lets the process end.
  process.send!(answer, () => process.disconnect());
});
