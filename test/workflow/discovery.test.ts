// Which files a walk finds, through the real CLI: git's own ignore rules (nested negations,
// .git/info/exclude, core.excludesFile, tracked files never ignored), Cargo's target/ only
// where Cargo puts it, and no lookup above the repository root (or the scanned folder).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARGO, MAIN_WITHOUT_INTENT, TLS_NO_AUTH, runCli, summary, tempProject } from './sources.js';

// Git must not read the developer's own configuration in these tests.
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', XDG_CONFIG_HOME: '/nonexistent' };

function git(dir: string, args: string[], env: Record<string, string> = GIT_ENV): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** A git repository (nothing committed; `git add` is enough for git to track a file). */
function gitRepo(files: Record<string, string>): string {
  const dir = tempProject(files);
  git(dir, ['init', '-q']);
  return dir;
}

function lint(dir: string, args: string[] = ['.'], env: Record<string, string> = GIT_ENV) {
  return runCli(['-f', 'json', '--workers', '0', ...args], { cwd: dir, env });
}

const crate = (prefix = '') => ({ [`${prefix}Cargo.toml`]: CARGO, [`${prefix}src/main.rs`]: MAIN_WITHOUT_INTENT });

describe('git ignore rules', () => {
  it('a nested !pattern re-includes a file that a parent .gitignore ignores, as git does', () => {
    const dir = gitRepo({
      ...crate(),
      '.gitignore': '*_gen.rs\n',
      'src/gen/.gitignore': '!keep_gen.rs\n',
      'src/gen/keep_gen.rs': TLS_NO_AUTH,
      'src/gen/drop_gen.rs': TLS_NO_AUTH,
    });
    // git's own verdict: keep_gen.rs is not ignored, drop_gen.rs is.
    expect(git(dir, ['ls-files', '--others', '--exclude-standard', 'src/gen'])).toBe(
      'src/gen/.gitignore\nsrc/gen/keep_gen.rs\n',
    );
    const run = lint(dir);
    expect(run.status).toBe(0);
    expect(summary(run)).toEqual(['src/gen/keep_gen.rs:5 mtls-no-client-auth note']);
  });

  it('a negation cannot re-include a file whose folder is ignored (git does not enter it)', () => {
    const dir = gitRepo({ ...crate(), '.gitignore': 'gen/\n!gen/keep.rs\n', 'src/gen/keep.rs': TLS_NO_AUTH });
    expect(git(dir, ['ls-files', '--others', '--exclude-standard', 'src'])).toBe('src/main.rs\n');
    expect(summary(lint(dir))).toEqual([]);
  });

  it('a tracked file is analysed even when an ignore pattern matches it or its folder', () => {
    const dir = gitRepo({
      ...crate(),
      '.gitignore': '*_gen.rs\ngenerated/\n',
      'src/tls_gen.rs': TLS_NO_AUTH,
      'src/generated/tls.rs': TLS_NO_AUTH,
      'src/generated/untracked.rs': TLS_NO_AUTH,
      'src/other_gen.rs': TLS_NO_AUTH,
    });
    git(dir, ['add', '-f', 'src/tls_gen.rs', 'src/generated/tls.rs']);
    const run = lint(dir);
    expect(run.status).toBe(0);
    expect(summary(run)).toEqual([
      'src/generated/tls.rs:5 mtls-no-client-auth note',
      'src/tls_gen.rs:5 mtls-no-client-auth note',
    ]);
  });

  it.each(['2', '3', '4'])(
    'tracked files are read from the index itself (version %s), with no git process',
    (version) => {
      const dir = gitRepo({
        ...crate(),
        '.gitignore': 'generated/\n',
        'src/generated/a/tls.rs': TLS_NO_AUTH,
        'src/generated/b_é/tls.rs': TLS_NO_AUTH,
        'src/generated/new.rs': TLS_NO_AUTH,
      });
      git(dir, ['add', '-f', 'src/generated/a/tls.rs', 'src/generated/b_é/tls.rs']);
      // Intent-to-add entries carry extended flags (index version 3).
      git(dir, ['add', '-f', '-N', 'src/generated/new.rs']);
      git(dir, ['update-index', '--index-version', version]);
      const run = lint(dir, ['.'], { ...GIT_ENV, PATH: '/nonexistent' });
      expect(summary(run)).toEqual([
        'src/generated/a/tls.rs:5 mtls-no-client-auth note',
        'src/generated/b_é/tls.rs:5 mtls-no-client-auth note',
        'src/generated/new.rs:5 mtls-no-client-auth note',
      ]);
    },
  );

  it('a linked worktree (.git is a file) has its own index and the shared excludes', () => {
    const main = gitRepo({ ...crate(), '.gitignore': '*_gen.rs\n', 'src/tls_gen.rs': TLS_NO_AUTH });
    git(main, ['add', '-A']);
    git(main, ['add', '-f', 'src/tls_gen.rs']);
    git(main, ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'x']);
    writeFileSync(join(main, '.git', 'info', 'exclude'), 'scratch.rs\n');
    const wt = join(main, '..', `${main.split('/').pop()}-wt`);
    git(main, ['worktree', 'add', '-q', wt]);
    writeFileSync(join(wt, 'src', 'scratch.rs'), TLS_NO_AUTH);
    writeFileSync(join(wt, 'src', 'other_gen.rs'), TLS_NO_AUTH);
    expect(summary(lint(wt))).toEqual(['src/tls_gen.rs:5 mtls-no-client-auth note']);
  });

  it('.git/info/exclude is honoured', () => {
    const dir = gitRepo({ ...crate(), 'src/scratch.rs': TLS_NO_AUTH, 'src/tls.rs': TLS_NO_AUTH });
    writeFileSync(join(dir, '.git', 'info', 'exclude'), 'scratch.rs\n');
    expect(summary(lint(dir))).toEqual(['src/tls.rs:5 mtls-no-client-auth note']);
  });

  it('core.excludesFile is honoured, below every .gitignore in precedence', () => {
    const dir = gitRepo({
      ...crate(),
      'src/scratch.rs': TLS_NO_AUTH,
      'src/local.rs': TLS_NO_AUTH,
      'src/.gitignore': '!local.rs\n',
      'global-ignore': '*.rs\n!main.rs\n',
      gitconfig: '[core]\n\texcludesFile = global-ignore\n',
    });
    const env = { ...GIT_ENV, GIT_CONFIG_GLOBAL: join(dir, 'gitconfig') };
    expect(git(dir, ['ls-files', '--others', '--exclude-standard', 'src'], env)).toBe(
      'src/.gitignore\nsrc/local.rs\nsrc/main.rs\n',
    );
    expect(summary(lint(dir, ['.'], env))).toEqual(['src/local.rs:5 mtls-no-client-auth note']);
  });

  it('.ignore (ripgrep, fd, Ruff) leaves out even tracked files, and wins over the .gitignore beside it', () => {
    const dir = gitRepo({
      ...crate(),
      '.ignore': 'vendor/\n!src/gen_keep.rs\n',
      '.gitignore': 'gen_*.rs\n',
      'vendor/dep/tls.rs': TLS_NO_AUTH,
      'src/gen_keep.rs': TLS_NO_AUTH,
      'src/gen_drop.rs': TLS_NO_AUTH,
    });
    git(dir, ['add', 'vendor/dep/tls.rs']);
    const run = lint(dir);
    expect(run.status).toBe(0);
    expect(summary(run)).toEqual(['src/gen_keep.rs:5 mtls-no-client-auth note']);
  });

  it('a folder named on the command line is scanned even when a .gitignore above ignores it', () => {
    const dir = gitRepo({ '.gitignore': 'vendor/\n', ...crate('vendor/dep/'), 'vendor/dep/src/tls.rs': TLS_NO_AUTH });
    expect(summary(lint(dir))).toEqual([]);
    expect(summary(lint(dir, ['vendor/dep']))).toEqual(['vendor/dep/src/tls.rs:5 mtls-no-client-auth note']);
  });
});

