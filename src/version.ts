// The tool's identity, read once from package.json so that it cannot drift from the release:
// the version, and the repository URL (package.json's `repository` is its one source).
import { readFileSync } from 'node:fs';
import { packageFile } from './package-root.js';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  version: string;
  repository: { url: string };
};

export const TOOL_NAME = 'axum-tls-lint';
export const TOOL_VERSION: string = pkg.version;
/** `git+https://host/owner/repo.git` as npm writes it, as a web address. */
export const REPOSITORY_URL = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Every finding links here: the rule's doc page in the repository, pinned to the release. */
export function ruleDocUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/v${TOOL_VERSION}/docs/rules/${ruleId}.md`;
}
