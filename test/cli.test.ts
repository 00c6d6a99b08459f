// The CLI as users run it: exit codes, formats, flags — on real processes.
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempProject } from './helpers/cli.js';
import { TOOL_VERSION as VERSION } from '../src/version.js';

const NO_AUTH_SERVER = `use rustls::ServerConfig;

pub fn config(certs: Certs, key: Key, client_ca_path: &str) -> ServerConfig {
    ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}
`;
const PUBLIC_SERVER = NO_AUTH_SERVER.replace(', client_ca_path: &str', '');
const CLEAN = `fn main() {\n    println!("hello");\n}\n`;

describe('exit codes', () => {
  it('2 when the paths hold no Rust file (a wrong path in CI), 0 with --no-error-on-unmatched', () => {
    const dir = tempProject({ 'README.md': '# not Rust\n' });
    const run = runCli(['.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'axum-tls-lint: note: no Rust files found\naxum-tls-lint: no Rust files found in the given paths; exit code 2 (--no-error-on-unmatched makes this exit 0)\n',
    );
    const allowed = runCli(['.', '--no-error-on-unmatched'], { cwd: dir });
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toBe('axum-tls-lint: note: no Rust files found\n');
  });

  it('0 when there is nothing at error or warning level', () => {
    const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/main.rs': CLEAN });
    const run = runCli(['.'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('0 findings (0 errors, 0 warnings, 0 notes) in 1 file\n');
  });

  it('0 with notes only, 1 with an error', () => {
    const notes = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': PUBLIC_SERVER });
    expect(runCli([], { cwd: notes }).status).toBe(0);
    const errors = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': NO_AUTH_SERVER });
    expect(runCli(['src'], { cwd: errors }).status).toBe(1);
  });

  it('2 for a missing path, an unknown flag, a bad value or an unknown rule, with a one-line reason', () => {
    for (const args of [
      ['does-not-exist'],
      ['--bogus'],
      ['--format', 'xml'],
      ['--rule', 'nope=off'],
      ['--max-warnings', 'many'],
      ['--explain', 'nope'],
    ]) {
      const run = runCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(/^axum-tls-lint: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--rule id=off removes the finding; --rule id=warning with --max-warnings decides the exit code', () => {
    const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': NO_AUTH_SERVER });
    expect(runCli(['--rule', 'mtls-no-client-auth=off'], { cwd: dir }).status).toBe(0);
    const warn = ['--rule', 'mtls-no-client-auth=warning'];
    expect(runCli(warn, { cwd: dir }).status).toBe(1);
    expect(runCli([...warn, '--max-warnings', '1'], { cwd: dir }).status).toBe(0);
    expect(runCli([...warn, '--quiet'], { cwd: dir }).status).toBe(0);
  });
});

describe('formats', () => {
  const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': NO_AUTH_SERVER });
  const only: string[] = [];

  it('stylish: rustc layout — level[rule], -->, code frame with gutter, labelled spans, note, help, doc link, summary', () => {
    const run = runCli(['src', ...only], { cwd: dir });
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 12)).toEqual([
      'error[mtls-no-client-auth]: this server authenticates no client, although this crate sets up mutual TLS',
      ' --> src/tls.rs:5:10',
      '  |',
      '3 | pub fn config(certs: Certs, key: Key, client_ca_path: &str) -> ServerConfig {',
      '  |                                       -------------- mTLS intent',
      '...',
      '5 |         .with_no_client_auth()',
      '  |          ^^^^^^^^^^^^^^^^^^^ no client authentication',
      '  |',
      '  = note: This server config (`with_no_client_auth()`) authenticates no client, and this crate sets up mutual TLS: a client CA is named (client_ca_path) (src/tls.rs:3). Any client can connect without a certificate.',
      '  = help: Use `.with_client_cert_verifier(..)` with a `WebPkiClientVerifier` built from your client CA.',
      `  = help: for further information visit https://github.com/axum-tls-lint/axum-tls-lint/blob/v${VERSION}/docs/rules/mtls-no-client-auth.md`,
    ]);
    expect(lines.slice(12)).toEqual(['', '1 finding (1 error, 0 warnings, 0 notes) in 1 file', '']);
  });

  it('compact: one line a finding, path:line:col: level[rule]: message', () => {
    const run = runCli(['-f', 'compact', ...only], { cwd: dir });
    expect(run.stdout).toBe(
      'src/tls.rs:5:10: error[mtls-no-client-auth]: this server authenticates no client, although this crate sets up mutual TLS\n',
    );
    expect(run.status).toBe(1);
  });

  it('json: findings with rule, level, location and fingerprint', () => {
    const run = runCli(['--format', 'json', ...only], { cwd: dir });
    const out = JSON.parse(run.stdout);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({
      ruleId: 'mtls-no-client-auth',
      level: 'error',
      location: { path: 'src/tls.rs', region: { startLine: 5, startColumn: 10, endLine: 5, endColumn: 29 } },
    });
    expect(out.findings[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(out.findings[0]).toMatchObject({
      message: 'this server authenticates no client, although this crate sets up mutual TLS',
      label: 'no client authentication',
      help: 'Use `.with_client_cert_verifier(..)` with a `WebPkiClientVerifier` built from your client CA.',
    });
    expect(out.findings[0].note).toMatch(/^This server config \(`with_no_client_auth\(\)`\) authenticates no client/);
    expect(out.findings[0].relatedLocations[0]).not.toHaveProperty('sourceLine');
    expect(out.findings[0].relatedLocations[0]).toMatchObject({ path: 'src/tls.rs', label: 'mTLS intent' });
  });

  it('github: one workflow annotation per finding, titled with the primary message; note, help and rule in the body', () => {
    const run = runCli(['-f', 'github', ...only], { cwd: dir });
    expect(run.stdout).toBe(
      `::error file=src/tls.rs,line=5,col=10,endLine=5,endColumn=29,title=this server authenticates no client%2C although this crate sets up mutual TLS::${[
        'This server config (`with_no_client_auth()`) authenticates no client, and this crate sets up mutual TLS: a client CA is named (client_ca_path) (src/tls.rs:3). Any client can connect without a certificate.',
        'help: Use `.with_client_cert_verifier(..)` with a `WebPkiClientVerifier` built from your client CA.',
        `mtls-no-client-auth: https://github.com/axum-tls-lint/axum-tls-lint/blob/v${VERSION}/docs/rules/mtls-no-client-auth.md`,
      ].join('%0A')}\n`,
    );
  });

  it('--output-file writes the report and leaves stdout empty', () => {
    const run = runCli(['-f', 'sarif', '-o', 'out.sarif', ...only], { cwd: dir });
    expect(run.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].ruleId).toBe('mtls-no-client-auth');
    expect(existsSync(join(dir, '.out.sarif.tmp'))).toBe(false);
  });
});

describe('information commands', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(runCli(['--version']).stdout).toBe(`${pkg.version}\n`);
  });

  it('rules lists every rule with its level and summary', () => {
    const run = runCli(['rules']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^mtls-no-client-auth\s+note\s+Server TLS configuration that does not authenticate clients\.$/m,
    );
  });

  it('--explain prints the rule documentation, as Markdown when piped', () => {
    const run = runCli(['--explain', 'mtls-no-client-auth']);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('# mtls-no-client-auth\n')).toBe(true);
    expect(run.stdout).toContain('## What it does');
    expect(run.stdout).toContain('|---|---|---|---|');
    expect(run.stdout).toContain('with_no_client_auth()');
    expect(run.stdout).toContain(
      `[Rule documentation](https://github.com/axum-tls-lint/axum-tls-lint/blob/v${VERSION}/docs/rules/mtls-no-client-auth.md)`,
    );
  });

  it('--help documents the exit codes', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Exit codes: 0 no findings');
  });
});

describe('mTLS intent is judged from production code', () => {
  const crate = 'test/fixtures/plaintext-listener/intent-in-tests-only';
  const findings = (args: string[]) =>
    (
      JSON.parse(runCli([crate, '-f', 'json', ...args]).stdout).findings as Array<{
        ruleId: string;
        level: string;
        location: { path: string; region: { startLine: number } };
      }>
    ).map((f) => `${f.ruleId} ${f.level} ${f.location.path.slice(crate.length + 1)}:${f.location.region.startLine}`);

  it('client certificates set up only in tests/ and examples/ raise nothing in src/', () => {
    expect(findings(['--include-tests'])).toEqual([
      'crl-not-checked note examples/mtls_demo.rs:6',
      'missing-protocol-versions note examples/mtls_demo.rs:7',
      'missing-protocol-versions note src/main.rs:8',
      'mtls-no-client-auth note src/main.rs:9',
    ]);
  });

  it('--mtls required still forces intent on everywhere', () => {
    expect(findings(['--mtls', 'required'])).toContain('mtls-no-client-auth error src/main.rs:9');
    expect(findings(['--mtls', 'required'])).toContain('plaintext-listener warning src/main.rs:20');
  });
});

describe('sources copied without their Cargo.toml', () => {
  // Cargo's layout decides: the files under one `src/` are one crate, so a client CA named in one
  // file is the intent that judges the server config in another.
  const dir = tempProject({
    'service/src/main.rs': PUBLIC_SERVER,
    'service/src/auth/mod.rs': 'pub struct ClientCertIdentity { pub cn: String }\n',
    'loose.rs': PUBLIC_SERVER,
  });
  const findings = () =>
    (
      JSON.parse(runCli(['.', '-f', 'json'], { cwd: dir }).stdout).findings as Array<{
        ruleId: string;
        level: string;
        location: { path: string; region: { startLine: number } };
      }>
    ).map((f) => `${f.ruleId} ${f.level} ${f.location.path}:${f.location.region.startLine}`);

  it('files under one src/ are analysed as one crate; a file outside any src/ is a crate of its own', () => {
    expect(findings()).toEqual([
      'mtls-no-client-auth note loose.rs:5',
      'mtls-no-client-auth error service/src/main.rs:5',
    ]);
  });
});

describe('colour', () => {
  const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': NO_AUTH_SERVER });

  it('FORCE_COLOR=1 colours a report written to a pipe; FORCE_COLOR=0 and NO_COLOR do not; --no-color wins', () => {
    const esc = String.fromCharCode(27);
    expect(runCli([], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: undefined } }).stdout).toContain(`${esc}[1m`);
    expect(runCli([], { cwd: dir, env: { FORCE_COLOR: '0' } }).stdout).not.toContain(esc);
    expect(runCli([], { cwd: dir, env: { FORCE_COLOR: undefined, NO_COLOR: '1' } }).stdout).not.toContain(esc);
    expect(runCli(['--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).not.toContain(esc);
  });
});

describe('code frames', () => {
  it('the carets sit under the flagged code after a tab and wide (CJK, emoji) characters', () => {
    const dir = tempProject({
      'Cargo.toml': '[package]\nname = "x"\n',
      'src/lib.rs':
        'pub fn f() {\n\tlet 名前 = rustls::ServerConfig::builder().with_no_client_auth();\n}\npub fn g() {\n    let 🔒 = 1; rustls::ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13]).with_no_client_auth();\n}\n',
    });
    const lines = runCli([], { cwd: dir }).stdout.split('\n');
    const frame = lines.indexOf('2 |     let 名前 = rustls::ServerConfig::builder().with_no_client_auth();');
    expect(frame).toBeGreaterThan(0);
    // The tab prints as 4 columns and each CJK character takes 2: the carets start at `rustls`.
    expect(lines[frame + 1]).toBe(
      `  | ${' '.repeat('    let 名前 = '.length + 2)}${'^'.repeat('rustls::ServerConfig::builder()'.length)} default protocol versions (TLS 1.2 and 1.3)`,
    );
    // An emoji takes 2 columns too: the carets start at `with_no_client_auth`.
    const emoji = lines.findIndex((l) => l.startsWith('5 |     let 🔒 = 1;'));
    const source = lines[emoji].slice('5 | '.length);
    const before = source.slice(0, source.indexOf('with_no_client_auth'));
    expect(lines[emoji + 1]).toBe(
      // One column a code point, and one more for the emoji.
      `  | ${' '.repeat([...before].length + 1)}${'^'.repeat('with_no_client_auth'.length)} no client authentication`,
    );
  });

  it('a two-file finding: the verifier impl in one file, where it is installed in another, both labelled', () => {
    const dir = tempProject({
      'Cargo.toml': '[package]\nname = "x"\n',
      'src/verifier.rs': [
        'use rustls::client::danger::{ServerCertVerified, ServerCertVerifier};',
        '',
        'pub struct AcceptAny;',
        '',
        'impl ServerCertVerifier for AcceptAny {',
        "    fn verify_server_cert(&self, _e: &CertificateDer<'_>, _i: &[CertificateDer<'_>], _n: &ServerName<'_>, _o: &[u8], _t: UnixTime) -> Result<ServerCertVerified, rustls::Error> {",
        '        Ok(ServerCertVerified::assertion())',
        '    }',
        '}',
        '',
      ].join('\n'),
      'src/main.rs': [
        'mod verifier;',
        '',
        'fn main() {',
        '    let mut config = rustls::ClientConfig::builder().with_root_certificates(roots()).with_no_client_auth();',
        '    config.dangerous().set_certificate_verifier(std::sync::Arc::new(verifier::AcceptAny));',
        '}',
        '',
      ].join('\n'),
    });
    const out = runCli(['-f', 'stylish', '--rule', 'missing-protocol-versions=off'], { cwd: dir }).stdout;
    const block = out.split('\n\n').find((b) => b.startsWith('error[always-accept-server-cert]'));
    expect(block?.split('\n').slice(0, 11)).toEqual([
      'error[always-accept-server-cert]: `AcceptAny::verify_server_cert` accepts every server certificate',
      ' --> src/verifier.rs:7:9',
      '  |',
      '7 |         Ok(ServerCertVerified::assertion())',
      '  |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ every certificate accepted',
      '  |',
      ' --> src/main.rs:5:24',
      '  |',
      '5 |     config.dangerous().set_certificate_verifier(std::sync::Arc::new(verifier::AcceptAny));',
      '  |                        ------------------------ AcceptAny is installed here',
      '  |',
    ]);
  });
});
