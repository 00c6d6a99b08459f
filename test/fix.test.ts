// Fixes as users meet them: `--fix-dry-run` prints a diff `git apply` reads, `--fix` rewrites the
// files so the fixed findings are gone and nothing else breaks, a second `--fix` changes nothing,
// a rewrite that would add a syntax error is not applied, and SARIF carries the fixes.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, repoRoot, runCli, tempProject } from './helpers/cli.js';
import { sarifSchemaErrors } from './schema/validate.js';
import { applyToText, unifiedDiff } from '../src/cli/fix.js';
import { errorNodes, loadRustParser, parseRust } from '../src/parser/parser.js';
import type { Finding } from '../src/types.js';

const CLIENT = `pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .min_tls_version(reqwest::tls::Version::TLS_1_0)
        .build()
        .unwrap()
}
`;

function findingsOf(dir: string): Finding[] {
  return JSON.parse(runCli(['--format', 'json', '.'], { cwd: dir }).stdout).findings;
}

describe('--fix on one file', () => {
  it('--fix-dry-run prints the unified diff and changes nothing', () => {
    const dir = tempProject({ 'src/main.rs': CLIENT });
    const run = runCli(['--fix-dry-run', '.'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`--- a/src/main.rs
+++ b/src/main.rs
@@ -1,7 +1,7 @@
 pub fn client() -> reqwest::Client {
     reqwest::Client::builder()
-        .danger_accept_invalid_certs(true)
-        .min_tls_version(reqwest::tls::Version::TLS_1_0)
+        .danger_accept_invalid_certs(false)
+        .min_tls_version(reqwest::tls::Version::TLS_1_2)
         .build()
         .unwrap()
 }
`);
    expect(run.stderr).toContain('would fix 2 findings in 1 file');
    expect(readFileSync(join(dir, 'src/main.rs'), 'utf8')).toBe(CLIENT);
  });

  it('--fix rewrites the file, reports what is left (nothing here), and a second --fix changes nothing', () => {
    const dir = tempProject({ 'src/main.rs': CLIENT });
    const first = runCli(['--fix', '.'], { cwd: dir });
    expect(first.stderr).toContain('fixed 2 findings in 1 file');
    expect(first.status).toBe(0);
    const fixed = readFileSync(join(dir, 'src/main.rs'), 'utf8');
    expect(fixed).toBe(CLIENT.replace('(true)', '(false)').replace('TLS_1_0', 'TLS_1_2'));
    const second = runCli(['--fix', '.'], { cwd: dir });
    expect(second.stderr).toContain('fixed 0 findings in 0 files');
    expect(readFileSync(join(dir, 'src/main.rs'), 'utf8')).toBe(fixed);
  });

  it('SARIF results carry the fixes as artifactChanges with replacements, valid against the schema', () => {
    const dir = tempProject({ 'src/main.rs': CLIENT });
    const log = JSON.parse(runCli(['--format', 'sarif', '.'], { cwd: dir }).stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'always-accept-server-cert');
    expect(result.fixes).toEqual([
      {
        description: { text: 'Set to `false`' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'src/main.rs', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: 3, startColumn: 38, endLine: 3, endColumn: 42 },
                insertedContent: { text: 'false' },
              },
            ],
          },
        ],
        properties: { kind: 'safe' },
      },
    ]);
  });
});

