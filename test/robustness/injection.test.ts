// Workflow-command and terminal injection: text from the scanned checkout (source lines in code
// frames, file and folder names, suppression comments, names in configuration errors) must
// reach stdout and stderr as data. For every format, no line — split on LF and on CR, as a log
// reader does — may start a workflow command the tool did not mean, nor hold `##[`; no ESC, BEL
// or C1 control reaches the terminal.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempProject, type CliRun } from '../helpers/cli.js';

const FORGED = '::error file=x::forged';
/** Clear screen, OSC 52 clipboard write, erase line, a C1 CSI, a legacy `##[` command. */
const ESCAPES = '\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u001b[2K\u009b31m##[set-env name=A;]b';

const NO_AUTH = (comment: string) => `use rustls::ServerConfig;

pub fn config(certs: Certs, key: Key) -> ServerConfig {
    ServerConfig::builder().with_no_client_auth() /* ${comment} */
        .with_single_cert(certs, key).unwrap()
}
`;

function hostileProject(): string {
  const dir = tempProject({
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
    // A CR inside the flagged line: after it, a log reader sees a line of its own.
    'src/lib.rs': `mod a;\n${NO_AUTH(`\r${FORGED} ${ESCAPES}`)}`,
    // A suppression naming an unknown "rule" made of escapes (reported with its name).
    'src/b.rs': `// axum-tls-lint-ignore: bogus\u001b]52;c;ZXZpbA==\u0007${FORGED} -- because\n${NO_AUTH('b')}`,
  });
  // File names with LF, CR and ESC, holding findings and notifications (binary content).
  writeFileSync(join(dir, `src/evil\n${FORGED}.rs`), NO_AUTH('lf'));
  writeFileSync(join(dir, `src/cr\r${FORGED}.rs`), NO_AUTH('cr'));
  writeFileSync(join(dir, 'src/esc\u001b[2J.rs'), NO_AUTH('esc'));
  // A name that starts a stylish line with `::`.
  writeFileSync(join(dir, '::warning file=y::root.rs'), NO_AUTH('root'));
  writeFileSync(join(dir, `src/bin\n${FORGED}.rs`), Buffer.from([0x66, 0x6e, 0, 0, 0x20]));
  mkdirSync(join(dir, `src/dir\r${FORGED}`));
  writeFileSync(join(dir, `src/dir\r${FORGED}/x.rs`), NO_AUTH('dir'));
  return dir;
}

/** The lines of an output as a log reader splits them. */
function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The github format's own annotations: the only workflow commands the tool means. */
const MEANT =
  /^::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:\r\n]+::[^\r\n]*$/;

function expectNoInjection(run: CliRun, what: string, meantOnStdout: boolean): void {
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    for (const line of lines(text)) {
      const meant = stream === 'stdout' && meantOnStdout;
      if (meant) expect(line === '' || MEANT.test(line), `${what} ${stream}: ${JSON.stringify(line)}`).toBe(true);
      else expect(line.trimStart().startsWith('::'), `${what} ${stream}: ${JSON.stringify(line)}`).toBe(false);
      expect(line.includes('##['), `${what} ${stream}: ${JSON.stringify(line)}`).toBe(false);
    }
    // ESC, BEL and C1 controls never reach a terminal or a log.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(/[\u0007\u001b\u0080-\u009f]/.test(text), `${what} ${stream}: ${JSON.stringify(text)}`).toBe(false);
  }
}

describe('workflow-command and terminal injection', () => {
  it('no format lets the checkout start a workflow command or send a terminal escape', () => {
    const dir = hostileProject();
    for (const format of ['stylish', 'compact', 'json', 'sarif', 'github']) {
      const run = runCli(['-f', format, '--report-unused-suppressions', '--include-tests'], { cwd: dir });
      expect(run.status, `${format}: ${run.stderr}`).toBe(0); // notes only
      expectNoInjection(run, format, format === 'github');
    }
  });

  it('the text stays readable: controls are shown as \\u{…}; JSON keeps the exact names', () => {
    const dir = hostileProject();
    const stylish = runCli([], { cwd: dir });
    expect(stylish.stdout).toContain(` --> src/evil\\u{a}::error file=x::forged.rs:4:29\n`);
    expect(stylish.stdout).toContain(`\n --> ::warning file=y::root.rs:4:29\n`);
    // Compact lines start with the path: one that would start a workflow command is broken.
    const compact = runCli(['-f', 'compact'], { cwd: dir }).stdout;
    expect(compact).toContain(`\n\\u{3a}:warning file=y::root.rs:4:29: note[mtls-no-client-auth]: `);
    expect(stylish.stdout).toContain(
      '\\u{d}::error file=x::forged \\u{1b}[2J\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{1b}[2K\\u{9b}31m##\\u{5b}set-env',
    );
    expect(stylish.stderr).toContain(
      `axum-tls-lint: warning: src/bin\\u{a}::error file=x::forged.rs: not analysed: binary content`,
    );
    const json = JSON.parse(runCli(['-f', 'json'], { cwd: dir }).stdout) as {
      findings: Array<{ location: { path: string } }>;
    };
    expect(json.findings.map((f) => f.location.path)).toContain(`src/evil\n${FORGED}.rs`);
    const github = runCli(['-f', 'github'], { cwd: dir }).stdout;
    expect(github).toContain(`::notice file=src/evil%0A%3A%3Aerror file=x%3A%3Aforged.rs,line=4,`);
    expect(github).toContain(`::notice file=src/cr%0D%3A%3Aerror file=x%3A%3Aforged.rs,line=4,`);
    expect(github).toContain(`::notice file=src/esc\\u{1b}[2J.rs,line=4,`);
  });

  it('the caret stays under the flagged code when controls before it are shown as \\u{…}', () => {
    const dir = tempProject({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
      'src/lib.rs':
        'pub fn config(certs: Certs, key: Key) -> rustls::ServerConfig {\n    /* \u001b[2J\u0007 */ rustls::ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13]).with_no_client_auth().with_single_cert(certs, key).unwrap()\n}\n',
    });
    const out = runCli([], { cwd: dir }).stdout.split('\n');
    const frame = out.findIndex((l) => l.startsWith('2 | '));
    expect(out[frame]).toContain('/* \\u{1b}[2J\\u{7} */');
    const caret = out[frame + 1];
    expect(out[frame].slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('with_no_client_auth');
  });

  it('names in configuration errors and other one-line errors are made visible', () => {
    const dir = tempProject({
      [`cfg\n${FORGED}/src/lib.rs`]: NO_AUTH('x'),
      [`cfg\n${FORGED}/axum-tls-lint.toml`]: 'mtls = 1\n',
    });
    const run = runCli(['.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `axum-tls-lint: cfg\\u{a}::error file=x::forged/axum-tls-lint.toml:1:8: "mtls" must be one of "auto", "required", "off" (got a number)\n`,
    );
    const missing = runCli([`nowhere\r${FORGED}`], { cwd: dir });
    expect(missing.status).toBe(2);
    expectNoInjection(missing, 'missing path', false);
  });
});
