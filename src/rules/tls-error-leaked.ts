// Rule 10: the text of a TLS/certificate error sent back in an HTTP response.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import type { CrateModel, SourceFile } from '../model/crate.js';
import { chainOf, findBinding, localFunctions, patternBinds, type Binding } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { FORMAT_MACROS, findBindingAcrossMacros, macroName, readMacro, tokensOf } from '../model/macros.js';
import { attributesOf } from '../model/code-kind.js';
import {
  ancestors,
  callArguments,
  describeCall,
  descendantsOfType,
  enclosing,
  methodNameNode,
  namedChildren,
  pathSegments,
  returnedExpressions,
} from '../model/syntax.js';

/** Error types whose text describes a TLS handshake or certificate failure (resolved path suffixes). */
const TLS_ERROR_TYPES = [
  'rustls::Error',
  'rustls::TLSError',
  'rustls::CertificateError',
  'rustls::client::VerifierBuilderError',
  'rustls::server::VerifierBuilderError',
  'rustls::server::ClientCertVerifierBuilderError',
  'rustls::pki_types::pem::Error',
  'webpki::Error',
  'openssl::error::ErrorStack',
  'openssl::ssl::Error',
  'openssl::ssl::HandshakeError',
  'openssl::error::Error',
  'native_tls::Error',
  'native_tls::HandshakeError',
  'reqwest::Error',
  'reqwest_middleware::Error',
  'hyper_rustls::Error',
];
/** Names distinctive enough to count even when their import is not visible. */
const DISTINCTIVE_TLS_ERRORS = new Set([
  'TLSError',
  'ErrorStack',
  'CertificateError',
  'VerifierBuilderError',
  'ClientCertVerifierBuilderError',
]);
/** Crates whose fallible calls fail with TLS/certificate errors. */
const TLS_CRATES = new Set([
  'rustls',
  'webpki',
  'openssl',
  'native_tls',
  'tokio_native_tls',
  'tokio_rustls',
  'tokio_openssl',
  'hyper_rustls',
  'rustls_platform_verifier',
]);
/** Methods that run certificate verification (rustls verifiers, webpki). */
const VERIFY_METHODS = new Set([
  'verify_client_cert',
  'verify_server_cert',
  'verify_for_usage',
  'verify_is_valid_tls_client_cert',
  'verify_is_valid_tls_server_cert',
  'verify_is_valid_for_subject_name',
  'verify_is_valid_for_dns_name',
  'verify_cert',
]);
/** Handshake methods: fail with the TLS error when the receiver is a TLS acceptor/connector. */
const HANDSHAKE_METHODS = new Set(['accept', 'connect', 'accept_with', 'connect_with', 'handshake']);
const TLS_ENDPOINT_TYPE =
  /\b(TlsAcceptor|TlsConnector|SslAcceptor|SslConnector|LazyConfigAcceptor|RustlsAcceptor|SslStream)\b/;
/** Closure-taking methods of `Result` whose closure receives the error. */
const ERROR_CLOSURE_METHODS = new Set(['map_err', 'unwrap_or_else', 'or_else', 'inspect_err', 'map_or_else']);
/** Methods of an error that produce its text. */
const TEXT_METHODS = new Set([
  'to_string',
  'description',
  'root_cause',
  'source',
  'chain',
  'as_ref',
  'into_inner',
  'get_ref',
]);
/** Response-body constructors (path tails), checked with the file's imports. */
const BODY_CONSTRUCTORS = [
  'Json',
  'Html',
  'Body::from',
  'Body::new',
  'Full::new',
  'Full::from',
  'Response::new',
  'ErrorResponse::from',
];
const BODY_CRATES = new Set(['axum', 'hyper', 'http', 'http_body_util', 'axum_core', 'actix_web', 'warp', 'poem']);
/** reqwest client settings that make it a TLS/mTLS client of a private service. */
const REQWEST_TLS_SETUP =
  /\.(identity|add_root_certificate|use_preconfigured_tls|tls_built_in_root_certs|tls_built_in_webpki_certs|tls_built_in_native_certs|tls_certs_only|tls_certs_merge|tls_backend_preconfigured|danger_accept_invalid_certs|tls_danger_accept_invalid_certs|danger_accept_invalid_hostnames|min_tls_version|tls_version_min|use_rustls_tls|add_crls?)\s*\(|Identity::from_(pem|pkcs8_pem|pkcs12_der)/;
const ROUTING_CALLS = new Set([
  'get',
  'post',
  'put',
  'delete',
  'patch',
  'head',
  'options',
  'any',
  'on',
  'from_fn',
  'from_fn_with_state',
  'map_request',
  'map_response',
  'get_service',
  'post_service',
  'route',
  'to',
]);

/** Words that name where a TLS error comes from: the crates, their distinctive types and endpoints. */
const TLS_SOURCE_WORDS = [
  'rustls',
  'webpki',
  'openssl',
  'native_tls',
  'reqwest',
  'TLSError',
  'ErrorStack',
  'CertificateError',
  'VerifierBuilderError',
  'TlsAcceptor',
  'TlsConnector',
  'SslAcceptor',
  'SslConnector',
  'LazyConfigAcceptor',
  'RustlsAcceptor',
  'SslStream',
];
/** Calls whose errors are recognised by method name and receiver (verification, handshakes, reqwest sends). */
const TLS_CALL_WORDS = ['verify_', 'accept', 'connect', 'handshake', 'send', 'execute'];

/**
 * The names a file declares that can carry a TLS error into another file, read from its text (for
 * the prefilter; over-approximates): names it imports from TLS code (`use rustls::Error as TlsError`,
 * `pub use`), type aliases and enums that name a TLS error or a carrier, and functions returning
 * `Result<_, E>` with such an `E`, or with `String` (a handler, which counts once it is routed). Undefined ("cannot tell") for text whose declarations overlap
 * far more than code's do (generated or hostile input): reading it would cost more than parsing.
 */
function tlsErrorCarriers(text: string, isCarrier: (name: string) => boolean): string[] | undefined {
  const found = new Set<string>();
  const carries = (part: string) =>
    TLS_SOURCE_WORDS.some((w) => part.includes(w)) ||
    (part.match(/[A-Za-z_]\w*/g) ?? []).some((id) => found.has(id) || isCarrier(id));
  let budget = 4 * text.length + 100_000;
  const declarations = (keyword: RegExp, stops: string) => {
    const out: Array<{ name: string; rest: string }> = [];
    for (const m of text.matchAll(keyword)) {
      const rest = declarationText(text, (m.index ?? 0) + m[0].length, stops);
      budget -= rest.length;
      if (budget < 0) return undefined;
      out.push({ name: m[1], rest });
    }
    return out;
  };
  const uses = declarations(/\buse\s+/g, ';');
  const aliases = uses && declarations(/\btype\s+([A-Za-z_]\w*)/g, ';');
  const enums = aliases && declarations(/\benum\s+([A-Za-z_]\w*)/g, '');
  const fns = enums && declarations(/\bfn\s+([A-Za-z_]\w*)/g, '{;');
  if (!uses || !aliases || !enums || !fns) return undefined;
  for (const { rest } of uses) {
    if (!carries(rest)) continue;
    for (const leaf of rest.matchAll(/([A-Za-z_]\w*)\s*(?=,|\}|$)/g))
      if (!['self', 'super', 'crate'].includes(leaf[1])) found.add(leaf[1]);
  }
  for (const { name, rest } of aliases)
    if (rest.includes('=') && carries(rest.slice(rest.indexOf('=')))) found.add(name);
  for (const { name, rest } of enums) if (carries(rest)) found.add(name);
  for (const { name, rest } of fns) {
    const arrow = returnArrow(rest);
    const error = arrow >= 0 ? resultErrorType(rest.slice(arrow + 2)) : undefined;
    // A handler returning `Result<_, String>` next to TLS code: the file routing it must be read.
    if (error !== undefined && (carries(error) || error.trim() === 'String')) found.add(name);
  }
  return [...found];
}

