// Finds which of many literal words occur in a text, in one pass (Aho-Corasick). The prefilter
// asks this of every file: 150 `includes` calls per file cost ten times more than reading it.

/** Words must be ASCII; a character outside ASCII only resets the automaton (no word contains one). */
export class KeywordMatcher {
  private readonly table: Int32Array;
  /** Per state: the words that end there (also through suffix links), or null. */
  private readonly outputs: Array<number[] | null>;
  /** Words with a character outside ASCII, checked with `includes`. */
  private readonly others: number[] = [];

  constructor(readonly words: string[]) {
    const next: Array<Map<number, number>> = [new Map()];
    const ends: number[][] = [[]];
    words.forEach((word, index) => {
      if (word.length === 0) return;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: \x00-\x7f is the ASCII range, on purpose
      if (!/^[\x00-\x7f]*$/.test(word)) {
        this.others.push(index);
        return;
      }
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        let to = next[state].get(c);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          ends.push([]);
          next[state].set(c, to);
        }
        state = to;
      }
      ends[state].push(index);
    });
    // Breadth-first: suffix links, inherited outputs and the full transition table. A state's row
    // is its suffix link's row (complete: a shorter suffix comes first) with its own edges over it.
    const states = next.length;
    const fail = new Int32Array(states);
    this.table = new Int32Array(states * 128);
    const order: number[] = [0];
    for (let head = 0; head < order.length; head++) {
      const s = order[head];
      if (s !== 0) this.table.copyWithin(s * 128, fail[s] * 128, fail[s] * 128 + 128);
      for (const [c, to] of next[s]) {
        fail[to] = s === 0 ? 0 : this.table[fail[s] * 128 + c];
        ends[to] = ends[to].concat(ends[fail[to]]);
        this.table[s * 128 + c] = to;
        order.push(to);
      }
    }
    this.outputs = ends.map((e) => (e.length > 0 ? e : null));
  }

  /** Flags, by word index, of the words the text contains. */
  find(text: string): Uint8Array {
    const found = new Uint8Array(this.words.length);
    const table = this.table;
    const outputs = this.outputs;
    let state = 0;
    // Only blanks since the last line break: a `//` there starts a comment line (`///` docs included),
    // whose words (a doc example's `"http://…"`, a mention of rustls) cannot be code.
    let lineStart = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) lineStart = true;
      else if (lineStart && c === 47 && text.charCodeAt(i + 1) === 47) {
        const end = text.indexOf('\n', i);
        if (end < 0) break;
        i = end - 1;
        state = 0;
        continue;
      } else if (c !== 32 && c !== 9 && c !== 13) lineStart = false;
      state = c < 128 ? table[state * 128 + c] : 0;
      const out = outputs[state];
      if (out !== null) for (let k = 0; k < out.length; k++) found[out[k]] = 1;
    }
    for (const index of this.others) if (text.includes(this.words[index])) found[index] = 1;
    return found;
  }
}
