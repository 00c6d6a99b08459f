// The shared verifier analysis (src/model/verifier.ts): can a verify function fail, which
// returns hand out the marker, callbacks that always accept, install sites, boolean values.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRustParser, parseRust, type Node } from '../src/parser/parser.js';
import { CrateModel } from '../src/model/crate.js';
import {
  alwaysAcceptingReturns,
  booleanValue,
  callbackAlwaysTrue,
  canFail,
  constantBoolean,
  installSites,
  okReturnsWhen,
  SERVER_VERIFIER_INSTALLERS,
  verifierImpl,
} from '../src/model/verifier.js';
import { callArguments, descendantsOfType, methodNameNode } from '../src/model/syntax.js';

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

/** The body-owning function `fn <name>` of the first file. */
function fnNamed(crate: CrateModel, name: string): Node {
  const fn = descendantsOfType(crate.files[0].tree.rootNode, 'function_item').find(
    (f) => f.childForFieldName('name')?.text === name,
  );
  if (!fn) throw new Error(`no fn ${name}`);
  return fn;
}

function verifyFn(body: string): { crate: CrateModel; fn: Node } {
  const crate = crateOf({
    'src/lib.rs': `impl ClientCertVerifier for V {\n  fn verify_client_cert(&self, ee: &CertificateDer<'_>, im: &[CertificateDer<'_>], now: UnixTime) -> Result<ClientCertVerified, Error> {\n${body}\n  }\n}`,
  });
  return { crate, fn: fnNamed(crate, 'verify_client_cert') };
}

describe('can a verify function fail?', () => {
  const cases: Array<[string, string, boolean]> = [
    ['plain marker', 'Ok(ClientCertVerified::assertion())', false],
    ['let-bound marker', 'let v = ClientCertVerified::assertion();\n Ok(v)', false],
    [
      'log and accept on Err arm',
      'match self.inner.verify_client_cert(ee, im, now) { Ok(v) => Ok(v), Err(e) => { warn!("{e}"); Ok(ClientCertVerified::assertion()) } }',
      false,
    ],
    ['question mark', 'self.inner.verify_client_cert(ee, im, now)?;\n Ok(ClientCertVerified::assertion())', true],
    [
      'return Err',
      'if !self.ok(ee) { return Err(Error::General("no".into())); }\n Ok(ClientCertVerified::assertion())',
      true,
    ],
    ['delegated tail', 'self.inner.verify_client_cert(ee, im, now)', true],
    ['mapped tail', 'self.check(ee).map(|_| ClientCertVerified::assertion())', true],
    [
      'Err in an else arm',
      'if self.pins.contains(ee) { Ok(ClientCertVerified::assertion()) } else { Err(Error::General("pin".into())) }',
      true,
    ],
    ['result variable', 'let r = self.inner.verify_client_cert(ee, im, now);\n r', true],
    ['aborting macro', 'assert!(self.pins.contains(ee));\n Ok(ClientCertVerified::assertion())', true],
    ['custom macro', 'reject_unless!(self.pins.contains(ee));\n Ok(ClientCertVerified::assertion())', true],
    [
      'panicking check',
      'self.inner.verify_client_cert(ee, im, now).expect("verified");\n Ok(ClientCertVerified::assertion())',
      true,
    ],
    ['todo', 'todo!()', true],
    [
      'fallback to the marker',
      'Ok(self.inner.verify_client_cert(ee, im, now).unwrap_or_else(|e| { warn!("{e}"); ClientCertVerified::assertion() }))',
      false,
    ],
    [
      'matches! is no check',
      'if matches!(self.mode, Mode::Audit) { info!("audit"); }\n Ok(ClientCertVerified::assertion())',
      false,
    ],
  ];
  for (const [name, body, fails] of cases) {
    it(name, () => {
      const { crate, fn } = verifyFn(body);
      expect(canFail(fn.childForFieldName('body')!, crate)).toBe(fails);
      expect(alwaysAcceptingReturns(fn, crate).length > 0).toBe(!fails);
    });
  }

  it('reports the Ok(..) holding the marker, in source order', () => {
    const { crate, fn } = verifyFn(
      'if self.quiet { return Ok(ClientCertVerified::assertion()); }\n tracing::info!("accepting");\n Ok(ClientCertVerified::assertion())',
    );
    const accepting = alwaysAcceptingReturns(fn, crate);
    expect(accepting.map((n) => n.startPosition.row)).toEqual([2, 4]);
  });

  it('finds Ok returned only on a host-name mismatch', () => {
    const crate = crateOf({
      'src/lib.rs': `fn verify_server_cert(&self) -> Result<ServerCertVerified, Error> {
  match self.inner.verify_server_cert() {
    Err(Error::InvalidCertificate(CertificateError::NotValidForName)) => Ok(ServerCertVerified::assertion()),
    other => other,
  }
}`,
    });
    const fn = fnNamed(crate, 'verify_server_cert');
    expect(alwaysAcceptingReturns(fn, crate)).toEqual([]);
    expect(okReturnsWhen(fn, crate, /NotValidForName/).map((n) => n.startPosition.row)).toEqual([2]);
  });
});

