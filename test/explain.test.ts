// `--explain` rendered for a terminal (docs/terminal.ts): headings, wrapped paragraphs, indented
// code, tables as aligned columns — no raw Markdown syntax (issue 18).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../src/rules/index.js';
import { explainText, markdownForTerminal } from '../src/docs/terminal.js';
import { ruleMarkdown } from '../src/docs/render.js';
import { displayWidth } from '../src/reporters/stylish.js';

const DOC_URL = 'https://example.invalid/docs/rules/x.md';

describe('--explain on a terminal', () => {
  for (const { meta } of ALL_RULES) {
    it(`${meta.id}: no Markdown syntax, prose wrapped at the width`, () => {
      const text = explainText(meta, DOC_URL, { width: 80, color: false });
      expect(text).not.toMatch(/\|---/);
      expect(text).not.toContain('```');
      expect(text).not.toMatch(/^#+ /m);
      expect(text).not.toMatch(/\]\(https?:/);
      for (const line of text.split('\n')) {
        // Code is printed as it is (indented by four); a single word longer than the width stands alone.
        const words = line
          .replace(/^\s*• /, '')
          .trim()
          .split(/\s+/);
        if (line.startsWith('    ') || words.length <= 1) continue;
        expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      }
    });
  }

  it('a table becomes aligned columns with the header underlined', () => {
    const meta = ALL_RULES.find((r) => r.meta.id === 'mtls-no-client-auth')!.meta;
    const lines = explainText(meta, DOC_URL, { width: 100, color: false }).split('\n');
    const header = lines.indexOf('level  security-severity  CWE      precision');
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 1, header + 3)).toEqual([
      '-----  -----------------  -------  ---------',
      `${meta.defaultLevel.padEnd(5)}  ${meta.securitySeverity.toFixed(1).padEnd(17)}  CWE-${meta.cwe}  ${meta.precision}`,
    ]);
  });

  it('headings, code blocks, lists and links', () => {
    const md =
      '# title\n\n## Section\n\nSome `code` and a [link](https://x.invalid/a).\n\n```rust\nlet a = 1;\n```\n\n- one item\n- two\n';
    expect(markdownForTerminal(md, { width: 100, color: false })).toBe(
      'TITLE\n-----\n\nSection\n-------\n\nSome `code` and a link (https://x.invalid/a).\n\n    let a = 1;\n\n• one item\n• two\n',
    );
    expect(markdownForTerminal('# t\n', { width: 100, color: true })).toBe('\u001b[1mT\u001b[0m\n-\n');
  });

  it('wraps list items with a hanging indent', () => {
    const out = markdownForTerminal(`- ${'word '.repeat(30)}\n`, { width: 40, color: false }).split('\n');
    expect(out[0].startsWith('• word')).toBe(true);
    expect(out[1].startsWith('  word')).toBe(true);
    for (const line of out) expect(line.length).toBeLessThanOrEqual(40);
  });

  // util-linux `script` gives the CLI a real terminal; skipped where it is missing.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('the CLI renders for a terminal when stdout is one', () => {
    const bin = fileURLToPath(new URL('../bin/axum-tls-lint.js', import.meta.url));
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} --explain weak-cipher-suites --no-color`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '80' },
    });
    const text = run.stdout.replace(/\r\n/g, '\n');
    expect(text.startsWith('WEAK-CIPHER-SUITES\n------------------\n')).toBe(true);
    expect(text).not.toMatch(/\|---/);
    expect(text).toContain('\nlevel  security-severity  CWE      precision\n');
  });

  it('piped: the Markdown itself', () => {
    const meta = ALL_RULES[0].meta;
    expect(explainText(meta, DOC_URL)).toBe(ruleMarkdown(meta, DOC_URL));
  });
});
