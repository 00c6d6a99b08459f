// Client or server? Many TLS APIs exist on both sides (with_no_client_auth, set_verify,
// key_log…). The side comes from the chain root, a declared type, or the consumer.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from './crate.js';
import { chainOf, findBinding, rootIdentifier, usesOf, boundName, type Chain } from './flow.js';
import { enclosingImplType, literalOwnerType } from './fields.js';
import { pathEndsWith } from './names.js';
import { ancestors, callArguments, describeCall, pathSegments } from './syntax.js';

export type Side = 'server' | 'client' | 'unknown';

const SERVER_ROOTS = [
  'ServerConfig::builder',
  'ServerConfig::builder_with_protocol_versions',
  'ServerConfig::builder_with_provider',
  'ServerConfig::builder_with_details',
  'ServerConfig::new',
  'ServerConfig::with_ciphersuites',
  'SslAcceptor::mozilla_intermediate',
  'SslAcceptor::mozilla_intermediate_v5',
  'SslAcceptor::mozilla_modern',
  'SslAcceptor::mozilla_modern_v5',
  'SslAcceptor::builder',
  'TlsAcceptor::builder',
  'TlsAcceptor::new',
  // rustls 0.20 betas
  'server_config_builder_with_safe_defaults',
  'server_config_builder',
  // openssl 0.9
  'SslAcceptorBuilder::mozilla_intermediate',
  'SslAcceptorBuilder::mozilla_modern',
];
const CLIENT_ROOTS = [
  'ClientConfig::builder',
  'ClientConfig::builder_with_protocol_versions',
  'ClientConfig::builder_with_provider',
  'ClientConfig::builder_with_details',
  'ClientConfig::new',
  'SslConnector::builder',
  'TlsConnector::builder',
  'TlsConnector::new',
  'Client::builder',
  'ClientBuilder::new',
  // rustls 0.20 betas
  'client_config_builder_with_safe_defaults',
  'client_config_builder',
  // openssl 0.9
  'SslConnectorBuilder::new',
];
/** Types whose mention in a declaration fixes the side. */
const SERVER_TYPES = /\b(ServerConfig|SslAcceptorBuilder|SslAcceptor|ServerConnection|TlsAcceptor)\b/;
const CLIENT_TYPES =
  /\b(ClientConfig|SslConnectorBuilder|SslConnector|ConnectConfiguration|ClientConnection|TlsConnector|ClientBuilder)\b/;
/** Calls that consume a server (resp. client) config. */
const SERVER_CONSUMERS = [
  'TlsAcceptor::from',
  'TlsAcceptor::new',
  'RustlsConfig::from_config',
  'ServerConnection::new',
  'OpenSSLConfig::from_acceptor',
  'OpenSSLConfig::try_from',
  'reload_from_config',
  'into_stream',
  'LazyConfigAcceptor::new',
  'tls_config',
];
const CLIENT_CONSUMERS = [
  // scylla's `TlsContext::from(ssl_context)` for `SessionBuilder::tls_context(..)`.
  'TlsContext::from',
  'TlsConnector::from',
  'TlsConnector::new',
  'ClientConnection::new',
  'use_preconfigured_tls',
  'tls_backend_preconfigured',
  'with_tls_config',
  'HttpsConnector::from',
  // hyper 0.9–0.10 with openssl 0.7: `HttpsConnector::new(OpensslClient::new(ctx))`
  'OpensslClient::new',
  'OpensslClient::from',
];

export function sideOfChain(chain: Chain, file: SourceFile): Side {
  if (!chain.rootPath) return 'unknown';
  const resolved = file.names.resolve(chain.rootPath.join('::'));
  if (pathEndsWith(resolved, ...SERVER_ROOTS)) return 'server';
  if (pathEndsWith(resolved, ...CLIENT_ROOTS)) return 'client';
  return 'unknown';
}

export function sideOfType(typeText: string | undefined): Side {
  if (!typeText) return 'unknown';
  const server = SERVER_TYPES.test(typeText);
  const client = CLIENT_TYPES.test(typeText);
  if (server && !client) return 'server';
  if (client && !server) return 'client';
  return 'unknown';
}

/**
 * The side of the value an expression evaluates to (a config, a builder): from its chain
 * root, then from declared types along the way, then from where the variable is consumed.
 */
export function sideOfValue(expr: Node, crate: CrateModel): Side {
  const file = crate.fileOf(expr);
  const chain = chainOf(expr, crate);
  const fromChain = sideOfChain(chain, file);
  if (fromChain !== 'unknown') return fromChain;
  const id = rootIdentifier(expr);
  if (id) {
    const fromDecl = sideOfDeclaration(id, crate);
    if (fromDecl !== 'unknown') return fromDecl;
  }
  const fromSink = sideOfSink(expr, crate);
  if (fromSink !== 'unknown') return fromSink;
  return sideOfEnclosingFunction(expr);
}

