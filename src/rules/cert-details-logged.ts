// Rule 9: peer-certificate data written to logs.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import type { CrateModel } from '../model/crate.js';
import { localFunctions, patternBinds, rootIdentifier, type Binding } from '../model/flow.js';
import {
  FORMAT_MACROS,
  findBindingAcrossMacros,
  formatCaptures,
  isReparsed,
  logInvocation,
  macroArguments,
  macroName,
  withParsedArguments,
} from '../model/macros.js';
import {
  callArguments,
  describeCall,
  namedChildren,
  pathSegments,
  returnedExpressions,
  tailExpression,
} from '../model/syntax.js';

/**
 * What a value holds, as far as the peer's certificates go. `many` marks a sequence of them
 * (`chain` is `{ kind: 'cert', many: true }`).
 */
interface CertValue {
  kind: 'cert' | 'der' | 'dn' | 'serial';
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
const EXTRACTORS = new Set(['Extension', 'ConnectInfo', 'State', 'Data', 'ReqData']);
/** Methods that pick one element out of a sequence. */
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
/** Closure-taking methods whose result is what the closure returns. */
const MAPPING_METHODS = new Set([
  'map',
  'and_then',
  'filter_map',
  'flat_map',
  'find_map',
  'map_or',
  'map_or_else',
  'then',
]);
/** Closure-taking methods whose closure sees elements of the receiver. */
const ITERATOR_ONLY_METHODS = new Set([
  'for_each',
  'any',
  'all',
  'position',
  'fold',
  'filter_map',
  'flat_map',
  'find_map',
  'try_for_each',
  'skip_while',
  'take_while',
  'inspect',
]);
/** Methods that produce iterators: a closure given to the next call sees elements. */
const ITERATOR_PRODUCERS = new Set([
  'iter',
  'into_iter',
  'iter_mut',
  'enumerate',
  'skip',
  'take',
  'rev',
  'filter',
  'map',
  'cloned',
  'copied',
  'chain',
  'zip',
  'peekable',
  'skip_while',
  'take_while',
  'step_by',
  'filter_map',
  'flat_map',
]);
/** Parameter types that hold certificates (for functions with no visible caller). */
const CERT_PARAM_TYPE = /X509Certificate|X509Ref|\bX509\b|CertificateDer|\bCertificate\b/;

/** Signs that a connection is a client's, or a server's. */
const CLIENT_CONNECTION =
  /\.connect\(|connect_async|connect_tls|ClientConnection|client::TlsStream|TlsConnector|SslConnector|\.send\(\)|tls_info|TlsInfo/;
const SERVER_CONNECTION =
  /\.accept\(|ServerConnection|server::TlsStream|TlsAcceptor|SslAcceptor|LazyConfigAcceptor|into_stream|IncomingStream|accept_with/;

/** Values whose second half is the certificate: x509-parser's `(rest, cert)`, `enumerate()`'s `(i, cert)`. */
const PAIR_SOURCE = /parse_x509|from_der|from_pem|enumerate\(\)/;

const MAX_DEPTH = 12;
const MAX_STEPS = 20_000;

export const rule: Rule = {
  meta: {
    id: 'cert-details-logged',
    name: 'CertDetailsLogged',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: 532,
    precision: 'high',
    keywords: [
      'peer_certificate',
      'peer_cert',
      'verified_chain',
      'current_cert',
      'peer_identity',
      'verify_client_cert',
      'x509',
      'X509',
      'Certificate',
      'cert',
    ],
    docs: {
      summary: 'Peer-certificate data written to logs.',
      whatItDoes:
        "A struct that carries certificate data (`ConnInfo { peer_chain: certs.to_vec(), .. }`) and is logged whole (`?info`, `{:?}`) counts as that data: its derived `Debug` writes every field. Flags logging and printing macros — `tracing` (`info!`, `debug!`, `event!`, `*_span!`…), `log`, `println!`/`eprintln!`/`dbg!` — whose arguments carry the peer's certificate data: the chain from `peer_certificates()` (rustls 0.20+), `get_peer_certificates()` (tokio-rustls 0.22 / rustls 0.19), OpenSSL `peer_certificate()`/`peer_cert_chain()`, tonic `peer_certs()`, the certificates a `ClientCertVerifier` is given, and what is derived from them: `chain[0]`, `chain.first()`, loop variables, x509-parser / OpenSSL parses of those bytes, subject and issuer DNs (`subject()`, `subject_name()`…), serial numbers (`raw_serial_as_string()`, `serial_number()`…) and DER/PEM encodings. Values are followed through `let`, `if let`, `match`, `for`, closures, `format!`, helper functions of the crate, struct fields whose name says certificate, and crate newtypes destructured in handler parameters (`Extension(ClientCert(cert))` holds what the crate passes to `ClientCert(..)`). Structured fields (`chain = ?chain`, `serial = %..`), `?`/`%` shorthands and format-string captures (`{cert:?}`) count. One finding per macro: a warning, an error when a whole certificate or chain is logged at info level or above.",
      whyIsThisBad:
        'Client certificates identify people and machines: subject DNs carry names, e-mail addresses and organisations, serial numbers and DER blobs are stable identifiers that let anyone who reads the logs track and correlate clients, and whole chains fill logs with personal data that retention rules then have to cover (CWE-532). Logs travel much further than the TLS terminator: aggregators, support tickets, third-party log services.',
      knownLimits:
        "Only certificate values whose origin is visible are followed (the peer-certificate call, the verifier parameters, a crate function's callers); a certificate read from a struct field set elsewhere or passed through an unknown function is not recognised. A certificate parsed from bytes of unknown origin is not assumed to be the peer's (servers parse their own certificates too). Logging wrappers other than the standard macros are not read. Logging inside the bodies of `select!`, `join!`/`try_join!`, `lazy_static!`, `thread_local!`, `cfg_if!` and `async_stream::stream!` is read like any other code; inside other macros' bodies it is not. Fingerprints and hashes of a certificate, its common name mapped to a principal, its length and its presence are deliberately not reported.",
      badExample: `if let Some(chain) = conn.peer_certificates() {
    tracing::info!(%addr, chain = ?chain, "mTLS client connected");
    let (_, leaf) = x509_parser::parse_x509_certificate(chain[0].as_ref())?;
    tracing::debug!("client subject={} serial={}", leaf.subject(), leaf.raw_serial_as_string());
}`,
      goodExample: `let principal = principal_from(conn.peer_certificates())?;
tracing::info!(%addr, client_id = %principal.id, "mTLS client connected");`,
      howToFix:
        'Map the certificate to an internal principal (a service name or account id) once, and log that. If an identifier of the certificate itself is needed for debugging, log a short hash (fingerprint) of it, at debug level.',
      references: [
        'https://cwe.mitre.org/data/definitions/532.html',
        'https://docs.rs/rustls/latest/rustls/struct.CommonState.html#method.peer_certificates',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslRef.html#method.peer_certificate',
        'https://docs.rs/x509-parser/latest/x509_parser/certificate/struct.X509Certificate.html',
        'https://docs.rs/tracing/latest/tracing/index.html#recording-fields',
      ],
    },
  },

  create(ctx) {
    const flow = new CertFlow(ctx.crate);
    return {
      macro_invocation(macro) {
        const log = logInvocation(macro, ctx.file.names);
        if (!log) return;
        const found = flow.ofLogMacro(macro);
        if (!found) return;
        const whole = found.value.kind === 'cert' || found.value.kind === 'der';
        const loud = log.level === 'info' || log.level === 'warn' || log.level === 'error';
        ctx.report({
          node: macro,
          level: whole && loud ? 'error' : 'warning',
          message: `This ${log.kind === 'print' ? 'print' : 'log'} statement writes ${describe(found.value)} (\`${shorten(found.text)}\`) to the logs. Log an internal client identifier (or a certificate fingerprint) instead of certificate contents.`,
        });
      },
    };
  },
};

function describe(v: CertValue): string {
  switch (v.kind) {
    case 'cert':
      return v.many ? "the peer's certificate chain" : 'a peer certificate';
    case 'der':
      return v.many ? "the peer's certificates in DER/PEM form" : 'a peer certificate in DER/PEM form';
    case 'dn':
      return 'the subject or issuer name of a peer certificate';
    case 'serial':
      return 'the serial number of a peer certificate';
  }
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

const RANK: Record<CertValue['kind'], number> = { serial: 1, dn: 2, der: 3, cert: 4 };

function stronger(a: CertValue | undefined, b: CertValue | undefined): CertValue | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.kind] > RANK[a.kind] || (RANK[b.kind] === RANK[a.kind] && b.many && !a.many) ? b : a;
}

/** Follows peer-certificate values through a function, its macros and its callers. */
class CertFlow {
  private readonly visiting = new Set<number>();
  /** Work done for the current macro: the search gives up past MAX_STEPS. */
  private steps = 0;
  /** Results for nodes of the file trees, computed outside any helper-call context. */
  private readonly memo = new Map<number, CertValue | null>();
  /** Parameters of crate helpers bound to the arguments of the call being followed. */
  private readonly env = new Map<number, CertValue | null>();

  constructor(private readonly crate: CrateModel) {}

  /** The most revealing certificate value a logging macro writes, and the argument it is in. */
  ofLogMacro(macro: Node): { value: CertValue; text: string } | undefined {
    this.steps = 0;
    let best: { value: CertValue; text: string } | undefined;
    const consider = (value: CertValue | undefined, text: string) => {
      if (value && (!best || stronger(best.value, value) !== best.value)) best = { value, text };
    };
    const unparsed = new Set(
      macroArguments(macro)
        .filter((a) => !a.directive && !a.isString)
        .map((a) => a.text),
    );
    withParsedArguments(macro, (args) => {
      for (const { arg, expr } of args) {
        unparsed.delete(arg.text);
        consider(this.valueOf(expr, 0), arg.text);
      }
    });
    for (const name of new Set(capturesOf(macro))) consider(this.valueOfName(name, macro, 0), `{${name}}`);
    // Arguments that do not parse as expressions: the peer-certificate calls still show in their text.
    for (const text of unparsed) {
      const m =
        /\b(peer_certificates|get_peer_certificates|peer_cert_chain|peer_certs|peer_certificate)\s*\(\s*\)/.exec(text);
      if (m) consider({ kind: 'cert', many: m[1] !== 'peer_certificate' }, text);
    }
    return best;
  }

  valueOf(expr: Node, depth: number): CertValue | undefined {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return undefined;
    if (isReparsed(expr)) return this.compute(expr, depth);
    const key = expr.id;
    const cacheable = this.env.size === 0;
    if (cacheable && this.memo.has(key)) return this.memo.get(key) ?? undefined;
    if (this.visiting.has(key)) return undefined;
    this.visiting.add(key);
    try {
      const value = this.compute(expr, depth);
      if (cacheable && this.visiting.size === 1) this.memo.set(key, value ?? null);
      return value;
    } finally {
      this.visiting.delete(key);
    }
  }

  private compute(node: Node, depth: number): CertValue | undefined {
    switch (node.type) {
      case 'parenthesized_expression':
      case 'try_expression':
      case 'await_expression':
        return this.first(node, depth);
      case 'reference_expression':
        return this.valueOf(node.childForFieldName('value') ?? namedChildren(node).at(-1) ?? node, depth);
      case 'unary_expression':
        return node.text.startsWith('*') ? this.first(node, depth) : undefined;
      case 'type_cast_expression': {
        const v = node.childForFieldName('value');
        return v ? this.valueOf(v, depth) : undefined;
      }
      case 'block': {
        const tail = tailExpression(node);
        return tail && tail.id !== node.id ? this.valueOf(tail, depth) : undefined;
      }
      case 'identifier':
        return this.valueOfName(node.text, node, depth);
      case 'index_expression': {
        const recv = namedChildren(node)[0];
        const index = namedChildren(node)[1];
        const v = recv ? this.valueOf(recv, depth) : undefined;
        if (!v) return undefined;
        if (index?.type === 'range_expression') return v.kind === 'der' ? v : undefined;
        return v.many ? { kind: v.kind, many: false } : undefined;
      }
      case 'field_expression':
        return this.fieldValue(node, depth);
      case 'struct_expression':
        return this.structValue(node, depth);
      case 'call_expression':
        return this.callValue(node, depth);
      case 'macro_invocation':
        return this.macroValue(node, depth);
      case 'if_expression':
      case 'match_expression':
        return returnedExpressions(node).reduce<CertValue | undefined>(
          (acc, r) => stronger(acc, r.id === node.id ? undefined : this.valueOf(r, depth)),
          undefined,
        );
      default:
        return undefined;
    }
  }

  /**
   * A struct that carries certificate data (`ConnInfo { peer_chain: certs.to_vec(), .. }`, catalog
   * revision 2) holds the strongest of its fields: logged whole (`?info`, `{:?}`), its derived
   * `Debug` writes every field. A single field read (`info.addr`) is judged by fieldValue.
   */
  private structValue(node: Node, depth: number): CertValue | undefined {
    let best: CertValue | undefined;
    for (const init of namedChildren(node.childForFieldName('body') ?? node)) {
      const value =
        init.type === 'field_initializer'
          ? init.childForFieldName('value')
          : init.type === 'shorthand_field_initializer'
            ? namedChildren(init)[0]
            : undefined;
      if (value) best = stronger(best, this.valueOf(value, depth + 1));
    }
    return best;
  }

  private first(node: Node, depth: number): CertValue | undefined {
    const inner = namedChildren(node)
      .filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment')
      .at(node.type === 'unary_expression' ? -1 : 0);
    return inner ? this.valueOf(inner, depth) : undefined;
  }

  private fieldValue(node: Node, depth: number): CertValue | undefined {
    const recv = node.childForFieldName('value');
    const field = node.childForFieldName('field')?.text ?? '';
    const v = recv && recv.type !== 'self' ? this.valueOf(recv, depth) : undefined;
    if (v) {
      if (v.many) return undefined;
      if (v.kind === 'cert') {
        if (field === 'subject' || field === 'issuer') return { kind: 'dn', many: false };
        if (field === 'serial' || field === 'raw_serial') return { kind: 'serial', many: false };
        if (field === 'tbs_certificate' || field === '1') return { kind: 'cert', many: false };
        if (field === '0') return { kind: 'der', many: false };
      }
      return undefined;
    }
    // `self.client_cert` / `state.peer_chain`: what the crate stores in that field.
    if (!/cert|chain|x509|leaf|peer|subject|serial|dn/i.test(field)) return undefined;
    let best: CertValue | undefined;
    for (const value of this.crate.fieldValues(field, node).slice(0, 8)) {
      if (node.startIndex >= value.startIndex && node.endIndex <= value.endIndex && node.tree === value.tree) continue;
      best = stronger(best, this.valueOf(value, depth + 1));
    }
    return best;
  }

  private callValue(call: Node, depth: number): CertValue | undefined {
    const { method, receiver, path } = describeCall(call);
    const args = callArguments(call);
    if (method) {
      if (CHAIN_SOURCES.has(method) || CERT_SOURCES.has(method)) {
        // On a client connection the peer is a server: its certificate is public, not client data.
        if (receiver && this.isClientConnection(receiver)) return undefined;
        return { kind: 'cert', many: CHAIN_SOURCES.has(method) };
      }
      if (ENCODER_METHODS.has(method) && args.length === 1) {
        const encoded = this.valueOf(args[0], depth);
        if (encoded) return encoded;
      }
      const recv = receiver ? this.valueOf(receiver, depth) : undefined;
      if (!recv) return this.localFunctionValue([method], args, depth, true);
      const closure = args.find((a) => a.type === 'closure_expression');
      if (closure && MAPPING_METHODS.has(method)) {
        const body = closure.childForFieldName('body');
        const mapped = body ? this.valueOf(body, depth) : undefined;
        if (!mapped) return undefined;
        return isIteratorContext(receiver!, method) ? { kind: mapped.kind, many: true } : mapped;
      }
      if (
        MAPPING_METHODS.has(method) &&
        args.length === 1 &&
        (args[0].type === 'identifier' || args[0].type === 'scoped_identifier')
      ) {
        // `.map(hex::encode)`: an encoder keeps the value, anything else summarises it.
        return WRAPPING_FUNCTIONS.has(pathSegments(args[0]).slice(-2).join('::')) ? recv : undefined;
      }
      return this.methodOn(recv, method, receiver!);
    }
    if (!path) return undefined;
    const segs = pathSegments(path);
    const tail2 = segs.slice(-2).join('::');
    const tail1 = segs.at(-1) ?? '';
    if (WRAPPING_FUNCTIONS.has(tail2) || WRAPPING_FUNCTIONS.has(tail1)) {
      return args.length >= 1 ? this.valueOf(args[0], depth) : undefined;
    }
    if (PARSE_FUNCTIONS.includes(tail2) || PARSE_FUNCTIONS.includes(tail1)) {
      const input = args[0] ? (this.valueOf(args[0], depth) ?? this.unknownPeerBytes(args[0])) : undefined;
      return input && (input.kind === 'cert' || input.kind === 'der') ? { kind: 'cert', many: input.many } : undefined;
    }
    return this.localFunctionValue(segs, args, depth, false);
  }

  /** What a method does to a certificate value. */
  private methodOn(recv: CertValue, method: string, receiver: Node): CertValue | undefined {
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
      if (method === 'tbs_certificate' || (PASS_THROUGH.has(method) && method !== 'iter' && method !== 'into_iter'))
        return recv;
      return undefined;
    }
    if (recv.kind === 'der') {
      return (PASS_THROUGH.has(method) && method !== 'iter' && method !== 'into_iter') || TEXT_CONVERSIONS.has(method)
        ? recv
        : undefined;
    }
    // A DN or a serial: conversions keep it, anything else (`iter_common_name()`, `entries_by_nid(..)`) extracts a part.
    void receiver;
    return TEXT_CONVERSIONS.has(method) ? recv : undefined;
  }

  /** A helper of this crate (`peer_subject(&conn)`, `self.client_dn()`): what it returns. */
  private localFunctionValue(segs: string[], args: Node[], depth: number, isMethod: boolean): CertValue | undefined {
    const name = segs.at(-1) ?? '';
    const fns = isMethod ? this.crate.functions(name) : localFunctions(segs, this.crate);
    if (fns.length !== 1 || /^(new|build|default|from|into|clone|get|init|to_string|fmt)$/.test(name)) return undefined;
    const fn = fns[0];
    const body = fn.childForFieldName('body');
    const list = fn.childForFieldName('parameters');
    const params = list ? namedChildren(list).filter((p) => p.type === 'parameter') : [];
    const hasSelf = list ? namedChildren(list).some((p) => p.type === 'self_parameter') : false;
    const offset = !isMethod && hasSelf ? 1 : 0; // `Type::method(recv, a)`
    const saved = params.map((p) => [p.id, this.env.get(p.id)] as const);
    params.forEach((p, i) => {
      const arg = args[i + offset];
      this.env.set(p.id, arg ? (this.valueOf(arg, depth) ?? null) : null);
    });
    try {
      let best: CertValue | undefined;
      for (const r of body ? returnedExpressions(body) : []) best = stronger(best, this.valueOf(r, depth + 1));
      return best;
    } finally {
      for (const [id, v] of saved) {
        if (v === undefined) this.env.delete(id);
        else this.env.set(id, v);
      }
    }
  }

  private macroValue(macro: Node, depth: number): CertValue | undefined {
    if (!FORMAT_MACROS.has(macroName(macro)) && macroName(macro) !== 'vec') return undefined;
    let best: CertValue | undefined;
    withParsedArguments(macro, (args) => {
      for (const { expr } of args) best = stronger(best, this.valueOf(expr, depth));
    });
    for (const name of new Set(capturesOf(macro))) best = stronger(best, this.valueOfName(name, macro, depth));
    return best;
  }

  valueOfName(name: string, at: Node, depth: number): CertValue | undefined {
    const binding = findBindingAcrossMacros(name, at, this.crate);
    return binding ? this.bindingValue(binding, name, depth + 1) : undefined;
  }

  private bindingValue(b: Binding, name: string, depth: number): CertValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (b.kind === 'static') return undefined;
    if (b.kind === 'param') return this.paramValue(b.node, name, depth);
    const value = b.value;
    if (!value) return undefined;
    if (b.node.type === 'for_expression') {
      const v = this.valueOf(value, depth);
      if (!v?.many) return undefined;
      const element: CertValue = { kind: v.kind, many: false };
      return this.throughPattern(b.node.childForFieldName('pattern'), name, element, value);
    }
    const pattern = b.node.childForFieldName('pattern');
    const v = this.valueOf(value, depth);
    if (!v) return undefined;
    return this.throughPattern(pattern, name, v, value);
  }

