#!/usr/bin/env node
// dist/ is built by `npm run build` in a clone and committed only on release commits (the
// v<version> tags, see scripts/release.sh): a git install of any other commit has no build.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'axum-tls-lint: this copy is not built (dist/ is missing). In a clone, run "npm ci && npm run build"; to install from git, use a release tag (v<version>), which carries the build.\n',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
