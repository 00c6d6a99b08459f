// Listeners and servers: which calls serve HTTP over plain TCP or a Unix socket (`axum::serve` on a
// `TcpListener`, hyper 0.14 `Server::bind`, axum-server's plain constructors, hyper `serve_connection` on a
// raw accepted stream), the address they bind, the app they serve and whether it only redirects or answers
// health checks, and the `if tls { .. } else { plain }` switch that makes a plain branch deliberate.
import type { Node } from '../parser/parser.js';
import type { CrateModel, InCrate } from './crate.js';
import { chainOf, findBinding, forwardSteps, originsOf, runsOnlyInChosenBranch, type ChosenBranch } from './flow.js';
import { pathEndsWith } from './names.js';
import { callArguments, describeCall, descendantsOfType, methodNameNode, pathSegments } from './syntax.js';
import { macroName, tokensOf, type Token } from './macros.js';

/** hyper 0.14 servers (re-exported as `axum::Server` in axum 0.1–0.6): always plain `AddrIncoming`. */
const HYPER_SERVERS = [
  'Server::bind',
  'Server::try_bind',
  'Server::from_tcp',
  'server::Server::bind',
  'server::Server::try_bind',
  'server::Server::from_tcp',
];
/** axum-server plain constructors (TLS ones are `bind_rustls`, `bind_openssl`, `from_tcp_rustls`…). */
const AXUM_SERVER_PLAIN = [
  'axum_server::bind',
  'axum_server::from_tcp',
  'axum_server::Server::bind',
  'axum_server::Server::from_tcp',
  'axum_server::server::bind',
  'axum_server::server::from_tcp',
];
const LOOPBACK =
  /127\.0\.0\.1|\blocalhost\b|\[::1\]|\bLOCALHOST\b|127\s*,\s*0\s*,\s*0\s*,\s*1\b|\bUnixListener\b|Ipv6Addr::new\(\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*,\s*1\s*\)/;
/** Conditions that choose between TLS and plain serving. */
const TLS_SWITCH = /tls|https|ssl|secure|mtls|cert|insecure|plain|http_only|no_tls/i;
/** Code that serves TLS: an arm containing it is not "the TLS-disabled branch". */
const TLS_SERVING =
  /\b(bind_rustls|bind_openssl|from_tcp_rustls|from_tcp_openssl|RustlsConfig|OpenSSLConfig|RustlsAcceptor|OpenSSLAcceptor|TlsAcceptor|SslAcceptor|TlsListener|serve_tls|serve_mtls|run_tls|LazyConfigAcceptor)\b/;
/** Routes a plain port may legitimately answer without being "the application". */
const INFRA_ROUTE =
  /^"\/(\.well-known\/acme-challenge|health|healthz|healthcheck|health_check|livez|readyz|ready|live|liveness|readiness|ping|metrics|status)\b/;
const REDIRECTING =
  /redirect|Redirect|https:\/\/|MOVED_PERMANENTLY|PERMANENT_REDIRECT|TEMPORARY_REDIRECT|StatusCode::FOUND|SEE_OTHER/;
const ROUTER_STEPS = new Set([
  'route',
  'route_service',
  'fallback',
  'fallback_service',
  'nest',
  'nest_service',
  'merge',
]);

export type ListenerKind = 'tcp' | 'unix' | 'tls' | 'unknown';

export interface PlainServer {
  /** Where to report. */
  node: Node;
  what: string;
  /** The bind address, when visible. */
  address?: Node;
  /** The router or service it serves, when visible. */
  app?: Node;
  unix?: boolean;
  /** On a Unix socket or a loopback address: reachable from this host only. */
  local?: boolean;
}

/**
 * A plain server made at `call` that serves the application (not only redirects, health checks or ACME
 * challenges) and is not the plain branch of a TLS switch.
 */
export function plainApplicationServer(ctx: InCrate, call: Node): PlainServer | undefined {
  const plain = plainServer(ctx, call);
  if (!plain || runsOnlyInChosenBranch(call, ctx.crate, TLS_SWITCH_BRANCH) || servesNoApplication(ctx, plain.app))
    return undefined;
  return { ...plain, local: plain.unix || isLoopback(ctx, plain.address) };
}

/**
 * `tokio::select! { r = axum::serve(plain, app.clone()) => r?, .. }` / `tokio::try_join!(axum::serve(..), ..)`:
 * the arms are token trees, so each `axum::serve` call is read from its tokens; the plain ones that serve
 * the application.
 */
