// The one source-to-sink value tracker. A rule states what its values are (a `ValueDomain`: the
// sources that create them, what methods and functions do to them, how two of them compare) and
// where they must not end up (its sinks); the tracker does the walking between the two, backwards
// from the sink: through `let`s and destructuring patterns, `if`/`match` arms, blocks, struct
// literals and fields, format macros, closures (their parameters see the receiver's elements),
// crate helpers (their returns, with the call's arguments bound to the parameters), and the callers
// of a function whose parameter is asked about. `findSourcesIn` is the other direction of the same
// walk for sinks that are whole expressions (an HTTP response): the places inside them, and inside
// the locals they read, where a rule's source is turned into something the sink sends.
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import {
  argumentsForParameter,
  findBinding,
  localFunctions,
  patternBinds,
  tupleElementExpressions,
  tupleElements,
  type Binding,
} from './flow.js';
import {
  FORMAT_MACROS,
  findBindingAcrossMacros,
  formatCaptures,
  isReparsed,
  macroArguments,
  macroName,
  withParsedArguments,
} from './macros.js';
import {
  ancestors,
  callArguments,
  describeCall,
  namedChildren,
  pathSegments,
  returnedExpressions,
  tailExpression,
} from './syntax.js';

/** The tracker's question about a sub-expression, for a hook that needs its value (at the depth it was given). */
export type Track<V> = (expr: Node, depth: number) => V | undefined;

/** What a rule's values are and how code changes them. */
export interface ValueDomain<V> {
  /** The more revealing of two values; on a tie the first. */
  stronger(a: V | undefined, b: V | undefined): V | undefined;
  /** One element of a sequence value (`chain[0]`, a `for` variable); undefined when it is not a sequence. */
  element(value: V): V | undefined;
  /** A sequence of such values (`.iter().map(|c| ..)` over a sequence). */
  sequenceOf(value: V): V;
  /** `value[a..b]`. */
  slice(value: V): V | undefined;
  /** `expr.field` where `expr` holds `value`. */
  field(value: V, field: string): V | undefined;
  /** Whether a field read whose receiver holds nothing known is followed to what the crate stores in it. */
  followsStoredField(field: string): boolean;
  /** A method call decided before its receiver is tracked (a source such as `peer_certificates()`); undefined: not decided. */
  methodCall?(method: string, receiver: Node | undefined, args: Node[], depth: number, track: Track<V>): Decided<V>;
  /** What a method does to its receiver's value. */
  method(value: V, method: string, receiver: Node): V | undefined;
  /** A path call decided by the domain (wrappers, parsers); undefined: the crate's helpers are followed. */
  pathCall?(segs: string[], args: Node[], depth: number, track: Track<V>): Decided<V>;
  /** Whether a function given to a mapping method (`.map(hex::encode)`) keeps the value it maps. */
  keepsValue(segs: string[]): boolean;
  /** A function parameter known from the function's signature alone; undefined: its callers decide. */
  parameter?(fn: Node, param: Node, index: number): V | undefined;
  /** Whether the second element of a pair built by this expression is the value (`(rest, cert)`, `(i, cert)`). */
  pairHoldsSecond(text: string): boolean;
  /** A value of a library type known to carry the domain's data (`extensions().get::<TlsConnectInfo<_>>()`). */
  typedValue?(typeName: string): V | undefined;
  /** A macro argument that does not parse as an expression, read as text. */
  unparsedArgument?(text: string): V | undefined;
}

/** A hook's verdict: `{ value }` decides (possibly nothing), undefined leaves it to the tracker. */
export type Decided<V> = { value: V | undefined } | undefined;

/**
 * Methods that put a value into a collection: one element (`push`, `insert`'s last argument) or a
 * sequence's elements; a hasher's `update` absorbs what it is given the same way.
 */
const COLLECTION_FILLERS: ReadonlyArray<[string, 'element' | 'sequence']> = [
  ['push', 'element'],
  ['push_back', 'element'],
  ['push_front', 'element'],
  ['insert', 'element'],
  ['extend', 'sequence'],
  ['extend_from_slice', 'sequence'],
  ['append', 'sequence'],
  ['update', 'sequence'],
];

