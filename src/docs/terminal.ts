// `--explain` on a terminal: the rule's Markdown (docs/render.ts) rendered for reading there, as
// `rustc --explain` does — headings set off, paragraphs and list items wrapped to the width, code
// blocks indented, pipe tables as aligned columns, links as "text (url)". Only the Markdown that
// render.ts writes is handled; anything else is printed as it is.
import { displayWidth } from '../reporters/stylish.js';
import { visible } from '../reporters/sanitize.js';
import type { RuleMeta } from '../types.js';
import { ruleMarkdown } from './render.js';

export interface TerminalOptions {
  /** Columns to wrap at. */
  width: number;
  /** Bold headings (ANSI), when colour is on. */
  color: boolean;
}

export function markdownForTerminal(markdown: string, options: TerminalOptions): string {
  const bold = (text: string) => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(...wrap(inline(paragraph.join(' ')), options.width, '', ''));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      flush();
      // Code as it is, indented by four (rustc --explain's habit), never wrapped.
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) out.push(`    ${visible(lines[i])}`.trimEnd());
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const text = inline(heading[2]);
      out.push(bold(heading[1].length === 1 ? text.toUpperCase() : text));
      if (heading[1].length <= 2) out.push('-'.repeat(Math.min(displayWidth(text), options.width)));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]); i++) {
        const cells = splitRow(lines[i]);
        // The header separator (`|---|---|`) becomes the underline of the header row.
        // Links in cells keep their text only: columns stay narrow (the references list has the URLs).
        if (!cells.every((c) => /^:?-+:?$/.test(c))) rows.push(cells.map((c) => inline(c, false)));
      }
      i--;
      out.push(...table(rows));
      continue;
    }
    const item = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const bullet = item[2].endsWith('.') ? `${item[2]} ` : '• ';
      const indent = item[1];
      out.push(...wrap(inline(item[3]), options.width, indent + bullet, indent + ' '.repeat(bullet.length)));
      continue;
    }
    if (line.trim() === '') {
      flush();
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** Inline Markdown made plain: links as "text (url)" (or the text only); code spans keep their backticks (they mark code). */
function inline(text: string, urls = true): string {
  return visible(
    text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      !urls || label === url ? label : `${label} (${url})`,
    ),
  );
}

/** Words to lines of at most `width` columns (a longer word gets a line of its own). */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let current = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = empty ? current + word : `${current} ${word}`;
    if (!empty && displayWidth(candidate) > width) {
      lines.push(current);
      current = rest + word;
    } else current = candidate;
    empty = false;
  }
  if (!empty) lines.push(current);
  return lines;
}

function splitRow(line: string): string[] {
  // `\|` is a pipe inside a cell.
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Rows as columns padded to their widest cell, the header underlined. */
function table(rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  const render = (cells: string[]) =>
    cells
      .map((cell, c) => cell + ' '.repeat(widths[c] - displayWidth(cell)))
      .join('  ')
      .trimEnd();
  return [render(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(render)];
}

/**
 * `--explain`: Markdown when piped (for files, pagers that render it, other tools), rendered for
 * the terminal when `terminal` says how.
 */
export function explainText(meta: RuleMeta, helpUri: string, terminal?: TerminalOptions): string {
  const markdown = ruleMarkdown(meta, helpUri);
  return terminal ? markdownForTerminal(markdown, terminal) : markdown;
}
