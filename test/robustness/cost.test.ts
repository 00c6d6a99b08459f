// The analysis of a crate costs at most a fixed multiple of its size, whatever its code looks
// like (model/budget.ts). Measured by counting the search steps the run reports under --debug,
// never by timing: helpers that call helpers (each a path the old searches walked again) and a
// field stored and read in many places (one search per pair) are the shapes that blew up.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliBig } from './run.js';

/** A binary crate (src/main.rs: its run-time switches are its own settings, not a library's plumbing). */
function crate(name: string, source: string, dependency: string): string {
  const dir = mkdtempSync(join(tmpdir(), `axum-tls-lint-cost-${name}-`));
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'Cargo.toml'),
    `[package]\nname = "${name}"\nversion = "0.1.0"\n[dependencies]\n${dependency} = "*"\n`,
  );
  writeFileSync(join(dir, 'src', 'main.rs'), `${source}\nfn main() {}\n`);
  return dir;
}

/** `levels` layers of `fan` helpers; each picks one helper of the next layer per match arm. */
function helperLayers(levels: number, fan: number): string {
  let s = 'use std::sync::Arc;\nuse rustls::{RootCertStore, server::WebPkiClientVerifier};\n';
  for (let level = 0; level < levels; level++) {
    for (let f = 0; f < fan; f++) {
      if (level === levels - 1) {
        s += `fn h_${level}_${f}(store: RootCertStore, k: u8) -> RootCertStore { let mut s = store; s.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()); s }\n`;
        continue;
      }
      const arms = Array.from({ length: fan }, (_, g) => `${g} => h_${level + 1}_${g}(roots.clone(), k),`).join(' ');
      s += `fn h_${level}_${f}(roots: RootCertStore, k: u8) -> RootCertStore { match k { ${arms} _ => roots } }\n`;
    }
  }
  s += 'pub fn server() {\n  let roots = RootCertStore::empty();\n';
  for (let f = 0; f < fan; f++)
    s += `  let _v${f} = WebPkiClientVerifier::builder(Arc::new(h_0_${f}(roots.clone(), 1))).build().unwrap();\n`;
  return `${s}}\n`;
}

/** `count` types with a field `accept`, each read by a danger switch. */
function sharedFieldName(count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) {
    s += `pub struct C${i} { accept: bool }\nimpl C${i} {\n  pub fn new(v: bool) -> Self { Self { accept: v } }\n`;
    s +=
      '  pub fn client(&self) -> reqwest::Client { reqwest::Client::builder().danger_accept_invalid_certs(self.accept).build().unwrap() }\n}\n';
  }
  return s;
}

function run(dir: string, flags: string[] = [], env: Record<string, string> = {}) {
  const result = runCliBig(['.', '-f', 'json', '--debug', ...flags], { cwd: dir, env });
  const steps = Number(/(\d+) search steps/.exec(result.stderr)?.[1]);
  const notifications = JSON.parse(result.stdout).notifications as Array<{
    kind: string;
    path?: string;
    message: string;
  }>;
  return { ...result, steps, notifications };
}

describe('the cost of a crate is bounded by its size', () => {
  it('helpers calling helpers: search steps grow with the source, not with the paths through it', () => {
    const sizes = [4, 8].map((fan) => {
      const source = helperLayers(7, fan);
      const result = run(crate(`layers${fan}`, source, 'rustls'));
      expect(result.status).toBe(1);
      return { bytes: source.length, steps: result.steps, findings: JSON.parse(result.stdout).findings.length };
    });
    const [small, large] = sizes;
    // 8^7 paths against 4^7: a path-walking search grows 128-fold. Each verifier's search visits
    // an expression once, so the total grows with (verifiers x reachable code): here 4x as many
    // of each, within the crate's budget (4 steps a byte, model/budget.ts) without reaching it.
    expect(large.steps / small.steps).toBeLessThan(128 / 8);
    for (const { bytes, steps } of sizes) expect(steps).toBeLessThan(4 * bytes);
    expect(large.findings).toBeGreaterThan(small.findings);
  });

  it('a crate that exhausts its budget is finished with what is known and named in a notification', () => {
    // The budget is made small here (a knob for tests): real crates stay far below their own.
    const dir = crate('fields', sharedFieldName(300), 'reqwest');
    const budget = { AXUM_TLS_LINT_WORK_BUDGET: '500' };
    const result = run(dir, [], budget);
    const notices = result.notifications.filter((n) => n.kind === 'budget');
    expect(notices).toEqual([
      {
        level: 'warning',
        kind: 'budget',
        path: '.',
        message: expect.stringMatching(
          /^not fully analysed: budget \(its value searches stopped after \d+ steps\); findings that need them may be missing$/,
        ),
      },
    ]);
    expect(notices[0].message).toContain('after 500 steps');
    // Every search stops at the limit: one more step at most for each switch asked afterwards.
    expect(result.steps).toBeLessThan(500 + 2 * 300);
    expect(result.status).toBe(1); // findings, not an incomplete run: only --strict makes it one
    expect(JSON.parse(result.stdout).findings.length).toBe(300);
    expect(result.stderr).toContain('axum-tls-lint: warning: .: not fully analysed: budget');
    expect(run(dir, ['--strict'], budget).status).toBe(2);
    // A cached result keeps the notice (an entry naming the crate's folder is not damaged).
    const cache = ['--cache', '--cache-location', mkdtempSync(join(tmpdir(), 'axum-tls-lint-cost-cache-'))];
    run(dir, cache, budget);
    const cached = run(dir, cache, budget);
    expect(cached.stderr).toContain('cache: 1 crate reused, 0 analysed');
    expect(cached.notifications.filter((n) => n.kind === 'budget')).toEqual(notices);
  });

  it('a crate well inside its budget gets no notification', () => {
    const result = run(crate('small-fields', sharedFieldName(20), 'reqwest'));
    expect(result.notifications.filter((n) => n.kind === 'budget')).toEqual([]);
    expect(JSON.parse(result.stdout).findings.length).toBe(20);
  });
});
