// The tool's identity, read once from package.json so that it cannot drift from the release.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; homepage?: string };

export const TOOL_NAME = 'axum-tls-lint';
export const TOOL_VERSION: string = pkg.version;
export const REPOSITORY_URL = 'https://github.com/axum-tls-lint/axum-tls-lint';

/** Every finding links here: the rule's doc page in the repository, pinned to the release. */
export function ruleDocUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/v${TOOL_VERSION}/docs/rules/${ruleId}.md`;
}
