// Rule 4: client-side TLS that does not verify the server (certificate or host name).
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { lowerLevel } from '../model/flow.js';
import { urlConstCarriers } from '../model/urls.js';
import { DATA_STORE_CALLS } from '../model/datastore.js';
import {
  SERVER_VERIFICATION_WORDS,
  serverVerificationOff,
  type VerificationFinding,
} from '../model/server-verification.js';

export const rule: Rule = {
  meta: {
    id: 'always-accept-server-cert',
    name: 'AlwaysAcceptServerCert',
    defaultLevel: 'error',
    securitySeverity: 9.1,
    cwe: 295,
    precision: 'high',
    keywords: [...SERVER_VERIFICATION_WORDS, ...DATA_STORE_CALLS],
    // A data-store client call (`PgPool::connect(URL)`) is parsed when its file has a danger word or names a const URL that turns verification off.
    sources: {
      keywords: SERVER_VERIFICATION_WORDS,
      carriers: urlConstCarriers(
        /[?&](sslmode|ssl-mode)=(allow|prefer|require|preferred|required)\b|tlsAllowInvalid\w*=true|tlsInsecure=true|^rediss:\/\/.*#insecure$/i,
      ),
    },
    messages: {
      acceptsEverything: {
        message: '`{typeName}::verify_server_cert` accepts every server certificate',
        label: 'every certificate accepted',
        note: 'Anyone on the network path can impersonate the server. {how}{where}',
        help: "Trust the server's CA (`with_root_certificates`), or delegate to `WebPkiServerVerifier` and add checks that return `Err`.",
      },
      waivedErrors: {
        message: '`{typeName}::verify_server_cert` returns `Ok` for certificates that fail some checks',
        label: 'certificate errors waived',
        note: 'It waives {errors}: those checks are off, so a certificate that fails them is accepted.{where}',
        help: 'Return the error instead (trust a private CA with `with_root_certificates` rather than waiving `UnknownIssuer`).',
      },
      switchedOff: {
        message: '`{typeName}::verify_server_cert` skips every check when a setting says so',
        label: 'returns `Ok` without checking',
        note: 'Then it returns `Ok` without checking: {cause} turns server verification off.{where}',
        help: 'Make sure it can never be set in production, or remove the switch.',
      },
      switchAlwaysOn: {
        message: '`{typeName}::verify_server_cert` skips every check: its switch is always on',
        label: 'returns `Ok` without checking',
        note: 'The crate always sets that field to skip: server verification is off.{where}',
        help: 'Remove the switch, or set it only from an explicit opt-in.',
      },
      chainOnly: {
        message: '`{typeName}::verify_server_cert` checks the certificate chain but never the host name',
        label: 'the server name is not used',
        note: 'The server name it is given is not used: any certificate from a trusted CA impersonates this server.{where}',
        help: 'Pass the `server_name` parameter to the inner verifier (or check it with `verify_is_valid_for_subject_name`).',
      },
      hostnameWaived: {
        message: '`{typeName}::verify_server_cert` ignores a server-name mismatch',
        label: 'host-name mismatch accepted',
        note: 'It returns `Ok` when the certificate does not match the server name, so host-name verification is off: any certificate from a trusted CA impersonates this server.{where}',
        help: 'Return the error instead.',
      },
      switchOff: {
        message: '`{call}` turns off server {what}',
        label: '{what} off',
        note: 'Any server — or anyone in between — is accepted.{branchGuard}',
        help: 'Remove the call (verification is on by default); trust a private CA rather than turning verification off.',
      },
      switchOffInArm: {
        message: '`{method}(..)` is given `{literal}` here: server {what} off',
        label: '{what} off in this arm',
        note: '`{call}` takes this value. When this arm is chosen, any server — or anyone in between — is accepted.{branchGuard}',
        help: 'Make sure the setting that chooses this arm can never be set in production, or keep verification on in it.',
      },
      switchOffInDebug: {
        message: '`{method}(..)` turns off server {what} in debug builds',
        label: '{what} off in debug builds',
        note: '`{call}`: any server — or anyone in between — is accepted there.',
        help: 'Make sure release builds are the only ones that reach real services.',
      },
      switchAtRunTime: {
        message: '`{method}(..)` can turn off server {what}',
        label: 'decided at run time',
        note: 'The value of `{call}` decides at run time.{env}',
        help: 'Make sure it can never be set in production.',
      },
      kubeSwitchAtRunTime: {
        message: "`accept_invalid_certs` can turn off verification of the Kubernetes API server's certificate",
        label: 'decided at run time',
        note: 'On this kube `Config` it is set to `{value}`: the value decides at run time.',
        help: 'Make sure it can never be set in production, and set `root_cert` to the cluster CA instead.',
      },
      kubeSwitch: {
        message: "`accept_invalid_certs = true` turns off verification of the Kubernetes API server's certificate",
        label: 'on this kube `Config`',
        note: 'Anyone in between can impersonate the cluster and read the credentials sent to it.{guard}',
        help: 'Set `root_cert` to the cluster CA instead.',
      },
      tiberiusTrustCert: {
        message: '`trust_cert()` makes this tiberius connection trust any SQL Server certificate',
        label: 'any certificate trusted',
        note: 'Anyone in between can impersonate the database server.{guard}',
        help: "Use `trust_cert_ca(path)` with the server's CA instead.",
      },
      opensslVerifyNone: {
        message: 'this OpenSSL connector uses `SslVerifyMode::NONE`',
        label: 'server certificate not verified',
        note: 'The server certificate is not verified: anyone can impersonate the server.{guard}',
        help: 'Keep `SslVerifyMode::PEER`{help}.',
      },
      opensslRawContext: {
        message: 'this OpenSSL client context never turns on server certificate verification',
        label: 'starts with `SSL_VERIFY_NONE`',
        note: 'A raw OpenSSL context starts with `SSL_VERIFY_NONE`: no server certificate is checked without `set_verify(PEER)`.{when}',
        help: 'Call `set_verify(SslVerifyMode::PEER)` on it, or start from `SslConnector::builder(..)`, which verifies.',
      },
      opensslRawContextChosen: {
        message: 'this OpenSSL client context verifies the server only when a setting turns it on',
        label: 'starts with `SSL_VERIFY_NONE`',
        note: 'A raw OpenSSL context starts with `SSL_VERIFY_NONE`: no server certificate is checked without `set_verify(PEER)`.{when}',
        help: 'Call `set_verify(SslVerifyMode::PEER)` unconditionally, or start from `SslConnector::builder(..)`.',
      },
      opensslNoneArm: {
        message: 'this OpenSSL connector can be given `SslVerifyMode::NONE`',
        label: 'server certificate not verified',
        note: 'Then the server certificate is not verified and anyone can impersonate the server.',
        help: 'Make sure the setting that chooses it can never be set in production, or remove the `NONE` arm.',
      },
      opensslCallback: {
        message: 'this OpenSSL verify callback returns `true` whatever `preverify_ok` says',
        label: 'every server certificate accepted',
        note: 'Every server certificate is accepted.{guard}',
        help: 'Return `preverify_ok` (and add checks on top of it).',
      },
      libraryDangerField: {
        message: '`{field}: true` turns off certificate verification in `{type}`',
        label: 'verification off',
        note: 'The library is told not to verify the peer: anyone in between is accepted.{guard}',
        help: 'Set it to `false` and give the library the CA that signs the peer certificates.',
      },
      certValidationNone: {
        message: '`CertificateValidation::None` turns off server certificate verification',
        label: 'certificate verification off',
        note: 'Any server — or anyone in between — is accepted.{guard}',
        help: 'Use `CertificateValidation::Certificate(ca)` (or `Full`) to trust a private CA instead.',
      },
      isahcDanger: {
        message: '`{flag}` turns off server {what}',
        label: '{what} off',
        note: 'Any server — or anyone in between — is accepted.{guard}',
        help: 'Drop the flag; trust a private CA with `ssl_ca_certificate` rather than turning verification off.',
      },
      closure: {
        message: 'this closure given to `{method}` returns `Ok` for every server certificate',
        label: 'every certificate accepted',
        note: 'Anyone can impersonate the server; rustls has no closure-based verifier.',
        help: "Trust the server's CA with `with_root_certificates`.",
      },
      sqlxMode: {
        message: '`{mode}` encrypts the database connection without verifying the server',
        label: 'server not verified',
        note: 'Anyone in between can impersonate the database: {sqlx}.{fallback}{chosen}{guard}',
        help: 'Use `{verified}` with `ssl_root_cert(..)`.',
      },
      urlMode: {
        message: 'this connection URL asks for `{param}={mode}`, which does not verify the database server',
        label: 'encrypted, server not verified',
        note: 'Anyone in between can impersonate the database: {sqlx}.{guard}',
        help: "Use `{verified}` with the server's CA.",
      },
      mongoUriFlag: {
        message: 'this MongoDB URI turns off server {what}',
        label: '`{flag}=true`',
        note: 'Any server — or anyone in between — is accepted as the database.{guard}',
        help: 'Remove it and give the CA with `tlsCAFile`.',
      },
      redisInsecureUrl: {
        message: 'this {url} ends in `#insecure`, which turns off server certificate verification',
        label: 'certificate verification off',
        note: 'Any server — or anyone in between — is accepted as the Redis server.{guard}',
        help: "Drop `#insecure` and trust the server's CA instead.",
      },
      mongoTlsOptions: {
        message: "this MongoDB client's `TlsOptions` turn off server {what} verification",
        label: '`{key}: Some(true)`',
        note: 'Any server — or anyone in between — is accepted as the database.{guard}',
        help: 'Remove it and give the CA with `ca_file_path`.',
      },
      mongoTlsOptionsAtRunTime: {
        message: "this MongoDB client's `TlsOptions` can turn off server {what} verification",
        label: '`{key}: {value}`',
        note: 'The value decides at run time.{guard}',
        help: 'Make sure it can never be set in production.',
      },
      redisInsecureAddr: {
        message: '`ConnectionAddr::TcpTls { insecure: true, .. }` turns off server certificate verification',
        label: 'certificate verification off',
        note: 'For this Redis connection any server — or anyone in between — is accepted.{guard}',
        help: "Set `insecure: false` and trust the server's CA.",
      },
      redisInsecureAddrAtRunTime: {
        message: '`ConnectionAddr::TcpTls { insecure: .. }` can turn off server certificate verification',
        label: 'decided at run time',
        note: 'For this Redis connection the value (`{value}`) decides at run time.{guard}',
        help: 'Make sure it can never be set in production.',
      },
      kafkaVerificationOff: {
        message: '`enable.ssl.certificate.verification=false` turns off broker certificate verification',
        label: 'certificate verification off',
        note: 'For this Kafka client any broker — or anyone in between — is accepted.{guard}',
        help: "Remove it and set `ssl.ca.location` to the brokers' CA.",
      },
      kafkaHostnameOff: {
        message: '`ssl.endpoint.identification.algorithm=none` turns off broker host-name verification',
        label: 'host-name verification off',
        note: 'For this Kafka client any broker with a certificate from a trusted CA — or anyone holding one — is accepted.{guard}',
        help: "Use `https` (librdkafka's default since 1.9).",
      },
    },
    docs: {
      summary: 'Client-side TLS that does not verify the server certificate or host name.',
      whatItDoes:
        'A custom `ServerCertVerifier` is judged by which failures reach an error: one that returns `Ok` for named certificate errors (an allow-list: `UnknownIssuer`, `Expired`, …; the message says which) or that skips every check when an environment variable says so (a warning, with the condition), or on its own field (`if self.insecure { return Ok(..) }`), judged by what the crate stores into that field of the verifier type: a literal that turns the skip on is reported like a verifier that accepts everything, a value from an option or a parameter is a warning, a literal that keeps the checks on or a field nothing in the crate fills is not reported is reported too. Flags TLS clients that accept any server: a custom rustls `ServerCertVerifier` (0.19–0.23 trait paths, aliases, re-exports, generic impls, impls in any file of the crate) whose `verify_server_cert` has no way to fail (an error swallowed on the way counts as no way: the inner verifier\'s `Err` logged and replaced by an early `Ok`, `if r.is_err() { return Ok(..) }`, `.or_else(|_| Ok(..))`, `match .. { Err(_) => Ok(..) }`) and returns `Ok(ServerCertVerified::assertion())` — with the places it is installed (`.dangerous().set_certificate_verifier(..)`, `with_custom_certificate_verifier(..)`) as related locations; a verifier that returns `Ok` when the error is a host-name mismatch (`CertificateError::NotValidForName`); reqwest/native-tls `danger_accept_invalid_certs(true)` and `danger_accept_invalid_hostnames(true)` (reqwest 0.13 `tls_danger_*`, lettre `dangerous_accept_invalid_*`); OpenSSL connectors with `set_verify(SslVerifyMode::NONE)`, raw OpenSSL client contexts (`SslContextBuilder::new`, `SslContext::builder` with `tls_client()` or handed to a client such as the scylla `TlsContext::from`) never given `set_verify(PEER)` (they start with `SSL_VERIFY_NONE`; a warning when only a setting turns it on), `ConnectConfiguration::verify_hostname(false)` / `set_verify_hostname(false)` (not when the same callback then sets the expected name by hand with `param_mut().set_host(..)`), or a verify callback that returns `true` whatever `preverify_ok` says; curl `ssl_verify_peer(false)` / `ssl_verify_host(false)`, isahc `SslOption::DANGER_ACCEPT_INVALID_CERTS`/`_HOSTS`; kube-rs `Config::accept_invalid_certs = true` (assigned or in a `kube::Config { .. }` literal); mysql/mysql_async `with_danger_accept_invalid_certs(true)`/`with_danger_skip_domain_validation(true)`, mongodb `allow_invalid_certificates(true)`/`allow_invalid_hostnames(true)`, ureq 3 `TlsConfig::builder().disable_verification(true)`, tiberius `trust_cert()`, elasticsearch/opensearch `cert_validation(CertificateValidation::None)`, and `true` for a field named as a danger switch (`danger_*`, `*insecure*`, `*no_verify*`, `skip_verify*`, `accept_invalid*`) in the TLS settings struct of a library (a `Tls`/`Ssl` type the crate does not declare, such as `hiqlite::ServerTlsConfig { danger_tls_no_verify: true, .. }`). Database, cache and broker clients that encrypt without verifying (catalog revision 2): sqlx `PgSslMode::Allow`/`Prefer`/`Require` and `MySqlSslMode::Preferred`/`Required` set explicitly with `.ssl_mode(..)` (through a `let`, a const or an `if`/`match`; sqlx verifies only in `VerifyCa`/`VerifyFull`/`VerifyIdentity`, even with `ssl_root_cert(..)`), the same modes in a literal connection URL (`sslmode=require`, `ssl-mode=REQUIRED`) given to sqlx (`PgPool::connect`, `PgPoolOptions::new().connect(..)`, `PgConnectOptions::from_str`, `url.parse::<PgConnectOptions>()`), sea-orm `Database::connect` or diesel `establish`; MongoDB URIs with `tlsAllowInvalidCertificates=true`, `tlsAllowInvalidHostnames=true` or `tlsInsecure=true` (`Client::with_uri_str`, `ClientOptions::parse*`); redis `rediss://…#insecure` URLs (`Client::open`, `ConnectionInfo::from_str`, `into_connection_info`, bb8/deadpool managers, `ClusterClient::new`) and `ConnectionAddr::TcpTls { insecure: true, .. }`; rdkafka `ClientConfig::set("enable.ssl.certificate.verification", "false")` and `set("ssl.endpoint.identification.algorithm", "none")`. Library defaults are not findings (sqlx\'s default `Prefer` is not written in the code). `with_custom_certificate_verifier` by itself is not a finding (rustls-platform-verifier uses it), and a literal `false` is never reported. A switch given a run-time value, or set only in a branch guarded by an environment variable or an "insecure" flag, is a warning: the value decides at run time.',
      whyIsThisBad:
        'Without server verification anyone on the network path can impersonate the upstream (a billing API, an identity provider, a database) and read or change everything the service sends — including the credentials and client certificate handshake of an outbound mTLS call (CWE-295). Such switches are added "temporarily" for a test environment and ship.',
      knownLimits:
        "openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. An OpenSSL verify mode chosen by a setting (`set_verify(if strict { PEER } else { NONE })`, a `match` arm, `unwrap_or(NONE)`) is reported on the `NONE` arm, one level lower, with the condition under which it applies. A danger switch given a literal picked by a setting (`danger_accept_invalid_certs(if strict { false } else { true })`, or a tuple destructured from a `match`: `let (certs, hosts) = match mode { Mode::Required => (true, true), .. }`) is reported likewise on each arm that turns verification off. A verifier that can reject in any way (a `?`, an `Err`, a panicking check, a delegated call) is trusted, even if the check is weak; one that returns `Ok` early only when its own `insecure` field is set is therefore not reported. Verifiers generated by macros, and verify functions that only call another function returning the marker, are not seen. Host-name acceptance is recognised only when the `Ok` sits in a `match` arm or `if` that names the `NotValidForName` error; a verifier that checks the chain (webpki `verify_for_usage`/`verify_is_valid_tls_server_cert`, an inner verifier) but never reads the server name it is given (or passes a fixed name on) is reported as host-name verification off, unless it compares the certificate's SAN/CN by hand. A flag computed far away (a configuration struct) is reported as a warning when it is not a literal; a crate method named after the switch (or an alias of it: `verify_hostname` → `set_verify_hostname`, `danger_accept_invalid_certs` → `tls_danger_accept_invalid_certs`) that passes its parameter on is left to its callers. OpenSSL `set_verify`/callbacks are judged only when the builder is known to be a connector (`SslConnector::builder`, a declared type, `SslMethod::tls_client()`). Data-store API shapes: sqlx 0.5–0.8 (`PgSslMode`, `MySqlSslMode`, `PgConnectOptions::ssl_mode`; an `ssl_mode` chosen per arm of an `if`/`match` whose other arm verifies is a warning), mongodb 2.x–3.x (URI options; `TlsOptions::builder()…allow_invalid_certificates(true)` and the `TlsOptions { allow_invalid_certificates: Some(true), .. }` struct literal), redis 0.23–0.27 (`#insecure` URL fragment, `ConnectionAddr::TcpTls { insecure, .. }`), rdkafka 0.25+ (string properties; only literal values), lettre 0.10–0.11 (`TlsParameters::builder(..).dangerous_accept_invalid_*`). `sslmode=require` given to tokio-postgres or postgres is not reported: verification there is the TLS connector's (checked on the connector). A URL whose query is built at run time, or a key-value connection string (`host=.. sslmode=require`), is not read. The client call must be in a file that names the client (its type or call); a URL const in another file is followed.",
      badExample: `let upstream = reqwest::Client::builder()
    .identity(identity)
    .danger_accept_invalid_certs(true)
    .build()?;

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(&self, _end_entity: &CertificateDer<'_>, _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>, _ocsp: &[u8], _now: UnixTime) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }
    // ...
}

let db = PgConnectOptions::new().host("orders-db.internal").ssl_mode(PgSslMode::Require).ssl_root_cert("pki/db-ca.crt");`,
      goodExample: `let upstream = reqwest::Client::builder()
    .tls_built_in_root_certs(false)
    .add_root_certificate(reqwest::Certificate::from_pem(&internal_ca_pem)?)
    .identity(identity)
    .build()?;

let mut roots = RootCertStore::empty();
roots.add(CertificateDer::from_pem_file("pki/internal-ca.crt")?)?;
let config = ClientConfig::builder().with_root_certificates(roots).with_client_auth_cert(chain, key)?;

let db = PgConnectOptions::new().host("orders-db.internal").ssl_mode(PgSslMode::VerifyFull).ssl_root_cert("pki/db-ca.crt");`,
      howToFix:
        "Trust the right CA instead of trusting everything: add the internal CA as a root (`add_root_certificate`, `RootCertStore::add`, `set_ca_file`) and keep host-name verification on. To pin a certificate, delegate to `WebPkiServerVerifier` first and return `Err` on a pin mismatch. For tests, generate a CA with the test certificates (rcgen) instead of disabling verification. Data stores: sqlx `PgSslMode::VerifyFull` (`sslmode=verify-full`) / `MySqlSslMode::VerifyIdentity` with `ssl_root_cert(..)`; MongoDB `tlsCAFile=..` instead of `tlsAllowInvalid*`/`tlsInsecure`; redis without `#insecure` (rustls or native-tls roots with the server's CA); rdkafka `ssl.ca.location` with verification and `ssl.endpoint.identification.algorithm=https`; lettre `TlsParameters::builder(domain).add_root_certificate(..)`.",
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.rs/rustls/latest/rustls/client/danger/trait.ServerCertVerifier.html',
        'https://docs.rs/reqwest/latest/reqwest/struct.ClientBuilder.html#method.danger_accept_invalid_certs',
        'https://docs.rs/native-tls/latest/native_tls/struct.TlsConnectorBuilder.html#method.danger_accept_invalid_certs',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.ConnectConfiguration.html#method.set_verify_hostname',
      ],
    },
  },

  create(ctx) {
    const check = (node: Node) => {
      for (const found of serverVerificationOff(node, ctx)) report(ctx, found);
    };
    return { impl_item: check, assignment_expression: check, struct_expression: check, call_expression: check };
  },
};

/**
 * The level policy: an error; a warning when it applies only in debug builds or behind an opt-in (said in the
 * note) or a run-time value decides; one level lower again when a setting chooses it.
 */
function report(ctx: RuleContext, found: VerificationFinding): void {
  const level = found.guard || found.runtime ? 'warning' : 'error';
  const note = (what: string) =>
    found.guard === 'debug'
      ? '\nIt is limited to debug builds here.'
      : found.guard === 'opt-in'
        ? `\nA run-time setting decides whether ${what} runs: make sure it can never be enabled in production.`
        : '';
  const literal = found.safeLiteral;
  ctx.report({
    node: found.node,
    level: found.chosen ? lowerLevel(level) : level,
    messageId: found.messageId,
    data: { ...found.data, guard: note('this'), branchGuard: note('this branch') },
    related: found.installedAt?.map((node) => ({ node, label: `${found.data.typeName} is installed here` })),
    fixes: literal && [{ kind: 'safe', description: `Set to \`${literal.text}\``, edits: [literal] }],
  });
}
