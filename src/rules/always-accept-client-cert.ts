// Rule 3: a client-certificate verifier that accepts every certificate.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { pathEndsWith } from '../model/names.js';
import { sideOfValue } from '../model/side.js';
import { alwaysAcceptingReturns, callbackIgnoresVerdict, hasFailingPath, implMethod, installSites, isOkAssertion } from '../model/verifier.js';
import { callArguments, describeCall, methodNameNode, returnedExpressions, stripWrappers } from '../model/syntax.js';

/** Calls that install a client verifier into a server config (rustls 0.19–0.23). */
const INSTALLERS = ['with_client_cert_verifier', 'ServerConfig::new', 'set_client_certificate_verifier', 'ServerConfig::with_ciphersuites'];

export const rule: Rule = {
  meta: {
    id: 'always-accept-client-cert',
    name: 'AlwaysAcceptClientCert',
    defaultLevel: 'error',
    securitySeverity: 9.1,
    cwe: 295,
    precision: 'high',
    keywords: ['ClientCertVerifier', 'verify_client_cert', 'set_verify_callback'],
    docs: {
      summary: 'Client-certificate verification that accepts every certificate.',
      whatItDoes:
        'Flags a custom rustls `ClientCertVerifier` (0.19–0.23 trait paths, aliases, generic impls, impls in any file of the crate) whose `verify_client_cert` cannot fail — no `?`, no `Err`, no real verification call — and returns `Ok(ClientCertVerified::assertion())`; closures assigned to a `verify_client_cert` field (not a real API, but written in articles and generated code); and OpenSSL acceptor `set_verify_callback(mode, |_, _| true)` callbacks that ignore `preverify_ok`. The finding points at the `Ok(..)` and, as related locations, at the places the verifier is installed.',
      whyIsThisBad:
        'The server asks for a client certificate and then accepts any certificate at all, self-signed or expired, from anyone: mTLS authentication is gone while the handshake still looks mutual (CWE-295). Every identity derived from the certificate afterwards is attacker-chosen.',
      knownLimits:
        'A verifier that only logs and then accepts is reported; one that calls any function whose name starts with `verify`, `check` or `validate` is trusted to verify. Callbacks stored in a variable before being passed to `set_verify_callback` are not followed.',
      badExample: `impl ClientCertVerifier for TrustAllClients {
    fn verify_client_cert(&self, _end_entity: &CertificateDer<'_>, _intermediates: &[CertificateDer<'_>], _now: UnixTime)
        -> Result<ClientCertVerified, Error> {
        Ok(ClientCertVerified::assertion())
    }
    // ...
}`,
      goodExample: `fn verify_client_cert(&self, end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>], now: UnixTime)
    -> Result<ClientCertVerified, Error> {
    let verified = self.inner.verify_client_cert(end_entity, intermediates, now)?; // WebPkiClientVerifier
    if !self.allowed.contains(end_entity) {
        return Err(Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure));
    }
    Ok(verified)
}`,
      howToFix:
        'Use the shipped verifier (`WebPkiClientVerifier::builder(roots).build()?` in rustls 0.22+, `AllowAnyAuthenticatedClient::new(roots)` before) and, if you need extra policy, wrap it: delegate to it first, then add checks that return `Err`. With OpenSSL keep `preverify_ok` in the callback (`if !preverify_ok { return false; }`).',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.rs/rustls/latest/rustls/server/danger/trait.ClientCertVerifier.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.WebPkiClientVerifier.html',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_verify_callback',
      ],
    },
  },

  create(ctx) {
    return {
      impl_item(impl) {
        checkVerifierImpl(ctx, impl);
      },
      assignment_expression(assign) {
        checkClosureField(ctx, assign);
      },
      call_expression(call) {
        if (describeCall(call).method !== 'set_verify_callback') return;
        const callback = callArguments(call)[1];
        if (!callback || !callbackIgnoresVerdict(callback)) return;
        if (sideOfValue(call, ctx.crate) !== 'server') return;
        ctx.report({
          node: methodNameNode(call),
          message: 'This OpenSSL verify callback returns `true` without reading `preverify_ok`, so every client certificate is accepted. Keep OpenSSL\'s verdict and add checks on top of it.',
        });
      },
    };
  },
};

function checkVerifierImpl(ctx: RuleContext, impl: Node): void {
  const trait = impl.childForFieldName('trait');
  if (!trait || !pathEndsWith(ctx.file.names.resolve(trait.type === 'generic_type' ? trait.childForFieldName('type') ?? trait : trait), 'ClientCertVerifier')) return;
  const fn = implMethod(ctx.crate, impl, 'verify_client_cert');
  if (!fn) return;
  const accepting = alwaysAcceptingReturns(fn, ctx.crate);
  if (accepting.length === 0) return;
  const typeName = ctx.crate.impls.find((i) => i.node.id === impl.id && i.node.tree === impl.tree)?.typeName ?? '';
  const installed = typeName ? installSites(ctx.crate, typeName, INSTALLERS) : [];
  ctx.report({
    node: accepting[0],
    message: `\`${typeName}::verify_client_cert\` accepts every client certificate: it has no way to return an error. Any client can authenticate with any certificate.`,
    related: installed.map((node) => ({ node, message: `${typeName} is installed here` })),
  });
}

/** `config.verify_client_cert = Arc::new(|_, _| Ok(()))` (seen in articles; not a rustls API). */
function checkClosureField(ctx: RuleContext, assign: Node): void {
  const left = assign.childForFieldName('left');
  const right = assign.childForFieldName('right');
  if (left?.type !== 'field_expression' || !right) return;
  if (left.childForFieldName('field')?.text !== 'verify_client_cert') return;
  const closure = stripWrappers(right);
  if (closure.type !== 'closure_expression') return;
  const body = closure.childForFieldName('body');
  if (!body || hasFailingPath(body)) return;
  const values = body.type === 'block' ? returnedExpressions(body) : [body];
  if (values.length === 0 || !values.every((v) => isOkAssertion(v, ctx.crate))) return;
  ctx.report({
    node: right,
    message: 'This `verify_client_cert` closure returns `Ok` for every certificate, so client authentication accepts anyone. rustls has no such field: install a real `ClientCertVerifier` with `with_client_cert_verifier`.',
  });
}
