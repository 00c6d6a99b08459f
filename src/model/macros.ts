// Macros are opaque token trees to tree-sitter (`info!(peer = ?conn.peer_certificates())` is
// an identifier, punctuation and nested token trees). This module reads the invocations rules
// care about — logging, printing, formatting — in two ways:
//   - as token sequences: the variables they mention, the methods they call, the names their
//     format strings capture (`readMacro`), argument by argument (`macroArguments`);
//   - as expressions: each argument re-parsed by tree-sitter (`withParsedArguments`), so that the
//     value-flow helpers work on `?cert.subject()` like on any expression. Names that an argument
//     does not bind itself are looked up at the macro (`findBindingAcrossMacros`).
// `logInvocations` lists a file's logging macros with their level.
import type { Node, Tree } from '../parser/parser.js';
import { parseRust } from '../parser/parser.js';
import { findBindingNamed, type Binding, type ItemLookup } from './flow.js';
import type { NameResolver } from './names.js';
import { descendantsOfType, pathSegments } from './syntax.js';

export type LogSeverity = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVEL_MACROS: Record<string, LogSeverity> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
};
const SPAN_MACROS: Record<string, LogSeverity> = {
  trace_span: 'trace',
  debug_span: 'debug',
  info_span: 'info',
  warn_span: 'warn',
  error_span: 'error',
};
/** Printing macros write unconditionally, like a log line at info level. */
const PRINT_MACROS = new Set(['println', 'eprintln', 'print', 'eprint', 'dbg']);
/** Macros whose level is their first argument: `tracing::event!(Level::INFO, ..)`, `log::log!(Level::Warn, ..)`, `span!`. */
const EVENT_MACROS = new Set(['event', 'log', 'span']);
/** Crates (first path segment) whose level macros are logging macros. */
const LOGGING_CRATES = new Set(['tracing', 'log', 'tracing_log', 'defmt', 'slog', 'std', 'core']);
/** `format!`-like macros whose output usually ends up in a response, an error or a log. */
export const FORMAT_MACROS = new Set([
  'format',
  'format_args',
  'anyhow',
  'bail',
  'write',
  'writeln',
  'panic',
  'json',
  'concat',
]);

export interface Token {
  node: Node;
  text: string;
  type: string;
}

/** A method call seen in a token tree: `recv.name(..)`. */
export interface TokenCall {
  name: string;
  /** Text of the tokens before the `.` back to the start of the expression (best effort). */
  receiverText: string;
  /** The receiver identifier when it is a plain variable. */
  receiver?: Node;
  node: Node;
}

/** One top-level argument of a macro: `serial = %cert.serial`, `?chain`, `"{cert:?}"`, `target: "tls"`. */
export interface MacroArg {
  /** Structured-field or named-argument key (`serial`, `peer.addr`), if any. */
  key?: string;
  /** `target:`, `parent:`, `name:` — tracing directives, not values. */
  directive?: string;
  /** tracing field sigil: `?` (Debug) or `%` (Display). */
  sigil?: '?' | '%';
  /** Tokens of the value (key, `=`, sigil removed). */
  tokens: Token[];
  /** Source text of the value. */
  text: string;
  /** The value is a single string literal (a format string, a message, a target). */
  isString: boolean;
}

export interface MacroUse {
  macro: Node;
  name: string;
  /** Identifiers used as values (not field keys, not method names, not paths). */
  variables: Node[];
  /** Names captured by format strings: `{cert:?}` → cert. */
  captures: string[];
  calls: TokenCall[];
  args: MacroArg[];
}

export interface LogInvocation extends MacroUse {
  level: LogSeverity;
  /** `tracing`/`log` event, a span, or a print (`println!`, `dbg!`). */
  kind: 'log' | 'span' | 'print';
}

/** The macro's name without its path: `tracing::info!` → `info`. */
export function macroName(macro: Node): string {
  const path = macro.childForFieldName('macro');
  return (path ? pathSegments(path).at(-1) : undefined) ?? '';
}

