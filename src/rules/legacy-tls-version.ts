// Rule 7: TLS versions older than 1.2 allowed (and TLS 1.2 listed under a TLS 1.3 policy).
import type { Node } from '../parser/parser.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import type { Level } from '../types.js';
import { chainOf, findBinding, lowerLevel, originsOf, unsafeArms, type ChainStep } from '../model/flow.js';
import { NATIVE_TLS_CRATES } from '../model/native-tls.js';
import { pathEndsWith } from '../model/names.js';
import { builderCalls, opensslSide, V4_ACCEPTOR_PRESETS } from '../model/openssl.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  methodNameNode,
  pathSegments,
} from '../model/syntax.js';

/** OpenSSL `SslVersion` constants below TLS 1.2, with their names. */
const OPENSSL_LEGACY: Record<string, string> = { SSL3: 'SSL 3.0', TLS1: 'TLS 1.0', TLS1_1: 'TLS 1.1' };
/** native-tls `Protocol` variants below TLS 1.2. */
const NATIVE_LEGACY: Record<string, string> = { Sslv3: 'SSL 3.0', Tlsv10: 'TLS 1.0', Tlsv11: 'TLS 1.1' };
/** curl `easy::SslVersion` minimums below TLS 1.2 (`Tlsv1` is libcurl's "TLS 1.0 or later"). */
const CURL_LEGACY: Record<string, string> = {
  Sslv2: 'SSL 2.0',
  Sslv3: 'SSL 3.0',
  Tlsv1: 'TLS 1.0',
  Tlsv10: 'TLS 1.0',
  Tlsv11: 'TLS 1.1',
};
/** reqwest `tls::Version` constants below TLS 1.2. */
const REQWEST_LEGACY: Record<string, string> = { TLS_1_0: 'TLS 1.0', TLS_1_1: 'TLS 1.1' };
/** `SslOptions` flags whose clearing re-enables an old protocol. */
const NO_LEGACY_OPTION = /^NO_(SSLV2|SSLV3|TLSV1|TLSV1_1)$/;
const NO_LEGACY_TEXT = /\bNO_(SSLV3|TLSV1|TLSV1_1)\b/;

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
        'Flags TLS setups that accept SSL 3.0, TLS 1.0 or TLS 1.1: OpenSSL `set_min_proto_version(Some(SslVersion::SSL3 | TLS1 | TLS1_1))` or `set_min_proto_version(None)` (the oldest the library supports), `set_max_proto_version(..)` capped below TLS 1.2, `clear_options(SslOptions::NO_TLSV1 | ..)`, the Mozilla v4 preset `SslAcceptor::mozilla_intermediate` (TLS 1.0+) unless the versions are raised afterwards (the v4 `mozilla_modern` allows TLS 1.2 only: reported only under a TLS 1.3 policy); native-tls `min_protocol_version(Some(Protocol::Sslv3 | Tlsv10 | Tlsv11))` or `(None)` (a native-tls builder that never calls `min_protocol_version` leaves the floor to the platform: missing-protocol-versions reports it); reqwest `min_tls_version(Version::TLS_1_0 | TLS_1_1)` and its 0.13 alias `tls_version_min`; curl `Easy::ssl_version(SslVersion::Tlsv1 | Tlsv10 | Tlsv11 | Sslv3)` and the minimum of `ssl_min_max_version(..)`. Under `min_tls_version = "1.3"` it also warns where TLS 1.2 is listed explicitly: rustls `with_protocol_versions(&[.., &TLS12])`, `builder_with_protocol_versions(..)`, `ALL_VERSIONS`, 0.19 `config.versions = vec![.., ProtocolVersion::TLSv1_2]`, OpenSSL `SslVersion::TLS1_2` and reqwest `Version::TLS_1_2` minimums.',
      whyIsThisBad:
        'SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996): they rely on SHA-1/MD5 in the handshake, CBC constructions open to BEAST/POODLE/Lucky13-style attacks, and no AEAD suites. A server or client that still accepts them can be downgraded by an active attacker and fails PCI DSS and most compliance baselines (CWE-327).',
      knownLimits:
        "openssl 0.7–0.9 spellings (`SSL_VERIFY_NONE`/`SSL_VERIFY_PEER`, `SslConnectorBuilder::new`, `SslAcceptorBuilder::mozilla_intermediate`, `.builder_mut()`) are judged like today's API. The operating system can further restrict native-tls and OpenSSL (system crypto policies, OpenSSL security levels); the rule reports what the code asks for. Versions read from run-time configuration are not evaluated; a version chosen per arm of an `if`/`match`/`unwrap_or` on a setting, where another arm is TLS 1.2 or higher, is reported on the legacy arm as a warning, with its condition. A builder handed to another function is assumed to be configured there when that function sets a version.",
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
        const { method, path } = describeCall(call);
        if (method) checkMethod(ctx, call, method, strict);
        else if (path) checkPathCall(ctx, call, path, strict);
      },
      assignment_expression(assign) {
        // rustls 0.19: `config.versions = vec![ProtocolVersion::TLSv1_3, ProtocolVersion::TLSv1_2];`
        if (!strict) return;
        const left = assign.childForFieldName('left');
        const right = assign.childForFieldName('right');
        if (left?.type !== 'field_expression' || left.childForFieldName('field')?.text !== 'versions' || !right) return;
        const tls12 = versionNodes(ctx, right).find((n) => pathSegments(n).at(-1) === 'TLSv1_2');
        if (tls12 && /\bProtocolVersion\b/.test(right.text + ctx.file.text) && /\brustls\b/.test(ctx.file.text)) {
          ctx.report({
            node: assign,
            level: 'warning',
            ...tls12Message('this rustls config lists `ProtocolVersion::TLSv1_2`'),
          });
        }
      },
    };
  },
};

