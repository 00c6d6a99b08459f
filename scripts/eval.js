#!/usr/bin/env node
// Precision / recall of the built engine (dist/) per rule, over
//   - test/fixtures: expectations from the `// ruleid:` / `// ok:` annotations, and
//   - test/corpus:   expectations from each crate's expected.json.
// Usage: npm run eval  (= npm run build && node scripts/eval.js) [--quiet] [--json]
//
// Counting (a finding is the triple rule + file + start line; duplicates count once):
//   fixtures: TP = a finding on a `ruleid:` line of its rule; FN = a `ruleid:` line without one;
//             FP = any other finding of the folder's owning rule (test/fixtures/<rule-id>/), any
//             finding on an `ok:` line of its rule, or any unannotated finding in a folder that
//             belongs to no rule (e.g. seed/). Other rules' unannotated findings are not counted.
//   corpus:   every rule is checked exhaustively against expected.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureUnits, parseExpectations, parseOptions } from './fixture-annotations.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runLint } = await import(new URL('../dist/engine/run.js', import.meta.url).href);
const { ALL_RULES } = await import(new URL('../dist/rules/index.js', import.meta.url).href);

const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const asJson = args.has('--json');

const posix = (p) => p.split(sep).join('/');
const keyOf = (rule, file, line) => `${file}:${line} ${rule}`;

// ---------------------------------------------------------------- fixtures

// ---------------------------------------------------------------- corpus

/** `min_tls_version` / `mtls` from a crate's axum-tls-lint.toml (flat `key = "value"` lines). */
function corpusSettings(crateDir) {
  const settings = { minTlsVersion: '1.2', mtls: 'auto' };
  const path = join(crateDir, 'axum-tls-lint.toml');
  if (!existsSync(path)) return settings;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([\w-]+)\s*=\s*"([^"]*)"\s*(?:#.*)?$/.exec(line);
    if (!m) continue;
    if (m[1] === 'min_tls_version') settings.minTlsVersion = m[2];
    else if (m[1] === 'mtls') settings.mtls = m[2];
  }
  return settings;
}

// ---------------------------------------------------------------- scoring

const ruleIds = new Set(ALL_RULES.map((r) => r.meta.id));
const tallies = { fixtures: new Map(), corpus: new Map() };
const fps = { fixtures: [], corpus: [] };
const fns = { fixtures: [], corpus: [] };
const errors = [];

function tally(set, rule) {
  const map = tallies[set];
  if (!map.has(rule)) map.set(rule, { tp: 0, fp: 0, fn: 0 });
  return map.get(rule);
}

async function lint(paths, options) {
  return runLint({
    paths,
    cwd: root,
    rules: ALL_RULES,
    prefilter: true,
    includeTests: false,
    minTlsVersion: '1.2',
    mtls: 'auto',
    ...options,
  });
}

/** Unique (rule, file, line) findings with their first message. */
function findingMap(result, stripPrefix = '') {
  const map = new Map();
  for (const f of result.findings) {
    const file = f.location.path.startsWith(stripPrefix) ? f.location.path.slice(stripPrefix.length) : f.location.path;
    const k = keyOf(f.ruleId, file, f.location.region.startLine);
    if (!map.has(k)) map.set(k, { rule: f.ruleId, file, line: f.location.region.startLine, message: f.message });
  }
  return map;
}

