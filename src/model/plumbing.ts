// A library passing its user's choice through (catalog revision 2, "plumbing"). In the library
// target of a package (src/lib.rs and its modules; not a binary, an example, a bench or a test),
// a danger switch whose value, or the condition it runs under, comes only from the function's
// parameters and the fields of the library's own values (`self.accept_invalid_certs`,
// `!config.certs_verification`, `self.contains(Self::DANGER_ACCEPT_INVALID_CERTS)`) is decided
// by the library's user: the finding belongs where the user turns it on. A literal, a constant
// or an environment read inside the library is the library's own choice and stays reported.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Node } from '../parser/parser.js';
import { ENVIRONMENT_READ, isInTestCode } from './code-kind.js';
import type { CrateModel, SourceFile } from './crate.js';
import { argumentsForParameter, findBinding } from './flow.js';
import { ancestors, descendantsOfType, namedChildren } from './syntax.js';

/** Paths (from the package root) of targets that are programs of their own, not the library. */
const PROGRAM_PATH = /^(src\/main\.rs|src\/bin\/|examples\/|benches\/|tests\/)/;

/** True when `node`'s danger is chosen by the library's user: see the module comment. */
export function isLibraryPlumbing(node: Node, value: Node | undefined, crate: CrateModel): boolean {
  if (!inLibraryTarget(node, crate)) return false;
  const deciding = value ?? governingCondition(node);
  return !!deciding && decidedByCaller(deciding, crate, 0);
}

function inLibraryTarget(node: Node, crate: CrateModel): boolean {
  let file: SourceFile;
  try {
    file = crate.fileOf(node);
  } catch {
    return false;
  }
  const fromRoot = relative(crate.root, file.absPath).split(sep).join('/');
  return !PROGRAM_PATH.test(fromRoot) && hasLibraryRoot(crate);
}

const libraryRoots = new WeakMap<CrateModel, boolean>();

/** The package has a library target (`src/lib.rs`), whether or not the prefilter parsed it. */
function hasLibraryRoot(crate: CrateModel): boolean {
  let known = libraryRoots.get(crate);
  if (known === undefined) libraryRoots.set(crate, (known = existsSync(join(crate.root, 'src', 'lib.rs'))));
  return known;
}

/** The `if` condition or `match` subject that decides whether `node` runs, inside its function. */
function governingCondition(node: Node): Node | undefined {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return undefined;
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition');
      if (condition && !(node.startIndex >= condition.startIndex && node.endIndex <= condition.endIndex))
        return condition;
    }
    if (a.type === 'match_arm') return a.parent?.parent?.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** Every variable the expression reads is a parameter, `self`, or a `let` of such values. */
function decidedByCaller(expr: Node, crate: CrateModel, depth: number): boolean {
  if (depth > 4 || ENVIRONMENT_READ.test(expr.text)) return false;
  const reads = descendantsOfType(expr, ['identifier', 'self']).filter((id) => isVariableRead(id));
  if (expr.type === 'identifier' || expr.type === 'self') reads.push(expr);
  if (reads.length === 0) return false; // a literal or a constant: the library's own choice
  return reads.every((id) => {
    if (id.type === 'self') return true;
    const binding = findBinding(id, crate);
    if (binding?.kind === 'param') return passedByCallers(binding.node, crate, depth);
    return (
      (binding?.kind === 'let' || binding?.kind === 'let-condition') &&
      !!binding.value &&
      decidedByCaller(binding.value, crate, depth + 1)
    );
  });
}

/**
 * A parameter is the library user's choice when the function can be called from outside (`pub` in
 * the library) or nobody here calls it. A private helper's parameter is what the crate passes: a
 * caller giving `true` (`reqwest_client(ua, true)` for a client kept for "insecure hosts") makes the
 * library's own choice.
 */
function passedByCallers(param: Node, crate: CrateModel, depth: number): boolean {
  const fn = param.parent?.parent;
  if (fn?.type !== 'function_item') return true; // a closure's parameter: whoever calls it
  // `pub` only: `pub(crate)` / `pub(super)` helpers are called from this crate alone.
  const exported = namedChildren(fn).some((c) => c.type === 'visibility_modifier' && c.text === 'pub');
  if (exported && crate.inLibrary(fn)) return true;
  // A test calling the helper with `true` is no choice of the library's.
  const args = argumentsForParameter(param, crate).filter((arg) => !isInTestCode(arg, arg.tree.rootNode));
  return args.every((arg) => decidedByCaller(arg, crate, depth + 1));
}

/** An identifier that names a variable, not a path segment, a called function or a field. */
function isVariableRead(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return true;
  if (parent.type === 'scoped_identifier' || parent.type === 'scoped_type_identifier') return false;
  if (parent.type === 'call_expression' && parent.childForFieldName('function')?.id === id.id) return false;
  if (parent.type === 'field_expression' && parent.childForFieldName('value')?.id !== id.id) return false;
  return !/^[A-Z]/.test(id.text); // constants and unit-like values: `DANGER`, `None`
}
