// Rule 8: weak cipher suites — OpenSSL cipher strings that enable broken or fragile suites,
// and (under a TLS 1.3 policy) rustls configurations that list TLS 1.2 suites.
import type { Node } from '../parser/parser.js';
import type { Rule, RuleContext } from './rule.js';
import { consumingCalls, forwardSteps, originsOf, type ChainStep } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { builderCalls, evaluateCipherString, stringValues, type WeakCategory } from '../model/openssl.js';
import { v4Preset } from '../model/tls-versions.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  methodNameNode,
  namedChildren,
  pathSegments,
} from '../model/syntax.js';

const WHY: Record<WeakCategory, string> = {
  'NULL encryption': 'no encryption at all',
  EXPORT: '40/56-bit export keys (FREAK, Logjam)',
  'anonymous (aNULL)': 'no server authentication, so any man in the middle is accepted',
  RC4: 'RC4 keystream biases',
  DES: '56-bit DES keys',
  '3DES': '64-bit blocks open to Sweet32',
  RC2: 'RC2 with 40-bit export keys',
  IDEA: '64-bit IDEA blocks',
  MD5: 'MD5 MACs',
  'CBC-mode': 'MAC-then-encrypt CBC, the target of padding-oracle attacks (Lucky13, POODLE-style)',
};
/** rustls names for "every suite": both contain the TLS 1.2 suites. */
const RUSTLS_ALL_SUITES = /^(ALL_CIPHER_SUITES|ALL_CIPHERSUITES|DEFAULT_CIPHER_SUITES)$/;
/** rustls TLS 1.2 suite constants (`cipher_suite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`). */
const RUSTLS_TLS12_SUITE = /^TLS_ECDHE_(RSA|ECDSA)_WITH_/;
/** Methods that look a suite up or narrow a list rather than configure it. */
const LOOKUP = /\.(find|filter|filter_map|position|any|all|contains|get|retain|iter\(\)\.find)\s*\(/;
const QUIC_CONSUMER = /quic|quinn|h3/i;

export const rule: Rule = {
  meta: {
    id: 'weak-cipher-suites',
    name: 'WeakCipherSuites',
    defaultLevel: 'error',
    securitySeverity: 7.4,
    cwe: 327,
    precision: 'high',
    keywords: [
      'set_cipher_list',
      'set_ciphersuites',
      'mozilla_intermediate',
      'with_cipher_suites',
      'with_ciphersuites',
      'cipher_suites',
      'ciphersuites',
      'ALL_CIPHER',
      'DEFAULT_CIPHER_SUITES',
      'TLS_ECDHE_',
    ],
    messages: {
      weakSuites: {
        message: 'this OpenSSL cipher string enables {parts} suites',
        label: 'weak suites enabled',
        note: 'Enabled{examples}. {why}.{secLevel}',
        help: 'Allow only ECDHE suites with AES-GCM or ChaCha20-Poly1305.',
      },
      secLevelZero: {
        message: 'this OpenSSL cipher string sets `@SECLEVEL=0`',
        label: 'security level 0',
        note: 'It lifts every OpenSSL security-level check (short keys, SHA-1 and MD5 signatures, weak suites).',
        help: 'Remove `@SECLEVEL=0`.',
      },
      mozillaV4: {
        message: '`SslAcceptor::mozilla_intermediate` (Mozilla v4 preset) enables 3DES and CBC-mode suites',
        label: 'Mozilla v4 preset',
        note: 'Suites such as DES-CBC3-SHA and AES128-SHA: 64-bit blocks open to Sweet32 and padding-oracle-prone CBC.',
        help: 'Use `SslAcceptor::mozilla_intermediate_v5` or set an AEAD-only cipher list.',
      },
      tls12SuitesStrict: {
        message: 'this rustls configuration enables TLS 1.2 cipher suites',
        label: 'TLS 1.2 suites',
        note: 'The policy is TLS 1.3 only: {what}.',
        help: 'List only the `TLS13_*` suites and pin `TLS13`.',
      },
    },
    docs: {
      summary: 'Weak TLS cipher suites enabled.',
      whatItDoes:
        'Evaluates OpenSSL cipher strings passed to `set_cipher_list(..)` / `set_ciphersuites(..)` (literals, `const`/`static` items, `concat!`, `[..].join(":")`) the way OpenSSL does — aliases such as `ALL`, `DEFAULT`, `HIGH`, `A+B` intersections, `!X`/`-X` removals, `+X` reordering — and reports strings that leave NULL, EXPORT, anonymous (aNULL), RC4, DES, 3DES, MD5 or CBC-mode suites enabled, or that lower the security level with `@SECLEVEL=0`. The Mozilla v4 preset `SslAcceptor::mozilla_intermediate` (3DES and CBC-SHA1 suites) is reported here once its versions are raised to TLS 1.2 (not to TLS 1.3, which uses none of its list) and no cipher list replaces its own; as it comes, legacy-tls-version reports it. Under `min_tls_version = "1.3"` it warns where a rustls configuration lists TLS 1.2 suites: `ALL_CIPHER_SUITES`/`DEFAULT_CIPHER_SUITES`/`ALL_CIPHERSUITES` or `TLS_ECDHE_*` suites in `with_cipher_suites(..)` (0.20/0.21), `CryptoProvider { cipher_suites: .. }` (0.22+), `ServerConfig::with_ciphersuites(..)` (0.19). `CipherSuite::…` wire identifiers and lookups such as `ALL_CIPHER_SUITES.iter().find(..)` are not configuration and are ignored.',
      whyIsThisBad:
        'A client or attacker can steer the handshake to the weakest suite both sides accept. NULL and anonymous suites give up encryption or authentication outright, EXPORT/DES/RC4 are broken, 3DES falls to Sweet32, and CBC-mode suites are the target of padding-oracle attacks (Lucky13, POODLE-style) — all of them let a network attacker read or tamper with traffic (CWE-327). rustls has no weak suite; listing its TLS 1.2 suites only widens the policy.',
      knownLimits:
        'Cipher strings built at run time (read from configuration, `format!`) are not evaluated. The OpenSSL universe is modelled from OpenSSL 1.0.2–3.x suite names; `DEFAULT` is taken to contain CBC suites, which is true in every version. Security levels set by the system OpenSSL configuration are not known.',
      badExample: `builder.set_cipher_list("ALL:!aNULL")?;
builder.set_cipher_list("AES128-SHA:DES-CBC3-SHA:RC4-SHA")?;`,
      goodExample: `builder.set_cipher_list("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")?;
builder.set_ciphersuites("TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256")?;`,
      howToFix:
        'List ECDHE suites with AEAD ciphers only (AES-GCM, ChaCha20-Poly1305), or start from `SslAcceptor::mozilla_intermediate_v5` / `mozilla_modern_v5` and do not override their cipher list; never use `@SECLEVEL=0`. With rustls under a TLS 1.3 policy, list only the `TLS13_*` suites and pin `TLS13` as the only version.',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://docs.openssl.org/master/man1/openssl-ciphers/',
        'https://wiki.mozilla.org/Security/Server_Side_TLS',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_cipher_list',
        'https://docs.rs/rustls/latest/rustls/crypto/struct.CryptoProvider.html',
      ],
    },
  },

  create(ctx) {
    const strict = ctx.settings.minTlsVersion === '1.3';
    return {
      call_expression(call) {
        const { method, path } = describeCall(call);
        if (method === 'set_cipher_list' || method === 'set_ciphersuites') {
          checkOpenSslString(ctx, call, method);
        } else if (method === 'with_cipher_suites') {
          if (strict && isRustlsFile(ctx))
            checkRustlsSuites(ctx, callArguments(call)[0], call, () =>
              pinnedToTls13(ctx, forwardSteps(call, ctx.crate)),
            );
        } else if (path) {
          const resolved = ctx.file.names.resolve(path);
          if (pathEndsWith(resolved, 'SslAcceptor::mozilla_intermediate', 'SslAcceptorBuilder::mozilla_intermediate'))
            checkV4Preset(ctx, call);
          else if (
            strict &&
            pathEndsWith(resolved, 'ServerConfig::with_ciphersuites', 'ClientConfig::with_ciphersuites') &&
            isRustlsFile(ctx)
          ) {
            checkRustlsSuites(ctx, callArguments(call).at(-1), call, () =>
              pinnedToTls13(ctx, forwardSteps(call, ctx.crate)),
            );
          }
        }
      },
      struct_expression(node) {
        if (!strict) return;
        const name = node.childForFieldName('name');
        if (!name || pathSegments(name).at(-1) !== 'CryptoProvider') return;
        const body = node.childForFieldName('body');
        const field = body
          ? namedChildren(body).find(
              (f) => f.type === 'field_initializer' && f.childForFieldName('field')?.text === 'cipher_suites',
            )
          : undefined;
        const value = field?.childForFieldName('value');
        if (value && field) checkRustlsSuites(ctx, value, field, () => providerPinnedToTls13(ctx, node));
        else if (field === undefined) {
          const shorthand = body
            ? namedChildren(body).find((f) => f.type === 'shorthand_field_initializer' && f.text === 'cipher_suites')
            : undefined;
          if (shorthand) checkRustlsSuites(ctx, shorthand, shorthand, () => providerPinnedToTls13(ctx, node));
        }
      },
      assignment_expression(assign) {
        // `provider.cipher_suites = ..` (0.22+) / `config.ciphersuites = ..` (0.19)
        if (!strict || !isRustlsFile(ctx)) return;
        const left = assign.childForFieldName('left');
        const field = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : undefined;
        if (field !== 'cipher_suites' && field !== 'ciphersuites') return;
        checkRustlsSuites(ctx, assign.childForFieldName('right') ?? undefined, assign, () => false);
      },
    };
  },
};

