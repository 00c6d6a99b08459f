// Rule 14: an mTLS service that also serves its router over plain TCP.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { originsOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { ancestors, callArguments, describeCall } from '../model/syntax.js';

/** Calls that bind a plain-TCP HTTP server. */
const PLAIN_SERVERS = [
  'axum::Server::bind', 'axum::Server::from_tcp', 'hyper::Server::bind', 'hyper::Server::from_tcp', 'hyper::server::Server::bind',
  'axum_server::bind', 'axum_server::from_tcp', 'axum_server::Server::bind',
];
const LOOPBACK = /127\.0\.0\.1|localhost|\[::1\]|LOCALHOST|\[\s*127\s*,\s*0\s*,\s*0\s*,\s*1\s*\]|Ipv6Addr::LOCALHOST|UnixListener/;
const TLS_SWITCH = /tls|https|ssl|secure|mtls|cert/i;

export const rule: Rule = {
  meta: {
    id: 'plaintext-listener',
    name: 'PlaintextListener',
    defaultLevel: 'warning',
    securitySeverity: 6.5,
    cwe: 319,
    precision: 'medium',
    keywords: ['serve', 'Server::bind', 'from_tcp', 'axum_server', 'serve_connection'],
    docs: {
      summary: 'An mTLS service that also serves its router over plain TCP.',
      whatItDoes:
        'In a crate that sets up mutual TLS, flags HTTP servers bound on plain TCP: axum 0.7/0.8 `axum::serve(tokio::net::TcpListener, ..)`, axum 0.6 `axum::Server::bind(..)`/`Server::from_tcp(..)` (hyper 0.14; an unknown trailing `.https(..)` is not TLS), axum-server `bind(..)`/`from_tcp(..)`, and hyper-util `serve_connection(TokioIo::new(tcp), ..)` on a stream that never went through a TLS acceptor. Not reported: plain listeners whose router only redirects, the TLS-disabled branch of a configuration switch, axum 0.8 `serve` with a custom (TLS) listener. Loopback-only binds are a note (sidecar pattern).',
      whyIsThisBad:
        'The same routes that mTLS protects are reachable without any client certificate, and in clear text, on the plain port: the authentication boundary has a side door (CWE-319). Ports that "are only for health checks" tend to end up exposing the whole router.',
      knownLimits:
        'Whether the plain router is the same as the TLS one is not checked: any application router on plain TCP in an mTLS crate is reported, except redirect-only ones. Listeners created in another function are recognised only when the value flow reaches them.',
      badExample: `let plain = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
tokio::spawn(axum::serve(plain, app.clone()).into_future());
axum_server::bind_rustls(addr, RustlsConfig::from_config(mtls)).serve(app.into_make_service()).await?;`,
      goodExample: `let redirect = Router::new().fallback(|uri: Uri| async move {
    Redirect::permanent(&format!("https://api.internal{uri}"))
});
axum::serve(tokio::net::TcpListener::bind("0.0.0.0:8080").await?, redirect).await?;`,
      howToFix:
        'Serve the application only on the TLS listener. If a plain port is needed, give it a router that only redirects to HTTPS or only answers health checks, or bind it to loopback for a sidecar.',
      references: [
        'https://cwe.mitre.org/data/definitions/319.html',
        'https://docs.rs/axum/latest/axum/fn.serve.html',
        'https://docs.rs/axum-server/latest/axum_server/fn.bind.html',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        if (!ctx.crate.hasMtlsIntent) return;
        const plain = plainServer(ctx, call);
        if (!plain || isTlsSwitchBranch(call) || servesOnlyRedirects(ctx, plain.app)) return;
        const loopback = LOOPBACK.test(plain.address?.text ?? '') || originsOf(plain.address ?? call, ctx.crate).some((o) => LOOPBACK.test(o.text));
        ctx.report({
          node: call,
          level: loopback ? 'note' : 'warning',
          message: loopback
            ? `This ${plain.what} serves HTTP on loopback without TLS in a crate that uses mutual TLS. Fine for a sidecar, but any local process reaches the routes without a client certificate.`
            : `This ${plain.what} serves HTTP over plain TCP in a crate that uses mutual TLS: its routes are reachable without a client certificate. Serve the router only on the TLS listener, or redirect.`,
        });
      },
    };
  },
};