/** A report's message: an id of `meta.messages` and its placeholders. */
type Message = { messageId: string; data?: Record<string, string> };

function tls12Message(what: string): Message {
  return { messageId: 'tls12Strict', data: { what } };
}

function checkMethod(ctx: RuleContext, call: Node, method: string, strict: boolean): void {
  const arg = callArguments(call)[0];
  switch (method) {
    case 'set_min_proto_version':
    case 'set_max_proto_version': {
      const isMin = method === 'set_min_proto_version';
      const chosen = settingChooses(
        ctx,
        arg,
        (o) =>
          (isMin && o.type === 'identifier' && o.text === 'None') ||
          (isOpenSslVersion(ctx, o) && !!OPENSSL_LEGACY[lastSegment(ctx, o)]),
      );
      for (const origin of arg ? originsOf(arg, ctx.crate) : []) {
        const last = lastSegment(ctx, origin);
        const side = sideWord(ctx, call);
        if (isMin && origin.type === 'identifier' && origin.text === 'None') {
          report(
            ctx,
            origin,
            {
              messageId: 'noMinimum',
              data: {
                code: '`set_min_proto_version(None)`',
                subject: `OpenSSL ${side}`,
                library: 'library',
                help: 'Set `Some(SslVersion::TLS1_2)` or higher.',
              },
            },
            undefined,
            call,
            { chosen },
          );
          return;
        }
        if (!isOpenSslVersion(ctx, origin)) continue;
        if (OPENSSL_LEGACY[last]) {
          report(
            ctx,
            origin,
            {
              messageId: isMin ? 'legacyMinimum' : 'legacyCap',
              data: {
                subject: `this OpenSSL ${side}`,
                version: OPENSSL_LEGACY[last],
                code: `\`${method}(Some(SslVersion::${last}))\``,
                help: isMin
                  ? 'Set the minimum to `SslVersion::TLS1_2` or higher.'
                  : 'Remove the cap or raise it to `SslVersion::TLS1_3`.',
              },
            },
            undefined,
            call,
            { chosen, fix: isMin ? raiseConstant(origin, 'TLS1_2') : undefined },
          );
          if (chosen) continue; // every legacy arm a setting can choose is its own finding
          return;
        }
        if (isMin && strict && last === 'TLS1_2') {
          report(
            ctx,
            origin,
            tls12Message(`this OpenSSL ${side} sets its minimum to \`SslVersion::TLS1_2\``),
            'warning',
            call,
          );
          return;
        }
      }
      return;
    }
    case 'clear_options': {
      const flags = arg
        ? originsOf(arg, ctx.crate)
            .flatMap((o) => descendantsOfType(o, ['scoped_identifier', 'identifier']))
            .filter((n) => NO_LEGACY_OPTION.test(lastSegment(ctx, n)))
        : [];
      if (flags.length === 0) return;
      const { calls } = builderCalls(describeCall(call).receiver ?? call, ctx.crate);
      if (calls.some((s) => s.name === 'set_min_proto_version' && raisesMinimum(ctx, s))) return;
      // Cleared to be set again (`clear_options(mask); set_options(options)` from configuration, or a minimum set later).
      const later = calls.filter((s) => s.call.startIndex > call.startIndex);
      if (later.some((s) => s.name === 'set_min_proto_version')) return;
      if (
        later.some(
          (s) =>
            s.name === 'set_options' &&
            s.args[0] &&
            originsOf(s.args[0], ctx.crate).some((o) => NO_LEGACY_TEXT.test(o.text)),
        )
      )
        return;
      const fn = enclosingFunction(call);
      if (
        later.some((s) => s.name === 'set_options') &&
        fn &&
        NO_LEGACY_TEXT.test(fn.text.slice(call.endIndex - fn.startIndex))
      )
        return;
      const names = [...new Set(flags.map((f) => lastSegment(ctx, f)))].join(', ');
      report(ctx, methodNameNode(call), { messageId: 'optionsCleared', data: { names, side: sideWord(ctx, call) } });
      return;
    }
    case 'min_protocol_version':
    case 'max_protocol_version': {
      const isMin = method === 'min_protocol_version';
      const chosen = settingChooses(
        ctx,
        arg,
        (o) =>
          (isMin && o.type === 'identifier' && o.text === 'None') ||
          (!!NATIVE_LEGACY[lastSegment(ctx, o)] && isNativeProtocol(ctx, o)),
      );
      for (const origin of arg ? originsOf(arg, ctx.crate) : []) {
        const last = lastSegment(ctx, origin);
        if (isMin && origin.type === 'identifier' && origin.text === 'None' && nativeTlsReceiver(ctx, call)) {
          report(
            ctx,
            origin,
            {
              messageId: 'noMinimum',
              data: {
                code: '`min_protocol_version(None)`',
                subject: 'native-tls endpoint',
                library: 'platform',
                help: 'Use `Some(Protocol::Tlsv12)`.',
              },
            },
            undefined,
            call,
            { chosen },
          );
          return;
        }
        if (NATIVE_LEGACY[last] && isNativeProtocol(ctx, origin)) {
          report(
            ctx,
            origin,
            {
              messageId: isMin ? 'legacyMinimum' : 'legacyCap',
              data: {
                subject: 'this native-tls endpoint',
                version: NATIVE_LEGACY[last],
                code: isMin ? `\`Protocol::${last}\`` : `\`max_protocol_version(Some(Protocol::${last}))\``,
                help: isMin ? 'Use `min_protocol_version(Some(Protocol::Tlsv12))`.' : 'Remove the cap.',
              },
            },
            undefined,
            call,
            { chosen, fix: isMin ? raiseConstant(origin, 'Tlsv12') : undefined },
          );
          if (chosen) continue;
          return;
        }
      }
      return;
    }
    case 'min_tls_version':
    case 'tls_version_min':
    case 'max_tls_version':
    case 'tls_version_max': {
      const isMin = method.includes('min');
      const chosen = settingChooses(
        ctx,
        arg,
        (o) =>
          o.type === 'scoped_identifier' &&
          ctx.file.names.resolve(o).at(-2) === 'Version' &&
          !!REQWEST_LEGACY[ctx.file.names.resolve(o).at(-1) ?? ''],
      );
      for (const origin of arg ? originsOf(arg, ctx.crate) : []) {
        const resolved = origin.type === 'scoped_identifier' ? ctx.file.names.resolve(origin) : [];
        const last = resolved.at(-1) ?? '';
        if (resolved.at(-2) !== 'Version') continue;
        if (REQWEST_LEGACY[last]) {
          report(
            ctx,
            origin,
            {
              messageId: isMin ? 'legacyMinimum' : 'legacyCap',
              data: {
                subject: 'this HTTP client',
                version: REQWEST_LEGACY[last],
                code: `\`${method}(Version::${last})\``,
                help: isMin ? 'Use `Version::TLS_1_2` or higher.' : 'Remove the cap.',
              },
            },
            undefined,
            call,
            { chosen, fix: isMin ? raiseConstant(origin, 'TLS_1_2') : undefined },
          );
          if (chosen) continue;
          return;
        }
        if (isMin && strict && last === 'TLS_1_2') {
          report(ctx, origin, tls12Message('this HTTP client sets its minimum to `Version::TLS_1_2`'), 'warning', call);
          return;
        }
      }
      return;
    }
    case 'ssl_version':
    case 'ssl_min_max_version':
      if (arg) checkCurlMinimum(ctx, call, arg);
      return;
    case 'with_protocol_versions':
      if (strict && arg) checkRustlsVersions(ctx, call, arg);
      return;
    default:
      return;
  }
}

