// One lint run: discover, read, prefilter, group files into crates, analyse, order the results.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Rule } from '../rules/rule.js';
import type { Finding, Notification, RuleDescriptor, RunResult, TlsPolicy } from '../types.js';
import type { AnalyzeOptions, CrateResult, InputFile, TestCodeSite } from './analyze.js';
import {
  analysisRootOf,
  crateRootOf,
  discoverFiles,
  readSource,
  toPosixRelative,
  type DiscoveredFile,
} from './files.js';
import { crateContext } from './context.js';
import { Prefilter, type PrefilterFile } from './prefilter.js';
import { resetManifestCache, tlsReasonOf } from './manifest.js';
import { analyzeJobs } from './pool.js';
import { isCrateNotice } from './parts.js';
import { mergeResults } from './cache.js';
import { productionText, testModuleFiles } from './test-regions.js';
import { TOOL_VERSION, ruleDocUrl } from '../version.js';

/** The notification of a run whose paths hold no Rust file at all (the CLI makes it exit 2). */
export const NO_RUST_FILES = 'no Rust files found';

export interface RunOptions {
  paths: string[];
  cwd: string;
  rules: Rule[];
  includeTests: boolean;
  minTlsVersion: TlsPolicy;
  mtls: 'auto' | 'required' | 'off';
  /** Skip parsing files that contain none of the rules' keywords (never changes results). */
  prefilter: boolean;
  /** The settings a file is analysed with (config files); null leaves it out. Default: these options. */
  profileFor?: (file: DiscoveredFile, notifications: Notification[]) => Profile | null;
  /** Sees the text of every file the run reports on (suppression comments). */
  onSource?: (relPath: string, text: string) => void;
  /** Follow symbolic links that lead out of the scanned folders. */
  followSymlinks?: boolean;
  /** Texts that replace what is on disk, by absolute path: an editor's unsaved buffers. */
  texts?: ReadonlyMap<string, string>;
  /** Worker threads: 0 none, n that many; default: a pool only when there is enough to analyse. */
  workers?: number;
  /** Per-crate results of earlier runs (src/engine/cache.ts). */
  cache?: {
    /** `decide` fills `unit.inputs`, when the cache needs the files worth parsing to answer. */
    get(unit: CrateUnit, decide: () => void): CrateResult | undefined;
    set(unit: CrateUnit, result: CrateResult): void;
  };
}

/** Settings for a set of files; files of one crate with the same profile are analysed together. */
export interface Profile extends AnalyzeOptions {
  /** Identity of the settings (rules and options). */
  id: string;
  rules: Rule[];
}

/** One analysis: every file of a crate (cross-file facts), reporting the files `profile` governs. */
export interface CrateUnit {
  crateRoot: string;
  profile: Profile;
  /** Every file read of the crate, in path order: what its result depends on (the cache key). */
  sources: InputFile[];
  /** The files worth parsing (engine/prefilter.ts), in path order: filled when first needed. */
  inputs: InputFile[];
  report: Set<string>;
  /** The rules the prefilter and the manifest leave on in this crate (part of the cache key). */
  activeRuleIds?: string[];
  /**
   * The files whose findings this run wants, when not all of `inputs` (a run naming some files of
   * the crate): only they are checked, the others are context (the cache keeps a file's findings apart).
   */
  checked?: string[];
  /** Results of some of the named files, from the cache (the others are in `checked`). */
  cachedPart?: CrateResult;
}

/** Discovery, plus named files that exist only as unsaved text (an editor's new buffer, stdin). */
function discoverWithUnsaved(options: RunOptions, root: string, notifications: Notification[]): DiscoveredFile[] {
  const unsaved = (p: string) => options.texts?.has(resolve(root, p)) === true && !existsSync(resolve(root, p));
  const onDisk = options.paths.filter((p) => !unsaved(p));
  const found =
    onDisk.length > 0 ? discoverFiles(onDisk, root, notifications, { followSymlinks: options.followSymlinks }) : [];
  return [...found, ...options.paths.filter(unsaved).map((p) => ({ absPath: resolve(root, p), explicit: true }))];
}

