// Rule 6: a rustls config whose protocol versions are left to the library defaults.
import type { Node } from '../parser/parser.js';
import type { Rule } from './rule.js';
import { consumingCalls, forwardSteps, type ItemLookup } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { describeCall } from '../model/syntax.js';

const SERVER_BUILDERS = ['ServerConfig::builder', 'ServerConfig::builder_with_provider', 'ServerConfig::builder_with_details'];
const CLIENT_BUILDERS = ['ClientConfig::builder', 'ClientConfig::builder_with_provider', 'ClientConfig::builder_with_details'];
/** rustls 0.19: `ServerConfig::new(verifier)` / `ClientConfig::new()`, versions set through the `versions` field. */
const SERVER_019 = ['ServerConfig::new', 'ServerConfig::with_ciphersuites'];
const CLIENT_019 = ['ClientConfig::new', 'ClientConfig::with_ciphersuites'];
/** Steps that pin the versions explicitly. */
const PINNING_STEPS = new Set(['with_protocol_versions', 'versions=']);
/** QUIC is TLS 1.3 only: configs handed to quinn/QUIC need no version pinning. */
const QUIC_CONSUMER = /quic|quinn|h3/i;

export const rule: Rule = {
  meta: {
    id: 'missing-protocol-versions',
    name: 'MissingProtocolVersions',
    defaultLevel: 'note',
    securitySeverity: 3.7,
    cwe: 326,
    precision: 'high',
    keywords: ['ServerConfig', 'ClientConfig'],
    docs: {
      summary: 'rustls configuration whose protocol versions are left to the library defaults.',
      whatItDoes:
        'Flags rustls server configs (and, under a TLS 1.3 policy, client configs) built without choosing the protocol versions: a `ServerConfig::builder()` / `builder_with_provider(..)` chain (0.20–0.23) that never calls `with_protocol_versions(..)` (`with_safe_defaults()` and `with_safe_default_protocol_versions()` keep the defaults), or a 0.19 `ServerConfig::new(..)` whose `versions` field is never assigned. `builder_with_protocol_versions(..)` is the explicit form. The chain is followed through `let` bindings and shadowing. A note under the default policy (`min_tls_version = "1.2"`), a warning under `min_tls_version = "1.3"`. Configs handed to QUIC (TLS 1.3 only) are not reported.',
      whyIsThisBad:
        'rustls never negotiates below TLS 1.2, so the defaults are safe today; but a service whose policy is TLS 1.3 only (no RSA key exchange-era cipher negotiation, encrypted certificates, no renegotiation surface) silently keeps TLS 1.2 enabled, and the version set changes with library upgrades rather than with a reviewed decision (CWE-326).',
      knownLimits:
        'A builder passed to another function that pins the versions there is reported. Configs built by helper crates (axum-server `from_pem_file`, hyper-rustls) are not seen: their own defaults apply.',
      badExample: `let config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;`,
      goodExample: `let config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;`,
      howToFix:
        'rustls 0.22/0.23: start from `ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])` (or `builder_with_provider(p).with_protocol_versions(&[..])?`). rustls 0.20/0.21: `.with_safe_default_cipher_suites().with_safe_default_kx_groups().with_protocol_versions(&[&rustls::version::TLS13])?` instead of `.with_safe_defaults()`. rustls 0.19: `config.versions = vec![ProtocolVersion::TLSv1_3];`.',
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
        const server = pathEndsWith(resolved, ...SERVER_BUILDERS, ...SERVER_019);
        const client = pathEndsWith(resolved, ...CLIENT_BUILDERS, ...CLIENT_019);
        if (!server && !(client && strict)) return;
        // Someone else's `ServerConfig` (an app settings struct, quinn, tonic): only rustls paths count.
        if (resolved[0] !== 'rustls' && (resolved.length > 2 || !/\brustls\b/.test(ctx.file.text))) return;
        const steps = forwardSteps(call, ctx.crate);
        if (steps.some((s) => PINNING_STEPS.has(s.name))) return;
        if (handedToQuic(call, ctx.crate)) return;
        ctx.report({
          node: call,
          level: strict ? 'warning' : 'note',
          message: strict
            ? `This rustls ${server ? 'server' : 'client'} config leaves protocol versions to the defaults, so TLS 1.2 stays enabled although the policy is TLS 1.3 only. Pin them with \`builder_with_protocol_versions(&[&rustls::version::TLS13])\`.`
            : `This rustls ${server ? 'server' : 'client'} config leaves protocol versions to the library defaults (TLS 1.2 and 1.3). Choose them explicitly with \`builder_with_protocol_versions(..)\` so that a policy change is a reviewed decision.`,
        });
      },
    };
  },
};

function handedToQuic(call: Node, items: ItemLookup): boolean {
  return consumingCalls(call, items).some((c) => QUIC_CONSUMER.test(c.childForFieldName('function')?.text ?? ''));
}
