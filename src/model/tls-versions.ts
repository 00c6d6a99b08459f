// Protocol versions as the TLS libraries spell them: OpenSSL `SslVersion`, native-tls `Protocol`,
// reqwest `tls::Version`, curl `easy::SslVersion` and rustls' version lists; which of them are
// below TLS 1.2, and what a version-setting call (`set_min_proto_version`, `min_protocol_version`,
// `min_tls_version`, `ssl_version`), `clear_options(NO_TLSV1 ..)`, a Mozilla v4 preset or a rustls
// version list allows. Each check answers what it found; legacy-tls-version words and reports it.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from './crate.js';
import { chainOf, findBinding, originsOf, unsafeArms, type ChainStep } from './flow.js';
import { NATIVE_TLS_CRATES } from './native-tls.js';
import { pathEndsWith } from './names.js';
import { builderCalls, V4_ACCEPTOR_PRESETS } from './openssl.js';
import { callArguments, describeCall, descendantsOfType, enclosingFunction, pathSegments } from './syntax.js';

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

export type VersionLibrary = 'openssl' | 'native-tls' | 'reqwest' | 'curl';

/** One version a setting call allows: no minimum (`None`), a legacy version, or TLS 1.2 under a 1.3 policy. */
export interface VersionHit {
  /** The value: at the call, or where a `let`/const chooses it. */
  origin: Node;
  kind: 'none' | 'legacy' | 'tls12';
  /** The constant's last path segment (`TLS1`, `Tlsv10`, `TLS_1_0`). */
  constant: string;
  /** Its protocol name (`TLS 1.0`), for legacy hits. */
  version: string;
}

export interface VersionSetting {
  library: VersionLibrary;
  /** A minimum (`set_min_proto_version`) rather than a cap (`set_max_proto_version`). */
  isMin: boolean;
  /**
   * A version chosen per arm from a setting, where another arm is 1.2+ (`match opts.min { Legacy =>
   * TLS1, _ => TLS1_2 }`): catalog revision 2 reports each legacy arm, one level lower.
   */
  chosen: boolean;
  hits: VersionHit[];
}

/**
 * What a version-setting call allows (undefined for other methods): OpenSSL `set_min/max_proto_version`,
 * native-tls `min/max_protocol_version`, reqwest `min/max_tls_version` (`tls_version_min/max`), curl
 * `ssl_version`/`ssl_min_max_version` (the first argument is the minimum). Under a TLS 1.3 policy
 * (`strict`) an OpenSSL or reqwest TLS 1.2 minimum is a hit too.
 */
