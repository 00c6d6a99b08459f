// Inline suppressions through the real CLI: with and without a reason, unknown rules, unused
// suppressions, file-wide suppressions, and SARIF `suppressions` (all results or none).
import { describe, expect, it } from 'vitest';
import { CARGO, MAIN_WITH_INTENT, TLS_NO_AUTH, json, runCli, summary, tempProject } from './sources.js';

function withLine(source: string, lineNumber: number, insert: string): string {
  const lines = source.split('\n');
  lines.splice(lineNumber - 1, 0, insert);
  return lines.join('\n');
}

function service(tls: string, extra: Record<string, string> = {}): string {
  return tempProject({ 'Cargo.toml': CARGO, 'src/main.rs': MAIN_WITH_INTENT, 'src/tls.rs': tls, ...extra });
}

const REASON = 'health checks from the load balancer carry no client certificate';

describe('inline suppressions', () => {
  it('on the line above, with a reason: the finding is suppressed and the run passes', () => {
    const dir = service(withLine(TLS_NO_AUTH, 5, `        // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`));
    const run = runCli([], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('0 findings (0 errors, 0 warnings, 0 notes) in 2 files; 1 suppressed\n');
    expect(run.stderr).toBe('');
  });

  it('at the end of the flagged line', () => {
    const dir = service(
      TLS_NO_AUTH.replace(
        '.with_no_client_auth()',
        `.with_no_client_auth() // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`,
      ),
    );
    expect(runCli([], { cwd: dir }).status).toBe(0);
  });

  it('several rules in one comment; stacked comments reach the next code line', () => {
    const dir = service(
      withLine(
        withLine(
          TLS_NO_AUTH,
          5,
          '        // axum-tls-lint-ignore: missing-protocol-versions, mtls-no-client-auth -- internal port, see ADR-12',
        ),
        6,
        '        // the load balancer terminates client TLS',
      ),
    );
    expect(summary(runCli(['-f', 'json'], { cwd: dir }))).toEqual([]);
  });

  it('a comment two code lines above does not reach the finding', () => {
    const dir = service(withLine(TLS_NO_AUTH, 4, `    // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`));
    const run = runCli(['-f', 'json'], { cwd: dir });
    expect(summary(run)).toEqual(['src/tls.rs:6 mtls-no-client-auth error']);
  });

  it('file-wide: axum-tls-lint-ignore-file', () => {
    const dir = service(`// axum-tls-lint-ignore-file: mtls-no-client-auth -- ${REASON}\n${TLS_NO_AUTH}`);
    const run = runCli([], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 suppressed');
  });

  it('without a reason: suppresses nothing and is itself reported', () => {
    const dir = service(withLine(TLS_NO_AUTH, 5, '        // axum-tls-lint-ignore: mtls-no-client-auth'));
    const run = runCli([], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error[mtls-no-client-auth]');
    expect(run.stdout).toContain(' --> src/tls.rs:6:10\n');
    expect(run.stderr).toContain(
      'axum-tls-lint: warning: src/tls.rs:5: suppression of "mtls-no-client-auth" has no reason, so it suppresses nothing; write "// axum-tls-lint-ignore: mtls-no-client-auth -- <why this is safe>"',
    );
    const empty = service(withLine(TLS_NO_AUTH, 5, '        // axum-tls-lint-ignore: mtls-no-client-auth --   '));
    expect(runCli([], { cwd: empty }).status).toBe(1);
  });

  it('naming an unknown rule: reported; the known rules in the list still apply', () => {
    const dir = service(
      withLine(
        TLS_NO_AUTH,
        5,
        `        // axum-tls-lint-ignore: mtls-no-client-auht, mtls-no-client-auth -- ${REASON}`,
      ),
    );
    const run = runCli([], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'axum-tls-lint: warning: src/tls.rs:5: suppression names unknown rule "mtls-no-client-auht"',
    );
    const only = service(withLine(TLS_NO_AUTH, 5, `        // axum-tls-lint-ignore: no-such-rule -- ${REASON}`));
    const bad = runCli([], { cwd: only });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('suppression names unknown rule "no-such-rule"');
  });

  it('a directive naming no rule is reported', () => {
    const dir = service(withLine(TLS_NO_AUTH, 5, '        // axum-tls-lint-ignore -- trust me'));
    const run = runCli([], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('src/tls.rs:5: "axum-tls-lint-ignore" names no rule');
  });

  it('text in strings and doc comments is not a directive', () => {
    const dir = service(
      `${TLS_NO_AUTH}\n/// Write \`// axum-tls-lint-ignore: <rule-id> -- reason\` to silence a finding.\npub const HELP: &str = "// axum-tls-lint-ignore: bogus";\n`,
    );
    const run = runCli([], { cwd: dir });
    expect(run.stderr).toBe('');
  });
});

describe('unused suppressions', () => {
  const unused = `${TLS_NO_AUTH}\nfn health() {\n    // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}\n    serve_plain();\n}\n`;

  it('are reported by default with stylish output, and counted in the summary', () => {
    const run = runCli([], { cwd: service(unused) });
    expect(run.stderr).toContain(
      'axum-tls-lint: warning: src/tls.rs:11: unused suppression: nothing "mtls-no-client-auth" reports on line 12; remove it',
    );
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      '1 finding (1 error, 0 warnings, 0 notes) in 2 files; 1 unused suppression',
    );
  });

  it('--no-report-unused-suppressions turns them off; machine formats need --report-unused-suppressions', () => {
    const dir = service(unused);
    expect(runCli(['--no-report-unused-suppressions'], { cwd: dir }).stderr).toBe('');
    const plain = runCli(['-f', 'json'], { cwd: dir });
    expect(json(plain).notifications).toEqual([]);
    const asked = runCli(['-f', 'json', '--report-unused-suppressions'], { cwd: dir });
    expect(json(asked).notifications).toEqual([
      {
        level: 'warning',
        kind: 'suppression',
        path: 'src/tls.rs',
        line: 11,
        message: 'unused suppression: nothing "mtls-no-client-auth" reports on line 12; remove it',
      },
    ]);
  });

  it('a suppression of a rule that is off says so', () => {
    const dir = service(withLine(TLS_NO_AUTH, 5, `        // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`));
    const run = runCli(['--rule', 'mtls-no-client-auth=off'], { cwd: dir });
    expect(run.stderr).toContain(
      'src/tls.rs:5: unused suppression: rule "mtls-no-client-auth" is off for this file; remove it',
    );
  });

  it('a suppression in #[cfg(test)] code is used (under --include-tests) and never called unused in a default run', () => {
    const dir = service('pub fn ok() {}\n', {
      'src/lib.rs': [
        'pub mod tls;',
        '#[cfg(test)]',
        'mod tests {',
        '    #[test]',
        '    fn server() {',
        `        // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`,
        '        let _cfg = rustls::ServerConfig::builder().with_safe_default_protocol_versions().unwrap().with_no_client_auth();',
        '    }',
        '}',
        '',
      ].join('\n'),
    });
    const plain = runCli(['--report-unused-suppressions'], { cwd: dir });
    expect(plain.status).toBe(0);
    expect(plain.stderr).not.toContain('unused suppression');
    const withTests = runCli(['--include-tests', '--report-unused-suppressions'], { cwd: dir });
    expect(withTests.stdout).toContain('1 suppressed');
    expect(withTests.stderr).not.toContain('unused suppression');
  });

  it('an unused file-wide suppression', () => {
    const dir = service(`// axum-tls-lint-ignore-file: cert-details-logged -- ${REASON}\n${TLS_NO_AUTH}`);
    expect(runCli([], { cwd: dir }).stderr).toContain(
      'src/tls.rs:1: unused suppression: nothing "cert-details-logged" reports in this file; remove it',
    );
  });
});

describe('SARIF and suppressions', () => {
  const dir = service(withLine(TLS_NO_AUTH, 5, `        // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`), {
    'src/other.rs': TLS_NO_AUTH,
  });

  it('suppressed results are left out by default', () => {
    const run = runCli(['-f', 'sarif'], { cwd: dir });
    const results = JSON.parse(run.stdout).runs[0].results;
    expect(
      results.map(
        (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
          r.locations[0].physicalLocation.artifactLocation.uri,
      ),
    ).toEqual(['src/other.rs']);
    expect(results[0].suppressions).toBeUndefined();
  });

  it('--sarif-include-suppressed emits them with suppressions, and suppressions: [] on every other result', () => {
    const run = runCli(['-f', 'sarif', '--sarif-include-suppressed'], { cwd: dir });
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout).runs[0].results;
    expect(results).toHaveLength(2);
    const byUri = Object.fromEntries(
      results.map(
        (r: {
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
          suppressions: unknown;
        }) => [r.locations[0].physicalLocation.artifactLocation.uri, r.suppressions],
      ),
    );
    expect(byUri['src/tls.rs']).toEqual([{ kind: 'inSource', justification: REASON }]);
    expect(byUri['src/other.rs']).toEqual([]);
  });

  it('a suppressed finding alone does not fail the run, even in SARIF with the suppressed results', () => {
    const only = service(withLine(TLS_NO_AUTH, 5, `        // axum-tls-lint-ignore: mtls-no-client-auth -- ${REASON}`));
    expect(runCli(['-f', 'sarif', '--sarif-include-suppressed'], { cwd: only }).status).toBe(0);
  });
});