/**
 * The logging level of a logging/printing macro, or undefined when it is not one. Bare names
 * (`info!`) count unless the file imports them from a crate that is not a logging crate.
 */
export function logSeverity(macro: Node, names?: NameResolver): LogSeverity | undefined {
  return classifyLogMacro(macro, names)?.level;
}

function classifyLogMacro(
  macro: Node,
  names?: NameResolver,
): { level: LogSeverity; kind: LogInvocation['kind'] } | undefined {
  if (macro.type !== 'macro_invocation') return undefined;
  const path = macro.childForFieldName('macro');
  const written = path ? pathSegments(path) : [];
  const segs = names && path ? names.resolve(path) : written;
  const name = written.at(-1) ?? '';
  if (segs.length > 1 && !LOGGING_CRATES.has(segs[0])) return undefined;
  if (LEVEL_MACROS[name]) return { level: LEVEL_MACROS[name], kind: 'log' };
  if (SPAN_MACROS[name]) return { level: SPAN_MACROS[name], kind: 'span' };
  if (PRINT_MACROS.has(name)) return { level: 'info', kind: 'print' };
  if (EVENT_MACROS.has(name)) {
    const m = /Level::(TRACE|DEBUG|INFO|WARN|ERROR|Trace|Debug|Info|Warn|Error)\b/.exec(macro.text);
    // A bare `log!`/`event!` without a level is somebody else's macro.
    if (!m && written.length === 1) return undefined;
    // A level chosen at run time (`event!(level, ..)`) is not known to be on in production.
    return { level: m ? (m[1].toLowerCase() as LogSeverity) : 'debug', kind: name === 'span' ? 'span' : 'log' };
  }
  return undefined;
}

/** Reads a logging macro: level, kind, arguments, variables, calls and captures. */
export function logInvocation(macro: Node, names?: NameResolver): LogInvocation | undefined {
  const c = classifyLogMacro(macro, names);
  return c ? { ...readMacro(macro), ...c } : undefined;
}

/** Every logging/printing macro of a tree (in source order), with its level and what it references. */
export function logInvocations(root: Node, names?: NameResolver): LogInvocation[] {
  return descendantsOfType(root, 'macro_invocation').flatMap((m) => logInvocation(m, names) ?? []);
}

/** Leaf tokens of a macro's token trees, in order (punctuation included; strings as one token). */
export function tokensOf(macro: Node): Token[] {
  const out: Token[] = [];
  for (const c of macro.children) if (c?.type === 'token_tree') collectTokens(c, out);
  return out;
}

function collectTokens(start: Node, out: Token[]): void {
  // Iterative: token trees nest as deep as the input's brackets.
  const pending = [start];
  while (pending.length > 0) {
    const n = pending.pop() as Node;
    if (
      n.childCount === 0 ||
      n.type === 'string_literal' ||
      n.type === 'raw_string_literal' ||
      n.type === 'char_literal'
    ) {
      out.push({ node: n, text: n.text, type: n.type });
      continue;
    }
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) pending.push(c);
    }
  }
}

/** Names captured by a format string: `"{cert:?} {0} {peer}"` → cert, peer. `{{` escapes are skipped. */
export function formatCaptures(literal: string): string[] {
  const out: string[] = [];
  for (const m of literal.replace(/\{\{|\}\}/g, '').matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/g))
    out.push(m[1]);
  return out;
}

/** Reads a macro invocation: variables, method calls, format-string captures and arguments. */
export function readMacro(macro: Node): MacroUse {
  const tokens = tokensOf(macro);
  const variables: Node[] = [];
  const calls: TokenCall[] = [];
  const captures: string[] = [];
  tokens.forEach((t, i) => {
    if (t.type === 'string_literal' || t.type === 'raw_string_literal') {
      captures.push(...formatCaptures(t.text));
      return;
    }
    if (t.type !== 'identifier') return;
    const prev = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (prev === '.' && next === '(') {
      calls.push({
        name: t.text,
        receiverText: receiverText(tokens, i - 1),
        receiver: receiverNode(tokens, i - 1),
        node: t.node,
      });
      return;
    }
    if (prev === '.' || prev === '::' || next === '::' || next === '!' || next === ':') return;
    if (next === '=' && tokens[i + 2]?.text !== '=' && tokens[i + 2]?.text !== '>') return; // structured field key: `serial = %x`
    if (next === '.' && tokens[i + 2]?.type === 'identifier' && tokens[i + 3]?.text === '=') return; // dotted key: `peer.addr = ..`
    if (next === '(') return; // a function call, not a variable
    if (next === '.') return; // a receiver: what is logged is the result of the call (see `calls`)
    variables.push(t.node);
  });
  return { macro, name: macroName(macro), variables, calls, captures, args: macroArguments(macro) };
}