export function plainApplicationServersIn(ctx: InCrate, macro: Node): PlainServer[] {
  if (!SERVER_MACROS.has(macroName(macro))) return [];
  const out: PlainServer[] = [];
  for (const found of serveCallsInTokens(ctx, tokensOf(macro))) {
    const listener = listenerOf(ctx, found.listener);
    if (listener.kind !== 'tcp' && listener.kind !== 'unix') continue;
    if (runsOnlyInChosenBranch(macro, ctx.crate, TLS_SWITCH_BRANCH) || servesNoApplication(ctx, found.app)) continue;
    const unix = listener.kind === 'unix';
    const local = unix || isLoopback(ctx, listener.address);
    const what = unix ? '`axum::serve` on a `UnixListener`' : '`axum::serve` on a `TcpListener`';
    out.push({ node: found.node, what, address: listener.address, app: found.app, unix, local });
  }
  return out;
}

/** Macros whose arguments are server futures run side by side. */
const SERVER_MACROS = new Set(['select', 'join', 'try_join', 'biased_select']);

/** `axum::serve(listener, app…)` written inside a macro's tokens: the path's first token, the listener and app identifiers. */
function serveCallsInTokens(ctx: InCrate, tokens: Token[]): Array<{ node: Node; listener: Node; app?: Node }> {
  const out: Array<{ node: Node; listener: Node; app?: Node }> = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text !== 'serve' || tokens[i + 1]?.text !== '(') continue;
    let start = i;
    while (start >= 2 && tokens[start - 1].text === '::' && tokens[start - 2].type === 'identifier') start -= 2;
    if (start > 0 && tokens[start - 1].text === '.') continue; // a method `.serve(..)`
    const path = tokens
      .slice(start, i + 1)
      .map((t) => t.text)
      .join('');
    if (!pathEndsWith(ctx.file.names.resolve(path), 'axum::serve', 'axum::serve::serve')) continue;
    const listener = tokens[i + 2];
    if (listener?.type !== 'identifier' || tokens[i + 3]?.text !== ',') continue;
    const app = tokens[i + 4]?.type === 'identifier' ? tokens[i + 4].node : undefined;
    out.push({ node: tokens[start].node, listener: listener.node, app });
  }
  return out;
}

