/**
 * The XLSX parser's process: parses one workbook (argv: path, sheet name) and sends it to the
 * server (see readWorkbookApart in readers.ts). Running out of memory here ends this process only.
 */
import { parseWorkbook, WorkbookError } from './xlsx-workbook.js';

const [path, sheet] = process.argv.slice(2);
let answer: object;
try {
  answer = { workbook: await parseWorkbook(path, sheet) };
} catch (error) {
  answer = { refused: error instanceof WorkbookError ? error.message : null };
}
// Disconnecting once the answer is sent lets the process end.
process.send!(answer, () => process.disconnect());
