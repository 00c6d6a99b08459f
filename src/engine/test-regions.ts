// Test-only code found from text alone, for the prefilter of crates without a TLS dependency: there
// only the rules that need no TLS run (a cleartext URL, a private key, identity headers), and their
// findings in test code are left out unless --include-tests. A `"http://mock.local"` in a
// `#[cfg(test)] mod tests { .. }` block, or in a file that is such a module, is then no reason to
// parse the file. Anything unclear (an unbalanced brace, a suppression comment inside) keeps the
// text as it is: the file is judged as before.
import { cfgOnlyUnderTest } from '../model/code-kind.js';

/** After a `#[cfg(..)]`: other attributes, then `pub mod name {` or `mod name;`. */
const MODULE_AFTER = /^\s*(?:#\[[^\]\n]*\]\s*)*(?:pub(?:\([^)\n]*\))?\s+)?mod\s+([A-Za-z_]\w*)\s*([{;])/;
const SUPPRESSION = /axum-tls-lint-ignore/;

interface TestModule {
  /** Where its `#[cfg(..)]` starts. */
  index: number;
  name: string;
  /** `{` for an inline module (at `open`), `;` for one in its own file. */
  kind: '{' | ';';
  open: number;
}

/** `#[cfg(P)] mod name ..` where P holds only in test builds (`test`, `all(test, feature = "x")`). */
function testModules(text: string): TestModule[] {
  const out: TestModule[] = [];
  for (let at = text.indexOf('#[cfg('); at >= 0; at = text.indexOf('#[cfg(', at + 6)) {
    const close = closingParen(text, at + 5);
    if (close === undefined || text[close + 1] !== ']') continue;
    if (!cfgOnlyUnderTest(text.slice(at + 6, close))) continue;
    const m = MODULE_AFTER.exec(text.slice(close + 2, close + 2 + 400));
    if (!m) continue;
    out.push({ index: at, name: m[1], kind: m[2] as '{' | ';', open: close + 2 + m[0].length - 1 });
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

/** The text with every inline `#[cfg(test)] mod x { .. }` blanked (spaces, lines kept). */
export function withoutTestModules(text: string): string {
  if (!/cfg\(\s*(all\(\s*)?test\b/.test(text)) return text;
  let out = text;
  for (const m of testModules(text)) {
    if (m.kind !== '{') continue;
    const close = matchingBrace(text, m.open);
    if (close === undefined) return text;
    const region = text.slice(m.index, close + 1);
    if (SUPPRESSION.test(region)) continue;
    out = out.slice(0, m.index) + region.replace(/[^\n]/g, ' ') + out.slice(close + 1);
  }
  return out;
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
    if (!f.path || !/cfg\(\s*(all\(\s*)?test\b/.test(f.text)) continue;
    const dir = moduleDirectory(f.path);
    for (const m of testModules(f.text)) {
      if (m.kind !== ';') continue;
      out.add(`${dir}${m.name}.rs`);
      out.add(`${dir}${m.name}/mod.rs`);
    }
  }
  return out;
}

/** Where a file's child modules live: `src/` for `src/lib.rs`/`mod.rs`, `src/client/` for `src/client.rs`. */
function moduleDirectory(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  const name = path.slice(slash + 1);
  return /^(lib|main|mod)\.rs$/.test(name) ? dir : `${dir}${name.replace(/\.rs$/, '')}/`;
}

/** The index of the `}` closing the `{` at `open`, skipping strings, characters and comments; undefined when unbalanced. */
function matchingBrace(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (c === '"' || (c === 'r' && /^r#*"/.test(text.slice(i, i + 8)) && !/\w/.test(rawPrefix(text, i)))) {
      const end = stringEnd(text, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (c === "'") {
      // A character literal (`'{'`, `'\n'`, `'\u{7b}'`); otherwise a lifetime (`'a`).
      const literal = /^'(?:\\u\{[0-9a-fA-F]+\}|\\.|[^\\'\n])'/.exec(text.slice(i, i + 12));
      if (literal) i += literal[0].length - 1;
    } else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/** The character before a raw string's `r`, past a `b` (`br"..."`). */
function rawPrefix(text: string, r: number): string {
  const before = text[r - 1] ?? '';
  return before === 'b' ? (text[r - 2] ?? '') : before;
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
