// Rule 17: custom client-certificate validation that does not check the clientAuth EKU.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import {
  alwaysAcceptingReturns,
  bodyAndCalleeBodies,
  calledCrateFunctions,
  verifierKindOf,
} from '../model/verifier.js';
import { certificateParseInHelper, certificateParseOf, clientValidationRoots } from '../model/cert-parse.js';
import { isX509Parser } from '../model/cert-data.js';
import { isHeaderMapRead, isRequestHeaders } from '../model/header-identity.js';
import {
  ancestors,
  callArguments,
  describeCall,
  descendantsOfType,
  methodNameNode,
  namedChildren,
  pathSegments,
} from '../model/syntax.js';

/** Evidence that the clientAuth purpose is checked, or that validation is delegated to a verifier that checks it. */
const CLIENT_EKU =
  /^(client_auth|extended_key_usage|ExtendedKeyUsage|eku|EKU_CLIENT_AUTH|ClientAuth|ID_KP_CLIENT_AUTH|OID_KP_CLIENT_AUTH|KP_CLIENT_AUTH|verify_is_valid_tls_client_cert|verify_client_cert|WebPkiClientVerifier|AllowAnyAuthenticatedClient|AllowAnyAnonymousOrAuthenticatedClient)$/;
/** webpki path validation: its purpose argument is what this rule judges there. */
const PATH_VALIDATION = /^(verify_for_usage|verify_is_valid_tls_server_cert|verify_is_valid_tls_client_cert)$/;
/** x509-parser entry points. */
/** Certificate parsers of x509-parser, x509-certificate, x509-cert and openssl: a parse is custom validation's start. */
const X509_PARSERS = [
  'parse_x509_certificate',
  'parse_x509_der',
  'X509Certificate::from_der',
  'CapturedX509Certificate::from_der',
  'CapturedX509Certificate::from_pem',
  'X509::from_der',
  'X509::from_pem',
  'x509_cert::Certificate::from_der',
];

interface Context {
  /** The `verify_client_cert` methods (or client-validation functions) the node is part of. */
  roots: Node[];
}

