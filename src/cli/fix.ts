// `--fix`, `--fix-suggestions`, `--fix-dry-run`: applies the fixes rules declared on findings
// (Finding.fixes) to the files, Clippy/Ruff style. Knows no rule: only regions and texts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorNodes, loadRustParser, parseRust } from '../parser/parser.js';
import type { Finding, Fix, Region } from '../types.js';

export type FixKind = Fix['kind'];

export interface FixOptions {
  /** Which kinds to apply: `safe` (--fix), also `suggestion` (--fix-suggestions). */
  kinds: ReadonlySet<FixKind>;
  /** false: --fix-dry-run (files are left alone, a diff is returned). */
  write: boolean;
}

export interface FileFixes {
  /** Relative to the scan root, as in findings. */
  path: string;
  before: string;
  after: string;
  /** Fixes applied to this file. */
  applied: number;
  /** Fixes undone because they added a syntax error. */
  undone: number;
}

/** A fix's edit as offsets into its file's text. */
interface Span {
  start: number;
  end: number;
  text: string;
}

/** The fix mode the flags ask for, or undefined when none was given. */
export function fixOptionsOf(values: {
  fix?: boolean;
  'fix-suggestions'?: boolean;
  'fix-dry-run'?: boolean;
}): FixOptions | undefined {
  if (!values.fix && !values['fix-suggestions'] && !values['fix-dry-run']) return undefined;
  const kinds = new Set<FixKind>(values['fix-suggestions'] ? ['safe', 'suggestion'] : ['safe']);
  return { kinds, write: !values['fix-dry-run'] };
}

/**
 * Applies the chosen fixes of `findings` (suppressed ones excluded) under `root`: per file, the
 * fixes that do not overlap one chosen before, each kept only if the file still parses as well
 * as before it. Files are written only when `options.write`; `texts` (unsaved, stdin) replace the disk's.
 */
export async function applyFixes(
  root: string,
  findings: Finding[],
  options: FixOptions,
  texts?: ReadonlyMap<string, string>,
): Promise<FileFixes[]> {
  await loadRustParser();
  const out: FileFixes[] = [];
  for (const [path, fixes] of fixesByFile(findings, options.kinds)) {
    const before = texts?.get(join(root, path)) ?? readFileSync(join(root, path), 'utf8');
    const result = applyToText(before, fixes);
    if (result.applied === 0 && result.undone === 0) continue;
    if (options.write && result.text !== before) writeFileSync(join(root, path), result.text);
    out.push({ path, before, after: result.text, applied: result.applied, undone: result.undone });
  }
  return out;
}

/** Chosen fixes per file. A fix editing several files is left to a human: half a fix is a wrong fix. */
function fixesByFile(findings: Finding[], kinds: ReadonlySet<FixKind>): Map<string, Fix[]> {
  const byFile = new Map<string, Fix[]>();
  for (const finding of findings) {
    if (finding.suppression) continue;
    // Safe fixes first: when a finding offers both, the safe one is taken.
    const fix = [...(finding.fixes ?? [])].sort((a, b) => rank(a) - rank(b)).find((f) => kinds.has(f.kind));
    const paths = new Set(fix?.edits.map((e) => e.path));
    if (!fix || paths.size !== 1) continue;
    const [path] = paths;
    byFile.set(path, [...(byFile.get(path) ?? []), fix]);
  }
  return byFile;
}

const rank = (fix: Fix) => (fix.kind === 'safe' ? 0 : 1);

/**
 * Applies fixes to one file's text, last first (earlier offsets stay valid). A fix overlapping an
 * applied one is skipped (the next `--fix` run sees it again); a fix whose text would add a syntax
 * error is undone.
 */
export function applyToText(text: string, fixes: Fix[]): { text: string; applied: number; undone: number } {
  const starts = lineStarts(text);
  const spansOf = (fix: Fix) =>
    fix.edits.map((e) => spanOf(starts, e.region, e.text)).sort((a, b) => b.start - a.start);
  const ordered = fixes.map(spansOf).sort((a, b) => b[0].start - a[0].start);
  let current = text;
  let errors = syntaxErrors(current);
  let applied = 0;
  let undone = 0;
  const taken: Span[] = [];
  const seen = new Set<string>();
  for (const spans of ordered) {
    const key = JSON.stringify(spans);
    if (seen.has(key)) continue; // the same rewrite offered by two findings
    seen.add(key);
    if (spans.some((s) => taken.some((t) => s.start < t.end && t.start < s.end))) continue;
    const next = spans.reduce((acc, s) => acc.slice(0, s.start) + s.text + acc.slice(s.end), current);
    const nextErrors = syntaxErrors(next);
    if (nextErrors > errors) {
      undone++;
      continue;
    }
    current = next;
    errors = nextErrors;
    taken.push(...spans);
    applied++;
  }
  return { text: current, applied, undone };
}

