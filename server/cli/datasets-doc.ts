/**
 * The README's upload format section, generated from the dataset specs so the two cannot drift:
 *   npm run docs:datasets   (prints it; test/readme.test.ts checks the README holds it)
 */
import { pathToFileURL } from 'node:url';
import { DATASET_CODES, DATASETS, type FieldSpec } from '../../web/src/lib/shared/datasets.js';

const TYPE_NAMES: Record<FieldSpec['type'], string> = {
  text: 'text',
  code: 'code (text, one line)',
  inn: 'ИНН: 10 digits (12 for a person), control digits checked, kept as text',
  kpp: 'КПП: 9 characters',
  ogrn: 'ОГРН: 13 digits, control digit checked',
  email: 'e-mail address',
  url: 'web address (https:// added when missing)',
  person: 'a teacher, stored only as a keyed hash: in a column headed СНИЛС (any spelling) a valid СНИЛС only; under this header or its aliases the source system\'s id (a text written as a СНИЛС must be a valid one, nine or ten digits that are one without its leading zeros are refused, an Excel number cell is one only as a whole valid СНИЛС, two spellings differing only in case, look-alike letters, hyphens or leading zeros in one file are refused); «нет», «н/д», «0», «б/н» and the like are not filled in',
  integer: 'whole number',
  date: 'date: dd.mm.yyyy (also d.m.yy, «г.» after it, a time of day), yyyy-mm-dd, «10 октября 2022», «10.окт.22» or an Excel date',
  boolean: 'да/нет, 1/0, true/false, +/−, ✓',
  enum: 'one of',
  school_year: 'school year: 2022/23, 2022/2023, 2022-23 or 22/23, words after it («уч. год», «гг.») read too; a lone «2022» is refused (2021/22 or 2022/23?)',
  half_years: 'half-years: 2021-H1, «1 п/г 2021», «2021, 1 п/г», «первое полугодие 2021», «2021 (1)»; several separated by commas',
};

function describe(field: FieldSpec): string {
  let text = TYPE_NAMES[field.type];
  if (field.values) text += ` ${Object.entries(field.values).map(([code, label]) => `${label} (\`${code}\`)`).join(', ')}`;
  if (field.synonyms) {
    const read = Object.entries(field.synonyms).map(([word, code]) => `«${word}» as ${field.values?.[code] ?? code}`);
    if (read.length > 0) text += `; also read: ${read.join(', ')}`;
  }
  if (field.afterLegalForm) text += '; also after a legal form: «МБОУ СОШ», «МАУ ДО», «ГБОУ лицей» (the form alone, «МБОУ», is refused)';
  if (field.mixed) text += `; a mix of them («смешанный», «гибридный», «очно/дистанционно», «очно + онлайн») is refused: «${field.mixed}»`;
  if (field.notHeld) text += '; «не состоялось», «отменено», «перенесено …» are refused, saying what to do with the event\'s row (delete it or mark it «Удалить»; a new date)';
  if (field.ref) text += `; must exist in \`${field.ref}\``;
  if (field.min !== undefined || field.max !== undefined) text += `; ${field.min ?? '…'}–${field.max ?? '…'}`;
  if (field.monthEnough) text += '; a month is enough: «сентябрь 2022», «сен.22», 09.2022 or 09.22 is the 1st';
  if (field.type === 'date') {
    const ahead = field.yearsAhead ?? 1;
    text += `; ${ahead === 1 ? 'next year' : `${ahead} years ahead`} at the latest (a later year is taken for a typo)`;
  }
  if (field.yesNo) {
    const words = (list: readonly string[]) => list.map((w) => `«${w}»`).join(', ');
    text += `; also ${words(field.yesNo.yes)} for yes, ${words(field.yesNo.no)} for no, after «да»/«нет» too («да, ${field.yesNo.yes[0]}»)`;
  }
  if (field.hint) text += `; ${field.hint}`;
  return text;
}

export function datasetsMarkdown(): string {
  return DATASET_CODES.map((code) => {
    const spec = DATASETS[code];
    const rows = spec.fields.map((f) =>
      `| ${f.header} | ${f.required ? 'yes' : ''} | ${describe(f)} | ${[...new Set([f.key, ...f.aliases])].map((a) => `\`${a}\``).join(', ')} |`);
    const key = spec.key.map((k) => spec.fields.find((f) => f.key === k)!.header).join(' + ');
    return [
      `#### ${spec.title} (\`${code}\`)`,
      '',
      `${spec.description} Key: ${key}. Uploaded by: ${spec.uploadedBy === 'admin' ? 'the admin only' : 'methodologists (their districts) and the admin'}.`,
      '',
      '| column | required | values | also accepted as |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
  }).join('\n\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(datasetsMarkdown());
