// Rule 2: client certificates requested but not required.
import { isLibraryDefinition, mandatoryArmBeside } from '../model/client-auth.js';
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { chainOf, originsOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { rocketOptionalMtls } from '../model/frameworks.js';
import { builderCalls, opensslSide, verifyModeOf, verifyModesOf } from '../model/openssl.js';
import {
  booleanLiteral,
  callArguments,
  describeCall,
  descendantsOfType,
  methodNameNode,
  returnedExpressions,
  stripWrappers,
} from '../model/syntax.js';

export const rule: Rule = {
  meta: {
    id: 'client-auth-optional',
    name: 'ClientAuthOptional',
    defaultLevel: 'warning',
    securitySeverity: 7.5,
    cwe: 287,
    precision: 'high',
    keywords: [
      'allow_unauthenticated',
      'AllowAnyAnonymousOrAuthenticatedClient',
      'set_verify',
      'client_auth_mandatory',
      'client_auth_optional',
      'MutualTls',
      'MtlsConfig',
    ],
    messages: {
      optional: {
        message: 'client certificates are optional here',
        label: 'client certificate optional',
        note: '{what}: a client without a certificate still connects.{suffix}{intent}',
        help: '{help}',
      },
      mayBeOptional: {
        message: 'client certificates can be optional here',
        label: 'client certificate may be optional',
        note: '{what}: a client without a certificate still connects.{suffix}{intent}',
        help: '{help}',
      },
    },
    docs: {
      summary: 'Client certificates requested but not required.',
      whatItDoes:
        "Flags server configurations that ask for a client certificate but let clients without one in: rustls `WebPkiClientVerifier::builder(..).allow_unauthenticated()` (0.22+), `AllowAnyAnonymousOrAuthenticatedClient` (0.19–0.21), custom verifiers whose `client_auth_mandatory()` returns `false` / `Some(false)` (a flag a setting decides, such as a field filled from an option, one level lower), OpenSSL acceptors with `set_verify(SslVerifyMode::PEER)` without `FAIL_IF_NO_PEER_CERT` (also through variables and aliases), tonic `client_auth_optional(true)` (a run-time flag one level lower), warp/poem `client_auth_optional(..)` / `client_auth_optional_path(..)`, Rocket `MutualTls::from_path`/`from_bytes` (0.5; `MtlsConfig` in 0.6) without `.mandatory(true)` (Rocket's default is optional; `mandatory(false)` or `mtls.mandatory = false` too, a run-time value one level lower). An error in a crate with mTLS intent, a warning otherwise; one level lower, with its condition, in an `if`/`match` arm beside one that requires a certificate (`Some(roots) if mandatory => AllowAnyAuthenticatedClient::new(roots), Some(roots) => AllowAnyAnonymousOrAuthenticatedClient::new(roots)`). OpenSSL `PEER` alone on a connector is correct and never reported; a later `set_verify` that adds `FAIL_IF_NO_PEER_CERT` clears the finding.",
      whyIsThisBad:
        'A client that simply presents no certificate completes the handshake. Unless every handler checks for a verified peer certificate itself — and one forgotten handler is enough — the mTLS boundary is optional for attackers (CWE-287).',
      knownLimits:
        'Optional client auth can be deliberate (a public endpoint and a certificate-gated one on the same listener); then suppress with a reason. A verify mode passed in as a parameter or built in another function is not evaluated, and an OpenSSL context whose side cannot be told (`SslContext::builder(SslMethod::tls())` never handed to an acceptor, and no session made from it — `Ssl::new(&ctx)`, also through a struct field — ever calls `.accept(..)`) is not reported. Rocket `mutual` settings written in Rocket.toml (`[default.tls.mutual] mandatory = true`) are not read: a `MutualTls` built in code is judged by the code alone. API shapes: tonic 0.9+ `client_auth_optional(bool)`; warp 0.3 `client_auth_optional(_path)`; poem 1.x–3.x `RustlsConfig::client_auth_optional(ca)`; Rocket 0.5 `MutualTls::from_path(..).mandatory(bool)` and the public `mandatory` field.',
      badExample: `let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca))
    .allow_unauthenticated()
    .build()?;`,
      goodExample: 'let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca)).build()?;',
      howToFix:
        'Require the certificate: drop `allow_unauthenticated()`, use `AllowAnyAuthenticatedClient` (0.19–0.21), return `true` from `client_auth_mandatory`, add `SslVerifyMode::FAIL_IF_NO_PEER_CERT`, or use tonic/warp `client_auth_required`, poem `client_auth_required(ca)`, Rocket `MutualTls::from_path(ca).mandatory(true)`.',
      references: [
        'https://cwe.mitre.org/data/definitions/287.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.ClientCertVerifierBuilder.html#method.allow_unauthenticated',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslVerifyMode.html',
      ],
    },
  },

  create(ctx) {
    const report = (node: Node, what: string, chosen = false, suffix = '') => {
      // A run-time value, or an arm beside one that requires a certificate: a setting decides (one level lower).
      const lower = chosen || mandatoryArmBeside(node);
      const intent = ctx.crate.hasMtlsIntentAt(node);
      const level = intent ? (lower ? 'warning' : 'error') : lower ? 'note' : 'warning';
      ctx.report({
        node,
        level,
        messageId: lower ? 'mayBeOptional' : 'optional',
        data: {
          what,
          suffix: suffix ? `\n${suffix.trim()}` : '',
          intent: intent ? `\nThis crate relies on mutual TLS (${ctx.crate.intentReason(node)}).` : '',
          help: helpFor(what),
        },
      });
    };
    return {
      call_expression(call) {
        const { method, path } = describeCall(call);
        if (method === 'allow_unauthenticated') {
          if (isRustlsVerifierBuilder(ctx, call))
            report(methodNameNode(call), '`allow_unauthenticated()` on the client-certificate verifier');
        } else if (method === 'client_auth_optional' || method === 'client_auth_optional_path') {
          checkFrameworkOptional(ctx, call, method, report);
        } else if (method === 'set_verify' || method === 'set_verify_callback') {
          checkOpenSslVerify(ctx, call, report);
        } else if (path && pathEndsWith(ctx.file.names.resolve(path), 'AllowAnyAnonymousOrAuthenticatedClient::new')) {
          report(call, '`AllowAnyAnonymousOrAuthenticatedClient`');
        } else if (path) {
          const rocket = rocketOptionalMtls(call, ctx.file.names, ctx.crate);
          if (rocket) report(call, rocket.what, rocket.runtime, rocket.suffix);
        }
      },
      function_item(fn) {
        if (fn.childForFieldName('name')?.text !== 'client_auth_mandatory') return;
        const impl = fn.parent?.parent;
        const trait = impl?.type === 'impl_item' ? impl.childForFieldName('trait') : null;
        if (
          !impl ||
          !trait ||
          !pathEndsWith(
            ctx.file.names.resolve(trait.type === 'generic_type' ? (trait.childForFieldName('type') ?? trait) : trait),
            'ClientCertVerifier',
          )
        )
          return;
        // rustls's own `AllowAnyAnonymousOrAuthenticatedClient`: the library's type, not a configuration.
        if (isLibraryDefinition(fn, ctx)) return;
        // `offer_client_auth() -> false` asks for no certificate at all: mtls-no-client-auth reports that.
        const offer = descendantsOfType(impl, 'function_item').find(
          (f) => f.childForFieldName('name')?.text === 'offer_client_auth',
        );
        const offerBody = offer?.childForFieldName('body');
        if (offerBody && returnedExpressions(offerBody).some((v) => booleanLiteral(stripWrappers(v)) === false)) return;
        const body = fn.childForFieldName('body');
        for (const value of body ? returnedExpressions(body) : []) checkMandatoryValue(ctx, value, report);
      },
    };
  },
};

type Reporter = (node: Node, what: string, lower?: boolean, suffix?: string) => void;

/** `allow_unauthenticated()` on a `WebPkiClientVerifier::builder(..)` chain (or, when the root is not visible, in a rustls file). */
/** What to write instead, by the API that made the certificate optional. */
function helpFor(what: string): string {
  if (what.includes('allow_unauthenticated'))
    return 'Drop `.allow_unauthenticated()`: `WebPkiClientVerifier` then requires a certificate.';
  if (what.includes('AllowAnyAnonymousOrAuthenticatedClient'))
    return 'Use `AllowAnyAuthenticatedClient` (rustls 0.22+: `WebPkiClientVerifier` without `allow_unauthenticated()`).';
  if (what.includes('client_auth_optional_path')) return 'Use `client_auth_required_path(..)`.';
  if (what.includes('client_auth_optional'))
    return 'Use `client_auth_required(..)` (tonic: `client_auth_optional(false)`).';
  if (what.includes('client_auth_mandatory')) return 'Return `true` from `client_auth_mandatory()`.';
  if (what.includes('SslVerifyMode')) return 'Add `SslVerifyMode::FAIL_IF_NO_PEER_CERT` to the verify mode.';
  if (what.includes('Rocket')) return "Set `mandatory(true)` on Rocket's `MutualTls`.";
  return 'Require a certificate from every client.';
}

function isRustlsVerifierBuilder(ctx: RuleContext, call: Node): boolean {
  const chain = chainOf(call, ctx.crate);
  const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
  if (pathEndsWith(root, 'WebPkiClientVerifier::builder', 'WebPkiClientVerifier::builder_with_provider')) return true;
  if (chain.root.type === 'call_expression' && describeCall(chain.root).path) return false; // another library's builder
  return /WebPkiClientVerifier|ClientCertVerifierBuilder/.test(ctx.file.text);
}

/**
 * tonic `ServerTlsConfig::client_auth_optional(bool)`: `true` is reported, a run-time value one
 * level lower, `false` never. warp/poem `client_auth_optional(ca)` / `client_auth_optional_path(path)`
 * take the CA and always make the certificate optional.
 */
function checkFrameworkOptional(ctx: RuleContext, call: Node, method: string, report: Reporter): void {
  const arg = callArguments(call)[0];
  if (!arg) return;
  const origins = originsOf(arg, ctx.crate);
  const literals = origins.map((o) => booleanLiteral(stripWrappers(o)));
  if (literals.every((l) => l === false)) return;
  if (literals.every((l) => l === true)) {
    report(methodNameNode(call), `\`${method}(${arg.text})\``);
    return;
  }
  if (literals.some((l) => l === true)) {
    report(
      methodNameNode(call),
      `\`${method}(${arg.text})\``,
      true,
      ' Which branch applies is decided at run time; make sure it is never true in production.',
    );
    return;
  }
  const chain = chainOf(call, ctx.crate);
  const root = chain.rootPath ? ctx.file.names.resolve(chain.rootPath.join('::')) : [];
  const tonic =
    pathEndsWith(root, 'ServerTlsConfig::new') ||
    root[0] === 'tonic' ||
    (/\btonic\b/.test(ctx.file.text) && !/\bwarp\b|\bpoem\b/.test(ctx.file.text));
  const boolLike =
    tonic ||
    /^(is_|allow|optional|enable|require)|_(optional|enabled|allowed)$|^(true|false)$/i.test(rootIdentifierName(arg));
  if (method === 'client_auth_optional' && boolLike) {
    report(
      methodNameNode(call),
      `\`${method}(${arg.text})\``,
      true,
      ' The value is decided at run time; make sure it is never true in production.',
    );
    return;
  }
  report(methodNameNode(call), `\`${method}(..)\``);
}

/**
 * A value `client_auth_mandatory()` returns: `false` is reported; a flag a setting decides
 * (`Some(self.mandatory)` where the field comes from an option) one level lower, with where it comes from.
 */
function checkMandatoryValue(ctx: RuleContext, value: Node, report: Reporter): void {
  const returned = stripWrappers(value);
  const literal = booleanLiteral(returned);
  if (literal === false) {
    report(value, '`client_auth_mandatory()` returning `false`');
    return;
  }
  if (literal === true || (returned.type === 'identifier' && returned.text === 'None')) return;
  const origins = originsOf(returned, ctx.crate).map(stripWrappers);
  // No known value (a field nothing in the crate fills) is unknown, not a setting.
  if (origins.length === 1 && origins[0].id === returned.id) return;
  const literals = origins.map(booleanLiteral);
  if (literals.every((l) => l === true)) return;
  // Delegation to an inner verifier (`self.inner.client_auth_mandatory()`) decides nothing here.
  if (!literals.includes(false) && origins.some((o) => o.type === 'call_expression')) return;
  report(
    value,
    `\`client_auth_mandatory()\` returning \`${returned.text}\``,
    true,
    ' The value is decided at run time; make sure it is never false in production.',
  );
}

function rootIdentifierName(node: Node): string {
  const stripped = stripWrappers(node);
  if (stripped.type === 'identifier') return stripped.text;
  if (stripped.type === 'field_expression') return stripped.childForFieldName('field')?.text ?? '';
  return '';
}

/** OpenSSL acceptor `set_verify(PEER)` without `FAIL_IF_NO_PEER_CERT` (and no later call that adds it). */
function checkOpenSslVerify(ctx: RuleContext, call: Node, report: Reporter): void {
  // Any value the mode can take (`if strict { PEER | FAIL } else { PEER }`) that requests without requiring.
  if (!verifyModesOf(callArguments(call)[0], ctx.crate).some((m) => m.peer && !m.failIfNoPeerCert)) return;
  const receiver = describeCall(call).receiver ?? call;
  if (opensslSide(receiver, ctx.crate) !== 'server') return;
  const { calls } = builderCalls(receiver, ctx.crate);
  const later = calls.some(
    (s) =>
      s.call.id !== call.id &&
      (s.name === 'set_verify' || s.name === 'set_verify_callback') &&
      s.call.startIndex > call.startIndex &&
      verifyModeOf(s.args[0], ctx.crate)?.failIfNoPeerCert,
  );
  if (later) return;
  const what = '`SslVerifyMode::PEER` without `FAIL_IF_NO_PEER_CERT` on this OpenSSL acceptor';
  // `match mode { Optional => PEER, Required => PEER | FAIL_IF_NO_PEER_CERT }`: the optional arm a setting
  // picks, beside one that requires (catalog revision 2: on the arm, one level lower); in this file only.
  const arms = optionalArms(callArguments(call)[0], ctx);
  if (arms.length > 0 && arms.every((arm) => arm.tree === call.tree)) {
    for (const arm of arms) report(arm, what, true);
    return;
  }
  report(methodNameNode(call), what);
}

/** The values of a verify mode that request without requiring, when another value requires. */
function optionalArms(arg: Node | undefined, ctx: RuleContext): Node[] {
  const origins = arg ? originsOf(arg, ctx.crate) : [];
  const modes = origins.map((o) => verifyModesOf(o, ctx.crate)[0]);
  const optional = origins.filter((_, i) => modes[i]?.peer && !modes[i]?.failIfNoPeerCert);
  const required = modes.some((m) => m?.peer && m.failIfNoPeerCert);
  return required ? optional : [];
}