  /** Where `name` sits in a destructuring pattern: `(_, leaf)` of a parse, `[leaf, ..]` of a chain, `Some(x)`. */
  private throughPattern(
    pattern: Node | null | undefined,
    name: string,
    v: CertValue,
    value: Node,
  ): CertValue | undefined {
    let p = pattern;
    for (let guard = 0; p && guard < 8; guard++) {
      if (
        p.type === 'match_pattern' ||
        p.type === 'mut_pattern' ||
        p.type === 'reference_pattern' ||
        p.type === 'ref_pattern'
      ) {
        p = namedChildren(p).find((c) => c.type !== 'mutable_specifier') ?? null;
        continue;
      }
      if (p.type === 'identifier') return v;
      if (p.type === 'tuple_struct_pattern') {
        // `Some(x)`, `Ok(x)`: the inner value.
        const type = p.childForFieldName('type');
        if (!type || !['Some', 'Ok'].includes(pathSegments(type).at(-1) ?? '')) return undefined;
        p =
          namedChildren(p)
            .filter((c) => c.id !== type.id)
            .find((c) => patternBinds(c, name)) ?? null;
        continue;
      }
      if (p.type === 'tuple_pattern') {
        const items = patternItems(p);
        const index = items.findIndex((c) => patternBinds(c, name));
        if (index < 0) return undefined;
        // `let (_, cert) = parse_x509_certificate(..)?` / `.enumerate()` pairs: only the second is the certificate.
        if (index !== 1 || items.length !== 2 || !PAIR_SOURCE.test(value.text)) return undefined;
        p = items[1];
        continue;
      }
      if (p.type === 'slice_pattern') {
        if (!v.many) return undefined;
        const items = namedChildren(p);
        const item = items.find((c) => patternBinds(c, name));
        if (!item || item.type === 'remaining_field_pattern') return undefined;
        return { kind: v.kind, many: false };
      }
      return undefined;
    }
    return undefined;
  }

