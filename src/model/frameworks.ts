// Server TLS configs of web and RPC frameworks that wrap rustls/OpenSSL themselves (catalog
// revision 2, rules 1 and 2): tonic `ServerTlsConfig`, Rocket `TlsConfig`/`MutualTls`, poem
// `RustlsConfig`. Each config is followed forward from where it is created (its chain, `let`s,
// helpers that return it) to see which client-auth settings it receives.
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import type { NameResolver } from './names.js';
import { boundName, chainOf, valueUsesThroughReturns, type ValueUse } from './flow.js';
import { pathEndsWith } from './names.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  namedChildren,
  pathSegments,
} from './syntax.js';
import { booleanValue } from './verifier.js';

export interface FrameworkConfig {
  /** Which framework and constructor, for the message. */
  what: string;
  /** The finding is at one level lower (a run-time value decides). */
  runtime?: boolean;
  suffix?: string;
}

function usesOfConfig(call: Node, crate: CrateModel): ValueUse[] {
  return valueUsesThroughReturns(call, crate);
}

const stepNames = (uses: ValueUse[]) => new Set(uses.flatMap((u) => (u.kind === 'method' ? [u.step.name] : [])));

/**
 * Rule 1: a framework server config created at `call` that authenticates no client — tonic
 * `ServerTlsConfig::new().identity(..)` without `client_ca_root(..)` handed to `Server::builder().tls_config(..)`,
 * Rocket `TlsConfig::from_paths/from_bytes` without `with_mutual(..)`, poem `RustlsConfig::new()`
 * without `client_auth_required(..)` (or `client_auth_optional(..)`, rule 2's).
 */
export function serverConfigWithoutClientAuth(
  call: Node,
  names: NameResolver,
  crate: CrateModel,
): FrameworkConfig | undefined {
  const path = describeCall(call).path;
  if (!path) return undefined;
  const resolved = names.resolve(path);
  if (
    pathEndsWith(resolved, 'ServerTlsConfig::new', 'ServerTlsConfig::default') &&
    (resolved[0] === 'tonic' || resolved.length === 2)
  ) {
    const uses = usesOfConfig(call, crate);
    const steps = stepNames(uses);
    if (!steps.has('identity') || steps.has('client_ca_root') || steps.has('rustls_server_config')) return undefined;
    // Handed to a tonic server, or returned to callers none of which gives it a client CA (catalog
    // revision 2: a returned builder is reported where it is made when no caller configures it).
    const served =
      uses.some(
        (u) =>
          u.kind === 'argument' && describeCall(u.call).method === 'tls_config' && isTonicServer(u.call, names, crate),
      ) || returnedAsServerConfig(call);
    return served
      ? { what: 'The tonic server TLS config (`ServerTlsConfig` with `identity(..)` and no `client_ca_root(..)`)' }
      : undefined;
  }
  if (pathEndsWith(resolved, 'TlsConfig::from_paths', 'TlsConfig::from_bytes') && resolved[0] === 'rocket') {
    const steps = stepNames(usesOfConfig(call, crate));
    return steps.has('with_mutual')
      ? undefined
      : { what: `The Rocket TLS config (\`${resolved.slice(-2).join('::')}\` without \`with_mutual(..)\`)` };
  }
  if (pathEndsWith(resolved, 'RustlsConfig::new') && resolved[0] === 'poem') {
    const steps = stepNames(usesOfConfig(call, crate));
    if (steps.has('client_auth_required') || steps.has('client_auth_optional')) return undefined;
    return { what: 'The poem TLS config (`RustlsConfig::new()` without `client_auth_required(..)`)' };
  }
  return undefined;
}

/** The function creating the config at `call` returns a `ServerTlsConfig` (its declared return type names it). */
function returnedAsServerConfig(call: Node): boolean {
  const fn = enclosingFunction(call);
  return /\bServerTlsConfig\b/.test(fn?.childForFieldName('return_type')?.text ?? '');
}

/** warp's client-auth settings on a `TlsServer`. */
const WARP_CLIENT_AUTH = /^client_auth_(required|optional)(_path)?$/;

/**
 * Rule 1: a warp `serve(..).tls()` server that never gets `client_auth_required(_path)(..)` (or the
 * optional form, rule 2's). When some branch does give it one, the arm that serves the bare TLS server
 * (`None => server`) is chosen by a setting: `arm` is that arm.
 */
export function warpTlsWithoutClientAuth(
  call: Node,
  names: NameResolver,
  crate: CrateModel,
): (FrameworkConfig & { arm?: Node }) | undefined {
  if (describeCall(call).method !== 'tls' || callArguments(call).length > 0) return undefined;
  const root = chainOf(call, crate).rootPath ?? [];
  const resolved = root.length ? names.resolve(root.join('::')) : [];
  if (!pathEndsWith(resolved, 'warp::serve')) return undefined;
  const what = 'The warp TLS server (`serve(..).tls()` without `client_auth_required(..)`)';
  const uses = usesOfConfig(call, crate);
  if (![...stepNames(uses)].some((name) => WARP_CLIENT_AUTH.test(name))) return { what };
  const arm = bareArm(call);
  return arm ? { what, arm } : undefined;
}

