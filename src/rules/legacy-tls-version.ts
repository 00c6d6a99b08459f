// Rule 7: TLS versions older than 1.2 allowed (and TLS 1.2 listed under a TLS 1.3 policy).
import type { Node } from '../parser/parser.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import type { Level } from '../types.js';
import { lowerLevel } from '../model/flow.js';
import { opensslSide } from '../model/openssl.js';
import {
  otherBoundLegacy,
  clearedLegacyOptions,
  newerVersionsOffLegacyOn,
  rustls019Tls12,
  rustlsTls12Listed,
  v4Preset,
  versionSetting,
  type VersionHit,
  type VersionSetting,
} from '../model/tls-versions.js';
import { branchCondition, describeCall, methodNameNode } from '../model/syntax.js';

export const rule: Rule = {
  meta: {
    id: 'legacy-tls-version',
    name: 'LegacyTlsVersion',
    defaultLevel: 'error',
    securitySeverity: 7.4,
    cwe: 327,
    precision: 'high',
    keywords: [
      'set_min_proto_version',
      'set_max_proto_version',
      'clear_options',
      'set_options',
      'mozilla_intermediate',
      'mozilla_modern',
      'min_protocol_version',
      'max_protocol_version',
      'TlsAcceptor',
      'TlsConnector',
      'min_tls_version',
      'max_tls_version',
      'tls_version_min',
      'tls_version_max',
      'with_protocol_versions',
      'TLS12',
      'TLSv1_2',
      'ALL_VERSIONS',
      'DEFAULT_VERSIONS',
      'ssl_version',
      'ssl_min_max_version',
    ],
    messages: {
      tls12Strict: {
        message: '{what}, so TLS 1.2 is accepted',
        label: 'TLS 1.2 accepted',
        note: 'The policy is TLS 1.3 only.',
        help: 'List TLS 1.3 alone.',
      },
      noMinimum: {
        message: '{code} lets this {subject} negotiate the oldest protocol',
        label: 'no minimum version',
        note: 'The oldest protocol the {library} supports: SSL 3.0/TLS 1.0.',
        help: '{help}',
      },
      legacyMinimum: {
        message: '{subject} accepts {version}',
        label: 'accepts {version}',
        note: '{code}: {version} is a deprecated protocol open to downgrade attacks.',
        help: '{help}',
      },
      legacyCap: {
        message: '{subject} is capped at {version}',
        label: 'capped at {version}',
        note: '{code}: it only speaks deprecated protocols.',
        help: '{help}',
      },
      newerVersionsOff: {
        message: 'this OpenSSL {side} turns newer protocol versions off and leaves TLS 1.0 on',
        label: '`set_options({names})`',
        note: 'Setting {names} without `NO_TLSV1` leaves TLS 1.0 as the version below 1.3 it can negotiate.',
        help: 'Remove those options and use `set_min_proto_version(Some(SslVersion::TLS1_2))`.',
      },
      optionsCleared: {
        message: 'this OpenSSL {side} re-enables deprecated protocol versions',
        label: '`clear_options({names})`',
        note: 'Clearing {names} turns the deprecated protocol versions back on.',
        help: 'Keep those options set and use `set_min_proto_version(Some(SslVersion::TLS1_2))`.',
      },
      intermediateV4: {
        message: '`SslAcceptor::mozilla_intermediate` is the deprecated Mozilla v4 preset',
        label: 'accepts TLS 1.0 and 1.1',
        note: 'It accepts TLS 1.0 and 1.1 (and 3DES/CBC-SHA1 suites).',
        help: 'Use `SslAcceptor::mozilla_intermediate_v5` (TLS 1.2+) or `mozilla_modern_v5`.',
      },
      modernV4: {
        message: '`SslAcceptor::mozilla_modern` is the deprecated Mozilla v4 preset',
        label: 'TLS 1.2 only',
        note: 'It allows TLS 1.2 only, although the policy is TLS 1.3 only.',
        help: 'Use `SslAcceptor::mozilla_modern_v5` (TLS 1.3).',
      },
    },
    docs: {
      summary: 'TLS versions older than 1.2 allowed.',
      whatItDoes:
        'Flags TLS setups that accept SSL 3.0, TLS 1.0 or TLS 1.1: OpenSSL `set_min_proto_version(Some(SslVersion::SSL3 | TLS1 | TLS1_1))` or `set_min_proto_version(None)` (the oldest the library supports), `set_max_proto_version(..)` capped below TLS 1.2 (unless the minimum of the same builder is already legacy: one finding), `clear_options(SslOptions::NO_TLSV1 | ..)`, `set_options(NO_TLSV1_1 | NO_TLSV1_2)` without `NO_TLSV1` (newer versions off, TLS 1.0 left on), the Mozilla v4 preset `SslAcceptor::mozilla_intermediate` (TLS 1.0+) unless the versions are raised afterwards (the v4 `mozilla_modern` allows TLS 1.2 only: reported only under a TLS 1.3 policy); native-tls `min_protocol_version(Some(Protocol::Sslv3 | Tlsv10 | Tlsv11))` or `(None)` (a native-tls builder that never calls `min_protocol_version` leaves the floor to the platform: missing-protocol-versions reports it); reqwest `min_tls_version(Version::TLS_1_0 | TLS_1_1)` and its 0.13 alias `tls_version_min`; curl `Easy::ssl_version(SslVersion::Tlsv1 | Tlsv10 | Tlsv11 | Sslv3)` and the minimum of `ssl_min_max_version(..)`. Under `min_tls_version = "1.3"` it also warns where TLS 1.2 is listed explicitly: rustls `with_protocol_versions(&[.., &TLS12])`, `builder_with_protocol_versions(..)`, `ALL_VERSIONS`, 0.19 `config.versions = vec![.., ProtocolVersion::TLSv1_2]`, OpenSSL `SslVersion::TLS1_2` and reqwest `Version::TLS_1_2` minimums.',
      whyIsThisBad:
        'SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996): they rely on SHA-1/MD5 in the handshake, CBC constructions open to BEAST/POODLE/Lucky13-style attacks, and no AEAD suites. A server or client that still accepts them can be downgraded by an active attacker and fails PCI DSS and most compliance baselines (CWE-327).',
      knownLimits:
        "openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. The operating system can further restrict native-tls and OpenSSL (system crypto policies, OpenSSL security levels); the rule reports what the code asks for. Versions read from run-time configuration are not evaluated; a version chosen per arm of an `if`/`match`/`unwrap_or` on a setting, where another arm is TLS 1.2 or higher, is reported on the legacy arm as a warning, with its condition. A builder handed to another function is assumed to be configured there when that function sets a version, unless the minimum it sets may be below 1.2 (a wrapper library's default `Protocol::Tlsv10` converted by a variant-for-variant `match` and passed down, as native-tls does; such a default is reported where it is written).",
      badExample: `let mut builder = SslAcceptor::mozilla_intermediate(SslMethod::tls())?;
builder.set_min_proto_version(Some(SslVersion::TLS1))?;
let connector = native_tls::TlsConnector::builder()
    .min_protocol_version(Some(native_tls::Protocol::Tlsv10))
    .build()?;`,
      goodExample: `let mut builder = SslAcceptor::mozilla_modern_v5(SslMethod::tls())?;
builder.set_min_proto_version(Some(SslVersion::TLS1_3))?;
let connector = native_tls::TlsConnector::builder()
    .min_protocol_version(Some(native_tls::Protocol::Tlsv12))
    .build()?;`,
      howToFix:
        'OpenSSL: start from `SslAcceptor::mozilla_intermediate_v5` / `mozilla_modern_v5` and set `set_min_proto_version(Some(SslVersion::TLS1_2))` (or `TLS1_3`); never clear `NO_TLSV1*` options. native-tls: always call `min_protocol_version(Some(Protocol::Tlsv12))` on the builder. reqwest: `min_tls_version(reqwest::tls::Version::TLS_1_2)`. rustls under a TLS 1.3 policy: `builder_with_protocol_versions(&[&rustls::version::TLS13])`.',
      references: [
        'https://cwe.mitre.org/data/definitions/327.html',
        'https://datatracker.ietf.org/doc/html/rfc8996',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_min_proto_version',
        'https://docs.rs/native-tls/latest/native_tls/struct.TlsConnectorBuilder.html#method.min_protocol_version',
        'https://docs.rs/reqwest/latest/reqwest/struct.ClientBuilder.html#method.min_tls_version',
      ],
    },
  },

  create(ctx) {
    const strict = ctx.settings.minTlsVersion === '1.3';
    return {
      call_expression(call) {
        const { method } = describeCall(call);
        if (method) checkMethod(ctx, call, method);
        const tls12 = strict ? rustlsTls12Listed(call, ctx.file, ctx.crate) : undefined;
        if (tls12) {
          const what = `this rustls config enables TLS 1.2 (\`${tls12.text}\`)`;
          report(ctx, method ? methodNameNode(call) : call, tls12Message(what), 'warning');
        }
        const preset = v4Preset(call, ctx.file, ctx.crate);
        // The v4 modern preset is TLS 1.2 only: no legacy version (catalog revision 2), but below a 1.3 policy.
        if (preset === 'intermediate' || (preset === 'modern' && strict)) {
          const [messageId, level] =
            preset === 'intermediate' ? ['intermediateV4', undefined] : ['modernV4', 'warning' as const];
          report(ctx, call, { messageId }, level, undefined, { fix: v5Preset(call) });
        }
        // A native-tls builder without `min_protocol_version` leaves the floor to the platform: that is
        // missing-protocol-versions' finding since catalog revision 2 (no legacy version is written).
      },
      assignment_expression(assign) {
        // rustls 0.19: `config.versions = vec![ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2];`
        if (strict && rustls019Tls12(assign, ctx.file, ctx.crate))
          report(ctx, assign, tls12Message('this rustls config lists `ProtocolVersion::TLSv1_2`'), 'warning');
      },
    };
  },
};

