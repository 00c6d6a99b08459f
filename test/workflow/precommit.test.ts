// Hook-style invocations through the real CLI: pre-commit passes relative paths of the staged
// Rust files (split over parallel processes), lint-staged passes absolute paths. Each run is
// self-contained; a named file is analysed with its whole crate as context, only it is reported.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, repoRoot } from '../helpers/cli.js';
import {
  CARGO,
  MAIN_WITH_INTENT,
  MAIN_WITHOUT_INTENT,
  TLS_DEFAULT_VERSIONS,
  TLS_NO_AUTH,
  runCli,
  summary,
  tempProject,
} from './sources.js';

function repo(): string {
  return tempProject({
    'svc/Cargo.toml': CARGO,
    'svc/src/main.rs': MAIN_WITH_INTENT,
    'svc/src/tls.rs': TLS_NO_AUTH,
    'svc/src/public.rs': TLS_DEFAULT_VERSIONS,
    'tool/Cargo.toml': CARGO,
    'tool/src/main.rs': MAIN_WITHOUT_INTENT,
    'tool/src/tls.rs': TLS_NO_AUTH,
  });
}

describe('.pre-commit-hooks.yaml', () => {
  const yaml = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

  it('declares the axum-tls-lint hook for Rust files, compatible with pre-commit 3.0', () => {
    expect(yaml).toMatch(/^- id: axum-tls-lint$/m);
    expect(yaml).toMatch(/^ {2}entry: axum-tls-lint$/m);
    expect(yaml).toMatch(/^ {2}language: node$/m);
    expect(yaml).toMatch(/^ {2}types: \[rust\]$/m);
    expect(yaml).toMatch(/^ {2}require_serial: true$/m);
    // Stage names such as pre-commit/pre-push need pre-commit 3.2; Debian ships 3.0.4.
    expect(yaml).not.toMatch(/stages:/);
  });

  it("the entry is the package's binary; nothing is built at install time (release tags carry dist/: test/install.test.ts)", () => {
    expect(Object.keys(pkg.bin)).toContain('axum-tls-lint');
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'dist', 'wasm']));
    expect(yaml).toMatch(/^ {2}minimum_pre_commit_version: '3\.0\.0'$/m);
  });
});

describe('a list of files, as pre-commit passes it', () => {
  it('reports only the named files', () => {
    const dir = repo();
    const run = runCli(['-f', 'json', 'svc/src/public.rs', 'tool/src/tls.rs'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(summary(run)).toEqual([
      'svc/src/public.rs:4 missing-protocol-versions note',
      'svc/src/public.rs:5 mtls-no-client-auth error',
      'tool/src/tls.rs:5 mtls-no-client-auth note',
    ]);
  });

  it('judges a named file with its whole crate, like a full scan does', () => {
    const dir = repo();
    const full = summary(runCli(['-f', 'json', '.'], { cwd: dir })).filter((s) => s.startsWith('svc/src/tls.rs'));
    // main.rs (not named) carries the mTLS intent that makes this finding an error.
    const hook = runCli(['-f', 'json', 'svc/src/tls.rs'], { cwd: dir });
    expect(summary(hook)).toEqual(full);
    expect(summary(hook)).toEqual(['svc/src/tls.rs:5 mtls-no-client-auth error']);
    expect(hook.status).toBe(1);
  });

  it('lint-staged passes absolute paths: output paths stay relative to the working folder', () => {
    const dir = repo();
    const run = runCli(['-f', 'json', join(dir, 'svc/src/tls.rs'), join(dir, 'tool/src/tls.rs')], { cwd: dir });
    expect(summary(run)).toEqual([
      'svc/src/tls.rs:5 mtls-no-client-auth error',
      'tool/src/tls.rs:5 mtls-no-client-auth note',
    ]);
    const stylish = runCli([join(dir, 'svc/src/tls.rs')], { cwd: dir });
    expect(stylish.stdout.split('\n').slice(0, 2)).toEqual([
      'error[mtls-no-client-auth]: this server authenticates no client, although this crate sets up mutual TLS',
      ' --> svc/src/tls.rs:5:10',
    ]);
  });

  it('parallel processes over parts of the list, sharing the cache, each complete on their own', async () => {
    const dir = repo();
    // The cache's default folder is the user's cache folder: this test's own, outside the project.
    const cacheHome = `${dir}-cache`;
    const lists = [
      ['svc/src/tls.rs', 'svc/src/main.rs'],
      ['svc/src/public.rs'],
      ['tool/src/tls.rs', 'tool/src/main.rs'],
    ];
    const runs = await Promise.all(
      lists.map(
        (files) =>
          new Promise<{ code: number | null; out: string }>((done) => {
            const child = spawn(process.execPath, [binPath, '--cache', '-f', 'json', ...files], {
              cwd: dir,
              env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome },
            });
            let out = '';
            child.stdout.on('data', (d) => (out += d));
            child.on('close', (code) => done({ code, out }));
          }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([1, 1, 0]);
    const findings = runs.flatMap((r) =>
      (JSON.parse(r.out).findings as Array<{ location: { path: string } }>).map((f) => f.location.path),
    );
    expect(findings.sort()).toEqual(['svc/src/public.rs', 'svc/src/public.rs', 'svc/src/tls.rs', 'tool/src/tls.rs']);
    // A second round is served by the cache entries the first wrote.
    const again = runCli(['--cache', '--debug', '-f', 'json', 'svc/src/tls.rs', 'tool/src/tls.rs'], {
      cwd: dir,
      env: { XDG_CACHE_HOME: cacheHome },
    });
    expect(again.stderr).toContain('cache: 2 crates reused, 0 analysed');
  });
});
