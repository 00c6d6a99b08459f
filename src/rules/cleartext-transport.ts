// Rule 19: a client call given a literal cleartext URL (`http://`, `ws://`, a database URL with
// `sslmode=disable`) to a host that is neither local nor private.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { chainOf, consumingCalls, findBinding, forwardSteps, rootIdentifier } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { callArguments, describeCall, pathSegments } from '../model/syntax.js';
import { classifyHost, parseUrl, queryParam, stringValues, type StringValue, urlConstCarriers } from '../model/urls.js';

const VERBS = ['get', 'post', 'put', 'delete', 'patch', 'head'];
/** Free functions that send a request or open a connection, and the argument holding the URL. */
const PATH_SINKS: Array<[string, number]> = [
  ['reqwest::get', 0],
  ['blocking::get', 0],
  ['ureq::request', 1],
  ...['ureq', 'isahc', 'surf'].flatMap((c) => VERBS.map((v): [string, number] => [`${c}::${v}`, 0])),
  ...VERBS.map((v): [string, number] => [`isahc::${v}_async`, 0]),
  ['Endpoint::from_static', 0],
  ['Channel::from_static', 0],
  ['Endpoint::from_shared', 0],
  ['Channel::from_shared', 0],
  ['Endpoint::try_from', 0],
  ['Endpoint::new', 0],
  ['tungstenite::connect', 0],
  ['tungstenite::client', 0],
  // Data stores spoken to over HTTP: InfluxDB 1/2, Elasticsearch/OpenSearch single-node transports.
  ['influxdb::Client::new', 0],
  ['influxdb2::Client::new', 0],
  ['SingleNodeConnectionPool::new', 0],
  ['Transport::single_node', 0],
];
const WS_CONNECT = /^connect_async(_with_config|_tls_with_config|_with_tls_connector)?$/;
/** Constructors of HTTP clients whose `.get(url)`/`.post(url)`/`.request(m, url)` send a request. */
const CLIENT_ROOTS = [
  'Client::new',
  'Client::builder',
  'Client::default',
  'ClientBuilder::new',
  'Agent::new',
  'Agent::new_with_defaults',
  'Agent::new_with_config',
  'AgentBuilder::new',
  'ureq::agent',
  'ureq::builder',
  'HttpClient::new',
  'HttpClient::builder',
  'surf::client',
  'Client::with_http_client',
  'Client::with_config',
];
const CLIENT_TYPE = /\b(reqwest::(blocking::)?Client|Client|Agent|HttpClient|surf::Client)\b/;
/** Requests built with `http`/hyper (`Request::builder().uri(..)`, `Request::get(..)`): sent through one of these. */
const SENDERS = new Set(['request', 'send_request', 'execute', 'call', 'send', 'send_async', 'run', 'oneshot']);
/** Database connections: a URL with `sslmode=disable` handed to one of these. */
const DB_CALLS = new Set(['connect', 'connect_lazy', 'establish', 'from_str', 'connect_with', 'from_url', 'new']);
const DB_SCHEMES = new Set(['postgres', 'postgresql', 'mysql', 'mariadb']);