/**
 * The `let` that binds the config at `call`, then a `match` arm in the same function whose whole value
 * is that variable while a sibling arm gives it client auth (`None => server, Some(ca) => server.client_auth_required_path(ca)`).
 */
function bareArm(call: Node): Node | undefined {
  let node = call;
  while (node.parent && node.parent.type !== 'let_declaration' && node.parent.type !== 'block') node = node.parent;
  const name = node.parent?.type === 'let_declaration' ? boundName(node.parent) : undefined;
  const fn = enclosingFunction(call);
  if (!name || !fn) return undefined;
  for (const arm of descendantsOfType(fn, 'match_arm')) {
    const value = arm.childForFieldName('value');
    if (value?.type !== 'identifier' || value.text !== name || value.startIndex < call.endIndex) continue;
    const siblings = arm.parent
      ? namedChildren(arm.parent).filter((a) => a.type === 'match_arm' && a.id !== arm.id)
      : [];
    if (siblings.some((a) => /\bclient_auth_(required|optional)/.test(a.text))) return value;
  }
  return undefined;
}

/** `Server::builder()…tls_config(..)` of tonic (the chain root, or a tonic file). */
function isTonicServer(call: Node, names: NameResolver, crate: CrateModel): boolean {
  const root = chainOf(call, crate).rootPath ?? [];
  const resolved = root.length ? names.resolve(root.join('::')) : [];
  return pathEndsWith(resolved, 'Server::builder') && (resolved[0] === 'tonic' || resolved.length === 2);
}

/**
 * Rule 2: Rocket `MutualTls::from_path/from_bytes` (0.5; `MtlsConfig` in 0.6) whose `mandatory`
 * is not set to `true`: Rocket's default lets clients without a certificate in.
 */
export function rocketOptionalMtls(call: Node, names: NameResolver, crate: CrateModel): FrameworkConfig | undefined {
  const path = describeCall(call).path;
  if (!path) return undefined;
  const resolved = names.resolve(path);
  if (
    resolved[0] !== 'rocket' ||
    !pathEndsWith(
      resolved,
      'MutualTls::from_path',
      'MutualTls::from_bytes',
      'MtlsConfig::from_path',
      'MtlsConfig::from_bytes',
    )
  )
    return undefined;
  const settings = usesOfConfig(call, crate).flatMap((u) =>
    u.kind === 'method' && (u.step.name === 'mandatory' || u.step.name === 'mandatory=') ? [u.step] : [],
  );
  const name = resolved.slice(-2).join('::');
  if (settings.length === 0)
    return {
      what: `The Rocket mutual-TLS config (\`${name}\` without \`.mandatory(true)\`, and Rocket's default is optional)`,
    };
  const values = settings.map((s) => (s.args[0] ? booleanValue(s.args[0], crate) : undefined));
  if (values.some((v) => v === true)) return undefined;
  if (values.every((v) => v === false))
    return { what: `The Rocket mutual-TLS config (\`${name}\` with \`mandatory\` false)` };
  const shown =
    settings[0].name === 'mandatory='
      ? `mandatory = ${settings[0].args[0]?.text ?? '..'}`
      : `mandatory(${settings[0].args[0]?.text ?? '..'})`;
  return {
    what: `The Rocket mutual-TLS config (\`${name}\` with \`${shown}\`)`,
    runtime: true,
    suffix: ' The value is decided at run time; make sure it is always true in production.',
  };
}

/** Calls that route a request to a handler (axum, actix-web, warp, poem): their function arguments are handlers. */
const ROUTING_CALLS = [
  'get',
  'post',
  'put',
  'delete',
  'patch',
  'head',
  'options',
  'any',
  'on',
  'from_fn',
  'from_fn_with_state',
  'map_request',
  'map_response',
  'get_service',
  'post_service',
  'route',
  'to',
];

const ROUTED_HANDLERS = {};

/** Names of the functions the crate routes requests to (`.route("/", get(handler))`), built once per crate. */
export function routedHandlerNames(crate: CrateModel): Set<string> {
  return crate.memo(ROUTED_HANDLERS, () => {
    const handlers = new Set<string>();
    for (const call of ROUTING_CALLS.flatMap((name) => crate.callsNamed(name))) {
      for (const arg of callArguments(call)) {
        if (arg.type === 'identifier' || arg.type === 'scoped_identifier') handlers.add(pathSegments(arg).at(-1) ?? '');
      }
    }
    return handlers;
  });
}
