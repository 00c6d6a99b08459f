// The command line. Exit codes (as ESLint): 0 no error/warning findings beyond the allowed,
// 1 findings, 2 usage error, missing path, internal failure or an incomplete run (a file that
// could not be read or whose analysis failed; with --strict any file not fully analysed).
import { parseArgs } from 'node:util';
import { ALL_RULES, findRule } from '../rules/index.js';
import { lintWorkflow, BaselineError } from './workflow.js';
import { applyFixes, diffOf, fixedText, fixOptionsOf, fixSummary } from './fix.js';
import { stdinInput, StdinUsageError } from './stdin.js';
import { ConfigError } from '../config/config.js';
import { UsageError } from '../engine/files.js';
import { NO_RUST_FILES } from '../engine/run.js';
import { sourceRoot } from '../engine/git-ignores.js';
import { formatCompact, formatStylish, formatNotifications } from '../reporters/stylish.js';
import { formatJson } from '../reporters/json.js';
import { formatSarif } from '../reporters/sarif.js';
import { formatGithub } from '../reporters/github.js';
import { guardLines, visible } from '../reporters/sanitize.js';
import { OutputError, removeTempFilesOnSignals, writeOutputFile } from './output-file.js';
import { explainText, type TerminalOptions } from '../docs/terminal.js';
import { TOOL_VERSION, ruleDocUrl } from '../version.js';
import type { ConfiguredLevel, Notification, RunResult, TlsPolicy } from '../types.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: axum-tls-lint [options] [paths...]
       axum-tls-lint rules
       axum-tls-lint --explain <rule-id>
       axum-tls-lint lsp              a language server on stdio (see the README)

Finds TLS and mutual-TLS misconfigurations in Rust services (axum, rustls,
tokio-rustls, axum-server, openssl, native-tls, reqwest). Paths default to ".".

