// URLs written in the code: the string values an expression can have (through `let`s, consts,
// `format!` with literal parts, `.parse()`, `Url::parse`, `Uri::from_static`), and what kind of
// host a URL names (loopback, private, link-local, `.local`) — shared by the rules that judge
// where a client connects (cleartext-transport, always-accept-server-cert's connection URLs).
import type { Node } from '../parser/parser.js';
import type { ItemLookup } from './flow.js';
import { findBindingNamed, originsOf } from './flow.js';
import { macroArguments, macroName } from './macros.js';
import { callArguments, describeCall, pathSegments, stripOne } from './syntax.js';

/** Stands for a part of a string that is not known from the code (a run-time value). */
export const UNKNOWN = '\u0000';

/** A string an expression may hold, and the literal that wrote its first part. */
export interface StringValue {
  text: string;
  literal: Node;
  /** For a `format!`: the values that filled its placeholders (the literal each came from). */
  parts?: StringValue[];
}

/** Calls that pass a URL's text through unchanged (as far as its scheme and host go). */
const URL_WRAPPERS = new Set([
  'Url::parse',
  'Uri::from_static',
  'Uri::try_from',
  'Url::from_str',
  'Uri::from_str',
  'String::from',
  'Cow::Borrowed',
  'Some',
  'Ok',
  'Endpoint::from_static',
  'Endpoint::from_shared',
  'Endpoint::try_from',
  'Endpoint::new',
]);
const URL_METHODS = new Set([
  'into_client_request',
  'parse',
  'unwrap',
  'expect',
  'to_string',
  'to_owned',
  'into',
  'as_str',
  'as_ref',
  'clone',
  'try_into',
  'join',
  'unwrap_or_default',
]);

