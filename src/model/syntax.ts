// Small, rule-agnostic helpers over tree-sitter-rust nodes.
import type { Node, Tree } from '../parser/parser.js';

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/**
 * tree-sitter finds a parent by walking down from the root (O(depth)), which made every ancestor
 * loop quadratic on deeply nested code: parents are memoised per tree, and a long chain of misses
 * is filled in one descent from the root.
 */
const parentCache = new WeakMap<Tree, Map<number, Node | null>>();

export function parentOf(node: Node): Node | null {
  let cache = parentCache.get(node.tree);
  if (!cache) parentCache.set(node.tree, (cache = new Map()));
  let parent = cache.get(node.id);
  if (parent === undefined) {
    parent = node.parent;
    cache.set(node.id, parent);
  }
  return parent;
}

function fillAncestorsFromRoot(node: Node, cache: Map<number, Node | null>): void {
  let current: Node | null = node.tree.rootNode;
  cache.set(current.id, null);
  for (let guard = 0; current && current.id !== node.id && guard < 100_000; guard++) {
    const child: Node | null = current.childWithDescendant(node);
    if (!child) return;
    cache.set(child.id, current);
    current = child;
  }
}

/** Ancestor loops stop after this many levels (the engine does not analyse code nested deeper, see analyze.ts). */
export const MAX_ANCESTORS = 2000;

export function* ancestors(node: Node): Generator<Node> {
  let misses = 0;
  let current = node;
  for (let n = 0; n < MAX_ANCESTORS; n++) {
    const cache = parentCache.get(current.tree);
    if (cache && !cache.has(current.id) && ++misses === 16) fillAncestorsFromRoot(current, cache);
    const p = parentOf(current);
    if (!p) return;
    yield p;
    current = p;
  }
}

/** All descendants (including `node`) of the given kinds, in source order. */
export function descendantsOfType(node: Node, kinds: string | string[]): Node[] {
  // Whole-tree scans are asked for again and again (every call of a file, once per rule and per
  // model index), and each is a traversal of the whole tree in the grammar's wasm: the kinds the
  // model and the rules ask for are collected in one traversal per tree and each answer is kept.
  // A copy is returned, callers may change it.
  let perTree = wholeTreeScans.get(node.tree);
  if (!perTree) wholeTreeScans.set(node.tree, (perTree = { rootId: node.tree.rootNode.id, scans: new Map() }));
  if (node.id !== perTree.rootId) return node.descendantsOfType(kinds).filter((n): n is Node => n !== null);
  const list = typeof kinds === 'string' ? [kinds] : kinds;
  const key = list.join('\0');
  let scan = perTree.scans.get(key);
  if (!scan) {
    if (list.every((k) => WHOLE_TREE_KINDS.has(k))) {
      perTree.byKind ??= collectByKind(node);
      const byKind = perTree.byKind;
      // Merge the kinds' lists back into document order (by position in the one traversal).
      scan = list
        .flatMap((k) => byKind.get(k) ?? [])
        .sort((a, b) => a.order - b.order)
        .map((e) => e.node);
    } else {
      scan = node.descendantsOfType(kinds).filter((n): n is Node => n !== null);
    }
    perTree.scans.set(key, scan);
  }
  return scan.slice();
}

/** What the model and the rules look for over whole trees (rules' visitor kinds included). */
const WHOLE_TREE_KINDS = new Set([
  'use_declaration',
  'function_item',
  'function_signature_item',
  'const_item',
  'static_item',
  'impl_item',
  'enum_item',
  'struct_item',
  'field_declaration',
  'field_initializer',
  'shorthand_field_initializer',
  'call_expression',
  'macro_invocation',
  'assignment_expression',
  'struct_expression',
  'tuple_expression',
  'generic_type',
  'identifier',
  'scoped_identifier',
  'string_literal',
  'raw_string_literal',
]);

function collectByKind(root: Node): Map<string, Array<{ order: number; node: Node }>> {
  const byKind = new Map<string, Array<{ order: number; node: Node }>>();
  root.descendantsOfType([...WHOLE_TREE_KINDS]).forEach((node, order) => {
    if (!node) return;
    const type = node.type;
    let list = byKind.get(type);
    if (!list) byKind.set(type, (list = []));
    list.push({ order, node });
  });
  return byKind;
}

