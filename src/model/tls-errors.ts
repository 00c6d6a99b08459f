// TLS errors as a source of the value tracker (value-tracker.ts): which errors describe a TLS
// handshake or certificate failure (rustls, webpki, openssl, native-tls, a TLS-configured reqwest
// client), where a value holds one (`Err(e)` of a verification or handshake, a `map_err` closure,
// a typed parameter, a crate function declared to return one, the variant of an error enum that
// wraps one), and where code turns it into text (`e.to_string()`, `format!("{e}")`). Also the
// prefilter's reading of a file's text for names that carry TLS errors into other files.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from './crate.js';
import { chainOf, findBinding, localFunctions, patternBinds, type Binding } from './flow.js';
import { pathEndsWith } from './names.js';
import { FORMAT_MACROS, findBindingAcrossMacros, macroName, readMacro, tokensOf } from './macros.js';
import { attributesOf } from './code-kind.js';
import { callArguments, describeCall, descendantsOfType, enclosing, namedChildren, pathSegments } from './syntax.js';

/** Error types whose text describes a TLS handshake or certificate failure (resolved path suffixes). */
const TLS_ERROR_TYPES = [
  'rustls::Error',
  'rustls::TLSError',
  'rustls::CertificateError',
  'rustls::client::VerifierBuilderError',
  'rustls::server::VerifierBuilderError',
  'rustls::server::ClientCertVerifierBuilderError',
  'rustls::pki_types::pem::Error',
  'webpki::Error',
  'openssl::error::ErrorStack',
  'openssl::ssl::Error',
  'openssl::ssl::HandshakeError',
  'openssl::error::Error',
  'native_tls::Error',
  'native_tls::HandshakeError',
  'reqwest::Error',
  'reqwest_middleware::Error',
  'hyper_rustls::Error',
];
/** Names distinctive enough to count even when their import is not visible. */
const DISTINCTIVE_TLS_ERRORS = new Set([
  'TLSError',
  'ErrorStack',
  'CertificateError',
  'VerifierBuilderError',
  'ClientCertVerifierBuilderError',
]);
/** Crates whose fallible calls fail with TLS/certificate errors. */
const TLS_CRATES = new Set([
  'rustls',
  'webpki',
  'openssl',
  'native_tls',
  'tokio_native_tls',
  'tokio_rustls',
  'tokio_openssl',
  'hyper_rustls',
  'rustls_platform_verifier',
]);
/** Methods that run certificate verification (rustls verifiers, webpki). */
const VERIFY_METHODS = new Set([
  'verify_client_cert',
  'verify_server_cert',
  'verify_for_usage',
  'verify_is_valid_tls_client_cert',
  'verify_is_valid_tls_server_cert',
  'verify_is_valid_for_subject_name',
  'verify_is_valid_for_dns_name',
  'verify_cert',
]);
/** Handshake methods: fail with the TLS error when the receiver is a TLS acceptor/connector. */
const HANDSHAKE_METHODS = new Set(['accept', 'connect', 'accept_with', 'connect_with', 'handshake']);
const TLS_ENDPOINT_TYPE =
  /\b(TlsAcceptor|TlsConnector|SslAcceptor|SslConnector|LazyConfigAcceptor|RustlsAcceptor|SslStream)\b/;
