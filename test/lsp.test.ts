// The language server as an editor meets it: a scripted LSP client speaks JSON-RPC over the stdio
// of the built CLI (`axum-tls-lint lsp`), with an unsaved buffer whose text differs from the disk.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, InitializeResult, TextEdit } from 'vscode-languageserver/node';
import { binPath, repoRoot, tempProject } from './helpers/cli.js';
import { LspClient } from '../scripts/lsp-client.js';

const CLEAN = `pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .build()
        .unwrap()
}
`;
const MISTAKE = `pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap()
}
`;

/** Applies LSP text edits (one line each, as these fixes are) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort(
    (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
  )) {
    const line = lines[e.range.start.line];
    lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  }
  return lines.join('\n');
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

describe('axum-tls-lint lsp', () => {
  const dir = tempProject({
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/main.rs': CLEAN,
  });
  const uri = pathToFileURL(join(dir, 'src/main.rs')).href;
  const child = spawn(process.execPath, [binPath, 'lsp', '--stdio'], { cwd: dir });
  const client = new LspClient(child);
  const diagnosticsOf = (version: number) => client.diagnostics(uri, version);
  afterAll(() => child.kill());

  it('initializes with text sync and quick fixes', async () => {
    const result = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
      workspaceFolders: null,
    });
    expect(result.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix'] });
    expect(result.serverInfo?.name).toBe('axum-tls-lint');
    client.notify('initialized', {});
  });

  let diagnostic: Diagnostic;
  it('an unsaved buffer with a mistake gets its diagnostic: rule code, docs link, severity, range', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text: MISTAKE } });
    const { params } = await diagnosticsOf(1);
    expect(params.diagnostics).toHaveLength(1);
    diagnostic = params.diagnostics[0];
    expect(diagnostic).toMatchObject({
      source: 'axum-tls-lint',
      code: 'always-accept-server-cert',
      severity: 1,
      range: { start: { line: 2, character: 9 }, end: { line: 2, character: 36 } },
      relatedInformation: [],
    });
    expect(diagnostic.codeDescription?.href).toMatch(/\/docs\/rules\/always-accept-server-cert\.md$/);
    // rustc's primary message, then the note on a line of its own.
    expect(diagnostic.message).toBe(
      '`danger_accept_invalid_certs(true)` turns off server certificate verification\nAny server — or anyone in between — is accepted.',
    );
  });

  let actions: CodeAction[];
  it('code actions: the safe fix, preferred, then "suppress with a reason"', async () => {
    actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false])).toEqual([
      ['Set to `false`', 'quickfix', true],
      ['Suppress always-accept-server-cert here (with a reason)', 'quickfix', false],
    ]);
    expect(editsOf(actions[1], uri)).toEqual([
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
        newText: '        // axum-tls-lint-ignore: always-accept-server-cert -- reason\n',
      },
    ]);
  });

  it('applying the fix to the buffer clears the diagnostic', async () => {
    const fixed = applyEdits(MISTAKE, editsOf(actions[0], uri));
    expect(fixed).toBe(MISTAKE.replace('(true)', '(false)'));
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect((await diagnosticsOf(2)).params.diagnostics).toEqual([]);
  });

  it('typing the mistake again brings it back; the suppression comment (unsaved) silences it', async () => {
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: MISTAKE }] });
    expect((await diagnosticsOf(3)).params.diagnostics.map((d) => d.code)).toEqual(['always-accept-server-cert']);
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ text: applyEdits(MISTAKE, editsOf(actions[1], uri)) }],
    });
    expect((await diagnosticsOf(4)).params.diagnostics).toEqual([]);
  });

  it('shuts down and exits', async () => {
    await client.request('shutdown', null);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    client.notify('exit', null);
    expect(await exited).toBe(0);
  });
});

describe('axum-tls-lint lsp: a buffer in its crate', () => {
  it("is analysed with the crate's other files from disk (the client CA loaded in main.rs)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-lsp-'));
    cpSync(join(repoRoot, 'test/fixtures/mtls-no-client-auth/cross-file'), dir, { recursive: true });
    const file = join(dir, 'src/tls/build.rs');
    const uri = pathToFileURL(file).href;
    const child = spawn(process.execPath, [binPath, 'lsp'], { cwd: tmpdir() });
    const client = new LspClient(child);
    try {
      await client.request('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'svc' }],
      });
      client.notify('initialized', {});
      client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'rust', version: 1, text: readFileSync(file, 'utf8') },
      });
      const { params } = await client.diagnostics(uri);
      expect(params.diagnostics.map((d) => [d.code, d.severity, d.range.start.line + 1])).toEqual([
        ['missing-protocol-versions', 3, 6],
        ['mtls-no-client-auth', 1, 8],
      ]);
      // A suggestion is a quick fix too, never the preferred one.
      const suggested = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: params.diagnostics[0].range,
        context: { diagnostics: [params.diagnostics[0]] },
      });
      expect(suggested.map((a) => [a.title, a.isPreferred ?? false])).toEqual([
        [
          'Allow TLS 1.3 only: `builder_with_protocol_versions(&[&tokio_rustls::rustls::version::TLS13])` (suggestion: review it)',
          false,
        ],
        ['Suppress missing-protocol-versions here (with a reason)', false],
      ]);
      // main.rs edited in its buffer, unsaved: no client CA any more, so build.rs is reported again: a note, no mTLS intent.
      const main = join(dir, 'src/main.rs');
      const edited = readFileSync(main, 'utf8')
        .replace(
          'let client_ca = tls::load_roots("pki/client-ca.pem")?;',
          'let roots = tls::load_roots("pki/roots.pem")?;',
        )
        .replace('server_config(client_ca)', 'server_config(roots)');
      client.notify('textDocument/didOpen', {
        textDocument: {
          uri: pathToFileURL(main).href,
          languageId: 'rust',
          version: 1,
          text: readFileSync(main, 'utf8'),
        },
      });
      client.notify('textDocument/didChange', {
        textDocument: { uri: pathToFileURL(main).href, version: 2 },
        contentChanges: [{ text: edited }],
      });
      const again = await client.diagnostics(uri);
      expect(again.params.diagnostics.map((d) => [d.code, d.severity])).toEqual([
        ['missing-protocol-versions', 3],
        ['mtls-no-client-auth', 3],
      ]);
    } finally {
      child.kill();
    }
  });
});

describe('axum-tls-lint lsp: a new buffer', () => {
  it('not yet saved anywhere is analysed as a file of the crate whose folder it is in', async () => {
    const dir = tempProject({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
      'src/main.rs': CLEAN,
    });
    const uri = pathToFileURL(join(dir, 'src/new.rs')).href;
    const child = spawn(process.execPath, [binPath, 'lsp'], { cwd: dir });
    const client = new LspClient(child);
    try {
      await client.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        capabilities: {},
      });
      client.notify('initialized', {});
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text: MISTAKE } });
      const { params } = await client.diagnostics(uri);
      expect(params.diagnostics.map((d) => d.code)).toEqual(['always-accept-server-cert']);
    } finally {
      child.kill();
    }
  });
});
