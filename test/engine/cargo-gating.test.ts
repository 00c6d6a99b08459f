// Cargo-aware gating (engine/manifest.ts, engine/prefilter.ts, meta.withoutTlsDependency): a crate whose manifest,
// workspace and path dependencies name no TLS library runs only the rules that need none, and
// parses nothing unless their narrow words appear. Findings never change: the same crates are
// compared with --no-prefilter (no gating), and counted, never timed.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCliBig } from '../robustness/run.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-gating-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * Plain async code full of the broad words of the TLS rules (serve, accept, Response, headers, Certificate…),
 * a doc link (`http://` outside a string) and a pipe name with `client-` in it (tokio's named-pipe tests).
 */
const PLAIN = `use std::collections::HashMap;
/// See http://www.example.com/spec for the protocol.
pub const PIPE: &str = "named-pipe-client-1";
pub struct Certificate { pub der: Vec<u8> }
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let mut headers: HashMap<String, String> = HashMap::new();
        headers.insert("content-type".into(), "text/plain".into());
        tokio::select! { _ = handle(stream) => {} }
    }
}
async fn handle(_s: tokio::net::TcpStream) -> Result<String, String> { Ok(String::new()) }
pub fn set_verify(_x: bool) {}
pub fn cipher_suites() -> Vec<&'static str> { vec!["a"] }
`;

const MANIFEST = (name: string, deps: string) =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}`;

describe('crates without a TLS dependency', () => {
  it('parse 0 files (--debug says so per crate), while the same code in a TLS crate is parsed; findings as without the prefilter', () => {
    const dir = workspace({
      'Cargo.toml': '[workspace]\nmembers = ["plain", "tls", "feature", "via-path", "store"]\n',
      'plain/Cargo.toml': MANIFEST('plain', 'tokio = { version = "1", features = ["full"] }\nhyper = "0.14"\n'),
      'plain/src/lib.rs': PLAIN,
      'plain/src/net.rs': PLAIN,
      'tls/Cargo.toml': MANIFEST('tls', 'tokio = "1"\ntokio-rustls = "0.26"\n'),
      'tls/src/lib.rs': PLAIN,
      'feature/Cargo.toml': MANIFEST(
        'feature',
        'sqlx = { version = "0.7", features = ["runtime-tokio-rustls", "postgres"] }\n',
      ),
      'feature/src/lib.rs': PLAIN,
      'via-path/Cargo.toml': MANIFEST('via-path', 'tls = { path = "../tls" }\n'),
      'via-path/src/lib.rs': PLAIN,
      // mysql up to 25 connects with native-tls by default (its `SslOpts` danger switches need no feature).
      'store/Cargo.toml': MANIFEST('store', 'mysql = "25"\n'),
      'store/src/lib.rs': PLAIN,
    });
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    const lines = on.stderr.split('\n').filter((l) => l.includes(': crate '));
    expect(lines).toEqual([
      'axum-tls-lint: crate feature: parsed 1 of 1 files (1 KiB); TLS dependency: depends on sqlx with feature runtime-tokio-rustls',
      'axum-tls-lint: crate plain: parsed 0 of 2 files (0 KiB); TLS dependency: none',
      'axum-tls-lint: crate store: parsed 1 of 1 files (1 KiB); TLS dependency: depends on mysql (TLS by default)',
      'axum-tls-lint: crate tls: parsed 1 of 1 files (1 KiB); TLS dependency: depends on tokio-rustls',
      'axum-tls-lint: crate via-path: parsed 1 of 1 files (1 KiB); TLS dependency: depends on tls (path), which depends on tokio-rustls',
    ]);
  });

  it('still report what needs no TLS (a PEM private key, an identity header), with the same findings as without gating', () => {
    const key = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    const dir = workspace({
      'Cargo.toml': MANIFEST('plain-service', 'axum = "0.8"\ntokio = "1"\n'),
      'src/main.rs': `mod keys;\nmod auth;\n${PLAIN}`,
      'src/keys.rs': `pub const KEY: &str = "${key}\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n";\n`,
      'src/auth.rs': `use axum::http::HeaderMap;\npub fn user(headers: &HeaderMap) -> Option<String> {\n    headers.get("x-ssl-client-s-dn").and_then(|v| v.to_str().ok()).map(str::to_owned)\n}\n`,
    });
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    const rules = JSON.parse(on.stdout)
      .findings.map((f: { ruleId: string }) => f.ruleId)
      .sort();
    expect(rules).toEqual(['identity-from-header', 'private-key-in-source']);
    expect(on.stderr).toMatch(/crate \.: parsed \d of 3 files \(\d+ KiB\); TLS dependency: none\n/);
  });

  it('a file that names a TLS library makes the crate a TLS crate whatever its manifest says', () => {
    const dir = workspace({
      'Cargo.toml': MANIFEST('trimmed', 'tokio = "1"\n'),
      'src/lib.rs': PLAIN,
      'examples/tls.rs': 'fn main() { let _ = rustls::ClientConfig::builder().with_safe_defaults(); }\n',
    });
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    expect(on.stderr).toMatch(
      /crate \.: parsed [1-9]\d* of 2 files .*TLS dependency: none in the manifest, but a file names a TLS library/,
    );
  });

  it('a client named only in a comment or inside another word (`monotonic`, `mini-redis`) does not; named in code it does', () => {
    const mentions = `//! Built on hyper; for a higher-level client see [reqwest](https://crates.io/crates/reqwest).
