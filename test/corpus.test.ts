// Runs every crate of test/corpus/ and compares the (rule, file, line) set of the findings
// with the crate's expected.json EXACTLY: every missed and every extra finding is listed.
// The expected findings were written from the rule catalog, independently of the rules.
// Then the crate's full output (levels, messages, exact regions, related locations,
// notifications) is compared with its committed snapshot test/corpus/<crate>/findings.snap;
// `npm test -- -u` rewrites the snapshots.
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { ALL_RULES } from '../src/rules/index.js';
import { runLint } from '../src/engine/run.js';
import { loadRustParser } from '../src/parser/parser.js';
import type { TlsPolicy } from '../src/types.js';
import { formatSnapshot } from './helpers/snapshot.js';
import { diagnosticShapeProblems } from './helpers/messages.js';

interface ExpectedFinding {
  rule: string;
  file: string;
  line: number;
}

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const corpusDir = join(root, 'test', 'corpus');
const crates = readdirSync(corpusDir)
  .filter((name) => statSync(join(corpusDir, name)).isDirectory() && existsSync(join(corpusDir, name, 'expected.json')))
  .sort();

/** Crate settings from its axum-tls-lint.toml (only `min_tls_version` and `mtls` are used here). */
function settingsOf(crateDir: string): { minTlsVersion: TlsPolicy; mtls: 'auto' | 'required' | 'off' } {
  const path = join(crateDir, 'axum-tls-lint.toml');
  const settings = { minTlsVersion: '1.2' as TlsPolicy, mtls: 'auto' as 'auto' | 'required' | 'off' };
  if (!existsSync(path)) return settings;
  const toml = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (toml.min_tls_version === '1.2' || toml.min_tls_version === '1.3') settings.minTlsVersion = toml.min_tls_version;
  if (toml.mtls === 'auto' || toml.mtls === 'required' || toml.mtls === 'off') settings.mtls = toml.mtls;
  return settings;
}

const key = (f: ExpectedFinding) => `${f.file}:${f.line} ${f.rule}`;

beforeAll(async () => {
  await loadRustParser();
});

describe('corpus', () => {
  it('has at least 12 crates and every rule of the registry as a true positive', () => {
    expect(crates.length).toBeGreaterThanOrEqual(12);
    const expectedRules = new Set(
      crates.flatMap((c) =>
        (JSON.parse(readFileSync(join(corpusDir, c, 'expected.json'), 'utf8')).findings as ExpectedFinding[]).map(
          (f) => f.rule,
        ),
      ),
    );
    expect([...expectedRules].sort()).toEqual(ALL_RULES.map((r) => r.meta.id).sort());
  });

  for (const name of crates) {
    it(name, async () => {
      const crateDir = join(corpusDir, name);
      const expected = (
        JSON.parse(readFileSync(join(crateDir, 'expected.json'), 'utf8')).findings as ExpectedFinding[]
      ).map(key);
      const prefix = `test/corpus/${name}/`;
      const settings = settingsOf(crateDir);
      const result = await runLint({
        paths: [`test/corpus/${name}`],
        cwd: root,
        rules: ALL_RULES,
        prefilter: true,
        includeTests: false,
        ...settings,
      });
      const messages = new Map<string, string>();
      for (const f of result.findings) {
        const k = key({
          rule: f.ruleId,
          file: f.location.path.slice(prefix.length),
          line: f.location.region.startLine,
        });
        if (!messages.has(k)) messages.set(k, f.message);
      }
      const found = [...messages.keys()];
      const missed = expected.filter((k) => !messages.has(k)).map((k) => `missed: ${k}`);
      const extra = found.filter((k) => !expected.includes(k)).map((k) => `extra: ${k} — ${messages.get(k)}`);
      expect.soft([...missed, ...extra], `${name}: ${missed.length} missed, ${extra.length} extra`).toEqual([]);
      expect.soft(diagnosticShapeProblems(result.findings), 'diagnostics in rustc shape').toEqual([]);
      const title = `test/corpus/${name} (min-tls-version=${settings.minTlsVersion}, mtls=${settings.mtls})`;
      const file = join(crateDir, 'findings.snap');
      await expect(formatSnapshot(result, prefix, title)).toMatchFileSnapshot(
        file,
        existsSync(file) ? undefined : 'no snapshot yet, `npm test -- -u` writes it',
      );
    });
  }
});
