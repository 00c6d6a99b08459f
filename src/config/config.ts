// Configuration files: `axum-tls-lint.toml`, or `[package.metadata.axum-tls-lint]` /
// `[workspace.metadata.axum-tls-lint]` in Cargo.toml. The nearest one above a file governs it
// (no merging); `-c/--config` names one for every file and stops the search. Anything the tool
// does not understand is an error naming the file, line and column — never silently ignored.
import ignore, { type Ignore } from 'ignore';
import { parse, TomlError } from 'smol-toml';
import { lstatSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { lookupCeiling } from '../engine/git-ignores.js';
import { ALL_RULES, findRule } from '../rules/index.js';
import type { ConfiguredLevel, TlsPolicy } from '../types.js';
import { locateKey, type TextPosition } from './locate.js';
import { CONFIG_LIMIT, readSmallRegularFile, realPathWithin, UnsafeFileError } from '../engine/safe-read.js';
import { workTreeOf } from '../engine/git-index.js';

export const CONFIG_FILE_NAME = 'axum-tls-lint.toml';
const METADATA_TABLE = 'axum-tls-lint';
const LEVELS = ['off', 'note', 'warning', 'error'] as const;
const MTLS_MODES = ['auto', 'required', 'off'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

const KEYS = ['rules', 'mtls', 'min_tls_version', 'include', 'exclude', 'include_tests'] as const;
/** Every file is matched against every pattern: 10,000 patterns over 3,000 files take 14 s. */
const MAX_PATTERNS = 1000;

/**
 * A configuration error: `file:line:column: message` (exit code 2), one line. It never quotes
 * the file: a "configuration" may be a link to something else (credentials, the environment).
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly position: TextPosition | undefined,
    readonly reason: string,
  ) {
    super(`${file}${position ? `:${position.line}:${position.column}` : ''}: ${reason}`);
  }
}

export interface LintConfig {
  /** Absolute path of the file it was read from. */
  file: string;
  /** Folder the `include`/`exclude` patterns are relative to. */
  base: string;
  rules: Map<string, ConfiguredLevel>;
  mtls?: MtlsMode;
  minTlsVersion?: TlsPolicy;
  includeTests?: boolean;
  include?: Ignore;
  exclude?: Ignore;
}

interface Source {
  file: string;
  /** As shown to the user (relative to the working folder). */
  display: string;
  text: string;
  /** Where the settings table sits in the document (`[]` for axum-tls-lint.toml). */
  prefix: string[];
}

function fail(src: Source, path: string[], reason: string, at: 'key' | 'value' = 'key'): never {
  const found = locateKey(src.text, [...src.prefix, ...path]);
  throw new ConfigError(src.display, found ? found[at] : undefined, reason);
}

function parseToml(src: Source): Record<string, unknown> {
  try {
    return parse(src.text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      // Only the parser's own words: its code block would quote the file, which may not be the
      // configuration it claims to be (a link to a credentials file).
      const reason = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new ConfigError(src.display, { line: err.line, column: err.column }, `invalid TOML: ${reason}`);
    }
    throw err;
  }
}

/**
 * A key written in the file, quoted only when it looks like one of ours could: nothing else
 * of the file is ever printed (its values, its lines), since it may hold secrets.
 */
function quotedKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(key) ? `"${key}"` : '(name not shown)';
}

