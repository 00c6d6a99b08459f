// The per-crate cache through the real CLI: hits, and invalidation by content (including a
// change in another file of the crate), configuration and tool version.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CARGO,
  MAIN_WITH_INTENT,
  MAIN_WITHOUT_INTENT,
  TLS_DEFAULT_VERSIONS,
  TLS_NO_AUTH,
  mtlsService,
  runCli,
  summary,
  tempProject,
} from './sources.js';

/** Each project gets its own user cache folder ($XDG_CACHE_HOME), beside it, outside it. */
const cacheHome = (dir: string) => `${dir}-cache`;

/** The folder of the default cache: one per working folder under $XDG_CACHE_HOME/axum-tls-lint. */
function defaultDir(dir: string): string {
  const root = join(cacheHome(dir), 'axum-tls-lint');
  const [only] = readdirSync(root);
  return join(root, only);
}

function cacheStats(stderr: string): string {
  return /cache: (\d+ crates? reused, \d+ analysed)/.exec(stderr)?.[1] ?? `no cache line in: ${stderr}`;
}

function entries(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
}

/** An entry's digest, as the tool computes it: sha256 of the key and the result. */
function digest(entry: { key: string; sourcesKey: string; result: unknown }): string {
  return createHash('sha256')
    .update(`${entry.key}\0${entry.sourcesKey}\0${JSON.stringify(entry.result)}`)
    .digest('hex');
}

/** Rewrites the cached findings' messages (and the digest): a run that shows them did not analyse again. */
function tamper(
  cacheDir: string,
  edit: (findings: Array<{ message: string }>) => void = (fs) =>
    fs.forEach((f) => (f.message = `FROM CACHE. ${f.message}`)),
  redigest = true,
): void {
  for (const file of entries(cacheDir)) {
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    edit(entry.result.findings);
    if (redigest) entry.digest = digest(entry);
    writeFileSync(file, JSON.stringify(entry));
  }
}

const cached = (dir: string, extra: string[] = []) =>
  runCli(['--cache', '--debug', '-f', 'json', ...extra], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome(dir) } });

