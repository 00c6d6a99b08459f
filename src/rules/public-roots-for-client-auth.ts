// Rule 16: client certificates verified against public CA roots.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import type { CrateModel } from '../model/crate.js';
import { boundName, callSitesOf, findBinding, localFunctions, originsOf, usesOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { builderCalls, literalString, opensslSide, verifyModeOf } from '../model/openssl.js';
import {
  ancestors,
  booleanLiteral,
  callArguments,
  describeCall,
  descendantsOfType,
  methodNameNode,
  namedChildren,
  pathSegments,
  returnedExpressions,
  stripWrappers,
} from '../model/syntax.js';

/** Constructors of client-certificate verifiers, with the index of their roots argument. */
const CLIENT_VERIFIERS: Array<[string, number]> = [
  ['WebPkiClientVerifier::builder', 0],
  ['WebPkiClientVerifier::builder_with_provider', 0],
  ['AllowAnyAuthenticatedClient::new', 0],
  ['AllowAnyAnonymousOrAuthenticatedClient::new', 0],
];
const PUBLIC_ROOTS = new Set(['TLS_SERVER_ROOTS', 'load_native_certs']);

export const rule: Rule = {
  meta: {
    id: 'public-roots-for-client-auth',
    name: 'PublicRootsForClientAuth',
    defaultLevel: 'error',
    securitySeverity: 8.1,
    cwe: 295,
    precision: 'high',
    keywords: [
      'TLS_SERVER_ROOTS',
      'load_native_certs',
      'set_default_verify_paths',
      'set_default_paths',
      'client_ca_root',
      'client_auth_',
      '/etc/ssl',
      '/etc/pki',
      'ca-certificates',
      'ca-bundle',
    ],
    messages: {
      publicRoots: {
        message: 'client certificates are verified against public CA roots',
        label: 'public CAs verify client certificates',
        note: 'The roots come from {source}: any publicly issued certificate is accepted as a client.',
        help: 'Trust only your private client CA.',
      },
      opensslDefaultPaths: {
        message: "`{method}()` trusts the system's public CAs for client certificates",
        label: 'system CAs on an OpenSSL acceptor',
        note: 'On an OpenSSL acceptor that requests client certificates, anyone with a publicly issued certificate is accepted as a client.',
        help: 'Load only your private client CA (`set_ca_file`).',
      },
    },
    docs: {
      summary: 'Client certificates verified against public CA roots.',
      whatItDoes:
        'Flags client-certificate trust that comes from public CAs: rustls client verifiers (`WebPkiClientVerifier::builder`, `AllowAnyAuthenticatedClient::new`, `AllowAnyAnonymousOrAuthenticatedClient::new`) whose root store is filled from `webpki_roots::TLS_SERVER_ROOTS` in every webpki-roots shape (`.0.iter()`, `.iter().cloned()`, `.to_vec()`, `RootCertStore { roots: .. }`, `from_iter`, `add_server_trust_anchors`, `add_trust_anchors`, `extend`) or `rustls_native_certs::load_native_certs()` (0.5–0.8), following the store through variables, `Arc::new`/`.into()`, the calls and loops that fill it, helper functions that return it and callers that pass it in; tonic `client_ca_root(..)` and warp `client_auth_*` fed from the system CA bundle file; OpenSSL acceptors that request client certificates and trust `set_default_verify_paths()`, `cert_store_mut().set_default_paths()` or the system bundle via `set_ca_file`. Public roots in a `ClientConfig` (verifying servers) are correct and never reported.',
      whyIsThisBad:
        'Anyone can buy a certificate from a public CA, or get one for free. A server that trusts the public roots for client authentication accepts any such certificate as a valid client: mTLS then authenticates nothing (CWE-295).',
      knownLimits:
        "Stores kept in struct fields are followed through the struct that owns the field (`self` in an impl, a typed parameter or `let`, a struct literal bound by `let`), in the same program (a binary never sees another binary's values); a field whose owner type is not written is followed only when a single struct of the crate declares it. System bundles are recognised by their usual Linux/macOS paths; a bundle path read from configuration or `SSL_CERT_FILE` is not. OpenSSL acceptors are only reported when they ask for client certificates (`set_verify` with `PEER`).",
      badExample: `let client_roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
let verifier = WebPkiClientVerifier::builder(Arc::new(client_roots)).build()?;`,
      goodExample: `let mut client_roots = RootCertStore::empty();
client_roots.add(CertificateDer::from_pem_file("pki/client-ca.crt")?)?;
let verifier = WebPkiClientVerifier::builder(Arc::new(client_roots)).build()?;`,
      howToFix:
        'Trust only the private CA that issues your client certificates: load it from a file into an empty `RootCertStore`, or `set_ca_file` with OpenSSL, and never `set_default_verify_paths()` on an acceptor.',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.rs/webpki-roots/latest/webpki_roots/',
        'https://docs.rs/rustls/latest/rustls/server/struct.WebPkiClientVerifier.html',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        const { method, path } = describeCall(call);
        if (method) {
          if (OPENSSL_TRUST_SETTERS.has(method) || method === 'set_default_paths') checkOpenSsl(ctx, call, method);
          else if (FRAMEWORK_CA_SETTERS.has(method)) checkFramework(ctx, call, method);
          return;
        }
        if (!path) return;
        const resolved = ctx.file.names.resolve(path);
        const match = CLIENT_VERIFIERS.find(([p]) => pathEndsWith(resolved, p));
        const roots = match ? callArguments(call)[match[1]] : undefined;
        if (roots) reportSources(ctx, roots, call, 'client-certificate verifier');
      },
    };
  },
};

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

