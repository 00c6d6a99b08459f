// A crate whose source to parse is over the part bound is analysed in parts (src/engine/parts.ts),
// each freed before the next: the crate is named in a notification, --strict makes the run
// incomplete, and the findings inside each part are the ones a whole-crate run reports. The bound
// is made small here (a knob for tests); what is counted is the parts and findings, never time.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempProject } from '../helpers/cli.js';
import { runCliBig } from './run.js';
import { moduleDeclarations, partsOf } from '../../src/engine/parts.js';
import type { InputFile } from '../../src/engine/analyze.js';

const MODULES = ['alpha', 'beta', 'gamma'];
const FILES_PER_MODULE = 3;

/** Line 3 col 32: `danger_accept_invalid_certs`; line 6 col 5: the builder; line 7 col 10: `with_no_client_auth`. */
function handler(k: number): string {
  return `use rustls::ServerConfig;
pub fn client_${k}() -> reqwest::Client {
    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap()
}
pub fn server_${k}(certs: Vec<rustls::pki_types::CertificateDer<'static>>, key: rustls::pki_types::PrivateKeyDer<'static>) -> ServerConfig {
    ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}
`;
}

/** lib.rs → <module>/mod.rs → f<i>.rs, and a `#[cfg(test)]` module file whose finding stays unreported. */
function bigCrate(): string {
  const files: Record<string, string> = {
    'Cargo.toml': '[package]\nname = "big"\nversion = "0.1.0"\n[dependencies]\nrustls = "0.23"\nreqwest = "0.12"\n',
    'src/lib.rs': MODULES.map((m) => `pub mod ${m};\n`).join(''),
  };
  MODULES.forEach((m, mi) => {
    const own = Array.from({ length: FILES_PER_MODULE }, (_, i) => `pub mod f${i};\n`).join('');
    // alpha's mod.rs is over an eighth of the bound: where it is context, only its declarations are.
    const padding = mi === 0 ? '// module notes\n'.repeat(20) : '';
    files[`src/${m}/mod.rs`] = `${own}#[cfg(test)]\nmod tests;\n${padding}`;
    files[`src/${m}/tests.rs`] = handler(100 + mi);
    for (let i = 0; i < FILES_PER_MODULE; i++) files[`src/${m}/f${i}.rs`] = handler(mi * 10 + i);
  });
  return tempProject(files);
}

function run(dir: string, flags: string[], bound?: number, paths = ['.']) {
  const env = bound === undefined ? {} : { AXUM_TLS_LINT_PART_BYTES: String(bound) };
  const result = runCliBig([...paths, '-f', 'json', ...flags], { cwd: dir, env });
  const report = JSON.parse(result.stdout) as {
    findings: Array<{ ruleId: string; location: { path: string; region: { startLine: number; startColumn: number } } }>;
    notifications: Array<{ level: string; kind: string; path?: string; message: string }>;
  };
  const findings = report.findings.map(
    (f) => `${f.ruleId} ${f.location.path}:${f.location.region.startLine}:${f.location.region.startColumn}`,
  );
  return { ...result, findings, notifications: report.notifications };
}

