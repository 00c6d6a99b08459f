// A run that names some files of a crate (a pre-commit hook, lint-staged, an editor) checks only
// those: the crate's other files are parsed and in the crate model, but the rules do not visit
// them (engine/analyze.ts `check`). That is right only while a rule reports nodes of the file it
// checks — facts of other files reach it through the crate model. This holds every multi-file
// crate of the fixtures, the corpus and the real-world sets to it: naming some of its files gives
// exactly the findings the whole run gives in them. Counted, never timed.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../../src/rules/index.js';
import { runLint } from '../../src/engine/run.js';
import { loadRustParser } from '../../src/parser/parser.js';
import type { RunResult } from '../../src/types.js';
import { dirs, rustFiles } from '../helpers/files.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Crates (a folder with a Cargo.toml) of more than one file. */
const crates = [
  ...dirs(join(root, 'test', 'fixtures')).flatMap(dirs),
  ...dirs(join(root, 'test', 'corpus')),
  ...dirs(join(root, 'test', 'realworld')).flatMap(dirs),
]
  .filter((d) => existsSync(join(d, 'Cargo.toml')) && rustFiles(d).length > 1)
  .map((d) => relative(root, d).split('\\').join('/'))
  .sort();

const run = (paths: string[]) =>
  runLint({
    paths,
    cwd: root,
    rules: ALL_RULES,
    prefilter: true,
    includeTests: true,
    minTlsVersion: '1.2',
    mtls: 'auto',
  });

/** What a run reports in `files`: findings and the test-code sites (suppressions in test code). */
function inFiles(result: RunResult, files: Set<string>) {
  return {
    findings: result.findings.filter((f) => files.has(f.location.path)),
    testCodeSites: (result.testCodeSites ?? []).filter((s) => files.has(s.path)),
  };
}

beforeAll(async () => {
  await loadRustParser();
});

describe('a run naming some files of a crate reports what the whole run reports in them', () => {
  it('has multi-file crates to check', () => {
    expect(crates.length).toBeGreaterThanOrEqual(20);
  });

  for (const crate of crates) {
    it(crate, async () => {
      const whole = await run([crate]);
      const files = rustFiles(join(root, crate)).map((f) => relative(root, f).split('\\').join('/'));
      const withFindings = files.filter((f) => whole.findings.some((x) => x.location.path === f));
      const without = files.find((f) => !withFindings.includes(f));
      // Each file with findings alone (a few), all of them together, and one without findings.
      const requests = [
        ...withFindings.slice(0, 4).map((f) => [f]),
        ...(withFindings.length > 1 ? [withFindings] : []),
        ...(without ? [[without]] : []),
      ];
      for (const named of requests) {
        const partial = await run(named);
        const set = new Set(named);
        expect(inFiles(partial, set), named.join(' ')).toEqual(inFiles(whole, set));
      }
    });
  }
});
