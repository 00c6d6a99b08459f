// Machine output for scripts: the findings and the notifications, nothing about rules' code.
import type { RunResult } from '../types.js';
import { jsonSafe } from './sanitize.js';

export function formatJson(result: RunResult): string {
  const findings = result.findings.map(({ sourceLine: _sourceLine, ...rest }) => rest);
  return `${jsonSafe(JSON.stringify({ version: result.toolVersion, filesScanned: result.filesScanned, findings, notifications: result.notifications }, null, 2))}\n`;
}
