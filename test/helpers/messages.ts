// The shape of a diagnostic as rustc and Clippy write them (issue 18), checked on every finding
// of the fixtures and the corpus: a one-line primary message of at most 100 characters, a help
// line, a label on every related location.
import type { Finding } from '../../src/types.js';

export const MAX_PRIMARY = 100;

/** What is wrong with the shape of each finding's diagnostic ([] when nothing). */
export function diagnosticShapeProblems(findings: Finding[]): string[] {
  const problems: string[] = [];
  for (const f of findings) {
    const at = `${f.location.path}:${f.location.region.startLine}:${f.location.region.startColumn} ${f.ruleId}`;
    if (f.message.trim() === '' || f.message.includes('\n'))
      problems.push(`${at}: the primary message is not one line`);
    if (f.message.length > MAX_PRIMARY)
      problems.push(`${at}: primary message of ${f.message.length} characters: ${f.message}`);
    if (!f.help || f.help.trim() === '' || f.help.includes('\n')) problems.push(`${at}: no one-line help`);
    if (f.label !== undefined && (f.label.trim() === '' || f.label.includes('\n')))
      problems.push(`${at}: the label is not one line`);
    for (const note of f.note?.split('\n') ?? []) if (note.trim() === '') problems.push(`${at}: an empty note line`);
    for (const r of f.relatedLocations)
      if (!r.label || r.label.trim() === '' || r.label.includes('\n'))
        problems.push(`${at}: related location ${r.path}:${r.region.startLine} has no one-line label`);
  }
  return problems;
}
