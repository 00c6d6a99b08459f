// Inline suppressions. Rust rejects unknown tool attributes, so they are comments:
//   // axum-tls-lint-ignore: <rule-id>[, <rule-id>] -- <reason>        (this line, or the next code line)
//   // axum-tls-lint-ignore-file: <rule-id>[, <rule-id>] -- <reason>   (the whole file)
// A suppression needs a reason and known rule ids; one that is malformed suppresses nothing
// and is itself reported, and so is one that suppresses nothing (when asked).
import type { Finding, Notification } from '../types.js';

const MARKER = /\/\/[ \t]*axum-tls-lint-ignore(-file)?(?![\w-])(.*)$/;
const EXAMPLE = '// axum-tls-lint-ignore: <rule-id> -- <why this is safe>';

interface DirectiveRule {
  id: string;
  used: boolean;
}

export interface Directive {
  path: string;
  /** Line of the comment (1-based). */
  line: number;
  fileWide: boolean;
  /** Lines whose findings it covers: its own and, for a comment alone on its line, the next code line. */
  lines: number[];
  rules: DirectiveRule[];
  reason: string;
}

/** Column where a `//` comment starts, when it is outside a string literal (a good-enough lexer for one line). */
function commentStart(line: string, at: number): boolean {
  if (line[at - 1] === '/') return false; // `///` doc comment: documentation, not a directive
  let inString = false;
  for (let i = 0; i < at; i++) {
    const c = line[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === '/' && line[i + 1] === '/') return false; // an earlier comment holds it
  }
  return !inString;
}

export class SuppressionIndex {
  private readonly byFile = new Map<string, Directive[]>();
  /** Malformed directives (no reason, unknown rule, no rule list). */
  readonly problems: Notification[] = [];

  constructor(private readonly isKnownRule: (id: string) => boolean) {}

  /** Reads the directives of one file. */
  collect(path: string, text: string): void {
    if (!text.includes('axum-tls-lint-ignore')) return;
    const lines = text.split(/\r?\n/);
    const directives: Directive[] = [];
    lines.forEach((source, index) => {
      const m = MARKER.exec(source);
      if (!m || !commentStart(source, m.index)) return;
      const line = index + 1;
      const fileWide = m[1] !== undefined;
      const name = `axum-tls-lint-ignore${fileWide ? '-file' : ''}`;
      const problem = (message: string) =>
        this.problems.push({ level: 'warning', kind: 'suppression', path, line, message });
      const body = /^\s*:(.*)$/.exec(m[2]);
      if (!body) return problem(`"${name}" names no rule; write "${EXAMPLE}"`);
      const dash = body[1].indexOf('--');
      const idsText = dash < 0 ? body[1] : body[1].slice(0, dash);
      const reason = dash < 0 ? '' : body[1].slice(dash + 2).trim();
      const ids = idsText
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (ids.length === 0) return problem(`"${name}" names no rule; write "${EXAMPLE}"`);
      if (reason === '') {
        return problem(
          `suppression of ${ids.map((id) => `"${id}"`).join(', ')} has no reason, so it suppresses nothing; write "${EXAMPLE.replace('<rule-id>', ids.join(', '))}"`,
        );
      }
      const rules: DirectiveRule[] = [];
      for (const id of ids) {
        if (this.isKnownRule(id)) rules.push({ id, used: false });
        else problem(`suppression names unknown rule "${id}"; "axum-tls-lint rules" lists them`);
      }
      if (rules.length === 0) return;
      const covered = [line];
      if (!fileWide && source.slice(0, m.index).trim() === '') {
        // A comment alone on its line covers the next line, past other comment lines (stacked directives).
        let next = index + 1;
        while (next < lines.length && /^\s*\/\//.test(lines[next])) next++;
        if (next < lines.length) covered.push(next + 1);
      }
      directives.push({ path, line, fileWide, lines: covered, rules, reason });
    });
    if (directives.length > 0) this.byFile.set(path, directives);
  }

  /** Marks every finding a directive covers (`finding.suppression`) and the directive as used. */
  apply(findings: Finding[]): void {
    for (const f of findings) {
      const directives = this.byFile.get(f.location.path);
      if (!directives) continue;
      for (const d of directives) {
        const rule = d.rules.find((r) => r.id === f.ruleId);
        if (!rule || !(d.fileWide || d.lines.includes(f.location.region.startLine))) continue;
        rule.used = true;
        f.suppression ??= { justification: d.reason };
      }
    }
  }

  /** Marks directives covering findings in test code the run leaves out: they are not unused. */
  markTestCodeSites(sites: Array<{ ruleId: string; path: string; line: number }>): void {
    for (const site of sites) {
      for (const d of this.byFile.get(site.path) ?? []) {
        const rule = d.rules.find((r) => r.id === site.ruleId);
        if (rule && (d.fileWide || d.lines.includes(site.line))) rule.used = true;
      }
    }
  }

  /**
   * Directives that suppressed nothing. `ruleState` says whether the rule ran on the file
   * ('on'), was turned off there ('off'), or cannot tell (e.g. test code left out: 'skip').
   */
  unused(ruleState: (path: string, ruleId: string) => 'on' | 'off' | 'skip'): Notification[] {
    const out: Notification[] = [];
    for (const directives of this.byFile.values()) {
      for (const d of directives) {
        for (const r of d.rules) {
          if (r.used) continue;
          const state = ruleState(d.path, r.id);
          if (state === 'skip') continue;
          const where = d.fileWide ? 'in this file' : d.lines.length > 1 ? `on line ${d.lines[1]}` : 'on this line';
          const why = state === 'off' ? `rule "${r.id}" is off for this file` : `nothing "${r.id}" reports ${where}`;
          out.push({
            level: 'warning',
            kind: 'suppression',
            path: d.path,
            line: d.line,
            message: `unused suppression: ${why}; remove it`,
          });
        }
      }
    }
    return out;
  }
}
