// Configuration files through the real CLI: discovery (nearest wins, Cargo.toml metadata,
// -c stops the search), every setting, --rule over the file, include/exclude per scanned path,
// and errors that name the file, line and column with exit code 2.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CARGO,
  MAIN_WITH_INTENT,
  TLS_DEFAULT_VERSIONS,
  TLS_NO_AUTH,
  mtlsService,
  runCli,
  summary,
  tempProject,
  json,
} from './sources.js';

describe('config discovery', () => {
  it('axum-tls-lint.toml in the project root sets rule levels', () => {
    const dir = mtlsService({ 'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "warning"\n' });
    const run = runCli(['-f', 'json'], { cwd: dir });
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth warning']);
    expect(runCli(['--max-warnings', '1'], { cwd: dir }).status).toBe(0);
  });

  it('a rule set to "off" does not run', () => {
    const dir = mtlsService({ 'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "off"\n' });
    const run = runCli([], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('0 findings (0 errors, 0 warnings, 0 notes) in 2 files\n');
  });

  it('the nearest file wins, per scanned path (no merging)', () => {
    const dir = tempProject({
      'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "off"\n',
      'a/Cargo.toml': CARGO,
      'a/src/main.rs': MAIN_WITH_INTENT,
      'a/src/tls.rs': TLS_NO_AUTH,
      'b/Cargo.toml': CARGO,
      'b/src/main.rs': MAIN_WITH_INTENT,
      'b/src/tls.rs': TLS_NO_AUTH,
      'b/axum-tls-lint.toml': 'min_tls_version = "1.3"\n',
    });
    expect(summary(runCli(['-f', 'json', 'a', 'b'], { cwd: dir }))).toEqual([
      'b/src/tls.rs:5 mtls-no-client-auth error',
    ]);
    // Scanning one path finds the same configuration as scanning the parent.
    expect(summary(runCli(['-f', 'json', 'a/src/tls.rs'], { cwd: dir }))).toEqual([]);
    expect(summary(runCli(['-f', 'json', '.'], { cwd: join(dir, 'b') }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth error',
    ]);
  });

  it('[package.metadata.axum-tls-lint] in Cargo.toml', () => {
    const dir = tempProject({
      'Cargo.toml': `${CARGO}\n[package.metadata.axum-tls-lint]\nmin_tls_version = "1.3"\nmtls = "off"\n`,
      'src/tls.rs': TLS_DEFAULT_VERSIONS,
    });
    expect(summary(runCli(['-f', 'json'], { cwd: dir }))).toEqual([
      'src/tls.rs:4 missing-protocol-versions warning',
      'src/tls.rs:5 mtls-no-client-auth note',
    ]);
  });

  it('[workspace.metadata.axum-tls-lint] in the workspace root applies to member crates', () => {
    const dir = tempProject({
      'Cargo.toml':
        '[workspace]\nmembers = ["svc"]\n\n[workspace.metadata.axum-tls-lint.rules]\nmtls-no-client-auth = "note"\n',
      'svc/Cargo.toml': CARGO,
      'svc/src/main.rs': MAIN_WITH_INTENT,
      'svc/src/tls.rs': TLS_NO_AUTH,
    });
    expect(summary(runCli(['-f', 'json', 'svc'], { cwd: dir }))).toEqual(['svc/src/tls.rs:5 mtls-no-client-auth note']);
  });

  it('axum-tls-lint.toml beside a Cargo.toml with metadata wins', () => {
    const dir = mtlsService({
      'Cargo.toml': `${CARGO}\n[package.metadata.axum-tls-lint.rules]\nmtls-no-client-auth = "off"\n`,
      'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "warning"\n',
    });
    expect(summary(runCli(['-f', 'json'], { cwd: dir }))).toEqual(['src/tls.rs:5 mtls-no-client-auth warning']);
  });

  it('-c names the configuration and stops the search', () => {
    const dir = mtlsService({
      'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "off"\n',
      'ci/strict.toml': '[rules]\nmtls-no-client-auth = "error"\n',
    });
    expect(summary(runCli(['-f', 'json'], { cwd: dir }))).toEqual([]);
    expect(summary(runCli(['-f', 'json', '-c', 'ci/strict.toml'], { cwd: dir }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth error',
    ]);
    expect(summary(runCli(['-f', 'json', '--config', 'ci/strict.toml', 'src/tls.rs'], { cwd: dir }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth error',
    ]);
  });

  it('-c accepts a Cargo.toml with the metadata table', () => {
    const dir = mtlsService({
      'other/Cargo.toml': `${CARGO}[package.metadata.axum-tls-lint.rules]\nmtls-no-client-auth = "note"\n`,
    });
    expect(summary(runCli(['-f', 'json', '-c', 'other/Cargo.toml'], { cwd: dir }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth note',
    ]);
  });

  it('--rule and other flags on the command line win over the file', () => {
    const dir = mtlsService({ 'axum-tls-lint.toml': 'mtls = "off"\n[rules]\nmtls-no-client-auth = "off"\n' });
    expect(summary(runCli(['-f', 'json', '--rule', 'mtls-no-client-auth=warning'], { cwd: dir }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth warning',
    ]);
    const flags = tempProject({
      'Cargo.toml': CARGO,
      'src/tls.rs': TLS_DEFAULT_VERSIONS,
      'axum-tls-lint.toml': 'min_tls_version = "1.3"\nmtls = "off"\n',
    });
    expect(summary(runCli(['-f', 'json', '--min-tls-version', '1.2', '--mtls', 'required'], { cwd: flags }))).toEqual([
      'src/tls.rs:4 missing-protocol-versions note',
      'src/tls.rs:5 mtls-no-client-auth error',
    ]);
  });

  it('include_tests = true reports findings in test code', () => {
    const files = { 'Cargo.toml': CARGO, 'src/main.rs': MAIN_WITH_INTENT, 'tests/tls.rs': TLS_NO_AUTH };
    expect(summary(runCli(['-f', 'json'], { cwd: tempProject(files) }))).toEqual([]);
    const dir = tempProject({ ...files, 'axum-tls-lint.toml': 'include_tests = true\n' });
    expect(summary(runCli(['-f', 'json'], { cwd: dir }))).toEqual(['tests/tls.rs:5 mtls-no-client-auth error']);
  });
});

describe('include and exclude', () => {
  const files = {
    'Cargo.toml': CARGO,
    'src/main.rs': MAIN_WITH_INTENT,
    'src/tls.rs': TLS_NO_AUTH,
    'src/generated/tls.rs': TLS_NO_AUTH,
    'tools/dev.rs': TLS_NO_AUTH,
  };

  it('exclude leaves files out of a walk silently', () => {
    const dir = tempProject({ ...files, 'axum-tls-lint.toml': 'exclude = ["generated/", "tools/**"]\n' });
    const run = runCli(['-f', 'json'], { cwd: dir });
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    expect(run.stderr).toBe('');
  });

  it('include keeps only matching files; patterns are relative to the config file', () => {
    const dir = tempProject({
      ...files,
      'axum-tls-lint.toml': 'include = ["src/**"]\nexclude = ["src/generated/**"]\n',
    });
    expect(summary(runCli(['-f', 'json', '.'], { cwd: dir }))).toEqual(['src/tls.rs:5 mtls-no-client-auth error']);
    // The same configuration found from a sub-folder scan of the repository (outside a
    // repository, lookups stop at the scanned folder: test/workflow/discovery.test.ts).
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect(summary(runCli(['-f', 'json', '.'], { cwd: join(dir, 'src') }))).toEqual([
      'tls.rs:5 mtls-no-client-auth error',
    ]);
  });

  it('a named file that is excluded is skipped with a warning, silenced by --no-warn-ignored', () => {
    const dir = tempProject({ ...files, 'axum-tls-lint.toml': 'exclude = ["src/generated"]\n' });
    const run = runCli(['src/generated/tls.rs', 'src/tls.rs'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'axum-tls-lint: warning: src/generated/tls.rs: not analysed: the include/exclude patterns of axum-tls-lint.toml leave it out',
    );
    const quiet = runCli(['--no-warn-ignored', 'src/generated/tls.rs'], { cwd: dir });
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('with -c, patterns are relative to the working folder', () => {
    const dir = tempProject({ ...files, 'ci/lint.toml': 'exclude = ["src/generated/**", "tools/**"]\n' });
    expect(summary(runCli(['-f', 'json', '-c', 'ci/lint.toml'], { cwd: dir }))).toEqual([
      'src/tls.rs:5 mtls-no-client-auth error',
    ]);
  });
});

describe('config errors: file, line and column, exit code 2', () => {
  function expectError(files: Record<string, string>, args: string[], pattern: RegExp): void {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'src/tls.rs': TLS_NO_AUTH, ...files });
    const run = runCli(args, { cwd: dir });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }

  it('an unknown key', () => {
    expectError(
      { 'axum-tls-lint.toml': '# policy\nmin_tls_version = "1.3"\n  mtsl = "auto"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:3:3: unknown key "mtsl" \(did you mean "mtls"\?\); known keys: rules, mtls, min_tls_version, include, exclude, include_tests$/,
    );
  });

  it('an unknown rule id, in a table or an inline table', () => {
    expectError(
      { 'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "error"\nmtls-no-client-auht = "off"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:3:1: unknown rule "mtls-no-client-auht" \(did you mean "mtls-no-client-auth"\?\)/,
    );
    expectError(
      { 'axum-tls-lint.toml': 'rules = { mtls-no-client-auth = "note", bogus-rule = "off" }\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:1:41: unknown rule "bogus-rule"/,
    );
  });

  it('a bad value points at the value', () => {
    expectError(
      { 'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "fatal"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:2:23: the level of "mtls-no-client-auth" must be one of "off", "note", "warning", "error" \(got a string that is none of these\)$/,
    );
    expectError(
      { 'axum-tls-lint.toml': 'mtls = "sometimes"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:1:8: "mtls" must be one of "auto", "required", "off"/,
    );
    expectError(
      { 'axum-tls-lint.toml': 'min_tls_version = "1.1"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:1:19: "min_tls_version" must be "1\.2" or "1\.3"/,
    );
    expectError(
      { 'axum-tls-lint.toml': 'include_tests = "yes"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:1:17: "include_tests" must be true or false/,
    );
    expectError(
      { 'axum-tls-lint.toml': 'exclude = "target"\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:1:11: "exclude" must be an array of glob patterns/,
    );
  });

  it('text that looks like a key inside a string or a multi-line array is not taken for one', () => {
    // Each decoy is TOML data, not a key: the error is at the real key, on the last line.
    const decoys = [
      'exclude = [',
      '  """',
      'mtls = "x"',
      '""",',
      "  '''",
      '[rules]',
      'bogus = 1',
      "''', # mtls = 1",
      ']',
      'mtls = "sometimes"',
      '',
    ].join('\n');
    expectError(
      { 'axum-tls-lint.toml': decoys },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:10:8: "mtls" must be one of "auto", "required", "off"/,
    );
    const cargo = [
      CARGO.trimEnd(),
      'description = """',
      'says \\""" and then',
      '[package.metadata.axum-tls-lint]',
      'severity = 1',
      '"""',
      '',
      '[package.metadata.axum-tls-lint]',
      'include = ["src/**", "{ severity = 1 }"]',
      'severity = "high"',
      '',
    ].join('\n');
    expectError({ 'Cargo.toml': cargo }, [], /^axum-tls-lint: Cargo\.toml:12:1: unknown key "severity"/);
  });

  it('invalid TOML, with the position from the parser', () => {
    expectError(
      { 'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "off\n' },
      [],
      /^axum-tls-lint: axum-tls-lint\.toml:2:\d+: invalid TOML: /,
    );
  });

  it('errors in Cargo.toml metadata name Cargo.toml and the line there', () => {
    expectError(
      { 'Cargo.toml': `${CARGO}\n[package.metadata.axum-tls-lint]\nmtls = "auto"\nseverity = "high"\n` },
      [],
      /^axum-tls-lint: Cargo\.toml:7:1: unknown key "severity"/,
    );
    expectError(
      { 'Cargo.toml': `${CARGO}\n[package.metadata.axum-tls-lint.rules]\nnope = "off"\n` },
      [],
      /^axum-tls-lint: Cargo\.toml:6:1: unknown rule "nope"/,
    );
  });

  it('a config file in a sub-folder is checked when its files are scanned', () => {
    expectError(
      { 'src/axum-tls-lint.toml': '\n\nunknown = 1\n' },
      ['src/tls.rs'],
      /^axum-tls-lint: src\/axum-tls-lint\.toml:3:1: unknown key "unknown"/,
    );
  });

  it('-c with a missing file, or a Cargo.toml without the table', () => {
    expectError({}, ['-c', 'nope.toml'], /^axum-tls-lint: nope\.toml: configuration file not found$/);
    expectError(
      {},
      ['-c', 'Cargo.toml'],
      /^axum-tls-lint: Cargo\.toml: no \[package\.metadata\.axum-tls-lint\] or \[workspace\.metadata\.axum-tls-lint\] table in this Cargo\.toml$/,
    );
  });

  it('a broken Cargo.toml that does not mention the tool is not our business', () => {
    const dir = tempProject({ 'Cargo.toml': '[package\nname = ', 'src/tls.rs': TLS_NO_AUTH });
    expect(runCli(['-f', 'json'], { cwd: dir }).status).toBe(0);
  });

  it('a valid configuration does not print anything on stderr', () => {
    const dir = mtlsService();
    writeFileSync(
      join(dir, 'axum-tls-lint.toml'),
      [
        'mtls = "auto"',
        'min_tls_version = 1.3',
        'include = ["src/**"]',
        'exclude = []',
        'include_tests = false',
        '',
        '[rules]',
        'mtls-no-client-auth = "error"',
        'missing-protocol-versions = "off"',
        '',
      ].join('\n'),
    );
    const run = runCli(['-f', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(json(run).findings.map((f) => f.ruleId)).toEqual(['mtls-no-client-auth']);
  });
});