const wholeTreeScans = new WeakMap<
  Tree,
  { rootId: number; scans: Map<string, Node[]>; byKind?: Map<string, Array<{ order: number; node: Node }>> }
>();

/** What an `if` tests (its condition) or a `match` looks at (its value); null for other nodes. */
export function choosingExpression(node: Node): Node | null {
  if (node.type === 'if_expression') return node.childForFieldName('condition');
  if (node.type === 'match_expression') return node.childForFieldName('value');
  return null;
}

export function enclosing(node: Node, kinds: string[]): Node | undefined {
  for (const a of ancestors(node)) if (kinds.includes(a.type)) return a;
  return undefined;
}

/** The function (or closure) body a node belongs to; value flow stays inside it. */
export function enclosingFunction(node: Node): Node | undefined {
  return enclosing(node, ['function_item', 'closure_expression']);
}

/** Removes one level of `?`, `.await`, `&`, `&mut`, `*`, parentheses and `as` casts. */
export function stripOne(node: Node): Node | undefined {
  switch (node.type) {
    case 'try_expression':
    case 'await_expression':
    case 'parenthesized_expression':
      return namedChildren(node)[0];
    case 'reference_expression':
      return node.childForFieldName('value') ?? namedChildren(node).at(-1);
    case 'unary_expression':
      return node.text.startsWith('*') ? namedChildren(node).at(-1) : undefined;
    case 'type_cast_expression':
      return node.childForFieldName('value') ?? undefined;
    default:
      return undefined;
  }
}

/** Method calls that hand their receiver's value through unchanged for our purposes. */
export const PASS_THROUGH_METHODS = new Set([
  'unwrap',
  'expect',
  'clone',
  'into',
  'map_err',
  'to_owned',
  'unwrap_or_else',
  'context',
  'with_context',
  'boxed',
  'as_ref',
  'to_vec',
  'into_inner',
  'ok_or',
  'ok_or_else',
  'wrap_err',
  'unwrap_or_default',
]);

/** Wrapper constructors whose single argument is the value that matters: `Arc::new(x)`, `Box::new(x)`. */
export const WRAPPER_FUNCTIONS = new Set([
  'Arc::new',
  'Rc::new',
  'Box::new',
  'Some',
  'Ok',
  'Arc::from',
  'From::from',
  'Mutex::new',
  'RwLock::new',
  'Arc::clone',
  'Cow::Owned',
  'ArcSwap::from',
  'ArcSwap::new',
]);

