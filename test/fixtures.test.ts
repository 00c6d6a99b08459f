// Runs every fixture and fails on any missed, extra or misplaced finding.
// In test/fixtures/<rule-id>/ the owning rule is checked exhaustively (every finding of it
// must be annotated) and other rules only where annotated; elsewhere (e.g. seed/) every rule is.
import { describe, expect, it, beforeAll } from 'vitest';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../src/rules/index.js';
import { runLint } from '../src/engine/run.js';
import { loadRustParser } from '../src/parser/parser.js';
import { fixtureUnits, parseExpectations, parseOptions, readText } from './helpers/fixtures.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const fixturesDir = join(root, 'test', 'fixtures');
const ruleIds = new Set(ALL_RULES.map((r) => r.meta.id));
const units = fixtureUnits(fixturesDir, ruleIds);

beforeAll(async () => {
  await loadRustParser();
});

describe('fixtures', () => {
  it('every rule has positive and negative fixtures', () => {
    for (const id of ruleIds) {
      const texts = units.filter((u) => u.ownerRule === id).flatMap((u) => u.files.map(readText));
      const expectations = texts.flatMap(parseExpectations).filter((e) => e.ruleId === id);
      expect(expectations.some((e) => e.kind === 'ruleid'), `${id} has no ruleid fixture`).toBe(true);
      expect(expectations.some((e) => e.kind === 'ok'), `${id} has no ok fixture`).toBe(true);
    }
  });

  it('annotations name known rules', () => {
    for (const u of units) for (const f of u.files) {
      for (const e of parseExpectations(readText(f))) expect(ruleIds.has(e.ruleId), `${relative(root, f)}:${e.line} unknown rule ${e.ruleId}`).toBe(true);
    }
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
        const at = (id: string, line: number) => found.filter((f) => f.ruleId === id && f.location.region.startLine === line);
        for (const e of expectations) {
          const hits = at(e.ruleId, e.line);
          if (e.kind === 'ruleid' && hits.length === 0) problems.push(`missed: ${rel}:${e.line} ${e.ruleId}`);
          if (e.kind === 'ok' && hits.length > 0) problems.push(`false positive: ${rel}:${e.line} ${e.ruleId} — ${hits[0].message}`);
        }
        for (const f of found) {
          const checked = unit.ownerRule === undefined || unit.ownerRule === f.ruleId;
          const expected = expectations.some((e) => e.kind === 'ruleid' && e.ruleId === f.ruleId && e.line === f.location.region.startLine);
          if (checked && !expected) problems.push(`unexpected: ${rel}:${f.location.region.startLine}:${f.location.region.startColumn} ${f.ruleId} — ${f.message}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