const fixturesDir = join(root, 'test', 'fixtures');
for (const unit of fixtureUnits(fixturesDir, ruleIds)) {
  const unitName = posix(relative(root, unit.path));
  let result;
  try {
    result = await lint([unitName], parseOptions(readFileSync(unit.files[0], 'utf8')));
  } catch (err) {
    errors.push(`${unitName}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    continue;
  }
  const found = findingMap(result);
  const positives = new Map();
  const negatives = new Set();
  for (const file of unit.files) {
    const rel = posix(relative(root, file));
    for (const e of parseExpectations(readFileSync(file, 'utf8'))) {
      const k = keyOf(e.ruleId, rel, e.line);
      if (e.kind === 'ruleid') positives.set(k, { rule: e.ruleId, file: rel, line: e.line });
      else negatives.add(k);
    }
  }
  for (const [k, e] of positives) {
    if (found.has(k)) tally('fixtures', e.rule).tp++;
    else {
      tally('fixtures', e.rule).fn++;
      fns.fixtures.push(`${e.file}:${e.line} ${e.rule}`);
    }
  }
  for (const [k, f] of found) {
    if (positives.has(k)) continue;
    const checked = unit.ownerRule === undefined || unit.ownerRule === f.rule || negatives.has(k);
    if (!checked) continue;
    tally('fixtures', f.rule).fp++;
    fps.fixtures.push(`${f.file}:${f.line} ${f.rule} — ${f.message}`);
  }
}

const corpusDir = join(root, 'test', 'corpus');
const crates = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      .filter((n) => statSync(join(corpusDir, n)).isDirectory() && existsSync(join(corpusDir, n, 'expected.json')))
      .sort()
  : [];
for (const name of crates) {
  const crateDir = join(corpusDir, name);
  const prefix = `test/corpus/${name}/`;
  let result;
  try {
    result = await lint([`test/corpus/${name}`], corpusSettings(crateDir));
  } catch (err) {
    errors.push(`test/corpus/${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    continue;
  }
  const found = findingMap(result, prefix);
  const expected = new Map();
  for (const e of JSON.parse(readFileSync(join(crateDir, 'expected.json'), 'utf8')).findings)
    expected.set(keyOf(e.rule, e.file, e.line), e);
  for (const [k, e] of expected) {
    if (found.has(k)) tally('corpus', e.rule).tp++;
    else {
      tally('corpus', e.rule).fn++;
      fns.corpus.push(`${prefix}${e.file}:${e.line} ${e.rule}`);
    }
  }
  for (const [k, f] of found) {
    if (expected.has(k)) continue;
    tally('corpus', f.rule).fp++;
    fps.corpus.push(`${prefix}${f.file}:${f.line} ${f.rule} — ${f.message}`);
  }
}

// ---------------------------------------------------------------- report

const allRules = [...new Set([...ruleIds, ...tallies.fixtures.keys(), ...tallies.corpus.keys()])].sort();
const sum = (...ts) =>
  ts.reduce((a, t) => ({ tp: a.tp + (t?.tp ?? 0), fp: a.fp + (t?.fp ?? 0), fn: a.fn + (t?.fn ?? 0) }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
const ratio = (num, den) => (den === 0 ? null : num / den);
const metrics = (t) => ({ ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) });

const rows = allRules.map((rule) => ({
  rule,
  implemented: ruleIds.has(rule),
  overall: metrics(sum(tallies.fixtures.get(rule), tallies.corpus.get(rule))),
  fixtures: metrics(sum(tallies.fixtures.get(rule))),
  corpus: metrics(sum(tallies.corpus.get(rule))),
}));
const totals = {
  overall: metrics(sum(...tallies.fixtures.values(), ...tallies.corpus.values())),
  fixtures: metrics(sum(...tallies.fixtures.values())),
  corpus: metrics(sum(...tallies.corpus.values())),
};

if (asJson) {
  process.stdout.write(
    JSON.stringify({ rules: rows, totals, falsePositives: fps, falseNegatives: fns, errors }, null, 2) + '\n',
  );
} else {
  const pct = (x) => (x === null ? '   -' : `${Math.round(x * 100)}%`.padStart(4));
  const cell = (m) =>
    `${String(m.tp).padStart(3)} ${String(m.fp).padStart(3)} ${String(m.fn).padStart(3)} ${pct(m.precision)} ${pct(m.recall)}`;
  const width = Math.max(...allRules.map((r) => r.length), 'TOTAL'.length) + 2;
  const head = ' TP  FP  FN prec  rec';
  console.log(`${''.padEnd(width)}| ${'overall'.padEnd(head.length)} | ${'fixtures'.padEnd(head.length)} | corpus`);
  console.log(`${'rule'.padEnd(width)}|${head} |${head} |${head}`);
  console.log('-'.repeat(width + 3 * (head.length + 3)));
  for (const r of rows) {
    const name = r.implemented ? r.rule : `${r.rule}*`;
    console.log(`${name.padEnd(width)}|${cell(r.overall)} |${cell(r.fixtures)} |${cell(r.corpus)}`);
  }
  console.log('-'.repeat(width + 3 * (head.length + 3)));
  console.log(`${'TOTAL'.padEnd(width)}|${cell(totals.overall)} |${cell(totals.fixtures)} |${cell(totals.corpus)}`);
  if (rows.some((r) => !r.implemented)) console.log('* rule not registered in dist/rules/index.js');
  console.log(`${crates.length} corpus crates; fixtures from test/fixtures.`);
  if (!quiet) {
    for (const set of ['fixtures', 'corpus']) {
      console.log(`\nFalse positives (${set}): ${fps[set].length}`);
      for (const line of fps[set].sort()) console.log(`  ${line}`);
      console.log(`\nFalse negatives (${set}): ${fns[set].length}`);
      for (const line of fns[set].sort()) console.log(`  ${line}`);
    }
  }
  if (errors.length > 0) {
    console.log(`\nErrors: ${errors.length}`);
    for (const e of errors) console.log(`  ${e}`);
  }
}
process.exitCode = errors.length > 0 ? 1 : 0;
