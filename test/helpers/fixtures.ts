// Typed access to the fixture annotations (the parser itself is scripts/fixture-annotations.js,
// shared with `npm run eval` so that both read fixtures the same way).
import { readFileSync } from 'node:fs';
import * as annotations from '../../scripts/fixture-annotations.js';
import type { TlsPolicy } from '../../src/types.js';

export interface Expectation {
  ruleId: string;
  line: number;
  kind: 'ruleid' | 'ok';
}

export interface FixtureOptions {
  minTlsVersion: TlsPolicy;
  includeTests: boolean;
  mtls: 'auto' | 'required' | 'off';
}

export interface FixtureUnit {
  /** A single .rs file, or a folder holding a Cargo.toml (a multi-file crate). */
  path: string;
  /** The .rs files inside the unit. */
  files: string[];
  /** The rule whose folder it lives in (its findings are checked exhaustively), or undefined for all rules. */
  ownerRule?: string;
}

export const parseExpectations: (text: string) => Expectation[] = annotations.parseExpectations;
export const parseOptions: (text: string) => FixtureOptions = annotations.parseOptions as (
  text: string,
) => FixtureOptions;
export const fixtureUnits: (fixturesDir: string, ruleIds: Set<string>) => FixtureUnit[] = annotations.fixtureUnits;

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
