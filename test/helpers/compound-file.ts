/**
 * A minimal OLE2 compound file (the container of .xls workbooks and of password-protected .xlsx
 * ones): a version 3 header (512-byte sectors), one FAT sector and one directory sector naming
 * the given streams, each empty. Enough for what the sniffer reads: the header and the directory.
 */
const SECTOR = 512;
const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;

/**
 * `directorySector`: where the directory lies (sector 0 is the FAT); the sectors between are
 * empty. At sector 127 it begins 64 KB into the file, past the head the sniffer reads first.
 */
export function compoundFile(streams: string[], directorySector = 1): Buffer {
  if (streams.length > 3 || directorySector < 1 || directorySector >= SECTOR / 4) throw new Error('one FAT sector, one directory sector');
  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24); // minor version
  header.writeUInt16LE(3, 26); // major version: 512-byte sectors
  header.writeUInt16LE(0xfffe, 28); // byte order: little-endian
  header.writeUInt16LE(9, 30); // sector size 2^9
  header.writeUInt16LE(6, 32); // mini sector size 2^6
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(directorySector, 48);
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(END_OF_CHAIN, 60); // no mini FAT
  header.writeUInt32LE(END_OF_CHAIN, 68); // no DIFAT sectors
  header.fill(0xff, 76);
  header.writeUInt32LE(0, 76); // the FAT is sector 0

  const fat = Buffer.alloc(SECTOR, 0xff);
  fat.writeUInt32LE(FAT_SECTOR, 0);
  fat.writeUInt32LE(END_OF_CHAIN, directorySector * 4);

  const directory = Buffer.alloc(SECTOR);
  const entry = (index: number, name: string, type: number, right: number, child: number) => {
    const at = index * 128;
    const written = Buffer.from(`${name}\0`, 'utf16le');
    written.copy(directory, at);
    directory.writeUInt16LE(written.length, at + 64);
    directory.writeUInt8(type, at + 66);
    directory.writeUInt8(1, at + 67); // black
    directory.writeUInt32LE(FREE, at + 68); // left sibling
    directory.writeUInt32LE(right, at + 72);
    directory.writeUInt32LE(child, at + 76);
    directory.writeUInt32LE(END_OF_CHAIN, at + 116); // start sector: empty
  };
  entry(0, 'Root Entry', 5, FREE, streams.length > 0 ? 1 : FREE);
  streams.forEach((name, i) => entry(i + 1, name, 2, i + 1 < streams.length ? i + 2 : FREE, FREE));
  for (let i = streams.length + 1; i < 4; i++) {
    directory.writeUInt32LE(FREE, i * 128 + 68);
    directory.writeUInt32LE(FREE, i * 128 + 72);
    directory.writeUInt32LE(FREE, i * 128 + 76);
  }
  const gap = Buffer.alloc((directorySector - 1) * SECTOR);
  return Buffer.concat([header, fat, gap, directory]);
}