/** The content of a (raw) string literal, or undefined for anything else. */
export function literalText(node: Node): string | undefined {
  if (node.type === 'string_literal') return unescapeRust(node.text.slice(1, -1));
  if (node.type === 'raw_string_literal') return node.text.replace(/^r#*"/, '').replace(/"#*$/, '');
  return undefined;
}

function unescapeRust(s: string): string {
  return s.replace(/\\\r?\n\s*/g, '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/**
 * The strings `expr` may hold, each with the literal it comes from. Parts that are not literal
 * (a host from configuration) are `UNKNOWN`; an expression with no literal at all has no values.
 */
export function stringValues(expr: Node, items: ItemLookup, depth = 0): StringValue[] {
  if (depth > 6) return [];
  const out: StringValue[] = [];
  for (const origin of originsOf(expr, items)) {
    let node = origin;
    for (let guard = 0; guard < 32; guard++) {
      const inner = stripOne(node);
      if (!inner) break;
      node = inner;
    }
    const text = literalText(node);
    if (text !== undefined) {
      out.push({ text, literal: node });
      continue;
    }
    if (node.type === 'macro_invocation') {
      out.push(...formatValues(node, items, depth));
      continue;
    }
    if (node.type !== 'call_expression') continue;
    const d = describeCall(node);
    const args = callArguments(node);
    if (d.method && d.receiver && URL_METHODS.has(d.method)) out.push(...stringValues(d.receiver, items, depth + 1));
    else if (d.path && args.length >= 1 && URL_WRAPPERS.has(pathSegments(d.path).slice(-2).join('::')))
      out.push(...stringValues(args[0], items, depth + 1));
  }
  return out;
}

/** `format!("http://{}:8080/v1", host)`: the format string with its placeholders filled where they are literal. */
function formatValues(macro: Node, items: ItemLookup, depth: number): StringValue[] {
  if (!['format', 'concat'].includes(macroName(macro))) return [];
  const args = macroArguments(macro);
  const first = args[0]?.tokens[0]?.node;
  if (!first) return [];
  if (macroName(macro) === 'concat') {
    const parts = args.map((a) => (a.isString ? (literalText(a.tokens[0].node) ?? UNKNOWN) : UNKNOWN));
    return [{ text: parts.join(''), literal: first }];
  }
  const fmt = args[0].isString ? literalText(first) : undefined;
  if (fmt === undefined) return [];
  const rest = args.slice(1);
  let position = 0;
  const namedValues = (name: string): StringValue[] | undefined => {
    const named = rest.find((a) => a.key === name && a.text !== name);
    const source = /^\d+$/.test(name) ? rest[Number(name)] : named;
    if (source) return argumentValues(source.text, source.tokens[0]?.node, macro, items, depth);
    if (/^[A-Za-z_]\w*$/.test(name)) return argumentValues(name, undefined, macro, items, depth);
    return undefined;
  };
  // The format string's pieces: its own text, and for each placeholder the values it may take.
  const pieces: Array<string | StringValue[] | undefined> = [];
  let last = 0;
  for (const m of fmt.matchAll(/\{\{|\}\}|\{([^{}:]*)(?::[^{}]*)?\}/g)) {
    pieces.push(fmt.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const name = m[1];
    if (m[0] === '{{' || m[0] === '}}') pieces.push(m[0][0]);
    else if (name === undefined || name === '') {
      const arg = rest[position++];
      pieces.push(arg ? argumentValues(arg.text, arg.tokens[0]?.node, macro, items, depth) : undefined);
    } else pieces.push(namedValues(name));
  }
  pieces.push(fmt.slice(last));
  // Each combination of the placeholders' values (`if tls { "/#insecure" } else { "" }`), a few at most.
  let combos: StringValue[] = [{ text: '', literal: first, parts: [] }];
  for (const piece of pieces) {
    const options = typeof piece === 'string' ? [piece] : piece === undefined ? [UNKNOWN] : piece;
    const next = combos.flatMap((c) =>
      options.map((o) =>
        typeof o === 'string'
          ? { ...c, text: c.text + o }
          : { ...c, text: c.text + o.text, parts: [...(c.parts ?? []), o] },
      ),
    );
    combos = next.length > MAX_FORMAT_COMBINATIONS ? combos.map((c) => ({ ...c, text: c.text + UNKNOWN })) : next;
  }
  return combos;
}

/** Combinations of placeholder values one `format!` is expanded into before its placeholders become unknown. */
const MAX_FORMAT_COMBINATIONS = 8;

/** The values of one `format!` argument: a literal, or the literals a variable may hold (a few at most). */
function argumentValues(
  text: string,
  token: Node | undefined,
  macro: Node,
  items: ItemLookup,
  depth: number,
): StringValue[] | undefined {
  if (token && text === token.text) {
    const lit = literalText(token);
    if (lit !== undefined) return [{ text: lit, literal: token }];
  }
  if (!/^[A-Za-z_]\w*$/.test(text)) return undefined;
  const b = findBindingNamed(text, macro, items);
  if (!b?.value || b.kind === 'let-condition') return undefined;
  const values = stringValues(b.value, items, depth + 1);
  // One value as before; several only when each is a plain literal (an `if`/`match` of literals).
  if (values.length === 1) return values;
  return values.length > 1 && values.length <= 4 && values.every((v) => !v.text.includes(UNKNOWN)) ? values : undefined;
}

export interface ParsedUrl {
  scheme: string;
  /** Host as written (brackets kept for IPv6); contains UNKNOWN when not literal. */
  host: string;
  /** Query string (without `?`), fragment (without `#`). */
  query: string;
  fragment: string;
}

/** Scheme, host, query and fragment of an absolute URL (`scheme://[user@]host[:port]/…`). */
export function parseUrl(text: string): ParsedUrl | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s.exec(text.trim());
  if (!m) return undefined;
  const authority = m[2];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostPort.startsWith('[')
    ? hostPort.slice(0, hostPort.indexOf(']') + 1 || undefined)
    : hostPort.replace(/:[^:]*$/, '');
  return { scheme: m[1].toLowerCase(), host: host.toLowerCase(), query: m[4] ?? '', fragment: m[5] ?? '' };
}

/** A query parameter's value (case-insensitive name), if present. */
export function queryParam(url: ParsedUrl, name: string): string | undefined {
  for (const pair of url.query.split('&')) {
    const [k, v = ''] = pair.split('=');
    if (k.toLowerCase() === name.toLowerCase()) return decodeURIComponentSafe(v);
  }
  return undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type HostKind = 'unknown' | 'loopback' | 'private' | 'link-local' | 'local-name' | 'reserved-name' | 'public';

/**
 * What a literal host names: loopback (`localhost`, 127.0.0.0/8, `[::1]`, 0.0.0.0), private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), a `.local` /
 * `.localhost` / `.internal`-free local name, a reserved name that never resolves (`.example`,
 * `.test`, `.invalid`), or anything else ("public", example.com included: it resolves).
 */
export function classifyHost(host: string): HostKind {
  if (host === '' || host.includes(UNKNOWN) || host.includes('{') || host.includes('$')) return 'unknown';
  const h = host.replace(/\.$/, '');
  if (h.startsWith('[')) {
    const v6 = h.slice(1, -1).replace(/%.*$/, '');
    if (v6 === '::1' || v6 === '::' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(v6)) return 'loopback';
    if (/^::ffff:/i.test(v6)) return classifyHost(v6.slice(7));
    if (/^fe[89ab]/i.test(v6)) return 'link-local';
    if (/^f[cd]/i.test(v6)) return 'private';
    return 'public';
  }
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127 || a === 0) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
    if (a === 169 && b === 254) return 'link-local';
    return 'public';
  }
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  if (h.endsWith('.local')) return 'local-name';
  // `.example`, `.test`, `.invalid` never resolve (RFC 6761). example.com/.net/.org do: IANA
  // serves them, so a request there really crosses the network in cleartext.
  if (/(^|\.)(example|test|invalid)$/.test(h)) return 'reserved-name';
  return 'public';
}

/** True when a host is known and is neither local nor private nor a reserved example name. */
export function isRemoteHost(host: string): boolean {
  return classifyHost(host) === 'public';
}

/**
 * Prefilter carriers for URL rules: the consts and statics whose value is a string literal
 * matching `value` (`const UPSTREAM: &str = "http://..";`). A client call in another file that
 * names one is parsed although it contains no URL itself.
 */
export function urlConstCarriers(value: RegExp): (text: string) => string[] {
  return (text) => {
    const names: string[] = [];
    for (const m of text.matchAll(
      /\b(?:const|static)\s+(?:mut\s+)?([A-Za-z_]\w*)\s*:[^=;]*=\s*(?:[\w:]+\s*\(\s*)?(?:r#*)?"([^"]*)"/g,
    )) {
      if (value.test(m[2])) names.push(m[1]);
    }
    return names;
  };
}
