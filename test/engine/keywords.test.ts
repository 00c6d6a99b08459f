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
  it('finds exactly the words `includes` finds', () => {
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
        const text = pick('abcab_ é\n', Math.floor(next() * 200));
        expect([...matcher.find(text)], text).toEqual(words.map((w) => (text.includes(w) ? 1 : 0)));
      }
    }
  });

  it("the rules' words are found in a file that has them", () => {
    const prefilter = new Prefilter(ALL_RULES);
    expect(prefilter.hits('use rustls::ServerConfig;')).toBeDefined();
    expect(prefilter.hits('fn add(a: u32) -> u32 { a }')).toBeUndefined();
  });
});