Options:
  -f, --format <name>        stylish (default), compact, json, sarif, github
  -c, --config <file>        use this axum-tls-lint.toml (or Cargo.toml) for every file;
                             default: the nearest one above each file
  -o, --output-file <file>   write the report to a file (written atomically)
      --include-tests        also report findings in test code (#[cfg(test)], tests/, benches/)
      --min-tls-version <v>  policy: 1.2 (default) or 1.3
      --mtls <mode>          mTLS intent: auto (default), required, off
      --rule <id=level>      set a rule's level: off, note, warning, error (repeatable)
      --max-warnings <n>     fail only when there are more than n warnings (default 0)
      --quiet                report errors only
      --sarif-category <id>  set SARIF automationDetails.id
      --sarif-include-suppressed  emit suppressed findings in SARIF, with \`suppressions\`
      --report-unused-suppressions / --no-report-unused-suppressions
                             warn about suppression comments that suppress nothing
                             (default: on for stylish output)
      --no-warn-ignored      no warning for named files that include/exclude leave out
      --baseline <file>      report only findings the baseline file does not list
      --write-baseline <file>  record today's findings in a baseline file
      --cache                reuse results of unchanged crates
      --cache-location <dir> where (default: a folder per working folder under
                             $XDG_CACHE_HOME/axum-tls-lint or ~/.cache/axum-tls-lint)
      --strict               exit 2 when any file is not fully analysed (too large, binary,
                             not a regular file, a link not followed, nesting too deep)
      --follow-symlinks      follow symbolic links that lead out of the scanned folders
      --no-error-on-unmatched  exit 0 when the paths hold no Rust file (default: exit 2)
      --color / --no-color   force colour on or off (default: on for a TTY unless NO_COLOR;
                             FORCE_COLOR=1 turns it on, FORCE_COLOR=0 off)
      --fix                  apply safe fixes (see the README for which rules fix what)
      --fix-suggestions      also apply suggested fixes (review them)
      --fix-dry-run          print the fixes as a unified diff; change nothing
      --stdin --stdin-filename <path>  analyse the text on stdin as that file of its crate
                             (with --fix: the fixed text is printed, no file is written)
      --explain <rule-id>    print a rule's documentation (for the terminal; Markdown when piped)
      --debug                print stack traces of internal errors, what was parsed, cache use
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no findings at error or warning level (beyond --max-warnings),
1 findings, 2 usage error, configuration error, missing path, paths with no Rust file
(unless --no-error-on-unmatched) or internal failure,
or an incomplete run: a file or folder could not be read or its analysis failed
(with --strict also: any file skipped or not fully analysed). Every file not fully
analysed is listed on stderr and in the JSON/SARIF notifications.`;

class CliUsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  // The language server owns stdin/stdout until the editor says exit (editors may add `--stdio`).
  if (argv[0] === 'lsp') return (await import('../lsp/server.js')).runLanguageServer();
  quietOnClosedPipes();
  removeTempFilesOnSignals();
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'sarif-include-suppressed': { type: 'boolean' },
        'report-unused-suppressions': { type: 'boolean' },
        'no-report-unused-suppressions': { type: 'boolean' },
        'no-warn-ignored': { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
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
        fix: { type: 'boolean' },
        'fix-suggestions': { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        debug: { type: 'boolean' },
        'no-prefilter': { type: 'boolean' },
        strict: { type: 'boolean' },
        'no-error-on-unmatched': { type: 'boolean' },
        'follow-symlinks': { type: 'boolean' },
        workers: { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    debug = values.debug === true;
    if (values.help) return print(HELP);
    if (values.version) return print(TOOL_VERSION);
    if (values.explain !== undefined) {
      // Rendered on a terminal (at its width, at most 100 columns), Markdown when piped.
      const tty = Boolean(process.stdout.isTTY);
      const color = values['no-color'] ? false : values.color ? true : colorFromEnvironment(tty, process.env);
      return explain(values.explain, tty ? { width: Math.min(process.stdout.columns || 100, 100), color } : undefined);
    }
    if (positionals[0] === 'rules' && positionals.length === 1) return print(listRules());

    const format = parseChoice('--format', values.format ?? 'stylish', FORMATS) as Format;
    // Unset here means "from the configuration file, else the default".
    const minTlsVersion =
      values['min-tls-version'] === undefined
        ? undefined
        : (parseChoice('--min-tls-version', values['min-tls-version'], ['1.2', '1.3']) as TlsPolicy);
    const mtls =
      values.mtls === undefined
        ? undefined
        : (parseChoice('--mtls', values.mtls, ['auto', 'required', 'off']) as 'auto' | 'required' | 'off');
    const maxWarnings = parseMaxWarnings(values['max-warnings']);
    if (values['cache-location'] !== undefined && !values.cache)
      throw new CliUsageError('--cache-location needs --cache');
    if (values['cache-location'] === '')
      throw new CliUsageError('--cache-location needs a folder name (got an empty string)');

    const stdin = stdinInput(values, positionals, process.cwd());
    const paths = stdin ? [stdin.path] : positionals.length > 0 ? positionals : ['.'];
    const workflow = {
      paths,
      cwd: process.cwd(),
      prefilter: values['no-prefilter'] !== true,
      cli: {
        rules: parseRuleLevels(values.rule ?? []),
        mtls,
        minTlsVersion,
        includeTests: values['include-tests'] === true ? true : undefined,
      },
      configFile: values.config,
      warnIgnored: values['no-warn-ignored'] !== true,
      reportUnusedSuppressions: values['no-report-unused-suppressions']
        ? false
        : values['report-unused-suppressions'] === true || format === 'stylish',
      cache: values.cache ? { location: values['cache-location'] } : undefined,
      baseline: values.baseline,
      writeBaseline: values['write-baseline'],
      followSymlinks: values['follow-symlinks'] === true,
      workers: parseWorkers(values.workers),
      texts: stdin?.texts,
    };
    let run = await lintWorkflow(workflow);
    const fixing = fixOptionsOf(values);
    if (fixing) {
      // Text from stdin is fixed to stdout, never into the file it is named after.
      const fixed = await applyFixes(
        run.result.root,
        run.result.findings,
        { ...fixing, write: fixing.write && !stdin },
        stdin?.texts,
      );
      process.stderr.write(`axum-tls-lint: ${fixSummary(fixed, fixing.write)}\n`);
      if (stdin && fixing.write) {
        process.stdout.write(fixedText(stdin.text, fixed));
        return EXIT_OK;
      }
      if (!fixing.write) {
        process.stdout.write(diffOf(fixed));
        return EXIT_OK;
      }
      // What is left is reported as the fixed files now read.
      if (fixed.length > 0) run = await lintWorkflow(workflow);
    }
    const result = run.result;
    if (values.quiet) result.findings = result.findings.filter((f) => f.level === 'error');
    const includeSuppressed = format === 'sarif' && values['sarif-include-suppressed'] === true;
    if (!includeSuppressed) result.findings = result.findings.filter((f) => !f.suppression);

    const color = values['no-color']
      ? false
      : values.color
        ? true
        : colorFromEnvironment(Boolean(process.stdout.isTTY), process.env);
    const summary = [
      run.suppressed > 0 ? `${run.suppressed} suppressed` : '',
      run.baselined > 0 ? `${run.baselined} in the baseline` : '',
      run.unusedSuppressions > 0
        ? `${run.unusedSuppressions} unused suppression${run.unusedSuppressions === 1 ? '' : 's'}`
        : '',
    ].filter((s) => s !== '');
    const outputFile = values['output-file'];
    const sarifPaths = { cwd: process.cwd(), root: sourceRoot(paths, process.cwd()) };
    const output = render(result, format, {
      color: color && outputFile === undefined,
      category: values['sarif-category'],
      includeSuppressed,
      summary,
      sarifPaths,
    });
    // The github format's lines are the workflow commands the tool means (its data is escaped);
    // any other report is guarded, in a file too: it may be printed in a log later.
    const safe = format === 'github' ? output : guardLines(output);
    if (outputFile !== undefined) writeOutputFile(outputFile, safe, '--output-file');
    else process.stdout.write(safe);
    if (result.notifications.length > 0) writeStderr(formatNotifications(result.notifications));
    for (const line of [...run.messages, ...(debug ? run.debug : [])]) writeStderr(`axum-tls-lint: ${visible(line)}`);
    const incomplete = incompleteFiles(result.notifications, values.strict === true);
    if (incomplete > 0) {
      writeStderr(
        `axum-tls-lint: incomplete run: ${incomplete} path${incomplete === 1 ? ' was' : 's were'} not fully analysed, see above${values.strict ? ' (--strict)' : ''}; exit code 2`,
      );
      return EXIT_USAGE;
    }
    // A wrong path in CI must not pass silently: nothing to analyse is a usage error.
    // (Named files that the configuration excludes are not "unmatched": lint-staged passes those.)
    const unmatched = result.notifications.some((n) => n.kind === 'skipped' && n.message === NO_RUST_FILES);
    if (unmatched && values['no-error-on-unmatched'] !== true) {
      writeStderr(
        'axum-tls-lint: no Rust files found in the given paths; exit code 2 (--no-error-on-unmatched makes this exit 0)',
      );
      return EXIT_USAGE;
    }
    return exitCode(result, maxWarnings);
  } catch (err) {
    return reportError(err, debug);
  }
}

/** One line on stderr (a stack trace only with --debug); messages may name files of the checkout. */
function reportError(err: unknown, debug: boolean): number {
  const message = visible((err as Error).message);
  if (err instanceof ConfigError || err instanceof BaselineError || err instanceof OutputError) {
    writeStderr(`axum-tls-lint: ${message}`);
  } else if (
    err instanceof CliUsageError ||
    err instanceof StdinUsageError ||
    err instanceof UsageError ||
    (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    writeStderr(`axum-tls-lint: ${message}\nRun "axum-tls-lint --help" for usage.`);
  } else {
    writeStderr(`axum-tls-lint: internal error: ${message}`);
    if (debug) writeStderr((err as Error).stack ?? '');
  }
  return EXIT_USAGE;
}

function writeStdout(text: string): void {
  process.stdout.write(guardLines(text));
}

function writeStderr(line: string): void {
  process.stderr.write(`${guardLines(line)}\n`);
}

/**
 * A reader that stops early (`axum-tls-lint | head`) closes the pipe: the rest of the output is
 * dropped without a stack trace, and the exit code stays the run's.
 */
function quietOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    });
  }
}

