// Crate roots as separate programs. Cargo compiles `src/main.rs`, `src/lib.rs`, every
// `src/bin/*.rs` (and `src/bin/*/main.rs`), `examples/*.rs`, `benches/*.rs` and `tests/*.rs` as
// crates of their own: a function, const or field value of one binary can never reach another,
// only the library they share (`src/lib.rs` and its modules) is seen by all of them.
import type { Node } from '../parser/parser.js';
import { attributesOf, childModuleDirectory } from './code-kind.js';
import { namedChildren } from './syntax.js';

/** The program every target can see: the library, and files whose target is not known. */
export const LIBRARY = 'lib';

interface ProgramFile {
  absPath: string;
  tree: { rootNode: Node };
}

/** Target folders whose `.rs` files (and `<name>/main.rs`) are crate roots of their own. */
const TARGET_DIRS = ['src/bin', 'examples', 'benches', 'tests'];

/**
 * The programs each file is compiled into, by absolute path. Files reached from no crate root
 * (`#[path]` modules, files outside the Cargo layout, single files) count as library: seen by all.
 */
export function programsOf(crateRoot: string, files: ProgramFile[]): Map<string, Set<string>> {
  const norm = (p: string) => p.split('\\').join('/');
  const root = norm(crateRoot).replace(/\/$/, '');
  const byPath = new Map(files.map((f) => [norm(f.absPath), f]));
  const out = new Map<string, Set<string>>();
  const add = (path: string, program: string) => {
    const file = byPath.get(path);
    if (!file) return;
    const set = out.get(file.absPath) ?? new Set<string>();
    out.set(file.absPath, set);
    if (set.has(program)) return;
    set.add(program);
    for (const child of declaredModuleFiles(path, file.tree.rootNode, true)) addModule(child, program);
  };
  const addModule = (path: string, program: string) => {
    const file = byPath.get(path);
    if (!file || out.get(file.absPath)?.has(program)) return;
    const set = out.get(file.absPath) ?? new Set<string>();
    out.set(file.absPath, set);
    set.add(program);
    for (const child of declaredModuleFiles(path, file.tree.rootNode, /\/mod\.rs$/.test(path)))
      addModule(child, program);
  };
  for (const path of byPath.keys()) {
    const program = crateRootProgram(path.startsWith(`${root}/`) ? path.slice(root.length + 1) : '');
    if (program) add(path, program);
  }
  for (const [path, file] of byPath) {
    if (out.has(file.absPath)) continue;
    // Not reached through `mod` declarations: a file below a target's own folder belongs to it.
    const rel = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : '';
    out.set(file.absPath, new Set([targetFolderProgram(rel) ?? LIBRARY]));
  }
  return out;
}

/** `src/main.rs` → `main`, `src/bin/x.rs` and `src/bin/x/main.rs` → `src/bin/x`, `src/lib.rs` → library. */
function crateRootProgram(rel: string): string | undefined {
  if (rel === 'src/lib.rs') return LIBRARY;
  if (rel === 'src/main.rs') return 'main';
  for (const dir of TARGET_DIRS) {
    const m = new RegExp(`^${dir}/([^/]+)(\\.rs|/main\\.rs)$`).exec(rel);
    if (m) return `${dir}/${m[1]}`;
  }
  return undefined;
}

function targetFolderProgram(rel: string): string | undefined {
  for (const dir of TARGET_DIRS) {
    const m = new RegExp(`^${dir}/([^/]+)/`).exec(rel);
    if (m) return `${dir}/${m[1]}`;
  }
  return undefined;
}

/**
 * The files `mod x;` declarations of a file point at: beside it for crate roots and `mod.rs`,
 * in a folder named after it otherwise; `x.rs` or `x/mod.rs`, or the `#[path = ".."]` given.
 */
function declaredModuleFiles(path: string, root: Node, ownsFolder: boolean): string[] {
  const slash = path.lastIndexOf('/');
  const dir = childModuleDirectory(path, ownsFolder);
  const out: string[] = [];
  for (const item of namedChildren(root)) {
    if (item.type !== 'mod_item' || item.childForFieldName('body')) continue;
    const name = item.childForFieldName('name')?.text;
    if (!name) continue;
    const explicit = attributesOf(item)
      .map((a) => /^#\[path\s*=\s*"([^"]+)"\]$/.exec(a.text.trim())?.[1])
      .find((p) => p);
    if (explicit) out.push(normalise(path.slice(0, slash + 1) + explicit));
    else out.push(`${dir}${name}.rs`, `${dir}${name}/mod.rs`);
  }
  return out;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** Whether code compiled into `from` can use an item of a file compiled into `to`. */
export function programSees(from: Set<string> | undefined, to: Set<string> | undefined): boolean {
  if (!from || !to || to.has(LIBRARY)) return true;
  for (const p of from) if (to.has(p)) return true;
  return false;
}
