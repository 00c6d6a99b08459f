// Value flow inside a crate: `let` bindings and shadowing, method chains split over
// bindings, wrappers (`Arc::new`, `?`, `.unwrap()`), and one or more levels of
// "this function returns the config".
import type { Node, Tree } from '../parser/parser.js';
import { attributesOf } from './code-kind.js';
import type { WorkBudget } from './budget.js';
import {
  ancestors,
  callArguments,
  stripOne,
  describeCall,
  enclosing,
  descendantsOfType,
  namedChildren,
  pathSegments,
  returnedExpressions,
  shorten,
  expandBranches,
  FALLBACK_METHODS,
  tailExpression,
  WRAPPER_FUNCTIONS,
} from './syntax.js';

/** Where a local name comes from. */
export interface Binding {
  kind: 'let' | 'param' | 'let-condition' | 'static';
  /** A `let-condition` that only unwraps its value (`Ok(b)`, `Some(mut b)`): `b` is the value's content. */
  unwrapped?: boolean;
  /** The declaring node (let_declaration, parameter, let_condition, const_item…). */
  node: Node;
  value?: Node;
  /** Declared type, if written. */
  type?: Node;
}

/**
 * Looks up crate-level functions and consts by name; provided by the crate index. `from` is the
 * code asking: a lookup answers only with items its program (crate root) compiles in.
 */
export interface ItemLookup {
  functions(name: string, from?: Node): Node[];
  constant(name: string, from?: Node): Node | undefined;
  /** Values given to a struct field anywhere in the crate (`Self { tls: cfg }`, `state.tls = cfg`). */
  fieldValues(name: string, from?: Node): Node[];
  /** What a field access may read, through its owner type (missing: every value stored in a field of that name). */
  fieldAccessValues?(access: Node): Node[];
  /** Whether a field access reads what configuration or the command line put there (then it is also unknown). */
  filledFromOutside?(access: Node): boolean;
  /** Whether code at `from` can call or read what is defined at `item` (missing: everything sees everything). */
  sees?(from: Node, item: Node): boolean;
  /** Whether code at `node` is compiled into the library (callable from outside the package when `pub`). */
  inLibrary?(node: Node): boolean;
  /** The crate's search budget (model/budget.ts); lookups without one are unbounded but shallow. */
  budget?: WorkBudget;
}

/** A crate as call-site searches see it: its items and its calls by callee name. */
export interface CrateTrees extends ItemLookup {
  /** Every call whose callee is `name` (`.name(..)` or a path ending in `name`), file by file in source order. */
  callsNamed(name: string): Node[];
}

const NO_ITEMS: ItemLookup = { functions: () => [], constant: () => undefined, fieldValues: () => [] };

/** `Ok(name)`, `Some(mut name)`: a pattern that names the whole content of a `Result`/`Option`. */
function unwrapsTo(matched: Node | null | undefined, name: string): boolean {
  // A match arm's pattern is wrapped (`match_pattern`, with its `if` guard beside it).
  const pattern = matched?.type === 'match_pattern' ? namedChildren(matched)[0] : matched;
  if (pattern?.type !== 'tuple_struct_pattern') return false;
  const type = pattern.childForFieldName('type')?.text ?? '';
  const inner = namedChildren(pattern).filter((c) => c.id !== pattern.childForFieldName('type')?.id);
  if (!/^(Ok|Some)$/.test(type) || inner.length !== 1) return false;
  const binder =
    inner[0].type === 'mut_pattern' ? namedChildren(inner[0]).find((c) => c.type === 'identifier') : inner[0];
  return binder?.type === 'identifier' && binder.text === name;
}

export function patternBinds(pattern: Node | null | undefined, name: string): boolean {
  if (!pattern) return false;
  if (pattern.type === 'identifier') return pattern.text === name;
  return descendantsOfType(pattern, ['identifier', 'shorthand_field_identifier']).some(
    (id) => id.text === name && !isPathPart(id),
  );
}

function isPathPart(id: Node): boolean {
  const p = id.parent;
  return (
    !!p &&
    (p.type === 'scoped_identifier' || (p.type === 'tuple_struct_pattern' && p.childForFieldName('type')?.id === id.id))
  );
}

/** A block's statements, where each one is, and which `let`s bind each name: built once per block (lookups were linear). */
interface BlockIndex {
  stmts: Node[];
  position: Map<number, number>;
  lets: Map<string, number[]>;
}

const blockIndexes = new WeakMap<Tree, Map<number, BlockIndex>>();

function blockIndex(block: Node): BlockIndex {
  let perTree = blockIndexes.get(block.tree);
  if (!perTree) blockIndexes.set(block.tree, (perTree = new Map()));
  let index = perTree.get(block.id);
  if (index) return index;
  const stmts = namedChildren(block);
  index = { stmts, position: new Map(), lets: new Map() };
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    index.position.set(s.id, i);
    if (s.type !== 'let_declaration') continue;
    for (const name of boundNames(s.childForFieldName('pattern'))) {
      const list = index.lets.get(name) ?? [];
      list.push(i);
      index.lets.set(name, list);
    }
  }
  perTree.set(block.id, index);
  return index;
}

/** Every name a pattern binds (as `patternBinds` decides it). */
function boundNames(pattern: Node | null | undefined): Set<string> {
  if (!pattern) return new Set();
  if (pattern.type === 'identifier') return new Set([pattern.text]);
  return new Set(
    descendantsOfType(pattern, ['identifier', 'shorthand_field_identifier'])
      .filter((id) => !isPathPart(id))
      .map((id) => id.text),
  );
}

/** The binding visible at `ident`, respecting shadowing: the nearest preceding `let` wins. */
export function findBinding(ident: Node, items: ItemLookup = NO_ITEMS): Binding | undefined {
  return findBindingNamed(ident.text, ident, items);
}

/**
 * The binding of `name` visible at node `at` (also for names inside macro token trees and
 * format strings). `if let`/`while let` and `for` patterns bind to their scrutinee/iterable.
 */