/** Closure-taking methods whose result is what the closure returns. */
const MAPPING_METHODS = new Set([
  'map',
  'and_then',
  'filter_map',
  'flat_map',
  'find_map',
  'map_or',
  'map_or_else',
  'then',
]);
/** Closure-taking methods of `Result`/`Option` whose closure sees the error (or nothing), never the value. */
const ERROR_CLOSURE_METHODS = new Set(['map_err', 'or_else', 'unwrap_or_else', 'ok_or_else', 'inspect_err']);
/** Closure-taking methods whose closure sees elements of the receiver. */
const ITERATOR_ONLY_METHODS = new Set([
  'for_each',
  'any',
  'all',
  'position',
  'fold',
  'filter_map',
  'flat_map',
  'find_map',
  'try_for_each',
  'skip_while',
  'take_while',
  'inspect',
]);
/** Methods that produce iterators: a closure given to the next call sees elements. */
const ITERATOR_PRODUCERS = new Set([
  'iter',
  'into_iter',
  'iter_mut',
  'enumerate',
  'skip',
  'take',
  'rev',
  'filter',
  'map',
  'cloned',
  'copied',
  'chain',
  'zip',
  'peekable',
  'skip_while',
  'take_while',
  'step_by',
  'filter_map',
  'flat_map',
]);
/** Extractor wrappers whose single field is the extracted value (axum, actix). */
const EXTRACTORS = new Set(['Extension', 'ConnectInfo', 'State', 'Data', 'ReqData']);
/** Helper names too common to follow: a call of `new` could be of anything. */
const COMMON_HELPERS = /^(new|build|default|from|into|clone|get|init|to_string|fmt)$/;
const MAX_DEPTH = 12;
const MAX_STEPS = 20_000;
/** How many stored field values and newtype constructions one question follows. */
const MAX_STORED_VALUES = 8;

/**
 * The position `name` has in a tuple pattern, through `Some(..)`/`Ok(..)`, `mut` and `ref`
 * (`(cn, id)`, `Some((cn, _))`): undefined when the pattern is not a tuple or binds it deeper.
 */
function tuplePosition(pattern: Node | null | undefined, name: string): number | undefined {
  let p = pattern;
  for (let guard = 0; p && guard < 8; guard++) {
    if (['match_pattern', 'mut_pattern', 'reference_pattern', 'ref_pattern'].includes(p.type)) {
      p = namedChildren(p).find((c) => c.type !== 'mutable_specifier') ?? null;
    } else if (p.type === 'tuple_struct_pattern') {
      const type = p.childForFieldName('type');
      if (!type || !['Some', 'Ok'].includes(pathSegments(type).at(-1) ?? '')) return undefined;
      p = namedChildren(p).find((c) => c.id !== type.id) ?? null;
    } else if (p.type === 'tuple_pattern') {
      const items = patternItems(p);
      const index = items.findIndex((c) => c.type === 'identifier' && c.text === name);
      // After `..` positions count from the end: not followed.
      if (items.slice(0, Math.max(index, 0)).some((c) => c.type === 'remaining_field_pattern')) return undefined;
      return index < 0 ? undefined : index;
    } else return undefined;
  }
  return undefined;
}

/**
 * Tracks a domain's values backwards to their sources. One tracker per file being visited: its
 * memo holds answers computed outside any helper-call context, and each sink question
 * (`strongestArgument`) gets a fresh step budget.
 */
export class ValueTracker<V> {
  private readonly visiting = new Set<number>();
  /** Work done for the current sink question: the search gives up past MAX_STEPS. */
  private steps = 0;
  /** Results for nodes of the file trees, computed outside any helper-call context. */
  private readonly memo = new Map<number, V | null>();
  /** Parameters of crate helpers bound to the arguments of the call being followed. */
  private readonly env = new Map<number, V | null>();
  private readonly track: Track<V> = (expr, depth) => this.valueOf(expr, depth);

