// Rule 6: a rustls config whose protocol versions are left to the library defaults.
import type { Node } from '../parser/parser.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import { calleeBodies, valueUsesThroughReturns } from '../model/flow.js';
import { pathEndsWith, rustlsCrateIn } from '../model/names.js';
import { calleeNames } from '../model/side.js';
import { nativeTlsConstruction, setsMinimumVersion } from '../model/native-tls.js';
import { ancestors, callArguments, describeCall, methodNameNode, pathSegments } from '../model/syntax.js';

const SERVER_BUILDERS = [
  'ServerConfig::builder',
  'ServerConfig::builder_with_provider',
  'ServerConfig::builder_with_details',
];
const CLIENT_BUILDERS = [
  'ClientConfig::builder',
  'ClientConfig::builder_with_provider',
  'ClientConfig::builder_with_details',
];
/** rustls 0.19: `ServerConfig::new(verifier)` / `ClientConfig::new()`, versions set through the `versions` field. */
const SERVER_019 = ['ServerConfig::new', 'ServerConfig::with_ciphersuites'];
const CLIENT_019 = ['ClientConfig::new', 'ClientConfig::with_ciphersuites'];
/** Steps that pin the versions explicitly. */
const PINNING_STEPS = new Set(['with_protocol_versions', 'versions=']);
/**
 * The first steps of a rustls 0.22+ `builder()` (it returns `WantsVerifier`; 0.20/0.21's returns
 * `WantsCipherSuites`, followed by `with_safe_defaults()` or cipher suites): a `builder()` followed
 * by one of these is a version that has `builder_with_protocol_versions`.
 */
const VERIFIER_STEPS = new Set([
  'with_no_client_auth',
  'with_client_cert_verifier',
  'with_root_certificates',
  'with_webpki_verifier',
  'with_platform_verifier',
  'dangerous',
]);
/** QUIC is TLS 1.3 only: configs handed to quinn/QUIC need no version pinning. */
const QUIC_CONSUMER = /quic|quinn|\bh3\b/i;

