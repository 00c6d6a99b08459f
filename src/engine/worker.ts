// A worker thread of the pool (src/engine/pool.ts): loads the grammar once, then analyses the
// crates it is given. Rules travel by id; results are plain objects (never tree nodes).
import { loadRustParser } from '../parser/parser.js';
import { ALL_RULES } from '../rules/index.js';
import type { AnalyzeOptions, CrateResult, InputFile } from './analyze.js';
import { analyzeBounded } from './parts.js';
import { afterCrate, bytesOf } from './pool.js';

export interface WorkerJob {
  crateRoot: string;
  inputs: InputFile[];
  ruleIds: string[];
  options: AnalyzeOptions;
  check?: string[];
}

const rulesById = new Map(ALL_RULES.map((r) => [r.meta.id, r]));

export default async function analyzeInWorker(job: WorkerJob): Promise<CrateResult> {
  await loadRustParser();
  const rules = job.ruleIds.map((id) => rulesById.get(id)).filter((r) => r !== undefined);
  const result = analyzeBounded({ ...job, rules }, afterCrate);
  afterCrate(bytesOf(job));
  return result;
}
