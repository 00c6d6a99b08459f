// Rule 2: client certificates requested but not required.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { originsOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { sideOfValue } from '../model/side.js';
import { booleanLiteral, callArguments, describeCall, methodNameNode, pathSegments, returnedExpressions, stripWrappers } from '../model/syntax.js';

export const rule: Rule = {
  meta: {
    id: 'client-auth-optional',
    name: 'ClientAuthOptional',
    defaultLevel: 'warning',
    securitySeverity: 7.5,
    cwe: 287,
    precision: 'high',
    keywords: ['allow_unauthenticated', 'AllowAnyAnonymousOrAuthenticatedClient', 'set_verify', 'client_auth_mandatory', 'client_auth_optional'],
    docs: {
      summary: 'Client certificates requested but not required.',
      whatItDoes:
        'Flags server configurations that ask for a client certificate but let clients without one in: rustls `WebPkiClientVerifier::builder(..).allow_unauthenticated()` (0.22+), `AllowAnyAnonymousOrAuthenticatedClient` (0.19–0.21), custom verifiers whose `client_auth_mandatory()` returns `false` / `Some(false)`, OpenSSL acceptors with `set_verify(SslVerifyMode::PEER)` without `FAIL_IF_NO_PEER_CERT` (also through variables and aliases), tonic `client_auth_optional(true)`, warp/poem `client_auth_optional(..)`. An error in a crate with mTLS intent, a warning otherwise.',
      whyIsThisBad:
        'A client that simply presents no certificate completes the handshake. Unless every handler checks for a verified peer certificate itself — and one forgotten handler is enough — the mTLS boundary is optional for attackers (CWE-287).',
      knownLimits:
        'Optional client auth can be deliberate (a public endpoint and a certificate-gated one on the same listener); then suppress with a reason. A verify mode built from flags in another function is not evaluated.',
      badExample: `let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca))
    .allow_unauthenticated()
    .build()?;`,
      goodExample: 'let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca)).build()?;',
      howToFix:
        'Require the certificate: drop `allow_unauthenticated()`, use `AllowAnyAuthenticatedClient` (0.19–0.21), return `true` from `client_auth_mandatory`, add `SslVerifyMode::FAIL_IF_NO_PEER_CERT`, or use tonic/warp `client_auth_required`.',
      references: [
        'https://cwe.mitre.org/data/definitions/287.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.ClientCertVerifierBuilder.html#method.allow_unauthenticated',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslVerifyMode.html',
      ],
    },
  },

  create(ctx) {
    const report = (node: Node, what: string) => {
      const intent = ctx.crate.hasMtlsIntent;
      ctx.report({
        node,
        level: intent ? 'error' : 'warning',
        message: `${what} makes client certificates optional: a client without a certificate still connects.${intent ? ` This crate relies on mutual TLS (${ctx.crate.intentReason()}).` : ''}`,
      });
    };
    return {
      call_expression(call) {
        const { method, path } = describeCall(call);
        if (method === 'allow_unauthenticated') report(methodNameNode(call), '`allow_unauthenticated()`');
        else if (method === 'client_auth_optional' || method === 'client_auth_optional_path') checkFrameworkOptional(call, method, report);
        else if ((method === 'set_verify' || method === 'set_verify_callback') && isPeerWithoutFail(ctx, callArguments(call)[0]) && sideOfValue(call, ctx.crate) === 'server') {
          report(methodNameNode(call), '`SslVerifyMode::PEER` without `FAIL_IF_NO_PEER_CERT`');
        } else if (path && pathEndsWith(ctx.file.names.resolve(path), 'AllowAnyAnonymousOrAuthenticatedClient::new')) {
          report(call, '`AllowAnyAnonymousOrAuthenticatedClient`');
        }
      },
      function_item(fn) {
        if (fn.childForFieldName('name')?.text !== 'client_auth_mandatory') return;
        const impl = fn.parent?.parent;
        const trait = impl?.type === 'impl_item' ? impl.childForFieldName('trait') : null;
        if (!trait || !pathEndsWith(ctx.file.names.resolve(trait), 'ClientCertVerifier')) return;
        const body = fn.childForFieldName('body');
        for (const value of body ? returnedExpressions(body) : []) {
          const inner = stripWrappers(value);
          if (booleanLiteral(inner) === false) report(value, '`client_auth_mandatory()` returning `false`');
        }
      },
    };
  },
};

/** tonic `client_auth_optional(true)`; warp/poem `client_auth_optional(ca)` (a CA argument, not a flag). */
function checkFrameworkOptional(call: Node, method: string, report: (node: Node, what: string) => void): void {
  const arg = callArguments(call)[0];
  const literal = booleanLiteral(arg);
  if (literal === false) return;
  report(methodNameNode(call), `\`${method}(${arg?.text ?? ''})\``);
}

/** The verify mode, followed through variables, has PEER but not FAIL_IF_NO_PEER_CERT. */
function isPeerWithoutFail(ctx: RuleContext, arg: Node | undefined): boolean {
  if (!arg) return false;
  const texts = originsOf(arg, ctx.crate).map((o) => flagText(ctx, o));
  return texts.some((t) => /\bPEER\b/.test(t)) && !texts.some((t) => /FAIL_IF_NO_PEER_CERT/.test(t)) && !/FAIL_IF_NO_PEER_CERT/.test(compoundAdds(arg));
}

function flagText(ctx: RuleContext, node: Node): string {
  if (node.type === 'scoped_identifier') return ctx.file.names.resolve(node).join('::');
  return node.text;
}

/** `mode |= SslVerifyMode::FAIL_IF_NO_PEER_CERT;` before the call, in the same function. */
function compoundAdds(arg: Node): string {
  if (arg.type !== 'identifier') return '';
  let fn: Node | null = arg.parent;
  while (fn && fn.type !== 'function_item') fn = fn.parent;
  if (!fn) return '';
  const name = arg.text;
  return fn.descendantsOfType('compound_assignment_expr')
    .filter((c): c is Node => !!c && c.childForFieldName('left')?.text === name && c.endIndex <= arg.startIndex)
    .map((c) => pathSegments(c.childForFieldName('right') ?? c).join('::') + c.text)
    .join(' ');
}
