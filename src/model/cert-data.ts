// Peer-certificate data as a value domain of the value tracker (value-tracker.ts): where a peer's
// certificates come from (rustls, tokio-rustls 0.22, openssl, native-tls, tonic, quinn, the
// certificates a `ClientCertVerifier` is given), and what parsing, encoding, field reads and
// method calls turn them into (one certificate, DER/PEM bytes, a DN, a serial number, a digest) or
// away from (a length, a comparison, a mapped principal: not certificate data any more). A DN's
// attributes (the common name) stay certificate data, and so does a fingerprint or public key of
// the certificate: a stable identifier of the client (catalog revision 2, values computed from the
// peer certificate; every blind labeller who met one logged called it so).
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import { clientValidationRoots } from './cert-parse.js';
import { originsOf } from './flow.js';
import { findBindingAcrossMacros } from './macros.js';
import { describeCall, descendantsOfType, enclosing, namedChildren } from './syntax.js';
import { ValueTracker, type Track, type ValueDomain } from './value-tracker.js';

/**
 * What a value holds, as far as the peer's certificates go. `many` marks a sequence of them
 * (`chain` is `{ kind: 'cert', many: true }`).
 */
export interface CertValue {
  kind: 'cert' | 'der' | 'dn' | 'serial' | 'digest' | 'extension';
  many: boolean;
}

/** Calls that return the peer's certificate chain (rustls, tokio-rustls 0.22, openssl, tonic, quinn). */
const CHAIN_SOURCES = new Set([
  'peer_certificates',
  'get_peer_certificates',
  'peer_cert_chain',
  'peer_certs',
  'verified_chain',
  'peer_identity',
]);
/**
 * Library types that hold the peer's chain and print it with their derived `Debug`: tonic's
 * `TlsConnectInfo` (0.5+, taken from a request's extensions) keeps the peer certificates.
 */
const CHAIN_CARRYING_TYPES = new Set(['TlsConnectInfo']);
/** Calls that return one peer certificate (openssl / native-tls; `current_cert` in an OpenSSL verify callback). */
const CERT_SOURCES = new Set(['peer_certificate', 'current_cert']);
/** Methods that hand their receiver's value through. */
const PASS_THROUGH = new Set([
  'clone',
  'cloned',
  'copied',
  'to_owned',
  'borrow',
  'unwrap',
  'expect',
  'unwrap_or_default',
  'unwrap_or',
  'unwrap_or_else',
  'ok',
  'as_deref',
  'into_owned',
  'into',
  'deref',
  'collect',
  'iter',
  'into_iter',
  'iter_mut',
  'rev',
  'skip',
  'take',
  'filter',
  'peekable',
  'context',
  'with_context',
  'ok_or',
  'ok_or_else',
  'downcast',
  'downcast_ref',
  'into_static',
  'to_vec',
  'as_slice',
  'as_ref',
  'enumerate',
  'join',
  'map_err',
  'inspect',
  'inspect_err',
]);
/** Extractor wrappers whose single field is the extracted value (axum, actix). */
const ELEMENT_METHODS = new Set(['first', 'last', 'get', 'next', 'nth', 'find', 'next_back']);
/** Methods of a certificate that return its subject or issuer distinguished name. */
const DN_METHODS = new Set(['subject', 'issuer', 'subject_name', 'issuer_name']);
const SERIAL_METHODS = new Set(['serial_number', 'raw_serial', 'raw_serial_as_string', 'serial']);
/** Methods of a certificate that return its whole encoding. */
const ENCODING_METHODS = new Set([
  'to_der',
  'to_pem',
  'as_der',
  'der',
  'as_bytes',
  'to_vec',
  'as_ref',
  'into_owned',
  'contents',
]);
/** Methods of a certificate that return a fingerprint or its public key (openssl `digest`, x509-parser `public_key`). */
const DIGEST_METHODS = new Set([
  'digest',
  'fingerprint',
  'sha256_fingerprint',
  'public_key',
  'subject_public_key_info',
  'public_key_data',
]);
/** Fields of a parsed certificate that hold its public key (x509-parser `tbs_certificate.subject_pki`). */
const DIGEST_FIELDS = new Set(['subject_pki', 'public_key']);
/**
 * Methods of a certificate that return its extensions, or its subject alternative names as a whole
 * (a single name taken out by a pattern, `GeneralName::URI(id)`, is a principal and is not followed).
 */
