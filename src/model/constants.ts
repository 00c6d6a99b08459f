// Constant evaluation of Rust expressions: integers (literals in any base, arithmetic, `u32::MAX`) and
// booleans (`!`), directly or through immutable `let`s, crate consts and statics. A `let mut` or
// `static mut` may change later and has no constant value.
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import { findBinding } from './flow.js';
import { booleanLiteral, namedChildren, pathSegments, stripWrappers } from './syntax.js';

/** The value of a constant expression: literals, arithmetic, `u32::MAX`, crate consts/statics, `let`s. */
export function numericValue(expr: Node, crate: CrateModel, depth = 0): number | undefined {
  if (depth > 8) return undefined;
  const node = stripWrappers(expr);
  switch (node.type) {
    case 'integer_literal':
      return parseInteger(node.text);
    case 'binary_expression': {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text ?? node.children.find((c) => c && !c.isNamed)?.text;
      const a = l ? numericValue(l, crate, depth + 1) : undefined;
      const b = r ? numericValue(r, crate, depth + 1) : undefined;
      if (a === undefined || b === undefined) return undefined;
      switch (op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? undefined : Math.floor(a / b);
        case '<<':
          return a * 2 ** b;
        case '>>':
          return Math.floor(a / 2 ** b);
        case '|':
          return a + b - (a & b);
        default:
          return undefined;
      }
    }
    case 'call_expression': {
      // `u32::max_value()` / `u32::min_value()` (the pre-1.43 spellings of `u32::MAX` / `u32::MIN`).
      const callee = node.childForFieldName('function');
      const segs = callee?.type === 'scoped_identifier' ? pathSegments(callee) : [];
      const integer = /^[ui](8|16|32|64|128|size)$/.test(segs.at(-2) ?? '');
      if (integer && segs.at(-1) === 'max_value') return Number.MAX_SAFE_INTEGER;
      if (integer && segs.at(-1) === 'min_value') return segs.at(-2)!.startsWith('u') ? 0 : undefined;
      return undefined;
    }
    case 'scoped_identifier': {
      // `std::u32::MAX` as `u32::MAX`.
      const segs = pathSegments(node).filter((s, i, all) => !(i === 0 && all.length === 3 && /^(std|core)$/.test(s)));
      const last = segs.at(-1);
      if (segs.length === 2 && /^[ui](8|16|32|64|128|size)$/.test(segs[0])) {
        if (last === 'MAX') return Number.MAX_SAFE_INTEGER;
        if (last === 'MIN') return segs[0].startsWith('u') ? 0 : undefined;
      }
      const item = last ? crate.constant(last, node) : undefined;
      const value = item?.childForFieldName('value');
      return value ? numericValue(value, crate, depth + 1) : undefined;
    }
    case 'identifier': {
      const b = findBinding(node, crate);
      if (!b?.value || b.kind === 'let-condition' || isMutable(b.node)) return undefined;
      return numericValue(b.value, crate, depth + 1);
    }
    default:
      return undefined;
  }
}

function parseInteger(text: string): number | undefined {
  const t = text.replace(/_/g, '').replace(/(u|i)(8|16|32|64|128|size)$/, '');
  const n = /^0x/i.test(t)
    ? parseInt(t.slice(2), 16)
    : /^0o/i.test(t)
      ? parseInt(t.slice(2), 8)
      : /^0b/i.test(t)
        ? parseInt(t.slice(2), 2)
        : Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `true`/`false`, directly or through an immutable `let`, const or static, and `!`. (`booleanValue` in
 * verifier.ts follows every origin of a value instead: fields, branches, callers.)
 */
export function constBooleanValue(expr: Node, crate: CrateModel, depth = 0): boolean | undefined {
  if (depth > 8) return undefined;
  const node = stripWrappers(expr);
  const literal = booleanLiteral(node);
  if (literal !== undefined) return literal;
  if (node.type === 'identifier' || node.type === 'scoped_identifier') {
    if (node.type === 'identifier') {
      const b = findBinding(node, crate);
      if (!b?.value || b.kind === 'let-condition' || isMutable(b.node)) return undefined;
      return constBooleanValue(b.value, crate, depth + 1);
    }
    const value = crate.constant(pathSegments(node).at(-1) ?? '', node)?.childForFieldName('value');
    return value ? constBooleanValue(value, crate, depth + 1) : undefined;
  }
  if (node.type === 'unary_expression' && node.text.startsWith('!')) {
    const inner = namedChildren(node).at(-1);
    const v = inner ? constBooleanValue(inner, crate, depth + 1) : undefined;
    return v === undefined ? undefined : !v;
  }
  return undefined;
}

/** `let mut x = ..` / `static mut X`: a value that may change later. */
function isMutable(decl: Node): boolean {
  if (decl.type === 'let_declaration') return decl.childForFieldName('pattern')?.type === 'mut_pattern';
  return decl.type === 'static_item' && namedChildren(decl).some((c) => c.type === 'mutable_specifier');
}
