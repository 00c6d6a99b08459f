// The rule API. A rule is one file exporting `rule: Rule`: its metadata and docs (`meta`)
// and a checker (`create`) that returns visitors keyed by tree-sitter node kind. The engine
// walks each tree once and calls the visitors registered for each node's kind.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from '../model/crate.js';
import type { Fix, Level, Region, RuleMeta, TlsPolicy } from '../types.js';

export interface Settings {
  /** `min_tls_version` policy: 1.2 (default) or 1.3. */
  minTlsVersion: TlsPolicy;
  /** mTLS intent: detected (`auto`), forced on (`required`) or off. */
  mtls: 'auto' | 'required' | 'off';
}

export interface Report {
  /** The narrowest, most actionable node (the `.with_no_client_auth()` call, the `Ok(..)` expression). */
  node: Node;
  /** A key of the rule's `meta.messages`: the engine renders its message, label, note and help. */
  messageId: string;
  /** Values for the template's `{placeholders}`. */
  data?: Record<string, string | number>;
  /** Overrides the rule's default level (e.g. raised by mTLS intent). */
  level?: Level;
  /** The `if`/`match` arm a setting chooses, when not at `node` (a verifier type built in one arm): its condition is noted. */
  chosenAt?: Node;
  /** The condition it applies under when no branch around it says so (a default replaced under an `if`). */
  condition?: string;
  /** The other half of a two-part finding (a verifier type ↔ where it is installed), each with a short label. */
  related?: Array<{ node: Node; label: string }>;
  /** Rewrites that repair the finding (see `Fix` in types.ts); each edit replaces a node, or a region of this file. */
  fixes?: FixDeclaration[];
}

export interface FixDeclaration {
  kind: Fix['kind'];
  description: string;
  edits: Array<{ node: Node; text: string } | { region: Region; text: string }>;
}

export interface RuleContext {
  file: SourceFile;
  crate: CrateModel;
  settings: Settings;
  report(report: Report): void;
}

export type Visitors = Record<string, (node: Node) => void>;

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): Visitors;
}