function isRustlsFile(ctx: RuleContext): boolean {
  return /\brustls\b/.test(ctx.file.text);
}

function checkOpenSslString(ctx: RuleContext, call: Node, method: string): void {
  const arg = callArguments(call)[0];
  if (!arg) return;
  for (const { value, node } of stringValues(arg, ctx.crate)) {
    const verdict = evaluateCipherString(value);
    if (verdict.weak.length === 0 && !verdict.secLevelZero) continue;
    const inCall = node.startIndex >= call.startIndex && node.endIndex <= call.endIndex;
    const parts: string[] = verdict.weak.map((w) => w.category);
    if (verdict.secLevelZero) parts.push('`@SECLEVEL=0`');
    const examples = verdict.weak
      .map((w) => w.example)
      .slice(0, 3)
      .join(', ');
    const why = verdict.weak
      .map((w) => WHY[w.category])
      .slice(0, 2)
      .join('; ');
    ctx.report({
      // The configuring call (rustfmt often puts a long cipher string on a line of its own).
      node: methodNameNode(call),
      ...(verdict.weak.length > 0
        ? {
            messageId: 'weakSuites',
            data: {
              parts: list(parts),
              examples: examples ? ` (e.g. ${examples})` : '',
              why: why.charAt(0).toUpperCase() + why.slice(1),
              secLevel: verdict.secLevelZero ? ' `@SECLEVEL=0` also lifts every security-level check.' : '',
            },
          }
        : { messageId: 'secLevelZero' }),
      related: inCall ? [] : [{ node, label: `cipher string given to \`${method}\`` }],
    });
    return;
  }
}

