// Output files (-o, --write-baseline) and output streams: clear one-line errors for every bad
// path, no source overwritten, no temporary file left by a signal, a closed pipe a quiet exit,
// a baseline in the same byte order whatever the locale.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, runCli, tempProject } from '../helpers/cli.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\n';
const TLS = `pub fn config(certs: Certs, key: Key) -> rustls::ServerConfig {
    rustls::ServerConfig::builder().with_no_client_auth().with_single_cert(certs, key).unwrap()
}
`;

function project(extra: Record<string, string> = {}): string {
  return tempProject({ 'Cargo.toml': CARGO, 'src/lib.rs': TLS, ...extra });
}

function temps(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));
}

describe('bad output paths: exit 2, one line, nothing written', () => {
  for (const flag of ['-o', '--write-baseline']) {
    const name = flag === '-o' ? '--output-file' : flag;
    it(`${flag}: an empty name, a folder, a Rust source`, () => {
      const dir = project({ 'reports/.keep': '' });
      const cases: Array<[string, string]> = [
        ['', `axum-tls-lint: ${name} needs a file name (got an empty string)\n`],
        ['reports', 'axum-tls-lint: cannot write reports: it is a folder\n'],
        ['src/lib.rs', `axum-tls-lint: refusing to write src/lib.rs: ${name} would overwrite Rust source\n`],
      ];
      for (const [target, stderr] of cases) {
        const run = runCli(['.', flag, target], { cwd: dir });
        expect(run.status, target).toBe(2);
        expect(run.stderr, target).toBe(stderr);
        expect(run.stdout, target).toBe('');
      }
      expect(readFileSync(join(dir, 'src/lib.rs'), 'utf8')).toBe(TLS);
      expect(temps(dir)).toEqual([]);
    });
  }

  it('a folder that cannot be written to', (ctx) => {
    if (process.platform !== 'linux') ctx.skip('/sys is Linux');
    const dir = project();
    const run = runCli(['.', '--write-baseline', '/sys/baseline.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'axum-tls-lint: cannot write /sys/baseline.json: permission denied (EACCES); nothing was written\n',
    );
  });

  it('a pipe that no process reads is an error, not a run that never ends', (ctx) => {
    const dir = project();
    if (spawnSync('mkfifo', [join(dir, 'b.json')]).status !== 0) ctx.skip('mkfifo is not available');
    const r = spawnSync(process.execPath, [binPath, '.', '--write-baseline', 'b.json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('axum-tls-lint: cannot write b.json: a pipe that no process reads (ENXIO)\n');
  });

  it('--write-baseline replaces a committed link instead of writing through it', () => {
    const dir = project({ 'home/.bashrc': 'export PATH\n' });
    symlinkSync('home/.bashrc', join(dir, 'baseline.json'));
    const run = runCli(['.', '--write-baseline', 'baseline.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(lstatSync(join(dir, 'baseline.json')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'home/.bashrc'), 'utf8')).toBe('export PATH\n');
  });

  it('a committed link to a terminal or pipe (results.sarif -> /dev/stdout) is replaced too; a link named outside the working folder (-o /dev/stdout) writes to stdout', (ctx) => {
    if (process.platform !== 'linux') ctx.skip('/proc/self/fd');
    const dir = project();
    symlinkSync('/dev/stdout', join(dir, 'results.sarif'));
    const run = runCli(['.', '-f', 'sarif', '-o', 'results.sarif'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(lstatSync(join(dir, 'results.sarif')).isFile()).toBe(true);
    // Like /dev/stdout, but a link of the test's own: were it replaced, nothing else would break.
    const outside = tempProject({});
    symlinkSync('/proc/self/fd/1', join(outside, 'stdout'));
    const named = runCli(['.', '-f', 'json', '-o', join(outside, 'stdout')], { cwd: dir });
    expect(named.status).toBe(0);
    expect(lstatSync(join(outside, 'stdout')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(named.stdout).findings).toHaveLength(2);
  });
});

describe('streams and signals', () => {
  it('a reader that stops early (| head) ends the run quietly, with its exit code', (ctx) => {
    if (spawnSync('bash', ['-c', 'true']).status !== 0) ctx.skip('bash is not available');
    const dir = project();
    // The SARIF report (every rule's help) is larger than a pipe's buffer.
    const script = `"${process.execPath}" "${binPath}" . -f sarif --mtls required 2>stderr.txt | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const run = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout).toBe('1\n');
    expect(readFileSync(join(dir, 'stderr.txt'), 'utf8')).toBe('');
  });

  it('SIGTERM or SIGINT while writing leaves no temporary file and never half a report', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      files[`c${i}/Cargo.toml`] = CARGO;
      files[`c${i}/src/lib.rs`] = TLS;
    }
    const dir = project(files);
    for (const [signal, delay] of [
      ['SIGTERM', 300],
      ['SIGINT', 500],
      ['SIGTERM', 700],
      ['SIGINT', 900],
    ] as const) {
      writeFileSync(join(dir, 'report.sarif'), 'previous\n');
      const child = spawn(process.execPath, [binPath, '.', '-f', 'sarif', '-o', 'report.sarif'], { cwd: dir });
      const exited = new Promise((done) => child.on('close', done));
      setTimeout(() => child.kill(signal), delay);
      await exited;
      expect(temps(dir)).toEqual([]);
      const report = readFileSync(join(dir, 'report.sarif'), 'utf8');
      if (report !== 'previous\n') expect(JSON.parse(report).version).toBe('2.1.0');
    }
  });
});

describe('baseline bytes', () => {
  it('entries are sorted by code units, whatever the locale', () => {
    const files: Record<string, string> = {};
    for (const name of ['a', 'B', 'ä', '_z', 'Z']) files[`src/${name}.rs`] = TLS;
    const dir = project(files);
    mkdirSync(join(dir, 'out'));
    const written = ['C', 'de_DE.UTF-8', 'sv_SE.UTF-8'].map((locale) => {
      runCli(['.', '--write-baseline', 'out/b.json'], { cwd: dir, env: { LC_ALL: locale, LANG: locale } });
      return readFileSync(join(dir, 'out/b.json'), 'utf8');
    });
    expect(new Set(written).size).toBe(1);
    const paths = (JSON.parse(written[0]).findings as Array<{ path: string }>).map((e) => e.path);
    expect([...new Set(paths)]).toEqual([
      '../src/B.rs',
      '../src/Z.rs',
      '../src/_z.rs',
      '../src/a.rs',
      '../src/lib.rs',
      '../src/ä.rs',
    ]);
  });
});