export function versionSetting(
  call: Node,
  method: string,
  file: SourceFile,
  crate: CrateModel,
  strict: boolean,
): VersionSetting | undefined {
  const arg = callArguments(call)[0];
  const last = (node: Node) => lastSegment(file, node);
  const isNone = (node: Node) => node.type === 'identifier' && node.text === 'None';
  const hit = (origin: Node, kind: VersionHit['kind'], constant: string, version = ''): VersionHit => ({
    origin,
    kind,
    constant,
    version,
  });
  const setting = (library: VersionLibrary, isMin: boolean, chosen: boolean, classify: Classify): VersionSetting => ({
    library,
    isMin,
    chosen,
    hits: arg ? hitsAmong(originsOf(arg, crate), chosen, classify) : [],
  });
  switch (method) {
    case 'set_min_proto_version':
    case 'set_max_proto_version': {
      const isMin = method === 'set_min_proto_version';
      // A native-tls `Protocol` converted on its way here (`min.map(cvt)`) counts as the version it names.
      const converted = (o: Node) =>
        !isOpenSslVersion(file, o) && isNativeProtocol(file, o) && !!NATIVE_LEGACY[last(o)];
      const chosen = settingChooses(
        crate,
        arg,
        (o) => (isMin && isNone(o)) || (isOpenSslVersion(file, o) && !!OPENSSL_LEGACY[last(o)]) || converted(o),
      );
      return setting('openssl', isMin, chosen, (origin) => {
        const constant = last(origin);
        if (isMin && isNone(origin)) return hit(origin, 'none', constant);
        if (converted(origin)) return hit(origin, 'legacy', constant, NATIVE_LEGACY[constant]);
        if (!isOpenSslVersion(file, origin)) return undefined;
        if (OPENSSL_LEGACY[constant]) return hit(origin, 'legacy', constant, OPENSSL_LEGACY[constant]);
        return isMin && strict && constant === 'TLS1_2' ? hit(origin, 'tls12', constant) : undefined;
      });
    }
    case 'min_protocol_version':
    case 'max_protocol_version': {
      const isMin = method === 'min_protocol_version';
      const chosen = settingChooses(
        crate,
        arg,
        (o) => (isMin && isNone(o)) || (!!NATIVE_LEGACY[last(o)] && isNativeProtocol(file, o)),
      );
      return setting('native-tls', isMin, chosen, (origin) => {
        const constant = last(origin);
        if (isMin && isNone(origin) && nativeTlsReceiver(call, file, crate)) return hit(origin, 'none', constant);
        return NATIVE_LEGACY[constant] && isNativeProtocol(file, origin)
          ? hit(origin, 'legacy', constant, NATIVE_LEGACY[constant])
          : undefined;
      });
    }
    case 'min_tls_version':
    case 'tls_version_min':
    case 'max_tls_version':
    case 'tls_version_max': {
      const isMin = method.includes('min');
      const chosen = settingChooses(
        crate,
        arg,
        (o) =>
          o.type === 'scoped_identifier' &&
          file.names.resolve(o).at(-2) === 'Version' &&
          !!REQWEST_LEGACY[file.names.resolve(o).at(-1) ?? ''],
      );
      return setting('reqwest', isMin, chosen, (origin) => {
        const resolved = origin.type === 'scoped_identifier' ? file.names.resolve(origin) : [];
        const constant = resolved.at(-1) ?? '';
        if (resolved.at(-2) !== 'Version') return undefined;
        if (REQWEST_LEGACY[constant]) return hit(origin, 'legacy', constant, REQWEST_LEGACY[constant]);
        return isMin && strict && constant === 'TLS_1_2' ? hit(origin, 'tls12', constant) : undefined;
      });
    }
    case 'ssl_version':
    case 'ssl_min_max_version': {
      const isLegacy = (o: Node) => !!CURL_LEGACY[last(o)] && isCurlVersion(file, o);
      const chosen = !!arg && settingChooses(crate, arg, isLegacy);
      return setting('curl', true, chosen, (origin) =>
        isLegacy(origin) ? hit(origin, 'legacy', last(origin), CURL_LEGACY[last(origin)]) : undefined,
      );
    }
    default:
      return undefined;
  }
}

/**
 * `clear_options(SslOptions::NO_TLSV1 | ..)`: the `NO_*` flags it clears (their names, once each), unless
 * the builder raises its minimum, sets a minimum later, or sets the options again afterwards.
 */
export function clearedLegacyOptions(call: Node, file: SourceFile, crate: CrateModel): string[] {
  const arg = callArguments(call)[0];
  const flags = arg
    ? originsOf(arg, crate)
        .flatMap((o) => descendantsOfType(o, ['scoped_identifier', 'identifier']))
        .filter((n) => NO_LEGACY_OPTION.test(lastSegment(file, n)))
    : [];
  if (flags.length === 0) return [];
  const { calls } = builderCalls(describeCall(call).receiver ?? call, crate);
  if (calls.some((s) => s.name === 'set_min_proto_version' && raisesMinimum(s, file, crate))) return [];
  // Cleared to be set again (`clear_options(mask); set_options(options)` from configuration, or a minimum set later).
  const later = calls.filter((s) => s.call.startIndex > call.startIndex);
  if (later.some((s) => s.name === 'set_min_proto_version')) return [];
  if (
    later.some(
      (s) =>
        s.name === 'set_options' && s.args[0] && originsOf(s.args[0], crate).some((o) => NO_LEGACY_TEXT.test(o.text)),
    )
  )
    return [];
  const fn = enclosingFunction(call);
  if (
    later.some((s) => s.name === 'set_options') &&
    fn &&
    NO_LEGACY_TEXT.test(fn.text.slice(call.endIndex - fn.startIndex))
  )
    return [];
  return [...new Set(flags.map((f) => lastSegment(file, f)))];
}

