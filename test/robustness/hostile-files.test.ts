// A checkout is untrusted: every file the tool reads from it besides the Rust sources —
// configurations, manifests, baselines — is a small regular file or it is named and refused;
// links leading out of the checkout are not followed; errors never quote such a file.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, tempProject, type CliRun } from '../helpers/cli.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\n';
const TLS = `pub fn config(certs: Certs, key: Key) -> rustls::ServerConfig {
    rustls::ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13]).with_no_client_auth().with_single_cert(certs, key).unwrap()
}
`;
const SECRET = 'hunter2-s3cr3t';

/** The CLI with a time limit: a FIFO read without care would hang it. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function project(extra: Record<string, string> = {}): string {
  return tempProject({ 'svc/Cargo.toml': CARGO, 'svc/src/lib.rs': TLS, ...extra });
}

/** A file outside the project: what a committed link would point at (`~/.aws/credentials`). */
function secretFile(): string {
  const outside = tempProject({ credentials: `[default]\naws_secret_access_key = "${SECRET}"\n[[[ not toml\n` });
  return join(outside, 'credentials');
}

function mkfifo(path: string): boolean {
  return spawnSync('mkfifo', [path]).status === 0;
}

describe('configuration files and manifests from the checkout', () => {
  it('an axum-tls-lint.toml linked out of the checkout is named, not read (no secret in the log)', () => {
    const dir = project();
    symlinkSync(secretFile(), join(dir, 'axum-tls-lint.toml'));
    const r = run(['svc'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'axum-tls-lint: axum-tls-lint.toml: not read as a configuration: a symbolic link leading out of the scanned folders; not followed\n',
    );
  });

  it('a Cargo.toml linked out of the checkout is named, not read', () => {
    const dir = project();
    symlinkSync(secretFile(), join(dir, 'Cargo.toml'));
    const r = run(['svc'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'axum-tls-lint: Cargo.toml: not read as a configuration: a symbolic link leading out of the scanned folders; not followed\n',
    );
  });

  it('a link inside the checkout is followed', () => {
    const dir = project({ 'shared/lint.toml': 'mtls = "required"\n' });
    symlinkSync('shared/lint.toml', join(dir, 'axum-tls-lint.toml'));
    const r = run(['svc', '-f', 'json'], dir);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { level: string }) => f.level)).toEqual(['error']);
  });

  it('a link elsewhere in the same git work tree is followed from a subfolder', (ctx) => {
    const dir = project({ 'axum-tls-lint.toml': 'mtls = "required"\n' });
    if (spawnSync('git', ['init', '-q'], { cwd: dir }).status !== 0) ctx.skip('git is not available');
    symlinkSync('../axum-tls-lint.toml', join(dir, 'svc/axum-tls-lint.toml'));
    const r = run(['-f', 'json'], join(dir, 'svc'));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).findings.map((f: { level: string }) => f.level)).toEqual(['error']);
  });

  it('more than 1000 include/exclude patterns is an error, not minutes of matching', () => {
    const patterns = Array.from({ length: 1001 }, (_, i) => `"gen${i}/"`).join(', ');
    const dir = project({ 'axum-tls-lint.toml': `exclude = [${patterns}]\n` });
    const r = run(['svc'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'axum-tls-lint: axum-tls-lint.toml:1:11: "exclude" has 1001 patterns, more than 1000; use globs that cover folders (e.g. "generated/**")\n',
    );
  });

  it('TOML errors and bad values never quote the file', () => {
    const dir = project({ 'axum-tls-lint.toml': `token = "${SECRET}"\n[[[ broken\n` });
    const broken = run(['svc'], dir);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^axum-tls-lint: axum-tls-lint\.toml:2:\d+: invalid TOML: [^\n]*\n$/);
    expect(broken.stderr).not.toContain(SECRET);
    writeFileSync(join(dir, 'axum-tls-lint.toml'), `mtls = "${SECRET}"\n`);
    const value = run(['svc'], dir);
    expect(value.stderr).toBe(
      'axum-tls-lint: axum-tls-lint.toml:1:8: "mtls" must be one of "auto", "required", "off" (got a string that is none of these)\n',
    );
    writeFileSync(join(dir, 'axum-tls-lint.toml'), `"${SECRET} and more" = 1\n`);
    const key = run(['svc'], dir);
    expect(key.stderr).toMatch(/^axum-tls-lint: axum-tls-lint\.toml:1:1: unknown key \(name not shown\); known keys: /);
    expect(key.stderr).not.toContain(SECRET);
  });

  it('/proc/self/environ as --config: read within limits, and its content is not printed', (ctx) => {
    if (process.platform !== 'linux') ctx.skip('Linux /proc');
    const dir = project();
    const r = run(['svc', '-c', '/proc/self/environ'], dir, { LINT_TEST_SECRET: SECRET });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^axum-tls-lint: \/proc\/self\/environ:\d+:\d+: invalid TOML: /);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('/dev/zero, a FIFO or an oversized file named as configuration or manifest: refused at once', (ctx) => {
    const dir = project();
    const zero = run(['svc', '-c', '/dev/zero'], dir);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toBe(
      'axum-tls-lint: /dev/zero: not read as a configuration: not a regular file (a pipe, socket, device or folder); not read\n',
    );

    writeFileSync(join(dir, 'axum-tls-lint.toml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    const big = run(['svc'], dir);
    expect(big.status).toBe(2);
    expect(big.stderr).toBe(
      `axum-tls-lint: axum-tls-lint.toml: not read as a configuration: over the 1 MB size limit (${1024 * 1024 + 3} bytes); not read\n`,
    );

    const fifoDir = tempProject({ 'svc/src/lib.rs': TLS });
    if (!mkfifo(join(fifoDir, 'svc/Cargo.toml'))) ctx.skip('mkfifo is not available');
    const fifo = run(['svc'], fifoDir);
    expect(fifo.status).toBe(2);
    expect(fifo.stderr).toBe(
      'axum-tls-lint: svc/Cargo.toml: not read as a configuration: not a regular file (a pipe, socket, device or folder); not read\n',
    );
  });
});

describe('baselines', () => {
  it('a FIFO or device baseline is refused at once; a UTF-8 byte-order mark is accepted', (ctx) => {
    const dir = project();
    expect(run(['svc', '--write-baseline', 'b.json'], dir).status).toBe(0);
    const written = spawnSync('cat', [join(dir, 'b.json')], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'bom.json'), `\uFEFF${written}`);
    const bom = run(['svc', '--baseline', 'bom.json'], dir);
    expect(bom.stderr).toBe('');
    expect(bom.status).toBe(0);

    const zero = run(['svc', '--baseline', '/dev/zero'], dir);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toBe(
      'axum-tls-lint: /dev/zero: not a regular file (a pipe, socket, device or folder); not read\n',
    );
    mkdirSync(join(dir, 'pipes'));
    if (!mkfifo(join(dir, 'pipes/b.json'))) ctx.skip('mkfifo is not available');
    const fifo = run(['svc', '--baseline', 'pipes/b.json'], dir);
    expect(fifo.status).toBe(2);
    expect(fifo.stderr).toBe(
      'axum-tls-lint: pipes/b.json: not a regular file (a pipe, socket, device or folder); not read\n',
    );
  });

  it('a baseline that is not JSON is named without quoting it', () => {
    const dir = project({ 'b.json': `{"format": "${SECRET}` });
    const r = run(['svc', '--baseline', 'b.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'axum-tls-lint: b.json: not a baseline file (not valid JSON); write one with --write-baseline\n',
    );
  });
});
