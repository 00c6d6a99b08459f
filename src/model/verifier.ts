// Analysis of certificate-verifier code shared by the verifier rules (always-accept-client-cert,
// always-accept-server-cert, signature-not-verified, eku-not-checked):
// - can a verify function fail at all, or does every path hand out the "verified" marker
//   (`Ok(ClientCertVerified::assertion())`, `Ok(HandshakeSignatureValid::assertion())`)?
// - which rustls verifier trait an impl implements (0.19–0.23 paths, aliases, re-exports);
// - where a verifier type is installed into a config (for relatedLocations);
// - does an OpenSSL-style verify callback return `true` whatever the library decided?
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile, TraitImpl } from './crate.js';
import {
  callSitesOf,
  earlierReturningArms,
  findBinding,
  implTypeName,
  localFunctions,
  originsOf,
  otherArms,
  rootIdentifier,
} from './flow.js';
import { pathEndsWith } from './names.js';
import { ENVIRONMENT_READ, isInTestCode, isTestPath } from './code-kind.js';
import {
  ancestors,
  booleanLiteral,
  branchChoice,
  branchCondition,
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  methodNameNode,
  namedChildren,
  pathSegments,
  returnedExpressions,
  stripWrappers,
} from './syntax.js';

// ---------------------------------------------------------------------------------------------
// Verifier traits

export type VerifierKind = 'client' | 'server';

/** The resolved trait of an impl names rustls' `ClientCertVerifier` / `ServerCertVerifier` (any version, path, alias). */
export function verifierKindOf(traitPath: string[]): VerifierKind | undefined {
  if (pathEndsWith(traitPath, 'ClientCertVerifier')) return 'client';
  if (pathEndsWith(traitPath, 'ServerCertVerifier')) return 'server';
  return undefined;
}

/** The crate-index entry of an `impl_item` node. */
export function traitImplOf(crate: CrateModel, impl: Node): TraitImpl | undefined {
  return crate.impls.find((i) => i.node.id === impl.id && i.node.tree === impl.tree);
}

/** The impl's verifier kind and entry, when `impl` implements a rustls certificate verifier. */
export function verifierImpl(crate: CrateModel, impl: Node): { kind: VerifierKind; entry: TraitImpl } | undefined {
  const entry = traitImplOf(crate, impl);
  const kind = entry ? verifierKindOf(entry.traitPath) : undefined;
  return entry && kind ? { kind, entry } : undefined;
}

/** The impl's method named `name`, resolved via the crate index entry for the impl node. */
export function implMethod(crate: CrateModel, impl: Node, name: string): Node | undefined {
  return traitImplOf(crate, impl)?.methods.get(name);
}

// ---------------------------------------------------------------------------------------------
// Can a verify function fail?

/** Macros that cannot make a function return early or abort (logging, formatting, metrics). */
const BENIGN_MACROS = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'event',
  'span',
  'trace_span',
  'debug_span',
  'info_span',
  'warn_span',
  'error_span',
  'println',
  'eprintln',
  'print',
  'eprint',
  'dbg',
  'format',
  'format_args',
  'write',
  'writeln',
  'vec',
  'concat',
  'stringify',
  'include_str',
  'include_bytes',
  'env',
  'option_env',
  'line',
  'file',
  'column',
  'module_path',
  'cfg',
  'log',
  'counter',
  'gauge',
  'histogram',
  'increment_counter',
  'debug_assert',
  'debug_assert_eq',
  'debug_assert_ne',
  'matches',
  'json',
  'anyhow',
  'eyre',
  'format_err',
]);

/** Calls whose panicking `.unwrap()`/`.expect()` rejects a bad certificate. */
const CHECKING_CALL = /^(verify|check|validate|parse|from_der|try_from|decode)/;
const PANICKING_METHODS = new Set(['unwrap', 'expect', 'unwrap_unchecked']);
const THROUGH_METHODS = new Set(['map_err', 'map', 'as_ref', 'ok', 'and_then']);

function inNestedFunction(node: Node, body: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.id === body.id) return false;
    if (a.type === 'function_item') return true;
  }
  return false;
}

function callName(call: Node): string {
  const { method, path } = describeCall(call);
  return method ?? (path ? (pathSegments(path).at(-1) ?? '') : '');
}

/** `x.unwrap()` / `x.expect(..)` on a checking call (`verify(..).map_err(..).unwrap()`). */
function panicsOnCheck(call: Node): boolean {
  const { method, receiver } = describeCall(call);
  if (!method || !PANICKING_METHODS.has(method) || !receiver) return false;
  let node: Node | undefined = receiver;
  for (let guard = 0; node && guard < 16; guard++) {
    if (node.type !== 'call_expression') return false;
    const d = describeCall(node);
    if (d.method && THROUGH_METHODS.has(d.method)) {
      node = d.receiver;
      continue;
    }
    return CHECKING_CALL.test(callName(node));
  }
  return false;
}

/** A macro that may abort or return early: anything not known to be benign, or one whose tokens say `Err`/`return`. */
function mayFailMacro(macro: Node): boolean {
  const name = pathSegments(macro.childForFieldName('macro') ?? macro).at(-1) ?? '';
  if (!BENIGN_MACROS.has(name)) return true;
  return (
    descendantsOfType(macro, 'identifier').some((id) => id.text === 'Err') ||
    /\breturn\b/.test(macro.text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))
  );
}

/** The leaf expressions a returned value may come from: `if`/`match` arms, blocks, and `let` bindings. */
export function returnLeaves(expr: Node, crate: CrateModel, depth = 0): Node[] {
  let node = expr;
  while (node.type === 'parenthesized_expression' && namedChildren(node)[0]) node = namedChildren(node)[0];
  if (depth > 6) return [node];
  if (node.type === 'block' || node.type === 'if_expression' || node.type === 'match_expression') {
    const inner = returnedExpressions(node).filter((r) => r.id !== node.id);
    return inner.length > 0 ? inner.flatMap((r) => returnLeaves(r, crate, depth + 1)) : [node];
  }
  if (node.type === 'identifier') {
    const b = findBinding(node, crate);
    if (b?.kind === 'let' && b.value) return returnLeaves(b.value, crate, depth + 1);
  }
  return [node];
}

