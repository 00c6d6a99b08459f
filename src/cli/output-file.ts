// Files the tool writes: the report (`-o`) and the baseline (`--write-baseline`). They are often
// written inside the checkout being scanned, which is untrusted: a committed
// `results.sarif -> ../../home/runner/.bashrc` must not be written through. So the content goes
// to a new temporary file beside the target (created with O_EXCL: never an existing file or a
// link), which is then renamed over the target: a link there is replaced, not followed, and a
// crash or a full disk leaves the previous file whole. Pipes and terminals (`-o /dev/stdout`)
// are written directly: there is nothing to replace.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

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
  // Opening a pipe without blocking fails so when no process reads it: waiting would hang the run.
  ENXIO: 'a pipe that no process reads',
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
  const kind = existingKind(target, isWithin(target, cwd));
  if (kind === 'folder') throw new OutputError(`cannot write ${file}: it is a folder`);
  if (kind === 'other') throw new OutputError(`cannot write ${file}: not a regular file, pipe or terminal`);
  if (kind === 'stream') {
    writeStream(file, target, content);
    return;
  }
  replaceAtomically(file, target, content);
}

type Kind = 'none' | 'file' | 'folder' | 'stream' | 'other';

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * What is at `target` now. A link counts as itself (it is replaced), except a link named
 * outside the working folder that points at a pipe or terminal (`-o /dev/stdout`): that one
 * the user chose; a link inside the working folder may have come with the checkout.
 */
function existingKind(target: string, inWorkingFolder: boolean): Kind {
  let own: Stats;
  try {
    own = lstatSync(target);
  } catch {
    return 'none';
  }
  if (own.isDirectory()) return 'folder';
  if (own.isFile()) return 'file';
  if (own.isFIFO() || own.isCharacterDevice()) return 'stream';
  if (!own.isSymbolicLink()) return 'other';
  if (inWorkingFolder) return 'file';
  try {
    const pointed = statSync(target);
    // `/dev/stdout` is a link to the process's own descriptor (a pipe, a socket when a parent
    // process holds the other end, or a terminal): written through.
    if (pointed.isFIFO() || pointed.isSocket() || pointed.isCharacterDevice()) return 'stream';
  } catch {
    // broken link: replaced like any other
  }
  return 'file';
}

/** The process's own stdout or stderr, when `target` is one of them (a socket cannot be reopened). */
function ownStream(target: string): NodeJS.WriteStream | undefined {
  try {
    const t = statSync(target);
    return [process.stdout, process.stderr].find((_stream, i) => {
      const s = fstatSync(i + 1);
      return s.dev === t.dev && s.ino === t.ino;
    });
  } catch {
    return undefined;
  }
}

function writeStream(file: string, target: string, content: string): void {
  const own = ownStream(target);
  if (own) {
    own.write(content);
    return;
  }
  try {
    if (statSync(target).isFIFO()) closeSync(openSync(target, constants.O_WRONLY | constants.O_NONBLOCK));
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
