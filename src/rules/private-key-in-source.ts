// Rule 15: private keys embedded in the source (PEM literals, include_bytes!/include_str! of key files).
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { findBinding } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { macroName } from '../model/macros.js';
import {
  ancestors,
  callArguments,
  describeCall,
  descendantsOfType,
  namedChildren,
  pathSegments,
} from '../model/syntax.js';

const PEM_KEY_HEADER = /-----BEGIN ((?:RSA|EC|ENCRYPTED|OPENSSH|DSA) )?PRIVATE KEY-----/;
/** A run of base64 long enough to be key material rather than a placeholder (`MIIE...`, `REDACTED`). */
const BASE64_BODY = /[A-Za-z0-9+/=]{16,}/;
const INCLUDE_MACROS = new Set(['include_bytes', 'include_str']);
/** Extensions of files that may hold key material when their name says "key". */
const KEY_CONTAINER_EXT = new Set(['pem', 'der', 'p8', 'pk8', 'pkcs8', 'p12', 'pfx', 'rsa', 'ec']);
/** `key`, `keys`, `server-key`, `tls_key`, `serverkey` — not `keymap`, `keystore`, `keywords`. */
const KEY_WORD = /(^|[^a-z])keys?([^a-z]|$)|key$/;
const PUBLIC_NAME = /pub(lic)?([-_.]?key)?|\.pub$|verif/i;
/** OpenSSH private keys keep their bare default names. */
const SSH_KEY_NAME = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;

/**
 * Calls whose argument at `arg` is a private key (or a cert+key bundle): `arg: 'last'` picks the
 * second of two arguments and the only one of one (reqwest `Identity::from_pem(bundle)` vs tonic
 * `Identity::from_pem(cert, key)`).
 */
