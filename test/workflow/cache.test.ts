// The per-crate cache through the real CLI: hits, and invalidation by content (including a
// change in another file of the crate), configuration and tool version.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARGO, MAIN_WITH_INTENT, MAIN_WITHOUT_INTENT, TLS_NO_AUTH, mtlsService, runCli, summary, tempProject } from './sources.js';

const DEFAULT_DIR = '.axum-tls-lint-cache';

function cacheStats(stderr: string): string {
  return /cache: (\d+ crates? reused, \d+ analysed)/.exec(stderr)?.[1] ?? `no cache line in: ${stderr}`;
}

function entries(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
}

/** Rewrites the cached findings' messages: a run that shows them did not analyse again. */
function tamper(cacheDir: string): void {
  for (const file of entries(cacheDir)) {
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    for (const f of entry.result.findings) f.message = `FROM CACHE. ${f.message}`;
    writeFileSync(file, JSON.stringify(entry));
  }
}

const cached = (dir: string, extra: string[] = []) => runCli(['--cache', '--debug', '-f', 'json', ...extra], { cwd: dir });

describe('--cache', () => {
  it('a warm run reuses the crate\'s results and parses nothing', () => {
    const dir = mtlsService();
    const cold = cached(dir);
    expect(cacheStats(cold.stderr)).toBe('0 crates reused, 1 analysed');
    expect(existsSync(join(dir, DEFAULT_DIR))).toBe(true);
    const warm = cached(dir);
    expect(cacheStats(warm.stderr)).toBe('1 crate reused, 0 analysed');
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.status).toBe(1);

    tamper(join(dir, DEFAULT_DIR));
    expect(cached(dir).stdout).toContain('FROM CACHE. This server config');
  });

  it('lives under node_modules/.cache/axum-tls-lint when the folder has node_modules; --cache-location moves it', () => {
    const dir = mtlsService();
    mkdirSync(join(dir, 'node_modules'));
    cached(dir);
    expect(entries(join(dir, 'node_modules/.cache/axum-tls-lint'))).toHaveLength(1);
    expect(existsSync(join(dir, DEFAULT_DIR))).toBe(false);
    cached(dir, ['--cache-location', 'build/lint-cache']);
    expect(entries(join(dir, 'build/lint-cache'))).toHaveLength(1);
    const usage = runCli(['--cache-location', 'x'], { cwd: dir });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--cache-location needs --cache');
  });

  it('a change in another file of the crate invalidates it: cross-file facts stay right', () => {
    const dir = mtlsService();
    expect(summary(cached(dir))).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    // main.rs carries the mTLS intent that makes the finding in tls.rs an error.
    writeFileSync(join(dir, 'src/main.rs'), MAIN_WITHOUT_INTENT);
    const run = cached(dir);
    expect(cacheStats(run.stderr)).toBe('0 crates reused, 1 analysed');
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth note']);
    writeFileSync(join(dir, 'src/main.rs'), MAIN_WITH_INTENT);
    expect(summary(cached(dir))).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
  });

  it('only the crate that changed is analysed again', () => {
    const dir = tempProject({
      'a/Cargo.toml': CARGO, 'a/src/main.rs': MAIN_WITH_INTENT, 'a/src/tls.rs': TLS_NO_AUTH,
      'b/Cargo.toml': CARGO, 'b/src/main.rs': MAIN_WITH_INTENT, 'b/src/tls.rs': TLS_NO_AUTH,
    });
    expect(cacheStats(cached(dir).stderr)).toBe('0 crates reused, 2 analysed');
    writeFileSync(join(dir, 'b/src/tls.rs'), `// edited\n${TLS_NO_AUTH}`);
    const run = cached(dir);
    expect(cacheStats(run.stderr)).toBe('1 crate reused, 1 analysed');
    expect(summary(run)).toEqual(['a/src/tls.rs:5 mtls-no-client-auth error', 'b/src/tls.rs:6 mtls-no-client-auth error']);
    // A file no rule can fire in (no keyword) is not part of the key: nothing to analyse.
    writeFileSync(join(dir, 'a/src/util.rs'), 'pub fn add(a: u32, b: u32) -> u32 { a + b }\n');
    expect(cacheStats(cached(dir).stderr)).toBe('2 crates reused, 0 analysed');
  });

  it('a configuration change invalidates it', () => {
    const dir = mtlsService();
    cached(dir);
    writeFileSync(join(dir, 'axum-tls-lint.toml'), 'mtls = "off"\n');
    const run = cached(dir);
    expect(cacheStats(run.stderr)).toBe('0 crates reused, 1 analysed');
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth note']);
    expect(cacheStats(cached(dir, ['--mtls', 'required']).stderr)).toBe('0 crates reused, 1 analysed');
    expect(cacheStats(cached(dir, ['--min-tls-version', '1.3']).stderr)).toBe('0 crates reused, 1 analysed');
    expect(cacheStats(cached(dir).stderr)).toBe('1 crate reused, 0 analysed');
  });

  it('another tool version invalidates it', () => {
    const dir = mtlsService();
    cached(dir);
    const [file] = entries(join(dir, DEFAULT_DIR));
    expect(JSON.parse(readFileSync(file, 'utf8')).toolVersion).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    tamper(join(dir, DEFAULT_DIR));
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), toolVersion: '0.0.1-older' }));
    const run = cached(dir);
    expect(cacheStats(run.stderr)).toBe('0 crates reused, 1 analysed');
    expect(run.stdout).not.toContain('FROM CACHE');
  });

  it('a corrupt entry is analysed again, not an error', () => {
    const dir = mtlsService();
    cached(dir);
    for (const file of entries(join(dir, DEFAULT_DIR))) writeFileSync(file, '{"format": 1, "key": ');
    const run = cached(dir);
    expect(run.status).toBe(1);
    expect(cacheStats(run.stderr)).toBe('0 crates reused, 1 analysed');
  });

  it('without --cache nothing is written', () => {
    const dir = mtlsService();
    runCli([], { cwd: dir });
    expect(existsSync(join(dir, DEFAULT_DIR))).toBe(false);
  });
});
