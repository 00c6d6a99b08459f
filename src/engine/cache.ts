// The result cache. Its granularity is the crate: the engine analyses a crate as a whole
// (verifier impls, constants and intent signals in one file change findings in another), so a
// cached result is valid only while every file of the crate is unchanged. One entry per crate
// and settings, in a file named after them; the entry records a key — the hash of the tool
// version, the rules and settings, and the path and content hash of every file worth parsing —
// and is used only when the key matches. It also records the same hash over every file read
// (`sourcesKey`): when that matches, the entry is used before the prefilter decides which files
// are worth parsing (its carrier pass is a tenth of a warm run in a TLS-dense crate); when only
// the key matches (a file no rule can fire in changed), after. A warm run reads and hashes files
// but parses only crates that changed.
// A run that names some files of a crate checks only those (engine/analyze.ts) and keeps one
// entry per checked file beside the crate's, under the same crate-wide key.
//
// A cache must never hide a finding. An entry with its findings emptied would make a run pass,
// so entries are state the checkout must not be able to supply: the default folder is outside
// it (the user's cache folder, one subfolder per working folder); entries tracked by git (which
// came with the checkout) are never read; a linked cache folder is not used; and each entry is
// checked — its shape, its key, and a digest of the key and the result together — and ignored
// with a notice when anything is wrong, the crate then being analysed again. The digest catches
// damage and hand edits; it is not a signature (anyone can compute it), the location is the
// protection against a forger.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { crateNoticePath, type CrateResult } from './analyze.js';
import { isCrateNotice, partBound, sourceBytes } from './parts.js';
import type { CrateUnit } from './run.js';
import type { Finding, Notification } from '../types.js';
import { TOOL_VERSION } from '../version.js';
import { CACHE_ENTRY_LIMIT, readSmallRegularFile, UnsafeFileError } from './safe-read.js';
import { gitTracked, type Tracked } from './git-index.js';

const CACHE_FORMAT = 4;

interface Entry {
  format: number;
  toolVersion: string;
  key: string;
  /** The key over every file read (the key is over the files worth parsing). */
  sourcesKey: string;
  /** sha256 of the keys and the result: a damaged or edited entry is not used. */
  digest: string;
  result: CrateResult;
}

/**
 * `$XDG_CACHE_HOME/axum-tls-lint/<folder>-<hash>` (else `~/.cache/…`, `%LOCALAPPDATA%\…` on
 * Windows): outside the checkout, one folder per working folder, named by its real path.
 */
