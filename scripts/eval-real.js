#!/usr/bin/env node
// Recall and precision on the blind real-world set (test/realworld/<set>/<crate>/labels.json):
// real crate sources from Debian, labelled from the rule catalog by people who never saw the
// tool's output (see test/realworld/README.md).
//
// Usage: npm run eval:real [-- --bin <path to bin/axum-tls-lint.js>] [--json] [--misses] [--sets <dir>]
//   --bin     score another build (e.g. an older checkout, for the blind first-run score)
//   --misses  list every missed label and every false alarm
//   --sets    score sets kept outside the project (same layout: <dir>/<set>/<crate>/labels.json),
//             e.g. code read from public repositories, which is not committed here
//
// Counting, per crate folder scanned as its own root with default options:
//   a label's verdict is its second review's when it has one (`review`), else its own;
//   TP  = an expected-finding label with a finding of its rule in its file on a line within
//         [line - 1, endLine + 1]; FN = an expected-finding label without one;
//   FP  = a finding that matches no expected-finding label (whether or not a no-finding label
//         names the site); a second finding on an already matched label counts as a duplicate.
//   level = TPs whose level equals the label's level.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const bin = option('--bin') ?? join(root, 'bin', 'axum-tls-lint.js');
const realworld = option('--sets') ?? join(root, 'test', 'realworld');

/** Every crate folder of every set: { set, name, dir, labels }. */
function crates() {
  const out = [];
  for (const set of readdirSync(realworld, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const crate of readdirSync(join(realworld, set.name), { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    )) {
      const dir = join(realworld, set.name, crate.name);
      const file = join(dir, 'labels.json');
      if (!existsSync(file)) continue;
      const labels = JSON.parse(readFileSync(file, 'utf8')).labels.map((l) => ({ ...l, ...(l.review ?? {}) }));
      out.push({ set: set.name, name: crate.name, dir, labels });
    }
  }
  return out;
}

/** The tool's findings on one crate folder (its exit code says only whether there were findings). */
function findingsOf(dir) {
  let stdout;
  try {
    stdout = execFileSync(process.execPath, [bin, '.', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    });
  } catch (err) {
    stdout = err.stdout;
  }
  const result = JSON.parse(stdout);
  // A rule that threw loses its findings for the file: a score measured over that is no measure.
  const internal = (result.notifications ?? []).filter((n) => n.kind === 'internal');
  if (internal.length > 0) {
    console.error(`${dir}: the run reported an internal error: ${internal[0].message ?? ''}`);
    process.exit(3);
  }
  return result.findings.map((f) => ({
    rule: f.ruleId,
    file: f.location.path,
    line: f.location.region.startLine,
    level: f.level,
    message: f.message,
  }));
}

const matches = (label, f) =>
  label.rule === f.rule &&
  label.file === f.file &&
  f.line >= label.line - 1 &&
  f.line <= (label.endLine ?? label.line) + 1;

function score(crate, findings, perRule, misses) {
  const bucket = (rule) =>
    perRule.get(rule) ?? perRule.set(rule, { labels: 0, tp: 0, fn: 0, fp: 0, dup: 0, level: 0 }).get(rule);
  const expected = crate.labels.filter((l) => l.expect === 'finding');
  const matched = new Set();
  for (const label of expected) bucket(label.rule).labels++;
  for (const f of findings) {
    const label = expected.find((l) => matches(l, f) && !matched.has(l)) ?? expected.find((l) => matches(l, f));
    if (!label) {
      bucket(f.rule).fp++;
      misses.push(
        `FP ${crate.set}/${crate.name}/${f.file}:${f.line} ${f.rule} [${f.level}] ${f.message.slice(0, 140)}`,
      );
    } else if (matched.has(label)) bucket(f.rule).dup++;
    else {
      matched.add(label);
      bucket(f.rule).tp++;
      if (f.level === label.level) bucket(f.rule).level++;
      else
        misses.push(
          `LV ${crate.set}/${crate.name}/${f.file}:${f.line} ${f.rule} tool ${f.level}, label ${label.level}`,
        );
    }
  }
  for (const label of expected.filter((l) => !matched.has(l))) {
    bucket(label.rule).fn++;
    misses.push(
      `FN ${crate.set}/${crate.name}/${label.file}:${label.line} ${label.rule} [${label.level}] ${label.why.slice(0, 140)}`,
    );
  }
}

const ratio = (a, b) => (b === 0 ? '-' : (a / b).toFixed(2));

const perRule = new Map();
const misses = [];
const all = crates();
for (const crate of all) score(crate, findingsOf(crate.dir), perRule, misses);

const rows = [...perRule].sort(([a], [b]) => (a < b ? -1 : 1));
const total = rows.reduce(
  (t, [, r]) => ({
    labels: t.labels + r.labels,
    tp: t.tp + r.tp,
    fn: t.fn + r.fn,
    fp: t.fp + r.fp,
    dup: t.dup + r.dup,
    level: t.level + r.level,
  }),
  { labels: 0, tp: 0, fn: 0, fp: 0, dup: 0, level: 0 },
);
if (args.includes('--json')) {
  console.log(JSON.stringify({ crates: all.length, total, rules: Object.fromEntries(rows) }, null, 2));
} else {
  console.log(`${all.length} crate folders in ${new Set(all.map((c) => c.set)).size} sets`);
  console.log('rule                            labels  TP  FN  FP dup  recall precision level-agree');
  for (const [rule, r] of [...rows, ['TOTAL', total]]) {
    console.log(
      `${rule.padEnd(32)}${String(r.labels).padStart(6)}${String(r.tp).padStart(4)}${String(r.fn).padStart(4)}${String(r.fp).padStart(4)}${String(r.dup).padStart(4)}  ${ratio(r.tp, r.tp + r.fn).padStart(6)} ${ratio(r.tp, r.tp + r.fp).padStart(9)} ${ratio(r.level, r.tp).padStart(11)}`,
    );
  }
  if (args.includes('--misses')) console.log(`\n${misses.sort().join('\n')}`);
}
