// Semgrep-style fixture annotations, shared by the fixture test (test/helpers/fixtures.ts)
// and the measurement script (scripts/eval.js), so both read fixtures the same way.
//   `// ruleid: <id>` above a line that must be flagged by <id>, `// ok: <id>` above one that
//   must not; stacked annotations apply to the next code line. A first line
//   `// fixture-options: min-tls-version=1.3, include-tests, mtls=required` sets options.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ANNOTATION = /^\s*\/\/\s*(ruleid|ok):\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

/** @returns {Array<{ruleId: string, line: number, kind: 'ruleid' | 'ok'}>} */
export function parseExpectations(text) {
  const out = [];
  let pending = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (m) {
      pending.push({ kind: m[1], ids: m[2].split(',').map((s) => s.trim()) });
      return;
    }
    for (const p of pending) for (const ruleId of p.ids) out.push({ ruleId, line: i + 1, kind: p.kind });
    pending = [];
  });
  return out;
}

/** @returns {{minTlsVersion: '1.2' | '1.3', includeTests: boolean, mtls: 'auto' | 'required' | 'off'}} */
export function parseOptions(text) {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const m = /^\s*\/\/\s*fixture-options:\s*(.*)$/.exec(first);
  const opts = { minTlsVersion: '1.2', includeTests: false, mtls: 'auto' };
  if (!m) return opts;
  for (const part of m[1].split(',').map((s) => s.trim())) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (key === 'min-tls-version') opts.minTlsVersion = value;
    else if (key === 'include-tests') opts.includeTests = true;
    else if (key === 'mtls') opts.mtls = value;
  }
  return opts;
}

function rsFilesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return rsFilesUnder(p);
    return name.endsWith('.rs') ? [p] : [];
  });
}

/**
 * Fixture units: test/fixtures/<group>/*.rs, and folders with a Cargo.toml (multi-file crates).
 * In a group named after a rule, that rule is the owner (checked exhaustively).
 * @returns {Array<{path: string, files: string[], ownerRule?: string}>}
 */
export function fixtureUnits(fixturesDir, ruleIds) {
  const units = [];
  if (!existsSync(fixturesDir)) return units;
  for (const group of readdirSync(fixturesDir).sort()) {
    const groupDir = join(fixturesDir, group);
    if (!statSync(groupDir).isDirectory()) continue;
    const ownerRule = ruleIds.has(group) ? group : undefined;
    for (const name of readdirSync(groupDir).sort()) {
      const p = join(groupDir, name);
      if (statSync(p).isDirectory() && existsSync(join(p, 'Cargo.toml')))
        units.push({ path: p, files: rsFilesUnder(p), ownerRule });
      else if (name.endsWith('.rs')) units.push({ path: p, files: [p], ownerRule });
    }
  }
  return units;
}
