// Human output: path:line:col, level, message, rule id, a code frame with a caret, the doc
// link, and a summary line. Colour only when asked (TTY and no NO_COLOR, decided by the CLI).
import type { Finding, Notification, RunResult } from '../types.js';
import { visible } from './sanitize.js';

export interface StylishOptions {
  color: boolean;
  /** Extra counts for the summary line (suppressed, in the baseline, unused suppressions). */
  summary?: string[];
}

const CODES = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;

export function formatStylish(result: RunResult, options: StylishOptions): string {
  const paint = (code: keyof typeof CODES, text: string) =>
    options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
  const docs = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
  const out: string[] = [];
  for (const f of result.findings) out.push(formatFinding(f, docs.get(f.ruleId) ?? '', paint), '');
  out.push(
    summary(result.findings, result.filesScanned, paint) +
      (options.summary?.length ? `; ${options.summary.join(', ')}` : ''),
  );
  return `${out.join('\n')}\n`;
}

function formatFinding(f: Finding, docUrl: string, paint: (c: keyof typeof CODES, t: string) => string): string {
  const { startLine, startColumn, endLine, endColumn } = f.location.region;
  const levelColor = f.level === 'error' ? 'red' : f.level === 'warning' ? 'yellow' : 'cyan';
  const lines = [
    `${paint('bold', `${visible(f.location.path)}:${startLine}:${startColumn}`)}  ${paint(levelColor, f.level)}  ${visible(f.message)}  ${paint('gray', f.ruleId)}`,
  ];
  const gutter = `${startLine} | `;
  // The caret is placed and sized on the text as printed: tabs as 4 columns (as rustc), controls
  // as `\u{…}`, wide (CJK, emoji) characters as 2 columns, combining marks as 0.
  const shown = (text: string) => visible(text.replace(/\t/g, '    '));
  const line = f.sourceLine;
  const before = displayWidth(shown(line.slice(0, startColumn - 1)));
  const flagged = displayWidth(
    shown(endLine === startLine ? line.slice(startColumn - 1, endColumn - 1) : line.slice(startColumn - 1)),
  );
  lines.push(paint('gray', gutter) + shown(line));
  lines.push(' '.repeat(gutter.length + before) + paint(levelColor, '^'.repeat(Math.min(Math.max(1, flagged), 200))));
  for (const r of f.relatedLocations)
    lines.push(
      paint('gray', `  related: ${visible(r.path)}:${r.region.startLine}:${r.region.startColumn} ${visible(r.label)}`),
    );
  lines.push(paint('gray', `  docs: ${docUrl}`));
  return lines.join('\n');
}

function summary(findings: Finding[], files: number, paint: (c: keyof typeof CODES, t: string) => string): string {
  const count = (level: string) => findings.filter((f) => f.level === level).length;
  const [errors, warnings, notes] = [count('error'), count('warning'), count('note')];
  const total = findings.length;
  const text = `${total} finding${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}`;
  return total === 0 ? text : paint(errors > 0 ? 'red' : 'yellow', paint('bold', text));
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
