// Servers that authenticate no client: rustls `with_no_client_auth()` and `NoClientAuth`, axum-server PEM
// configs and reloads, the hyper-rustls acceptor, axum-server 0.1–0.2 `bind_rustls(..).private_key_file(..)`,
// native-tls acceptors (which cannot ask), OpenSSL acceptors with `set_verify(NONE)` (or a `NONE` arm a
// setting chooses) or no `set_verify` at all, framework configs without a client CA, and verifiers whose
// `offer_client_auth()` returns `false`. Each answers where and what; mtls-no-client-auth words and reports.
import type { Node } from '../parser/parser.js';
import type { InCrate } from './crate.js';
import { enclosingImplType } from './fields.js';
import {
  armResult,
  chainOf,
  boundName,
  callSitesOf,
  leavingIfArms,
  otherArms,
  overwritingArms,
  rootIdentifier,
  unsafeArms,
  usesOf,
  valueUses,
} from './flow.js';
import { sideOfValue } from './side.js';
import {
  builderMethodAt,
  OPENSSL_ACCEPTOR_CONSTRUCTORS,
  opensslSide,
  verifiesNothingValue,
  verifySetter,
} from './openssl.js';
import {
  ancestors,
  callArguments,
  describeCall,
  descendantsOfType,
  FALLBACK_METHODS,
  ifArmCondition,
  enclosing,
  enclosingFunction,
  methodNameNode,
  pathSegments,
  returnedExpressions,
  isInUse,
  booleanLiteral,
} from './syntax.js';
import { pathEndsWith } from './names.js';
import { FORMAT_MACROS, logInvocation, macroName } from './macros.js';
import { CLIENT_VERIFIER_INSTALLERS, installSites } from './verifier.js';
import { serverConfigWithoutClientAuth, warpTlsWithoutClientAuth } from './frameworks.js';

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

/** A server TLS setup that authenticates no client: where, and what it is (`This server config (..)`). */
export interface NoClientAuth {
  node: Node;
  what: string;
  /** A setting chooses this arm (catalog revision 2: one level lower, on the arm). */
  lower?: boolean;
  /** The arm a setting chooses, when it is not at `node` (the verifier type built in one arm of an `if`). */
  chosenAt?: Node;
  /** The condition it applies under, when no branch around `node` says it (a default replaced under an `if`). */
  condition?: string;
}

function found(node: Node, what: string, chosenArm = false): NoClientAuth {
  // `match ca_path { Some(..) => client verifier, None => with_no_client_auth() }`: a setting
  // chooses, and a safe arm exists (catalog revision 2: one level lower, with the condition).
  const replaced = overwritingArms(node).find((o) => authenticatesClients(o.arm));
  return {
    node,
    what,
    lower: chosenArm || !!replaced || [...otherArms(node), ...leavingIfArms(node)].some(authenticatesClients),
    ...(replaced ? { condition: replaced.condition } : {}),
  };
}

/** The TLS library's own verifier types for no or optional client authentication (rustls 0.19–0.23). */
const LIBRARY_CLIENT_AUTH_TYPES = new Set([
  'NoClientAuth',
  'AllowAnyAnonymousOrAuthenticatedClient',
  'AllowAnyAuthenticatedClient',
  'WebPkiClientVerifier',
]);
/** The library's own API functions that mean "no client authentication". */
const NO_CLIENT_AUTH_APIS = new Set(['with_no_client_auth', 'no_client_auth']);

/**
 * Code of the TLS library itself (a crate that declares `NoClientAuth`, as rustls and its forks
 * do): the impls of its client-auth verifier types and the bodies of its no-client-auth API are
 * the library's defaults, not a configuration (catalog: library defaults are not findings).
 */
export function isLibraryDefinition(node: Node, ctx: InCrate): boolean {
  const implType = enclosingImplType(node);
  if (implType && LIBRARY_CLIENT_AUTH_TYPES.has(implType) && ctx.crate.declaresType(implType)) return true;
  const fn = [...ancestors(node)].find((a) => a.type === 'function_item');
  const name = fn?.childForFieldName('name')?.text ?? '';
  return NO_CLIENT_AUTH_APIS.has(name) && ctx.crate.declaresType('NoClientAuth');
}

