// Deterministic output: ordered by path, line, column, rule (code units, not the locale), the
// same bytes across runs, file-creation (directory) order and locales, paths relative and POSIX.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { runCliBig } from './run.js';

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const SERVER = (n: number) => `use rustls::ServerConfig;

pub fn config_${n}(certs: Certs, key: Key, client_ca_path: &str) -> ServerConfig {
    let unused = ServerConfig::builder().with_no_client_auth();
    ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}
`;

/** Names whose order differs between code units and some locales (ä after z in Swedish, dotless ı in Turkish, case). */
const NAMES = [
  'a.rs',
  'z.rs',
  'ä.rs',
  'Z.rs',
  'ı.rs',
  'i.rs',
  'I.rs',
  'a-b.rs',
  'ab.rs',
  'a_b.rs',
  'b/a.rs',
  'b-c/a.rs',
  'b c/a.rs',
  'ö/ü.rs',
  '10.rs',
  '9.rs',
];

/** The same project written in the given file order (directory order on disk follows creation on many file systems). */
function project(order: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-order-'));
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "x"\n');
  for (const name of order) {
    const path = join(dir, 'src', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, SERVER(NAMES.indexOf(name)));
  }
  // Files that are reported but not analysed, in every folder: notifications are ordered too.
  for (const name of order) writeFileSync(join(dir, 'src', `${name}.bin.rs`), Buffer.from([0, 1, 2, 3]));
  return dir;
}

describe('deterministic output', () => {
  const forward = project(NAMES);
  const backward = project([...NAMES].reverse());
  const formats = ['json', 'sarif', 'stylish', 'github'];

  it('byte-identical across runs, creation orders and locales, in every format', () => {
    for (const format of formats) {
      const outputs = new Set<string>();
      const errors = new Set<string>();
      for (const [cwd, locale] of [
        [forward, 'C.UTF-8'],
        [backward, 'C.UTF-8'],
        [forward, 'sv_SE.UTF-8'],
        [backward, 'tr_TR.UTF-8'],
        [forward, 'en_US.UTF-8'],
      ]) {
        const run = runCliBig(['.', '--format', format], { cwd, env: { LC_ALL: locale, LANG: locale } });
        expect(run.status, run.stderr).toBe(1);
        outputs.add(run.stdout);
        errors.add(run.stderr);
      }
      expect(outputs.size, format).toBe(1);
      expect(errors.size, format).toBe(1);
    }
  });

  it('findings ordered by path, line, column, rule; notifications by path; paths relative and POSIX', () => {
    const run = runCliBig(['.', '--format', 'json'], { cwd: forward, env: { LC_ALL: 'sv_SE.UTF-8' } });
    const report = JSON.parse(run.stdout);
    const keys: Array<[string, number, number, string]> = report.findings.map(
      (f: { ruleId: string; location: { path: string; region: { startLine: number; startColumn: number } } }) => [
        f.location.path,
        f.location.region.startLine,
        f.location.region.startColumn,
        f.ruleId,
      ],
    );
    expect(keys.length).toBeGreaterThanOrEqual(NAMES.length * 2);
    const sorted = [...keys].sort(
      (a, b) => byCodeUnits(a[0], b[0]) || a[1] - b[1] || a[2] - b[2] || byCodeUnits(a[3], b[3]),
    );
    expect(keys).toEqual(sorted);
    expect([...new Set(keys.map((k) => k[0]))]).toEqual(NAMES.map((n) => `src/${n}`).sort(byCodeUnits));
    const notes: string[] = report.notifications.map((n: { path: string }) => n.path);
    expect(notes).toEqual(NAMES.map((n) => `src/${n}.bin.rs`).sort(byCodeUnits));
    for (const path of [...keys.map((k) => k[0]), ...notes]) expect(path).toMatch(/^src\/[^\\]+$/);
    // Rules in SARIF: by id in code units (ruleIndex must not depend on the locale).
    const sarif = JSON.parse(
      runCliBig(['.', '--format', 'sarif'], { cwd: forward, env: { LC_ALL: 'tr_TR.UTF-8' } }).stdout,
    );
    const ids = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort(byCodeUnits));
  });

  it('the same relative paths however the scanned path is written', () => {
    const ways = ['.', 'src', './src/', 'src/../src', join(forward, 'src')];
    const outputs = new Set(ways.map((p) => runCliBig([p, '--format', 'json'], { cwd: forward }).stdout));
    expect(outputs.size).toBe(1);
    // From a subfolder, paths are relative to where the tool runs.
    const fromSub = JSON.parse(runCliBig(['.', '--format', 'json'], { cwd: join(forward, 'src', 'b') }).stdout);
    expect(fromSub.findings.map((f: { location: { path: string } }) => f.location.path)).toEqual(
      ['a.rs', 'a.rs', 'a.rs', 'a.rs'].slice(0, fromSub.findings.length),
    );
  });

  it('the fixture suite gives the same bytes twice', () => {
    const a = runCliBig(['test/fixtures', '--format', 'sarif'], { cwd: repoRoot });
    const b = runCliBig(['test/fixtures', '--format', 'sarif'], { cwd: repoRoot, env: { LC_ALL: 'sv_SE.UTF-8' } });
    expect(a.status).toBe(1);
    expect(b.stdout).toBe(a.stdout);
  });
});