  /** A parameter: closure parameters see their receiver's value; function parameters their callers' arguments. */
  private paramValue(param: Node, name: string, depth: number): CertValue | undefined {
    const owner = param.parent?.parent;
    if (!owner) return undefined;
    const pattern = param.type === 'parameter' ? param.childForFieldName('pattern') : param;
    if (owner.type === 'closure_expression') return this.closureParamValue(owner, pattern, name, depth);
    if (owner.type !== 'function_item' || isReparsed(owner)) return undefined;
    if (this.env.has(param.id)) return this.env.get(param.id) ?? undefined;
    const params = namedChildren(param.parent!).filter((p) => p.type === 'parameter');
    const index = params.findIndex((p) => p.id === param.id);
    const type = param.type === 'parameter' ? (param.childForFieldName('type')?.text ?? '') : '';
    const fnName = owner.childForFieldName('name')?.text ?? '';
    if (fnName === 'verify_client_cert' && index >= 0 && CERT_PARAM_TYPE.test(type)) {
      return { kind: 'cert', many: /\[|Vec</.test(type) };
    }
    if (index >= 0 && pattern?.type === 'tuple_struct_pattern') return this.newtypeValue(pattern, name, depth);
    if (index < 0 || pattern?.type !== 'identifier') return undefined;
    let best: CertValue | undefined;
    const sites = this.callSites(owner);
    const hasSelf = namedChildren(param.parent!).some((p) => p.type === 'self_parameter');
    for (const call of sites.slice(0, 12)) {
      const d = describeCall(call);
      const args = callArguments(call);
      const arg = args[d.method || !hasSelf ? index : index + 1];
      if (arg) best = stronger(best, this.valueOf(arg, depth + 1));
    }
    return best;
  }

  /**
   * A handler parameter destructuring a crate newtype, possibly inside an extractor:
   * `Extension(ClientCert(cert))` holds what the crate passes to `ClientCert(..)` elsewhere.
   */
  private newtypeValue(pattern: Node, name: string, depth: number): CertValue | undefined {
    let p: Node | undefined = pattern;
    for (let guard = 0; p?.type === 'tuple_struct_pattern' && guard < 4; guard++) {
      const typeNode: Node = p.childForFieldName('type') ?? p;
      const type = pathSegments(typeNode).at(-1) ?? '';
      const items: Node[] = patternItems(p).filter((c: Node) => c.id !== typeNode.id);
      const index = items.findIndex((c) => patternBinds(c, name));
      if (index < 0) return undefined;
      if (EXTRACTORS.has(type)) {
        p = items[index];
        continue;
      }
      if (items[index].type !== 'identifier') return undefined;
      let best: CertValue | undefined;
      for (const value of this.crate.fieldValues(`${type}.${index}`).slice(0, 8))
        best = stronger(best, this.valueOf(value, depth + 1));
      return best;
    }
    return undefined;
  }

  /** `conn.peer_certificates().map(|chain| ..)`, `chain.iter().for_each(|cert| ..)`, `.enumerate().map(|(i, cert)| ..)`. */
  private closureParamValue(
    closure: Node,
    pattern: Node | null | undefined,
    name: string,
    depth: number,
  ): CertValue | undefined {
    const call = closure.parent?.type === 'arguments' ? closure.parent.parent : undefined;
    if (!call || call.type !== 'call_expression') return undefined;
    const { method, receiver } = describeCall(call);
    if (!method || !receiver) return undefined;
    const recv = this.valueOf(receiver, depth);
    if (!recv) return undefined;
    let seen: CertValue | undefined = recv;
    if (isIteratorContext(receiver, method)) seen = recv.many ? { kind: recv.kind, many: false } : undefined;
    if (!seen) return undefined;
    let p = pattern;
    while (p && (p.type === 'reference_pattern' || p.type === 'mut_pattern' || p.type === 'ref_pattern'))
      p = namedChildren(p)[0];
    if (p?.type === 'identifier') return seen;
    if (p?.type === 'tuple_pattern' && PAIR_SOURCE.test(receiverText(receiver))) {
      const items = patternItems(p);
      return items.length === 2 && patternBinds(items[1], name) ? seen : undefined;
    }
    return undefined;
  }

  /** Calls of a crate function (only distinctive names: calls of `new` could be of anything). */
  private callSites(fn: Node): Node[] {
    const name = fn.childForFieldName('name')?.text ?? '';
    if (
      this.crate.functions(name).length !== 1 ||
      /^(new|build|default|from|into|get|run|main|handle|call|fmt)$/.test(name)
    )
      return [];
    const isMethod = fn.parent?.type === 'declaration_list';
    return this.crate.callsNamed(name).filter((call) => isMethod || !describeCall(call).method);
  }

  /** The connection is visibly a client's: built by a connector, a client stream type, a reqwest response. */
  private isClientConnection(receiver: Node): boolean {
    const seen: string[] = [];
    let node: Node | undefined = receiver;
    for (let hop = 0; node && hop < 6; hop++) {
      seen.push(node.text);
      const id = rootIdentifier(node);
      if (!id) break;
      const b = findBindingAcrossMacros(id.text, id, this.crate);
      if (!b) break;
      if (b.type) seen.push(b.type.text);
      if (b.kind === 'param') {
        if (b.node.type === 'parameter') seen.push(b.node.childForFieldName('type')?.text ?? '');
        break;
      }
      node = b.value;
    }
    const text = seen.join('\n');
    return CLIENT_CONNECTION.test(text) && !SERVER_CONNECTION.test(text);
  }

  /** Bytes of unknown origin given to a parser: the peer's only when the parameter says so. */
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
    if (b?.kind !== 'param' || b.node.parent?.parent?.type !== 'function_item') return undefined;
    return /peer|client|presented|end_entity/i.test(node.text) ? { kind: 'der', many: false } : undefined;
  }
}

