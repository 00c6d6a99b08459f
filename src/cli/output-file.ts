// Files the tool writes: the report (`-o`) and the baseline (`--write-baseline`). They are often
// written inside the checkout being scanned, which is untrusted: a committed
// `results.sarif -> ../../home/runner/.bashrc` must not be written through. So the content goes
// to a new temporary file beside the target (created with O_EXCL: never an existing file or a
// link), which is then renamed over the target: a link there is replaced, not followed, and a
// crash or a full disk leaves the previous file whole. Pipes and terminals (`-o /dev/stdout`)
// are written directly: there is nothing to replace.
import { closeSync, constants, lstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

/** A bad output path or a failed write: one line, exit code 2. */
export class OutputError extends Error {}

const pendingTemps = new Set<string>();
let cleanupInstalled = false;

/**
 * On SIGINT/SIGTERM, temporary files not yet renamed are removed, then the signal is raised
 * again so the process ends as the signal says. Installed once, for the whole run.
 */
export function removeTempFilesOnSignals(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const temp of pendingTemps) removeQuietly(temp);
      process.kill(process.pid, signal);
    });
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file size limit was reached',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
};

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${REASONS[code] ?? 'error'} (${code})` : (err as Error).message;
}

/** Writes `content` to `file` (as given by the user, for messages); `flag` names the option. */
export function writeOutputFile(file: string, content: string, flag: string, cwd = process.cwd()): void {
  if (file === '') throw new OutputError(`${flag} needs a file name (got an empty string)`);
  // The output would replace Rust source, scanned or about to be: certainly a slip of the hand.
  if (file.endsWith('.rs')) throw new OutputError(`refusing to write ${file}: ${flag} would overwrite Rust source`);
  const target = resolve(cwd, file);
  const kind = existingKind(target);
  if (kind === 'folder') throw new OutputError(`cannot write ${file}: it is a folder`);
  if (kind === 'other') throw new OutputError(`cannot write ${file}: not a regular file, pipe or terminal`);
  if (kind === 'stream') return writeStream(file, target, content);
  replaceAtomically(file, target, content);
}

type Kind = 'none' | 'file' | 'folder' | 'stream' | 'other';

/** What is at `target` now; a link counts as itself, except one to a pipe or terminal. */
function existingKind(target: string): Kind {
  let own;
  try {
    own = lstatSync(target);
  } catch {
    return 'none';
  }
  if (own.isDirectory()) return 'folder';
  if (own.isFile()) return 'file';
  if (own.isFIFO() || own.isCharacterDevice()) return 'stream';
  if (!own.isSymbolicLink()) return 'other';
  try {
    const pointed = statSync(target);
    // `/dev/stdout` is a link to the process's own descriptor: written through.
    if (pointed.isFIFO() || pointed.isCharacterDevice()) return 'stream';
  } catch {
    // broken link: replaced like any other
  }
  return 'file';
}

function writeStream(file: string, target: string, content: string): void {
  try {
    writeFileSync(target, content);
  } catch (err) {
    throw new OutputError(`cannot write ${file}: ${reason(err)}`);
  }
}

function replaceAtomically(file: string, target: string, content: string): void {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
    pendingTemps.add(temp);
    try {
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    pendingTemps.delete(temp);
  } catch (err) {
    if (pendingTemps.delete(temp)) removeQuietly(temp);
    throw new OutputError(`cannot write ${file}: ${reason(err)}; nothing was written`);
  }
}