function plainServer(ctx: InCrate, call: Node): PlainServer | undefined {
  const { method, path } = describeCall(call);
  const args = callArguments(call);
  if (path) {
    const resolved = ctx.file.names.resolve(path);
    if (pathEndsWith(resolved, 'axum::serve', 'axum::serve::serve')) {
      const listener = args[0] ? listenerOf(ctx, args[0]) : undefined;
      if (!listener || (listener.kind !== 'tcp' && listener.kind !== 'unix')) return undefined;
      const what = listener.kind === 'unix' ? '`axum::serve` on a `UnixListener`' : '`axum::serve` on a `TcpListener`';
      return { node: call, what, address: listener.address, app: args[1], unix: listener.kind === 'unix' };
    }
    if ((resolved[0] === 'axum' || resolved[0] === 'hyper') && pathEndsWith(resolved, ...HYPER_SERVERS)) {
      // hyper 0.14's Builder has no TLS method: `.https(..)`/`.tls(..)` are invented and add nothing.
      const invented = forwardSteps(call, ctx.crate).find((s) =>
        /^(https|tls|rustls|with_tls|tls_config|ssl|openssl)$/.test(s.name),
      );
      const note = invented ? `; \`.${invented.name}(..)\` does not exist on hyper's \`Builder\` and adds no TLS` : '';
      return {
        node: call,
        what: `\`${resolved.slice(-2).join('::')}\` server (hyper 0.14, no TLS${note})`,
        address: args[0],
        app: servedApp(ctx, call),
      };
    }
    if ((resolved[0] === 'axum' || resolved[0] === 'hyper') && pathEndsWith(resolved, 'Server::builder') && args[0]) {
      // `Server::builder(AddrIncoming::bind(&addr)?)`: plain unless the incoming is a TLS acceptor.
      const incoming = originsOf(args[0], ctx.crate).map((o) => chainOf(o, ctx.crate));
      const bind = incoming.find(
        (c) =>
          c.rootPath &&
          pathEndsWith(
            ctx.file.names.resolve(c.rootPath.join('::')),
            'AddrIncoming::bind',
            'AddrIncoming::from_listener',
          ),
      );
      if (!bind || incoming.length !== 1) return undefined;
      return {
        node: call,
        what: '`Server::builder(AddrIncoming)` server (hyper 0.14, no TLS)',
        address: callArguments(bind.root)[0],
        app: servedApp(ctx, call),
      };
    }
    if (pathEndsWith(resolved, ...AXUM_SERVER_PLAIN) && resolved[0] === 'axum_server') {
      // `.acceptor(RustlsAcceptor::new(..))` turns the plain server into a TLS one.
      const steps = forwardSteps(call, ctx.crate);
      if (steps.some((s) => s.name === 'acceptor' && !/DefaultAcceptor/.test(s.args[0]?.text ?? ''))) return undefined;
      return {
        node: call,
        what: `\`${resolved.slice(-2).join('::')}\` server`,
        address: args[0],
        app: servedApp(ctx, call),
      };
    }
    return undefined;
  }
  if ((method === 'bind' || method === 'bind_auto_h2c') && args.length === 1) {
    // actix-web `HttpServer::new(|| App::new()..).bind(addr)`: a plain listener of the app (TLS ones are
    // `bind_rustls*` / `bind_openssl`, possibly on the same server).
    // Only beside a TLS listener of the same server: a service with plain binds alone sits behind a proxy
    // that terminates TLS (the catalog's "also serves").
    const chain = chainOf(call, ctx.crate);
    const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
    const steps = [...chain.steps, ...forwardSteps(call, ctx.crate)];
    const alsoTls = steps.some((s) => /^(bind|listen)_(rustls|openssl)/.test(s.name));
    if (alsoTls && pathEndsWith(root, 'actix_web::HttpServer::new', 'HttpServer::new') && root[0] !== 'hyper')
      return {
        node: methodNameNode(call),
        what: 'actix-web `HttpServer::bind` (plain TCP)',
        address: args[0],
        app: callArguments(chain.root)[0],
      };
  }
  if (method === 'accept' && args.length === 2 && isPlainAcceptor(ctx, describeCall(call).receiver)) {
    // A custom `Accept` that hands some connections to axum-server's plain acceptor serves the app over TCP.
    return { node: methodNameNode(call), what: "axum-server's `DefaultAcceptor` (plain TCP)", app: args[1] };
  }
  if (method === 'serve_connection' || method === 'serve_connection_with_upgrades') {
    const io = args[0];
    const kind = io ? streamKind(ctx, io, 0) : 'unknown';
    if (kind !== 'tcp' && kind !== 'unix') return undefined;
    const what =
      kind === 'unix'
        ? 'hyper connection (a `UnixStream` from `accept()`)'
        : 'hyper connection (a raw `TcpStream`, no TLS acceptor)';
    return { node: methodNameNode(call), what, app: args[1], unix: kind === 'unix' };
  }
  return undefined;
}

/** `DefaultAcceptor` / `DefaultAcceptor::new()` of axum-server, directly or through a `let`. */
function isPlainAcceptor(ctx: InCrate, receiver: Node | undefined): boolean {
  if (!receiver) return false;
  return originsOf(receiver, ctx.crate).some((origin) => {
    const root = origin.type === 'call_expression' ? describeCall(origin).path : origin;
    if (!root || (root.type !== 'identifier' && root.type !== 'scoped_identifier')) return false;
    const resolved = ctx.file.names.resolve(root.type === 'identifier' ? root.text : root);
    return resolved[0] === 'axum_server' && pathEndsWith(resolved, 'DefaultAcceptor', 'DefaultAcceptor::new');
  });
}

