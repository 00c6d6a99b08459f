// Where a key is written in a TOML file. smol-toml reports positions only for syntax errors;
// semantic errors (an unknown key, a bad value) need the key's line and column too. This is a
// small TOML reader that keeps positions: it walks the document as TOML's grammar does
// (strings of all four kinds, arrays and inline tables over several lines, comments), so text
// inside a string or an array is never mistaken for a key. It runs only on a document that
// smol-toml has already accepted, so it need not report syntax errors.

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

/** A key or table header as written: its full dotted path and where each segment starts. */
interface WrittenKey {
  path: string[];
  /** Offset of each segment of `path` that this key wrote (the table's own segments come first, unwritten: -1). */
  starts: number[];
  /** Offset of the value; -1 for a table header. */
  value: number;
}

const BARE = /[A-Za-z0-9_-]/;

class Reader {
  i = 0;
  readonly keys: WrittenKey[] = [];

  constructor(private readonly s: string) {}

  /** Skips spaces and tabs; with `lines`, also newlines and comments (inside arrays). */
  private blank(lines: boolean): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (lines && (c === '\n' || c === '\r')) this.i++;
      else if (lines && c === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }

  /** The whole document: table headers and key/value lines. */
  document(): void {
    let table: string[] = [];
    while (this.i < this.s.length) {
      this.blank(true);
      if (this.i >= this.s.length) break;
      if (this.s[this.i] === '[') {
        table = this.header();
      } else {
        this.keyValue(table);
      }
      this.blank(false);
      if (this.s[this.i] === '#') this.skipComment();
    }
  }

  private header(): string[] {
    const array = this.s[this.i + 1] === '[';
    this.i += array ? 2 : 1;
    const key = this.dottedKey();
    this.i += array ? 2 : 1; // `]` or `]]`, after blanks that dottedKey skipped
    this.keys.push({ path: key.parts, starts: key.starts, value: -1 });
    return key.parts;
  }

  /** `key = value` with the key relative to `table`. */
  private keyValue(table: string[]): void {
    const key = this.dottedKey();
    this.blank(false);
    this.i++; // `=`
    this.blank(false);
    const path = [...table, ...key.parts];
    this.keys.push({ path, starts: [...table.map(() => -1), ...key.starts], value: this.i });
    this.value(path);
  }

  private dottedKey(): { parts: string[]; starts: number[] } {
    const parts: string[] = [];
    const starts: number[] = [];
    for (;;) {
      this.blank(false);
      starts.push(this.i);
      parts.push(this.keySegment());
      this.blank(false);
      if (this.s[this.i] !== '.') return { parts, starts };
      this.i++;
    }
  }

  private keySegment(): string {
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.string();
    const start = this.i;
    while (this.i < this.s.length && BARE.test(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }

  /** A value; keys of inline tables are recorded under `path`. */
  private value(path: string[]): void {
    const c = this.s[this.i];
    if (c === '"' || c === "'") this.string();
    else if (c === '[') this.array(path);
    else if (c === '{') this.inlineTable(path);
    else while (this.i < this.s.length && !/[,\]}\s#]/.test(this.s[this.i])) this.i++;
  }

  private array(path: string[]): void {
    this.i++;
    for (;;) {
      this.blank(true);
      if (this.i >= this.s.length) return;
      if (this.s[this.i] === ']') {
        this.i++;
        return;
      }
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.value(path);
    }
  }

  private inlineTable(path: string[]): void {
    this.i++;
    for (;;) {
      this.blank(false);
      if (this.i >= this.s.length) return;
      if (this.s[this.i] === '}') {
        this.i++;
        return;
      }
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.keyValue(path);
    }
  }

  /** A string of any of TOML's four kinds; returns its text (escapes resolved well enough for a key). */
  private string(): string {
    const q = this.s[this.i];
    const multi = this.s.startsWith(q.repeat(3), this.i);
    const close = multi ? q.repeat(3) : q;
    this.i += close.length;
    const start = this.i;
    while (this.i < this.s.length) {
      if (q === '"' && this.s[this.i] === '\\') {
        this.i += 2;
        continue;
      }
      if (this.s.startsWith(close, this.i)) {
        // A multi-line string may end with up to two more quotes of its kind (`""""` or `"""""`).
        let end = this.i;
        while (multi && this.s[end + close.length] === q && end - this.i < 2) end++;
        const text = this.s.slice(start, end);
        this.i = end + close.length;
        return q === '"' ? text.replace(/\\(.)/g, '$1') : text;
      }
      if (!multi && this.s[this.i] === '\n') break;
      this.i++;
    }
    return this.s.slice(start, this.i);
  }
}

function samePrefix(a: string[], b: string[], n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function positionOf(lineStarts: number[], offset: number): TextPosition {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

/**
 * The position of the key `path` (full dotted path from the document root) in TOML text, or of
 * the closest enclosing key or table header written in the file; undefined when none is found.
 * Among equally close ones, the first written wins.
 */
export function locateKey(text: string, path: string[]): KeyPosition | undefined {
  const reader = new Reader(text);
  reader.document();
  let best: { depth: number; key: number; value: number } | undefined;
  for (const written of reader.keys) {
    const depth = Math.min(written.path.length, path.length);
    if (!samePrefix(written.path, path, depth)) continue;
    const key = written.starts[depth - 1];
    // Only a segment this key wrote can be pointed at (not one of its table's).
    if (key === undefined || key < 0) continue;
    const exact = written.path.length === path.length && written.value >= 0;
    if (!best || depth > best.depth) best = { depth, key, value: exact ? written.value : key };
  }
  if (!best) return undefined;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return { key: positionOf(lineStarts, best.key), value: positionOf(lineStarts, best.value) };
}
