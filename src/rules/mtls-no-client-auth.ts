// Rule 1: a server TLS config that authenticates no client.
import type { Node } from '../parser/parser.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import { regionOf } from '../parser/parser.js';
import { CLIENT_CA_NAME } from '../model/intent.js';
import {
  chainOf,
  boundName,
  callSitesOf,
  findBindingNamed,
  lowerLevel,
  otherArms,
  unsafeArms,
  usesOf,
} from '../model/flow.js';
import { sideOfValue } from '../model/side.js';
import { builderMethodAt, OPENSSL_ACCEPTOR_CONSTRUCTORS, opensslSide, verifiesNothingValue } from '../model/openssl.js';
import {
  callArguments,
  describeCall,
  methodNameNode,
  pathSegments,
  returnedExpressions,
  isInUse,
  booleanLiteral,
  ancestors,
  descendantsOfType,
} from '../model/syntax.js';
import { pathEndsWith, rustlsCrateIn } from '../model/names.js';
import { serverConfigWithoutClientAuth } from '../model/frameworks.js';

const AXUM_SERVER_PEM_CONSTRUCTORS = [
  'RustlsConfig::from_pem_file',
  'RustlsConfig::from_pem',
  'RustlsConfig::from_der',
  'RustlsConfig::from_pem_chain_file',
  'OpenSSLConfig::from_pem_file',
  'OpenSSLConfig::from_pem_chain_file',
  'OpenSSLConfig::from_pem',
  'OpenSSLConfig::from_der',
];
const AXUM_SERVER_RELOADERS = new Set([
  'reload_from_pem_file',
  'reload_from_pem',
  'reload_from_der',
  'reload_from_pem_chain_file',
]);
const NO_CLIENT_AUTH_CALLS = ['NoClientAuth::new', 'NoClientAuth::boxed', 'WebPkiClientVerifier::no_client_auth'];
/** Calls on an openssl builder that decide client verification. */
const OPENSSL_VERIFY_SETTERS = new Set(['set_verify', 'set_verify_callback']);

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
        "openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. An OpenSSL verify mode chosen by a setting (`if require { PEER | FAIL_IF_NO_PEER_CERT } else { NONE }`) is reported on the `NONE` arm, one level lower, with its condition; so is any no-client-auth config in one arm of an `if`/`match` (also `if let .. else`) whose other arm sets up client authentication (`with_client_cert_verifier`, a client verifier, `client_ca_root`, `FAIL_IF_NO_PEER_CERT`). The side of a builder is taken from its chain root, declared types or where it is consumed; a builder passed around without any of these is not reported. An OpenSSL acceptor handed to another function before `set_verify` is assumed to be configured there, unless that function only consumes it (actix `bind_openssl`/`listen_openssl`, axum-server `OpenSSLConfig::try_from`), directly or through a helper that returns the builder to such a call. Frameworks: tonic 0.5–0.12 (`ServerTlsConfig` followed through `let`s and helpers that return it; a config that is never seen reaching `tls_config(..)`, or that gets `rustls_server_config(..)` (0.4–0.6), is not reported; a `client_ca_root(..)` set in any branch counts), Rocket 0.5 (`rocket::config::TlsConfig`; TLS configured only in Rocket.toml is not read), poem 1.x–3.x (`poem::listener::RustlsConfig`; the config is reported where it is created, whether or not a listener uses it).",
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
        "`--fix-suggestions` (or the editor's quick fix) replaces a rustls 0.22+ `.with_no_client_auth()` (right after `ServerConfig::builder()` or `builder_with_protocol_versions(..)`, in a function returning a `Result`) with `.with_client_cert_verifier(rustls::server::WebPkiClientVerifier::builder(std::sync::Arc::new(client_ca)).build()?)` when the client CA's root store is a variable in scope at the call: a parameter or `let` named like a client CA, declared as a `RootCertStore` (a reference is cloned) or made by `RootCertStore::empty()`. A store loaded in another function, kept in a field or known only by its file path gets no suggestion: which store to trust is for a human to wire. Otherwise: build the server config with a client-certificate verifier over your private client CA (`WebPkiClientVerifier::builder(roots).build()?` in rustls 0.22+, `AllowAnyAuthenticatedClient::new(roots)` before), and hand it to axum-server with `RustlsConfig::from_config`. With OpenSSL call `set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT)` and set the client CA. native-tls cannot authenticate clients: switch to rustls or openssl. tonic: `ServerTlsConfig::new().identity(id).client_ca_root(client_ca)`; Rocket: `TlsConfig::from_paths(..).with_mutual(MutualTls::from_path(ca).mandatory(true))`; poem: `RustlsConfig::new().fallback(..).client_auth_required(ca)`.",
      references: [
        'https://cwe.mitre.org/data/definitions/306.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.WebPkiClientVerifier.html',
        'https://docs.rs/axum-server/latest/axum_server/tls_rustls/struct.RustlsConfig.html',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_verify',
      ],
    },
  },

  create(ctx) {
    const report = (node: Node, what: string, chosenArm = false, fix?: FixDeclaration) => {
      // `match ca_path { Some(..) => client verifier, None => with_no_client_auth() }`: a setting
      // chooses, and a safe arm exists (catalog revision 2: one level lower, with the condition).
      const lower = chosenArm || otherArms(node).some(authenticatesClients);
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
        related:
          intent && signal && ctx.settings.mtls !== 'required' ? [{ node: signal.node, label: 'mTLS intent' }] : [],
        fixes: intent && fix ? [fix] : undefined,
      });
    };

    // `Arc::new(NoClientAuth)` / `Arc::new(rustls::server::NoClientAuth)` (0.22+ unit struct).
    const checkUnitVerifier = (node: Node) => {
      // Every identifier of every file comes here: the text test first (the parent costs a walk from the root).
      if (!node.text.includes('NoClientAuth')) return;
      if (node.parent?.type !== 'arguments' || isInUse(node)) return;
      if (pathSegments(node).at(-1) === 'NoClientAuth') report(node, 'The server config (`NoClientAuth` verifier)');
    };

    return {
      call_expression(call) {
        const { method, path } = describeCall(call);
        if (method) checkMethodCall(ctx, call, method, report);
        else if (path) checkPathCall(ctx, call, path, report);
      },
      identifier(id) {
        checkUnitVerifier(id);
      },
      scoped_identifier(path) {
        checkUnitVerifier(path);
      },
      struct_expression(node) {
        const name = node.childForFieldName('name');
        if (name && pathSegments(name).at(-1) === 'NoClientAuth')
          report(node, 'The server config (`NoClientAuth` verifier)');
      },
      function_item(fn) {
        checkOfferClientAuth(ctx, fn, report);
      },
    };
  },
};

