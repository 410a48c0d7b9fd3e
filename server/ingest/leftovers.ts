import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** An uploaded file waiting for its import, or its UTF-8 copy (routes/uploads.ts, file-table.ts). */
const UPLOADED = /\.upload(?:\.utf8)?$/;

/**
 * Removes the uploaded files a stopped server left behind (killed mid-import): at start-up no
 * import runs, and such a file may hold raw СНИЛС, which must not outlive its import. Returns how
 * many were removed; other files in the folder are left alone.
 */
export async function removeLeftoverUploads(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0; // no folder yet: nothing was ever uploaded
  }
  const leftovers = names.filter((name) => UPLOADED.test(name));
  await Promise.all(leftovers.map((name) => rm(join(dir, name), { force: true })));
  return leftovers.length;
}
