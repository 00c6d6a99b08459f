// Server verification on the client side, and what turns it off: builder switches (reqwest/native-tls
// `danger_accept_invalid_*`, lettre, mysql, mongodb, ureq 3, OpenSSL `ConnectConfiguration::verify_hostname`,
// curl `ssl_verify_*`) and the value they get, OpenSSL connectors with `SslVerifyMode::NONE` (or a `NONE`
// arm a setting chooses) or an always-true verify callback, isahc `DANGER_*` flags, tiberius `trust_cert()`,
// kube `Config::accept_invalid_certs`, closures given where a verifier is expected, and the verdict on a
// custom `ServerCertVerifier` (what it accepts, where it is installed); with model/datastore.ts's clients, the
// findings always-accept-server-cert reports (`serverVerificationOff`).
import type { Node } from '../parser/parser.js';
import type { CrateModel, InCrate } from './crate.js';
import { isDebugOnly } from './code-kind.js';
import {
  connectionUrl,
  kafkaProperty,
  mongoTlsOptionsLiteral,
  libraryDangerField,
  redisInsecureAddr,
  sqlxSslModes,
  type StoreFinding,
} from './datastore.js';
import { chainOf, findBinding, originsOf, rootIdentifier, unsafeArms } from './flow.js';
import { opensslContextNeverVerifies } from './client-auth.js';
import {
  builderCalls,
  opensslSide,
  verifiesNothingValue,
  verifyModeOf,
  verifyModesOf,
  verifySetter,
} from './openssl.js';
import { isLibraryPlumbing } from './plumbing.js';
import {
  alwaysAcceptingReturns,
  booleanValue,
  callbackAlwaysTrue,
  bodyLeaves,
  chainCheckedButNotName,
  checksOffBySetting,
  ignoredChecks,
  installSites,
  installedOnlyBehindSetting,
  isOkAssertion,
  okReturnsWhen,
  optInCondition,
  SERVER_VERIFIER_INSTALLERS,
  verifierImpl,
  waivedErrorsThroughHelpers,
  type InstallSite,
} from './verifier.js';
import { pathEndsWith } from './names.js';
import {
  ancestors,
  branchCondition,
  callArguments,
  describeCall,
  descendantsOfType,
  enclosing,
  methodNameNode,
  namedChildren,
  stripWrappers,
} from './syntax.js';

/** Builder switches that turn certificate verification off when given `true`. */
const CERT_SWITCHES = new Set([
  'danger_accept_invalid_certs',
  'tls_danger_accept_invalid_certs', // reqwest 0.11–0.13, native-tls, async-native-tls
  'dangerous_accept_invalid_certs', // lettre
  'with_danger_accept_invalid_certs', // mysql / mysql_async SslOpts
  'allow_invalid_certificates', // mongodb TlsOptions
  'set_no_tls_verify', // ldap3 LdapConnSettings
]);
/** Builder switches that turn host-name verification off when given `true`. */
const HOSTNAME_SWITCHES = new Set([
  'danger_accept_invalid_hostnames',
  'set_danger_accept_invalid_hostnames', // redis ConnectionAddr (0.25+)
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
export const SERVER_VERIFICATION_WORDS = [
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
  'CertificateValidation',
  'danger_',
  'no_verify',
  'skip_verif',
  'no_tls_verify',
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

/**
 * Why a danger at `node` may not apply everywhere: it is limited to debug builds, or it runs behind an opt-in
 * condition (an environment variable, an "insecure" flag), or — behind an opt-in, in a library — it is the
 * library's user's choice (plumbing: reported where they set it). Undefined: it always applies.
 */
export function dangerGuard(node: Node, crate: CrateModel): 'debug' | 'opt-in' | 'plumbing' | undefined {
  if (isDebugOnly(node)) return 'debug';
  // In a callback (`connector.set_callback(|c, _| c.set_verify_hostname(false))`): where it is installed.
  const site = callbackInstall(node);
  if (!optInCondition(node) && !(site && optInCondition(site)) && !chosenBesideSafeArm(node, site)) return undefined;
  // `if !verify_hostname { .. }` where every value `verify_hostname` can take is `false`: no choice at all.
  if (conditionAlwaysHolds(site ?? node, crate)) return undefined;
  // `if cfg.trust_cert.unwrap_or(true) { config.trust_cert() }`: unset, the setting picks the danger.
  if (defaultTakesBranch(site ?? node)) return undefined;
  return isLibraryPlumbing(node, undefined, crate) ? 'plumbing' : 'opt-in';
}

/**
 * The nearest `if` around `node` decides on a setting's fallback that takes `node`'s branch:
 * `if x.unwrap_or(true) { node }`, `if !x.unwrap_or(false) { node }`, `else { node }` of `x.unwrap_or(false)`.
 */
function defaultTakesBranch(node: Node): boolean {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition');
      const inConsequence = a.childForFieldName('consequence')?.id === child.id;
      if (!inConsequence && a.childForFieldName('alternative')?.id !== child.id) return false;
      const negated = condition?.type === 'unary_expression' && condition.text.startsWith('!');
      const fallback = /\.unwrap_or\(\s*(true|false)\s*\)$/.exec(
        (negated ? namedChildren(condition!)[0] : condition)?.text ?? '',
      );
      if (!fallback) return false;
      return ((fallback[1] === 'true') !== negated) === inConsequence;
    }
    child = a;
  }
  return false;
}

/**
 * The nearest `if` around `node` tests a boolean variable (or its negation) whose every possible value is
 * a literal that takes this branch (`let (_, verify_hostname) = match mode { .. => (true, false), .. }`).
 */
function conditionAlwaysHolds(node: Node, crate: CrateModel): boolean {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    if (a.type === 'if_expression' && a.childForFieldName('consequence')?.id === child.id) {
      const condition = a.childForFieldName('condition');
      const negated = condition?.type === 'unary_expression' && condition.text.startsWith('!');
      const variable = negated ? namedChildren(condition!)[0] : condition;
      if (variable?.type !== 'identifier') return false;
      const values = originsOf(variable, crate).map((o) =>
        o.type === 'boolean_literal' ? o.text === 'true' : undefined,
      );
      return values.length > 0 && values.every((v) => v === !negated);
    }
    child = a;
  }
  return false;
}

