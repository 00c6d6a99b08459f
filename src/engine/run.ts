// One lint run: discover, read, prefilter, group files into crates, analyse, order the results.
import { loadRustParser } from '../parser/parser.js';
import type { Rule } from '../rules/rule.js';
import type { Finding, Notification, RuleDescriptor, RunResult, TlsPolicy } from '../types.js';
import { analyzeCrate, type InputFile } from './analyze.js';
import { crateRootOf, discoverFiles, readSource, toPosixRelative } from './files.js';
import { MODEL_KEYWORDS } from '../model/keywords.js';
import { TOOL_VERSION, ruleDocUrl } from '../version.js';

export interface RunOptions {
  paths: string[];
  cwd: string;
  rules: Rule[];
  includeTests: boolean;
  minTlsVersion: TlsPolicy;
  mtls: 'auto' | 'required' | 'off';
  /** Skip parsing files that contain none of the rules' keywords (never changes results). */
  prefilter: boolean;
}

export async function runLint(options: RunOptions): Promise<RunResult> {
  const notifications: Notification[] = [];
  const root = options.cwd;
  const discovered = discoverFiles(options.paths, root, notifications);
  const keywords = [...new Set([...options.rules.flatMap((r) => r.meta.keywords), ...MODEL_KEYWORDS])];
  const crates = new Map<string, InputFile[]>();
  let filesScanned = 0;
  for (const file of discovered) {
    const relPath = toPosixRelative(root, file.absPath);
    const read = readSource(file.absPath, relPath);
    if (read.notification) notifications.push(read.notification);
    if (!read.ok) continue;
    filesScanned++;
    if (options.prefilter && !keywords.some((k) => read.text.includes(k))) continue;
    // A file outside any Cargo package is a crate of its own.
    const crateRoot = crateRootOf(file.absPath) ?? file.absPath;
    const list = crates.get(crateRoot) ?? [];
    list.push({ absPath: file.absPath, relPath, text: read.text });
    crates.set(crateRoot, list);
  }
  const findings: Finding[] = [];
  if (crates.size > 0) await loadRustParser();
  for (const [crateRoot, inputs] of [...crates.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const result = analyzeCrate(crateRoot, inputs, options.rules, options);
    findings.push(...result.findings);
    notifications.push(...result.notifications);
  }
  if (discovered.length === 0) {
    notifications.push({ level: 'note', kind: 'skipped', message: 'no Rust files found' });
  }
  return {
    findings: findings.sort(compareFindings),
    notifications: notifications.sort((a, b) => (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0)),
    rules: describeRules(options.rules),
    filesScanned,
    root,
    toolVersion: TOOL_VERSION,
  };
}

export function describeRules(rules: Rule[]): RuleDescriptor[] {
  return rules
    .map((r) => ({ meta: r.meta, helpUri: ruleDocUrl(r.meta.id) }))
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

/** Deterministic order: path, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  const pa = a.location.path, pb = b.location.path;
  if (pa !== pb) return pa < pb ? -1 : 1;
  const ra = a.location.region, rb = b.location.region;
  return ra.startLine - rb.startLine || ra.startColumn - rb.startColumn || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