export async function runLint(options: RunOptions): Promise<RunResult> {
  const notifications: Notification[] = [];
  const root = options.cwd;
  const discovered = discoverWithUnsaved(options, root, notifications);
  const prefilter = new Prefilter(options.rules);
  const defaultProfile: Profile = {
    id: 'default',
    rules: options.rules,
    includeTests: options.includeTests,
    minTlsVersion: options.minTlsVersion,
    mtls: options.mtls,
  };
  const crates = new Map<
    string,
    {
      sources: InputFile[];
      inputs: InputFile[];
      profiles: Map<string, CrateUnit>;
      candidates: Candidate[];
      manifest: boolean;
      files: number;
      tls?: string;
      /** The manifest names a TLS library (or there is none): values are followed across its files. */
      followValues?: boolean;
      /** The candidates as the prefilter judges them (test modules left out where that changes nothing). */
      judged?: PrefilterFile[];
    }
  >();
  resetManifestCache();
  const requested = new Set<string>();
  let filesScanned = 0;
  // The other files of partly named crates are read as context: analysed, never reported.
  const context = new Set(crateContext(discovered, options.paths, root));
  for (const file of [...discovered, ...context]) {
    const profile = options.profileFor ? options.profileFor(file, notifications) : defaultProfile;
    if (!profile) continue;
    const relPath = toPosixRelative(root, file.absPath);
    const unsaved = options.texts?.get(file.absPath);
    const read =
      unsaved === undefined
        ? readSource(file.absPath, relPath)
        : { ok: true as const, text: unsaved, notification: undefined };
    if (read.notification && !context.has(file)) notifications.push(read.notification);
    if (!read.ok) continue;
    if (!context.has(file)) {
      filesScanned++;
      requested.add(relPath);
      options.onSource?.(relPath, read.text);
    }
    // A file outside any Cargo package goes with the other files of its `src/` folder, else alone.
    const manifestRoot = crateRootOf(file.absPath);
    const crateRoot = analysisRootOf(file.absPath);
    const crate = crates.get(crateRoot) ?? {
      sources: [],
      inputs: [],
      profiles: new Map<string, CrateUnit>(),
      candidates: [],
      manifest: manifestRoot !== undefined,
      files: 0,
    };
    crates.set(crateRoot, crate);
    crate.files++;
    const unit = crate.profiles.get(profile.id) ?? {
      crateRoot,
      profile,
      sources: crate.sources,
      inputs: crate.inputs,
      report: new Set<string>(),
    };
    crate.profiles.set(profile.id, unit);
    unit.report.add(relPath);
    const input = { absPath: file.absPath, relPath, text: read.text };
    crate.sources.push(input);
    if (!options.prefilter) {
      crate.inputs.push(input);
      continue;
    }
    // Every file is kept until its crate is decided: one without any keyword may still mention a
    // name another file declares (a function returning a TLS error).
    crate.candidates.push({ input, text: read.text, hits: prefilter.hits(read.text), path: input.relPath });
  }
  // Which rules can fire in each crate (from the words its files contain) decides which of its
  // files are worth parsing; that second step (carriers to a fixed point) is taken only for a
  // crate the cache does not answer.
  const activeRules = new Map<string, Set<Rule>>();
  for (const [crateRoot, crate] of crates) {
    if (!options.prefilter) continue;
    // Cargo-aware: a crate whose manifest names no TLS library runs only the rules that need none.
    const dependency = crate.manifest ? tlsReasonOf(crateRoot) : 'no manifest';
    crate.followValues = dependency !== undefined;
    crate.tls =
      dependency ??
      (prefilter.namesTls(crate.candidates) ? 'none in the manifest, but a file names a TLS library' : undefined);
    const mtlsRequired = [...crate.profiles.values()].some((u) => u.profile.mtls === 'required');
    crate.judged = productionCandidates(crate, prefilter);
    activeRules.set(crateRoot, prefilter.activeRules(crate.judged, crate.tls === undefined, mtlsRequired));
  }
  const byPath = (a: InputFile, b: InputFile) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0);
  for (const crate of crates.values()) {
    crate.sources.sort(byPath);
    crate.inputs.sort(byPath);
  }
  /** The crate's files worth parsing, decided once (a deterministic function of its files' texts and active rules). */
  const decide = (crateRoot: string) => {
    const crate = crates.get(crateRoot);
    if (!crate || crate.candidates.length === 0) return;
    const keep = prefilter.worthParsing(
      crate.judged ?? crate.candidates,
      activeRules.get(crateRoot) ?? new Set(),
      crate.followValues,
    );
    crate.candidates.forEach((c, i) => keep[i] && crate.inputs.push(c.input));
    crate.candidates = [];
    crate.judged = undefined;
    crate.inputs.sort(byPath);
  };
  const units = [...crates.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, crate]) => [...crate.profiles.values()].sort((a, b) => byCodeUnits(a.profile.id, b.profile.id)))
    .filter((u) => u.sources.length > 0 && [...u.report].some((p) => requested.has(p)));
  const findings: Finding[] = [];
  const testCodeSites: TestCodeSite[] = [];
  const results = new Map<CrateUnit, CrateResult>();
  const todo: Array<{ unit: CrateUnit; rules: Rule[] }> = [];
  for (const unit of units) {
    const active = activeRules.get(unit.crateRoot);
    const rules = active ? unit.profile.rules.filter((r) => active.has(r)) : unit.profile.rules;
    // A manifest that gains a TLS dependency turns rules on without changing a source file.
    unit.activeRuleIds = rules.map((r) => r.meta.id).sort();
    if (rules.length === 0) continue; // nothing can fire in this crate
    // The files this run reports, when not all of the crate's (their entries in the cache).
    const named = unit.sources.filter((f) => unit.report.has(f.relPath) && requested.has(f.relPath));
    if (named.length < unit.sources.length) unit.checked = named.map((f) => f.relPath).sort(byCodeUnits);
    const cached = options.cache?.get(unit, () => decide(unit.crateRoot));
    if (cached) {
      results.set(unit, cached);
      continue;
    }
    decide(unit.crateRoot);
    // None of the files left to check can hold a finding (the prefilter left them all out): the
    // crate is not analysed, and what the cache had for the others is the result.
    const toCheck = new Set(unit.checked ?? named.map((f) => f.relPath));
    if (!unit.inputs.some((f) => toCheck.has(f.relPath))) {
      if (unit.cachedPart) results.set(unit, unit.cachedPart);
      continue;
    }
    todo.push({ unit, rules });
  }
  const used = { workers: 0 };
  const analysed = await analyzeJobs(
    todo.map(({ unit, rules }) => ({
      crateRoot: unit.crateRoot,
      inputs: unit.inputs,
      rules,
      options: unit.profile,
      check: unit.checked,
    })),
    options.workers,
    used,
  );
  const parsedFiles = new Set(todo.flatMap(({ unit }) => unit.inputs));
  // Per crate with a manifest: what was parsed (files of crates that nothing can fire in are not).
  const perCrate = [...crates.entries()]
    .filter(([, c]) => c.manifest)
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([crateRoot, c]) => {
      const parsed = c.inputs.filter((f) => parsedFiles.has(f));
      const path = toPosixRelative(root, crateRoot) || '.';
      return {
        path,
        files: c.files,
        parsed: parsed.length,
        bytesParsed: parsed.reduce((sum, f) => sum + f.text.length, 0),
        tls: c.tls ?? (options.prefilter ? 'none' : 'not checked (--no-prefilter)'),
      };
    });
  const stats = {
    filesParsed: parsedFiles.size,
    bytesParsed: [...parsedFiles].reduce((sum, f) => sum + f.text.length, 0),
    cratesAnalysed: todo.length,
    workers: used.workers,
    workSteps: analysed.reduce((sum, r) => sum + (r.workSteps ?? 0), 0),
    crates: perCrate,
  };
  todo.forEach(({ unit }, i) => {
    options.cache?.set(unit, analysed[i]);
    results.set(unit, unit.cachedPart ? mergeResults([unit.cachedPart, analysed[i]]) : analysed[i]);
  });
  for (const unit of units) {
    const result = results.get(unit);
    if (!result) continue;
    const reported = (path: string | undefined) => path === undefined || (unit.report.has(path) && requested.has(path));
    findings.push(...result.findings.filter((f) => reported(f.location.path)));
    // A crate-wide notice (out of budget, analysed in parts) names the crate's folder, not a file.
    notifications.push(...result.notifications.filter((n) => reported(n.path) || isCrateNotice(n)));
    testCodeSites.push(...(result.testCodeSites ?? []).filter((site) => reported(site.path)));
  }
  if (discovered.length === 0) {
    notifications.push({ level: 'note', kind: 'skipped', message: NO_RUST_FILES });
  }
  return {
    findings: findings.sort(compareFindings),
    notifications: notifications.sort(compareNotifications),
    rules: describeRules(options.rules),
    filesScanned,
    stats,
    testCodeSites,
    root,
    toolVersion: TOOL_VERSION,
  };
}

