// Test-only code found from text alone, for the prefilter of crates without a TLS dependency: there
// only the rules that need no TLS run (a cleartext URL, a private key, identity headers), and their
// findings in test code are left out unless --include-tests. A `"http://mock.local"` in a
// `#[cfg(test)] mod tests { .. }` block, or in a file that is such a module, is then no reason to
// parse the file. Anything unclear (an unbalanced brace, a suppression comment inside) keeps the
// text as it is: the file is judged as before.
import { cfgOnlyUnderTest, childModuleDirectory } from '../model/code-kind.js';

/** After a `#[cfg(..)]`: other attributes, then `pub mod name {` or `mod name;`. */
const MODULE_AFTER = /^\s*(?:#\[[^\]\n]*\]\s*)*(?:pub(?:\([^)\n]*\))?\s+)?mod\s+([A-Za-z_]\w*)\s*([{;])/;
const SUPPRESSION = /axum-tls-lint-ignore/;

interface TestModule {
  /** Where its `#[cfg(..)]` starts. */
  index: number;
  name: string;
  /** `{` for an inline module (its braces at `open` and `close`), `;` for one in its own file. */
  kind: '{' | ';';
  open: number;
  close?: number;
}

/** What one pass over the text tells: which characters are code (not comment or literal), brace depths, matching braces. */
interface Lexed {
  code: Uint8Array;
  depth: Int32Array;
  closeOf: Map<number, number>;
}

/**
 * `#[cfg(P)] mod name ..` in code, where P holds only in test builds (`test`, `all(test, feature =
 * "x")`); a `mod name;` only at the top level (a nested one lives in another folder).
 */
function testModules(text: string, lexed: Lexed): TestModule[] {
  const out: TestModule[] = [];
  for (let at = text.indexOf('#[cfg('); at >= 0; at = text.indexOf('#[cfg(', at + 6)) {
    if (!lexed.code[at]) continue;
    const close = closingParen(text, at + 5);
    if (close === undefined || text[close + 1] !== ']') continue;
    if (!cfgOnlyUnderTest(text.slice(at + 6, close))) continue;
    const m = MODULE_AFTER.exec(text.slice(close + 2, close + 2 + 400));
    if (!m) continue;
    const open = close + 2 + m[0].length - 1;
    const kind = m[2] as '{' | ';';
    if (kind === ';' && lexed.depth[at] !== 0) continue;
    out.push({ index: at, name: m[1], kind, open, close: kind === '{' ? lexed.closeOf.get(open) : undefined });
  }
  return out;
}

/** The `)` closing the `(` at `open`, on a short stretch of text (attributes are short). */
function closingParen(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 400; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
    else if (text[i] === '\n' && depth === 0) return undefined;
  }
  return undefined;
}

/** A file that may hold a test-only cfg: the only ones worth a lexing pass. */
const MAY_HOLD_TEST_CFG = /cfg\(\s*(all\(\s*)?test\b/;

/** The text with every inline `#[cfg(test)] mod x { .. }` blanked (spaces, lines kept); linear in the text. */
export function withoutTestModules(text: string): string {
  if (!MAY_HOLD_TEST_CFG.test(text)) return text;
  const lexed = lex(text);
  if (!lexed) return text;
  const pieces: string[] = [];
  let copied = 0;
  for (const m of testModules(text, lexed)) {
    // A module inside one already blanked goes with it.
    if (m.kind !== '{' || m.index < copied) continue;
    if (m.close === undefined) return text;
    const region = text.slice(m.index, m.close + 1);
    if (SUPPRESSION.test(region)) continue;
    pieces.push(text.slice(copied, m.index), region.replace(/[^\n]/g, ' '));
    copied = m.close + 1;
  }
  if (copied === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/** A file's text without its test-only code: empty for a test module file, its inline test modules blanked. */
export function productionText(path: string | undefined, text: string, testFiles: Set<string>): string {
  if (path && testFiles.has(path) && !SUPPRESSION.test(text)) return '';
  return withoutTestModules(text);
}

/**
 * Files that are test modules declared elsewhere (`#[cfg(test)] mod tests;` in `src/client/mod.rs`
 * makes `src/client/tests.rs` or `src/client/tests/mod.rs` one), by crate-relative path.
 */
export function testModuleFiles(files: Array<{ path?: string; text: string }>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (!f.path || !MAY_HOLD_TEST_CFG.test(f.text)) continue;
    const lexed = lex(f.text);
    if (!lexed) continue;
    const dir = childModuleDirectory(f.path);
    for (const m of testModules(f.text, lexed)) {
      if (m.kind !== ';') continue;
      out.add(`${dir}${m.name}.rs`);
      out.add(`${dir}${m.name}/mod.rs`);
    }
  }
  return out;
}

/**
 * One pass over the text: code characters (not in comments, strings or character literals), the
 * brace depth at each character, and which `}` closes each `{`. Undefined when a comment or
 * literal never ends or the braces do not balance: the text is then judged as it is.
 */
function lex(text: string): Lexed | undefined {
  const code = new Uint8Array(text.length);
  const depth = new Int32Array(text.length);
  const closeOf = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    depth[i] = open.length;
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = blockCommentEnd(text, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === '"' || (c === 'r' && /^r#*"/.test(text.slice(i, i + 8)) && !/\w/.test(rawPrefix(text, i)))) {
      const end = stringEnd(text, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === "'") {
      // A character literal (`'{'`, `'\n'`, `'\x7b'`, `'\u{7b}'`, `'🦀'`); otherwise a lifetime (`'a`).
      const literal = CHAR_LITERAL.exec(text.slice(i, i + 14));
      if (literal) i += literal[0].length - 1;
      else code[i] = 1;
    } else {
      code[i] = 1;
      if (c === '{') open.push(i);
      else if (c === '}') {
        const from = open.pop();
        if (from === undefined) return undefined;
        closeOf.set(from, i);
      }
    }
  }
  return open.length === 0 ? { code, depth, closeOf } : undefined;
}

const CHAR_LITERAL = /^'(?:\\u\{[0-9a-fA-F]{1,6}\}|\\x[0-9a-fA-F]{2}|\\.|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\\'\n])'/;

/** The index of the `/` ending the block comment at `start` (they nest in Rust). */
function blockCommentEnd(text: string, start: number): number | undefined {
  let nesting = 0;
  for (let i = start; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      nesting++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      nesting--;
      i++;
      if (nesting === 0) return i;
    }
  }
  return undefined;
}

/** The character before a raw string's `r`, past a `b` (`br"..."`). */
function rawPrefix(text: string, r: number): string {
  const before = text[r - 1] ?? '';
  return before === 'b' || before === 'c' ? (text[r - 2] ?? '') : before;
}

/** The index of the closing quote of the string literal starting at `start` (`"..."` or `r#".."#`). */
function stringEnd(text: string, start: number): number | undefined {
  if (text[start] === '"') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i;
    }
    return undefined;
  }
  const hashes = /^r(#*)"/.exec(text.slice(start, start + 8))?.[1] ?? '';
  const close = `"${hashes}`;
  const end = text.indexOf(close, start + 2 + hashes.length);
  return end < 0 ? undefined : end + close.length - 1;
}