export const rule: Rule = {
  meta: {
    id: 'cleartext-transport',
    name: 'CleartextTransport',
    defaultLevel: 'warning',
    securitySeverity: 5.9,
    cwe: 319,
    precision: 'high',
    withoutTlsDependency: 'always',
    keywords: [
      '"http://',
      '"ws://',
      'sslmode=disable',
      'reqwest',
      'ureq',
      'isahc',
      'surf',
      'Client',
      'client',
      'Agent',
      'agent',
      'Endpoint',
      'Channel',
      'connect',
      'Request',
      'establish',
    ],
    // A URL in a string literal somewhere in the crate (`"http://` — not in a doc comment's link).
    crateKeywords: ['"http://', '"ws://', 'sslmode=disable'],
    // A client call is parsed when its file writes a cleartext URL or names a const that holds one.
    sources: {
      keywords: ['http://', 'ws://', 'sslmode=disable'],
      carriers: urlConstCarriers(/^(http|ws):\/\/|sslmode=disable/i),
    },
    messages: {
      databaseTlsOff: {
        message: 'this database connection to `{host}` turns TLS off (`{mode}`)',
        label: 'TLS off',
        note: 'Credentials, queries and results cross the network in cleartext.',
        help: "Use `sslmode=verify-full` with the server's CA.",
      },
      cleartextUrl: {
        message: 'this client connects to `{host}` in cleartext (`{scheme}://`)',
        label: 'cleartext URL',
        note: '`{url}` goes to a remote host: anyone on the network path can read and change the requests and responses, tokens included.',
        help: 'Use `{secure}`.',
      },
    },
    docs: {
      summary: 'A client connects to a remote host over cleartext HTTP, WebSocket or database transport.',
      whatItDoes:
        'Flags a client call given a literal `http://` or `ws://` URL, or a Postgres/MySQL URL with `sslmode=disable` (`ssl-mode=DISABLED`), whose host is neither loopback (`localhost`, 127.0.0.0/8, `[::1]`), nor private (10/8, 172.16/12, 192.168/16, fc00::/7), nor link-local, nor a `.local`/`.localhost` name. Client calls: reqwest `reqwest::get`, `Client::get/post/put/patch/delete/head/request` (the client known from its constructor, its declared type or its name), ureq 2/3 `ureq::get(..)` and `Agent` methods, isahc `isahc::get(..)`/`HttpClient` methods, surf `surf::get(..)`, `http`/hyper `Request::builder().uri(..)` and `Request::get(..)` when the request is handed to a client (`request`, `send_request`, `execute`, `call`, `send`), tonic `Endpoint::from_static`/`from_shared`/`Channel::from_static` and generated `*Client::connect(..)`, tungstenite `connect`, tokio-tungstenite/async-tungstenite `connect_async*`, and `connect`/`connect_lazy`/`establish`/`from_str` for database URLs (sqlx, tokio-postgres, diesel, sea-orm). The URL is followed through `let`s, consts, `format!`/`concat!` (the host must be literal), `.parse()`, `Url::parse`, `Uri::from_static`, tungstenite `into_client_request()` and `.join(..)`. Only production and example code: a URL in a log line, a doc comment, a comment or a string that reaches no client is never reported.',
      whyIsThisBad:
        'Anything sent in cleartext — bearer tokens, session cookies, API keys, personal data, the response the service acts on — can be read and changed by anyone on the network path (CWE-319). Between services this is exactly what a mesh with mutual TLS exists to prevent: one `http://` call to another host bypasses it.',
      knownLimits:
        'Hosts are judged from the literal only: a host from configuration, an environment variable or a function argument is unknown and not reported (a default URL in `env::var(..).unwrap_or_else(|_| "http://..".into())` is followed: it is what runs when the variable is unset). A URL written elsewhere in the file (a const, a `let`, a helper) is reported where it is written, with the client call as a related location; one written in another file is reported at the call, pointing to it. Single-label names (`http://backend:8080`, a container or cluster service) are reported: they are not local to the machine; names that never resolve (`.example`, `.test`, `.invalid`) are not; `example.com`/`.org`/`.net` are (they resolve). A tonic endpoint with `.tls_config(..)` on its chain is not reported (tonic decides TLS from the config). `.get(..)`/`.post(..)` count only on a receiver known to be an HTTP client (constructor, declared type, or a name containing `client`/`agent`). Postgres key-value strings (`host=.. sslmode=disable`) are not read. Supported shapes: reqwest 0.11–0.12, ureq 2.x (`ureq::get`, `Agent`) and 3.x (`ureq::get`, `Agent::new_with_defaults`), isahc 1.x, surf 2.x, hyper 0.14 `Client`/1.x with hyper-util `legacy::Client`, tonic 0.8–0.12, tungstenite 0.17+, sqlx 0.6–0.8, tokio-postgres 0.7, diesel 2.',
      badExample: `let resp = reqwest::Client::new()
    .post("http://billing.partner-api.com/v1/charge")
    .bearer_auth(token)
    .send()
    .await?;

let channel = Endpoint::from_static("http://accounts.prod.example-corp.net:50051").connect().await?;`,
      goodExample: `let resp = reqwest::Client::new()
    .post("https://billing.partner-api.com/v1/charge")
    .bearer_auth(token)
    .send()
    .await?;

let local = reqwest::get("http://127.0.0.1:9090/metrics").await?;`,
      howToFix:
        'Use `https://` (`wss://` for WebSockets, `sslmode=verify-full` for Postgres) and keep certificate verification on; for service-to-service calls give the client its certificate (`reqwest::Identity`, tonic `ClientTlsConfig::identity`) so the peer can authenticate it. When the plain endpoint is genuinely on the same host or a private network, write its loopback or private address so the intent is visible, or suppress the line with a reason.',
      references: [
        'https://cwe.mitre.org/data/definitions/319.html',
        'https://codeql.github.com/codeql-query-help/rust/rust-non-https-url/',
        'https://docs.rs/tonic/latest/tonic/transport/struct.Endpoint.html#method.from_static',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        const url = urlArgument(ctx, call);
        if (!url) return;
        let reportedAtCall = false;
        for (const found of stringValues(url.arg, ctx.crate)) {
          const verdict = judge(found, url.db);
          if (!verdict) continue;
          const value = { ...found, literal: schemeWrittenAt(found) };
          const sameFile = value.literal.tree === call.tree;
          const inArgument =
            sameFile && value.literal.startIndex >= url.arg.startIndex && value.literal.endIndex <= url.arg.endIndex;
          // Written elsewhere in this file (a const, a helper's return): reported where it is written, which
          // is where it is fixed; from another file: at this call, once (a run naming this file must show it).
          if (sameFile && !inArgument)
            ctx.report({
              node: value.literal,
              ...verdict,
              related: [{ node: url.arg, label: 'used by this client call' }],
            });
          else if (!reportedAtCall) {
            reportedAtCall = true;
            const related = inArgument
              ? undefined
              : [{ node: value.literal, label: 'the cleartext URL is written here' }];
            ctx.report({ node: url.arg, ...verdict, related });
          }
        }
      },
    };
  },
};

