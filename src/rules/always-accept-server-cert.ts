// Rule 4: client-side TLS that does not verify the server (certificate or host name).
import type { Node } from '../parser/parser.js';
import type { Level } from '../types.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import { chainOf, findBinding, lowerLevel, originsOf, rootIdentifier, unsafeArms } from '../model/flow.js';
import { opensslSide, verifiesNothingValue, verifyModeOf } from '../model/openssl.js';
import { isDebugOnly } from '../model/code-kind.js';
import { isLibraryPlumbing } from '../model/plumbing.js';
import { urlConstCarriers } from '../model/urls.js';
import type { CrateModel } from '../model/crate.js';
import {
  alwaysAcceptingReturns,
  booleanValue,
  callbackAlwaysTrue,
  chainCheckedButNotName,
  OPT_IN_CONDITION,
  optInCondition,
  ignoredChecks,
  installSites,
  okReturnsWhen,
  waivedCertificateErrors,
  checksOffBySetting,
  SERVER_VERIFIER_INSTALLERS,
  verifierImpl,
  type InstallSite,
} from '../model/verifier.js';
import {
  connectionUrl,
  kafkaProperty,
  mongoTlsOptionsLiteral,
  redisInsecureAddr,
  sqlxSslMode,
  type StoreFinding,
} from '../model/datastore.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  methodNameNode,
  pathSegments,
  stripWrappers,
} from '../model/syntax.js';

/** Builder switches that turn certificate verification off when given `true`. */
const CERT_SWITCHES = new Set([
  'danger_accept_invalid_certs',
  'tls_danger_accept_invalid_certs', // reqwest 0.11–0.13, native-tls, async-native-tls
  'dangerous_accept_invalid_certs', // lettre
  'with_danger_accept_invalid_certs', // mysql / mysql_async SslOpts
  'allow_invalid_certificates', // mongodb TlsOptions
]);
/** Builder switches that turn host-name verification off when given `true`. */
const HOSTNAME_SWITCHES = new Set([
  'danger_accept_invalid_hostnames',
  'tls_danger_accept_invalid_hostnames',
  'dangerous_accept_invalid_hostnames',
  'with_danger_skip_domain_validation', // mysql / mysql_async SslOpts
  'allow_invalid_hostnames', // mongodb TlsOptions
]);
/** Switches that turn verification off when given `false`: OpenSSL `ConnectConfiguration`, curl. */
const VERIFY_SWITCHES = new Map([
  ['verify_hostname', 'host-name verification'],
  ['set_verify_hostname', 'host-name verification'],
  ['ssl_verify_host', 'host-name verification'],
  ['ssl_verify_peer', 'certificate verification'],
]);
const ENV_READ = /env::var|var_os|getenv|dotenv|std::env/;
/** Error variants of a host-name mismatch: rustls 0.20+ (`NotValidForName`, 0.23 `NotValidForNameContext`), webpki 0.21/0.22. */
const HOSTNAME_MISMATCH = /\b(NotValidForName|NotValidForNameContext|CertNotValidForName)\b/;

/** Words of every danger switch: a file with one is always parsed. */
const DANGER_WORDS = [
  'verify_server_cert',
  'ServerCertVerifier',
  'accept_invalid',
  'ACCEPT_INVALID',
  'verify_hostname',
  'set_verify',
  'ssl_verify_',
  'allow_invalid',
  'skip_domain_validation',
  'disable_verification',
  'trust_cert',
  'accept_invalid_certs',
  'PgSslMode',
  'MySqlSslMode',
  'sslmode=',
  'ssl-mode=',
  'tlsAllowInvalid',
  'tlsInsecure',
  '#insecure',
  'TcpTls',
  'enable.ssl.certificate.verification',
  'ssl.endpoint.identification.algorithm',
];
/** Data-store client calls that may be given a connection URL from a const of another file (parsed when they name one). */
const DATA_STORE_CALLS = [
  'PgPool',
  'MySqlPool',
  'PoolOptions',
  'ConnectOptions',
  'PgConnection',
  'MySqlConnection',
  'MysqlConnection',
  'sqlx::connect',
  'Database::connect',
  'with_uri_str',
  'ClientOptions',
  'Client::open',
  'ConnectionInfo',
  'into_connection_info',
  'RedisConnectionManager',
  'parse_redis_url',
  'from_url',
  'ClusterClient',
];

