// Analyses crates, in this thread or, when there is enough work, in worker threads (tinypool),
// each loading the grammar once. The results come back in the order of the jobs, whatever the
// number of workers and whichever finishes first: the output is the same bytes.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadRustParser } from '../parser/parser.js';
import type { Rule } from '../rules/rule.js';
import type { AnalyzeOptions, CrateResult, InputFile } from './analyze.js';
import { analyzeBounded } from './parts.js';
import type { WorkerJob } from './worker.js';
import { packageFile } from '../package-root.js';

export interface AnalysisJob {
  crateRoot: string;
  inputs: InputFile[];
  rules: Rule[];
  options: AnalyzeOptions;
  /** The files whose findings are wanted; undefined: all (see analyzeCrate). */
  check?: string[];
}

/**
 * Below this much source to parse, starting workers (a thread and a grammar each) costs more than
 * it saves: measured on 2 cores, 0.9 MB parsed was 0.05–0.1 s slower with 2 workers, 3.2 MB
 * 0.05–0.15 s faster. (Starting them while files are read did not help either: with the
 * prefilter, most big trees turn out to have little to parse.)
 */
export const POOL_MIN_BYTES = 2 * 1024 * 1024;
const MAX_WORKERS = 8;

/**
 * Each worker holds the trees and crate model of the crate it analyses (~110 bytes per byte of
 * source, measured on Debian's rustls, openssl and reqwest: 1.0 MB of rustls peaks at ~115 MB
 * above Node's own ~90 MB) and its own grammar heap. By default workers start only when the
 * crates analysed at the same time — the largest ones, one per thread — stay under this much
 * source together, so that a run with workers peaks near a run of its largest crate in one
 * thread. On the real-code corpus (rustls and openssl, 1 MB each) two workers peaked at ~365 MB
 * against ~215 MB in one thread, and were no faster on a shared 2-core machine. `--workers n`
 * starts them anyway.
 */
export const POOL_MAX_CONCURRENT_BYTES = 1024 * 1024;

export function bytesOf(job: { inputs: InputFile[] }): number {
  return job.inputs.reduce((sum, input) => sum + input.text.length, 0);
}

/**
 * `workers`: 0 analyses in this thread, n uses n worker threads; undefined decides by the amount
 * of work (a pool only for big runs, never for a handful of files).
 */
export async function analyzeJobs(
  jobs: AnalysisJob[],
  workers?: number,
  used?: { workers: number },
): Promise<CrateResult[]> {
  if (jobs.length === 0) return [];
  const total = jobs.reduce((sum, job) => sum + bytesOf(job), 0);
  const threads = workers ?? (jobs.length > 1 && total >= POOL_MIN_BYTES ? memoryBoundThreads(jobs) : 0);
  if (threads > 0 && (await rulesAreShipped(jobs))) {
    if (used) used.workers = threads;
    return await inWorkers(jobs, threads);
  }
  await loadRustParser();
  return jobs.map((job) => {
    const result = analyzeBounded(job, afterCrate);
    afterCrate(bytesOf(job));
    return result;
  });
}

/**
 * Below this much source, a crate's garbage is left to V8's own collections (a full collection
 * costs a few milliseconds; most crates of a run are small).
 */
const COLLECT_AFTER_BYTES = 256 * 1024;
let gc: (() => void) | null | undefined;

/**
 * A crate's node objects and memo tables are garbage once it is done, but V8 collects them only
 * when its heap grows enough, by which time the next crate's are piling on: the peak of a run
 * was the sum of several crates' garbage (real-code corpus in one thread: heap 16 MB live after
 * the rustls crate, 190 MB used). A full collection after each big crate bounds the peak by the
 * largest crate. `gc` is V8's own, exposed to a fresh context only.
 */
export function afterCrate(bytes: number): void {
  if (bytes < COLLECT_AFTER_BYTES) return;
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** Threads by default: as many as the cores, unless their crates together exceed POOL_MAX_CONCURRENT_BYTES. */
function memoryBoundThreads(jobs: AnalysisJob[]): number {
  const threads = defaultThreads(jobs.length);
  const largest = jobs
    .map(bytesOf)
    .sort((a, b) => b - a)
    .slice(0, threads)
    .reduce((sum, b) => sum + b, 0);
  return largest <= POOL_MAX_CONCURRENT_BYTES ? threads : 0;
}

function defaultThreads(jobs = MAX_WORKERS): number {
  const cpus = availableParallelism();
  return cpus > 1 ? Math.min(cpus, MAX_WORKERS, jobs) : 0;
}

type Tinypool = InstanceType<typeof import('tinypool').Tinypool>;

const WORKER = new URL('./worker.js', import.meta.url);

async function newPool(threads: number): Promise<Tinypool> {
  const { Tinypool } = await import('tinypool');
  // Heap limits make V8 collect a worker's garbage (the last crate's node objects) before it
  // piles up: peak memory of a 1 M-line run ~530 MB → ~375 MB, at about the same speed (smaller
  // limits cost time in collections). A crate too big for them is analysed again in this thread.
  return new Tinypool({
    // Beside this module in the compiled tree; from the bundle (dist/cli/main.js), the compiled one.
    filename: (existsSync(WORKER) ? WORKER : packageFile('dist/engine/worker.js')).href,
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 512 },
  });
}

/** Workers find rules by id among the shipped ones: rules built elsewhere (tests) stay in this thread. */
async function rulesAreShipped(jobs: AnalysisJob[]): Promise<boolean> {
  const { ALL_RULES } = await import('../rules/index.js');
  const shipped = new Set<Rule>(ALL_RULES);
  return jobs.every((job) => job.rules.every((r) => shipped.has(r)));
}

async function inWorkers(jobs: AnalysisJob[], threads: number): Promise<CrateResult[]> {
  const pool = await newPool(threads);
  try {
    // Biggest crates first, so that one large crate does not finish alone at the end.
    const order = jobs.map((_, i) => i).sort((a, b) => bytesOf(jobs[b]) - bytesOf(jobs[a]) || a - b);
    const results = new Array<CrateResult>(jobs.length);
    await Promise.all(
      order.map(async (i) => {
        const { crateRoot, inputs, rules, options, check } = jobs[i];
        const job: WorkerJob = {
          crateRoot,
          inputs,
          ruleIds: rules.map((r) => r.meta.id),
          options: plainOptions(options),
          check,
        };
        try {
          results[i] = (await pool.run(job)) as CrateResult;
        } catch {
          // Out of memory (a huge crate) or a crashed worker: the same analysis in this thread.
          results[i] = await inThisThread(jobs[i]);
        }
      }),
    );
    return results;
  } finally {
    await pool.destroy();
  }
}

async function inThisThread(job: AnalysisJob): Promise<CrateResult> {
  try {
    await loadRustParser();
    return analyzeBounded(job, afterCrate);
  } catch (err) {
    return {
      findings: [],
      notifications: job.inputs.map((input) => ({
        level: 'warning' as const,
        kind: 'internal' as const,
        path: input.relPath,
        message: `not analysed: the analysis of its crate failed (${(err as Error).message})`,
      })),
    };
  }
}

/** The settings without what cannot cross to a thread (rule objects, functions). */
function plainOptions(options: AnalyzeOptions): AnalyzeOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([key, value]) => key !== 'rules' && typeof value !== 'function'),
  ) as unknown as AnalyzeOptions;
}
