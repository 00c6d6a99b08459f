// Types shared by the engine, the rules and the reporters.
// Reporters only see Finding / Notification / RuleDescriptor: they know nothing of trees.

export type Level = 'error' | 'warning' | 'note';
export type ConfiguredLevel = Level | 'off';
export type Precision = 'very-high' | 'high' | 'medium' | 'low';
export type TlsPolicy = '1.2' | '1.3';

/** 1-based lines, 1-based columns in UTF-16 code units, end column exclusive (SARIF regions). */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Location {
  /** Path relative to the scan root, POSIX separators. */
  path: string;
  region: Region;
}

/** A secondary span (rustc's `----`): the other half of a finding, with a short label. */
export interface RelatedLocation extends Location {
  /** A few words about this place: "the verifier is installed here". */
  label: string;
  /** The source line of the start of the span, for code frames. */
  sourceLine: string;
}

export interface Finding {
  ruleId: string;
  level: Level;
  /** The primary message (rustc style): what is wrong here, one line, at most 100 characters; no why, no how. */
  message: string;
  /** A short label under the flagged span in code frames. */
  label?: string;
  /** Why it matters and the condition it applies under (a branch, example code, a feature), when there is one. */
  note?: string;
  /** What to write instead, one line, naming the API. */
  help: string;
  location: Location;
  relatedLocations: RelatedLocation[];
  /** Line-independent key: hash of rule id, path, normalized matched text and enclosing item. */
  fingerprint: string;
  /** The source line of the start of the finding, for code frames. */
  sourceLine: string;
  /** Set when an inline suppression covers this finding. */
  suppression?: { justification: string };
  /** Rewrites that repair the finding, safest first (absent when the rule declares none). */
  fixes?: Fix[];
}

/**
 * A rewrite that repairs a finding, Clippy/Ruff style: `safe` keeps the intent and compiles if the
 * original did (`--fix` applies it); `suggestion` needs a human (`--fix-suggestions`).
 */
export interface Fix {
  kind: 'safe' | 'suggestion';
  /** Imperative, for a menu: "Set to `false`". */
  description: string;
  edits: FixEdit[];
}

/** The text in `region` (of the file at `path`, same coordinates as finding regions) becomes `text`. */
export interface FixEdit extends Location {
  text: string;
}

/** Something the tool could not do completely: a file it could not read or parse cleanly. */
export interface Notification {
  level: Level;
  kind:
    | 'unreadable'
    | 'not-utf8'
    | 'parse-error'
    | 'too-large'
    | 'binary'
    | 'skipped'
    | 'config'
    | 'internal'
    | 'suppression'
    | 'budget'
    | 'parts';
  path?: string;
  message: string;
  line?: number;
}

/** The documentation of a rule; docs/rules/<id>.md, --explain and SARIF help are all made from it. */
export interface RuleDocs {
  summary: string;
  whatItDoes: string;
  whyIsThisBad: string;
  knownLimits: string;
  badExample: string;
  goodExample: string;
  howToFix: string;
  references: string[];
}

export interface RuleMeta {
  id: string;
  /** PascalCase, for SARIF `name`. */
  name: string;
  defaultLevel: Level;
  securitySeverity: number;
  cwe: number;
  precision: Precision;
  /**
   * Example code (`examples/`) is reported and labelled as such; `'lower'` also reports it one
   * level lower (a key committed for a demo server is still a key, but not a production one).
   */
  exampleCode?: 'lower';
  /**
   * Literal words at least one of which a file must contain for this rule to possibly fire there.
   * Used by the prefilter; must be conservative (a missing word loses findings).
   */
  keywords: string[];
  /**
   * Optional: literal words at least one of which some file of a crate must contain for this rule
   * to possibly fire anywhere in that crate (a rule with broad `keywords`, like response types,
   * that needs TLS code somewhere in the crate). Also conservative.
   */
  crateKeywords?: string[];
  /**
   * Whether the rule can fire in a crate whose manifest names no TLS library (Cargo-aware gating):
   * absent, it cannot (it is about a TLS configuration); `'always'`; `'intent'`, only where the crate
   * shows mTLS intent in its names (or `mtls = "required"`); or a pattern some file must match.
   */
  withoutTlsDependency?: 'always' | 'intent' | RegExp;
  /**
   * Optional, for a rule whose `keywords` are common words (response types) and whose subject
   * comes from elsewhere (a TLS error): a file with a keyword is parsed only when it also contains
   * one of `sources.keywords` or mentions a carrier — a name that `sources.carriers` finds declared
   * in a file of the crate that does (a function returning a TLS error, an error enum wrapping
   * one, an alias). `carriers` sees a file's text and which names are already known carriers; it
   * must be conservative too: a name it misses loses findings in other files. It returns
   * undefined when it cannot tell (hostile text): the whole crate is then parsed.
   */
  sources?: { keywords: string[]; carriers(text: string, isCarrier: (name: string) => boolean): string[] | undefined };
  /** The rule's diagnostics by message id; a report names one and fills its `{placeholders}`. */
  messages: Record<string, MessageTemplate>;
  docs: RuleDocs;
}

/**
 * One diagnostic of a rule, in rustc's three parts, each with `{name}` placeholders filled from a
 * report's `data` (ESLint style). `message`: what is wrong here, one line, at most 100 characters
 * once filled, no why and no how. `label`: a few words under the span. `note`: why it matters, the
 * condition it applies under. `help`: what to write instead, one line, naming the API.
 */
export interface MessageTemplate {
  message: string;
  label?: string;
  note?: string;
  help: string;
}

/** What reporters need to know about a rule (no checker). */
export interface RuleDescriptor {
  meta: RuleMeta;
  helpUri: string;
}

export interface RunResult {
  findings: Finding[];
  notifications: Notification[];
  rules: RuleDescriptor[];
  filesScanned: number;
  /** What the run did (for --debug and benchmarks): files parsed after the prefilter, crates analysed, worker threads. */
  stats?: {
    filesParsed: number;
    bytesParsed: number;
    cratesAnalysed: number;
    workers: number;
    workSteps: number;
    /** Per crate with a Cargo manifest: its files read, those parsed, and why it counts as a TLS crate ('none'). */
    crates?: Array<{ path: string; files: number; parsed: number; bytesParsed: number; tls: string }>;
  };
  /** Where rules fired in test code the run leaves out (suppressions there are not unused); never rendered. */
  testCodeSites?: Array<{ ruleId: string; path: string; line: number }>;
  /** Absolute scan root: paths in findings are relative to it. */
  root: string;
  toolVersion: string;
}
