// Analyses one crate: parses its files (with the bodies of code-bearing macros as Rust), builds the crate model, walks each tree once and
// dispatches nodes to the rules that asked for their kind. Knows no rule by name.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { regionOf, firstErrorLine, type Node, type Tree } from '../parser/parser.js';
import { CrateModel, type SourceFile } from '../model/crate.js';
import { gatingFeatures, isExamplePath, isInTestCode, isTestPath, TEST_OR_DANGER_FEATURE } from '../model/code-kind.js';
import { branchCondition, descendantsOfType, enclosingItemName } from '../model/syntax.js';
import { defaultFeatures } from './manifest.js';
import { renderMessage } from './messages.js';
import { macroAnchor } from '../model/macros.js';
import { parseWithMacroBodies } from '../model/macro-bodies.js';
import type { FixDeclaration, Rule, RuleContext, Settings, Visitors } from '../rules/rule.js';
import type { Finding, Fix, FixEdit, Level, Notification, RelatedLocation, RuleMeta } from '../types.js';

export interface InputFile {
  absPath: string;
  relPath: string;
  text: string;
}

export interface AnalyzeOptions extends Settings {
  includeTests: boolean;
}

export interface CrateResult {
  findings: Finding[];
  notifications: Notification[];
  /** Steps the crate's value searches spent (model/budget.ts), for --debug and the cost tests. */
  workSteps?: number;
  /** Where rules fired in test code that this run leaves out: a suppression there is not unused. */
  testCodeSites?: TestCodeSite[];
}

export interface TestCodeSite {
  ruleId: string;
  path: string;
  line: number;
}

/**
 * `check`: the files whose findings are wanted (relative paths); undefined: all. The other files
 * are parsed and in the crate model (their impls, functions and intent decide findings in the
 * checked ones) but their nodes are not dispatched to the rules: a run naming a few files of a big
 * crate (a pre-commit hook) no longer runs every rule over the whole crate. This relies on rules
 * reporting nodes of the file they check (cross-file facts reach them through the crate model);
 * test/engine/partial-run.test.ts holds every multi-file fixture and corpus crate to it.
 */
export function analyzeCrate(
  crateRoot: string,
  inputs: InputFile[],
  rules: Rule[],
  options: AnalyzeOptions,
  check?: readonly string[],
): CrateResult {
  const checked = check ? new Set(check) : undefined;
  const notifications: Notification[] = [];
  const parsed: Array<{ absPath: string; relPath: string; text: string; tree: Tree }> = [];
  for (const input of inputs) {
    try {
      // Bodies of code-bearing macros (`select!`, `lazy_static!`, `cfg_if!`…) parsed as Rust, at
      // their own offsets: the tree's positions are the file's, `text` stays the file's.
      const { tree } = parseWithMacroBodies(input.text);
      const errorLine = firstErrorLine(tree);
      if (errorLine !== undefined) {
        notifications.push({
          level: 'note',
          kind: 'parse-error',
          path: input.relPath,
          line: errorLine,
          message: `syntax error near line ${errorLine}; the file was analysed as far as it could be parsed`,
        });
      }
      parsed.push({ ...input, tree });
    } catch (err) {
      notifications.push({
        level: 'warning',
        kind: 'parse-error',
        path: input.relPath,
        message: `could not be parsed: ${(err as Error).message}`,
      });
    }
  }
  const findings: Finding[] = [];
  try {
    let crate: CrateModel;
    try {
      crate = CrateModel.build(crateRoot, parsed, options.mtls);
    } catch (err) {
      for (const p of parsed)
        notifications.push({
          level: 'warning',
          kind: 'internal',
          path: p.relPath,
          message: `not analysed: the crate model could not be built (${(err as Error).message})`,
        });
      return { findings, notifications };
    }
    const seen = new Set<string>();
    const testCodeSites: TestCodeSite[] = [];
    for (const file of crate.files) {
      if (checked && !checked.has(file.relPath)) continue;
      try {
        findings.push(...checkFile(file, crate, rules, options, { notifications, seen, testCodeSites }));
      } catch (err) {
        notifications.push({
          level: 'warning',
          kind: 'internal',
          path: file.relPath,
          message: `analysis stopped early: ${(err as Error).message}`,
        });
      }
    }
    if (crate.budget.exhausted) notifications.push(budgetNotification(crateRoot, inputs, crate.budget.limit));
    return { findings, notifications, workSteps: crate.budget.spent, testCodeSites };
  } finally {
    for (const p of parsed) p.tree.delete();
  }
}

