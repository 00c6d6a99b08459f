// The shared project model: name resolution, value flow, side detection, test code.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRustParser, parseRust, type Node } from '../src/parser/parser.js';
import { CrateModel } from '../src/model/crate.js';
import { chainOf, findBinding, originsOf } from '../src/model/flow.js';
import { sideOfValue } from '../src/model/side.js';
import { isInTestCode, isDebugOnly } from '../src/model/code-kind.js';
import { branchCondition, descendantsOfType, methodNameNode } from '../src/model/syntax.js';

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

/** The call whose method name is `name` (first one in source order). */
function methodCall(crate: CrateModel, name: string): Node {
  for (const file of crate.files) {
    const call = descendantsOfType(file.tree.rootNode, 'call_expression').find((c) => methodNameNode(c).text === name);
    if (call) return call;
  }
  throw new Error(`no call to ${name}`);
}

describe('name resolution', () => {
  it('resolves aliases, nested use lists, re-exporting crates and leading ::', () => {
    const crate = crateOf({
      'src/main.rs': `use rustls::ServerConfig as TlsCfg;
use tokio_rustls::rustls::{self, server::{WebPkiClientVerifier as V, NoClientAuth}};
use ::openssl::ssl::SslVerifyMode as Mode;
fn f() {}`,
    });
    const names = crate.files[0].names;
    expect(names.resolve('TlsCfg::builder')).toEqual(['rustls', 'ServerConfig', 'builder']);
    expect(names.resolve('V::builder')).toEqual(['rustls', 'server', 'WebPkiClientVerifier', 'builder']);
    expect(names.resolve('NoClientAuth')).toEqual(['rustls', 'server', 'NoClientAuth']);
    expect(names.resolve('rustls::ServerConfig')).toEqual(['rustls', 'ServerConfig']);
    expect(names.resolve('Mode::NONE')).toEqual(['openssl', 'ssl', 'SslVerifyMode', 'NONE']);
    expect(names.resolve('tokio_rustls::rustls::ClientConfig::builder')).toEqual(['rustls', 'ClientConfig', 'builder']);
  });

  it('resolves crate-wide pub use re-exports under another name', () => {
    const crate = crateOf({
      'src/tls.rs': 'pub use rustls::ServerConfig as Cfg;',
      'src/main.rs': 'fn f() { let c = crate::tls::Cfg::builder(); }',
    });
    expect(crate.files[1].names.resolve('crate::tls::Cfg::builder')).toEqual(['rustls', 'ServerConfig', 'builder']);
  });
});

describe('value flow', () => {
  it('follows a chain split over let bindings with shadowing', () => {
    const crate = crateOf({
      'src/main.rs': `fn f() {
    let b = ServerConfig::builder();
    let b = b.with_safe_defaults();
    let b = b.with_no_client_auth();
    let config = b.with_single_cert(certs, key).unwrap();
}`,
    });
    const chain = chainOf(methodCall(crate, 'with_single_cert'), crate);
    expect(chain.rootPath).toEqual(['ServerConfig', 'builder']);
    expect(chain.steps.map((s) => s.name)).toEqual(['with_safe_defaults', 'with_no_client_auth', 'with_single_cert']);
  });

  it('follows Arc::new, ?, .await and a local function that returns the config', () => {
    const crate = crateOf({
      'src/tls.rs':
        'pub fn build() -> anyhow::Result<ServerConfig> { let c = ServerConfig::builder().with_no_client_auth(); Ok(c) }',
      'src/main.rs':
        'async fn main() { let cfg = Arc::new(build().await?); let acceptor = cfg.clone().accept(s).await; }',
    });
    const chain = chainOf(methodCall(crate, 'accept'), crate);
    expect(chain.rootPath).toEqual(['ServerConfig', 'builder']);
    expect(chain.steps.map((s) => s.name)).toEqual(['with_no_client_auth', 'clone', 'accept']);
  });

  it('finds the nearest preceding binding, parameters and if-let bindings', () => {
    const crate = crateOf({
      'src/main.rs': `fn f(cfg: SslAcceptorBuilder) {
    let x = 1;
    let x = 2;
    use_it(x);
    if let Some(chain) = conn.peer_certificates() { log(chain); }
    touch(cfg);
}`,
    });
    const root = crate.files[0].tree.rootNode;
    const ids = descendantsOfType(root, 'identifier');
    const xUse = ids.filter((i) => i.text === 'x').at(-1) as Node;
    expect(findBinding(xUse)?.value?.text).toBe('2');
    const chainUse = ids.filter((i) => i.text === 'chain').at(-1) as Node;
    expect(findBinding(chainUse)?.kind).toBe('let-condition');
    const cfgUse = ids.filter((i) => i.text === 'cfg').at(-1) as Node;
    expect(findBinding(cfgUse)?.type?.text).toBe('SslAcceptorBuilder');
  });

  it('gives every origin of a value built in if/match arms, and values stored in struct fields', () => {
    const crate = crateOf({
      'src/main.rs': `struct S { tls: Arc<ServerConfig> }
fn new() -> S { let tls = if mtls { a() } else { b() }; S { tls: Arc::new(tls) } }
fn use_it(s: &S) { TlsAcceptor::from(s.tls.clone()); }`,
    });
    const field = descendantsOfType(crate.files[0].tree.rootNode, 'field_expression').find(
      (f) => f.text === 's.tls',
    ) as Node;
    expect(originsOf(field, crate).map((n) => n.text)).toEqual(['a()', 'b()']);
  });

  it('gives each origin once where the paths to it meet again (fields stored in many places)', () => {
    // `a.v` reads 3 stores of `b.w`, each reading 3 stores of `c.u`: 27 paths to 3 literals. Copied
    // code multiplied such lists level by level (38,306 entries, 28 distinct, in copied rustls).
    const stores = (owner: string, field: string, value: (i: number) => string) =>
      [1, 2, 3].map(
        (i) => `fn ${owner.toLowerCase()}${i}(b: &B, c: &C) -> ${owner} { ${owner} { ${field}: ${value(i)} } }`,
      );
    const crate = crateOf({
      'src/main.rs': [
        'struct A { v: String }',
        'struct B { w: String }',
        'struct C { u: String }',
        ...stores('A', 'v', () => 'b.w.clone()'),
        ...stores('B', 'w', () => 'c.u.clone()'),
        ...stores('C', 'u', (i) => `"http://h${i}"`),
        'fn read(a: &A) -> String { a.v.clone() }',
      ].join('\n'),
    });
    const read = descendantsOfType(crate.files[0].tree.rootNode, 'field_expression').find(
      (f) => f.text === 'a.v',
    ) as Node;
    expect(originsOf(read, crate).map((n) => n.text)).toEqual(['"http://h1"', '"http://h2"', '"http://h3"']);
  });
});

