/**
 * The bytes of a text in a single-byte code page (Windows-1251, KOI8-R, CP866, Mac Cyrillic) as a program
 * saving in it writes them: a character the code page lacks becomes «?».
 */
export function singleByte(text: string, encoding: 'windows-1251' | 'koi8-r' | 'ibm866' | 'x-mac-cyrillic'): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let b = 255; b >= 0; b--) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Uint8Array.from([...text], (ch) => table.get(ch) ?? 0x3f);
}