const KEY_SINKS: Array<{ path: string; arg: number | 'last'; what: string }> = [
  { path: 'Identity::from_pem', arg: 'last', what: 'a certificate-and-key identity' },
  { path: 'Identity::from_pkcs8_pem', arg: 1, what: 'an identity private key' },
  { path: 'Identity::from_pkcs8', arg: 1, what: 'an identity private key' },
  { path: 'Identity::from_pkcs12_der', arg: 0, what: 'a PKCS#12 identity' },
  { path: 'Identity::from_pkcs12', arg: 0, what: 'a PKCS#12 identity' },
  { path: 'Pkcs12::from_der', arg: 0, what: 'a PKCS#12 identity' },
  { path: 'RustlsConfig::from_pem', arg: 1, what: 'the server private key' },
  { path: 'RustlsConfig::from_der', arg: 1, what: 'the server private key' },
  { path: 'OpenSSLConfig::from_pem', arg: 1, what: 'the server private key' },
  { path: 'OpenSSLConfig::from_der', arg: 1, what: 'the server private key' },
  { path: 'PrivateKeyDer::from_pem_slice', arg: 0, what: 'a private key' },
  { path: 'PrivatePkcs8KeyDer::from_pem_slice', arg: 0, what: 'a private key' },
  { path: 'PrivatePkcs1KeyDer::from_pem_slice', arg: 0, what: 'a private key' },
  { path: 'PrivateSec1KeyDer::from_pem_slice', arg: 0, what: 'a private key' },
  { path: 'PrivateKeyDer::from_pem_reader', arg: 0, what: 'a private key' },
  { path: 'PrivateKeyDer::try_from', arg: 0, what: 'a private key' },
  { path: 'PrivatePkcs8KeyDer::from', arg: 0, what: 'a private key' },
  { path: 'PrivatePkcs1KeyDer::from', arg: 0, what: 'a private key' },
  { path: 'PrivateSec1KeyDer::from', arg: 0, what: 'a private key' },
  { path: 'rustls_pemfile::private_key', arg: 0, what: 'a private key' },
  { path: 'pkcs8_private_keys', arg: 0, what: 'a private key' },
  { path: 'rsa_private_keys', arg: 0, what: 'a private key' },
  { path: 'ec_private_keys', arg: 0, what: 'a private key' },
  { path: 'rustls::PrivateKey', arg: 0, what: 'a private key' },
  { path: 'PKey::private_key_from_pem', arg: 0, what: 'a private key' },
  { path: 'PKey::private_key_from_pem_passphrase', arg: 0, what: 'a private key' },
  { path: 'PKey::private_key_from_der', arg: 0, what: 'a private key' },
  { path: 'PKey::private_key_from_pkcs8', arg: 0, what: 'a private key' },
  { path: 'PKey::private_key_from_pkcs8_passphrase', arg: 0, what: 'a private key' },
  { path: 'PKey::private_key_from_pkcs8_callback', arg: 0, what: 'a private key' },
  { path: 'Rsa::private_key_from_pem', arg: 0, what: 'a private key' },
  { path: 'Rsa::private_key_from_der', arg: 0, what: 'a private key' },
  { path: 'EcKey::private_key_from_pem', arg: 0, what: 'a private key' },
  { path: 'EcKey::private_key_from_der', arg: 0, what: 'a private key' },
  { path: 'KeyPair::from_pem', arg: 0, what: 'a private key' },
  { path: 'KeyPair::from_der', arg: 0, what: 'a private key' },
  { path: 'Ed25519KeyPair::from_pkcs8', arg: 0, what: 'a signing key' },
  { path: 'Ed25519KeyPair::from_pkcs8_maybe_unchecked', arg: 0, what: 'a signing key' },
  { path: 'RsaKeyPair::from_pkcs8', arg: 0, what: 'a signing key' },
  { path: 'RsaKeyPair::from_der', arg: 0, what: 'a signing key' },
  { path: 'EcdsaKeyPair::from_pkcs8', arg: 1, what: 'a signing key' },
  { path: 'EncodingKey::from_rsa_pem', arg: 0, what: 'a signing key' },
  { path: 'EncodingKey::from_ec_pem', arg: 0, what: 'a signing key' },
  { path: 'EncodingKey::from_ed_pem', arg: 0, what: 'a signing key' },
  { path: 'EncodingKey::from_rsa_der', arg: 0, what: 'a signing key' },
  { path: 'EncodingKey::from_ec_der', arg: 0, what: 'a signing key' },
  { path: 'EncodingKey::from_ed_der', arg: 0, what: 'a signing key' },
];
/** Methods whose argument at the given index is a private key. */
const KEY_METHODS = new Map<string, number>([
  ['reload_from_pem', 1],
  ['reload_from_der', 1],
  ['with_single_cert', 1],
  ['set_single_cert', 1],
]);

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
      const m = PEM_KEY_HEADER.exec(lit.text);
      if (!m) return;
      if (!hasKeyMaterial(lit, m.index + m[0].length)) return;
      ctx.report({
        node: lit,
        messageId: 'pemInLiteral',
        data: { kind: literalKind(lit), header: `BEGIN ${m[1] ?? ''}PRIVATE KEY`, impact: IMPACT },
      });
    };
    return {
      string_literal: checkLiteral,
      raw_string_literal: checkLiteral,
      macro_invocation(macro) {
        const include = includedPath(macro);
        if (!include) {
          // `lazy_static! { static ref KEY: Vec<u8> = include_bytes!("server.key").to_vec(); }`: tokens, not a nested macro node.
          for (const id of descendantsOfType(macro, 'identifier')) {
            if (!INCLUDE_MACROS.has(id.text) || id.parent?.type !== 'token_tree' || id.nextSibling?.text !== '!')
              continue;
            const args = id.nextSibling.nextSibling;
            const lit = args?.type === 'token_tree' ? descendantsOfType(args, 'string_literal').at(-1) : undefined;
            const path = lit
              ? namedChildren(lit)
                  .filter((c) => c.type === 'string_content')
                  .map((c) => c.text)
                  .join('')
              : '';
            const reason = path ? keyFileName(path) : undefined;
            if (reason) ctx.report({ node: id, ...includeMessage(id.text, path, reason) });
          }
          return;
        }
        const reason = keyFileName(include.path);
        if (reason) ctx.report({ node: macro, ...includeMessage(macroName(macro), include.path, reason) });
      },
      call_expression(call) {
        const sink = keySink(ctx, call);
        if (!sink) return;
        for (const source of includeSources(ctx, sink.arg, 0)) {
          const include = includedPath(source);
          if (!include || keyFileName(include.path)) continue; // reported where it is written
          const sameFile = source.tree === call.tree;
          ctx.report({
            node: sameFile ? source : sink.arg,
            ...includeMessage(
              macroName(source),
              include.path,
              `used as ${sink.what}` + (sameFile ? '' : `; included in ${ctx.crate.fileOf(source).relPath}`),
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

/** Key material after the header: in the literal itself, or in the other pieces of its `concat!`. */
function hasKeyMaterial(lit: Node, after: number): boolean {
  if (BASE64_BODY.test(lit.text.slice(after))) return true;
  for (const a of ancestors(lit)) {
    if (a.type === 'macro_invocation') {
      if (macroName(a) !== 'concat') return false;
      const rest = a.text.slice(lit.endIndex - a.startIndex);
      return BASE64_BODY.test(rest.replace(/"\s*,\s*"/g, ''));
    }
    if (a.type !== 'token_tree') return false;
  }
  return false;
}

function includeMessage(
  macro: string,
  path: string,
  reason: string,
): { messageId: string; data: Record<string, string> } {
  return { messageId: 'includedKeyFile', data: { macro, path, reason, impact: IMPACT } };
}

/** `include_bytes!("../pki/server.key")` → its path (the last string piece for `concat!(env!(..), "/x.key")`). */
function includedPath(node: Node): { path: string } | undefined {
  if (node.type !== 'macro_invocation' || !INCLUDE_MACROS.has(macroName(node))) return undefined;
  const lit = descendantsOfType(node, 'string_literal').at(-1);
  if (!lit) return undefined;
  const content = namedChildren(lit)
    .filter((c) => c.type === 'string_content')
    .map((c) => c.text)
    .join('');
  return content ? { path: content } : undefined;
}

/** Why a file name says "private key", or undefined. */
function keyFileName(path: string): string | undefined {
  const base = path.split(/[\\/]/).at(-1) ?? path;
  const lower = base.toLowerCase();
  if (PUBLIC_NAME.test(lower)) return undefined;
  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot + 1) : '';
  const stem = dot > 0 ? lower.slice(0, dot) : lower;
  if (ext === 'key' || /\.key$/.test(stem)) return 'a `.key` file';
  if (SSH_KEY_NAME.test(lower)) return 'an SSH private key file';
  if (/private|privkey/.test(lower)) return 'the file name says it is private';
  if (KEY_CONTAINER_EXT.has(ext) && KEY_WORD.test(stem)) return 'the file name says it holds a key';
  return undefined;
}

/** The key argument of a call that takes a private key or identity, if `call` is one. */
function keySink(ctx: RuleContext, call: Node): { arg: Node; what: string } | undefined {
  const { path, method } = describeCall(call);
  const args = callArguments(call);
  if (method) {
    const index = KEY_METHODS.get(method);
    return index !== undefined && args[index] ? { arg: args[index], what: 'a private key' } : undefined;
  }
  if (!path) return undefined;
  const resolved = ctx.file.names.resolve(path);
  for (const sink of KEY_SINKS) {
    if (!pathEndsWith(resolved, sink.path)) continue;
    const index = sink.arg === 'last' ? args.length - 1 : sink.arg;
    const arg = args[index];
    return arg ? { arg, what: sink.what } : undefined;
  }
  return undefined;
}

/** Where the bytes of a key argument come from: through `&x[..]`, `.to_vec()`, `Cursor::new`, `BufReader::new`, lets and consts. */
function includeSources(ctx: RuleContext, expr: Node, depth: number): Node[] {
  if (depth > 10) return [];
  let node = expr;
  for (let guard = 0; guard < 32; guard++) {
    switch (node.type) {
      case 'reference_expression':
      case 'parenthesized_expression':
      case 'try_expression':
      case 'await_expression': {
        const inner =
          node.type === 'reference_expression'
            ? (node.childForFieldName('value') ?? namedChildren(node).at(-1))
            : namedChildren(node)[0];
        if (!inner) return [];
        node = inner;
        continue;
      }
      case 'index_expression': {
        const inner = namedChildren(node)[0];
        if (!inner) return [];
        node = inner;
        continue;
      }
      case 'call_expression': {
        const { method, receiver, path } = describeCall(node);
        const args = callArguments(node);
        if (
          method &&
          receiver &&
          /^(to_vec|as_ref|as_slice|as_bytes|into|to_owned|clone|unwrap|expect|iter|lines|into_bytes)$/.test(method)
        ) {
          node = receiver;
          continue;
        }
        const segs = path ? pathSegments(path) : [];
        const wraps =
          /^(Cursor|BufReader|Vec|Bytes|String|Arc|Box)$/.test(segs.at(-2) ?? '') &&
          /^(new|from)$/.test(segs.at(-1) ?? '');
        if (args.length === 1 && (wraps || segs.join('::') === 'Some')) {
          node = args[0];
          continue;
        }
        return [];
      }
      case 'macro_invocation':
        return includedPath(node) ? [node] : [];
      case 'identifier':
      case 'scoped_identifier': {
        const binding = node.type === 'identifier' ? findBinding(node, ctx.crate) : undefined;
        const value = binding
          ? binding.value
          : ctx.crate.constant(pathSegments(node).at(-1) ?? '', node)?.childForFieldName('value');
        if (!value || binding?.kind === 'let-condition') return [];
        return includeSources(ctx, value, depth + 1);
      }
      default:
        return [];
    }
  }
  return [];
}
