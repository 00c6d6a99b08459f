// Loads the tree-sitter-rust grammar (shipped in wasm/) once per process and parses files.
import { Parser, Language, type Node, type Tree } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Region } from '../types.js';

export type { Node, Tree };

let parser: Parser | undefined;

/** Initialises the grammar; safe to call many times (the work happens once). */
export async function loadRustParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const wasmPath = fileURLToPath(new URL('../../wasm/tree-sitter-rust.wasm', import.meta.url));
  const rust = await Language.load(readFileSync(wasmPath));
  const p = new Parser();
  p.setLanguage(rust);
  parser = p;
  return p;
}

/** Parses Rust source; the caller must call `tree.delete()` when done (wasm memory is not GC'd). */
export function parseRust(source: string): Tree {
  if (!parser) throw new Error('loadRustParser() must be awaited before parseRust()');
  const tree = parser.parse(source);
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
  if (!tree.rootNode.hasError) return undefined;
  const cursor = tree.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.type === 'ERROR' || node.isMissing) return node.startPosition.row + 1;
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
      }
    }
  } finally {
    cursor.delete();
  }
}