/** All leaves a function or closure body can evaluate to (tail, `return`s, through arms and `let`s). */
export function bodyLeaves(body: Node, crate: CrateModel): Node[] {
  const leaves = returnedExpressions(body).flatMap((r) => returnLeaves(r, crate));
  const seen = new Set<number>();
  return leaves.filter((l) => !seen.has(l.id) && !!seen.add(l.id)).sort((a, b) => a.startIndex - b.startIndex);
}

/** `Ok(..)` / `Ok::<_, E>(..)`: the argument, else undefined. */
export function okPayload(expr: Node): Node | undefined {
  if (expr.type !== 'call_expression') return undefined;
  const { path } = describeCall(expr);
  const segs = path ? pathSegments(path) : [];
  if (segs.at(-1) !== 'Ok' || (segs.length > 1 && segs.at(-2) !== 'Result')) return undefined;
  const args = callArguments(expr);
  return args.length === 1 ? args[0] : undefined;
}

/** `X::assertion()` (any path), or a `let` bound to it; with `allowUnit`, also `()` (closure "verifiers"). */
function isAssertionValue(value: Node, crate: CrateModel, allowUnit: boolean, depth = 0): boolean {
  if (allowUnit && value.type === 'unit_expression') return true;
  if (value.type === 'call_expression') {
    const { path, method } = describeCall(value);
    // `self.inner.verify_client_cert(..).unwrap_or_else(|_| ClientCertVerified::assertion())`: the marker either way.
    if (method === 'unwrap_or' || method === 'unwrap_or_else') {
      return callArguments(value).some((a) =>
        descendantsOfType(a, 'call_expression').some((c) => isAssertionValue(c, crate, false, depth + 1)),
      );
    }
    return !!path && pathSegments(path).at(-1) === 'assertion' && callArguments(value).length === 0;
  }
  if (value.type === 'identifier' && depth < 4) {
    return originsOf(value, crate).some((o) => o.id !== value.id && isAssertionValue(o, crate, allowUnit, depth + 1));
  }
  return false;
}

/** `Ok(X::assertion())`, or `Ok(verified)` with `let verified = X::assertion();`. */
export function isOkAssertion(expr: Node, crate: CrateModel, allowUnit = false): boolean {
  const payload = okPayload(expr);
  return !!payload && isAssertionValue(payload, crate, allowUnit);
}

/**
 * True when a function or closure body has a way to reject: a `?`, a macro that may abort
 * (`panic!`, `assert!`, `bail!`, custom macros), `.unwrap()`/`.expect()` on a checking call,
 * or any returned value that is not `Ok(..)` (an `Err(..)`, a delegated `self.inner.verify_*(..)`,
 * `result.map(..)`, a value that cannot be read).
 */
export function canFail(body: Node, crate: CrateModel): boolean {
  const tries = descendantsOfType(body, 'try_expression').filter((t) => !inNestedFunction(t, body));
  if (tries.some((t) => errorReaches(namedChildren(t)[0] ?? t, body, crate))) return true;
  if (descendantsOfType(body, 'macro_invocation').some((m) => !inNestedFunction(m, body) && mayFailMacro(m)))
    return true;
  if (descendantsOfType(body, 'call_expression').some((c) => !inNestedFunction(c, body) && panicsOnCheck(c)))
    return true;
  const leaves = bodyLeaves(body, crate);
  return leaves.length === 0 || returnedExpressions(body).some((r) => errorReaches(r, body, crate));
}

/**
 * Whether a `Result` returned (or `?`-propagated) by a verify function can still carry an error to
 * its caller. A swallowed error does not: `r.or_else(|_| Ok(..))`, `r.or(Ok(..))`, and a variable
 * whose `Err` was turned into an early `Ok` return before (`if let Err(e) = &r { warn!(..); return
 * Ok(..) }`, `if r.is_err() { return Ok(..) }`, `match &r { Err(_) => return Ok(..), .. }`).
 * Anything else that is not `Ok(..)` (a delegated call, a value that cannot be read) may fail.
 */
function errorReaches(value: Node, body: Node, crate: CrateModel, depth = 0): boolean {
  if (depth > 6) return true;
  let node = value;
  while (node.type === 'parenthesized_expression' && namedChildren(node)[0]) node = namedChildren(node)[0];
  if (node.type === 'block' || node.type === 'if_expression' || node.type === 'match_expression') {
    const inner = returnedExpressions(node).filter((r) => r.id !== node.id);
    return inner.length === 0 || inner.some((r) => errorReaches(r, body, crate, depth + 1));
  }
  if (okPayload(node) !== undefined) return false;
  if (node.type === 'call_expression') {
    const { method, receiver } = describeCall(node);
    if ((method === 'or_else' || method === 'or') && receiver) return fallbackMayFail(node, body, crate, depth);
    // `r.map(..)` / `r.map_err(..)` keep the error of `r`.
    if ((method === 'map' || method === 'map_err') && receiver) return errorReaches(receiver, body, crate, depth + 1);
    return true;
  }
  if (node.type !== 'identifier') return okPayload(node) === undefined;
  const binding = findBinding(node, crate);
  if (binding?.kind !== 'let' || !binding.value) return true;
  if (errorTurnedIntoOk(node.text, binding.node, node, body)) return false;
  return errorReaches(binding.value, body, crate, depth + 1);
}

/** `.or_else(|_| Ok(..))` / `.or(Ok(..))`: fails only when the fallback itself may. */
function fallbackMayFail(call: Node, body: Node, crate: CrateModel, depth: number): boolean {
  const arg = callArguments(call)[0];
  const closureBody = arg?.type === 'closure_expression' ? arg.childForFieldName('body') : undefined;
  const fallbacks = closureBody ? bodyLeaves(closureBody, crate) : arg ? [arg] : [];
  return (
    fallbacks.length === 0 ||
    fallbacks.some((f) => okPayload(f) === undefined && errorReaches(f, body, crate, depth + 1))
  );
}

/**
 * Between the `let` of `name` and its use, an `if let Err(..) = name` / `if name.is_err()` (or a
 * `match name` arm on `Err`) returns `Ok(..)` and never an error: the error cannot reach `use`.
 */
