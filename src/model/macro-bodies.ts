// Code written inside code-bearing macros — `tokio::select!`, `join!`/`try_join!`,
// `lazy_static!`, `thread_local!`, `cfg_if!`, `async_stream::stream!` — is an opaque token tree
// to tree-sitter, so rules would not see the accept loop in a `select!` arm or the config built
// in a `lazy_static!`.
//
// `parseWithMacroBodies` parses a file, and when it has such invocations, parses instead a copy
// of its text in which only the macro's own syntax is replaced, character for character, by
// spaces or by keywords of the same length: every character of the user's code keeps its offset
// (so its line and column), and tree-sitter now sees ordinary Rust:
//
//   tokio::select! {                              {
//       biased;                                   (blanked)
//       res = listener.accept() => { A }         {let res = listener.accept() ; { A }}
//       Some(m) = rx.recv(), if on => f(m),       {let Some(m) = rx.recv();    on ; f(m)}
//       _ = stop.recv() => break,                 {let _ = stop.recv() ; break}
//       else => { B }                              {     { B }}
//   }                                             }
//   tokio::try_join!(a, b)                        (a, b)
//   lazy_static! { static ref C: T = e; }         static     C: T = e;        (the braces blanked)
//   thread_local! { static C: T = e }             static C: T = e;
//   cfg_if! { if #[cfg(x)] { s } else { t } }     { if  cfg!(x)  { s } else { t } }   (in a function body)
//                                                 #[cfg(x)]  s  t                       (among items)
//   async_stream::stream! { s; yield x; }         { s; yield x; }
//
// Each arm becomes a block that binds its pattern with `let` (value flow works inside it) and
// ends before the next arm, so bindings do not leak between arms. The `{let ` goes into the
// indentation before the arm and its `}` into the arm's comma (or a blank after the arm): an arm
// without that room is not rewritten. A rewrite is kept only when the new text parses without a
// syntax error in the macro (nor anywhere else it did not have one before); otherwise the macro
// stays a token tree, as before. Macros found inside rewritten bodies are rewritten in turn.
// Each round re-parses incrementally (`reparse`): the previous tree, edited where the macros
// were, is reused, so a file is not parsed from scratch once per round.
import { Edit as TreeEdit } from 'web-tree-sitter';
import { errorNodes, parseRust, type Node, type Tree } from '../parser/parser.js';
import { macroName } from './macros.js';

/** Code-bearing macros (last path segment) whose bodies are rewritten. */
const SELECT = new Set(['select', 'select_biased']);
const JOIN = new Set(['join', 'try_join']);
const ITEMS = new Set(['lazy_static', 'thread_local']);
const CFG_IF = new Set(['cfg_if']);
/** Macros whose body is a block of statements: `async_stream::stream! { .. yield x; }`. */
const BLOCK = new Set(['stream', 'try_stream']);
/** Quick test on the text: files without any of these are parsed once, as before. */
const MENTION = /\b(?:select|select_biased|join|try_join|lazy_static|thread_local|cfg_if|stream|try_stream)\s*!/;
/** Rounds of nested rewriting (a `select!` inside a `cfg_if!` branch needs two). */
const MAX_ROUNDS = 4;
/** Invocations rewritten per file (hostile input: thousands of macros). */
const MAX_MACROS = 2000;

export interface ParsedFile {
  tree: Tree;
  /** The text the tree was parsed from: the file's text, or the same-length rewrite of it. */
  parsedText: string;
  /** How many macro invocations were rewritten. */
  rewritten: number;
}

/** One replacement: `text` replaces as many characters at `at`. */
interface Edit {
  at: number;
  text: string;
}

interface Rewrite {
  start: number;
  end: number;
  edits: Edit[];
}

/**
 * Parses `text`, exposing the bodies of code-bearing macros as ordinary Rust (see above). The
 * caller owns the returned tree. Never throws for a bad rewrite: the original parse is kept.
 */