describe('--fix on the fixture suite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-fix-'));
  cpSync(join(repoRoot, 'test/fixtures'), dir, { recursive: true });
  const before = findingsOf(dir);
  const fixable = before.filter((f) => f.fixes?.some((x) => x.kind === 'safe'));
  const diff = runCli(['--fix-dry-run', '.'], { cwd: dir }).stdout;

  it('the dry run is a patch git applies', () => {
    expect(fixable.length).toBeGreaterThan(20);
    execFileSync('git', ['apply', '--check', '-p1'], { cwd: dir, input: diff });
  });

  it('every safe fix leaves a file that parses as before and no longer has that finding; a second --fix changes nothing', () => {
    const parseErrors = (d: string) =>
      JSON.parse(runCli(['--format', 'json', '.'], { cwd: d }).stdout).notifications.filter(
        (n: { kind: string }) => n.kind === 'parse-error',
      );
    const errorsBefore = parseErrors(dir);
    runCli(['--fix', '.'], { cwd: dir });
    const after = findingsOf(dir);
    expect(after.filter((f) => f.fixes?.some((x) => x.kind === 'safe'))).toEqual([]);
    // Nothing new: only findings fixed (or repaired along with them, like a v4 preset's cipher suites) are gone.
    const key = (f: Finding) => `${f.ruleId} ${f.location.path}:${f.location.region.startLine}`;
    const keysBefore = new Set(before.map(key));
    expect(after.filter((f) => !keysBefore.has(key(f)))).toEqual([]);
    expect(after.length).toBeLessThanOrEqual(before.length - fixable.length);
    expect(parseErrors(dir)).toEqual(errorsBefore);
    expect(runCli(['--fix-dry-run', '.'], { cwd: dir }).stdout).toBe('');
  });
});

describe('suggestions: applied by --fix-suggestions only', () => {
  const FIXTURE = 'test/fixtures/missing-protocol-versions/suggested-fix.rs';
  const original = readFileSync(join(repoRoot, FIXTURE), 'utf8');
  const project = () => tempProject({ 'src/main.rs': original });

  it('--fix leaves a rustls builder alone: pinning TLS 1.3 is a decision', () => {
    const dir = project();
    const run = runCli(['--fix', '.'], { cwd: dir });
    expect(run.stderr).toContain('fixed 0 findings in 0 files');
    expect(readFileSync(join(dir, 'src/main.rs'), 'utf8')).toBe(original);
  });

  it('--fix-suggestions rewrites each 0.22+ builder() with TLS13 spelled as the file allows; the file still parses', async () => {
    const dir = project();
    const run = runCli(['--fix-suggestions', '.'], { cwd: dir });
    expect(run.stderr).toContain('fixed 3 findings in 1 file');
    const fixed = readFileSync(join(dir, 'src/main.rs'), 'utf8');
    expect(fixed).toBe(
      original
        .replace(
          'let config = ServerConfig::builder()\n        .with_client_cert_verifier',
          'let config = ServerConfig::builder_with_protocol_versions(&[&version::TLS13])\n        .with_client_cert_verifier',
        )
        .replace(
          'tokio_rustls::rustls::ServerConfig::builder();',
          'tokio_rustls::rustls::ServerConfig::builder_with_protocol_versions(&[&tokio_rustls::rustls::version::TLS13]);',
        )
        .replace(
          'Ok(ServerConfig::builder().with_client_cert_verifier',
          'Ok(ServerConfig::builder_with_protocol_versions(&[&tokio_rustls::rustls::version::TLS13]).with_client_cert_verifier',
        ),
    );
    // The builder handed to a helper (its rustls version unknown) keeps `builder()`.
    expect(fixed).toContain('finish(ServerConfig::builder())');
    await loadRustParser();
    expect(errorNodes(parseRust(fixed))).toEqual([]);
    // Pinned now: the three findings are gone, the helper's is left.
    expect(findingsOf(dir).map((f) => [f.ruleId, f.fixes?.length ?? 0])).toEqual([['missing-protocol-versions', 0]]);
  });

  it('SARIF carries a suggestion with its kind', () => {
    const log = JSON.parse(runCli(['--format', 'sarif', '.'], { cwd: project() }).stdout);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const fixes = log.runs[0].results.flatMap((r: { fixes?: unknown[] }) => r.fixes ?? []);
    expect(fixes).toHaveLength(3);
    expect(fixes[0]).toEqual({
      description: { text: 'Allow TLS 1.3 only: `builder_with_protocol_versions(&[&version::TLS13])`' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'src/main.rs', uriBaseId: '%SRCROOT%' },
          replacements: [
            {
              deletedRegion: { startLine: 10, startColumn: 18, endLine: 10, endColumn: 41 },
              insertedContent: { text: 'ServerConfig::builder_with_protocol_versions(&[&version::TLS13])' },
            },
          ],
        },
      ],
      properties: { kind: 'suggestion' },
    });
  });
});

