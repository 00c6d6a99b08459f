// SARIF as GitHub code scanning reads it: the whole fixture suite validates against the official
// SARIF 2.1.0 schema, and the fields code scanning relies on are asserted exactly.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ALL_RULES } from '../src/rules/index.js';
import { repoRoot, runCli, tempProject } from './helpers/cli.js';
import { sarifSchemaErrors } from './schema/validate.js';

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: SarifRegion };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: Array<SarifLocation & { id: number; message: { text: string } }>;
  partialFingerprints: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const NO_AUTH_SERVER = `use rustls::ServerConfig;

pub fn config(certs: Certs, key: Key, client_ca_path: &str) -> ServerConfig {
    ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}
`;

function sarifOf(args: string[], cwd?: string) {
  const run = runCli([...args, '--format', 'sarif'], { cwd });
  return { run, log: JSON.parse(run.stdout) };
}

describe('SARIF of the fixture suite', () => {
  const { run, log } = sarifOf(['test/fixtures']);
  const sarifRun = log.runs[0];
  const results: SarifResult[] = sarifRun.results;
  const rules = sarifRun.tool.driver.rules;

  it('validates against the official SARIF 2.1.0 schema with no errors', () => {
    expect(run.status).toBe(1);
    expect(results.length).toBeGreaterThan(50);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('log and run: version, $schema, one run, columnKind, tool identity, invocation', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(sarifRun.columnKind).toBe('utf16CodeUnits');
    expect(sarifRun.tool.driver).toMatchObject({
      name: 'axum-tls-lint',
      version: pkg.version,
      semanticVersion: pkg.version,
    });
    expect(sarifRun.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(sarifRun.invocations).toHaveLength(1);
    expect(sarifRun.invocations[0].executionSuccessful).toBe(true);
    expect(sarifRun.automationDetails).toBeUndefined();
  });

  it('rule descriptors: sorted by id, complete, security-severity a string, CWE and security tags', () => {
    const ids = rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort(byCodeUnits));
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.shortDescription.text.length).toBeGreaterThan(10);
      expect(r.fullDescription.text.length).toBeGreaterThan(10);
      expect(r.help.text.length).toBeGreaterThan(10);
      expect(r.help.markdown.length).toBeGreaterThan(10);
      expect(r.helpUri).toBe(
        `https://github.com/axum-tls-lint/axum-tls-lint/blob/v${pkg.version}/docs/rules/${r.id}.md`,
      );
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration.level);
      expect(typeof r.properties['security-severity']).toBe('string');
      expect(r.properties['security-severity']).toMatch(/^(10|\d)\.\d$/);
      expect(r.properties.tags[0]).toBe('security');
      expect(r.properties.tags).toContainEqual(expect.stringMatching(/^external\/cwe\/cwe-\d+$/));
      expect(['very-high', 'high', 'medium', 'low']).toContain(r.properties.precision);
    }
  });

  it('results: ruleId and ruleIndex agree, level, one-line region, fingerprint, relative %SRCROOT% URI of a real file', () => {
    for (const r of results) {
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(10);
      expect(r.locations).toHaveLength(1);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(artifactLocation.uri).toMatch(/^test\/fixtures\/[^\\]+\.rs$/);
      expect(artifactLocation.uri).not.toMatch(/(^|\/)\.\.?\//);
      const file = join(repoRoot, decodeURIComponent(artifactLocation.uri));
      expect(existsSync(file), artifactLocation.uri).toBe(true);
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startLine).toBeLessThanOrEqual(lines.length);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(region.endLine).toBe(region.startLine);
      expect(region.endColumn).toBeGreaterThanOrEqual(region.startColumn);
      expect(region.endColumn).toBeLessThanOrEqual(lines[region.startLine - 1].length + 1);
      expect(Object.keys(r.partialFingerprints)).toEqual(['axumTlsLint/v1']);
      expect(r.partialFingerprints['axumTlsLint/v1']).toMatch(/^[0-9a-f]{32}$/);
      for (const [i, related] of (r.relatedLocations ?? []).entries()) {
        expect(related.id).toBe(i + 1);
        expect(r.message.text).toContain(`](${i + 1})`);
        expect(related.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      }
    }
  });

  it("message: the primary message as a sentence, the note's first sentence, related locations by label", () => {
    const crossFile = results.find(
      (r) =>
        r.ruleId === 'mtls-no-client-auth' &&
        r.locations[0].physicalLocation.artifactLocation.uri ===
          'test/fixtures/mtls-no-client-auth/cross-file/src/tls/build.rs',
    );
    expect(crossFile?.message.text).toBe(
      'This server authenticates no client, although this crate sets up mutual TLS. This server config (`with_no_client_auth()`) authenticates no client, and this crate sets up mutual TLS: a client CA is named (client_ca) (test/fixtures/mtls-no-client-auth/cross-file/src/main.rs:9). mTLS intent: [here](1).',
    );
    expect(crossFile?.relatedLocations?.map((r) => [r.id, r.message.text])).toEqual([[1, 'mTLS intent']]);
    // A branch condition is the note's first sentence: it is what SARIF keeps.
    const conditional = results.find((r) => / This applies when `/.test(r.message.text));
    expect(conditional?.message.text).toMatch(
      /^[A-Z`][^\n]*\. This applies when `[^\n]*`( holds| does not hold| matches `[^\n]*`| has no value)\.( [^\n]*: \[here\]\(\d\)\.)*$/,
    );
    for (const r of results) expect(r.message.text).not.toContain('\n');
  });

  it('results are ordered by path, line, column, rule, with no duplicates', () => {
    const keys = results.map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      return [artifactLocation.uri, region.startLine, region.startColumn, r.ruleId] as const;
    });
    const sorted = [...keys].sort(
      (a, b) =>
        byCodeUnits(decodeURIComponent(a[0]), decodeURIComponent(b[0])) ||
        a[1] - b[1] ||
        a[2] - b[2] ||
        byCodeUnits(a[3], b[3]),
    );
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((k) => k.join('\0'))).size).toBe(keys.length);
  });

  it('the same findings as the JSON output', () => {
    const json = JSON.parse(runCli(['test/fixtures', '--format', 'json']).stdout);
    expect(
      results.map(
        (r) =>
          `${decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)}:${r.locations[0].physicalLocation.region.startLine}:${r.ruleId}`,
      ),
    ).toEqual(
      json.findings.map(
        (f: { location: { path: string; region: SarifRegion }; ruleId: string }) =>
          `${f.location.path}:${f.location.region.startLine}:${f.ruleId}`,
      ),
    );
  });
});

