/**
 * Teachers are stored under a keyed hash of what identifies them (152-ФЗ: the raw СНИЛС never
 * reaches the database or logs). The key is a file outside the database, made at first start;
 * whoever has the database alone cannot recompute a teacher's id from a known СНИЛС.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What identifies a person in a file, tagged by kind: 'snils:' and its 11 digits, or 'source:'
 * and an id of the source system (values.ts reads cells into it).
 */
export type Identity = `snils:${string}` | `source:${string}`;

const KEY_BYTES = 32;
/** 72 bits of the HMAC are kept (see hash). */
const STORED_BYTES = 9;
const SHA256_BLOCK = 64;

export class Pseudonyms {
  /** Tells which key made the stored ids, without revealing it. */
  readonly fingerprint: string;

  constructor(private readonly key: Buffer) {
    if (key.length < KEY_BYTES) throw new Error(`Ключ псевдонимизации короче ${KEY_BYTES} байт`);
    this.fingerprint = this.hash('fingerprint');
  }

  /**
   * Reads the key file, or creates it (readable by its owner only) when there is none yet.
   * `created` says the key is new: ids made with an earlier key cannot be matched with it.
   */
  static async open(path: string): Promise<{ pseudonyms: Pseudonyms; created: boolean }> {
    const existing = await Pseudonyms.read(path);
    if (existing) return { pseudonyms: existing, created: false };
    await mkdir(dirname(path), { recursive: true });
    const key = randomBytes(KEY_BYTES);
    // 'wx': two processes starting at once must not each write a key of their own.
    try {
      await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Pseudonyms.open(path);
      throw error;
    }
    return { pseudonyms: new Pseudonyms(key), created: true };
  }

  /** The key in the file, or null when there is no such file (nothing is created). */
  static async read(path: string): Promise<Pseudonyms | null> {
    try {
      return new Pseudonyms(Buffer.from((await readFile(path, 'utf8')).trim(), 'hex'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** The stored id of a person, the same for the same СНИЛС however written. */
  of(identity: Identity): string {
    return this.hash(identity);
  }

  /**
   * The same id computed by DuckDB for a column of identities, in bulk: an upload has up to
   * hundreds of thousands of distinct teachers, and Node's createHmac costs some 7 µs a call.
   * HMAC-SHA256 written out (RFC 2104): sha256(key ⊕ opad ‖ sha256(key ⊕ ipad ‖ text)). The
   * padded keys are bound parameters of the one statement, never stored.
   */
  sqlOf(identity: string): { sql: string; params: { hmac_ipad: string; hmac_opad: string } } {
    const inner = `unhex(sha256(unhex($hmac_ipad) || encode(${identity})))`;
    const digest = `unhex(left(sha256(unhex($hmac_opad) || ${inner}), ${2 * STORED_BYTES}))`;
    return {
      sql: `replace(replace(to_base64(${digest}), '+', '-'), '/', '_')`,
      params: { hmac_ipad: this.paddedKey(0x36), hmac_opad: this.paddedKey(0x5c) },
    };
  }

  private paddedKey(pad: number): string {
    // A key longer than the hash's block is hashed first, as HMAC does.
    const key = this.key.length > SHA256_BLOCK ? createHash('sha256').update(this.key).digest() : this.key;
    const block = Buffer.alloc(SHA256_BLOCK, pad);
    for (let i = 0; i < key.length; i++) block[i] ^= key[i];
    return block.toString('hex');
  }

  /**
   * 72 bits of the HMAC as 12 base64url characters: DuckDB keeps strings of up to 12 bytes
   * inline, and at millions of rows that makes the joins and writes of ids markedly cheaper; a
   * chance collision among a million teachers has odds of about one in 10¹⁰.
   */
  private hash(text: string): string {
    return createHmac('sha256', this.key).update(text).digest().subarray(0, STORED_BYTES).toString('base64url');
  }
}