/** FORCE_COLOR (Node's and chalk's convention) wins over the terminal; NO_COLOR turns colour off. */
function colorFromEnvironment(isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTty && !env.NO_COLOR;
}

function print(text: string): number {
  writeStdout(`${text}\n`);
  return EXIT_OK;
}

function explain(id: string, terminal: TerminalOptions | undefined): number {
  const rule = findRule(id);
  if (!rule) throw new CliUsageError(`unknown rule "${id}"; "axum-tls-lint rules" lists them`);
  writeStdout(explainText(rule.meta, ruleDocUrl(id), terminal));
  return EXIT_OK;
}

function listRules(): string {
  const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
  return ALL_RULES.map(
    (r) => `${r.meta.id.padEnd(width)}  ${r.meta.defaultLevel.padEnd(7)}  ${r.meta.docs.summary}`,
  ).join('\n');
}

function parseChoice(flag: string, value: string, choices: readonly string[]): string {
  if (!choices.includes(value))
    throw new CliUsageError(`${flag} must be one of ${choices.join(', ')} (got "${value}")`);
  return value;
}

/** Hidden `--workers n` (tests and benchmarks): n worker threads, 0 for none; default: by the amount of work. */
function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 64)
    throw new CliUsageError(`--workers takes a whole number from 0 to 64 (got "${value}")`);
  return Number(value);
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^-?\d+$/.test(value)) throw new CliUsageError(`--max-warnings takes a whole number (got "${value}")`);
  const n = Number(value);
  return n < 0 ? Infinity : n;
}