export function findBindingNamed(name: string, at: Node, items: ItemLookup = NO_ITEMS): Binding | undefined {
  let child: Node = at;
  for (const a of ancestors(at)) {
    if (a.type === 'block') {
      const { stmts, position, lets } = blockIndex(a);
      const index = position.get(child.id) ?? -1;
      const binders = lets.get(name) ?? [];
      // The last `let` of `name` before `child` (binders are in statement order).
      let lo = 0,
        hi = binders.length - 1,
        found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (binders[mid] < index) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found >= 0) {
        const s = stmts[binders[found]];
        return {
          kind: 'let',
          node: s,
          value: s.childForFieldName('value') ?? undefined,
          type: s.childForFieldName('type') ?? undefined,
        };
      }
    } else if (a.type === 'if_expression' || a.type === 'while_expression') {
      const cond = a.childForFieldName('condition');
      const lets = cond
        ? [cond, ...descendantsOfType(cond, 'let_condition')].filter((n) => n.type === 'let_condition')
        : [];
      for (const lc of lets) {
        if (child.id !== cond?.id && patternBinds(lc.childForFieldName('pattern'), name)) {
          const unwrapped = unwrapsTo(lc.childForFieldName('pattern'), name);
          return { kind: 'let-condition', node: lc, value: lc.childForFieldName('value') ?? undefined, unwrapped };
        }
      }
    } else if (a.type === 'for_expression') {
      if (child.id === a.childForFieldName('body')?.id && patternBinds(a.childForFieldName('pattern'), name)) {
        return { kind: 'let-condition', node: a, value: a.childForFieldName('value') ?? undefined };
      }
    } else if (a.type === 'match_arm') {
      if (patternBinds(a.childForFieldName('pattern'), name)) {
        const unwrapped = unwrapsTo(a.childForFieldName('pattern'), name);
        const value = a.parent?.parent?.childForFieldName('value') ?? undefined;
        return { kind: 'let-condition', node: a, value, unwrapped };
      }
    } else if (a.type === 'function_item' || a.type === 'closure_expression') {
      const params = a.childForFieldName('parameters');
      for (const p of params ? namedChildren(params) : []) {
        const pat = p.type === 'parameter' ? p.childForFieldName('pattern') : p;
        if (patternBinds(pat, name)) {
          return {
            kind: 'param',
            node: p,
            type: p.type === 'parameter' ? (p.childForFieldName('type') ?? undefined) : undefined,
          };
        }
      }
      if (a.type === 'function_item') break;
    }
    child = a;
  }
  const item = items.constant(name, at);
  if (item)
    return {
      kind: 'static',
      node: item,
      value: item.childForFieldName('value') ?? undefined,
      type: item.childForFieldName('type') ?? undefined,
    };
  return undefined;
}

/** A method chain flattened from its root: `A::b().c().d()` → root `A::b()`, steps [c, d]. */
export interface Chain {
  /** The innermost expression that is not a method call (a path call, identifier, struct literal…). */
  root: Node;
  /** Path segments of the root when it is a path call or a path (`ServerConfig::builder`). */
  rootPath?: string[];
  steps: ChainStep[];
}

export interface ChainStep {
  name: string;
  call: Node;
  args: Node[];
}

/**
 * Flattens the method chain ending at `expr`, following `let` bindings at the root (split
 * chains), wrappers and, through `items`, local functions that return the value.
 */
export function chainOf(expr: Node, items: ItemLookup = NO_ITEMS, depth = 0): Chain {
  // Out of budget: the chain is cut where the search stands (its root unknown).
  if (depth > 0 && items.budget?.spend() === false) return { root: expr, steps: [] };
  const steps: ChainStep[] = [];
  let node = expr;
  for (let guard = 0; guard < 200; guard++) {
    const inner = peel(node);
    if (inner) {
      node = inner;
      continue;
    }
    if (node.type === 'call_expression') {
      const d = describeCall(node);
      if (d.method && d.receiver) {
        steps.unshift({ name: d.method, call: node, args: callArguments(node) });
        node = d.receiver;
        continue;
      }
      if (d.path) {
        const segs = pathSegments(d.path);
        const args = callArguments(node);
        if (args.length === 1 && isWrapper(segs)) {
          node = args[0];
          continue;
        }
        const returned = depth < 3 ? returnedValueOfLocalCall(segs, items, node) : undefined;
        if (returned) {
          const inner = chainOf(returned, items, depth + 1);
          return { root: inner.root, rootPath: inner.rootPath, steps: [...inner.steps, ...steps] };
        }
        return { root: node, rootPath: segs, steps };
      }
    }
    if (node.type === 'identifier' && depth < 8) {
      const b = findBinding(node, items);
      if (b?.value && (b.kind !== 'let-condition' || b.unwrapped)) {
        const inner = chainOf(b.value, items, depth + 1);
        return { root: inner.root, rootPath: inner.rootPath, steps: [...inner.steps, ...steps] };
      }
    }
    const fieldValue = depth < 8 ? singleFieldValue(node, items) : undefined;
    if (fieldValue) {
      const inner = chainOf(fieldValue, items, depth + 1);
      return { root: inner.root, rootPath: inner.rootPath, steps: [...inner.steps, ...steps] };
    }
    if (node.type === 'scoped_identifier' || node.type === 'identifier') {
      return { root: node, rootPath: pathSegments(node), steps };
    }
    if (node.type === 'struct_expression') {
      const name = node.childForFieldName('name');
      return { root: node, rootPath: name ? pathSegments(name) : undefined, steps };
    }
    return { root: node, steps };
  }
  return { root: node, steps };
}

/** `self.tls_config` / `state.tls`: the value the crate stores in that field, when there is exactly one. */
function singleFieldValue(node: Node, items: ItemLookup): Node | undefined {
  if (node.type !== 'field_expression') return undefined;
  const field = node.childForFieldName('field');
  if (!field || field.type !== 'field_identifier') return undefined;
  const values = storedValues(node, field.text, items);
  return values.length === 1 && !(node.startIndex >= values[0].startIndex && node.endIndex <= values[0].endIndex)
    ? values[0]
    : undefined;
}

/** The values a field access reads: through its owner type when the crate index knows types. */
function storedValues(access: Node, field: string, items: ItemLookup): Node[] {
  return items.fieldAccessValues ? items.fieldAccessValues(access) : items.fieldValues(field, access);
}

function isWrapper(segs: string[]): boolean {
  return WRAPPER_FUNCTIONS.has(segs.slice(-2).join('::')) || WRAPPER_FUNCTIONS.has(segs.slice(-1).join('::'));
}

/** Lazily initialised statics: their value is what the closure they are given returns. */
const LAZY_INITIALIZERS = new Set(['LazyLock::new', 'Lazy::new', 'LazyCell::new']);

/**
 * The functions a call reaches: the one function of that path, or its `#[cfg(..)]` variants (the same
 * parameters, a few at most: `#[cfg(debug_assertions)] fn key_log()` and its release twin), whichever
 * a build compiles. None when the name is overloaded otherwise.
 */
