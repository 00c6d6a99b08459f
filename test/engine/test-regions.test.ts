// Test-only code found from text (engine/test-regions.ts): what the prefilter of a crate without a
// TLS dependency leaves out, and what it must keep (code after a test module, unclear text).
import { describe, expect, it } from 'vitest';
import { productionText, testModuleFiles, withoutTestModules } from '../../src/engine/test-regions.js';

const SOURCE = `pub const LIVE: &str = "http://live.example.com";
#[cfg(test)]
mod tests {
    const BRACES: &str = "}}"; // } in a comment
    const C: char = '}';
    fn lifetime<'a>(x: &'a str) -> &'a str { x }
    const RAW: &str = r#"}"#;
    const MOCK: &str = "http://mock.example.com";
}
pub const AFTER: &str = "http://after.example.com";
`;

describe('test regions', () => {
  it('blanks an inline #[cfg(test)] module (braces in strings, chars, raw strings and comments skipped), keeps what follows', () => {
    const out = withoutTestModules(SOURCE);
    expect(out.length).toBe(SOURCE.length);
    expect(out.split('\n').length).toBe(SOURCE.split('\n').length);
    expect(out).toContain('"http://live.example.com"');
    expect(out).toContain('"http://after.example.com"');
    expect(out).not.toContain('mock.example.com');
    expect(out).not.toContain('mod tests');
  });

  it('keeps the text as it is when a test module is unbalanced or holds a suppression comment', () => {
    const unbalanced = '#[cfg(test)]\nmod tests {\n    const X: &str = "http://mock.example.com";\n';
    expect(withoutTestModules(unbalanced)).toBe(unbalanced);
    const suppressed =
      '#[cfg(test)]\nmod tests {\n    // axum-tls-lint-ignore cleartext-transport: a mock\n    const X: &str = "http://m";\n}\n';
    expect(withoutTestModules(suppressed)).toBe(suppressed);
  });

  it('leaves modules whose cfg also holds outside tests (any(test, ..), not(test), a feature)', () => {
    for (const cfg of ['any(test, feature = "mock")', 'not(test)', 'feature = "test-utils"']) {
      const text = `#[cfg(${cfg})]\nmod support {\n    const X: &str = "http://m";\n}\n`;
      expect(withoutTestModules(text)).toBe(text);
    }
    const both = '#[cfg(all(test, feature = "runtime"))]\nmod tests {\n    const X: &str = "http://m";\n}\n';
    expect(withoutTestModules(both)).not.toContain('http://m');
  });

  it('finds files declared as test modules, beside mod.rs/lib.rs or under a file module', () => {
    const files = [
      { path: 'src/client/mod.rs', text: '#[cfg(all(test, feature = "runtime"))]\nmod tests;\npub mod connect;\n' },
      { path: 'src/server.rs', text: '#[cfg(test)]\n#[path = "x.rs"]\npub(crate) mod checks;\n' },
      { path: 'src/lib.rs', text: '#[cfg(any(test, feature = "x"))]\nmod helpers;\n' },
    ];
    expect([...testModuleFiles(files)].sort()).toEqual([
      'src/client/tests.rs',
      'src/client/tests/mod.rs',
      'src/server/checks.rs',
      'src/server/checks/mod.rs',
    ]);
    const declared = testModuleFiles(files);
    expect(productionText('src/client/tests.rs', 'const X: &str = "http://m";', declared)).toBe('');
    const kept = '// axum-tls-lint-ignore-file cleartext-transport\nconst X: &str = "http://m";';
    expect(productionText('src/client/tests.rs', kept, declared)).toBe(kept);
  });

  it('ignores a cfg in a comment or a string, and a `mod x;` nested in another module', () => {
    const commented =
      '// #[cfg(test)]\nmod util {\n    const U: &str = "http://x";\n}\nconst S: &str = "#[cfg(test)] mod s {}";\n';
    expect(withoutTestModules(commented)).toBe(commented);
    const files = [
      { path: 'src/lib.rs', text: '// #[cfg(test)]\nmod util;\nmod a {\n    #[cfg(test)]\n    mod net;\n}\n' },
    ];
    expect([...testModuleFiles(files)]).toEqual([]);
  });

  it('blanks many and deeply nested test modules in one pass', () => {
    const flat = '#[cfg(test)] mod t {}\n'.repeat(20000);
    const nested = `${'#[cfg(test)] mod t {\n'.repeat(5000)}${'}\n'.repeat(5000)}`;
    // One pass over the text each (a rebuild per module took 18 s and 37 s on these before).
    expect(withoutTestModules(flat).trim()).toBe('');
    expect(withoutTestModules(nested).trim()).toBe('');
  });
});
