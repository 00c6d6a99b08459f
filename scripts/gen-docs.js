// Writes docs/rules/<id>.md from each rule's own metadata (run after `npm run build`).
// test/docs.test.ts fails when a committed page differs from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../dist/rules/index.js';
import { ruleMarkdown, rulesIndexMarkdown } from '../dist/docs/render.js';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');
mkdirSync(docsDir, { recursive: true });
for (const rule of ALL_RULES) writeFileSync(join(docsDir, `${rule.meta.id}.md`), ruleMarkdown(rule.meta));
writeFileSync(join(docsDir, 'README.md'), rulesIndexMarkdown(ALL_RULES.map((r) => r.meta)));
console.log(`wrote ${ALL_RULES.length + 1} pages to docs/rules/`);