interface PlainServer {
  what: string;
  address?: Node;
  app?: Node;
}

function plainServer(ctx: RuleContext, call: Node): PlainServer | undefined {
  const { method, path } = describeCall(call);
  const args = callArguments(call);
  if (path) {
    const resolved = ctx.file.names.resolve(path);
    if (pathEndsWith(resolved, 'axum::serve')) {
      const listener = args[0];
      if (!listener || !originsOf(listener, ctx.crate).some((o) => isTcpBind(ctx, o))) return undefined;
      return { what: '`axum::serve` on a `TcpListener`', address: tcpBindAddress(ctx, listener), app: args[1] };
    }
    if (pathEndsWith(resolved, ...PLAIN_SERVERS) && (resolved[0] === 'axum' || resolved[0] === 'hyper' || resolved[0] === 'axum_server')) {
      return { what: `\`${resolved.slice(-2).join('::')}\` server`, address: args[0], app: servedApp(call) };
    }
    return undefined;
  }
  if (method === 'serve_connection' || method === 'serve_connection_with_upgrades') {
    const io = args[0];
    if (!io || !originsOf(io, ctx.crate).some((o) => isRawAccept(ctx, o))) return undefined;
    return { what: 'hyper connection', app: args[1] };
  }
  return undefined;
}

function isTcpBind(ctx: RuleContext, origin: Node): boolean {
  if (origin.type !== 'call_expression') return false;
  const { path } = describeCall(origin);
  return !!path && pathEndsWith(ctx.file.names.resolve(path), 'TcpListener::bind', 'TcpListener::from_std');
}

function tcpBindAddress(ctx: RuleContext, listener: Node): Node | undefined {
  const bind = originsOf(listener, ctx.crate).find((o) => isTcpBind(ctx, o));
  return bind ? callArguments(bind)[0] : undefined;
}

/** `TokioIo::new(tcp)` where `tcp` comes from `listener.accept()` (no TLS acceptor in between). */
function isRawAccept(ctx: RuleContext, origin: Node): boolean {
  if (origin.type !== 'call_expression') return false;
  const { method, path } = describeCall(origin);
  if (method === 'accept') return callArguments(origin).length === 0;
  const inner = callArguments(origin)[0];
  if (!path || !/TokioIo::new$/.test(path.text) || !inner) return false;
  return originsOf(inner, ctx.crate).some((o) => o.id !== origin.id && isRawAccept(ctx, o));
}

/** `.serve(app.into_make_service())` after `Server::bind(..)`: the app argument. */
function servedApp(call: Node): Node | undefined {
  for (const a of ancestors(call)) {
    if (a.type === 'call_expression' && describeCall(a).method === 'serve') return callArguments(a)[0];
    if (a.type === 'expression_statement' || a.type === 'let_declaration' || a.type === 'block') return undefined;
  }
  return undefined;
}

function servesOnlyRedirects(ctx: RuleContext, app: Node | undefined): boolean {
  if (!app) return false;
  return originsOf(app, ctx.crate).some((o) => /Redirect|redirect/.test(o.text) && !/\.route\(\s*"\/api/.test(o.text));
}

/** The plain branch of `if config.tls { … } else { plain }` is a deliberate switch, not a side door. */
function isTlsSwitchBranch(call: Node): boolean {
  for (const a of ancestors(call)) {
    if (a.type === 'if_expression' && TLS_SWITCH.test(a.childForFieldName('condition')?.text ?? '')) return true;
    if (a.type === 'match_expression' && TLS_SWITCH.test(a.childForFieldName('value')?.text ?? '')) return true;
    if (a.type === 'function_item') return false;
  }
  return false;
}