function errorTurnedIntoOk(name: string, letDecl: Node, use: Node, body: Node): boolean {
  const between = (n: Node) =>
    n.startIndex > letDecl.endIndex && n.endIndex <= use.startIndex && !inNestedFunction(n, body);
  const subject = new RegExp(`^&?(mut\\s+)?${name}(\\.as_ref\\(\\))?$`);
  const swallows = (branch: Node | null | undefined) => {
    if (!branch) return false;
    const returns = descendantsOfType(branch, 'return_expression').map((r) => namedChildren(r)[0]);
    return returns.length > 0 && returns.every((r) => !!r && okPayload(r) !== undefined);
  };
  // Only a catch-all `Err(_)` / `Err(e)` swallows every error; `Err(NotValidForName..)` waives one
  // kind (judged by what it lets through, elsewhere) and the others still reach the caller.
  const anyErr = (pattern: string | undefined) =>
    /^Err\s*\(\s*(_|\.\.|(ref\s+)?(mut\s+)?[a-z_][a-z0-9_]*)\s*\)$/.test(pattern?.replace(/\s+/g, ' ').trim() ?? '');
  for (const ifExpr of descendantsOfType(body, 'if_expression').filter(between)) {
    const cond = ifExpr.childForFieldName('condition');
    const onErr =
      cond?.type === 'let_condition'
        ? anyErr(cond.childForFieldName('pattern')?.text) &&
          subject.test(cond.childForFieldName('value')?.text.trim() ?? '')
        : new RegExp(`^${name}\\.is_err\\(\\)$`).test(cond?.text.replace(/\s+/g, '') ?? '');
    if (onErr && swallows(ifExpr.childForFieldName('consequence'))) return true;
  }
  for (const match of descendantsOfType(body, 'match_expression').filter(between)) {
    if (!subject.test(match.childForFieldName('value')?.text.trim() ?? '')) continue;
    const arms = descendantsOfType(match, 'match_arm').filter((arm) =>
      /^Err\b/.test(arm.childForFieldName('pattern')?.text ?? ''),
    );
    const catchAll = arms.some((arm) => anyErr(arm.childForFieldName('pattern')?.text));
    if (catchAll && arms.every((arm) => swallows(arm))) return true;
  }
  return false;
}

/** Kept for callers of the first version of this module. */
export function hasFailingPath(body: Node, crate: CrateModel): boolean {
  return canFail(body, crate);
}

/**
 * The `Ok(..assertion())` expressions a verify function (or closure) returns when it cannot
 * fail, in source order; empty when it has a way to reject or never returns the marker.
 */
export function alwaysAcceptingReturns(fnOrClosure: Node, crate: CrateModel, allowUnit = false): Node[] {
  const body = fnOrClosure.childForFieldName('body');
  if (!body || canFail(body, crate)) return [];
  return bodyLeaves(body, crate)
    .flatMap((l) => fallbackLeaves(l, crate))
    .filter((l) => isOkAssertion(l, crate, allowUnit));
}

/** A returned `r.or_else(|_| Ok(..))` / `r.or(Ok(..))` accepts in its fallback: those leaves (the leaf itself otherwise). */
function fallbackLeaves(leaf: Node, crate: CrateModel): Node[] {
  const { method } = leaf.type === 'call_expression' ? describeCall(leaf) : {};
  if (method !== 'or_else' && method !== 'or') return [leaf];
  const arg = callArguments(leaf)[0];
  const closureBody = arg?.type === 'closure_expression' ? arg.childForFieldName('body') : undefined;
  return closureBody ? bodyLeaves(closureBody, crate) : arg ? [arg] : [];
}

/**
 * Verification calls inside an always-accepting body whose outcome is ignored (only logged or
 * discarded): `let _ = self.inner.verify_client_cert(..)`, `if let Err(e) = verify(..) { warn!(..) }`.
 */
export function ignoredChecks(fnOrClosure: Node): Node[] {
  const body = fnOrClosure.childForFieldName('body');
  if (!body) return [];
  return descendantsOfType(body, 'call_expression').filter((c) => /^(verify|check|validate)/.test(callName(c)));
}

/**
 * `Ok(..)` leaves of a function reached only when an error matched `pattern`: a `match` arm
 * whose pattern (or guard) names it, or an `if` whose condition does. Used for "accept on a
 * host-name mismatch" (`Err(Error::InvalidCertificate(CertificateError::NotValidForName)) => Ok(..)`).
 */