export function parseWithMacroBodies(text: string): ParsedFile {
  let tree = parseRust(text);
  if (!MENTION.test(text)) return { tree, parsedText: text, rewritten: 0 };
  let current = text;
  let total = 0;
  // Errors of the first parse: a rewrite may not add any elsewhere.
  const baseErrors = new Set(errorNodes(tree).map((n) => n.startIndex));
  /** Invocations (by offset, which rewrites keep) that cannot be rewritten: not tried again. */
  const rejected = new Set<number>();
  try {
    for (let round = 0; round < MAX_ROUNDS && total < MAX_MACROS; round++) {
      let rewrites = candidates(tree)
        .filter((m) => !rejected.has(m.startIndex))
        .slice(0, MAX_MACROS - total)
        .flatMap((m) => {
          let r: Rewrite | undefined;
          try {
            r = rewriteOf(m, current);
          } catch {
            r = undefined;
          }
          if (!r) rejected.add(m.startIndex);
          return r ?? [];
        });
      if (rewrites.length === 0) break;
      let accepted: { tree: Tree; text: string } | undefined;
      for (let attempt = 0; attempt < 3 && rewrites.length > 0; attempt++) {
        const next = apply(current, rewrites);
        if (next.length !== current.length) break; // never: every edit replaces as many characters
        const nextTree = reparse(tree, current, next, rewrites);
        const bad = new Set<Rewrite>();
        let unexplained = false;
        for (const e of errorNodes(nextTree)) {
          const owner =
            rewrites.find((r) => e.startIndex >= r.start && e.startIndex < r.end) ??
            rewrites.find((r) => e.endIndex > r.start && e.endIndex <= r.end);
          if (owner) bad.add(owner);
          else if (!baseErrors.has(e.startIndex)) unexplained = true;
        }
        if (bad.size === 0 && !unexplained) {
          accepted = { tree: nextTree, text: next };
          break;
        }
        nextTree.delete();
        // Try again without the rewrites that broke (an error elsewhere may be theirs too);
        // an error no rewrite explains ends the round with the tree as it was.
        for (const r of bad) rejected.add(r.start);
        rewrites = unexplained && bad.size === 0 ? [] : rewrites.filter((r) => !bad.has(r));
      }
      if (!accepted) break;
      tree.delete();
      tree = accepted.tree;
      current = accepted.text;
      total += rewrites.length;
    }
  } catch {
    // A rewrite is an improvement, never a condition: keep what parsed last.
  }
  return { tree, parsedText: current, rewritten: total };
}

/**
 * Parses `next` (the rewrite of `current`, which `tree` was parsed from) incrementally: a copy of
 * the tree is told what changed (one edit per rewritten invocation, the span of its edits) and
 * tree-sitter re-parses only around it, reusing the rest. Edits keep the length and the line
 * breaks, so every position after an edit stays where it was. `tree` is left as it was.
 */
function reparse(tree: Tree, current: string, next: string, rewrites: Rewrite[]): Tree {
  const old = tree.copy();
  try {
    const spans: Array<[number, number]> = [];
    for (const r of rewrites) {
      if (r.edits.length === 0) continue;
      spans.push([Math.min(...r.edits.map((e) => e.at)), Math.max(...r.edits.map((e) => e.at + e.text.length))]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const lines = new LineIndex(current);
    for (const [from, to] of spans) {
      const start = lines.point(from);
      const end = lines.point(to);
      old.edit(
        new TreeEdit({
          startIndex: from,
          oldEndIndex: to,
          newEndIndex: to,
          startPosition: start,
          oldEndPosition: end,
          newEndPosition: end,
        }),
      );
    }
    return parseRust(next, old);
  } finally {
    old.delete();
  }
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts them) of an offset. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  point(index: number): { row: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - this.starts[lo] };
  }
}

/** Invocations of code-bearing macros, outermost first (nested ones wait for the next round). */
function candidates(tree: Tree): Node[] {
  const out: Node[] = [];
  let lastEnd = -1;
  for (const m of tree.rootNode.descendantsOfType('macro_invocation')) {
    if (!m || m.startIndex < lastEnd) continue;
    const name = macroName(m);
    if (SELECT.has(name) || JOIN.has(name) || ITEMS.has(name) || CFG_IF.has(name) || BLOCK.has(name)) {
      out.push(m);
      lastEnd = m.endIndex;
    }
  }
  return out;
}

function apply(text: string, rewrites: Rewrite[]): string {
  const edits = rewrites.flatMap((r) => r.edits).sort((a, b) => a.at - b.at);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.at < pos) continue; // overlapping: never produced, but never corrupt offsets either
    out += text.slice(pos, e.at) + e.text;
    pos = e.at + e.text.length;
  }
  return out + text.slice(pos);
}

