// The team-workflow layer around one lint run: configuration files, inline suppressions, the
// baseline and the cache. The engine (runLint) knows none of them; this module turns them into
// per-file profiles, hooks and post-processing, so that main.ts stays a thin command line.
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ALL_RULES, findRule } from '../rules/index.js';
import { compareNotifications, describeRules, runLint, type Profile } from '../engine/run.js';
import { ConfigResolver, excludedBy, type LintConfig, type MtlsMode } from '../config/config.js';
import { SuppressionIndex } from '../engine/suppressions.js';
import {
  baselineContent,
  matchBaseline,
  readBaseline,
  scannedPredicate,
  BaselineError,
  type BaselineEntry,
} from '../engine/baseline.js';
import { CrateCache, defaultCacheLocation } from '../engine/cache.js';
import { isTestPath } from '../model/code-kind.js';
import { writeOutputFile } from './output-file.js';
import type { ConfiguredLevel, Finding, Level, Notification, RunResult, TlsPolicy } from '../types.js';

export { BaselineError };

/** Settings given on the command line: they win over configuration files. */
export interface CliSettings {
  rules: Map<string, ConfiguredLevel>;
  mtls?: MtlsMode;
  minTlsVersion?: TlsPolicy;
  includeTests?: boolean;
}

export interface WorkflowOptions {
  paths: string[];
  cwd: string;
  prefilter: boolean;
  cli: CliSettings;
  /** `-c/--config`: one configuration for every file; no search. */
  configFile?: string;
  /** Warn when a file named on the command line is left out by include/exclude. */
  warnIgnored: boolean;
  reportUnusedSuppressions: boolean;
  /** `--cache` (with `--cache-location`). */
  cache?: { location?: string };
  baseline?: string;
  writeBaseline?: string;
  /** `--follow-symlinks`. */
  followSymlinks?: boolean;
  /** Hidden `--workers n` (tests, benchmarks): worker threads, 0 for none. */
  workers?: number;
  /** Unsaved editor buffers by absolute path (the language server): read instead of the files. */
  texts?: ReadonlyMap<string, string>;
}

export interface WorkflowResult {
  /** Findings include suppressed ones (marked `suppression`); baselined ones are removed. */
  result: RunResult;
  suppressed: number;
  baselined: number;
  unusedSuppressions: number;
  /** Lines for stderr about the baseline. */
  messages: string[];
  /** Lines for stderr under --debug (cache statistics). */
  debug: string[];
}

interface WorkflowProfile extends Profile {
  levels: Map<string, Level>;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || rel.startsWith('..') ? toPosix(abs) : toPosix(rel);
}

/** A configuration plus the command line: the rules that run, their levels and the settings. */
function profileFrom(config: LintConfig | null, cli: CliSettings): WorkflowProfile {
  const configured = new Map<string, ConfiguredLevel>([...(config?.rules ?? []), ...cli.rules]);
  const rules = ALL_RULES.filter((r) => configured.get(r.meta.id) !== 'off');
  const levels = new Map<string, Level>();
  for (const [id, level] of configured) if (level !== 'off') levels.set(id, level);
  const settings = {
    includeTests: cli.includeTests ?? config?.includeTests ?? false,
    minTlsVersion: cli.minTlsVersion ?? config?.minTlsVersion ?? '1.2',
    mtls: cli.mtls ?? config?.mtls ?? 'auto',
  };
  const id = JSON.stringify({ rules: rules.map((r) => r.meta.id), levels: [...levels].sort(), ...settings });
  return { id, rules, levels, ...settings };
}