/** True when a closure given to `method` on `receiver` sees the elements of a sequence. */
function isIteratorContext(receiver: Node, method: string): boolean {
  if (ITERATOR_ONLY_METHODS.has(method)) return true;
  let node = receiver;
  while (node.type === 'parenthesized_expression' || node.type === 'try_expression')
    node = namedChildren(node)[0] ?? node;
  if (node.type !== 'call_expression') return false;
  const m = describeCall(node).method;
  return !!m && ITERATOR_PRODUCERS.has(m);
}

/** The elements of a tuple pattern, `_` included. */
function patternItems(p: Node): Node[] {
  return p.children.filter(
    (c): c is Node => c !== null && !['(', ')', ',', 'line_comment', 'block_comment'].includes(c.type),
  );
}

function receiverText(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** Format-string captures of a macro's own string arguments (`{cert:?}`), nested macros included. */
function capturesOf(macro: Node): string[] {
  const out: string[] = [];
  for (const s of macro.descendantsOfType(['string_literal', 'raw_string_literal'])) {
    if (s) out.push(...formatCaptures(s.text));
  }
  return out;
}

/** For tests and other rules: does `expr` (in a file's tree) carry peer-certificate data? */
export function certificateDataIn(ctx: RuleContext, expr: Node): boolean {
  return !!new CertFlow(ctx.crate).valueOf(expr, 0);
}