/** A call that sets up a server without client authentication. */
export function serverWithoutClientAuth(call: Node, ctx: InCrate): NoClientAuth | undefined {
  const { method, path } = describeCall(call);
  const found = method ? atMethodCall(ctx, call, method) : path ? atPathCall(ctx, call, path) : undefined;
  // Asked only of a finding: the ancestor walk would otherwise run for every call of the crate.
  if (!found || isLibraryDefinition(call, ctx)) return undefined;
  return !found.lower && configuredVerifierBeside(found.node, ctx) ? { ...found, lower: true } : found;
}

/**
 * `self.client.as_ref().map(ClientAuthConfig::verifier).unwrap_or_else(|| Ok(NoClientAuth::new()))`: the
 * fallback runs when nothing is configured; the configured value (the receiver, or the crate functions it
 * names) sets up client authentication, so a setting chooses (one level lower).
 */
function configuredVerifierBeside(node: Node, ctx: InCrate): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item') return false;
    if (a.type !== 'call_expression') continue;
    const { method, receiver } = describeCall(a);
    const args = a.childForFieldName('arguments');
    const inArgs = !!args && node.startIndex >= args.startIndex && node.endIndex <= args.endIndex;
    if (!method || !receiver || !inArgs || !FALLBACK_METHODS.has(method)) continue;
    const named = descendantsOfType(receiver, ['identifier', 'field_identifier'])
      .filter((id) => !/^(map|and_then|as_ref|as_deref|clone|self)$/.test(id.text))
      .flatMap((id) => ctx.crate.functions(id.text, a));
    return [receiver, ...named].some(authenticatesClients);
  }
  return false;
}

/**
 * `Arc::new(NoClientAuth)` / `Arc::new(rustls::server::NoClientAuth)` (0.22+ unit struct), an identifier or
 * path given as an argument; `NoClientAuth {}` as a struct literal.
 */
export function noClientAuthVerifier(node: Node, ctx: InCrate): NoClientAuth | undefined {
  if (!node.text.includes('NoClientAuth') || isLibraryDefinition(node, ctx)) return undefined;
  if (node.type === 'struct_expression') {
    const name = node.childForFieldName('name');
    return name && pathSegments(name).at(-1) === 'NoClientAuth'
      ? found(node, 'The server config (`NoClientAuth` verifier)')
      : undefined;
  }
  // Every identifier of every file comes here: the text test first (the parent costs a walk from the root).
  if (!node.text.includes('NoClientAuth')) return undefined;
  if (node.parent?.type !== 'arguments' || isInUse(node)) return undefined;
  return pathSegments(node).at(-1) === 'NoClientAuth'
    ? found(node, 'The server config (`NoClientAuth` verifier)')
    : undefined;
}

