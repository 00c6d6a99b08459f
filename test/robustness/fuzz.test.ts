// Fuzzing the real CLI: mutated fixtures and random bytes, many cases per process. Asserts no
// crash and no internal error, SARIF valid against the official schema, and the engine's
// invariants: every finding inside its file, 1-based positions, no duplicates.
//
//   npx vitest run test/robustness/fuzz.test.ts                    # FUZZ_CASES=300 (default)
//   FUZZ_CASES=100000 npx vitest run test/robustness/fuzz.test.ts  # the long run
//   FUZZ_SEED=7 FUZZ_CASES=2000 FUZZ_BATCH=500 ...                 # another seed, bigger batches
//   FUZZ_ONLY=8816,25769 ...                                       # rerun named cases
// A failing case is copied to $TMPDIR/axum-tls-lint-fuzz/<seed>-<index>/ and named in the failure.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { sarifSchemaErrors } from '../schema/validate.js';
import { loadSeeds, makeCase } from './fuzz-cases.js';
import { runCliBig } from './run.js';

/** FUZZ_ONLY=8816,12003: just these cases (as named in a failure), to reproduce them. */
const ONLY = process.env.FUZZ_ONLY?.split(',').map(Number);
const CASES = ONLY?.length ?? Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20_241_129);
const BATCH = Number(process.env.FUZZ_BATCH ?? (CASES > 1000 ? 400 : 100));
/** Options rotated over the batches, so that every setting meets the mutations. */
const OPTIONS = [
  ['--include-tests'],
  ['--mtls', 'required', '--min-tls-version', '1.3'],
  [],
  ['--mtls', 'off', '--no-prefilter'],
];

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Loc {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region };
}

/** The text as the tool decodes it (UTF-8 with replacement, BOM dropped); undefined for UTF-16 (decoded otherwise). */
function decoded(bytes: Buffer): string | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return undefined;
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8').decode(bytes.subarray(start));
}

/** Problems with one batch's output; the case index is the first path segment of each URI. */
function check(
  log: {
    runs: Array<{
      results: Array<{ ruleId: string; ruleIndex: number; locations: Loc[]; relatedLocations?: Loc[] }>;
      tool: { driver: { rules: Array<{ id: string }> } };
      invocations: Array<{
        toolExecutionNotifications: Array<{ descriptor: { id: string }; message: { text: string } }>;
      }>;
    }>;
  },
  batchDir: string,
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const add = (uri: string, what: string) => {
    const key = decodeURIComponent(uri).split('/')[0];
    problems.set(key, [...(problems.get(key) ?? []), what]);
  };
  const schema = sarifSchemaErrors(log);
  if (schema.length > 0) add('(batch)', `SARIF schema: ${schema.slice(0, 5).join('; ')}`);
  const run = log.runs[0];
  // Files the tool decoded as UTF-16 (with or without a byte-order mark): positions are in the decoded text.
  const utf16 = new Set(
    run.invocations[0].toolExecutionNotifications
      .filter((n) => /UTF-16/.test(n.message.text))
      .map((n) => n.message.text.split(': ')[0]),
  );
  const texts = new Map<string, string[] | undefined>();
  const linesOf = (uri: string) => {
    const path = decodeURIComponent(uri);
    if (!texts.has(uri))
      texts.set(uri, utf16.has(path) ? undefined : decoded(readFileSync(join(batchDir, path)))?.split('\n'));
    return texts.get(uri);
  };
  const inside = (loc: Loc, what: string, oneLine = true) => {
    const { artifactLocation, region } = loc.physicalLocation;
    const uri = artifactLocation.uri;
    if (artifactLocation.uriBaseId !== '%SRCROOT%' || uri.startsWith('/') || uri.includes('..'))
      add(uri, `${what}: not a relative %SRCROOT% URI`);
    if (!region) return add(uri, `${what}: no region`);
    const { startLine, startColumn, endLine, endColumn } = region;
    if (![startLine, startColumn, endLine, endColumn].every((n) => Number.isInteger(n) && n >= 1))
      return add(uri, `${what}: positions not 1-based integers ${JSON.stringify(region)}`);
    if ((oneLine && endLine !== startLine) || endLine < startLine || (endLine === startLine && endColumn < startColumn))
      add(uri, `${what}: region ${oneLine ? 'not on one line or ' : ''}reversed ${JSON.stringify(region)}`);
    let lines: string[] | undefined;
    try {
      lines = linesOf(uri);
    } catch {
      return add(uri, `${what}: the file does not exist`);
    }
    if (!lines) return; // UTF-16: decoded by the tool, not checked here
    if (endLine > lines.length) return add(uri, `${what}: line ${endLine} past the end (${lines.length} lines)`);
    if (startColumn > lines[startLine - 1].length + 1)
      add(
        uri,
        `${what}: column ${startColumn} past the end of line ${startLine} (${lines[startLine - 1].length} code units)`,
      );
    if (endColumn > lines[endLine - 1].length + 1)
      add(
        uri,
        `${what}: column ${endColumn} past the end of line ${endLine} (${lines[endLine - 1].length} code units)`,
      );
  };
  const seen = new Set<string>();
  for (const r of run.results) {
    const loc = r.locations[0];
    inside(loc, r.ruleId);
    for (const rel of r.relatedLocations ?? []) inside(rel, `${r.ruleId} related location`, false);
    if (run.tool.driver.rules[r.ruleIndex]?.id !== r.ruleId)
      add(loc.physicalLocation.artifactLocation.uri, `${r.ruleId}: ruleIndex ${r.ruleIndex} names another rule`);
    const key = `${r.ruleId} ${loc.physicalLocation.artifactLocation.uri}:${loc.physicalLocation.region?.startLine}:${loc.physicalLocation.region?.startColumn}`;
    if (seen.has(key)) add(loc.physicalLocation.artifactLocation.uri, `duplicate finding ${key}`);
    seen.add(key);
  }
  for (const n of run.invocations[0].toolExecutionNotifications) {
    if (n.descriptor.id === 'internal') add(n.message.text.split(':')[0], `internal error: ${n.message.text}`);
  }
  return problems;
}