describe('SARIF details', () => {
  it('percent-encodes URIs segment by segment and counts columns in UTF-16 code units', () => {
    const line = '        /* 🔒 zertifikat ü */ .with_no_client_auth()';
    const source = NO_AUTH_SERVER.replace('        .with_no_client_auth()', line);
    const dir = tempProject({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/dir with space/ünï#%.rs': source });
    const { run, log } = sarifOf(['.'], dir);
    expect(run.status).toBe(1);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [result] = log.runs[0].results as SarifResult[];
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    expect(artifactLocation.uri).toBe('src/dir%20with%20space/%C3%BCn%C3%AF%23%25.rs');
    expect(region.startLine).toBe(5);
    // JavaScript string indices are UTF-16 code units: the emoji counts twice.
    expect(region.startColumn).toBe(line.indexOf('with_no_client_auth') + 1);
    expect(region.endColumn).toBe(line.indexOf('with_no_client_auth') + 1 + 'with_no_client_auth'.length);
  });

  it('files not fully analysed are toolExecutionNotifications with path, reason and kind', () => {
    const dir = tempProject({
      'Cargo.toml': '[package]\nname = "x"\n',
      'src/tls.rs': NO_AUTH_SERVER,
      'src/half.rs': NO_AUTH_SERVER.slice(0, 150),
    });
    writeFileSync(join(dir, 'src/blob.rs'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 3]));
    const { run, log } = sarifOf(['.'], dir);
    expect(run.status).toBe(1);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    const notes = invocation.toolExecutionNotifications;
    expect(notes.map((n: { descriptor: { id: string } }) => n.descriptor.id)).toEqual(['binary', 'parse-error']);
    expect(notes[0]).toEqual({
      level: 'warning',
      message: { text: 'src/blob.rs: not analysed: binary content (NUL bytes) in a .rs file' },
      descriptor: { id: 'binary' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/blob.rs', uriBaseId: '%SRCROOT%' } } }],
    });
    expect(notes[1].level).toBe('note');
    expect(notes[1].locations[0].physicalLocation.artifactLocation.uri).toBe('src/half.rs');
    expect(notes[1].locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
  });

  it('a file that cannot be read makes executionSuccessful false', () => {
    const dir = tempProject({ 'src/tls.rs': NO_AUTH_SERVER });
    symlinkSync('loop-b.rs', join(dir, 'src/loop-a.rs'));
    symlinkSync('loop-a.rs', join(dir, 'src/loop-b.rs'));
    const { run, log } = sarifOf(['src/tls.rs', 'src/loop-a.rs'], dir);
    expect(run.status).toBe(2);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'error',
        descriptor: { id: 'unreadable' },
        message: { text: expect.stringMatching(/^src\/loop-a\.rs: cannot be read/) },
      }),
    ]);
    expect(log.runs[0].results).toHaveLength(1);
  });

  it('an empty run is valid too; --sarif-category sets automationDetails.id', () => {
    const dir = tempProject({ 'src/main.rs': 'fn main() {}\n' });
    const { run, log } = sarifOf(['.', '--sarif-category', 'tls/backend'], dir);
    expect(run.status).toBe(0);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].automationDetails).toEqual({ id: 'tls/backend/' });
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ALL_RULES.map((r) => r.meta.id));
  });
});