function cfgVariants(fns: Node[]): Node[] {
  if (fns.length <= 1) return fns;
  const params = (fn: Node) => fn.childForFieldName('parameters')?.text;
  const cfgGated = (fn: Node) => attributesOf(fn).some((a) => /^#\[\s*cfg\s*\(/.test(a.text));
  return fns.length <= 4 && fns.every((fn) => cfgGated(fn) && params(fn) === params(fns[0])) ? fns : [];
}

/** One level of `?`/`.await`/`&`/parentheses/casts (see stripOne), or a block's value. */
function peel(node: Node): Node | undefined {
  if (node.type !== 'block') return stripOne(node);
  const tail = returnedExpressions(node)[0];
  return tail && tail.id !== node.id ? tail : undefined;
}

/**
 * The crate functions a call path can name: `helper()` / `tls::helper()` → free functions,
 * `Type::f()` → `f` in an `impl Type`, `Self::f()` → `f` in any impl. `KeyLogFile::new()` is
 * not the crate's only `fn new`.
 */
export function localFunctions(segs: string[], items: ItemLookup, from?: Node): Node[] {
  const name = segs.at(-1);
  if (!name) return [];
  const owner = segs.length >= 2 ? segs[segs.length - 2] : undefined;
  return items.functions(name, from).filter((fn) => {
    const implType = implTypeName(fn);
    if (owner === 'Self') return implType !== undefined;
    if (owner && /^[A-Z]/.test(owner)) return implType === owner;
    return implType === undefined;
  });
}

/** The bodies of the crate functions a call invokes (`helper(..)`, `module::helper(..)`, `x.method(..)`): none when it is not the crate's. */
export function calleeBodies(call: Node, items: ItemLookup): string[] {
  const fn = call.childForFieldName('function');
  if (!fn) return [];
  if (fn.type === 'field_expression')
    return items.functions(fn.childForFieldName('field')?.text ?? '', call).map((f) => f.text);
  return localFunctions(pathSegments(fn), items, call).map((f) => f.text);
}

const implTypeNames = new WeakMap<Tree, Map<number, string>>();

/** The type a method's `impl` is for (`TlsConfig`), memoised: asked for every `fn new` of a crate. */
export function implTypeName(fn: Node): string | undefined {
  let perTree = implTypeNames.get(fn.tree);
  if (!perTree) implTypeNames.set(fn.tree, (perTree = new Map()));
  let name = perTree.get(fn.id);
  if (name === undefined) perTree.set(fn.id, (name = computeImplTypeName(fn) ?? ''));
  return name === '' ? undefined : name;
}

function computeImplTypeName(fn: Node): string | undefined {
  const impl = fn.parent?.type === 'declaration_list' ? fn.parent.parent : undefined;
  return impl?.type === 'impl_item' ? baseTypeName(impl.childForFieldName('type')) : undefined;
}

/** A type's own name, without its path or generic arguments (`crate::tls::Config<T>` → `Config`). */
function baseTypeName(type: Node | null | undefined): string | undefined {
  const base = type?.type === 'generic_type' ? (type.childForFieldName('type') ?? type) : type;
  return base ? pathSegments(base).at(-1) : undefined;
}

/** The `impl` or `trait` a function is declared in. */
function containerOf(fn: Node): Node | undefined {
  const owner = fn.parent?.type === 'declaration_list' ? fn.parent.parent : undefined;
  return owner?.type === 'impl_item' || owner?.type === 'trait_item' ? owner : undefined;
}

/** The trait an `impl` implements (`impl DynamicDns for Spdns` → `DynamicDns`), or a trait's own name. */
function traitNameOf(container: Node): string | undefined {
  return baseTypeName(container.childForFieldName(container.type === 'trait_item' ? 'name' : 'trait'));
}

/**
 * `self.get_url()`: the crate's bodies of that method for the type `self` is. In an `impl` of a type, its
 * own methods of that name (or else its trait's default); in a trait's default method, every implementation
 * of the trait in the crate and the default itself (catalog revision 2: trait methods are helpers when the
 * receiver's type is known).
 */
function selfMethods(call: Node, method: string, items: ItemLookup): Node[] {
  let container: Node | undefined;
  for (const a of ancestors(call)) {
    if (a.type === 'impl_item' || a.type === 'trait_item') {
      container = a;
      break;
    }
  }
  if (!container) return [];
  const candidates = items.functions(method, call).filter((fn) => fn.childForFieldName('body'));
  const trait = traitNameOf(container);
  const inTrait = (fn: Node) => {
    const c = containerOf(fn);
    return !!c && !!trait && traitNameOf(c) === trait;
  };
  if (container.type === 'trait_item') return candidates.filter(inTrait);
  const typeName = baseTypeName(container.childForFieldName('type'));
  const own = candidates.filter((fn) => typeName !== undefined && implTypeName(fn) === typeName);
  return own.length > 0 ? own : candidates.filter((fn) => containerOf(fn)?.type === 'trait_item' && inTrait(fn));
}

/** Implementations followed for one `self.method()` call: a trait with many implementors is not a helper. */
const MAX_SELF_METHODS = 8;

/** `build_tls()` / `Self::build_tls()` / `tls::build()` defined in this crate: its (first) returned expression. */
function returnedValueOfLocalCall(segs: string[], items: ItemLookup, from: Node): Node | undefined {
  const candidates = localFunctions(segs, items, from);
  if (candidates.length !== 1) return undefined;
  const body = candidates[0].childForFieldName('body');
  return body ? returnedExpressions(body)[0] : undefined;
}

const originsMemo = new WeakMap<ItemLookup, Map<string, Node[]>>();

/** Every expression a value may come from: follows bindings, wrappers and all `if`/`match` arms. */
export function originsOf(expr: Node, items: ItemLookup = NO_ITEMS, depth = 0): Node[] {
  // Out of depth or budget: the value's origin is unknown, the expression itself.
  if (depth > 8 || items.budget?.spend() === false) return [expr];
  // The answer depends only on the expression and the depth left: a field stored in many places
  // and read in many others was otherwise searched once per path (exponential in the depth).
  // Only per crate: node ids are addresses, reused once a crate's trees are freed.
  if (items === NO_ITEMS) return distinctNodes(searchOrigins(expr, items, depth));
  let memo = originsMemo.get(items);
  if (!memo) originsMemo.set(items, (memo = new Map()));
  const key = `${expr.id}:${depth}`;
  const known = memo.get(key);
  if (known) return [...known];
  const origins = distinctNodes(searchOrigins(expr, items, depth));
  memo.set(key, origins);
  return [...origins];
}

/**
 * Each node once, in the order first reached. Paths that meet again repeat their origins: a field
 * stored in many places, read through fields stored in many places, gave `self.suite` of a copied
 * rustls 38,306 origins of which 28 differed (and the list grows with each copy of the crate).
 */
function distinctNodes(nodes: Node[]): Node[] {
  if (nodes.length < 2) return nodes;
  const seen = new Set<number>();
  return nodes.filter((node) => !seen.has(node.id) && seen.add(node.id) !== undefined);
}

function searchOrigins(expr: Node, items: ItemLookup, depth: number): Node[] {
  let node = expr;
  for (let guard = 0; guard < 64; guard++) {
    const inner = peel(node);
    if (!inner) break;
    node = inner;
  }
  if (node.type === 'identifier') {
    const b = findBinding(node, items);
    const element = b?.kind === 'let' && b.value ? tupleElementOf(b.node, node.text) : undefined;
    if (b?.value && element !== undefined) return tupleElementOrigins(b.value, element, items, depth);
    if (b?.value && (b.kind !== 'let-condition' || b.unwrapped)) return originsOf(b.value, items, depth + 1);
    if (b?.kind === 'param' && isCrateTrees(items)) return parameterOrigins(node, b.node, items, depth);
    return [node];
  }
  if (node.type === 'call_expression') {
    const d = describeCall(node);
    if (d.path) {
      const segs = pathSegments(d.path);
      const args = callArguments(node);
      if (args.length === 1 && isWrapper(segs)) return originsOf(args[0], items, depth + 1);
      // `static KEY_LOG: LazyLock<..> = LazyLock::new(|| ..)`: the value is what the initializer returns.
      const init =
        args.length === 1 && args[0].type === 'closure_expression' ? args[0].childForFieldName('body') : null;
      if (init && LAZY_INITIALIZERS.has(segs.slice(-2).join('::'))) return originsOf(init, items, depth + 1);
      // `let parse = |x: &str| Ok(match x { "tls10" => Protocol::Tlsv10, .. }); parse(q)?`: a local closure's returns.
      const closure = d.path.type === 'identifier' ? localClosure(d.path, items) : undefined;
      const closureBody = closure?.childForFieldName('body');
      if (closureBody) {
        const returned = closureBody.type === 'block' ? returnedExpressions(closureBody) : [closureBody];
        return returned.flatMap((r) => originsOf(r, items, depth + 1));
      }
      const fns = cfgVariants(localFunctions(segs, items, node));
      if (fns.length > 0) {
        return fns.flatMap((fn) => {
          const body = fn.childForFieldName('body');
          return body ? returnedExpressions(body).flatMap((r) => originsOf(r, items, depth + 1)) : [];
        });
      }
    }
    const methods = d.method && d.receiver?.type === 'self' ? selfMethods(node, d.method, items) : [];
    if (methods.length > 0 && methods.length <= MAX_SELF_METHODS) {
      return methods.flatMap((fn) =>
        returnedExpressions(fn.childForFieldName('body')!).flatMap((r) => originsOf(r, items, depth + 1)),
      );
    }
    if (
      d.method &&
      ['clone', 'into', 'unwrap', 'expect', 'boxed', 'to_owned', 'unwrap_or_default'].includes(d.method) &&
      d.receiver
    ) {
      return originsOf(d.receiver, items, depth + 1);
    }
    // `min.map(cvt)` with `fn cvt(p: Protocol) -> SslVersion { match p { Protocol::Tlsv10 => SslVersion::TLS1, .. } }`:
    // a variant-for-variant conversion keeps what the value means (TLS 1.0 stays TLS 1.0).
    const converter = d.method === 'map' && d.receiver ? callArguments(node)[0] : undefined;
    if (converter && d.receiver && isEnumConverter(converter, items, node))
      return originsOf(d.receiver, items, depth + 1);
    // `opt.unwrap_or(NONE)` / `.unwrap_or_else(|| NONE)` / `.or(..)`: the option's values, or the fallback.
    const fallback = d.method && FALLBACK_METHODS.has(d.method) ? fallbackValues(node) : [];
    if (d.receiver && fallback.length > 0) {
      return [...originsOf(d.receiver, items, depth + 1), ...fallback.flatMap((f) => originsOf(f, items, depth + 1))];
    }
  }
  if (node.type === 'field_expression') {
    const field = node.childForFieldName('field');
    const values = field?.type === 'field_identifier' ? storedValues(node, field.text, items) : [];
    const outside = values.filter((v) => !(node.startIndex >= v.startIndex && node.endIndex <= v.endIndex));
    // A deserialised setting's values in the code are defaults: the user's value is unknown, so the access is an origin too.
    const unknown = outside.length > 0 && items.filledFromOutside?.(node) ? [node] : [];
    if (outside.length > 0) return [...outside.flatMap((v) => originsOf(v, items, depth + 1)), ...unknown];
  }
  if (node.type === 'if_expression' || node.type === 'match_expression') {
    const wrapper = node;
    // The arms' values: a `return` inside an arm leaves the function, it is not the value here.
    return expandBranches(wrapper)
      .filter((r) => !diverges(r))
      .flatMap((r) => (r.id === node.id ? [r] : originsOf(r, items, depth + 1)));
  }
  return [node];
}

/** The closure a `let` binds to the name, when the name is one (`let parse = |x| ..;`). */
function localClosure(name: Node, items: ItemLookup): Node | undefined {
  const b = findBinding(name, items);
  const value = b?.kind === 'let' ? b.value : undefined;
  return value?.type === 'closure_expression' ? value : undefined;
}

/** An arm that gives no value: `return None`, `break`, `continue`, `panic!(..)`, `bail!(..)`. */
function diverges(arm: Node): boolean {
  if (['return_expression', 'break_expression', 'continue_expression'].includes(arm.type)) return true;
  const macro = arm.type === 'macro_invocation' ? arm.childForFieldName('macro')?.text : undefined;
  return !!macro && /^(panic|unreachable|todo|unimplemented|bail)$/.test(macro.split('::').at(-1) ?? '');
}

/** `let (certs, hosts) = ..`: the position `name` takes in the `let`'s tuple pattern (not nested). */
function tupleElementOf(letDeclaration: Node, name: string): number | undefined {
  const pattern = letDeclaration.childForFieldName('pattern');
  if (pattern?.type !== 'tuple_pattern') return undefined;
  const index = tupleElements(pattern).findIndex((p) => p.type === 'identifier' && p.text === name);
  return index >= 0 ? index : undefined;
}

/** The elements of a tuple pattern or expression, `_` included (tree-sitter leaves it unnamed), comments not. */
export function tupleElements(tuple: Node): Node[] {
  return tuple.children.filter(
    (c): c is Node => c !== null && !['(', ')', ',', 'line_comment', 'block_comment'].includes(c.type),
  );
}

/**
 * The origins of one element of a tuple value: `let (a, b) = match mode { "REQUIRED" => (true, true), .. }`
 * gives `a` the first element of each arm's tuple. An origin that is not a tuple literal stays unknown.
 */
function tupleElementOrigins(value: Node, index: number, items: ItemLookup, depth: number): Node[] {
  return originsOf(value, items, depth + 1).flatMap((origin) => {
    const element = origin.type === 'tuple_expression' ? tupleElements(origin)[index] : undefined;
    return element ? originsOf(element, items, depth + 1) : [origin];
  });
}

/**
 * Element `index` of the crate tuples a value can be (`Some((cn, id))` returned by a helper, through
 * `Some`/`Ok`, `?` and `let`s): the expressions written at that position. None for library tuples.
 */
export function tupleElementExpressions(value: Node, index: number, items: ItemLookup): Node[] {
  return originsOf(value, items).flatMap((origin) => {
    const element = origin.type === 'tuple_expression' ? tupleElements(origin)[index] : undefined;
    return element ? [element] : [];
  });
}

function isCrateTrees(items: ItemLookup): items is CrateTrees {
  return 'callsNamed' in items;
}

/**
 * A parameter's values are what its callers in the crate pass (`connect(config, ssl_mode(..))`).
 * A function callable from outside the crate (`pub`), or that nobody here calls, may also get
 * any value at run time: the parameter itself stays among the origins then.
 */
function parameterOrigins(name: Node, param: Node, crate: CrateTrees, depth: number): Node[] {
  const args = argumentsForParameter(param, crate);
  if (args.length === 0) return [name];
  const fn = param.parent?.parent;
  // `pub` in a binary (src/main.rs, src/bin/*) is callable from nowhere else: its callers are all here.
  const exported =
    !!fn && namedChildren(fn).some((c) => c.type === 'visibility_modifier') && (crate.inLibrary?.(fn) ?? true);
  return [...(exported ? [name] : []), ...args.flatMap((arg) => originsOf(arg, crate, depth + 1))];
}

/**
 * A crate function (named by a path) of one parameter whose body is a `match` on it, every arm mapping
 * one enum variant to another (or to `unreachable!()`): a conversion between two spellings of the same
 * values, such as native-tls's `Protocol` to OpenSSL's `SslVersion`.
 */
function isEnumConverter(fnName: Node, items: ItemLookup, from: Node): boolean {
  if (fnName.type !== 'identifier' && fnName.type !== 'scoped_identifier') return false;
  const fns = localFunctions(pathSegments(fnName), items, from);
  const params = fns[0]?.childForFieldName('parameters');
  const body = fns[0]?.childForFieldName('body');
  if (fns.length !== 1 || !params || !body || namedChildren(params).length !== 1) return false;
  const returned = returnedExpressions(body);
  // The body's one statement (a `match` at the end of a block parses as an expression statement).
  const only = namedChildren(body).length === 1 ? namedChildren(body)[0] : undefined;
  const match = only?.type === 'expression_statement' ? namedChildren(only)[0] : only;
  if (match?.type !== 'match_expression' || returned.length === 0) return false;
  const arms = descendantsOfType(match, 'match_arm').filter((a) => a.parent?.parent?.id === match.id);
  const isVariant = (n: Node | null) => n?.type === 'scoped_identifier';
  return (
    arms.length > 1 &&
    arms.every((arm) => {
      const pattern = arm.childForFieldName('pattern');
      const value = arm.childForFieldName('value');
      const variant = pattern ? namedChildren(pattern)[0] : undefined;
      return isVariant(variant ?? null) && (isVariant(value) || value?.type === 'macro_invocation');
    })
  );
}

/** The fallback a `unwrap_or(x)`/`unwrap_or_else(|| x)`/`map_or(x, ..)` call yields: `x`, or the closure's returns. */
function fallbackValues(call: Node): Node[] {
  const arg = callArguments(call)[0];
  if (!arg) return [];
  if (arg.type !== 'closure_expression') return [arg];
  const body = arg.childForFieldName('body');
  return body ? returnedExpressions(body) : [];
}

/**
 * Branches decide: the values an expression may take (originsOf), split by a rule's verdict.
 * `chosen` says that a value the rule does not call unsafe (a safe arm, or one read at run time)
 * is possible too: a setting picks the unsafe arm, which is reported at one level lower, at the
 * arm itself (the engine's message names its condition: "applies when `strict` does not hold").
 */
export function unsafeArms(
  expr: Node,
  items: ItemLookup,
  isUnsafe: (origin: Node) => boolean,
): { unsafe: Node[]; chosen: boolean } {
  const origins = originsOf(expr, items);
  const unsafe = origins.filter(isUnsafe);
  return { unsafe, chosen: unsafe.length > 0 && unsafe.length < origins.length };
}

/**
 * The other arms of every `if`/`match` of its function that the node runs in one arm of, nearest
 * first: what runs instead when a condition chooses differently (`match ca_path { Some(..) => mTLS,
 * None => no client auth }`). A rule asks whether one of them is the safe choice.
 */
export function otherArms(node: Node): Node[] {
  const arms: Node[] = [];
  let child: Node = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') break;
    if (a.type === 'if_expression') {
      const consequence = a.childForFieldName('consequence');
      const alternative = a.childForFieldName('alternative');
      if (consequence?.id === child.id && alternative) arms.push(alternative);
      if (alternative?.id === child.id && consequence) arms.push(consequence);
    }
    if (a.type === 'match_arm' && a.parent?.type === 'match_block')
      arms.push(...namedChildren(a.parent).filter((m) => m.type === 'match_arm' && m.id !== a.id));
    child = a;
  }
  return arms;
}