/** An arm that sets up client authentication (a client verifier, a client CA, `FAIL_IF_NO_PEER_CERT`). */
function authenticatesClients(arm: Node): boolean {
  return /\b(with_client_cert_verifier|AllowAnyAuthenticatedClient|WebPkiClientVerifier|client_ca_root|FAIL_IF_NO_PEER_CERT)\b/.test(
    arm.text,
  );
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

/** `lower`: a setting chooses this arm (catalog revision 2: one level lower, on the arm). */
type Reporter = (node: Node, what: string, lower?: boolean, fix?: FixDeclaration) => void;

function checkMethodCall(ctx: RuleContext, call: Node, method: string, report: Reporter): void {
  if (method === 'with_no_client_auth') {
    if (sideOfValue(call, ctx.crate) === 'server')
      report(
        methodNameNode(call),
        'This server config (`with_no_client_auth()`)',
        false,
        verifierFromClientCa(ctx, call),
      );
    return;
  }
  if (AXUM_SERVER_RELOADERS.has(method) && /axum_server|RustlsConfig|OpenSSLConfig/.test(ctx.file.text)) {
    report(methodNameNode(call), `Reloading the axum-server config with \`${method}\``);
    return;
  }
  if (method === 'with_single_cert') {
    const chain = chainOf(call, ctx.crate);
    const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
    const isHyperRustlsAcceptor = pathEndsWith(root, 'TlsAcceptor::builder') && callArguments(chain.root).length === 0;
    if (isHyperRustlsAcceptor && !chain.steps.some((s) => s.name === 'with_tls_config')) {
      report(methodNameNode(call), 'The hyper-rustls acceptor (`TlsAcceptor::builder().with_single_cert(..)`)');
    }
    return;
  }
  if (method === 'private_key_file' || method === 'private_key') {
    // axum-server 0.1–0.2: bind_rustls(addr).private_key_file(..) builds ServerConfig::new(NoClientAuth::new()).
    const chain = chainOf(call, ctx.crate);
    const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
    if (pathEndsWith(root, 'bind_rustls') && !chain.steps.some((s) => s.name === 'tls_config' || s.name === 'loader')) {
      report(methodNameNode(call), `The axum-server listener (\`bind_rustls(..).${method}(..)\`)`);
    }
    return;
  }
  const arg = callArguments(call)[0];
  if (method !== 'set_verify' || !arg || opensslSide(call, ctx.crate) !== 'server') return;
  if (isVerifyNone(arg, ctx)) {
    report(call, 'This OpenSSL acceptor (`set_verify(SslVerifyMode::NONE)`)');
    return;
  }
  // `set_verify(if mtls { PEER | FAIL_IF_NO_PEER_CERT } else { NONE })`: the `NONE` arm.
  const { unsafe, chosen } = unsafeArms(arg, ctx.crate, (o) => verifiesNothingValue(o, ctx.crate));
  if (chosen) report(unsafe[0], 'This OpenSSL acceptor (`SslVerifyMode::NONE` on this arm)', true);
}

/** `SslVerifyMode::NONE` written as the argument (also openssl 0.7–0.9's `SSL_VERIFY_NONE`). */
function isVerifyNone(arg: Node | undefined, ctx: RuleContext): boolean {
  if (!arg || (arg.type !== 'scoped_identifier' && arg.type !== 'identifier')) return false;
  return verifiesNothingValue(arg, ctx.crate);
}

function checkPathCall(ctx: RuleContext, call: Node, path: Node, report: Reporter): void {
  const resolved = ctx.file.names.resolve(path);
  const args = callArguments(call);
  if (pathEndsWith(resolved, ...NO_CLIENT_AUTH_CALLS)) {
    report(call, `The server config (\`${pathSegments(path).slice(-2).join('::')}()\`)`);
  } else if (pathEndsWith(resolved, ...AXUM_SERVER_PEM_CONSTRUCTORS) && resolved[0] !== 'poem') {
    report(call, `The axum-server config \`${resolved.slice(-2).join('::')}\``);
  } else if (
    pathEndsWith(resolved, 'TlsAcceptor::new', 'TlsAcceptor::builder') &&
    args.length === 1 &&
    isNativeTls(resolved, ctx)
  ) {
    report(call, 'The native-tls acceptor (native-tls cannot request client certificates)');
  } else if (
    (pathEndsWith(resolved, ...OPENSSL_ACCEPTOR_CONSTRUCTORS) || isServerContextBuilder(resolved, args)) &&
    opensslAcceptorNeverVerifies(call, ctx)
  ) {
    report(call, 'This OpenSSL acceptor (no `set_verify`, so the server default `SSL_VERIFY_NONE` applies)');
  } else {
    const framework = serverConfigWithoutClientAuth(call, ctx.file.names, ctx.crate);
    if (framework) report(call, framework.what);
  }
}

/** `SslContext::builder(SslMethod::tls_server())` / `SslContextBuilder::new(..)`: the method says server. */
function isServerContextBuilder(resolved: string[], args: Node[]): boolean {
  return (
    pathEndsWith(resolved, 'SslContext::builder', 'SslContextBuilder::new') &&
    /\b(d?tls_server)\b/.test(args[0]?.text ?? '')
  );
}

function isNativeTls(resolved: string[], ctx: RuleContext): boolean {
  if (resolved[0] === 'native_tls' || resolved[0] === 'tokio_native_tls') return true;
  return resolved.length === 2 && /\bnative_tls\b/.test(ctx.file.text) && !/\bhyper_rustls\b/.test(ctx.file.text);
}

/** The acceptor builder bound by `let` is never given `set_verify`/`set_verify_callback` nor handed to another function. */
function opensslAcceptorNeverVerifies(ctor: Node, ctx: RuleContext): boolean {
  let letDecl: Node | undefined;
  for (let a = ctor.parent; a; a = a.parent) {
    if (a.type === 'let_declaration') {
      letDecl = a;
      break;
    }
    if (a.type === 'block' || a.type === 'function_item') return false;
  }
  const name = letDecl ? boundName(letDecl) : undefined;
  if (!letDecl || !name) return false;
  const binding = { kind: 'let' as const, node: letDecl };
  for (const use of usesOf(binding, name, ctx.crate)) {
    const parent = use.parent;
    const method = builderMethodAt(use);
    if (method !== undefined) {
      if (OPENSSL_VERIFY_SETTERS.has(method)) return false;
      continue;
    }
    // Handed to a server that only consumes it (actix `bind_openssl(addr, builder)`, axum-server
    // `OpenSSLConfig::try_from(builder)`): nothing sets the verify mode there.
    if (parent?.type === 'arguments' && isOpensslBuilderConsumer(parent.parent)) continue;
    // Returned to callers that only hand it to such a server (`bind_openssl(addr, load_ssl())`).
    if (isReturnedToConsumersOnly(use, ctx)) continue;
    // Passed elsewhere (`configure(&mut builder)`, returned, stored): it may be configured there.
    if (parent?.type !== 'field_expression') return false;
  }
  return true;
}

/** `fn load_ssl() -> SslAcceptorBuilder { ..; builder }` whose every call site goes straight into a consumer. */
function isReturnedToConsumersOnly(use: Node, ctx: RuleContext): boolean {
  let fn: Node | null = use.parent;
  while (fn && fn.type !== 'function_item' && fn.type !== 'closure_expression') fn = fn.parent;
  const body = fn?.type === 'function_item' ? fn.childForFieldName('body') : null;
  if (!fn || !body) return false;
  const unwrapOk = (e: Node): Node => {
    const { path } = e.type === 'call_expression' ? describeCall(e) : {};
    const args = e.type === 'call_expression' ? callArguments(e) : [];
    return path && path.text === 'Ok' && args.length === 1 ? args[0] : e;
  };
  if (!returnedExpressions(body).some((r) => unwrapOk(r).id === use.id)) return false;
  const sites = callSitesOf(fn, ctx.crate);
  return (
    sites.length > 0 &&
    sites.every((site) => {
      let value: Node = site;
      for (let guard = 0; guard < 4 && value.parent; guard++) {
        const p: Node = value.parent;
        if (p.type === 'try_expression') {
          value = p;
          continue;
        }
        const call = p.type === 'field_expression' && p.parent?.type === 'call_expression' ? p.parent : null;
        const method = call ? describeCall(call).method : undefined;
        if (call && (method === 'unwrap' || method === 'expect')) {
          value = call;
          continue;
        }
        break;
      }
      return value.parent?.type === 'arguments' && isOpensslBuilderConsumer(value.parent.parent);
    })
  );
}

/** Library calls that take a finished acceptor builder and never change its verify mode. */
const OPENSSL_BUILDER_CONSUMERS = new Set(['bind_openssl', 'listen_openssl']);
function isOpensslBuilderConsumer(call: Node | null): boolean {
  if (call?.type !== 'call_expression') return false;
  const { method, path } = describeCall(call);
  if (method) return OPENSSL_BUILDER_CONSUMERS.has(method);
  return !!path && pathSegments(path).slice(-2).join('::') === 'OpenSSLConfig::try_from';
}

/** `fn offer_client_auth(&self) -> bool { false }` in a ClientCertVerifier impl. */
function checkOfferClientAuth(ctx: RuleContext, fn: Node, report: Reporter): void {
  if (fn.childForFieldName('name')?.text !== 'offer_client_auth') return;
  const impl = fn.parent?.parent;
  if (impl?.type !== 'impl_item') return;
  const trait = impl.childForFieldName('trait');
  if (!trait || !pathEndsWith(ctx.file.names.resolve(trait), 'ClientCertVerifier')) return;
  const body = fn.childForFieldName('body');
  for (const value of body ? returnedExpressions(body) : []) {
    if (booleanLiteral(value) === false)
      report(value, 'This client-certificate verifier (`offer_client_auth()` returns `false`)');
  }
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