/** Builds the edits of one invocation, in the text as it is now. */
class Editor {
  readonly edits: Edit[] = [];
  private readonly used = new Set<number>();

  /** Comments among the macro's tokens: never written into. */
  comments: Array<[number, number]> = [];

  constructor(readonly text: string) {}

  /** Replaces `[at, at + replacement.length)`; false when a character is taken already. */
  put(at: number, replacement: string): boolean {
    if (at < 0 || at + replacement.length > this.text.length) return false;
    for (let i = 0; i < replacement.length; i++) if (this.used.has(at + i)) return false;
    for (let i = 0; i < replacement.length; i++) this.used.add(at + i);
    if (replacement !== this.text.slice(at, at + replacement.length)) this.edits.push({ at, text: replacement });
    return true;
  }

  /** Replaces a token (or any range) by `word` padded with spaces to its length, line breaks kept. */
  replace(start: number, end: number, word = ''): boolean {
    if (word.length > end - start) return false;
    let out = word;
    for (let i = start + word.length; i < end; i++)
      out += this.text[i] === '\n' || this.text[i] === '\r' ? this.text[i] : ' ';
    return this.put(start, out);
  }

  blank(node: Node): boolean {
    return this.replace(node.startIndex, node.endIndex);
  }

  /** A free blank: a space or tab, not taken, not in a comment. */
  isBlank(at: number): boolean {
    return (
      (this.text[at] === ' ' || this.text[at] === '\t') &&
      !this.used.has(at) &&
      !this.comments.some(([from, to]) => at >= from && at < to)
    );
  }

  /** Puts `word` into the blanks that end right before `at` (same line). */
  before(at: number, word: string): boolean {
    const start = at - word.length;
    for (let i = start; i < at; i++) if (i < 0 || !this.isBlank(i)) return false;
    return this.put(start, word);
  }

  /** Puts one character into the first free blank of `[from, to)`. */
  firstBlank(from: number, to: number, ch: string): boolean {
    for (let i = from; i < to; i++) if (this.isBlank(i)) return this.put(i, ch);
    return false;
  }
}

function rewriteOf(macro: Node, text: string): Rewrite | undefined {
  const name = macroName(macro);
  // Half-written invocations (a delimiter MISSING, an ERROR inside) stay token trees.
  if (macro.hasError) return undefined;
  const tt = macro.children.find((c): c is Node => c?.type === 'token_tree');
  if (!tt || tt.childCount < 2) return undefined;
  const open = tt.child(0)!;
  const close = tt.child(tt.childCount - 1)!;
  if (!['{', '(', '['].includes(open.type) || ![')', '}', ']'].includes(close.type)) return undefined;
  const ed = new Editor(text);
  // The macro's path and `!`: macro syntax.
  if (!ed.replace(macro.startIndex, tt.startIndex)) return undefined;
  const all = tt.children.slice(1, -1).filter((c): c is Node => c !== null);
  const toks = all.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
  ed.comments = all
    .filter((c) => c.type === 'line_comment' || c.type === 'block_comment')
    .map((c) => [c.startIndex, c.endIndex]);
  let ok = false;
  if (SELECT.has(name)) ok = rewriteSelect(ed, toks, open, close);
  else if (JOIN.has(name)) ok = rewriteJoin(ed, toks, open, close);
  else if (ITEMS.has(name)) ok = rewriteItems(ed, toks, open, close, name === 'lazy_static');
  else if (CFG_IF.has(name)) ok = rewriteCfgIf(ed, toks, open, close, isItemContext(macro));
  else if (BLOCK.has(name)) ok = !isItemContext(macro) && ed.put(open.startIndex, '{') && ed.put(close.startIndex, '}');
  return ok ? { start: macro.startIndex, end: macro.endIndex, edits: ed.edits } : undefined;
}

function isItemContext(macro: Node): boolean {
  const p = macro.parent;
  return !p || p.type === 'source_file' || p.type === 'declaration_list';
}

const is = (n: Node | undefined, text: string) => !!n && n.childCount === 0 && n.text === text;
const isBraces = (n: Node | undefined) => !!n && n.type === 'token_tree' && n.child(0)?.type === '{';

/**
 * `select! { [biased;] (pat = fut [, if cond] => body [,])* [else => body [,]] }` → a block of
 * blocks `{let pat = fut; body}`. futures' `complete =>` / `default =>` arms are like `else`.
 */