/**
 * `set_options(SslOptions::NO_TLSV1_1 | SslOptions::NO_TLSV1_2)`: newer versions turned off while
 * TLS 1.0 stays on (no `NO_TLSV1` in the same call or elsewhere on the builder, no minimum set):
 * the flags it sets, or none.
 */
export function newerVersionsOffLegacyOn(call: Node, file: SourceFile, crate: CrateModel): string[] {
  const arg = callArguments(call)[0];
  const names = arg
    ? originsOf(arg, crate)
        .flatMap((o) => descendantsOfType(o, ['scoped_identifier', 'identifier']))
        .map((n) => lastSegment(file, n))
    : [];
  if (names.includes('NO_TLSV1')) return [];
  const flags = names.filter((name) => /^NO_TLSV1_[123]$/.test(name));
  if (!flags.some((f) => f === 'NO_TLSV1_2' || f === 'NO_TLSV1_1')) return [];
  const { calls, root } = builderCalls(describeCall(call).receiver ?? call, crate);
  // The Mozilla presets (v5, and v4 modern) turn TLS 1.0 off themselves.
  if (/mozilla_(intermediate_v5|modern)/.test(root.text)) return [];
  const setsNoTls1 = calls.some(
    (s) => s.name === 'set_options' && s.args.some((a) => originsOf(a, crate).some((o) => /\bNO_TLSV1\b/.test(o.text))),
  );
  if (setsNoTls1 || calls.some((s) => s.name === 'set_min_proto_version')) return [];
  return [...new Set(flags)];
}

/** The other bound of the same builder for each version-setting method (a minimum for a cap, and back). */
const OTHER_BOUND: Record<string, string> = {
  set_max_proto_version: 'set_min_proto_version',
  max_protocol_version: 'min_protocol_version',
  max_tls_version: 'min_tls_version',
  tls_version_max: 'tls_version_min',
};
for (const [cap, minimum] of Object.entries(OTHER_BOUND)) OTHER_BOUND[minimum] = cap;

/**
 * The same builder's other bound is legacy too (`set_min_proto_version(Some(TLS1))` with
 * `set_max_proto_version(Some(TLS1))`, a TLS 1.0 probe): one problem, reported once, at the minimum, and
 * raising the minimum alone is no fix (no version would be left).
 */
export function otherBoundLegacy(call: Node, method: string, file: SourceFile, crate: CrateModel): boolean {
  const other = OTHER_BOUND[method];
  if (!other) return false;
  const { receiver } = describeCall(call);
  return builderCalls(receiver ?? call, crate).calls.some(
    (step) => step.name === other && (versionSetting(step.call, other, file, crate, false)?.hits.length ?? 0) > 0,
  );
}

/**
 * A Mozilla v4 preset (`SslAcceptor::mozilla_intermediate`: TLS 1.0+, `mozilla_modern`: TLS 1.2 only) whose
 * builder never raises its versions (here, or in a function it is handed to): which one.
 */
