// Analysis of certificate-verifier code shared by the verifier rules: does a verify function
// have a way to fail, or does it always hand out the "verified" marker? Where is a verifier
// type installed? Does an OpenSSL-style callback ignore the library's verdict?
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import { findBinding } from './flow.js';
import {
  booleanLiteral, callArguments, describeCall, methodNameNode, descendantsOfType, namedChildren, pathSegments, returnedExpressions, stripWrappers,
} from './syntax.js';

/** Macros that reject by aborting. */
const FAILING_MACROS = /^(panic|unreachable|unimplemented|todo|bail|ensure|assert|assert_eq|assert_ne)$/;

/**
 * True when a function or closure body contains a way to reject: `?`, `Err(..)`, a failing
 * macro, or a call that does real verification (`verify_*`, webpki/x509 checks, a delegate).
 */
export function hasFailingPath(body: Node): boolean {
  if (descendantsOfType(body, 'try_expression').length > 0) return true;
  for (const id of descendantsOfType(body, ['identifier', 'scoped_identifier'])) {
    const last = pathSegments(id).at(-1);
    if (last === 'Err') return true;
  }
  for (const m of descendantsOfType(body, 'macro_invocation')) {
    const name = pathSegments(m.childForFieldName('macro') ?? m).at(-1) ?? '';
    if (FAILING_MACROS.test(name)) return true;
  }
  for (const call of descendantsOfType(body, 'call_expression')) {
    const { method, path } = describeCall(call);
    const name = method ?? (path ? pathSegments(path).at(-1) : undefined) ?? '';
    if (/^verify|^check|^validate|parse_x509|from_der|try_from/.test(name)) return true;
  }
  return false;
}

/** `Ok(X::assertion())`, `Ok(verified)` with `let verified = X::assertion();`, `Ok(())` (closures). */
export function isOkAssertion(expr: Node, crate: CrateModel): boolean {
  const node = expr;
  if (node.type !== 'call_expression') return false;
  const { path } = describeCall(node);
  if (!path || pathSegments(path).at(-1) !== 'Ok') return false;
  const arg = callArguments(node)[0];
  if (!arg) return false;
  return isAssertionValue(arg, crate, 0);
}

function isAssertionValue(value: Node, crate: CrateModel, depth: number): boolean {
  if (value.type === 'unit_expression') return true;
  if (value.type === 'call_expression') {
    const { path } = describeCall(value);
    return !!path && pathSegments(path).at(-1) === 'assertion';
  }
  if (value.type === 'identifier' && depth < 4) {
    const binding = findBinding(value, crate);
    return binding?.kind === 'let' && !!binding.value && isAssertionValue(binding.value, crate, depth + 1);
  }
  return false;
}

/**
 * The `Ok(..assertion())` expressions a verify function returns when it cannot fail, or an
 * empty list when it has a failing path or returns anything else.
 */
export function alwaysAcceptingReturns(fn: Node, crate: CrateModel): Node[] {
  const body = fn.childForFieldName('body');
  if (!body || hasFailingPath(body)) return [];
  const returned = returnedExpressions(body);
  if (returned.length === 0 || !returned.every((r) => isOkAssertion(r, crate))) return [];
  return returned;
}

/** A verify callback closure `|ok, ctx| true` that never reads the library's verdict and returns true. */
export function callbackIgnoresVerdict(closure: Node): boolean {
  if (closure.type !== 'closure_expression') return false;
  const params = closure.childForFieldName('parameters');
  const first = params ? namedChildren(params)[0] : undefined;
  const body = closure.childForFieldName('body');
  if (!body) return false;
  const firstName = first ? (first.type === 'parameter' ? first.childForFieldName('pattern') : first)?.text : undefined;
  const readsVerdict = !!firstName && firstName !== '_' && !firstName.startsWith('_') &&
    descendantsOfType(body, 'identifier').some((id) => id.text === firstName);
  if (readsVerdict) return false;
  const values = body.type === 'block' ? returnedExpressions(body) : [body];
  return values.length > 0 && values.every((v) => booleanLiteral(v) === true);
}

/** Where a verifier type is handed to a config, anywhere in the crate (for relatedLocations). */
export function installSites(crate: CrateModel, typeName: string, installers: string[]): Node[] {
  const word = new RegExp(`\\b${typeName}\\b`);
  const sites: Node[] = [];
  for (const file of crate.files) {
    if (!file.text.includes(typeName)) continue;
    for (const call of descendantsOfType(file.tree.rootNode, 'call_expression')) {
      const { method, path } = describeCall(call);
      const name = method ?? (path ? pathSegments(path).slice(-2).join('::') : '');
      if (!installers.includes(name)) continue;
      if (callArguments(call).some((a) => word.test(a.text) || identifierBoundTo(a, word, crate))) sites.push(method ? methodNameNode(call) : call);
    }
  }
  return sites;
}

function identifierBoundTo(arg: Node, word: RegExp, crate: CrateModel): boolean {
  const inner = stripWrappers(arg);
  if (inner.type !== 'identifier') return false;
  const value = findBinding(inner, crate)?.value;
  return !!value && word.test(value.text);
}

/** The impl's method named `name`, resolved via the crate index entry for the impl node. */
export function implMethod(crate: CrateModel, impl: Node, name: string): Node | undefined {
  return crate.impls.find((i) => i.node.id === impl.id && i.node.tree === impl.tree)?.methods.get(name);
}