  constructor(
    readonly crate: CrateModel,
    private readonly domain: ValueDomain<V>,
  ) {}

  /** The strongest value a macro's arguments and format captures carry, and the argument's text. */
  strongestArgument(macro: Node): { value: V; text: string } | undefined {
    this.steps = 0;
    let best: { value: V; text: string } | undefined;
    const consider = (value: V | undefined, text: string) => {
      if (value && (!best || this.domain.stronger(best.value, value) !== best.value)) best = { value, text };
    };
    const unparsed = new Set(
      macroArguments(macro)
        .filter((a) => !a.directive && !a.isString)
        .map((a) => a.text),
    );
    withParsedArguments(macro, (args) => {
      for (const { arg, expr } of args) {
        unparsed.delete(arg.text);
        consider(this.valueOf(expr, 0), arg.text);
      }
    });
    for (const name of new Set(capturesOf(macro))) consider(this.valueOfName(name, macro, 0), `{${name}}`);
    // Arguments that do not parse as expressions: the domain may still read their text.
    for (const text of unparsed) consider(this.domain.unparsedArgument?.(text), text);
    return best;
  }

  /** The value an expression holds, or undefined when it holds none of the domain's. */
  valueOf(expr: Node, depth: number): V | undefined {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return undefined;
    if (isReparsed(expr)) return this.compute(expr, depth);
    const key = expr.id;
    const cacheable = this.env.size === 0;
    if (cacheable && this.memo.has(key)) return this.memo.get(key) ?? undefined;
    if (this.visiting.has(key)) return undefined;
    this.visiting.add(key);
    try {
      const value = this.compute(expr, depth);
      if (cacheable && this.visiting.size === 1) this.memo.set(key, value ?? null);
      return value;
    } finally {
      this.visiting.delete(key);
    }
  }

  /** The value of a variable named at `at` (in a macro's tokens or a format string too). */
  valueOfName(name: string, at: Node, depth: number): V | undefined {
    const binding = findBindingAcrossMacros(name, at, this.crate);
    return binding ? this.bindingValue(binding, name, depth + 1) : undefined;
  }

  private compute(node: Node, depth: number): V | undefined {
    switch (node.type) {
      case 'parenthesized_expression':
      case 'try_expression':
      case 'await_expression':
        return this.first(node, depth);
      case 'reference_expression':
        return this.valueOf(node.childForFieldName('value') ?? namedChildren(node).at(-1) ?? node, depth);
      case 'unary_expression':
        return node.text.startsWith('*') ? this.first(node, depth) : undefined;
      case 'type_cast_expression': {
        const v = node.childForFieldName('value');
        return v ? this.valueOf(v, depth) : undefined;
      }
      case 'block': {
        const tail = tailExpression(node);
        return tail && tail.id !== node.id ? this.valueOf(tail, depth) : undefined;
      }
      case 'identifier':
        return this.valueOfName(node.text, node, depth);
      case 'index_expression': {
        const recv = namedChildren(node)[0];
        const index = namedChildren(node)[1];
        const v = recv ? this.valueOf(recv, depth) : undefined;
        if (!v) return undefined;
        return index?.type === 'range_expression' ? this.domain.slice(v) : this.domain.element(v);
      }
      case 'field_expression':
        return this.fieldValue(node, depth);
      case 'struct_expression':
        return this.structValue(node, depth);
      case 'call_expression':
        return this.callValue(node, depth);
      case 'macro_invocation':
        return this.macroValue(node, depth);
      case 'if_expression':
      case 'match_expression':
        return returnedExpressions(node).reduce<V | undefined>(
          (acc, r) => this.domain.stronger(acc, r.id === node.id ? undefined : this.valueOf(r, depth)),
          undefined,
        );
      default:
        return undefined;
    }
  }

