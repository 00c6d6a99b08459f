// Macro-body rewriting parses each round incrementally (model/macro-bodies.ts `reparse`): the
// tree it ends with must be the very tree a full parse of the rewritten text gives — every node,
// offset, row and column — on every fixture and corpus file whose macros are rewritten.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRustParser, parseRust, type Tree } from '../../src/parser/parser.js';
import { parseWithMacroBodies } from '../../src/model/macro-bodies.js';
import { repoRoot } from '../helpers/cli.js';

beforeAll(async () => {
  await loadRustParser();
});

function rustFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? rustFiles(path) : e.name.endsWith('.rs') ? [path] : [];
  });
}

/** Every node in walk order: kind, offsets, rows and columns, MISSING. */
function signature(tree: Tree): string[] {
  const c = tree.walk();
  const out: string[] = [];
  try {
    for (;;) {
      const s = c.startPosition;
      const e = c.endPosition;
      out.push(
        `${c.nodeType} ${c.startIndex}-${c.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}${c.currentNode.isMissing ? ' missing' : ''}`,
      );
      if (c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
    }
  } finally {
    c.delete();
  }
}

describe('incremental re-parsing of rewritten macro bodies', () => {
  it('gives the same tree as a full parse of the rewritten text', () => {
    let rewritten = 0;
    for (const file of [
      ...rustFiles(join(repoRoot, 'test', 'fixtures')),
      ...rustFiles(join(repoRoot, 'test', 'corpus')),
    ]) {
      const parsed = parseWithMacroBodies(readFileSync(file, 'utf8'));
      try {
        if (parsed.rewritten === 0) continue;
        rewritten++;
        const full = parseRust(parsed.parsedText);
        try {
          expect(signature(parsed.tree), file).toEqual(signature(full));
        } finally {
          full.delete();
        }
      } finally {
        parsed.tree.delete();
      }
    }
    expect(rewritten).toBeGreaterThan(5);
  });
});