/** The value an arm of `otherArms` evaluates to: a match arm's value, a block's or an `else { .. }`'s tail. */
export function armResult(arm: Node): Node | undefined {
  const value =
    arm.type === 'match_arm'
      ? arm.childForFieldName('value')
      : arm.type === 'else_clause'
        ? namedChildren(arm)[0]
        : arm;
  return value ? tailExpression(value) : undefined;
}

/**
 * A default replaced under a condition: `let mut cfg = builder.with_no_client_auth(); if strict { cfg =
 * builder.with_client_cert_verifier(v); }`. For a node in the value of a `let mut`, the later `if`
 * arms of the same block that assign the variable again, each with the condition under which the
 * default stays (`when \`strict\` does not hold`).
 */
export function overwritingArms(node: Node): Array<{ arm: Node; condition: string }> {
  let letDecl: Node | undefined;
  for (const a of ancestors(node)) {
    if (a.type === 'let_declaration') {
      letDecl = a;
      break;
    }
    if (a.type === 'block' || a.type === 'function_item' || a.type === 'closure_expression') return [];
  }
  const value = letDecl?.childForFieldName('value');
  const name = letDecl ? boundName(letDecl) : undefined;
  const block = letDecl?.parent;
  if (!letDecl || !value || !name || block?.type !== 'block' || !letDecl.text.startsWith('let mut')) return [];
  const arms: Array<{ arm: Node; condition: string }> = [];
  for (const stmt of namedChildren(block)) {
    if (stmt.startIndex <= letDecl.startIndex) continue;
    const ifExpr = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : stmt;
    const condition = ifExpr?.type === 'if_expression' ? ifExpr.childForFieldName('condition') : null;
    const consequence = ifExpr?.childForFieldName('consequence');
    if (!condition || !consequence || condition.type === 'let_condition' || ifExpr?.childForFieldName('alternative'))
      continue;
    const assigns = descendantsOfType(consequence, 'assignment_expression').some(
      (as) => as.childForFieldName('left')?.type === 'identifier' && as.childForFieldName('left')?.text === name,
    );
    if (assigns) arms.push({ arm: consequence, condition: `when \`${shorten(condition.text)}\` does not hold` });
  }
  // Used before the first `if` replaces it (`serve(cfg.clone())`): the default applies whatever the setting.
  const firstIf = arms[0]?.arm.parent;
  const usedBefore =
    !!firstIf && usesOf({ kind: 'let', node: letDecl, value }, name).some((u) => u.startIndex < firstIf.startIndex);
  return usedBefore ? [] : arms;
}

