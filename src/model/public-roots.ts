// Public CA roots where client certificates are verified: the places a server takes the roots it checks
// client certificates against (rustls client-certificate verifiers, OpenSSL acceptors that request client
// certificates, tonic/warp client-CA settings), and the public-root markers (`TLS_SERVER_ROOTS`,
// `load_native_certs`, the system CA bundle) among everything that fills such a root store, followed
// through lets, fields, helpers and their callers. public-roots-for-client-auth reports them.
import type { Node } from '../parser/parser.js';
import type { CrateModel, InCrate } from './crate.js';
import { boundName, callSitesOf, findBinding, localFunctions, originsOf, usesOf } from './flow.js';
import { pathEndsWith } from './names.js';
import { builderCalls, literalString, opensslSide, verifyModeOf } from './openssl.js';
import {
  ancestors,
  booleanLiteral,
  callArguments,
  describeCall,
  descendantsOfType,
  namedChildren,
  pathSegments,
  returnedExpressions,
  stripWrappers,
} from './syntax.js';

/** Constructors of client-certificate verifiers, with the index of their roots argument. */
const CLIENT_VERIFIERS: Array<[string, number]> = [
  ['WebPkiClientVerifier::builder', 0],
  ['WebPkiClientVerifier::builder_with_provider', 0],
  ['AllowAnyAuthenticatedClient::new', 0],
  ['AllowAnyAnonymousOrAuthenticatedClient::new', 0],
];
const PUBLIC_ROOTS = new Set(['TLS_SERVER_ROOTS', 'load_native_certs']);

/** OpenSSL calls that decide which CAs an acceptor trusts for client certificates. */
const OPENSSL_TRUST_SETTERS = new Set([
  'set_default_verify_paths',
  'set_ca_file',
  'set_verify_cert_store',
  'load_verify_locations',
]);
/** tonic `client_ca_root(cert)`; warp `client_auth_required_path(path)` and friends. */
const FRAMEWORK_CA_SETTERS = new Set([
  'client_ca_root',
  'client_auth_required_path',
  'client_auth_optional_path',
  'client_auth_required',
  'client_auth_optional',
]);
/** Files that hold the operating system's public CA bundle. */
const SYSTEM_BUNDLE =
  /^(\/etc\/ssl\/certs\/?|\/etc\/ssl\/certs\/ca-certificates\.crt|\/etc\/ssl\/cert\.pem|\/etc\/pki\/tls\/certs\/ca-bundle(\.trust)?\.crt|\/etc\/pki\/tls\/cacert\.pem|\/etc\/pki\/ca-trust\/extracted\/pem\/tls-ca-bundle\.pem|\/etc\/ssl\/ca-bundle\.pem|\/usr\/local\/etc\/openssl(@\d)?\/cert\.pem|\/usr\/share\/ca-certificates\/?.*|\/etc\/ca-certificates\/.*)$/;

/**
 * Where client certificates are checked against a root store: the roots argument of a client-certificate
 * verifier, of an OpenSSL acceptor's trust setter (on an acceptor that requests client certificates) or of a
 * framework's client-CA setting, with a label for the place; or an acceptor that trusts the system's default
 * paths (`set_default_verify_paths`, `cert_store_mut().set_default_paths()`).
 */
export type ClientRootsSite =
  | { kind: 'roots'; roots: Node; call: Node; what: string }
  | { kind: 'defaultPaths'; call: Node; method: string };

export function clientRootsSite(call: Node, ctx: InCrate): ClientRootsSite | undefined {
  const { method, path } = describeCall(call);
  if (method) {
    if (OPENSSL_TRUST_SETTERS.has(method) || method === 'set_default_paths') return openSslSite(ctx, call, method);
    if (!FRAMEWORK_CA_SETTERS.has(method)) return undefined;
    // tonic / warp client-CA settings.
    const arg = callArguments(call)[0];
    if (!arg || booleanLiteral(arg) !== undefined) return undefined;
    return { kind: 'roots', roots: arg, call, what: `client CA given to \`${method}\`` };
  }
  if (!path) return undefined;
  const resolved = ctx.file.names.resolve(path);
  const match = CLIENT_VERIFIERS.find(([p]) => pathEndsWith(resolved, p));
  const roots = match ? callArguments(call)[match[1]] : undefined;
  return roots ? { kind: 'roots', roots, call, what: 'client-certificate verifier' } : undefined;
}

