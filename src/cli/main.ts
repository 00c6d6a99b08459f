// The command line. Exit codes (as ESLint): 0 no error/warning findings beyond the allowed,
// 1 findings, 2 usage error, missing path or internal failure.
import { parseArgs } from 'node:util';
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { ALL_RULES, findRule } from '../rules/index.js';
import { runLint } from '../engine/run.js';
import { UsageError } from '../engine/files.js';
import { formatStylish, formatNotifications } from '../reporters/stylish.js';
import { formatJson } from '../reporters/json.js';
import { formatSarif } from '../reporters/sarif.js';
import { formatGithub } from '../reporters/github.js';
import { ruleText } from '../docs/render.js';
import { TOOL_VERSION, ruleDocUrl } from '../version.js';
import type { ConfiguredLevel, RunResult, TlsPolicy } from '../types.js';
import type { Rule } from '../rules/rule.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: axum-tls-lint [options] [paths...]
       axum-tls-lint rules
       axum-tls-lint --explain <rule-id>

Finds TLS and mutual-TLS misconfigurations in Rust services (axum, rustls,
tokio-rustls, axum-server, openssl, native-tls, reqwest). Paths default to ".".

Options:
  -f, --format <name>        stylish (default), json, sarif, github
  -o, --output-file <file>   write the report to a file (written atomically)
      --include-tests        also report findings in test code (#[cfg(test)], tests/, benches/)
      --min-tls-version <v>  policy: 1.2 (default) or 1.3
      --mtls <mode>          mTLS intent: auto (default), required, off
      --rule <id=level>      set a rule's level: off, note, warning, error (repeatable)
      --max-warnings <n>     fail only when there are more than n warnings (default 0)
      --quiet                report errors only
      --sarif-category <id>  set SARIF automationDetails.id
      --color / --no-color   force colour on or off (default: on for a TTY unless NO_COLOR)
      --explain <rule-id>    print a rule's documentation
      --debug                print stack traces of internal errors
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no findings at error or warning level (beyond --max-warnings),
1 findings, 2 usage error, missing path or internal failure.`;

class CliUsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        'include-tests': { type: 'boolean' },
        'min-tls-version': { type: 'string' },
        mtls: { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        'sarif-category': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        explain: { type: 'string' },
        debug: { type: 'boolean' },
        'no-prefilter': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    debug = values.debug === true;
    if (values.help) return print(HELP);
    if (values.version) return print(TOOL_VERSION);
    if (values.explain !== undefined) return explain(values.explain);
    if (positionals[0] === 'rules' && positionals.length === 1) return print(listRules());

    const format = parseChoice('--format', values.format ?? 'stylish', FORMATS) as Format;
    const minTlsVersion = parseChoice('--min-tls-version', values['min-tls-version'] ?? '1.2', ['1.2', '1.3']) as TlsPolicy;
    const mtls = parseChoice('--mtls', values.mtls ?? 'auto', ['auto', 'required', 'off']) as 'auto' | 'required' | 'off';
    const maxWarnings = parseMaxWarnings(values['max-warnings']);
    const rules = applyRuleLevels(ALL_RULES, values.rule ?? []);

    const result = await runLint({
      paths: positionals.length > 0 ? positionals : ['.'],
      cwd: process.cwd(),
      rules: rules.map((r) => r.rule),
      includeTests: values['include-tests'] === true,
      minTlsVersion,
      mtls,
      prefilter: values['no-prefilter'] !== true,
    });
    applyLevelOverrides(result, rules);
    if (values.quiet) result.findings = result.findings.filter((f) => f.level === 'error');

    const color = values['no-color'] ? false : values.color ? true : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    const output = render(result, format, { color: color && !values['output-file'], category: values['sarif-category'] });
    if (values['output-file']) writeAtomically(values['output-file'], output);
    else process.stdout.write(output);
    if (result.notifications.length > 0) process.stderr.write(`${formatNotifications(result.notifications)}\n`);
    return exitCode(result, maxWarnings);
  } catch (err) {
    if (err instanceof CliUsageError || err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`axum-tls-lint: ${(err as Error).message}\nRun "axum-tls-lint --help" for usage.\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`axum-tls-lint: internal error: ${(err as Error).message}\n`);
    if (debug) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return EXIT_USAGE;
  }
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return EXIT_OK;
}

function explain(id: string): number {
  const rule = findRule(id);
  if (!rule) throw new CliUsageError(`unknown rule "${id}"; "axum-tls-lint rules" lists them`);
  return print(`${ruleText(rule.meta)}\nDocumentation: ${ruleDocUrl(id)}`);
}

function listRules(): string {
  const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
  return ALL_RULES.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.defaultLevel.padEnd(7)}  ${r.meta.docs.summary}`).join('\n');
}

function parseChoice(flag: string, value: string, choices: readonly string[]): string {
  if (!choices.includes(value)) throw new CliUsageError(`${flag} must be one of ${choices.join(', ')} (got "${value}")`);
  return value;
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^-?\d+$/.test(value)) throw new CliUsageError(`--max-warnings takes a whole number (got "${value}")`);
  const n = Number(value);
  return n < 0 ? Infinity : n;
}

interface ConfiguredRule {
  rule: Rule;
  level?: ConfiguredLevel;
}

/** `--rule id=level`: off removes the rule; another level replaces the level of its findings. */
function applyRuleLevels(rules: Rule[], specs: string[]): ConfiguredRule[] {
  const levels = new Map<string, ConfiguredLevel>();
  for (const spec of specs) {
    const m = /^([\w-]+)=(off|note|warning|error)$/.exec(spec);
    if (!m) throw new CliUsageError(`--rule takes <rule-id>=<off|note|warning|error> (got "${spec}")`);
    if (!findRule(m[1])) throw new CliUsageError(`unknown rule "${m[1]}" in --rule`);
    levels.set(m[1], m[2] as ConfiguredLevel);
  }
  return rules.filter((r) => levels.get(r.meta.id) !== 'off').map((rule) => ({ rule, level: levels.get(rule.meta.id) }));
}

function applyLevelOverrides(result: RunResult, rules: ConfiguredRule[]): void {
  const levels = new Map(rules.filter((r) => r.level && r.level !== 'off').map((r) => [r.rule.meta.id, r.level]));
  for (const f of result.findings) {
    const level = levels.get(f.ruleId);
    if (level && level !== 'off') f.level = level;
  }
}

function render(result: RunResult, format: Format, options: { color: boolean; category?: string }): string {
  switch (format) {
    case 'json': return formatJson(result);
    case 'sarif': return formatSarif(result, { category: options.category });
    case 'github': return formatGithub(result);
    default: return formatStylish(result, { color: options.color });
  }
}

/** Write to a temporary file beside the target, then rename: a crash never leaves a truncated report. */
function writeAtomically(file: string, content: string): void {
  const target = resolve(file);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  writeFileSync(temp, content);
  renameSync(temp, target);
}

function exitCode(result: RunResult, maxWarnings: number): number {
  const errors = result.findings.filter((f) => f.level === 'error' && !f.suppression).length;
  const warnings = result.findings.filter((f) => f.level === 'warning' && !f.suppression).length;
  return errors > 0 || warnings > maxWarnings ? EXIT_FINDINGS : EXIT_OK;
}
