// Tells test code and example code apart from production code.
import type { Node, Tree } from '../parser/parser.js';
import { ancestors, namedChildren } from './syntax.js';

const TEST_DIRS = new Set(['tests', 'benches']);

export function isTestPath(relPath: string): boolean {
  return relPath.split('/').some((seg) => TEST_DIRS.has(seg));
}

export function isExamplePath(relPath: string): boolean {
  return relPath.split('/').includes('examples');
}

/** `#[cfg(test)]`, `#[test]`, `#[tokio::test]`, `#[cfg(any(test, ..))]` on the item itself. */
function isTestAttribute(attr: Node): boolean {
  const text = attr.text.replace(/\s+/g, '');
  return /^#!?\[(\w+::)*test\]$/.test(text) || /^#!?\[(\w+::)*test\(/.test(text) || /^#!?\[cfg\((any\()?([^)]*,)?test[,)]/.test(text) || text === '#[rstest]';
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
  if (isTest === undefined) perTree.set(root.id, (isTest = namedChildren(root).some((c) => c.type === 'inner_attribute_item' && isTestAttribute(c))));
  return isTest;
}

/** Whether a file root carries `#![cfg(test)]`, once per tree (asked at every report). */
const testRoots = new WeakMap<Tree, Map<number, boolean>>();

/** `#[cfg(debug_assertions)]` on an enclosing item or statement: code that does not ship in release builds. */
export function isDebugOnly(node: Node): boolean {
  for (const a of [node, ...ancestors(node)]) {
    if (attributesOf(a).some((attr) => /cfg\((all\()?debug_assertions/.test(attr.text.replace(/\s+/g, '')))) return true;
    if (a.type === 'if_expression' && /cfg!\(\s*debug_assertions\s*\)/.test(a.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

/**
 * Files that are test modules of their crate: `#[cfg(test)] mod tests;` in `src/lib.rs` makes
 * `src/tests.rs` (or `src/tests/mod.rs`, and everything below `src/tests/`) test code.
 */
export function testModuleFiles(files: Array<{ absPath: string; tree: { rootNode: Node } }>): Set<string> {
  const norm = (p: string) => p.split('\\').join('/');
  const dirs: string[] = [];
  for (const file of files) {
    const path = norm(file.absPath);
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash + 1);
    const base = path.slice(slash + 1);
    // `mod x;` in lib.rs/main.rs/mod.rs lives beside it; in `foo.rs` it lives in `foo/`.
    const moduleDir = /^(lib|main|mod)\.rs$/.test(base) || /\/src\/bin\/$/.test(dir) ? dir : `${dir}${base.replace(/\.rs$/, '')}/`;
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
