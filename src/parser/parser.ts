// Loads the tree-sitter-rust grammar (shipped in wasm/) once per process and parses files.
import { Parser, Language, Node, type Tree } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Region } from '../types.js';
import { packageFile } from '../package-root.js';

export type { Node, Tree };

let parser: Parser | undefined;

/*
 * tree-sitter finds the parent (and so the siblings) of a zero-width node — a MISSING token that
 * error recovery inserted — by recursing once per level in C. A few hundred levels down that
 * overflows the wasm stack, which corrupts the module for the rest of the process. For such
 * nodes the same answers are found here with a tree cursor (iterative); other nodes are unchanged.
 */
function isZeroWidth(node: Node): boolean {
  return node.startIndex === node.endIndex;
}

/** A cursor on `target` (a zero-width node under `from`), found by descending only into nodes that contain it. */
function cursorAt(from: Node, target: Node): ReturnType<Node['walk']> | undefined {
  const cursor = from.walk();
  const at = target.startIndex;
  for (;;) {
    if (cursor.nodeId === target.id) return cursor;
    if (cursor.startIndex <= at && at <= cursor.endIndex && cursor.gotoFirstChild()) continue;
    for (;;) {
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) {
        cursor.delete();
        return undefined;
      }
    }
  }
}

function guardZeroWidth(): void {
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const getter = (name: string) =>
    Object.getOwnPropertyDescriptor(Node.prototype, name)?.get as (this: Node) => Node | null;
  const redefine = (name: string, safe: (node: Node) => Node | null) => {
    const original = getter(name);
    if (!original) return;
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: Node) {
        return isZeroWidth(this) ? safe(this) : original.call(this);
      },
    });
  };
  const sibling = (node: Node, step: 'gotoNextSibling' | 'gotoPreviousSibling', named: boolean): Node | null => {
    const cursor = cursorAt(node.tree.rootNode, node);
    if (!cursor) return null;
    try {
      while (cursor[step]()) if (!named || cursor.nodeIsNamed) return cursor.currentNode;
      return null;
    } finally {
      cursor.delete();
    }
  };
  redefine('parent', (node) => {
    const cursor = cursorAt(node.tree.rootNode, node);
    if (!cursor) return null;
    try {
      return cursor.gotoParent() ? cursor.currentNode : null;
    } finally {
      cursor.delete();
    }
  });
  redefine('nextSibling', (node) => sibling(node, 'gotoNextSibling', false));
  redefine('previousSibling', (node) => sibling(node, 'gotoPreviousSibling', false));
  redefine('nextNamedSibling', (node) => sibling(node, 'gotoNextSibling', true));
  redefine('previousNamedSibling', (node) => sibling(node, 'gotoPreviousSibling', true));
  const childWithDescendant = proto.childWithDescendant as (this: Node, d: Node) => Node | null;
  proto.childWithDescendant = function (this: Node, descendant: Node): Node | null {
    if (!isZeroWidth(descendant)) return childWithDescendant.call(this, descendant);
    const cursor = cursorAt(this, descendant);
    if (!cursor) return null;
    try {
      for (let depth = cursor.currentDepth; depth > 1; depth--) cursor.gotoParent();
      return cursor.currentDepth === 0 ? null : cursor.currentNode;
    } finally {
      cursor.delete();
    }
  };
}
guardZeroWidth();

/** Initialises the grammar; safe to call many times (the work happens once). */
export async function loadRustParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const wasmPath = fileURLToPath(packageFile('wasm/tree-sitter-rust.wasm'));
  const rust = await Language.load(readFileSync(wasmPath));
  const p = new Parser();
  p.setLanguage(rust);
  parser = p;
  return p;
}

/** Parses Rust source; the caller must call `tree.delete()` when done (wasm memory is not GC'd). */
export function parseRust(source: string, oldTree?: Tree): Tree {
  if (!parser) throw new Error('loadRustParser() must be awaited before parseRust()');
  // With `oldTree` (edited with `tree.edit` to match `source`): an incremental parse that reuses
  // the unchanged parts; the tree is the same as a full parse's.
  const tree = parser.parse(source, oldTree);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** web-tree-sitter rows/columns are 0-based and count UTF-16 code units: SARIF wants them 1-based. */
export function regionOf(node: Node): Region {
  return {
    startLine: node.startPosition.row + 1,
    startColumn: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

/** The first syntax error of a tree, if any, as a 1-based line. */
export function firstErrorLine(tree: Tree): number | undefined {
  const first = errorNodes(tree)[0];
  return first ? first.startPosition.row + 1 : undefined;
}

/** The ERROR and MISSING nodes of a tree, in order (outermost ERRORs only). */
export function errorNodes(tree: Tree): Node[] {
  const out: Node[] = [];
  if (!tree.rootNode.hasError) return out;
  const cursor = tree.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.type === 'ERROR' || node.isMissing) out.push(node);
      else if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
      }
    }
  } finally {
    cursor.delete();
  }
}
