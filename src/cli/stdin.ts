// `--stdin --stdin-filename <path>` (the editor-plugin convention): the text on stdin is analysed
// as that file of its crate, whose other files are read from disk.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface StdinInput {
  /** The path as given: the file the text is analysed as (it need not exist). */
  path: string;
  text: string;
  /** For the run: the text in place of the file's. */
  texts: Map<string, string>;
}

export class StdinUsageError extends Error {}

export function stdinInput(
  values: { stdin?: boolean; 'stdin-filename'?: string },
  positionals: string[],
  cwd: string,
): StdinInput | undefined {
  if (!values.stdin) {
    if (values['stdin-filename'] !== undefined) throw new StdinUsageError('--stdin-filename needs --stdin');
    return undefined;
  }
  const path = values['stdin-filename'];
  // Which crate the text belongs to decides what it means: no default name.
  if (path === undefined) throw new StdinUsageError('--stdin needs --stdin-filename <path>');
  if (positionals.length > 0) throw new StdinUsageError('--stdin takes no paths');
  const text = readFileSync(0, 'utf8');
  return { path, text, texts: new Map([[resolve(cwd, path), text]]) };
}