function checkPathCall(ctx: RuleContext, call: Node, path: Node, strict: boolean): void {
  const resolved = ctx.file.names.resolve(path);
  const args = callArguments(call);
  if (
    pathEndsWith(
      resolved,
      'ServerConfig::builder_with_protocol_versions',
      'ClientConfig::builder_with_protocol_versions',
    )
  ) {
    if (strict && args[0]) checkRustlsVersions(ctx, call, args[0]);
    return;
  }
  if (pathEndsWith(resolved, ...V4_ACCEPTOR_PRESETS)) {
    checkV4Preset(ctx, call, resolved.at(-1) === 'mozilla_intermediate');
    return;
  }
  // A native-tls builder without `min_protocol_version` leaves the floor to the platform: that is
  // missing-protocol-versions' finding since catalog revision 2 (no legacy version is written).
}

/** `SslAcceptor::mozilla_intermediate` (v4: TLS 1.0+) / `mozilla_modern` (v4: TLS 1.3 disabled), unless the builder raises its versions. */
function checkV4Preset(ctx: RuleContext, call: Node, intermediate: boolean): void {
  const { calls, handedTo } = builderCalls(call, ctx.crate);
  if (calls.some((s) => s.name === 'set_min_proto_version' || s.name === 'set_max_proto_version')) return;
  if (
    intermediate &&
    calls.some(
      (s) =>
        s.name === 'set_options' &&
        /NO_TLSV1_1/.test(s.args.map((a) => a.text).join(' ')) &&
        /NO_TLSV1\b/.test(s.args.map((a) => a.text).join(' ')),
    )
  )
    return;
  if (handedTo.some((fn) => /set_min_proto_version|NO_TLSV1_1/.test(fn.text))) return;
  if (intermediate) {
    report(ctx, call, { messageId: 'intermediateV4' }, undefined, undefined, { fix: v5Preset(call) });
  } else if (ctx.settings.minTlsVersion === '1.3') {
    // The v4 modern preset is TLS 1.2 only: no legacy version (catalog revision 2), but below a 1.3 policy.
    report(ctx, call, { messageId: 'modernV4' }, 'warning', undefined, { fix: v5Preset(call) });
  }
}