function atMethodCall(ctx: InCrate, call: Node, method: string): NoClientAuth | undefined {
  if (method === 'with_no_client_auth') {
    if (sideOfValue(call, ctx.crate) === 'server')
      return found(methodNameNode(call), 'This server config (`with_no_client_auth()`)');
  }
  if (AXUM_SERVER_RELOADERS.has(method) && /axum_server|RustlsConfig|OpenSSLConfig/.test(ctx.file.text)) {
    return found(methodNameNode(call), `Reloading the axum-server config with \`${method}\``);
  }
  if (method === 'with_single_cert') {
    const chain = chainOf(call, ctx.crate);
    const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
    const isHyperRustlsAcceptor = pathEndsWith(root, 'TlsAcceptor::builder') && callArguments(chain.root).length === 0;
    if (isHyperRustlsAcceptor && !chain.steps.some((s) => s.name === 'with_tls_config')) {
      return found(methodNameNode(call), 'The hyper-rustls acceptor (`TlsAcceptor::builder().with_single_cert(..)`)');
    }
    return;
  }
  if (method === 'private_key_file' || method === 'private_key') {
    // axum-server 0.1–0.2: bind_rustls(addr).private_key_file(..) builds ServerConfig::new(NoClientAuth::new()).
    const chain = chainOf(call, ctx.crate);
    const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
    if (pathEndsWith(root, 'bind_rustls') && !chain.steps.some((s) => s.name === 'tls_config' || s.name === 'loader')) {
      return found(methodNameNode(call), `The axum-server listener (\`bind_rustls(..).${method}(..)\`)`);
    }
    return;
  }
  if (method === 'tls') {
    const warp = warpTlsWithoutClientAuth(call, ctx.file.names, ctx.crate);
    if (warp?.arm) return { node: warp.arm, what: warp.what, lower: true };
    return warp ? found(methodNameNode(call), warp.what) : undefined;
  }
  const arg = callArguments(call)[0];
  // `set_verify_callback(NONE, cb)`: with `NONE` a server requests no certificate, the callback never runs.
  if (
    (method !== 'set_verify' && method !== 'set_verify_callback') ||
    !arg ||
    opensslSide(call, ctx.crate) !== 'server'
  )
    return;
  if (isVerifyNone(arg, ctx)) {
    return found(
      call,
      `This OpenSSL acceptor (\`${method}(SslVerifyMode::NONE${method === 'set_verify' ? '' : ', ..'})\`)`,
    );
  }
  if (method !== 'set_verify') return;
  // `set_verify(if mtls { PEER | FAIL_IF_NO_PEER_CERT } else { NONE })`: the `NONE` arm.
  const { unsafe, chosen } = unsafeArms(arg, ctx.crate, (o) => verifiesNothingValue(o, ctx.crate));
  if (chosen) return found(unsafe[0], 'This OpenSSL acceptor (`SslVerifyMode::NONE` on this arm)', true);
}

/** `SslVerifyMode::NONE` written as the argument (also openssl 0.7–0.9's `SSL_VERIFY_NONE`). */
function isVerifyNone(arg: Node | undefined, ctx: InCrate): boolean {
  if (!arg || (arg.type !== 'scoped_identifier' && arg.type !== 'identifier')) return false;
  return verifiesNothingValue(arg, ctx.crate);
}

function atPathCall(ctx: InCrate, call: Node, path: Node): NoClientAuth | undefined {
  const resolved = ctx.file.names.resolve(path);
  const args = callArguments(call);
  if (pathEndsWith(resolved, ...NO_CLIENT_AUTH_CALLS)) {
    return found(call, `The server config (\`${pathSegments(path).slice(-2).join('::')}()\`)`);
  } else if (pathEndsWith(resolved, ...AXUM_SERVER_PEM_CONSTRUCTORS) && resolved[0] !== 'poem') {
    return found(call, `The axum-server config \`${resolved.slice(-2).join('::')}\``);
  } else if (
    pathEndsWith(resolved, 'TlsAcceptor::new', 'TlsAcceptor::builder') &&
    (args.length === 1 || (args.length === 2 && resolved[0] === 'async_native_tls')) &&
    isNativeTls(resolved, ctx)
  ) {
    return found(call, 'The native-tls acceptor (native-tls cannot request client certificates)');
  } else if (
    (pathEndsWith(resolved, ...OPENSSL_ACCEPTOR_CONSTRUCTORS) ||
      (isServerContextBuilder(resolved, args) && !swappedInBySni(call, ctx))) &&
    opensslContextNeverVerifies(call, ctx)
  ) {
    // `set_verify` only inside an `if` with no `else`: when the setting is off, nothing asks for a certificate.
    const chosen = opensslContextNeverVerifies(call, ctx) === 'unless-chosen';
    const result = found(
      call,
      'This OpenSSL acceptor (no `set_verify`, so the server default `SSL_VERIFY_NONE` applies)',
      chosen,
    );
    // It applies when the `if` around the builder's `set_verify` does not run.
    const setter = chosen ? verifySetter(call, ctx.crate) : undefined;
    const ifExpr = setter ? enclosing(setter.call, ['if_expression']) : undefined;
    const condition = ifExpr ? ifArmCondition(ifExpr, 'alternative')?.text : undefined;
    return condition && !result.condition ? { ...result, condition } : result;
  } else {
    const framework = serverConfigWithoutClientAuth(call, ctx.file.names, ctx.crate);
    if (framework) return found(call, framework.what);
  }
}

