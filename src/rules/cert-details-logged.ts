// Rule 9: peer-certificate data written to logs. The sources (the peer's certificates and what is
// derived from them) are model/cert-data.ts; the sinks are logging and printing macros; the value
// tracker (model/value-tracker.ts) follows the data from one to the other.
import type { Rule } from './rule.js';
import { certificateDataTracker, type CertValue } from '../model/cert-data.js';
import { logInvocation } from '../model/macros.js';
import { isDebugOnly } from '../model/code-kind.js';
import { lowerLevel } from '../model/flow.js';
import { branchChoice } from '../model/syntax.js';
import type { Node } from '../parser/parser.js';

export const rule: Rule = {
  meta: {
    id: 'cert-details-logged',
    name: 'CertDetailsLogged',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: 532,
    precision: 'high',
    keywords: [
      'peer_certificate',
      'peer_cert',
      'verified_chain',
      'current_cert',
      'peer_identity',
      'verify_client_cert',
      'x509',
      'X509',
      'Certificate',
      'cert',
    ],
    messages: {
      certLogged: {
        message: 'this {kind} statement writes {what} to the logs',
        label: '`{text}`',
        note: 'Names, serial numbers, fingerprints and DER blobs let anyone who reads the logs track and correlate clients, and logs travel far (aggregators, tickets, log services).',
        help: 'Log an internal client identifier instead of certificate contents or values computed from them.',
      },
    },
    docs: {
      summary: 'Peer-certificate data written to logs.',
      whatItDoes:
        "A struct that carries certificate data (`ConnInfo { peer_chain: certs.to_vec(), .. }`) and is logged whole (`?info`, `{:?}`) counts as that data: its derived `Debug` writes every field. Flags logging and printing macros — `tracing` (`info!`, `debug!`, `event!`, `*_span!`…), `log`, `println!`/`eprintln!`/`dbg!` — whose arguments carry the peer's certificate data: the chain from `peer_certificates()` (rustls 0.20+), `get_peer_certificates()` (tokio-rustls 0.22 / rustls 0.19), OpenSSL `peer_certificate()`/`peer_cert_chain()`, tonic `peer_certs()`, the certificates a `ClientCertVerifier` or `ServerCertVerifier` is given (the peer may be a server: what a client logs of it counts too), and what is derived from them: `chain[0]`, `chain.first()`, loop variables, x509-parser / OpenSSL parses of those bytes, subject and issuer DNs (`subject()`, `subject_name()`…), serial numbers (`raw_serial_as_string()`, `serial_number()`…) and DER/PEM encodings. Values are followed through `let`, `if let`, `match`, `for`, closures, `format!`, helper functions of the crate, struct fields whose name says certificate (read through any struct of the crate that stores them), collections the code fills after their `let` (`chain.push(cert.clone())`, `extend(..)`, in a loop or a closure), library types that hold the peer chain (tonic `TlsConnectInfo`, from `request.extensions().get::<TlsConnectInfo<_>>()`), and crate newtypes destructured in handler parameters (`Extension(ClientCert(cert))` holds what the crate passes to `ClientCert(..)`). Structured fields (`chain = ?chain`, `serial = %..`), `?`/`%` shorthands and format-string captures (`{cert:?}`) count. One finding per macro: a warning, an error when a whole certificate or chain is logged at info level or above (`println!`/`eprintln!`/`dbg!` have no level: a warning); one level lower when only a debug build or a diagnostic setting turns the logging on (`if config.log_certs`, `if verbose`), with the condition.",
      whyIsThisBad:
        'Client certificates identify people and machines: subject DNs carry names, e-mail addresses and organisations, serial numbers and DER blobs are stable identifiers that let anyone who reads the logs track and correlate clients, and whole chains fill logs with personal data that retention rules then have to cover (CWE-532). Logs travel much further than the TLS terminator: aggregators, support tickets, third-party log services.',
      knownLimits:
        "Only certificate values whose origin is visible are followed (the peer-certificate call, the verifier parameters, a crate function's callers); a certificate read from a struct field set elsewhere or passed through an unknown function is not recognised. A certificate parsed from bytes of unknown origin is not assumed to be the peer's (servers parse their own certificates too) unless the code says so: the parameter the bytes come from is named like the peer's (`peer_der`, `client_cert`, `cert_header`), or the parse serves a function named like client validation (`validate_client_cert`, directly or as its helper). Logging wrappers other than the standard macros are not read. Logging inside the bodies of `select!`, `join!`/`try_join!`, `lazy_static!`, `thread_local!`, `cfg_if!` and `async_stream::stream!` is read like any other code; inside other macros' bodies it is not. A fingerprint of the certificate (a hash of its DER: `Sha256::digest(der)`, a hasher given the DER, OpenSSL `digest(..)`), its public key and its extensions or subject alternative names as a whole (`extensions()`, `subject_alternative_name()`, `subject_alt_names()`) are reported like its serial, as stable identifiers of the client (one name taken out of them by a pattern, such as a SPIFFE ID from `GeneralName::URI(id)`, is a principal and is not); its length, its presence and comparisons of a fingerprint are not. Its common name (an attribute of the subject DN, `iter_common_name()`, `entries_by_nid(Nid::COMMONNAME)`) is, as a certificate field (log an internal principal instead).",
      badExample: `if let Some(chain) = conn.peer_certificates() {
    tracing::info!(%addr, chain = ?chain, "mTLS client connected");
    let (_, leaf) = x509_parser::parse_x509_certificate(chain[0].as_ref())?;
    tracing::debug!("client subject={} serial={}", leaf.subject(), leaf.raw_serial_as_string());
}`,
      goodExample: `let principal = principal_from(conn.peer_certificates())?;
tracing::info!(%addr, client_id = %principal.id, "mTLS client connected");`,
      howToFix:
        'Map the certificate to an internal principal (a service name or account id) once, and log that. A fingerprint or public key of the certificate is as stable an identifier as its serial: keep it out of the logs too.',
      references: [
        'https://cwe.mitre.org/data/definitions/532.html',
        'https://docs.rs/rustls/latest/rustls/struct.CommonState.html#method.peer_certificates',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslRef.html#method.peer_certificate',
        'https://docs.rs/x509-parser/latest/x509_parser/certificate/struct.X509Certificate.html',
        'https://docs.rs/tracing/latest/tracing/index.html#recording-fields',
      ],
    },
  },

  create(ctx) {
    const certificateData = certificateDataTracker(ctx.crate);
    return {
      macro_invocation(macro) {
        const log = logInvocation(macro, ctx.file.names);
        if (!log) return;
        const found = certificateData.strongestArgument(macro);
        if (!found) return;
        const whole = found.value.kind === 'cert' || found.value.kind === 'der';
        // Printing has no log level: the catalog's escalation is for levelled logging at info and above.
        const loud = log.kind !== 'print' && (log.level === 'info' || log.level === 'warn' || log.level === 'error');
        const level = whole && loud ? 'error' : 'warning';
        const diagnostic = diagnosticSwitch(macro);
        ctx.report({
          node: macro,
          level: diagnostic ? lowerLevel(level) : level,
          messageId: 'certLogged',
          data: {
            kind: log.kind === 'print' ? 'print' : 'log',
            what: describe(found.value),
            text: shorten(found.text),
          },
        });
      },
    };
  },
};

