// The README's workflow snippets are run, so that copy-paste works: the configuration
// examples are accepted by the CLI, the suppression example suppresses, the hook and action
// snippets name what the repository defines.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { CARGO, MAIN_WITH_INTENT, runCli, summary, tempProject } from './sources.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

describe('README snippets', () => {
  it('the configuration examples are valid configurations', () => {
    const [file, cargo] = blocks(section('Configuration'), 'toml');
    const dir = tempProject({
      'Cargo.toml': CARGO,
      'src/main.rs': MAIN_WITH_INTENT,
      'lint.toml': file,
      'ws/Cargo.toml': `[workspace]\nmembers = []\n\n${cargo}`,
    });
    for (const config of ['lint.toml', 'ws/Cargo.toml']) {
      const run = runCli(['-c', config, '-f', 'json'], { cwd: dir });
      expect(run.status, `${config}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
    }
  });

  it('the suppression example suppresses', () => {
    const [rust] = blocks(section('Suppressing a finding'), 'rust');
    const code = `use rustls::ServerConfig;\n\npub fn config(certs: Certs, key: Key) -> anyhow::Result<ServerConfig> {\n${rust.replace(/^/gm, '    ')}    Ok(config)\n}\n`;
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/main.rs': MAIN_WITH_INTENT, 'src/tls.rs': code });
    const run = runCli(['-f', 'json', '--rule', 'missing-protocol-versions=off'], { cwd: dir });
    expect(summary(run)).toEqual([]);
    writeFileSync(join(dir, 'src/tls.rs'), code.replace(/^.*axum-tls-lint-ignore.*\n/m, ''));
    expect(summary(runCli(['-f', 'json', '--rule', 'missing-protocol-versions=off'], { cwd: dir }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth error',
    ]);
  });

  it('the baseline and cache commands use real flags', () => {
    for (const line of [...blocks(section('Baseline'), 'sh'), ...blocks(section('Cache'), 'sh')]
      .join('\n')
      .split('\n')
      .filter(Boolean)) {
      const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
      const dir = tempProject({
        'Cargo.toml': CARGO,
        'src/main.rs': MAIN_WITH_INTENT,
        'axum-tls-lint-baseline.json': '{"format": "axum-tls-lint-baseline", "version": 1, "findings": []}',
      });
      expect(runCli(args, { cwd: dir, env: { XDG_CACHE_HOME: `${dir}-cache` } }).status, line).toBe(0);
    }
  });

  it('the pre-commit and lint-staged snippets name the hook and the binary', () => {
    const hooks = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
    const [config] = blocks(section('pre-commit'), 'yaml');
    const id = /- id: (\S+)/.exec(config)?.[1];
    expect(hooks).toContain(`- id: ${id}\n`);
    const [pkg] = blocks(section('husky and lint-staged'), 'json');
    expect(JSON.parse(pkg)).toEqual({ 'lint-staged': { '*.rs': 'axum-tls-lint' } });
  });

  it('the action example uses only inputs that action.yml declares', () => {
    const action = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    const [workflow] = blocks(section('GitHub Action'), 'yaml');
    const inputs = [...workflow.matchAll(/^\s+#?\s*([a-z-]+): /gm)]
      .map((m) => m[1])
      .filter((k) => !['runs-on', 'security-events', 'actions', 'contents', 'uses', 'name', 'on'].includes(k));
    expect(inputs.sort()).toEqual(['category', 'fail-on-findings', 'paths', 'sarif-file', 'upload', 'version']);
    for (const input of inputs) expect(action).toMatch(new RegExp(`^ {2}${input}:$`, 'm'));
    const plain = section('GitHub code scanning');
    expect(plain).toContain('security-events: write');
    expect(plain).toContain('continue-on-error: true');
    expect(plain).toContain('if: always()');
    for (const text of [plain, workflow]) {
      expect(text).toContain('actions: read');
      // Actions on the Node 20 runtime are end of life: checkout and setup-node v5 run on Node 24.
      expect(text).not.toMatch(/actions\/(checkout|setup-node)@v[1-4]\b/);
    }
    expect(plain).toMatch(/upload-sarif@[0-9a-f]{40} # v4/);
  });
});
