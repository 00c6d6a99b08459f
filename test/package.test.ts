// The published package must carry the grammar and the built CLI: users install nothing native
// and the tool never downloads anything at run time.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './helpers/cli.js';

describe('npm package', () => {
  it('ships bin, dist, the grammar wasm and the rule docs', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    const files = (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
    expect(files).toContain('bin/axum-tls-lint.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('wasm/tree-sitter-rust.wasm');
    expect(files).toContain('docs/rules/mtls-no-client-auth.md');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });
});
