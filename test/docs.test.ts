// docs/rules/<id>.md is generated from each rule's metadata (`npm run docs`): it cannot drift.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../src/rules/index.js';
import { ruleMarkdown, rulesIndexMarkdown } from '../src/docs/render.js';
import { runCli } from './helpers/cli.js';

const docsDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'docs', 'rules');

describe('rule documentation', () => {
  for (const rule of ALL_RULES) {
    it(`docs/rules/${rule.meta.id}.md matches the rule's metadata`, () => {
      expect(readFileSync(join(docsDir, `${rule.meta.id}.md`), 'utf8')).toBe(ruleMarkdown(rule.meta));
    });
  }

  it('has no page for a rule that does not exist, and an up-to-date index', () => {
    const pages = readdirSync(docsDir)
      .filter((f) => f !== 'README.md')
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(ALL_RULES.map((r) => r.meta.id).sort());
    expect(readFileSync(join(docsDir, 'README.md'), 'utf8')).toBe(rulesIndexMarkdown(ALL_RULES.map((r) => r.meta)));
  });

  it('every rule documents all sections and a CWE reference', () => {
    for (const { meta } of ALL_RULES) {
      for (const [key, value] of Object.entries(meta.docs))
        expect(value.length, `${meta.id}.${key}`).toBeGreaterThan(0);
      expect(
        meta.docs.references.some((r) => r.includes(`cwe.mitre.org/data/definitions/${meta.cwe}`)),
        meta.id,
      ).toBe(true);
      expect(meta.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(meta.keywords.length).toBeGreaterThan(0);
    }
  });
});

describe('README', () => {
  const readme = readFileSync(join(docsDir, '..', '..', 'README.md'), 'utf8');
  const fixtures = join(docsDir, '..', '..', 'test', 'fixtures');
  /** The README's example of `$ axum-tls-lint <args>` is what the tool prints there. */
  const example = (args: string) => {
    const start = readme.indexOf(`\`\`\`\n$ axum-tls-lint${args ? ` ${args}` : ''}\n`);
    expect(start, `README example "${args}"`).toBeGreaterThanOrEqual(0);
    const body = readme.slice(readme.indexOf('\n', readme.indexOf('\n', start) + 1) + 1);
    return body.slice(0, body.indexOf('```\n'));
  };

  it('the stylish and compact examples are real output', () => {
    expect(example('')).toBe(runCli([], { cwd: join(fixtures, 'always-accept-server-cert', 'cross-file') }).stdout);
    expect(example('--format compact')).toBe(
      runCli(['--format', 'compact'], { cwd: join(fixtures, 'mtls-no-client-auth', 'cross-file') }).stdout,
    );
  });
});
