// Rule 13: client identity read from request headers instead of the TLS connection.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import type { CrateModel } from '../model/crate.js';
import { chainOf, findBinding } from '../model/flow.js';
import { findBindingAcrossMacros, macroName, withParsedArguments } from '../model/macros.js';
import { certificateParseOf, verifiesAgainstCa } from '../model/cert-parse.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  methodNameNode,
  namedChildren,
  pathSegments,
  returnedExpressions,
} from '../model/syntax.js';

/**
 * Headers that carry a client certificate or its verification result, as set by TLS-terminating
 * proxies: nginx/HAProxy (`X-SSL-Client-*`, `SSL-Client-*`), Envoy (`X-Forwarded-Client-Cert`),
 * RFC 9440 (`Client-Cert`, `Client-Cert-Chain`), AWS ALB (`X-Amzn-Mtls-Clientcert*`), Azure
 * (`X-ARR-ClientCert`), Traefik (`X-Forwarded-Tls-Client-Cert*`), GCP (`X-Client-Cert-*`), ingress-nginx
 * (`ssl-client-subject-dn`), Cloudflare (`Cf-Client-Cert-*`).
 */
const IDENTITY_HEADER = new RegExp(
  [
    '^x-ssl-client-[a-z0-9-]+$',
    '^x-client-cert[a-z0-9-]*$',
    '^x-amzn-mtls-clientcert[a-z0-9-]*$',
    '^x-forwarded-client-cert$',
    '^x-forwarded-tls-client-cert[a-z0-9-]*$',
    '^x-arr-clientcert$',
    '^ssl-client-(cert|verify|s-dn|i-dn|dn|serial|fingerprint|subject-dn|issuer-dn|escaped-cert)$', // nginx, ingress-nginx
    '^x-client-(verify|dn|s-dn|i-dn|subject|certificate|cert|cn)$',
    '^client-cert(-chain)?$',
    '^x-ssl-cert$',
    '^x-tls-client-(cert|dn|subject|verify)[a-z0-9-]*$',
    '^cf-client-cert[a-z0-9-]*$', // custom proxies, Cloudflare
  ].join('|'),
);
/** HeaderMap / MetadataMap reads. */
const READ_METHODS = new Set(['get', 'get_all', 'typed_get', 'typed_try_get']);
/** Macros whose arguments are ordinary conditions; logging macros only mention a header. */
const CONDITION_MACROS = new Set(['matches', 'assert', 'assert_eq', 'assert_ne', 'debug_assert', 'ensure']);
/** A trusted-proxy allowlist check: names that say the peer address is checked against known proxies. */
const PROXY_CHECK =
  /trusted_?prox|proxy_?allow|allowed_?prox|is_trusted|from_trusted|trusted_?(peer|hop|source|network|cidr|ip)s?\b|proxy_(ips|cidrs|addrs|networks)|prox(y|ies)\w*\.contains\(/i;
const PROXY_CHECK_LOCAL = /\.is_loopback\(\)|is_private\(\)/;

export const rule: Rule = {
  meta: {
    id: 'identity-from-header',
    name: 'IdentityFromHeader',
    defaultLevel: 'warning',
    securitySeverity: 8.1,
    cwe: 290,
    precision: 'high',
    keywords: [
      'lient-',
      'LIENT-',
      'lientcert',
      'lientCert',
      'LIENTCERT',
      'TypedHeader',
      'typed_get',
      'HeaderName',
      'headers',
      'metadata()',
    ],
    messages: {
      behindProxyCheck: {
        message: 'the client identity is read from the `{header}` request header',
        label: 'identity from a request header',
        note: 'Read by {how}; a trusted-proxy check is visible.',
        help: 'Accept the header only from that proxy, and make the proxy overwrite it on every request.',
      },
      headerDespiteMtls: {
        message: 'the client identity is read from the `{header}` request header',
        label: 'identity from a request header',
        note: 'Read by {how}, although this crate sets up mutual TLS itself ({intent}). Any client can send this header and claim another identity unless a proxy in front strips it.',
        help: 'Read the certificate from the TLS connection instead.',
      },
      headerIdentity: {
        message: 'the client identity is read from the `{header}` request header',
        label: 'identity from a request header',
        note: 'Read by {how}. Any client can send this header and claim another identity unless a proxy in front strips it.',
        help: 'Read the certificate from the TLS connection, or accept the header only from a trusted proxy.',
      },
    },
    docs: {
      summary: 'Client identity read from a request header instead of the TLS connection.',
      whatItDoes:
        'Flags request handlers, extractors (`FromRequestParts` impls), middleware and filters that read a client-certificate header: `X-Client-Cert`, `X-SSL-Client-Cert`/`-S-DN`/`-I-DN`/`-Verify` and the other `X-SSL-Client-*` headers, `SSL-Client-Cert`, `SSL-Client-Verify`, `X-Forwarded-Client-Cert` (Envoy XFCC), `Client-Cert`/`Client-Cert-Chain` (RFC 9440), `X-Amzn-Mtls-Clientcert*` (AWS ALB), `X-ARR-ClientCert` (Azure), `X-Forwarded-Tls-Client-Cert*` (Traefik), `ssl-client-subject-dn`/`ssl-client-issuer-dn` (ingress-nginx), `Cf-Client-Cert-*` (Cloudflare), `X-Client-Verify`, `X-Client-DN` — matched case-insensitively, through `headers.get(..)`, `req.headers().get(..)`, `parts.headers.get(..)`, `get_all(..)`, tonic `metadata().get(..)`, poem `req.header(..)`, `HeaderName::from_static(..)` constants and const lists, reads inside condition macros (`matches!`, `assert!`, `ensure!`), custom `TypedHeader`s, warp `header(..)` filters, and crate helpers or local closures that pass the header name they are given to `headers.get(..)` (`header_str(&headers, "x-ssl-client-s-dn")`, reported at the helper call). An error when the crate sets up mTLS itself (the header then competes with the real certificate), a warning otherwise, a note when a trusted-proxy allowlist check is visible. Setting or stripping these headers (`insert`, `.header(..)`, `remove`) is not reported. Catalog revision 2: a header whose name is not a known certificate header (a name from configuration, `headers.get(cfg.client_cert_header.as_str())`) is reported when its value is parsed as a client certificate (`parse_x509_pem`, `X509::from_pem`, `pem::parse`, URL-decoded PEM) and never verified against a CA in that function.',
      whyIsThisBad:
        'A request header is whatever the client sends. Unless every path to the service goes through a proxy that deletes the header from incoming requests and sets it from the certificate it verified, any client can claim any identity by sending `X-SSL-Client-S-DN: CN=admin` (CWE-290, authentication bypass by spoofing). Services that terminate mTLS themselves should read the identity from the TLS connection; services behind a proxy must only trust the header on connections from that proxy.',
      knownLimits:
        'Header names held in configuration or built at run time are recognised only when the value is parsed as a certificate in the same function (x509-parser `parse_x509_pem`/`parse_x509_certificate`, openssl `X509::from_pem`/`from_der`, `pem::parse`, rustls-pemfile, after URL-decoding or `Cert=` extraction through `let`s) and that function has no signature or path check against a CA (`verify_signature(Some(..))`, `X509::verify(&ca_key)`, `X509StoreContext`, webpki `verify_for_usage`); a parse in a helper is not followed. Whether a proxy in front of the service strips the header cannot be seen from the code: behind such a proxy, and reachable only through it, the finding is a note to verify that set-up. The trusted-proxy check is recognised by names (`trusted_proxies`, `is_trusted_proxy`, `.is_loopback()`), not by its logic.',
      badExample: `async fn whoami(headers: HeaderMap) -> Result<String, StatusCode> {
    let subject = headers
        .get("x-ssl-client-s-dn")
        .and_then(|v| v.to_str().ok())
        .ok_or(StatusCode::UNAUTHORIZED)?;
    Ok(format!("hello {subject}"))
}`,
      goodExample: `// axum 0.8: the identity comes from the TLS connection (a custom Listener + Connected).
impl Connected<IncomingStream<'_, TlsListener>> for ClientCert {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Self {
        let (_, conn) = stream.io().get_ref();
        Self { leaf: conn.peer_certificates().and_then(|c| c.first()).map(|c| c.to_vec()) }
    }
}
async fn whoami(ConnectInfo(cert): ConnectInfo<ClientCert>) -> String { /* map cert → principal */ }`,
      howToFix:
        'When the service terminates TLS, take the client certificate from the connection: a per-connection `Extension` in the accept loop, `Connected` + `ConnectInfo` (axum 0.8 `Listener`), or request extensions set by middleware from the TLS stream. When a proxy terminates mTLS, accept the header only on connections from that proxy (check the peer address against an allowlist), make the proxy overwrite or delete the header on every request, and reject requests that carry it on any other path.',
      references: [
        'https://cwe.mitre.org/data/definitions/290.html',
        'https://www.rfc-editor.org/rfc/rfc9440.html',
        'https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers#x-forwarded-client-cert',
        'https://docs.rs/axum/latest/axum/extract/struct.ConnectInfo.html',
        'https://docs.rs/rustls/latest/rustls/struct.CommonState.html#method.peer_certificates',
      ],
    },
  },

  create(ctx) {
    const report = (node: Node, header: string, how: string) => {
      const fn = enclosingFunction(node);
      const proxyChecked =
        PROXY_CHECK.test(fn?.text ?? '') || PROXY_CHECK_LOCAL.test(fn?.text ?? '') || PROXY_CHECK.test(ctx.file.text);
      const intent = ctx.crate.hasMtlsIntentAt(node);
      const level = proxyChecked ? 'note' : intent ? 'error' : 'warning';
      ctx.report({
        node,
        level,
        messageId: proxyChecked ? 'behindProxyCheck' : intent ? 'headerDespiteMtls' : 'headerIdentity',
        data: { header, how, ...(intent && !proxyChecked ? { intent: ctx.crate.intentReason(node) } : {}) },
      });
    };
    /** `headers.get("x-ssl-client-verify")` on the request's headers; `at` reports a read found in a macro at the macro. */
    const checkRead = (call: Node, at?: Node): boolean => {
      const { method, receiver } = describeCall(call);
      if (!method || !READ_METHODS.has(method) || !receiver) return false;
      const header = method.startsWith('typed_')
        ? typedHeaderOfCall(call, ctx)
        : headerNameOf(callArguments(call)[0], ctx.crate, 0);
      if (!header || !IDENTITY_HEADER.test(header.toLowerCase())) {
        // Catalog revision 2: any other header (a name from configuration) whose value is parsed as a certificate and never verified.
        const parsed = method === 'get' && isRequestHeaders(receiver, ctx) ? certificateParseOf(call) : undefined;
        if (parsed && !verifiesAgainstCa(call)) {
          const name = header ?? callArguments(call)[0]?.text ?? '..';
          report(
            at ?? methodNameNode(call),
            name,
            `\`${shorten(call.text)}\`, ${header ? 'a' : 'a header name from configuration,'} parsed as a client certificate with \`${parsed.name}\` and never verified against a CA`,
          );
        }
        return true;
      }
      if (!isRequestHeaders(receiver, ctx) || rejectsWhenPresent(call)) return true;
      report(at ?? methodNameNode(call), header, `\`${shorten(call.text)}\``);
      return true;
    };
    return {
      call_expression(call) {
        const { method, receiver, path } = describeCall(call);
        if (checkRead(call)) return;
        // A crate helper or local closure that reads the header it is given: `header(&parts, "x-ssl-client-cert")`.
        const args = callArguments(call);
        const literalIndex = args.findIndex(
          (a) => a.type === 'string_literal' && IDENTITY_HEADER.test(literalText(a).toLowerCase()),
        );
        const literal = args[literalIndex];
        if (literal && readsHeaderParam(call, literalIndex, ctx)) {
          report(call.childForFieldName('function') ?? call, literalText(literal), `\`${shorten(call.text)}\``);
          return;
        }
        // poem / tide: `req.header("x-ssl-client-cert")` (one argument: a read; two would set it).
        if (
          method === 'header' &&
          receiver &&
          callArguments(call).length === 1 &&
          /^(req|request|parts|ctx)$/.test(receiver.text)
        ) {
          const header = headerNameOf(callArguments(call)[0], ctx.crate, 0);
          if (header && IDENTITY_HEADER.test(header.toLowerCase()))
            report(methodNameNode(call), header, `\`${shorten(call.text)}\``);
          return;
        }
        if (path && !method) {
          // warp: `warp::header::<String>("x-ssl-client-s-dn")`, `warp::header::optional::<String>(..)`.
          const resolved = ctx.file.names.resolve(path);
          if (
            resolved[0] === 'warp' &&
            resolved.includes('header') &&
            /^(header|optional|value|exact)$/.test(resolved.at(-1) ?? '')
          ) {
            const header = headerNameOf(callArguments(call)[0], ctx.crate, 0);
            if (header && IDENTITY_HEADER.test(header.toLowerCase())) report(call, header, 'a warp header filter');
          }
        }
      },
      macro_invocation(macro) {
        // `matches!(req.headers().get("ssl-client-verify").map(..), Some("SUCCESS"))`: the nginx
        // verification header tested inside a condition macro (a token tree to tree-sitter).
        if (!CONDITION_MACROS.has(macroName(macro))) return;
        withParsedArguments(macro, (args) => {
          for (const { expr } of args)
            for (const call of descendantsOfType(expr, 'call_expression')) checkRead(call, macro);
        });
      },
      generic_type(type) {
        // `TypedHeader<XClientCert>` where XClientCert is a crate header type named after a certificate header.
        const base = type.childForFieldName('type');
        if (!base || pathSegments(base).at(-1) !== 'TypedHeader') return;
        const args = type.childForFieldName('type_arguments');
        const inner = args ? namedChildren(args)[0] : undefined;
        const header = inner ? customHeaders(ctx.crate).get(pathSegments(inner).at(-1) ?? '') : undefined;
        if (header && IDENTITY_HEADER.test(header.toLowerCase()))
          report(type, header, `the \`${type.text}\` extractor`);
      },
    };
  },
};

/** The callee (a crate function or method with a distinctive name, or a local closure) passes its `index`-th argument to `headers.get(..)`. */
function readsHeaderParam(call: Node, index: number, ctx: RuleContext): boolean {
  const { method, path } = describeCall(call);
  const fn = call.childForFieldName('function');
  let callee: Node | undefined;
  if (!method && fn?.type === 'identifier') {
    const b = findBinding(fn, ctx.crate);
    if (b?.value?.type === 'closure_expression') callee = b.value;
  }
  if (!callee) {
    const name = method ?? (path ? pathSegments(path).at(-1) : undefined);
    const candidates =
      name && !/^(new|get|insert|header|append|from|with)$/.test(name) ? ctx.crate.functions(name, call) : [];
    if (candidates.length !== 1) return false;
    callee = candidates[0];
  }
  const params = callee.childForFieldName('parameters');
  const list = params
    ? namedChildren(params).filter(
        (p) => p.type === 'parameter' || p.type === 'identifier' || p.type === 'closure_parameter',
      )
    : [];
  const param = list[index]; // `self` is a `self_parameter`, not in the list
  const pattern = param?.type === 'parameter' ? (param.childForFieldName('pattern') ?? namedChildren(param)[0]) : param;
  const name = pattern?.type === 'identifier' ? pattern.text : undefined;
  const body = callee.childForFieldName('body');
  if (!name || !body) return false;
  return descendantsOfType(body, 'call_expression').some((c) => {
    const d = describeCall(c);
    if (!d.method || !READ_METHODS.has(d.method) || !d.receiver) return false;
    const arg = callArguments(c)[0];
    const inner = arg?.type === 'reference_expression' ? namedChildren(arg).at(-1) : arg;
    return (
      inner?.type === 'identifier' && inner.text === name && isRequestHeaders(d.receiver, ctx) && !rejectsWhenPresent(c)
    );
  });
}

function shorten(text: string): string {
  const flat = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** The header name an argument stands for: a literal, `HeaderName::from_static(..)`, a const, a local. */
function headerNameOf(arg: Node | undefined, crate: CrateModel, depth: number): string | undefined {
  if (!arg || depth > 4) return undefined;
  switch (arg.type) {
    case 'string_literal':
    case 'raw_string_literal':
      return literalText(arg);
    case 'reference_expression':
    case 'parenthesized_expression':
    case 'unary_expression':
      return headerNameOf(namedChildren(arg).at(-1), crate, depth);
    case 'call_expression': {
      const { method, receiver, path } = describeCall(arg);
      if (method && ['as_str', 'clone', 'as_ref', 'deref', 'to_owned'].includes(method))
        return headerNameOf(receiver, crate, depth);
      if (
        path &&
        /^(from_static|from_bytes|from_lowercase|from_str|new|try_from|from)$/.test(pathSegments(path).at(-1) ?? '')
      ) {
        return headerNameOf(callArguments(arg)[0], crate, depth + 1);
      }
      return undefined;
    }
    case 'identifier': {
      const b = findBinding(arg, crate);
      if (b?.value && (b.kind === 'let' || b.kind === 'static')) return firstLiteral(b.value, crate, depth + 1);
      // `for name in CERT_HEADERS { headers.get(name) }`
      if (b?.value && b.node.type === 'for_expression') return firstLiteral(b.value, crate, depth + 1);
      return undefined;
    }
    case 'scoped_identifier': {
      const item = crate.constant(pathSegments(arg).at(-1) ?? '', arg);
      const value = item?.childForFieldName('value');
      return value ? firstLiteral(value, crate, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** The header a const/static/let value names: itself, or the first string literal inside (`Lazy::new(|| HeaderName::from_static(".."))`). */
function firstLiteral(value: Node, crate: CrateModel, depth: number): string | undefined {
  const direct = headerNameOf(value, crate, depth);
  if (direct) return direct;
  const literals = descendantsOfType(value, ['string_literal', 'raw_string_literal']).map(literalText);
  return literals.find((l) => IDENTITY_HEADER.test(l.toLowerCase())) ?? literals[0];
}

function literalText(lit: Node): string {
  return lit.text.replace(/^b?r?#*"/, '').replace(/"#*$/, '');
}

/** `headers.typed_get::<XClientCert>()`. */
function typedHeaderOfCall(call: Node, ctx: RuleContext): string | undefined {
  const fn = call.childForFieldName('function');
  const args = fn?.type === 'generic_function' ? fn.childForFieldName('type_arguments') : undefined;
  const type = args ? namedChildren(args)[0] : undefined;
  return type ? customHeaders(ctx.crate).get(pathSegments(type).at(-1) ?? '') : undefined;
}

const CUSTOM_HEADERS = {};

/** Crate types implementing `headers::Header`, by the header name their `name()` returns. */
function customHeaders(crate: CrateModel): Map<string, string> {
  return crate.memo(CUSTOM_HEADERS, () => {
    const map = new Map<string, string>();
    for (const impl of crate.implsOf('Header')) {
      const name = impl.methods.get('name');
      const body = name?.childForFieldName('body');
      const ret = body ? returnedExpressions(body)[0] : undefined;
      if (!ret) continue;
      const header = headerNameOf(ret, crate, 0) ?? firstLiteral(ret, crate, 0);
      if (header) map.set(impl.typeName, header);
    }
    return map;
  });
}

/**
 * The headers of an incoming request: `req.headers()`, `parts.headers`, a `HeaderMap` parameter,
 * tonic `request.metadata()`. Not the headers of a response received from an upstream call.
 * Bindings are looked up across macros: the read may sit in a re-parsed `matches!(..)` argument.
 */
function isRequestHeaders(receiver: Node, ctx: RuleContext): boolean {
  const chain = chainOf(receiver, ctx.crate);
  if (chain.steps.some((s) => s.name === 'send' || s.name === 'execute' || s.name === 'send_request')) return false;
  const last = chain.steps.at(-1)?.name;
  if (last === 'headers' || last === 'metadata' || last === 'headers_mut') return !isUpstreamResponse(chain.root, ctx);
  let node = receiver;
  while (node.type === 'reference_expression' || node.type === 'parenthesized_expression')
    node = namedChildren(node).at(-1) ?? node;
  if (node.type === 'field_expression') {
    return (
      /^(headers|metadata)$/.test(node.childForFieldName('field')?.text ?? '') &&
      !isUpstreamResponse(node.childForFieldName('value') ?? node, ctx)
    );
  }
  if (node.type === 'identifier') {
    const b = findBindingAcrossMacros(node.text, node, ctx.crate);
    if (b?.kind === 'param') {
      const type = b.node.type === 'parameter' ? (b.node.childForFieldName('type')?.text ?? '') : '';
      return /HeaderMap|MetadataMap/.test(type) || /headers?/i.test(node.text);
    }
    if (b?.type && /HeaderMap|MetadataMap/.test(b.type.text)) return true;
    return (
      /^(headers|req_headers|request_headers|hdrs|metadata)$/.test(node.text) && !b?.value?.text.includes('.send(')
    );
  }
  return false;
}

/** `resp.headers()` where `resp` came from an outbound call (`.send().await`, `client.request(..)`). */
function isUpstreamResponse(root: Node, ctx: RuleContext): boolean {
  if (root.type !== 'identifier') return false;
  const b = findBindingAcrossMacros(root.text, root, ctx.crate);
  const text = b?.value?.text ?? '';
  if (/\.send\(|\.execute\(|send_request\(|\.request\(|reqwest::get\(/.test(text)) return true;
  const type =
    b?.kind === 'param' && b.node.type === 'parameter'
      ? (b.node.childForFieldName('type')?.text ?? '')
      : (b?.type?.text ?? '');
  return /reqwest::Response|\bResponse\b/.test(type) && !/Request/.test(type);
}

/** `if headers.get("x-client-cert").is_some() { return Err(StatusCode::BAD_REQUEST) }`: refusing a spoofed header. */
function rejectsWhenPresent(call: Node): boolean {
  const field = call.parent;
  const check = field?.type === 'field_expression' ? field.parent : undefined;
  if (!check || check.type !== 'call_expression' || describeCall(check).method !== 'is_some') return false;
  const cond = check.parent;
  const ifExpr = cond?.type === 'if_expression' ? cond : undefined;
  if (!ifExpr || ifExpr.childForFieldName('condition')?.id !== check.id) return false;
  const consequence = ifExpr.childForFieldName('consequence')?.text ?? '';
  return /\breturn\b|Err\(|BAD_REQUEST|FORBIDDEN|UNAUTHORIZED|bail!/.test(consequence) && !/\bOk\(/.test(consequence);
}