export function defaultCacheLocation(cwd: string): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base =
    xdg && isAbsolute(xdg)
      ? xdg
      : process.platform === 'win32' && process.env.LOCALAPPDATA
        ? process.env.LOCALAPPDATA
        : join(homedir(), '.cache');
  let root = cwd;
  try {
    root = realpathSync(cwd);
  } catch {
    // the working folder as given
  }
  const name =
    basename(root)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'root';
  return join(base, 'axum-tls-lint', `${name}-${sha256(root).slice(0, 16)}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function digestOf(key: string, sourcesKey: string, result: CrateResult): string {
  return sha256(`${key}\0${sourcesKey}\0${JSON.stringify(result)}`);
}

export class CrateCache {
  hits = 0;
  misses = 0;
  /** The first error met writing the cache (the run goes on without it). */
  writeError?: string;
  /** Entries found and not used, and why: shown as notices. */
  readonly problems: Notification[] = [];
  private readonly keys = new WeakMap<CrateUnit, Map<string, string>>();
  private tracked?: Tracked;
  /** Why the folder is not used at all (a link), once known. */
  private unusable?: string;

  constructor(
    readonly dir: string,
    private readonly toolVersion: string = TOOL_VERSION,
  ) {
    this.unusable = linkedFolder(dir);
    if (this.unusable) this.problems.push({ level: 'warning', kind: 'skipped', message: this.unusable });
  }

  /**
   * Everything the crate's result depends on. `file`: the key of one file's entry (its findings
   * from a run that checked only some files of the crate), which a whole entry cannot pass for.
   * Over the files worth parsing (`unit.inputs`), or with `over: 'sources'` over every file read:
   * the files worth parsing are a function of the texts of all of them and of the active rules.
   */
  key(unit: CrateUnit, file?: string, over: 'inputs' | 'sources' = 'inputs'): string {
    let keys = this.keys.get(unit);
    if (!keys) this.keys.set(unit, (keys = new Map()));
    const slot = `${over}\0${file ?? ''}`;
    let key = keys.get(slot);
    if (key === undefined) {
      const files = over === 'inputs' ? unit.inputs : unit.sources;
      const p = unit.profile;
      key = sha256(
        JSON.stringify({
          format: CACHE_FORMAT,
          tool: this.toolVersion,
          rules: p.rules.map((r) => r.meta.id).sort(),
          active: unit.activeRuleIds ?? null,
          settings: { mtls: p.mtls, minTlsVersion: p.minTlsVersion, includeTests: p.includeTests },
          crateRoot: unit.crateRoot,
          files: files.map((f) => [f.relPath, sha256(f.text)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          ...(over === 'sources' ? { over } : {}),
          checked: file ?? null,
          // A crate over the part bound is analysed in parts: a run with another bound may differ.
          // (Over every file read, the bytes of all of them bound the bytes to parse.)
          ...(sourceBytes(files) > partBound() ? { partBound: partBound() } : {}),
        }),
      );
      keys.set(slot, key);
    }
    return key;
  }

  /**
   * The crate's whole result has one entry; a run that checks only some of its files (a pre-commit
   * hook) writes one entry per checked file beside it: any later run naming any of those files
   * (parallel hook processes with other lists) finds them, and the count stays one per file.
   */
  private fileOf(unit: CrateUnit, file?: string): string {
    const slot = file === undefined ? '' : `\0file\0${file}`;
    return join(this.dir, `${sha256(`${unit.crateRoot}\0${unit.profile.id}${slot}`).slice(0, 32)}.json`);
  }

  /**
   * The crate's result, when the whole crate's entry is sound, or — for a run checking some files
   * — when each of those files has a sound entry. When only some of them have one, their results
   * go to `unit.cachedPart` and `unit.checked` keeps the others: only they are checked again.
   * `decide` fills `unit.inputs` (the prefilter's files worth parsing); it is called only when an
   * entry's key over every file read does not match.
   */
  get(unit: CrateUnit, decide: () => void = () => {}): CrateResult | undefined {
    let result = this.unusable ? undefined : this.usableEntry(unit, decide);
    if (!result && !this.unusable && unit.checked) {
      const parts: CrateResult[] = [];
      const missing: string[] = [];
      for (const file of unit.checked) {
        const part = this.usableEntry(unit, decide, file);
        if (part) parts.push(part);
        else missing.push(file);
      }
      if (missing.length === 0) result = mergeResults(parts);
      else if (parts.length > 0) {
        unit.cachedPart = mergeResults(parts);
        unit.checked = missing;
      }
    }
    if (result) this.hits++;
    return result;
  }

  /** The entry's result when it is there and sound; a notice for one that is there and is not. */
  private usableEntry(unit: CrateUnit, decide: () => void, checked?: string): CrateResult | undefined {
    const file = this.fileOf(unit, checked);
    let text: string;
    try {
      text = readSmallRegularFile(file, CACHE_ENTRY_LIMIT);
    } catch (err) {
      if (!(err instanceof UnsafeFileError && err.code === 'ENOENT')) this.ignored(file, (err as Error).message);
      return undefined;
    }
    this.tracked ??= gitTracked(this.dir);
    if (this.tracked(file)) return this.ignored(file, 'it is tracked by git (it came with the checkout)');
    // A file's entry may name only that file.
    const paths = new Set(checked === undefined ? unit.sources.map((f) => f.relPath) : [checked]);
    const where = { paths, crate: crateNoticePath(unit.crateRoot, unit.sources) };
    const keys = {
      sources: this.key(unit, checked, 'sources'),
      inputs: () => {
        decide();
        return this.key(unit, checked);
      },
    };
    const why = problemOf(parseJson(text), this.toolVersion, keys, where);
    if (typeof why === 'string') return why === 'stale' ? undefined : this.ignored(file, why);
    return why.result;
  }

  private ignored(file: string, why: string): undefined {
    this.problems.push({
      level: 'warning',
      kind: 'skipped',
      message: `cache entry ${file} not used: ${why}; the crate was analysed again`,
    });
    return undefined;
  }

  /**
   * Written atomically (a new temporary file, then rename): parallel runs never read half an
   * entry. A result of a run that checked some files is written as one entry per checked file.
   */
  set(unit: CrateUnit, result: CrateResult): void {
    this.misses++; // a crate analysed (one the prefilter leaves nothing to check in is neither)
    if (this.unusable) return;
    if (unit.checked === undefined) {
      this.write(unit, undefined, result);
      return;
    }
    for (const file of unit.checked) {
      this.write(unit, file, {
        findings: result.findings.filter((f) => f.location.path === file),
        // A crate-wide notice (out of budget, analysed in parts) concerns each file checked with it.
        notifications: result.notifications.filter((n) => n.path === file || isCrateNotice(n)),
        testCodeSites: (result.testCodeSites ?? []).filter((site) => site.path === file),
      });
    }
  }

  private write(unit: CrateUnit, checked: string | undefined, result: CrateResult): void {
    const key = this.key(unit, checked);
    const sourcesKey = this.key(unit, checked, 'sources');
    const entry: Entry = {
      format: CACHE_FORMAT,
      toolVersion: this.toolVersion,
      key,
      sourcesKey,
      digest: digestOf(key, sourcesKey, result),
      result,
    };
    const file = this.fileOf(unit, checked);
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      try {
        writeFileSync(fd, JSON.stringify(entry));
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    } catch (err) {
      try {
        unlinkSync(temp);
      } catch {
        // never created
      }
      this.writeError ??= `cache not written to ${this.dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
  }
}

