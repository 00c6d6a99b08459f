// Private keys in the source: PEM private-key literals with key material (also across `concat!` pieces),
// `include_bytes!`/`include_str!` of files whose name says "private key", and the calls that take a private
// key or identity (rustls, rustls-pemfile, axum-server, native-tls, openssl, ring, jsonwebtoken) with the
// included files their key argument comes from. private-key-in-source reports them.
import type { Node } from '../parser/parser.js';
import type { InCrate } from './crate.js';
import { findBinding } from './flow.js';
import { pathEndsWith } from './names.js';
import { macroName } from './macros.js';
import { ancestors, callArguments, describeCall, descendantsOfType, namedChildren, pathSegments } from './syntax.js';

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

/** A PEM private key with key material after its header: the header's words (`BEGIN RSA PRIVATE KEY`). */
export function pemPrivateKey(lit: Node): string | undefined {
  const m = PEM_KEY_HEADER.exec(lit.text);
  if (!m || !hasKeyMaterial(lit, m.index + m[0].length)) return undefined;
  return `BEGIN ${m[1] ?? ''}PRIVATE KEY`;
}

/** A file included by a macro whose name says it holds a private key: where, the macro, the path and why. */
export interface IncludedKeyFile {
  node: Node;
  macro: string;
  path: string;
  reason: string;
}

/**
 * `include_bytes!("server.key")` / `include_str!(..)` of a key file; inside another macro
 * (`lazy_static! { static ref KEY: Vec<u8> = include_bytes!("server.key").to_vec(); }`) the include is
 * tokens, not a nested macro node, and is read from them.
 */
export function includedKeyFiles(macro: Node): IncludedKeyFile[] {
  const include = includedPath(macro);
  if (include) {
    const reason = keyFileName(include.path);
    return reason ? [{ node: macro, macro: macroName(macro), path: include.path, reason }] : [];
  }
  const out: IncludedKeyFile[] = [];
  for (const id of descendantsOfType(macro, 'identifier')) {
    if (!INCLUDE_MACROS.has(id.text) || id.parent?.type !== 'token_tree' || id.nextSibling?.text !== '!') continue;
    const args = id.nextSibling.nextSibling;
    const lit = args?.type === 'token_tree' ? descendantsOfType(args, 'string_literal').at(-1) : undefined;
    const path = lit
      ? namedChildren(lit)
          .filter((c) => c.type === 'string_content')
          .map((c) => c.text)
          .join('')
      : '';
    const reason = path ? keyFileName(path) : undefined;
    if (reason) out.push({ node: id, macro: id.text, path, reason });
  }
  return out;
}

/**
 * The files a call that takes a private key or identity gets its key from, by `include_bytes!`/`include_str!`
 * (through `&x[..]`, `.to_vec()`, `Cursor::new`, lets and consts), when their name does not already say so
 * (those are reported where they are written): each include, the key argument and what the call takes.
 */
export function includesAtKeySink(
  call: Node,
  ctx: InCrate,
): Array<{ include: Node; path: string; arg: Node; what: string }> {
  const sink = keySink(ctx, call);
  if (!sink) return [];
  const out: Array<{ include: Node; path: string; arg: Node; what: string }> = [];
  for (const source of includeSources(ctx, sink.arg, 0)) {
    const include = includedPath(source);
    if (!include || keyFileName(include.path)) continue;
    out.push({ include: source, path: include.path, arg: sink.arg, what: sink.what });
  }
  return out;
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
function keySink(ctx: InCrate, call: Node): { arg: Node; what: string } | undefined {
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
function includeSources(ctx: InCrate, expr: Node, depth: number): Node[] {
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