/** A report's message: an id of `meta.messages` and its placeholders. */
type Message = { messageId: string; data?: Record<string, string> };

function tls12Message(what: string): Message {
  return { messageId: 'tls12Strict', data: { what } };
}

function checkMethod(ctx: RuleContext, call: Node, method: string): void {
  const strict = ctx.settings.minTlsVersion === '1.3';
  const setting = versionSetting(call, method, ctx.file, ctx.crate, strict);
  if (setting && !setting.isMin && otherBoundLegacy(call, method, ctx.file, ctx.crate)) return;
  if (setting) {
    for (const hit of setting.hits) reportVersion(ctx, call, method, setting, hit);
  } else if (method === 'set_options' || method === 'clear_options') {
    // Newer versions turned off with TLS 1.0 left on, or the deprecated ones turned back on.
    const setting = method === 'set_options';
    const names = (setting ? newerVersionsOffLegacyOn : clearedLegacyOptions)(call, ctx.file, ctx.crate);
    if (names.length > 0)
      report(ctx, methodNameNode(call), {
        messageId: setting ? 'newerVersionsOff' : 'optionsCleared',
        data: { names: names.join(', '), side: sideWord(ctx, call) },
      });
  }
}

/** One version a setting call allows, worded for its library. */
function reportVersion(ctx: RuleContext, call: Node, method: string, s: VersionSetting, hit: VersionHit) {
  const { isMin, chosen } = s;
  const { origin, constant: last, version } = hit;
  switch (s.library) {
    case 'openssl': {
      const side = sideWord(ctx, call);
      if (hit.kind === 'none') {
        const data = { code: '`set_min_proto_version(None)`', subject: `OpenSSL ${side}`, library: 'library' };
        const help = 'Set `Some(SslVersion::TLS1_2)` or higher.';
        return report(ctx, origin, { messageId: 'noMinimum', data: { ...data, help } }, undefined, call, { chosen });
      }
      if (hit.kind === 'tls12') {
        const what = `this OpenSSL ${side} sets its minimum to \`SslVersion::TLS1_2\``;
        return report(ctx, origin, tls12Message(what), 'warning', call);
      }
      // A native-tls `Protocol` converted for OpenSSL (`min.map(cvt)`) is named as written.
      const native = /^(Sslv3|Tlsv1\d)$/.test(last);
      const code = native
        ? `\`Protocol::${last}\`, converted for \`${method}\``
        : `\`${method}(Some(SslVersion::${last}))\``;
      const help = isMin
        ? `Set the minimum to \`${native ? 'Protocol::Tlsv12' : 'SslVersion::TLS1_2'}\` or higher.`
        : 'Remove the cap or raise it to `SslVersion::TLS1_3`.';
      const subject = `this OpenSSL ${side}`;
      return legacy(ctx, call, s, hit, { subject, version, code, help }, native ? 'Tlsv12' : 'TLS1_2');
    }
    case 'native-tls': {
      if (hit.kind === 'none') {
        const data = { code: '`min_protocol_version(None)`', subject: 'native-tls endpoint', library: 'platform' };
        const help = 'Use `Some(Protocol::Tlsv12)`.';
        return report(ctx, origin, { messageId: 'noMinimum', data: { ...data, help } }, undefined, call, { chosen });
      }
      const code = isMin ? `\`Protocol::${last}\`` : `\`max_protocol_version(Some(Protocol::${last}))\``;
      const help = isMin ? 'Use `min_protocol_version(Some(Protocol::Tlsv12))`.' : 'Remove the cap.';
      return legacy(ctx, call, s, hit, { subject: 'this native-tls endpoint', version, code, help }, 'Tlsv12');
    }
    case 'reqwest': {
      if (hit.kind === 'tls12') {
        const what = 'this HTTP client sets its minimum to `Version::TLS_1_2`';
        return report(ctx, origin, tls12Message(what), 'warning', call);
      }
      const code = `\`${method}(Version::${last})\``;
      const help = isMin ? 'Use `Version::TLS_1_2` or higher.' : 'Remove the cap.';
      return legacy(ctx, call, s, hit, { subject: 'this HTTP client', version, code, help }, 'TLS_1_2');
    }
    case 'curl': {
      const data = {
        subject: 'this curl handle',
        version,
        code: `\`SslVersion::${last}\``,
        help: 'Use `SslVersion::Tlsv12` or higher.',
      };
      return legacy(ctx, call, s, hit, data, 'Tlsv12');
    }
  }
}