function rewriteSelect(ed: Editor, toks: Node[], open: Node, close: Node): boolean {
  if (!ed.put(open.startIndex, '{') || !ed.put(close.startIndex, '}')) return false;
  let i = 0;
  if (is(toks[0], 'biased') && is(toks[1], ';')) {
    if (!ed.blank(toks[0]) || !ed.blank(toks[1])) return false;
    i = 2;
  }
  /** Where the previous arm's closing `}` may go: from its end to the next arm's opener. */
  let pendingClose: number | undefined;
  const closePending = (to: number) => {
    if (pendingClose === undefined) return true;
    const ok = ed.firstBlank(pendingClose, to, '}');
    pendingClose = undefined;
    return ok;
  };
  let arms = 0;
  while (i < toks.length) {
    const first = toks[i];
    let arrow: number;
    if ((is(first, 'else') || is(first, 'complete') || is(first, 'default')) && is(toks[i + 1], '=>')) {
      // `else => body`: the keyword's first character opens the arm's block.
      if (!closePending(first.startIndex) || !ed.replace(first.startIndex, first.endIndex, '{')) return false;
      arrow = i + 1;
      if (!ed.blank(toks[arrow])) return false;
    } else {
      const eq = indexOf(toks, i, (t) => is(t, '='));
      if (eq <= i) return false;
      if (toks.slice(i, eq).some((t) => is(t, '=>') || is(t, ',') || is(t, ';'))) return false;
      // The arm opens a block and binds its pattern: `{let ` in the blanks before the pattern.
      if (!ed.before(first.startIndex, '{let ')) return false;
      if (!closePending(first.startIndex - 5)) return false;
      const end = indexOf(toks, eq + 1, (t) => is(t, '=>') || is(t, ','));
      if (end < 0 || end === eq + 1 || toks.slice(eq + 1, end).some((t) => is(t, ';'))) return false;
      if (is(toks[end], ',')) {
        // `, if precondition =>`: the future's statement ends, the condition stands alone.
        if (!is(toks[end + 1], 'if')) return false;
        arrow = indexOf(toks, end + 2, (t) => is(t, '=>'));
        if (arrow < 0 || arrow === end + 2) return false;
        if (toks.slice(end + 2, arrow).some((t) => is(t, ',') || is(t, ';'))) return false;
        if (!ed.put(toks[end].startIndex, ';') || !ed.blank(toks[end + 1])) return false;
      } else {
        arrow = end;
      }
      if (!ed.replace(toks[arrow].startIndex, toks[arrow].endIndex, ';')) return false;
    }
    // The handler: a block (comma optional) or an expression up to the next `,`.
    const body = arrow + 1;
    if (body >= toks.length) return false;
    let next: number;
    let comma: Node | undefined;
    if (
      isBraces(toks[body]) &&
      (body + 1 >= toks.length || is(toks[body + 1], ',') || !startsExpressionTail(toks[body + 1]))
    ) {
      next = body + 1;
    } else {
      next = indexOf(toks, body, (t) => is(t, ','));
      if (next < 0) next = toks.length;
      if (next === body) return false;
      if (toks.slice(body, next).some((t) => is(t, '=>') || is(t, ';'))) return false;
    }
    if (is(toks[next], ',')) {
      comma = toks[next];
      next++;
    }
    if (comma) {
      if (!ed.put(comma.startIndex, '}')) return false;
    } else {
      pendingClose = toks[next - 1].endIndex;
    }
    arms++;
    i = next;
  }
  return arms > 0 && closePending(close.startIndex);
}

/** A token after a `{ .. }` handler that continues it as an expression (`{ .. }.await`): not a new arm. */
function startsExpressionTail(t: Node): boolean {
  return (
    t.childCount === 0 && ['.', '?', '+', '-', '*', '/', '%', '&&', '||', '==', '!=', '<', '>', 'as'].includes(t.text)
  );
}

function indexOf(toks: Node[], from: number, test: (t: Node) => boolean): number {
  for (let i = from; i < toks.length; i++) if (test(toks[i])) return i;
  return -1;
}

