// Machine output for scripts: the findings and the notifications, nothing about rules' code.
import type { RunResult } from '../types.js';
import { jsonSafe } from './sanitize.js';

export function formatJson(result: RunResult): string {
  // Source lines are for code frames; a script has the files.
  const findings = result.findings.map(({ sourceLine: _sourceLine, relatedLocations, ...rest }) => ({
    ...rest,
    relatedLocations: relatedLocations.map(({ sourceLine: _line, ...r }) => r),
  }));
  return `${jsonSafe(JSON.stringify({ version: result.toolVersion, filesScanned: result.filesScanned, findings, notifications: result.notifications }, null, 2))}\n`;
}