/** The tokens of the receiver expression before `.` at index `dot`, back to a separator. */
function receiverText(tokens: Token[], dot: number): string {
  const parts: string[] = [];
  let depth = 0;
  for (let j = dot - 1; j >= 0; j--) {
    const text = tokens[j].text;
    if (text === ')' || text === ']') depth++;
    else if (text === '(' || text === '[') {
      if (depth === 0) break;
      depth--;
    } else if (
      depth === 0 &&
      (text === ',' || text === '=' || text === '?' || text === '%' || text === ';' || text === '{' || text === ':')
    )
      break;
    parts.unshift(text);
  }
  return parts.join('');
}

function receiverNode(tokens: Token[], dot: number): Node | undefined {
  const prev = tokens[dot - 1];
  const before = tokens[dot - 2]?.text;
  return prev?.type === 'identifier' && before !== '.' && before !== '::' ? prev.node : undefined;
}

/**
 * The top-level arguments of a macro, split at `,` (and `;`, the `log` key-value separator),
 * with tracing's `key = value`, `?`/`%` sigils and `target:` directives taken apart.
 */
export function macroArguments(macro: Node): MacroArg[] {
  const tree = macro.children.find((c) => c?.type === 'token_tree');
  if (!tree) return [];
  const kids = tree.children.filter((c): c is Node => c !== null).slice(1, -1); // drop the delimiters
  const groups: Node[][] = [[]];
  for (const k of kids) {
    if ((k.text === ',' || k.text === ';') && k.childCount === 0) groups.push([]);
    else groups.at(-1)!.push(k);
  }
  const base = macro.startIndex;
  const text = macro.text;
  return groups
    .filter((g) => g.length > 0)
    .map((group) => {
      const arg: MacroArg = { tokens: [], text: '', isString: false };
      let i = 0;
      if (group.length > 2 && group[0].type === 'identifier' && group[1].text === ':' && group[1].childCount === 0) {
        arg.directive = group[0].text;
        i = 2;
      } else {
        // `key = value`, `a.b.c = value`, `"key" = value`; not `a == b`.
        let j = 0;
        const keyParts: string[] = [];
        if (group[0]?.type === 'string_literal') {
          keyParts.push(group[0].text.slice(1, -1));
          j = 1;
        } else {
          while (group[j]?.type === 'identifier') {
            keyParts.push(group[j].text);
            if (group[j + 1]?.text === '.' && group[j + 2]?.type === 'identifier') j += 2;
            else {
              j += 1;
              break;
            }
          }
        }
        if (
          keyParts.length > 0 &&
          group[j]?.text === '=' &&
          group[j + 1] &&
          group[j + 1].text !== '=' &&
          group[j + 1].text !== '>'
        ) {
          arg.key = keyParts.join('.');
          i = j + 1;
        }
      }
      if (group[i] && (group[i].text === '?' || group[i].text === '%') && group[i].childCount === 0 && group[i + 1]) {
        arg.sigil = group[i].text as '?' | '%';
        i += 1;
      }
      const value = group.slice(i);
      for (const v of value) collectTokens(v, arg.tokens);
      if (value.length > 0) arg.text = text.slice(value[0].startIndex - base, value.at(-1)!.endIndex - base);
      arg.isString =
        value.length === 1 && (value[0].type === 'string_literal' || value[0].type === 'raw_string_literal');
      // Shorthand field `?cert` / `%addr` / bare `count`: the value names the field.
      if (!arg.key && !arg.directive && value.length === 1 && value[0].type === 'identifier') arg.key = value[0].text;
      return arg;
    });
}