/** Closure-taking methods of `Result` whose closure receives the error. */
const ERROR_CLOSURE_METHODS = new Set(['map_err', 'unwrap_or_else', 'or_else', 'inspect_err', 'map_or_else']);
/** Methods of an error that produce its text. */
const TEXT_METHODS = new Set([
  'to_string',
  'description',
  'root_cause',
  'source',
  'chain',
  'as_ref',
  'into_inner',
  'get_ref',
]);
/** Response-body constructors (path tails), checked with the file's imports. */
/** reqwest client settings that make it a TLS/mTLS client of a private service. */
const REQWEST_TLS_SETUP =
  /\.(identity|add_root_certificate|use_preconfigured_tls|tls_built_in_root_certs|tls_built_in_webpki_certs|tls_built_in_native_certs|tls_certs_only|tls_certs_merge|tls_backend_preconfigured|danger_accept_invalid_certs|tls_danger_accept_invalid_certs|danger_accept_invalid_hostnames|min_tls_version|tls_version_min|use_rustls_tls|add_crls?)\s*\(|Identity::from_(pem|pkcs8_pem|pkcs12_der)/;

/** Words that name where a TLS error comes from: the crates, their distinctive types and endpoints. */
export const TLS_SOURCE_WORDS = [
  'rustls',
  'webpki',
  'openssl',
  'native_tls',
  'reqwest',
  'TLSError',
  'ErrorStack',
  'CertificateError',
  'VerifierBuilderError',
  'TlsAcceptor',
  'TlsConnector',
  'SslAcceptor',
  'SslConnector',
  'LazyConfigAcceptor',
  'RustlsAcceptor',
  'SslStream',
];
/** Calls whose errors are recognised by method name and receiver (verification, handshakes, reqwest sends). */
export const TLS_CALL_WORDS = ['verify_', 'accept', 'connect', 'handshake', 'send', 'execute'];

/**
 * The names a file declares that can carry a TLS error into another file, read from its text (for
 * the prefilter; over-approximates): names it imports from TLS code (`use rustls::Error as TlsError`,
 * `pub use`), type aliases and enums that name a TLS error or a carrier, and functions returning
 * `Result<_, E>` with such an `E`, or with `String` (a handler, which counts once it is routed). Undefined ("cannot tell") for text whose declarations overlap
 * far more than code's do (generated or hostile input): reading it would cost more than parsing.
 */
export function tlsErrorCarriers(text: string, isCarrier: (name: string) => boolean): string[] | undefined {
  const found = new Set<string>();
  const carries = (part: string) =>
    TLS_SOURCE_WORDS.some((w) => part.includes(w)) ||
    (part.match(/[A-Za-z_]\w*/g) ?? []).some((id) => found.has(id) || isCarrier(id));
  let budget = 4 * text.length + 100_000;
  const declarations = (keyword: RegExp, stops: string) => {
    const out: Array<{ name: string; rest: string }> = [];
    for (const m of text.matchAll(keyword)) {
      const rest = declarationText(text, (m.index ?? 0) + m[0].length, stops);
      budget -= rest.length;
      if (budget < 0) return undefined;
      out.push({ name: m[1], rest });
    }
    return out;
  };
  const uses = declarations(/\buse\s+/g, ';');
  const aliases = uses && declarations(/\btype\s+([A-Za-z_]\w*)/g, ';');
  const enums = aliases && declarations(/\benum\s+([A-Za-z_]\w*)/g, '');
  const fns = enums && declarations(/\bfn\s+([A-Za-z_]\w*)/g, '{;');
  if (!uses || !aliases || !enums || !fns) return undefined;
  for (const { rest } of uses) {
    if (!carries(rest)) continue;
    for (const leaf of rest.matchAll(/([A-Za-z_]\w*)\s*(?=,|\}|$)/g))
      if (!['self', 'super', 'crate'].includes(leaf[1])) found.add(leaf[1]);
  }
  for (const { name, rest } of aliases)
    if (rest.includes('=') && carries(rest.slice(rest.indexOf('=')))) found.add(name);
  for (const { name, rest } of enums) if (carries(rest)) found.add(name);
  for (const { name, rest } of fns) {
    const arrow = returnArrow(rest);
    const error = arrow >= 0 ? resultErrorType(rest.slice(arrow + 2)) : undefined;
    // A handler returning `Result<_, String>` next to TLS code: the file routing it must be read.
    if (error !== undefined && (carries(error) || error.trim() === 'String')) found.add(name);
  }
  return [...found];
}

