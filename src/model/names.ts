// Name resolution: per-file `use` alias tables, crate re-exports, and path normalisation,
// so that rules can match `TlsCfg::builder`, `rustls::server::ServerConfig::builder` and
// `tokio_rustls::rustls::ServerConfig::builder` with one pattern.
import type { Node } from '../parser/parser.js';
import { descendantsOfType, namedChildren, pathSegments } from './syntax.js';

/** Crates that re-export others: `tokio_rustls::rustls::X` is `rustls::X`. */
const REEXPORT_PREFIXES: Array<[string[], string[]]> = [
  [['tokio_rustls', 'rustls'], ['rustls']],
  [['hyper_rustls', 'rustls'], ['rustls']],
  [['axum_server', 'tls_rustls', 'rustls'], ['rustls']],
  [['tokio_native_tls', 'native_tls'], ['native_tls']],
  [['tokio_openssl', 'openssl'], ['openssl']],
  [
    ['reqwest', 'tls'],
    ['reqwest', 'tls'],
  ],
];

export interface UseEntry {
  /** The local name (`Cfg` in `use rustls::ServerConfig as Cfg`). */
  local: string;
  /** Full path segments it stands for. */
  target: string[];
  isPublic: boolean;
}

/** Expands every `use` declaration of a file into local-name → path entries. */
export function collectUses(root: Node): { entries: UseEntry[]; globs: string[][] } {
  const entries: UseEntry[] = [];
  const globs: string[][] = [];
  for (const decl of descendantsOfType(root, 'use_declaration')) {
    const isPublic = namedChildren(decl).some((c) => c.type === 'visibility_modifier');
    const arg = decl.childForFieldName('argument');
    if (arg) expandUse(arg, [], isPublic, entries, globs);
  }
  return { entries, globs };
}

function expandUse(
  node: Node,
  prefix: string[],
  isPublic: boolean,
  out: UseEntry[],
  globs: string[][],
  depth = 0,
): void {
  if (depth > 64) return; // `use a::{b::{c::{..}}}` nested deeper than any real import
  switch (node.type) {
    case 'identifier':
    case 'scoped_identifier':
    case 'crate':
    case 'self':
    case 'super': {
      const segs = [...prefix, ...pathSegments(node)];
      if (segs.at(-1) === 'self') segs.pop();
      const local = segs.at(-1);
      if (local) out.push({ local, target: segs, isPublic });
      return;
    }
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      const alias = node.childForFieldName('alias');
      if (!path || !alias) return;
      const segs = [...prefix, ...pathSegments(path)];
      if (segs.at(-1) === 'self') segs.pop();
      if (alias.text !== '_') out.push({ local: alias.text, target: segs, isPublic });
      return;
    }
    case 'scoped_use_list': {
      const path = node.childForFieldName('path');
      const list = node.childForFieldName('list');
      const base = path ? [...prefix, ...pathSegments(path)] : prefix;
      if (list) expandUse(list, base, isPublic, out, globs, depth + 1);
      return;
    }
    case 'use_list':
      for (const child of namedChildren(node)) expandUse(child, prefix, isPublic, out, globs, depth + 1);
      return;
    case 'use_wildcard': {
      const path = namedChildren(node)[0];
      globs.push(path ? [...prefix, ...pathSegments(path)] : prefix);
      return;
    }
    default:
      return;
  }
}

/** Normalises crate spellings: leading `::`, re-exporting crates, `crate::`/`self::`/`super::`. */
export function normalizeSegments(segs: string[]): string[] {
  let s = segs.filter((x) => x.length > 0);
  while (s[0] === 'crate' || s[0] === 'self' || s[0] === 'super') s = s.slice(1);
  for (const [from, to] of REEXPORT_PREFIXES) {
    if (from.every((f, i) => s[i] === f)) return [...to, ...s.slice(from.length)];
  }
  // actix-tls: `actix_tls::accept::rustls_0_23::reexports::ServerConfig` is `rustls::ServerConfig`.
  const actix =
    s[0] === 'actix_tls' && s[1] === 'accept' && s[3] === 'reexports'
      ? /^(rustls|openssl|native_tls)(_0_\d+)?$/.exec(s[2] ?? '')
      : null;
  if (actix) return [actix[1]!, ...s.slice(4)];
  return s;
}

/**
 * Resolves paths written in one file. `crateAliases` holds the crate's `pub use X as Y`
 * re-exports so that `tls::Cfg` resolves when `mod tls { pub use rustls::ServerConfig as Cfg; }`.
 */
export class NameResolver {
  private readonly table = new Map<string, string[]>();

  constructor(
    entries: UseEntry[],
    private readonly crateAliases: Map<string, string[]> = new Map(),
  ) {
    for (const e of entries) this.table.set(e.local, e.target);
  }

  /** Full normalised segments of a path node or a path string. */
  resolve(path: Node | string): string[] {
    const segs =
      typeof path === 'string'
        ? path
            .replace(/::<[^>]*>/g, '')
            .split('::')
            .map((x) => x.trim())
        : pathSegments(path);
    return normalizeSegments(this.expand(segs, 0));
  }

  private expand(segs: string[], depth: number): string[] {
    if (segs.length === 0 || depth > 8) return segs;
    const head = this.table.get(segs[0]);
    if (head && !(head.length === 1 && head[0] === segs[0])) {
      return this.expand([...head, ...segs.slice(1)], depth + 1);
    }
    // A crate-local re-export under a renamed name, wherever in the path it appears.
    for (let i = 0; i < segs.length; i++) {
      const alias = this.crateAliases.get(segs[i]);
      if (alias && alias.at(-1) !== segs[i]) return [...alias, ...segs.slice(i + 1)];
    }
    return segs;
  }

  /** What a name this file imports stands for, as written in its `use` (not normalised), if it imports it. */
  imported(local: string): string[] | undefined {
    return this.table.get(local);
  }

  /** True when the resolved path ends with the given `::`-separated suffix (any of them). */
  endsWith(path: Node | string, ...suffixes: string[]): boolean {
    return pathEndsWith(this.resolve(path), ...suffixes);
  }
}

/** Crates that re-export rustls: how a file that never names `rustls::` itself reaches it. */
const RUSTLS_VIA = ['tokio_rustls::rustls', 'hyper_rustls::rustls', 'axum_server::tls_rustls::rustls'];

/**
 * How code in a file can spell the rustls crate in a new path: `rustls`, unless the file reaches
 * rustls only through a re-export (`tokio_rustls::rustls::…`; the crate may not depend on rustls).
 */
export function rustlsCrateIn(text: string): string {
  if (/(?<!::)\brustls::/.test(text)) return 'rustls';
  return RUSTLS_VIA.find((p) => text.includes(`${p}::`)) ?? 'rustls';
}

export function pathEndsWith(resolved: string[], ...suffixes: string[]): boolean {
  return suffixes.some((suffix) => {
    let want = splitSuffixes.get(suffix);
    if (!want) splitSuffixes.set(suffix, (want = suffix.split('::')));
    if (want.length > resolved.length) return false;
    const offset = resolved.length - want.length;
    return want.every((w, i) => resolved[offset + i] === w);
  });
}

/** The suffixes rules match against, split once (a hot path: every call of every file). */
const splitSuffixes = new Map<string, string[]>();