/**
 * The arms an `if` with no `else` makes by leaving: the code after `if c { ..; return/continue }` is that
 * `if`'s `else`, both for code inside such an arm (the code after it runs instead) and for code after
 * earlier such `if`s (their arms run instead). otherArms' companion for early exits.
 */
export function leavingIfArms(node: Node): Node[] {
  return [...earlierReturningArms(node), ...codeAfterLeavingArm(node)];
}

/**
 * `if !mutual_tls { ..with_no_client_auth()..; continue; }` followed by the mTLS setup: the code after
 * an `if` (no `else`) whose arm leaves is that `if`'s `else`.
 */
function codeAfterLeavingArm(node: Node): Node[] {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return [];
    if (a.type === 'if_expression' && a.childForFieldName('consequence')?.id === child.id) {
      if (a.childForFieldName('alternative') || !endsByLeaving(child)) return [];
      const statement = a.parent?.type === 'expression_statement' ? a.parent : a;
      const block = statement.parent;
      return block?.type === 'block' ? namedChildren(block).filter((s) => s.startIndex >= statement.endIndex) : [];
    }
    child = a;
  }
  return [];
}

/**
 * `if let Some(ca) = client_ca { ..; return Ok(mtls_config) }` before the code at `node`: that code is the
 * `else` of each such `if` in the same function (an early return makes it one).
 */
