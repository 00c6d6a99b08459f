// SARIF 2.1.0 as GitHub code scanning expects it (see the README's "SARIF" section).
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Fix, Notification, Region, RunResult } from '../types.js';
import { ruleMarkdown, ruleText } from '../docs/render.js';
import { REPOSITORY_URL, TOOL_NAME } from '../version.js';
import { jsonSafe } from './sanitize.js';
import { firstSentence } from '../engine/messages.js';

export interface SarifOptions {
  /** `automationDetails.id`, only when the user asks for it. */
  category?: string;
  /** Emit suppressed findings with `suppressions` (then every result carries the property). */
  includeSuppressed?: boolean;
  /**
   * Where paths are taken from: report paths are relative to `cwd`, URIs to `root` (the
   * repository root, see sourceRoot()). GitHub resolves URIs against the repository root.
   */
  paths?: { cwd: string; root: string };
}

/** The %SRCROOT% base: no absolute path in the report (it would differ on every machine); its meaning instead. */
const SRCROOT_DESCRIPTION =
  'The root of the scanned repository (the top level of its git working tree), or the scanned folder outside a repository; every artifact URI is relative to it.';

type PathMapper = (reportPath: string) => Sarif.ArtifactLocation;

/**
 * Root-relative URIs, percent-encoded segment by segment, on %SRCROOT%. A file outside the root
 * (a second repository named on the command line) gets an absolute file: URI and no base.
 */
