// Rule 10: the text of a TLS/certificate error sent back in an HTTP response. The sources (TLS
// errors and where they become text) are model/tls-errors.ts; the sinks are the responses below
// (status tuples, bodies, `into_response`, tonic statuses, a routed handler's `String` error); the
// value tracker (findInSink, model/value-tracker.ts) finds the one inside the other.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { localFunctions } from '../model/flow.js';
import {
  callResponseParts,
  helperSendsParamText,
  statusStructParts,
  statusTupleParts,
  type ResponsePart,
  type ResponsePartKind,
} from '../model/http-responses.js';
import { TLS_CALL_WORDS, TLS_SOURCE_WORDS, TlsErrors, tlsErrorCarriers } from '../model/tls-errors.js';
import { findInSink } from '../model/value-tracker.js';
import { callArguments, describeCall, methodNameNode, pathSegments } from '../model/syntax.js';

/** How a finding names the part of the response that carries the error. */
const WHERE: Record<ResponsePartKind, string> = {
  tuple: 'response tuple',
  response: 'response',
  body: 'response body',
  'grpc-status': 'gRPC status',
  'handler-error': 'handler error',
  'error-response': 'error response',
};

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
      // The TLS crates and types (reqwest only with a TLS set-up, below).
      ...TLS_SOURCE_WORDS.filter((word) => word !== 'reqwest'),
      'verify_client_cert',
      'verify_server_cert',
      'verify_for_usage',
      'verify_is_valid',
      'verify_cert',
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
        leaks.checkParts(statusTupleParts(tuple, ctx.file));
      },
      call_expression(call) {
        leaks.checkParts(callResponseParts(call, ctx.file, ctx.crate));
        leaks.checkErrorHelper(call);
      },
      struct_expression(node) {
        leaks.checkParts(statusStructParts(node, ctx.file));
      },
    };
  },
};

/** Finds TLS error text in response bodies of one file. */
class Leaks {
  private readonly reported = new Set<number>();
  private readonly errors: TlsErrors;

  constructor(private readonly ctx: RuleContext) {
    this.errors = new TlsErrors(ctx.crate, ctx.file);
  }

  checkParts(parts: ResponsePart[]): void {
    for (const part of parts) this.check(part.expr, WHERE[part.kind]);
  }

  checkErrorHelper(call: Node): void {
    const { method, receiver } = describeCall(call);
    const args = callArguments(call);
    // `.map_err(internal_error)?` where the crate's `fn internal_error(err) -> (StatusCode, String)` puts `err`'s text in the body.
    if (
      method === 'map_err' &&
      receiver &&
      args.length === 1 &&
      (args[0].type === 'identifier' || args[0].type === 'scoped_identifier')
    ) {
      const fns = localFunctions(pathSegments(args[0]), this.ctx.crate);
      const error =
        fns.length === 1 && helperSendsParamText(fns[0], this.ctx.crate)
          ? this.errors.resultError(receiver)
          : undefined;
      if (error && !this.reported.has(call.id)) {
        this.reported.add(call.id);
        this.ctx.report({
          node: methodNameNode(call),
          messageId: 'mapErrLeak',
          data: { fn: args[0].text, what: error.what },
        });
      }
    }
  }

  /** Reports TLS error text found in `expr`, a part of a response. */
  check(expr: Node, where: string): void {
    for (const leak of findInSink(expr, this.ctx.crate, (node) => this.errors.textAt(node))) {
      if (this.reported.has(leak.node.id)) continue;
      this.reported.add(leak.node.id);
      this.ctx.report({
        node: leak.node,
        messageId: 'leak',
        data: { where, name: leak.name, what: leak.error.what },
      });
    }
  }
}