  /**
   * A struct literal holds the strongest of its fields: logged or sent whole, its derived `Debug`
   * writes every field. A single field read (`info.addr`) is judged by fieldValue.
   */
  private structValue(node: Node, depth: number): V | undefined {
    let best: V | undefined;
    for (const init of namedChildren(node.childForFieldName('body') ?? node)) {
      const value =
        init.type === 'field_initializer'
          ? init.childForFieldName('value')
          : init.type === 'shorthand_field_initializer'
            ? namedChildren(init)[0]
            : undefined;
      if (value) best = this.domain.stronger(best, this.valueOf(value, depth + 1));
    }
    return best;
  }

  private first(node: Node, depth: number): V | undefined {
    const inner = namedChildren(node)
      .filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment')
      .at(node.type === 'unary_expression' ? -1 : 0);
    return inner ? this.valueOf(inner, depth) : undefined;
  }

  /** Element `index` of the tuples the crate builds for `value` (see tupleElementExpressions). */
  private tupleElementValue(value: Node, index: number, depth: number): V | undefined {
    let best: V | undefined;
    for (const element of tupleElementExpressions(value, index, this.crate).slice(0, MAX_STORED_VALUES))
      best = this.domain.stronger(best, this.valueOf(element, depth + 1));
    return best;
  }

  private fieldValue(node: Node, depth: number): V | undefined {
    const recv = node.childForFieldName('value');
    const field = node.childForFieldName('field')?.text ?? '';
    // `pair.0` of a tuple the crate built (the receiver may sit in a macro's re-parsed arguments:
    // its binding is looked up across macros, its value searched in the file's own tree).
    if (recv && /^\d+$/.test(field)) {
      const bound = recv.type === 'identifier' ? findBindingAcrossMacros(recv.text, recv, this.crate) : undefined;
      const tuple =
        bound?.kind === 'let' && bound.value && bound.node.childForFieldName('pattern')?.text === recv.text
          ? bound.value
          : recv;
      const element = this.tupleElementValue(tuple, Number(field), depth);
      if (element) return element;
    }
    const v = recv && recv.type !== 'self' ? this.valueOf(recv, depth) : undefined;
    const read = v ? this.domain.field(v, field) : undefined;
    if (read) return read;
    // `self.client_cert` / `state.peer_chain`: what the crate stores in that field. Also when the
    // receiver holds a struct literal, whose value is only the strongest of its fields.
    if (!this.domain.followsStoredField(field)) return undefined;
    let best: V | undefined;
    for (const value of this.crate.fieldValues(field, node).slice(0, MAX_STORED_VALUES)) {
      if (node.startIndex >= value.startIndex && node.endIndex <= value.endIndex && node.tree === value.tree) continue;
      best = this.domain.stronger(best, this.valueOf(value, depth + 1));
    }
    return best;
  }

  private callValue(call: Node, depth: number): V | undefined {
    const typed = this.turbofishValue(call);
    if (typed) return typed;
    const { method, receiver, path } = describeCall(call);
    const args = callArguments(call);
    if (method) {
      const decided = this.domain.methodCall?.(method, receiver, args, depth, this.track);
      if (decided) return decided.value;
      const recv = receiver ? this.valueOf(receiver, depth) : undefined;
      if (!recv) return this.helperValue([method], args, depth, true);
      const closure = args.find((a) => a.type === 'closure_expression');
      if (closure && MAPPING_METHODS.has(method)) {
        const body = closure.childForFieldName('body');
        const mapped = body ? this.valueOf(body, depth) : undefined;
        if (!mapped) return undefined;
        return isIteratorContext(receiver!, method) ? this.domain.sequenceOf(mapped) : mapped;
      }
      if (
        MAPPING_METHODS.has(method) &&
        args.length === 1 &&
        (args[0].type === 'identifier' || args[0].type === 'scoped_identifier')
      ) {
        // `.map(hex::encode)`: a function that keeps the value, or one that summarises it.
        if (this.domain.keepsValue(pathSegments(args[0]))) return recv;
        // `.and_then(<[_]>::first)`, `.map(Vec::first)`: a method of the value, named as a path.
        const named = /::([a-z_]\w*)$/.exec(args[0].text);
        if (!named) return undefined;
        // Over an iterator the method applies to each element (`.iter().map(X509Ref::to_der)`), as a closure would.
        if (isIteratorContext(receiver!, method)) {
          const element = this.domain.element(recv);
          const mapped = element ? this.domain.method(element, named[1], receiver!) : undefined;
          return mapped ? this.domain.sequenceOf(mapped) : undefined;
        }
        return this.domain.method(recv, named[1], receiver!);
      }
      // A method the domain does not know may be the crate's own (`info.fingerprint_hex()`): its returns.
      return this.domain.method(recv, method, receiver!) ?? this.helperValue([method], args, depth, true);
    }
    if (!path) return undefined;
    const segs = pathSegments(path);
    const decided = this.domain.pathCall?.(segs, args, depth, this.track);
    if (decided) return decided.value;
    return this.helperValue(segs, args, depth, false);
  }