export function okReturnsWhen(fn: Node, crate: CrateModel, pattern: RegExp): Node[] {
  const body = fn.childForFieldName('body');
  if (!body || !pattern.test(body.text)) return [];
  const out: Node[] = [];
  // Arms and branches anywhere in the function, also in closures (`.or_else(|e| match e { .. })`).
  for (const branch of descendantsOfType(body, ['match_arm', 'if_expression'])) {
    if (inNestedFunction(branch, body)) continue;
    const guard =
      branch.type === 'match_arm' ? branch.childForFieldName('pattern') : branch.childForFieldName('condition');
    const value =
      branch.type === 'match_arm' ? branch.childForFieldName('value') : branch.childForFieldName('consequence');
    if (!guard || !value || !pattern.test(guard.text)) continue;
    const returns = descendantsOfType(value, 'return_expression')
      .map((r) => namedChildren(r)[0])
      .filter((v): v is Node => !!v);
    for (const leaf of [...returnLeaves(value, crate), ...returns.flatMap((r) => returnLeaves(r, crate))]) {
      if (okPayload(leaf) !== undefined && !out.some((o) => o.id === leaf.id)) out.push(leaf);
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/** Certificate errors a verifier can waive by name (rustls `CertificateError`, webpki `Error`). */
const CERT_ERROR =
  /\b(UnknownIssuer|Expired(?:Context)?|NotValidYet(?:Context)?|Revoked|UnknownRevocationStatus|ExpiredRevocationList|BadSignature|InvalidPurpose(?:Context)?|UnhandledCriticalExtension|BadEncoding|CaUsedAsEndEntity|CertExpired|CertNotValidYet|ApplicationVerificationFailure|IssuerNotCrlSigner|UnsupportedSignatureAlgorithm)\b/;

/**
 * An allow-list of ignored errors (catalog revision 2): `Ok(..)` returned in an `Err(..)` arm or
 * branch that names certificate errors (`Err(InvalidCertificate(UnknownIssuer)) => Ok(..)`),
 * while other errors still fail. Returns the first such `Ok` and the errors it waives.
 */
export function waivedCertificateErrors(fn: Node, crate: CrateModel): { node: Node; errors: string[] } | undefined {
  const oks = okReturnsWhen(fn, crate, CERT_ERROR);
  if (oks.length === 0) return waivedNamedErrors(fn, crate);
  const errors = new Set<string>();
  for (const ok of oks) {
    for (const a of ancestors(ok)) {
      const guard =
        a.type === 'match_arm'
          ? a.childForFieldName('pattern')
          : a.type === 'if_expression'
            ? a.childForFieldName('condition')
            : null;
      if (!guard) continue;
      for (const m of guard.text.matchAll(new RegExp(CERT_ERROR.source, 'g'))) errors.add(m[1]);
      if (a.type === 'function_item') break;
    }
  }
  return errors.size > 0 ? { node: oks[0], errors: [...errors] } : waivedNamedErrors(fn, crate);
}

/** `Err(sgx_status_t::SGX_ERROR_UPDATE_NEEDED) =>`: an `Err` arm naming one error (a path), not `Err(e)` or `Err(_)`. */
const NAMED_ERROR_ARM = /\bErr\s*\(\s*(?:[A-Za-z_]\w*::)+([A-Za-z_]\w*)\s*[)(]/;

/**
 * The same allow-list shape for errors the certificate checks of the crate itself name (an attestation
 * check's `SGX_ERROR_UPDATE_NEEDED`): a `match` arm on one named `Err` that returns `Ok(..)`.
 */
function waivedNamedErrors(fn: Node, crate: CrateModel): { node: Node; errors: string[] } | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  // The verifier's own accepting `Ok(..assertion())`, returned from it: not an `Ok(())` of some other `match`.
  const returned = new Set(bodyLeaves(body, crate).map((l) => l.id));
  const ok = okReturnsWhen(fn, crate, NAMED_ERROR_ARM).find(
    (leaf) => isOkAssertion(leaf, crate) && returned.has(leaf.id),
  );
  // The error named by the arm (or `if let`) that returns it.
  const guard = ok
    ? [...ancestors(ok)]
        .map((a) => (a.type === 'match_arm' ? a.childForFieldName('pattern') : a.childForFieldName('condition')))
        .find((g) => !!g && NAMED_ERROR_ARM.test(g.text))
    : undefined;
  const name = guard ? NAMED_ERROR_ARM.exec(guard.text)?.[1] : undefined;
  return ok && name ? { node: ok, errors: [name] } : undefined;
}

/**
 * The same, also in the crate functions the verify function hands its result to (deno's
 * `filter_invalid_encoding_err(inner.verify_tls12_signature(..))`, which turns `BadEncoding` into `Ok`):
 * helpers are transparent (catalog revision 2). The `Ok` found is the helper's.
 */
export function waivedErrorsThroughHelpers(fn: Node, crate: CrateModel): { node: Node; errors: string[] } | undefined {
  const own = waivedCertificateErrors(fn, crate);
  const body = fn.childForFieldName('body');
  if (own || !body || !CERT_ERROR_TEXT.test(crate.fileOf(fn).text)) return own;
  for (const helper of calledCrateFunctions(body, crate)) {
    const waived = waivedCertificateErrors(helper, crate);
    if (waived) return waived;
  }
  return undefined;
}
const CERT_ERROR_TEXT = new RegExp(CERT_ERROR.source);

/**
 * Checks that an environment variable switches off (catalog revision 2): an early `Ok(..)` under
 * an `if` whose condition reads the environment, while the rest of the function can fail.
 * Returns that `Ok` and the condition.
 */
export function checksOffBySetting(
  fn: Node,
  crate: CrateModel,
): { node: Node; condition: Node; by: 'environment' | 'setting' | 'always' } | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  for (const ifExpr of descendantsOfType(body, 'if_expression')) {
    if (inNestedFunction(ifExpr, body)) continue;
    const condition = ifExpr.childForFieldName('condition');
    const consequence = ifExpr.childForFieldName('consequence');
    if (!condition || !consequence) continue;
    // A test of a verification result is error handling (judged by canFail), not a switch;
    // `env::var(..).is_err()` is a switch.
    if (/\bErr\b|is_err|is_ok|\bOk\b/.test(condition.text) && !/env::var|var_os/.test(condition.text)) continue;
    if (condition.type === 'let_condition' || condition.type === 'let_chain') continue;
    const returns = descendantsOfType(consequence, 'return_expression')
      .map((r) => namedChildren(r)[0])
      .filter((v): v is Node => !!v);
    const ok = returns.find((r) => isOkAssertion(r, crate));
    if (!ok) continue;
    if (readsEnvironment(condition, crate)) return { node: ok, condition, by: 'environment' };
    const field = ownFieldSwitch(condition, crate);
    if (field) return { node: ok, condition, by: field };
  }
  return undefined;
}

/**
 * `if self.insecure { return Ok(..) }`: a switch in the verifier's own field, judged by what the
 * crate stores into that field of the verifier's type. A literal that turns the skip on
 * (`insecure: true`, or `verify: false` under `!self.verify`) means it always skips; a value
 * from elsewhere (`insecure: cfg.insecure_skip_verify`) means a setting decides; only literals
 * that keep the checks on, or no known value (a library's user sets it), are no finding.
 */
/** Tests of an own field's emptiness that can switch a verifier's checks off (`self.allowlist.is_empty()`). */
const EMPTINESS_TESTS = new Set(['is_empty', 'is_none', 'is_some']);

function ownFieldSwitch(condition: Node, crate: CrateModel): 'setting' | 'always' | undefined {
  const inner = condition.type === 'parenthesized_expression' ? (namedChildren(condition)[0] ?? condition) : condition;
  const negated = inner.type === 'unary_expression' && inner.text.startsWith('!');
  const operand = negated ? namedChildren(inner)[0] : inner;
  // `self.allowlist.is_empty()` / `self.pins.is_none()`: an emptiness test of an own field switches too.
  const tested = operand?.type === 'call_expression' ? describeCall(operand) : undefined;
  const access =
    tested?.method && EMPTINESS_TESTS.has(tested.method) && callArguments(operand!).length === 0
      ? tested.receiver
      : operand;
  if (access?.type !== 'field_expression' || access.childForFieldName('value')?.type !== 'self') return undefined;
  const values = crate.fieldAccessValues(access);
  if (access !== operand) return values.length > 0 ? 'setting' : undefined;
  if (values.length === 0) return undefined;
  const literals = values.map((v) => (v.type === 'boolean_literal' ? v.text === 'true' : undefined));
  const skipsWhen = !negated;
  if (literals.some((l) => l === skipsWhen)) return 'always';
  return literals.every((l) => l === !skipsWhen) ? undefined : 'setting';
}

/**
 * The condition reads an environment variable, directly or through a `let`. A verifier's own
 * field (`if self.insecure { return Ok(..) }`) is its owner's setting, judged where it is set.
 */
function readsEnvironment(condition: Node, crate: CrateModel): boolean {
  if (ENVIRONMENT_READ.test(condition.text)) return true;
  return descendantsOfType(condition, 'identifier').some((id) => {
    const binding = findBinding(id, crate);
    return binding?.kind === 'let' && !!binding.value && ENVIRONMENT_READ.test(binding.value.text);
  });
}

/** Calls that check a server certificate's chain (webpki, or an inner rustls verifier) but not, by themselves, its name. */
const CHAIN_CHECKS =
  /^(verify_for_usage|verify_is_valid_tls_server_cert|verify_server_cert|verify_cert|verify_cert_chain|verify_server_cert_signed_by_trust_anchor)$/;
/** A hand-made name check: the certificate's SAN/CN (or SPIFFE ID) compared with an expected name. */
const MANUAL_NAME_CHECK =
  /subject_alt|\bsans?\b|dns_names?|common_name|\bcn\b|spiffe|uri_names?|verify_is_valid_for_(subject|dns|at_least)|verify_server_name/i;

/**
 * A `verify_server_cert` that checks the chain but never the host name: the `ServerName`
 * parameter is never read (unused, `_`, or replaced by a fixed name given to the inner verifier)
 * while a chain check is made, and nothing compares the certificate's names by hand. Returns the
 * chain-check call.
 */
export function chainCheckedButNotName(fn: Node, crate: CrateModel): Node | undefined {
  const body = fn.childForFieldName('body');
  const params = fn.childForFieldName('parameters');
  const nameParam = params
    ? namedChildren(params).find(
        (p) => p.type === 'parameter' && /ServerName|DnsName|DNSNameRef/.test(p.childForFieldName('type')?.text ?? ''),
      )
    : undefined;
  const pattern = nameParam?.childForFieldName('pattern');
  if (!body || !pattern) return undefined;
  const bodies = bodyAndCalleeBodies(body, crate);
  if (bodies.some((b) => MANUAL_NAME_CHECK.test(b.text))) return undefined;
  const name = pattern.type === 'identifier' ? pattern.text : undefined;
  const read = !!name && descendantsOfType(body, 'identifier').some((id) => id.text === name);
  if (read) return undefined;
  return descendantsOfType(body, 'call_expression').find(
    (c) => !inNestedFunction(c, body) && CHAIN_CHECKS.test(callName(c)),
  );
}

/** The boolean a method always returns (`fn offer_client_auth(&self) -> bool { false }`), if it is a literal on every path. */
export function constantBoolean(fn: Node | undefined, crate: CrateModel): boolean | undefined {
  const body = fn?.childForFieldName('body');
  if (!body) return undefined;
  const values = bodyLeaves(body, crate).map(literalBoolean);
  return values.length > 0 && values.every((v) => v !== undefined && v === values[0]) ? values[0] : undefined;
}

/** `true`, `false`, `!x` of a known value, and `Some(true)` / `Some(false)` (0.19/0.20 `Option<bool>` methods). */
export function literalBoolean(node: Node): boolean | undefined {
  if (node.type === 'boolean_literal') return node.text === 'true';
  if (node.type === 'unary_expression' && node.text.startsWith('!')) {
    const inner = namedChildren(node).at(-1);
    const v = inner ? literalBoolean(inner) : undefined;
    return v === undefined ? undefined : !v;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node)[0];
    return inner ? literalBoolean(inner) : undefined;
  }
  if (node.type === 'call_expression') {
    const { path } = describeCall(node);
    const arg = callArguments(node)[0];
    if (path && pathSegments(path).at(-1) === 'Some' && arg && callArguments(node).length === 1)
      return literalBoolean(arg);
  }
  return undefined;
}

/**
 * The boolean an argument always carries: literals, `!` of known values, and `let`/`const`
 * bindings to them; undefined for a run-time value.
 */
export function booleanValue(expr: Node, crate: CrateModel, depth = 0): boolean | undefined {
  if (depth > 6) return undefined;
  // Asked for every danger switch; a field with many stored values made each answer cost them all.
  let memo = booleanMemo.get(crate);
  if (!memo) booleanMemo.set(crate, (memo = new Map()));
  const key = `${expr.id}:${depth}`;
  if (memo.has(key)) return memo.get(key);
  const value = computeBooleanValue(expr, crate, depth);
  memo.set(key, value);
  return value;
}

const booleanMemo = new WeakMap<CrateModel, Map<string, boolean | undefined>>();

function computeBooleanValue(expr: Node, crate: CrateModel, depth: number): boolean | undefined {
  if (expr.type === 'unary_expression' && expr.text.startsWith('!')) {
    const inner = namedChildren(expr).at(-1);
    const v = inner ? booleanValue(inner, crate, depth + 1) : undefined;
    return v === undefined ? undefined : !v;
  }
  const origins = originsOf(expr, crate);
  const values = origins.map((o) =>
    o.id === expr.id
      ? literalBoolean(o)
      : o.type === 'unary_expression'
        ? booleanValue(o, crate, depth + 1)
        : (literalBoolean(o) ?? constValue(o, crate, depth)),
  );
  return values.length > 0 && values.every((v) => v !== undefined && v === values[0]) ? values[0] : undefined;
}

function constValue(node: Node, crate: CrateModel, depth: number): boolean | undefined {
  if (node.type !== 'identifier' && node.type !== 'scoped_identifier') return undefined;
  const item = crate.constant(pathSegments(node).at(-1) ?? '', node);
  const value = item?.childForFieldName('value');
  return value && !(node.startIndex >= item!.startIndex && node.endIndex <= item!.endIndex)
    ? booleanValue(value, crate, depth + 1)
    : undefined;
}

/**
 * A run-time condition that reads like an opt-in to insecurity (env var, `insecure` flag, "skip verification", dev
 * mode), or a command-line flag the user passes (`match arg { "-k" => .. }`, curl's spelling of "insecure").
 */
export const OPT_IN_CONDITION =
  /env::var|var_os|getenv|dotenv|insecure|skip|danger|accept[_-]invalid|no[_-]verify|no[_-]?check\b|verif|validat|check[_-]\w{0,40}cert|cert\w{0,40}[_-]check|self[_-]signed|selfsigned|\bdev\b|development|debug|local|allow[_-]invalid|unsafe|test|matches `"--?[A-Za-z][\w-]*"`/i;

/**
 * The `if`/`match` condition a node runs under when it reads like an opt-in switch
 * ("when `settings.insecure` holds"): such findings depend on a run-time setting.
 */
export function optInCondition(node: Node): string | undefined {
  // The message shortens long conditions; the setting's name may sit in the part left out
  // (`config.property_or_default::<bool>((&prefix, "tls.allow-invalid-certs"), "false")`).
  const choice = branchChoice(node);
  return choice && (OPT_IN_CONDITION.test(choice.text) || OPT_IN_CONDITION.test(choice.deciding.text))
    ? choice.text
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// OpenSSL-style verify callbacks

/** The closure or crate function a callback argument names (`|ok, ctx| ..`, `cb` bound by `let`, `verify_cb`). */
export function callbackBody(arg: Node, crate: CrateModel): { node: Node; body: Node } | undefined {
  for (const origin of originsOf(arg, crate)) {
    if (origin.type === 'closure_expression') {
      const body = origin.childForFieldName('body');
      if (body) return { node: origin, body };
    }
    if (origin.type === 'identifier' || origin.type === 'scoped_identifier') {
      const fns = localFunctions(pathSegments(origin), crate);
      const body = fns.length === 1 ? fns[0].childForFieldName('body') : undefined;
      if (body) return { node: fns[0], body };
    }
  }
  return undefined;
}

/**
 * A verify callback that accepts whatever the library decided: every value it evaluates to is
 * the literal `true` (`|_, _| true`, `|_preverify_ok, ctx| { log(ctx); true }`), so it never
 * hands back `preverify_ok`'s `false`.
 */
export function callbackAlwaysTrue(arg: Node, crate: CrateModel): boolean {
  const cb = callbackBody(arg, crate);
  if (!cb) return false;
  const leaves = cb.body.type === 'block' ? bodyLeaves(cb.body, crate) : returnLeaves(cb.body, crate);
  return leaves.length > 0 && leaves.every((v) => booleanLiteral(v) === true);
}

/**
 * A verify callback that reads `preverify_ok` but returns `true` on a path where it is false, judged
 * by the certificate alone (self-signed, its own signature, its dates): chain failures are waived
 * for every certificate that passes those checks. Not when that path compares the certificate with
 * something known (a fingerprint, a digest, a pinned store: catalog revision 2 says pinning is a
 * check). Returns the first such `true`.
 */
export function callbackOverridesVerdict(arg: Node, crate: CrateModel): Node | undefined {
  const cb = callbackBody(arg, crate);
  const params = cb?.node.childForFieldName('parameters');
  const first = params ? namedChildren(params).find((p) => p.type !== 'attribute_item') : undefined;
  const pattern = first?.type === 'parameter' ? first.childForFieldName('pattern') : first;
  const name = pattern?.type === 'identifier' && !pattern.text.startsWith('_') ? pattern.text : undefined;
  if (!cb || !name || cb.body.type !== 'block') return undefined;
  if (descendantsOfType(cb.body, ['identifier', 'field_identifier']).some((id) => PINNING.test(id.text)))
    return undefined;
  const trues = [
    ...bodyLeaves(cb.body, crate),
    ...descendantsOfType(cb.body, 'return_expression').map((r) => namedChildren(r)[0]),
  ].filter((v): v is Node => !!v && !inNestedFunction(v, cb.body) && booleanLiteral(v) === true);
  return trues.find((v) => !guardedByVerdict(v, name, cb.body));
}

/** Pinning: the certificate compared with something the program knows. */
const PINNING = /^(digest|fingerprint\w*|sha1|sha256|Sha256|pinned\w*|pins|known_\w+|trusted_\w+)$/;

/** `true` returned inside `if preverify_ok { .. }` (or `&&`-ed with it), or the `else` of `if !preverify_ok`. */
function guardedByVerdict(node: Node, name: string, body: Node): boolean {
  // `if !preverify_ok { return false; }` (or `|| ..`) earlier: what follows runs only when it holds.
  const leftEarly = earlierReturningArms(node).some((arm) => {
    const condition = arm.parent?.childForFieldName('condition')?.text.replace(/\s+/g, '');
    return condition === `!${name}` || !!condition?.startsWith(`!${name}||`);
  });
  if (leftEarly) return true;
  let child = node;
  for (let a = node.parent; a && a.id !== body.id; a = a.parent) {
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition')?.text.replace(/\s+/g, '') ?? '';
      const positive = new RegExp(`^(${name}|${name}&&.*|.*&&${name})$`).test(condition);
      const negated = condition === `!${name}`;
      if (positive && a.childForFieldName('consequence')?.id === child.id) return true;
      if (negated && a.childForFieldName('alternative')?.id === child.id) return true;
    }
    child = a;
  }
  return false;
}

/** Kept for callers of the first version of this module. */
export function callbackIgnoresVerdict(closure: Node, crate?: CrateModel): boolean {
  if (!crate) {
    const body = closure.type === 'closure_expression' ? closure.childForFieldName('body') : null;
    const values = body ? (body.type === 'block' ? returnedExpressions(body) : [body]) : [];
    return values.length > 0 && values.every((v) => booleanLiteral(v) === true);
  }
  return callbackAlwaysTrue(closure, crate);
}

/** The first parameter's name of a closure or function (`preverify_ok`), if it is read in the body. */
export function readsFirstParameter(cbNode: Node): boolean {
  const params = cbNode.childForFieldName('parameters');
  const first = params ? namedChildren(params).find((p) => p.type !== 'attribute_item') : undefined;
  const pattern = first?.type === 'parameter' ? first.childForFieldName('pattern') : first;
  const name = pattern?.type === 'identifier' ? pattern.text : undefined;
  const body = cbNode.childForFieldName('body');
  if (!name || !body || name.startsWith('_')) return false;
  return descendantsOfType(body, 'identifier').some((id) => id.text === name);
}

// ---------------------------------------------------------------------------------------------
// Install sites

/** Calls that hand a client verifier to a server config (rustls 0.19–0.23). */
export const CLIENT_VERIFIER_INSTALLERS = [
  'with_client_cert_verifier',
  'set_client_certificate_verifier',
  'ServerConfig::new',
  'ServerConfig::with_ciphersuites',
];
/** Calls that hand a server verifier to a client config (rustls 0.19–0.23). */
export const SERVER_VERIFIER_INSTALLERS = ['with_custom_certificate_verifier', 'set_certificate_verifier'];

export interface InstallSite {
  /** The node to point at (the installing method's name, or the path call). */
  node: Node;
  file: SourceFile;
  /** The `if`/`match` condition the install depends on (here or at every call of its helper), if any. */
  condition?: string;
  /** Another arm of that choice sets up verification (roots, a platform or WebPKI verifier). */
  verifyingAlternative?: boolean;
  /** The type's own constructor chooses this arm: a hard-coded default, not a setting that turns it on. */
  insecureDefault?: boolean;
  /** Where the installed value is built (`Arc::new(AllowAnyClient)` in one arm of an `if`), when found. */
  built?: Node;
  /** In test code (`#[cfg(test)]`, `#[test]`, `tests/`): the verifier is used by tests there. */
  inTest: boolean;
}

/**
 * Where a verifier type is handed to a config, anywhere in the crate: the installer's argument
 * names the type, directly or through `let`s, `Arc::new`, struct fields and local functions.
 * With `definedAt` (the type's impl), only in programs that compile that definition in.
 */
export function installSites(
  crate: CrateModel,
  typeName: string,
  installers: string[],
  definedAt?: Node,
): InstallSite[] {
  if (!typeName) return [];
  const word = new RegExp(`\\b${typeName.replace(/[^\w]/g, '')}\\b`);
  const methods = new Set(installers.filter((i) => !i.includes('::')));
  const paths = installers.filter((i) => i.includes('::'));
  const sites: InstallSite[] = [];
  for (const file of crate.files) {
    if (!installers.some((i) => file.text.includes(i.split('::').at(-1)!))) continue;
    for (const call of descendantsOfType(file.tree.rootNode, 'call_expression')) {
      const { method, path } = describeCall(call);
      const matches = method ? methods.has(method) : !!path && pathEndsWith(file.names.resolve(path), ...paths);
      // Another binary's type of the same name is another program's verifier.
      if (!matches || (definedAt && !crate.sees(call, definedAt))) continue;
      const built = callArguments(call)
        .map((a) => builtValue(a, word, crate, 0))
        .find((b) => b !== undefined);
      if (!built) continue;
      sites.push({
        node: method ? methodNameNode(call) : call,
        file,
        ...installCondition(call, crate),
        built,
        inTest: isTestPath(file.relPath) || crate.isTestModuleFile(file) || isInTestCode(call, file.tree.rootNode),
      });
    }
  }
  return sites;
}

/** Code that sets up real server verification: trust roots, the platform's or WebPKI's verifier. */
const VERIFYING_SETUP =
  /with_root_certificates|with_native_roots|with_webpki_roots|with_webpki_verifier|with_platform_verifier|WebPkiServerVerifier|add_root_certificate|load_native_certs|RootCertStore/;

/**
 * The condition an install runs under: its own `if`/`match` arm, or — for a helper that installs it
 * (`configure_insecure_client()`) — the arm every call of the helper sits in; and whether another
 * arm of that choice verifies (catalog revision 2: a setting chooses, one level lower).
 */
function installCondition(
  call: Node,
  crate: CrateModel,
): { condition?: string; verifyingAlternative?: boolean; insecureDefault?: boolean } {
  const own = branchCondition(call) ?? optionSetCondition(call);
  if (own)
    return {
      condition: own,
      verifyingAlternative: otherArms(call).some((a) => armVerifies(a, call, crate)),
      insecureDefault: insecureByDefault(call, crate),
    };
  const fn = enclosingFunction(call);
  const sites = fn ? callSitesOf(fn, crate) : [];
  if (sites.length === 0 || sites.length > 4) return {};
  const conditions = sites.map((site) => branchCondition(site));
  if (conditions.some((c) => c === undefined)) return {};
  const verifyingAlternative = sites.every((site) => otherArms(site).some((a) => VERIFYING_SETUP.test(a.text)));
  return { condition: conditions[0], verifyingAlternative };
}

/**
 * The install runs in the arm of `if self.verify { .. } else { install }` that the type's own
 * constructor chooses (`fn new() -> Self { Self { verify: false, .. } }`): not a setting that turns
 * the danger on, but a hard-coded default a setting turns off (catalog revision 2: a hard-coded
 * default is the crate's choice), so the safe arm does not lower it.
 */
function insecureByDefault(install: Node, crate: CrateModel): boolean {
  let child = install;
  for (const a of ancestors(install)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition');
      const inConsequence = a.childForFieldName('consequence')?.id === child.id;
      const negated = condition?.type === 'unary_expression' && condition.text.startsWith('!');
      const field = negated ? namedChildren(condition!).at(-1) : condition;
      if (field?.type !== 'field_expression' || field.childForFieldName('value')?.type !== 'self') return false;
      // The value the field must hold for the install's arm to run.
      const needed = inConsequence !== negated;
      return crate
        .fieldAccessValues(field)
        .some((v) => literalBoolean(v) === needed && isConstructor(enclosingFunction(v)));
    }
    child = a;
  }
  return false;
}

