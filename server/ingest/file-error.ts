import { MAX_COLUMNS } from '../../web/src/lib/shared/datasets.js';

/** A file the import cannot read at all, with the reason in Russian. */
export class FileError extends Error {}

/** The refusal of a value in a column past MAX_COLUMNS (the line as the file numbers it, the column from 1). */
export const tooManyColumns = (line: number, column: number) =>
  `В строке ${line} файла значение стоит в столбце ${column}: столько столбцов в таблице не бывает (читается не больше ${MAX_COLUMNS}). `
  + 'Проверьте, что загружаете нужную таблицу и что столбцы разделены «;» или «,»; лишние столбцы справа удалите и загрузите файл снова.';