describe(`fuzz: ${CASES} cases, seed ${SEED}`, () => {
  it(
    'no crash, valid SARIF, findings inside their files, 1-based, no duplicates',
    () => {
      const seeds = loadSeeds([join(repoRoot, 'test/fixtures'), join(repoRoot, 'test/corpus')]);
      expect(seeds.length).toBeGreaterThan(20);
      const failures: string[] = [];
      const started = Date.now();
      let slowest = 0;
      for (let first = 0, batch = 0; first < CASES; first += BATCH, batch++) {
        const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-fuzz-'));
        const count = Math.min(BATCH, CASES - first);
        const steps = new Map<string, string[]>();
        for (let k = first; k < first + count; k++) {
          const i = ONLY ? ONLY[k] : k;
          const name = `case-${String(i).padStart(6, '0')}`;
          const c = makeCase(SEED, i, seeds);
          steps.set(name, c.steps);
          for (const [rel, bytes] of Object.entries(c.files)) {
            const path = join(dir, name, rel);
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, bytes);
          }
        }
        const options = OPTIONS[batch % OPTIONS.length];
        const run = runCliBig(['.', '--format', 'sarif', '-o', 'out.sarif', ...options], { cwd: dir });
        const crashed = (r: { status: number; stderr: string }) =>
          (r.status !== 0 && r.status !== 1) || /internal error|Maximum call stack|\n\s+at /.test(r.stderr);
        slowest = Math.max(slowest, run.ms);
        const problems = new Map<string, string[]>();
        if (run.status !== 0 && run.status !== 1)
          problems.set('(batch)', [
            `exit ${run.status}: ${run.stderr
              .split('\n')
              .filter((l) => !/: (note|warning): /.test(l))
              .slice(0, 5)
              .join(' | ')}`,
          ]);
        if (/internal error|Maximum call stack|\n\s+at /.test(run.stderr))
          problems.set('(stderr)', [
            run.stderr
              .split('\n')
              .filter((l) => /internal|stack|\s+at /.test(l))
              .slice(0, 5)
              .join(' | '),
          ]);
        let log: Parameters<typeof check>[0] | undefined;
        try {
          log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
        } catch (err) {
          problems.set('(batch)', [...(problems.get('(batch)') ?? []), `no SARIF report: ${(err as Error).message}`]);
        }
        if (log) for (const [k, v] of check(log, dir)) problems.set(k, [...(problems.get(k) ?? []), ...v]);
        if (run.ms > 120_000) problems.set('(batch)', [...(problems.get('(batch)') ?? []), `took ${run.ms} ms`]);
        // A crash of the whole run: halve the batch until one case is left that crashes alone.
        if (crashed(run)) {
          let cases = [...steps.keys()];
          while (cases.length > 1) {
            const half = cases.slice(0, cases.length >> 1);
            const other = cases.slice(cases.length >> 1);
            if (crashed(runCliBig([...half, '--format', 'sarif', ...options], { cwd: dir }))) cases = half;
            else if (crashed(runCliBig([...other, '--format', 'sarif', ...options], { cwd: dir }))) cases = other;
            else break;
          }
          if (cases.length === 1)
            problems.set(cases[0], [`crashes the run alone (options ${options.join(' ') || '(none)'})`]);
        }
        for (const [name, what] of problems) {
          const keep = join(tmpdir(), 'axum-tls-lint-fuzz', `${SEED}-${steps.has(name) ? name : `batch-${batch}`}`);
          rmSync(keep, { recursive: true, force: true });
          if (steps.has(name)) cpSync(join(dir, name), keep, { recursive: true });
          else cpSync(dir, keep, { recursive: true });
          failures.push(
            `${name} [${(steps.get(name) ?? [`batch ${batch}, options ${options.join(' ') || '(none)'}`]).join(', ')}] ${what.join('; ')} — kept in ${keep}`,
          );
        }
        rmSync(dir, { recursive: true, force: true });
        if (failures.length > 20) break;
      }
      if (CASES >= 1000)
        console.log(
          `fuzz: ${CASES} cases (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s, slowest batch of ${BATCH}: ${(slowest / 1000).toFixed(1)} s`,
        );
      expect(failures).toEqual([]);
    },
    Math.max(60_000, CASES * 100),
  );
});
