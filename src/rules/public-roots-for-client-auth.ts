// Rule 16: client certificates verified against public CA roots.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { findBinding, originsOf, rootIdentifier, usesOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { sideOfValue } from '../model/side.js';
import { ancestors, callArguments, describeCall, descendantsOfType, methodNameNode } from '../model/syntax.js';

/** Constructors of client-certificate verifiers, with the index of their roots argument. */
const CLIENT_VERIFIERS: Array<[string, number]> = [
  ['WebPkiClientVerifier::builder', 0], ['WebPkiClientVerifier::builder_with_provider', 0],
  ['AllowAnyAuthenticatedClient::new', 0], ['AllowAnyAnonymousOrAuthenticatedClient::new', 0],
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
    keywords: ['TLS_SERVER_ROOTS', 'load_native_certs', 'set_default_verify_paths'],
    docs: {
      summary: 'Client certificates verified against public CA roots.',
      whatItDoes:
        'Flags client-certificate verifiers (`WebPkiClientVerifier::builder`, `AllowAnyAuthenticatedClient::new`, `AllowAnyAnonymousOrAuthenticatedClient::new`) whose root store is filled from public CAs — `webpki_roots::TLS_SERVER_ROOTS` in every webpki-roots shape (`.0.iter()`, `.iter().cloned()`, `.to_vec()`, `RootCertStore { roots: .. }`) or `rustls_native_certs::load_native_certs()` (0.5–0.8) — following the store through variables and the calls that fill it; and OpenSSL acceptors that call `set_default_verify_paths()`. Public roots in a `ClientConfig` (verifying servers) are correct and never reported.',
      whyIsThisBad:
        'Anyone can buy a certificate from a public CA, or get one for free. A server that trusts the public roots for client authentication accepts any such certificate as a valid client: mTLS then authenticates nothing (CWE-295).',
      knownLimits:
        'Root stores filled in another function than the verifier are followed only through return values; stores filled in loops over other crates\' APIs are recognised by the names `TLS_SERVER_ROOTS` and `load_native_certs`.',
      badExample: `let client_roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
let verifier = WebPkiClientVerifier::builder(Arc::new(client_roots)).build()?;`,
      goodExample: `let mut client_roots = RootCertStore::empty();
client_roots.add(CertificateDer::from_pem_file("pki/client-ca.crt")?)?;
let verifier = WebPkiClientVerifier::builder(Arc::new(client_roots)).build()?;`,
      howToFix: 'Trust only the private CA that issues your client certificates: load it from a file into an empty `RootCertStore`, or `set_ca_file` with OpenSSL, and never `set_default_verify_paths()` on an acceptor.',
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
        if (method === 'set_default_verify_paths') {
          if (sideOfValue(call, ctx.crate) === 'server') {
            ctx.report({ node: methodNameNode(call), message: '`set_default_verify_paths()` on an OpenSSL acceptor trusts the system\'s public CAs for client certificates: anyone with a publicly issued certificate is accepted as a client.' });
          }
          return;
        }
        if (!path) return;
        const resolved = ctx.file.names.resolve(path);
        const match = CLIENT_VERIFIERS.find(([p]) => pathEndsWith(resolved, p));
        const roots = match ? callArguments(call)[match[1]] : undefined;
        if (!roots) return;
        for (const node of publicRootsFeeding(ctx, roots)) {
          ctx.report({
            node,
            message: `The roots that verify client certificates come from public CAs (\`${node.text}\`): any publicly issued certificate is accepted as a client. Use your private client CA only.`,
            related: [{ node: call, message: 'client-certificate verifier' }],
          });
        }
      },
    };
  },
};

/** Public-root nodes in the store's origins and in the calls that fill the store variable. */
function publicRootsFeeding(ctx: RuleContext, roots: Node): Node[] {
  const found: Node[] = [];
  for (const origin of originsOf(roots, ctx.crate)) found.push(...publicRootNodes(origin));
  const store = rootIdentifier(roots);
  const binding = store ? findBinding(store, ctx.crate) : undefined;
  if (store && binding) {
    for (const use of usesOf(binding, store.text, ctx.crate)) {
      const call = use.parent?.type === 'field_expression' ? use.parent.parent : null;
      if (call?.type !== 'call_expression') continue;
      found.push(...callArguments(call).flatMap(publicRootNodes));
      const loop = [...ancestors(call)].find((a) => a.type === 'for_expression');
      const iterable = loop?.childForFieldName('value');
      if (iterable) found.push(...publicRootNodes(iterable));
    }
  }
  const seen = new Set<number>();
  return found.filter((n) => !seen.has(n.id) && seen.add(n.id));
}

function publicRootNodes(node: Node): Node[] {
  return descendantsOfType(node, 'identifier').filter((id) => PUBLIC_ROOTS.has(id.text));
}