describe('--cache', () => {
  it("a warm run reuses the crate's results and parses nothing", () => {
    const dir = mtlsService();
    const cold = cached(dir);
    expect(cacheStats(cold.stderr)).toBe('0 crates reused, 1 analysed');
    const warm = cached(dir);
    expect(cacheStats(warm.stderr)).toBe('1 crate reused, 0 analysed');
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.status).toBe(1);

    tamper(defaultDir(dir));
    expect(cached(dir).stdout).toContain('FROM CACHE. this server authenticates no client');
  });

  it("lives outside the checkout by default (the user's cache folder, per working folder); --cache-location moves it", () => {
    const dir = mtlsService();
    mkdirSync(join(dir, 'node_modules'));
    cached(dir);
    expect(readdirSync(dir).sort()).toEqual(['Cargo.toml', 'node_modules', 'src']);
    expect(readdirSync(join(dir, 'node_modules'))).toEqual([]);
    expect(entries(defaultDir(dir))).toHaveLength(1);
    expect(defaultDir(dir)).toMatch(/axum-tls-lint[/\\]axum-tls-lint-\w+-[0-9a-f]{16}$/);
    cached(dir, ['--cache-location', 'build/lint-cache']);
    expect(entries(join(dir, 'build/lint-cache'))).toHaveLength(1);
    const usage = runCli(['--cache-location', 'x'], { cwd: dir });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--cache-location needs --cache');
    const empty = runCli(['--cache', '--cache-location', ''], { cwd: dir });
    expect(empty.status).toBe(2);
    expect(empty.stderr.split('\n')[0]).toBe(
      'axum-tls-lint: --cache-location needs a folder name (got an empty string)',
    );
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
      'a/Cargo.toml': CARGO,
      'a/src/main.rs': MAIN_WITH_INTENT,
      'a/src/tls.rs': TLS_NO_AUTH,
      'b/Cargo.toml': CARGO,
      'b/src/main.rs': MAIN_WITH_INTENT,
      'b/src/tls.rs': TLS_NO_AUTH,
    });
    expect(cacheStats(cached(dir).stderr)).toBe('0 crates reused, 2 analysed');
    writeFileSync(join(dir, 'b/src/tls.rs'), `// edited\n${TLS_NO_AUTH}`);
    const run = cached(dir);
    expect(cacheStats(run.stderr)).toBe('1 crate reused, 1 analysed');
    expect(summary(run)).toEqual([
      'a/src/tls.rs:5 mtls-no-client-auth error',
      'b/src/tls.rs:6 mtls-no-client-auth error',
    ]);
    // A file no rule can fire in (no keyword) is not part of the key: nothing to analyse.
    writeFileSync(join(dir, 'a/src/util.rs'), 'pub fn add(a: u32, b: u32) -> u32 { a + b }\n');
    expect(cacheStats(cached(dir).stderr)).toBe('2 crates reused, 0 analysed');
  });

  it('an unchanged crate is found by its key over every file read, before the prefilter decides what to parse', () => {
    const dir = mtlsService();
    writeFileSync(join(dir, 'src/util.rs'), 'pub fn add(a: u32, b: u32) -> u32 { a + b }\n');
    const cold = cached(dir);
    // The key over the files worth parsing is spoiled (the digest kept sound): the other key answers.
    const spoil = () => {
      for (const file of entries(defaultDir(dir))) {
        const entry = JSON.parse(readFileSync(file, 'utf8'));
        entry.key = 'spoiled';
        entry.digest = digest(entry);
        writeFileSync(file, JSON.stringify(entry));
      }
    };
    spoil();
    const warm = cached(dir);
    expect(cacheStats(warm.stderr)).toBe('1 crate reused, 0 analysed');
    expect(warm.stdout).toBe(cold.stdout);
    // A file no rule can fire in changed: the key over every file read no longer matches, and the
    // spoiled one cannot answer: the crate is analysed again, and answered by either key after.
    spoil();
    writeFileSync(join(dir, 'src/util.rs'), 'pub fn sub(a: u32, b: u32) -> u32 { a - b }\n');
    expect(cacheStats(cached(dir).stderr)).toBe('0 crates reused, 1 analysed');
    writeFileSync(join(dir, 'src/util.rs'), 'pub fn mul(a: u32, b: u32) -> u32 { a * b }\n');
    expect(cacheStats(cached(dir).stderr)).toBe('1 crate reused, 0 analysed');
  });

  it("a run naming some files (a pre-commit hook) is answered by the whole crate's entry, else by its own beside it", () => {
    const dir = mtlsService();
    const cold = runCli(['-f', 'json', 'src/tls.rs'], { cwd: dir });
    expect(summary(cold)).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    const first = cached(dir, ['src/tls.rs']);
    expect(cacheStats(first.stderr)).toBe('0 crates reused, 1 analysed');
    expect(first.stdout).toBe(cold.stdout);
    const warm = cached(dir, ['src/tls.rs']);
    expect(cacheStats(warm.stderr)).toBe('1 crate reused, 0 analysed');
    expect(warm.stdout).toBe(cold.stdout);
    // That entry checked tls.rs only: a whole run does not use it, nor replace it.
    const whole = cached(dir);
    expect(cacheStats(whole.stderr)).toBe('0 crates reused, 1 analysed');
    expect(entries(defaultDir(dir))).toHaveLength(2);
    // The whole crate's entry answers any files named in it.
    const other = cached(dir, ['src/main.rs', 'src/tls.rs']);
    expect(cacheStats(other.stderr)).toBe('1 crate reused, 0 analysed');
    expect(other.stdout).toBe(whole.stdout);
    // A change in a file that is not named (main.rs carries the intent) invalidates both.
    writeFileSync(join(dir, 'src/main.rs'), MAIN_WITHOUT_INTENT);
    const changed = cached(dir, ['src/tls.rs']);
    expect(cacheStats(changed.stderr)).toBe('0 crates reused, 1 analysed');
    expect(summary(changed)).toEqual(['src/tls.rs:5 mtls-no-client-auth note']);
  });

  it('runs naming other lists of files reuse each file checked before and check only the others', () => {
    const dir = mtlsService({ 'src/public.rs': TLS_DEFAULT_VERSIONS });
    const cold = runCli(['-f', 'json', 'src/tls.rs', 'src/public.rs'], { cwd: dir });
    expect(cacheStats(cached(dir, ['src/tls.rs']).stderr)).toBe('0 crates reused, 1 analysed');
    const both = cached(dir, ['src/tls.rs', 'src/public.rs']);
    expect(cacheStats(both.stderr)).toBe('0 crates reused, 1 analysed');
    expect(both.stdout).toBe(cold.stdout);
    tamper(defaultDir(dir));
    const again = cached(dir, ['src/public.rs', 'src/tls.rs']);
    expect(cacheStats(again.stderr)).toBe('1 crate reused, 0 analysed');
    expect(summary(again)).toEqual(summary(cold));
    expect(again.stdout).toContain('FROM CACHE.');
  });

  it('an edited entry of a run naming some files is not used', () => {
    const dir = mtlsService();
    const cold = cached(dir, ['src/tls.rs']);
    expect(summary(cold)).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    const [file] = entries(defaultDir(dir));
    tamper(defaultDir(dir), (findings) => findings.splice(0), false);
    const run = cached(dir, ['src/tls.rs']);
    expect(summary(run)).toEqual(summary(cold));
    expect(run.stderr).toContain(
      `cache entry ${file} not used: its digest does not match its content (damaged or edited)`,
    );
    // With a valid digest, a finding moved to a file of another crate: the shape is checked too.
    tamper(defaultDir(dir), (findings) =>
      findings.forEach((f) =>
        Object.assign(f, {
          location: { path: '../other/src/lib.rs', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
        }),
      ),
    );
    const moved = cached(dir, ['src/tls.rs']);
    expect(summary(moved)).toEqual(summary(cold));
    expect(moved.stderr).toContain(`cache entry ${file} not used: malformed (unexpected structure)`);
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
    const [file] = entries(defaultDir(dir));
    expect(JSON.parse(readFileSync(file, 'utf8')).toolVersion).toBe(
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
    );
    tamper(defaultDir(dir));
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), toolVersion: '0.0.1-older' }));
    const run = cached(dir);
    expect(cacheStats(run.stderr)).toBe('0 crates reused, 1 analysed');
    expect(run.stdout).not.toContain('FROM CACHE');
  });

  it('a corrupt entry is analysed again with a notice, not an error', () => {
    const dir = mtlsService();
    cached(dir);
    const [file] = entries(defaultDir(dir));
    writeFileSync(file, '{"format": 1, "key": ');
    const run = cached(dir);
    expect(run.status).toBe(1);
    expect(cacheStats(run.stderr)).toBe('0 crates reused, 1 analysed');
    expect(run.stderr).toContain(
      `axum-tls-lint: warning: cache entry ${file} not used: not a cache entry (not a JSON object); the crate was analysed again\n`,
    );
    // Rewritten by that run: the next one is quiet again.
    expect(cached(dir).stderr).not.toContain('not used');
  });

  it('an entry whose findings were emptied without its digest, or whose structure is wrong, is not used', () => {
    const dir = mtlsService();
    cached(dir);
    const [file] = entries(defaultDir(dir));
    tamper(defaultDir(dir), (findings) => findings.splice(0), false);
    const emptied = cached(dir);
    expect(emptied.status).toBe(1);
    expect(summary(emptied)).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    expect(emptied.stderr).toContain(
      `cache entry ${file} not used: its digest does not match its content (damaged or edited)`,
    );
    // A finding in a file of another crate, a level that does not exist: the shape is checked.
    tamper(defaultDir(dir), (findings) => findings.forEach((f) => Object.assign(f, { level: 'fatal' })));
    expect(cached(dir).stderr).toContain(`cache entry ${file} not used: malformed (unexpected structure)`);
    tamper(defaultDir(dir), (findings) =>
      findings.forEach((f) =>
        Object.assign(f, {
          location: { path: '../other/src/lib.rs', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
        }),
      ),
    );
    expect(cached(dir).stderr).toContain(`cache entry ${file} not used: malformed (unexpected structure)`);
  });

  it('an entry committed to the repository is never read: emptied findings in a pull request do not pass the run', () => {
    const dir = mtlsService();
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
    if (git('init', '-q').status !== 0) return;
    cached(dir, ['--cache-location', '.lint-cache']);
    // The forger empties the findings and recomputes the digest: the entry is sound, but committed.
    tamper(join(dir, '.lint-cache'), (findings) => findings.splice(0));
    git('add', '.');
    git('commit', '-q', '-m', 'cache');
    const [file] = entries(join(dir, '.lint-cache'));
    const run = cached(dir, ['--cache-location', '.lint-cache']);
    expect(run.status).toBe(1);
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    expect(run.stderr).toContain(
      `axum-tls-lint: warning: cache entry ${file} not used: it is tracked by git (it came with the checkout); the crate was analysed again\n`,
    );
  });

  it('a linked cache folder is not written through; a FIFO entry does not hang the run', () => {
    const dir = mtlsService({ 'elsewhere/.keep': '' });
    symlinkSync(join(dir, 'elsewhere'), join(dir, '.lint-cache'));
    const run = cached(dir, ['--cache-location', '.lint-cache']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `axum-tls-lint: warning: cache not used: ${join(dir, '.lint-cache')} is a symbolic link (it would be written through)\n`,
    );
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual(['.keep']);

    const fifoDir = mtlsService();
    cached(fifoDir);
    const [file] = entries(defaultDir(fifoDir));
    unlinkSync(file);
    if (spawnSync('mkfifo', [file]).status !== 0) return;
    const fifo = cached(fifoDir);
    expect(fifo.status).toBe(1);
    expect(fifo.stderr).toContain(`cache entry ${file} not used: not a regular file`);
  });

  it('without --cache nothing is written', () => {
    const dir = mtlsService();
    runCli([], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome(dir) } });
    expect(existsSync(cacheHome(dir))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['Cargo.toml', 'src']);
  });
});
