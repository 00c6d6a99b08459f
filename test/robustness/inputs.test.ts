// Hostile inputs, on the real CLI: every file is analysed or named (stderr, JSON and SARIF) with
// the reason, the exit code says whether the run was complete, and nothing crashes or hangs.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, runCli, tempProject } from '../helpers/cli.js';
import { sarifSchemaErrors } from '../schema/validate.js';

const NO_AUTH_SERVER = `use rustls::ServerConfig;

pub fn config(certs: Certs, key: Key, client_ca_path: &str) -> ServerConfig {
    ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}
`;
/** Where NO_AUTH_SERVER's finding is. */
const AT = { line: 5, column: 10 };
const CARGO = '[package]\nname = "svc"\n';

interface Notification {
  level: string;
  kind: string;
  path?: string;
  message: string;
  line?: number;
}
interface JsonReport {
  filesScanned: number;
  findings: Array<{ ruleId: string; location: { path: string; region: { startLine: number; startColumn: number } } }>;
  notifications: Notification[];
}

function json(args: string[], cwd: string): { status: number; report: JsonReport; stderr: string } {
  const run = runCli([...args, '--format', 'json'], { cwd });
  return { status: run.status, report: JSON.parse(run.stdout), stderr: run.stderr };
}

function where(report: JsonReport): string[] {
  return report.findings.map(
    (f) => `${f.location.path}:${f.location.region.startLine}:${f.location.region.startColumn}`,
  );
}

/** The notification about a path, checked in all three places: stderr, JSON and SARIF. */
function notificationEverywhere(dir: string, args: string[], path: string, kind: string, reason: RegExp): void {
  const { report, stderr } = json(args, dir);
  const n = report.notifications.find((x) => x.path === path);
  expect(n, `JSON notification for ${path}`).toMatchObject({ kind, path });
  expect(n?.message).toMatch(reason);
  expect(stderr).toMatch(
    new RegExp(`^axum-tls-lint: (note|warning|error): ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+)?: `, 'm'),
  );
  const sarif = JSON.parse(runCli([...args, '--format', 'sarif'], { cwd: dir }).stdout);
  expect(sarifSchemaErrors(sarif)).toEqual([]);
  const notes = sarif.runs[0].invocations[0].toolExecutionNotifications as Array<{
    descriptor: { id: string };
    message: { text: string };
    locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
  }>;
  const uri = path.split('/').map(encodeURIComponent).join('/');
  const s = notes.find((x) => x.locations?.[0].physicalLocation.artifactLocation.uri === uri);
  expect(s, `SARIF notification for ${path}`).toBeDefined();
  expect(s?.descriptor.id).toBe(kind);
  expect(s?.message.text).toMatch(reason);
}

