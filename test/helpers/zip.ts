import { inflateRawSync } from 'node:zlib';

/**
 * One file of a ZIP archive (an OOXML document), found through the central directory, which
 * always carries the sizes — enough to read what a generated PPTX or XLSX says.
 */
export function zipEntry(zip: Buffer, name: string): string | null {
  for (let at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), entry = zip.readUInt32LE(at + 16); zip.readUInt32LE(entry) === 0x02014b50;) {
    const method = zip.readUInt16LE(entry + 10);
    const compressed = zip.readUInt32LE(entry + 20);
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(entry + 28), zip.readUInt16LE(entry + 30), zip.readUInt16LE(entry + 32)];
    if (zip.toString('utf8', entry + 46, entry + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(entry + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}
