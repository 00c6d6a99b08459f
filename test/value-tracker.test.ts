// The value tracker and the crate indexes it reads, with a toy domain: the tracker knows nothing of
// certificates or TLS errors, a domain states its sources and what code does to its values.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRustParser, parseRust, type Node } from '../src/parser/parser.js';
import { CrateModel } from '../src/model/crate.js';
import { callSitesOf, runsOnlyInChosenBranch } from '../src/model/flow.js';
import { describeCall, descendantsOfType } from '../src/model/syntax.js';
import { findInSink, ValueTracker, type ValueDomain } from '../src/model/value-tracker.js';

beforeAll(async () => {
  await loadRustParser();
});

function crateOf(files: Record<string, string>): CrateModel {
  return CrateModel.build(
    '/crate',
    Object.entries(files).map(([relPath, text]) => ({
      absPath: `/crate/${relPath}`,
      relPath,
      text,
      tree: parseRust(text),
    })),
  );
}

/** A secret, or a sequence of them; `hash()` is the sanitiser, `clone()` keeps the value. */
interface Secret {
  many: boolean;
}

const SECRETS: ValueDomain<Secret> = {
  stronger: (a, b) => (a && (!b || a.many || !b.many) ? a : b),
  element: (v) => (v.many ? { many: false } : undefined),
  sequenceOf: () => ({ many: true }),
  slice: () => undefined,
  field: () => undefined,
  followsStoredField: (field) => field === 'secret',
  methodCall: (method) =>
    method === 'secrets' ? { value: { many: true } } : method === 'hash' ? { value: undefined } : undefined,
  method: (v, method) => (method === 'clone' || method === 'iter' || method === 'enumerate' ? v : undefined),
  pathCall: (segs) => (segs.at(-1) === 'read_secret' ? { value: { many: false } } : undefined),
  keepsValue: () => false,
  pairHoldsSecond: (text) => text.includes('enumerate()'),
};

/** The logging macros of a crate, in source order. */
function macros(crate: CrateModel): Node[] {
  return crate.files.flatMap((f) => descendantsOfType(f.tree.rootNode, 'macro_invocation'));
}

describe('value tracker', () => {
  it('follows a domain value through lets, branches, helpers, callers, loops and pairs, and stops at a sanitiser', () => {
    const crate = crateOf({
      'src/main.rs': `
fn pass(x: String) -> String { x }
fn log_it(v: String) { info!("{}", v); }
fn main() {
    let s = read_secret();
    let t = if cond { s.clone() } else { String::new() };
    let u = pass(t);
    info!("{}", u);
    let h = s.hash();
    info!("{h}");
    for (i, x) in conn.secrets().iter().enumerate() { info!("{x}"); }
    log_it(s);
}`,
    });
    const tracker = new ValueTracker(crate, SECRETS);
    const found = macros(crate).map((m) => tracker.strongestArgument(m)?.text);
    // log_it's parameter, from its caller; `u` through the helper and the branch; not the hash; the loop element.
    expect(found).toEqual(['v', 'u', undefined, '{x}']);
  });

  it('finds the sources inside a sink, through a local destructured from branch tuples', () => {
    const crate = crateOf({
      'src/main.rs': `
fn f(r: Result<(), E>) {
    let (code, text) = match r { Ok(_) => (1, "ok".to_string()), Err(e) => (2, e.to_string()) };
    respond((code, text), |e| e.to_string());
}`,
    });
    const respond = crate.callsNamed('respond')[0];
    const toStringOfE = (node: Node): Node[] | undefined => {
      const d = node.type === 'call_expression' ? describeCall(node) : {};
      return d.method === 'to_string' && d.receiver?.text === 'e' ? [node] : undefined;
    };
    // The closure is not entered: its body runs elsewhere.
    expect(findInSink(respond, crate, toStringOfE).map((n) => n.text)).toEqual(['e.to_string()']);
  });
});

describe('crate indexes', () => {
  it('lists calls by callee name, file by file, outer calls first; call sites of free functions are path calls', () => {
    const crate = crateOf({
      'src/a.rs': 'fn go() { build(build(1)); x.build(); }',
      'src/b.rs': 'fn build(n: u8) {} fn other() { build(2); }',
    });
    expect(crate.callsNamed('build').map((c) => c.text)).toEqual([
      'build(build(1))',
      'build(1)',
      'x.build()',
      'build(2)',
    ]);
    const fn = crate.functions('build')[0];
    expect(callSitesOf(fn, crate).map((c) => c.text)).toEqual(['build(build(1))', 'build(1)', 'build(2)']);
  });

  it('keeps a memo per crate model', () => {
    const crate = crateOf({ 'src/main.rs': 'fn main() {}' });
    const key = {};
    let builds = 0;
    const build = () => ++builds;
    expect([crate.memo(key, build), crate.memo(key, build)]).toEqual([1, 1]);
    expect(crateOf({ 'src/main.rs': 'fn main() {}' }).memo(key, build)).toBe(2);
  });

  it('tells code that runs only in a branch a condition chooses, also through a function called only there', () => {
    const crate = crateOf({
      'src/main.rs': `
fn plain() { serve(); }
fn main() {
    if config.tls { serve_tls(); } else { plain(); }
    serve();
}`,
    });
    const choice = { decides: (c: string) => /tls/.test(c), alsoDoes: () => false };
    const [inPlain, inMain] = crate.callsNamed('serve');
    expect(runsOnlyInChosenBranch(inPlain, crate, choice)).toBe(true);
    expect(runsOnlyInChosenBranch(inMain, crate, choice)).toBe(false);
  });
});
