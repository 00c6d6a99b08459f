// What a user of a pre-commit hook sees: the CLI, naming some files of a crate, prints exactly the
// findings (rule, level, place, message, related locations, fixes) and file notices that a run of
// the whole crate prints for those files — cold, and with --cache in every state a hook meets it
// (empty, filled by a whole run, filled by runs naming other lists). The CLI's `main` runs in this
// process (as in scripts/same-output.js: the grammar loads once), one list also as a real process;
// counted, never timed. test/engine/partial-run.test.ts holds the engine to the same on every multi-file
// crate; this runs them through the CLI and its cache: every multi-file corpus and fixture
// crate, and the real-world rustls, openssl, native-tls and reqwest.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { main } from '../../src/cli/main.js';
import type { Finding, Notification } from '../../src/types.js';
import { dirs, rustFiles } from '../helpers/files.js';

const rel = (p: string) => relative(repoRoot, p).split('\\').join('/');
const multiFile = (d: string) => existsSync(join(d, 'Cargo.toml')) && rustFiles(d).length > 1;
const fixtureCrates = dirs(join(repoRoot, 'test', 'fixtures'))
  .flatMap(dirs)
  .filter(multiFile);
const crates = [
  ...dirs(join(repoRoot, 'test', 'corpus')).filter(multiFile),
  ...fixtureCrates,
  ...['set1/rustls-0.20.8', 'set1/openssl-0.10.45', 'set1/native-tls-0.2.11', 'set2/reqwest-0.11.13'].map((c) =>
    join(repoRoot, 'test', 'realworld', c),
  ),
].map(rel);

interface Report {
  findings: Finding[];
  notifications: Notification[];
}

/** The CLI run in this process (from the repository root, as the paths are written), its JSON report. */
async function lint(paths: string[], cache?: string): Promise<Report> {
  let stdout = '';
  let stderr = '';
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string) => (stdout += chunk) !== undefined) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (stderr += chunk) !== undefined) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(['-f', 'json', ...(cache ? ['--cache', '--cache-location', cache] : []), ...paths]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  expect(code, stderr).toBeLessThan(2);
  return JSON.parse(stdout) as Report;
}

/** What a report says about `files`: their findings and the notices that name one of them. */
function about(report: Report, files: string[]) {
  const set = new Set(files);
  return {
    findings: report.findings.filter((f) => set.has(f.location.path)),
    notifications: report.notifications.filter((n) => n.path !== undefined && set.has(n.path)),
  };
}

describe('naming some files of a crate prints what the whole run prints for them', () => {
  it('has crates to check, real-world ones among them', () => {
    expect(crates.length).toBeGreaterThanOrEqual(20);
    expect(crates).toContain('test/realworld/set1/rustls-0.20.8');
  });

  for (const crate of crates) {
    it(crate, async () => {
      const temp = mkdtempSync(join(tmpdir(), 'axum-tls-lint-named-'));
      try {
        const whole = await lint([crate]);
        const files = rustFiles(join(repoRoot, crate)).map(rel);
        const withFindings = files.filter((f) => whole.findings.some((x) => x.location.path === f));
        const without = files.filter((f) => !withFindings.includes(f));
        // Lists a hook passes: a few files with findings and one without; every other file; the
        // first ten in path order (the benchmark's pre-commit row takes ten files so).
        const lists = [
          [...withFindings.slice(0, 2), ...without.slice(0, 1)],
          files.filter((_, i) => i % 2 === 1),
          files.slice(0, 10),
        ].filter((l) => l.length > 0);
        // The whole run fills one cache; each list then runs against it, against a cache that
        // earlier lists filled (some of its files have entries, some not), and again once filled.
        const filled = join(temp, 'whole');
        expect(await lint([crate], filled)).toEqual(whole);
        const byLists = join(temp, 'lists');
        for (const named of lists) {
          const expected = about(whole, named);
          expect(about(await lint(named), named), `cold: ${named.join(' ')}`).toEqual(expected);
          expect(about(await lint(named, filled), named), `whole run cached: ${named.join(' ')}`).toEqual(expected);
          expect(about(await lint(named, byLists), named), `other lists cached: ${named.join(' ')}`).toEqual(expected);
          expect(about(await lint(named, byLists), named), `this list cached: ${named.join(' ')}`).toEqual(expected);
        }
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
    });
  }

  it('the same through a real process (the hook runs the binary)', async () => {
    const crate = 'test/realworld/set1/rustls-0.20.8';
    const named = rustFiles(join(repoRoot, crate)).map(rel).slice(0, 10);
    const run = runCli(['-f', 'json', ...named]);
    expect(run.status, run.stderr).toBeLessThan(2);
    expect(about(JSON.parse(run.stdout) as Report, named)).toEqual(about(await lint([crate]), named));
  });
});
