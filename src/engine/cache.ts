// The result cache. Its granularity is the crate: the engine analyses a crate as a whole
// (verifier impls, constants and intent signals in one file change findings in another), so a
// cached result is valid only while every file of the crate is unchanged. One entry per crate
// and settings, in a file named after them; the entry records a key — the hash of the tool
// version, the rules and settings, and every file's path and content hash — and is used only
// when the key matches. A warm run reads and hashes files but parses only crates that changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrateResult } from './analyze.js';
import type { CrateUnit } from './run.js';
import { TOOL_VERSION } from '../version.js';

const CACHE_FORMAT = 1;

interface Entry {
  format: number;
  toolVersion: string;
  key: string;
  result: CrateResult;
}

/** `node_modules/.cache/axum-tls-lint` when the folder has node_modules, else `.axum-tls-lint-cache`. */
export function defaultCacheLocation(cwd: string): string {
  return existsSync(join(cwd, 'node_modules')) ? join(cwd, 'node_modules', '.cache', 'axum-tls-lint') : join(cwd, '.axum-tls-lint-cache');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class CrateCache {
  hits = 0;
  misses = 0;
  /** The first error met writing the cache (the run goes on without it). */
  writeError?: string;
  private readonly keys = new WeakMap<CrateUnit, string>();

  constructor(readonly dir: string, private readonly toolVersion: string = TOOL_VERSION) {}

  /** Everything the crate's result depends on. */
  key(unit: CrateUnit): string {
    let key = this.keys.get(unit);
    if (key === undefined) {
      const p = unit.profile;
      key = sha256(JSON.stringify({
        format: CACHE_FORMAT,
        tool: this.toolVersion,
        rules: p.rules.map((r) => r.meta.id).sort(),
        settings: { mtls: p.mtls, minTlsVersion: p.minTlsVersion, includeTests: p.includeTests },
        crateRoot: unit.crateRoot,
        files: unit.inputs.map((f) => [f.relPath, sha256(f.text)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      }));
      this.keys.set(unit, key);
    }
    return key;
  }

  private fileOf(unit: CrateUnit): string {
    return join(this.dir, `${sha256(`${unit.crateRoot}\0${unit.profile.id}`).slice(0, 32)}.json`);
  }

  get(unit: CrateUnit): CrateResult | undefined {
    let entry: Entry | undefined;
    try {
      entry = JSON.parse(readFileSync(this.fileOf(unit), 'utf8')) as Entry;
    } catch {
      entry = undefined; // missing or corrupt: analyse again
    }
    if (entry && entry.format === CACHE_FORMAT && entry.toolVersion === this.toolVersion && entry.key === this.key(unit) && entry.result) {
      this.hits++;
      return entry.result;
    }
    this.misses++;
    return undefined;
  }

  /** Written atomically (temporary file, then rename): parallel runs never read half an entry. */
  set(unit: CrateUnit, result: CrateResult): void {
    const entry: Entry = { format: CACHE_FORMAT, toolVersion: this.toolVersion, key: this.key(unit), result };
    const file = this.fileOf(unit);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, JSON.stringify(entry));
      renameSync(temp, file);
    } catch (err) {
      this.writeError ??= `cache not written to ${this.dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
  }
}