interface Candidate extends PrefilterFile {
  input: InputFile;
}

/**
 * The files as the prefilter should judge them. In a crate without a TLS dependency, whose findings
 * in test code are left out, words inside `#[cfg(test)]` modules (inline, or files declared so) are
 * no reason to parse a file: those rules would report nothing there (engine/test-regions.ts).
 */
function productionCandidates(
  crate: { candidates: Candidate[]; followValues?: boolean; tls?: string; profiles: Map<string, CrateUnit> },
  prefilter: Prefilter,
): PrefilterFile[] {
  const withTests = [...crate.profiles.values()].some((u) => u.profile.includeTests);
  if (crate.followValues || crate.tls !== undefined || withTests) return crate.candidates;
  const testFiles = testModuleFiles(crate.candidates);
  return crate.candidates.map((c) => {
    const text = productionText(c.path, c.text, testFiles);
    return text === c.text ? c : { ...c, text, hits: prefilter.hits(text) };
  });
}

export function describeRules(rules: Rule[]): RuleDescriptor[] {
  return rules
    .map((r) => ({ meta: r.meta, helpUri: ruleDocUrl(r.meta.id) }))
    .sort((a, b) => byCodeUnits(a.meta.id, b.meta.id));
}

/** Locale-independent string order (localeCompare differs between machines: sv_SE sorts ä after z). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order of notifications: path, line, then kind and message. */
export function compareNotifications(a: Notification, b: Notification): number {
  return (
    byCodeUnits(a.path ?? '', b.path ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    byCodeUnits(a.kind, b.kind) ||
    byCodeUnits(a.message, b.message)
  );
}

/** Deterministic order: path, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  const pa = a.location.path,
    pb = b.location.path;
  if (pa !== pb) return pa < pb ? -1 : 1;
  const ra = a.location.region,
    rb = b.location.region;
  return (
    ra.startLine - rb.startLine ||
    ra.startColumn - rb.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