function reportSources(ctx: RuleContext, sink: Node, at: Node, what: string): void {
  const reported = new Set<number>();
  for (const { node, via } of publicSources(ctx, sink)) {
    const text = node.type === 'string_literal' ? `the system CA bundle ${node.text}` : `\`${node.text}\``;
    // A path in a `const` may be shared: report where it is used for client certificates.
    const inItem = [...ancestors(node)].some((a) => a.type === 'const_item' || a.type === 'static_item');
    // A helper with other callers (the upstream `ClientConfig`, where public roots are right) is
    // not where the fix goes: report the call that hands its store to the client verifier.
    const where = via ?? (inItem ? methodNameNode(at) : node);
    if (reported.has(where.id)) continue;
    reported.add(where.id);
    const source = via ? `${text} in \`${via.text}\`` : text;
    ctx.report({
      node: where,
      messageId: 'publicRoots',
      data: { source },
      related:
        via || inItem
          ? [
              { node, label: 'public CA roots' },
              { node: at, label: what },
            ]
          : [{ node: at, label: what }],
    });
  }
}

/** OpenSSL acceptors that request client certificates and trust the system's public CAs for them. */
function checkOpenSsl(ctx: RuleContext, call: Node, method: string): void {
  let receiver = describeCall(call).receiver ?? call;
  if (method === 'set_default_paths') {
    // `builder.cert_store_mut().set_default_paths()` on the acceptor's own store.
    const inner = receiver.type === 'call_expression' ? describeCall(receiver) : undefined;
    if (inner?.method !== 'cert_store_mut' || !inner.receiver) return;
    receiver = inner.receiver;
  }
  if (opensslSide(receiver, ctx.crate) !== 'server' || !requestsClientCerts(ctx, receiver)) return;
  const arg = callArguments(call)[0];
  if (method === 'set_default_verify_paths' || method === 'set_default_paths') {
    ctx.report({
      node: methodNameNode(call),
      messageId: 'opensslDefaultPaths',
      data: { method },
    });
    return;
  }
  if (arg) reportSources(ctx, arg, call, `OpenSSL acceptor \`${method}\``);
}

/** tonic / warp client-CA settings fed from the system bundle or public roots. */
function checkFramework(ctx: RuleContext, call: Node, method: string): void {
  const arg = callArguments(call)[0];
  if (!arg || booleanLiteral(arg) !== undefined) return;
  reportSources(ctx, arg, call, `client CA given to \`${method}\``);
}

/** The acceptor asks for client certificates: a `set_verify(PEER ..)` on it, here or in a helper it is handed to. */
function requestsClientCerts(ctx: RuleContext, receiver: Node): boolean {
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
function publicSources(ctx: RuleContext, expr: Node): Array<{ node: Node; via?: Node }> {
  // `via`: the call of a shared helper the marker was reached through (see reportSources).
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
