// Rule 3: a client-certificate verifier that accepts every certificate.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { opensslSide, verifyModeOf } from '../model/openssl.js';
import {
  alwaysAcceptingReturns,
  callbackAlwaysTrue,
  callbackOverridesVerdict,
  CLIENT_VERIFIER_INSTALLERS,
  constantBoolean,
  OPT_IN_CONDITION,
  optInCondition,
  ignoredChecks,
  installSites,
  verifierImpl,
  waivedErrorsThroughHelpers,
  checksOffBySetting,
} from '../model/verifier.js';
import { callArguments, describeCall, methodNameNode, pathSegments, stripWrappers } from '../model/syntax.js';

/** Field names the article-style closure "verifiers" are assigned to (not a rustls API). */
const CLOSURE_FIELDS = new Set(['verify_client_cert', 'client_cert_verifier', 'client_verifier']);

export const rule: Rule = {
  meta: {
    id: 'always-accept-client-cert',
    name: 'AlwaysAcceptClientCert',
    defaultLevel: 'error',
    securitySeverity: 9.1,
    cwe: 295,
    precision: 'high',
    keywords: [
      'verify_client_cert',
      'ClientCertVerifier',
      'client_cert_verifier',
      'client_verifier',
      'set_verify_callback',
    ],
    messages: {
      acceptsEverything: {
        message: '`{typeName}::verify_client_cert` accepts every client certificate',
        label: 'every certificate accepted',
        note: 'Any client can authenticate with any certificate. {how}{where}',
        help: 'Delegate to `WebPkiClientVerifier` first and add checks that return `Err`.',
      },
      waivedErrors: {
        message: '`{typeName}::verify_client_cert` returns `Ok` for certificates that fail some checks',
        label: 'certificate errors waived',
        note: 'It waives {errors}: those checks are off, so a client whose certificate fails them is authenticated.{where}',
        help: 'Return the error instead.',
      },
      switchedOff: {
        message: '`{typeName}::verify_client_cert` skips every check when a setting says so',
        label: 'returns `Ok` without checking',
        note: 'Then it returns `Ok` without checking: {cause} turns client authentication off.{where}',
        help: 'Make sure it can never be set in production, or remove the switch.',
      },
      switchAlwaysOn: {
        message: '`{typeName}::verify_client_cert` skips every check: its switch is always on',
        label: 'returns `Ok` without checking',
        note: 'The crate always sets that field to skip: client authentication is off.{where}',
        help: 'Remove the switch, or set it only from an explicit opt-in.',
      },
      closure: {
        message: 'this `{where}` closure returns `Ok` for every certificate',
        label: 'every certificate accepted',
        note: 'Client authentication accepts anyone; rustls has no closure-based client verifier.',
        help: 'Install a real `ClientCertVerifier` (`WebPkiClientVerifier`) with `with_client_cert_verifier`.',
      },
      opensslCallbackOverride: {
        message: 'this OpenSSL verify callback accepts client certificates that OpenSSL rejected',
        label: '`true` although `preverify_ok` is false',
        note: 'It overrides a failed chain check with checks a self-made certificate passes (no pin, no CA).{optIn}',
        help: 'Return `preverify_ok` for chain failures; pin a fingerprint if self-signed clients are intended.',
      },
      opensslCallback: {
        message: 'this OpenSSL verify callback returns `true` whatever `preverify_ok` says',
        label: 'every client certificate accepted',
        note: 'Every client certificate is accepted.{optIn}',
        help: 'Return `false` when `preverify_ok` is false and add checks on top of it.',
      },
    },
    docs: {
      summary: 'Client-certificate verification that accepts every certificate.',
      whatItDoes:
        'Flags a custom rustls `ClientCertVerifier` (0.19–0.23 trait paths, `use … as` aliases, `tokio_rustls::rustls::` re-exports, generic impls, impls in any file of the crate) whose `verify_client_cert` has no way to fail (an error swallowed on the way counts as no way: the inner verifier\'s `Err` logged and replaced by an early `Ok`, `if r.is_err() { return Ok(..) }`, `.or_else(|_| Ok(..))`, `match .. { Err(_) => Ok(..) }`) — no `?`, no `Err`, no panicking check, every path returns `Ok(..)` — and hands out `Ok(ClientCertVerified::assertion())`. A verifier that calls the real verification but only logs its error and accepts anyway is included. The finding points at the `Ok(..)` and lists, as related locations, where the type is installed (`with_client_cert_verifier`, `ServerConfig::new`, `set_client_certificate_verifier`). Also flagged: closures assigned as a `verify_client_cert` "field" (`config.verify_client_cert = Arc::new(|_, _| Ok(()))`, not a rustls API but written in articles and generated code), and OpenSSL acceptor verify callbacks that return `true` whatever `preverify_ok` says, or that return `true` on a path where it is false after checks a self-made certificate passes (self-signed, its own signature, its dates; not after comparing a fingerprint or digest with pinned ones). A verifier installed only behind an opt-in switch (an `insecure`/"skip verification" flag, an environment variable, dev mode) is a warning: a run-time setting decides. A verifier whose `offer_client_auth()` is `false` never sees a certificate and is left to mtls-no-client-auth. Also reported (catalog revision 2): a verifier that returns `Ok` for named certificate errors (an allow-list: `Expired`, `UnknownIssuer`, …, or an `Err` arm naming one error of its own checks, such as an attestation status; the message says which; a warning when an `if` in that arm lets a setting decide), and one that skips every check when an environment variable says so (a warning, with the condition), or on its own field (`if self.insecure { return Ok(..) }`), judged by what the crate stores into that field of the verifier type: a literal that turns the skip on is reported like a verifier that accepts everything, a value from an option or a parameter is a warning, a literal that keeps the checks on or a field nothing in the crate fills is not reported.',
      whyIsThisBad:
        'The server asks for a client certificate and then accepts any certificate at all — self-signed, expired, issued by anyone — so mutual TLS authenticates nobody while the handshake still looks mutual (CWE-295). Every identity the application derives from the certificate afterwards (CN, SAN, SPIFFE ID) is chosen by the attacker.',
      knownLimits:
        'A verifier that can reject in any way (a `?`, an `Err`, a panicking check, a returned value that is not `Ok(..)`) is trusted, even if the check is weak; a verifier that accepts everything only when a run-time switch is set is not reported. Verifiers generated by macros are not seen. Install sites are found by type name in the same crate; a verifier installed by another crate of a workspace is reported without them. A verifier type that is installed only from test code is treated as test code. OpenSSL callbacks are judged on the acceptor side only (the connector side is always-accept-server-cert); per-connection `Ssl` callbacks whose side cannot be told are not reported.',
      badExample: `impl ClientCertVerifier for TrustAllClients {
    fn root_hint_subjects(&self) -> &[DistinguishedName] { &[] }

    fn verify_client_cert(&self, _end_entity: &CertificateDer<'_>, _intermediates: &[CertificateDer<'_>], _now: UnixTime)
        -> Result<ClientCertVerified, Error> {
        Ok(ClientCertVerified::assertion())
    }
    // ...
}`,
      goodExample: `fn verify_client_cert(&self, end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>], now: UnixTime)
    -> Result<ClientCertVerified, Error> {
    // self.inner = WebPkiClientVerifier::builder(client_roots).build()?
    let verified = self.inner.verify_client_cert(end_entity, intermediates, now)?;
    if !self.allowed.contains(end_entity) {
        return Err(Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure));
    }
    Ok(verified)
}`,
      howToFix:
        'Use the verifier rustls ships (`WebPkiClientVerifier::builder(roots).build()?` in rustls 0.22+, `AllowAnyAuthenticatedClient::new(roots)` before) over your private client CA. If you need extra policy (allow-lists, SPIFFE IDs, pins), wrap it: delegate to it first with `?`, then add checks that return `Err`. With OpenSSL keep `preverify_ok` in the callback (`if !preverify_ok { return false; }`) and add checks on top of it.',
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
        const left = assign.childForFieldName('left');
        const field = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : undefined;
        const right = assign.childForFieldName('right');
        if (field && right && CLOSURE_FIELDS.has(field)) checkClosure(ctx, right, field);
      },
      field_initializer(init) {
        const field = init.childForFieldName('field')?.text;
        const value = init.childForFieldName('value');
        if (field && value && CLOSURE_FIELDS.has(field)) checkClosure(ctx, value, field);
      },
      call_expression(call) {
        const { method } = describeCall(call);
        if (method === 'with_client_cert_verifier' || method === 'set_client_certificate_verifier') {
          const arg = callArguments(call)[0];
          if (arg) checkClosure(ctx, arg, method);
        }
        if (method === 'set_verify_callback') checkOpensslCallback(ctx, call);
      },
    };
  },
};