export function v4Preset(call: Node, file: SourceFile, crate: CrateModel): 'intermediate' | 'modern' | undefined {
  const { method, path } = describeCall(call);
  const resolved = !method && path ? file.names.resolve(path) : [];
  if (!pathEndsWith(resolved, ...V4_ACCEPTOR_PRESETS)) return undefined;
  const intermediate = resolved.at(-1) === 'mozilla_intermediate';
  const { calls, handedTo } = builderCalls(call, crate);
  if (calls.some((s) => s.name === 'set_min_proto_version' || s.name === 'set_max_proto_version')) return undefined;
  if (
    intermediate &&
    calls.some(
      (s) =>
        s.name === 'set_options' &&
        /NO_TLSV1_1/.test(s.args.map((a) => a.text).join(' ')) &&
        /NO_TLSV1\b/.test(s.args.map((a) => a.text).join(' ')),
    )
  )
    return undefined;
  // A helper raises them when each of its `#[cfg]` variants (same name) does.
  const variants = (fn: Node) =>
    handedTo.filter((f) => f.childForFieldName('name')?.text === fn.childForFieldName('name')?.text);
  if (handedTo.some((fn) => variants(fn).every((v) => helperRaisesVersions(v, file, crate)))) return undefined;
  return intermediate ? 'intermediate' : 'modern';
}

/**
 * rustls `with_protocol_versions(..)` / `{Server,Client}Config::builder_with_protocol_versions(..)`: the
 * `TLS12`/`ALL_VERSIONS`/`DEFAULT_VERSIONS` its list names.
 */
export function rustlsTls12Listed(call: Node, file: SourceFile, crate: CrateModel): Node | undefined {
  const { method, path } = describeCall(call);
  const arg = callArguments(call)[0];
  const listing = method
    ? method === 'with_protocol_versions'
    : !!path &&
      pathEndsWith(
        file.names.resolve(path),
        'ServerConfig::builder_with_protocol_versions',
        'ClientConfig::builder_with_protocol_versions',
      );
  if (!listing || !arg) return undefined;
  if (!/\brustls\b/.test(file.text) && file.names.resolve('TLS12')[0] !== 'rustls') return undefined;
  return versionNodes(arg, crate).find((n) => {
    const segs = n.type === 'scoped_identifier' ? file.names.resolve(n) : file.names.resolve(n.text);
    const last = segs.at(-1) ?? '';
    return last === 'TLS12' || last === 'ALL_VERSIONS' || last === 'DEFAULT_VERSIONS';
  });
}

/** rustls 0.19 `config.versions = vec![.., ProtocolVersion::TLSv1_2]` (an assignment): the `TLSv1_2` it lists. */
export function rustls019Tls12(assign: Node, file: SourceFile, crate: CrateModel): Node | undefined {
  const left = assign.childForFieldName('left');
  const right = assign.childForFieldName('right');
  if (left?.type !== 'field_expression' || left.childForFieldName('field')?.text !== 'versions' || !right) return;
  const tls12 = versionNodes(right, crate).find((n) => pathSegments(n).at(-1) === 'TLSv1_2');
  return tls12 && /\bProtocolVersion\b/.test(right.text + file.text) && /\brustls\b/.test(file.text)
    ? tls12
    : undefined;
}

/** Version-like path nodes (outermost paths and plain identifiers, also inside `vec![..]`) in the values an argument may take. */
function versionNodes(arg: Node, crate: CrateModel): Node[] {
  const out: Node[] = [];
  for (const origin of originsOf(arg, crate)) {
    for (const n of descendantsOfType(origin, ['scoped_identifier', 'identifier'])) {
      if (n.parent?.type === 'scoped_identifier') continue;
      if (/^(TLS12|TLS13|TLSv1_[0-3]|ALL_VERSIONS|DEFAULT_VERSIONS)$/.test(pathSegments(n).at(-1) ?? '')) out.push(n);
    }
  }
  return out;
}

/**
 * A helper the builder is handed to sets the versions (`set_min_proto_version`, `NO_TLSV1_1`), unless the
 * minimum it sets may be a version below 1.2 (native-tls's default `Protocol::Tlsv10`, converted and passed
 * down): then the preset's TLS 1.0 stays.
 */