/** A legacy minimum or cap; a minimum written as a qualified constant is raised by a safe fix (unless a legacy cap stays). */
function legacy(
  ctx: RuleContext,
  call: Node,
  s: VersionSetting,
  hit: VersionHit,
  data: Record<string, string>,
  raiseTo: string,
): void {
  const messageId = s.isMin ? 'legacyMinimum' : 'legacyCap';
  // Raising the minimum under a legacy cap would leave no version: then there is no safe fix.
  const fix =
    s.isMin && !otherBoundLegacy(call, describeCall(call).method ?? '', ctx.file, ctx.crate)
      ? raiseConstant(hit.origin, raiseTo)
      : undefined;
  report(ctx, hit.origin, { messageId, data }, undefined, call, { chosen: s.chosen, fix });
}

function sideWord(ctx: RuleContext, call: Node): string {
  const side = opensslSide(describeCall(call).receiver ?? call, ctx.crate);
  return side === 'server' ? 'server' : side === 'client' ? 'client' : 'context';
}

/**
 * `SslVersion::TLS1` → `SslVersion::TLS1_2`: the same type, one path segment. Only a qualified path:
 * a bare constant would need one more `use` line (not mechanical).
 */
function raiseConstant(origin: Node, constant: string): FixDeclaration | undefined {
  const name = origin.type === 'scoped_identifier' ? origin.childForFieldName('name') : null;
  if (!name) return undefined;
  return { kind: 'safe', description: `Raise the minimum to \`${constant}\``, edits: [{ node: name, text: constant }] };
}