/**
 * Logging that runs only in debug builds or when a diagnostic setting is on (`if config.log_certs`,
 * `if self.verbose`): a setting chooses, off by default (catalog revision 2: one level lower).
 */
function diagnosticSwitch(macro: Node): boolean {
  if (isDebugOnly(macro)) return true;
  const choice = branchChoice(macro);
  if (!choice || !DIAGNOSTIC_SETTING.test(choice.deciding.text)) return false;
  // Runs when the setting is on: the `if` arm of `if verbose`, the `else` of `if !verbose`.
  const negated = choice.deciding.type === 'unary_expression' && choice.deciding.text.trimStart().startsWith('!');
  return choice.text.includes('does not') === negated;
}
/** Settings that turn diagnostic output on (not `trace_id` / `traceparent`, which name a request). */
const DIAGNOSTIC_SETTING =
  /(?<![a-z])(debug|verbose|dump)(?![a-z])|(?<![a-z])trace(?!_?id|parent|[a-z])|log_?certs?\b/i;

function describe(v: CertValue): string {
  switch (v.kind) {
    case 'cert':
      return v.many ? "the peer's certificate chain" : 'a peer certificate';
    case 'der':
      return v.many ? "the peer's certificates in DER/PEM form" : 'a peer certificate in DER/PEM form';
    case 'dn':
      return 'the subject or issuer name of a peer certificate';
    case 'serial':
      return 'the serial number of a peer certificate';
    case 'digest':
      return 'a fingerprint or public key of a peer certificate';
    case 'extension':
      return 'the extensions or alternative names of a peer certificate';
  }
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