/**
 * Where the cleartext scheme is written: for `format!("{BASE}/v1?key={k}")` the const `BASE` it starts
 * with (the fix is there), else the literal itself.
 */
function schemeWrittenAt(value: StringValue): Node {
  const head = value.parts?.[0];
  return head && /^(http|ws):\/\//i.test(head.text) && value.text.startsWith(head.text) ? head.literal : value.literal;
}

/** The URL argument of a client call, if `call` is one (`db`: only a database URL counts). */
function urlArgument(ctx: RuleContext, call: Node): { arg: Node; db: boolean } | undefined {
  const { method, receiver, path } = describeCall(call);
  const args = callArguments(call);
  if (path) {
    const resolved = ctx.file.names.resolve(path);
    const sink = PATH_SINKS.find(([suffix]) => pathEndsWith(resolved, suffix));
    if (sink && args[sink[1]]) return tonicWithTls(ctx, call) ? undefined : { arg: args[sink[1]], db: false };
    const last = resolved.at(-1) ?? '';
    if (WS_CONNECT.test(last) && args[0]) return { arg: args[0], db: false };
    if (last === 'connect' && /Client$/.test(resolved.at(-2) ?? '') && args[0]) return { arg: args[0], db: false }; // tonic generated clients
    if (
      /^(get|post|put|delete|patch|head)$/.test(last) &&
      resolved.at(-2) === 'Request' &&
      args[0] &&
      reachesClient(ctx, call)
    )
      return { arg: args[0], db: false };
    if (DB_CALLS.has(last) && args[0]) return { arg: args[0], db: true };
    return undefined;
  }
  if (!method || !receiver) return undefined;
  if (
    (VERBS.includes(method) || /^(get|post|put|delete|head)_async$/.test(method)) &&
    args[0] &&
    isClient(ctx, receiver)
  )
    return { arg: args[0], db: false };
  if (method === 'request' && args[1] && isClient(ctx, receiver)) return { arg: args[1], db: false };
  if (method === 'uri' && args[0]) {
    const root = chainOf(call, ctx.crate).rootPath ?? [];
    if (root.at(-2) === 'Request' && reachesClient(ctx, call)) return { arg: args[0], db: false };
  }
  if ((method === 'connect' || method === 'connect_lazy') && args[0]) return { arg: args[0], db: true };
  return undefined;
}

