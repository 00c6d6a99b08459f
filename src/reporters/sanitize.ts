// The one output sanitiser. Text that comes from the scanned checkout — file names, source lines
// in code frames, identifiers quoted in messages, suppression reasons — ends up in terminals and
// in CI logs that GitHub Actions interprets. There it must stay data:
// - control characters (LF, CR, ESC and its terminal sequences such as OSC 52 clipboard writes,
//   the C1 range, DEL) and invisible bidirectional overrides are shown as `\u{1b}`, visibly;
// - no line may start a workflow command (`::error …`, after leading blanks) or hold `##[`
//   (the older command syntax, matched anywhere in a line) unless the tool means it: only the
//   `github` format's own annotations are meant.
// Every reporter uses these functions for what it prints, and main.ts passes everything it
// writes to stdout and stderr through `guardLines`.

/** C0 controls but TAB, DEL, C1 controls, line/paragraph separators, bidirectional controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this module's job
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function codePoint(c: string): string {
  return `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
}

/** One line of text from the checkout, safe to print: controls shown as `\u{…}`, `##[` broken. */
export function visible(text: string): string {
  return text.replace(UNSAFE, codePoint).replace(/##\[/g, '##\\u{5b}');
}

/** A workflow command starts a line, after leading blanks (as the Actions runner reads it). */
const COMMAND_START = /^(\s*):/;

/**
 * Text about to be written to stdout or stderr, line by line (LF and CR both end a line for a
 * log reader): a line that would start a workflow command gets its first `:` shown as `\u{3a}`;
 * `##[` anywhere is broken. Lines of our own making never start so; this is the last guard.
 */
export function guardLines(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => (part === '\n' || part === '\r' || part === '\r\n' ? part : guardLine(part)))
    .join('');
}

function guardLine(line: string): string {
  const unbracketed = line.replace(/##\[/g, '##\\u{5b}');
  return unbracketed.trimStart().startsWith('::') ? unbracketed.replace(COMMAND_START, '$1\\u{3a}') : unbracketed;
}

/**
 * JSON text (JSON/SARIF reports) made safe without changing the data it carries: JSON.stringify
 * escapes C0 controls but not DEL, C1 or the separators, and a `##[` inside a string would
 * reach a log raw. They become `\uXXXX` escapes, which a JSON reader decodes to the same value.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function jsonSafe(json: string): string {
  return json
    .replace(UNSAFE_IN_JSON, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '##\\u005b');
}

/**
 * GitHub workflow-command data: `%`, CR and LF escaped as GitHub decodes them (a file name with
 * a newline still names its file); other controls are made visible, GitHub has no escape for them.
 */
export function githubData(text: string): string {
  return visible(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** GitHub workflow-command property values also escape `:` and `,`. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
