// Which files git tracks, read from the index file itself (the tool starts no processes). Used
// by the cache: an entry committed to the repository came with the checkout — a pull request
// can write one — so it is never read. The index is bounded like every file of the checkout;
// when it cannot be read or understood, every file under the work tree counts as tracked.
import { dirname, join, relative, resolve, sep } from 'node:path';
import { statSync } from 'node:fs';
import { readSmallRegularBytes, readSmallRegularFile, UnsafeFileError } from './safe-read.js';

const INDEX_LIMIT = 256 * 1024 * 1024;

/** The work tree holding `folder` (the nearest folder above it with a `.git`), or undefined. */
export function workTreeOf(folder: string): string | undefined {
  for (let d = resolve(folder); ; d = dirname(d)) {
    try {
      statSync(join(d, '.git'));
      return d;
    } catch {
      if (dirname(d) === d) return undefined;
    }
  }
}

/** `.git` is a folder, or a file `gitdir: <path>` (worktrees, submodules). */
function indexFileOf(workTree: string): string {
  const dotGit = join(workTree, '.git');
  if (statSync(dotGit).isDirectory()) return join(dotGit, 'index');
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readSmallRegularFile(dotGit, 64 * 1024));
  if (!pointer) throw new Error('not a gitdir pointer');
  return join(resolve(workTree, pointer[1]), 'index');
}

export type Tracked = (absPath: string) => boolean;

/**
 * A predicate telling whether git tracks a file under `folder`. Outside a work tree nothing is
 * tracked; a work tree without an index (nothing added yet) tracks nothing; an index that
 * cannot be read or parsed makes every file of the work tree count as tracked (fail closed).
 */
export function gitTracked(folder: string): Tracked {
  const workTree = workTreeOf(folder);
  if (workTree === undefined) return () => false;
  let paths: Set<string>;
  try {
    paths = indexPaths(readSmallRegularBytes(indexFileOf(workTree), INDEX_LIMIT));
  } catch (err) {
    if (err instanceof UnsafeFileError && err.code === 'ENOENT') return () => false;
    return () => true;
  }
  return (absPath) => paths.has(relative(workTree, absPath).split(sep).join('/'));
}

/** The paths of an index file (format versions 2, 3 and 4). */
function indexPaths(index: Buffer): Set<string> {
  if (index.toString('latin1', 0, 4) !== 'DIRC') throw new Error('not a git index');
  const version = index.readUInt32BE(4);
  if (version < 2 || version > 4) throw new Error(`git index version ${version}`);
  const count = index.readUInt32BE(8);
  const paths = new Set<string>();
  let at = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = at;
    const flags = index.readUInt16BE(at + 60);
    at += 62;
    if (version >= 3 && flags & 0x4000) at += 2; // extended flags
    let name: Buffer;
    if (version === 4) {
      // The name is the previous one, less `strip` bytes at its end, plus the bytes up to NUL.
      const { value: strip, next } = readVarint(index, at);
      const end = index.indexOf(0, next);
      name = Buffer.concat([previous.subarray(0, previous.length - strip), index.subarray(next, end)]);
      at = end + 1;
    } else {
      const end = index.indexOf(0, at);
      name = index.subarray(at, end);
      // Entries are padded with NULs to a multiple of 8 bytes (1 to 8 of them).
      at = start + Math.ceil((end - start + 1) / 8) * 8;
    }
    if (at > index.length || name.length === 0) throw new Error('truncated git index');
    paths.add(name.toString('utf8'));
    previous = name;
  }
  return paths;
}

/** Git's offset varint (index v4). */
function readVarint(buf: Buffer, at: number): { value: number; next: number } {
  let byte = buf[at++];
  let value = byte & 0x7f;
  while (byte & 0x80) {
    byte = buf[at++];
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next: at };
}