describe('SARIF paths: relative to the repository root, whatever the working folder', () => {
  const TLS = NO_AUTH_SERVER;
  const uriOf = (log: { runs: Array<{ results: SarifResult[] }> }) =>
    log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
  const keyOf = (log: { runs: Array<{ results: SarifResult[] }> }) =>
    log.runs[0].results.map((r) => r.partialFingerprints);

  function monorepo(): string {
    const dir = tempProject({ 'repo/svc/Cargo.toml': '[package]\nname = "svc"\n', 'repo/svc/src/tls.rs': TLS });
    execFileSync('git', ['init', '-q'], { cwd: join(dir, 'repo') });
    return dir;
  }

  it('from the root, a subfolder or outside the repository: svc/src/tls.rs on %SRCROOT%, the same tool fingerprint', () => {
    const dir = monorepo();
    const runs = [
      sarifOf(['svc'], join(dir, 'repo')),
      sarifOf(['.'], join(dir, 'repo', 'svc', 'src')),
      sarifOf(['repo/svc'], dir),
    ];
    for (const { run, log } of runs) {
      expect(run.status).toBe(1);
      expect(sarifSchemaErrors(log)).toEqual([]);
      expect(uriOf(log)).toEqual([{ uri: 'svc/src/tls.rs', uriBaseId: '%SRCROOT%' }]);
      expect(log.runs[0].originalUriBaseIds).toEqual({
        '%SRCROOT%': {
          description: {
            text: 'The root of the scanned repository (the top level of its git working tree), or the scanned folder outside a repository; every artifact URI is relative to it.',
          },
        },
      });
    }
    // The JSON and text reports keep paths relative to the working folder.
    expect(
      JSON.parse(runCli(['-f', 'json', '.'], { cwd: join(dir, 'repo', 'svc', 'src') }).stdout).findings[0].location
        .path,
    ).toBe('tls.rs');
    const keys = runs.map(({ log }) => keyOf(log));
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
  });

  it('leaves primaryLocationLineHash to upload-sarif, which computes it from the source line', () => {
    const { log } = sarifOf(['svc'], join(monorepo(), 'repo'));
    expect(Object.keys(log.runs[0].results[0].partialFingerprints)).toEqual(['axumTlsLint/v1']);
  });

  it('outside a repository, URIs are relative to the scanned folder', () => {
    const dir = tempProject({
      'crate/Cargo.toml': '[package]\nname = "x"\n',
      'crate/src/tls.rs': TLS,
      'elsewhere/.keep': '',
    });
    const { run, log } = sarifOf(['../crate'], join(dir, 'elsewhere'));
    expect(run.status).toBe(1);
    expect(uriOf(log)).toEqual([{ uri: 'src/tls.rs', uriBaseId: '%SRCROOT%' }]);
  });

  it('a file outside the root (a second repository named) gets an absolute file: URI without a base', () => {
    const dir = monorepo();
    writeFileSync(join(dir, 'other.rs'), TLS);
    const { run, log } = sarifOf(['svc', '../other.rs'], join(dir, 'repo'));
    expect(run.status).toBe(1);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(uriOf(log)).toEqual([
      { uri: pathToFileURL(join(dir, 'other.rs')).href },
      { uri: 'svc/src/tls.rs', uriBaseId: '%SRCROOT%' },
    ]);
  });
});

describe("SARIF rule descriptions fit GitHub's limits", () => {
  it("fullDescription: at most 1,024 characters, whole sentences (or whole words and an ellipsis), a prefix of the rule's text", async () => {
    const { log } = sarifOf(['--rule', 'crl-not-checked=note', '.'], tempProject({ 'src/main.rs': 'fn main() {}\n' }));
    const { ALL_RULES } = await import('../dist/rules/index.js');
    for (const r of log.runs[0].tool.driver.rules as Array<{ id: string; fullDescription: { text: string } }>) {
      const full = (
        ALL_RULES.find((x: { meta: { id: string } }) => x.meta.id === r.id)?.meta.docs.whatItDoes ?? ('' as string)
      )
        .replace(/\s+/g, ' ')
        .trim();
      const text = r.fullDescription.text;
      expect(text.length, r.id).toBeLessThanOrEqual(1024);
      if (text === full) continue;
      if (text.endsWith('…')) expect(full.startsWith(`${text.slice(0, -1)} `), r.id).toBe(true);
      else expect(full.startsWith(`${text} `) && /[.!?]$/.test(text), r.id).toBe(true);
    }
  });
});
