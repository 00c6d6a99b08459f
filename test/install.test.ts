// Installing without a TypeScript toolchain, as users do: scripts/release.sh makes the release
// commit (dist/ and an install-time manifest) in a clone, then npm installs it from git and
// from the packed tarball (offline, from the cache the first install warmed), and the
// installed command blocks a bad file. pre-commit 4.x installs a hook the same way as
// `npm install -g git+file://…`; pre-commit 3.x packs the clone and installs the tarball.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './helpers/cli.js';

const BAD = 'use rustls::ServerConfig;\n\nfn main() {\n    let _ = ServerConfig::builder().with_no_client_auth();\n}\n';
const version = JSON.parse(
  execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: repoRoot, encoding: 'utf8' }),
).version as string;

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      // The release commit and tag need an identity even where git has none configured (a fresh CI machine).
      GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'release test',
      GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'release-test@example.invalid',
      GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'release test',
      GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'release-test@example.invalid',
    },
  });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** A clone of this checkout's HEAD with the working tree's files on top (committed there), and dist/ copied in. */
function cloneWithBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-release-'));
  const clone = join(dir, 'clone');
  execFileSync('git', ['clone', '-q', '--no-checkout', repoRoot, clone]);
  execFileSync(
    'git',
    ['checkout', '-q', execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim()],
    { cwd: clone },
  );
  for (const f of [
    'package.json',
    'package-lock.json',
    '.gitignore',
    'LICENSE',
    'bin',
    'scripts',
    'wasm',
    'src',
    '.pre-commit-hooks.yaml',
  ]) {
    cpSync(join(repoRoot, f), join(clone, f), { recursive: true });
  }
  execFileSync('git', ['add', '-A', '.'], { cwd: clone });
  execFileSync(
    'git',
    [
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.invalid',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'working tree',
    ],
    { cwd: clone },
  );
  cpSync(join(repoRoot, 'dist'), join(clone, 'dist'), { recursive: true });
  return clone;
}

describe('a release installs and runs with no build step', () => {
  it('scripts/release.sh tags a commit with dist/ and a manifest without scripts or devDependencies, leaving the branch alone', {
    timeout: 300_000,
  }, () => {
    const clone = cloneWithBuild();
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' });
    const release = sh('bash', ['scripts/release.sh', '--no-build'], clone);
    expect(release.status, release.out).toBe(0);
    expect(release.out).toContain(`release: tagged v${version} (`);
    expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' })).toBe(head);
    expect(
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: clone, encoding: 'utf8' }),
    ).toBe('');
    const files = execFileSync('git', ['ls-tree', '-r', '--name-only', `v${version}`], {
      cwd: clone,
      encoding: 'utf8',
    }).split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli/main.js',
        'wasm/tree-sitter-rust.wasm',
        'bin/axum-tls-lint.js',
        'LICENSE',
        '.pre-commit-hooks.yaml',
      ]),
    );
    const manifest = JSON.parse(
      execFileSync('git', ['show', `v${version}:package.json`], { cwd: clone, encoding: 'utf8' }),
    );
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      'ignore',
      'smol-toml',
      'tinypool',
      'vscode-languageserver',
      'vscode-languageserver-textdocument',
      'web-tree-sitter',
    ]);

    // npm i -g git+file://…#tag: what pre-commit 4.x runs. No TypeScript anywhere.
    const prefix = join(clone, '..', 'global');
    const fromGit = sh('npm', ['install', '-g', '--prefix', prefix, `git+file://${clone}#v${version}`], clone);
    expect(fromGit.status, fromGit.out).toBe(0);
    expect(fromGit.out).not.toMatch(/tsc|install-scripts|git dep preparation/);
    const project = join(clone, '..', 'project');
    cpSync(join(repoRoot, 'LICENSE'), join(project, 'LICENSE'));
    writeFileSync(join(project, 'main.rs'), BAD);
    const lint = sh(join(prefix, 'bin', 'axum-tls-lint'), ['--format', 'json', 'main.rs'], project);
    expect(lint.status, lint.out).toBe(0); // a note: no intent in a one-file crate
    expect(
      JSON.parse(lint.out.slice(0, lint.out.lastIndexOf('}') + 1)).findings.map((f: { ruleId: string }) => f.ruleId),
    ).toContain('mtls-no-client-auth');
    const blocked = sh(join(prefix, 'bin', 'axum-tls-lint'), ['--mtls', 'required', 'main.rs'], project);
    expect(blocked.status).toBe(1);
    expect(blocked.out).toContain(
      'error[mtls-no-client-auth]: this server authenticates no client, although this crate sets up mutual TLS\n --> main.rs:4:37\n',
    );

    // npm i <tarball> --offline, the cache warmed by the install above: what pre-commit 3.x does.
    const tarball = readdirSync(clone).find((f) => f.endsWith('.tgz')) as string;
    expect(tarball).toBe(`axum-tls-lint-${version}.tgz`);
    const offline = sh(
      'npm',
      ['install', '-g', '--offline', '--prefix', join(clone, '..', 'offline'), join(clone, tarball)],
      clone,
    );
    expect(offline.status, offline.out).toBe(0);
    expect(sh(join(clone, '..', 'offline', 'bin', 'axum-tls-lint'), ['--version'], project).out).toBe(`${version}\n`);
  });

  // pre-commit is not a dependency of this project: the test runs where it is installed
  // (Debian's pre-commit 3.0.4 here; pre-commit 4.x runs the npm command tested above).
  const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  it.skipIf(preCommit.status !== 0)(
    'the real pre-commit installs the hook from a release tag and blocks a bad file',
    { timeout: 300_000 },
    () => {
      const run = sh('bash', ['scripts/try-precommit.sh'], repoRoot);
      expect(run.status, run.out).toBe(0);
      expect(run.out).toContain('try-precommit: the hook installed and blocked the bad file\n');
    },
  );

  it('a commit without a build says how to get one, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-unbuilt-'));
    cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    const run = sh('node', [join(dir, 'bin', 'axum-tls-lint.js'), '.'], dir);
    expect(run.status).toBe(2);
    expect(run.out).toBe(
      'axum-tls-lint: this copy is not built (dist/ is missing). In a clone, run "npm ci && npm run build"; to install from git, use a release tag (v<version>), which carries the build.\n',
    );
  });
});

describe('cargo axum-tls-lint', () => {
  // cargo finds `cargo-axum-tls-lint` on PATH and passes the subcommand's name as the first argument.
  const cargo = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  it.skipIf(cargo.status !== 0)('runs through cargo as a subcommand, with its exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-cargo-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(join(repoRoot, 'bin', 'cargo-axum-tls-lint.js'), join(bin, 'cargo-axum-tls-lint'));
    writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.rs'), BAD);
    const run = spawnSync('cargo', ['axum-tls-lint', '--mtls', 'required', '-f', 'json', 'src'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(run.status, run.stderr).toBe(1);
    expect(
      JSON.parse(run.stdout).findings.map(
        (f: { location: { path: string }; ruleId: string; level: string }) =>
          `${f.location.path} ${f.ruleId} ${f.level}`,
      ),
    ).toEqual(['src/main.rs missing-protocol-versions note', 'src/main.rs mtls-no-client-auth error']);
  });
});