/** The call a closure around `node` is handed to, when there is one (the callback runs where it is installed). */
function callbackInstall(node: Node): Node | undefined {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item') return undefined;
    if (a.type === 'closure_expression')
      return a.parent?.type === 'arguments' && a.parent.parent?.type === 'call_expression'
        ? a.parent.parent
        : undefined;
  }
  return undefined;
}

/**
 * A switch called in one arm of a `match`/`if`-`else` whose other arm does not call it (`match mode {
 * Require => builder.danger_accept_invalid_certs(true), VerifyFull => .. }`): a setting chooses between
 * them (catalog revision 2: one level lower when a safe arm exists).
 */
function chosenBesideSafeArm(node: Node, site?: Node): boolean {
  const { method } = node.type === 'call_expression' ? describeCall(node) : { method: undefined };
  if (!method) return false;
  const calls = (arm: Node | null | undefined) => !!arm && arm.text.includes(`${method}(`);
  let child = site ?? node;
  for (const a of ancestors(child)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    // `Ok(b) => ..` / `Err(e) => ..` handle an outcome; the setting's choice is further out.
    if (a.type === 'match_arm' && !OUTCOME_PATTERN.test(a.childForFieldName('pattern')?.text ?? '')) {
      const siblings = a.parent ? namedChildren(a.parent).filter((s) => s.type === 'match_arm' && s.id !== a.id) : [];
      return siblings.some((arm) => !calls(arm));
    }
    if (a.type === 'if_expression' && a.childForFieldName('condition')?.type !== 'let_condition') {
      const consequence = a.childForFieldName('consequence');
      const alternative = a.childForFieldName('alternative');
      if (child.id === consequence?.id) return !!alternative && !calls(alternative) && !plaintextArm(alternative, a);
      if (child.id === alternative?.id) return !!consequence && !calls(consequence) && !plaintextArm(consequence, a);
    }
    child = a;
  }
  return false;
}
const OUTCOME_PATTERN = /^(Ok|Err|Some|None)\b/;

/**
 * The other arm of an `if` connects without TLS, so it is no safe arm (catalog revision 2: the danger is
 * the only encrypted path): it says so (`NoTls`), or TLS is set up only inside the `if`'s danger arm
 * (`TlsConnector::builder()`, `ssl_opts(..)`) and the other arm never names TLS.
 */