function list(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * `SslAcceptor::mozilla_intermediate` (v4) keeps DES-CBC3-SHA and CBC-SHA1 suites unless a cipher list replaces them.
 * The catalog files the preset under legacy-tls-version (whose note names its suites): reported here only once its
 * versions are raised, when the suites are what is left (not when raised to TLS 1.3, which uses none of them).
 */
function checkV4Preset(ctx: RuleContext, call: Node): void {
  if (v4Preset(call, ctx.file, ctx.crate)) return;
  const { calls, handedTo } = builderCalls(call, ctx.crate);
  if (calls.some((s) => s.name === 'set_cipher_list')) return;
  // Raised to TLS 1.3 only: the cipher list (TLS 1.2 and below) is never used.
  if (calls.some((s) => s.name === 'set_min_proto_version' && /\bTLS1_3\b/.test(s.args.map((a) => a.text).join(' '))))
    return;
  if (handedTo.some((fn) => /set_cipher_list/.test(fn.text))) return;
  ctx.report({
    node: call,
    messageId: 'mozillaV4',
  });
}

/** rustls suites listed under a TLS 1.3 policy: every-suite constants or TLS 1.2 suite constants. */
function checkRustlsSuites(ctx: RuleContext, value: Node | undefined, site: Node, pinned: () => boolean): void {
  if (!value) return;
  const hits: Node[] = [];
  for (const origin of originsOf(value, ctx.crate)) {
    if (LOOKUP.test(origin.text)) continue;
    for (const n of descendantsOfType(origin, ['scoped_identifier', 'identifier'])) {
      if (n.parent?.type === 'scoped_identifier') continue;
      const segs = pathSegments(n);
      const last = segs.at(-1) ?? '';
      if (segs.at(-2) === 'CipherSuite') continue; // wire identifiers, not configuration
      if (RUSTLS_ALL_SUITES.test(last) || RUSTLS_TLS12_SUITE.test(last)) hits.push(n);
    }
  }
  if (hits.length === 0 || pinned()) return;
  const hit = hits[0];
  const what = RUSTLS_ALL_SUITES.test(pathSegments(hit).at(-1) ?? '')
    ? `\`${pathSegments(hit).slice(-1)[0]}\` includes the six TLS 1.2 suites`
    : `\`${pathSegments(hit).at(-1)}\` is a TLS 1.2 suite`;
  ctx.report({
    // The configuring call or field (`with_cipher_suites`, `cipher_suites: ..`, `provider.cipher_suites = ..`).
    node: site.type === 'call_expression' && describeCall(site).method ? methodNameNode(site) : site,
    level: 'warning',
    messageId: 'tls12SuitesStrict',
    data: { what },
  });
}

/** The builder goes on to `with_protocol_versions(&[&TLS13])` only (TLS 1.2 suites are then never used), or 0.19 `versions = vec![TLSv1_3]`. */
function pinnedToTls13(ctx: RuleContext, steps: ChainStep[]): boolean {
  const pin = steps.find((s) => s.name === 'with_protocol_versions' || s.name === 'versions=');
  if (!pin?.args[0]) return false;
  const text = originsOf(pin.args[0], ctx.crate)
    .map((o) => o.text)
    .join(' ');
  return /TLS13|TLSv1_3/.test(text) && !/TLS12|TLSv1_2|ALL_VERSIONS|DEFAULT_VERSIONS/.test(text);
}

/** A `CryptoProvider { .. }` handed to `builder_with_provider(..)` whose chain pins TLS 1.3 only, or to QUIC. */
function providerPinnedToTls13(ctx: RuleContext, provider: Node): boolean {
  for (const consumer of consumingCalls(provider, ctx.crate)) {
    const fn = consumer.childForFieldName('function');
    if (QUIC_CONSUMER.test(fn?.text ?? '')) return true;
    const name = fn ? (pathSegments(fn).at(-1) ?? '') : '';
    if (/^builder_with_(provider|details)$/.test(name)) {
      if (pinnedToTls13(ctx, forwardSteps(consumer, ctx.crate))) return true;
      if (
        consumingCalls(consumer, ctx.crate).some((c) => QUIC_CONSUMER.test(c.childForFieldName('function')?.text ?? ''))
      )
        return true;
    }
  }
  return false;
}