/** OpenSSL acceptors that request client certificates and trust the system's public CAs for them. */
function openSslSite(ctx: InCrate, call: Node, method: string): ClientRootsSite | undefined {
  let receiver = describeCall(call).receiver ?? call;
  if (method === 'set_default_paths') {
    // `builder.cert_store_mut().set_default_paths()` on the acceptor's own store.
    const inner = receiver.type === 'call_expression' ? describeCall(receiver) : undefined;
    if (inner?.method !== 'cert_store_mut' || !inner.receiver) return undefined;
    receiver = inner.receiver;
  }
  if (opensslSide(receiver, ctx.crate) !== 'server' || !requestsClientCerts(ctx, receiver)) return undefined;
  const arg = callArguments(call)[0];
  if (method === 'set_default_verify_paths' || method === 'set_default_paths')
    return { kind: 'defaultPaths', call, method };
  return arg ? { kind: 'roots', roots: arg, call, what: `OpenSSL acceptor \`${method}\`` } : undefined;
}

/** The acceptor asks for client certificates: a `set_verify(PEER ..)` on it, here or in a helper it is handed to. */
function requestsClientCerts(ctx: InCrate, receiver: Node): boolean {
  const { calls, handedTo } = builderCalls(receiver, ctx.crate);
  if (
    calls.some(
      (s) => (s.name === 'set_verify' || s.name === 'set_verify_callback') && verifyModeOf(s.args[0], ctx.crate)?.peer,
    )
  )
    return true;
  return handedTo.some((fn) => /set_verify(_callback)?\s*\([^)]*PEER/.test(fn.text));
}

/**
 * Public-root markers among everything that fills a root store: its origins (through `let`s,
 * wrappers, `.into()`, helper functions that return it, and callers that pass it in), the calls
 * that mutate a store variable (`roots.add_parsable_certificates(..)`, `roots.extend(..)`), the
 * loops those calls sit in, and the variables those expressions use.
 */
