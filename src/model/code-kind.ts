// Tells test code and example code apart from production code.
import type { Node, Tree } from '../parser/parser.js';
import { ancestors, choosingExpression, namedChildren } from './syntax.js';

const TEST_DIRS = new Set(['tests', 'benches']);

export function isTestPath(relPath: string): boolean {
  return relPath.split('/').some((seg) => TEST_DIRS.has(seg));
}

export function isExamplePath(relPath: string): boolean {
  return relPath.split('/').includes('examples');
}

/**
 * `#[test]`, `#[tokio::test]`, `#[rstest]`, and `#[cfg(P)]` where P can only hold when `test`
 * holds (`test`, `all(test, unix)`, `all(feature = "x", all(test, ..))`). `any(test, ..)` and
 * `not(test)` also hold in production builds: they are not test code.
 */
function isTestAttribute(attr: Node): boolean {
  const text = attr.text.replace(/\s+/g, '');
  if (/^#!?\[(\w+::)*test\]$/.test(text) || /^#!?\[(\w+::)*test\(/.test(text) || text === '#[rstest]') return true;
  const cfg = /^#!?\[cfg\((.*)\)\]$/.exec(text);
  const predicate = cfg ? parseCfgPredicate(cfg[1]) : undefined;
  return predicate !== undefined && onlyUnderTest(predicate);
}

/** A `cfg` predicate: `name`, `key = "value"`, or `all`/`any`/`not` of predicates. */
type CfgPredicate =
  | { kind: 'name'; name: string }
  | { kind: 'key-value'; key: string; value: string }
  | { kind: 'all' | 'any' | 'not'; args: CfgPredicate[] };

/** Parses a cfg predicate written without whitespace; undefined when it is not one (a macro, a typo). */
export function parseCfgPredicate(text: string): CfgPredicate | undefined {
  let pos = 0;
  const parse = (): CfgPredicate | undefined => {
    const name = /^[A-Za-z_][\w]*/.exec(text.slice(pos))?.[0];
    if (!name) return undefined;
    pos += name.length;
    if (text[pos] === '=') {
      const value = /^="(?:[^"\\]|\\.)*"/.exec(text.slice(pos))?.[0];
      if (!value) return undefined;
      pos += value.length;
      return { kind: 'key-value', key: name, value: value.slice(2, -1) };
    }
    if (text[pos] !== '(') return { kind: 'name', name };
    if (name !== 'all' && name !== 'any' && name !== 'not') return undefined;
    pos++;
    const args: CfgPredicate[] = [];
    while (text[pos] !== ')') {
      const arg = parse();
      if (!arg) return undefined;
      args.push(arg);
      if (text[pos] === ',') pos++;
      else if (text[pos] !== ')') return undefined;
    }
    pos++;
    return { kind: name, args };
  };
  const predicate = parse();
  return predicate && pos === text.length ? predicate : undefined;
}

/** Whether `cfg(<text>)` holds only in test builds (`test`, `all(test, feature = "x")`). */
export function cfgOnlyUnderTest(text: string): boolean {
  const predicate = parseCfgPredicate(text.replace(/\s+/g, ''));
  return predicate !== undefined && onlyUnderTest(predicate);
}

/** Whether the predicate implies `test`: it cannot hold in a build without `cfg(test)`. */
function onlyUnderTest(p: CfgPredicate): boolean {
  switch (p.kind) {
    case 'name':
      return p.name === 'test';
    case 'key-value':
      return false;
    case 'all':
      return p.args.some(onlyUnderTest);
    case 'any':
      return p.args.length > 0 && p.args.every(onlyUnderTest);
    // not(q) implies test exactly when q holds in every build without test.
    case 'not':
      return p.args.length === 1 && holdsWithoutTest(p.args[0]);
  }
}

/** Whether the predicate holds in every build where `test` does not (the dual of onlyUnderTest). */
function holdsWithoutTest(p: CfgPredicate): boolean {
  switch (p.kind) {
    case 'name':
    case 'key-value':
      return false;
    case 'all':
      return p.args.every(holdsWithoutTest);
    case 'any':
      return p.args.some(holdsWithoutTest);
    case 'not':
      return p.args.length === 1 && onlyUnderTest(p.args[0]);
  }
}

/** Attributes written just before an item (they are its preceding siblings in the tree). */
export function attributesOf(item: Node): Node[] {
  const out: Node[] = [];
  for (let s = item.previousNamedSibling; s; s = s.previousNamedSibling) {
    if (s.type === 'attribute_item') out.push(s);
    else if (s.type === 'line_comment' || s.type === 'block_comment') continue;
    else break;
  }
  return out;
}

/**
 * The folder a file's `mod x;` declarations point into (`/`-separated path): beside the file for
 * crate roots (`lib.rs`, `main.rs`, `src/bin/*.rs`) and `mod.rs`, else a folder named after the
 * file (`src/client.rs` → `src/client/`).
 */
export function childModuleDirectory(
  path: string,
  ownsFolder = /(^|\/)(lib|main|mod)\.rs$/.test(path) || /(^|\/)src\/bin\/[^/]+$/.test(path),
): string {
  const slash = path.lastIndexOf('/');
  return ownsFolder ? path.slice(0, slash + 1) : `${path.replace(/\.rs$/, '')}/`;
}

