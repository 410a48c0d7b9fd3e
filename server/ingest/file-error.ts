/** A file the import cannot read at all, with the reason in Russian. */
export class FileError extends Error {}
