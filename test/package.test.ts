// The published package must carry the grammar and the built CLI: users install nothing native,
// nothing runs or compiles at install time, and the tool never downloads anything at run time.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('npm package', () => {
  it('ships bin, dist, the grammar wasm, the rule docs and the licence', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const files = (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
    expect(files).toContain('bin/axum-tls-lint.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('wasm/tree-sitter-rust.wasm');
    expect(files).toContain('docs/rules/mtls-no-client-auth.md');
    expect(files).toContain('LICENSE');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('runs nothing at install time: no prepare or install scripts', () => {
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(pkg.scripts[script], script).toBeUndefined();
  });

  it('every runtime dependency is imported by the source', () => {
    const text = sources(join(repoRoot, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const imported = (dep: string) =>
      text.includes(`from '${dep}'`) || text.includes(`from '${dep}/`) || text.includes(`import('${dep}')`);
    for (const dep of Object.keys(pkg.dependencies)) expect(imported(dep), dep).toBe(true);
  });

  it('the grammar is committed as the .wasm of the release named in wasm/GRAMMAR (no tree-sitter-rust install)', () => {
    const [name, sum] = readFileSync(join(repoRoot, 'wasm', 'GRAMMAR'), 'utf8')
      .trim()
      .split('\n');
    expect(name).toMatch(/^tree-sitter-rust \d+\.\d+\.\d+$/);
    expect(sum).toBe(
      `sha256 ${createHash('sha256')
        .update(readFileSync(join(repoRoot, 'wasm', 'tree-sitter-rust.wasm')))
        .digest('hex')}`,
    );
    expect({ ...pkg.dependencies, ...pkg.devDependencies }['tree-sitter-rust']).toBeUndefined();
  });

  it('MIT licence, repository, homepage and bugs from one URL', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/axum-tls-lint/axum-tls-lint.git' });
    expect(pkg.homepage).toBe('https://github.com/axum-tls-lint/axum-tls-lint#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/axum-tls-lint/axum-tls-lint/issues' });
    // src/version.ts reads the URL from package.json; nothing else in the source names it.
    for (const file of sources(join(repoRoot, 'src')))
      expect(readFileSync(file, 'utf8'), file).not.toContain('github.com/axum-tls-lint');
  });
});