/** Peels `?`, `.await`, `&`, parentheses, casts, pass-through methods and `Arc::new(..)`-like wrappers. */
export function stripWrappers(node: Node): Node {
  let current = node;
  for (let guard = 0; guard < 64; guard++) {
    const inner = stripOne(current) ?? unwrapPassThrough(current);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

function unwrapPassThrough(node: Node): Node | undefined {
  if (node.type !== 'call_expression') return undefined;
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'field_expression') {
    const method = fn.childForFieldName('field')?.text;
    if (method && PASS_THROUGH_METHODS.has(method)) return fn.childForFieldName('value') ?? undefined;
    return undefined;
  }
  const name = pathTail(fn, 2);
  if (WRAPPER_FUNCTIONS.has(name) || WRAPPER_FUNCTIONS.has(pathTail(fn, 1))) {
    const args = callArguments(node);
    return args.length === 1 ? args[0] : undefined;
  }
  return undefined;
}

/** Last `n` segments of a path expression, turbofish removed: `std::sync::Arc::new` → `Arc::new`. */
export function pathTail(node: Node, n: number): string {
  return pathSegments(node).slice(-n).join('::');
}

export function pathSegments(node: Node): string[] {
  return memo(segmentsMemo, node, () => {
    const target = node.type === 'generic_function' ? (node.childForFieldName('function') ?? node) : node;
    return target.text
      .replace(/::<[^>]*>/g, '')
      .replace(/\s+/g, '')
      .split('::')
      .filter((s) => s.length > 0);
  }).slice();
}

/**
 * Per-tree memo by node id. Every rule asks the same questions of the same nodes (each call's
 * callee and arguments), and each answer costs several calls into the grammar's wasm.
 */
function memo<T>(store: WeakMap<Tree, Map<number, T>>, node: Node, compute: () => T): T {
  let perTree = store.get(node.tree);
  if (!perTree) store.set(node.tree, (perTree = new Map()));
  let value = perTree.get(node.id);
  if (value === undefined) perTree.set(node.id, (value = compute()));
  return value;
}

const segmentsMemo = new WeakMap<Tree, Map<number, string[]>>();
const argumentsMemo = new WeakMap<Tree, Map<number, Node[]>>();
const callMemo = new WeakMap<Tree, Map<number, { method?: string; receiver?: Node; path?: Node }>>();

/** Positional arguments of a call (or method call), comments dropped. */
export function callArguments(call: Node): Node[] {
  return memo(argumentsMemo, call, () => {
    const args = call.childForFieldName('arguments');
    return args
      ? namedChildren(args).filter(
          (a) => a.type !== 'line_comment' && a.type !== 'block_comment' && a.type !== 'attribute_item',
        )
      : [];
  }).slice();
}

/** For `recv.method(..)` returns the method name and receiver; for `path::f(..)` the function path node. */
/** (Memoised: the same object for the same call; do not change it.) */
export function describeCall(call: Node): { method?: string; receiver?: Node; path?: Node } {
  return memo(callMemo, call, () => describeCallOnce(call));
}

function describeCallOnce(call: Node): { method?: string; receiver?: Node; path?: Node } {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  if (!fn) return {};
  if (fn.type === 'field_expression') {
    return { method: fn.childForFieldName('field')?.text, receiver: fn.childForFieldName('value') ?? undefined };
  }
  return { path: fn };
}

export function methodName(call: Node): string | undefined {
  return call.type === 'call_expression' ? describeCall(call).method : undefined;
}

/** The name node of the item a node belongs to (function, impl, struct…): used for fingerprints. */
export function enclosingItemName(node: Node): string {
  const names: string[] = [];
  for (const a of ancestors(node)) {
    if (
      a.type === 'function_item' ||
      a.type === 'mod_item' ||
      a.type === 'struct_item' ||
      a.type === 'const_item' ||
      a.type === 'static_item'
    ) {
      const n = a.childForFieldName('name')?.text;
      if (n) names.push(n);
    } else if (a.type === 'impl_item') {
      names.push(`impl ${a.childForFieldName('trait')?.text ?? ''} for ${a.childForFieldName('type')?.text ?? ''}`);
    }
  }
  return names.reverse().join('/');
}

/** True if `node` is literally `true`/`false`. */
export function booleanLiteral(node: Node | undefined): boolean | undefined {
  if (!node || node.type !== 'boolean_literal') return undefined;
  return node.text === 'true';
}

/** Expressions a block evaluates to: its tail expression and every `return` inside it (not in nested closures/fns). */
export function returnedExpressions(body: Node): Node[] {
  let cache = returnedCache.get(body.tree);
  if (!cache) returnedCache.set(body.tree, (cache = new Map()));
  let out = cache.get(body.id);
  if (!out) cache.set(body.id, (out = computeReturnedExpressions(body)));
  return [...out];
}

/** Memoised per tree: rules ask for the returns of the same function body once per call site. */
const returnedCache = new WeakMap<Tree, Map<number, Node[]>>();

function computeReturnedExpressions(body: Node): Node[] {
  const out: Node[] = [];
  const tail = tailExpression(body);
  if (tail) out.push(...expandBranches(tail));
  for (const r of descendantsOfType(body, 'return_expression')) {
    if (
      enclosingFunctionOrClosure(r) !== enclosingFunctionOrClosure(body) &&
      enclosingFunctionOrClosure(body) !== undefined
    )
      continue;
    const value = namedChildren(r)[0];
    if (value) out.push(...expandBranches(value));
  }
  return out;
}

function enclosingFunctionOrClosure(node: Node): number | undefined {
  if (node.type === 'function_item' || node.type === 'closure_expression') return node.id;
  for (const p of ancestors(node)) {
    if (p.type === 'function_item' || p.type === 'closure_expression') return p.id;
  }
  return undefined;
}

/** The tail expression of a block (`{ ..; x }` → x), or the node itself when it is not a block. */
export function tailExpression(block: Node): Node | undefined {
  if (block.type !== 'block') return block;
  const kids = namedChildren(block).filter((k) => k.type !== 'line_comment' && k.type !== 'block_comment');
  const last = kids.at(-1);
  if (!last) return undefined;
  if (last.type === 'expression_statement') {
    // `if`/`match` as the last statement are parsed as statements but still evaluate to the value.
    const inner = namedChildren(last)[0];
    const hasSemicolon = last.text.trimEnd().endsWith(';');
    if (inner && !hasSemicolon) return inner;
    return undefined;
  }
  if (last.type.endsWith('_declaration') || last.type.endsWith('_item')) return undefined;
  return last;
}

/** `if`/`match`/blocks produce the values of their arms (depth-first, in source order; no recursion: `else if` chains can be long). */
/** The values an expression may end in: the tails of every arm of its `if`s and `match`es, nested. */
export function expandBranches(start: Node): Node[] {
  const out: Node[] = [];
  const pending = [start];
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    if (node.type === 'block') {
      const t = tailExpression(node);
      if (t) pending.push(t);
    } else if (node.type === 'if_expression') {
      const alt = node.childForFieldName('alternative');
      const altBody = alt ? namedChildren(alt)[0] : undefined;
      if (altBody) pending.push(altBody);
      const cons = node.childForFieldName('consequence');
      if (cons) pending.push(cons);
    } else if (node.type === 'match_expression') {
      const body = node.childForFieldName('body');
      const arms = body ? namedChildren(body).filter((arm) => arm.type === 'match_arm') : [];
      for (const arm of arms.reverse()) {
        const v = arm.childForFieldName('value');
        if (v) pending.push(v);
      }
    } else {
      out.push(node);
    }
  }
  return out;
}