const EXTENSION_METHODS = new Set([
  'extensions',
  'extensions_map',
  'iter_extensions',
  'subject_alternative_name',
  'subject_alt_names',
  'issuer_alt_names',
]);
/** Fields of a public key or digest that still spell it. */
const DIGEST_PARTS = new Set(['subject_public_key', 'data', 'key', 'bytes', 'raw', '0', 'fingerprint', 'public_key']);
/** Hash functions given the certificate's bytes (`Sha256::digest(der)`, `ring::digest::digest(&SHA256, der)`). */
const HASH_FUNCTIONS = new Set(['digest', 'hash', 'sha1', 'sha256', 'sha384', 'sha512', 'md5', 'hash_bytes']);
/** Types built from a certificate that hold its public key (`PublicKey::try_from(cert)`). */
const PUBLIC_KEY_TYPES = new Set(['PublicKey', 'SubjectPublicKeyInfo', 'VerifyingKey']);
/** Hasher methods that absorb bytes (`hasher.update(der)`, `Sha256::new().chain_update(der)`), and that produce the digest. */
const HASHER_INPUT = new Set(['update', 'chain_update', 'input']);
const HASHER_OUTPUT = new Set(['finalize', 'finalize_reset', 'finish', 'digest', 'result']);
/** What a digest turns into that is no longer an identifier: a length, a test, a comparison. */
const DIGEST_SUMMARIES = new Set([
  'len',
  'is_empty',
  'eq',
  'ne',
  'cmp',
  'contains',
  'starts_with',
  'ends_with',
  'is_some',
  'is_none',
  'is_ok',
  'is_err',
]);
/** Methods of a DN (x509-parser, openssl) that list its attributes. */
const DN_ATTRIBUTES = new Set([
  'iter_common_name',
  'iter_organization',
  'iter_organizational_unit',
  'iter_email',
  'iter_by_oid',
  'iter_attributes',
  'entries_by_nid',
  'entries',
]);
/** The value of one DN attribute, as bytes or text (`cn.data().as_utf8()`, `attr.attr_value().as_str()`). */
const ATTRIBUTE_VALUES = new Set(['data', 'as_utf8', 'attr_value', 'as_string', 'value']);
/** Conversions that keep a DN or a serial what it is (a name rendered as text is still the name). */
const TEXT_CONVERSIONS = new Set([
  'to_string',
  'to_owned',
  'as_ref',
  'clone',
  'as_str',
  'to_str',
  'to_vec',
  'as_raw',
  'to_der',
  'to_bn',
  'to_hex_str',
  'to_dec_str',
  'to_bytes_be',
  'to_str_radix',
  'as_slice',
  'unwrap',
  'expect',
  'ok',
  'as_bytes',
  'into_owned',
  'to_string_with_registry',
  // `parse(..).map(|(_, c)| c.subject().to_string()).unwrap_or_default()`: the fallback only covers the error case.
  'unwrap_or_default',
  'unwrap_or',
  'unwrap_or_else',
]);
/** Functions that re-encode their argument without summarising it. */
const WRAPPING_FUNCTIONS = new Set([
  'Some',
  'Ok',
  'Box::new',
  'Arc::new',
  'Rc::new',
  'Cow::Borrowed',
  'Cow::Owned',
  'String::from',
  'String::from_utf8',
  'String::from_utf8_lossy',
  'str::from_utf8',
  'from_utf8',
  'from_utf8_lossy',
  'hex::encode',
  'hex::encode_upper',
  'base64::encode',
  'Vec::from',
  'CertificateDer::from',
  'Certificate',
  'Certificate::from',
  'CertificateDer',
]);
/** Methods that encode their argument (`STANDARD.encode(der)`). */
const ENCODER_METHODS = new Set(['encode', 'encode_upper', 'encode_to_string']);
/** Parsers that turn certificate bytes into a certificate object. */
const PARSE_FUNCTIONS = [
  'parse_x509_certificate',
  'parse_x509_der',
  'X509Certificate::from_der',
  'X509::from_der',
  'X509::from_pem',
  'Certificate::from_der',
  'Certificate::from_pem',
  'EndEntityCert::try_from',
  'EndEntityCert::from',
  'TbsCertificate::from_der',
];
/** Parameter types that hold certificates (for functions with no visible caller). */
const CERT_PARAM_TYPE = /X509Certificate|X509Ref|\bX509\b|CertificateDer|\bCertificate\b/;