  /** `x.get::<TlsConnectInfo<_>>()`: a call whose type argument names a type the domain knows. */
  private turbofishValue(call: Node): V | undefined {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'generic_function' || !this.domain.typedValue) return undefined;
    const type = namedChildren(fn.childForFieldName('type_arguments') ?? fn).find((t) => t.type.endsWith('type'));
    const base = type?.type === 'generic_type' ? type.childForFieldName('type') : type;
    const name = base?.text.split('::').at(-1);
    return name ? this.domain.typedValue(name) : undefined;
  }

  /** A helper of this crate (`peer_subject(&conn)`, `self.client_dn()`): what it returns, its parameters bound to the arguments. */
  private helperValue(segs: string[], args: Node[], depth: number, isMethod: boolean): V | undefined {
    const name = segs.at(-1) ?? '';
    const fns = isMethod ? this.crate.functions(name) : localFunctions(segs, this.crate);
    // `Type::new(..)` of a crate type names one function, however common its name; followed only near
    // the sink (deeper, a crate's many constructors cost more than they find: rustls 1.7 s → 4 s).
    const typed = !isMethod && depth <= 2 && /^[A-Z]/.test(segs.at(-2) ?? '') && segs.at(-2) !== 'Self';
    if (fns.length !== 1 || (COMMON_HELPERS.test(name) && !typed)) return undefined;
    const fn = fns[0];
    const body = fn.childForFieldName('body');
    const list = fn.childForFieldName('parameters');
    const params = list ? namedChildren(list).filter((p) => p.type === 'parameter') : [];
    const hasSelf = list ? namedChildren(list).some((p) => p.type === 'self_parameter') : false;
    const offset = !isMethod && hasSelf ? 1 : 0; // `Type::method(recv, a)`
    const saved = params.map((p) => [p.id, this.env.get(p.id)] as const);
    params.forEach((p, i) => {
      const arg = args[i + offset];
      this.env.set(p.id, arg ? (this.valueOf(arg, depth) ?? null) : null);
    });
    // `Type::new(..)` is followed for what its arguments carry into it (a crate has many constructors).
    const carried = params.some((p) => this.env.get(p.id));
    try {
      if (COMMON_HELPERS.test(name) && !carried) return undefined;
      let best: V | undefined;
      for (const r of body ? returnedExpressions(body) : [])
        best = this.domain.stronger(best, this.valueOf(r, depth + 1));
      return best;
    } finally {
      for (const [id, v] of saved) {
        if (v === undefined) this.env.delete(id);
        else this.env.set(id, v);
      }
    }
  }

  /** `format!(..)` / `vec![..]`: the strongest of the arguments and captures. */
  private macroValue(macro: Node, depth: number): V | undefined {
    if (!FORMAT_MACROS.has(macroName(macro)) && macroName(macro) !== 'vec') return undefined;
    let best: V | undefined;
    withParsedArguments(macro, (args) => {
      for (const { expr } of args) best = this.domain.stronger(best, this.valueOf(expr, depth));
    });
    for (const name of new Set(capturesOf(macro)))
      best = this.domain.stronger(best, this.valueOfName(name, macro, depth));
    return best;
  }

  private bindingValue(b: Binding, name: string, depth: number): V | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (b.kind === 'static') return undefined;
    if (b.kind === 'param') return this.paramValue(b.node, name, depth);
    const value = b.value;
    if (!value) return undefined;
    if (b.node.type === 'for_expression') {
      const v = this.valueOf(value, depth);
      const element = v ? this.domain.element(v) : undefined;
      if (!element) return undefined;
      return this.throughPattern(b.node.childForFieldName('pattern'), name, element, value);
    }
    const pattern = b.node.childForFieldName('pattern');
    // `let (cn, id) = authenticate(..)?` / `let Some((cn, _)) = .. else`: the element of the crate's tuple.
    const position = tuplePosition(pattern, name);
    if (position !== undefined) {
      const element = this.tupleElementValue(value, position, depth);
      if (element) return element;
    }
    const v = this.valueOf(value, depth);
    const initial = v ? this.throughPattern(pattern, name, v, value) : undefined;
    return this.domain.stronger(initial, this.filledValue(b, name, depth));
  }

  /**
   * `let mut chain = Vec::new();` then `chain.push(cert.clone())` in a loop or a closure: a
   * collection holds what the code puts into it after its `let`, not only its initial value.
   */
  private filledValue(b: Binding, name: string, depth: number): V | undefined {
    const scope = b.node.parent;
    if (b.kind !== 'let' || !scope || b.node.childForFieldName('pattern')?.text !== name) return undefined;
    if (!namedChildren(b.node).some((c) => c.type === 'mutable_specifier')) return undefined;
    let best: V | undefined;
    for (const [method, puts] of COLLECTION_FILLERS) {
      for (const call of this.crate.callsNamed(method)) {
        if (call.tree !== b.node.tree || call.startIndex < b.node.endIndex || call.endIndex > scope.endIndex) continue;
        const receiver = describeCall(call).receiver;
        if (receiver?.type !== 'identifier' || receiver.text !== name) continue;
        if (findBinding(receiver, this.crate)?.node.id !== b.node.id) continue;
        const arg = callArguments(call).at(-1);
        const v = arg ? this.valueOf(arg, depth + 1) : undefined;
        if (v) best = this.domain.stronger(best, puts === 'element' ? this.domain.sequenceOf(v) : v);
      }
    }
    return best;
  }

  /** Where `name` sits in a destructuring pattern: `(_, leaf)` of a parse, `[leaf, ..]` of a chain, `Some(x)`. */
  private throughPattern(pattern: Node | null | undefined, name: string, v: V, value: Node): V | undefined {
    let p = pattern;
    for (let guard = 0; p && guard < 8; guard++) {
      if (
        p.type === 'match_pattern' ||
        p.type === 'mut_pattern' ||
        p.type === 'reference_pattern' ||
        p.type === 'ref_pattern'
      ) {
        p = namedChildren(p).find((c) => c.type !== 'mutable_specifier') ?? null;
        continue;
      }
      if (p.type === 'identifier') return v;
      if (p.type === 'tuple_struct_pattern') {
        // `Some(x)`, `Ok(x)`: the inner value.
        const type = p.childForFieldName('type');
        if (!type || !['Some', 'Ok'].includes(pathSegments(type).at(-1) ?? '')) return undefined;
        p =
          namedChildren(p)
            .filter((c) => c.id !== type.id)
            .find((c) => patternBinds(c, name)) ?? null;
        continue;
      }
      if (p.type === 'tuple_pattern') {
        const items = patternItems(p);
        const index = items.findIndex((c) => patternBinds(c, name));
        if (index < 0) return undefined;
        // Pairs (`parse(..)?` → `(rest, cert)`, `.enumerate()`): only the second is the value.
        if (index !== 1 || items.length !== 2 || !this.domain.pairHoldsSecond(value.text)) return undefined;
        p = items[1];
        continue;
      }
      if (p.type === 'slice_pattern') {
        const element = this.domain.element(v);
        if (!element) return undefined;
        const item = namedChildren(p).find((c) => patternBinds(c, name));
        if (!item || item.type === 'remaining_field_pattern') return undefined;
        return element;
      }
      return undefined;
    }
    return undefined;
  }

  /** A parameter: closure parameters see their receiver's value; function parameters their callers' arguments. */
  private paramValue(param: Node, name: string, depth: number): V | undefined {
    const owner = param.parent?.parent;
    if (!owner) return undefined;
    const pattern = param.type === 'parameter' ? param.childForFieldName('pattern') : param;
    if (owner.type === 'closure_expression') return this.closureParamValue(owner, pattern, name, depth);
    if (owner.type !== 'function_item' || isReparsed(owner)) return undefined;
    if (this.env.has(param.id)) return this.env.get(param.id) ?? undefined;
    const params = namedChildren(param.parent!).filter((p) => p.type === 'parameter');
    const index = params.findIndex((p) => p.id === param.id);
    const known = index >= 0 ? this.domain.parameter?.(owner, param, index) : undefined;
    if (known) return known;
    if (index >= 0 && pattern?.type === 'tuple_struct_pattern') return this.newtypeValue(pattern, name, depth);
    if (index < 0 || pattern?.type !== 'identifier') return undefined;
    let best: V | undefined;
    for (const arg of argumentsForParameter(param, this.crate))
      best = this.domain.stronger(best, this.valueOf(arg, depth + 1));
    return best;
  }

  /**
   * A handler parameter destructuring a crate newtype, possibly inside an extractor:
   * `Extension(ClientCert(cert))` holds what the crate passes to `ClientCert(..)` elsewhere.
   */
  private newtypeValue(pattern: Node, name: string, depth: number): V | undefined {
    let p: Node | undefined = pattern;
    for (let guard = 0; p?.type === 'tuple_struct_pattern' && guard < 4; guard++) {
      const typeNode: Node = p.childForFieldName('type') ?? p;
      const type = pathSegments(typeNode).at(-1) ?? '';
      const items: Node[] = patternItems(p).filter((c: Node) => c.id !== typeNode.id);
      const index = items.findIndex((c) => patternBinds(c, name));
      if (index < 0) return undefined;
      if (EXTRACTORS.has(type)) {
        p = items[index];
        continue;
      }
      if (items[index].type !== 'identifier') return undefined;
      let best: V | undefined;
      for (const value of this.crate.fieldValues(`${type}.${index}`).slice(0, MAX_STORED_VALUES))
        best = this.domain.stronger(best, this.valueOf(value, depth + 1));
      return best;
    }
    return undefined;
  }

  /** `conn.peer_certificates().map(|chain| ..)`, `chain.iter().for_each(|cert| ..)`, `.enumerate().map(|(i, cert)| ..)`. */
  private closureParamValue(
    closure: Node,
    pattern: Node | null | undefined,
    name: string,
    depth: number,
  ): V | undefined {
    const call = closure.parent?.type === 'arguments' ? closure.parent.parent : undefined;
    if (!call || call.type !== 'call_expression') return undefined;
    const { method, receiver } = describeCall(call);
    if (!method || !receiver) return undefined;
    // `.map_err(|e| ..)`, `.unwrap_or_else(|e| ..)`: the closure sees the error, not the value.
    if (ERROR_CLOSURE_METHODS.has(method)) return undefined;
    if (method === 'map_or_else' && callArguments(call)[0]?.id === closure.id) return undefined;
    const recv = this.valueOf(receiver, depth);
    if (!recv) return undefined;
    let seen: V | undefined = recv;
    if (isIteratorContext(receiver, method)) seen = this.domain.element(recv);
    if (!seen) return undefined;
    let p = pattern;
    while (p && (p.type === 'reference_pattern' || p.type === 'mut_pattern' || p.type === 'ref_pattern'))
      p = namedChildren(p)[0];
    if (p?.type === 'identifier') return seen;
    if (p?.type === 'tuple_pattern' && this.domain.pairHoldsSecond(receiver.text.replace(/\s+/g, ''))) {
      const items = patternItems(p);
      return items.length === 2 && patternBinds(items[1], name) ? seen : undefined;
    }
    return undefined;
  }
}

