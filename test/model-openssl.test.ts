// The OpenSSL model: cipher-string evaluation, verify-mode flags, string values, builder calls.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRustParser, parseRust, type Node } from '../src/parser/parser.js';
import { CrateModel } from '../src/model/crate.js';
import {
  builderCalls,
  cipherTokens,
  evaluateCipherString,
  opensslSide,
  stringValues,
  verifyModesOf,
} from '../src/model/openssl.js';
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

function calls(crate: CrateModel, name: string): Node[] {
  return crate.files.flatMap((f) =>
    descendantsOfType(f.tree.rootNode, 'call_expression').filter((c) => methodNameNode(c).text === name),
  );
}

const categories = (s: string) => evaluateCipherString(s).weak.map((w) => w.category);

describe('OpenSSL cipher strings', () => {
  it('tokenises on colons, commas and spaces', () => {
    expect(cipherTokens('A:B, C  D')).toEqual(['A', 'B', 'C', 'D']);
  });

  it('finds the weak suites the catalog names', () => {
    expect(categories('ALL:!aNULL')).toEqual(['3DES', 'CBC-mode']);
    expect(categories('DEFAULT')).toEqual(['CBC-mode']);
    expect(categories('AES128-SHA:DES-CBC3-SHA:RC4-SHA')).toEqual(['RC4', '3DES', 'CBC-mode']);
    expect(categories('NULL-SHA:EXPORT')).toEqual(['NULL encryption', 'EXPORT']);
    expect(categories('aNULL')).toContain('anonymous (aNULL)');
    expect(categories('RC4-MD5')).toEqual(['RC4']);
    expect(evaluateCipherString('ECDHE+AESGCM:@SECLEVEL=0').secLevelZero).toBe(true);
  });

  it('honours exclusions, removals and intersections', () => {
    expect(categories('ECDHE+AESGCM:ECDHE+CHACHA20:!3DES')).toEqual([]);
    expect(categories('HIGH:!aNULL:!MD5:!SHA1:!SHA256:!SHA384')).toEqual([]);
    expect(categories('HIGH:-SHA1:-SHA256:-SHA384')).toEqual(['anonymous (aNULL)']);
    expect(categories('RC4:HIGH:!aNULL:!RC4:!SHA1:!SHA256:!SHA384')).toEqual([]);
    expect(categories('!RC4:RC4-SHA:ECDHE+AESGCM')).toEqual([]);
    expect(categories('-RC4:RC4-SHA')).toEqual(['RC4']);
  });

  it('accepts AEAD-only lists and TLS 1.3 suites', () => {
    expect(
      categories('ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305'),
    ).toEqual([]);
    expect(categories('TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256')).toEqual([]);
    expect(categories('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')).toEqual([]);
    expect(categories('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA')).toEqual(['CBC-mode']);
  });
});

describe('SslVerifyMode flags', () => {
  let crate: CrateModel;
  let sets: Node[];
  let modes: ReturnType<typeof verifyModesOf>[];
  beforeAll(() => {
    crate = crateOf({
      'src/main.rs': `use openssl::ssl::{SslAcceptor, SslMethod, SslVerifyMode as Mode};
fn a(strict: bool) {
    let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
    b.set_verify(Mode::PEER);
    let mut m = Mode::PEER;
    m |= Mode::FAIL_IF_NO_PEER_CERT;
    b.set_verify(m);
    let s = if strict { Mode::PEER | Mode::FAIL_IF_NO_PEER_CERT } else { Mode::PEER };
    b.set_verify(s);
    b.set_verify(openssl::ssl::SslVerifyMode::NONE);
}
fn p(b: &mut openssl::ssl::SslAcceptorBuilder, mode: Mode) { b.set_verify(mode); }`,
    });
    sets = calls(crate, 'set_verify');
    modes = sets.map((c) => verifyModesOf(callArguments(c)[0], crate));
  });

  it('reads flags through aliases, |= and branches', () => {
    expect(modes[0]).toEqual([{ peer: true, failIfNoPeerCert: false, none: false }]);
    expect(modes[1]).toEqual([{ peer: true, failIfNoPeerCert: true, none: false }]);
    expect(modes[2].map((m) => m.failIfNoPeerCert)).toEqual([true, false]);
    expect(modes[3]).toEqual([{ peer: false, failIfNoPeerCert: false, none: true }]);
  });

  it('knows nothing about a parameter', () => {
    expect(modes[4]).toEqual([]);
  });

  it('sees every call made on one builder, and its side', () => {
    const { calls: steps } = builderCalls(sets[0], crate);
    expect(steps.filter((s) => s.name === 'set_verify')).toHaveLength(4);
    expect(opensslSide(sets[0], crate)).toBe('server');
  });
});

describe('string values', () => {
  let values: string[][];
  beforeAll(() => {
    const crate = crateOf({
      'src/tls.rs': 'pub const CIPHERS: &str = "ECDHE+AESGCM";',
      'src/main.rs': `fn f(b: &mut B, flag: bool) {
    b.set_cipher_list(tls::CIPHERS);
    b.set_cipher_list(concat!("A:", "B"));
    let l = ["X", "Y"].join(":");
    b.set_cipher_list(&l);
    b.set_cipher_list(if flag { "P" } else { r"Q" });
    b.set_cipher_list(&format!("{}", 1));
}`,
    });
    values = calls(crate, 'set_cipher_list').map((c) => stringValues(callArguments(c)[0], crate).map((v) => v.value));
  });

  it('reads consts in other files, concat!, join and branches', () => {
    expect(values).toEqual([['ECDHE+AESGCM'], ['A:B'], ['X:Y'], ['P', 'Q'], []]);
  });
});
