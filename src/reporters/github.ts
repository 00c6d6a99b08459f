// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
import type { RunResult } from '../types.js';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** Workflow-command values escape %, CR and LF; properties also escape : and ,. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: RunResult): string {
  return result.findings
    .map((f) => {
      const r = f.location.region;
      const props = [`file=${escapeProperty(f.location.path)}`, `line=${r.startLine}`, `col=${r.startColumn}`, `endLine=${r.endLine}`, `endColumn=${r.endColumn}`, `title=${escapeProperty(f.ruleId)}`];
      return `::${COMMAND[f.level]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