/** `SslContext::builder(SslMethod::tls_server())` / `SslContextBuilder::new(..)`: the method says server. */
function isServerContextBuilder(resolved: string[], args: Node[]): boolean {
  return (
    pathEndsWith(resolved, 'SslContext::builder', 'SslContextBuilder::new') &&
    /\b(d?tls_server)\b/.test(args[0]?.text ?? '')
  );
}

/**
 * A server context built and returned by its function in a crate that swaps contexts in a
 * server-name callback (`ssl.set_ssl_context(&ctx)`): OpenSSL takes only the certificate and key
 * from a context set that way, the verify mode stays the accepting acceptor's, judged there.
 */
function swappedInBySni(ctor: Node, ctx: InCrate): boolean {
  if (ctx.crate.callsNamed('set_ssl_context').length === 0) return false;
  const fn = enclosingFunction(ctor);
  const body = fn?.type === 'function_item' ? fn.childForFieldName('body') : null;
  // The context that installs the server-name callback is the accepting one: judged as any other.
  if (!body || /\bset_servername_callback\b/.test(body.text)) return false;
  return returnedExpressions(body).some((r) => /\.build\(\)\s*\)?$/.test(r.text));
}

function isNativeTls(resolved: string[], ctx: InCrate): boolean {
  if (resolved[0] === 'native_tls' || resolved[0] === 'tokio_native_tls' || resolved[0] === 'async_native_tls')
    return true;
  return resolved.length === 2 && /\bnative_tls\b/.test(ctx.file.text) && !/\bhyper_rustls\b/.test(ctx.file.text);
}

/**
 * The OpenSSL builder bound by `let` (an acceptor's or a raw context's) is never given
 * `set_verify`/`set_verify_callback` nor handed to another function; 'unless-chosen' when it is,
 * but only inside an `if` without `else`.
 */
export function opensslContextNeverVerifies(ctor: Node, ctx: InCrate): boolean | 'unless-chosen' {
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
  const uses = usesOf(binding, name, ctx.crate);
  // `let _ctx = SslContext::builder(..)?;` used nowhere in its function: nothing serves with it.
  if (uses.length === 0 && enclosingFunction(letDecl)) return false;
  let onlyInBranches = false;
  for (const use of uses) {
    const parent = use.parent;
    const method = builderMethodAt(use);
    if (method !== undefined) {
      if (OPENSSL_VERIFY_SETTERS.has(method) && !inIfWithoutElse(use, letDecl)) return false;
      if (OPENSSL_VERIFY_SETTERS.has(method)) onlyInBranches = true;
      continue;
    }
    // Printed or logged (`println!("{:?}", builder.options())`): read, not configured.
    const macro = enclosing(use, ['macro_invocation']);
    if (macro && (logInvocation(macro) || FORMAT_MACROS.has(macroName(macro)))) continue;
    // Handed to a server that only consumes it (actix `bind_openssl(addr, builder)`, axum-server
    // `OpenSSLConfig::try_from(builder)`): nothing sets the verify mode there.
    if (parent?.type === 'arguments' && isOpensslBuilderConsumer(parent.parent)) continue;
    // Returned to callers that only hand it to such a server (`bind_openssl(addr, load_ssl())`), or to
    // no caller in the crate (catalog revision 2: reported where it is created when no caller configures it).
    if (isReturnedToConsumersOnly(use, ctx) || isReturnedToNoCaller(use, ctx)) continue;
    // Passed elsewhere (`configure(&mut builder)`, returned, stored): it may be configured there.
    if (parent?.type !== 'field_expression') return false;
  }
  return onlyInBranches ? 'unless-chosen' : true;
}

/** `if let TlsMode::Client = mode { builder.set_verify_callback(..) }`: inside an `if` with no `else`, below the `let`. */
function inIfWithoutElse(use: Node, letDecl: Node): boolean {
  let child = use;
  for (const a of ancestors(use)) {
    if (a.id === letDecl.parent?.id || a.type === 'function_item') return false;
    if (a.type === 'if_expression' && a.childForFieldName('consequence')?.id === child.id)
      return !a.childForFieldName('alternative');
    child = a;
  }
  return false;
}