/** Values whose second half is the certificate: x509-parser's `(rest, cert)`, `enumerate()`'s `(i, cert)`. */
const PAIR_SOURCE = /parse_x509|from_der|from_pem|enumerate\(\)|\.parse\(/;

const RANK: Record<CertValue['kind'], number> = { digest: 0, extension: 0.5, serial: 1, dn: 2, der: 3, cert: 4 };
/** Values derived from a certificate that stay what they are through any method but a summary. */
const derived = (v: CertValue) => v.kind === 'digest' || v.kind === 'extension';

/** A tracker of the peer's certificate data in one file of `crate` (see ValueTracker). */
export function certificateDataTracker(crate: CrateModel): ValueTracker<CertValue> {
  return new ValueTracker(crate, new CertificateData(crate));
}

class CertificateData implements ValueDomain<CertValue> {
  constructor(private readonly crate: CrateModel) {}

  /** The more revealing of two certificate values (a whole certificate over its DN, a chain over one); on a tie the first. */
  stronger(a: CertValue | undefined, b: CertValue | undefined): CertValue | undefined {
    if (!a) return b;
    if (!b) return a;
    return RANK[b.kind] > RANK[a.kind] || (RANK[b.kind] === RANK[a.kind] && b.many && !a.many) ? b : a;
  }

  element(v: CertValue): CertValue | undefined {
    // A byte of a fingerprint (`digest.iter().map(|b| format!("{b:02x}"))`) still spells it; one extension of a list is one.
    if (derived(v)) return v;
    return v.many ? { kind: v.kind, many: false } : undefined;
  }

  sequenceOf(v: CertValue): CertValue {
    return { kind: v.kind, many: true };
  }

  slice(v: CertValue): CertValue | undefined {
    return v.kind === 'der' ? v : undefined;
  }

  field(v: CertValue, field: string): CertValue | undefined {
    // `spki.subject_public_key.data`: the key's parts spell the key (a struct holding a digest is
    // not its other fields: `info.server_name`).
    if (v.kind === 'digest') return DIGEST_PARTS.has(field) ? v : undefined;
    // `san.value.general_names`: the parts of an extension are the extension.
    if (v.kind === 'extension') return v;
    if (v.many) return undefined;
    if (v.kind === 'cert') {
      if (field === 'subject' || field === 'issuer') return { kind: 'dn', many: false };
      if (field === 'serial' || field === 'raw_serial') return { kind: 'serial', many: false };
      if (field === 'tbs_certificate' || field === '1') return { kind: 'cert', many: false };
      if (field === '0') return { kind: 'der', many: false };
      if (DIGEST_FIELDS.has(field)) return { kind: 'digest', many: false };
    }
    return undefined;
  }

  /** Only fields whose name says certificate are followed to what the crate stores in them. */
  followsStoredField(field: string): boolean {
    return /cert|chain|x509|leaf|peer|subject|serial|dn|fingerprint|thumbprint|public_?key|sans?\b|san_|alt_?names?|extensions?/i.test(
      field,
    );
  }

  methodCall(method: string, receiver: Node | undefined, args: Node[], depth: number, track: Track<CertValue>) {
    if (CHAIN_SOURCES.has(method) || CERT_SOURCES.has(method)) {
      // On a client connection the peer is a server: its certificate is public, not client data.
      return { value: { kind: 'cert', many: CHAIN_SOURCES.has(method) } as CertValue };
    }
    if (HASHER_INPUT.has(method) && args.length === 1) {
      const absorbed = track(args[0], depth);
      if (absorbed && absorbed.kind !== 'digest') return { value: { kind: 'der', many: false } as CertValue };
    }
    if (ENCODER_METHODS.has(method) && args.length === 1) {
      const encoded = track(args[0], depth);
      if (encoded) return { value: encoded };
    }
    // x509-parser's configurable parser: `X509CertificateParser::new()..parse(der)` like `parse_x509_certificate(der)`.
    if (method === 'parse' && args.length === 1 && receiver && isX509Parser(receiver, this.crate)) {
      const input = track(args[0], depth) ?? this.unknownPeerBytes(args[0]);
      const parsed: CertValue | undefined =
        input && (input.kind === 'cert' || input.kind === 'der') ? { kind: 'cert', many: false } : undefined;
      return { value: parsed };
    }
    return undefined;
  }

  /** What a method does to a certificate value. */
  method(recv: CertValue, method: string): CertValue | undefined {
    if (derived(recv)) return DIGEST_SUMMARIES.has(method) ? undefined : recv;
    if (recv.kind === 'cert' && recv.many) {
      if (ELEMENT_METHODS.has(method)) return { kind: 'cert', many: false };
      if (method === 'concat') return { kind: 'der', many: false };
      if (method === 'find' || method === 'filter' || PASS_THROUGH.has(method)) return recv;
      return undefined;
    }
    if (recv.many) {
      if (ELEMENT_METHODS.has(method)) return { kind: recv.kind, many: false };
      return PASS_THROUGH.has(method) ? recv : undefined;
    }
    if (recv.kind === 'cert') {
      if (DN_METHODS.has(method)) return { kind: 'dn', many: false };
      if (SERIAL_METHODS.has(method)) return { kind: 'serial', many: false };
      if (ENCODING_METHODS.has(method)) return { kind: 'der', many: false };
      if (DIGEST_METHODS.has(method)) return { kind: 'digest', many: false };
      if (EXTENSION_METHODS.has(method)) return { kind: 'extension', many: false };
      if (method === 'tbs_certificate' || (PASS_THROUGH.has(method) && method !== 'iter' && method !== 'into_iter'))
        return recv;
      return undefined;
    }
    if (recv.kind === 'der') {
      // A hasher that absorbed the bytes (`hasher.update(der); hasher.finalize()`).
      if (HASHER_OUTPUT.has(method)) return { kind: 'digest', many: false };
      return (PASS_THROUGH.has(method) && method !== 'iter' && method !== 'into_iter') || TEXT_CONVERSIONS.has(method)
        ? recv
        : undefined;
    }
    // A DN's attributes (`iter_common_name()`, `entries_by_nid(Nid::COMMONNAME)`) are certificate fields too:
    // the common name logged is the subject's (the API reference: log a principal, not certificate fields).
    if (recv.kind === 'dn' && DN_ATTRIBUTES.has(method)) return { kind: 'dn', many: true };
    if (recv.kind === 'dn' && ATTRIBUTE_VALUES.has(method)) return recv;
    // `.next().ok_or_else(|| anyhow!(..))?`: an Option or Result around a DN entry or serial keeps it.
    const passes = PASS_THROUGH.has(method) && !['iter', 'into_iter', 'collect', 'enumerate'].includes(method);
    return TEXT_CONVERSIONS.has(method) || passes ? recv : undefined;
  }

  pathCall(segs: string[], args: Node[], depth: number, track: Track<CertValue>) {
    const tail2 = segs.slice(-2).join('::');
    const tail1 = segs.at(-1) ?? '';
    if (WRAPPING_FUNCTIONS.has(tail2) || WRAPPING_FUNCTIONS.has(tail1)) {
      return { value: args.length >= 1 ? track(args[0], depth) : undefined };
    }
    const digestOf = HASH_FUNCTIONS.has(tail1) || PUBLIC_KEY_TYPES.has(segs.at(-2) ?? '');
    if (digestOf && args.some((a) => ['cert', 'der', 'digest'].includes(track(a, depth)?.kind ?? ''))) {
      return { value: { kind: 'digest', many: false } as CertValue };
    }
    if (PARSE_FUNCTIONS.includes(tail2) || PARSE_FUNCTIONS.includes(tail1)) {
      const input = args[0] ? (track(args[0], depth) ?? this.unknownPeerBytes(args[0])) : undefined;
      return {
        value:
          input && (input.kind === 'cert' || input.kind === 'der')
            ? ({ kind: 'cert', many: input.many } as CertValue)
            : undefined,
      };
    }
    return undefined;
  }

  /** `.map(hex::encode)`: an encoder keeps the value, anything else summarises it. */
  keepsValue(segs: string[]): boolean {
    return WRAPPING_FUNCTIONS.has(segs.slice(-2).join('::'));
  }

  /** The certificates a `verify_client_cert` or `verify_server_cert` is given. */
  parameter(fn: Node, param: Node): CertValue | undefined {
    const type = param.type === 'parameter' ? (param.childForFieldName('type')?.text ?? '') : '';
    const fnName = fn.childForFieldName('name')?.text ?? '';
    return (fnName === 'verify_client_cert' || fnName === 'verify_server_cert') && CERT_PARAM_TYPE.test(type)
      ? { kind: 'cert', many: /\[|Vec</.test(type) }
      : undefined;
  }

  pairHoldsSecond(text: string): boolean {
    return PAIR_SOURCE.test(text);
  }

  /** Arguments that do not parse as expressions: the peer-certificate calls still show in their text. */
  typedValue(typeName: string): CertValue | undefined {
    return CHAIN_CARRYING_TYPES.has(typeName) ? { kind: 'cert', many: true } : undefined;
  }

  unparsedArgument(text: string): CertValue | undefined {
    const m = /\b(peer_certificates|get_peer_certificates|peer_cert_chain|peer_certs|peer_certificate)\s*\(\s*\)/.exec(
      text,
    );
    return m ? { kind: 'cert', many: m[1] !== 'peer_certificate' } : undefined;
  }

  /**
   * Bytes of unknown origin given to a parser: the peer's when the parameter they come from says
   * so (`peer_der`, `client_cert`, `cert_header`), directly or through one `let` (`let der =
   * decode(cert_header)?`), or when the parse serves client-certificate validation: its function,
   * or every crate function calling it, is named like one (`validate_client_cert`).
   */
  private unknownPeerBytes(arg: Node): CertValue | undefined {
    let node = arg;
    while (
      ['reference_expression', 'parenthesized_expression'].includes(node.type) ||
      (node.type === 'call_expression' && ['as_ref', 'as_slice', 'as_bytes'].includes(describeCall(node).method ?? ''))
    ) {
      node =
        node.type === 'call_expression' ? (describeCall(node).receiver ?? node) : (namedChildren(node).at(-1) ?? node);
      if (node === arg) break;
    }
    if (node.type !== 'identifier') return undefined;
    const b = findBindingAcrossMacros(node.text, node, this.crate);
    // Through one `let` of a value made from a parameter, unless it reads a file (a client's own
    // certificate, `let pem = fs::read(client_cert_path)?`).
    const params =
      b?.kind === 'param'
        ? [node]
        : b?.kind === 'let' && b.value && !READS_FILE.test(b.value.text)
          ? [b.value, ...descendantsOfType(b.value, 'identifier')].filter(
              (id) =>
                id.type === 'identifier' &&
                !FILE_NAME.test(id.text) &&
                findBindingAcrossMacros(id.text, id, this.crate)?.kind === 'param',
            )
          : [];
    const fn = enclosing(node, ['function_item']);
    if (params.length === 0 || !fn) return undefined;
    const peer = params.some((p) => PEER_BYTES_NAME.test(p.text)) || clientValidationRoots(fn, this.crate).length > 0;
    return peer ? { kind: 'der', many: false } : undefined;
  }
}

/** An x509-parser `X509CertificateParser` (its chain or variable starts from one). */
export function isX509Parser(receiver: Node, crate: CrateModel): boolean {
  return originsOf(receiver, crate).some((o) => /\bX509CertificateParser\b/.test(o.text));
}

/** Parameter names that say the bytes are the peer's certificate. */
const PEER_BYTES_NAME = /peer|client|presented|end_entity|header/i;
/** Values and names of a file read: a certificate loaded from disk is the program's own. */
const READS_FILE = /fs::read|read_to_string|File::open|read_file/;
const FILE_NAME = /path|file|dir/i;
