// 10 000-deep nesting of every shape the model walks through: no stack overflow, no quadratic
// blow-up; code nested deeper than the engine's limit is named, and deep-but-real code (a
// 300-route Router, a 150-arm else-if chain) is analysed in full.
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { runCliBig } from './run.js';

const N = 10_000;
const USE = 'use rustls::ServerConfig;\n';
const FLAGGED = 'ServerConfig::builder().with_no_client_auth()';

const SHAPES: Record<string, string> = {
  parens: `fn f() { let x = ${'('.repeat(N)}1${')'.repeat(N)}; }`,
  calls: `fn f() { let x = ${'g('.repeat(N)}1${')'.repeat(N)}; }`,
  blocks: `fn f(client_ca: &str) { ${'{'.repeat(N)}${FLAGGED}${'}'.repeat(N)} }`,
  'else-if': `fn f(client_ca: &str) -> ServerConfig { ${'if a { x } else '.repeat(N)}{ ${FLAGGED} } }`,
  'nested-if': `fn f(client_ca: &str) -> ServerConfig { ${'if a { '.repeat(N)}${FLAGGED}${' } else { x }'.repeat(N)} }`,
  match: `fn f(client_ca: &str) -> ServerConfig { ${'match a { _ => '.repeat(N)}${FLAGGED}${' }'.repeat(N)} }`,
  'method-chain': `fn f(client_ca: &str) { let x = ServerConfig::builder()${'.with_no_client_auth()'.repeat(N)}; }`,
  'field-chain': `fn f() { let x = a${'.b'.repeat(N)}; }`,
  'binary-op': `fn f() { let x = ${'1 + '.repeat(N)}1; }`,
  closures: `fn f(client_ca: &str) { let x = ${'|| '.repeat(N)}${FLAGGED}; }`,
  returns: `fn f(client_ca: &str) -> ServerConfig { ${'return '.repeat(N)}${FLAGGED} }`,
  references: `fn f() { let x = ${'&'.repeat(N)}a; }`,
  awaits: `async fn f(client_ca: &str) { let x = ServerConfig::builder()${'.await'.repeat(N)}.with_no_client_auth(); }`,
  generics: `type T = ${'Vec<'.repeat(N)}u8${'>'.repeat(N)};`,
  paths: `fn f() { let x = a${'::b'.repeat(N)}; }`,
  modules: `${'mod a { '.repeat(N)}fn f(client_ca: &str) { ${FLAGGED}; }${' }'.repeat(N)}`,
  structs: `fn f() { let x = ${'S { a: '.repeat(N)}1${' }'.repeat(N)}; }`,
  arrays: `fn f() { let x = ${'['.repeat(N)}1${']'.repeat(N)}; }`,
  'macro-tokens': `fn f(cert: &[u8]) { tracing::info!(${'('.repeat(N)}cert${')'.repeat(N)}); }`,
  'use-tree': `use a::${'{b::'.repeat(N)}c${'}'.repeat(N)};`,
  'let-shadowing': `fn f(client_ca: &str) { let x0 = ServerConfig::builder();\n${Array.from({ length: N }, (_, i) => `let x${i + 1} = x${i}.clone();`).join('\n')}\nx${N}.with_no_client_auth(); }`,
  statements: `fn f(client_ca: &str) {\n${`let cfg = ${FLAGGED};\n`.repeat(3000)}}`,
};

describe(`nesting ${N} deep`, () => {
  it('every shape finishes in one run within its budget; nothing crashes; code beyond the limit is named', () => {
    const files = Object.fromEntries(Object.entries(SHAPES).map(([name, body]) => [`${name}.rs`, `${USE}${body}\n`]));
    const dir = tempProject(files);
    const run = runCliBig(['.', '--format', 'json'], { cwd: dir });
    expect(run.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect([0, 1]).toContain(run.status);
    const report = JSON.parse(run.stdout) as {
      filesScanned: number;
      findings: Array<{ ruleId: string; location: { path: string } }>;
      notifications: Array<{ path: string; kind: string; message: string }>;
    };
    // No blow-up, counted instead of timed: every search stayed inside the crate's linear budget.
    expect(report.notifications.filter((n) => n.kind === 'budget')).toEqual([]);
    expect(report.filesScanned).toBe(Object.keys(SHAPES).length);
    const cut = new Set(
      report.notifications.filter((n) => /nested deeper than 1000 levels/.test(n.message)).map((n) => n.path),
    );
    const internal = report.notifications.filter((n) => n.kind === 'internal').map((n) => `${n.path}: ${n.message}`);
    // A rule that gives up on a file says so (and fails the run); none should.
    expect(internal).toEqual([]);
    for (const shape of Object.keys(SHAPES)) {
      if (['let-shadowing', 'statements', 'use-tree'].includes(shape)) continue;
      expect(cut.has(`${shape}.rs`), shape).toBe(true);
    }
    // Long flat code is not deep: analysed in full.
    expect(cut.has('let-shadowing.rs')).toBe(false);
    expect(cut.has('statements.rs')).toBe(false);
    expect(
      report.findings.filter((f) => f.location.path === 'statements.rs' && f.ruleId === 'mtls-no-client-auth'),
    ).toHaveLength(3000);
  });

  it('deep real code is analysed in full: a 300-route Router, a 150-arm else-if chain', () => {
    const router = `use axum::{routing::get, Router};\nuse rustls::ServerConfig;\npub fn app(client_ca: &str) -> Router {\n    let _tls = ${FLAGGED};\n    Router::new()\n${Array.from({ length: 300 }, (_, i) => `        .route("/r${i}", get(h${i}))`).join('\n')}\n}\n`;
    const chain = `use rustls::ServerConfig;\npub fn pick(client_ca: &str, n: u32) -> ServerConfig {\n    ${Array.from({ length: 150 }, (_, i) => `if n == ${i} { other() } else `).join('')}{\n        ${FLAGGED}\n    }\n}\n`;
    const dir = tempProject({ 'router.rs': router, 'chain.rs': chain });
    const run = runCli(['.', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.notifications).toEqual([]);
    const found = report.findings.map(
      (f: { ruleId: string; location: { path: string; region: { startLine: number } } }) =>
        `${f.location.path}:${f.location.region.startLine} ${f.ruleId}`,
    );
    expect(found).toContain('chain.rs:4 mtls-no-client-auth');
    expect(found).toContain('router.rs:4 mtls-no-client-auth');
  });
});