/** curl `Easy::ssl_version(v)` / `ssl_min_max_version(min, max)`: the first argument is the minimum. */
function checkCurlMinimum(ctx: RuleContext, call: Node, arg: Node): void {
  const isLegacy = (o: Node) => !!CURL_LEGACY[lastSegment(ctx, o)] && isCurlVersion(ctx, o);
  const chosen = settingChooses(ctx, arg, isLegacy);
  for (const origin of originsOf(arg, ctx.crate)) {
    if (!isLegacy(origin)) continue;
    const last = lastSegment(ctx, origin);
    report(
      ctx,
      origin,
      {
        messageId: 'legacyMinimum',
        data: {
          subject: 'this curl handle',
          version: CURL_LEGACY[last],
          code: `\`SslVersion::${last}\``,
          help: 'Use `SslVersion::Tlsv12` or higher.',
        },
      },
      undefined,
      call,
      { chosen, fix: raiseConstant(origin, 'Tlsv12') },
    );
    if (!chosen) return;
  }
}

/** rustls `with_protocol_versions(..)` / `builder_with_protocol_versions(..)` listing TLS 1.2 (policy 1.3 only). */
function checkRustlsVersions(ctx: RuleContext, call: Node, arg: Node): void {
  if (!/\brustls\b/.test(ctx.file.text) && ctx.file.names.resolve('TLS12')[0] !== 'rustls') return;
  const hit = versionNodes(ctx, arg).find((n) => {
    const segs = n.type === 'scoped_identifier' ? ctx.file.names.resolve(n) : ctx.file.names.resolve(n.text);
    const last = segs.at(-1) ?? '';
    return last === 'TLS12' || last === 'ALL_VERSIONS' || last === 'DEFAULT_VERSIONS';
  });
  if (!hit) return;
  report(
    ctx,
    describeCall(call).method ? methodNameNode(call) : call,
    tls12Message(`this rustls config enables TLS 1.2 (\`${hit.text}\`)`),
    'warning',
  );
}

