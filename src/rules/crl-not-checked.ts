// Rule 18: client verifiers that never check certificate revocation.
import type { Node } from '../parser/parser.js';
import type { Rule } from './rule.js';
import { armResult, calleeBodies, rootIdentifier, valueUsesThroughReturns } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { isPre021ClientVerifier } from '../model/client-auth.js';
import { describeCall, enclosing, methodNameNode } from '../model/syntax.js';

const BUILDERS = ['WebPkiClientVerifier::builder', 'WebPkiClientVerifier::builder_with_provider'];
const LEGACY_VERIFIERS = ['AllowAnyAuthenticatedClient::new', 'AllowAnyAnonymousOrAuthenticatedClient::new'];

export const rule: Rule = {
  meta: {
    id: 'crl-not-checked',
    name: 'CrlNotChecked',
    defaultLevel: 'note',
    securitySeverity: 3.1,
    cwe: 299,
    precision: 'high',
    keywords: ['WebPkiClientVerifier', 'AllowAnyAuthenticatedClient', 'AllowAnyAnonymousOrAuthenticatedClient'],
    messages: {
      unknownStatusAllowed: {
        message: '`allow_unknown_revocation_status()` accepts client certificates of unknown revocation status',
        label: 'unknown revocation status accepted',
        note: 'A certificate from an issuer without a loaded CRL passes unchecked.',
        help: 'Load a CRL for every issuing CA with `.with_crls(..)` and drop `allow_unknown_revocation_status()`.',
      },
      noCrls: {
        message: 'this client-certificate verifier checks no revocation list',
        label: 'built without CRLs',
        note: 'A revoked client certificate stays valid until it expires.',
        help: "Pass the CA's CRLs with `.with_crls(..)`{alsoDrop}.",
      },
      legacyNoCrls: {
        message: '`{verifier}` is built without CRLs',
        label: 'no revocation check',
        note: 'Revoked client certificates are accepted until they expire; rustls before 0.21.3 cannot check revocation at all.',
        help: 'With rustls 0.21.3 or later add `.with_crls(..)`; on older versions upgrade rustls.',
      },
    },
    docs: {
      summary: 'Client-certificate verifier built without revocation lists.',
      whatItDoes:
        'Flags rustls client-certificate verifiers that never consult a certificate revocation list: `WebPkiClientVerifier::builder(..)…build()` (0.22+) without `.with_crls(..)`, chains that call `.allow_unknown_revocation_status()`, and `AllowAnyAuthenticatedClient::new(..)` / `AllowAnyAnonymousOrAuthenticatedClient::new(..)` without `.with_crls(..)` (available from rustls 0.21.3; 0.19–0.21.2 cannot check revocation at all, and a verifier recognisably of the 0.19/0.20 API is not reported: the crate calls `NoClientAuth::new()`, or the verifier goes unboxed into `ServerConfig::new(..)` or out of a function returning `Arc<dyn ClientCertVerifier>`). The chain is followed through `let` bindings, helpers that return the builder (to their callers) and helpers it is handed to. With CRLs loaded, `allow_unknown_revocation_status()` is reported on its own. CRLs added only in one arm of an `if` whose `else` keeps the builder as it is (`if let Some(path) = cfg.crl_path { builder.with_crls(..) } else { builder }`) are reported on that `else` arm, with its condition.',
      whyIsThisBad:
        'A client certificate that was stolen or belongs to a decommissioned machine stays valid until it expires — often a year or more — because revoking it changes nothing (CWE-299). CRLs are the only revocation mechanism rustls verifiers support.',
      knownLimits:
        'The rustls version is not known from the code: for 0.19–0.21.2 the fix is an upgrade. Short-lived client certificates (hours) make revocation less important; lower the rule with `--rule crl-not-checked=off` in that case.',
      badExample: 'let verifier = WebPkiClientVerifier::builder(client_roots.clone()).build()?;',
      goodExample: `let crls = CertificateRevocationListDer::pem_file_iter("pki/client-ca.crl")?.collect::<Result<Vec<_>, _>>()?;
let verifier = WebPkiClientVerifier::builder(client_roots.clone()).with_crls(crls).build()?;`,
      howToFix:
        "Load the CA's CRLs and pass them with `.with_crls(crls)` (rustls 0.22+ builder, or `AllowAnyAuthenticatedClient::new(roots).with_crls(..)?` on 0.21.3+), refresh them when the CA publishes new ones, and do not call `allow_unknown_revocation_status()`.",
      references: [
        'https://cwe.mitre.org/data/definitions/299.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.ClientCertVerifierBuilder.html#method.with_crls',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        const { path } = describeCall(call);
        if (!path) return;
        const resolved = ctx.file.names.resolve(path);
        const builder = pathEndsWith(resolved, ...BUILDERS);
        if (!builder && !pathEndsWith(resolved, ...LEGACY_VERIFIERS)) return;
        // rustls 0.19/0.20 cannot check revocation at all: the catalog's rule starts at 0.21.3.
        if (!builder && isPre021ClientVerifier(call, ctx)) return;
        const uses = valueUsesThroughReturns(call, ctx.crate);
        const steps = uses.flatMap((u) => (u.kind === 'method' ? [u.step] : []));
        const hasCrls =
          steps.some((s) => s.name === 'with_crls') ||
          // Handed to a crate helper that adds the CRLs there.
          uses.some(
            (u) => u.kind === 'argument' && calleeBodies(u.call, ctx.crate).some((body) => /\bwith_crls\b/.test(body)),
          );
        const unknownAllowed = steps.find((s) => s.name === 'allow_unknown_revocation_status');
        // `if let Some(path) = cfg.crl_path { builder.with_crls(..) } else { builder }`: the `else` checks none.
        const bare = hasCrls
          ? armWithoutCrls(steps.filter((s) => s.name === 'with_crls').map((s) => s.call))
          : undefined;
        if (bare) {
          ctx.report({ node: bare, messageId: 'noCrls', data: { alsoDrop: '' } });
          return;
        }
        if (hasCrls) {
          if (unknownAllowed) {
            ctx.report({
              node: methodNameNode(unknownAllowed.call),
              messageId: 'unknownStatusAllowed',
            });
          }
          return;
        }
        ctx.report({
          node: call,
          ...(builder
            ? {
                messageId: 'noCrls',
                data: { alsoDrop: unknownAllowed ? ' and drop `allow_unknown_revocation_status()`' : '' },
              }
            : { messageId: 'legacyNoCrls', data: { verifier: resolved.slice(-2).join('::') } }),
        });
      },
    };
  },
};

/**
 * Every `with_crls(..)` sits in the consequence of an `if` whose `else` keeps the builder as it is
 * (`else { builder }`): that arm, where the verifier is built without CRLs.
 */
function armWithoutCrls(calls: Node[]): Node | undefined {
  let bare: Node | undefined;
  for (const call of calls) {
    const ifExpr = enclosing(call, ['if_expression']);
    const consequence = ifExpr?.childForFieldName('consequence');
    if (!consequence || call.startIndex < consequence.startIndex || call.endIndex > consequence.endIndex)
      return undefined;
    const alternative = ifExpr!.childForFieldName('alternative');
    const tail = alternative ? armResult(alternative) : undefined;
    const builder = rootIdentifier(call)?.text;
    if (!tail || tail.type !== 'identifier' || tail.text !== builder) return undefined;
    bare ??= tail;
  }
  return bare;
}