/** `SslAcceptor::mozilla_intermediate(m)` → `mozilla_intermediate_v5(m)`: same signature, the v5 preset. */
function v5Preset(call: Node): FixDeclaration | undefined {
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'scoped_identifier' ? fn.childForFieldName('name') : null;
  if (!name || !/^mozilla_(intermediate|modern)$/.test(name.text)) return undefined;
  return {
    kind: 'safe',
    description: `Use the v5 preset \`${name.text}_v5\``,
    edits: [{ node: name, text: `${name.text}_v5` }],
  };
}

function report(
  ctx: RuleContext,
  node: Node,
  message: Message,
  level?: Level,
  call?: Node,
  extra: { chosen?: boolean; fix?: FixDeclaration } = {},
): void {
  // A legacy arm a setting chooses: at the arm, one level lower; the engine's message says when it applies.
  // A default that a caller may replace (a field's initial value, a setter's parameter elsewhere) is no arm.
  if (extra.chosen && branchCondition(node) !== undefined) {
    ctx.report({ node, ...message, level: lowerLevel(level ?? 'error') });
    return;
  }
  const fixes = extra.fix ? [extra.fix] : undefined;
  // At the configuring call (`set_min_proto_version`, `min_tls_version`); a value chosen elsewhere
  // (`let minimum = SslVersion::SSL3`, a library's default in another file) is pointed to.
  if (call) {
    const inside = node.startIndex >= call.startIndex && node.endIndex <= call.endIndex;
    ctx.report({
      node: methodNameNode(call),
      ...message,
      level,
      related: inside ? [] : [{ node, label: 'the version is chosen here' }],
      fixes,
    });
    return;
  }
  ctx.report({ node, ...message, level, fixes });
}
