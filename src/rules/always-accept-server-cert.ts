// Rule 4: client-side TLS that does not verify the server.
import type { Node } from '../parser/parser.js';
import type { Level } from '../types.js';
import type { Rule, RuleContext } from './rule.js';
import { pathEndsWith } from '../model/names.js';
import { originsOf } from '../model/flow.js';
import { sideOfValue } from '../model/side.js';
import { isDebugOnly } from '../model/code-kind.js';
import { alwaysAcceptingReturns, callbackIgnoresVerdict, implMethod, installSites } from '../model/verifier.js';
import { booleanLiteral, callArguments, describeCall, methodNameNode } from '../model/syntax.js';

/** reqwest 0.11–0.13 and native-tls builder switches that turn verification off. */
const DANGER_SWITCHES = new Set([
  'danger_accept_invalid_certs', 'danger_accept_invalid_hostnames', 'tls_danger_accept_invalid_certs', 'tls_danger_accept_invalid_hostnames',
]);
/** OpenSSL `ConnectConfiguration` switches. */
const HOSTNAME_SWITCHES = new Set(['verify_hostname', 'set_verify_hostname']);
const INSTALLERS = ['with_custom_certificate_verifier', 'set_certificate_verifier'];
const ENV_GUARD = /env::var|env!|std::env|getenv|dotenv/;

export const rule: Rule = {
  meta: {
    id: 'always-accept-server-cert',
    name: 'AlwaysAcceptServerCert',
    defaultLevel: 'error',
    securitySeverity: 9.1,
    cwe: 295,
    precision: 'high',
    keywords: ['ServerCertVerifier', 'danger_accept_invalid', 'verify_hostname', 'set_verify', 'SslConnector'],
    docs: {
      summary: 'Client-side TLS that does not verify the server certificate or host name.',
      whatItDoes:
        'Flags TLS clients that accept any server: a custom rustls `ServerCertVerifier` (0.19–0.23) whose `verify_server_cert` cannot fail and returns `Ok(ServerCertVerified::assertion())` (with the places it is installed through `dangerous()` as related locations — `with_custom_certificate_verifier` alone is not a finding, rustls-platform-verifier uses it), reqwest/native-tls `danger_accept_invalid_certs(true)` and `danger_accept_invalid_hostnames(true)` (reqwest 0.13 `tls_danger_*`), OpenSSL connectors with `set_verify(SslVerifyMode::NONE)`, `verify_hostname(false)`/`set_verify_hostname(false)`, or a verify callback returning `true` regardless of `preverify_ok`. A non-literal flag is a warning: the value decides at run time. `false` is never reported.',
      whyIsThisBad:
        'Without server verification anyone on the network path can impersonate the upstream (a billing service, an identity provider) and read or change everything the service sends, including the client certificate handshake of an outbound mTLS call (CWE-295). Such switches are added "temporarily" for a test environment and ship.',
      knownLimits:
        'A verifier that calls any function named `verify…`/`check…` is trusted. A flag computed far away (configuration struct) is reported as a warning when not a literal.',
      badExample: `let upstream = reqwest::Client::builder()
    .identity(identity)
    .danger_accept_invalid_certs(true)
    .build()?;`,
      goodExample: `let upstream = reqwest::Client::builder()
    .tls_built_in_root_certs(false)
    .add_root_certificate(reqwest::Certificate::from_pem(&internal_ca_pem)?)
    .identity(identity)
    .build()?;`,
      howToFix:
        'Trust the right CA instead of trusting everything: add the internal CA as a root (`add_root_certificate`, `RootCertStore::add`, `set_ca_file`) and keep host-name verification on. For tests, generate a CA with the test certificates.',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.rs/reqwest/latest/reqwest/struct.ClientBuilder.html#method.danger_accept_invalid_certs',
        'https://docs.rs/rustls/latest/rustls/client/danger/trait.ServerCertVerifier.html',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.ConnectConfiguration.html#method.set_verify_hostname',
      ],
    },
  },

  create(ctx) {
    return {
      impl_item(impl) {
        checkVerifierImpl(ctx, impl);
      },
      call_expression(call) {
        const { method } = describeCall(call);
        if (!method) return;
        if (DANGER_SWITCHES.has(method)) checkSwitch(ctx, call, method, true);
        else if (HOSTNAME_SWITCHES.has(method)) checkSwitch(ctx, call, method, false);
        else if (method === 'set_verify') checkOpensslVerifyNone(ctx, call);
        else if (method === 'set_verify_callback') checkOpensslCallback(ctx, call);
      },
    };
  },
};

