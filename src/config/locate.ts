// Where a key is written in a TOML file. smol-toml reports positions only for syntax errors;
// semantic errors (an unknown key, a bad value) need the key's line and column too, so this
// scans the text: table headers, dotted keys and one-line inline tables.

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface KeyPosition {
  key: TextPosition;
  /** Where the value starts (after `=`); the key's position for a table header. */
  value: TextPosition;
}

const BARE = /^[A-Za-z0-9_-]+/;

/** Reads one key segment (bare, "basic" or 'literal') at `at`; returns it and where it ends. */
function readSegment(s: string, at: number): { name: string; end: number } | undefined {
  const rest = s.slice(at);
  const bare = BARE.exec(rest);
  if (bare) return { name: bare[0], end: at + bare[0].length };
  if (rest.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    if (m) return { name: m[1].replace(/\\(.)/g, '$1'), end: at + m[0].length };
  }
  if (rest.startsWith("'")) {
    const m = /^'([^']*)'/.exec(rest);
    if (m) return { name: m[1], end: at + m[0].length };
  }
  return undefined;
}

/** A dotted key (`a."b".c`) starting at `at`: its segments, where each starts, and where it ends. */
function readDottedKey(s: string, at: number): { parts: string[]; starts: number[]; end: number } | undefined {
  const parts: string[] = [];
  const starts: number[] = [];
  let i = at;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    const seg = readSegment(s, i);
    if (!seg) return undefined;
    parts.push(seg.name);
    starts.push(i);
    i = seg.end;
    let j = i;
    while (s[j] === ' ' || s[j] === '\t') j++;
    if (s[j] !== '.') return { parts, starts, end: i };
    i = j + 1;
  }
}

function samePrefix(a: string[], b: string[], n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function skipBlanks(s: string, i: number): number {
  while (s[i] === ' ' || s[i] === '\t') i++;
  return i;
}

/**
 * Looks for `path` inside a one-line inline table (`rules = { a = "off", b = "note" }`) that starts
 * at `open` (the `{`); returns the column of the nested key and of its value.
 */
function locateInInline(line: string, open: number, path: string[]): { key: number; value: number } | undefined {
  let i = open + 1;
  for (;;) {
    i = skipBlanks(line, i);
    const key = readDottedKey(line, i);
    if (!key) return undefined;
    let j = skipBlanks(line, key.end);
    if (line[j] !== '=') return undefined;
    j = skipBlanks(line, j + 1);
    const n = Math.min(key.parts.length, path.length);
    if (samePrefix(key.parts, path, n)) {
      if (key.parts.length >= path.length) return { key: key.starts[path.length - 1], value: key.parts.length === path.length ? j : key.starts[path.length - 1] };
      if (line[j] === '{') return locateInInline(line, j, path.slice(key.parts.length)) ?? { key: key.starts[0], value: j };
      return { key: key.starts[0], value: j };
    }
    // Skip the value: up to the next comma at depth 0, outside strings.
    let depth = 0;
    let quote: string | undefined;
    for (; j < line.length; j++) {
      const c = line[j];
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        if (depth === 0) return undefined;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    if (j >= line.length) return undefined;
    i = j + 1;
  }
}

/**
 * The position of the key `path` (full dotted path from the document root) in TOML text, or of
 * the closest enclosing key or table header written in the file; undefined when none is found.
 */
export function locateKey(text: string, path: string[]): KeyPosition | undefined {
  const lines = text.split(/\r?\n/);
  let table: string[] = [];
  let best: { depth: number; pos: KeyPosition } | undefined;
  let multiline: string | undefined;
  const consider = (depth: number, line: number, keyCol: number, valueCol: number) => {
    if (!best || depth > best.depth) best = { depth, pos: { key: { line: line + 1, column: keyCol + 1 }, value: { line: line + 1, column: valueCol + 1 } } };
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (multiline) {
      if (line.includes(multiline)) multiline = undefined;
      continue;
    }
    const start = skipBlanks(line, 0);
    if (line[start] === '#' || start >= line.length) continue;
    if (line[start] === '[') {
      const array = line[start + 1] === '[';
      const key = readDottedKey(line, start + (array ? 2 : 1));
      if (!key) continue;
      table = key.parts;
      const n2 = Math.min(table.length, path.length);
      if (samePrefix(table, path, n2)) {
        const i = Math.min(table.length, path.length) - 1;
        consider(n2 === path.length ? path.length : n2, n, key.starts[i], key.starts[i]);
      }
      continue;
    }
    const key = readDottedKey(line, start);
    if (!key) continue;
    let j = skipBlanks(line, key.end);
    if (line[j] !== '=') continue;
    j = skipBlanks(line, j + 1);
    for (const q of ['"""', "'''"]) {
      if (line.startsWith(q, j) && !line.slice(j + 3).includes(q)) multiline = q;
    }
    const full = [...table, ...key.parts];
    if (!samePrefix(full, path, Math.min(table.length, path.length))) continue;
    const n2 = Math.min(full.length, path.length);
    if (!samePrefix(full, path, n2)) continue;
    if (full.length >= path.length) {
      // The key itself (or a dotted key under it).
      const i = path.length - 1 - table.length;
      if (i < 0) continue;
      consider(path.length, n, key.starts[i], full.length === path.length ? j : key.starts[i]);
    } else if (line[j] === '{') {
      const inner = locateInInline(line, j, path.slice(full.length));
      if (inner) consider(path.length, n, inner.key, inner.value);
      else consider(full.length, n, key.starts[0], j);
    } else {
      consider(full.length, n, key.starts[0], j);
    }
  }
  return best?.pos;
}
