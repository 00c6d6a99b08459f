// Crates too big to hold at once. A crate's analysis keeps every tree and the crate model in
// memory (~110–170 bytes per byte of source), so a crate with tens of megabytes of source to
// parse would need gigabytes. Above a bound it is analysed in parts instead — module subtrees
// packed up to the bound, each part its own crate model — and freed part by part. What a part
// cannot see (callers, helpers, trait impls and intent signals in other parts) is lost, so the
// crate is named in a notification; crates under the bound are analysed exactly as before.
import { relative, sep } from 'node:path';
import type { Notification } from '../types.js';
import type { Rule } from '../rules/rule.js';
import { analyzeCrate, crateNoticePath, type AnalyzeOptions, type CrateResult, type InputFile } from './analyze.js';

/**
 * Source per part. Measured on 5,000-file crates (README, "Performance"), peak RSS of the whole
 * run with all their texts read: generated axum handlers (18 MB) 450 MB with 2 MB parts, 820 MB
 * with 4 MB, 1.5 GB with 8 MB; copies of rustls, hyper-rustls and reqwest (73 MB) 590 MB with 3 MB.
 */
export const PART_MAX_BYTES = 3 * 1024 * 1024;

/**
 * The bound in bytes. `AXUM_TLS_LINT_PART_BYTES` replaces it: a knob for the tests (a small crate
 * forced into parts) and for a machine with less memory, not a setting.
 */
export function partBound(): number {
  const fixed = Number(process.env.AXUM_TLS_LINT_PART_BYTES);
  return Number.isInteger(fixed) && fixed > 0 ? fixed : PART_MAX_BYTES;
}

export interface BoundedJob {
  crateRoot: string;
  inputs: InputFile[];
  rules: Rule[];
  options: AnalyzeOptions;
  check?: readonly string[];
}

/** Notices about a whole crate (named by its folder), not about one of its files. */
export function isCrateNotice(n: Notification): boolean {
  return n.kind === 'budget' || n.kind === 'parts';
}

/**
 * The crate in one analysis when its source fits the bound, else part by part; `afterPart` runs
 * after each part (the explicit collection that frees its trees before the next one is parsed).
 */
export function analyzeBounded(job: BoundedJob, afterPart: (bytes: number) => void): CrateResult {
  const { crateRoot, inputs, rules, options, check } = job;
  const bound = partBound();
  const bytes = sourceBytes(inputs);
  if (bytes <= bound) return analyzeCrate(crateRoot, inputs, rules, options, check);
  const wanted = check ? new Set(check) : undefined;
  const parts = partsOf(crateRoot, inputs, bound);
  const results: CrateResult[] = [];
  for (const part of parts) {
    const own = part.own.map((f) => f.relPath).filter((p) => !wanted || wanted.has(p));
    if (own.length === 0) continue;
    const files = [...part.own, ...part.context].sort((a, b) => byPath(a.absPath, b.absPath));
    const result = analyzeCrate(crateRoot, files, rules, options, own);
    // A part's context files (the modules above its own) are reported by the part that owns them.
    const owned = new Set(own);
    results.push({
      ...result,
      notifications: result.notifications.filter(
        (n) => isCrateNotice(n) || (n.path !== undefined && owned.has(n.path)),
      ),
    });
    afterPart(sourceBytes(files));
  }
  return withPartsNotice(mergeParts(results), partsNotification(crateRoot, inputs, parts.length, bytes, bound));
}

function withPartsNotice(result: CrateResult, notice: Notification): CrateResult {
  return { ...result, notifications: [...result.notifications, notice] };
}

