// Rule 1: a server TLS config that authenticates no client.
import type { Rule, RuleContext } from './rule.js';
import { lowerLevel } from '../model/flow.js';
import {
  noClientAuthVerifier,
  offerClientAuthRefusals,
  serverWithoutClientAuth,
  type NoClientAuth,
} from '../model/client-auth.js';

export const rule: Rule = {
  meta: {
    id: 'mtls-no-client-auth',
    name: 'MtlsNoClientAuth',
    defaultLevel: 'note',
    securitySeverity: 8.1,
    cwe: 306,
    precision: 'high',
    keywords: [
      'with_no_client_auth',
      'NoClientAuth',
      'no_client_auth',
      'RustlsConfig',
      'OpenSSLConfig',
      'reload_from_',
      'TlsAcceptor',
      'SslAcceptor',
      'offer_client_auth',
      'private_key_file',
      'private_key(',
      'set_verify(',
      'tls_server',
      'ServerTlsConfig',
      'TlsConfig::from_',
    ],
    messages: {
      noClientAuthWithIntent: {
        message: 'this server authenticates no client, although this crate sets up mutual TLS',
        label: 'no client authentication',
        note: '{what} authenticates no client, and this crate sets up mutual TLS: {intent}. Any client can connect without a certificate.',
        help: '{help}',
      },
      noClientAuth: {
        message: 'this server authenticates no client',
        label: 'no client authentication',
        note: '{what} authenticates no client: any client can connect without a certificate. Fine for public HTTPS, not for an mTLS service.',
        help: '{help}',
      },
    },
    docs: {
      summary: 'Server TLS configuration that does not authenticate clients.',
      whatItDoes:
        'Flags server-side TLS setups that never ask for, or never verify, a client certificate: rustls `with_no_client_auth()` on a `ServerConfig` builder, `NoClientAuth` (0.19–0.23 spellings), `WebPkiClientVerifier::no_client_auth()`, axum-server `RustlsConfig::from_pem_file`/`from_pem`/`from_der`/`from_pem_chain_file` and their `reload_from_*` twins, `OpenSSLConfig::from_pem*`/`from_der`, axum-server 0.1–0.2 `bind_rustls(..).private_key_file(..)`, hyper-rustls `TlsAcceptor::builder().with_single_cert(..)`, native-tls `TlsAcceptor`, OpenSSL acceptors (an `SslAcceptor`, or an `SslContext` built for `SslMethod::tls_server()`) with no `set_verify` or `set_verify(SslVerifyMode::NONE)`, custom verifiers whose `offer_client_auth()` returns `false`, and framework configs (catalog revision 2): a tonic `ServerTlsConfig::new()` given an `identity(..)` and no `client_ca_root(..)` that is handed to `Server::builder().tls_config(..)`, a Rocket `TlsConfig::from_paths`/`from_bytes` without `with_mutual(..)`, a poem `RustlsConfig::new()` without `client_auth_required(..)`, and framework configs (catalog revision 2): a tonic `ServerTlsConfig::new()` given an `identity(..)` and no `client_ca_root(..)` that is handed to `Server::builder().tls_config(..)`, a Rocket `TlsConfig::from_paths`/`from_bytes` without `with_mutual(..)`, a poem `RustlsConfig::new()` without `client_auth_required(..)`. It is an error when the crate shows mTLS intent (a client CA, a client verifier, peer certificates read on the server, `mtls = "required"`), a note otherwise: public HTTPS servers legitimately skip client authentication.',
      whyIsThisBad:
        'mTLS is only a boundary if the server demands and verifies a client certificate. A server built this way completes the handshake with any client, so every endpoint behind it is reachable without credentials (CWE-306), while the team believes a certificate is required. Client CA files that are loaded but never installed are a typical sign.',
      knownLimits:
        "openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. An OpenSSL verify mode chosen by a setting (`if require { PEER | FAIL_IF_NO_PEER_CERT } else { NONE }`) is reported on the `NONE` arm, one level lower, with its condition. The side of a builder is taken from its chain root, declared types or where it is consumed; a builder passed around without any of these is not reported. An OpenSSL acceptor handed to another function before `set_verify` is assumed to be configured there, unless that function only consumes it (actix `bind_openssl`/`listen_openssl`, axum-server `OpenSSLConfig::try_from`), directly or through a helper that returns the builder to such a call. Frameworks: tonic 0.5–0.12 (`ServerTlsConfig` followed through `let`s and helpers that return it; a config that is never seen reaching `tls_config(..)`, or that gets `rustls_server_config(..)` (0.4–0.6), is not reported; a `client_ca_root(..)` set in any branch counts), Rocket 0.5 (`rocket::config::TlsConfig`; TLS configured only in Rocket.toml is not read), poem 1.x–3.x (`poem::listener::RustlsConfig`; the config is reported where it is created, whether or not a listener uses it).",
      badExample: `let config = ServerConfig::builder()
    .with_no_client_auth()
    .with_single_cert(certs, key)?;
let tls = RustlsConfig::from_pem_file("server.crt", "server.key").await?;`,
      goodExample: `let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca)).build()?;
let config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;
let tls = RustlsConfig::from_config(Arc::new(config));`,
      howToFix:
        'Build the server config with a client-certificate verifier over your private client CA (`WebPkiClientVerifier::builder(roots).build()?` in rustls 0.22+, `AllowAnyAuthenticatedClient::new(roots)` before), and hand it to axum-server with `RustlsConfig::from_config`. With OpenSSL call `set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT)` and set the client CA. native-tls cannot authenticate clients: switch to rustls or openssl. tonic: `ServerTlsConfig::new().identity(id).client_ca_root(client_ca)`; Rocket: `TlsConfig::from_paths(..).with_mutual(MutualTls::from_path(ca).mandatory(true))`; poem: `RustlsConfig::new().fallback(..).client_auth_required(ca)`.',
      references: [
        'https://cwe.mitre.org/data/definitions/306.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.WebPkiClientVerifier.html',
        'https://docs.rs/axum-server/latest/axum_server/tls_rustls/struct.RustlsConfig.html',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_verify',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        report(ctx, serverWithoutClientAuth(call, ctx));
      },
      identifier(id) {
        report(ctx, noClientAuthVerifier(id));
      },
      scoped_identifier(path) {
        report(ctx, noClientAuthVerifier(path));
      },
      struct_expression(node) {
        report(ctx, noClientAuthVerifier(node));
      },
      function_item(fn) {
        for (const found of offerClientAuthRefusals(fn, ctx)) report(ctx, found);
      },
    };
  },
};