export function publicRootSources(expr: Node, ctx: InCrate): Array<{ node: Node; via?: Node }> {
  // `via`: the call of a shared helper the marker was reached through (the rule reports there).
  const found: Array<{ node: Node; via?: Node }> = [];
  const seenBindings = new Set<number>();
  // An expression reached again at the same or a greater depth can find nothing new: without
  // this, helpers calling helpers were walked once per path (exponential in the call graph).
  const shallowestVisit = new Map<string, number>();
  const visitBinding = (id: Node, depth: number, via?: Node): void => {
    const binding = findBinding(id, ctx.crate);
    if (!binding || seenBindings.has(binding.node.id)) return;
    seenBindings.add(binding.node.id);
    if (binding.value && binding.kind !== 'param') visit(binding.value, depth + 1, via);
    if (binding.kind === 'param') visitCallers(binding.node, depth, via);
    if (binding.kind === 'static') return;
    const name = binding.kind === 'let' ? (boundName(binding.node) ?? id.text) : id.text;
    for (const use of usesOf(binding, name, ctx.crate)) {
      const parent = use.parent;
      const call =
        parent?.type === 'field_expression' && parent.childForFieldName('value')?.id === use.id ? parent.parent : null;
      if (call?.type !== 'call_expression') continue;
      const method = parent!.childForFieldName('field');
      if (method?.text === 'set_default_paths') found.push({ node: method, via });
      for (const arg of callArguments(call)) visit(arg, depth + 1, via);
      const loop = [...ancestors(call)].find((a) => a.type === 'for_expression');
      const iterable = loop?.childForFieldName('value');
      if (iterable) visit(iterable, depth + 1, via);
    }
  };
  const visit = (e: Node, depth: number, via?: Node): void => {
    if (depth > 8) return;
    const key = `${e.id}:${via?.id ?? ''}`;
    if ((shallowestVisit.get(key) ?? Infinity) <= depth || !ctx.crate.budget.spend()) return;
    shallowestVisit.set(key, depth);
    const node = stripWrappers(e);
    if (node.type === 'identifier') {
      visitBinding(node, depth, via);
      return;
    }
    if (node.type === 'if_expression' || node.type === 'match_expression' || node.type === 'block') {
      for (const r of returnedExpressions(node)) if (r.id !== node.id) visit(r, depth + 1, via);
      return;
    }
    if (node.type === 'field_expression') {
      // `self.client_roots` / `state.roots`: the values the crate stores in that field.
      const stored = originsOf(node, ctx.crate).filter((o) => o.id !== node.id);
      for (const o of stored) visit(o, depth + 1, via);
      // `load_native_certs().certs` (0.8): the call itself; never the fields of some other variable.
      const inner = node.childForFieldName('value');
      if (stored.length === 0 && inner?.type === 'call_expression') visit(inner, depth + 1, via);
      // `let native = load_native_certs(); native.certs`: the call the variable holds.
      if (stored.length === 0 && inner?.type === 'identifier') {
        const b = findBinding(inner, ctx.crate);
        const value = b?.kind === 'let' && b.value ? stripWrappers(b.value) : undefined;
        if (value?.type === 'call_expression') visit(value, depth + 1, via);
      }
      return;
    }
    // Only a root store literal is read field by field; an `AppState { .. }` may hold public roots for a client.
    if (
      node.type === 'struct_expression' &&
      pathSegments(node.childForFieldName('name') ?? node).at(-1) !== 'RootCertStore'
    )
      return;
    found.push(...markers(node).map((m) => ({ node: m, via })));
    if (node.type === 'call_expression') {
      const { path } = describeCall(node);
      for (const fn of path ? localFunctions(pathSegments(path), ctx.crate) : []) {
        const body = fn.childForFieldName('body');
        const shared = via ?? (hasOtherUses(fn, ctx.crate) ? node : undefined);
        for (const r of body ? returnedExpressions(body) : []) visit(r, depth + 1, shared);
      }
    }
    // Variables the expression is built from (`RootCertStore { roots: anchors }`, `Certificate::from_pem(pem)`).
    for (const id of descendantsOfType(node, 'identifier')) {
      const p = id.parent;
      if (
        p?.type === 'scoped_identifier' ||
        (p?.type === 'field_expression' && p.childForFieldName('value')?.id !== id.id)
      )
        continue;
      if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === id.id) continue;
      visitBinding(id, depth + 1, via);
    }
  };
  /** `fn verifier(roots: RootCertStore)`: what the callers pass in. */
  const visitCallers = (param: Node, depth: number, via?: Node): void => {
    const fn = [...ancestors(param)].find((a) => a.type === 'function_item');
    const params = fn?.childForFieldName('parameters');
    if (!fn || !params) return;
    const list = namedChildren(params).filter((p) => p.type === 'parameter');
    const index = list.findIndex((p) => p.id === param.id);
    if (index < 0) return;
    for (const site of callSitesOf(fn, ctx.crate)) {
      const arg = callArguments(site)[index];
      if (arg) visit(arg, depth + 1, via);
    }
  };
  visit(expr, 0);
  const seen = new Set<number>();
  return found.filter((f) => !seen.has(f.node.id) && seen.add(f.node.id));
}

/**
 * A root-store helper that is also called where no client verifier is built (typically for the
 * upstream `ClientConfig`, where public roots are right): the helper itself is not the mistake.
 */
function hasOtherUses(fn: Node, crate: CrateModel): boolean {
  const sites = callSitesOf(fn, crate, { fromEveryProgram: true });
  const buildsVerifier = (site: Node): boolean => {
    const caller = [...ancestors(site)].find((a) => a.type === 'function_item');
    return !!caller && CLIENT_VERIFIERS.some(([p]) => caller.text.includes(p.split('::')[0]));
  };
  return sites.length > 1 && sites.some((site) => !buildsVerifier(site));
}

/** `TLS_SERVER_ROOTS`, `load_native_certs`, and string literals naming the system CA bundle. */
function markers(node: Node): Node[] {
  const out = descendantsOfType(node, 'identifier').filter((id) => PUBLIC_ROOTS.has(id.text));
  for (const s of descendantsOfType(node, ['string_literal', 'raw_string_literal'])) {
    if (SYSTEM_BUNDLE.test(literalString(s) ?? '')) out.push(s);
  }
  return out;
}
