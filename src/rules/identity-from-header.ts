// Rule 13: client identity read from request headers instead of the TLS connection.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { ancestors } from '../model/syntax.js';
import { lowerLevel } from '../model/flow.js';
import {
  forEachConditionMacroCall,
  identityHeaderCall,
  identityHeaderExtractor,
  identityHeaderRead,
  isHeaderMapRead,
  proxyCheckVisible,
  type IdentityHeaderSource,
} from '../model/header-identity.js';

/**
 * Fragments of the certificate headers proxies set (`X-SSL-Client-Cert`, `x-client-dn`, `ssl-client-s-dn`,
 * `X-Forwarded-Client-Cert`, `X-Amzn-Mtls-Clientcert`, …) in the cases they are written in, and the calls that
 * parse a certificate: a crate with neither cannot hold this rule's finding (`named-pipe-client-1` is no header).
 */
const CERT_HEADER_WORDS = [
  ...['lient-cert', 'lient-Cert', 'LIENT-CERT', 'lientcert', 'lientCert', 'LIENTCERT', 'lientCERT'],
  ...['sl-client-', 'sl-Client-', 'SL-Client-', 'SL-CLIENT-', 'ls-client-', 'ls-Client-', 'LS-Client-', 'LS-CLIENT-'],
  ...['lient-verify', 'lient-Verify', 'LIENT-VERIFY', 'lient-dn', 'lient-DN', 'lient-Dn', 'LIENT-DN'],
  ...['lient-s-dn', 'lient-S-DN', 'lient-i-dn', 'lient-I-DN', 'LIENT-S-DN', 'LIENT-I-DN'],
  ...['lient-subject', 'lient-Subject', 'LIENT-SUBJECT', 'lient-cn', 'lient-CN', 'lient-Cn', 'LIENT-CN'],
  ...['sl-cert', 'sl-Cert', 'SL-Cert', 'SL-CERT', 'piffe-id', 'piffe-Id', 'PIFFE-ID', 'piffe-ID'],
  ...['parse_x509', 'X509::from_pem', 'X509::from_der', 'pem::parse', 'from_pem', 'Cert='],
];

