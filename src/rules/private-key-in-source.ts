// Rule 15: private keys embedded in the source (PEM literals, include_bytes!/include_str! of key files).
import type { Node } from '../parser/parser.js';
import type { Rule } from './rule.js';
import { macroName } from '../model/macros.js';
import { includedKeyFiles, includesAtKeySink, pemPrivateKey } from '../model/private-keys.js';

const IMPACT =
  'Anyone with the repository or the binary has the key: they can impersonate the service or client that uses it, and an mTLS boundary built on it no longer authenticates anyone.';

export const rule: Rule = {
  meta: {
    id: 'private-key-in-source',
    name: 'PrivateKeyInSource',
    defaultLevel: 'error',
    securitySeverity: 7.5,
    cwe: 321,
    exampleCode: 'lower',
    precision: 'high',
    withoutTlsDependency: 'always',
    keywords: [
      'PRIVATE KEY',
      'include_bytes',
      'include_str',
      'private_key',
      'Private',
      'Identity',
      'from_pem',
      'from_der',
      'pkcs8',
      'pkcs12',
      'Pkcs12',
      'EncodingKey',
      'KeyPair',
      'single_cert',
    ],
    messages: {
      pemInLiteral: {
        message: 'this {kind} contains a PEM private key (`{header}`)',
        label: 'private key in the source',
        note: '{impact}',
        help: 'Load keys at run time from a file or a secret store.',
      },
      includedKeyFile: {
        message: '`{macro}!(..)` embeds a private key file in the binary',
        label: 'private key file embedded',
        note: '`{macro}!("{path}")`: {reason}. {impact}',
        help: 'Read the key from a path or a secret store at run time.',
      },
    },
    docs: {
      summary: 'A private key is embedded in the source code.',
      whatItDoes:
        'Flags PEM private keys (`-----BEGIN PRIVATE KEY-----`, and the `RSA`, `EC`, `ENCRYPTED`, `OPENSSH`, `DSA` variants) in string literals, raw strings (`r#"…"#`), byte strings, consts/statics and `concat!` pieces, when the literal carries key material (a header alone, as used by PEM parsers, is not reported). Also flags `include_bytes!`/`include_str!` of key files: paths ending in `.key`, `.pem`/`.der`/`.p12`… files whose name says `key` or `private`, and any included file used as a private key or identity: `Identity::from_pem`, `from_pkcs8_pem` (second argument), `from_pkcs12_der`, axum-server `RustlsConfig::from_pem(.., key)`, `PrivateKeyDer::from_pem_slice`, `rustls_pemfile::private_key`/`pkcs8_private_keys`/`rsa_private_keys`, `rustls::PrivateKey(..)`, openssl `PKey::private_key_from_pem`/`_from_der`/`_from_pkcs8*`, jsonwebtoken `EncodingKey::from_*_pem`/`from_*_der`, ring `Ed25519KeyPair`/`RsaKeyPair`/`EcdsaKeyPair::from_pkcs8`, rcgen `KeyPair::from_pem`/`from_der`, also through `let` bindings and consts; `include_bytes!` written inside other macros\' bodies (`lazy_static!`, `thread_local!`) is read from the tokens. Certificates, public keys and comments are not reported; test code is skipped by default and example code is labelled.',
      whyIsThisBad:
        'A key in the source ends up in every clone of the repository, in CI logs, in crates published from it and in the compiled binary (`include_bytes!` copies the file into it). Whoever gets any of these can impersonate the server or the mTLS client the key belongs to, and an mTLS boundary built on that key authenticates nobody (CWE-321). Keys in source are also never rotated.',
      knownLimits:
        'Keys assembled at run time (base64 pieces, `format!`) and keys in non-PEM encodings (hex, DER byte arrays) are not recognised. An included file whose name does not say "key" is reported only when the value flow reaches a key-taking call in the same crate. Files named like test helpers but not marked `#[cfg(test)]` are reported.',
      badExample: `const SERVER_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0...
-----END PRIVATE KEY-----";
let key = PrivateKeyDer::from_pem_slice(include_bytes!("../pki/server.key"))?;`,
      goodExample: `let key_path = std::env::var("TLS_KEY_FILE")?;
let key = PrivateKeyDer::from_pem_file(key_path)?;
let certs = CertificateDer::pem_slice_iter(include_bytes!("../pki/ca.crt")); // certificates are public`,
      howToFix:
        'Remove the key from the source and from the repository history, rotate it (it is compromised), and load keys at run time from a file path, a secret store or the environment (`PrivateKeyDer::from_pem_file(path)`, `RustlsConfig::from_config(..)` built from such keys). For tests, generate throw-away keys (rcgen) or keep fixtures under `tests/`.',
      references: [
        'https://cwe.mitre.org/data/definitions/321.html',
        'https://cwe.mitre.org/data/definitions/798.html',
        'https://docs.rs/rustls-pki-types/latest/rustls_pki_types/pem/trait.PemObject.html',
        'https://doc.rust-lang.org/std/macro.include_bytes.html',
      ],
    },
  },

  create(ctx) {
    const checkLiteral = (lit: Node) => {
      const header = pemPrivateKey(lit);
      if (header)
        ctx.report({ node: lit, messageId: 'pemInLiteral', data: { kind: literalKind(lit), header, impact: IMPACT } });
    };
    return {
      string_literal: checkLiteral,
      raw_string_literal: checkLiteral,
      macro_invocation(macro) {
        for (const { node, macro: name, path, reason } of includedKeyFiles(macro))
          ctx.report({ node, ...includeMessage(name, path, reason) });
      },
      call_expression(call) {
        for (const { include, path, arg, what } of includesAtKeySink(call, ctx)) {
          const sameFile = include.tree === call.tree;
          ctx.report({
            node: sameFile ? include : arg,
            ...includeMessage(
              macroName(include),
              path,
              `used as ${what}` + (sameFile ? '' : `; included in ${ctx.crate.fileOf(include).relPath}`),
            ),
          });
        }
      },
    };
  },
};

function literalKind(lit: Node): string {
  const prefix = lit.text.slice(0, 3);
  const bytes = prefix.startsWith('b') || prefix.startsWith('br');
  const raw = lit.type === 'raw_string_literal';
  return `${raw ? 'raw ' : ''}${bytes ? 'byte ' : ''}string literal`;
}

function includeMessage(
  macro: string,
  path: string,
  reason: string,
): { messageId: string; data: Record<string, string> } {
  return { messageId: 'includedKeyFile', data: { macro, path, reason, impact: IMPACT } };
}