/** The method-name node of `recv.method(..)` (narrowest place to report a call), else the call. */
export function methodNameNode(call: Node): Node {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  return (fn?.type === 'field_expression' ? fn.childForFieldName('field') : null) ?? call;
}

/** True when the node is inside a `use` declaration (imports are not usages). */
export function isInUse(node: Node): boolean {
  // By byte range rather than by climbing ancestors: asked for every identifier of a file.
  let ranges = useRanges.get(node.tree);
  if (!ranges)
    useRanges.set(
      node.tree,
      (ranges = descendantsOfType(node.tree.rootNode, 'use_declaration').map((u) => [u.startIndex, u.endIndex])),
    );
  let lo = 0,
    hi = ranges.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] <= node.startIndex) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || node.type === 'use_declaration') return false;
  const [start, end] = ranges[found];
  return node.startIndex >= start && node.startIndex < end && node.endIndex <= end;
}

/** `use` declarations of a tree as sorted, disjoint [start, end) index ranges. */
const useRanges = new WeakMap<Tree, Array<[number, number]>>();

/**
 * The condition under which a node runs, when it sits in one arm of an `if`/`match` of its
 * function: "when `tls.mtls` is false", "when `mode` matches `Mode::Plain`", "when `opt` has no value"
 * (the fallback of `unwrap_or`). Undefined otherwise.
 */
/** Methods whose argument is the value used when the receiver has none (`opt.unwrap_or(NONE)`). */
export const FALLBACK_METHODS = new Set(['unwrap_or', 'unwrap_or_else', 'or', 'or_else', 'map_or']);

export function branchCondition(node: Node): string | undefined {
  return branchChoice(node)?.text;
}

