// Runs every fixture and fails on any missed, extra or misplaced finding.
// In test/fixtures/<rule-id>/ the owning rule is checked exhaustively (every finding of it
// must be annotated) and other rules only where annotated; elsewhere (e.g. seed/) every rule is.
// Every diagnostic has rustc's shape (helpers/messages.ts).
// Then the fixture's full output (level, rule, message, exact region, related locations,
// notifications) is compared with its committed snapshot next to it: `foo.rs` → `foo.snap`,
// a crate folder `bar/` → `bar.snap`. `npm test -- -u` rewrites the snapshots.
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../src/rules/index.js';
import { runLint } from '../src/engine/run.js';
import { loadRustParser } from '../src/parser/parser.js';
import { fixtureUnits, parseExpectations, parseOptions, readText, type FixtureUnit } from './helpers/fixtures.js';
import { formatSnapshot } from './helpers/snapshot.js';
import { diagnosticShapeProblems } from './helpers/messages.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const fixturesDir = join(root, 'test', 'fixtures');
const ruleIds = new Set(ALL_RULES.map((r) => r.meta.id));
const units = fixtureUnits(fixturesDir, ruleIds);
const posix = (path: string) => path.split('\\').join('/');

/** The snapshot of a fixture file or fixture crate: a sibling `<name>.snap`. */
function snapshotPath(unit: FixtureUnit): string {
  return unit.path.endsWith('.rs') ? `${unit.path.slice(0, -'.rs'.length)}.snap` : `${unit.path}.snap`;
}

function snapFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return snapFilesUnder(p);
    return name.endsWith('.snap') ? [p] : [];
  });
}

beforeAll(async () => {
  await loadRustParser();
});

describe('fixtures', () => {
  it('every rule has positive and negative fixtures', () => {
    for (const id of ruleIds) {
      const texts = units.filter((u) => u.ownerRule === id).flatMap((u) => u.files.map(readText));
      const expectations = texts.flatMap(parseExpectations).filter((e) => e.ruleId === id);
      expect(
        expectations.some((e) => e.kind === 'ruleid'),
        `${id} has no ruleid fixture`,
      ).toBe(true);
      expect(
        expectations.some((e) => e.kind === 'ok'),
        `${id} has no ok fixture`,
      ).toBe(true);
    }
  });

  it('annotations name known rules', () => {
    for (const u of units)
      for (const f of u.files) {
        for (const e of parseExpectations(readText(f)))
          expect(ruleIds.has(e.ruleId), `${relative(root, f)}:${e.line} unknown rule ${e.ruleId}`).toBe(true);
      }
  });

  it('every snapshot belongs to a fixture', () => {
    const expected = new Set(units.map(snapshotPath));
    const orphans = snapFilesUnder(fixturesDir)
      .filter((p) => !expected.has(p))
      .map((p) => posix(relative(root, p)));
    expect(orphans, 'snapshots without a fixture (delete them)').toEqual([]);
  });

  for (const unit of units) {
    it(relative(fixturesDir, unit.path), async () => {
      const options = parseOptions(readText(unit.files[0]));
      const result = await runLint({ paths: [unit.path], cwd: root, rules: ALL_RULES, prefilter: true, ...options });
      const problems: string[] = [];
      for (const file of unit.files) {
        const rel = relative(root, file).split('\\').join('/');
        const expectations = parseExpectations(readText(file));
        const found = result.findings.filter((f) => f.location.path === rel);
        const at = (id: string, line: number) =>
          found.filter((f) => f.ruleId === id && f.location.region.startLine === line);
        for (const e of expectations) {
          const hits = at(e.ruleId, e.line);
          if (e.kind === 'ruleid' && hits.length === 0) problems.push(`missed: ${rel}:${e.line} ${e.ruleId}`);
          if (e.kind === 'ok' && hits.length > 0)
            problems.push(`false positive: ${rel}:${e.line} ${e.ruleId} — ${hits[0].message}`);
        }
        for (const f of found) {
          const checked = unit.ownerRule === undefined || unit.ownerRule === f.ruleId;
          const expected = expectations.some(
            (e) => e.kind === 'ruleid' && e.ruleId === f.ruleId && e.line === f.location.region.startLine,
          );
          if (checked && !expected)
            problems.push(
              `unexpected: ${rel}:${f.location.region.startLine}:${f.location.region.startColumn} ${f.ruleId} — ${f.message}`,
            );
        }
      }
      expect.soft(problems).toEqual([]);
      expect.soft(diagnosticShapeProblems(result.findings), 'diagnostics in rustc shape').toEqual([]);
      const unitRel = posix(relative(root, unit.path));
      const prefix = unit.path.endsWith('.rs') ? `${posix(relative(root, dirname(unit.path)))}/` : `${unitRel}/`;
      const settings = `min-tls-version=${options.minTlsVersion}, mtls=${options.mtls}${options.includeTests ? ', include-tests' : ''}`;
      const snapshot = formatSnapshot(result, prefix, `${unitRel} (${settings})`);
      const file = snapshotPath(unit);
      await expect(snapshot).toMatchFileSnapshot(
        file,
        existsSync(file) ? undefined : 'no snapshot yet, `npm test -- -u` writes it',
      );
    });
  }
});