describe('a crate over the part bound', () => {
  const dir = bigCrate();
  // One handler file is ~420 bytes: a bound of 1,500 bytes holds a module's mod.rs and some of its files.
  const bound = 1500;

  it('is analysed in parts, named in a notification, with every finding of each part', () => {
    const parted = run(dir, [], bound);
    const parts = parted.notifications.filter((n) => n.kind === 'parts');
    expect(parts).toEqual([
      {
        level: 'warning',
        kind: 'parts',
        path: '.',
        message: expect.stringMatching(
          /^analysed in \d+ parts: \d+ KB of source over the 2 KB bound; cross-file facts \(callers, helpers, trait impls, mTLS intent\) limited to each part, findings that need them may be missing$/,
        ),
      },
    ]);
    expect(Number(/in (\d+) parts/.exec(parts[0].message)?.[1])).toBeGreaterThan(2);
    const expected = MODULES.flatMap((m) =>
      Array.from({ length: FILES_PER_MODULE }, (_, i) => [
        `always-accept-server-cert src/${m}/f${i}.rs:3:32`,
        `missing-protocol-versions src/${m}/f${i}.rs:6:5`,
        `mtls-no-client-auth src/${m}/f${i}.rs:7:10`,
      ]).flat(),
    ).sort();
    expect([...parted.findings].sort()).toEqual(expected);
    // The `#[cfg(test)]` module is known as test code in its part too: its mod.rs is there as context.
    expect(parted.findings.some((f) => f.includes('tests.rs'))).toBe(false);
    expect(parted.status).toBe(1); // findings, not an incomplete run: only --strict makes it one
    expect(parted.stderr).toContain('axum-tls-lint: warning: .: analysed in');
    expect(run(dir, ['--strict'], bound).status).toBe(2);
  });

  it('under the bound is analysed whole, with the same findings and no notification', () => {
    const whole = run(dir, []);
    expect(whole.notifications).toEqual([]);
    expect(whole.findings).toEqual(run(dir, [], bound).findings);
    expect(run(dir, ['--strict']).status).toBe(1);
  });

  it('reports a named file from its own part (a pre-commit hook), with the crate named', () => {
    const named = run(dir, [], bound, ['src/beta/f1.rs']);
    expect(named.findings).toEqual([
      'always-accept-server-cert src/beta/f1.rs:3:32',
      'missing-protocol-versions src/beta/f1.rs:6:5',
      'mtls-no-client-auth src/beta/f1.rs:7:10',
    ]);
    expect(named.notifications.map((n) => `${n.kind} ${n.path}`)).toEqual(['parts .']);
  });

  it('is answered from the cache by its own entry, never by one taken with another bound', () => {
    const cache = ['--cache', '--cache-location', mkdtempSync(join(tmpdir(), 'axum-tls-lint-parts-cache-'))];
    expect(run(dir, cache, bound).notifications.map((n) => n.kind)).toEqual(['parts']);
    const again = run(dir, [...cache, '--debug'], bound);
    expect(again.notifications.map((n) => n.kind)).toEqual(['parts']);
    // A crate-wide notice is a valid part of an entry, not damage.
    expect(again.stderr).toContain('cache: 1 crate reused, 0 analysed');
    expect(again.stderr).not.toContain('not used');
    expect(run(dir, cache).notifications).toEqual([]);
  });
});

describe('parts of a crate', () => {
  const input = (relPath: string, bytes: number): InputFile => ({
    absPath: `/c/${relPath}`,
    relPath,
    text: 'x'.repeat(bytes),
  });
  const inputs = [
    input('src/lib.rs', 10),
    input('src/a.rs', 10),
    input('src/a/x.rs', 40),
    input('src/a/y.rs', 40),
    input('src/b/mod.rs', 10),
    input('src/b/z.rs', 30),
    input('src/c.rs', 50),
  ];
  const names = (files: InputFile[]) => files.map((f) => f.relPath);

  it('keeps module subtrees together when they fit, splits them into files when not, and names their module files as context', () => {
    const parts = partsOf('/c', inputs, 100).map((p) => ({ own: names(p.own), context: names(p.context) }));
    expect(parts).toEqual([
      // src/a.rs with src/a/ is 90 bytes: one subtree, packed alone; the rest fills the next part.
      { own: ['src/a.rs', 'src/a/x.rs', 'src/a/y.rs'], context: ['src/lib.rs'] },
      { own: ['src/b/mod.rs', 'src/b/z.rs', 'src/c.rs', 'src/lib.rs'], context: [] },
    ]);
    const split = partsOf('/c', inputs, 45).map((p) => ({ own: names(p.own), context: names(p.context) }));
    // src/a/ (90 bytes) is over the bound: its files go one by one, each with src/a.rs as context.
    expect(split).toContainEqual({ own: ['src/a/x.rs'], context: ['src/lib.rs', 'src/a.rs'] });
    for (const part of partsOf('/c', inputs, 45)) {
      const bytes = part.own.reduce((sum, f) => sum + f.text.length, 0);
      expect(bytes <= 45 || part.own.length === 1).toBe(true);
    }
  });

  it('reduces a big module file to its module declarations where it is context', () => {
    const lib =
      '#![allow(dead_code)]\n#[cfg(test)]\nmod tests;\n#[derive(Debug)]\nstruct Big;\npub mod a;\n' +
      '// generated\n'.repeat(20);
    const files = [{ ...input('src/lib.rs', 0), text: lib }, input('src/a.rs', 40), input('src/tests.rs', 40)];
    // Reduced once, shared by the parts below it.
    const context = [...new Set(partsOf('/c', files, 100).flatMap((p) => p.context))];
    expect(context.map((f) => f.text)).toEqual([`\n#[cfg(test)]\nmod tests;\n\n\npub mod a;${'\n'.repeat(21)}`]);
    expect(moduleDeclarations('fn f() {\n    mod inner;\n}\n#[path = "x.rs"]\npub(crate) mod y;')).toBe(
      '\n\n\n#[path = "x.rs"]\npub(crate) mod y;',
    );
  });
});