function plaintextArm(other: Node, ifExpression: Node): boolean {
  if (PLAINTEXT_WORDS.test(other.text)) return true;
  const arms = [ifExpression.childForFieldName('consequence'), ifExpression.childForFieldName('alternative')];
  const danger = arms.find((arm) => arm && arm.id !== other.id);
  return !!danger && TLS_SETUP.test(danger.text) && !/tls|ssl|cert/i.test(other.text);
}
const PLAINTEXT_WORDS = /\bNoTls\b|\bno_tls\b|SslMode::Disable\b|sslmode=disable/;
/** Constructions that exist only to set TLS up: a connector, a client config, a database driver's TLS options. */
const TLS_SETUP =
  /TlsConnector::(builder|new)|SslConnector::builder|ClientConfig::builder|SslOpts::|\.ssl_opts\(|MakeTlsConnector::new|TlsParameters::/;

/** A builder switch of server verification and the value it is given. */
export interface VerificationSwitch {
  call: Node;
  method: string;
  arg: Node;
  /** `certificate verification` or `host-name verification`. */
  what: string;
  /** The literal that turns verification off. */
  dangerWhen: boolean;
  /**
   * `off`: a literal (or a binding of one) turns it off, with its guard; `debug`: `cfg!(debug_assertions)`;
   * `runtime`: a run-time value (`env`: read from the environment).
   */
  value: 'off' | 'debug' | 'runtime';
  guard?: 'debug' | 'opt-in';
  env?: boolean;
  /** The literal arms that turn it off, when a setting picks among literals and one of them keeps it on. */
  chosenArms?: Node[];
}

/**
 * `danger_accept_invalid_certs(flag)` / `verify_hostname(flag)` / ureq 3 `TlsConfig::builder().disable_verification(flag)`:
 * the switch when its value can turn verification off. A crate wrapper of the same switch that passes its
 * parameter on, a library forwarding its user's setting, and `verify_hostname(name)` off an OpenSSL
 * `ConnectConfiguration` (a common name for a real check) are not.
 */
export function verificationSwitch(call: Node, crate: CrateModel): VerificationSwitch | undefined {
  const { method } = describeCall(call);
  if (!method) return undefined;
  const [dangerWhen, what] = CERT_SWITCHES.has(method)
    ? [true, 'certificate verification']
    : HOSTNAME_SWITCHES.has(method)
      ? [true, 'host-name verification']
      : VERIFY_SWITCHES.has(method)
        ? [false, VERIFY_SWITCHES.get(method)!]
        : method === 'disable_verification' &&
            chainOf(call, crate).rootPath?.slice(-2).join('::') === 'TlsConfig::builder'
          ? [true, 'certificate verification'] // ureq 3
          : [undefined, ''];
  if (dangerWhen === undefined) return undefined;
  const args = callArguments(call);
  if (args.length !== 1) return undefined;
  const arg = args[0];
  const found = { call, method, arg, what, dangerWhen };
  if ((method === 'set_verify_hostname' || method === 'verify_hostname') && checksHostByHand(call)) return undefined;
  // A variable or const bound to a literal (or its negation) counts as that literal.
  const literal = booleanValue(arg, crate);
  if (literal !== undefined) {
    if (literal !== dangerWhen) return undefined;
    const guard = dangerGuard(call, crate);
    return guard === 'plumbing' ? undefined : { ...found, value: 'off', guard };
  }
  // A crate wrapper of the same switch (`fn danger_accept_invalid_certs(self, yes: bool)`, or one of its
  // aliases: openssl `fn verify_hostname(mut self, v: bool) { self.set_verify_hostname(v) }`, reqwest 0.13
  // `danger_accept_invalid_certs` → `tls_danger_accept_invalid_certs`) passes its parameter on: its
  // callers are checked where they call the wrapper.
  if (
    arg.type === 'identifier' &&
    findBinding(arg, crate)?.kind === 'param' &&
    sameSwitch(enclosingFunctionName(call), method)
  )
    return undefined;
  // `let (certs, hosts) = match mode { "REQUIRED" => (true, true), .. }`: a setting picks one of the literals
  // (catalog revision 2: reported on each arm that turns verification off, one level lower).
  const arms = originsOf(arg, crate);
  const literals = arms.map((o) => (o.type === 'boolean_literal' ? o.text === 'true' : undefined));
  if (arms.length > 0 && literals.every((l) => l !== undefined)) {
    const chosenArms = arms.filter((_, i) => literals[i] === dangerWhen);
    const guard = chosenArms.length > 0 ? dangerGuard(call, crate) : 'plumbing';
    if (guard === 'plumbing') return undefined;
    return chosenArms.length < arms.length
      ? { ...found, value: 'off', guard, chosenArms }
      : { ...found, value: 'off', guard };
  }
  // `verify_hostname(name)` is also a common name for a real check: a run-time value counts only on an OpenSSL `ConnectConfiguration`.
  if ((method === 'verify_hostname' || method === 'set_verify_hostname') && !onConnectConfiguration(call, crate))
    return undefined;
  if (/^cfg!\(\s*debug_assertions\s*\)$/.test(arg.text)) return { ...found, value: 'debug' };
  // A library forwarding its user's setting: reported where the user sets it.
  if (isLibraryPlumbing(call, arg, crate)) return undefined;
  const env = ENV_READ.test(arg.text) || originsOf(arg, crate).some((o) => ENV_READ.test(o.text));
  return { ...found, value: 'runtime', env };
}

/**
 * `cc.set_verify_hostname(false); cc.param_mut().set_host("istiod.istio-system.svc")`: OpenSSL checks the
 * certificate against the name set by hand instead (catalog: host-name verification switched off and done
 * by hand in the same callback is not reported).
 */
function checksHostByHand(call: Node): boolean {
  const scope = enclosing(call, ['closure_expression', 'function_item']);
  const body = scope?.childForFieldName('body');
  const root = describeCall(call).receiver;
  const owner = root ? rootIdentifier(root)?.text : undefined;
  if (!body || !owner) return false;
  // The verify parameters of the same connection: `cc.param_mut().set_host(..)`, or a `let` of `cc.param_mut()`.
  const ofOwner = (receiver: Node | undefined): boolean => {
    if (!receiver) return false;
    if (receiver.type === 'call_expression') {
      const d = describeCall(receiver);
      return d.method === 'param_mut' && !!d.receiver && rootIdentifier(d.receiver)?.text === owner;
    }
    const id = rootIdentifier(receiver);
    const value = id ? findBinding(id)?.value : undefined;
    return !!value && value !== receiver && ofOwner(value);
  };
  return descendantsOfType(body, 'call_expression').some((c) => {
    const d = describeCall(c);
    return (
      c.startIndex > call.endIndex && d.method === 'set_host' && callArguments(c).length === 1 && ofOwner(d.receiver)
    );
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

/** The receiver comes from `connector.configure()` (or is declared a `ConnectConfiguration`). */
function onConnectConfiguration(call: Node, crate: CrateModel): boolean {
  const receiver = describeCall(call).receiver;
  if (!receiver) return false;
  const chain = chainOf(receiver, crate);
  if (chain.steps.some((s) => s.name === 'configure')) return true;
  const id = rootIdentifier(receiver);
  const declared = id ? (findBinding(id, crate)?.type?.text ?? '') : '';
  return /ConnectConfiguration/.test(declared) || opensslSide(receiver, crate) === 'client';
}

/**
 * Every value the argument can take has `PEER`, counting the flags the code adds to its variable
 * before the call (`let mut mode = SslVerifyMode::empty(); mode.set(SslVerifyMode::PEER, true);`).
 */
function alwaysVerifiesPeer(arg: Node, crate: CrateModel): boolean {
  const modes = verifyModesOf(arg, crate);
  return modes.length > 0 && modes.every((m) => m.peer);
}

/** `SslVerifyMode::NONE` (also `SslVerifyMode::empty()`, which is the same bits). */
function verifiesNothing(arg: Node | undefined, crate: CrateModel): boolean {
  if (!arg || alwaysVerifiesPeer(arg, crate)) return false;
  if (verifyModeOf(arg, crate)?.none) return true;
  return originsOf(arg, crate).some(
    (o) => o.type === 'call_expression' && /^(\w+::)*SslVerifyMode::empty\(\)$/.test(o.text.replace(/\s+/g, '')),
  );
}

/**
 * OpenSSL connector `set_verify(SslVerifyMode::NONE)`: the call; or, for `set_verify(if strict { PEER } else
 * { NONE })`, the `NONE` arm a setting chooses (`plumbing`: a library choosing it from its user's setting).
 */
export function connectorVerifyNone(
  call: Node,
  crate: CrateModel,
): { arms: Node[]; plumbing: boolean } | { call: Node } | undefined {
  const receiver = describeCall(call).receiver;
  const arg = callArguments(call)[0];
  if (!arg || !receiver || opensslSide(receiver, crate) !== 'client') return undefined;
  if (alwaysVerifiesPeer(arg, crate)) return undefined;
  const { unsafe, chosen } = unsafeArms(arg, crate, (o) => verifiesNothingValue(o, crate));
  // Each arm that gives `NONE` (`Disable | Prefer => NONE`, `Require => match root { None => NONE, .. }`).
  if (chosen) return { arms: unsafe, plumbing: isLibraryPlumbing(arg, arg, crate) };
  return verifiesNothing(arg, crate) ? { call } : undefined;
}

/**
 * OpenSSL connector `set_verify_callback(.., |_, _| true)` (or with `SslVerifyMode::NONE`): whether the
 * callback returns `true` whatever `preverify_ok` says (otherwise the mode is `NONE`).
 */
export function connectorCallback(call: Node, crate: CrateModel): { alwaysTrue: boolean } | undefined {
  const [modeArg, callback] = callArguments(call);
  if (!callback) return undefined;
  const receiver = describeCall(call).receiver;
  if (!receiver) return undefined;
  const alwaysTrue = callbackAlwaysTrue(callback, crate);
  const none = verifiesNothing(modeArg, crate);
  if (!alwaysTrue && !none) return undefined;
  if (opensslSide(receiver, crate) !== 'client') return undefined;
  return { alwaysTrue };
}

/** isahc `ssl_options(SslOption::DANGER_ACCEPT_INVALID_CERTS | ..)`: the certificate flag, else the host one. */
export function isahcDangerFlag(call: Node, crate: CrateModel): 'certs' | 'hosts' | undefined {
  const arg = callArguments(call)[0];
  if (!arg) return undefined;
  const flags = originsOf(arg, crate).flatMap((o) =>
    descendantsOfType(o, ['identifier', 'field_identifier'])
      .map((i) => i.text)
      .concat(o.text),
  );
  if (flags.some((f) => /DANGER_ACCEPT_INVALID_CERTS$/.test(f))) return 'certs';
  return flags.some((f) => /DANGER_ACCEPT_INVALID_HOSTS$/.test(f)) ? 'hosts' : undefined;
}

/** A closure given where a verifier is expected (`with_custom_certificate_verifier(Arc::new(|..| Ok(())))`) that accepts everything. */
export function acceptingVerifierClosure(call: Node, crate: CrateModel): Node | undefined {
  const arg = callArguments(call)[0];
  const closure = arg ? stripWrappers(arg) : undefined;
  if (!closure || closure.type !== 'closure_expression') return undefined;
  return alwaysAcceptingReturns(closure, crate, true).length === 0 ? undefined : arg;
}

/** tiberius `config.trust_cert()` on a `Config` (from `Config::new()` or an ADO/JDBC string). */
export function tiberiusTrustCert(call: Node, ctx: InCrate): boolean {
  if (callArguments(call).length !== 0) return false;
  const receiver = describeCall(call).receiver;
  if (!receiver) return false;
  const root = chainOf(receiver, ctx.crate).root;
  const fn = root.type === 'call_expression' ? root.childForFieldName('function') : undefined;
  if (
    fn &&
    ctx.file.names.endsWith(
      fn,
      'tiberius::Config::new',
      'tiberius::Config::from_ado_string',
      'tiberius::Config::from_jdbc_string',
    )
  )
    return true;
  // `fn apply(options: &mut MssqlConfig)` with `use tiberius::Config as MssqlConfig`: its declared type.
  const id = rootIdentifier(receiver);
  const declared = id ? findBinding(id, ctx.crate)?.type?.text.replace(/^&\s*(mut\s+)?/, '') : undefined;
  return !!declared && /^[\w:]+$/.test(declared) && pathEndsWith(ctx.file.names.resolve(declared), 'tiberius::Config');
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

/**
 * kube `Config::accept_invalid_certs` (kube-client then installs a verifier that accepts every API server
 * certificate): assigned (`config.accept_invalid_certs = ..`) or in a `kube::Config { .. }` literal; where,
 * and the value with its literal (undefined: a run-time value).
 */
export function kubeAcceptInvalidCerts(
  node: Node,
  ctx: InCrate,
): { at: Node; value: Node; literal: boolean | undefined } | undefined {
  let at: Node | undefined;
  let value: Node | null | undefined;
  if (node.type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    value = node.childForFieldName('right');
    if (left?.type !== 'field_expression' || left.childForFieldName('field')?.text !== 'accept_invalid_certs') return;
    const object = left.childForFieldName('value');
    if (!value || !object || !isKubeConfig(object, ctx)) return undefined;
    at = left;
  } else {
    const name = node.childForFieldName('name');
    if (!name || !ctx.file.names.endsWith(name, ...KUBE_CONFIG)) return undefined;
    at = descendantsOfType(node.childForFieldName('body') ?? node, 'field_initializer').find(
      (f) => f.parent?.parent?.id === node.id && f.childForFieldName('field')?.text === 'accept_invalid_certs',
    );
    value = at?.childForFieldName('value');
  }
  return at && value ? { at, value, literal: booleanValue(value, ctx.crate) } : undefined;
}

/** The value is a kube `Config`: built by one of its constructors, or declared with that type. */
function isKubeConfig(object: Node, ctx: InCrate): boolean {
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

/** What a custom `ServerCertVerifier` fails to check, and where it is installed. */
export interface ServerVerifierVerdict {
  /** Where to report: the accepting `Ok`, the waiving or switching branch, the chain check that ignores the name. */
  node: Node;
  typeName: string;
  /**
   * `acceptsEverything`: no way to fail (`ignoresCheck`: it calls a verification but accepts whatever it
   * returns); `hostnameWaived`: `Ok` on a host-name mismatch; `chainOnly`: the chain is checked, never the
   * server name; `waivedErrors`: `Ok` for named certificate errors; `switchedOff`: every check skipped when a
   * setting (`by`) says so.
   */
  kind: 'acceptsEverything' | 'hostnameWaived' | 'chainOnly' | 'waivedErrors' | 'switchedOff';
  ignoresCheck?: boolean;
  errors?: string[];
  by?: 'environment' | 'setting' | 'always';
  /** The places it is installed outside tests. */
  production: InstallSite[];
  /** The opt-in condition every production install runs under, when each does. */
  installedOnly?: string;
  /** Besides a waived name or named errors: every check skipped when a setting says so, a problem of its own. */
  alsoSwitchedOff?: { node: Node; by: 'environment' | 'setting' | 'always' };
}

/** The verdict on an impl of rustls' `ServerCertVerifier` (undefined when it checks what it should, or only tests install it). */
export function serverVerifierVerdict(impl: Node, crate: CrateModel): ServerVerifierVerdict | undefined {
  const verifier = verifierImpl(crate, impl);
  if (verifier?.kind !== 'server') return undefined;
  const fn = verifier.entry.methods.get('verify_server_cert');
  if (!fn) return undefined;
  const typeName = verifier.entry.typeName;
  const accepting = alwaysAcceptingReturns(fn, crate);
  const hostnameOnly = accepting.length === 0 ? okReturnsWhen(fn, crate, HOSTNAME_MISMATCH) : [];
  const chainOnly = accepting.length === 0 && hostnameOnly.length === 0 ? chainCheckedButNotName(fn, crate) : undefined;
  const weaker = accepting.length === 0 && hostnameOnly.length === 0 && !chainOnly;
  const waived = weaker ? waivedErrorsThroughHelpers(fn, crate) : undefined;
  const switchedOff = accepting.length === 0 ? checksOffBySetting(fn, crate) : undefined;
  // Chain checked, name never: at the `Ok(..)` that accepts without it (where the name check belongs).
  const chainOnlyAt = chainOnly
    ? (bodyLeaves(fn.childForFieldName('body') ?? fn, crate).find((l) => isOkAssertion(l, crate)) ??
      methodNameNode(chainOnly))
    : undefined;
  const node = accepting[0] ?? hostnameOnly[0] ?? chainOnlyAt ?? waived?.node ?? switchedOff?.node;
  const alsoSwitchedOff = switchedOff && switchedOff.node.id !== node?.id ? switchedOff : undefined;
  if (!node) return undefined;
  const sites = installSites(crate, typeName, SERVER_VERIFIER_INSTALLERS, verifier.entry.node);
  const production = sites.filter((s) => !s.inTest);
  // A verifier type only ever installed by tests is test scaffolding.
  if (sites.length > 0 && production.length === 0) return undefined;
  const verdict = {
    node,
    typeName,
    production,
    installedOnly: installedOnlyBehindSetting(production),
    alsoSwitchedOff,
  };
  if (accepting.length > 0) return { ...verdict, kind: 'acceptsEverything', ignoresCheck: !!ignoredChecks(fn)[0] };
  if (waived) return { ...verdict, kind: 'waivedErrors', errors: waived.errors };
  if (switchedOff && !alsoSwitchedOff) return { ...verdict, kind: 'switchedOff', by: switchedOff.by };
  return { ...verdict, kind: chainOnly ? 'chainOnly' : 'hostnameWaived' };
}

/**
 * What always-accept-server-cert reports: where (the narrowest node), which of its messages (an id of the
 * rule's `meta.messages`) with the message's data, and what limits the danger. The rule decides the level.
 */
export interface VerificationFinding {
  node: Node;
  messageId: string;
  data: Record<string, string>;
  /** It applies only in debug builds, or behind an opt-in setting. */
  guard?: 'debug' | 'opt-in';
  /** A value (or an install) chosen at run time decides. */
  runtime?: boolean;
  /** A setting chooses between it and a verifying arm (OpenSSL `set_verify(if strict { PEER } else { NONE })`). */
  chosen?: boolean;
  /** A custom verifier's install sites outside tests. */
  installedAt?: Node[];
  /** A literal switch: the literal that turns verification back on (a safe fix). */
  safeLiteral?: { node: Node; text: string };
}

/**
 * Every way `node` turns server verification off on a client: a custom `ServerCertVerifier` impl, kube
 * `accept_invalid_certs`, a data-store client (model/datastore.ts), a builder switch, an OpenSSL connector's
 * verify mode or callback, a closure verifier, isahc flags, tiberius `trust_cert()`. A library's user's
 * choice (plumbing) is left to where they make it.
 */
export function serverVerificationOff(node: Node, ctx: InCrate): VerificationFinding[] {
  const { file, crate } = ctx;
  if (node.type === 'impl_item') return verifierFindings(node, crate);
  if (node.type === 'assignment_expression') return kubeFindings(node, ctx);
  if (node.type === 'struct_expression') {
    const store =
      redisInsecureAddr(node, file.names, crate) ??
      mongoTlsOptionsLiteral(node, file.names, crate) ??
      libraryDangerField(node, crate);
    return store ? storeFindings([store], crate) : kubeFindings(node, ctx);
  }
  if (node.type !== 'call_expression') return [];
  const modes = sqlxSslModes(node, file.names, crate);
  if (modes.length > 0) return storeFindings(modes, crate);
  const store = connectionUrl(node, file.names, crate) ?? kafkaProperty(node, crate);
  if (store) return storeFindings([store], crate);
  const { method, path } = describeCall(node);
  if (!method) {
    const raw = path ? rawClientContext(node, path, ctx) : undefined;
    return raw ? guarded(raw, crate, node) : [];
  }
  const found = verificationSwitch(node, crate);
  if (found?.chosenArms) return found.chosenArms.map((arm) => armFinding(found, arm));
  if (found) return [switchFinding(found)];
  const at = methodNameNode(node);
  if (method === 'set_verify') {
    const none = connectorVerifyNone(node, crate);
    if (none && 'arms' in none)
      return none.plumbing
        ? []
        : none.arms.flatMap((arm) =>
            guarded({ node: arm, messageId: 'opensslNoneArm', data: {}, chosen: true }, crate),
          );
    const help = " (the `SslConnector::builder` default) and trust the server's CA with `set_ca_file`";
    return none ? guarded({ node: at, messageId: 'opensslVerifyNone', data: { help } }, crate, node) : [];
  }
  if (method === 'set_verify_callback') {
    const callback = connectorCallback(node, crate);
    const messageId = callback?.alwaysTrue ? 'opensslCallback' : 'opensslVerifyNone';
    return callback ? guarded({ node: at, messageId, data: { help: '' } }, crate, node) : [];
  }
  if (method === 'with_custom_certificate_verifier' || method === 'set_certificate_verifier') {
    // A closure given where a verifier is expected: not a rustls API, still flagged.
    const closure = acceptingVerifierClosure(node, crate);
    return closure ? [{ node: closure, messageId: 'closure', data: { method } }] : [];
  }
  if (method === 'ssl_options') {
    const flag = isahcDangerFlag(node, crate);
    const [name, what] =
      flag === 'certs'
        ? ['DANGER_ACCEPT_INVALID_CERTS', 'certificate verification']
        : ['DANGER_ACCEPT_INVALID_HOSTS', 'host-name verification'];
    return flag ? guarded({ node: at, messageId: 'isahcDanger', data: { flag: name, what } }, crate, node) : [];
  }
  if (method === 'trust_cert' && tiberiusTrustCert(node, ctx))
    return guarded({ node: at, messageId: 'tiberiusTrustCert', data: {} }, crate, node);
  if (method === 'cert_validation' && validatesNothing(node, crate))
    return guarded({ node: at, messageId: 'certValidationNone', data: {} }, crate, node);
  return [];
}

/**
 * A raw OpenSSL context for a client (`SslContextBuilder::new(..)`, `SslContext::builder(..)`)
 * starts with `SSL_VERIFY_NONE`, unlike `SslConnector::builder`: one never given `set_verify`
 * checks no server certificate; one given it only inside an `if` verifies only when that holds.
 */
function rawClientContext(call: Node, path: Node, ctx: InCrate): VerificationFinding | undefined {
  const resolved = ctx.file.names.resolve(path);
  if (!pathEndsWith(resolved, 'SslContextBuilder::new', 'SslContext::builder') || resolved[0] !== 'openssl')
    return undefined;
  if (opensslSide(call, ctx.crate) !== 'client') return undefined;
  // Verification may be turned on per connection (`Ssl::new(&ctx)` then `ssl.set_verify(PEER)`): not judged then.
  if (ctx.crate.callsNamed('new').some((c) => /\bSsl::new\b/.test(c.text)) && perConnectionVerify(call, ctx.crate))
    return undefined;
  const never = opensslContextNeverVerifies(call, ctx);
  if (!never) return undefined;
  const setter = never === 'unless-chosen' ? verifySetterCondition(call, ctx.crate) : undefined;
  return {
    node: call,
    messageId: never === 'unless-chosen' ? 'opensslRawContextChosen' : 'opensslRawContext',
    data: { when: setter ? ` It turns verification on only ${setter}.` : '' },
    runtime: never === 'unless-chosen',
  };
}

/** A `set_verify`/`set_verify_callback` in the crate on something other than this builder (a session made from it). */
function perConnectionVerify(ctor: Node, crate: CrateModel): boolean {
  const builder = builderCalls(ctor, crate).calls.map((s) => s.call.id);
  return [...crate.callsNamed('set_verify'), ...crate.callsNamed('set_verify_callback')].some(
    (c) => !builder.includes(c.id),
  );
}

/** Where the builder's `set_verify(..)` sits: the condition of its `if` (`when \`strict\` holds`). */
function verifySetterCondition(ctor: Node, crate: CrateModel): string | undefined {
  const setter = verifySetter(ctor, crate);
  return setter ? branchCondition(setter.call) : undefined;
}

/** elasticsearch / opensearch `TransportBuilder::cert_validation(CertificateValidation::None)`. */
function validatesNothing(call: Node, crate: CrateModel): boolean {
  const arg = callArguments(call)[0];
  return !!arg && originsOf(arg, crate).some((o) => /\bCertificateValidation::None$/.test(o.text.replace(/\s+/g, '')));
}

/** The finding with the guard of the danger at `at` (its node by default); none when it is plumbing. */
function guarded(finding: VerificationFinding, crate: CrateModel, at = finding.node): VerificationFinding[] {
  const guard = dangerGuard(at, crate);
  return guard === 'plumbing' ? [] : [{ ...finding, guard }];
}

/** Data-store findings, each with its guard, at the method's name of a call. */
function storeFindings(found: StoreFinding[], crate: CrateModel): VerificationFinding[] {
  return found.flatMap((s) => {
    const node = s.node.type === 'call_expression' ? methodNameNode(s.node) : s.node;
    return guarded({ node, messageId: s.messageId, data: s.data, runtime: s.runtime }, crate, s.node);
  });
}

/** A builder switch: a literal turns verification off (with its guard), `cfg!(debug_assertions)` or a run-time value may. */
function switchFinding(found: VerificationSwitch): VerificationFinding {
  const { call, method, arg, what, dangerWhen } = found;
  const node = methodNameNode(call);
  const code = `${method}(${arg.text})`;
  if (found.value === 'off') {
    // Flipping a literal keeps the call and its type: safe. (A variable's value is not ours to change.)
    const safeLiteral = arg.type === 'boolean_literal' ? { node: arg, text: String(!dangerWhen) } : undefined;
    return { node, messageId: 'switchOff', data: { call: code, what }, guard: found.guard, safeLiteral };
  }
  if (found.value === 'debug')
    return { node, messageId: 'switchOffInDebug', data: { method, call: code, what }, guard: 'debug' };
  const env = found.env ? ' It is read from the environment.' : '';
  return { node, messageId: 'switchAtRunTime', data: { method, call: code, what, env }, runtime: true };
}

/** One arm of a setting that gives the switch the literal turning verification off. */
function armFinding(found: VerificationSwitch, arm: Node): VerificationFinding {
  const { method, arg, what } = found;
  const data = { method, call: `${method}(${arg.text})`, what, literal: arm.text };
  return { node: arm, messageId: 'switchOffInArm', data, guard: found.guard, chosen: true };
}

/** kube `Config::accept_invalid_certs = true` (guarded), or a run-time value (`= args.insecure`). */
function kubeFindings(node: Node, ctx: InCrate): VerificationFinding[] {
  const kube = kubeAcceptInvalidCerts(node, ctx);
  if (!kube || kube.literal === false) return [];
  if (kube.literal === undefined)
    return [{ node: kube.at, messageId: 'kubeSwitchAtRunTime', data: { value: kube.value.text }, runtime: true }];
  return guarded({ node: kube.at, messageId: 'kubeSwitch', data: {} }, ctx.crate);
}

/**
 * The verdict on a custom verifier as a finding: its message is its kind (`switchAlwaysOn` for a switch the
 * crate always turns on, which skips the checks like any verifier that accepts everything); it is decided at
 * run time when every production install is behind an opt-in, or a setting or the environment switches it.
 */
function verifierFindings(impl: Node, crate: CrateModel): VerificationFinding[] {
  const verdict = serverVerifierVerdict(impl, crate);
  if (!verdict) return [];
  const { node, typeName, kind, installedOnly } = verdict;
  const switched = kind === 'switchedOff' && verdict.by !== 'always';
  const data = {
    typeName,
    where: installedOnly ? `\nIt is installed only ${installedOnly}, so a run-time setting decides.` : '',
    how: verdict.ignoresCheck
      ? 'It calls the verification but accepts whatever it returns.'
      : 'It has no way to return an error.',
    errors: (verdict.errors ?? []).map((e) => `\`${e}\``).join(', '),
    cause: verdict.by === 'environment' ? 'an environment variable' : 'a setting',
  };
  const messageId = kind === 'switchedOff' && !switched ? 'switchAlwaysOn' : kind;
  const installedAt = verdict.production.map((s) => s.node);
  const findings: VerificationFinding[] = [
    { node, messageId, data, runtime: !!installedOnly || switched, installedAt },
  ];
  const also = verdict.alsoSwitchedOff;
  if (also) {
    const alsoSwitched = also.by !== 'always';
    findings.push({
      node: also.node,
      messageId: alsoSwitched ? 'switchedOff' : 'switchAlwaysOn',
      data: { ...data, cause: also.by === 'environment' ? 'an environment variable' : 'a setting' },
      runtime: !!installedOnly || alsoSwitched,
      installedAt,
    });
  }
  return findings;
}