describe('file contents', () => {
  it('an empty file is analysed, counted and not reported', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/main.rs': '', 'src/tls.rs': NO_AUTH_SERVER });
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(report.filesScanned).toBe(2);
    expect(report.notifications).toEqual([]);
  });

  it('a UTF-8 byte-order mark changes nothing: same finding, same position', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO });
    writeFileSync(join(dir, 'tls.rs'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NO_AUTH_SERVER)]));
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual([`tls.rs:${AT.line}:${AT.column}`]);
    expect(report.notifications).toEqual([]);
  });

  it('UTF-16 (LE or BE with a byte-order mark, LE without) is decoded, analysed and noted', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO });
    const le = Buffer.from(NO_AUTH_SERVER, 'utf16le');
    writeFileSync(join(dir, 'le.rs'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    writeFileSync(join(dir, 'be.rs'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]));
    writeFileSync(join(dir, 'nobom.rs'), le);
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual(['be.rs', 'le.rs', 'nobom.rs'].map((f) => `${f}:${AT.line}:${AT.column}`));
    expect(report.notifications.map((n) => [n.path, n.kind, n.level])).toEqual([
      ['be.rs', 'not-utf8', 'note'],
      ['le.rs', 'not-utf8', 'note'],
      ['nobom.rs', 'not-utf8', 'note'],
    ]);
    notificationEverywhere(
      dir,
      ['.'],
      'nobom.rs',
      'not-utf8',
      /UTF-16LE without a byte-order mark; it was decoded and analysed/,
    );
  });

  it('invalid UTF-8 (Latin-1) is analysed with the bad bytes replaced, and says so', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO });
    writeFileSync(join(dir, 'latin1.rs'), Buffer.from(`// Zertifikat für Gäste\n${NO_AUTH_SERVER}`, 'latin1'));
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual([`latin1.rs:${AT.line + 1}:${AT.column}`]);
    notificationEverywhere(dir, ['.'], 'latin1.rs', 'not-utf8', /not valid UTF-8; invalid bytes were replaced/);
  });

  it('a binary file named .rs is skipped and named; --strict makes that exit 2', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER });
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    writeFileSync(join(dir, 'src/blob.rs'), bytes);
    const { status, report, stderr } = json(['.'], dir);
    expect(status).toBe(1);
    expect(report.filesScanned).toBe(1);
    notificationEverywhere(dir, ['.'], 'src/blob.rs', 'binary', /not analysed: binary content/);
    expect(stderr).not.toMatch(/incomplete run/);
    const strict = runCli(['.', '--strict'], { cwd: dir });
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(
      /^axum-tls-lint: incomplete run: 1 path was not fully analysed, see above \(--strict\); exit code 2$/m,
    );
  });

  it('a 50 MB file is skipped, never read whole, with its size and the limit; the rest is analysed', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER });
    const line = `// ${'x'.repeat(1021)}\n`;
    writeFileSync(join(dir, 'src/generated.rs'), NO_AUTH_SERVER + line.repeat(50 * 1024));
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual([`src/tls.rs:${AT.line}:${AT.column}`]);
    notificationEverywhere(
      dir,
      ['.'],
      'src/generated.rs',
      'too-large',
      /not analysed: 50\.\d MB \(\d+ bytes\) is over the 5 MB size limit/,
    );
    expect(runCli(['.', '--strict'], { cwd: dir }).status).toBe(2);
  });

  it('1 MB lines (a byte table, a string, minified code) are analysed in full within the budget', () => {
    const table = `pub static TABLE: [u8; 250000] = [${Array.from({ length: 250_000 }, (_, i) => i % 256).join(',')}];\n`;
    const text = `pub const BANNER: &str = "${'tls '.repeat(250_000)}";\n`;
    const minified = `${NO_AUTH_SERVER.replace(/\n\s*/g, ' ')} ${'fn f(x: u32) -> u32 { let y = x.wrapping_mul(3); if y > 7 { y } else { x } } '.repeat(12_000)}\n`;
    const dir = tempProject({
      'Cargo.toml': CARGO,
      'src/table.rs': table + NO_AUTH_SERVER,
      'src/text.rs': text + NO_AUTH_SERVER,
      'src/min.rs': minified,
    });
    const { status, report } = json(['.'], dir);
    expect(report.notifications.filter((n: { kind: string }) => n.kind === 'budget')).toEqual([]);
    expect(status).toBe(1);
    expect(where(report)).toEqual([
      `src/min.rs:1:${minified.indexOf('with_no_client_auth') + 1}`,
      `src/table.rs:${AT.line + 1}:${AT.column}`,
      `src/text.rs:${AT.line + 1}:${AT.column}`,
    ]);
    expect(report.notifications).toEqual([]);
  });

  it('half-written code: a syntax error is noted with its line and the rest still analysed', () => {
    const half = `${NO_AUTH_SERVER}\npub fn unfinished(cfg: &ServerConfig) -> Result<(), Error> {\n    let x = match cfg.alpn_protocols {\n        Some(p) => \n`;
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': half });
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual([`src/tls.rs:${AT.line}:${AT.column}`]);
    expect(report.notifications).toEqual([
      expect.objectContaining({ kind: 'parse-error', level: 'note', path: 'src/tls.rs', line: expect.any(Number) }),
    ]);
    // A syntax error is not a skipped file: --strict passes on it.
    expect(runCli(['.', '--strict'], { cwd: dir }).status).toBe(1);
  });
});