/** What `axum::serve` listens on: a `TcpListener` (with its bind address), a Unix socket, or something else. */
function listenerOf(ctx: InCrate, listener: Node, depth = 0): { kind: ListenerKind; address?: Node } {
  const kinds: Array<{ kind: ListenerKind; address?: Node }> = [];
  for (const origin of originsOf(listener, ctx.crate)) {
    // `match TcpListener::bind(addr).await { Ok(listener) => .. }`, `if let Ok(listener) = ..`
    const bound = origin.type === 'identifier' && depth < 4 ? findBinding(origin, ctx.crate) : undefined;
    if (bound?.kind === 'let-condition' && bound.value && bound.node.type !== 'for_expression') {
      kinds.push(listenerOf(ctx, bound.value, depth + 1));
      continue;
    }
    const chain = chainOf(origin, ctx.crate);
    const root = chain.root;
    const names = ctx.crate.fileOf(root).names;
    if (root.type === 'call_expression' && chain.rootPath) {
      const resolved = names.resolve(chain.rootPath.join('::'));
      if (pathEndsWith(resolved, 'UnixListener::bind', 'UnixListener::from_std')) kinds.push({ kind: 'unix' });
      else if (pathEndsWith(resolved, 'TcpListener::bind'))
        kinds.push({ kind: 'tcp', address: callArguments(root)[0] });
      else if (pathEndsWith(resolved, 'TcpListener::from_std'))
        kinds.push({ kind: 'tcp', address: stdBindAddress(ctx, callArguments(root)[0]) });
      else kinds.push({ kind: 'unknown' });
      continue;
    }
    if (root.type === 'identifier') {
      const binding = findBinding(root, ctx.crate);
      const type = binding?.kind === 'param' ? (binding.type?.text ?? '') : '';
      if (/^(tokio::net::)?TcpListener$/.test(type.replace(/\s+/g, ''))) kinds.push({ kind: 'tcp' });
      else if (/^(tokio::net::)?UnixListener$/.test(type.replace(/\s+/g, ''))) kinds.push({ kind: 'unix' });
      else kinds.push({ kind: 'unknown' });
      continue;
    }
    kinds.push({ kind: 'tls' }); // a struct literal or other value: a custom (possibly TLS) listener
  }
  if (kinds.length === 0 || kinds.some((k) => k.kind === 'tls' || k.kind === 'unknown')) return { kind: 'unknown' };
  return kinds.find((k) => k.kind === 'tcp') ?? kinds[0];
}

function stdBindAddress(ctx: InCrate, std: Node | undefined): Node | undefined {
  if (!std) return undefined;
  for (const origin of originsOf(std, ctx.crate)) {
    const chain = chainOf(origin, ctx.crate);
    if (
      chain.rootPath &&
      pathEndsWith(ctx.crate.fileOf(chain.root).names.resolve(chain.rootPath.join('::')), 'TcpListener::bind')
    )
      return callArguments(chain.root)[0];
  }
  return undefined;
}

/**
 * The stream given to `serve_connection`: raw TCP when it comes from `listener.accept()` (or a
 * `TcpStream` parameter) without passing through a TLS acceptor; `TokioIo::new(..)` is looked through.
 */
function streamKind(ctx: InCrate, expr: Node, depth: number): ListenerKind {
  if (depth > 6) return 'unknown';
  const kinds = new Set<ListenerKind>();
  for (const origin of originsOf(expr, ctx.crate)) kinds.add(originStreamKind(ctx, origin, depth));
  if (kinds.size !== 1) return kinds.has('tls') ? 'tls' : 'unknown';
  return [...kinds][0];
}

function originStreamKind(ctx: InCrate, origin: Node, depth: number): ListenerKind {
  if (origin.type === 'call_expression') {
    const { method, path, receiver } = describeCall(origin);
    const args = callArguments(origin);
    if (method === 'accept' && args.length === 0 && receiver) return listenerKindOfReceiver(ctx, receiver);
    if (
      path &&
      args.length === 1 &&
      /^(TokioIo::new|Box::pin|BufReader::new|BufStream::new)$/.test(pathSegments(path).slice(-2).join('::'))
    )
      return streamKind(ctx, args[0], depth + 1);
    return method === 'accept' || method === 'into_stream' || method === 'connect' ? 'tls' : 'unknown';
  }
  if (origin.type === 'field_expression' && origin.childForFieldName('field')?.text === '0') {
    // `listener.accept().await?.0`
    const value = origin.childForFieldName('value');
    return value ? streamKind(ctx, value, depth + 1) : 'unknown';
  }
  if (origin.type === 'identifier') {
    const binding = findBinding(origin, ctx.crate);
    if (!binding) return 'unknown';
    if (binding.kind === 'param') {
      const type = (binding.type?.text ?? '').replace(/\s+/g, '');
      if (/^(tokio::net::)?TcpStream$/.test(type)) return 'tcp';
      if (/^(tokio::net::)?UnixStream$/.test(type)) return 'unix';
      return /Tls|Ssl/.test(type) ? 'tls' : 'unknown';
    }
    // `while let Ok((tcp, _)) = listener.accept().await`, `match listener.accept().await { Ok((s, _)) => .. }`
    if (binding.kind === 'let-condition' && binding.value && binding.node.type !== 'for_expression')
      return streamKind(ctx, binding.value, depth + 1);
  }
  return 'unknown';
}