/** The function that returns `use` (as its value or in `Ok(..)`), if it does. */
function functionReturning(use: Node): Node | undefined {
  const fn = enclosingFunction(use);
  const body = fn?.type === 'function_item' ? fn.childForFieldName('body') : null;
  if (!fn || !body) return undefined;
  const unwrapOk = (e: Node): Node => {
    const { path } = e.type === 'call_expression' ? describeCall(e) : {};
    const args = e.type === 'call_expression' ? callArguments(e) : [];
    return path && path.text === 'Ok' && args.length === 1 ? args[0] : e;
  };
  return returnedExpressions(body).some((r) => unwrapOk(r).id === use.id) ? fn : undefined;
}

/** `fn ssl_builder() -> Result<SslAcceptorBuilder> { .. Ok(builder) }` that nothing in the crate calls. */
function isReturnedToNoCaller(use: Node, ctx: InCrate): boolean {
  const fn = functionReturning(use);
  return !!fn && callSitesOf(fn, ctx.crate, { fromEveryProgram: true }).length === 0;
}

/** `fn load_ssl() -> SslAcceptorBuilder { ..; builder }` whose every call site goes straight into a consumer. */
function isReturnedToConsumersOnly(use: Node, ctx: InCrate): boolean {
  const fn = functionReturning(use);
  if (!fn) return false;
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
      if (value.parent?.type === 'arguments') return isOpensslBuilderConsumer(value.parent.parent);
      // `let builder = ssl_builder(cfg)?; HttpServer::new(..).bind_openssl(addr, builder)`: through the `let`.
      if (value.parent?.type !== 'let_declaration') return false;
      const uses = valueUses(value, ctx.crate);
      return (
        uses.some((u) => u.kind === 'argument') &&
        uses.every((u) => (u.kind === 'argument' ? isOpensslBuilderConsumer(u.call) : !/^set_verify/.test(u.step.name)))
      );
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

/** `fn offer_client_auth(&self) -> bool { false }` in a ClientCertVerifier impl: each `false` it returns. */
export function offerClientAuthRefusals(fn: Node, ctx: InCrate): NoClientAuth[] {
  if (fn.childForFieldName('name')?.text !== 'offer_client_auth') return [];
  const impl = fn.parent?.parent;
  if (impl?.type !== 'impl_item') return [];
  const trait = impl.childForFieldName('trait');
  if (!trait || !pathEndsWith(ctx.file.names.resolve(trait), 'ClientCertVerifier')) return [];
  if (isLibraryDefinition(fn, ctx)) return [];
  const body = fn.childForFieldName('body');
  const chosenAt = armChoosingVerifier(impl, ctx);
  return (body ? returnedExpressions(body) : [])
    .filter((value) => booleanLiteral(value) === false)
    .map((value) => ({
      ...found(value, 'This client-certificate verifier (`offer_client_auth()` returns `false`)', !!chosenAt),
      chosenAt,
    }));
}

/**
 * `let verifier = if let Some(dir) = ca_dir { AllowAnyAuthenticatedClient::new(..) } else { Arc::new(AnyClient) }`:
 * where the verifier type is built in an arm whose other arm authenticates clients, at every place it is
 * installed outside tests, a setting chooses it. That arm, or undefined.
 */
function armChoosingVerifier(impl: Node, ctx: InCrate): Node | undefined {
  const typeName = enclosingImplType(impl.childForFieldName('body') ?? impl);
  if (!typeName) return undefined;
  const sites = installSites(ctx.crate, typeName, CLIENT_VERIFIER_INSTALLERS, impl).filter((s) => !s.inTest);
  const arms = sites.map((s) => (s.built && otherArms(s.built).some(authenticatesClients) ? s.built : undefined));
  return arms.length > 0 && arms.every((a) => a !== undefined) ? arms[0] : undefined;
}

/**
 * A setting chooses optional client auth: another arm of an enclosing `if`/`match` requires a client
 * certificate (`Ok(roots) if mandatory => AllowAnyAuthenticatedClient::new(roots)`).
 */
export function mandatoryArmBeside(node: Node): boolean {
  // `match mode { Required => builder, Optional => builder.allow_unauthenticated() }` (or an `if` whose
  // `else` keeps `builder`): the same builder, kept mandatory.
  const call = [...ancestors(node)].find((a) => a.type === 'call_expression');
  const builder = call ? rootIdentifier(call)?.text : undefined;
  return otherArms(node).some(
    (arm) =>
      !/\b(allow_unauthenticated|client_auth_optional)\b/.test(arm.text) &&
      (authenticatesClients(arm) || (!!builder && keepsBuilder(arm, builder))),
  );
}

/** The arm's value is the builder itself, or a chain on it (`builder.build()?`): nothing made optional. */
function keepsBuilder(arm: Node, builder: string): boolean {
  const result = armResult(arm);
  return !!result && rootIdentifier(result)?.text === builder;
}

/** An arm that sets up client authentication (a client verifier, a client CA, `FAIL_IF_NO_PEER_CERT`). */
function authenticatesClients(arm: Node): boolean {
  return /\b(with_client_cert_verifier|AllowAnyAuthenticatedClient|WebPkiClientVerifier|client_ca_root|FAIL_IF_NO_PEER_CERT)\b/.test(
    arm.text,
  );
}

/**
 * `AllowAnyAuthenticatedClient::new(roots)` of rustls 0.19/0.20, which returns the `Arc<dyn ClientCertVerifier>`
 * itself and cannot check CRLs (0.21 returns `Self`, boxed with `.boxed()` or `Arc::new`): the crate calls
 * `NoClientAuth::new()` (0.21 spells it `boxed()`), or the verifier goes unboxed — directly or through a
 * `let` — into the 0.19 `ServerConfig::new(..)` or `.with_client_cert_verifier(..)`, or out of a function
 * returning `Arc<dyn ClientCertVerifier>`.
 */
export function isPre021ClientVerifier(call: Node, ctx: InCrate): boolean {
  const parent = call.parent?.type === 'arguments' ? call.parent.parent : call.parent;
  if (parent?.type === 'field_expression' || (parent && isArcNew(parent, ctx))) return false;
  if (installedUnboxed(call, ctx)) return true;
  const binding = call.parent?.type === 'let_declaration' ? call.parent : undefined;
  const name = binding ? boundName(binding) : undefined;
  if (
    binding &&
    name &&
    usesOf({ kind: 'let', node: binding, value: call }, name, ctx.crate).some((u) => installedUnboxed(u, ctx))
  )
    return true;
  const fn = enclosingFunction(call);
  const returnType = fn?.childForFieldName('return_type')?.text ?? '';
  const returned = fn && returnedExpressions(fn.childForFieldName('body') ?? fn).some((r) => r.id === call.id);
  if (returned && /^Arc<dyn [\w:]*ClientCertVerifier>$/.test(returnType.replace(/\s+/g, ' '))) return true;
  return ctx.crate
    .callsNamed('new')
    .some((c) => pathEndsWith(callPath(c, { file: ctx.crate.fileOf(c), crate: ctx.crate }), 'NoClientAuth::new'));
}

/** `ServerConfig::new(v)` (0.19) / `.with_client_cert_verifier(v)`: `v` handed over as it is. */
function installedUnboxed(value: Node, ctx: InCrate): boolean {
  const call = value.parent?.type === 'arguments' ? value.parent.parent : undefined;
  if (call?.type !== 'call_expression') return false;
  return (
    describeCall(call).method === 'with_client_cert_verifier' || pathEndsWith(callPath(call, ctx), 'ServerConfig::new')
  );
}

function callPath(call: Node, ctx: InCrate): string[] {
  const { path } = describeCall(call);
  return path ? ctx.file.names.resolve(path) : [];
}

function isArcNew(call: Node, ctx: InCrate): boolean {
  return call.type === 'call_expression' && pathEndsWith(callPath(call, ctx), 'Arc::new');
}