/** branchCondition's text, with the expression that decides (its full text may be longer than the message's). */
export function branchChoice(node: Node): { text: string; deciding: Node } | undefined {
  let child: Node = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return undefined;
    if (a.type === 'if_expression') {
      const cond = a.childForFieldName('condition');
      const inConsequence = a.childForFieldName('consequence')?.id === child.id;
      const inAlternative = a.childForFieldName('alternative')?.id === child.id;
      if (!cond || cond.type === 'let_chain') return undefined;
      // `if let Some(x) = ..` binds rather than chooses a configuration: not worth saying. A
      // pattern that binds nothing (`if let Check::Disabled = cfg.check`) chooses, like a match arm.
      // The `else` of any `if let` runs when the value does not match: that is a choice too.
      if (cond.type === 'let_condition') {
        const pattern = cond.childForFieldName('pattern');
        if (!inAlternative && (!pattern || !inConsequence || bindsNames(pattern))) return undefined;
      }
      if (inConsequence || inAlternative) return ifArmCondition(a, inConsequence ? 'consequence' : 'alternative');
    }
    // `opt.unwrap_or(NONE)`: the fallback applies when the option is empty.
    if (
      a.type === 'arguments' &&
      a.parent?.type === 'call_expression' &&
      FALLBACK_METHODS.has(describeCall(a.parent).method ?? '')
    ) {
      const receiver = describeCall(a.parent).receiver;
      if (receiver && namedChildren(a)[0]?.id === child.id)
        return { text: `when \`${shorten(receiver.text)}\` has no value`, deciding: receiver };
    }
    if (a.type === 'match_arm') {
      const pattern = a.childForFieldName('pattern');
      const subject = a.parent?.parent?.childForFieldName('value');
      if (pattern && subject && a.childForFieldName('value')?.id === child.id)
        return {
          text: `when \`${shorten(subject.text)}\` matches \`${shorten(pattern.text)}\`${failedGuards(a, pattern)}`,
          deciding: subject,
        };
    }
    child = a;
  }
  return undefined;
}

/**
 * When one arm of `if cond { .. } else { .. }` runs, as a message says it: "when `cond` holds" /
 * "does not hold", "when `value` matches `Some(x)`" / "does not match" (the arm need not exist).
 */
export function ifArmCondition(
  ifExpr: Node,
  arm: 'consequence' | 'alternative',
): { text: string; deciding: Node } | undefined {
  const cond = ifExpr.childForFieldName('condition');
  if (!cond || cond.type === 'let_chain') return undefined;
  if (cond.type === 'let_condition') {
    const pattern = cond.childForFieldName('pattern');
    const value = cond.childForFieldName('value');
    if (!pattern || !value) return undefined;
    const verb = arm === 'consequence' ? 'matches' : 'does not match';
    return { text: `when \`${shorten(value.text)}\` ${verb} \`${shorten(pattern.text)}\``, deciding: value };
  }
  const verb = arm === 'consequence' ? 'holds' : 'does not hold';
  return { text: `when \`${shorten(cond.text)}\` ${verb}`, deciding: cond };
}

/**
 * `Some(r) if strict => A, Some(r) => B`: arm B runs when the earlier guards on the same pattern fail,
 * as ` and \`strict\` does not hold`.
 */
function failedGuards(arm: Node, pattern: Node): string {
  const guards: string[] = [];
  for (let prev = arm.previousNamedSibling; prev; prev = prev.previousNamedSibling) {
    const p = prev.type === 'match_arm' ? prev.childForFieldName('pattern') : null;
    const guard = p?.childForFieldName('condition');
    if (guard && namedChildren(p!)[0]?.text === pattern.text) guards.unshift(`\`${shorten(guard.text)}\``);
  }
  if (guards.length === 0) return '';
  return guards.length === 1 ? ` and ${guards[0]} does not hold` : ` and none of ${guards.join(', ')} holds`;
}

/** Whether a pattern binds a variable (`Some(x)`, `Config { insecure, .. }`), not only tests a value (`Check::Disabled`, `Some(true)`). */
function bindsNames(pattern: Node): boolean {
  const isBinding = (n: Node): boolean => {
    const parent = n.parent;
    if (parent?.type === 'scoped_identifier') return false;
    if (
      (parent?.type === 'tuple_struct_pattern' || parent?.type === 'struct_pattern') &&
      parent.childForFieldName('type')?.id === n.id
    )
      return false;
    return /^[a-z_]/.test(n.text) && n.text !== '_';
  };
  if (pattern.type === 'identifier') return isBinding(pattern);
  return pattern
    .descendantsOfType(['identifier', 'shorthand_field_identifier'])
    .some((n) => n !== null && (n.type === 'shorthand_field_identifier' || isBinding(n)));
}

/** A code text on one line, cut to 60 characters: for quoting conditions in messages. */
export function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
