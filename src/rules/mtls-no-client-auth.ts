// Rule 1: a server TLS config that authenticates no client.
import type { Node } from '../parser/parser.js';
import { regionOf } from '../parser/parser.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import { CLIENT_CA_NAME } from '../model/intent.js';
import { pathEndsWith, rustlsCrateIn } from '../model/names.js';
import { ancestors, callArguments, describeCall, descendantsOfType, methodNameNode } from '../model/syntax.js';
import { chainOf, findBindingNamed, lowerLevel } from '../model/flow.js';
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
      '.tls()',
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
        'Flags server-side TLS setups that never ask for, or never verify, a client certificate: rustls `with_no_client_auth()` on a `ServerConfig` builder, `NoClientAuth` (0.19–0.23 spellings), `WebPkiClientVerifier::no_client_auth()`, axum-server `RustlsConfig::from_pem_file`/`from_pem`/`from_der`/`from_pem_chain_file` and their `reload_from_*` twins, `OpenSSLConfig::from_pem*`/`from_der`, axum-server 0.1–0.2 `bind_rustls(..).private_key_file(..)`, hyper-rustls `TlsAcceptor::builder().with_single_cert(..)`, native-tls `TlsAcceptor`, OpenSSL acceptors (an `SslAcceptor`, or an `SslContext` built for `SslMethod::tls_server()`) with no `set_verify`, `set_verify(SslVerifyMode::NONE)` or `set_verify_callback(SslVerifyMode::NONE, ..)` (a context builder bound and never used serves nothing and is not reported), custom verifiers whose `offer_client_auth()` returns `false`, and framework configs (catalog revision 2): a tonic `ServerTlsConfig::new()` given an `identity(..)` and no `client_ca_root(..)` that is handed to `Server::builder().tls_config(..)` (or returned by a function declared to return a `ServerTlsConfig` whose callers never give it a client CA), a Rocket `TlsConfig::from_paths`/`from_bytes` without `with_mutual(..)`, a poem `RustlsConfig::new()` without `client_auth_required(..)`, a warp `serve(..).tls()` server without `client_auth_required(_path)(..)` (when a branch gives it one, the arm serving it bare, such as `None => server`, is reported one level lower). It is an error when the crate shows mTLS intent (a client CA, a client verifier, `FAIL_IF_NO_PEER_CERT`, a CA given to a framework, peer certificates read on the server, `mtls = "required"`), a note otherwise: public HTTPS servers legitimately skip client authentication.',
      whyIsThisBad:
        'mTLS is only a boundary if the server demands and verifies a client certificate. A server built this way completes the handshake with any client, so every endpoint behind it is reachable without credentials (CWE-306), while the team believes a certificate is required. Client CA files that are loaded but never installed are a typical sign.',
      knownLimits:
        "Inside the TLS library itself (a crate that declares `NoClientAuth`: rustls, a fork, a vendored copy) the body of its `with_no_client_auth`/`no_client_auth` API and the impls of its own client-auth verifier types are its defaults and are not reported. openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. An OpenSSL verify mode chosen by a setting (`if require { PEER | FAIL_IF_NO_PEER_CERT } else { NONE }`) is reported on the `NONE` arm, one level lower, with its condition; so is any no-client-auth config in one arm of an `if`/`match` (also `if let .. else`) whose other arm sets up client authentication (`with_client_cert_verifier`, a client verifier, `client_ca_root`, `FAIL_IF_NO_PEER_CERT`). The side of a builder is taken from its chain root, declared types or where it is consumed; a builder passed around without any of these is not reported. An OpenSSL acceptor handed to another function before `set_verify` is assumed to be configured there, unless that function only consumes it (actix `bind_openssl`/`listen_openssl`, axum-server `OpenSSLConfig::try_from`), directly or through a helper that returns the builder to such a call; a builder returned to no caller in the crate is reported where it is made. Frameworks: tonic 0.5–0.12 (`ServerTlsConfig` followed through `let`s and helpers that return it; a config that is never seen reaching `tls_config(..)` and is not returned by a function declared to return a `ServerTlsConfig`, or that gets `rustls_server_config(..)` (0.4–0.6), is not reported; a `client_ca_root(..)` set in any branch counts), Rocket 0.5 (`rocket::config::TlsConfig`; TLS configured only in Rocket.toml is not read), poem 1.x–3.x (`poem::listener::RustlsConfig`; the config is reported where it is created, whether or not a listener uses it). In a crate that swaps contexts in a server-name callback (`ssl.set_ssl_context(&ctx)`), a server context its function builds and returns is not judged: OpenSSL keeps the verify mode of the context that accepted the connection (the one installing the callback is judged as any other). A config that starts without client authentication and is replaced by one that authenticates clients inside an `if` is one level lower, with the condition under which the default stays, unless the default is used before that `if`.",
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
        "`--fix-suggestions` (or the editor's quick fix) replaces a rustls 0.22+ `.with_no_client_auth()` (right after `ServerConfig::builder()` or `builder_with_protocol_versions(..)`, in a function returning a `Result`) with `.with_client_cert_verifier(rustls::server::WebPkiClientVerifier::builder(std::sync::Arc::new(client_ca)).build()?)` when the client CA's root store is a variable in scope at the call: a parameter or `let` named like a client CA, declared as a `RootCertStore` (a reference is cloned) or made by `RootCertStore::empty()`. A store loaded in another function, kept in a field or known only by its file path gets no suggestion: which store to trust is for a human to wire. Otherwise: build the server config with a client-certificate verifier over your private client CA (`WebPkiClientVerifier::builder(roots).build()?` in rustls 0.22+, `AllowAnyAuthenticatedClient::new(roots)` before), and hand it to axum-server with `RustlsConfig::from_config`. With OpenSSL call `set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT)` and set the client CA. native-tls cannot authenticate clients: switch to rustls or openssl. tonic: `ServerTlsConfig::new().identity(id).client_ca_root(client_ca)`; Rocket: `TlsConfig::from_paths(..).with_mutual(MutualTls::from_path(ca).mandatory(true))`; poem: `RustlsConfig::new().fallback(..).client_auth_required(ca)`; warp: `warp::serve(routes).tls()..client_auth_required_path(ca)`.",
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
        const found = serverWithoutClientAuth(call, ctx);
        const fix =
          found && describeCall(call).method === 'with_no_client_auth' ? verifierFromClientCa(ctx, call) : undefined;
        report(ctx, found, fix);
      },
      identifier(id) {
        report(ctx, noClientAuthVerifier(id, ctx));
      },
      scoped_identifier(path) {
        report(ctx, noClientAuthVerifier(path, ctx));
      },
      struct_expression(node) {
        report(ctx, noClientAuthVerifier(node, ctx));
      },
      function_item(fn) {
        for (const found of offerClientAuthRefusals(fn, ctx)) report(ctx, found);
      },
    };
  },
};

