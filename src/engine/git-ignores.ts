// Git's ignore rules, as git itself applies them, and the folders above which no file of the
// scanned tree is looked up (.gitignore, configurations, Cargo.toml).
//
// Precedence (gitignore(5)): the deepest .gitignore that has a matching pattern decides, the
// last matching pattern within it wins (`!keep.rs` re-includes), then .git/info/exclude, then
// core.excludesFile. A folder that is ignored is not entered, so nothing below it comes back.
// A file git tracks is never ignored: ignore rules only speak about untracked files.
// `.ignore` files (ripgrep's, also read by fd and Ruff) are the exception on purpose: they
// exist to leave out what git keeps (vendored code), so they apply to tracked files too, and
// they win over the .gitignore of the same folder.
import ignore, { type Ignore } from 'ignore';
import { existsSync, statSync } from 'node:fs';
import { IGNORE_FILE_LIMIT, readSmallRegularFile } from './safe-read.js';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gitDirs, repositoryConfig, trackedPaths, type GitDirs } from './git-index.js';

const repositoryRoots = new Map<string, string | undefined>();

/** The top level of the git working tree holding `dir` (a `.git` folder, or a `.git` file of a worktree or submodule). */
export function repositoryRoot(dir: string): string | undefined {
  return nearestFolderWith(dir, '.git', repositoryRoots);
}

/**
 * The nearest folder from `start` up that holds `marker` (no higher than `ceiling`, when given); the answer
 * is kept in `cache` for every folder passed on the way.
 */
export function nearestFolderWith(
  start: string,
  marker: string,
  cache: Map<string, string | undefined>,
  ceiling?: string,
): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let d = start; ; d = dirname(d)) {
    if (cache.has(d)) {
      found = cache.get(d);
      break;
    }
    visited.push(d);
    if (existsSync(join(d, marker))) {
      found = d;
      break;
    }
    if (d === ceiling || dirname(d) === d) break;
  }
  for (const v of visited) cache.set(v, found);
  return found;
}

// The folders this run was asked to scan, and its working folder: outside a repository, files
// are looked up no higher than these (a `../.gitignore` with `*.rs` must not empty a scan).
const scanCeilings = new Set<string>();

/** Discovery registers each folder it scans (one run per process, so this is the run's list). */
export function registerScanFolder(folder: string): void {
  scanCeilings.add(resolve(folder));
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The highest folder a lookup starting at `dir` may reach: the repository root, else the
 * outermost scanned folder (or the working folder) that holds `dir`, else `dir` itself.
 */
export function lookupCeiling(dir: string, cwd: string = process.cwd()): string {
  const repo = repositoryRoot(dir);
  if (repo) return repo;
  const holders = [...scanCeilings, resolve(cwd)].filter((f) => isWithin(dir, f));
  return holders.sort((a, b) => a.length - b.length)[0] ?? dir;
}

/** The folders from `ceiling` down to `dir`, outermost first (just `dir` when it is not below `ceiling`). */
export function foldersDownTo(dir: string, ceiling: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    out.push(d);
    if (d === ceiling || dirname(d) === d) break;
  }
  return isWithin(dir, ceiling) ? out.reverse() : [dir];
}

function readIgnoreFile(file: string): Ignore | undefined {
  try {
    // Bounded like every file of the checkout (a FIFO, a device, /proc or a huge file is refused).
    return ignore().add(readSmallRegularFile(file, IGNORE_FILE_LIMIT));
  } catch {
    // An unreadable ignore file ignores nothing: the files it would hide are still analysed.
    return undefined;
  }
}

/** What git knows of one repository: its repository-wide excludes and its tracked files. */
class Repository {
  /** .git/info/exclude, then core.excludesFile: after every .gitignore in precedence. */
  readonly excludes: Ignore[] = [];
  private readonly dirs?: GitDirs;
  private readonly hashBytes: number = 20;
  private trackedFiles?: Set<string>;

  constructor(readonly root: string) {
    this.dirs = gitDirs(root);
    if (!this.dirs) return;
    const config = repositoryConfig(root, this.dirs);
    this.hashBytes = config.hashBytes;
    for (const file of [join(this.dirs.common, 'info', 'exclude'), config.excludesFile]) {
      const ig = readIgnoreFile(file);
      if (ig) this.excludes.push(ig);
    }
  }

  /** Tracked paths (relative to the root, `/`-separated); the index is read once, when a pattern first ignores something. */
  tracked(): Set<string> {
    this.trackedFiles ??= this.dirs ? trackedPaths(this.dirs, this.hashBytes) : new Set();
    return this.trackedFiles;
  }
}