function checkVerifierImpl(ctx: RuleContext, impl: Node): void {
  const verifier = verifierImpl(ctx.crate, impl);
  if (verifier?.kind !== 'client') return;
  const fn = verifier.entry.methods.get('verify_client_cert');
  if (!fn) return;
  const accepting = alwaysAcceptingReturns(fn, ctx.crate);
  // Weaker than accepting everything (catalog revision 2): named errors waived, or every check
  // skipped when an environment variable says so.
  const waived = accepting.length === 0 ? waivedErrorsThroughHelpers(fn, ctx.crate) : undefined;
  const switchedOff = accepting.length === 0 && !waived ? checksOffBySetting(fn, ctx.crate) : undefined;
  if (accepting.length === 0 && !waived && !switchedOff) return;
  // `offer_client_auth() -> false`: no certificate is ever asked for (mtls-no-client-auth's finding).
  if (constantBoolean(verifier.entry.methods.get('offer_client_auth'), ctx.crate) === false) return;
  const typeName = verifier.entry.typeName;
  const sites = installSites(ctx.crate, typeName, CLIENT_VERIFIER_INSTALLERS, verifier.entry.node);
  const production = sites.filter((s) => !s.inTest);
  // A verifier type only ever installed by tests is test scaffolding.
  if (sites.length > 0 && production.length === 0) return;
  const conditional =
    production.length > 0 && production.every((s) => s.condition && OPT_IN_CONDITION.test(s.condition));
  const ignored = ignoredChecks(fn)[0];
  const how = ignored
    ? `It calls \`${callText(ignored)}\` but accepts whatever that returns.`
    : 'It has no way to return an error.';
  const where = conditional ? `\nIt is installed only ${production[0].condition}, so a run-time setting decides.` : '';
  const related = production.map((s) => ({ node: s.node, label: `${typeName} is installed here` }));
  if (waived) {
    ctx.report({
      node: waived.node,
      // Waived only when the verifier's own setting says so (`if self.outdated_ok`): the engine's note names it.
      level: conditional || waiverBehindSetting(waived.node) ? 'warning' : 'error',
      messageId: 'waivedErrors',
      data: { typeName, errors: waived.errors.map((e) => `\`${e}\``).join(', '), where },
      related,
    });
    return;
  }
  if (switchedOff) {
    const always = switchedOff.by === 'always';
    ctx.report({
      node: switchedOff.node,
      // The engine's note names the condition. A switch the crate always turns on skips the checks like any verifier that accepts
      // everything; one an option or the environment decides is a run-time setting.
      level: always ? (conditional ? 'warning' : 'error') : 'warning',
      messageId: always ? 'switchAlwaysOn' : 'switchedOff',
      data: {
        typeName,
        cause: switchedOff.by === 'environment' ? 'an environment variable' : 'a setting',
        where,
      },
      related,
    });
    return;
  }
  ctx.report({
    node: accepting[0],
    level: conditional ? 'warning' : 'error',
    messageId: 'acceptsEverything',
    data: { typeName, how, where },
    related,
  });
}

