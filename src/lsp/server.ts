// `axum-tls-lint lsp`: a language server on stdio. Each open buffer is analysed as a file of its
// crate (the crate's other files from their open buffers, else from disk), with the same
// configuration files, suppressions and rules as the command line; findings become diagnostics,
// their fixes and a suppression comment become code actions.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import lsp from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeActionParams,
  Diagnostic,
  DiagnosticSeverity,
  InitializeParams,
  Range,
  TextEdit,
} from 'vscode-languageserver/node';
import { lintWorkflow } from '../cli/workflow.js';
import { crateRootOf } from '../engine/files.js';
import { TOOL_NAME, TOOL_VERSION, ruleDocUrl } from '../version.js';
import type { Finding, Fix, Level, Region } from '../types.js';

/** Keystrokes closer together than this are analysed once. */
export const DEBOUNCE_MS = 250;

const SEVERITY: Record<Level, DiagnosticSeverity> = { error: 1, warning: 2, note: 3 };

/** What was reported for a buffer, at which version: code actions are offered for that version only. */
interface Analysis {
  version: number;
  findings: Finding[];
  root: string;
}

export function runLanguageServer(): Promise<number> {
  const connection = lsp.createConnection(lsp.ProposedFeatures.all, process.stdin, process.stdout);
  const documents = new lsp.TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  let workspaceRoots: string[] = [];
  // One analysis at a time: the parser is shared, and a burst of edits should not pile up runs.
  let queue: Promise<void> = Promise.resolve();

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        queue = queue.then(() => analyse(uri)).catch((err) => connection.console.error(String(err)));
      }, delay),
    );
  };

  const analyse = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc || !uri.startsWith('file:')) return;
    const file = fileURLToPath(uri);
    // A client may send any buffer it has open (Cargo.toml, notes): only Rust is ours.
    if (!file.endsWith('.rs')) return;
    const root = rootFor(file, workspaceRoots);
    const findings = await findingsFor(file, root, unsavedTexts(documents));
    // Typing went on meanwhile: the next run reports that text.
    if (documents.get(uri)?.version !== doc.version) return;
    analyses.set(uri, { version: doc.version, findings, root });
    connection.sendDiagnostics({ uri, version: doc.version, diagnostics: findings.map((f) => diagnosticOf(f, root)) });
  };

  connection.onInitialize((params: InitializeParams) => {
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (workspaceRoots.length === 0 && params.rootUri) workspaceRoots = [fileURLToPath(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: lsp.TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        codeActionProvider: { codeActionKinds: [lsp.CodeActionKind.QuickFix] },
      },
      serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    };
  });
  // A change in one file can change what its crate's other files report (a client CA loaded, a
  // verifier installed): the crate's other open buffers are analysed again too.
  const scheduleCrate = (uri: string, delay: number) => {
    const crate = crateOf(uri);
    for (const doc of documents.all())
      if (doc.uri === uri || (crate && crateOf(doc.uri) === crate)) schedule(doc.uri, delay);
  };
  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => scheduleCrate(e.document.uri, DEBOUNCE_MS));
  documents.onDidSave((e) => scheduleCrate(e.document.uri, 0));
  // Configuration files and other sources changed on disk (when the client watches them).
  connection.onDidChangeWatchedFiles(() => {
    for (const doc of documents.all()) schedule(doc.uri, DEBOUNCE_MS);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onCodeAction((params) => codeActions(params, documents.get(params.textDocument.uri), analyses));
  documents.listen(connection);
  return new Promise((resolve) => {
    connection.onExit(() => resolve(0));
    connection.listen();
  });
}

function crateOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? crateRootOf(fileURLToPath(uri)) : undefined;
}

