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
  const raw = f.sourceLine.replace(/\t/g, ' ');
  // Controls are shown as `\u{…}`: the caret is placed and sized on the text as printed.
  const before = visible(raw.slice(0, startColumn - 1)).length;
  const flagged =
    endLine === startLine
      ? visible(raw.slice(startColumn - 1, endColumn - 1)).length
      : visible(raw.slice(startColumn - 1)).length;
  lines.push(paint('gray', gutter) + visible(raw));
  lines.push(' '.repeat(gutter.length + before) + paint(levelColor, '^'.repeat(Math.min(Math.max(1, flagged), 200))));
  for (const r of f.relatedLocations)
    lines.push(
      paint(
        'gray',
        `  related: ${visible(r.path)}:${r.region.startLine}:${r.region.startColumn} ${visible(r.message)}`,
      ),
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
