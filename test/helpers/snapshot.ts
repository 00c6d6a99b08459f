// The full output of a run as a reviewer reads it in a diff (Clippy `.stderr` / Biome `.snap`
// style): one block per finding — level, rule, the primary message, the exact region, the source
// line with carets and the span's label, related locations with their labels, note and help — then the notifications, in a stable order. Paths are
// relative to the fixture or corpus crate; messages are kept exactly as users see them.
import type { Finding, Notification, RunResult } from '../../src/types.js';

/**
 * @param result a run over one fixture or corpus crate
 * @param prefix the repository-relative folder of the fixture file, or the crate folder, with a
 *   trailing `/`: it is removed from the paths of locations (never from messages)
 * @param title the first line (what was run, with which options)
 */
export function formatSnapshot(result: RunResult, prefix: string, title: string): string {
  const local = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : path);
  const findings = [...result.findings].sort(compareFindings);
  const notifications = [...result.notifications].sort(compareNotifications);
  const out = [`# ${title}`, `# ${count(findings.length, 'finding')}, ${count(notifications.length, 'notification')}`];
  for (const f of findings) out.push('', ...findingBlock(f, local));
  for (const n of notifications) {
    const where = n.path ? ` ${local(n.path)}${n.line ? `:${n.line}` : ''}` : '';
    out.push('', `${n.level}[${n.kind}]:${where}`, `  ${n.message}`);
  }
  return `${out.join('\n')}\n`;
}

function findingBlock(f: Finding, local: (path: string) => string): string[] {
  const { startLine, startColumn, endLine, endColumn } = f.location.region;
  const gutter = String(startLine);
  const pad = ' '.repeat(gutter.length);
  const source = f.sourceLine.replace(/\t/g, ' ');
  const caretEnd = endLine === startLine ? endColumn : source.length + 1;
  const carets = '^'.repeat(Math.max(1, caretEnd - startColumn));
  const lines = [
    `${f.level}[${f.ruleId}]: ${f.message}`,
    `${pad}--> ${local(f.location.path)}:${startLine}:${startColumn} to ${endLine}:${endColumn}`,
    `${gutter} | ${source}`,
    `${pad} | ${' '.repeat(startColumn - 1)}${carets} ${f.label ?? ''}`.trimEnd(),
  ];
  for (const r of f.relatedLocations) {
    const rr = r.region;
    lines.push(
      `${pad} = related ${local(r.path)}:${rr.startLine}:${rr.startColumn} to ${rr.endLine}:${rr.endColumn}: ${r.label}`,
    );
  }
  for (const note of f.note?.split('\n') ?? []) lines.push(`${pad} = note: ${note}`);
  if (f.help) lines.push(`${pad} = help: ${f.help}`);
  // Each fix's before/after: the replaced span and its new text.
  for (const fix of f.fixes ?? []) {
    lines.push(`${pad} = fix (${fix.kind}): ${fix.description}`);
    for (const e of fix.edits) {
      const er = e.region;
      lines.push(
        `${pad}   ${local(e.path)}:${er.startLine}:${er.startColumn} to ${er.endLine}:${er.endColumn} -> ${JSON.stringify(e.text)}`,
      );
    }
  }
  if (f.suppression) lines.push(`${pad} = suppressed: ${f.suppression.justification}`);
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareFindings(a: Finding, b: Finding): number {
  const ra = a.location.region;
  const rb = b.location.region;
  return (
    byText(a.location.path, b.location.path) ||
    ra.startLine - rb.startLine ||
    ra.startColumn - rb.startColumn ||
    ra.endLine - rb.endLine ||
    ra.endColumn - rb.endColumn ||
    byText(a.ruleId, b.ruleId) ||
    byText(a.message, b.message)
  );
}

function compareNotifications(a: Notification, b: Notification): number {
  return (
    byText(a.path ?? '', b.path ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    byText(a.kind, b.kind) ||
    byText(a.message, b.message)
  );
}
