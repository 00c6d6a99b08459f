// Rule 16: client certificates verified against public CA roots.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { clientRootsSite, publicRootSources } from '../model/public-roots.js';
import { ancestors, methodNameNode } from '../model/syntax.js';

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
        const site = clientRootsSite(call, ctx);
        if (site?.kind === 'defaultPaths')
          ctx.report({ node: methodNameNode(call), messageId: 'opensslDefaultPaths', data: { method: site.method } });
        else if (site) reportSources(ctx, site.roots, call, site.what);
      },
    };
  },
};

/** Each public-root source of a root store, where the fix goes, with the place it is used as related. */
function reportSources(ctx: RuleContext, sink: Node, at: Node, what: string): void {
  const reported = new Set<number>();
  for (const { node, via } of publicRootSources(sink, ctx)) {
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