export const rule: Rule = {
  meta: {
    id: 'identity-from-header',
    name: 'IdentityFromHeader',
    defaultLevel: 'warning',
    securitySeverity: 8.1,
    cwe: 290,
    precision: 'high',
    // A header set by a proxy that terminated TLS: no TLS library needed, only a certificate header's name in a string.
    withoutTlsDependency: /"[a-z0-9-]*(?:client-|clientcert|ssl-cert|spiffe-id)/i,
    // A file that reads headers (through constants declared elsewhere, too) is parsed…
    keywords: [...CERT_HEADER_WORDS, 'TypedHeader', 'typed_get', 'HeaderName', 'headers', 'metadata()'],
    // …in a crate that names a certificate header, or parses a certificate (a header named by configuration).
    crateKeywords: CERT_HEADER_WORDS,
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
        'Flags request handlers, extractors (`FromRequestParts` impls), middleware and filters that read a client-certificate header: `X-Client-Cert`, `X-SSL-Client-Cert`/`-S-DN`/`-I-DN`/`-Verify` and the other `X-SSL-Client-*` headers, `SSL-Client-Cert`, `SSL-Client-Verify`, `X-Forwarded-Client-Cert` (Envoy XFCC), `Client-Cert`/`Client-Cert-Chain` (RFC 9440), `X-Amzn-Mtls-Clientcert*` (AWS ALB), `X-ARR-ClientCert` (Azure), `X-Forwarded-Tls-Client-Cert*` (Traefik), `ssl-client-subject-dn`/`ssl-client-issuer-dn` (ingress-nginx), `Cf-Client-Cert-*` (Cloudflare), `X-Client-Verify`, `X-Client-DN`, `X-Spiffe-Id` (the SPIFFE ID of a certificate a mesh proxy verified), a `<name>-client-cert` header of the application itself — matched case-insensitively, through `headers.get(..)`, `req.headers().get(..)`, `parts.headers.get(..)`, `get_all(..)`, tonic `metadata().get(..)`, poem `req.header(..)`, `HeaderName::from_static(..)` constants and const lists, reads inside condition macros (`matches!`, `assert!`, `ensure!`), custom `TypedHeader`s, warp `header(..)` filters, and crate helpers or local closures that pass the header name they are given to `headers.get(..)` (`header_str(&headers, "x-ssl-client-s-dn")`, reported at the helper call). A function that reads several such headers (the subject, the SANs, the verify flag) is one finding, at the read that carries the identity, with the other reads as related locations; a function that falls back between sources (`if let Some(id) = headers.get("x-spiffe-id") { return .. }`, then the subject, then the certificate) has one finding per source. An error when the crate sets up mTLS itself (the header then competes with the real certificate), a warning otherwise, one level lower when a trusted-proxy allowlist check is visible. Setting or stripping these headers (`insert`, `.header(..)`, `remove`) is not reported. Catalog revision 2: a header whose name is not a known certificate header (a name from configuration, `headers.get(cfg.client_cert_header.as_str())`) is reported when its value is parsed as a client certificate (`parse_x509_pem`, `X509::from_pem`, `pem::parse`, URL-decoded PEM) and never verified against a CA in that function.',
      whyIsThisBad:
        'A request header is whatever the client sends. Unless every path to the service goes through a proxy that deletes the header from incoming requests and sets it from the certificate it verified, any client can claim any identity by sending `X-SSL-Client-S-DN: CN=admin` (CWE-290, authentication bypass by spoofing). Services that terminate mTLS themselves should read the identity from the TLS connection; services behind a proxy must only trust the header on connections from that proxy.',
      knownLimits:
        'Header names held in configuration or built at run time are recognised only when the value is parsed as a certificate in the same function (x509-parser `parse_x509_pem`/`parse_x509_certificate`, openssl `X509::from_pem`/`from_der`, `pem::parse`, rustls-pemfile, after URL-decoding or `Cert=` extraction through `let`s) and that function has no signature or path check against a CA (`verify_signature(Some(..))`, `X509::verify(&ca_key)`, `X509StoreContext`, webpki `verify_for_usage`); a parse in a helper is not followed. Whether a proxy in front of the service strips the header cannot be seen from the code: behind such a proxy, and reachable only through it, the finding is one level lower (a note, or a warning where the crate sets up mTLS itself) to verify that set-up. The trusted-proxy check is recognised by names (`trusted_proxies`, `is_trusted_proxy`, `.is_loopback()`), not by its logic.',
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
    // One finding per problem: a function that reads several identity headers (the subject, the
    // SANs, the verify flag) trusts its caller once, except for alternative sources it falls back
    // between (see `alternatives`). Its reads are gathered when the first is visited and reported
    // together; a read outside any function is its own finding.
    const done = new Set<number>();
    const visit = (source: IdentityHeaderSource | undefined) => {
      if (!source) return;
      const fn = [...ancestors(source.node)].find((a) => a.type === 'function_item');
      if (!fn) return report(ctx, [source]);
      if (done.has(fn.id)) return;
      done.add(fn.id);
      const all = sourcesIn(fn, ctx);
      for (const group of alternatives(all.length > 0 ? all : [source])) report(ctx, group);
    };
    return {
      call_expression(call) {
        visit(sourceOfCall(call, ctx));
      },
      macro_invocation(macro) {
        // A read inside a condition macro (`matches!(..)`, `assert!(..)`) is reported at the macro.
        forEachConditionMacroCall(macro, (call) => visit(identityHeaderRead(call, ctx, macro)));
      },
      generic_type(type) {
        visit(identityHeaderExtractor(type, ctx.crate));
      },
    };
  },
};