/** `fn new(..)`, `fn default()`, `fn builder()`: where a type's defaults are written. */
function isConstructor(fn: Node | undefined): boolean {
  return /^(new|default|builder|with_defaults)$/.test(fn?.childForFieldName('name')?.text ?? '');
}

/**
 * Another arm verifies: it builds a verifying setup, or it uses the same config the install is applied
 * to (`rustls_config` built `with_root_certificates(..)` before a `match` whose `Prefer` arm installs
 * an accept-all verifier and whose `Require` arm connects with the config as it is).
 */
function armVerifies(arm: Node, install: Node, crate: CrateModel): boolean {
  if (VERIFYING_SETUP.test(arm.text)) return true;
  const receiver = describeCall(install).receiver;
  const root = receiver ? rootIdentifier(receiver) : undefined;
  const binding = root ? findBinding(root, crate) : undefined;
  if (!root || binding?.kind !== 'let' || !binding.value || !VERIFYING_SETUP.test(binding.value.text)) return false;
  return (
    !/dangerous\(\)|set_certificate_verifier|with_custom_certificate_verifier/.test(arm.text) &&
    descendantsOfType(arm, 'identifier').some((id) => id.text === root.text)
  );
}

/**
 * The condition every production install of a verifier runs under, when each is behind an opt-in switch
 * or in one arm of a choice whose other arm verifies (catalog revision 2: a setting decides).
 */