export const rule: Rule = {
  meta: {
    id: 'missing-protocol-versions',
    name: 'MissingProtocolVersions',
    defaultLevel: 'note',
    securitySeverity: 3.7,
    cwe: 326,
    precision: 'high',
    keywords: ['ServerConfig', 'ClientConfig', 'native_tls'],
    messages: {
      rustlsDefaultsStrict: {
        message: 'this rustls {side} config leaves protocol versions to the defaults, so TLS 1.2 stays enabled',
        label: 'default protocol versions',
        note: 'The policy is TLS 1.3 only.',
        help: 'Pin them with `builder_with_protocol_versions(&[&rustls::version::TLS13])`.',
      },
      rustlsDefaults: {
        message: 'this rustls {side} config leaves protocol versions to the library defaults',
        label: 'default protocol versions (TLS 1.2 and 1.3)',
        note: 'The defaults are TLS 1.2 and 1.3; an explicit choice makes a policy change a reviewed decision.',
        help: 'Choose them explicitly with `builder_with_protocol_versions(..)`.',
      },
      nativeTlsNoMinimumStrict: {
        message: 'this native-tls {kind} never sets `min_protocol_version`',
        label: 'protocol floor left to the platform',
        note: "Its protocol floor is the platform's (TLS 1.2 or lower) although the policy is TLS 1.3 only.",
        help: 'Call `min_protocol_version(Some(Protocol::Tlsv13))` where the platform supports it, or use rustls/openssl.',
      },
      nativeTlsNoMinimum: {
        message: 'this native-tls {kind} never sets `min_protocol_version`',
        label: 'protocol floor left to the platform',
        note: 'The platform decides the oldest protocol it accepts (OpenSSL 3 refuses TLS < 1.2 by default, other platforms may not).',
        help: 'Call `min_protocol_version(Some(Protocol::Tlsv12))` on the builder.',
      },
    },
    docs: {
      summary: 'rustls configuration whose protocol versions are left to the library defaults.',
      whatItDoes:
        'Flags rustls server configs (and, under a TLS 1.3 policy, client configs) built without choosing the protocol versions: a `ServerConfig::builder()` / `builder_with_provider(..)` chain (0.20–0.23) that never calls `with_protocol_versions(..)`, or a 0.19 `ServerConfig::new(..)` whose `versions` field is never assigned. `builder_with_protocol_versions(..)` is the explicit form; `with_safe_default_protocol_versions()` and the 0.20/0.21 `with_safe_defaults()` choose the safe defaults explicitly and are reported only under a TLS 1.3 policy (they keep TLS 1.2). native-tls acceptors built without `min_protocol_version(..)` leave the oldest accepted protocol to the platform (OpenSSL 3 refuses TLS < 1.2 at its default security level, other platforms may not) and are reported too; native-tls connectors only under a TLS 1.3 policy. The chain is followed through `let` bindings, shadowing and functions that return the builder. A note under the default policy (`min_tls_version = "1.2"`), a warning under `min_tls_version = "1.3"`. Configs handed to QUIC (quinn, `QuicServerConfig`) or offering only the `h3` ALPN are TLS 1.3 only and are not reported.',
      whyIsThisBad:
        'rustls never negotiates below TLS 1.2, so the defaults are safe today; but a service whose policy is TLS 1.3 only (no RSA key exchange-era cipher negotiation, encrypted certificates, no renegotiation surface) silently keeps TLS 1.2 enabled, and the version set changes with library upgrades rather than with a reviewed decision (CWE-326).',
      knownLimits:
        'The builder is followed through `let` bindings, shadowing, wrappers, helper functions that return it (at their call sites) and helper functions it is handed to (a helper that mentions `with_protocol_versions` is trusted). Configs built by helper crates (axum-server `from_pem_file`, hyper-rustls `with_single_cert`) are not seen: their own defaults apply. A crate that defines its own `ServerConfig` type is only checked where the path resolves to rustls.',
      badExample: `let config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;`,
      goodExample: `let config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;`,
      howToFix:
        "rustls 0.22/0.23: start from `ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])` (or `builder_with_provider(p).with_protocol_versions(&[..])?`). rustls 0.20/0.21: `.with_safe_default_cipher_suites().with_safe_default_kx_groups().with_protocol_versions(&[&rustls::version::TLS13])?` instead of `.with_safe_defaults()`. rustls 0.19: `config.versions = vec![ProtocolVersion::TLSv1_3];`. `--fix-suggestions` (or the editor's quick fix) rewrites a rustls 0.22+ `X::builder()` — one whose next step takes the verifier — into `X::builder_with_protocol_versions(&[&rustls::version::TLS13])`, with `TLS13` spelled as the file's imports or the builder's own path allow (`version::TLS13`, `tokio_rustls::rustls::version::TLS13`). It is a suggestion, not a safe fix: TLS 1.2 peers are refused afterwards. Builders whose version cannot be told from their chain (handed to a helper, 0.20/0.21 shapes, `builder_with_provider`) get none.",
      references: [
        'https://cwe.mitre.org/data/definitions/326.html',
        'https://docs.rs/rustls/latest/rustls/struct.ConfigBuilder.html',
        'https://docs.rs/rustls/latest/rustls/version/index.html',
      ],
    },
  },

  create(ctx) {
    const strict = ctx.settings.minTlsVersion === '1.3';
    return {
      call_expression(call) {
        const { path } = describeCall(call);
        if (!path) return;
        const resolved = ctx.file.names.resolve(path);
        const native = nativeTlsConstruction(resolved, call);
        if (native) {
          checkNativeTls(ctx, call, native, strict);
          return;
        }
        const server = pathEndsWith(resolved, ...SERVER_BUILDERS, ...SERVER_019);
        const client = pathEndsWith(resolved, ...CLIENT_BUILDERS, ...CLIENT_019);
        if (!server && !(client && strict)) return;
        if (!isRustlsConfig(ctx, call, resolved)) return;
        const uses = valueUsesThroughReturns(call, ctx.crate);
        const steps = uses.flatMap((u) => (u.kind === 'method' ? [u.step] : []));
        if (steps.some((s) => PINNING_STEPS.has(s.name))) return;
        const consumers = uses.flatMap((u) => (u.kind === 'argument' ? [u.call] : []));
        // QUIC is TLS 1.3 only: configs handed to quinn/QUIC, or offering only the `h3` ALPN.
        if (consumers.some((c) => QUIC_CONSUMER.test(calleeNames(c, ctx.crate)))) return;
        if (
          steps.some(
            (s) =>
              s.name === 'alpn_protocols=' &&
              /b"h3/.test(s.args[0]?.text ?? '') &&
              !/b"h2|http\/1/.test(s.args[0]?.text ?? ''),
          )
        )
          return;
        // A builder handed to a crate function that chooses the versions there.
        if (
          consumers.some((c) =>
            calleeBodies(c, ctx.crate).some((body) =>
              /with_protocol_versions|builder_with_protocol_versions|\.versions\s*=/.test(body),
            ),
          )
        )
          return;
        // 0.20/0.21 `.with_safe_defaults()` / `.with_safe_default_protocol_versions()` choose the safe
        // defaults explicitly (catalog revision 2): only a TLS 1.3 policy wants more, and they are the call a fix replaces.
        const defaults = steps.find(
          (s) => s.name === 'with_safe_defaults' || s.name === 'with_safe_default_protocol_versions',
        );
        if (defaults && !strict) return;
        const fix = defaults ? undefined : pinTls13(ctx, call, resolved, steps[0]?.name);
        ctx.report({
          node: defaults ? methodNameNode(defaults.call) : call,
          level: strict ? 'warning' : 'note',
          messageId: strict ? 'rustlsDefaultsStrict' : 'rustlsDefaults',
          data: { side: server ? 'server' : 'client' },
          fixes: fix && [fix],
        });
      },
    };
  },
};