export const rule: Rule = {
  meta: {
    id: 'eku-not-checked',
    name: 'EkuNotChecked',
    defaultLevel: 'warning',
    securitySeverity: 6.5,
    cwe: 295,
    precision: 'medium',
    keywords: [
      'server_auth',
      'verify_is_valid_tls_server_cert',
      'parse_x509',
      'from_der',
      'from_pem',
      'X509CertificateParser',
    ],
    messages: {
      serverPurpose: {
        message: 'client certificates are validated with the TLS server purpose ({what})',
        label: 'server purpose',
        note: 'A certificate the CA issued to a server is accepted as a client credential.',
        help: 'Use `KeyUsage::client_auth()` (webpki 0.21/0.22: `verify_is_valid_tls_client_cert`).',
      },
      ekuNeverChecked: {
        message: 'this client-certificate check never checks the extended key usage',
        label: 'parsed with x509-parser, EKU not checked',
        note: 'Certificates issued for other purposes (TLS servers, code signing) are accepted as client credentials.',
        help: 'Reject certificates whose `extended_key_usage()` lacks `client_auth`, or delegate to `WebPkiClientVerifier`.',
      },
    },
    docs: {
      summary: 'Custom client-certificate validation that does not check the clientAuth extended key usage.',
      whatItDoes:
        'Looks inside custom client-certificate validation — the `verify_client_cert` of a rustls `ClientCertVerifier`, the helpers it calls, and functions named like `verify_client_*` — and flags path validation done for the wrong purpose: webpki `verify_for_usage(.., KeyUsage::server_auth(), ..)` (reported at the `KeyUsage::server_auth()` argument) or webpki 0.21/0.22 `verify_is_valid_tls_server_cert`; and, inside a client verifier or a function named like client validation (and the crate helpers either calls), a check that parses the certificate (x509-parser `parse_x509_certificate`, `X509Certificate::from_der`; x509-certificate `CapturedX509Certificate::from_der`; openssl `X509::from_der`/`from_pem`; x509-cert `Certificate::from_der`) that never looks at `extended_key_usage()` / `client_auth` (reported at the first parse of the peer certificate, or at the verifier call of the crate helper that parses it, the parse as a related location); and (catalog revision 2) a client certificate taken from a request header and parsed, in a function that never looks at the EKU (or handed to a crate helper that parses it: reported at that call, the parse as a related location) (when the verifier also validates the path with webpki, only the purpose passed there is judged: one finding per problem). It is not reported when `verify_client_cert` delegates to `WebPkiClientVerifier`, `AllowAnyAuthenticatedClient` or an inner verifier (they check the clientAuth EKU; a crate method that is only named `verify_client_cert` is read instead), uses `KeyUsage::client_auth()`, or for OpenSSL callbacks that keep `preverify_ok` (OpenSSL checks the purpose). A verifier that checks nothing at all is always-accept-client-cert instead.',
      whyIsThisBad:
        'The extended key usage says what a certificate may be used for. Validating client certificates with the server purpose (or with no purpose) accepts certificates the CA issued for other jobs — typically any TLS server certificate of the same CA (a web server, a load balancer, a device that only serves) — as client credentials, so whoever holds such a certificate and its key can authenticate as a client (CWE-295).',
      knownLimits:
        "Only validation code inside a client verifier or a function named `verify_client*`/`validate_client*`/`check_client*` (and the crate functions they call directly) is examined. An x509-parser check counts as checking the EKU if the verifier mentions `extended_key_usage`, `client_auth` or an `eku` anywhere; the value of that check is not evaluated. Note that webpki's `KeyUsage::client_auth()` accepts certificates without any EKU extension (RFC 5280), which is not reported.",
      badExample: `fn verify_client_cert(&self, end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>], now: UnixTime)
    -> Result<ClientCertVerified, Error> {
    let cert = EndEntityCert::try_from(end_entity).map_err(|_| Error::InvalidCertificate(CertificateError::BadEncoding))?;
    cert.verify_for_usage(self.algs.all, &self.roots, intermediates, now, KeyUsage::server_auth(), None, None)
        .map_err(|e| Error::General(e.to_string()))?;
    Ok(ClientCertVerified::assertion())
}`,
      goodExample: `    cert.verify_for_usage(self.algs.all, &self.roots, intermediates, now, KeyUsage::client_auth(), None, None)
        .map_err(|e| Error::General(e.to_string()))?;

// x509-parser: require the clientAuth purpose explicitly
let client_auth = matches!(x509.extended_key_usage(), Ok(Some(eku)) if eku.value.client_auth);
if !client_auth {
    return Err(Error::InvalidCertificate(CertificateError::InvalidPurpose));
}`,
      howToFix:
        'Prefer `WebPkiClientVerifier::builder(roots).build()?` (rustls 0.22+) or `AllowAnyAuthenticatedClient` and wrap it for extra policy. In your own webpki path validation pass `KeyUsage::client_auth()` (webpki 0.21/0.22: `verify_is_valid_tls_client_cert`). In x509-parser checks, reject certificates whose `extended_key_usage()` lacks `client_auth`.',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.rs/rustls-webpki/latest/webpki/struct.KeyUsage.html',
        'https://docs.rs/x509-parser/latest/x509_parser/certificate/struct.X509Certificate.html#method.extended_key_usage',
        'https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12',
      ],
    },
  },

  create(ctx) {
    return {
      call_expression(call) {
        const { method, path } = describeCall(call);
        if (path && pathSegments(path).at(-1) === 'server_auth' && pathSegments(path).length >= 2) {
          checkServerPurpose(ctx, call, call, '`KeyUsage::server_auth()`');
        } else if (method === 'verify_is_valid_tls_server_cert') {
          checkServerPurpose(ctx, call, methodNameNode(call), '`verify_is_valid_tls_server_cert`');
        } else if (
          (path && ctx.file.names.endsWith(path, ...X509_PARSERS)) ||
          (method === 'parse' && isParserCall(call, ctx))
        ) {
          checkX509(ctx, call);
        } else if (isHeaderMapRead(call)) {
          checkHeaderCertificate(ctx, call);
        }
      },
    };
  },
};

/** The server purpose used to validate a client certificate. */
function checkServerPurpose(ctx: RuleContext, call: Node, node: Node, what: string): void {
  const context = clientValidation(call, ctx);
  if (!context) return;
  if (
    context.roots.some((root) => checksClientPurpose(root, ctx) || alwaysAcceptingReturns(root, ctx.crate).length > 0)
  )
    return;
  ctx.report({
    node,
    messageId: 'serverPurpose',
    data: { what },
  });
}