export function earlierReturningArms(node: Node): Node[] {
  const arms: Node[] = [];
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') break;
    if (a.type === 'block') {
      for (const stmt of namedChildren(a)) {
        if (stmt.startIndex >= child.startIndex) break;
        const ifExpr = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : stmt;
        const consequence = ifExpr?.type === 'if_expression' ? ifExpr.childForFieldName('consequence') : null;
        if (consequence && !ifExpr?.childForFieldName('alternative') && endsByLeaving(consequence))
          arms.push(consequence);
      }
    }
    child = a;
  }
  return arms;
}

/** A block whose last statement leaves (see `diverges`: `return`, `continue`, `break`, `panic!`, ..). */
function endsByLeaving(block: Node): boolean {
  const last = namedChildren(block)
    .filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment')
    .at(-1);
  const expr = last?.type === 'expression_statement' ? namedChildren(last)[0] : last;
  return !!expr && diverges(expr);
}

/** One level lower, for a finding that applies only when a setting chooses its arm. */
export function lowerLevel(level: 'error' | 'warning' | 'note'): 'error' | 'warning' | 'note' {
  return level === 'error' ? 'warning' : 'note';
}

/** Later uses of the name a binding declares, inside the same function, that resolve to it. */
export function usesOf(binding: Binding, name: string, items: ItemLookup = NO_ITEMS): Node[] {
  const scope = ancestorsUntilFunction(binding.node);
  if (!scope) return [];
  const end = binding.node.endIndex;
  const shadowedAt = binding.kind === 'let' ? nextShadowingLet(binding.node, name) : Infinity;
  return identifiersNamed(scope, name).filter((id) => {
    if (id.text !== name || (id.startIndex < end && binding.kind !== 'param')) return false;
    if (id.startIndex >= shadowedAt) return false; // after the next `let` of the name in the same block: resolves there or nearer
    if (binding.kind === 'param' && id.startIndex < end) return false;
    // `let acceptor = acceptor.build();`: the shadowing `let`'s own name declares, it does not use.
    if (declaredByLet(id)) return false;
    const b = findBinding(id, items);
    return b?.node.id === binding.node.id;
  });
}

/** The identifier is (part of) the pattern a `let` declares. */
function declaredByLet(id: Node): boolean {
  for (let p: Node | null = id.parent, child: Node = id; p; child = p, p = p.parent) {
    if (p.type === 'let_declaration') return p.childForFieldName('pattern')?.id === child.id;
    if (!p.type.endsWith('pattern')) return false;
  }
  return false;
}

/** Where the next `let` of `name` after `letDecl` in the same block ends (Infinity if none). */
function nextShadowingLet(letDecl: Node, name: string): number {
  const block = ancestors(letDecl).next().value as Node | undefined;
  if (block?.type !== 'block') return Infinity;
  const { stmts, position, lets } = blockIndex(block);
  const index = position.get(letDecl.id);
  const next = index === undefined ? undefined : (lets.get(name) ?? []).find((i) => i > index);
  return next === undefined ? Infinity : stmts[next].endIndex;
}

/** The identifiers of a scope with a given name, in source order; indexed once per scope. */
function identifiersNamed(scope: Node, name: string): Node[] {
  let perTree = identifierIndexes.get(scope.tree);
  if (!perTree) identifierIndexes.set(scope.tree, (perTree = new Map()));
  let byName = perTree.get(scope.id);
  if (!byName) {
    byName = new Map();
    for (const id of descendantsOfType(scope, 'identifier')) {
      const list = byName.get(id.text) ?? [];
      list.push(id);
      byName.set(id.text, list);
    }
    perTree.set(scope.id, byName);
  }
  return byName.get(name) ?? [];
}

const identifierIndexes = new WeakMap<Tree, Map<number, Map<string, Node[]>>>();

function ancestorsUntilFunction(node: Node): Node | undefined {
  let last: Node | undefined;
  for (const a of ancestors(node)) {
    last = a;
    if (a.type === 'function_item' || a.type === 'closure_expression') return a;
  }
  return last;
}

/** The name bound by a simple `let x = …` / `let mut x = …`, if it is a single identifier. */
export function boundName(letDecl: Node): string | undefined {
  const pat = letDecl.childForFieldName('pattern');
  if (!pat) return undefined;
  if (pat.type === 'identifier') return pat.text;
  if (pat.type === 'mut_pattern') return namedChildren(pat).find((c) => c.type === 'identifier')?.text;
  return undefined;
}

/**
 * Where the value a field assignment writes into is bound: `config` in `config.key_log = ..` is made
 * by `let mut config = ..` (a branch around that `let` chooses whether there is a config at all).
 */
export function assignedOwnerBinding(left: Node, items: ItemLookup): Node | undefined {
  const receiver = left.type === 'field_expression' ? left.childForFieldName('value') : undefined;
  const root = receiver ? rootIdentifier(receiver) : undefined;
  return root?.type === 'identifier' ? findBinding(root, items)?.node : undefined;
}