/**
 * The sources a sink expression sends (an HTTP response's parts): `sourceAt` names the places that
 * turn a source into what the sink sends (`e.to_string()`, `format!("{e}")`), or undefined where the
 * walk looks inside. Closures are not entered (their body runs later, elsewhere); a local the sink
 * reads is followed to its `let` — `let msg = format!(..)`, and `let (status, message) = match .. {
 * .. => (.., text) }`, where each arm's tuple element at the local's position counts.
 */
export function findInSink<F>(
  expr: Node,
  crate: CrateModel,
  sourceAt: (node: Node) => F[] | undefined,
  depth = 0,
): F[] {
  if (depth > 3) return [];
  const out: F[] = [];
  const seen = new Set<number>();
  const visit = (node: Node) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    const found = sourceAt(node);
    if (found) {
      out.push(...found);
      return;
    }
    if (node.type === 'closure_expression') return;
    if (node.type === 'identifier' && isValueUse(node)) {
      out.push(...localInSink(node, crate, sourceAt, depth));
      return;
    }
    for (const c of namedChildren(node)) visit(c);
  };
  visit(expr);
  return out;
}

function localInSink<F>(ident: Node, crate: CrateModel, sourceAt: (node: Node) => F[] | undefined, depth: number): F[] {
  const b = findBinding(ident, crate);
  if (!b || b.kind !== 'let' || !b.value) return [];
  const pattern = b.node.childForFieldName('pattern');
  if (pattern?.type === 'identifier' || pattern?.type === 'mut_pattern')
    return findInSink(b.value, crate, sourceAt, depth + 1);
  if (pattern?.type === 'tuple_pattern') {
    const index = tupleElements(pattern).findIndex((c) => patternBinds(c, ident.text));
    if (index < 0) return [];
    const out: F[] = [];
    for (const r of returnedExpressions(b.value)) {
      if (r.type !== 'tuple_expression') continue;
      const element = tupleElements(r)[index];
      if (element) out.push(...findInSink(element, crate, sourceAt, depth + 1));
    }
    return out;
  }
  return [];
}