/** `--rule id=level`: off removes the rule; another level replaces the level of its findings (over configuration files). */
function parseRuleLevels(specs: string[]): Map<string, ConfiguredLevel> {
  const levels = new Map<string, ConfiguredLevel>();
  for (const spec of specs) {
    const m = /^([\w-]+)=(off|note|warning|error)$/.exec(spec);
    if (!m) throw new CliUsageError(`--rule takes <rule-id>=<off|note|warning|error> (got "${spec}")`);
    if (!findRule(m[1])) throw new CliUsageError(`unknown rule "${m[1]}" in --rule`);
    levels.set(m[1], m[2] as ConfiguredLevel);
  }
  return levels;
}

function render(
  result: RunResult,
  format: Format,
  options: {
    color: boolean;
    category?: string;
    includeSuppressed: boolean;
    summary: string[];
    sarifPaths: { cwd: string; root: string };
  },
): string {
  switch (format) {
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result, {
        category: options.category,
        includeSuppressed: options.includeSuppressed,
        paths: options.sarifPaths,
      });
    case 'github':
      return formatGithub(result);
    case 'compact':
      return formatCompact(result);
    default:
      return formatStylish(result, { color: options.color, summary: options.summary });
  }
}

/**
 * Files the run did not fully analyse, as far as the exit code is concerned: always those that
 * could not be read or whose analysis failed; with --strict also those skipped (size, binary,
 * links, include/exclude of a named file), cut (nesting) or that could not be parsed at all, and
 * crates whose searches ran out of budget or that were analysed in parts (too big to hold at once).
 */
function incompleteFiles(notifications: Notification[], strict: boolean): number {
  const paths = new Set<string>();
  for (const n of notifications) {
    if (n.path === undefined) continue;
    const failed = n.kind === 'unreadable' || n.kind === 'internal';
    const skipped =
      n.kind === 'too-large' ||
      n.kind === 'binary' ||
      n.kind === 'skipped' ||
      n.kind === 'budget' ||
      n.kind === 'parts' ||
      (n.kind === 'parse-error' && n.level !== 'note');
    if (failed || (strict && skipped)) paths.add(n.path);
  }
  return paths.size;
}

function exitCode(result: RunResult, maxWarnings: number): number {
  const errors = result.findings.filter((f) => f.level === 'error' && !f.suppression).length;
  const warnings = result.findings.filter((f) => f.level === 'warning' && !f.suppression).length;
  return errors > 0 || warnings > maxWarnings ? EXIT_FINDINGS : EXIT_OK;
}