/** The kind of a value found, without its content. */
function kindOf(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return 'a string that is none of these';
  if (typeof value === 'number') return 'a number';
  if (Array.isArray(value)) return 'an array';
  return value instanceof Date ? 'a date' : 'a table';
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Closest candidate by edit distance, for "did you mean" hints. */
function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function patterns(src: Source, key: string, value: unknown): Ignore {
  if (!Array.isArray(value))
    fail(src, [key], `"${key}" must be an array of glob patterns, e.g. ${key} = ["generated/**"]`, 'value');
  if (value.length > MAX_PATTERNS)
    fail(
      src,
      [key],
      `"${key}" has ${value.length} patterns, more than ${MAX_PATTERNS}; use globs that cover folders (e.g. "generated/**")`,
      'value',
    );
  const ig = ignore();
  for (const p of value) {
    if (typeof p !== 'string' || p.trim() === '')
      fail(src, [key], `"${key}" must hold non-empty strings (glob patterns)`, 'value');
    ig.add(p.replace(/^\.\//, ''));
  }
  return ig;
}

/** Validates the settings table; every key and value is checked. */
function readSettings(src: Source, raw: Record<string, unknown>, base: string): LintConfig {
  const config: LintConfig = { file: src.file, base, rules: new Map() };
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'rules': {
        if (!isTable(value))
          fail(
            src,
            [key],
            '"rules" must be a table of rule ids and levels, e.g. [rules] mtls-no-client-auth = "warning"',
            'value',
          );
        for (const [id, level] of Object.entries(value)) {
          if (!findRule(id))
            fail(
              src,
              [key, id],
              `unknown rule ${quotedKey(id)}${suggest(
                id,
                ALL_RULES.map((r) => r.meta.id),
              )}; "axum-tls-lint rules" lists them`,
            );
          if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
            fail(
              src,
              [key, id],
              `the level of "${id}" must be one of ${LEVELS.map((l) => `"${l}"`).join(', ')} (got ${kindOf(level)})`,
              'value',
            );
          }
          config.rules.set(id, level as ConfiguredLevel);
        }
        break;
      }
      case 'mtls':
        if (typeof value !== 'string' || !(MTLS_MODES as readonly string[]).includes(value)) {
          fail(
            src,
            [key],
            `"mtls" must be one of ${MTLS_MODES.map((m) => `"${m}"`).join(', ')} (got ${kindOf(value)})`,
            'value',
          );
        }
        config.mtls = value as MtlsMode;
        break;
      case 'min_tls_version': {
        const v = typeof value === 'number' ? value.toFixed(1) : value;
        if (v !== '1.2' && v !== '1.3')
          fail(src, [key], `"min_tls_version" must be "1.2" or "1.3" (got ${kindOf(value)})`, 'value');
        config.minTlsVersion = v;
        break;
      }
      case 'include':
      case 'exclude':
        config[key] = patterns(src, key, value);
        break;
      case 'include_tests':
        if (typeof value !== 'boolean')
          fail(src, [key], `"include_tests" must be true or false (got ${kindOf(value)})`, 'value');
        config.includeTests = value;
        break;
      default:
        fail(src, [key], `unknown key ${quotedKey(key)}${suggest(key, KEYS)}; known keys: ${KEYS.join(', ')}`);
    }
  }
  return config;
}

/**
 * The text of a configuration or manifest: a regular file, small, and — when `trees` are given —
 * really inside one of them (a link leading out of the checkout is named, not followed).
 */
function readText(file: string, display: string, trees?: string[]): string {
  try {
    return readSmallRegularFile(trees ? realPathWithin(file, trees) : file, CONFIG_LIMIT);
  } catch (err) {
    if (!(err instanceof UnsafeFileError)) throw err;
    throw new ConfigError(display, undefined, `not read as a configuration: ${err.message}`);
  }
}

/** Something (a file, a link, a pipe…) has this name. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The settings table of a Cargo.toml, or undefined when it has none. */
function cargoSettings(
  file: string,
  display: string,
  text: string,
  required: boolean,
): { raw: Record<string, unknown>; src: Source } | undefined {
  const src: Source = { file, display, text, prefix: [] };
  const doc = parseToml(src);
  const found: Array<{ prefix: string[]; raw: unknown }> = [];
  for (const section of ['package', 'workspace']) {
    const s = doc[section];
    const meta = isTable(s) && isTable(s.metadata) ? s.metadata[METADATA_TABLE] : undefined;
    if (meta !== undefined) found.push({ prefix: [section, 'metadata', METADATA_TABLE], raw: meta });
  }
  if (found.length === 0) {
    if (required)
      throw new ConfigError(
        display,
        undefined,
        `no [package.metadata.${METADATA_TABLE}] or [workspace.metadata.${METADATA_TABLE}] table in this Cargo.toml`,
      );
    return undefined;
  }
  if (found.length > 1)
    fail(
      { ...src, prefix: found[1].prefix },
      [],
      `both [package.metadata.${METADATA_TABLE}] and [workspace.metadata.${METADATA_TABLE}] are set; keep one`,
    );
  const withPrefix: Source = { ...src, prefix: found[0].prefix };
  if (!isTable(found[0].raw)) fail(withPrefix, [], `[${found[0].prefix.join('.')}] must be a table`, 'value');
  return { raw: found[0].raw, src: withPrefix };
}

