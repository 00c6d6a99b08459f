// Baselines through the real CLI: write, read (only new findings fail), code moving keeps
// matching, fixed entries are counted so the file can be pruned, partial runs lose nothing.
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CARGO,
  MAIN_WITH_INTENT,
  TLS_DEFAULT_VERSIONS,
  TLS_NO_AUTH,
  read,
  runCli,
  summary,
  tempProject,
} from './sources.js';

interface Baseline {
  format: string;
  version: number;
  findings: Array<{ path: string; ruleId: string; fingerprint: string; message: string }>;
}

function baselineOf(dir: string, file = 'axum-tls-lint-baseline.json'): Baseline {
  return JSON.parse(read(dir, file)) as Baseline;
}

function project(): string {
  return tempProject({
    'Cargo.toml': CARGO,
    'src/main.rs': MAIN_WITH_INTENT,
    'src/tls.rs': TLS_NO_AUTH,
    'src/public.rs': TLS_DEFAULT_VERSIONS,
  });
}

const NEW_CODE = `
pub fn admin_config(certs: Certs, key: Key) -> ServerConfig {
    rustls::ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13]).with_no_client_auth().with_single_cert(certs, key).unwrap()
}
`;

describe('baseline', () => {
  it("--write-baseline records today's findings by file, rule and fingerprint, and the run passes", () => {
    const dir = project();
    expect(runCli([], { cwd: dir }).status).toBe(1);
    const write = runCli(['--write-baseline', 'axum-tls-lint-baseline.json'], { cwd: dir });
    expect(write.status).toBe(0);
    expect(write.stderr).toBe('axum-tls-lint: wrote 3 findings to baseline axum-tls-lint-baseline.json\n');
    expect(write.stdout).toBe('0 findings (0 errors, 0 warnings, 0 notes) in 3 files; 3 in the baseline\n');
    const b = baselineOf(dir);
    expect(b.format).toBe('axum-tls-lint-baseline');
    expect(b.version).toBe(1);
    expect(b.findings.map((e) => `${e.path} ${e.ruleId}`)).toEqual([
      'src/public.rs missing-protocol-versions',
      'src/public.rs mtls-no-client-auth',
      'src/tls.rs mtls-no-client-auth',
    ]);
    for (const e of b.findings) expect(e.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(b.findings[2].message).toBe('this server authenticates no client, although this crate sets up mutual TLS');
  });

  it('--baseline reports only new findings; moved code still matches', () => {
    const dir = project();
    runCli(['--write-baseline', 'axum-tls-lint-baseline.json'], { cwd: dir });
    const same = runCli(['--baseline', 'axum-tls-lint-baseline.json'], { cwd: dir });
    expect(same.status).toBe(0);
    expect(same.stdout).toBe('0 findings (0 errors, 0 warnings, 0 notes) in 3 files; 3 in the baseline\n');
    expect(same.stderr).toBe('');

    // Lines added above move every finding down: the fingerprints do not depend on lines.
    writeFileSync(join(dir, 'src/tls.rs'), `// TLS setup\n\n// (moved)\n${TLS_NO_AUTH}`);
    expect(runCli(['--baseline', 'axum-tls-lint-baseline.json'], { cwd: dir }).status).toBe(0);

    writeFileSync(join(dir, 'src/tls.rs'), `// TLS setup\n\n// (moved)\n${TLS_NO_AUTH}${NEW_CODE}`);
    const fresh = runCli(['-f', 'json', '--baseline', 'axum-tls-lint-baseline.json'], { cwd: dir });
    expect(fresh.status).toBe(1);
    expect(summary(fresh)).toEqual(['src/tls.rs:14 mtls-no-client-auth error']);
  });

  it('entries that no longer match are counted (fixed), and --write-baseline prunes them', () => {
    const dir = project();
    runCli(['--write-baseline', 'axum-tls-lint-baseline.json'], { cwd: dir });
    writeFileSync(join(dir, 'src/public.rs'), 'pub fn nothing() {}\n');
    const run = runCli(['--baseline', 'axum-tls-lint-baseline.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'axum-tls-lint: 2 baseline entries in axum-tls-lint-baseline.json no longer match a finding (fixed or changed); rewrite the baseline with --write-baseline axum-tls-lint-baseline.json to prune them\n',
    );
    const prune = runCli(
      ['--baseline', 'axum-tls-lint-baseline.json', '--write-baseline', 'axum-tls-lint-baseline.json'],
      { cwd: dir },
    );
    expect(prune.status).toBe(0);
    expect(baselineOf(dir).findings.map((e) => e.path)).toEqual(['src/tls.rs']);
    expect(runCli(['--baseline', 'axum-tls-lint-baseline.json'], { cwd: dir }).stderr).toBe('');
  });

  it("a deleted file's entries are stale when its folder was scanned", () => {
    const dir = project();
    runCli(['--write-baseline', 'base.json'], { cwd: dir });
    writeFileSync(join(dir, 'src/public.rs'), '');
    const run = runCli(['--baseline', 'base.json', 'src'], { cwd: dir });
    expect(run.stderr).toContain('2 baseline entries in base.json no longer match');
  });

  it("a partial run (a file list) neither calls other files' entries stale nor drops them when writing", () => {
    const dir = project();
    runCli(['--write-baseline', 'base.json'], { cwd: dir });
    const partial = runCli(['--baseline', 'base.json', 'src/tls.rs'], { cwd: dir });
    expect(partial.status).toBe(0);
    expect(partial.stderr).toBe('');
    writeFileSync(join(dir, 'src/tls.rs'), 'pub fn nothing() {}\n');
    runCli(['--write-baseline', 'base.json', 'src/tls.rs'], { cwd: dir });
    expect(baselineOf(dir, 'base.json').findings.map((e) => `${e.path} ${e.ruleId}`)).toEqual([
      'src/public.rs missing-protocol-versions',
      'src/public.rs mtls-no-client-auth',
    ]);
  });

  it('paths are relative to the baseline file, which may live in another (new) folder', () => {
    const dir = project();
    runCli(['--write-baseline', 'ci/baseline.json'], { cwd: dir });
    expect(baselineOf(dir, 'ci/baseline.json').findings[0].path).toBe('../src/public.rs');
    expect(runCli(['--baseline', 'ci/baseline.json'], { cwd: dir }).status).toBe(0);
  });

  it('suppressed findings are not written to the baseline', () => {
    const dir = tempProject({
      'Cargo.toml': CARGO,
      'src/main.rs': MAIN_WITH_INTENT,
      'src/tls.rs': TLS_NO_AUTH.replace(
        '.with_no_client_auth()',
        '.with_no_client_auth() // axum-tls-lint-ignore: mtls-no-client-auth -- internal only',
      ),
    });
    runCli(['--write-baseline', 'base.json'], { cwd: dir });
    expect(baselineOf(dir, 'base.json').findings).toEqual([]);
  });

  it('a missing or invalid baseline is an error (exit 2)', () => {
    const dir = project();
    const missing = runCli(['--baseline', 'nope.json'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'axum-tls-lint: nope.json: baseline file not found (create it with --write-baseline nope.json)\n',
    );
    writeFileSync(join(dir, 'bad.json'), '{"findings": 3}');
    const bad = runCli(['--baseline', 'bad.json'], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^axum-tls-lint: bad\.json: not a baseline file/);
    expect(existsSync(join(dir, 'nope.json'))).toBe(false);
  });
});