/** Where the expression's value goes: `let cfg: T = <expr>` and the later uses of `cfg`. */
function sideOfSink(expr: Node, crate: CrateModel): Side {
  let consumerChecked = false;
  for (const a of ancestors(expr)) {
    if (a.type === 'let_declaration') {
      const declared = sideOfType(a.childForFieldName('type')?.text);
      if (declared !== 'unknown') return declared;
      const name = boundName(a);
      if (!name) return 'unknown';
      const binding = { kind: 'let' as const, node: a, value: a.childForFieldName('value') ?? undefined };
      for (const use of usesOf(binding, name, crate)) {
        const consumer = consumerSide(use, crate);
        if (consumer !== 'unknown') return consumer;
      }
      return 'unknown';
    }
    if (a.type === 'call_expression' && !consumerChecked) {
      consumerChecked = true; // the same question for every call above: ask once (long chains made this cubic)
      const consumer = consumerSide(expr, crate);
      if (consumer !== 'unknown') return consumer;
    }
    if (a.type === 'block' || a.type === 'function_item') return 'unknown';
  }
  return 'unknown';
}

/** Declared types of the binding (`let c: ServerConfig`, `b: &mut SslAcceptorBuilder`) or of its consumers. */
function sideOfDeclaration(id: Node, crate: CrateModel): Side {
  const binding = findBinding(id, crate);
  if (!binding) return 'unknown';
  const declared = sideOfType(binding.type?.text);
  if (declared !== 'unknown') return declared;
  const name = binding.kind === 'let' ? (boundName(binding.node) ?? id.text) : id.text;
  for (const use of usesOf(binding, name, crate)) {
    const consumer = consumerSide(use, crate);
    if (consumer !== 'unknown') return consumer;
  }
  return 'unknown';
}

/** If `use` is an argument (possibly wrapped in Arc::new/clone) of a known consumer, that consumer's side. */
function consumerSide(use: Node, crate: CrateModel, depth = 0): Side {
  for (const a of ancestors(use)) {
    // `let ctx = builder.build();` (or `Arc::new(..)`, `?`): the built value's uses decide.
    if (a.type === 'let_declaration' && depth < 3 && a.childForFieldName('value') && builtFrom(a, use)) {
      const name = boundName(a);
      if (!name) return 'unknown';
      const binding = { kind: 'let' as const, node: a, value: a.childForFieldName('value') ?? undefined };
      for (const later of usesOf(binding, name, crate)) {
        const side = consumerSide(later, crate, depth + 1);
        if (side !== 'unknown') return side;
      }
      return 'unknown';
    }
    if (a.type === 'call_expression') {
      const d = describeCall(a);
      const name = d.path ? pathSegments(d.path).slice(-2).join('::') : (d.method ?? '');
      const inArgs = callArguments(a).some((arg) => arg.startIndex <= use.startIndex && use.endIndex <= arg.endIndex);
      if (!inArgs) continue;
      if (name === 'Ssl::new' || name === 'SslStream::new') return sessionSide(a, crate);
      // Stored in a tuple struct (`Server(ctx.build())`): where that field is read decides.
      const struct = d.path && constructedStruct(d.path);
      if (struct && crate.declaresStruct(struct) && depth < 3) {
        const index = callArguments(a).findIndex(
          (arg) => arg.startIndex <= use.startIndex && use.endIndex <= arg.endIndex,
        );
        return sideOfFieldReads(struct, String(index), crate, depth);
      }
      if (SERVER_CONSUMERS.some((c) => name === c || name.endsWith(`::${c}`) || c === d.method)) return 'server';
      // scylla's `TlsContext` only: a crate's own `TlsContext` says nothing.
      if (name === 'TlsContext::from' && !/\bscylla\b/.test(crate.fileOf(a).text)) return 'unknown';
      if (CLIENT_CONSUMERS.some((c) => name === c || name.endsWith(`::${c}`) || c === d.method)) return 'client';
      if (!/^(Arc::new|Box::new|Some|Ok|Arc::clone|clone|into)$/.test(name)) return 'unknown';
    }
    if (a.type === 'field_initializer' && depth < 3) {
      // Stored in a struct field (`Server { ctx: ctx.build() }`): where that field is read decides.
      const owner = a.parent?.parent?.type === 'struct_expression' ? literalOwnerType(a.parent.parent) : undefined;
      const field = a.childForFieldName('field')?.text;
      return owner && field && crate.declaresStruct(owner) ? sideOfFieldReads(owner, field, crate, depth) : 'unknown';
    }
    if (a.type === 'let_declaration' || a.type === 'expression_statement' || a.type === 'block') return 'unknown';
  }
  return 'unknown';
}

