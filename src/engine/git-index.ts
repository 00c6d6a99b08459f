// What git knows of a repository, read from its files rather than by running git: the tool
// starts no process (a repository's own config can make git run programs, core.fsmonitor),
// and a walk stays as fast as reading a file.
//   - the paths git tracks: the index (gitformat-index(5), versions 2 to 4);
//   - core.excludesFile: the global and repository config files (gitconfig's [core] section);
//   - whether a file is tracked, for the cache (gitTracked: there an unreadable index fails closed).
// Anything unexpected (a split index, a format from the future, a file too large) reads as
// "nothing known", and ignore patterns alone decide, as they would without this module.
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Larger indexes (millions of files) are not read: then ignore patterns alone decide. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface GitDirs {
  /** Where this working tree's index is (a worktree has its own). */
  own: string;
  /** Where the shared files are: config, info/exclude. */
  common: string;
}

/** The git folders of a working tree: `.git`, or where the `gitdir:` line of a `.git` file points. */
export function gitDirs(root: string): GitDirs | undefined {
  const dotGit = join(root, '.git');
  try {
    if (lstatSync(dotGit).isDirectory()) return { own: dotGit, common: dotGit };
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8').slice(0, 4096));
    if (!m) return undefined;
    const own = resolve(root, m[1].trim());
    const commondir = join(own, 'commondir');
    return { own, common: existsSync(commondir) ? resolve(own, readFileSync(commondir, 'utf8').trim()) : own };
  } catch {
    return undefined;
  }
}

function readSmall(file: string, max: number): Buffer | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() && stat.size <= max ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** The tracked paths (`/`-separated, relative to the root) of an index file; empty when it cannot be read. */
export function trackedPaths(dirs: GitDirs, hashBytes: number): Set<string> {
  return readTrackedPaths(dirs, hashBytes) ?? new Set();
}

/** The tracked paths, or undefined when the index exists but cannot be read or understood. */
function readTrackedPaths(dirs: GitDirs, hashBytes: number): Set<string> | undefined {
  const buf = readSmall(join(dirs.own, 'index'), MAX_INDEX_BYTES);
  if (!buf || buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  try {
    return readEntries(buf, version, buf.readUInt32BE(8), hashBytes);
  } catch {
    return undefined; // truncated or damaged
  }
}

/** The work tree holding `folder` (the nearest folder above it with a `.git`), or undefined. */
export function workTreeOf(folder: string): string | undefined {
  for (let d = resolve(folder); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

export type Tracked = (absPath: string) => boolean;

/**
 * Whether git tracks a file under `folder` (the cache never reads an entry that came with the
 * checkout). Outside a work tree, or before anything is added, nothing is tracked; an index that
 * exists but cannot be read or understood makes every file count as tracked (fail closed).
 */
export function gitTracked(folder: string): Tracked {
  const workTree = workTreeOf(folder);
  if (workTree === undefined) return () => false;
  const dirs = gitDirs(workTree);
  if (!dirs) return () => true;
  if (!existsSync(join(dirs.own, 'index'))) return () => false;
  const paths = readTrackedPaths(dirs, repositoryConfig(workTree, dirs).hashBytes);
  if (!paths) return () => true;
  return (absPath) => paths.has(relative(workTree, absPath).split(sep).join('/'));
}

function readEntries(buf: Buffer, version: number, count: number, hashBytes: number): Set<string> {
  const paths = new Set<string>();
  let at = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let n = 0; n < count; n++) {
    const start = at;
    at += 40 + hashBytes; // times, dev, ino, mode, uid, gid, size, object name
    const flags = buf.readUInt16BE(at);
    at += 2;
    if (version >= 3 && flags & 0x4000) at += 2; // extended flags
    let path: Buffer;
    if (version === 4) {
      // The path is the previous one less N bytes, plus a NUL-terminated suffix.
      const [strip, next] = readOffsetVarint(buf, at);
      const end = buf.indexOf(0, next);
      if (end < 0) throw new Error('truncated');
      path = Buffer.concat([previous.subarray(0, Math.max(0, previous.length - strip)), buf.subarray(next, end)]);
      at = end + 1;
    } else {
      const end = buf.indexOf(0, at);
      if (end < 0) throw new Error('truncated');
      path = buf.subarray(at, end);
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      at = start + ((end - start + 8) & ~7);
    }
    paths.add(path.toString('utf8'));
    previous = path;
  }
  return paths;
}

/** Git's variable-length offset encoding (each continuation adds one before shifting). */
function readOffsetVarint(buf: Buffer, at: number): [number, number] {
  let c = buf[at++];
  let value = c & 0x7f;
  while (c & 0x80) {
    c = buf[at++];
    value = ((value + 1) << 7) | (c & 0x7f);
  }
  return [value, at];
}

/** `[core] excludesFile` and `[extensions] objectFormat` from one gitconfig file (no includes). */
function readConfig(file: string): { excludesFile?: string; objectFormat?: string } {
  const text = readSmall(file, MAX_CONFIG_BYTES)?.toString('utf8');
  if (text === undefined) return {};
  const out: { excludesFile?: string; objectFormat?: string } = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)\s*(?:"[^"]*")?\s*\]/.exec(line);
    if (header) {
      section = header[1].toLowerCase();
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = `${section}.${kv[1].toLowerCase()}`;
    const value = unquote(kv[2]);
    if (key === 'core.excludesfile') out.excludesFile = value;
    if (key === 'extensions.objectformat') out.objectFormat = value.toLowerCase();
  }
  return out;
}

/** A gitconfig value: an inline comment dropped, quotes removed, `\"` and `\\` resolved. */
function unquote(value: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) out += value[++i] === 't' ? '\t' : value[i] === 'n' ? '\n' : value[i];
    else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === ';')) break;
    else out += c;
  }
  return out.trim();
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** The global config files git reads, in order (a later one wins): $GIT_CONFIG_GLOBAL replaces both. */
function globalConfigFiles(): string[] {
  if (process.env.GIT_CONFIG_GLOBAL) return [process.env.GIT_CONFIG_GLOBAL];
  const xdg = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return [join(xdg, 'git', 'config'), join(homedir(), '.gitconfig')];
}

export interface RepositoryConfig {
  /** core.excludesFile, or git's default `$XDG_CONFIG_HOME/git/ignore`. */
  excludesFile: string;
  /** Length of an object name in the index: 20 (SHA-1) or 32 (SHA-256). */
  hashBytes: number;
}

export function repositoryConfig(root: string, dirs: GitDirs): RepositoryConfig {
  const configs = [...globalConfigFiles(), join(dirs.common, 'config')].map(readConfig);
  const excludes = configs
    .map((c) => c.excludesFile)
    .filter((v): v is string => v !== undefined)
    .pop();
  const xdg = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return {
    excludesFile: excludes ? resolve(root, expandHome(excludes)) : join(xdg, 'git', 'ignore'),
    hashBytes: configs.some((c) => c.objectFormat === 'sha256') ? 32 : 20,
  };
}
