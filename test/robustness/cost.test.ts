// The analysis of a crate costs at most a fixed multiple of its size, whatever its code looks
// like (model/budget.ts). Measured by counting the search steps the run reports under --debug,
// never by timing: helpers that call helpers (each a path the old searches walked again) and a
// field stored and read in many places (one search per pair) are the shapes that blew up.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliBig } from './run.js';

function crate(name: string, source: string, dependency: string): string {
  const dir = mkdtempSync(join(tmpdir(), `axum-tls-lint-cost-${name}-`));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\n[dependencies]\n${dependency} = "*"\n`);
  // A binary: in a library target a danger switch fed by the library's own fields is plumbing (catalog revision 2).
  writeFileSync(join(dir, 'src', 'main.rs'), source);
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
  for (let f = 0; f < fan; f++) s += `  let _v${f} = WebPkiClientVerifier::builder(Arc::new(h_0_${f}(roots.clone(), 1))).build().unwrap();\n`;
  return `${s}}\n`;
}

/** `count` types with a field `accept`, each read by a danger switch. */
function sharedFieldName(count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) {
    s += `pub struct C${i} { accept: bool }\nimpl C${i} {\n  pub fn new(v: bool) -> Self { Self { accept: v } }\n`;
    s += '  pub fn client(&self) -> reqwest::Client { reqwest::Client::builder().danger_accept_invalid_certs(self.accept).build().unwrap() }\n}\n';
  }
  return s;
}

/**
 * `count` verifiers whose roots come from one helper that picks one of `count` helpers per match
 * arm: each verifier's source search walks every arm (verifiers x arms), in a source that grows
 * with verifiers + arms. Written compactly (aliases, one line each) so that it outgrows its
 * budget (4 steps a byte) at a few hundred of each.
 */
function sharedPicker(count: number): string {
  let s = 'use std::sync::Arc;\nuse rustls::{RootCertStore as R, server::WebPkiClientVerifier as V};\nuse webpki_roots::TLS_SERVER_ROOTS as T;\n';
  for (let k = 0; k < count; k++) s += `fn l${k}(mut s: R) -> R { s.extend(T.iter().cloned()); s }\n`;
  s += 'fn p(r: R, k: u32) -> R { match k {\n';
  for (let k = 0; k < count; k++) s += `${k} => l${k}(r),\n`;
  s += '_ => r } }\npub fn server() {\nlet r = R::empty();\n';
  for (let v = 0; v < count; v++) s += `let _v${v} = V::builder(Arc::new(p(r.clone(), ${v}))).build();\n`;
  return `${s}}\n`;
}

function run(dir: string, ...flags: string[]) {
  const result = runCliBig(['.', '-f', 'json', '--debug', ...flags], { cwd: dir });
  const steps = Number(/(\d+) search steps/.exec(result.stderr)?.[1]);
  const notifications = JSON.parse(result.stdout).notifications as Array<{ kind: string; path?: string; message: string }>;
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
    // (A crate of 1,500 types sharing a field name did this until fields were followed through their owner type.)
    const dir = crate('picker', sharedPicker(700), 'rustls');
    const result = run(dir);
    const budget = result.notifications.filter((n) => n.kind === 'budget');
    expect(budget).toEqual([
      { level: 'warning', kind: 'budget', path: '.', message: expect.stringMatching(/^not fully analysed: budget \(its value searches stopped after \d+ steps\); findings that need them may be missing$/) },
    ]);
    const limit = Number(/after (\d+) steps/.exec(budget[0].message)?.[1]);
    // Every search stops at the limit: at most one more step each for the switches in flight.
    expect(result.steps).toBeLessThan(limit + 10_000);
    expect(result.status).toBe(0); // notes only, and not an incomplete run: only --strict makes it one
    // What needs no search is all there: every verifier's missing CRLs.
    expect(JSON.parse(result.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'crl-not-checked').length).toBe(700);
    expect(result.stderr).toContain('axum-tls-lint: warning: .: not fully analysed: budget');
    const strict = run(dir, '--strict');
    expect(strict.status).toBe(2);
  }, 180_000); // two runs that spend a whole budget: slow on a loaded machine

  it('a crate well inside its budget gets no notification', () => {
    const result = run(crate('small-fields', sharedFieldName(20), 'reqwest'));
    expect(result.notifications.filter((n) => n.kind === 'budget')).toEqual([]);
    expect(JSON.parse(result.stdout).findings.length).toBe(20);
  });
});