/** The tuple struct a call constructs: `Server(..)`, or `Self(..)` inside `impl Server`. */
function constructedStruct(path: Node): string | undefined {
  if (path.text === 'Self') return enclosingImplType(path);
  if (path.type === 'identifier') return path.text;
  return undefined;
}

function sideOfFieldReads(owner: string, field: string, crate: CrateModel, depth: number): Side {
  for (const read of crate.fieldReads(owner, field)) {
    const side = consumerSide(read, crate, depth + 1);
    if (side !== 'unknown') return side;
  }
  return 'unknown';
}

/** The let's value is `use` itself, built (`.build()`), wrapped or unwrapped: the same configuration. */
function builtFrom(letDecl: Node, use: Node): boolean {
  let value = letDecl.childForFieldName('value');
  while (value && value.id !== use.id) {
    if (value.type === 'try_expression' || value.type === 'reference_expression' || value.type === 'await_expression') {
      value = value.namedChildren[0] ?? null;
      continue;
    }
    if (value.type !== 'call_expression') return false;
    const d = describeCall(value);
    if (d.method && /^(build|unwrap|expect|clone|into_context|into)$/.test(d.method)) value = d.receiver ?? null;
    else if (d.path && /^(Arc::new|Box::new|Rc::new)$/.test(pathSegments(d.path).slice(-2).join('::')))
      value = callArguments(value)[0] ?? null;
    else return false;
  }
  return !!value;
}

/**
 * An OpenSSL session made from a context (`Ssl::new(&ctx)`, `SslStream::new(ssl, stream)`) takes
 * the side of what is done with it: `.accept(..)` / `set_accept_state()` make the context a
 * server's, `.connect(..)` / `set_connect_state()` a client's — on the call's chain or on the
 * variable it is bound to.
 */
function sessionSide(session: Node, crate: CrateModel): Side {
  const sideOfMethod = (method: string | undefined): Side =>
    method === 'accept' || method === 'set_accept_state' || method === 'do_accept'
      ? 'server'
      : method === 'connect' || method === 'set_connect_state' || method === 'do_connect'
        ? 'client'
        : 'unknown';
  let value = session;
  // `Ssl::new(&ctx).unwrap().accept(stream)`, `Ssl::new(&ctx)?.connect(..)`.
  for (let up = value.parent; up; up = up.parent) {
    if (up.type === 'field_expression' && up.parent?.type === 'call_expression') {
      const side = sideOfMethod(up.childForFieldName('field')?.text);
      if (side !== 'unknown') return side;
      value = up.parent;
      continue;
    }
    if (up.type === 'try_expression' || up.type === 'await_expression') {
      value = up;
      continue;
    }
    if (up.type === 'let_declaration') {
      const name = boundName(up);
      if (!name) return 'unknown';
      const binding = { kind: 'let' as const, node: up, value: up.childForFieldName('value') ?? undefined };
      for (const later of usesOf(binding, name, crate)) {
        const call = later.parent?.type === 'field_expression' ? later.parent : undefined;
        const side = sideOfMethod(call?.childForFieldName('field')?.text);
        if (side !== 'unknown') return side;
        if (later.parent?.type === 'call_expression' || later.parent?.type === 'arguments') {
          const inner = consumerSide(later, crate);
          if (inner !== 'unknown') return inner;
        }
      }
      return 'unknown';
    }
    if (up.type !== 'call_expression') return 'unknown';
  }
  return 'unknown';
}

/** Last resort: the function's return type or parameter types name one side only. */
function sideOfEnclosingFunction(node: Node): Side {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item') {
      const ret = sideOfType(a.childForFieldName('return_type')?.text);
      if (ret !== 'unknown') return ret;
      return sideOfType(a.childForFieldName('parameters')?.text);
    }
  }
  return 'unknown';
}

/**
 * The callee of a call as written and as resolved through the file's `use` table, for name
 * tests such as "is this a quinn / QUIC consumer": `ClientConfig::new` imported with
 * `use quinn::ClientConfig` reads `ClientConfig::new quinn::ClientConfig::new`.
 */
export function calleeNames(call: Node, crate: CrateModel): string {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  if (!fn) return '';
  if (fn.type !== 'scoped_identifier' && fn.type !== 'identifier') return fn.text;
  return `${fn.text} ${crate.fileOf(call).names.resolve(fn).join('::')}`;
}
