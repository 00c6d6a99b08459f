// Finding and reading the files to analyse: directories walked with .gitignore honoured,
// target/, .git/, node_modules/ skipped; explicit files always taken; every file that cannot
// be read completely becomes a Notification, never a silent skip.
import ignore, { type Ignore } from 'ignore';
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Notification } from '../types.js';

export class UsageError extends Error {}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['target', '.git', 'node_modules']);

export interface DiscoveredFile {
  absPath: string;
  /** Named on the command line (always analysed) rather than found by walking. */
  explicit: boolean;
}

export function toPosixRelative(root: string, absPath: string): string {
  const rel = relative(root, absPath);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export function discoverFiles(paths: string[], cwd: string, notifications: Notification[]): DiscoveredFile[] {
  const out = new Map<string, DiscoveredFile>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file or directory: ${p}`);
      notifications.push({ level: 'error', kind: 'unreadable', path: toPosixRelative(cwd, abs), message: `cannot be read: ${(err as Error).message}` });
      continue;
    }
    if (stat.isFile()) {
      out.set(abs, { absPath: abs, explicit: true });
      continue;
    }
    for (const file of walkDirectory(abs, cwd, notifications)) if (!out.has(file)) out.set(file, { absPath: file, explicit: false });
  }
  return [...out.values()].sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
}

/**
 * Walks a folder for .rs files. A hand-written walk rather than a glob so that every folder
 * that cannot be listed is reported (globbers drop them silently). Symbolic links are not
 * followed: they may leave the scanned tree or loop.
 */
function walkDirectory(dir: string, cwd: string, notifications: Notification[]): string[] {
  const gitignores = new GitignoreStack(dir);
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (err) {
      notifications.push({ level: 'error', kind: 'unreadable', path: toPosixRelative(cwd, current), message: `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); its files were not analysed` });
      continue;
    }
    gitignores.enter(current, entries);
    for (const entry of entries) {
      const abs = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !gitignores.ignores(abs, true)) pending.push(abs);
      } else if (entry.isFile() && entry.name.endsWith('.rs') && !gitignores.ignores(abs, false)) {
        out.push(abs);
      } else if (entry.isSymbolicLink() && entry.name.endsWith('.rs')) {
        notifications.push({ level: 'note', kind: 'skipped', path: toPosixRelative(cwd, abs), message: 'symbolic link not followed; name the file on the command line to analyse it' });
      }
    }
  }
  return out;
}

/** .gitignore files apply to their own folder and below; those above the scan root up to the repository root apply too. */
class GitignoreStack {
  private readonly rules: Array<{ base: string; ig: Ignore }> = [];

  constructor(scanRoot: string) {
    const above: string[] = [];
    for (let d = dirname(scanRoot); ; d = dirname(d)) {
      if (existsSync(join(d, '.gitignore'))) above.push(d);
      if (existsSync(join(d, '.git')) || dirname(d) === d) break;
    }
    for (const d of above.reverse()) this.load(d);
  }

  /** Called once per folder as the walk enters it. */
  enter(folder: string, entries: Dirent[]): void {
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) this.load(folder);
  }

  private load(folder: string): void {
    try {
      this.rules.push({ base: folder, ig: ignore().add(readFileSync(join(folder, '.gitignore'), 'utf8')) });
    } catch {
      // An unreadable .gitignore ignores nothing: the files it would hide are still analysed.
    }
  }

  ignores(path: string, isDir: boolean): boolean {
    return this.rules.some(({ base, ig }) => {
      const rel = relative(base, path);
      if (rel.startsWith('..') || rel === '') return false;
      const posix = rel.split(sep).join('/');
      return ig.ignores(isDir ? `${posix}/` : posix);
    });
  }
}

export type ReadResult = { ok: true; text: string; notification?: Notification } | { ok: false; notification: Notification };

/** Reads a file as Rust source, or says clearly why it cannot be analysed (or only partly). */
export function readSource(absPath: string, relPath: string): ReadResult {
  let bytes: Buffer;
  try {
    const size = statSync(absPath).size;
    if (size > MAX_FILE_BYTES) {
      return { ok: false, notification: { level: 'warning', kind: 'too-large', path: relPath, message: `skipped: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit` } };
    }
    bytes = readFileSync(absPath);
  } catch (err) {
    return { ok: false, notification: { level: 'error', kind: 'unreadable', path: relPath, message: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` } };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    const body = le ? bytes.subarray(2) : Buffer.from(bytes.subarray(2)).swap16();
    return { ok: true, text: body.toString('utf16le'), notification: { level: 'note', kind: 'not-utf8', path: relPath, message: 'file is UTF-16; it was decoded and analysed' } };
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    return { ok: false, notification: { level: 'warning', kind: 'binary', path: relPath, message: 'skipped: binary content (NUL bytes) in a .rs file' } };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      ok: true,
      text: new TextDecoder('utf-8').decode(body),
      notification: { level: 'warning', kind: 'not-utf8', path: relPath, message: 'not valid UTF-8; invalid bytes were replaced and the rest was analysed' },
    };
  }
}

const crateRootCache = new Map<string, string | undefined>();

/** The folder of the nearest Cargo.toml above a file (its crate), or undefined. */
export function crateRootOf(absFile: string): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let d = dirname(absFile); ; d = dirname(d)) {
    if (crateRootCache.has(d)) { found = crateRootCache.get(d); break; }
    visited.push(d);
    if (existsSync(join(d, 'Cargo.toml'))) { found = d; break; }
    if (dirname(d) === d) break;
  }
  for (const v of visited) crateRootCache.set(v, found);
  return found;
}