describe("skipped folders: git's and Cargo's, not a list of names", () => {
  it('target/ is skipped beside a Cargo.toml; src/target/ is a module and is analysed', () => {
    const dir = tempProject({ ...crate(), 'src/target/mod.rs': TLS_NO_AUTH, 'target/debug/build/out.rs': TLS_NO_AUTH });
    const run = lint(dir, ['--strict', '.']);
    expect(run.status).toBe(0);
    expect(summary(run)).toEqual(['src/target/mod.rs:5 mtls-no-client-auth note']);
  });

  it('a build folder elsewhere is skipped by its CACHEDIR.TAG (CARGO_TARGET_DIR)', () => {
    const dir = tempProject({
      ...crate('svc/'),
      'svc/src/tls.rs': TLS_NO_AUTH,
      'build-out/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
      'build-out/debug/out.rs': TLS_NO_AUTH,
    });
    expect(summary(lint(dir))).toEqual(['svc/src/tls.rs:5 mtls-no-client-auth note']);
  });

  it('node_modules/ is walked unless an ignore pattern says otherwise', () => {
    const files = { ...crate(), 'node_modules/pkg/src/tls.rs': TLS_NO_AUTH };
    expect(summary(lint(tempProject(files)))).toEqual(['node_modules/pkg/src/tls.rs:5 mtls-no-client-auth note']);
    expect(summary(lint(gitRepo({ ...files, '.gitignore': 'node_modules/\n' })))).toEqual([]);
  });
});

describe('lookups stop at the repository root, or at the scanned folder outside one', () => {
  it('outside a repository, a .gitignore and a configuration above the scanned folder are not read', () => {
    const parent = tempProject({
      '.gitignore': '*.rs\n',
      'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "off"\n',
    });
    const dir = join(parent, 'svc');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'Cargo.toml'), CARGO);
    writeFileSync(join(dir, 'src', 'tls.rs'), TLS_NO_AUTH);
    const run = lint(dir);
    expect(run.status).toBe(0);
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth note']);
    // Run from the parent, the same folder is inside the working folder: the parent's files apply.
    expect(summary(lint(parent, ['svc']))).toEqual([]);
  });

  it('inside a repository, nothing above its root is read', () => {
    const parent = tempProject({
      '.gitignore': '*.rs\n',
      'axum-tls-lint.toml': '[rules]\nmtls-no-client-auth = "off"\n',
      'Cargo.toml': CARGO,
    });
    const repo = join(parent, 'repo');
    mkdirSync(join(repo, 'src'), { recursive: true });
    writeFileSync(join(repo, 'src', 'tls.rs'), TLS_NO_AUTH);
    git(repo, ['init', '-q']);
    const run = lint(repo);
    expect(run.status).toBe(0);
    expect(summary(run)).toEqual(['src/tls.rs:5 mtls-no-client-auth note']);
  });
});

describe('paths are files or folders', () => {
  it('a glob pattern the shell did not expand is a missing path: exit 2, not a scan of nothing', () => {
    const run = runCli(['src/**/*.rs'], { cwd: tempProject({ ...crate(), 'src/tls.rs': TLS_NO_AUTH }) });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'axum-tls-lint: no such file or directory: src/**/*.rs\nRun "axum-tls-lint --help" for usage.\n',
    );
  });
});