function listenerKindOfReceiver(ctx: InCrate, receiver: Node): ListenerKind {
  const texts = originsOf(receiver, ctx.crate).map((o) => o.text);
  const id = receiver.type === 'identifier' ? findBinding(receiver, ctx.crate) : undefined;
  if (texts.some((t) => /UnixListener/.test(t)) || /UnixListener/.test(id?.type?.text ?? '')) return 'unix';
  if (texts.some((t) => /Tls|Ssl|Acceptor/.test(t)) || /Tls|Ssl|Acceptor/.test(id?.type?.text ?? '')) return 'tls';
  // Only a listener known to be TCP yields raw TCP streams.
  return texts.some((t) => /\bTcpListener\b/.test(t)) || /\bTcpListener\b/.test(id?.type?.text ?? '')
    ? 'tcp'
    : 'unknown';
}

/** `.serve(app.into_make_service())` after `Server::bind(..)` (also through a `let`): the app argument. */
function servedApp(ctx: InCrate, call: Node): Node | undefined {
  return forwardSteps(call, ctx.crate).find((s) => s.name === 'serve')?.args[0];
}

function isLoopback(ctx: InCrate, address: Node | undefined): boolean {
  if (!address) return false;
  const origins = originsOf(address, ctx.crate);
  return LOOPBACK.test(address.text) || (origins.length > 0 && origins.every((o) => LOOPBACK.test(o.text)));
}

/**
 * True when the served router provably answers nothing of the application: only redirects
 * (to HTTPS), health/readiness/metrics or ACME challenges.
 */
function servesNoApplication(ctx: InCrate, app: Node | undefined): boolean {
  if (!app) return false;
  const origins = originsOf(app, ctx.crate);
  if (origins.length === 0) return false;
  return origins.every((origin) => {
    const chain = chainOf(origin, ctx.crate);
    const routes = chain.steps.filter((s) => ROUTER_STEPS.has(s.name));
    const rootPath = chain.rootPath ? ctx.crate.fileOf(chain.root).names.resolve(chain.rootPath.join('::')) : [];
    if (pathEndsWith(rootPath, 'Router::new', 'Router::default') || routes.length > 0) {
      return routes.length > 0 && routes.every((r) => isInfraRoute(ctx.crate, r.name, r.args));
    }
    // A hand-made service (`service_fn(redirect_to_https)`, `make_service_fn(..)`).
    return redirects(ctx.crate, origin);
  });
}

function isInfraRoute(crate: CrateModel, step: string, args: Node[]): boolean {
  const handler = args.at(-1);
  if (!handler) return false;
  if ((step === 'route' || step === 'route_service') && args[0] && INFRA_ROUTE.test(args[0].text)) return true;
  return redirects(crate, handler);
}

/** The handler (a closure, a service, or a crate function it names) answers with a redirect. */
function redirects(crate: CrateModel, handler: Node): boolean {
  if (REDIRECTING.test(handler.text)) return true;
  const names = handler.type === 'identifier' ? [handler] : descendantsOfType(handler, 'identifier');
  return names.some((id) =>
    crate
      .functions(id.text, id)
      .some(
        (fn) =>
          REDIRECTING.test(fn.childForFieldName('return_type')?.text ?? '') ||
          REDIRECTING.test(fn.childForFieldName('body')?.text ?? ''),
      ),
  );
}

/**
 * The plain branch of `if config.tls { … } else { plain }` is a deliberate switch, not a side
 * door — unless that same branch also serves TLS. A function only called from such branches
 * counts as one.
 */
const TLS_SWITCH_BRANCH: ChosenBranch = {
  decides: (condition) => TLS_SWITCH.test(condition),
  alsoDoes: (branch, call) => {
    const before = branch.text.slice(0, call.startIndex - branch.startIndex);
    const after = branch.text.slice(call.endIndex - branch.startIndex);
    return TLS_SERVING.test(before) || TLS_SERVING.test(after);
  },
  // `if local_or_behind_proxy { axum::serve(plain, app) } else { rustls ServerConfig… }`.
  alternative: (branch) => TLS_SERVING.test(branch.text) || /\bServerConfig::builder\b/.test(branch.text),
};