/** Findings of all parts, once each (a rule may place a finding in a context file too); one notice per crate. */
function mergeParts(results: CrateResult[]): CrateResult {
  const seen = new Set<string>();
  const merged: Required<CrateResult> = { findings: [], notifications: [], workSteps: 0, testCodeSites: [] };
  for (const result of results) {
    for (const f of result.findings) {
      const { path, region } = f.location;
      const key = `${f.ruleId}:${path}:${region.startLine}:${region.startColumn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.findings.push(f);
    }
    for (const n of result.notifications) {
      if (isCrateNotice(n) && merged.notifications.some((m) => m.kind === n.kind)) continue;
      merged.notifications.push(n);
    }
    merged.workSteps += result.workSteps ?? 0;
    merged.testCodeSites.push(...(result.testCodeSites ?? []));
  }
  return merged;
}

function partsNotification(
  crateRoot: string,
  inputs: InputFile[],
  parts: number,
  bytes: number,
  bound: number,
): Notification {
  return {
    level: 'warning',
    kind: 'parts',
    path: crateNoticePath(crateRoot, inputs),
    message:
      `analysed in ${parts} part${parts === 1 ? '' : 's'}: ${sizeText(bytes)} of source over the ${sizeText(bound)} bound; ` +
      'cross-file facts (callers, helpers, trait impls, mTLS intent) limited to each part, findings that need them may be missing',
  };
}

/** `84.2 MB`, `6 MB`, `12 KB`: the sizes a reader compares. */
function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

export interface Part {
  /** The files this part analyses and reports. */
  own: InputFile[];
  /**
   * The files above them in the module tree (crate roots, `mod.rs`, `foo.rs` of `foo/`), parsed
   * but not reported: their `mod` declarations say which program a file is in and which modules
   * are `#[cfg(test)]`. One over an eighth of the bound is reduced to those declarations.
   */
  context: InputFile[];
}

/**
 * Module subtrees (`src/foo.rs` with `src/foo/`) packed in path order into parts of at most
 * `bound` bytes; a subtree over the bound is split into its own subtrees, down to single files.
 */
export function partsOf(crateRoot: string, inputs: InputFile[], bound: number): Part[] {
  const entries = inputs.map((input) => ({ input, segments: relativeSegments(crateRoot, input.absPath) }));
  const atoms = subtrees(entries, 0, bound).sort((a, b) => byPath(a[0].input.absPath, b[0].input.absPath));
  const packed: Entry[][] = [];
  let current: Entry[] = [];
  for (const atom of atoms) {
    if (current.length > 0 && entryBytes(current) + entryBytes(atom) > bound) {
      packed.push(current);
      current = [];
    }
    current.push(...atom);
  }
  if (current.length > 0) packed.push(current);
  const byRelative = new Map(entries.map((e) => [e.segments.join('/'), e.input]));
  const declarations = new Map<InputFile, InputFile>();
  // A big module file (generated code in a lib.rs) would be parsed whole in every part below it.
  const asContext = (input: InputFile) => {
    if (input.text.length <= bound / 8) return input;
    let reduced = declarations.get(input);
    if (!reduced) declarations.set(input, (reduced = { ...input, text: moduleDeclarations(input.text) }));
    return reduced;
  };
  return packed.map((part) => {
    const own = part.map((e) => e.input);
    return { own, context: ancestorsOf(part, byRelative, new Set(own)).map(asContext) };
  });
}

const MOD_DECLARATION = /^(pub(\([^)]*\))?\s+)?mod\s+[A-Za-z_]\w*\s*;/;
const ATTRIBUTE_LINE = /^#\[.*\]\s*$/;

/**
 * Only the file's top-level `mod x;` declarations (unindented, as rustfmt writes them) and the
 * attribute lines right above them (`#[cfg(test)]`, `#[path = ".."]`), on their own lines: what
 * says which files are test modules and which program they are in. Other lines are left empty.
 */
export function moduleDeclarations(text: string): string {
  const lines = text.split('\n');
  const keep = new Set<number>();
  lines.forEach((line, i) => {
    if (!MOD_DECLARATION.test(line)) return;
    keep.add(i);
    for (let j = i - 1; j >= 0 && ATTRIBUTE_LINE.test(lines[j]); j--) keep.add(j);
  });
  return lines.map((line, i) => (keep.has(i) ? line : '')).join('\n');
}

interface Entry {
  input: InputFile;
  /** The path below the crate root, by segment. */
  segments: string[];
}

/** Groups of entries under `bound` bytes (or single files), each a module subtree at `depth` or below. */
function subtrees(entries: Entry[], depth: number, bound: number): Entry[][] {
  const atoms: Entry[][] = [];
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    // The file heading a subtree that is being split (`foo.rs` of `foo/`) stands alone.
    if (entry.segments.length <= depth) {
      atoms.push([entry]);
      continue;
    }
    const key = entry.segments[depth].replace(/\.rs$/, '');
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    if (group.length === 1 || entryBytes(group) <= bound) atoms.push(group);
    else atoms.push(...subtrees(group, depth + 1, bound));
  }
  return atoms;
}

/** The module files above a part's files that are not in it: `lib.rs`, `main.rs`, `mod.rs` of each folder, `foo.rs` of `foo/`. */
function ancestorsOf(part: Entry[], byRelative: Map<string, InputFile>, own: Set<InputFile>): InputFile[] {
  const found = new Set<InputFile>();
  for (const { segments } of part) {
    for (let depth = 0; depth < segments.length; depth++) {
      const dir = segments.slice(0, depth).join('/');
      const inDir = (name: string) => (dir ? `${dir}/${name}` : name);
      const candidates = [inDir('lib.rs'), inDir('main.rs'), inDir('mod.rs'), ...(dir ? [`${dir}.rs`] : [])];
      for (const candidate of candidates) {
        const input = byRelative.get(candidate);
        if (input && !own.has(input)) found.add(input);
      }
    }
  }
  return [...found];
}

function relativeSegments(crateRoot: string, absPath: string): string[] {
  return relative(crateRoot, absPath).split(sep).join('/').split('/');
}

function entryBytes(entries: Entry[]): number {
  return entries.reduce((sum, e) => sum + e.input.text.length, 0);
}

export function sourceBytes(inputs: InputFile[]): number {
  return inputs.reduce((sum, input) => sum + input.text.length, 0);
}

/** The order of a crate's inputs (run.ts): code units, never locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