export const rule: Rule = {
  meta: {
    id: 'always-accept-server-cert',
    name: 'AlwaysAcceptServerCert',
    defaultLevel: 'error',
    securitySeverity: 9.1,
    cwe: 295,
    precision: 'high',
    keywords: [...DANGER_WORDS, ...DATA_STORE_CALLS],
    // A data-store client call (`PgPool::connect(URL)`) is parsed when its file has a danger word or names a const URL that turns verification off.
    sources: {
      keywords: DANGER_WORDS,
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
        note: 'Any server — or anyone in between — is accepted.{why}',
        help: 'Remove the call (verification is on by default); trust a private CA rather than turning verification off.',
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
        message: 'this `rediss://` URL ends in `#insecure`, which turns off server certificate verification',
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
        'A custom `ServerCertVerifier` is judged by which failures reach an error: one that returns `Ok` for named certificate errors (an allow-list: `UnknownIssuer`, `Expired`, …; the message says which) or that skips every check when an environment variable says so (a warning, with the condition), or on its own field (`if self.insecure { return Ok(..) }`), judged by what the crate stores into that field of the verifier type: a literal that turns the skip on is reported like a verifier that accepts everything, a value from an option or a parameter is a warning, a literal that keeps the checks on or a field nothing in the crate fills is not reported is reported too. Flags TLS clients that accept any server: a custom rustls `ServerCertVerifier` (0.19–0.23 trait paths, aliases, re-exports, generic impls, impls in any file of the crate) whose `verify_server_cert` has no way to fail (an error swallowed on the way counts as no way: the inner verifier\'s `Err` logged and replaced by an early `Ok`, `if r.is_err() { return Ok(..) }`, `.or_else(|_| Ok(..))`, `match .. { Err(_) => Ok(..) }`) and returns `Ok(ServerCertVerified::assertion())` — with the places it is installed (`.dangerous().set_certificate_verifier(..)`, `with_custom_certificate_verifier(..)`) as related locations; a verifier that returns `Ok` when the error is a host-name mismatch (`CertificateError::NotValidForName`); reqwest/native-tls `danger_accept_invalid_certs(true)` and `danger_accept_invalid_hostnames(true)` (reqwest 0.13 `tls_danger_*`, lettre `dangerous_accept_invalid_*`); OpenSSL connectors with `set_verify(SslVerifyMode::NONE)`, `ConnectConfiguration::verify_hostname(false)` / `set_verify_hostname(false)`, or a verify callback that returns `true` whatever `preverify_ok` says; curl `ssl_verify_peer(false)` / `ssl_verify_host(false)`, isahc `SslOption::DANGER_ACCEPT_INVALID_CERTS`/`_HOSTS`; kube-rs `Config::accept_invalid_certs = true` (assigned or in a `kube::Config { .. }` literal); mysql/mysql_async `with_danger_accept_invalid_certs(true)`/`with_danger_skip_domain_validation(true)`, mongodb `allow_invalid_certificates(true)`/`allow_invalid_hostnames(true)`, ureq 3 `TlsConfig::builder().disable_verification(true)`, tiberius `trust_cert()`. Database, cache and broker clients that encrypt without verifying (catalog revision 2): sqlx `PgSslMode::Allow`/`Prefer`/`Require` and `MySqlSslMode::Preferred`/`Required` set explicitly with `.ssl_mode(..)` (through a `let`, a const or an `if`/`match`; sqlx verifies only in `VerifyCa`/`VerifyFull`/`VerifyIdentity`, even with `ssl_root_cert(..)`), the same modes in a literal connection URL (`sslmode=require`, `ssl-mode=REQUIRED`) given to sqlx (`PgPool::connect`, `PgPoolOptions::new().connect(..)`, `PgConnectOptions::from_str`, `url.parse::<PgConnectOptions>()`), sea-orm `Database::connect` or diesel `establish`; MongoDB URIs with `tlsAllowInvalidCertificates=true`, `tlsAllowInvalidHostnames=true` or `tlsInsecure=true` (`Client::with_uri_str`, `ClientOptions::parse*`); redis `rediss://…#insecure` URLs (`Client::open`, `ConnectionInfo::from_str`, `into_connection_info`, bb8/deadpool managers, `ClusterClient::new`) and `ConnectionAddr::TcpTls { insecure: true, .. }`; rdkafka `ClientConfig::set("enable.ssl.certificate.verification", "false")` and `set("ssl.endpoint.identification.algorithm", "none")`. Library defaults are not findings (sqlx\'s default `Prefer` is not written in the code). `with_custom_certificate_verifier` by itself is not a finding (rustls-platform-verifier uses it), and a literal `false` is never reported. A switch given a run-time value, or set only in a branch guarded by an environment variable or an "insecure" flag, is a warning: the value decides at run time.',
      whyIsThisBad:
        'Without server verification anyone on the network path can impersonate the upstream (a billing API, an identity provider, a database) and read or change everything the service sends — including the credentials and client certificate handshake of an outbound mTLS call (CWE-295). Such switches are added "temporarily" for a test environment and ship.',
      knownLimits:
        "openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. An OpenSSL verify mode chosen by a setting (`set_verify(if strict { PEER } else { NONE })`, a `match` arm, `unwrap_or(NONE)`) is reported on the `NONE` arm, one level lower, with the condition under which it applies. A verifier that can reject in any way (a `?`, an `Err`, a panicking check, a delegated call) is trusted, even if the check is weak; one that returns `Ok` early only when its own `insecure` field is set is therefore not reported. Verifiers generated by macros, and verify functions that only call another function returning the marker, are not seen. Host-name acceptance is recognised only when the `Ok` sits in a `match` arm or `if` that names the `NotValidForName` error; a verifier that checks the chain (webpki `verify_for_usage`/`verify_is_valid_tls_server_cert`, an inner verifier) but never reads the server name it is given (or passes a fixed name on) is reported as host-name verification off, unless it compares the certificate's SAN/CN by hand. A flag computed far away (a configuration struct) is reported as a warning when it is not a literal; a crate method named after the switch (or an alias of it: `verify_hostname` → `set_verify_hostname`, `danger_accept_invalid_certs` → `tls_danger_accept_invalid_certs`) that passes its parameter on is left to its callers. OpenSSL `set_verify`/callbacks are judged only when the builder is known to be a connector (`SslConnector::builder`, a declared type, `SslMethod::tls_client()`). Data-store API shapes: sqlx 0.5–0.8 (`PgSslMode`, `MySqlSslMode`, `PgConnectOptions::ssl_mode`; an `ssl_mode` chosen per arm of an `if`/`match` whose other arm verifies is a warning), mongodb 2.x–3.x (URI options; `TlsOptions::builder()…allow_invalid_certificates(true)` and the `TlsOptions { allow_invalid_certificates: Some(true), .. }` struct literal), redis 0.23–0.27 (`#insecure` URL fragment, `ConnectionAddr::TcpTls { insecure, .. }`), rdkafka 0.25+ (string properties; only literal values), lettre 0.10–0.11 (`TlsParameters::builder(..).dangerous_accept_invalid_*`). `sslmode=require` given to tokio-postgres or postgres is not reported: verification there is the TLS connector's (checked on the connector). A URL whose query is built at run time, or a key-value connection string (`host=.. sslmode=require`), is not read. The client call must be in a file that names the client (its type or call); a URL const in another file is followed.",
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
    return {
      impl_item(impl) {
        checkVerifierImpl(ctx, impl);
      },
      assignment_expression(node) {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (
          left?.type !== 'field_expression' ||
          left.childForFieldName('field')?.text !== 'accept_invalid_certs' ||
          !right
        )
          return;
        const object = left.childForFieldName('value');
        if (object && isKubeConfig(object, ctx)) checkKubeSwitch(ctx, left, right);
      },
      struct_expression(node) {
        const redis =
          redisInsecureAddr(node, ctx.file.names, ctx.crate) ?? mongoTlsOptionsLiteral(node, ctx.file.names, ctx.crate);
        if (redis) return reportStore(ctx, redis);
        const name = node.childForFieldName('name');
        if (!name || !ctx.file.names.endsWith(name, ...KUBE_CONFIG)) return;
        const field = descendantsOfType(node.childForFieldName('body') ?? node, 'field_initializer').find(
          (f) => f.parent?.parent?.id === node.id && f.childForFieldName('field')?.text === 'accept_invalid_certs',
        );
        const value = field?.childForFieldName('value');
        if (field && value) checkKubeSwitch(ctx, field, value);
      },
      call_expression(call) {
        const store =
          connectionUrl(call, ctx.file.names, ctx.crate) ??
          sqlxSslMode(call, ctx.file.names, ctx.crate) ??
          kafkaProperty(call, ctx.crate);
        if (store) return reportStore(ctx, store);
        const { method } = describeCall(call);
        if (!method) return;
        if (CERT_SWITCHES.has(method)) checkSwitch(ctx, call, method, true, 'certificate verification');
        else if (HOSTNAME_SWITCHES.has(method)) checkSwitch(ctx, call, method, true, 'host-name verification');
        else if (VERIFY_SWITCHES.has(method)) checkSwitch(ctx, call, method, false, VERIFY_SWITCHES.get(method)!);
        else if (method === 'set_verify') checkOpensslVerifyNone(ctx, call);
        else if (method === 'set_verify_callback') checkOpensslCallback(ctx, call);
        else if (method === 'with_custom_certificate_verifier' || method === 'set_certificate_verifier')
          checkClosure(ctx, call);
        else if (method === 'ssl_options') checkIsahcOptions(ctx, call);
        else if (
          method === 'disable_verification' &&
          chainOf(call, ctx.crate).rootPath?.slice(-2).join('::') === 'TlsConfig::builder'
        ) {
          checkSwitch(ctx, call, method, true, 'certificate verification'); // ureq 3
        } else if (method === 'trust_cert' && callArguments(call).length === 0 && isTiberiusConfig(call, ctx)) {
          const guarded = guard(call, ctx.crate);
          if (!guarded) return;
          ctx.report({
            node: methodNameNode(call),
            level: guarded.level,
            messageId: 'tiberiusTrustCert',
            data: { guard: guarded.note },
          });
        }
      },
    };
  },
};

/** A database, cache or broker client that does not verify its server (model/datastore.ts). */
function reportStore(ctx: RuleContext, finding: StoreFinding): void {
  const guarded = guard(finding.node, ctx.crate);
  if (!guarded) return;
  const node = finding.node.type === 'call_expression' ? methodNameNode(finding.node) : finding.node;
  ctx.report({
    node,
    level: finding.runtime ? 'warning' : guarded.level,
    messageId: finding.messageId,
    data: { ...finding.data, guard: guarded.note },
  });
}

function checkVerifierImpl(ctx: RuleContext, impl: Node): void {
  const verifier = verifierImpl(ctx.crate, impl);
  if (verifier?.kind !== 'server') return;
  const fn = verifier.entry.methods.get('verify_server_cert');
  if (!fn) return;
  const typeName = verifier.entry.typeName;
  const accepting = alwaysAcceptingReturns(fn, ctx.crate);
  const hostnameOnly = accepting.length === 0 ? okReturnsWhen(fn, ctx.crate, HOSTNAME_MISMATCH) : [];
  const chainOnly =
    accepting.length === 0 && hostnameOnly.length === 0 ? chainCheckedButNotName(fn, ctx.crate) : undefined;
  const weaker = accepting.length === 0 && hostnameOnly.length === 0 && !chainOnly;
  const waived = weaker ? waivedCertificateErrors(fn, ctx.crate) : undefined;
  const switchedOff = weaker && !waived ? checksOffBySetting(fn, ctx.crate) : undefined;
  const node =
    accepting[0] ?? hostnameOnly[0] ?? (chainOnly && methodNameNode(chainOnly)) ?? waived?.node ?? switchedOff?.node;
  if (!node) return;
  const sites = installSites(ctx.crate, typeName, SERVER_VERIFIER_INSTALLERS, verifier.entry.node);
  const production = sites.filter((s) => !s.inTest);
  // A verifier type only ever installed by tests is test scaffolding.
  if (sites.length > 0 && production.length === 0) return;
  const { level, where } = installContext(production);
  if (accepting.length > 0) {
    const ignored = ignoredChecks(fn)[0];
    const how = ignored
      ? 'It calls the verification but accepts whatever it returns.'
      : 'It has no way to return an error.';
    ctx.report({
      node,
      level,
      messageId: 'acceptsEverything',
      data: { typeName, how, where },
      related: production.map((s) => ({ node: s.node, label: `${typeName} is installed here` })),
    });
    return;
  }
  const related = production.map((s) => ({ node: s.node, label: `${typeName} is installed here` }));
  if (waived) {
    ctx.report({
      node,
      level,
      messageId: 'waivedErrors',
      data: { typeName, errors: waived.errors.map((e) => `\`${e}\``).join(', '), where },
      related,
    });
    return;
  }
  if (switchedOff) {
    const always = switchedOff.by === 'always';
    ctx.report({
      node,
      // The engine's note names the condition. A switch the crate always turns on skips the checks like any verifier that accepts
      // everything; one an option or the environment decides is a run-time setting.
      level: always ? level : 'warning',
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
  if (chainOnly) {
    ctx.report({
      node,
      level,
      messageId: 'chainOnly',
      data: { typeName, where },
      related: production.map((s) => ({ node: s.node, label: `${typeName} is installed here` })),
    });
    return;
  }
  ctx.report({
    node,
    level,
    messageId: 'hostnameWaived',
    data: { typeName, where },
    related: production.map((s) => ({ node: s.node, label: `${typeName} is installed here` })),
  });
}

function installContext(production: InstallSite[]): { level: Level; where: string } {
  const conditional =
    production.length > 0 && production.every((s) => s.condition && OPT_IN_CONDITION.test(s.condition));
  return conditional
    ? { level: 'warning', where: `\nIt is installed only ${production[0].condition}, so a run-time setting decides.` }
    : { level: 'error', where: '' };
}

/** `danger_accept_invalid_certs(flag)` / `verify_hostname(flag)`: dangerous when `flag` is `dangerWhen`. */
function checkSwitch(ctx: RuleContext, call: Node, method: string, dangerWhen: boolean, what: string): void {
  const args = callArguments(call);
  if (args.length !== 1) return;
  const arg = args[0];
  // A variable or const bound to a literal (or its negation) counts as that literal.
  const literal = booleanValue(arg, ctx.crate);
  if (literal !== undefined) {
    if (literal !== dangerWhen) return;
    const debugOnly = isDebugOnly(call);
    const optIn = !!optInCondition(call);
    if (optIn && !debugOnly && isLibraryPlumbing(call, undefined, ctx.crate)) return;
    const level: Level = debugOnly || optIn ? 'warning' : 'error';
    const why = debugOnly
      ? '\nIt is limited to debug builds here.'
      : optIn
        ? '\nA run-time setting decides whether this branch runs: make sure it can never be enabled in production.'
        : '';
    ctx.report({
      node: methodNameNode(call),
      level,
      messageId: 'switchOff',
      data: { call: `${method}(${arg.text})`, what, why },
      fixes: arg.type === 'boolean_literal' ? [setLiteral(arg, String(!dangerWhen))] : undefined,
    });
    return;
  }
  // A crate wrapper of the same switch (`fn danger_accept_invalid_certs(self, yes: bool)`, or one of its
  // aliases: openssl `fn verify_hostname(mut self, v: bool) { self.set_verify_hostname(v) }`, reqwest 0.13
  // `danger_accept_invalid_certs` → `tls_danger_accept_invalid_certs`) passes its parameter on: its
  // callers are checked by this rule where they call the wrapper.
  if (
    arg.type === 'identifier' &&
    findBinding(arg, ctx.crate)?.kind === 'param' &&
    sameSwitch(enclosingFunctionName(call), method)
  )
    return;
  // `verify_hostname(name)` is also a common name for a real check: a run-time value counts only on an OpenSSL `ConnectConfiguration`.
  if ((method === 'verify_hostname' || method === 'set_verify_hostname') && !onConnectConfiguration(call, ctx)) return;
  if (/^cfg!\(\s*debug_assertions\s*\)$/.test(arg.text)) {
    ctx.report({
      node: methodNameNode(call),
      level: 'warning',
      messageId: 'switchOffInDebug',
      data: { method, call: `${method}(${arg.text})`, what },
    });
    return;
  }
  // A library forwarding its user's setting: reported where the user sets it.
  if (isLibraryPlumbing(call, arg, ctx.crate)) return;
  const env = ENV_READ.test(arg.text) || originsOf(arg, ctx.crate).some((o) => ENV_READ.test(o.text));
  ctx.report({
    node: methodNameNode(call),
    level: 'warning',
    messageId: 'switchAtRunTime',
    data: { method, call: `${method}(${arg.text})`, what, env: env ? ' It is read from the environment.' : '' },
  });
}

/** Flipping a literal switch keeps the call and its type: safe. (A variable's value is not ours to change.) */
function setLiteral(arg: Node, text: string): FixDeclaration {
  return { kind: 'safe', description: `Set to \`${text}\``, edits: [{ node: arg, text }] };
}

/** The receiver of `call` is a tiberius `Config` (from `Config::new()` or an ADO/JDBC string). */
function isTiberiusConfig(call: Node, ctx: RuleContext): boolean {
  const receiver = describeCall(call).receiver;
  if (!receiver) return false;
  const root = chainOf(receiver, ctx.crate).root;
  const fn = root.type === 'call_expression' ? root.childForFieldName('function') : undefined;
  return (
    !!fn &&
    ctx.file.names.endsWith(
      fn,
      'tiberius::Config::new',
      'tiberius::Config::from_ado_string',
      'tiberius::Config::from_jdbc_string',
    )
  );
}

/** kube-rs `Config` (kube re-exports kube-client's). */
const KUBE_CONFIG = ['kube::Config', 'kube::config::Config', 'kube_client::Config', 'kube_client::config::Config'];
const KUBE_CONFIG_CTORS = [
  'infer',
  'from_kubeconfig',
  'from_custom_kubeconfig',
  'incluster',
  'incluster_env',
  'incluster_dns',
  'new',
];

/** The value is a kube `Config`: built by one of its constructors, or declared with that type. */
function isKubeConfig(object: Node, ctx: RuleContext): boolean {
  const chain = chainOf(object, ctx.crate);
  const fn = chain.root.type === 'call_expression' ? chain.root.childForFieldName('function') : undefined;
  if (fn && KUBE_CONFIG_CTORS.some((c) => ctx.file.names.endsWith(fn, ...KUBE_CONFIG.map((k) => `${k}::${c}`))))
    return true;
  const id = rootIdentifier(object);
  const declared = id ? findBinding(id, ctx.crate)?.type : undefined;
  const typeName = declared
    ? descendantsOfType(declared, ['scoped_type_identifier', 'type_identifier']).find(
        (t) => t.parent?.type !== 'scoped_type_identifier',
      )
    : undefined;
  return !!typeName && ctx.file.names.endsWith(typeName.text, ...KUBE_CONFIG);
}

/** kube `Config::accept_invalid_certs = true`: kube-client then installs a verifier that accepts every API server certificate. */
function checkKubeSwitch(ctx: RuleContext, at: Node, value: Node): void {
  const literal = booleanValue(value, ctx.crate);
  if (literal === false) return;
  if (literal === undefined) {
    // `config.accept_invalid_certs = args.insecure`: a danger flag with a run-time value, one level lower.
    ctx.report({
      node: at,
      level: 'warning',
      messageId: 'kubeSwitchAtRunTime',
      data: { value: value.text },
    });
    return;
  }
  const guarded = guard(at, ctx.crate);
  if (!guarded) return;
  ctx.report({
    node: at,
    level: guarded.level,
    messageId: 'kubeSwitch',
    data: { guard: guarded.note },
  });
}

/** Which switch a method name is (certificate or host-name, and the value that turns it off); undefined for other names. */
function switchKind(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (CERT_SWITCHES.has(name)) return 'certificate verification/true';
  if (HOSTNAME_SWITCHES.has(name)) return 'host-name verification/true';
  const what = VERIFY_SWITCHES.get(name);
  return what ? `${what}/false` : undefined;
}

/** `wrapper` is `method` itself or an alias of the same switch. */
function sameSwitch(wrapper: string | undefined, method: string): boolean {
  if (wrapper === method) return true;
  const kind = switchKind(method);
  return kind !== undefined && switchKind(wrapper) === kind;
}

function enclosingFunctionName(node: Node): string | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_item') return p.childForFieldName('name')?.text;
  return undefined;
}

/**
 * Lower to a warning when the call only runs behind an opt-in switch or in debug builds;
 * undefined when the switch is the library's user's (plumbing: reported where they set it).
 */
function guard(call: Node, crate: CrateModel): { level: Level; note: string } | undefined {
  if (isDebugOnly(call)) return { level: 'warning', note: '\nIt is limited to debug builds here.' };
  if (optInCondition(call)) {
    if (isLibraryPlumbing(call, undefined, crate)) return undefined;
    return {
      level: 'warning',
      note: '\nA run-time setting decides whether this runs: make sure it can never be enabled in production.',
    };
  }
  return { level: 'error', note: '' };
}

/** The receiver comes from `connector.configure()` (or is declared a `ConnectConfiguration`). */
function onConnectConfiguration(call: Node, ctx: RuleContext): boolean {
  const receiver = describeCall(call).receiver;
  if (!receiver) return false;
  const chain = chainOf(receiver, ctx.crate);
  if (chain.steps.some((s) => s.name === 'configure')) return true;
  const id = rootIdentifier(receiver);
  const declared = id ? (findBinding(id, ctx.crate)?.type?.text ?? '') : '';
  return /ConnectConfiguration/.test(declared) || opensslSide(receiver, ctx.crate) === 'client';
}

/** `SslVerifyMode::NONE` (also `SslVerifyMode::empty()`, which is the same bits). */
function verifiesNothing(arg: Node | undefined, ctx: RuleContext): boolean {
  if (!arg) return false;
  if (verifyModeOf(arg, ctx.crate)?.none) return true;
  return originsOf(arg, ctx.crate).some(
    (o) => o.type === 'call_expression' && /^(\w+::)*SslVerifyMode::empty\(\)$/.test(o.text.replace(/\s+/g, '')),
  );
}

/** OpenSSL connector `set_verify(SslVerifyMode::NONE)`. */
function checkOpensslVerifyNone(ctx: RuleContext, call: Node): void {
  const receiver = describeCall(call).receiver;
  const arg = callArguments(call)[0];
  if (!arg || !receiver || opensslSide(receiver, ctx.crate) !== 'client') return;
  if (reportNoneArm(ctx, arg) || !verifiesNothing(arg, ctx)) return;
  const guarded = guard(call, ctx.crate);
  if (!guarded) return;
  ctx.report({
    node: methodNameNode(call),
    level: guarded.level,
    messageId: 'opensslVerifyNone',
    data: {
      guard: guarded.note,
      help: " (the `SslConnector::builder` default) and trust the server's CA with `set_ca_file`",
    },
  });
}

/** `set_verify(if strict { PEER } else { NONE })`: the `NONE` arm, one level lower (a setting chooses it). */
function reportNoneArm(ctx: RuleContext, arg: Node): boolean {
  const { unsafe, chosen } = unsafeArms(arg, ctx.crate, (o) => verifiesNothingValue(o, ctx.crate));
  if (!chosen) return false;
  // A library choosing the arm from its user's setting is plumbing: reported where they set it.
  const guarded = isLibraryPlumbing(arg, arg, ctx.crate) ? undefined : guard(unsafe[0], ctx.crate);
  if (!guarded) return true;
  ctx.report({
    node: unsafe[0],
    level: lowerLevel(guarded.level),
    messageId: 'opensslNoneArm',
  });
  return true;
}

/** OpenSSL connector `set_verify_callback(.., |_, _| true)` (or with `SslVerifyMode::NONE`). */
function checkOpensslCallback(ctx: RuleContext, call: Node): void {
  const [modeArg, callback] = callArguments(call);
  if (!callback) return;
  const receiver = describeCall(call).receiver;
  if (!receiver) return;
  const alwaysTrue = callbackAlwaysTrue(callback, ctx.crate);
  const none = verifiesNothing(modeArg, ctx);
  if (!alwaysTrue && !none) return;
  if (opensslSide(receiver, ctx.crate) !== 'client') return;
  const guarded = guard(call, ctx.crate);
  if (!guarded) return;
  ctx.report({
    node: methodNameNode(call),
    level: guarded.level,
    ...(alwaysTrue
      ? { messageId: 'opensslCallback', data: { guard: guarded.note } }
      : { messageId: 'opensslVerifyNone', data: { guard: guarded.note, help: '' } }),
  });
}

/** isahc `ssl_options(SslOption::DANGER_ACCEPT_INVALID_CERTS | ..)`. */
function checkIsahcOptions(ctx: RuleContext, call: Node): void {
  const arg = callArguments(call)[0];
  if (!arg) return;
  const flags = originsOf(arg, ctx.crate).flatMap((o) =>
    descendantsOfType(o, ['identifier', 'field_identifier'])
      .map((i) => i.text)
      .concat(o.text),
  );
  const certs = flags.some((f) => /DANGER_ACCEPT_INVALID_CERTS$/.test(f));
  const hosts = flags.some((f) => /DANGER_ACCEPT_INVALID_HOSTS$/.test(f));
  if (!certs && !hosts) return;
  const guarded = guard(call, ctx.crate);
  if (!guarded) return;
  const what = certs ? 'certificate verification' : 'host-name verification';
  ctx.report({
    node: methodNameNode(call),
    level: guarded.level,
    messageId: 'isahcDanger',
    data: { flag: certs ? 'DANGER_ACCEPT_INVALID_CERTS' : 'DANGER_ACCEPT_INVALID_HOSTS', what, guard: guarded.note },
  });
}

/** A closure given where a verifier is expected (`with_custom_certificate_verifier(Arc::new(|..| Ok(())))`): not a rustls API, still flagged. */
function checkClosure(ctx: RuleContext, call: Node): void {
  const arg = callArguments(call)[0];
  const closure = arg ? stripWrappers(arg) : undefined;
  if (!closure || closure.type !== 'closure_expression') return;
  if (alwaysAcceptingReturns(closure, ctx.crate, true).length === 0) return;
  const { method, path } = describeCall(call);
  ctx.report({
    node: arg!,
    messageId: 'closure',
    data: { method: method ?? pathSegments(path!).join('::') },
  });
}