/** Where a signature's return type starts: the first `->` outside the parameters' parentheses. */
function returnArrow(signature: string): number {
  let depth = 0;
  for (let i = 0; i < signature.length - 1; i++) {
    const c = signature[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '-' && signature[i + 1] === '>' && depth === 0) return i;
  }
  return -1;
}

/** Longest declaration read; a longer one is cut there (which can only add names). */
const MAX_DECLARATION = 8000;

/**
 * The text of a declaration from `from`: up to the first of `stops` (a `use` up to its `;`, a
 * function signature up to its body), or with no stops an item's braced body.
 */
function declarationText(text: string, from: number, stops: string): string {
  const end = Math.min(text.length, from + MAX_DECLARATION);
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (stops === '') {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return text.slice(from, i + 1);
      else if (c === ';' && depth === 0) return text.slice(from, i);
    } else if (stops.includes(c)) return text.slice(from, i);
  }
  return text.slice(from, end);
}

/** `E` of a return type `Result<T, E>` (any path to `Result`); the whole text when it cannot tell; undefined for one-argument `Result`s and other types. */
function resultErrorType(returnType: string): string | undefined {
  const m = /\bResult\s*</.exec(returnType);
  if (!m) return undefined;
  let depth = 0;
  let comma = -1;
  for (let i = m.index + m[0].length; i < returnType.length; i++) {
    const c = returnType[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if ((c === '>' && returnType[i - 1] !== '-') || c === ')' || c === ']') {
      if (depth === 0) return comma < 0 ? undefined : returnType.slice(comma + 1, i);
      depth--;
    } else if (c === ',' && depth === 0) comma = i;
  }
  return returnType;
}

export interface TlsError {
  /** What the error is, for the message: "a `reqwest::Error` from `.send()`". */
  what: string;
}

export interface Leak {
  node: Node;
  name: string;
  error: TlsError;
}

/** Per-crate facts: error enums with TLS variants, and whether reqwest clients are set up for TLS. */
interface CrateFacts {
  enums: Map<string, EnumInfo>;
  /** The crate configures TLS on a reqwest client (client identity, private roots, versions): its errors are mTLS/TLS errors. */
  reqwestTls: boolean;
}

interface VariantInfo {
  name: string;
  /** TLS error type of each field, by position (tuple variants) or name (struct variants). */
  tlsFields: Map<string, string>;
  /** The variant's `Display` shows the TLS field (`#[error("..{0}")]`, `transparent`, a `match` arm of `impl Display`). */
  displaysInner: boolean;
}

interface EnumInfo {
  name: string;
  variants: Map<string, VariantInfo>;
}

const TLS_ERROR_FACTS = {};

function crateFacts(crate: CrateModel): CrateFacts {
  return crate.memo(TLS_ERROR_FACTS, () => {
    const facts: CrateFacts = { enums: new Map(), reqwestTls: false };
    for (const file of crate.files)
      if (/\breqwest\b/.test(file.text) && REQWEST_TLS_SETUP.test(file.text)) facts.reqwestTls = true;
    for (const { item, file } of crate.enums) {
      const info = enumInfo(item, file);
      if (info.variants.size > 0) facts.enums.set(info.name, info);
    }
    for (const info of facts.enums.values()) markManualDisplay(info, crate);
    return facts;
  });
}

function enumInfo(item: Node, file: SourceFile): EnumInfo {
  const info: EnumInfo = { name: item.childForFieldName('name')?.text ?? '', variants: new Map() };
  const body = item.childForFieldName('body');
  for (const variant of body ? namedChildren(body).filter((c) => c.type === 'enum_variant') : []) {
    const name = variant.childForFieldName('name')?.text ?? '';
    const tlsFields = new Map<string, string>();
    const fields = variant.childForFieldName('body');
    if (fields?.type === 'ordered_field_declaration_list') {
      namedChildren(fields)
        .filter((c) => c.type !== 'attribute_item' && c.type !== 'visibility_modifier' && !c.type.endsWith('comment'))
        .forEach((type, i) => {
          const t = tlsErrorTypeName(type, file);
          if (t) tlsFields.set(String(i), t);
        });
    } else if (fields?.type === 'field_declaration_list') {
      for (const decl of namedChildren(fields).filter((c) => c.type === 'field_declaration')) {
        const type = decl.childForFieldName('type');
        const t = type ? tlsErrorTypeName(type, file) : undefined;
        if (t) tlsFields.set(decl.childForFieldName('name')?.text ?? '', t);
      }
    }
    if (tlsFields.size === 0) continue;
    const errorAttr = attributesOf(variant)
      .map((a) => a.text.replace(/\s+/g, ''))
      .find((t) => /^#\[error\(/.test(t));
    const displaysInner =
      !!errorAttr &&
      (errorAttr.includes('transparent') ||
        [...tlsFields.keys()].some((k) =>
          new RegExp(`\\{${k}(:[^}]*)?\\}|\\b${k}\\b\\s*[,)]|\\.${k}\\b`).test(errorAttr),
        ));
    info.variants.set(name, { name, tlsFields, displaysInner });
  }
  return info;
}

/** `impl Display for AppError { fn fmt(..) { match self { AppError::Tls(e) => write!(f, "{e}"), .. } } }`. */
function markManualDisplay(info: EnumInfo, crate: CrateModel): void {
  const impl = crate.implFor(info.name, 'Display');
  const fmt = impl?.methods.get('fmt');
  if (!fmt) return;
  for (const arm of descendantsOfType(fmt, 'match_arm')) {
    const pattern = arm.childForFieldName('pattern');
    const value = arm.childForFieldName('value');
    if (!pattern || !value) continue;
    for (const variant of info.variants.values()) {
      if (!new RegExp(`\\b${variant.name}\\b`).test(pattern.text)) continue;
      const bound = descendantsOfType(pattern, ['identifier', 'shorthand_field_identifier'])
        .map((i) => i.text)
        .filter((n) => n !== variant.name && n !== '_' && !/^[A-Z]/.test(n));
      if (bound.some((b) => new RegExp(`\\b${b}\\b`).test(value.text))) variant.displaysInner = true;
    }
  }
}

/** The TLS error type a type expression names (`rustls::Error`, `&ErrorStack`, `Box<native_tls::Error>`), if any. */
function tlsErrorTypeName(type: Node, file: SourceFile): string | undefined {
  let t = type;
  for (let guard = 0; guard < 6; guard++) {
    if (t.type === 'reference_type') {
      t = t.childForFieldName('type') ?? t;
      continue;
    }
    if (t.type === 'generic_type') {
      const base = t.childForFieldName('type');
      const arg = t.childForFieldName('type_arguments');
      const inner = arg ? namedChildren(arg)[0] : undefined;
      if (base && inner && ['Box', 'Arc', 'Rc'].includes(pathSegments(base).at(-1) ?? '')) {
        t = inner;
        continue;
      }
      return undefined;
    }
    break;
  }
  if (t.type !== 'type_identifier' && t.type !== 'scoped_type_identifier') return undefined;
  const resolved = file.names.resolve(t);
  if (pathEndsWith(resolved, ...TLS_ERROR_TYPES)) return resolved.join('::');
  const last = resolved.at(-1) ?? '';
  return DISTINCTIVE_TLS_ERRORS.has(last) && (resolved.length === 1 || TLS_CRATES.has(resolved[0])) ? last : undefined;
}

/** TLS errors in one file of a crate: where a value holds one, and where code turns one into text. */
export class TlsErrors {
  readonly facts: CrateFacts;

  constructor(
    private readonly crate: CrateModel,
    private readonly file: SourceFile,
  ) {
    this.facts = crateFacts(crate);
  }

  /**
   * The value tracker's source hook for sinks (findInSink): a place in a sink that turns a TLS error
   * into text — `format!("..{err}..")`, `json!({"error": e.to_string()})`, `err.to_string()` — or
   * undefined where the walk goes on inside the node.
   */
  textAt(node: Node): Leak[] | undefined {
    if (node.type === 'macro_invocation') return this.macroText(node);
    if (node.type !== 'call_expression') return undefined;
    const d = describeCall(node);
    if (!d.method || !TEXT_METHODS.has(d.method) || !d.receiver) return undefined;
    const recv = stripRefs(d.receiver);
    const error =
      recv.type === 'identifier' || recv.type === 'self' ? this.errorNamed(recv.text, recv) : this.errorExpr(recv);
    return error ? [{ node, name: recv.text, error }] : undefined;
  }

  /** `format!("..{err}..")`, `json!({"error": e.to_string()})`, `anyhow!(e)`. */
  private macroText(macro: Node): Leak[] {
    const name = macroName(macro);
    if (!FORMAT_MACROS.has(name) && name !== 'vec') return [];
    const use = readMacro(macro);
    const names = new Set<string>([...use.variables.map((v) => v.text), ...use.captures]);
    for (const call of use.calls) {
      if (TEXT_METHODS.has(call.name) && (call.receiver || call.receiverText === 'self'))
        names.add(call.receiver?.text ?? 'self');
    }
    // `format!("{}", self)` / `format!("{self}")`: the value's Display.
    const tokens = tokensOf(macro);
    if (tokens.some((t, i) => t.text === 'self' && tokens[i + 1]?.text !== '.' && tokens[i - 1]?.text !== '.'))
      names.add('self');
    for (const n of names) {
      const error = this.errorNamed(n, macro);
      if (error) return [{ node: macro, name: n, error }];
    }
    return [];
  }

  /** The TLS error a name holds at `at` (`err` bound by `Err(err)`, a `map_err` closure, a typed parameter, `self`). */
  private errorNamed(name: string, at: Node): TlsError | undefined {
    if (name === 'self') return this.selfError(at);
    const b = findBindingAcrossMacros(name, at, this.crate);
    return b ? this.bindingError(b, name) : undefined;
  }

  private selfError(at: Node): TlsError | undefined {
    const impl = enclosing(at, ['impl_item']);
    const type = impl?.childForFieldName('type');
    const typeName = type
      ? pathSegments(type.type === 'generic_type' ? (type.childForFieldName('type') ?? type) : type).at(-1)
      : undefined;
    return typeName ? this.enumError(typeName) : undefined;
  }

  /** An error enum of the crate whose `Display` shows a wrapped TLS error. */
  /** reqwest errors count only in crates that set up TLS on their reqwest clients. */
  private isTlsType(name: string): boolean {
    return !/^reqwest/.test(name) || this.facts.reqwestTls;
  }

  private enumError(typeName: string): TlsError | undefined {
    const info = this.facts.enums.get(typeName);
    const variant = info
      ? [...info.variants.values()].find(
          (v) => v.displaysInner && [...v.tlsFields.values()].some((t) => this.isTlsType(t)),
        )
      : undefined;
    return variant
      ? {
          what: `a \`${typeName}\`, whose \`${variant.name}\` variant displays a wrapped \`${[...variant.tlsFields.values()][0]}\``,
        }
      : undefined;
  }

  private bindingError(b: Binding, name: string): TlsError | undefined {
    if (b.kind === 'param') {
      const owner = b.node.parent?.parent;
      if (owner?.type === 'closure_expression') return this.closureParamError(owner, b.node);
      const type = b.node.type === 'parameter' ? b.node.childForFieldName('type') : undefined;
      if (!type) return undefined;
      return this.typeError(type, this.fileOf(type));
    }
    if (b.kind === 'static' || !b.value) return undefined;
    const pattern = b.node.childForFieldName('pattern');
    if (b.kind === 'let' && b.type && pattern?.type === 'identifier')
      return this.typeError(b.type, this.fileOf(b.type));
    if (pattern && pattern.type !== 'identifier' && pattern.type !== 'mut_pattern')
      return this.patternError(pattern, name, b.value, b.node);
    if (b.kind === 'let') {
      // `let e = res.unwrap_err()`, `let e = res.err().unwrap()`.
      const chain = chainOf(b.value, this.crate);
      const last = chain.steps.at(-1)?.name;
      if (last === 'unwrap_err' || last === 'expect_err' || chain.steps.some((s) => s.name === 'err')) {
        const errStep = chain.steps.findIndex(
          (s) => s.name === 'unwrap_err' || s.name === 'expect_err' || s.name === 'err',
        );
        const result = describeCall(chain.steps[errStep].call).receiver;
        return result ? this.resultError(result) : undefined;
      }
      return this.errorExpr(b.value);
    }
    return undefined;
  }

  /** `Err(e)` of a TLS result; `AppError::Tls(e)` / `Self::Tls { source }` of an enum variant wrapping a TLS error. */
  private patternError(pattern: Node, name: string, value: Node, declaring: Node): TlsError | undefined {
    let p: Node | undefined = pattern;
    while (p && (p.type === 'match_pattern' || p.type === 'reference_pattern' || p.type === 'mut_pattern'))
      p = namedChildren(p)[0];
    if (!p) return undefined;
    if (p.type === 'tuple_struct_pattern' || p.type === 'struct_pattern') {
      const type = p.childForFieldName('type');
      const segs = type ? pathSegments(type) : [];
      const variant = segs.at(-1) ?? '';
      if (variant === 'Err') {
        if (declaring.type === 'for_expression') return undefined;
        const inner = namedChildren(p).filter((c) => c.id !== type?.id);
        if (!inner.some((c) => c.type === 'identifier' && c.text === name)) return undefined;
        return this.resultError(value);
      }
      if (variant === 'Ok' || variant === 'Some') return undefined;
      return this.variantFieldError(p, type!, segs, name, declaring);
    }
    return undefined;
  }

  private variantFieldError(p: Node, type: Node, segs: string[], name: string, at: Node): TlsError | undefined {
    const variantName = segs.at(-1) ?? '';
    let enumName = segs.length >= 2 ? segs[segs.length - 2] : undefined;
    if (enumName === 'Self') {
      const impl = enclosing(at, ['impl_item']);
      const t = impl?.childForFieldName('type');
      enumName = t
        ? pathSegments(t.type === 'generic_type' ? (t.childForFieldName('type') ?? t) : t).at(-1)
        : undefined;
    }
    const candidates = enumName
      ? [this.facts.enums.get(enumName)].filter((e): e is EnumInfo => !!e)
      : [...this.facts.enums.values()];
    const matches = candidates.filter((e) => e.variants.has(variantName));
    if (matches.length !== 1) return undefined;
    const variant = matches[0].variants.get(variantName)!;
    let key: string | undefined;
    if (p.type === 'tuple_struct_pattern') {
      const items = p.children.filter(
        (c): c is Node => c !== null && c.id !== type.id && !['(', ')', ','].includes(c.type),
      );
      const index = items.findIndex((c) => patternBinds(c, name));
      key = index >= 0 ? String(index) : undefined;
    } else {
      for (const f of namedChildren(p).filter((c) => c.type === 'field_pattern')) {
        const fieldName = f.childForFieldName('name')?.text ?? namedChildren(f)[0]?.text;
        const bound = f.childForFieldName('pattern');
        if ((bound && patternBinds(bound, name)) || (!bound && fieldName === name)) key = fieldName;
      }
    }
    const tls = key !== undefined ? variant.tlsFields.get(key) : undefined;
    return tls && this.isTlsType(tls)
      ? { what: `the \`${tls}\` wrapped by \`${matches[0].name}::${variantName}\`` }
      : undefined;
  }

  /** `|e| ..` given to `map_err`/`unwrap_or_else`/`or_else` of a TLS result. */
  private closureParamError(closure: Node, param: Node): TlsError | undefined {
    const call = closure.parent?.type === 'arguments' ? closure.parent.parent : undefined;
    if (!call) return undefined;
    const { method, receiver } = describeCall(call);
    if (!method || !receiver || !ERROR_CLOSURE_METHODS.has(method)) return undefined;
    if (method === 'map_or_else' && callArguments(call)[0]?.id !== closure.id) return undefined;
    const params = closure.childForFieldName('parameters');
    if (!params || namedChildren(params)[0]?.id !== param.id) return undefined;
    return this.resultError(receiver);
  }

  /** The error of a `Result`-valued expression, when it is a TLS error. */
  resultError(expr: Node, depth = 0): TlsError | undefined {
    let node = expr;
    while (
      ['try_expression', 'await_expression', 'parenthesized_expression', 'reference_expression'].includes(node.type)
    ) {
      node =
        node.type === 'reference_expression' ? (namedChildren(node).at(-1) ?? node) : (namedChildren(node)[0] ?? node);
    }
    if (node.type === 'identifier' && depth < 4) {
      const b = findBinding(node, this.crate);
      if (b?.kind === 'let' && b.value && b.node.childForFieldName('pattern')?.type === 'identifier')
        return this.resultError(b.value, depth + 1);
      return undefined;
    }
    if (node.type !== 'call_expression') return undefined;
    const { method, receiver, path } = describeCall(node);
    if (method) {
      if (VERIFY_METHODS.has(method)) return { what: `the certificate-verification error of \`${method}(..)\`` };
      if (
        (method === 'send' || method === 'execute') &&
        receiver &&
        this.facts.reqwestTls &&
        this.isReqwestClient(receiver)
      ) {
        return {
          what: 'a `reqwest::Error` from `.send()` on a TLS-configured client, whose cause chain carries the certificate error',
        };
      }
      if (HANDSHAKE_METHODS.has(method) && receiver && this.isTlsEndpoint(receiver))
        return { what: `the TLS handshake error of \`${method}(..)\`` };
      if (
        ['map', 'and_then', 'map_ok', 'inspect', 'context', 'with_context'].includes(method) &&
        receiver &&
        !['context', 'with_context'].includes(method)
      ) {
        return this.resultError(receiver, depth + 1);
      }
      const chain = chainOf(node, this.crate);
      const root = chain.rootPath ? this.resolveAt(chain.rootPath, chain.root) : [];
      if (root.length > 1 && TLS_CRATES.has(root[0]))
        return { what: `the error of a \`${root[0]}\` call (\`${method}(..)\`)` };
      return this.localFunctionError([method], true);
    }
    if (path) {
      const resolved = this.file.names.resolve(path);
      if (pathEndsWith(resolved, 'reqwest::get')) return undefined; // the default client: no TLS set-up of the crate's own
      if (resolved.length > 1 && TLS_CRATES.has(resolved[0]))
        return { what: `the error of \`${resolved.slice(-2).join('::')}(..)\`` };
      return this.localFunctionError(pathSegments(path), false);
    }
    return undefined;
  }

  private resolveAt(segs: string[], node: Node): string[] {
    return this.fileOf(node).names.resolve(segs.join('::'));
  }

  /** The file a node belongs to (this file for nodes of re-parsed macro arguments). */
  fileOf(node: Node): SourceFile {
    try {
      return this.crate.fileOf(node);
    } catch {
      return this.file;
    }
  }

  /** A crate function declared `-> Result<_, rustls::Error>` (or an error enum of the crate that displays one). */
  private localFunctionError(segs: string[], isMethod: boolean): TlsError | undefined {
    const name = segs.at(-1) ?? '';
    const fns = isMethod ? this.crate.functions(name) : localFunctions(segs, this.crate);
    if (fns.length !== 1) return undefined;
    const ret = fns[0].childForFieldName('return_type');
    if (!ret || ret.type !== 'generic_type' || pathSegments(ret.childForFieldName('type') ?? ret).at(-1) !== 'Result')
      return undefined;
    const args = ret.childForFieldName('type_arguments');
    const errType = args ? namedChildren(args)[1] : undefined;
    if (!errType) return undefined;
    const error = this.typeError(errType, this.fileOf(errType));
    return error ? { what: `the error of \`${name}(..)\` (${error.what})` } : undefined;
  }

  /** A declared type that is a TLS error, or an error enum of the crate whose `Display` shows one. */
  private typeError(type: Node, file: SourceFile): TlsError | undefined {
    const tls = tlsErrorTypeName(type, file);
    if (tls) return this.isTlsType(tls) ? { what: `a \`${tls}\`` } : undefined;
    let t = type;
    while (t.type === 'reference_type') t = t.childForFieldName('type') ?? t;
    if (t.type === 'scoped_type_identifier') return this.enumError(pathSegments(t).at(-1) ?? ''); // `crate::errors::AppError`
    if (t.type !== 'type_identifier') return undefined;
    return this.enumError(t.text);
  }

  /** An expression that is itself a TLS error value (`e.source()` is not followed). */
  private errorExpr(expr: Node): TlsError | undefined {
    const node = stripRefs(expr);
    if (node.type === 'identifier') return this.errorNamed(node.text, node);
    if (node.type === 'call_expression') {
      const d = describeCall(node);
      if (d.method === 'unwrap_err' || d.method === 'expect_err')
        return d.receiver ? this.resultError(d.receiver) : undefined;
    }
    return undefined;
  }

  private isReqwestClient(receiver: Node): boolean {
    const chain = chainOf(receiver, this.crate);
    const root = chain.rootPath ? this.resolveAt(chain.rootPath, chain.root) : [];
    if (root[0] === 'reqwest' || root[0] === 'reqwest_middleware') return true;
    return this.valueTypeMatches(chain.root, (type, file) => {
      return descendantsOfType(type, ['type_identifier', 'scoped_type_identifier']).some((t) => {
        const r = file.names.resolve(t);
        return (
          (r[0] === 'reqwest' || r[0] === 'reqwest_middleware') &&
          /Client|ClientWithMiddleware|RequestBuilder/.test(r.at(-1) ?? '')
        );
      });
    });
  }

  private isTlsEndpoint(receiver: Node): boolean {
    const chain = chainOf(receiver, this.crate);
    if (chain.rootPath && TLS_ENDPOINT_TYPE.test(chain.rootPath.join('::'))) {
      const root = this.resolveAt(chain.rootPath, chain.root);
      if (root.length === 1 || TLS_CRATES.has(root[0]) || root[0] === 'axum_server') return true;
    }
    return this.valueTypeMatches(chain.root, (type) => TLS_ENDPOINT_TYPE.test(type.text));
  }

  /** Tests the declared type of a variable (parameter, typed `let`) or of a struct field. */
  private valueTypeMatches(root: Node, test: (type: Node, file: SourceFile) => boolean): boolean {
    let node = root;
    while (node.type === 'reference_expression' || node.type === 'parenthesized_expression')
      node = namedChildren(node).at(-1) ?? node;
    if (node.type === 'identifier') {
      const b = findBinding(node, this.crate);
      const type = b?.kind === 'param' && b.node.type === 'parameter' ? b.node.childForFieldName('type') : b?.type;
      return !!type && test(type, this.fileOf(type));
    }
    if (node.type === 'field_expression') {
      const field = node.childForFieldName('field')?.text ?? '';
      return this.crate.fieldDeclarations(field).some((f) => test(f.type, f.file));
    }
    return false;
  }
}

function stripRefs(node: Node): Node {
  let n = node;
  while (n.type === 'reference_expression' || n.type === 'parenthesized_expression') n = namedChildren(n).at(-1) ?? n;
  return n;
}