function helperRaisesVersions(fn: Node, file: SourceFile, crate: CrateModel): boolean {
  if (!/set_min_proto_version|NO_TLSV1_1/.test(fn.text)) return false;
  const mins = descendantsOfType(fn, 'call_expression').filter(
    (c) => describeCall(c).method === 'set_min_proto_version',
  );
  return !mins.some((c) => {
    const arg = callArguments(c)[0];
    return (
      !!arg && originsOf(arg, crate).some((o) => isLegacyName(lastSegment(file, o) || pathSegments(o).at(-1) || ''))
    );
  });
}

function isLegacyName(name: string): boolean {
  return !!OPENSSL_LEGACY[name] || !!NATIVE_LEGACY[name];
}

function raisesMinimum(step: ChainStep, file: SourceFile, crate: CrateModel): boolean {
  const arg = step.args[0];
  return !!arg && originsOf(arg, crate).some((o) => /^TLS1_[23]$/.test(lastSegment(file, o)));
}

function lastSegment(file: SourceFile, node: Node): string {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return '';
  return file.names.resolve(node.type === 'scoped_identifier' ? node : node.text).at(-1) ?? '';
}

/** `SslVersion::TLS1`, an alias of it, or a bare imported constant from openssl/boring. */
function isOpenSslVersion(file: SourceFile, node: Node): boolean {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return false;
  const segs = file.names.resolve(node.type === 'scoped_identifier' ? node : node.text);
  return segs.at(-2) === 'SslVersion' || segs[0] === 'openssl' || segs[0] === 'boring';
}

/** `curl::easy::SslVersion::Tlsv10`, or `SslVersion::Tlsv10` in a file that uses curl (openssl spells its constants `TLS1`). */
function isCurlVersion(file: SourceFile, node: Node): boolean {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return false;
  const segs = file.names.resolve(node.type === 'scoped_identifier' ? node : node.text);
  return segs[0] === 'curl' || (segs.at(-2) === 'SslVersion' && /\bcurl\b/.test(file.text));
}

function isNativeProtocol(file: SourceFile, node: Node): boolean {
  if (node.type !== 'scoped_identifier' && node.type !== 'identifier') return false;
  const segs = file.names.resolve(node.type === 'scoped_identifier' ? node : node.text);
  return segs.at(-2) === 'Protocol' || NATIVE_TLS_CRATES.has(segs[0] ?? '');
}

/** The receiver of `.min_protocol_version(None)` is a native-tls builder. */
function nativeTlsReceiver(call: Node, file: SourceFile, crate: CrateModel): boolean {
  const { root } = chainOf(describeCall(call).receiver ?? call, crate);
  const fn = root.type === 'call_expression' ? describeCall(root).path : undefined;
  const resolved = fn ? file.names.resolve(fn) : [];
  if (resolved.slice(0, -2).some((seg) => NATIVE_TLS_CRATES.has(seg))) return true;
  // `fn harden(builder: &mut native_tls::TlsConnectorBuilder)`.
  if (
    root.type === 'identifier' &&
    /\bTls(Connector|Acceptor)Builder\b/.test(findBinding(root, crate)?.type?.text ?? '')
  )
    return true;
  return (
    /\bnative_tls\b/.test(file.text) &&
    pathEndsWith(resolved, 'TlsConnector::builder', 'TlsAcceptor::builder', 'TlsConnector::new')
  );
}

type Classify = (origin: Node) => VersionHit | undefined;

/**
 * The hits among the values a setting may take, in order: every legacy arm a setting can choose is its own
 * finding; otherwise the first hit decides.
 */
function hitsAmong(origins: Node[], chosen: boolean, classify: Classify): VersionHit[] {
  const hits: VersionHit[] = [];
  for (const origin of origins) {
    const found = classify(origin);
    if (!found) continue;
    hits.push(found);
    if (found.kind !== 'legacy' || !chosen) break;
  }
  return hits;
}

function settingChooses(crate: CrateModel, arg: Node | undefined, isLegacy: (origin: Node) => boolean): boolean {
  return !!arg && unsafeArms(arg, crate, isLegacy).chosen;
}
