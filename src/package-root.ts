// The package's own folder (package.json, wasm/, dist/), found from this module's place: the
// compiled tree (dist/…), the sources under test (src/…) or the bundle the build writes
// (dist/cli/main.js and its chunks, scripts/bundle.js), so that no relative path depends on it.
import { existsSync } from 'node:fs';

let root: URL | undefined;

/** A file of the package, by its path from the package's folder (`wasm/tree-sitter-rust.wasm`). */
export function packageFile(path: string): URL {
  if (!root) {
    let dir = new URL('./', import.meta.url);
    while (!existsSync(new URL('package.json', dir))) {
      const up = new URL('../', dir);
      if (up.href === dir.href) throw new Error(`axum-tls-lint: no package.json above ${import.meta.url}`);
      dir = up;
    }
    root = dir;
  }
  return new URL(path, root);
}