/** One result from several (files' entries, or cached files and the ones checked again). */
export function mergeResults(parts: CrateResult[]): CrateResult {
  const notices = new Set<string>();
  return {
    findings: parts.flatMap((p) => p.findings),
    // A crate-wide notice comes with each file's entry: once.
    notifications: parts
      .flatMap((p) => p.notifications)
      .filter((n) => {
        const id = JSON.stringify(n);
        return !notices.has(id) && notices.add(id) !== undefined;
      }),
    testCodeSites: parts.flatMap((p) => p.testCodeSites ?? []),
    workSteps: parts.reduce((sum, p) => sum + (p.workSteps ?? 0), 0),
  };
}

/** A cache folder that is a symbolic link would be written through: not used. */
function linkedFolder(dir: string): string | undefined {
  try {
    if (lstatSync(dir).isSymbolicLink())
      return `cache not used: ${dir} is a symbolic link (it would be written through)`;
  } catch {
    // not there yet: created when written
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with a parsed entry: 'stale' (an earlier version of the crate or the tool,
 * replaced silently), a reason, or nothing (the entry is returned).
 */
function problemOf(
  data: unknown,
  toolVersion: string,
  keys: { sources: string; inputs: () => string },
  where: Places,
): string | { result: CrateResult } {
  if (!isObject(data)) return 'not a cache entry (not a JSON object)';
  const e = data as Partial<Entry>;
  if (e.format !== CACHE_FORMAT || e.toolVersion !== toolVersion || typeof e.key !== 'string') return 'stale';
  if (typeof e.sourcesKey !== 'string') return 'malformed (unexpected structure)';
  // The key over every file read answers without the prefilter; else the key over the files worth parsing.
  if (e.sourcesKey !== keys.sources && e.key !== keys.inputs()) return 'stale';
  if (!isObject(e.result) || !isCrateResult(e.result, where)) return 'malformed (unexpected structure)';
  if (e.digest !== digestOf(e.key, e.sourcesKey, e.result))
    return 'its digest does not match its content (damaged or edited)';
  return { result: e.result };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const LEVELS = new Set(['error', 'warning', 'note']);
const KINDS = new Set([
  'unreadable',
  'not-utf8',
  'parse-error',
  'too-large',
  'binary',
  'skipped',
  'config',
  'internal',
  'suppression',
]);
/** Kinds of the notices that name the crate's folder rather than a file (see parts.ts, isCrateNotice). */
const CRATE_KINDS = new Set(['budget', 'parts']);

/** The shape the engine produces, with every path one of the crate's files. */
/** What an entry may name: the crate's files, and its folder in a crate-wide notice (out of budget, in parts). */
interface Places {
  paths: Set<string>;
  crate: string;
}

function isCrateResult(r: Record<string, unknown>, where: Places): r is Record<string, unknown> & CrateResult {
  return (
    Array.isArray(r.findings) &&
    Array.isArray(r.notifications) &&
    r.findings.every((f) => isFinding(f, where.paths)) &&
    r.notifications.every((n) => isNotification(n, where))
  );
}

function isFinding(f: unknown, paths: Set<string>): f is Finding {
  if (!isObject(f)) return false;
  const loc = f.location;
  return (
    typeof f.ruleId === 'string' &&
    LEVELS.has(f.level as string) &&
    typeof f.message === 'string' &&
    typeof f.help === 'string' &&
    typeof f.fingerprint === 'string' &&
    typeof f.sourceLine === 'string' &&
    isObject(loc) &&
    paths.has(loc.path as string) &&
    isRegion(loc.region) &&
    Array.isArray(f.relatedLocations) &&
    f.relatedLocations.every(
      (r) =>
        isObject(r) &&
        typeof r.path === 'string' &&
        typeof r.label === 'string' &&
        typeof r.sourceLine === 'string' &&
        isRegion(r.region),
    )
  );
}

function isRegion(r: unknown): boolean {
  return (
    isObject(r) &&
    ['startLine', 'startColumn', 'endLine', 'endColumn'].every((k) => Number.isInteger(r[k]) && (r[k] as number) >= 1)
  );
}

function isNotification(n: unknown, where: Places): n is Notification {
  if (!isObject(n) || !LEVELS.has(n.level as string) || typeof n.message !== 'string') return false;
  if (n.line !== undefined && !Number.isInteger(n.line)) return false;
  if (CRATE_KINDS.has(n.kind as string)) return n.path === where.crate;
  return KINDS.has(n.kind as string) && (n.path === undefined || where.paths.has(n.path as string));
}