/**
 * Reads a configuration file. `base` is the folder patterns are relative to (the file's own
 * folder for a discovered file; the working folder for `--config`).
 */
export function loadConfig(
  file: string,
  display: string,
  base: string,
  explicit = false,
  trees?: string[],
): LintConfig | undefined {
  const text = readText(file, display, trees);
  if (basename(file) === 'Cargo.toml') {
    const found = cargoSettings(file, display, text, explicit);
    return found && readSettings(found.src, found.raw, base);
  }
  const src: Source = { file, display, text, prefix: [] };
  return readSettings(src, parseToml(src), base);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True when the config's `include`/`exclude` patterns leave the file out. */
export function excludedBy(config: LintConfig, absFile: string): boolean {
  const rel = relative(config.base, absFile);
  // Patterns only speak about files below their folder.
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
  const posix = toPosix(rel);
  if (config.exclude?.ignores(posix)) return true;
  return config.include !== undefined && !config.include.ignores(posix);
}

/** Finds the configuration governing each file: `--config`, else the nearest one walking up. */
export class ConfigResolver {
  private readonly byDir = new Map<string, LintConfig | null>();
  private readonly explicit?: LintConfig;
  /** Where configurations and manifests may really be: the working folder and its git work tree. */
  private readonly trees: string[];

  constructor(
    private readonly cwd: string,
    configPath?: string,
  ) {
    const workTree = workTreeOf(cwd);
    this.trees = workTree === undefined ? [cwd] : [cwd, workTree];
    if (configPath !== undefined) {
      const file = resolve(cwd, configPath);
      if (!present(file)) throw new ConfigError(configPath, undefined, 'configuration file not found');
      // Named inside the working folder, it must really be there; named outside, it was chosen.
      this.explicit = loadConfig(file, this.display(file), cwd, true, isWithin(file, cwd) ? this.trees : undefined);
    }
  }

  private display(file: string): string {
    const rel = relative(this.cwd, file);
    return toPosix(rel === '' || rel.startsWith('..') ? file : rel);
  }

  /** The configuration governing a file, or null when there is none (defaults apply). */
  configFor(absFile: string): LintConfig | null {
    return this.explicit ?? this.nearest(dirname(absFile));
  }

  private nearest(dir: string): LintConfig | null {
    const visited: string[] = [];
    // Never above the repository root (or the scanned folder outside one): a configuration
    // there belongs to someone else, and could silence every rule.
    const ceiling = lookupCeiling(dir, this.cwd);
    let found: LintConfig | null = null;
    for (let d = dir; ; d = dirname(d)) {
      const known = this.byDir.get(d);
      if (known !== undefined) {
        found = known;
        break;
      }
      visited.push(d);
      const own = this.configIn(d);
      if (own) {
        found = own;
        break;
      }
      if (d === ceiling || dirname(d) === d) break;
    }
    for (const v of visited) this.byDir.set(v, found);
    return found;
  }

  /**
   * `axum-tls-lint.toml` first, then a Cargo.toml carrying the metadata table. Both come from
   * the checkout: read only when they are small regular files really inside the folder they sit
   * in, the working folder or its git work tree; anything else with their name is an error that
   * names it.
   */
  private configIn(dir: string): LintConfig | undefined {
    const trees = [dir, ...this.trees];
    const own = join(dir, CONFIG_FILE_NAME);
    if (present(own)) return loadConfig(own, this.display(own), dir, false, trees);
    const cargo = join(dir, 'Cargo.toml');
    if (!present(cargo)) return undefined;
    let text: string;
    try {
      text = readSmallRegularFile(realPathWithin(cargo, trees), CONFIG_LIMIT);
    } catch (err) {
      if (!(err instanceof UnsafeFileError)) throw err;
      // A manifest that cannot be opened is cargo's business; one that is not a small regular
      // file in the checkout (a pipe, /dev/zero, a link out of it) is named.
      if (err.reason === 'unreadable') return undefined;
      throw new ConfigError(this.display(cargo), undefined, `not read as a configuration: ${err.message}`);
    }
    // Only a Cargo.toml that mentions the tool is parsed: a broken manifest elsewhere is cargo's business.
    if (!text.includes(METADATA_TABLE)) return undefined;
    return loadConfig(cargo, this.display(cargo), dir, false, trees);
  }
}