export async function lintWorkflow(o: WorkflowOptions): Promise<WorkflowResult> {
  const resolver = new ConfigResolver(o.cwd, o.configFile);
  const baselineFile = o.baseline !== undefined ? resolve(o.cwd, o.baseline) : undefined;
  const baselineEntries = baselineFile ? readBaseline(baselineFile, o.baseline as string) : undefined;
  const cache = o.cache ? new CrateCache(resolve(o.cwd, o.cache.location ?? defaultCacheLocation(o.cwd))) : undefined;

  const profiles = new Map<LintConfig | null, WorkflowProfile>();
  const profileOf = (config: LintConfig | null): WorkflowProfile => {
    let p = profiles.get(config);
    if (!p) profiles.set(config, (p = profileFrom(config, o.cli)));
    return p;
  };
  const byPath = new Map<string, WorkflowProfile>();
  const read = new Set<string>();
  const suppressions = new SuppressionIndex((id) => findRule(id) !== undefined);

  const result = await runLint({
    paths: o.paths,
    cwd: o.cwd,
    // Every rule any profile may run: the prefilter's keywords stay conservative.
    rules: ALL_RULES.filter((r) => o.cli.rules.get(r.meta.id) !== 'off'),
    includeTests: false,
    minTlsVersion: '1.2',
    mtls: 'auto',
    prefilter: o.prefilter,
    followSymlinks: o.followSymlinks,
    workers: o.workers,
    texts: o.texts,
    profileFor: (file, notifications) => {
      const config = resolver.configFor(file.absPath);
      const rel = displayPath(o.cwd, file.absPath);
      if (config && excludedBy(config, file.absPath)) {
        if (file.explicit && o.warnIgnored) {
          notifications.push({
            level: 'warning',
            kind: 'skipped',
            path: rel,
            message: `not analysed: the include/exclude patterns of ${displayPath(o.cwd, config.file)} leave it out (--no-warn-ignored silences this)`,
          });
        }
        return null;
      }
      const profile = profileOf(config);
      byPath.set(rel, profile);
      return profile;
    },
    onSource: (relPath, text) => {
      read.add(relPath);
      suppressions.collect(relPath, text);
    },
    cache,
  });

  // Levels from the configuration and --rule.
  for (const f of result.findings) {
    const level = byPath.get(f.location.path)?.levels.get(f.ruleId);
    if (level) f.level = level;
  }

  // Inline suppressions.
  suppressions.apply(result.findings);
  suppressions.markTestCodeSites(result.testCodeSites ?? []);
  const notifications: Notification[] = [...suppressions.problems];
  let unusedSuppressions = 0;
  if (o.reportUnusedSuppressions) {
    const unused = suppressions.unused((path, ruleId) => {
      const p = byPath.get(path);
      if (!p) return 'skip';
      if (!p.rules.some((r) => r.meta.id === ruleId)) return 'off';
      // Findings in test code are dropped before suppressions see them.
      return !p.includeTests && isTestPath(path) ? 'skip' : 'on';
    });
    unusedSuppressions = unused.length;
    notifications.push(...unused);
  }
  const suppressed = result.findings.filter((f) => f.suppression);
  let open: Finding[] = result.findings.filter((f) => !f.suppression);

  // Baseline: report only findings it does not list; write today's findings.
  const messages: string[] = [];
  const walked = o.paths.map((p) => resolve(o.cwd, p)).filter((p) => existsSync(p) && statSync(p).isDirectory());
  let baselined = 0;
  if (baselineFile && baselineEntries) {
    const match = matchBaseline(
      baselineEntries,
      open,
      baselineFile,
      o.cwd,
      scannedPredicate(baselineFile, o.cwd, read, walked),
    );
    open = match.fresh;
    baselined = match.known;
    if (match.stale.length > 0 && o.writeBaseline === undefined) {
      const n = match.stale.length;
      messages.push(
        `${n} baseline entr${n === 1 ? 'y' : 'ies'} in ${o.baseline} no longer match a finding (fixed or changed); rewrite the baseline with --write-baseline ${o.baseline} to prune ${n === 1 ? 'it' : 'them'}`,
      );
    }
  }
  if (o.writeBaseline !== undefined) {
    const target = resolve(o.cwd, o.writeBaseline);
    let previous: BaselineEntry[] = [];
    if (existsSync(target)) {
      try {
        previous = readBaseline(target, o.writeBaseline);
      } catch {
        previous = []; // not a baseline: replaced
      }
    }
    const all = baselineFile && baselineEntries ? result.findings.filter((f) => !f.suppression) : open;
    writeOutputFile(
      o.writeBaseline,
      baselineContent(all, target, o.cwd, previous, scannedPredicate(target, o.cwd, read, walked)),
      '--write-baseline',
      o.cwd,
    );
    messages.push(`wrote ${all.length} finding${all.length === 1 ? '' : 's'} to baseline ${o.writeBaseline}`);
    baselined = all.length;
    open = [];
  }

  if (cache) notifications.push(...cache.problems);
  if (cache?.writeError) notifications.push({ level: 'warning', kind: 'skipped', message: cache.writeError });
  const order = new Map(result.findings.map((f, i) => [f, i]));
  result.findings = [...suppressed, ...open].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  result.notifications = [...result.notifications, ...notifications].sort(compareNotifications);
  const used = new Set(byPath.values());
  result.rules = describeRules(
    used.size > 0
      ? ALL_RULES.filter((r) => [...used].some((p) => p.rules.includes(r)))
      : profileOf(resolver.configFor(join(o.cwd, 'main.rs'))).rules,
  );
  const debug = cache
    ? [
        `cache: ${cache.hits} crate${cache.hits === 1 ? '' : 's'} reused, ${cache.misses} analysed (${displayPath(o.cwd, cache.dir)})`,
      ]
    : [];
  const stats = result.stats;
  if (stats)
    debug.push(
      // Files parsed may outnumber those scanned: a named file is analysed with its crate as context.
      `${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'} scanned, ${stats.filesParsed} parsed (${(stats.bytesParsed / 1024).toFixed(0)} KiB, with the other files of their crates; the rest cannot match), ${stats.cratesAnalysed} crate${stats.cratesAnalysed === 1 ? '' : 's'} analysed, ${stats.workers === 0 ? 'no worker threads' : `${stats.workers} worker threads`}, ${stats.workSteps} search steps`,
    );
  for (const c of stats?.crates ?? [])
    debug.push(
      `crate ${c.path}: parsed ${c.parsed} of ${c.files} files (${(c.bytesParsed / 1024).toFixed(0)} KiB); TLS dependency: ${c.tls}`,
    );
  return { result, suppressed: suppressed.length, baselined, unusedSuppressions, messages, debug };
}
