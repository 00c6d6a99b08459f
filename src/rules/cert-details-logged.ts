// Rule 9: peer-certificate data written to logs.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { findBindingNamed } from '../model/flow.js';
import { logSeverity, readMacro, type TokenCall } from '../model/macros.js';

/** Calls that return the peer's certificates: logging their result logs whole certificates. */
const WHOLE_CERT_CALLS = new Set(['peer_certificates', 'get_peer_certificates', 'peer_certificate', 'peer_cert_chain']);
/** Certificate fields: identifying data about the client (DN, serial, raw encodings). */
const CERT_FIELD_CALLS = new Set(['subject_name', 'issuer_name', 'serial_number', 'raw_serial_as_string', 'raw_serial', 'subject', 'issuer', 'to_der', 'to_pem', 'subject_alt_names', 'subject_alternative_name', 'tbs_certificate']);
/** Field calls whose names are too common to count unless the receiver is clearly a certificate. */
const AMBIGUOUS_FIELD_CALLS = new Set(['subject', 'issuer', 'to_der', 'to_pem', 'raw_serial', 'serial_number']);
/** Expressions that produce certificate values. */
const CERT_SOURCE = /\b(peer_certificates|get_peer_certificates|peer_certificate|peer_cert_chain|parse_x509_certificate|X509Certificate::from_der|X509::from_pem|X509::from_der|current_cert|EndEntityCert::try_from)\b/;
/** Derived values that say nothing about the certificate's content. */
const HARMLESS_DERIVATION = /\.(len|is_empty|count|is_some|is_none)\(\)\s*;?$/;
const CERT_NAME = /cert|x509|leaf|peer_chain|chain/i;
/** Calls that hand a certificate value through (`chain.first()`, `cert.clone()`). */
const PASS_THROUGH_CALLS = new Set(['first', 'last', 'get', 'clone', 'iter', 'to_vec', 'unwrap', 'as_ref', 'expect', 'to_owned']);

type Finding = { whole: boolean; what: string };

export const rule: Rule = {
  meta: {
    id: 'cert-details-logged',
    name: 'CertDetailsLogged',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: 532,
    precision: 'high',
    keywords: ['peer_certificate', 'peer_cert_chain', 'get_peer_certificates', 'x509', 'X509', 'subject_name', 'serial', 'cert'],
    docs: {
      summary: 'Peer-certificate data written to logs.',
      whatItDoes:
        'Flags logging and printing macros — `tracing` (`info!`, `debug!`, `event!`…), `log`, `println!`/`eprintln!`/`dbg!` — whose arguments carry peer-certificate data: `peer_certificates()` / `get_peer_certificates()` (tokio-rustls 0.22) / OpenSSL `peer_certificate()` results, variables bound to them (`if let Some(chain) = conn.peer_certificates()`, `for cert in chain`, `chain[0]`, x509-parser certificates), and certificate fields: subject and issuer DNs, serial numbers, DER/PEM encodings. Structured fields (`chain = ?chain`, `serial = %..`) and format-string captures (`{cert:?}`) count. A warning; an error when a whole certificate or chain is logged at info level or above.',
      whyIsThisBad:
        'Client certificates identify people and machines: subject DNs carry names and e-mail addresses, serials and DER blobs let an attacker who reads the logs correlate and target clients, and debug dumps of whole chains bloat logs with personal data that retention rules then have to cover (CWE-532). Logs travel far wider than the TLS terminator.',
      knownLimits:
        'Only values whose certificate origin is visible in the same function are followed; a certificate passed in as a parameter is recognised only by its name (`cert`, `leaf`, `chain`, `x509`). Logging wrappers other than the standard macros are not recognised.',
      badExample: `if let Some(chain) = conn.peer_certificates() {
    tracing::info!(%addr, chain = ?chain, "mTLS client connected");
}`,
      goodExample: `let principal = principal_from(conn.peer_certificates())?;
tracing::info!(%addr, client_id = %principal.id, "mTLS client connected");`,
      howToFix:
        'Map the certificate to an internal principal (a service name or account id) once, and log that. If an identifier of the certificate is needed for debugging, log a short hash of it at debug level.',
      references: [
        'https://cwe.mitre.org/data/definitions/532.html',
        'https://docs.rs/rustls/latest/rustls/struct.CommonState.html#method.peer_certificates',
        'https://docs.rs/tracing/latest/tracing/index.html#recording-fields',
      ],
    },
  },

  create(ctx) {
    return {
      macro_invocation(macro) {
        const severity = logSeverity(macro);
        if (!severity) return;
        const found = certDataIn(ctx, macro);
        if (!found) return;
        const loud = severity === 'info' || severity === 'warn' || severity === 'error';
        ctx.report({
          node: macro,
          level: found.whole && loud ? 'error' : 'warning',
          message: `This log statement writes ${found.what} to the logs. Log an internal client identifier instead of certificate data.`,
        });
      },
    };
  },
};

function certDataIn(ctx: RuleContext, macro: Node): Finding | undefined {
  const use = readMacro(macro);
  for (const call of use.calls) {
    if (WHOLE_CERT_CALLS.has(call.name)) return { whole: true, what: `the peer certificates (\`${call.name}()\`)` };
    if (PASS_THROUGH_CALLS.has(call.name) && call.receiver && isCertificateValue(ctx, call.receiver.text, macro, 0)) {
      return { whole: true, what: `a peer certificate (\`${call.receiverText}.${call.name}()\`)` };
    }
    if (CERT_FIELD_CALLS.has(call.name) && receiverIsCertificate(ctx, call, macro)) {
      return { whole: call.name === 'to_der' || call.name === 'to_pem', what: `certificate data (\`${call.name}()\`)` };
    }
  }
  const names = [...use.variables.map((v) => v.text), ...use.captures];
  for (const name of new Set(names)) {
    if (isCertificateValue(ctx, name, macro, 0)) return { whole: true, what: `a peer certificate (\`${name}\`)` };
  }
  return undefined;
}

function receiverIsCertificate(ctx: RuleContext, call: TokenCall, macro: Node): boolean {
  if (!AMBIGUOUS_FIELD_CALLS.has(call.name) && CERT_NAME.test(call.receiverText)) return true;
  if (CERT_SOURCE.test(call.receiverText)) return true;
  const receiverName = /^[A-Za-z_][A-Za-z0-9_]*/.exec(call.receiverText)?.[0];
  if (receiverName && isCertificateValue(ctx, receiverName, macro, 0)) return true;
  return !AMBIGUOUS_FIELD_CALLS.has(call.name) && ['subject_name', 'issuer_name', 'raw_serial_as_string'].includes(call.name);
}

/** True when the variable `name`, as seen at `at`, holds certificates or one certificate. */
function isCertificateValue(ctx: RuleContext, name: string, at: Node, depth: number): boolean {
  if (depth > 4) return false;
  const binding = findBindingNamed(name, at, ctx.crate);
  if (!binding) return false;
  if (binding.kind === 'param') return CERT_NAME.test(name) && /Certificate|X509|CertificateDer/.test(binding.type?.text ?? '');
  const value = binding.value;
  if (!value) return false;
  const text = value.text;
  if (HARMLESS_DERIVATION.test(text)) return false;
  if (CERT_SOURCE.test(text)) return true;
  // Derived from another certificate variable: `chain[0]`, `chain.first()`, `leaf.clone()`.
  const root = /^&?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
  return !!root && root !== name && /^&?\s*[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.(first|last|get\(\d+\)|clone|to_vec|iter|unwrap|as_ref)\(\)|\s*$)/.test(text) &&
    isCertificateValue(ctx, root, value, depth + 1);
}