describe('side detection', () => {
  it('decides from the chain root, the declared type, or the consumer', () => {
    const crate = crateOf({
      'src/main.rs': `fn a() { ServerConfig::builder().with_no_client_auth(); }
fn b() { ClientConfig::builder().with_root_certificates(r).with_no_client_auth(); }
fn c(b: ConfigBuilder<ClientConfig, WantsVerifier>) { b.with_no_client_auth(); }
fn d(b: Builder) { let cfg = b.with_no_client_auth(); TlsAcceptor::from(Arc::new(cfg)); }
fn e(b: Builder) { b.with_no_client_auth(); }`,
    });
    const calls = descendantsOfType(crate.files[0].tree.rootNode, 'call_expression').filter(
      (c) => methodNameNode(c).text === 'with_no_client_auth',
    );
    expect(calls.map((c) => sideOfValue(c, crate))).toEqual(['server', 'client', 'client', 'server', 'unknown']);
  });
});

describe('code kinds', () => {
  it('tells test code, debug-only code and branch conditions', () => {
    const crate = crateOf({
      'src/main.rs': `fn prod() { a(); }
#[cfg(test)]
mod tests { fn helper() { b(); } }
#[tokio::test]
async fn t() { c(); }
fn dbg_only() {
    #[cfg(debug_assertions)]
    { d(); }
    if cfg.mtls { e(); } else { f(); }
}`,
    });
    const root = crate.files[0].tree.rootNode;
    const call = (name: string) =>
      descendantsOfType(root, 'call_expression').find((c) => c.text === `${name}()`) as Node;
    expect(['a', 'b', 'c'].map((n) => isInTestCode(call(n), root))).toEqual([false, true, true]);
    expect(isDebugOnly(call('a'))).toBe(false);
    expect(branchCondition(call('e'))).toBe('when `cfg.mtls` holds');
    expect(branchCondition(call('f'))).toBe('when `cfg.mtls` does not hold');
  });
});

describe('local functions and test modules', () => {
  it('follows `Type::f()` only into `impl Type`, bare calls only into free functions', () => {
    const crate = crateOf({
      'src/main.rs': `struct AppState;
impl AppState { fn new() -> Self { AppState } }
fn build() -> Cfg { ServerConfig::builder() }
fn f() { let a = KeyLogFile::new(); let b = AppState::new(); let c = build(); }`,
    });
    const root = crate.files[0].tree.rootNode;
    const value = (name: string) =>
      descendantsOfType(root, 'let_declaration')
        .find((l) => l.childForFieldName('pattern')?.text === name)
        ?.childForFieldName('value') as Node;
    expect(originsOf(value('a'), crate).map((n) => n.text)).toEqual(['KeyLogFile::new()']);
    expect(originsOf(value('b'), crate).map((n) => n.text)).toEqual(['AppState']);
    expect(originsOf(value('c'), crate).map((n) => n.text)).toEqual(['ServerConfig::builder()']);
  });

  it('treats files declared with `#[cfg(test)] mod x;` as test modules', () => {
    const crate = crateOf({
      'src/lib.rs': '#[cfg(test)]\nmod tests;\nmod tls;\n#[cfg(test)]\nmod support;',
      'src/tests.rs': 'fn t() {}',
      'src/tls.rs': '#[cfg(test)]\nmod fixtures;',
      'src/tls/fixtures.rs': 'fn k() {}',
      'src/support/mod.rs': 'mod keys;',
      'src/support/keys.rs': 'fn k() {}',
    });
    const testFiles = crate.files
      .filter((f) => crate.isTestModuleFile(f))
      .map((f) => f.relPath)
      .sort();
    expect(testFiles).toEqual(['src/support/keys.rs', 'src/support/mod.rs', 'src/tests.rs', 'src/tls/fixtures.rs']);
  });
});