/** An x509-parser check inside a client verifier that never looks at the EKU. */
function checkX509(ctx: RuleContext, call: Node): void {
  // Catalog revision 2: any custom validation of a client certificate, in a verifier or in a function
  // named like one (`validate_client_cert`) and the helpers it calls.
  const context = clientValidation(call, ctx);
  if (!context || context.roots.every((root) => readsVerifiedCertificate(root, ctx))) return;
  for (const root of context.roots) {
    // A verifier that cannot reject is always-accept-client-cert's finding; one that validates the
    // path with webpki is judged by the purpose it passes there (one finding per problem).
    if (
      checksClientPurpose(root, ctx) ||
      alwaysAcceptingReturns(root, ctx.crate).length > 0 ||
      mentions(root, ctx, PATH_VALIDATION)
    )
      return;
  }
  // One finding per verifier: at its first parse (later parses are often of the CA certificates).
  if (context.roots.every((root) => firstParse(root, ctx) !== undefined && !sameNode(firstParse(root, ctx)!, call)))
    return;
  // A parse in a helper is reported at the verifier's call of that helper: the check belongs in the verifier.
  const helperCall = context.roots.map((root) => callOfHelperHolding(root, call, ctx)).find((c) => !!c);
  ctx.report({
    node: helperCall ?? call,
    messageId: 'ekuNeverChecked',
    ...(helperCall ? { related: [{ node: call, label: 'the certificate is parsed here' }] } : {}),
  });
}

/** The call in `root`'s body of the crate helper that holds `node` (undefined when `node` is in `root` itself). */
function callOfHelperHolding(root: Node, node: Node, ctx: RuleContext): Node | undefined {
  const body = root.childForFieldName('body');
  const helper = enclosingFn(node);
  if (!body || !helper || sameNode(helper, root)) return undefined;
  return descendantsOfType(body, 'call_expression').find((c) =>
    calledCrateFunctions(c, ctx.crate).some((f) => sameNode(f, helper)),
  );
}

/**
 * Catalog revision 2: a client certificate taken from a request header (`x-ssl-client-escaped-cert`) and
 * parsed is custom validation too; reported at the parse when the function never looks at the EKU.
 */
function checkHeaderCertificate(ctx: RuleContext, read: Node): void {
  const fn = enclosingFn(read);
  if (!fn) return;
  const parsed = certificateParseOf(read);
  if (parsed) {
    if (!checksClientPurpose(fn, ctx)) ctx.report({ node: parsed.parse, messageId: 'ekuNeverChecked' });
    return;
  }
  // Parsed by a crate helper a request header's value is handed to: reported at the call, the parse related.
  const receiver = describeCall(read).receiver;
  if (!receiver || !isRequestHeaders(receiver, ctx)) return;
  const viaHelper = certificateParseInHelper(read, (call) => calledCrateFunctions(call, ctx.crate));
  if (!viaHelper || checksClientPurpose(fn, ctx)) return;
  ctx.report({
    node: viaHelper.call,
    messageId: 'ekuNeverChecked',
    related: [{ node: viaHelper.parse.parse, label: 'the certificate is parsed here' }],
  });
}

/** The first x509-parser call of a verify function: in its own body, else in the crate functions it calls. */
function firstParse(root: Node, ctx: RuleContext): Node | undefined {
  const body = root.childForFieldName('body');
  if (!body) return undefined;
  const parses = bodyAndCalleeBodies(body, ctx.crate).flatMap((b) =>
    descendantsOfType(b, ['call_expression']).filter((c) => isX509Parse(c, ctx)),
  );
  // The parse of the certificate being checked (a parameter), not of the CA the verifier holds (`self.ca_der`).
  return parses.find((c) => !/^self\b|&\s*self\b/.test(callArguments(c)[0]?.text ?? '')) ?? parses[0];
}

/** `X509CertificateParser::new()..parse(der)`: x509-parser's configurable parser. */
function isParserCall(call: Node, ctx: RuleContext): boolean {
  const { receiver } = describeCall(call);
  return !!receiver && callArguments(call).length === 1 && isX509Parser(receiver, ctx.crate);
}

/** Syntactic match (the call may sit in another file of the crate, with its own imports). */
function isX509Parse(call: Node, ctx: RuleContext): boolean {
  const { path, method } = describeCall(call);
  if (method === 'parse') return isParserCall(call, ctx);
  if (!path) return false;
  const segs = pathSegments(path);
  const last = segs.at(-1) ?? '';
  return (
    last === 'parse_x509_certificate' ||
    last === 'parse_x509_der' ||
    (/^from_(der|pem)$/.test(last) && /^(X509Certificate|CapturedX509Certificate|X509)$/.test(segs.at(-2) ?? ''))
  );
}