/** Names a crate whose searches ran out of budget (model/budget.ts): its findings may be incomplete. */
function budgetNotification(crateRoot: string, inputs: InputFile[], limit: number): Notification {
  return {
    level: 'warning',
    kind: 'budget',
    path: crateNoticePath(crateRoot, inputs),
    message: `not fully analysed: budget (its value searches stopped after ${limit} steps); findings that need them may be missing`,
  };
}

/** A crate's folder as a notice names it: inputs carry paths relative to the scan root, the crate is named the same way. */
export function crateNoticePath(crateRoot: string, inputs: InputFile[]): string {
  const first = inputs[0];
  const scanRoot = first ? first.absPath.slice(0, first.absPath.length - first.relPath.length) : crateRoot;
  return relative(scanRoot, crateRoot).split(sep).join('/') || '.';
}

/**
 * The file a reported node is in, and the node to place the finding at: rules may report a node
 * of another file of the crate (cross-file analysis) or of a re-parsed macro argument (placed
 * at its macro invocation).
 */
function placeOf(node: Node, crate: CrateModel, fallback: SourceFile): { node: Node; file: SourceFile } {
  for (const candidate of [node, macroAnchor(node)]) {
    if (!candidate) continue;
    try {
      return { node: candidate, file: crate.fileOf(candidate) };
    } catch {
      // not a tree of this crate
    }
  }
  return { node, file: fallback };
}

/**
 * Fix declarations as file regions. A fix with an edit outside the crate's trees (a re-parsed macro
 * argument: its positions are not the file's) is dropped whole: half a fix is a wrong fix.
 */
function placedFixes(fixes: FixDeclaration[] | undefined, crate: CrateModel, owner: SourceFile): { fixes?: Fix[] } {
  const placed: Fix[] = [];
  for (const fix of fixes ?? []) {
    const edits: FixEdit[] = [];
    for (const edit of fix.edits) {
      if ('region' in edit) {
        edits.push({ path: owner.relPath, region: edit.region, text: edit.text });
        continue;
      }
      let file: SourceFile;
      try {
        file = crate.fileOf(edit.node);
      } catch {
        break;
      }
      edits.push({ path: file.relPath, region: regionOf(edit.node), text: edit.text });
    }
    if (edits.length === fix.edits.length) placed.push({ kind: fix.kind, description: fix.description, edits });
  }
  return placed.length > 0 ? { fixes: placed } : {};
}

const linesCache = new WeakMap<SourceFile, string[]>();
function linesOf(file: SourceFile): string[] {
  let lines = linesCache.get(file);
  if (!lines) linesCache.set(file, (lines = file.text.split(/\r?\n/)));
  return lines;
}

/** What a crate's files report into besides their findings. */
interface CrateSinks {
  notifications: Notification[];
  /** Drops a finding reported twice, also when reported while checking another file. */
  seen: Set<string>;
  testCodeSites: TestCodeSite[];
}