/// The [mini-redis] example shows a shared map behind a mutex.
pub fn monotonic_now() -> std::time::Instant { std::time::Instant::now() }
${PLAIN}`;
    const dir = workspace({
      'Cargo.toml': '[workspace]\nmembers = ["docs-only", "uses-client"]\n',
      'docs-only/Cargo.toml': MANIFEST('docs-only', 'tokio = "1"\n'),
      'docs-only/src/lib.rs': mentions,
      'uses-client/Cargo.toml': MANIFEST('uses-client', 'tokio = "1"\n'),
      'uses-client/src/lib.rs': `${mentions}pub async fn fetch() { let _ = reqwest::get("https://example.com").await; }\n`,
    });
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    const lines = on.stderr.split('\n').filter((l) => l.includes(': crate '));
    expect(lines[0]).toBe('axum-tls-lint: crate docs-only: parsed 0 of 1 files (0 KiB); TLS dependency: none');
    expect(lines[1]).toMatch(/crate uses-client: parsed 1 of 1 files .*a file names a TLS library/);
  });

  it('cleartext URLs only in test modules (inline, or a file a `#[cfg(all(test, ..))] mod x;` declares) parse nothing; --include-tests parses and reports them', () => {
    const client = `use hyper::{Body, Client};
#[cfg(all(test, feature = "runtime"))]
mod tests;
pub async fn get(client: &Client<hyper::client::HttpConnector>, uri: hyper::Uri) -> hyper::Result<hyper::Response<Body>> {
    client.get(uri).await
}
#[cfg(test)]
mod inline {
    // A brace in a string or a char must not end the module early: "}" '}' '{'
    #[tokio::test]
    async fn mock() {
        let client = hyper::Client::new();
        let _ = client.get("http://mock.example.com/a".parse().unwrap()).await;
    }
}
pub fn after_tests() -> &'static str { "done" }
`;
    const tests = `use super::*;
#[tokio::test]
async fn pooled() {
    let client = hyper::Client::new();
    let _ = client.get("http://pool.example.com/b".parse().unwrap()).await;
}
`;
    const dir = workspace({
      'Cargo.toml': MANIFEST(
        'plain-client',
        'hyper = { version = "0.14", features = ["client", "http1"] }\ntokio = "1"\n',
      ),
      'src/lib.rs': 'pub mod client;\n',
      'src/client/mod.rs': client,
      'src/client/tests.rs': tests,
    });
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    expect(JSON.parse(on.stdout).findings).toEqual([]);
    expect(on.stderr).toContain('axum-tls-lint: crate .: parsed 0 of 3 files (0 KiB); TLS dependency: none');
    const withTests = runCliBig(['.', '-f', 'json', '--debug', '--include-tests'], { cwd: dir });
    const found = JSON.parse(withTests.stdout).findings.map(
      (f: { ruleId: string; location: { path: string; region: { startLine: number } } }) =>
        `${f.ruleId} ${f.location.path}:${f.location.region.startLine}`,
    );
    expect(found).toEqual(['cleartext-transport src/client/mod.rs:13', 'cleartext-transport src/client/tests.rs:5']);
  });

  it('a method name many files declare (`count_since` of every repository) is not followed across the crate', () => {
    const repo = (n: number) =>
      `pub struct Repo${n};\nimpl Repo${n} {\n    pub fn count_since(&self, days: u32) -> u64 { u64::from(days) * ${n} }\n}\n`;
    const dir = workspace({
      'Cargo.toml': MANIFEST('repos', 'rustls = "0.23"\n'),
      'src/lib.rs': 'pub mod tls;\npub mod a1;\npub mod a2;\npub mod a3;\npub mod a4;\npub mod a5;\n',
      'src/tls.rs': `use std::sync::Arc;
pub fn config(roots: rustls::RootCertStore, repo: &crate::a1::Repo1) -> Arc<rustls::ClientConfig> {
    let _recent = repo.count_since(7);
    Arc::new(rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth())
}
`,
      'src/a1.rs': repo(1),
      'src/a2.rs': repo(2),
      'src/a3.rs': repo(3),
      'src/a4.rs': repo(4),
      'src/a5.rs': repo(5),
    });
    const on = runCliBig(['.', '-f', 'json', '--debug'], { cwd: dir });
    const off = runCliBig(['.', '-f', 'json', '--no-prefilter'], { cwd: dir });
    expect(on.stdout).toBe(off.stdout);
    expect(on.stderr).toContain('axum-tls-lint: crate .: parsed 2 of 7 files');
  });
});