describe('files and folders', () => {
  const isRoot = process.getuid?.() === 0;
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;

  it('unreadable files and folders: named, exit 2, SARIF executionSuccessful false', (ctx) => {
    // chmod 000 does not stop root: run the CLI as nobody through setpriv, or skip with the reason.
    if (isRoot && !setpriv) ctx.skip('running as root without setpriv: permissions cannot be made to fail');
    const dir = tempProject({
      'Cargo.toml': CARGO,
      'src/tls.rs': NO_AUTH_SERVER,
      'src/secret.rs': NO_AUTH_SERVER,
      'src/locked/inner.rs': NO_AUTH_SERVER,
    });
    chmodSync(join(dir, 'src/secret.rs'), 0o000);
    chmodSync(join(dir, 'src/locked'), 0o000);
    chmodSync(dir, 0o755);
    const cli = (format: string) => {
      const command = isRoot ? 'setpriv' : process.execPath;
      const args = [binPath, '.', '--format', format];
      const r = spawnSync(
        command,
        isRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args] : args,
        { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const run = cli('json');
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(where(report)).toEqual([`src/tls.rs:${AT.line}:${AT.column}`]);
    expect(report.notifications).toEqual([
      {
        level: 'error',
        kind: 'unreadable',
        path: 'src/locked',
        message: 'folder cannot be read (EACCES); its files were not analysed',
      },
      {
        level: 'error',
        kind: 'unreadable',
        path: 'src/secret.rs',
        message: 'cannot be read (EACCES: permission denied)',
      },
    ]);
    expect(run.stderr).toContain('axum-tls-lint: error: src/secret.rs: cannot be read (EACCES: permission denied)\n');
    expect(run.stderr).toMatch(/incomplete run: 2 paths were not fully analysed, see above; exit code 2\n$/);
    const sarif = JSON.parse(cli('sarif').stdout);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(2);
  });

  it('broken and looping symbolic links are named; a link loop between folders does not hang the walk', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER });
    symlinkSync('missing.rs', join(dir, 'src/broken.rs'));
    symlinkSync('b.rs', join(dir, 'src/a.rs'));
    symlinkSync('a.rs', join(dir, 'src/b.rs'));
    mkdirSync(join(dir, 'src/nested'));
    symlinkSync('..', join(dir, 'src/nested/up'));
    symlinkSync(join(dir, 'src'), join(dir, 'src/nested/again'));
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual([`src/tls.rs:${AT.line}:${AT.column}`]);
    expect(report.notifications.map((n) => `${n.path} ${n.message}`)).toEqual([
      'src/a.rs not analysed: a symbolic link loop',
      'src/b.rs not analysed: a symbolic link loop',
      'src/broken.rs not analysed: a broken symbolic link (its target does not exist)',
    ]);
    notificationEverywhere(dir, ['.'], 'src/broken.rs', 'skipped', /broken symbolic link/);
    expect(runCli(['.', '--strict'], { cwd: dir }).status).toBe(2);
  });

  it('links inside the scanned folders are not analysed twice; links leading out are named, followed with --follow-symlinks', () => {
    const outside = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER });
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER });
    symlinkSync(join(dir, 'src/tls.rs'), join(dir, 'src/alias.rs'));
    symlinkSync(join(dir, 'src'), join(dir, 'src-link'));
    symlinkSync(join(outside, 'src'), join(dir, 'vendored'));
    symlinkSync(join(outside, 'src/tls.rs'), join(dir, 'src/outside.rs'));
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(where(report)).toEqual([`src/tls.rs:${AT.line}:${AT.column}`]);
    expect(report.notifications.map((n) => `${n.path} ${n.level} ${n.message}`)).toEqual([
      'src/outside.rs note not analysed: symbolic link to a file outside the scanned folders (--follow-symlinks follows it)',
      'vendored note not analysed: symbolic link to a folder outside the scanned folders (--follow-symlinks follows it)',
    ]);
    const followed = json(['.', '--follow-symlinks'], dir);
    expect(where(followed.report)).toEqual([
      `src/outside.rs:${AT.line}:${AT.column}`,
      `src/tls.rs:${AT.line}:${AT.column}`,
      `vendored/tls.rs:${AT.line}:${AT.column}`,
    ]);
    expect(followed.report.notifications).toEqual([]);
  });

  it('pipes, sockets and devices named .rs are named, never read (no hang)', (ctx) => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER });
    if (spawnSync('mkfifo', [join(dir, 'src/pipe.rs')]).status !== 0) ctx.skip('mkfifo is not available');
    const { status, report } = json(['.'], dir);
    expect(status).toBe(1);
    expect(report.notifications).toEqual([
      {
        level: 'warning',
        kind: 'skipped',
        path: 'src/pipe.rs',
        message: 'not analysed: not a regular file (a pipe, socket or device)',
      },
    ]);
    const named = json(['src/pipe.rs', 'src/tls.rs'], dir);
    expect(named.report.notifications).toEqual([
      { level: 'warning', kind: 'skipped', path: 'src/pipe.rs', message: 'not analysed: not a regular file or folder' },
    ]);
    expect(where(named.report)).toEqual([`src/tls.rs:${AT.line}:${AT.column}`]);
  });

  it('paths with spaces and non-ASCII characters are printed relative and POSIX-style in every format', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls config/zertifikät ü.rs': NO_AUTH_SERVER });
    const path = 'src/tls config/zertifikät ü.rs';
    expect(where(json(['.'], dir).report)).toEqual([`${path}:${AT.line}:${AT.column}`]);
    expect(runCli(['.'], { cwd: dir }).stdout.split('\n')[1]).toBe(` --> ${path}:${AT.line}:${AT.column}`);
    expect(runCli(['.', '-f', 'compact'], { cwd: dir }).stdout).toMatch(
      new RegExp(`^${path}:${AT.line}:${AT.column}: error\\[mtls-no-client-auth\\]: `),
    );
    expect(runCli(['.', '--format', 'github'], { cwd: dir }).stdout).toContain(`file=${path},line=${AT.line}`);
    expect(where(json([join(dir, 'src')], dir).report)).toEqual([`${path}:${AT.line}:${AT.column}`]);
    expect(where(json(['.'], join(dir, 'src', 'tls config')).report)).toEqual([
      `zertifikät ü.rs:${AT.line}:${AT.column}`,
    ]);
  });

  it('a file deleted between discovery and reading is named with the reason', async () => {
    // Simulated deterministically through the engine's per-file hook, which runs between the two.
    const { runLint } = await import('../../src/engine/run.js');
    const { ALL_RULES } = await import('../../src/rules/index.js');
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': NO_AUTH_SERVER, 'src/gone.rs': NO_AUTH_SERVER });
    const profile = {
      id: 'default',
      rules: ALL_RULES,
      includeTests: false,
      minTlsVersion: '1.2' as const,
      mtls: 'auto' as const,
    };
    const result = await runLint({
      paths: ['.'],
      cwd: dir,
      rules: ALL_RULES,
      includeTests: false,
      minTlsVersion: '1.2',
      mtls: 'auto',
      prefilter: true,
      profileFor: (file: { absPath: string }) => {
        if (file.absPath.endsWith('gone.rs')) unlinkSync(file.absPath);
        return profile;
      },
    });
    expect(result.findings.map((f: { location: { path: string } }) => f.location.path)).toEqual(['src/tls.rs']);
    expect(result.notifications).toEqual([
      {
        level: 'error',
        kind: 'unreadable',
        path: 'src/gone.rs',
        message: 'cannot be read (ENOENT: it was removed or renamed during the run)',
      },
    ]);
  });
});
