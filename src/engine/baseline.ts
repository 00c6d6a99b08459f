// Baselines: a committed file listing today's findings so that they stop blocking while new
// ones still do. An entry is keyed by file, rule and the line-independent fingerprint
// (Finding.fingerprint), so code moving up or down keeps matching; each entry matches one
// finding at most. Paths are relative to the baseline file's folder.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding } from '../types.js';
import { BASELINE_LIMIT, readSmallRegularFile, type UnsafeFileError } from './safe-read.js';

export const BASELINE_FORMAT = 'axum-tls-lint-baseline';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  path: string;
  ruleId: string;
  fingerprint: string;
  /** For the reader of the file; not used for matching. */
  message?: string;
}

export interface BaselineFile {
  format: string;
  version: number;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function keyOf(e: { path: string; ruleId: string; fingerprint: string }): string {
  return `${e.path}\0${e.ruleId}\0${e.fingerprint}`;
}

/** A finding's path as the baseline file at `file` writes it. */
function entryPath(baselineFile: string, root: string, findingPath: string): string {
  return toPosix(relative(dirname(baselineFile), resolve(root, findingPath)));
}

export function readBaseline(file: string, display: string): BaselineEntry[] {
  if (!existsSync(file))
    throw new BaselineError(`${display}: baseline file not found (create it with --write-baseline ${display})`);
  let text: string;
  try {
    text = readSmallRegularFile(file, BASELINE_LIMIT);
  } catch (err) {
    throw new BaselineError(`${display}: ${(err as UnsafeFileError).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error: the file is only said not to be JSON.
    throw new BaselineError(`${display}: not a baseline file (not valid JSON); write one with --write-baseline`);
  }
  const b = data as Partial<BaselineFile>;
  if (b === null || typeof b !== 'object' || b.format !== BASELINE_FORMAT || !Array.isArray(b.findings)) {
    throw new BaselineError(
      `${display}: not a baseline file (expected {"format": "${BASELINE_FORMAT}", "findings": [...]}); write one with --write-baseline`,
    );
  }
  if (b.version !== BASELINE_VERSION)
    throw new BaselineError(
      `${display}: baseline version ${String(b.version)} is not supported (expected ${BASELINE_VERSION})`,
    );
  for (const [i, e] of b.findings.entries()) {
    if (!e || typeof e.path !== 'string' || typeof e.ruleId !== 'string' || typeof e.fingerprint !== 'string') {
      throw new BaselineError(`${display}: findings[${i}] needs "path", "ruleId" and "fingerprint" strings`);
    }
  }
  return b.findings;
}

export interface BaselineMatch {
  /** Findings not in the baseline: these are reported. */
  fresh: Finding[];
  /** Findings the baseline covers. */
  known: number;
  /** Entries that matched no finding in a file this run looked at: fixed (or changed); prune them. */
  stale: BaselineEntry[];
}

/**
 * Splits findings into new ones and baselined ones. `scanned(path)` tells whether this run looked
 * at a file (as a baseline path), so entries for files outside the run are not called stale.
 */
export function matchBaseline(
  entries: BaselineEntry[],
  findings: Finding[],
  baselineFile: string,
  root: string,
  scanned: (entryPath: string) => boolean,
): BaselineMatch {
  const remaining = new Map<string, number>();
  for (const e of entries) remaining.set(keyOf(e), (remaining.get(keyOf(e)) ?? 0) + 1);
  const fresh: Finding[] = [];
  let known = 0;
  for (const f of findings) {
    const key = keyOf({
      path: entryPath(baselineFile, root, f.location.path),
      ruleId: f.ruleId,
      fingerprint: f.fingerprint,
    });
    const n = remaining.get(key) ?? 0;
    if (n > 0) {
      remaining.set(key, n - 1);
      known++;
    } else fresh.push(f);
  }
  const stale: BaselineEntry[] = [];
  for (const e of entries) {
    const key = keyOf(e);
    const n = remaining.get(key) ?? 0;
    if (n > 0 && scanned(e.path)) {
      remaining.set(key, n - 1);
      stale.push(e);
    }
  }
  return { fresh, known, stale };
}

/**
 * The content of a baseline recording `findings`. Entries of `previous` for files this run did
 * not look at are kept, so writing a baseline from a partial run loses nothing.
 */
export function baselineContent(
  findings: Finding[],
  baselineFile: string,
  root: string,
  previous: BaselineEntry[],
  scanned: (entryPath: string) => boolean,
): string {
  const entries: BaselineEntry[] = previous.filter((e) => !scanned(e.path));
  for (const f of findings) {
    entries.push({
      path: entryPath(baselineFile, root, f.location.path),
      ruleId: f.ruleId,
      fingerprint: f.fingerprint,
      // The primary message: one line saying what is wrong, for a reader of the file.
      message: f.message,
    });
  }
  // Code-unit order: the same bytes whatever the locale of the machine that writes it.
  entries.sort(
    (a, b) =>
      compareCodeUnits(a.path, b.path) ||
      compareCodeUnits(a.ruleId, b.ruleId) ||
      compareCodeUnits(a.fingerprint, b.fingerprint),
  );
  const file: BaselineFile = { format: BASELINE_FORMAT, version: BASELINE_VERSION, findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `scanned` for baseline paths: the run read the file, or it is gone from a folder the run walked. */
export function scannedPredicate(
  baselineFile: string,
  root: string,
  readPaths: Set<string>,
  walkedDirs: string[],
): (entryPath: string) => boolean {
  const base = dirname(baselineFile);
  return (p) => {
    const abs = resolve(base, p);
    if (readPaths.has(toPosix(relative(root, abs)))) return true;
    if (existsSync(abs)) return false;
    return walkedDirs.some((d) => {
      const rel = relative(d, abs);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    });
  };
}
