// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
import type { RunResult } from '../types.js';
import { githubData, githubProperty } from './sanitize.js';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

export function formatGithub(result: RunResult): string {
  return result.findings
    .map((f) => {
      const r = f.location.region;
      const props = [
        `file=${githubProperty(f.location.path)}`,
        `line=${r.startLine}`,
        `col=${r.startColumn}`,
        `endLine=${r.endLine}`,
        `endColumn=${r.endColumn}`,
        `title=${githubProperty(f.ruleId)}`,
      ];
      return `::${COMMAND[f.level]} ${props.join(',')}::${githubData(f.message)}\n`;
    })
    .join('');
}
