// The built CLI as a real process, for outputs larger than the shared helper's 1 MB buffer.
import { spawnSync } from 'node:child_process';
import { binPath, repoRoot, type CliRun } from '../helpers/cli.js';

export function runCliBig(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; execArgv?: string[] } = {},
): CliRun & { ms: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [...(options.execArgv ?? []), binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}
