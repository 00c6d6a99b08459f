// Reading the small files a checkout hands the tool besides Rust sources: configurations,
// manifests, ignore files, baselines, cache entries. The checkout is untrusted (CI runs on pull
// requests), so every such read is bounded: a FIFO would hang the run, `/dev/zero` would grow
// without end, `/proc/self/environ` reports a size of 0 and still has content. Only regular
// files are read, and never more than `limit` bytes. Errors name the file, never its content.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

/** Configuration files and manifests (`axum-tls-lint.toml`, `Cargo.toml`). */
export const CONFIG_LIMIT = 1024 * 1024;
/** `.gitignore` files. */
export const IGNORE_FILE_LIMIT = 4 * 1024 * 1024;
/** Baselines (a few hundred bytes per finding). */
export const BASELINE_LIMIT = 64 * 1024 * 1024;
/** One cache entry (one crate's findings and notifications). */
export const CACHE_ENTRY_LIMIT = 64 * 1024 * 1024;

/** Why a file was not read; `message` says it without quoting the file. */
export class UnsafeFileError extends Error {
  constructor(
    readonly reason: 'not-regular' | 'too-large' | 'outside' | 'unreadable',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function describeLimit(limit: number): string {
  return limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`;
}

/**
 * The text of a regular file of at most `limit` bytes (UTF-8, a byte-order mark removed).
 * Throws UnsafeFileError for anything else: a pipe, socket or device, a larger file, or one
 * that cannot be opened. O_NONBLOCK makes opening a FIFO return at once instead of waiting
 * for a writer; the type is then checked on the open descriptor, so no race can swap it.
 */
export function readSmallRegularFile(path: string, limit: number): string {
  return readSmallRegularBytes(path, limit)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** The bytes of a regular file of at most `limit` bytes; as readSmallRegularFile. */
export function readSmallRegularBytes(path: string, limit: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnsafeFileError('unreadable', `cannot be read (${code ?? 'error'})`, code);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new UnsafeFileError('not-regular', 'not a regular file (a pipe, socket, device or folder); not read');
    if (stat.size > limit)
      throw new UnsafeFileError(
        'too-large',
        `over the ${describeLimit(limit)} size limit (${stat.size} bytes); not read`,
      );
    const bytes = readAtMost(fd, limit + 1);
    // Files of /proc report a size of 0 and may still be long: the bytes read decide.
    if (bytes.length > limit)
      throw new UnsafeFileError('too-large', `over the ${describeLimit(limit)} size limit; not read`);
    return bytes;
  } catch (err) {
    if (err instanceof UnsafeFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnsafeFileError('unreadable', `cannot be read (${code ?? 'error'})`, code);
  } finally {
    closeSync(fd);
  }
}

function readAtMost(fd: number, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, max - total));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where a file really is, when that is inside one of `trees` (compared by real paths); else
 * UnsafeFileError 'outside'. A committed `axum-tls-lint.toml -> /proc/self/environ` or
 * `Cargo.toml -> ~/.aws/credentials` is then named, not read.
 */
export function realPathWithin(path: string, trees: string[]): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnsafeFileError('unreadable', `cannot be read (${code ?? 'error'})`, code);
  }
  const realTrees = trees.map((t) => {
    try {
      return realpathSync(t);
    } catch {
      return t;
    }
  });
  if (!realTrees.some((t) => isWithin(real, t))) {
    throw new UnsafeFileError('outside', 'a symbolic link leading out of the scanned folders; not followed');
  }
  return real;
}
