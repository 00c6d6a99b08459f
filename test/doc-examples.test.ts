// Each rule's documented examples — meta.docs.badExample / goodExample, the very text that
// docs/rules/<id>.md, `--explain` and SARIF help show — run verbatim, each as a file (and crate)
// of its own, with default settings. EXPECTED lists every finding of each example exactly
// (rule, level, line; other rules' findings included, since a reader sees them too). The bad
// example must show its rule and the good example must not; KNOWN_GAPS names the examples that
// do not do that today, so that fixing one (or breaking another) fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_RULES } from '../src/rules/index.js';
import { runLint } from '../src/engine/run.js';
import { loadRustParser } from '../src/parser/parser.js';
import type { Finding, Level } from '../src/types.js';

type Seen = [rule: string, level: Level, line: number];

const EXPECTED: Record<string, { bad: Seen[]; good: Seen[] }> = {
  'always-accept-client-cert': {
    bad: [['always-accept-client-cert', 'error', 6]],
    good: [],
  },
  'always-accept-server-cert': {
    bad: [
      ['always-accept-server-cert', 'error', 3],
      ['always-accept-server-cert', 'error', 9],
      ['always-accept-server-cert', 'error', 14],
    ],
    good: [],
  },
  'cert-details-logged': {
    bad: [
      ['cert-details-logged', 'error', 2],
      ['cert-details-logged', 'warning', 4],
    ],
    good: [],
  },
  'client-auth-optional': {
    bad: [
      ['crl-not-checked', 'note', 1],
      ['client-auth-optional', 'error', 2],
    ],
    good: [['crl-not-checked', 'note', 1]],
  },
  'cleartext-transport': {
    bad: [
      ['cleartext-transport', 'warning', 2],
      ['cleartext-transport', 'warning', 7],
    ],
    good: [],
  },
  'crl-not-checked': {
    bad: [['crl-not-checked', 'note', 1]],
    good: [],
  },
  'early-data-enabled': {
    bad: [
      ['early-data-enabled', 'warning', 4],
      ['early-data-enabled', 'warning', 5],
    ],
    good: [],
  },
  'eku-not-checked': {
    bad: [['eku-not-checked', 'warning', 4]],
    good: [],
  },
  'identity-from-header': {
    bad: [['identity-from-header', 'warning', 3]],
    good: [],
  },
  'legacy-tls-version': {
    bad: [
      ['legacy-tls-version', 'error', 1],
      ['mtls-no-client-auth', 'note', 1],
      ['legacy-tls-version', 'error', 2],
      ['legacy-tls-version', 'error', 4],
    ],
    good: [['mtls-no-client-auth', 'note', 1]],
  },
  'missing-protocol-versions': {
    bad: [],
    good: [],
  },
  'mtls-no-client-auth': {
    bad: [
      ['mtls-no-client-auth', 'note', 2],
      ['mtls-no-client-auth', 'note', 4],
    ],
    good: [['crl-not-checked', 'note', 1]],
  },
  'plaintext-listener': {
    bad: [],
    good: [],
  },
  'private-key-in-source': {
    bad: [
      ['private-key-in-source', 'error', 1],
      ['private-key-in-source', 'error', 4],
    ],
    good: [],
  },
  'public-roots-for-client-auth': {
    bad: [['crl-not-checked', 'note', 2]],
    good: [['crl-not-checked', 'note', 3]],
  },
  'signature-not-verified': {
    bad: [],
    good: [],
  },
  'tls-error-leaked': {
    bad: [],
    good: [],
  },
  'tls-keylog-enabled': {
    bad: [
      ['missing-protocol-versions', 'note', 1],
      ['tls-keylog-enabled', 'error', 4],
    ],
    good: [
      ['missing-protocol-versions', 'note', 1],
      ['tls-keylog-enabled', 'warning', 7],
    ],
  },
  'weak-cipher-suites': {
    bad: [
      ['weak-cipher-suites', 'error', 1],
      ['weak-cipher-suites', 'error', 2],
    ],
    good: [],
  },
};

/** Documented examples that do not show what they document today, and why. */
const KNOWN_GAPS: Record<string, string> = {
  'missing-protocol-versions bad example: no missing-protocol-versions finding':
    'the snippet has no `use rustls::ServerConfig`; with it, line 1 is reported',
  'plaintext-listener bad example: no plaintext-listener finding':
    'the rule needs mTLS intent in the crate (`from_config(mtls)` is not a signal) and a function body; in a `fn` with `--mtls required`, line 2 is reported',
  'public-roots-for-client-auth bad example: no public-roots-for-client-auth finding':
    'statements outside a function are not analysed by this rule; inside a `fn`, the `TLS_SERVER_ROOTS` line is reported',
  'signature-not-verified bad example: no signature-not-verified finding':
    'the method is shown without its `impl ServerCertVerifier for ..` block; inside one, the `Ok(..assertion())` line is reported',
  'tls-error-leaked bad example: no tls-error-leaked finding':
    "a reqwest error counts as a TLS error only when the crate configures the client's TLS (`.identity(..)`, roots), which the snippet does not show; with that, line 4 is reported",
  'tls-keylog-enabled good example: a tls-keylog-enabled finding':
    'deliberate: the debug-only `KeyLogFile` of the example is "still reported, as a warning" (its comment)',
};

const ids = ALL_RULES.map((r) => r.meta.id);
const fileOf = (id: string, kind: 'bad' | 'good') => `${id}.${kind}.rs`;
let dir = '';
let findings: Finding[] = [];

function seen(path: string): Seen[] {
  return findings
    .filter((f) => f.location.path === path)
    .sort(
      (a, b) =>
        a.location.region.startLine - b.location.region.startLine ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    )
    .map((f): Seen => [f.ruleId, f.level, f.location.region.startLine]);
}

beforeAll(async () => {
  await loadRustParser();
  dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-doc-examples-'));
  const paths: string[] = [];
  for (const { meta } of ALL_RULES) {
    writeFileSync(join(dir, fileOf(meta.id, 'bad')), meta.docs.badExample);
    writeFileSync(join(dir, fileOf(meta.id, 'good')), meta.docs.goodExample);
    paths.push(fileOf(meta.id, 'bad'), fileOf(meta.id, 'good'));
  }
  const result = await runLint({
    paths,
    cwd: dir,
    rules: ALL_RULES,
    prefilter: true,
    includeTests: false,
    minTlsVersion: '1.2',
    mtls: 'auto',
  });
  expect(result.notifications).toEqual([]);
  findings = result.findings;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('documented examples', () => {
  it('every rule of the registry has its examples listed here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ids].sort());
  });

  for (const id of ids) {
    it(`${id}: bad example`, () => {
      expect(seen(fileOf(id, 'bad'))).toEqual(EXPECTED[id]?.bad);
    });
    it(`${id}: good example`, () => {
      expect(seen(fileOf(id, 'good'))).toEqual(EXPECTED[id]?.good);
    });
  }

  it('each bad example shows its rule and each good example does not (except the known gaps)', () => {
    const gaps: string[] = [];
    for (const id of ids) {
      if (!seen(fileOf(id, 'bad')).some(([rule]) => rule === id)) gaps.push(`${id} bad example: no ${id} finding`);
      if (seen(fileOf(id, 'good')).some(([rule]) => rule === id)) gaps.push(`${id} good example: a ${id} finding`);
    }
    expect(gaps).toEqual(Object.keys(KNOWN_GAPS));
  });
});
