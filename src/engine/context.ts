// Crate context for partial runs. The engine's unit is the crate (a verifier impl in one file
// decides a finding in another; intent is judged per crate), so when a run names only some
// files of a crate — a pre-commit hook, lint-staged — the crate's other files are read too.
// They inform the analysis and are never reported.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { crateRootOf, discoverFiles, type DiscoveredFile } from './files.js';
import type { Notification } from '../types.js';

function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The files of the requested files' crates that the request itself does not include. */
export function crateContext(discovered: DiscoveredFile[], paths: string[], cwd: string): DiscoveredFile[] {
  const walked = paths
    .map((p) => resolve(cwd, p))
    .filter((p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    });
  const have = new Set(discovered.map((f) => f.absPath));
  const roots = new Set<string>();
  for (const f of discovered) {
    const root = crateRootOf(f.absPath);
    // A crate inside a walked folder was walked whole.
    if (root !== undefined && !walked.some((d) => isWithin(root, d))) roots.add(root);
  }
  const out: DiscoveredFile[] = [];
  for (const root of [...roots].sort()) {
    const ignored: Notification[] = []; // unreadable context folders are not this run's to report
    for (const f of discoverFiles([root], cwd, ignored)) {
      if (have.has(f.absPath) || crateRootOf(f.absPath) !== root) continue;
      have.add(f.absPath);
      out.push({ absPath: f.absPath, explicit: false });
    }
  }
  return out;
}
