// Finding and reading the files to analyse: directories walked with git's ignore rules
// honoured, .git/ and Cargo's target/ skipped; explicit files always taken; every file that
// cannot be read completely becomes a Notification, never a silent skip.
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Notification } from '../types.js';
import { GitIgnores, lookupCeiling, nearestFolderWith, registerScanFolder } from './git-ignores.js';

export class UsageError extends Error {}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Folders never walked: git's own, and Cargo's build output. `target` is Cargo's only beside a
 * Cargo.toml (a crate or workspace root); elsewhere it may be a module (`src/target/mod.rs`).
 * A folder holding CACHEDIR.TAG (Cargo writes one into every target dir, wherever
 * CARGO_TARGET_DIR puts it) is a cache by the Cache Directory Tagging convention.
 */
function isSkippedFolder(abs: string, name: string): boolean {
  if (name === '.git') return true;
  if (name === 'target' && existsSync(join(dirname(abs), 'Cargo.toml'))) return true;
  return existsSync(join(abs, 'CACHEDIR.TAG'));
}

export interface DiscoveredFile {
  absPath: string;
  /** Named on the command line (always analysed) rather than found by walking. */
  explicit: boolean;
}

export function toPosixRelative(root: string, absPath: string): string {
  const rel = relative(root, absPath);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export interface DiscoverOptions {
  /** Follow symbolic links that lead out of the scanned folders (never twice into the same folder). */
  followSymlinks?: boolean;
}

export function discoverFiles(
  paths: string[],
  cwd: string,
  notifications: Notification[],
  options: DiscoverOptions = {},
): DiscoveredFile[] {
  const out = new Map<string, DiscoveredFile>();
  const roots = paths.map((p) => realFolder(resolve(cwd, p))).filter((r): r is string => r !== undefined);
  const walk = { roots, follow: options.followSymlinks === true, visited: new Set<string>() };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let stat: Stats;
    try {
      stat = statSync(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file or directory: ${p}`);
      notifications.push({
        level: 'error',
        kind: 'unreadable',
        path: toPosixRelative(cwd, abs),
        message: `cannot be read: ${(err as Error).message}`,
      });
      continue;
    }
    if (stat.isFile()) {
      registerScanFolder(dirname(abs));
      out.set(abs, { absPath: abs, explicit: true });
      continue;
    }
    if (!stat.isDirectory()) {
      notifications.push({
        level: 'warning',
        kind: 'skipped',
        path: toPosixRelative(cwd, abs),
        message: 'not analysed: not a regular file or folder',
      });
      continue;
    }
    registerScanFolder(abs);
    for (const file of walkDirectory(abs, cwd, notifications, walk))
      if (!out.has(file)) out.set(file, { absPath: file, explicit: false });
  }
  return [...out.values()].sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
}

function realFolder(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? realpathSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

interface WalkState {
  /** Real paths of the folders being scanned. */
  roots: string[];
  follow: boolean;
  /** Real paths of the folders walked through links (loops, several links to one place). */
  visited: Set<string>;
}

/**
 * Walks a folder for .rs files. A hand-written walk rather than a glob so that every folder
 * that cannot be listed is reported (globbers drop them silently). Symbolic links are not
 * followed: one that points inside the scanned folders needs no following (its target is
 * scanned where it is); one that leads out of them is reported, and followed only with
 * `followSymlinks`; broken links and loops named `.rs` are reported.
 */
function walkDirectory(dir: string, cwd: string, notifications: Notification[], state: WalkState): string[] {
  const gitignores = new GitIgnores(dir);
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (err) {
      notifications.push({
        level: 'error',
        kind: 'unreadable',
        path: toPosixRelative(cwd, current),
        message: `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); its files were not analysed`,
      });
      continue;
    }
    gitignores.enter(
      current,
      new Set(
        entries.filter((e) => e.isFile() && (e.name === '.gitignore' || e.name === '.ignore')).map((e) => e.name),
      ),
    );
    for (const entry of entries) {
      const abs = join(current, entry.name);
      if (entry.isDirectory()) {
        if (isSkippedFolder(abs, entry.name)) continue;
        if (gitignores.ignores(abs, true)) out.push(...trackedRustFiles(gitignores.trackedBelow(abs)));
        else pending.push(abs);
      } else if (entry.isFile() && entry.name.endsWith('.rs') && !gitignores.ignores(abs, false)) {
        out.push(abs);
      } else if (entry.isSymbolicLink()) {
        const followed = symbolicLink(abs, entry.name, cwd, notifications, state, gitignores);
        if (followed === 'file') out.push(abs);
        else if (followed === 'folder') pending.push(abs);
      } else if (!entry.isFile() && entry.name.endsWith('.rs')) {
        notifications.push({
          level: 'warning',
          kind: 'skipped',
          path: toPosixRelative(cwd, abs),
          message: 'not analysed: not a regular file (a pipe, socket or device)',
        });
      }
    }
  }
  return out;
}

/** Files git tracks inside an ignored folder: analysed like the rest (git does not ignore them). */
function trackedRustFiles(paths: string[]): string[] {
  return paths.filter((p) => {
    try {
      return p.endsWith('.rs') && lstatSync(p).isFile();
    } catch {
      return false; // tracked but deleted from the working tree: nothing to read
    }
  });
}

/** Decides what to do with a symbolic link met while walking: follow it as a file or a folder, or not. */
function symbolicLink(
  abs: string,
  name: string,
  cwd: string,
  notifications: Notification[],
  state: WalkState,
  gitignores: GitIgnores,
): 'file' | 'folder' | undefined {
  const rel = toPosixRelative(cwd, abs);
  let target: Stats;
  let real: string;
  try {
    target = statSync(abs);
    real = realpathSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (name.endsWith('.rs')) {
      const why =
        code === 'ELOOP'
          ? 'a symbolic link loop'
          : code === 'ENOENT'
            ? 'a broken symbolic link (its target does not exist)'
            : `a symbolic link that cannot be followed (${code ?? 'error'})`;
      notifications.push({ level: 'warning', kind: 'skipped', path: rel, message: `not analysed: ${why}` });
    }
    return undefined;
  }
  const isDir = target.isDirectory();
  if (
    isDir
      ? isSkippedFolder(abs, name) || gitignores.ignores(abs, true)
      : !(target.isFile() && name.endsWith('.rs')) || gitignores.ignores(abs, false)
  )
    return undefined;
  // A target inside the scanned folders is analysed where it is.
  if (state.roots.some((root) => isInside(real, root))) return undefined;
  if (!state.follow) {
    const what = isDir ? 'folder' : 'file';
    notifications.push({
      level: 'note',
      kind: 'skipped',
      path: rel,
      message: `not analysed: symbolic link to a ${what} outside the scanned folders (--follow-symlinks follows it)`,
    });
    return undefined;
  }
  if (isDir) {
    if (state.visited.has(real)) return undefined;
    state.visited.add(real);
  }
  return isDir ? 'folder' : 'file';
}

export type ReadResult =
  | { ok: true; text: string; notification?: Notification }
  | { ok: false; notification: Notification };

/** Reads a file as Rust source, or says clearly why it cannot be analysed (or only partly). */
export function readSource(absPath: string, relPath: string): ReadResult {
  try {
    return readAndDecode(absPath, relPath);
  } catch (err) {
    return {
      ok: false,
      notification: {
        level: 'warning',
        kind: 'internal',
        path: relPath,
        message: `not analysed: the file could not be decoded (${(err as Error).message})`,
      },
    };
  }
}

function readAndDecode(absPath: string, relPath: string): ReadResult {
  let bytes: Buffer;
  try {
    const stat = statSync(absPath);
    if (!stat.isFile()) {
      return {
        ok: false,
        notification: {
          level: 'warning',
          kind: 'skipped',
          path: relPath,
          message: 'not analysed: not a regular file (a pipe, socket or device)',
        },
      };
    }
    if (stat.size > MAX_FILE_BYTES) {
      const mb = (stat.size / 1024 / 1024).toFixed(1);
      return {
        ok: false,
        notification: {
          level: 'warning',
          kind: 'too-large',
          path: relPath,
          message: `not analysed: ${mb} MB (${stat.size} bytes) is over the ${MAX_FILE_BYTES / 1024 / 1024} MB size limit`,
        },
      };
    }
    bytes = readFileSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'ENOENT: it was removed or renamed during the run'
        : code === 'EACCES' || code === 'EPERM'
          ? `${code}: permission denied`
          : (code ?? (err as Error).message);
    return {
      ok: false,
      notification: { level: 'error', kind: 'unreadable', path: relPath, message: `cannot be read (${why})` },
    };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    const even = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)); // a trailing odd byte is dropped
    return decodedUtf16(le ? even : Buffer.from(even).swap16(), relPath, 'file is UTF-16; it was decoded and analysed');
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const body = utf16 === 'le' ? bytes : Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16();
    const message = `file is UTF-16${utf16 === 'le' ? 'LE' : 'BE'} without a byte-order mark; it was decoded and analysed`;
    return decodedUtf16(body, relPath, message);
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    return {
      ok: false,
      notification: {
        level: 'warning',
        kind: 'binary',
        path: relPath,
        message: 'not analysed: binary content (NUL bytes) in a .rs file',
      },
    };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      ok: true,
      text: new TextDecoder('utf-8').decode(body),
      notification: {
        level: 'warning',
        kind: 'not-utf8',
        path: relPath,
        message: 'not valid UTF-8; invalid bytes were replaced and the rest was analysed',
      },
    };
  }
}

/** Little-endian UTF-16 bytes decoded, with the note that says so. */
function decodedUtf16(body: Buffer, relPath: string, message: string): ReadResult {
  return {
    ok: true,
    text: body.toString('utf16le'),
    notification: { level: 'note', kind: 'not-utf8', path: relPath, message },
  };
}

/** UTF-16 without a byte-order mark: mostly-ASCII source has a NUL in every other byte. */
function sniffUtf16(bytes: Buffer): 'le' | 'be' | undefined {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0,
    oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.9 && evenZero <= pairs * 0.02) return 'le';
  if (evenZero >= pairs * 0.9 && oddZero <= pairs * 0.02) return 'be';
  return undefined;
}

const crateRootCache = new Map<string, string | undefined>();

/** The folder of the nearest Cargo.toml above a file (its crate), no higher than the repository root (or the scanned folder); or undefined. */
export function crateRootOf(absFile: string): string | undefined {
  return nearestFolderWith(dirname(absFile), 'Cargo.toml', crateRootCache, lookupCeiling(dirname(absFile)));
}

/**
 * The crate a file is analysed with: its Cargo package, or — for sources copied without their
 * manifest — the folder holding the nearest `src/` above it (Cargo's layout: `x/src/main.rs` and
 * `x/src/tls/mod.rs` are one crate); a file in neither is a crate of its own.
 */
export function analysisRootOf(absFile: string): string {
  const manifest = crateRootOf(absFile);
  if (manifest !== undefined) return manifest;
  const ceiling = lookupCeiling(dirname(absFile));
  for (let dir = dirname(absFile); ; dir = dirname(dir)) {
    if (basename(dir) === 'src' && dir !== ceiling) return dirname(dir);
    if (dir === ceiling || dirname(dir) === dir) return absFile;
  }
}