function syntaxErrors(text: string): number {
  const tree = parseRust(text);
  try {
    return errorNodes(tree).length;
  } finally {
    tree.delete();
  }
}

/** Offsets of the first character of each line (after `\n`, so `\r\n` lines keep their `\r`). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Regions are 1-based lines and UTF-16 columns, like JavaScript string offsets. */
function spanOf(starts: number[], region: Region, text: string): Span {
  const at = (line: number, column: number) => (starts[line - 1] ?? Number.NaN) + column - 1;
  const span = { start: at(region.startLine, region.startColumn), end: at(region.endLine, region.endColumn), text };
  if (!(span.start <= span.end)) throw new Error(`fix region outside the file (line ${region.startLine})`);
  return span;
}

interface Range {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Lines of a text; the newline that ends the last line opens no line of its own. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Changed line ranges. Outside the common head and tail, files of equal length are compared line
 * by line (fixes rewrite within lines); otherwise the middle is one change.
 */
function changedRanges(a: string[], b: string[]): Range[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  if (head === a.length && head === b.length) return [];
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (a.length !== b.length) return [{ aStart: head, aEnd: a.length - tail, bStart: head, bEnd: b.length - tail }];
  const out: Range[] = [];
  for (let i = head; i < a.length - tail; i++) {
    if (a[i] === b[i]) continue;
    const last = out.at(-1);
    // Adjacent changed lines are one change: all removed lines, then all added ones.
    if (last && last.aEnd === i) {
      last.aEnd = last.bEnd = i + 1;
    } else out.push({ aStart: i, aEnd: i + 1, bStart: i, bEnd: i + 1 });
  }
  return out;
}

const CONTEXT = 3;

/** Changed ranges with their context; ranges whose contexts touch share a hunk. */
function hunks(a: string[], ranges: Range[]): Array<Range & { changes: Range[] }> {
  const out: Array<Range & { changes: Range[] }> = [];
  for (const r of ranges) {
    const aStart = Math.max(0, r.aStart - CONTEXT);
    const aEnd = Math.min(a.length, r.aEnd + CONTEXT);
    const last = out.at(-1);
    if (last && aStart <= last.aEnd) {
      last.bEnd += aEnd - last.aEnd;
      last.aEnd = aEnd;
      last.changes.push(r);
      continue;
    }
    out.push({ aStart, aEnd, bStart: r.bStart - (r.aStart - aStart), bEnd: r.bEnd + (aEnd - r.aEnd), changes: [r] });
  }
  return out;
}

/** A unified diff of one file (`git apply -p1` reads it), three lines of context. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = linesOf(before);
  const b = linesOf(after);
  const ranges = changedRanges(a, b);
  if (ranges.length === 0) return '';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const h of hunks(a, ranges)) {
    out.push(`@@ -${h.aStart + 1},${h.aEnd - h.aStart} +${h.bStart + 1},${h.bEnd - h.bStart} @@`);
    let i = h.aStart;
    let j = h.bStart;
    for (const r of h.changes) {
      for (; i < r.aStart; i++, j++) out.push(` ${a[i]}`);
      for (; i < r.aEnd; i++) out.push(`-${a[i]}`);
      for (; j < r.bEnd; j++) out.push(`+${b[j]}`);
    }
    for (; i < h.aEnd; i++, j++) out.push(` ${a[i]}`);
  }
  return `${out.join('\n')}\n`;
}

/** The dry run's output: every changed file's diff. */
export function diffOf(files: FileFixes[]): string {
  return files.map((f) => unifiedDiff(f.path, f.before, f.after)).join('');
}

/** The text of the one file read from stdin after fixing (unchanged when nothing applied). */
export function fixedText(original: string, files: FileFixes[]): string {
  return files[0]?.after ?? original;
}

/** One line for stderr: what --fix did. */
export function fixSummary(files: FileFixes[], write: boolean): string {
  const applied = files.reduce((n, f) => n + f.applied, 0);
  const undone = files.reduce((n, f) => n + f.undone, 0);
  const changed = files.filter((f) => f.after !== f.before).length;
  const verb = write ? 'fixed' : 'would fix';
  const undoneText =
    undone > 0 ? `; ${undone} fix${undone === 1 ? '' : 'es'} not applied (they would add a syntax error)` : '';
  return `${verb} ${applied} finding${applied === 1 ? '' : 's'} in ${changed} file${changed === 1 ? '' : 's'}${undoneText}`;
}