/** `join!(a, b)` / `try_join!{ biased; a, b }` → the tuple `(a, b)`. */
function rewriteJoin(ed: Editor, toks: Node[], open: Node, close: Node): boolean {
  if (!ed.put(open.startIndex, '(') || !ed.put(close.startIndex, ')')) return false;
  if (is(toks[0], 'biased') && is(toks[1], ';')) return ed.blank(toks[0]) && ed.blank(toks[1]);
  return !toks.some((t) => is(t, ';') || is(t, '=>'));
}

/**
 * `lazy_static! { [pub] static ref X: T = e; .. }` and `thread_local! { [pub] static X: T = e; .. }`
 * → the `static` items themselves (`ref` and the braces blanked; a missing last `;` put in the
 * closing brace).
 */
function rewriteItems(ed: Editor, toks: Node[], open: Node, close: Node, lazy: boolean): boolean {
  if (!toks.some((t) => is(t, 'static'))) return false;
  if (!ed.blank(open)) return false;
  const last = toks.at(-1);
  if (!ed.replace(close.startIndex, close.endIndex, last && !is(last, ';') ? ';' : '')) return false;
  for (let i = 0; i < toks.length; i++) {
    if (!is(toks[i], 'static')) continue;
    if (lazy) {
      if (!is(toks[i + 1], 'ref')) return false;
      if (!ed.blank(toks[i + 1])) return false;
    }
  }
  return true;
}

/**
 * `cfg_if! { if #[cfg(a)] { .. } else if #[cfg(b)] { .. } else { .. } }`. In a function body: an
 * `if cfg!(a) { .. } else if cfg!(b) { .. } else { .. }` (each branch keeps its condition). Among
 * items: the branches' items side by side, the first item of each branch under its `#[cfg(..)]`.
 * Left alone when a branch is test code, or debug-only items (the attribute would not cover them all).
 */
function rewriteCfgIf(ed: Editor, toks: Node[], open: Node, close: Node, items: boolean): boolean {
  if (items ? !ed.blank(open) || !ed.blank(close) : !ed.put(open.startIndex, '{') || !ed.put(close.startIndex, '}'))
    return false;
  let i = 0;
  let branches = 0;
  for (;;) {
    // `if #[cfg(..)] { .. }`
    if (!is(toks[i], 'if') || !is(toks[i + 1], '#')) return false;
    const attr = toks[i + 2];
    const body = toks[i + 3];
    if (!attr || attr.type !== 'token_tree' || attr.child(0)?.type !== '[' || !isBraces(body)) return false;
    const inner = attr.children.filter(
      (c): c is Node => c !== null && c.type !== 'line_comment' && c.type !== 'block_comment',
    );
    // `[cfg(..)]` exactly: `[`, `cfg`, `(..)`, `]`.
    if (inner.length !== 4 || !is(inner[1], 'cfg') || inner[2].type !== 'token_tree' || inner[2].child(0)?.type !== '(')
      return false;
    // Test-only code would lose what makes it test code (`if cfg!(test)` is not read as such);
    // among items the attribute covers only the branch's first item, so debug-only items stay too.
    if (/\btest\b/.test(inner[2].text) || (items && /\bdebug_assertions\b/.test(inner[2].text))) return false;
    if (items) {
      if (!ed.blank(toks[i]) || !ed.put(body.startIndex, ' ') || !ed.put(body.endIndex - 1, ' ')) return false;
    } else {
      // `#[cfg(a)]` → ` cfg!(a) `: the macro's condition as the `cfg!` test Rust code writes.
      const from = inner[0].startIndex;
      const to = inner[1].endIndex;
      if (/[\r\n]/.test(ed.text.slice(from, to))) return false;
      if (!ed.put(toks[i + 1].startIndex, ' ') || !ed.put(from, ' '.repeat(to - from - 4) + 'cfg!')) return false;
      if (!ed.put(inner[3].startIndex, ' ')) return false;
    }
    branches++;
    i += 4;
    if (i >= toks.length) break;
    if (!is(toks[i], 'else')) return false;
    if (is(toks[i + 1], 'if')) {
      if (items && !ed.blank(toks[i])) return false;
      i += 1;
      continue;
    }
    const last = toks[i + 1];
    if (!isBraces(last) || i + 2 !== toks.length) return false;
    if (items && (!ed.blank(toks[i]) || !ed.put(last.startIndex, ' ') || !ed.put(last.endIndex - 1, ' '))) return false;
    break;
  }
  return branches > 0;
}
