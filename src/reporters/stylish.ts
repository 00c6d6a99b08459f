// Human output shaped like rustc's and Clippy's diagnostics, which the users read every day:
//
//   error[rule-id]: primary message
//    --> path:line:col
//     |
//   8 |         .with_no_client_auth()
//     |          ^^^^^^^^^^^^^^^^^^^ label
//     |
//    --> other/file.rs:9:9
//     |
//   9 |     let client_ca = ..;
//     |         --------- label of the related location
//     |
//     = note: why it matters, the condition it applies under
//     = help: what to write instead
//     = help: for further information visit <rule doc>
//
// then a summary line. Colour only when asked (TTY and no NO_COLOR, decided by the CLI), in
// rustc's colours. Everything from the checkout goes through sanitize.ts. A related location in
// another file is introduced by `-->` like the primary one: rustc's `:::` would start a line with
// `::`, which sanitize.ts rewrites in every output (it could start a GitHub workflow command).
import type { Finding, Notification, Region, RunResult } from '../types.js';
import { visible } from './sanitize.js';

export interface StylishOptions {
  color: boolean;
  /** Extra counts for the summary line (suppressed, in the baseline, unused suppressions). */
  summary?: string[];
}

const CODES = { red: 31, yellow: 33, cyan: 36, blue: 34, bold: 1 } as const;
type Paint = (codes: Array<keyof typeof CODES>, text: string) => string;

/** rustc's colours: the level's colour for the level word and the primary underline, blue for the gutter and secondary spans. */
const LEVEL_COLOR = { error: 'red', warning: 'yellow', note: 'cyan' } as const;

export function formatStylish(result: RunResult, options: StylishOptions): string {
  const paint: Paint = (codes, text) =>
    options.color && text !== '' ? `${codes.map((c) => `\u001b[${CODES[c]}m`).join('')}${text}\u001b[0m` : text;
  const docs = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
  const out: string[] = [];
  for (const f of result.findings) out.push(formatFinding(f, docs.get(f.ruleId) ?? '', paint), '');
  out.push(
    summary(result.findings, result.filesScanned, paint) +
      (options.summary?.length ? `; ${options.summary.join(', ')}` : ''),
  );
  return `${out.join('\n')}\n`;
}

/** One line a finding, for editors and grep: `path:line:col: level[rule-id]: message`. */
export function formatCompact(result: RunResult): string {
  return result.findings
    .map((f) => {
      const { startLine, startColumn } = f.location.region;
      return `${visible(f.location.path)}:${startLine}:${startColumn}: ${f.level}[${f.ruleId}]: ${visible(f.message)}\n`;
    })
    .join('');
}

/** A span to draw: where, how (`^` primary, `-` secondary) and its label. */
interface Span {
  region: Region;
  sourceLine: string;
  label: string;
  primary: boolean;
}

function formatFinding(f: Finding, docUrl: string, paint: Paint): string {
  const color = LEVEL_COLOR[f.level];
  const { startLine, startColumn } = f.location.region;
  // Spans by file, the finding's own file first (then each other file, rustc style).
  const files = new Map<string, Span[]>();
  const add = (path: string, span: Span) => files.set(path, [...(files.get(path) ?? []), span]);
  add(f.location.path, { region: f.location.region, sourceLine: f.sourceLine, label: f.label ?? '', primary: true });
  for (const r of f.relatedLocations)
    add(r.path, { region: r.region, sourceLine: r.sourceLine, label: r.label, primary: false });
  const lineNumbers = [...files.values()].flat().map((s) => s.region.startLine);
  const width = String(Math.max(...lineNumbers)).length;
  const pad = ' '.repeat(width);
  const gutter = (text = '') => paint(['bold', 'blue'], `${text.padStart(width)} |`);

  const out = [
    `${paint(['bold', color], `${f.level}[${f.ruleId}]`)}${paint(['bold'], `: ${visible(f.message)}`)}`,
    `${pad}${paint(['bold', 'blue'], '-->')} ${visible(f.location.path)}:${startLine}:${startColumn}`,
  ];
  let first = true;
  for (const [path, spans] of files) {
    if (!first) {
      const r = spans[0].region;
      out.push(gutter(), `${pad}${paint(['bold', 'blue'], '-->')} ${visible(path)}:${r.startLine}:${r.startColumn}`);
    }
    first = false;
    out.push(gutter());
    const byLine = new Map<number, Span[]>();
    for (const s of spans) byLine.set(s.region.startLine, [...(byLine.get(s.region.startLine) ?? []), s]);
    let previous: number | undefined;
    for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
      // rustc shows `...` where lines are left out between two spans of a file.
      if (previous !== undefined && line > previous + 1) out.push(paint(['bold', 'blue'], '...'));
      previous = line;
      const onLine = byLine.get(line) ?? [];
      out.push(`${gutter(String(line))} ${shown(onLine[0].sourceLine)}`.trimEnd());
      for (const row of underlineRows(onLine, color, paint)) out.push(`${gutter()} ${row}`.trimEnd());
    }
  }
  const notes = f.note ? f.note.split('\n') : [];
  const equals = (kind: string, text: string) =>
    `${pad} ${paint(['bold', 'blue'], '=')} ${paint(['bold'], `${kind}:`)} ${text}`;
  out.push(gutter());
  for (const note of notes) out.push(equals('note', visible(note)));
  if (f.help) out.push(equals('help', visible(f.help)));
  if (docUrl) out.push(equals('help', `for further information visit ${docUrl}`));
  return out.join('\n');
}

