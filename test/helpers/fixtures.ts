// Semgrep-style fixture annotations: `// ruleid: <id>` above a line that must be flagged by
// <id>, `// ok: <id>` above one that must not. Stacked annotations apply to the next code line.
// A first-line `// fixture-options: min-tls-version=1.3, include-tests, mtls=required` sets options.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TlsPolicy } from '../../src/types.js';

export interface Expectation {
  ruleId: string;
  line: number;
  kind: 'ruleid' | 'ok';
}

export interface FixtureOptions {
  minTlsVersion: TlsPolicy;
  includeTests: boolean;
  mtls: 'auto' | 'required' | 'off';
}

const ANNOTATION = /^\s*\/\/\s*(ruleid|ok):\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  let pending: Array<{ kind: 'ruleid' | 'ok'; ids: string[] }> = [];
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (m) {
      pending.push({ kind: m[1] as 'ruleid' | 'ok', ids: m[2].split(',').map((s) => s.trim()) });
      return;
    }
    for (const p of pending) for (const ruleId of p.ids) out.push({ ruleId, line: i + 1, kind: p.kind });
    pending = [];
  });
  return out;
}

export function parseOptions(text: string): FixtureOptions {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const m = /^\s*\/\/\s*fixture-options:\s*(.*)$/.exec(first);
  const opts: FixtureOptions = { minTlsVersion: '1.2', includeTests: false, mtls: 'auto' };
  if (!m) return opts;
  for (const part of m[1].split(',').map((s) => s.trim())) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (key === 'min-tls-version') opts.minTlsVersion = value as TlsPolicy;
    else if (key === 'include-tests') opts.includeTests = true;
    else if (key === 'mtls') opts.mtls = value as FixtureOptions['mtls'];
  }
  return opts;
}

export interface FixtureUnit {
  /** A single .rs file, or a folder holding a Cargo.toml (a multi-file crate). */
  path: string;
  /** The .rs files inside the unit. */
  files: string[];
  /** The rule whose folder it lives in (its findings are checked exhaustively), or undefined for all rules. */
  ownerRule?: string;
}

function rsFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return rsFilesUnder(p);
    return name.endsWith('.rs') ? [p] : [];
  });
}

/** test/fixtures/<rule-id>/*.rs and test/fixtures/<rule-id>/<case>/ (with Cargo.toml). */
export function fixtureUnits(fixturesDir: string, ruleIds: Set<string>): FixtureUnit[] {
  const units: FixtureUnit[] = [];
  for (const group of readdirSync(fixturesDir).sort()) {
    const groupDir = join(fixturesDir, group);
    if (!statSync(groupDir).isDirectory()) continue;
    const ownerRule = ruleIds.has(group) ? group : undefined;
    for (const name of readdirSync(groupDir).sort()) {
      const p = join(groupDir, name);
      if (statSync(p).isDirectory() && existsSync(join(p, 'Cargo.toml'))) units.push({ path: p, files: rsFilesUnder(p), ownerRule });
      else if (name.endsWith('.rs')) units.push({ path: p, files: [p], ownerRule });
    }
  }
  return units;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
