// The prefilter's one-pass matcher (engine/keywords.ts) against `includes`: seeded random words
// over a small alphabet (many shared prefixes and suffixes, words inside words) and texts.
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/engine/keywords.js';
import { Prefilter } from '../../src/engine/prefilter.js';
import { ALL_RULES } from '../../src/rules/index.js';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('KeywordMatcher', () => {
  it('finds exactly the words `includes` finds outside comment lines (`//` after blanks only)', () => {
    const next = random(7);
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const words = Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
        pick('abcab_', 1 + Math.floor(next() * 6)),
      );
      words.push('é', 'aé');
      const matcher = new KeywordMatcher(words);
      for (let t = 0; t < 20; t++) {
        const text = pick('abcab_ é\n/', Math.floor(next() * 200));
        const code = text
          .split('\n')
          .map((line) => (/^[ \t\r]*\/\//.test(line) ? '' : line))
          .join('\n');
        // Words outside ASCII are looked for with `includes` over the whole text.
        const ascii = (w: string) => [...w].every((ch) => ch.charCodeAt(0) < 128);
        const expected = words.map((w) => ((ascii(w) ? code : text).includes(w) ? 1 : 0));
        expect([...matcher.find(text)], text).toEqual(expected);
      }
    }
  });

  it("the rules' words are found in a file that has them", () => {
    const prefilter = new Prefilter(ALL_RULES);
    expect(prefilter.hits('use rustls::ServerConfig;')).toBeDefined();
    expect(prefilter.hits('fn add(a: u32) -> u32 { a }')).toBeUndefined();
    // A doc comment's example is not code: `/// let c = rustls::ClientConfig::builder();`
    expect(
      prefilter.hits('/// let c = rustls::ClientConfig::builder();\n  // uses rustls\nfn f() {}\n'),
    ).toBeUndefined();
  });
});