/** The workspace folder holding the file, else its crate's folder, else its own: finding paths are relative to it. */
function rootFor(file: string, workspaceRoots: string[]): string {
  const inside = workspaceRoots.filter((r) => !relative(r, file).startsWith('..')).sort((a, b) => b.length - a.length);
  if (inside[0]) return inside[0];
  const crate = crateRootOf(file);
  return crate && existsSync(crate) ? crate : dirname(file);
}

function unsavedTexts(documents: lsp.TextDocuments<TextDocument>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const doc of documents.all()) if (doc.uri.startsWith('file:')) texts.set(fileURLToPath(doc.uri), doc.getText());
  return texts;
}

/** The file's unsuppressed findings, with the CLI's configuration; its crate is read as context. */
async function findingsFor(file: string, root: string, texts: Map<string, string>): Promise<Finding[]> {
  const run = await lintWorkflow({
    paths: [file],
    cwd: root,
    prefilter: true,
    cli: { rules: new Map() },
    warnIgnored: false,
    reportUnusedSuppressions: false,
    workers: 0,
    texts,
  });
  const rel = relative(root, file).split(sep).join('/');
  return run.result.findings.filter((f) => !f.suppression && f.location.path === rel);
}

function rangeOf(region: Region): Range {
  return {
    start: { line: region.startLine - 1, character: region.startColumn - 1 },
    end: { line: region.endLine - 1, character: region.endColumn - 1 },
  };
}

function uriOf(root: string, path: string): string {
  return pathToFileURL(join(root, path)).href;
}

function diagnosticOf(f: Finding, root: string): Diagnostic {
  return {
    range: rangeOf(f.location.region),
    severity: SEVERITY[f.level],
    source: TOOL_NAME,
    code: f.ruleId,
    codeDescription: { href: ruleDocUrl(f.ruleId) },
    // rustc's primary message, and why on a line of its own (editors show the message whole).
    message: f.note ? `${f.message}\n${f.note}` : f.message,
    relatedInformation: f.relatedLocations.map((r) => ({
      location: { uri: uriOf(root, r.path), range: rangeOf(r.region) },
      message: r.label,
    })),
  };
}

/** Quick fixes for the diagnostics the client asks about: the finding's fixes (safe preferred), then a suppression. */
function codeActions(
  params: CodeActionParams,
  doc: TextDocument | undefined,
  analyses: Map<string, Analysis>,
): CodeAction[] {
  const analysis = analyses.get(params.textDocument.uri);
  // Offsets of an older text would land in the wrong place.
  if (!doc || !analysis || analysis.version !== doc.version) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const finding = analysis.findings.find(
      (f) => f.ruleId === diagnostic.code && sameStart(rangeOf(f.location.region), diagnostic.range),
    );
    if (!finding) continue;
    const fixes = [...(finding.fixes ?? [])].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'safe' ? -1 : 1));
    fixes.forEach((fix, i) => actions.push(fixAction(fix, diagnostic, analysis.root, i === 0 && fix.kind === 'safe')));
    actions.push(suppressAction(finding, diagnostic, doc));
  }
  return actions;
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function fixAction(fix: Fix, diagnostic: Diagnostic, root: string, preferred: boolean): CodeAction {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits)
    (changes[uriOf(root, edit.path)] ??= []).push({ range: rangeOf(edit.region), newText: edit.text });
  const title = fix.kind === 'safe' ? fix.description : `${fix.description} (suggestion: review it)`;
  return {
    title,
    kind: lsp.CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: { changes },
  };
}

/** `// axum-tls-lint-ignore: <rule> -- reason` on its own line above the finding (it covers the next code line). */
function suppressAction(finding: Finding, diagnostic: Diagnostic, doc: TextDocument): CodeAction {
  const line = finding.location.region.startLine - 1;
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const comment = `${indent}// axum-tls-lint-ignore: ${finding.ruleId} -- reason\n`;
  return {
    title: `Suppress ${finding.ruleId} here (with a reason)`,
    kind: lsp.CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      changes: {
        [doc.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: comment }],
      },
    },
  };
}
