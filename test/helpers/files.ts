// Walking the test data: the sub-folders of a folder and the Rust files below one, in path order.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function dirs(parent: string): string[] {
  return readdirSync(parent)
    .sort()
    .map((name) => join(parent, name))
    .filter((p) => statSync(p).isDirectory());
}

export function rustFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? rustFiles(join(dir, e.name)) : e.name.endsWith('.rs') ? [join(dir, e.name)] : [],
    )
    .sort();
}
