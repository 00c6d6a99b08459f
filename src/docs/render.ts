// Renders a rule's own metadata as documentation. docs/rules/<id>.md, `--explain <id>` and
// SARIF `help.markdown` all come from here, so they cannot drift apart.
import type { RuleMeta } from '../types.js';

export function ruleMarkdown(meta: RuleMeta, helpUri?: string): string {
  const d = meta.docs;
  const parts = [
    `# ${meta.id}`,
    '',
    `${d.summary}`,
    '',
    `| level | security-severity | CWE | precision |`,
    `|---|---|---|---|`,
    `| ${meta.defaultLevel} | ${meta.securitySeverity.toFixed(1)} | [CWE-${meta.cwe}](https://cwe.mitre.org/data/definitions/${meta.cwe}.html) | ${meta.precision} |`,
    '',
    ...(meta.exampleCode === 'lower' ? ['In example code (`examples/`) the level is one lower.', ''] : []),
    '## What it does',
    '',
    d.whatItDoes,
    '',
    '## Why is this bad',
    '',
    d.whyIsThisBad,
    '',
    '## Known limits',
    '',
    d.knownLimits,
    '',
    '## Example',
    '',
    '```rust',
    d.badExample,
    '```',
    '',
    'Use instead:',
    '',
    '```rust',
    d.goodExample,
    '```',
    '',
    '## How to fix',
    '',
    d.howToFix,
    '',
    '## Suppressing',
    '',
    `\`// axum-tls-lint-ignore: ${meta.id} -- <reason>\` on the line or the line above.`,
    '',
    '## References',
    '',
    ...d.references.map((r) => `- ${r}`),
  ];
  if (helpUri) parts.push('', `[Rule documentation](${helpUri})`);
  return `${parts.join('\n')}\n`;
}

/** Plain text for terminals (`--explain`) and SARIF `help.text`. */
export function ruleText(meta: RuleMeta): string {
  return ruleMarkdown(meta)
    .replace(/```rust\n|```\n?/g, '')
    .replace(/^#+ /gm, '')
    .replace(/`/g, '');
}

/** docs/rules/README.md: one row per rule. */
export function rulesIndexMarkdown(metas: RuleMeta[]): string {
  const rows = [...metas]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(
      (m) =>
        `| [\`${m.id}\`](${m.id}.md) | ${m.defaultLevel} | ${m.securitySeverity.toFixed(1)} | CWE-${m.cwe} | ${m.docs.summary} |`,
    );
  return [
    '# Rules',
    '',
    '| rule | default level | security-severity | CWE | finds |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