/** A tonic endpoint whose chain adds `.tls_config(..)`: TLS is the config's decision. */
function tonicWithTls(ctx: RuleContext, call: Node): boolean {
  return forwardSteps(call, ctx.crate).some((s) => s.name === 'tls_config');
}

/** Whether a receiver is an HTTP client: from its constructor, its declared type, or its name. */
function isClient(ctx: RuleContext, receiver: Node): boolean {
  const root = chainOf(receiver, ctx.crate).rootPath;
  if (root && CLIENT_ROOTS.some((c) => pathEndsWith(root, c))) return true;
  const id = rootIdentifier(receiver);
  const type = id ? findBinding(id, ctx.crate)?.type : undefined;
  if (type && CLIENT_TYPE.test(type.text)) return true;
  const name = receiver.type === 'field_expression' ? receiver.childForFieldName('field')?.text : id?.text;
  return !!name && /client|agent/i.test(name) && !/map|cache|pool/i.test(name);
}

/** A request built with `http`/hyper that is handed to a client (or sent with isahc's `.send()`). */
function reachesClient(ctx: RuleContext, call: Node): boolean {
  let top = call;
  while (top.parent?.type === 'field_expression' && top.parent.parent?.type === 'call_expression')
    top = top.parent.parent;
  while (top.parent && ['try_expression', 'await_expression'].includes(top.parent.type)) top = top.parent;
  // `client.send(req)` or a crate's free function `isahc::send(req)` / `send_async(req)`.
  const sent = (n: Node) => {
    const { method, path } = describeCall(n);
    const name = method ?? (path ? pathSegments(path).at(-1) : undefined);
    return name !== undefined && SENDERS.has(name);
  };
  if (chainOf(top, ctx.crate).steps.some((s) => SENDERS.has(s.name))) return true;
  return consumingCalls(top, ctx.crate).some(sent) || forwardSteps(top, ctx.crate).some((s) => SENDERS.has(s.name));
}

/** The finding's message for one value of a URL argument, or undefined when it is not cleartext to a remote host. */
function judge(value: StringValue, db: boolean): { messageId: string; data: Record<string, string> } | undefined {
  const url = parseUrl(value.text);
  if (!url) return undefined;
  const host = url.host;
  if (classifyHost(host) !== 'public') return undefined;
  // Credentials in the URL are not repeated in the report.
  const shown = value.text.replace(/\0/g, '{..}').replace(/^([A-Za-z][\w+.-]*:\/\/)[^/?#@]*@/, '$1…@');
  if (db) {
    if (!DB_SCHEMES.has(url.scheme)) return undefined;
    const mode = (queryParam(url, 'sslmode') ?? queryParam(url, 'ssl-mode') ?? '').toLowerCase();
    if (mode !== 'disable' && mode !== 'disabled') return undefined;
    return { messageId: 'databaseTlsOff', data: { host, mode: url.query.match(/ssl-?mode=[^&]*/i)?.[0] ?? '' } };
  }
  if (url.scheme !== 'http' && url.scheme !== 'ws') return undefined;
  const secure = url.scheme === 'http' ? 'https://' : 'wss://';
  return { messageId: 'cleartextUrl', data: { url: shown, scheme: url.scheme, host, secure } };
}
