import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** One file of an archive: its path inside the ZIP and its content (a string is written as UTF-8). */
export interface ZipFile {
  name: string;
  data: Buffer | string;
}

/** 1980-01-01 00:00 in MS-DOS form: a fixed time, so the same files always give the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
/** Signatures of a central directory entry and of the directory's end record. */
const CENTRAL_ENTRY = 0x02014b50;
const CENTRAL_END = 0x06054b50;
/** General-purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

/**
 * A ZIP archive of the files, each deflated (stored when deflating does not help) — enough for
 * an OOXML document. No ZIP64: every file and the archive must stay under 4 GB.
 */
export function zip(files: readonly ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
    const deflated = deflateRawSync(data);
    const [method, body] = deflated.length < data.length ? [8, deflated] : [0, data];
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // no extra field
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_ENTRY, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(CENTRAL_END, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The entries of a ZIP archive by name, each inflated when asked for (found through the central
 * directory, which always has the sizes). `maxBytes`: inflating past it throws a RangeError
 * rather than filling the memory (an archive may lie about its sizes).
 */
export function zipEntries(zip: Buffer, maxBytes = 2 ** 31 - 1): Map<string, () => string> {
  const entries = new Map<string, () => string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || zip.readUInt32LE(end) !== CENTRAL_END) return entries;
  let at = zip.readUInt32LE(end + 16);
  while (at + 46 <= zip.length && zip.readUInt32LE(at) === CENTRAL_ENTRY) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(at + 28), zip.readUInt16LE(at + 30), zip.readUInt16LE(at + 32)];
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return (method === 0 ? data : inflateRawSync(data, { maxOutputLength: maxBytes })).toString('utf8');
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