/**
 * The source line as printed: tabs as 4 columns (as rustc), controls as `\u{…}`. Columns of
 * underlines are measured on it, wide (CJK, emoji) characters as 2, combining marks as 0.
 */
function shown(text: string): string {
  return visible(text.replace(/\t/g, '    '));
}

/** Where a span sits on its printed line: the column it starts at and how many columns it covers. */
function placement(span: Span): { start: number; width: number } {
  const { startLine, startColumn, endLine, endColumn } = span.region;
  const line = span.sourceLine;
  // A span over several lines is underlined to the end of its first line.
  const end = endLine === startLine ? endColumn - 1 : line.length;
  const start = displayWidth(shown(line.slice(0, startColumn - 1)));
  const width = displayWidth(shown(line.slice(startColumn - 1, end)));
  return { start, width: Math.min(Math.max(1, width), 200) };
}

/**
 * The rows under one source line, as rustc draws them: the underlines of every span with the
 * rightmost span's label after it; the other labels below, each hung from its span by a `|`.
 * Overlapping spans get a row each.
 */
function underlineRows(spans: Span[], color: 'red' | 'yellow' | 'cyan', paint: Paint): string[] {
  const placed = spans
    .map((span) => ({ span, ...placement(span) }))
    .sort((a, b) => a.start - b.start || Number(b.span.primary) - Number(a.span.primary));
  const mark = (p: (typeof placed)[number], text: string) =>
    p.span.primary ? paint(['bold', color], text) : paint(['bold', 'blue'], text);
  const underline = (p: (typeof placed)[number]) => mark(p, (p.span.primary ? '^' : '-').repeat(p.width));
  const overlapping = placed.some((p, i) => i > 0 && p.start < placed[i - 1].start + placed[i - 1].width);
  if (overlapping)
    return placed.map(
      (p) => `${' '.repeat(p.start)}${underline(p)}${p.span.label ? ` ${mark(p, visible(p.span.label))}` : ''}`,
    );
  // Row one: all underlines, then the last span's label.
  let row = '';
  let column = 0;
  for (const p of placed) {
    row += ' '.repeat(p.start - column) + underline(p);
    column = p.start + p.width;
  }
  const last = placed[placed.length - 1];
  if (last.span.label) row += ` ${mark(last, visible(last.span.label))}`;
  const rows = [row];
  // The other labels, right to left: a row of `|` under each span still to be labelled, then the label.
  const pending = placed.slice(0, -1).filter((p) => p.span.label);
  for (let i = pending.length - 1; i >= 0; i--) {
    const connectors = (upTo: number) => {
      let text = '';
      let at = 0;
      for (const p of pending.slice(0, upTo)) {
        text += `${' '.repeat(p.start - at)}${mark(p, '|')}`;
        at = p.start + 1;
      }
      return { text, at };
    };
    rows.push(connectors(i + 1).text);
    const before = connectors(i);
    rows.push(
      `${before.text}${' '.repeat(pending[i].start - before.at)}${mark(pending[i], visible(pending[i].span.label))}`,
    );
  }
  return rows;
}

function summary(findings: Finding[], files: number, paint: Paint): string {
  const count = (level: string) => findings.filter((f) => f.level === level).length;
  const [errors, warnings, notes] = [count('error'), count('warning'), count('note')];
  const total = findings.length;
  const text = `${total} finding${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}`;
  return total === 0 ? text : paint(['bold', errors > 0 ? 'red' : 'yellow'], text);
}

/** Notifications go to stderr in every format, so machine output on stdout stays clean. */
export function formatNotifications(notifications: Notification[]): string {
  return notifications
    .map(
      (n) =>
        `axum-tls-lint: ${n.level}: ${n.path ? `${visible(n.path)}${n.line ? `:${n.line}` : ''}: ` : ''}${visible(n.message)}`,
    )
    .join('\n');
}

/** Terminal columns of a text: East Asian wide and fullwidth characters take 2, combining marks 0. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0) ?? 0);
  return width;
}

function charWidth(cp: number): number {
  if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}
