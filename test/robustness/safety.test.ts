// Safety: no network, no processes started, no code run from configuration files; reports
// written atomically (a failed write leaves the previous report, never a truncated one).
// Symbolic links leading out of the scanned folders are covered in inputs.test.ts.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { binPath, repoRoot, tempProject } from '../helpers/cli.js';
import { runCliBig } from './run.js';

const NO_AUTH_SERVER = `use rustls::ServerConfig;

pub fn config(certs: Certs, key: Key, client_ca_path: &str) -> ServerConfig {
    ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}
`;

/** Preloaded into the CLI: any network or process API records its name in a marker file and throws. */
const TRIPWIRE = `
const fs = require('node:fs');
const marker = process.env.TRIPWIRE_MARKER;
const trip = (what) => function () { fs.appendFileSync(marker, what + '\\n'); throw new Error('tripwire: ' + what); };
const arm = (mod, names) => { const m = require(mod); for (const n of names) if (typeof m[n] === 'function') m[n] = trip(mod + '.' + n); };
arm('node:child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
arm('node:net', ['connect', 'createConnection', 'createServer']);
arm('node:tls', ['connect', 'createServer']);
arm('node:http', ['request', 'get', 'createServer']);
arm('node:https', ['request', 'get', 'createServer']);
arm('node:dns', ['lookup', 'resolve', 'resolve4', 'resolve6']);
arm('node:dgram', ['createSocket']);
require('node:net').Socket.prototype.connect = trip('net.Socket.connect');
globalThis.fetch = trip('fetch');
require('node:module').syncBuiltinESMExports();
`;

describe('no network, no processes, no code from configuration', () => {
  it('a full run with configuration, cache, baseline and every format touches no network or process API', () => {
    const dir = tempProject({
      'tripwire.cjs': TRIPWIRE,
      // Configuration that would run code if anything evaluated it.
      'axum-tls-lint.toml':
        'mtls = "auto"\nexclude = ["${require(\'child_process\').execSync(\'touch pwned\')}", "$(touch pwned)", "`touch pwned`"]\n',
      'svc/Cargo.toml':
        '[package]\nname = "svc"\nbuild = "build.rs"\n[package.metadata.axum-tls-lint]\nmin_tls_version = "1.2"\n',
      'svc/build.rs': 'fn main() { std::process::Command::new("touch").arg("pwned").status().unwrap(); }\n',
      'svc/src/tls.rs': NO_AUTH_SERVER,
    });
    const marker = join(dir, 'tripped.txt');
    const env = {
      NODE_OPTIONS: `--require ${join(dir, 'tripwire.cjs')}`,
      TRIPWIRE_MARKER: marker,
      XDG_CACHE_HOME: `${dir}-cache`,
    };
    for (const args of [
      ['.'],
      ['.', '-f', 'json'],
      ['.', '-f', 'sarif', '-o', 'out/report.sarif'],
      ['.', '-f', 'github'],
      ['.', '--cache'],
      ['.', '--write-baseline', 'baseline.json'],
      ['.', '--baseline', 'baseline.json'],
    ]) {
      const run = runCliBig(args, { cwd: dir, env });
      expect(run.stderr, args.join(' ')).not.toMatch(/tripwire|internal error/);
      expect([0, 1], `${args.join(' ')}: ${run.stderr}`).toContain(run.status);
    }
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'svc', 'pwned'))).toBe(false);
    // The tripwire does go off when something does call these APIs.
    spawnSync(process.execPath, ['-e', 'try { require("node:child_process").execSync("true") } catch {}'], {
      env: { ...process.env, ...env },
    });
    expect(readFileSync(marker, 'utf8')).toBe('node:child_process.execSync\n');
  });

  it('the shipped code names no network, process or eval API', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.js')) files.push(join(d, e.name));
      }
    };
    walk(join(repoRoot, 'dist'));
    expect(files.length).toBeGreaterThan(10);
    const forbidden =
      /\b(child_process|node:net|node:http|node:https|node:dns|node:dgram|node:tls|eval\s*\(|new Function\s*\(|fetch\s*\()|\bimport\s*\(\s*[^'"\s]/;
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => forbidden.test(line))
        .map((line) => `${f.slice(repoRoot.length + 1)}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });
});

describe('output files are written atomically', () => {
  it('a write that fails (file size limit) leaves the previous report and no temporary file', (ctx) => {
    if (spawnSync('sh', ['-c', 'ulimit -f 4']).status !== 0) ctx.skip('ulimit -f is not available');
    const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': NO_AUTH_SERVER });
    writeFileSync(join(dir, 'report.sarif'), 'previous report\n');
    // The SARIF report (with every rule's help) is far over 4 KB: the write fails part-way.
    const script = `trap '' XFSZ; ulimit -f 4; exec "${process.execPath}" "${binPath}" . -f sarif -o report.sarif`;
    const run = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^axum-tls-lint: cannot write report\.sarif: the file size limit was reached \(EFBIG\); nothing was written$/m,
    );
    expect(readFileSync(join(dir, 'report.sarif'), 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Without the limit the same command replaces it with a complete report.
    const ok = runCliBig(['.', '-f', 'sarif', '-o', 'report.sarif'], { cwd: dir });
    expect(ok.status).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a folder as target fails cleanly; missing parent folders are created', () => {
    const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/tls.rs': NO_AUTH_SERVER });
    mkdirSync(join(dir, 'taken'));
    const run = runCliBig(['.', '-o', 'taken'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('axum-tls-lint: cannot write taken: it is a folder\n');
    expect(readdirSync(join(dir, 'taken'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const nested = runCliBig(['.', '-f', 'json', '-o', 'reports/ci/lint.json'], { cwd: dir });
    expect(nested.status).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'reports/ci/lint.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('a link is replaced, never written through (a committed results.sarif -> ~/.bashrc); a pipe is written to', () => {
    const dir = tempProject({
      'Cargo.toml': '[package]\nname = "x"\n',
      'src/tls.rs': NO_AUTH_SERVER,
      'home/.bashrc': 'old\n',
    });
    symlinkSync('home/.bashrc', join(dir, 'latest.json'));
    expect(runCliBig(['.', '-f', 'json', '-o', 'latest.json'], { cwd: dir }).status).toBe(1);
    expect(lstatSync(join(dir, 'latest.json')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')).findings).toHaveLength(1);
    expect(readFileSync(join(dir, 'home/.bashrc'), 'utf8')).toBe('old\n');

    if (spawnSync('mkfifo', [join(dir, 'pipe')]).status !== 0) return;
    // The reader is open before the run starts (a pipe without a reader is refused at once, never
    // waited on); the report is small enough for the pipe's buffer, so it is read after the run.
    const reader = openSync(join(dir, 'pipe'), constants.O_RDONLY | constants.O_NONBLOCK);
    const run = runCliBig(['.', '-f', 'json', '-o', 'pipe'], { cwd: dir });
    const received = readFileSync(reader, 'utf8');
    closeSync(reader);
    expect(run.status).toBe(1);
    expect(JSON.parse(received).findings).toHaveLength(1);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
  });
});