/** An error where the crate sets up mTLS (with the signal), a note otherwise; one level lower on an arm a setting chooses. */
function report(ctx: RuleContext, found: NoClientAuth | undefined, fix?: FixDeclaration): void {
  if (!found) return;
  const { node, what, lower, chosenAt, condition } = found;
  const intent = ctx.crate.hasMtlsIntentAt(node);
  const signal = ctx.crate.intentSignalAt(node);
  const level = intent ? 'error' : 'note';
  ctx.report({
    node,
    level: lower ? lowerLevel(level) : level,
    chosenAt,
    condition,
    ...(intent
      ? {
          messageId: 'noClientAuthWithIntent',
          data: { what, intent: ctx.crate.intentReason(node), help: helpFor(what) },
        }
      : { messageId: 'noClientAuth', data: { what, help: helpFor(what) } }),
    related: [
      ...(chosenAt ? [{ node: chosenAt, label: 'chosen in this arm' }] : []),
      ...(intent && signal && ctx.settings.mtls !== 'required' ? [{ node: signal.node, label: 'mTLS intent' }] : []),
    ],
    fixes: intent && fix ? [fix] : undefined,
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
  if (/warp/.test(what)) return 'Add `.client_auth_required_path(client_ca)` to the warp TLS server.';
  if (/axum-server/.test(what))
    return 'Build a rustls `ServerConfig` with a client-certificate verifier and pass it to `RustlsConfig::from_config(..)`.';
  return 'Use `.with_client_cert_verifier(..)` with a `WebPkiClientVerifier` built from your client CA.';
}

/** `&RootCertStore`, `rustls::RootCertStore`: a store the verifier can be built from (a reference is cloned). */
const ROOT_STORE_TYPE = /^(&\s*)?(\w+::)*RootCertStore$/;

/**
 * A suggestion for rustls 0.22+ `.with_no_client_auth()` (called right on `ServerConfig::builder()`
 * or `builder_with_protocol_versions(..)`, in a function returning a `Result`): verify clients
 * against the client CA's root store, when one is a variable in scope at the call — a parameter or
 * `let` named like a client CA (the name the crate's mTLS intent is read from) and declared as a
 * `RootCertStore` or made by `RootCertStore::empty()`. Anything else (a store in another function,
 * a field, a file path) is left to a human: no suggestion.
 */
function verifierFromClientCa(ctx: RuleContext, call: Node): FixDeclaration | undefined {
  const chain = chainOf(call, ctx.crate);
  const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
  const v022 =
    (pathEndsWith(root, 'ServerConfig::builder') && callArguments(chain.root).length === 0) ||
    pathEndsWith(root, 'ServerConfig::builder_with_protocol_versions');
  if (!v022 || chain.steps[0]?.call.id !== call.id) return undefined;
  const fn = [...ancestors(call)].find((a) => a.type === 'function_item' || a.type === 'closure_expression');
  if (fn?.type !== 'function_item' || !/Result\b/.test(fn.childForFieldName('return_type')?.text ?? ''))
    return undefined;
  const store = clientCaStoreAt(ctx, call, fn);
  const name = methodNameNode(call);
  if (!store || !name) return undefined;
  const start = regionOf(name);
  const end = regionOf(call);
  return {
    kind: 'suggestion',
    description: `Verify client certificates against \`${store.name}\` (\`WebPkiClientVerifier\`)`,
    edits: [
      {
        region: {
          startLine: start.startLine,
          startColumn: start.startColumn,
          endLine: end.endLine,
          endColumn: end.endColumn,
        },
        text: `with_client_cert_verifier(${verifierPath(ctx, call)}::builder(std::sync::Arc::new(${store.expression})).build()?)`,
      },
    ],
  };
}

/** The client CA's root store visible at `call`: its name and the expression that yields an owned store. */
function clientCaStoreAt(ctx: RuleContext, call: Node, fn: Node): { name: string; expression: string } | undefined {
  const names = new Set(
    descendantsOfType(fn, ['identifier']).flatMap((id) => (CLIENT_CA_NAME.test(id.text) ? [id.text] : [])),
  );
  for (const name of [...names].sort()) {
    const binding = findBindingNamed(name, call, ctx.crate);
    if (!binding || (binding.kind !== 'param' && binding.kind !== 'let')) continue;
    const type = binding.type?.text.replace(/\s+/g, ' ').trim();
    if (type && ROOT_STORE_TYPE.test(type))
      return { name, expression: type.startsWith('&') ? `${name}.clone()` : name };
    if (!type && binding.value && /^(\w+::)*RootCertStore::empty\(\)$/.test(binding.value.text))
      return { name, expression: name };
  }
  return undefined;
}

/** `WebPkiClientVerifier` where the file imports it (outside inline modules), else its path from the rustls crate. */
function verifierPath(ctx: RuleContext, call: Node): string {
  const imported = ctx.file.names.resolve('WebPkiClientVerifier').join('::') === 'rustls::server::WebPkiClientVerifier';
  if (imported && ![...ancestors(call)].some((a) => a.type === 'mod_item')) return 'WebPkiClientVerifier';
  return `${rustlsCrateIn(ctx.file.text)}::server::WebPkiClientVerifier`;
}