function checkFile(
  file: SourceFile,
  crate: CrateModel,
  rules: Rule[],
  options: AnalyzeOptions,
  sinks: CrateSinks,
): Finding[] {
  const { notifications, seen } = sinks;
  const findings: Finding[] = [];
  const handlers = new Map<string, Array<(node: Node) => void>>();
  for (const rule of rules) {
    const context: RuleContext = {
      file,
      crate,
      settings: options,
      report: ({ node: reported, messageId, data, level, related, fixes, chosenAt, condition }) => {
        const { node, file: owner } = placeOf(reported, crate, file);
        const lines = linesOf(owner);
        const testFile = isTestPath(owner.relPath) || crate.isTestModuleFile(owner);
        if (!options.includeTests && (testFile || isInTestCode(node, owner.tree.rootNode))) {
          sinks.testCodeSites.push({ ruleId: rule.meta.id, path: owner.relPath, line: node.startPosition.row + 1 });
          return;
        }
        const region = regionOf(node);
        // Keep regions on one line: GitHub shows pull-request alerts only when the first line is in the diff.
        if (region.endLine > region.startLine) {
          region.endLine = region.startLine;
          region.endColumn = (lines[region.startLine - 1]?.length ?? 0) + 1;
        }
        const key = `${rule.meta.id}:${owner.relPath}:${region.startLine}:${region.startColumn}`;
        if (seen.has(key)) return;
        seen.add(key);
        // Where the finding is (a branch, example code) goes in the note, with the rule's own note.
        const chosen = chosenAt ? placeOf(chosenAt, crate, file).node : node;
        const features = gatingFeatures(node, owner.tree.rootNode);
        const feature = features[0];
        // Lower only when a feature named for tests or danger is needed and a default build does not have it.
        const optIn = features.some((f) => TEST_OR_DANGER_FEATURE.test(f) && !defaultFeatures(crate.root).has(f));
        const qualifiers = {
          condition: condition ?? branchCondition(chosen),
          example: isExamplePath(owner.relPath),
          feature,
        };
        findings.push({
          ruleId: rule.meta.id,
          level: levelBehindFeature(optIn, levelInExamples(rule.meta, owner.relPath, level ?? rule.meta.defaultLevel)),
          ...renderMessage(rule.meta, messageId, data, qualifiers),
          location: { path: owner.relPath, region },
          relatedLocations: (related ?? []).map((r): RelatedLocation => {
            const place = placeOf(r.node, crate, file);
            const region = regionOf(place.node);
            const sourceLine = linesOf(place.file)[region.startLine - 1] ?? '';
            return { path: place.file.relPath, region, label: r.label, sourceLine };
          }),
          fingerprint: fingerprint(
            rule.meta.id,
            node,
            owner.tree === node.tree ? owner.text.slice(node.startIndex, node.endIndex) : node.text,
          ),
          sourceLine: lines[region.startLine - 1] ?? '',
          ...placedFixes(fixes, crate, owner),
        });
      },
    };
    const visitors: Visitors = rule.create(context);
    for (const [kind, visit] of Object.entries(visitors)) {
      const list = handlers.get(kind) ?? [];
      list.push(visit);
      handlers.set(kind, list);
    }
  }
  // Most files: the tree-sitter library collects the nodes the rules asked for (in the order of a
  // walk) far faster than a walk in JavaScript. Files nested too deep take the walk that stops there.
  const cutLine = deepLine(file.tree, MAX_NESTING);
  if (cutLine === undefined) {
    const kinds = [...handlers.keys()];
    for (const node of kinds.length > 0 ? descendantsOfType(file.tree.rootNode, kinds) : []) {
      for (const visit of handlers.get(node.type) ?? []) visit(node);
    }
  } else {
    walk(file.tree, handlers);
  }
  if (cutLine !== undefined) {
    notifications.push({
      level: 'warning',
      kind: 'skipped',
      path: file.relPath,
      line: cutLine,
      message: `code nested deeper than ${MAX_NESTING} levels was not analysed (the rest of the file was)`,
    });
  }
  return findings;
}

/** Code nested deeper than this is not handed to the rules: hostile or generated input (real code stays far below). */
export const MAX_NESTING = 1000;

/**
 * The first line of code nested deeper than `limit` (the first node below it in a walk), if any.
 * Only subtrees with enough nodes to reach that deep are entered: a few nodes per file.
 */
function deepLine(tree: Tree, limit: number): number | undefined {
  const cursor = tree.walk();
  try {
    for (let depth = 0; ; ) {
      if (depth > limit) return cursor.startPosition.row + 1;
      if (depth + cursor.currentNode.descendantCount - 1 > limit && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * One depth-first walk of the tree; each node goes to the visitors registered for its kind.
 * Returns the first line of code nested deeper than MAX_NESTING (not visited), if any.
 */
function walk(tree: Tree, handlers: Map<string, Array<(node: Node) => void>>): number | undefined {
  const cursor = tree.walk();
  let depth = 0;
  let cutLine: number | undefined;
  try {
    for (;;) {
      const list = handlers.get(cursor.nodeType);
      if (list) {
        const node = cursor.currentNode;
        for (const visit of list) visit(node);
      }
      if (depth < MAX_NESTING) {
        if (cursor.gotoFirstChild()) {
          depth++;
          continue;
        }
      } else if (cutLine === undefined && cursor.gotoFirstChild()) {
        cutLine = cursor.startPosition.row + 1;
        cursor.gotoParent();
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return cutLine;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Line-independent: survives code moving up or down, changes when the flagged code changes.
 * `source` is the flagged code as the file has it (a tree parsed from rewritten macro bodies has
 * stand-ins for the macro's syntax).
 */
function fingerprint(ruleId: string, node: Node, source: string): string {
  // No path: it would change with the working folder; every user (baseline, SARIF) keys by path beside it.
  const text = source.replace(/\s+/g, ' ').slice(0, 400);
  return createHash('sha256')
    .update(`${ruleId}\0${enclosingItemName(node)}\0${text}`)
    .digest('hex')
    .slice(0, 32);
}

/** Code behind a feature named for tests or danger (`danger-skip-tls-verify`, `test-utils`) is one level lower. */
function levelBehindFeature(optIn: boolean, level: Level): Level {
  if (!optIn) return level;
  return level === 'error' ? 'warning' : 'note';
}

/** A rule whose policy lowers example code (`meta.exampleCode: 'lower'`) reports `examples/` one level lower. */
function levelInExamples(meta: RuleMeta, relPath: string, level: Level): Level {
  if (meta.exampleCode !== 'lower' || !isExamplePath(relPath)) return level;
  return level === 'error' ? 'warning' : 'note';
}