function sourceOfCall(call: Node, ctx: RuleContext): IdentityHeaderSource | undefined {
  return isHeaderMapRead(call) ? identityHeaderRead(call, ctx) : identityHeaderCall(call, ctx);
}

/** Every identity-header read of a function, in source order. */
function sourcesIn(fn: Node, ctx: RuleContext): IdentityHeaderSource[] {
  const found: IdentityHeaderSource[] = [];
  const add = (s: IdentityHeaderSource | undefined) => {
    if (s && !found.some((f) => f.node.id === s.node.id)) found.push(s);
  };
  for (const node of fn.descendantsOfType(['call_expression', 'macro_invocation', 'generic_type'])) {
    if (!node) continue;
    if (node.type === 'call_expression') add(sourceOfCall(node, ctx));
    else if (node.type === 'macro_invocation')
      forEachConditionMacroCall(node, (call) => add(identityHeaderRead(call, ctx, node)));
    else add(identityHeaderExtractor(node, ctx.crate));
  }
  return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/**
 * A function's reads, one group per identity source it falls back between: each `if let Some(x) = <read>`
 * that tries one header (the SPIFFE ID, else the subject, else the whole certificate) is one; the
 * other reads and the verify flags join the first. Without such a chain, all the reads are one group.
 */
function alternatives(sources: IdentityHeaderSource[]): IdentityHeaderSource[][] {
  const groups = new Map<number, IdentityHeaderSource[]>();
  const rest: IdentityHeaderSource[] = [];
  for (const s of sources) {
    const branch = /verif/i.test(s.header) ? undefined : tryingBranch(s.node);
    if (branch === undefined) rest.push(s);
    else groups.set(branch, [...(groups.get(branch) ?? []), s]);
  }
  const list = [...groups.values()];
  if (list.length === 0) return [rest];
  list[0] = [...list[0], ...rest].sort((a, b) => a.node.startIndex - b.node.startIndex);
  return list;
}

/** The `if let .. = <read>` whose condition is this read (the id of the `if`), inside its function. */
function tryingBranch(node: Node): number | undefined {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return undefined;
    const condition = a.type === 'if_expression' ? a.childForFieldName('condition') : null;
    if (condition?.id === child.id) return condition.type === 'let_condition' ? a.id : undefined;
    child = a;
  }
  return undefined;
}

/** One finding for a function's reads: an error where the crate sets up mTLS itself, a warning otherwise; one level lower behind a visible proxy check. */
function report(ctx: RuleContext, sources: IdentityHeaderSource[]): void {
  // Reported at the read that carries the identity (subject, SAN, the certificate), not at a verify flag.
  const source = sources.find((s) => !/verif/i.test(s.header)) ?? sources[0];
  const others = sources.filter((s) => s !== source);
  const { node, header, via, parsed } = source;
  const proxyChecked = proxyCheckVisible(node, ctx);
  const intent = ctx.crate.hasMtlsIntentAt(node);
  const base = intent ? 'error' : 'warning';
  const level = proxyChecked ? lowerLevel(base) : base;
  const read =
    'call' in via
      ? `\`${shorten(via.call.text)}\``
      : 'warpFilter' in via
        ? 'a warp header filter'
        : `the \`${via.extractor.text}\` extractor`;
  const how = parsed
    ? `${read}, ${parsed.configured ? 'a header name from configuration,' : 'a'} parsed as a client certificate with \`${parsed.with}\` and never verified against a CA`
    : read;
  ctx.report({
    node,
    level,
    messageId: proxyChecked ? 'behindProxyCheck' : intent ? 'headerDespiteMtls' : 'headerIdentity',
    data: { header, how, ...(intent && !proxyChecked ? { intent: ctx.crate.intentReason(node) } : {}) },
    related: others.map((s) => ({ node: s.node, label: `also reads \`${s.header}\`` })),
  });
}

function shorten(text: string): string {
  const flat = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