describe('verifier impls and install sites', () => {
  it('resolves the trait through aliases and re-exports, and finds installs in other files', () => {
    const crate = crateOf({
      'src/tls.rs': `use tokio_rustls::rustls::client::danger::ServerCertVerifier as Scv;
pub struct NoVerify;
impl Scv for NoVerify { fn verify_server_cert(&self) -> Result<ServerCertVerified, Error> { Ok(ServerCertVerified::assertion()) } }
pub fn verifier() -> Arc<NoVerify> { Arc::new(NoVerify) }`,
      'src/main.rs': `fn client() -> ClientConfig {
  let v = tls::verifier();
  ClientConfig::builder().dangerous().with_custom_certificate_verifier(v).with_no_client_auth()
}
#[cfg(test)]
mod tests { fn t() { let mut c = cfg(); c.dangerous().set_certificate_verifier(Arc::new(NoVerify)); } }`,
    });
    const impl = descendantsOfType(crate.files[0].tree.rootNode, 'impl_item')[0];
    expect(verifierImpl(crate, impl)?.kind).toBe('server');
    const sites = installSites(crate, 'NoVerify', SERVER_VERIFIER_INSTALLERS);
    expect(sites.map((s) => [s.file.relPath, s.node.text, s.inTest])).toEqual([
      ['src/main.rs', 'with_custom_certificate_verifier', false],
      ['src/main.rs', 'set_certificate_verifier', true],
    ]);
  });
});

describe('callbacks and booleans', () => {
  it('tells callbacks that always return true from those that keep the verdict', () => {
    const crate = crateOf({
      'src/lib.rs': `fn accept(_ok: bool, _ctx: &mut X509StoreContextRef) -> bool { true }
fn f(b: &mut SslConnectorBuilder) {
  b.set_verify_callback(SslVerifyMode::PEER, |_, _| true);
  b.set_verify_callback(SslVerifyMode::PEER, accept);
  let cb = |ok: bool, _ctx: &mut X509StoreContextRef| { if !ok { warn!("bad"); } true };
  b.set_verify_callback(SslVerifyMode::PEER, cb);
  b.set_verify_callback(SslVerifyMode::PEER, |ok, ctx| ok && ctx.error_depth() < 3);
  b.set_verify_callback(SslVerifyMode::PEER, |ok, _| { if !ok { return false; } true });
}`,
    });
    const calls = descendantsOfType(crate.files[0].tree.rootNode, 'call_expression').filter(
      (c) => methodNameNode(c).text === 'set_verify_callback',
    );
    expect(calls.map((c) => callbackAlwaysTrue(callArguments(c)[1], crate))).toEqual([true, true, true, false, false]);
  });

  it('reads booleans through negation, lets and consts, and constant methods', () => {
    const crate = crateOf({
      'src/lib.rs': `const INSECURE: bool = true;
fn offer_client_auth(&self) -> bool { false }
fn f(flag: bool) {
  let verify = true;
  a(!verify); a(INSECURE); a(flag); a(!flag);
}`,
    });
    const args = descendantsOfType(crate.files[0].tree.rootNode, 'call_expression')
      .filter((c) => c.childForFieldName('function')?.text === 'a')
      .map((c) => callArguments(c)[0]);
    expect(args.map((a) => booleanValue(a, crate))).toEqual([false, true, undefined, undefined]);
    expect(constantBoolean(fnNamed(crate, 'offer_client_auth'), crate)).toBe(false);
  });
});