/** True when the node sits inside a test function or a `#[cfg(test)]` module, or the file is `#![cfg(test)]`. */
export function isInTestCode(node: Node, root: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'mod_item' || a.type === 'impl_item') {
      if (attributesOf(a).some(isTestAttribute)) return true;
    }
  }
  let perTree = testRoots.get(root.tree);
  if (!perTree) testRoots.set(root.tree, (perTree = new Map()));
  let isTest = perTree.get(root.id);
  if (isTest === undefined)
    perTree.set(
      root.id,
      (isTest = namedChildren(root).some((c) => c.type === 'inner_attribute_item' && isTestAttribute(c))),
    );
  return isTest;
}

/** Whether a file root carries `#![cfg(test)]`, once per tree (asked at every report). */
const testRoots = new WeakMap<Tree, Map<number, boolean>>();

/**
 * The cargo features a `#[cfg(..)]` on an enclosing item, block or statement (or `#![cfg(..)]` on
 * the file) requires: feature-gated code is production code that the feature reaches (catalog
 * revision 2). `any(test, feature = "x")` names `x`; `not(feature = "x")` names nothing.
 */
export function gatingFeatures(node: Node, root: Node): string[] {
  const features: string[] = [];
  const fileAttributes = namedChildren(root).filter((c) => c.type === 'inner_attribute_item');
  for (const attr of [...[node, ...ancestors(node)].flatMap(attributesOf), ...fileAttributes]) {
    const cfg = /^#!?\[cfg\((.*)\)\]$/.exec(attr.text.replace(/\s+/g, ''));
    const predicate = cfg ? parseCfgPredicate(cfg[1]) : undefined;
    if (predicate) for (const f of featuresRequired(predicate)) if (!features.includes(f)) features.push(f);
  }
  return features;
}

function featuresRequired(p: CfgPredicate): string[] {
  if (p.kind === 'key-value') return p.key === 'feature' ? [p.value] : [];
  if (p.kind === 'all' || p.kind === 'any') return p.args.flatMap(featuresRequired);
  return [];
}

/** Features named for tests or for turning checks off: code behind them is reported one level lower. */
export const TEST_OR_DANGER_FEATURE =
  /(^|[-_])(tests?|testing|test[-_]?util\w*|danger(ous)?|insecure|mocks?|fake|unverified|no[-_]?verify|skip[-_]\w*verif\w*|allow[-_]invalid)([-_]|$)/i;

/** `#[cfg(debug_assertions)]` on an enclosing item or statement: code that does not ship in release builds. */
export function isDebugOnly(node: Node): boolean {
  for (const a of [node, ...ancestors(node)]) {
    if (attributesOf(a).some((attr) => /cfg\((all\()?debug_assertions/.test(attr.text.replace(/\s+/g, ''))))
      return true;
    if (
      a.type === 'if_expression' &&
      /cfg!\(\s*debug_assertions\s*\)/.test(a.childForFieldName('condition')?.text ?? '')
    )
      return true;
  }
  return false;
}

/** A read of the process environment: a setting of whoever runs the program. */
export const ENVIRONMENT_READ = /\benv::var|\bvar_os\b|\bgetenv\b|\bdotenv/;

/**
 * Code that runs only when a run-time setting says so: inside an `if`/`match` (in its function)
 * whose condition reads a variable or a field — a command-line option, a config field, an
 * environment read — and is not `cfg!(..)` (a feature reaches production code; see isDebugOnly).
 * The danger is off unless someone turns it on: catalog revision 2 reports it one level lower.
 * A choice that also creates what the danger is applied to (`configuredAt`: the `let` of the config,
 * inside the same arm) chooses whether there is a config at all, not the danger: it does not count.
 */
export function isChosenBySetting(node: Node, configuredAt?: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    const cond = choosingExpression(a);
    if (!cond || (node.startIndex >= cond.startIndex && node.endIndex <= cond.endIndex) || !readsSetting(cond))
      continue;
    const createsConfig =
      configuredAt !== undefined && configuredAt.startIndex >= a.startIndex && configuredAt.endIndex <= a.endIndex;
    if (!createsConfig) return true;
  }
  return false;
}

function readsSetting(cond: Node): boolean {
  const isRead = (n: Node) =>
    (n.type === 'identifier' || n.type === 'field_identifier') &&
    !/^[A-Z]/.test(n.text) &&
    !['scoped_identifier', 'token_tree', 'macro_invocation'].includes(n.parent?.type ?? '');
  return [
    cond,
    ...cond.descendantsOfType(['identifier', 'field_identifier']).filter((n): n is Node => n !== null),
  ].some(isRead);
}

/**
 * Files that are test modules of their crate: `#[cfg(test)] mod tests;` in `src/lib.rs` makes
 * `src/tests.rs` (or `src/tests/mod.rs`, and everything below `src/tests/`) test code.
 */
export function testModuleFiles(files: Array<{ absPath: string; tree: { rootNode: Node } }>): Set<string> {
  const norm = (p: string) => p.split('\\').join('/');
  const dirs: string[] = [];
  for (const file of files) {
    const moduleDir = childModuleDirectory(norm(file.absPath));
    for (const item of namedChildren(file.tree.rootNode)) {
      if (item.type !== 'mod_item' || item.childForFieldName('body')) continue;
      const name = item.childForFieldName('name')?.text;
      if (name && attributesOf(item).some(isTestAttribute)) dirs.push(`${moduleDir}${name}`);
    }
  }
  const out = new Set<string>();
  for (const file of files) {
    const path = norm(file.absPath);
    if (dirs.some((d) => path === `${d}.rs` || path.startsWith(`${d}/`))) out.add(file.absPath);
  }
  return out;
}