function sameNode(a: Node, b: Node): boolean {
  return a.id === b.id && a.tree === b.tree;
}

/** The verify function, or one of the helpers it calls, checks clientAuth or delegates to a verifier that does. */
function checksClientPurpose(root: Node, ctx: RuleContext): boolean {
  return !root.childForFieldName('body') || mentions(root, ctx, CLIENT_EKU);
}

/** A name in the function's body or in the bodies of the crate functions it calls matches. */
function mentions(root: Node, ctx: RuleContext, names: RegExp): boolean {
  const body = root.childForFieldName('body');
  if (!body) return false;
  const bodies = bodyAndCalleeBodies(body, ctx.crate);
  // A crate method of the same name (`self.spiffe.verify_client_cert(..)` of the crate's own type) is
  // no delegation to rustls: its body is among the bodies read, its name is no evidence.
  // Only the calls that resolve to such a method: `self.inner.verify_client_cert(..)` on rustls's verifier still counts.
  const callsOwn = (id: Node) => {
    const call = id.parent?.type === 'field_expression' ? id.parent.parent : null;
    return (
      call?.type === 'call_expression' &&
      calledCrateFunctions(call, ctx.crate).some(
        (f) => f.childForFieldName('name')?.text === id.text && !isClientVerifyMethod(f, ctx),
      )
    );
  };
  // Names only: comments and strings ("// TODO: check the EKU") are no evidence.
  return bodies.some((b) =>
    descendantsOfType(b, ['identifier', 'field_identifier', 'type_identifier']).some(
      (id) => names.test(id.text) && !callsOwn(id),
    ),
  );
}

function enclosingFn(node: Node): Node | undefined {
  for (const a of ancestors(node)) if (a.type === 'function_item') return a;
  return undefined;
}

/** `verify_client_cert` of a crate `ClientCertVerifier` impl. */
function isClientVerifyMethod(fn: Node, ctx: RuleContext): boolean {
  if (fn.childForFieldName('name')?.text !== 'verify_client_cert') return false;
  const impl = fn.parent?.type === 'declaration_list' ? fn.parent.parent : undefined;
  const entry = impl ? ctx.crate.impls.find((i) => i.node.id === impl.id && i.node.tree === impl.tree) : undefined;
  return !!entry && verifierKindOf(entry.traitPath) === 'client';
}

/** Is `node` part of client-certificate validation? Which `verify_client_cert` (or named function) does it serve? */
function clientValidation(node: Node, ctx: RuleContext): Context | undefined {
  const fn = enclosingFn(node);
  if (!fn) return undefined;
  if (isClientVerifyMethod(fn, ctx)) return { roots: [fn] };
  // A helper called by a client verifier's verify_client_cert.
  const callers = ctx.crate.impls
    .filter((i) => verifierKindOf(i.traitPath) === 'client')
    .map((i) => i.methods.get('verify_client_cert'))
    .filter((m): m is Node => !!m)
    .filter((m) => {
      const body = m.childForFieldName('body');
      return !!body && calledCrateFunctions(body, ctx.crate).some((f) => f.id === fn.id && f.tree === fn.tree);
    });
  if (callers.length > 0) return { roots: callers };
  // A function named like client validation, or a helper (`parse_certificate`) only such functions call.
  const named = clientValidationRoots(fn, ctx.crate);
  return named.length > 0 ? { roots: named } : undefined;
}

/**
 * A function (not a verifier) given the TLS stack's certificate type (`&CertificateDer`, `&X509Ref`)
 * reads a certificate the TLS verifier has already checked; one given text or bytes (a header's
 * PEM, a proxy's DER) is the validation.
 */
function readsVerifiedCertificate(fn: Node, ctx: RuleContext): boolean {
  if (isClientVerifyMethod(fn, ctx)) return false;
  const params = namedChildren(fn.childForFieldName('parameters') ?? fn).filter((p) => p.type === 'parameter');
  const types = params.map((p) => p.childForFieldName('type')?.text ?? '');
  // A certificate named by a path (`validate_client_cert(path: &Path)`) is a file of the program's own.
  const byPath = params.some(
    (p) => /\b(Path|PathBuf)\b/.test(p.text) || /(path|file)$/.test(p.childForFieldName('pattern')?.text ?? ''),
  );
  return byPath || types.some((t) => TLS_CERTIFICATE_TYPE.test(t));
}
const TLS_CERTIFICATE_TYPE = /CertificateDer|\bCertificate\b|X509Ref|\bX509\b/;