/** An argument re-parsed as an expression (its nodes live in a temporary tree). */
export interface ParsedArg {
  arg: MacroArg;
  expr: Node;
}

/** Temporary trees of re-parsed macro arguments → the node whose scope they belong to. */
const anchors = new Map<Tree, Node>();

/** The node in the enclosing tree a re-parsed expression stands in (the macro it came from), if any. */
export function macroAnchor(node: Node): Node | undefined {
  return anchors.get(node.tree);
}

/** True when the node belongs to a re-parsed macro argument rather than to a file's tree. */
export function isReparsed(node: Node): boolean {
  return anchors.has(node.tree);
}

/** Arguments nested deeper than this are left out (hostile input): rules recurse through them level by level. */
const MAX_ARGUMENT_DEPTH = 256;

function deeperThan(tree: Tree, limit: number): boolean {
  const cursor = tree.walk();
  try {
    for (let depth = 0; ; ) {
      if (cursor.gotoFirstChild()) {
        if (++depth > limit) return true;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return false;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

const PREFIX = 'fn __macro_args() { __args(';
const SUFFIX = '\n); }';

/**
 * Re-parses the value of each argument as a Rust expression and calls `fn` with them. String
 * literals, directives and values that do not parse are left out. The temporary trees are freed
 * when `fn` returns: do not keep their nodes.
 */
export function withParsedArguments<T>(macro: Node, fn: (args: ParsedArg[]) => T): T {
  const args = macroArguments(macro).filter((a) => !a.directive && !a.isString && a.text.trim().length > 0);
  const trees: Tree[] = [];
  try {
    return fn(parseTogether(args) ?? args.flatMap(parseAlone));
  } finally {
    for (const t of trees) {
      anchors.delete(t);
      t.delete();
    }
  }

  function parse(text: string): Tree {
    const tree = parseRust(PREFIX + text + SUFFIX);
    trees.push(tree);
    anchors.set(tree, macro);
    return tree;
  }
  /** One tree for all arguments (one parse instead of one per argument), when each parses cleanly. */
  function parseTogether(list: MacroArg[]): ParsedArg[] | undefined {
    if (list.length < 2) return undefined;
    const tree = parse(list.map((a) => a.text).join('\n,\n'));
    const exprs = argumentExpressions(tree);
    if (tree.rootNode.hasError || exprs.length !== list.length || deeperThan(tree, MAX_ARGUMENT_DEPTH))
      return undefined;
    return list.map((arg, i) => ({ arg, expr: exprs[i] }));
  }
  function parseAlone(arg: MacroArg): ParsedArg[] {
    const tree = parse(arg.text);
    const exprs = argumentExpressions(tree);
    return exprs.length === 1 && exprs[0].type !== 'ERROR' && !deeperThan(tree, MAX_ARGUMENT_DEPTH)
      ? [{ arg, expr: exprs[0] }]
      : [];
  }
}

/** The expressions given to `__args(..)` in a tree parsed from PREFIX + arguments + SUFFIX. */
function argumentExpressions(tree: Tree): Node[] {
  const call = descendantsOfType(tree.rootNode, 'call_expression')[0];
  const list = call?.childForFieldName('arguments');
  return list
    ? list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'line_comment' && c.type !== 'block_comment')
    : [];
}

/**
 * The binding of `name` visible at `at`, where `at` may sit in a re-parsed macro argument: the
 * argument's own bindings (closure parameters) first, then the scope of the macro it came from.
 * Crate items (consts) are only looked up in the file's own tree.
 */
export function findBindingAcrossMacros(name: string, at: Node, items?: ItemLookup): Binding | undefined {
  let node: Node | undefined = at;
  for (let guard = 0; node && guard < 16; guard++) {
    const anchor = anchors.get(node.tree);
    if (!anchor) return findBindingNamed(name, node, items);
    const b = findBindingNamed(name, node);
    if (b) return b;
    node = anchor;
  }
  return undefined;
}
