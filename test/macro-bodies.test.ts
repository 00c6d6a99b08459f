// Bodies of code-bearing macros parsed as Rust (src/model/macro-bodies.ts): the user's code keeps
// every offset, half-written macros stay token trees, nothing is reported twice, and suppressions,
// code frames and SARIF regions point at the real text.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRustParser, parseRust, type Node } from '../src/parser/parser.js';
import { parseWithMacroBodies } from '../src/model/macro-bodies.js';
import { repoRoot, runCli, tempProject } from './helpers/cli.js';

const dir = join(repoRoot, 'test', 'fixtures', 'macro-bodies');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.rs'))
  .map((f) => join(dir, f));

beforeAll(async () => {
  await loadRustParser();
});

function leaves(node: Node, out: Node[] = []): Node[] {
  if (node.childCount === 0) out.push(node);
  for (const c of node.children) if (c) leaves(c, out);
  return out;
}

/** Characters the rewrite may write: keywords and punctuation of the stand-in syntax. */
const STAND_IN = new Set(['let', 'cfg', '{', '}', '(', ')', ';', '!']);

describe('macro bodies', () => {
  it("rewrites the fixtures' macros without a syntax error, keeping every token of the user's code at its offset", () => {
    for (const file of fixtures) {
      const text = readFileSync(file, 'utf8');
      const parsed = parseWithMacroBodies(text);
      try {
        expect(parsed.rewritten, file).toBeGreaterThan(0);
        expect(parsed.tree.rootNode.hasError, file).toBe(false);
        expect(parsed.parsedText.length).toBe(text.length);
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '\n') expect(parsed.parsedText[i]).toBe('\n');
        }
        for (const leaf of leaves(parsed.tree.rootNode)) {
          if (STAND_IN.has(leaf.text)) continue;
          expect(text.slice(leaf.startIndex, leaf.endIndex), `${file}:${leaf.startPosition.row + 1}`).toBe(leaf.text);
        }
      } finally {
        parsed.tree.delete();
      }
    }
  });

  it('keeps the token tree of half-written or unusual macros (and never adds a syntax error)', () => {
    const cases = [
      'fn f() { tokio::select! { res = listener.accept() => } }',
      'fn f() { tokio::select! { res = => {} } }',
      'fn f() { tokio::select! { = a => {} } }',
      'fn f() { tokio::select!{a = b => c, d = e => f} }',
      'fn f() { tokio::select! { res = a => match res { _ => {} } b = c => {} } }',
      'fn f() { tokio::join!(a, b; c) }',
      'fn f() { let x = tokio::join! }',
      'lazy_static! { static X: u8 = 1; }',
      'lazy_static! { static ref }',
      'thread_local!(static X: u8 = 1 static Y: u8 = 2);',
      'cfg_if! { if #[cfg(x)] { fn a( } }',
      'cfg_if! { if #[cfg(test)] { fn a() {} } }',
      'fn f() { cfg_if! { if #[cfg(all(test, unix))] { g(); } } }',
      'cfg_if! { if #[cfg(not(debug_assertions))] { fn a() {} } else { fn b() {} } }',
      'cfg_if! { if #[cfg(x)] #[allow(y)] { fn a() {} } }',
      'fn f() { cfg_if! { if #[cfg(x)] { let a = 1; } else if { } } }',
      'fn f() { select! { r = "é" => { } } }',
      'tokio::select! {',
      'fn f() { futures::select! { x = a => {}, complete => break, default => () } }',
    ];
    for (const source of cases) {
      const base = parseRust(source);
      const parsed = parseWithMacroBodies(source);
      try {
        expect(parsed.parsedText.length, source).toBe(source.length);
        if (!base.rootNode.hasError) expect(parsed.tree.rootNode.hasError, source).toBe(false);
        if (parsed.rewritten === 0) expect(parsed.tree.rootNode.toString(), source).toBe(base.rootNode.toString());
      } finally {
        base.delete();
        parsed.tree.delete();
      }
    }
    // An arm's closing brace goes into a blank, never into a comment next to the handler.
    const commented =
      'fn f() {\n    tokio::select! {\n        a = x() => {}/* a b */\n        b = y() => {}// c d\n    }\n}\n';
    const rewritten = parseWithMacroBodies(commented);
    expect(rewritten.rewritten).toBe(1);
    expect(rewritten.tree.rootNode.hasError).toBe(false);
    expect(rewritten.tree.rootNode.descendantsOfType(['block_comment', 'line_comment']).map((c) => c!.text)).toEqual([
      '/* a b */',
      '// c d',
    ]);
    rewritten.tree.delete();
    const untouched = [
      'fn f() { tokio::select!{a = b => c, d = e => f} }',
      'cfg_if! { if #[cfg(test)] { fn a() {} } }',
      'fn f() { cfg_if! { if #[cfg(all(test, unix))] { g(); } } }',
      'cfg_if! { if #[cfg(not(debug_assertions))] { fn a() {} } else { fn b() {} } }',
      'fn f() { tokio::select! { res = a => match res { _ => {} } b = c => {} } }',
    ];
    for (const source of untouched) {
      const parsed = parseWithMacroBodies(source);
      expect(parsed.rewritten, source).toBe(0);
      parsed.tree.delete();
    }
  });

  it('mutated macros (cuts, deleted and doubled characters) never throw and never add a syntax error', () => {
    let state = 20_261_129;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      return state % n;
    };
    const errorsAt = (root: Node): Set<number> => {
      const out = new Set<number>();
      const visit = (n: Node) => {
        if (n.type === 'ERROR' || n.isMissing) out.add(n.startIndex);
        else if (n.hasError) for (const c of n.children) if (c) visit(c);
      };
      visit(root);
      return out;
    };
    for (const file of fixtures) {
      const text = readFileSync(file, 'utf8');
      for (let i = 0; i < 150; i++) {
        const at = next(text.length);
        const len = 1 + next(8);
        const kind = next(3);
        const source =
          kind === 0
            ? text.slice(0, at)
            : kind === 1
              ? text.slice(0, at) + text.slice(at + len)
              : text.slice(0, at) + text.slice(at - len, at) + text.slice(at);
        const base = parseRust(source);
        const parsed = parseWithMacroBodies(source);
        try {
          expect(parsed.parsedText.length).toBe(source.length);
          const before = errorsAt(base.rootNode);
          for (const e of errorsAt(parsed.tree.rootNode)) expect(before.has(e), `${file} case ${i}`).toBe(true);
        } finally {
          base.delete();
          parsed.tree.delete();
        }
      }
    }
  });

  it('scopes each select! arm: its pattern binds in its own handler only', () => {
    const source =
      'fn f() {\n    tokio::select! {\n        a = x() => { use_a(a) }\n        b = y() => use_b(a, b),\n    }\n}\n';
    const parsed = parseWithMacroBodies(source);
    try {
      expect(parsed.rewritten).toBe(1);
      const blocks = parsed.tree.rootNode
        .descendantsOfType('let_declaration')
        .map((l) => l!.parent!.text.replace(/\s+/g, ' ').trim());
      expect(blocks).toEqual(['{let a = x() ; { use_a(a) } }', '{let b = y() ; use_b(a, b)}']);
    } finally {
      parsed.tree.delete();
    }
  });

  it('reports each finding in the fixtures once', () => {
    const run = runCli(['test/fixtures/macro-bodies', '-f', 'json']);
    const findings = JSON.parse(run.stdout).findings as Array<{
      ruleId: string;
      location: { path: string; region: { startLine: number } };
    }>;
    const keys = findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.region.startLine}`);
    expect(keys.length).toBeGreaterThan(10);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('code frames, SARIF regions and suppressions point at the text inside the macro', () => {
    const arm = [
      'pub async fn serve(listener: tokio::net::TcpListener, acceptor: tokio_rustls::TlsAcceptor) {',
      '    loop {',
      '        tokio::select! {',
      '            Ok((tcp, _)) = listener.accept() => {',
      '                let tls = acceptor.accept(tcp).await.unwrap();',
      '                let chain = tls.get_ref().1.peer_certificates();',
      '                tracing::info!(chain = ?chain, "connected");',
      '                // axum-tls-lint-ignore: cert-details-logged -- fingerprinted downstream',
      '                tracing::debug!(chain = ?chain, "again");',
      '            }',
      '            _ = tokio::signal::ctrl_c() => break,',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n');
    const project = tempProject({ 'src/main.rs': arm });
    const sarif = runCli(['.', '-f', 'sarif', '--report-unused-suppressions'], { cwd: project });
    const results = JSON.parse(sarif.stdout).runs[0].results as Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }>;
    }>;
    expect(
      results.map((r) => [
        r.ruleId,
        r.locations[0].physicalLocation.region.startLine,
        r.locations[0].physicalLocation.region.startColumn,
      ]),
    ).toEqual([['cert-details-logged', 7, 17]]);
    expect(sarif.stderr).not.toMatch(/unused/i);
    const stylish = runCli(['.'], { cwd: project });
    expect(stylish.stdout).toContain('tracing::info!(chain = ?chain, "connected");');
    expect(stylish.stdout).not.toContain('{let');
  });
});