describe('suggestions: a client verifier from the client CA in scope', () => {
  it('--fix-suggestions installs WebPkiClientVerifier over the store in scope only; the file parses', async () => {
    const original = readFileSync(join(repoRoot, 'test/fixtures/mtls-no-client-auth/suggested-verifier.rs'), 'utf8');
    const dir = tempProject({ 'src/main.rs': original });
    runCli(['--fix', '.'], { cwd: dir });
    expect(readFileSync(join(dir, 'src/main.rs'), 'utf8')).toBe(original);
    runCli(['--fix-suggestions', '.'], { cwd: dir });
    const fixed = readFileSync(join(dir, 'src/main.rs'), 'utf8');
    // Two suggestions on one line that do not overlap: the verifier, and the builder's versions.
    expect(fixed.split('\n')[9]).toBe(
      '    Ok(ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13]).with_client_cert_verifier(rustls::server::WebPkiClientVerifier::builder(std::sync::Arc::new(client_ca.clone())).build()?).with_single_cert(certs, key)?)',
    );
    expect(fixed.match(/with_no_client_auth/g)).toHaveLength(2);
    await loadRustParser();
    expect(errorNodes(parseRust(fixed))).toEqual([]);
  });
});

describe('applying fixes to a text', () => {
  it('undoes a rewrite that adds a syntax error, applies the others, skips an overlapping one', async () => {
    await loadRustParser();
    const text = 'fn f() { g(true); h(1); }\n';
    const region = (start: number, end: number) => ({ startLine: 1, startColumn: start, endLine: 1, endColumn: end });
    const fix = (start: number, end: number, replacement: string) => ({
      kind: 'safe' as const,
      description: 'x',
      edits: [{ path: 'a.rs', region: region(start, end), text: replacement }],
    });
    const result = applyToText(text, [fix(12, 16, 'false'), fix(21, 22, '0))'), fix(12, 16, '1')]);
    expect(result).toEqual({ text: 'fn f() { g(false); h(1); }\n', applied: 1, undone: 1 });
  });

  it('a diff of texts with different line counts is one hunk', () => {
    expect(unifiedDiff('a.rs', 'a\nb\nc\n', 'a\nc\n')).toBe('--- a/a.rs\n+++ b/a.rs\n@@ -1,3 +1,2 @@\n a\n-b\n c\n');
  });
});

describe('--stdin --stdin-filename', () => {
  const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n';
  const withStdin = (args: string[], cwd: string, input: string) => {
    const run = spawnSync(process.execPath, [binPath, ...args], {
      cwd,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('analyses the text as that file of its crate, which need not exist; the file on disk is not read', () => {
    const dir = tempProject({
      'Cargo.toml': CARGO,
      'src/main.rs': CLIENT.replace('(true)', '(false)').replace('TLS_1_0', 'TLS_1_2'),
    });
    for (const name of ['src/main.rs', 'src/new.rs']) {
      const run = withStdin(['--stdin', '--stdin-filename', name, '--format', 'json'], dir, CLIENT);
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout).findings.map((f: Finding) => [f.ruleId, f.location.path])).toEqual([
        ['always-accept-server-cert', name],
        ['legacy-tls-version', name],
      ]);
    }
  });

  it('with --fix prints the fixed text and writes no file; with --fix-dry-run the diff', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/main.rs': '' });
    const fixed = withStdin(['--stdin', '--stdin-filename', 'src/main.rs', '--fix'], dir, CLIENT);
    expect(fixed.stdout).toBe(CLIENT.replace('(true)', '(false)').replace('TLS_1_0', 'TLS_1_2'));
    expect(readFileSync(join(dir, 'src/main.rs'), 'utf8')).toBe('');
    const diff = withStdin(['--stdin', '--stdin-filename', 'src/main.rs', '--fix-dry-run'], dir, CLIENT);
    expect(diff.stdout).toMatch(/^--- a\/src\/main.rs\n\+\+\+ b\/src\/main.rs\n@@ -1,7 \+1,7 @@\n/);
  });

  it('--stdin needs --stdin-filename (the crate depends on it)', () => {
    const run = withStdin(['--stdin'], tempProject({}), CLIENT);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--stdin needs --stdin-filename <path>');
  });
});
