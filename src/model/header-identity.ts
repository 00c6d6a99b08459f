// Client identity from request headers: the headers TLS-terminating proxies use for a client certificate
// or its verification result, the reads of them (`headers.get(..)` on an incoming request's headers, typed
// headers, crate helpers, poem/tide `req.header(..)`, warp filters, `TypedHeader<..>` extractors), header
// names behind consts and `HeaderName::from_static`, and the checks that make such a read harmless (a
// request that carries the header is rejected) or trusted (a proxy allowlist). identity-from-header reports them.
import type { Node } from '../parser/parser.js';
import type { CrateModel, InCrate } from './crate.js';
import { chainOf, findBinding } from './flow.js';
import { findBindingAcrossMacros, macroName, withParsedArguments } from './macros.js';
import { certificateParseOf, verifiesAgainstCa } from './cert-parse.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  methodNameNode,
  namedChildren,
  pathSegments,
  returnedExpressions,
} from './syntax.js';

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
    '^x-(forwarded-)?(client-)?spiffe-id$', // the SPIFFE ID (URI SAN) of the client certificate a mesh proxy verified
    '^[a-z0-9]+(-[a-z0-9]+)?-client-cert(ificate)?$', // an application's own proxy header (`chia-client-cert`)
  ].join('|'),
);
/** HeaderMap / MetadataMap reads. */
const READ_METHODS = new Set(['get', 'get_all', 'typed_get', 'typed_try_get']);
/** The text of a call to one of READ_METHODS (`.get(`, `.typed_get::<`, with spaces or line breaks). */
const READ_CALL_TEXT = /\.\s*(get|get_all|typed_get|typed_try_get)\s*(\(|::)/;
/** Macros whose arguments are ordinary conditions; logging macros only mention a header. */
const CONDITION_MACROS = new Set(['matches', 'assert', 'assert_eq', 'assert_ne', 'debug_assert', 'ensure']);
/** A trusted-proxy allowlist check: names that say the peer address is checked against known proxies. */
const PROXY_CHECK =
  /trusted_?prox|proxy_?allow|allowed_?prox|is_trusted|from_trusted|trusted_?(peer|hop|source|network|cidr|ip)s?\b|proxy_(ips|cidrs|addrs|networks)|prox(y|ies)\w*\.contains\(/i;
const PROXY_CHECK_LOCAL = /\.is_loopback\(\)|is_private\(\)/;

/** A place where the client identity is taken from a request header. */
export interface IdentityHeaderSource {
  /** Where to report. */
  node: Node;
  /** The header's name (or the expression naming it, when it comes from configuration). */
  header: string;
  /** How it is read: a call (`headers.get(..)`, a helper), a warp filter, a `TypedHeader<..>` extractor. */
  via: { call: Node } | { warpFilter: true } | { extractor: Node };
  /** A header of any name parsed as a client certificate and never verified against a CA: the parser, and whether the name is configured. */
  parsed?: { with: string; configured: boolean };
}

/** A `HeaderMap`/`MetadataMap` read: `get`, `get_all`, `typed_get`, `typed_try_get` on a receiver. */
export function isHeaderMapRead(call: Node): boolean {
  const { method, receiver } = describeCall(call);
  return !!method && READ_METHODS.has(method) && !!receiver;
}

/**
 * `headers.get("x-ssl-client-verify")` on the request's headers (unless a request carrying it is rejected);
 * catalog revision 2: any other header (a name from configuration) whose value is parsed as a certificate and
 * never verified. `at` reports a read found in a macro at the macro.
 */
export function identityHeaderRead(call: Node, ctx: InCrate, at?: Node): IdentityHeaderSource | undefined {
  const { method, receiver } = describeCall(call);
  if (!method || !READ_METHODS.has(method) || !receiver) return undefined;
  const header = method.startsWith('typed_')
    ? typedHeaderOfCall(call, ctx)
    : headerNameOf(callArguments(call)[0], ctx.crate, 0);
  const node = at ?? methodNameNode(call);
  // A read found in a macro's re-parsed argument: its tree is freed once parsed, so the source names the macro.
  const via = { call: at ?? call };
  if (!header || !IDENTITY_HEADER.test(header.toLowerCase())) {
    const parsed = method === 'get' && isRequestHeaders(receiver, ctx) ? certificateParseOf(call) : undefined;
    if (!parsed || verifiesAgainstCa(call)) return undefined;
    const name = header ?? callArguments(call)[0]?.text ?? '..';
    return { node, header: name, via, parsed: { with: parsed.name, configured: !header } };
  }
  if (!isRequestHeaders(receiver, ctx) || rejectsWhenPresent(call)) return undefined;
  return { node, header, via };
}

/**
 * Other calls that read an identity header: a crate helper or local closure that reads the header it is given
 * (`header(&parts, "x-ssl-client-cert")`), poem / tide `req.header("x-ssl-client-cert")` (one argument: a read;
 * two would set it), warp `warp::header::<String>("x-ssl-client-s-dn")` / `warp::header::optional::<String>(..)`.
 */
export function identityHeaderCall(call: Node, ctx: InCrate): IdentityHeaderSource | undefined {
  const { method, receiver, path } = describeCall(call);
  const args = callArguments(call);
  const literalIndex = args.findIndex(
    (a) => a.type === 'string_literal' && IDENTITY_HEADER.test(literalText(a).toLowerCase()),
  );
  const literal = args[literalIndex];
  if (literal && readsHeaderParam(call, literalIndex, ctx))
    return { node: call.childForFieldName('function') ?? call, header: literalText(literal), via: { call } };
  if (method === 'header' && receiver && args.length === 1 && /^(req|request|parts|ctx)$/.test(receiver.text)) {
    const header = headerNameOf(args[0], ctx.crate, 0);
    return header && IDENTITY_HEADER.test(header.toLowerCase())
      ? { node: methodNameNode(call), header, via: { call } }
      : undefined;
  }
  if (!path || method) return undefined;
  const resolved = ctx.file.names.resolve(path);
  if (
    resolved[0] !== 'warp' ||
    !resolved.includes('header') ||
    !/^(header|optional|value|exact)$/.test(resolved.at(-1) ?? '')
  )
    return undefined;
  const header = headerNameOf(args[0], ctx.crate, 0);
  return header && IDENTITY_HEADER.test(header.toLowerCase())
    ? { node: call, header, via: { warpFilter: true } }
    : undefined;
}

/** `TypedHeader<XClientCert>` where XClientCert is a crate header type named after a certificate header. */
export function identityHeaderExtractor(type: Node, crate: CrateModel): IdentityHeaderSource | undefined {
  const base = type.childForFieldName('type');
  if (!base || pathSegments(base).at(-1) !== 'TypedHeader') return undefined;
  const args = type.childForFieldName('type_arguments');
  const inner = args ? namedChildren(args)[0] : undefined;
  const header = inner ? customHeaders(crate).get(pathSegments(inner).at(-1) ?? '') : undefined;
  return header && IDENTITY_HEADER.test(header.toLowerCase())
    ? { node: type, header, via: { extractor: type } }
    : undefined;
}

/**
 * `matches!(req.headers().get("ssl-client-verify").map(..), Some("SUCCESS"))`: the calls inside a condition
 * macro (a token tree to tree-sitter), parsed; `fn` sees them while the parsed arguments live.
 */
export function forEachConditionMacroCall(macro: Node, fn: (call: Node) => void): void {
  // Parsing a macro's arguments costs a tree each: only macros whose text holds a header read.
  if (!CONDITION_MACROS.has(macroName(macro)) || !READ_CALL_TEXT.test(macro.text)) return;
  withParsedArguments(macro, (args) => {
    for (const { expr } of args) for (const call of descendantsOfType(expr, 'call_expression')) fn(call);
  });
}

/** A trusted-proxy allowlist check is visible: in the function around `node`, or anywhere in its file. */
export function proxyCheckVisible(node: Node, ctx: InCrate): boolean {
  const fn = enclosingFunction(node);
  return PROXY_CHECK.test(fn?.text ?? '') || PROXY_CHECK_LOCAL.test(fn?.text ?? '') || PROXY_CHECK.test(ctx.file.text);
}

/** The callee (a crate function or method with a distinctive name, or a local closure) passes its `index`-th argument to `headers.get(..)`. */
function readsHeaderParam(call: Node, index: number, ctx: InCrate): boolean {
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
function typedHeaderOfCall(call: Node, ctx: InCrate): string | undefined {
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
export function isRequestHeaders(receiver: Node, ctx: InCrate): boolean {
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
function isUpstreamResponse(root: Node, ctx: InCrate): boolean {
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
