// Macros are opaque token trees to tree-sitter. This module reads the invocations rules
// care about (logging, printing, formatting) as token sequences: which variables they
// mention, which methods they call, which names their format strings capture.
import type { Node } from '../parser/parser.js';
import { pathSegments } from './syntax.js';

export type LogSeverity = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVEL_MACROS: Record<string, LogSeverity> = { trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', error: 'error' };
const PRINT_MACROS = new Set(['println', 'eprintln', 'print', 'eprint', 'dbg']);
const EVENT_MACROS = new Set(['event', 'log']);
/** `format!`-like macros whose output usually ends up in a response or an error. */
export const FORMAT_MACROS = new Set(['format', 'format_args', 'anyhow', 'bail', 'write', 'writeln', 'panic']);

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

export interface MacroUse {
  macro: Node;
  name: string;
  /** Identifiers used as values (not field keys, not method names, not paths). */
  variables: Node[];
  /** Names captured by format strings: `{cert:?}` → cert. */
  captures: string[];
  calls: TokenCall[];
}

/** The logging level of a logging/printing macro, or undefined when it is not one. */
export function logSeverity(macro: Node): LogSeverity | undefined {
  const path = macro.childForFieldName('macro');
  const segs = path ? pathSegments(path) : [];
  const name = segs.at(-1) ?? '';
  if (segs.length > 1 && !['tracing', 'log', 'std', 'core'].includes(segs[0])) return undefined;
  if (LEVEL_MACROS[name]) return LEVEL_MACROS[name];
  if (PRINT_MACROS.has(name)) return 'info';
  if (EVENT_MACROS.has(name)) {
    const m = /Level::(TRACE|DEBUG|INFO|WARN|ERROR|Trace|Debug|Info|Warn|Error)\b/.exec(macro.text);
    return m ? (m[1].toLowerCase() as LogSeverity) : 'info';
  }
  return undefined;
}

export function macroName(macro: Node): string {
  const path = macro.childForFieldName('macro');
  return (path ? pathSegments(path).at(-1) : undefined) ?? '';
}

/** Leaf tokens of a macro's token trees, in order (punctuation included). */
export function tokensOf(macro: Node): Token[] {
  const out: Token[] = [];
  const visit = (n: Node) => {
    if (n.childCount === 0 || n.type === 'string_literal' || n.type === 'raw_string_literal') {
      out.push({ node: n, text: n.text, type: n.type });
      return;
    }
    for (const c of n.children) if (c) visit(c);
  };
  for (const c of macro.children) if (c?.type === 'token_tree') visit(c);
  return out;
}

/** Reads a macro invocation: variables, method calls and format-string captures. */
export function readMacro(macro: Node): MacroUse {
  const tokens = tokensOf(macro);
  const variables: Node[] = [];
  const calls: TokenCall[] = [];
  const captures: string[] = [];
  tokens.forEach((t, i) => {
    if (t.type === 'string_literal' || t.type === 'raw_string_literal') {
      for (const m of t.text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/g)) captures.push(m[1]);
      return;
    }
    if (t.type !== 'identifier') return;
    const prev = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (prev === '.' && next === '(') {
      calls.push({ name: t.text, receiverText: receiverText(tokens, i - 1), receiver: receiverNode(tokens, i - 1), node: t.node });
      return;
    }
    if (prev === '.' || prev === '::' || next === '::' || next === '!') return;
    if (next === '=' && tokens[i + 2]?.text !== '=') return; // structured field key: `serial = %x`
    if (next === '(') return; // a function call, not a variable
    if (next === '.') return; // a receiver: what is logged is the result of the call (see `calls`)
    variables.push(t.node);
  });
  return { macro, name: macroName(macro), variables, calls, captures };
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
    } else if (depth === 0 && (text === ',' || text === '=' || text === '?' || text === '%')) break;
    parts.unshift(text);
  }
  return parts.join('');
}

function receiverNode(tokens: Token[], dot: number): Node | undefined {
  const prev = tokens[dot - 1];
  const before = tokens[dot - 2]?.text;
  return prev?.type === 'identifier' && before !== '.' && before !== '::' ? prev.node : undefined;
}