function checkVerifierImpl(ctx: RuleContext, impl: Node): void {
  const trait = impl.childForFieldName('trait');
  const traitPath = trait ? ctx.file.names.resolve(trait.type === 'generic_type' ? trait.childForFieldName('type') ?? trait : trait) : [];
  if (!pathEndsWith(traitPath, 'ServerCertVerifier')) return;
  const fn = implMethod(ctx.crate, impl, 'verify_server_cert');
  const accepting = fn ? alwaysAcceptingReturns(fn, ctx.crate) : [];
  if (accepting.length === 0) return;
  const typeName = ctx.crate.impls.find((i) => i.node.id === impl.id && i.node.tree === impl.tree)?.typeName ?? '';
  ctx.report({
    node: accepting[0],
    message: `\`${typeName}::verify_server_cert\` accepts every server certificate: it has no way to return an error. Anyone on the network path can impersonate the server.`,
    related: installSites(ctx.crate, typeName, INSTALLERS).map((node) => ({ node, message: `${typeName} is installed here` })),
  });
}

/** `danger_accept_invalid_certs(flag)` / `verify_hostname(flag)`: dangerous when `flag` enables (resp. disables). */
function checkSwitch(ctx: RuleContext, call: Node, method: string, dangerWhenTrue: boolean): void {
  const arg = callArguments(call)[0];
  if (!arg) return;
  // A variable or const bound to a literal counts as that literal.
  const origins = originsOf(arg, ctx.crate).map(booleanLiteral);
  const literal = origins.length > 0 && origins.every((o) => o === origins[0]) ? origins[0] : undefined;
  const what = method.includes('hostname') ? 'host-name verification' : 'certificate verification';
  if (literal !== undefined) {
    if (literal !== dangerWhenTrue) return;
    const guarded = isDebugOnly(call);
    ctx.report({
      node: methodNameNode(call),
      level: guarded ? 'warning' : 'error',
      message: `\`${method}(${arg.text})\` turns off server ${what}: any server, or anyone in between, is accepted.${guarded ? ' It is limited to debug builds here.' : ''}`,
    });
    return;
  }
  const level: Level = 'warning';
  const hint = ENV_GUARD.test(arg.text) ? ' It is read from the environment.' : '';
  ctx.report({
    node: methodNameNode(call),
    level,
    message: `\`${method}(${arg.text})\` can turn off server ${what}; the value decides at run time.${hint} Make sure it can never be set in production.`,
  });
}

function checkOpensslVerifyNone(ctx: RuleContext, call: Node): void {
  const arg = callArguments(call)[0];
  if (!arg || arg.type !== 'scoped_identifier' || !pathEndsWith(ctx.file.names.resolve(arg), 'SslVerifyMode::NONE')) return;
  if (sideOfValue(call, ctx.crate) !== 'client') return;
  ctx.report({ node: methodNameNode(call), message: 'This OpenSSL connector uses `SslVerifyMode::NONE`: the server certificate is not verified, so anyone can impersonate the server.' });
}

function checkOpensslCallback(ctx: RuleContext, call: Node): void {
  const callback = callArguments(call)[1];
  if (!callback || !callbackIgnoresVerdict(callback) || sideOfValue(call, ctx.crate) !== 'client') return;
  ctx.report({ node: methodNameNode(call), message: 'This OpenSSL verify callback returns `true` without reading `preverify_ok`, so every server certificate is accepted. Keep OpenSSL\'s verdict.' });
}