/** Version-like path nodes (outermost paths and plain identifiers, also inside `vec![..]`) in the values an argument may take. */
function versionNodes(ctx: RuleContext, arg: Node): Node[] {
  const out: Node[] = [];
  for (const origin of originsOf(arg, ctx.crate)) {
    for (const n of descendantsOfType(origin, ['scoped_identifier', 'identifier'])) {
      if (n.parent?.type === 'scoped_identifier') continue;
      if (/^(TLS12|TLS13|TLSv1_[0-3]|ALL_VERSIONS|DEFAULT_VERSIONS)$/.test(pathSegments(n).at(-1) ?? '')) out.push(n);
    }
  }
  return out;
}

function raisesMinimum(ctx: RuleContext, step: ChainStep): boolean {
  const arg = step.args[0];
  return !!arg && originsOf(arg, ctx.crate).some((o) => /^TLS1_[23]$/.test(lastSegment(ctx, o)));
}

function lastSegment(ctx: RuleContext, node: Node): string {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return '';
  return ctx.file.names.resolve(node.type === 'scoped_identifier' ? node : node.text).at(-1) ?? '';
}

/** `SslVersion::TLS1`, an alias of it, or a bare imported constant from openssl/boring. */
function isOpenSslVersion(ctx: RuleContext, node: Node): boolean {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return false;
  const segs = ctx.file.names.resolve(node.type === 'scoped_identifier' ? node : node.text);
  return segs.at(-2) === 'SslVersion' || segs[0] === 'openssl' || segs[0] === 'boring';
}

/** `curl::easy::SslVersion::Tlsv10`, or `SslVersion::Tlsv10` in a file that uses curl (openssl spells its constants `TLS1`). */
function isCurlVersion(ctx: RuleContext, node: Node): boolean {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return false;
  const segs = ctx.file.names.resolve(node.type === 'scoped_identifier' ? node : node.text);
  return segs[0] === 'curl' || (segs.at(-2) === 'SslVersion' && /\bcurl\b/.test(ctx.file.text));
}

function isNativeProtocol(ctx: RuleContext, node: Node): boolean {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return false;
  const segs = ctx.file.names.resolve(node.type === 'scoped_identifier' ? node : node.text);
  return segs.at(-2) === 'Protocol' || NATIVE_TLS_CRATES.has(segs[0] ?? '');
}

/** The receiver of `.min_protocol_version(None)` is a native-tls builder. */
function nativeTlsReceiver(ctx: RuleContext, call: Node): boolean {
  const { root } = chainOf(describeCall(call).receiver ?? call, ctx.crate);
  const fn = root.type === 'call_expression' ? describeCall(root).path : undefined;
  const resolved = fn ? ctx.file.names.resolve(fn) : [];
  if (resolved.slice(0, -2).some((seg) => NATIVE_TLS_CRATES.has(seg))) return true;
  // `fn harden(builder: &mut native_tls::TlsConnectorBuilder)`.
  if (
    root.type === 'identifier' &&
    /\bTls(Connector|Acceptor)Builder\b/.test(findBinding(root, ctx.crate)?.type?.text ?? '')
  )
    return true;
  return (
    /\bnative_tls\b/.test(ctx.file.text) &&
    pathEndsWith(resolved, 'TlsConnector::builder', 'TlsAcceptor::builder', 'TlsConnector::new')
  );
}

function sideWord(ctx: RuleContext, call: Node): string {
  const side = opensslSide(describeCall(call).receiver ?? call, ctx.crate);
  return side === 'server' ? 'server' : side === 'client' ? 'client' : 'context';
}

/**
 * A version chosen per arm from a setting, where another arm is 1.2+ (`match opts.min { Legacy =>
 * TLS1, _ => TLS1_2 }`): catalog revision 2 reports the legacy arm, as a warning.
 */
function settingChooses(ctx: RuleContext, arg: Node | undefined, isLegacy: (origin: Node) => boolean): boolean {
  return !!arg && unsafeArms(arg, ctx.crate, isLegacy).chosen;
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
  if (extra.chosen) {
    ctx.report({ node, ...message, level: lowerLevel(level ?? 'error') });
    return;
  }
  const fixes = extra.fix ? [extra.fix] : undefined;
  // At the configuring call (`set_min_proto_version`, `min_tls_version`); a value chosen elsewhere
  // (`let minimum = SslVersion::SSL3`) is pointed to.
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
