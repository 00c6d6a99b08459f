// GitHub Actions workflow commands: each finding becomes an annotation on the pull request. The
// title is the primary message (GitHub shows it in bold); the body carries the note, the help and
// the rule with its documentation.
import type { RunResult } from '../types.js';
import { githubData, githubProperty } from './sanitize.js';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

export function formatGithub(result: RunResult): string {
  const docs = new Map(result.rules.map((r) => [r.meta.id, r.helpUri]));
  return result.findings
    .map((f) => {
      const r = f.location.region;
      const props = [
        `file=${githubProperty(f.location.path)}`,
        `line=${r.startLine}`,
        `col=${r.startColumn}`,
        `endLine=${r.endLine}`,
        `endColumn=${r.endColumn}`,
        `title=${githubProperty(f.message)}`,
      ];
      const body = [
        ...(f.note ? f.note.split('\n') : []),
        `help: ${f.help}`,
        `${f.ruleId}: ${docs.get(f.ruleId) ?? ''}`.trimEnd(),
      ];
      return `::${COMMAND[f.level]} ${props.join(',')}::${githubData(body.join('\n'))}\n`;
    })
    .join('');
}