/**
 * A suggestion (a policy decision: TLS 1.2 clients are refused afterwards): `X::builder()` becomes
 * `X::builder_with_protocol_versions(&[&rustls::version::TLS13])`, only on a rustls 0.22+
 * `builder()`, the one shape where that call takes its place with the same type.
 */
function pinTls13(ctx: RuleContext, call: Node, resolved: string[], firstStep?: string): FixDeclaration | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'scoped_identifier' || callArguments(call).length > 0) return undefined;
  if (resolved.at(-1) !== 'builder' || !firstStep || !VERIFIER_STEPS.has(firstStep)) return undefined;
  const tls13 = tls13Spelling(ctx, call, pathSegments(fn));
  return {
    kind: 'suggestion',
    description: `Allow TLS 1.3 only: \`builder_with_protocol_versions(&[&${tls13}])\``,
    edits: [{ node: call, text: `${fn.text}_with_protocol_versions(&[&${tls13}])` }],
  };
}

/**
 * How the call can name `rustls::version::TLS13`: through the file's imports (`TLS13`,
 * `version::TLS13`; outside inline modules, which have imports of their own), else through the
 * crate path the builder is written or imported with (`tokio_rustls::rustls::version::TLS13`),
 * else as the file names rustls elsewhere (`rustlsCrateIn`).
 */
function tls13Spelling(ctx: RuleContext, call: Node, written: string[]): string {
  const names = (spelling: string) => ctx.file.names.resolve(spelling).join('::') === 'rustls::version::TLS13';
  const inModule = [...ancestors(call)].some((a) => a.type === 'mod_item');
  for (const spelling of inModule ? [] : ['TLS13', 'version::TLS13']) if (names(spelling)) return spelling;
  const via = written.length > 2 ? written : (ctx.file.names.imported(written[0]) ?? []);
  const crate = via.indexOf('rustls');
  // `self::`/`super::` paths are relative to the module of their `use`.
  if (crate >= 0 && via[0] !== 'self' && via[0] !== 'super')
    return [...via.slice(0, crate + 1), 'version', 'TLS13'].join('::');
  return `${rustlsCrateIn(ctx.file.text)}::version::TLS13`;
}

/**
 * native-tls leaves the minimum version to the platform without `min_protocol_version(..)`:
 * acceptors are reported (note; warning under a TLS 1.3 policy), connectors only under a TLS 1.3
 * policy, like rustls clients.
 */
function checkNativeTls(ctx: RuleContext, call: Node, kind: 'acceptor' | 'connector', strict: boolean): void {
  if (kind === 'connector' && !strict) return;
  if (setsMinimumVersion(call, ctx.crate)) return;
  ctx.report({
    node: call,
    level: strict ? 'warning' : 'note',
    messageId: strict ? 'nativeTlsNoMinimumStrict' : 'nativeTlsNoMinimum',
    data: { kind },
  });
}

/**
 * Only rustls configs: a path that resolves into rustls, or a bare `ServerConfig::…` in a file
 * that uses rustls while the crate defines no `ServerConfig` of its own (app settings, quinn, tonic).
 */
function isRustlsConfig(ctx: RuleContext, call: Node, resolved: string[]): boolean {
  // `rustls::…`, `tokio_rustls::rustls::…`, a workspace crate's `pub use rustls;` (`fleet_tls::rustls::…`).
  if (resolved.slice(0, -2).some((seg) => seg === 'rustls')) return true;
  if (resolved.length > 2 || !/\brustls\b/.test(ctx.file.text)) return false;
  const type = resolved[0];
  if (ctx.crate.declaresType(type)) return false;
  // 0.19 `ServerConfig::new(verifier)` takes exactly one argument (a client verifier).
  const name = resolved.at(-1);
  if (name === 'new' && type === 'ServerConfig' && callArguments(call).length !== 1) return false;
  if (name === 'new' && type === 'ClientConfig' && callArguments(call).length !== 0) return false;
  return true;
}