/** The variable an expression ultimately names (`config` in `Arc::new(config.clone())`), if any. */
export function rootIdentifier(expr: Node): Node | undefined {
  let node = expr;
  for (let guard = 0; guard < 64; guard++) {
    const inner = peel(node);
    if (inner) {
      node = inner;
      continue;
    }
    if (node.type === 'identifier') return node;
    if (node.type === 'field_expression') {
      node = node.childForFieldName('value') ?? node;
      if (node.type === 'self') return undefined;
      continue;
    }
    if (node.type === 'call_expression') {
      const d = describeCall(node);
      if (d.method && d.receiver) {
        node = d.receiver;
        continue;
      }
      const args = callArguments(node);
      if (d.path && args.length === 1 && isWrapper(pathSegments(d.path))) {
        node = args[0];
        continue;
      }
    }
    return undefined;
  }
  return undefined;
}

/** What happens to a value after it is built: a method called on it, a field assigned, or a call that receives it. */
export type ValueUse = { kind: 'method'; step: ChainStep } | { kind: 'argument'; call: Node };

/**
 * Follows a value forward from `start`: the rest of its method chain, wrappers (`Arc::new`,
 * `?`, `.await`), and through `let`s and shadowing every later use of the variable it is bound
 * to. Stops where the value is handed to another call as an argument (recorded as such).
 */
export function valueUses(start: Node, items: ItemLookup = NO_ITEMS, depth = 0): ValueUse[] {
  const uses: ValueUse[] = [];
  let node = start;
  for (let guard = 0; guard < 200; guard++) {
    const parent = node.parent;
    if (!parent) break;
    if (parent.type === 'field_expression' && parent.childForFieldName('value')?.id === node.id) {
      const call = parent.parent;
      const field = parent.childForFieldName('field')?.text ?? '';
      if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === parent.id) {
        uses.push({ kind: 'method', step: { name: field, call, args: callArguments(call) } });
        node = call;
        continue;
      }
      // `config.versions = …` is recorded as a step named `versions=` whose argument is the value.
      const right =
        call?.type === 'assignment_expression' && call.childForFieldName('left')?.id === parent.id
          ? call.childForFieldName('right')
          : null;
      if (call && right) uses.push({ kind: 'method', step: { name: `${field}=`, call, args: [right] } });
      break;
    }
    if (
      ['try_expression', 'await_expression', 'parenthesized_expression', 'reference_expression'].includes(parent.type)
    ) {
      node = parent;
      continue;
    }
    // `let crypto = { let mut c = builder..; c.alpn_protocols = ..; c };`: the block's value is the value.
    if (parent.type === 'block' && tailExpression(parent)?.id === node.id) {
      node = parent;
      continue;
    }
    // `let cfg = if mtls { builder..A } else { builder..B };`: an arm's value is the `if`'s (or the `match`'s).
    const armOf = armValueOf(parent, node);
    if (armOf) {
      node = armOf;
      continue;
    }
    if (parent.type === 'arguments' && parent.parent?.type === 'call_expression') {
      const call = parent.parent;
      uses.push({ kind: 'argument', call });
      const fn = call.childForFieldName('function');
      if (fn && fn.type !== 'field_expression' && isWrapper(pathSegments(fn)) && callArguments(call).length === 1) {
        node = call;
        continue;
      }
      break;
    }
    if (parent.type === 'let_declaration' && parent.childForFieldName('value')?.id === node.id && depth < 8) {
      const name = boundName(parent);
      if (!name) break;
      const binding: Binding = { kind: 'let', node: parent, value: node };
      for (const use of usesOf(binding, name, items)) uses.push(...valueUses(use, items, depth + 1));
    }
    break;
  }
  return uses;
}

/** The `if`/`match` whose value `node` is, when `node` is one of its arms' values (a block, an `else` block, an arm's expression). */
function armValueOf(parent: Node, node: Node): Node | undefined {
  if (parent.type === 'if_expression' && parent.childForFieldName('consequence')?.id === node.id) return parent;
  if (parent.type === 'else_clause' && parent.parent?.type === 'if_expression') return parent.parent;
  if (parent.type === 'match_arm' && parent.childForFieldName('value')?.id === node.id) {
    const match = parent.parent?.parent;
    return match?.type === 'match_expression' ? match : undefined;
  }
  return undefined;
}

/** The method calls (and field assignments) applied to the value built at `start`, in order. */
export function forwardSteps(start: Node, items: ItemLookup = NO_ITEMS): ChainStep[] {
  return valueUses(start, items).flatMap((u) => (u.kind === 'method' ? [u.step] : []));
}

/** The calls that receive the value built at `start` as an argument (wrappers included). */
export function consumingCalls(start: Node, items: ItemLookup = NO_ITEMS): Node[] {
  return valueUses(start, items).flatMap((u) => (u.kind === 'argument' ? [u.call] : []));
}

/**
 * Calls of a crate function: `name(..)` / `path::name(..)` for free functions, also `.name(..)`
 * for methods. Only calls from programs that compile the function in, unless `fromEveryProgram`
 * (a question about the name's other uses, wherever they are).
 */
export function callSitesOf(fn: Node, crate: CrateTrees, options: { fromEveryProgram?: boolean } = {}): Node[] {
  const name = fn.childForFieldName('name')?.text;
  if (!name) return [];
  // Path calls (`helper()`, `Self::helper()`, `module::helper()`) for every function; method
  // calls (`x.helper()`) only for functions declared in an impl or trait.
  const isMethod = fn.parent?.type === 'declaration_list';
  const calls = crate.callsNamed(name).filter((call) => isMethod || !describeCall(call).method);
  // Another binary's call of a same-named function is not a call of this one.
  return options.fromEveryProgram || !crate.sees ? calls : calls.filter((call) => crate.sees!(call, fn));
}

/** Path calls of an associated function: `Owner::name(..)`, or `Self::name(..)` inside an impl of `Owner`. */
function associatedCallSites(fn: Node, owner: string, crate: CrateTrees): Node[] {
  // Asked for every parameter of every `new` of a crate: once per function and crate.
  let perCrate = associatedSites.get(crate);
  if (!perCrate) associatedSites.set(crate, (perCrate = new WeakMap()));
  let perTree = perCrate.get(fn.tree);
  if (!perTree) perCrate.set(fn.tree, (perTree = new Map()));
  let sites = perTree.get(fn.startIndex);
  if (!sites) perTree.set(fn.startIndex, (sites = findAssociatedCallSites(fn, owner, crate)));
  return sites;
}
const associatedSites = new WeakMap<CrateTrees, WeakMap<Tree, Map<number, Node[]>>>();

function findAssociatedCallSites(fn: Node, owner: string, crate: CrateTrees): Node[] {
  const name = fn.childForFieldName('name')?.text ?? '';
  return crate.callsNamed(name).filter((call) => {
    const callee = call.childForFieldName('function');
    if (!callee || describeCall(call).method) return false;
    const segs = pathSegments(callee);
    const qualifier = segs.at(-2);
    if (qualifier === owner) return true;
    if (qualifier !== 'Self') return false;
    const impl = enclosing(call, ['function_item']);
    return impl !== undefined && implTypeName(impl) === owner;
  });
}