/** Where a signature's return type starts: the first `->` outside the parameters' parentheses. */
function returnArrow(signature: string): number {
  let depth = 0;
  for (let i = 0; i < signature.length - 1; i++) {
    const c = signature[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '-' && signature[i + 1] === '>' && depth === 0) return i;
  }
  return -1;
}

/** Longest declaration read; a longer one is cut there (which can only add names). */
const MAX_DECLARATION = 8000;

/**
 * The text of a declaration from `from`: up to the first of `stops` (a `use` up to its `;`, a
 * function signature up to its body), or with no stops an item's braced body.
 */
function declarationText(text: string, from: number, stops: string): string {
  const end = Math.min(text.length, from + MAX_DECLARATION);
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (stops === '') {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return text.slice(from, i + 1);
      else if (c === ';' && depth === 0) return text.slice(from, i);
    } else if (stops.includes(c)) return text.slice(from, i);
  }
  return text.slice(from, end);
}

/** `E` of a return type `Result<T, E>` (any path to `Result`); the whole text when it cannot tell; undefined for one-argument `Result`s and other types. */
function resultErrorType(returnType: string): string | undefined {
  const m = /\bResult\s*</.exec(returnType);
  if (!m) return undefined;
  let depth = 0;
  let comma = -1;
  for (let i = m.index + m[0].length; i < returnType.length; i++) {
    const c = returnType[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if ((c === '>' && returnType[i - 1] !== '-') || c === ')' || c === ']') {
      if (depth === 0) return comma < 0 ? undefined : returnType.slice(comma + 1, i);
      depth--;
    } else if (c === ',' && depth === 0) comma = i;
  }
  return returnType;
}

export const rule: Rule = {
  meta: {
    id: 'tls-error-leaked',
    name: 'TlsErrorLeaked',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: 209,
    precision: 'high',
    keywords: [
      'StatusCode',
      'IntoResponse',
      'into_response',
      'Response',
      'Json',
      'Html',
      'Status::',
      'String>',
      'reqwest',
    ],
    // A TLS error exists only where the crate names a TLS crate, error type, verifier or endpoint, or sets up reqwest TLS (REQWEST_TLS_SETUP).
    crateKeywords: [
      'rustls',
      'webpki',
      'openssl',
      'native_tls',
      'TLSError',
      'ErrorStack',
      'CertificateError',
      'VerifierBuilderError',
      'verify_client_cert',
      'verify_server_cert',
      'verify_for_usage',
      'verify_is_valid',
      'verify_cert',
      'TlsAcceptor',
      'TlsConnector',
      'SslAcceptor',
      'SslConnector',
      'LazyConfigAcceptor',
      'RustlsAcceptor',
      'SslStream',
      'identity',
      'Identity::from_',
      'add_root_certificate',
      'use_preconfigured_tls',
      'tls_built_in_',
      'tls_certs_',
      'tls_backend_preconfigured',
      'danger_accept_invalid_',
      'min_tls_version',
      'tls_version_min',
      'use_rustls_tls',
      'add_crl',
    ],
    // A response leaks a TLS error only where one can be in scope: the file names a TLS crate or
    // call, or a crate function, error enum or alias that carries one (declared elsewhere).
    sources: { keywords: [...TLS_SOURCE_WORDS, ...TLS_CALL_WORDS], carriers: tlsErrorCarriers },
    messages: {
      leak: {
        message: 'this {where} sends the text of a TLS error to the client',
        label: 'TLS error text',
        note: '`{name}` is {what}. TLS error details help an attacker probe certificate checks and map internal services.',
        help: 'Log the error on the server and answer with a generic message.',
      },
      mapErrLeak: {
        message: 'this `map_err({fn})` sends the text of a TLS error to the client',
        label: 'TLS error text',
        note: 'The error is {what}, and `{fn}` puts its text in the response. TLS error details help an attacker probe certificate checks and map internal services.',
        help: 'Log the error on the server and answer with a generic message.',
      },
    },
    docs: {
      summary: 'The text of a TLS or certificate error is sent back in an HTTP response.',
      whatItDoes:
        'Flags HTTP responses whose body carries the text of a TLS/certificate error: `format!("..{err}..")`, `err.to_string()` or `json!({"error": err.to_string()})` in a `(StatusCode, body)` tuple, `.into_response()`, `Json(..)`/`Html(..)`/`Body::from(..)`, a `Response::builder().body(..)`, a tonic `Status`, or the `String` error of a handler. The error counts as a TLS error when its type is known: a declared `rustls::Error`/`TLSError`/`CertificateError`, webpki `Error`, OpenSSL `ErrorStack`, `native_tls::Error` or `reqwest::Error`; the `Err` of a reqwest `.send().await`, of a `verify_client_cert(..)`/`verify_server_cert(..)`/webpki verification, of a TLS acceptor/connector handshake or of an OpenSSL/rustls call; a crate function declared to return one; the variant of an error enum wrapping one (in `IntoResponse` impls), and `self.to_string()` of such an enum whose `Display` shows the inner error.',
      whyIsThisBad:
        'TLS error text tells an attacker how the service verifies certificates and what it talks to: which CA rejected a certificate, why (expired, unknown issuer, wrong name, revoked), the internal hostnames and addresses of upstream services, library versions. It turns a closed door into a guided probing tool for forged or stolen client certificates and maps the internal network (CWE-209). The caller needs a status code and a generic message; the details belong in the server log.',
      knownLimits:
        'Errors whose type is not visible are not reported: `anyhow::Error`/`Box<dyn Error>` values (even when they wrap a TLS error), errors converted to `String` in another function before they reach the response, and error enums whose `Display` is written in a way that is not a `thiserror` attribute or a plain `match` in `impl Display`. Response helpers of the crate other than the axum/hyper/http constructors are not followed. Handlers returning `Result<_, String>` are recognised only when they are routed in this crate.',
      badExample: `async fn get_invoice(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match state.billing.get(format!("https://billing.internal/invoices/{id}")).send().await {
        Ok(resp) => (StatusCode::OK, resp.text().await.unwrap_or_default()).into_response(),
        Err(err) => (StatusCode::BAD_GATEWAY, format!("billing TLS error: {err:?}")).into_response(),
    }
}`,
      goodExample: `        Err(err) => {
            tracing::warn!(error = %err, "billing call failed");
            (StatusCode::BAD_GATEWAY, "upstream unavailable").into_response()
        }`,
      howToFix:
        "Log the error on the server (`tracing::warn!(error = %err, ..)`) and return a status code with a fixed, generic message. In an `IntoResponse` impl, match the TLS variants and return a generic body for them instead of the error's `Display`.",
      references: [
        'https://cwe.mitre.org/data/definitions/209.html',
        'https://docs.rs/axum/latest/axum/error_handling/index.html',
        'https://docs.rs/rustls/latest/rustls/enum.Error.html',
        'https://docs.rs/reqwest/latest/reqwest/struct.Error.html',
        'https://owasp.org/www-community/Improper_Error_Handling',
      ],
    },
  },

  create(ctx) {
    const leaks = new Leaks(ctx);
    return {
      tuple_expression(tuple) {
        const items = namedChildren(tuple).filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
        if (items.length < 2 || !isStatusCode(items[0], ctx.file)) return;
        for (const item of items.slice(1)) leaks.check(item, 'response tuple');
      },
      call_expression(call) {
        leaks.checkCall(call);
      },
      struct_expression(node) {
        // `ApiError { status: StatusCode::BAD_GATEWAY, message: e.to_string() }`: a response in the making.
        const body = node.childForFieldName('body');
        const fields = body ? namedChildren(body).filter((f) => f.type === 'field_initializer') : [];
        const status = fields.find((f) => {
          const v = f.childForFieldName('value');
          return v && isStatusCode(v, ctx.file, true);
        });
        if (!status) return;
        for (const f of fields)
          if (f.id !== status.id) leaks.check(f.childForFieldName('value') ?? f, 'error response');
      },
    };
  },
};

/**
 * `StatusCode::FORBIDDEN`, `http::StatusCode::from_u16(..)`, `resp.status()`, a variable named
 * `status` (not in `strict` mode, where only a written `StatusCode` counts).
 */
function isStatusCode(node: Node, file: SourceFile, strict = false): boolean {
  let n = node;
  while (n.type === 'try_expression' || n.type === 'parenthesized_expression') n = namedChildren(n)[0] ?? n;
  if (n.type === 'scoped_identifier')
    return (
      pathSegments(n).includes('StatusCode') ||
      pathEndsWith(file.names.resolve(n), 'StatusCode::' + pathSegments(n).at(-1))
    );
  if (strict) return false;
  if (n.type === 'identifier') return /^(status|status_code|code)$/.test(n.text);
  if (n.type === 'call_expression') {
    const d = describeCall(n);
    if (d.method === 'status') return true;
    if (d.method && ['unwrap', 'expect', 'unwrap_or'].includes(d.method) && d.receiver)
      return isStatusCode(d.receiver, file);
    return !!d.path && pathSegments(d.path).includes('StatusCode');
  }
  return false;
}

interface TlsError {
  /** What the error is, for the message: "a `reqwest::Error` from `.send()`". */
  what: string;
}

interface Leak {
  node: Node;
  name: string;
  error: TlsError;
}

/** Per-crate facts: error enums with TLS variants, struct field types, routed handler names. */
interface CrateFacts {
  enums: Map<string, EnumInfo>;
  fieldTypes: Map<string, Array<{ type: Node; file: SourceFile }>>;
  handlers: Set<string>;
  /** The crate configures TLS on a reqwest client (client identity, private roots, versions): its errors are mTLS/TLS errors. */
  reqwestTls: boolean;
}

interface VariantInfo {
  name: string;
  /** TLS error type of each field, by position (tuple variants) or name (struct variants). */
  tlsFields: Map<string, string>;
  /** The variant's `Display` shows the TLS field (`#[error("..{0}")]`, `transparent`, a `match` arm of `impl Display`). */
  displaysInner: boolean;
}

interface EnumInfo {
  name: string;
  variants: Map<string, VariantInfo>;
}

const factsCache = new WeakMap<CrateModel, CrateFacts>();

function crateFacts(crate: CrateModel): CrateFacts {
  let facts = factsCache.get(crate);
  if (facts) return facts;
  facts = { enums: new Map(), fieldTypes: new Map(), handlers: new Set(), reqwestTls: false };
  for (const file of crate.files) {
    const root = file.tree.rootNode;
    if (/\breqwest\b/.test(file.text) && REQWEST_TLS_SETUP.test(file.text)) facts.reqwestTls = true;
    for (const decl of descendantsOfType(root, 'field_declaration')) {
      const name = decl.childForFieldName('name')?.text;
      const type = decl.childForFieldName('type');
      if (!name || !type) continue;
      const list = facts.fieldTypes.get(name) ?? [];
      list.push({ type, file });
      facts.fieldTypes.set(name, list);
    }
    for (const item of descendantsOfType(root, 'enum_item')) {
      const info = enumInfo(item, file);
      if (info.variants.size > 0) facts.enums.set(info.name, info);
    }
    for (const call of descendantsOfType(root, 'call_expression')) {
      const d = describeCall(call);
      const callee = d.method ?? (d.path ? pathSegments(d.path).at(-1) : undefined);
      if (!callee || !ROUTING_CALLS.has(callee)) continue;
      for (const arg of callArguments(call)) {
        if (arg.type === 'identifier' || arg.type === 'scoped_identifier')
          facts.handlers.add(pathSegments(arg).at(-1) ?? '');
      }
    }
  }
  for (const info of facts.enums.values()) markManualDisplay(info, crate);
  factsCache.set(crate, facts);
  return facts;
}

function enumInfo(item: Node, file: SourceFile): EnumInfo {
  const info: EnumInfo = { name: item.childForFieldName('name')?.text ?? '', variants: new Map() };
  const body = item.childForFieldName('body');
  for (const variant of body ? namedChildren(body).filter((c) => c.type === 'enum_variant') : []) {
    const name = variant.childForFieldName('name')?.text ?? '';
    const tlsFields = new Map<string, string>();
    const fields = variant.childForFieldName('body');
    if (fields?.type === 'ordered_field_declaration_list') {
      namedChildren(fields)
        .filter((c) => c.type !== 'attribute_item' && c.type !== 'visibility_modifier' && !c.type.endsWith('comment'))
        .forEach((type, i) => {
          const t = tlsErrorTypeName(type, file);
          if (t) tlsFields.set(String(i), t);
        });
    } else if (fields?.type === 'field_declaration_list') {
      for (const decl of namedChildren(fields).filter((c) => c.type === 'field_declaration')) {
        const type = decl.childForFieldName('type');
        const t = type ? tlsErrorTypeName(type, file) : undefined;
        if (t) tlsFields.set(decl.childForFieldName('name')?.text ?? '', t);
      }
    }
    if (tlsFields.size === 0) continue;
    const errorAttr = attributesOf(variant)
      .map((a) => a.text.replace(/\s+/g, ''))
      .find((t) => /^#\[error\(/.test(t));
    const displaysInner =
      !!errorAttr &&
      (errorAttr.includes('transparent') ||
        [...tlsFields.keys()].some((k) =>
          new RegExp(`\\{${k}(:[^}]*)?\\}|\\b${k}\\b\\s*[,)]|\\.${k}\\b`).test(errorAttr),
        ));
    info.variants.set(name, { name, tlsFields, displaysInner });
  }
  return info;
}

/** `impl Display for AppError { fn fmt(..) { match self { AppError::Tls(e) => write!(f, "{e}"), .. } } }`. */
function markManualDisplay(info: EnumInfo, crate: CrateModel): void {
  const impl = crate.implFor(info.name, 'Display');
  const fmt = impl?.methods.get('fmt');
  if (!fmt) return;
  for (const arm of descendantsOfType(fmt, 'match_arm')) {
    const pattern = arm.childForFieldName('pattern');
    const value = arm.childForFieldName('value');
    if (!pattern || !value) continue;
    for (const variant of info.variants.values()) {
      if (!new RegExp(`\\b${variant.name}\\b`).test(pattern.text)) continue;
      const bound = descendantsOfType(pattern, ['identifier', 'shorthand_field_identifier'])
        .map((i) => i.text)
        .filter((n) => n !== variant.name && n !== '_' && !/^[A-Z]/.test(n));
      if (bound.some((b) => new RegExp(`\\b${b}\\b`).test(value.text))) variant.displaysInner = true;
    }
  }
}

/** The TLS error type a type expression names (`rustls::Error`, `&ErrorStack`, `Box<native_tls::Error>`), if any. */
function tlsErrorTypeName(type: Node, file: SourceFile): string | undefined {
  let t = type;
  for (let guard = 0; guard < 6; guard++) {
    if (t.type === 'reference_type') {
      t = t.childForFieldName('type') ?? t;
      continue;
    }
    if (t.type === 'generic_type') {
      const base = t.childForFieldName('type');
      const arg = t.childForFieldName('type_arguments');
      const inner = arg ? namedChildren(arg)[0] : undefined;
      if (base && inner && ['Box', 'Arc', 'Rc'].includes(pathSegments(base).at(-1) ?? '')) {
        t = inner;
        continue;
      }
      return undefined;
    }
    break;
  }
  if (t.type !== 'type_identifier' && t.type !== 'scoped_type_identifier') return undefined;
  const resolved = file.names.resolve(t);
  if (pathEndsWith(resolved, ...TLS_ERROR_TYPES)) return resolved.join('::');
  const last = resolved.at(-1) ?? '';
  return DISTINCTIVE_TLS_ERRORS.has(last) && (resolved.length === 1 || TLS_CRATES.has(resolved[0])) ? last : undefined;
}

/** Finds TLS error text in response bodies of one file. */
class Leaks {
  private readonly reported = new Set<number>();
  private readonly facts: CrateFacts;

  constructor(private readonly ctx: RuleContext) {
    this.facts = crateFacts(ctx.crate);
  }

  checkCall(call: Node): void {
    const { method, receiver, path } = describeCall(call);
    const args = callArguments(call);
    if (method === 'into_response' && receiver && receiver.type !== 'tuple_expression') {
      this.check(receiver, 'response');
      return;
    }
    if (method === 'body' && args.length === 1 && receiver && this.isResponseBuilder(receiver)) {
      this.check(args[0], 'response body');
      return;
    }
    if (path) {
      const resolved = this.ctx.file.names.resolve(path);
      const segs = pathSegments(path);
      if (pathEndsWith(segs, ...BODY_CONSTRUCTORS) && this.isHttpPath(resolved)) {
        for (const a of args) this.check(a, 'response body');
        return;
      }
      if (
        (resolved[0] === 'tonic' && resolved.at(-2) === 'Status') ||
        (segs.at(-2) === 'Status' && /\btonic\b/.test(this.ctx.file.text))
      ) {
        for (const a of args) this.check(a, 'gRPC status');
        return;
      }
      if (segs.length === 1 && segs[0] === 'Err' && args.length === 1 && this.inStringErrorHandler(call)) {
        this.check(args[0], 'handler error');
        return;
      }
    }
    // `ApiError::new(StatusCode::BAD_GATEWAY, e.to_string())`, `error_response(StatusCode::FORBIDDEN, &msg)`.
    if (args.length >= 2 && args.some((a) => isStatusCode(a, this.ctx.file, true))) {
      for (const a of args) if (!isStatusCode(a, this.ctx.file, true)) this.check(a, 'error response');
    }
    // `.map_err(internal_error)?` where the crate's `fn internal_error(err) -> (StatusCode, String)` puts `err`'s text in the body.
    if (
      method === 'map_err' &&
      receiver &&
      args.length === 1 &&
      (args[0].type === 'identifier' || args[0].type === 'scoped_identifier')
    ) {
      const fns = localFunctions(pathSegments(args[0]), this.ctx.crate);
      const error = fns.length === 1 && this.functionSendsParamText(fns[0]) ? this.resultError(receiver) : undefined;
      if (error && !this.reported.has(call.id)) {
        this.reported.add(call.id);
        this.ctx.report({
          node: methodNameNode(call),
          messageId: 'mapErrLeak',
          data: { fn: args[0].text, what: error.what },
        });
      }
    }
    // `.map_err(|e| e.to_string())?` in a handler returning `Result<_, String>`.
    if (method === 'map_err' && call.parent?.type === 'try_expression' && this.inStringErrorHandler(call)) {
      const closure = args[0];
      const body = closure?.type === 'closure_expression' ? closure.childForFieldName('body') : undefined;
      if (body) this.check(body, 'handler error');
    }
  }

  /** `fn internal_error<E: Display>(err: E) -> (StatusCode, String) { (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()) }`. */
  private functionSendsParamText(fn: Node): boolean {
    const params = fn.childForFieldName('parameters');
    const first = params ? namedChildren(params).find((p) => p.type === 'parameter') : undefined;
    const name = first?.childForFieldName('pattern')?.text;
    const body = fn.childForFieldName('body');
    if (!name || !/^[a-z_][a-z0-9_]*$/.test(name) || !body) return false;
    const uses = new RegExp(`\\b${name}\\b\\s*\\.\\s*to_string\\(|\\{${name}(:[^}]*)?\\}|format!\\([^)]*\\b${name}\\b`);
    return returnedExpressions(body).some((r) => {
      if (r.type === 'tuple_expression') {
        const items = namedChildren(r).filter((c) => !c.type.endsWith('comment'));
        return (
          items.length >= 2 && isStatusCode(items[0], this.fileOf(r)) && items.slice(1).some((i) => uses.test(i.text))
        );
      }
      return /into_response|Json|Html|Response/.test(r.text) && uses.test(r.text);
    });
  }

  /** `Response::builder()…` / `HttpResponse::Ok()…` chains. */
  private isResponseBuilder(receiver: Node): boolean {
    const chain = chainOf(receiver, this.ctx.crate);
    const root = chain.rootPath ? this.ctx.file.names.resolve(chain.rootPath.join('::')) : [];
    return pathEndsWith(root, 'Response::builder', 'HttpResponse::build') || root.at(-2) === 'HttpResponse';
  }

  private isHttpPath(resolved: string[]): boolean {
    if (resolved.length > 1) return BODY_CRATES.has(resolved[0]);
    return /\b(axum|hyper|actix_web|poem|warp)\b/.test(this.ctx.file.text);
  }

  /** An async handler routed in this crate that returns `Result<_, String>`. */
  private inStringErrorHandler(node: Node): boolean {
    const fn = enclosing(node, ['function_item']);
    if (!fn) return false;
    const ret = fn.childForFieldName('return_type')?.text.replace(/\s+/g, '') ?? '';
    if (!/^Result<.*,String>$/.test(ret)) return false;
    return this.facts.handlers.has(fn.childForFieldName('name')?.text ?? '');
  }

  /** Reports TLS error text found in `expr`, a part of a response. */
  check(expr: Node, where: string): void {
    for (const leak of this.textIn(expr, 0)) {
      if (this.reported.has(leak.node.id)) continue;
      this.reported.add(leak.node.id);
      this.ctx.report({
        node: leak.node,
        messageId: 'leak',
        data: { where, name: leak.name, what: leak.error.what },
      });
    }
  }

  /** Places in `expr` that turn a TLS error into text. */
  private textIn(expr: Node, depth: number): Leak[] {
    if (depth > 3) return [];
    const out: Leak[] = [];
    const seen = new Set<number>();
    const visit = (node: Node) => {
      if (seen.has(node.id)) return;
      seen.add(node.id);
      if (node.type === 'macro_invocation') {
        out.push(...this.macroText(node));
        return;
      }
      if (node.type === 'closure_expression') return;
      if (node.type === 'call_expression') {
        const d = describeCall(node);
        if (d.method && TEXT_METHODS.has(d.method) && d.receiver) {
          const recv = stripRefs(d.receiver);
          const error =
            recv.type === 'identifier' || recv.type === 'self'
              ? this.errorNamed(recv.text, recv)
              : this.errorExpr(recv);
          if (error) {
            out.push({ node, name: recv.text, error });
            return;
          }
        }
      }
      if (node.type === 'identifier' && isValueUse(node)) {
        // A local text variable: `let msg = format!("..{e}")`, `let (status, message) = match self { .. }`.
        out.push(...this.textOfLocal(node, depth));
        return;
      }
      for (const c of namedChildren(node)) visit(c);
    };
    visit(expr);
    return out;
  }

  private textOfLocal(ident: Node, depth: number): Leak[] {
    const b = findBinding(ident, this.ctx.crate);
    if (!b || b.kind !== 'let' || !b.value) return [];
    const pattern = b.node.childForFieldName('pattern');
    if (pattern?.type === 'identifier' || pattern?.type === 'mut_pattern') return this.textIn(b.value, depth + 1);
    if (pattern?.type === 'tuple_pattern') {
      const items = pattern.children.filter((c): c is Node => c !== null && !['(', ')', ','].includes(c.type));
      const index = items.findIndex((c) => patternBinds(c, ident.text));
      if (index < 0) return [];
      const out: Leak[] = [];
      for (const r of returnedExpressions(b.value)) {
        if (r.type !== 'tuple_expression') continue;
        const element = namedChildren(r).filter((c) => !c.type.endsWith('comment'))[index];
        if (element) out.push(...this.textIn(element, depth + 1));
      }
      return out;
    }
    return [];
  }

  /** `format!("..{err}..")`, `json!({"error": e.to_string()})`, `anyhow!(e)`. */
  private macroText(macro: Node): Leak[] {
    const name = macroName(macro);
    if (!FORMAT_MACROS.has(name) && name !== 'vec') return [];
    const use = readMacro(macro);
    const names = new Set<string>([...use.variables.map((v) => v.text), ...use.captures]);
    for (const call of use.calls) {
      if (TEXT_METHODS.has(call.name) && (call.receiver || call.receiverText === 'self'))
        names.add(call.receiver?.text ?? 'self');
    }
    // `format!("{}", self)` / `format!("{self}")`: the value's Display.
    const tokens = tokensOf(macro);
    if (tokens.some((t, i) => t.text === 'self' && tokens[i + 1]?.text !== '.' && tokens[i - 1]?.text !== '.'))
      names.add('self');
    for (const n of names) {
      const error = this.errorNamed(n, macro);
      if (error) return [{ node: macro, name: n, error }];
    }
    return [];
  }

  /** The TLS error a name holds at `at` (`err` bound by `Err(err)`, a `map_err` closure, a typed parameter, `self`). */
  private errorNamed(name: string, at: Node): TlsError | undefined {
    if (name === 'self') return this.selfError(at);
    const b = findBindingAcrossMacros(name, at, this.ctx.crate);
    return b ? this.bindingError(b, name) : undefined;
  }

  private selfError(at: Node): TlsError | undefined {
    const impl = enclosing(at, ['impl_item']);
    const type = impl?.childForFieldName('type');
    const typeName = type
      ? pathSegments(type.type === 'generic_type' ? (type.childForFieldName('type') ?? type) : type).at(-1)
      : undefined;
    return typeName ? this.enumError(typeName) : undefined;
  }

  /** An error enum of the crate whose `Display` shows a wrapped TLS error. */
  /** reqwest errors count only in crates that set up TLS on their reqwest clients. */
  private isTlsType(name: string): boolean {
    return !/^reqwest/.test(name) || this.facts.reqwestTls;
  }

  private enumError(typeName: string): TlsError | undefined {
    const info = this.facts.enums.get(typeName);
    const variant = info
      ? [...info.variants.values()].find(
          (v) => v.displaysInner && [...v.tlsFields.values()].some((t) => this.isTlsType(t)),
        )
      : undefined;
    return variant
      ? {
          what: `a \`${typeName}\`, whose \`${variant.name}\` variant displays a wrapped \`${[...variant.tlsFields.values()][0]}\``,
        }
      : undefined;
  }

  private bindingError(b: Binding, name: string): TlsError | undefined {
    if (b.kind === 'param') {
      const owner = b.node.parent?.parent;
      if (owner?.type === 'closure_expression') return this.closureParamError(owner, b.node);
      const type = b.node.type === 'parameter' ? b.node.childForFieldName('type') : undefined;
      if (!type) return undefined;
      return this.typeError(type, this.fileOf(type));
    }
    if (b.kind === 'static' || !b.value) return undefined;
    const pattern = b.node.childForFieldName('pattern');
    if (b.kind === 'let' && b.type && pattern?.type === 'identifier')
      return this.typeError(b.type, this.fileOf(b.type));
    if (pattern && pattern.type !== 'identifier' && pattern.type !== 'mut_pattern')
      return this.patternError(pattern, name, b.value, b.node);
    if (b.kind === 'let') {
      // `let e = res.unwrap_err()`, `let e = res.err().unwrap()`.
      const chain = chainOf(b.value, this.ctx.crate);
      const last = chain.steps.at(-1)?.name;
      if (last === 'unwrap_err' || last === 'expect_err' || chain.steps.some((s) => s.name === 'err')) {
        const errStep = chain.steps.findIndex(
          (s) => s.name === 'unwrap_err' || s.name === 'expect_err' || s.name === 'err',
        );
        const result = describeCall(chain.steps[errStep].call).receiver;
        return result ? this.resultError(result) : undefined;
      }
      return this.errorExpr(b.value);
    }
    return undefined;
  }

  /** `Err(e)` of a TLS result; `AppError::Tls(e)` / `Self::Tls { source }` of an enum variant wrapping a TLS error. */
  private patternError(pattern: Node, name: string, value: Node, declaring: Node): TlsError | undefined {
    let p: Node | undefined = pattern;
    while (p && (p.type === 'match_pattern' || p.type === 'reference_pattern' || p.type === 'mut_pattern'))
      p = namedChildren(p)[0];
    if (!p) return undefined;
    if (p.type === 'tuple_struct_pattern' || p.type === 'struct_pattern') {
      const type = p.childForFieldName('type');
      const segs = type ? pathSegments(type) : [];
      const variant = segs.at(-1) ?? '';
      if (variant === 'Err') {
        if (declaring.type === 'for_expression') return undefined;
        const inner = namedChildren(p).filter((c) => c.id !== type?.id);
        if (!inner.some((c) => c.type === 'identifier' && c.text === name)) return undefined;
        return this.resultError(value);
      }
      if (variant === 'Ok' || variant === 'Some') return undefined;
      return this.variantFieldError(p, type!, segs, name, declaring);
    }
    return undefined;
  }

  private variantFieldError(p: Node, type: Node, segs: string[], name: string, at: Node): TlsError | undefined {
    const variantName = segs.at(-1) ?? '';
    let enumName = segs.length >= 2 ? segs[segs.length - 2] : undefined;
    if (enumName === 'Self') {
      const impl = enclosing(at, ['impl_item']);
      const t = impl?.childForFieldName('type');
      enumName = t
        ? pathSegments(t.type === 'generic_type' ? (t.childForFieldName('type') ?? t) : t).at(-1)
        : undefined;
    }
    const candidates = enumName
      ? [this.facts.enums.get(enumName)].filter((e): e is EnumInfo => !!e)
      : [...this.facts.enums.values()];
    const matches = candidates.filter((e) => e.variants.has(variantName));
    if (matches.length !== 1) return undefined;
    const variant = matches[0].variants.get(variantName)!;
    let key: string | undefined;
    if (p.type === 'tuple_struct_pattern') {
      const items = p.children.filter(
        (c): c is Node => c !== null && c.id !== type.id && !['(', ')', ','].includes(c.type),
      );
      const index = items.findIndex((c) => patternBinds(c, name));
      key = index >= 0 ? String(index) : undefined;
    } else {
      for (const f of namedChildren(p).filter((c) => c.type === 'field_pattern')) {
        const fieldName = f.childForFieldName('name')?.text ?? namedChildren(f)[0]?.text;
        const bound = f.childForFieldName('pattern');
        if ((bound && patternBinds(bound, name)) || (!bound && fieldName === name)) key = fieldName;
      }
    }
    const tls = key !== undefined ? variant.tlsFields.get(key) : undefined;
    return tls && this.isTlsType(tls)
      ? { what: `the \`${tls}\` wrapped by \`${matches[0].name}::${variantName}\`` }
      : undefined;
  }

  /** `|e| ..` given to `map_err`/`unwrap_or_else`/`or_else` of a TLS result. */
  private closureParamError(closure: Node, param: Node): TlsError | undefined {
    const call = closure.parent?.type === 'arguments' ? closure.parent.parent : undefined;
    if (!call) return undefined;
    const { method, receiver } = describeCall(call);
    if (!method || !receiver || !ERROR_CLOSURE_METHODS.has(method)) return undefined;
    if (method === 'map_or_else' && callArguments(call)[0]?.id !== closure.id) return undefined;
    const params = closure.childForFieldName('parameters');
    if (!params || namedChildren(params)[0]?.id !== param.id) return undefined;
    return this.resultError(receiver);
  }

  /** The error of a `Result`-valued expression, when it is a TLS error. */
  private resultError(expr: Node, depth = 0): TlsError | undefined {
    let node = expr;
    while (
      ['try_expression', 'await_expression', 'parenthesized_expression', 'reference_expression'].includes(node.type)
    ) {
      node =
        node.type === 'reference_expression' ? (namedChildren(node).at(-1) ?? node) : (namedChildren(node)[0] ?? node);
    }
    if (node.type === 'identifier' && depth < 4) {
      const b = findBinding(node, this.ctx.crate);
      if (b?.kind === 'let' && b.value && b.node.childForFieldName('pattern')?.type === 'identifier')
        return this.resultError(b.value, depth + 1);
      return undefined;
    }
    if (node.type !== 'call_expression') return undefined;
    const { method, receiver, path } = describeCall(node);
    if (method) {
      if (VERIFY_METHODS.has(method)) return { what: `the certificate-verification error of \`${method}(..)\`` };
      if (
        (method === 'send' || method === 'execute') &&
        receiver &&
        this.facts.reqwestTls &&
        this.isReqwestClient(receiver)
      ) {
        return {
          what: 'a `reqwest::Error` from `.send()` on a TLS-configured client, whose cause chain carries the certificate error',
        };
      }
      if (HANDSHAKE_METHODS.has(method) && receiver && this.isTlsEndpoint(receiver))
        return { what: `the TLS handshake error of \`${method}(..)\`` };
      if (
        ['map', 'and_then', 'map_ok', 'inspect', 'context', 'with_context'].includes(method) &&
        receiver &&
        !['context', 'with_context'].includes(method)
      ) {
        return this.resultError(receiver, depth + 1);
      }
      const chain = chainOf(node, this.ctx.crate);
      const root = chain.rootPath ? this.resolveAt(chain.rootPath, chain.root) : [];
      if (root.length > 1 && TLS_CRATES.has(root[0]))
        return { what: `the error of a \`${root[0]}\` call (\`${method}(..)\`)` };
      return this.localFunctionError([method], true);
    }
    if (path) {
      const resolved = this.ctx.file.names.resolve(path);
      if (pathEndsWith(resolved, 'reqwest::get')) return undefined; // the default client: no TLS set-up of the crate's own
      if (resolved.length > 1 && TLS_CRATES.has(resolved[0]))
        return { what: `the error of \`${resolved.slice(-2).join('::')}(..)\`` };
      return this.localFunctionError(pathSegments(path), false);
    }
    return undefined;
  }

  private resolveAt(segs: string[], node: Node): string[] {
    return this.fileOf(node).names.resolve(segs.join('::'));
  }

  /** The file a node belongs to (this file for nodes of re-parsed macro arguments). */
  private fileOf(node: Node): SourceFile {
    try {
      return this.ctx.crate.fileOf(node);
    } catch {
      return this.ctx.file;
    }
  }

  /** A crate function declared `-> Result<_, rustls::Error>` (or an error enum of the crate that displays one). */
  private localFunctionError(segs: string[], isMethod: boolean): TlsError | undefined {
    const name = segs.at(-1) ?? '';
    const fns = isMethod ? this.ctx.crate.functions(name) : localFunctions(segs, this.ctx.crate);
    if (fns.length !== 1) return undefined;
    const ret = fns[0].childForFieldName('return_type');
    if (!ret || ret.type !== 'generic_type' || pathSegments(ret.childForFieldName('type') ?? ret).at(-1) !== 'Result')
      return undefined;
    const args = ret.childForFieldName('type_arguments');
    const errType = args ? namedChildren(args)[1] : undefined;
    if (!errType) return undefined;
    const error = this.typeError(errType, this.fileOf(errType));
    return error ? { what: `the error of \`${name}(..)\` (${error.what})` } : undefined;
  }

  /** A declared type that is a TLS error, or an error enum of the crate whose `Display` shows one. */
  private typeError(type: Node, file: SourceFile): TlsError | undefined {
    const tls = tlsErrorTypeName(type, file);
    if (tls) return this.isTlsType(tls) ? { what: `a \`${tls}\`` } : undefined;
    let t = type;
    while (t.type === 'reference_type') t = t.childForFieldName('type') ?? t;
    if (t.type === 'scoped_type_identifier') return this.enumError(pathSegments(t).at(-1) ?? ''); // `crate::errors::AppError`
    if (t.type !== 'type_identifier') return undefined;
    return this.enumError(t.text);
  }

  /** An expression that is itself a TLS error value (`e.source()` is not followed). */
  private errorExpr(expr: Node): TlsError | undefined {
    const node = stripRefs(expr);
    if (node.type === 'identifier') return this.errorNamed(node.text, node);
    if (node.type === 'call_expression') {
      const d = describeCall(node);
      if (d.method === 'unwrap_err' || d.method === 'expect_err')
        return d.receiver ? this.resultError(d.receiver) : undefined;
    }
    return undefined;
  }

  private isReqwestClient(receiver: Node): boolean {
    const chain = chainOf(receiver, this.ctx.crate);
    const root = chain.rootPath ? this.resolveAt(chain.rootPath, chain.root) : [];
    if (root[0] === 'reqwest' || root[0] === 'reqwest_middleware') return true;
    return this.valueTypeMatches(chain.root, (type, file) => {
      return descendantsOfType(type, ['type_identifier', 'scoped_type_identifier']).some((t) => {
        const r = file.names.resolve(t);
        return (
          (r[0] === 'reqwest' || r[0] === 'reqwest_middleware') &&
          /Client|ClientWithMiddleware|RequestBuilder/.test(r.at(-1) ?? '')
        );
      });
    });
  }

  private isTlsEndpoint(receiver: Node): boolean {
    const chain = chainOf(receiver, this.ctx.crate);
    if (chain.rootPath && TLS_ENDPOINT_TYPE.test(chain.rootPath.join('::'))) {
      const root = this.resolveAt(chain.rootPath, chain.root);
      if (root.length === 1 || TLS_CRATES.has(root[0]) || root[0] === 'axum_server') return true;
    }
    return this.valueTypeMatches(chain.root, (type) => TLS_ENDPOINT_TYPE.test(type.text));
  }

  /** Tests the declared type of a variable (parameter, typed `let`) or of a struct field. */
  private valueTypeMatches(root: Node, test: (type: Node, file: SourceFile) => boolean): boolean {
    let node = root;
    while (node.type === 'reference_expression' || node.type === 'parenthesized_expression')
      node = namedChildren(node).at(-1) ?? node;
    if (node.type === 'identifier') {
      const b = findBinding(node, this.ctx.crate);
      const type = b?.kind === 'param' && b.node.type === 'parameter' ? b.node.childForFieldName('type') : b?.type;
      return !!type && test(type, this.fileOf(type));
    }
    if (node.type === 'field_expression') {
      const field = node.childForFieldName('field')?.text ?? '';
      return (this.facts.fieldTypes.get(field) ?? []).some((f) => test(f.type, f.file));
    }
    return false;
  }
}

function stripRefs(node: Node): Node {
  let n = node;
  while (n.type === 'reference_expression' || n.type === 'parenthesized_expression') n = namedChildren(n).at(-1) ?? n;
  return n;
}

/** An identifier used as a value (not a field name, a path segment, a callee, a pattern or a macro name). */
function isValueUse(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (
    p.type === 'scoped_identifier' ||
    p.type === 'macro_invocation' ||
    (p.type === 'field_initializer' && p.childForFieldName('field')?.id === id.id)
  )
    return false;
  if (p.type === 'call_expression' && p.childForFieldName('function')?.id === id.id) return false;
  for (const a of ancestors(id)) {
    if (a.type.endsWith('_pattern') || a.type === 'closure_parameters' || a.type === 'parameters') return false;
    if (a.type.endsWith('_expression') || a.type === 'block' || a.type === 'arguments') break;
  }
  return true;
}