export function installedOnlyBehindSetting(production: InstallSite[]): string | undefined {
  const conditional =
    production.length > 0 &&
    production.every(
      (s) => s.condition && !s.insecureDefault && (OPT_IN_CONDITION.test(s.condition) || s.verifyingAlternative),
    );
  return conditional ? production[0].condition : undefined;
}

/**
 * `if let Some(hosts) = opts.unsafely_ignore_certificate_errors { install }`: the option being set chooses
 * (branchCondition leaves binding `if let`s out of messages, but for an install it is the setting).
 */
function optionSetCondition(node: Node): string | undefined {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return undefined;
    const condition = a.type === 'if_expression' ? a.childForFieldName('condition') : null;
    if (condition?.type === 'let_condition' && a.childForFieldName('consequence')?.id === child.id) {
      const pattern = condition.childForFieldName('pattern')?.text ?? '';
      const value = condition.childForFieldName('value')?.text ?? '';
      return /^Some\s*\(/.test(pattern) ? `when \`${value}\` is set` : undefined;
    }
    // `match opts.ignore { Some(hosts) => install, None => .. }`
    if (a.type === 'match_arm' && /^Some\s*\(/.test(a.childForFieldName('pattern')?.text ?? '')) {
      const value = a.parent?.parent?.childForFieldName('value')?.text;
      return value ? `when \`${value}\` is set` : undefined;
    }
    child = a;
  }
  return undefined;
}

/**
 * Where the expression builds a value of the type: itself when its text names it, else the value
 * of a `let`, field or local function it comes from that does.
 */
function builtValue(expr: Node, word: RegExp, crate: CrateModel, depth: number): Node | undefined {
  if (word.test(expr.text)) return expr;
  if (depth > 4) return undefined;
  for (const origin of originsOf(expr, crate)) {
    if (origin.id !== expr.id && word.test(origin.text)) return origin;
    // `Self { .. }` / `Self::default()` returned by a constructor of the type.
    if (/^Self\b/.test(origin.text)) {
      for (const a of ancestors(origin)) {
        if (a.type === 'function_item') {
          if (word.test(implTypeName(a) ?? '')) return origin;
          break;
        }
      }
    }
  }
  const inner = stripWrappers(expr);
  if (inner.type === 'identifier' && inner.id !== expr.id) return builtValue(inner, word, crate, depth + 1);
  if (inner.type === 'identifier') {
    const value = findBinding(inner, crate)?.value;
    if (value) return builtValue(value, word, crate, depth + 1);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers a verify function calls

/** A body and the bodies of the crate functions it calls (`calledCrateFunctions`). */
export function bodyAndCalleeBodies(body: Node, crate: CrateModel): Node[] {
  return [
    body,
    ...calledCrateFunctions(body, crate)
      .map((f) => f.childForFieldName('body'))
      .filter((b): b is Node => !!b),
  ];
}

/**
 * Crate functions a body calls: `self.helper(..)` (methods of the same type), `Self::helper(..)`,
 * `helper(..)` / `module::helper(..)` (free functions). One level; the body's own function excluded.
 */
export function calledCrateFunctions(body: Node, crate: CrateModel): Node[] {
  const owner = (() => {
    for (const a of ancestors(body)) if (a.type === 'function_item') return implTypeName(a);
    return undefined;
  })();
  const out: Node[] = [];
  for (const call of descendantsOfType(body, 'call_expression')) {
    const { method, receiver, path } = describeCall(call);
    let fns: Node[] = [];
    if (method && receiver?.type === 'self') fns = crate.functions(method).filter((f) => implTypeName(f) === owner);
    else if (method && receiver) {
      // `self.ca.verify_cert(..)`: a method of the crate struct the receiver is (a field's declared type).
      const type = crate.crateStructOf(receiver);
      fns = type ? crate.functions(method).filter((f) => implTypeName(f) === type) : [];
    } else if (path) fns = localFunctions(pathSegments(path), crate);
    for (const f of fns) {
      if (
        !out.some((o) => o.id === f.id && o.tree === f.tree) &&
        !(body.startIndex >= f.startIndex && body.endIndex <= f.endIndex && body.tree === f.tree)
      )
        out.push(f);
    }
  }
  return out;
}
