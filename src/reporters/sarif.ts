// SARIF 2.1.0 as GitHub code scanning expects it (see the README's "SARIF" section).
import type * as Sarif from 'sarif';
import type { Finding, Notification, Region, RunResult } from '../types.js';
import { ruleMarkdown, ruleText } from '../docs/render.js';
import { REPOSITORY_URL, TOOL_NAME } from '../version.js';
import { jsonSafe } from './sanitize.js';

export interface SarifOptions {
  /** `automationDetails.id`, only when the user asks for it. */
  category?: string;
  /** Emit suppressed findings with `suppressions` (then every result carries the property). */
  includeSuppressed?: boolean;
}

/** Repository-root-relative URIs, percent-encoded segment by segment. */
function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(path: string, region: Region): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: artifactUri(path), uriBaseId: '%SRCROOT%' },
    region: { startLine: region.startLine, startColumn: region.startColumn, endLine: region.endLine, endColumn: region.endColumn },
  };
}

function sarifResult(f: Finding, ruleIndex: number, withSuppressions: boolean): Sarif.Result {
  const links = f.relatedLocations.map((r, i) => ` ${r.message}: [here](${i + 1}).`).join('');
  const result: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text: f.message + links },
    locations: [{ physicalLocation: physicalLocation(f.location.path, f.location.region) }],
    partialFingerprints: { 'axumTlsLint/v1': f.fingerprint },
  };
  if (f.relatedLocations.length > 0) {
    result.relatedLocations = f.relatedLocations.map((r, i) => ({ id: i + 1, physicalLocation: physicalLocation(r.path, r.region), message: { text: r.message } }));
  }
  if (withSuppressions) {
    result.suppressions = f.suppression ? [{ kind: 'inSource', justification: f.suppression.justification }] : [];
  }
  return result;
}

function notification(n: Notification): Sarif.Notification {
  const out: Sarif.Notification = { level: n.level, message: { text: n.path ? `${n.path}: ${n.message}` : n.message }, descriptor: { id: n.kind } };
  if (n.path) {
    out.locations = [{ physicalLocation: { artifactLocation: { uri: artifactUri(n.path), uriBaseId: '%SRCROOT%' }, ...(n.line ? { region: { startLine: n.line } } : {}) } }];
  }
  return out;
}

export function buildSarif(result: RunResult, options: SarifOptions = {}): Sarif.Log {
  const rules = result.rules;
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const findings = result.findings.filter((f) => options.includeSuppressed || !f.suppression);
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        semanticVersion: result.toolVersion,
        version: result.toolVersion,
        informationUri: REPOSITORY_URL,
        rules: rules.map(({ meta, helpUri }): Sarif.ReportingDescriptor => ({
          id: meta.id,
          name: meta.name,
          shortDescription: { text: meta.docs.summary },
          fullDescription: { text: meta.docs.whatItDoes.slice(0, 1024) },
          help: { text: ruleText(meta), markdown: ruleMarkdown(meta, helpUri) },
          helpUri,
          defaultConfiguration: { level: meta.defaultLevel },
          properties: {
            tags: ['security', `external/cwe/cwe-${meta.cwe}`],
            precision: meta.precision,
            'security-severity': meta.securitySeverity.toFixed(1),
          },
        })),
      },
    },
    invocations: [{
      executionSuccessful: !result.notifications.some((n) => n.kind === 'internal' || n.kind === 'unreadable'),
      toolExecutionNotifications: result.notifications.map(notification),
    }],
    columnKind: 'utf16CodeUnits',
    results: findings.map((f) => sarifResult(f, index.get(f.ruleId) ?? 0, options.includeSuppressed === true)),
  };
  if (options.category) run.automationDetails = { id: options.category.endsWith('/') ? options.category : `${options.category}/` };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

export function formatSarif(result: RunResult, options: SarifOptions = {}): string {
  return `${jsonSafe(JSON.stringify(buildSarif(result, options), null, 2))}\n`;
}
