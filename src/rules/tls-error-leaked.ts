// Rule 10: the text of a TLS/certificate error sent back in an HTTP response. The sources (TLS
// errors and where they become text) are model/tls-errors.ts; the sinks are the responses below
// (status tuples, bodies, `into_response`, tonic statuses, a routed handler's `String` error); the
// value tracker (findInSink, model/value-tracker.ts) finds the one inside the other.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import type { SourceFile } from '../model/crate.js';
import { chainOf, localFunctions } from '../model/flow.js';
import { routedHandlerNames } from '../model/frameworks.js';
import { pathEndsWith } from '../model/names.js';
import { TLS_CALL_WORDS, TLS_SOURCE_WORDS, TlsErrors, tlsErrorCarriers } from '../model/tls-errors.js';
import { findInSink } from '../model/value-tracker.js';
import {
  callArguments,
  describeCall,
  enclosing,
  methodNameNode,
  namedChildren,
  pathSegments,
  returnedExpressions,
} from '../model/syntax.js';

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

/** Finds TLS error text in response bodies of one file. */
class Leaks {
  private readonly reported = new Set<number>();
  private readonly errors: TlsErrors;

  constructor(private readonly ctx: RuleContext) {
    this.errors = new TlsErrors(ctx.crate, ctx.file);
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
      const error =
        fns.length === 1 && this.functionSendsParamText(fns[0]) ? this.errors.resultError(receiver) : undefined;
      if (error && !this.reported.has(call.id)) {
        this.reported.add(call.id);
        this.ctx.report({
          node: methodNameNode(call),
          message: `This \`map_err(${args[0].text})\` sends the text of a TLS error to the client: the error is ${error.what}, and \`${args[0].text}\` puts its text in the response. Log the error on the server and answer with a generic message; TLS error details help an attacker probe certificate checks and map internal services.`,
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
          items.length >= 2 &&
          isStatusCode(items[0], this.errors.fileOf(r)) &&
          items.slice(1).some((i) => uses.test(i.text))
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
    return routedHandlerNames(this.ctx.crate).has(fn.childForFieldName('name')?.text ?? '');
  }

  /** Reports TLS error text found in `expr`, a part of a response. */
  check(expr: Node, where: string): void {
    for (const leak of findInSink(expr, this.ctx.crate, (node) => this.errors.textAt(node))) {
      if (this.reported.has(leak.node.id)) continue;
      this.reported.add(leak.node.id);
      this.ctx.report({
        node: leak.node,
        message: `This ${where} sends the text of a TLS error to the client: \`${leak.name}\` is ${leak.error.what}. Log the error on the server and answer with a generic message; TLS error details help an attacker probe certificate checks and map internal services.`,
      });
    }
  }

  /** Places in `expr` that turn a TLS error into text. */
}
