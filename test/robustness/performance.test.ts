// What makes big runs fast must never change results: the prefilter (keywords, crate keywords)
// gives the same output as --no-prefilter, and worker threads give the same bytes for any count.
// Small runs (a pre-commit hook) start no worker threads, nor do runs whose largest crates would
// hold too much memory at once. Timings live in `npm run bench`.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { runCliBig } from './run.js';
import { generateCorpus } from '../../scripts/bench-corpus.js';

const SUITES = ['test/fixtures', 'test/corpus'].filter((p) => existsSync(join(repoRoot, p)));
const OPTION_SETS = [[], ['--include-tests'], ['--mtls', 'required', '--min-tls-version', '1.3'], ['--mtls', 'off']];

function corpus(lines: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-perf-'));
  for (const [path, text] of (generateCorpus(lines, 7) as { files: Map<string, string> }).files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the prefilter never changes results', () => {
  for (const suite of SUITES) {
    it(`${suite}: the same JSON and notifications with and without it, for every option set`, () => {
      for (const options of OPTION_SETS) {
        const on = runCliBig([suite, '-f', 'json', '--include-tests', ...options]);
        const off = runCliBig([suite, '-f', 'json', '--include-tests', '--no-prefilter', ...options]);
        expect(on.status, `${options.join(' ')}: ${on.stderr.slice(0, 300)}`).toBe(1);
        expect(on.stdout, options.join(' ')).toBe(off.stdout);
        expect(on.stderr, options.join(' ')).toBe(off.stderr);
      }
    });
  }

  it('a generated workspace (crates with and without TLS): same findings with and without it, far fewer files parsed', () => {
    const dir = corpus(30_000);
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--debug', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    expect(JSON.parse(on.stdout).findings.length).toBeGreaterThan(0);
    const parsed = (stderr: string) => Number(/scanned, (\d+) parsed/.exec(stderr)?.[1]);
    expect(parsed(on.stderr)).toBeLessThan(parsed(off.stderr) / 2);
  });

  it('a crate with text whose carriers cannot be told (megabytes of `use` without `;`) is parsed whole: the cross-file leaks are still found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-hostile-'));
    cpSync(join(repoRoot, 'test/fixtures/tls-error-leaked/cross-file'), dir, { recursive: true });
    writeFileSync(join(dir, 'src', 'generated.rs'), `use rustls;\n${'use '.repeat(300_000)}`);
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    const leaks = JSON.parse(on.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'tls-error-leaked');
    expect(
      leaks.map(
        (f: { location: { path: string; region: { startLine: number } } }) =>
          `${f.location.path}:${f.location.region.startLine}`,
      ),
    ).toEqual([
      'src/api/check.rs:9',
      'src/api/check.rs:16',
      'src/api/fingerprint.rs:5',
      'src/api/probe.rs:8',
      'src/api/reload.rs:10',
    ]);
  });
});

describe('worker threads', () => {
  for (const suite of SUITES) {
    it(`${suite}: byte-identical SARIF for 0, 1, 2 and 3 workers`, () => {
      const outputs = [0, 1, 2, 3].map((n) =>
        runCliBig([suite, '-f', 'sarif', '--include-tests', '--workers', String(n)]),
      );
      expect(outputs[0].status).toBe(1);
      for (const out of outputs.slice(1)) {
        expect(out.stdout).toBe(outputs[0].stdout);
        expect(out.stderr).toBe(outputs[0].stderr);
      }
    });
  }

  it('a run with much to parse uses workers by default (more than one CPU); ten files of one crate do not', () => {
    const dir = corpus(120_000);
    // Without the prefilter every file is parsed: enough work for the pool.
    const big = runCliBig(['.', '-f', 'json', '--debug', '--no-prefilter'], { cwd: dir });
    const workers = Number(/(\d+) worker threads/.exec(big.stderr)?.[1] ?? 0);
    if (availableParallelism() > 1) expect(workers).toBeGreaterThanOrEqual(2);
    else expect(big.stderr).toMatch(/no worker threads/);
    const single = runCliBig(['.', '-f', 'json', '--workers', '0', '--no-prefilter'], { cwd: dir });
    expect(single.stdout).toBe(big.stdout);
    // Ten files of one crate (the pre-commit path): in this thread, even though the crate is read as context.
    const crate = readdirSync(join(dir, 'crates')).find((c) => c.endsWith('-2')) as string;
    const files = readdirSync(join(dir, 'crates', crate, 'src'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.rs'))
      .slice(0, 10);
    const ten = runCliBig([...files.map((f) => join('crates', crate, 'src', f)), '-f', 'json', '--debug'], {
      cwd: dir,
    });
    expect(ten.status, ten.stderr).toBeLessThan(2);
    expect(ten.stderr).toMatch(/no worker threads/);
  });

  it('by default no workers when the crates they would analyse at once are big together (each holds its crate in memory)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-perf-'));
    // Four crates of ~0.6 MB: enough to parse for a pool, but two of them at once exceed its memory bound.
    const body = Array.from({ length: 15_000 }, (_, i) => `pub fn f${i}(x: u32) -> u32 { x + ${i} }\n`).join('');
    for (const name of ['a', 'b', 'c', 'd']) {
      mkdirSync(join(dir, name, 'src'), { recursive: true });
      writeFileSync(join(dir, name, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\n`);
      writeFileSync(join(dir, name, 'src', 'lib.rs'), body);
    }
    const run = runCliBig(['.', '-f', 'json', '--debug', '--no-prefilter'], { cwd: dir });
    const kib = Number(/parsed \((\d+) KiB/.exec(run.stderr)?.[1]);
    expect(kib).toBeGreaterThan(2048);
    expect(run.stderr).toMatch(/4 crates analysed, no worker threads/);
  });

  it('--workers takes a whole number', () => {
    const run = runCliBig(['test/fixtures', '--workers', 'many']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--workers takes a whole number/);
  });
});