/** An identifier used as a value (not a field name, a path segment, a callee, a pattern or a macro name). */
function isValueUse(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (
    p.type === 'scoped_identifier' ||
    p.type === 'macro_invocation' ||
    (p.type === 'field_initializer' && p.childForFieldName('field')?.id === id.id)
  )
    return false;
  if (p.type === 'call_expression' && p.childForFieldName('function')?.id === id.id) return false;
  for (const a of ancestors(id)) {
    if (a.type.endsWith('_pattern') || a.type === 'closure_parameters' || a.type === 'parameters') return false;
    if (a.type.endsWith('_expression') || a.type === 'block' || a.type === 'arguments') break;
  }
  return true;
}

/** True when a closure given to `method` on `receiver` sees the elements of a sequence. */
function isIteratorContext(receiver: Node, method: string): boolean {
  if (ITERATOR_ONLY_METHODS.has(method)) return true;
  let node = receiver;
  while (node.type === 'parenthesized_expression' || node.type === 'try_expression')
    node = namedChildren(node)[0] ?? node;
  if (node.type !== 'call_expression') return false;
  const m = describeCall(node).method;
  // `iter_organization()`, `iter_common_name()`, `entries_by_nid(..)`: iterators over a DN's attributes.
  return !!m && (ITERATOR_PRODUCERS.has(m) || m.startsWith('iter_') || m === 'entries_by_nid');
}

/** The elements of a tuple pattern, `_` included. */
function patternItems(p: Node): Node[] {
  return p.children.filter(
    (c): c is Node => c !== null && !['(', ')', ',', 'line_comment', 'block_comment'].includes(c.type),
  );
}

/** Format-string captures of a macro's own string arguments (`{cert:?}`), nested macros included. */
function capturesOf(macro: Node): string[] {
  const out: string[] = [];
  for (const s of macro.descendantsOfType(['string_literal', 'raw_string_literal'])) {
    if (s) out.push(...formatCaptures(s.text));
  }
  return out;
}