const repositories = new Map<string, Repository>();

function repositoryAt(root: string): Repository {
  let repo = repositories.get(root);
  if (!repo) repositories.set(root, (repo = new Repository(root)));
  return repo;
}

function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

interface PatternSet {
  base: string;
  ig: Ignore;
  /** `.ignore`: the user's word to tools, which git's tracking does not override. */
  tool?: boolean;
}

/** The set that decides: the first one with a pattern matching the path (ignoring or re-including it). */
function decide(sets: PatternSet[], path: string, isDir: boolean): { ignored: boolean; tool: boolean } | undefined {
  for (const { base, ig, tool } of sets) {
    if (!isWithin(path, base) || path === base) continue;
    const rel = posixRelative(base, path);
    const { ignored, unignored } = ig.test(isDir ? `${rel}/` : rel);
    if (ignored || unignored) return { ignored, tool: tool === true };
  }
  return undefined;
}

/**
 * The ignore rules met while walking one scanned folder: the .gitignore files of the folders
 * entered so far and of those above it up to the repository root, and the repository's own.
 */
export class GitIgnores {
  /** Deepest first: that is git's precedence. */
  private readonly levels: PatternSet[] = [];
  private readonly repo?: Repository;
  private repoExcludes: PatternSet[] = [];

  constructor(scanRoot: string) {
    const root = repositoryRoot(scanRoot);
    if (!root) return; // Outside a repository only the ignore files inside the scanned folder apply.
    this.repo = repositoryAt(root);
    this.repoExcludes = this.repo.excludes.map((ig) => ({ base: root, ig }));
    if (scanRoot !== root) for (const d of foldersDownTo(dirname(scanRoot), root)) this.load(d);
    // A folder named on the command line is scanned even when an ignore rule above ignores it
    // (bench-corpus/, vendored code): then only the ignore files inside it apply.
    if (this.decision(scanRoot, true)?.ignored) {
      this.levels.length = 0;
      this.repoExcludes = [];
    }
  }

  /** Called once per folder as the walk enters it, with the names of its ignore files. */
  enter(folder: string, names: Set<string>): void {
    if (names.has('.gitignore') || names.has('.ignore')) this.load(folder);
  }

  private load(folder: string): void {
    const git = readIgnoreFile(join(folder, '.gitignore'));
    if (git) this.levels.unshift({ base: folder, ig: git });
    const tool = readIgnoreFile(join(folder, '.ignore'));
    if (tool) this.levels.unshift({ base: folder, ig: tool, tool: true });
  }

  private decision(path: string, isDir: boolean) {
    return decide([...this.levels, ...this.repoExcludes], path, isDir);
  }

  /**
   * True when the file or folder is left out: ignored by git's patterns and, for a file, not
   * tracked; or ignored by an `.ignore` file.
   */
  ignores(path: string, isDir: boolean): boolean {
    const d = this.decision(path, isDir);
    if (!d?.ignored) return false;
    if (d.tool || !this.repo || isDir) return true;
    return !this.repo.tracked().has(posixRelative(this.repo.root, path));
  }

  /**
   * Tracked files below a folder that git's patterns ignore: git keeps them, so the walk must
   * not lose them. None below a folder that an `.ignore` file leaves out.
   */
  trackedBelow(folder: string): string[] {
    if (!this.repo || this.decision(folder, true)?.tool) return [];
    const prefix = `${posixRelative(this.repo.root, folder)}/`;
    return [...this.repo.tracked()]
      .filter((p) => p.startsWith(prefix))
      .map((p) => join(this.repo!.root, ...p.split('/')));
  }
}

/**
 * The root that report URIs are relative to (SARIF %SRCROOT%): the repository holding the
 * first scanned path, whatever the working folder; outside a repository, the folder that holds
 * every scanned path.
 */
export function sourceRoot(paths: string[], cwd: string): string {
  const folders = paths.map((p) => {
    const abs = resolve(cwd, p);
    try {
      return statSync(abs).isDirectory() ? abs : dirname(abs);
    } catch {
      return dirname(abs);
    }
  });
  const repo = repositoryRoot(folders[0] ?? resolve(cwd));
  if (repo) return repo;
  return folders.reduce((common, f) => {
    let c = common;
    while (!isWithin(f, c) && dirname(c) !== c) c = dirname(c);
    return c;
  }, folders[0] ?? resolve(cwd));
}
