/**
 * Names of downloaded files, as people keep them: what the file is, in Russian, and safe on
 * Windows — «Воронка_стажёров_Южный_район_2022_1пг.png».
 */

/** Characters Windows refuses in a file name, and control characters. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"|?*\u0000-\u001f«»]/g;
const MAX_LENGTH = 150;

/** The words of `parts` (empty ones left out) joined into a file name with `extension`. */
export function fileName(parts: (string | null | undefined)[], extension: string): string {
  const stem = parts.filter(Boolean).join(' ')
    .replace(/(\d) п\/г/g, '$1пг') // «2022, 1 п/г» → «2022_1пг»
    .replace(/[\\/]/g, '-') // «2022/23» → «2022-23»
    .replace(FORBIDDEN, '')
    .replace(/[\s,;·—–]+/g, '_')
    .replace(/_*-_*/g, '-')
    .slice(0, MAX_LENGTH)
    // Windows drops trailing dots and spaces; a name must not start with a dot either.
    .replace(/^[_.-]+|[_.-]+$/g, '');
  return `${stem || 'файл'}.${extension}`;
}

/**
 * The Content-Disposition of a download named `name`: the UTF-8 name for today's browsers
 * (RFC 6266), `fallback` (ASCII) for anything older.
 */
export function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
