// Rule 14: an mTLS service that also serves its router over plain TCP.
import type { Rule, RuleContext } from './rule.js';
import { plainApplicationServer, plainApplicationServersIn, type PlainServer } from '../model/listeners.js';

export const rule: Rule = {
  meta: {
    id: 'plaintext-listener',
    name: 'PlaintextListener',
    defaultLevel: 'warning',
    securitySeverity: 6.5,
    cwe: 319,
    precision: 'medium',
    // A plain listener matters in a crate that means to authenticate clients, with or without a TLS library.
    withoutTlsDependency: 'intent',
    keywords: [
      'serve',
      'Server::bind',
      'try_bind',
      'from_tcp',
      'axum_server',
      'serve_connection',
      'DefaultAcceptor',
      'HttpServer',
    ],
    messages: {
      localPlaintext: {
        message: 'HTTP is served without TLS on {where} in a crate that uses mutual TLS',
        label: 'no TLS, no client certificate',
        note: 'Served by {what}. Fine for a sidecar, but any local process reaches the routes without a client certificate.',
        help: 'Serve the router only on the TLS listener if local processes must not reach it.',
      },
      plaintext: {
        message: 'HTTP is served over plain TCP in a crate that uses mutual TLS',
        label: 'plain TCP, no client certificate',
        note: 'Served by {what}: its routes are reachable without a client certificate, in clear text.',
        help: 'Serve the router only on the TLS listener, or redirect.',
      },
    },
    docs: {
      summary: 'An mTLS service that also serves its router over plain TCP.',
      whatItDoes:
        'In a crate that sets up mutual TLS, flags HTTP servers bound on plain TCP: axum 0.7/0.8 `axum::serve(listener, ..)` where the listener is a `tokio::net::TcpListener` (followed through `let`s, parameters and `tap_io`), axum 0.6 `axum::Server::bind(..)`/`try_bind`/`from_tcp` and `hyper::Server::bind(..)` (hyper 0.14 has no TLS on that builder; an unknown trailing `.https(..)` is not TLS), axum-server `bind(..)`/`from_tcp(..)` without a custom `.acceptor(..)`, a custom axum-server `Accept` that hands connections to the plain `DefaultAcceptor.accept(stream, service)` (a port that sniffs for TLS and serves the rest in clear text), and hyper/hyper-util `serve_connection(TokioIo::new(tcp), ..)` on a stream that comes straight from `accept()` (or a `TcpStream` parameter) without a TLS acceptor in between; actix-web `HttpServer::new(..).bind(..)` beside `bind_rustls*`/`bind_openssl` on the same server (a server with plain binds only is taken to sit behind a proxy that terminates TLS). Not reported: plain listeners whose router only redirects (or only answers health/metrics/ACME routes), the TLS-disabled branch of a configuration switch (a condition that names TLS, or any `if` whose other arm serves TLS; also when the plain server lives in a function only called there), axum 0.8 `serve` with a custom (TLS) listener. Loopback-only binds and Unix sockets are a note (sidecar pattern). `axum::serve(listener, app)` written directly in a `tokio::select!` / `join!` / `try_join!` arm is read from the macro tokens.',
      whyIsThisBad:
        'The same routes that mTLS protects are reachable without any client certificate, and in clear text, on the plain port: the authentication boundary has a side door (CWE-319). Anyone on the network path can also read and alter that traffic.',
      knownLimits:
        'Whether the plain router is the same as the TLS one is not checked: any application router on plain TCP in an mTLS crate is reported, except redirect/health-only ones. Listeners and streams created in another function are recognised only when the value flow reaches them (returns of local functions, typed parameters). Switches are recognised by `if`/`match` conditions that mention TLS.',
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
        'https://docs.rs/hyper-util/latest/hyper_util/server/conn/auto/struct.Builder.html',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        if (!ctx.crate.hasMtlsIntentAt(call)) return;
        const plain = plainApplicationServer(ctx, call);
        if (plain) report(ctx, plain);
      },
      // `tokio::select!`/`join!` arms are token trees: the model reads `axum::serve(..)` calls from their tokens.
      macro_invocation(macro) {
        if (!ctx.crate.hasMtlsIntentAt(macro)) return;
        for (const plain of plainApplicationServersIn(ctx, macro)) report(ctx, plain);
      },
    };
  },
};

/** Plain on a Unix socket or loopback: a note (a sidecar's port); anywhere else: a warning. */
function report(ctx: RuleContext, plain: PlainServer): void {
  ctx.report({
    node: plain.node,
    level: plain.local ? 'note' : 'warning',
    messageId: plain.local ? 'localPlaintext' : 'plaintext',
    data: { what: plain.what, where: plain.unix ? 'a Unix socket' : 'loopback' },
  });
}
