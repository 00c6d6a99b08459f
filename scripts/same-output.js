#!/usr/bin/env node
// Byte-identical output check for refactorings: runs one build over every fixture file or folder,
// every corpus crate and every real-world crate, with and without --include-tests, and either
// saves the JSON reports (--save) or compares them with the saved ones.
//
//   node scripts/same-output.js <checkout> <saved-dir> --save   # before the change
//   node scripts/same-output.js <checkout> <saved-dir>          # after each step: lists differences
//
// <checkout> is the built tree whose dist/ runs and whose test data is read; paths in the reports
// are relative to it, so outputs of two checkouts compare directly. The CLI runs in this one
// process (the grammar loads once), which makes a full pass take seconds rather than minutes.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [checkoutArg, savedArg, ...flags] = process.argv.slice(2);
if (checkoutArg === undefined || savedArg === undefined) {
  process.stderr.write('usage: node scripts/same-output.js <checkout> <saved-dir> [--save]\n');
  process.exit(2);
}
const save = flags.includes('--save');
const checkout = resolve(checkoutArg);
const saved = resolve(savedArg);

/** Every analysed unit: a fixture file or folder, a corpus crate, a real-world crate folder. */
function targets() {
  const list = [];
  const entries = (dir) =>
    readdirSync(join(checkout, dir))
      .sort()
      .map((name) => `${dir}/${name}`);
  const isDir = (rel) => statSync(join(checkout, rel)).isDirectory();
  for (const ruleDir of entries('test/fixtures').filter(isDir)) {
    for (const rel of entries(ruleDir)) if (rel.endsWith('.rs') || isDir(rel)) list.push(rel);
  }
  for (const rel of entries('test/corpus').filter(isDir)) list.push(rel);
  for (const set of entries('test/realworld').filter((rel) => /\/set\d+$/.test(rel) && isDir(rel))) {
    for (const rel of entries(set).filter(isDir)) list.push(rel);
  }
  return list;
}

/** Runs the CLI in this process and keeps what it writes. */
async function run(main, args) {
  let stdout = '';
  let stderr = '';
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = (chunk) => {
    stdout += chunk;
    return true;
  };
  process.stderr.write = (chunk) => {
    stderr += chunk;
    return true;
  };
  try {
    const code = await main(args);
    return `exit ${code}\n--- stderr\n${stderr}--- stdout\n${stdout}`;
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

process.chdir(checkout);
const { main } = await import(pathToFileURL(join(checkout, 'dist/cli/main.js')).href);
mkdirSync(saved, { recursive: true });
let compared = 0;
const differing = [];
for (const target of targets()) {
  for (const extra of [[], ['--include-tests']]) {
    const output = await run(main, ['--format', 'json', ...extra, target]);
    const file = join(saved, `${target.replaceAll('/', '__')}${extra.length > 0 ? '.tests' : ''}.out`);
    if (save) writeFileSync(file, output);
    else {
      compared++;
      if (!existsSync(file)) differing.push(`${file} (not saved)`);
      else if (readFileSync(file, 'utf8') !== output) {
        writeFileSync(`${file}.new`, output);
        differing.push(`${target} ${extra.join(' ')} (diff ${file} ${file}.new)`);
      }
    }
  }
}
if (save) process.stdout.write(`saved ${readdirSync(saved).length} outputs in ${saved}\n`);
else {
  for (const line of differing) process.stdout.write(`DIFFERS ${line}\n`);
  process.stdout.write(`${compared} outputs compared, ${differing.length} differ\n`);
  process.exitCode = differing.length > 0 ? 1 : 0;
}