/** `Err(Status::Outdated) => if self.outdated_ok { Ok(..) } else { Err(..) }`: an `if` inside the waiving arm decides. */
function waiverBehindSetting(ok: Node): boolean {
  for (let a = ok.parent; a && a.type !== 'match_arm' && a.type !== 'function_item'; a = a.parent) {
    const condition = a.type === 'if_expression' ? a.childForFieldName('condition') : null;
    if (condition && !/\bErr\b|is_err|is_ok/.test(condition.text)) return true;
  }
  return false;
}

function callText(call: Node): string {
  const { method, path } = describeCall(call);
  return method ? `.${method}(..)` : `${path ? pathSegments(path).slice(-2).join('::') : 'verify'}(..)`;
}

/** `config.verify_client_cert = Arc::new(|_, _| Ok(()))` and friends (seen in articles; not a rustls API). */
function checkClosure(ctx: RuleContext, value: Node, where: string): void {
  const closure = stripWrappers(value);
  if (closure.type !== 'closure_expression') return;
  if (alwaysAcceptingReturns(closure, ctx.crate, true).length === 0) return;
  ctx.report({
    node: value,
    messageId: 'closure',
    data: { where },
  });
}

/** OpenSSL acceptor `set_verify_callback(PEER | FAIL_IF_NO_PEER_CERT, |_, _| true)`. */
function checkOpensslCallback(ctx: RuleContext, call: Node): void {
  const [mode, callback] = callArguments(call);
  if (!callback) return;
  const alwaysTrue = callbackAlwaysTrue(callback, ctx.crate);
  const override = alwaysTrue ? undefined : callbackOverridesVerdict(callback, ctx.crate);
  if (!alwaysTrue && !override) return;
  // With NONE no client certificate is requested: that is mtls-no-client-auth's finding.
  if (verifyModeOf(mode, ctx.crate)?.none) return;
  const receiver = describeCall(call).receiver;
  if (!receiver || opensslSide(receiver, ctx.crate) !== 'server') return;
  const optIn = optInCondition(call);
  if (override) {
    ctx.report({
      node: override,
      level: optIn ? 'warning' : 'error',
      messageId: 'opensslCallbackOverride',
      data: { optIn: optIn ? '\nA run-time setting decides whether this runs.' : '' },
    });
    return;
  }
  ctx.report({
    node: methodNameNode(call),
    level: optIn ? 'warning' : 'error',
    messageId: 'opensslCallback',
    data: { optIn: optIn ? '\nA run-time setting decides whether this runs.' : '' },
  });
}