/** Callee names too common to follow to their call sites by name (`new`, `build`, trait methods). */
const COMMON_CALLEES = /^(new|build|default|from|into|get|run|main|handle|call|fmt)$/;

/** Call sites followed for one parameter: enough for helpers, bounded for hot utility functions. */
const MAX_PARAMETER_SITES = 12;

/**
 * What the crate passes for a function parameter: the argument at its position in each call of
 * the function (a method call's receiver is not an argument; `Type::f(recv, ..)` passes `self`
 * first). Empty for closures, common or overloaded names, and functions nobody in the crate calls.
 */
export function argumentsForParameter(param: Node, crate: CrateTrees): Node[] {
  const fn = param.parent?.parent;
  if (fn?.type !== 'function_item' || !param.parent) return [];
  const name = fn.childForFieldName('name')?.text ?? '';
  // One function of that name, or `#[cfg(..)]` variants of one (the same parameters): the same callers.
  const signature = (f: Node) => f.childForFieldName('parameters')?.text;
  const namesakes = crate.functions(name);
  const hasSelf = namedChildren(param.parent).some((p) => p.type === 'self_parameter');
  const byName = !COMMON_CALLEES.test(name) && namesakes.every((f) => signature(f) === signature(fn));
  // `Type::new(..)` names its function even when every type has a `new`.
  const owner = hasSelf ? undefined : implTypeName(fn);
  if (!byName && !owner) return [];
  const params = namedChildren(param.parent).filter((p) => p.type === 'parameter');
  const index = params.findIndex((p) => p.id === param.id);
  if (index < 0) return [];
  const sites = byName ? callSitesOf(fn, crate, { fromEveryProgram: true }) : associatedCallSites(fn, owner!, crate);
  const args: Node[] = [];
  for (const call of sites.slice(0, MAX_PARAMETER_SITES)) {
    const arg = callArguments(call)[describeCall(call).method || !hasSelf ? index : index + 1];
    if (arg) args.push(arg);
  }
  return args;
}

/**
 * valueUses, continued at the call sites of the enclosing function when the value is what it
 * returns: `fn tls_builder() -> ConfigBuilder<..> { ServerConfig::builder() }` and later
 * `tls_builder().with_protocol_versions(..)` in a caller.
 */
export function valueUsesThroughReturns(start: Node, items: CrateTrees, depth = 0): ValueUse[] {
  const uses = valueUses(start, items);
  if (depth >= 2) return uses;
  let fn: Node | undefined;
  for (const a of ancestors(start)) {
    if (a.type === 'closure_expression') return uses;
    if (a.type === 'function_item') {
      fn = a;
      break;
    }
  }
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return uses;
  const returnsIt = returnedExpressions(body).some((r) => chainOf(r, items).root.id === start.id);
  const name = fn.childForFieldName('name')?.text ?? '';
  // Common names (`new`, `build`) and overloaded ones would pull in unrelated call sites.
  if (
    !returnsIt ||
    items.functions(name, fn).length !== 1 ||
    /^(new|build|default|from|into|clone|get|init|config)$/.test(name)
  )
    return uses;
  for (const site of callSitesOf(fn, items)) uses.push(...valueUsesThroughReturns(site, items, depth + 1));
  return uses;
}

/** A choice between branches: which conditions make it, and what else a chosen branch may do that disqualifies it. */
export interface ChosenBranch {
  /** The condition of an `if`, or a `match`'s scrutinee or its arms' patterns (as text), makes the choice. */
  decides(condition: string): boolean;
  /** The branch (an `if`'s arm, a `match` arm) also does what the choice is about, around `call`. */
  alsoDoes(branch: Node, call: Node): boolean;
  /** Another branch does the alternative (serves TLS): then any condition makes the choice. */
  alternative?(branch: Node): boolean;
}

/**
 * Whether `call` runs only in a branch of such a choice: inside the nearest deciding `if` or
 * `match` around it, or — in a function whose every call (two levels up) is in such a branch.
 * `main` is never "only called from" anywhere.
 */
export function runsOnlyInChosenBranch(call: Node, crate: CrateTrees, choice: ChosenBranch, depth = 0): boolean {
  // `if cfg.tls.enabled { serve TLS; return } serve plain`: what follows an arm that leaves runs
  // only when its condition does not hold.
  for (const arm of earlierReturningArms(call)) {
    const condition = arm.parent?.childForFieldName('condition');
    if (condition && (choice.decides(condition.text) || !!choice.alternative?.(arm))) return true;
  }
  let child: Node = call;
  let arm: Node | undefined;
  for (const a of ancestors(call)) {
    if (a.type === 'match_arm') arm = a;
    if (a.type === 'if_expression') {
      const cond = a.childForFieldName('condition');
      const consequence = a.childForFieldName('consequence');
      const other = child.id === consequence?.id ? a.childForFieldName('alternative') : consequence;
      const chooses = !!cond && (choice.decides(cond.text) || (!!other && !!choice.alternative?.(other)));
      if (cond && child.id !== cond.id && chooses) return !choice.alsoDoes(child, call);
    } else if (a.type === 'match_expression' && arm) {
      const value = a.childForFieldName('value');
      const arms = descendantsOfType(a, 'match_arm').filter((m) => m.parent?.parent?.id === a.id);
      const patterns = arms.map((m) => m.childForFieldName('pattern')?.text ?? '').join(' ');
      if (value && child.id !== value.id && (choice.decides(value.text) || choice.decides(patterns)))
        return !choice.alsoDoes(arm, call);
    } else if (a.type === 'function_item') {
      return depth < 2 && calledOnlyInChosenBranches(a, crate, choice, depth);
    }
    child = a;
  }
  return false;
}

function calledOnlyInChosenBranches(fn: Node, crate: CrateTrees, choice: ChosenBranch, depth: number): boolean {
  const name = fn.childForFieldName('name')?.text;
  if (!name || name === 'main') return false;
  // A trait method (`impl Accept for Sniffing { fn accept .. }`) is called through the trait, by a
  // framework as often as by the crate: same-named calls elsewhere say nothing about when it runs.
  const impl = fn.parent?.type === 'declaration_list' ? fn.parent.parent : undefined;
  if (impl?.type === 'impl_item' && impl.childForFieldName('trait')) return false;
  // Every call of the name, method calls and other programs' included: one call outside a chosen
  // branch is enough for the function to run unchosen (over-counting only keeps findings).
  const sites = crate
    .callsNamed(name)
    .filter((c) => !(c.startIndex >= fn.startIndex && c.endIndex <= fn.endIndex && c.tree === fn.tree));
  return sites.length > 0 && sites.every((site) => runsOnlyInChosenBranch(site, crate, choice, depth + 1));
}