function pathMapper(paths: SarifOptions['paths']): PathMapper {
  return (reportPath) => {
    if (!paths) return { uri: encodeSegments(reportPath), uriBaseId: '%SRCROOT%' };
    const abs = resolve(paths.cwd, reportPath);
    const rel = relative(paths.root, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
    return { uri: encodeSegments(rel === '' ? '.' : rel.split(sep).join('/')), uriBaseId: '%SRCROOT%' };
  };
}

function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(map: PathMapper, path: string, region: Region): Sarif.PhysicalLocation {
  return {
    artifactLocation: map(path),
    region: {
      startLine: region.startLine,
      startColumn: region.startColumn,
      endLine: region.endLine,
      endColumn: region.endColumn,
    },
  };
}

/**
 * The tool's own line-independent key (the finding's fingerprint with its root-relative path).
 * GitHub matches alerts by `primaryLocationLineHash` only, which upload-sarif computes from the
 * source lines when it is absent: never written here, a home-made one would break its matching.
 */
function toolFingerprint(f: Finding, location: Sarif.ArtifactLocation): string {
  return createHash('sha256').update(`${f.ruleId}\0${location.uri}\0${f.fingerprint}`).digest('hex').slice(0, 32);
}

/**
 * GitHub shows at most 1,024 characters of fullDescription: whole sentences that fit, else
 * whole words with an ellipsis, never a word cut in the middle.
 */
export function fitDescription(text: string, max = 1024): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // A sentence ends at . ! or ? followed by a space and a capital letter or a code span.
  const sentences = flat.split(/(?<=[.!?])\s+(?=[A-Z`])/);
  let out = '';
  for (const sentence of sentences) {
    const next = out === '' ? sentence : `${out} ${sentence}`;
    if (next.length > max) break;
    out = next;
  }
  if (out !== '') return out;
  const words = flat.slice(0, max).replace(/\s+\S*$/, '');
  return `${words}…`;
}

/**
 * The primary message as a sentence that stands alone (GitHub's alert title), the note's first
 * sentence at most (the rest is in the rule's help), then the related locations by label.
 */
export function sarifMessage(f: Finding): string {
  const primary = f.message.charAt(0).toUpperCase() + f.message.slice(1);
  const sentence = /[.!?]$/.test(primary) ? primary : `${primary}.`;
  const note = f.note ? ` ${firstSentence(f.note)}` : '';
  const links = f.relatedLocations.map((r, i) => ` ${r.label}: [here](${i + 1}).`).join('');
  return sentence + note + links;
}

function sarifResult(f: Finding, ruleIndex: number, withSuppressions: boolean, map: PathMapper): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text: sarifMessage(f) },
    locations: [{ physicalLocation: physicalLocation(map, f.location.path, f.location.region) }],
    partialFingerprints: { 'axumTlsLint/v1': toolFingerprint(f, map(f.location.path)) },
  };
  if (f.relatedLocations.length > 0) {
    result.relatedLocations = f.relatedLocations.map((r, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(map, r.path, r.region),
      message: { text: r.label },
    }));
  }
  if (f.fixes) result.fixes = f.fixes.map((fix) => sarifFix(fix, map));
  if (withSuppressions) {
    result.suppressions = f.suppression ? [{ kind: 'inSource', justification: f.suppression.justification }] : [];
  }
  return result;
}

/** One artifactChange per file, its edits as replacements; the kind is a property (SARIF has no such field). */
function sarifFix(fix: Fix, map: PathMapper): Sarif.Fix {
  const byPath = new Map<string, Sarif.Replacement[]>();
  for (const edit of fix.edits) {
    const { startLine, startColumn, endLine, endColumn } = edit.region;
    const list = byPath.get(edit.path) ?? [];
    list.push({ deletedRegion: { startLine, startColumn, endLine, endColumn }, insertedContent: { text: edit.text } });
    byPath.set(edit.path, list);
  }
  return {
    description: { text: fix.description },
    artifactChanges: [...byPath].map(([path, replacements]) => ({ artifactLocation: map(path), replacements })),
    properties: { kind: fix.kind },
  };
}

function notification(n: Notification, map: PathMapper): Sarif.Notification {
  const out: Sarif.Notification = {
    level: n.level,
    message: { text: n.path ? `${n.path}: ${n.message}` : n.message },
    descriptor: { id: n.kind },
  };
  if (n.path) {
    out.locations = [
      { physicalLocation: { artifactLocation: map(n.path), ...(n.line ? { region: { startLine: n.line } } : {}) } },
    ];
  }
  return out;
}

export function buildSarif(result: RunResult, options: SarifOptions = {}): Sarif.Log {
  const rules = result.rules;
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const findings = result.findings.filter((f) => options.includeSuppressed || !f.suppression);
  const map = pathMapper(options.paths);
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        semanticVersion: result.toolVersion,
        version: result.toolVersion,
        informationUri: REPOSITORY_URL,
        rules: rules.map(
          ({ meta, helpUri }): Sarif.ReportingDescriptor => ({
            id: meta.id,
            name: meta.name,
            shortDescription: { text: meta.docs.summary },
            fullDescription: { text: fitDescription(meta.docs.whatItDoes) },
            help: { text: ruleText(meta), markdown: ruleMarkdown(meta, helpUri) },
            helpUri,
            defaultConfiguration: { level: meta.defaultLevel },
            properties: {
              tags: ['security', `external/cwe/cwe-${meta.cwe}`],
              precision: meta.precision,
              'security-severity': meta.securitySeverity.toFixed(1),
            },
          }),
        ),
      },
    },
    invocations: [
      {
        executionSuccessful: !result.notifications.some((n) => n.kind === 'internal' || n.kind === 'unreadable'),
        toolExecutionNotifications: result.notifications.map((n) => notification(n, map)),
      },
    ],
    originalUriBaseIds: { '%SRCROOT%': { description: { text: SRCROOT_DESCRIPTION } } },
    columnKind: 'utf16CodeUnits',
    results: findings.map((f) => sarifResult(f, index.get(f.ruleId) ?? 0, options.includeSuppressed === true, map)),
  };
  if (options.category)
    run.automationDetails = { id: options.category.endsWith('/') ? options.category : `${options.category}/` };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

export function formatSarif(result: RunResult, options: SarifOptions = {}): string {
  return `${jsonSafe(JSON.stringify(buildSarif(result, options), null, 2))}\n`;
}