/** An error where the crate sets up mTLS (with the signal), a note otherwise; one level lower on an arm a setting chooses. */
function report(ctx: RuleContext, found: NoClientAuth | undefined): void {
  if (!found) return;
  const { node, what, lower } = found;
  const intent = ctx.crate.hasMtlsIntentAt(node);
  const signal = ctx.crate.intentSignalAt(node);
  const level = intent ? 'error' : 'note';
  ctx.report({
    node,
    level: lower ? lowerLevel(level) : level,
    ...(intent
      ? {
          messageId: 'noClientAuthWithIntent',
          data: { what, intent: ctx.crate.intentReason(node), help: helpFor(what) },
        }
      : { messageId: 'noClientAuth', data: { what, help: helpFor(what) } }),
    related: intent && signal && ctx.settings.mtls !== 'required' ? [{ node: signal.node, label: 'mTLS intent' }] : [],
  });
}

/** What to write instead, by the API that left clients unauthenticated. */
function helpFor(what: string): string {
  if (/native-tls/.test(what))
    return 'Use rustls or OpenSSL where client certificates must be requested (native-tls cannot).';
  if (/OpenSSL/.test(what))
    return 'Call `set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT)` and trust your client CA.';
  if (/offer_client_auth/.test(what)) return 'Return `true` from `offer_client_auth()`, or drop the override.';
  if (/tonic/.test(what)) return 'Add `.client_ca_root(..)` to the `ServerTlsConfig`.';
  if (/Rocket/.test(what)) return 'Add `.with_mutual(..)` to the Rocket `TlsConfig`.';
  if (/poem/.test(what)) return 'Add `.client_auth_required(..)` to the poem `RustlsConfig`.';
  if (/axum-server/.test(what))
    return 'Build a rustls `ServerConfig` with a client-certificate verifier and pass it to `RustlsConfig::from_config(..)`.';
  return 'Use `.with_client_cert_verifier(..)` with a `WebPkiClientVerifier` built from your client CA.';
}
