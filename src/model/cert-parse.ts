// Certificates parsed from request data (catalog revision 2, rules 13 and 17): whether a value
// read at one place of a function reaches a certificate parser (x509-parser, openssl, pem,
// rustls-pemfile, URL-decoded PEM) in the same function, and whether that function verifies
// the parsed certificate against a CA (a signature or path check).
import type { Node } from '../parser/parser.js';
import { isInTestCode } from './code-kind.js';
import type { CrateTrees } from './flow.js';
import { boundName, callSitesOf } from './flow.js';
import { describeCall, descendantsOfType, enclosing, enclosingFunction, pathSegments } from './syntax.js';

/** Calls that parse a certificate from bytes or PEM text. */
const CERT_PARSERS =
  /^(parse_x509_pem|parse_x509_certificate|parse_x509_der|parse_x509|from_pem|from_der|pem_to_der|certs|parse_many|read_one|from_pem_slice|from_pem_file)$/;
/** Owners that make `from_pem`/`parse` a certificate parse (not a key, not a config). */
const CERT_OWNERS =
  /^(X509|X509Certificate|Certificate|CertificateDer|Pem|pem|x509_parser|rustls_pemfile|pem_rfc7468)$/;
/** Signature or path checks against a CA: x509-parser, openssl, webpki, rustls verifiers. */
const VERIFIES =
  /\bverify_signature\s*\(\s*Some\b|\.verify\s*\(\s*&?\s*\w*(ca|issuer|root|pub|key)\w*|verify_cert\s*\(|verify_for_usage\s*\(|verify_is_valid_tls_client_cert\s*\(|verify_client_cert\s*\(|X509StoreContext|verify_chain\w*\s*\(/i;

export interface CertParse {
  /** The parsing call. */
  parse: Node;
  /** Its name, for the message (`parse_x509_pem`, `X509::from_pem`). */
  name: string;
}

/** The names a value read at `read` is bound to in its function, through `let`s that use them. */
function taintedNames(read: Node, fn: Node): Set<string> {
  const names = new Set<string>();
  let node = read;
  while (
    node.parent &&
    node.parent.type !== 'let_declaration' &&
    node.parent.id !== fn.id &&
    !['block', 'expression_statement'].includes(node.parent.type)
  )
    node = node.parent;
  const first = node.parent?.type === 'let_declaration' ? boundName(node.parent) : undefined;
  if (first) names.add(first);
  // Later `let`s whose value mentions a tainted name (URL-decoding, `Cert=` extraction, `.as_bytes()`).
  for (const decl of descendantsOfType(fn, 'let_declaration')) {
    if (decl.startIndex < read.endIndex) continue;
    const value = decl.childForFieldName('value')?.text ?? '';
    const name = boundName(decl);
    if (name && [...names].some((n) => new RegExp(`\\b${n}\\b`).test(value))) names.add(name);
  }
  return names;
}

/** The name of a certificate-parsing call (`parse_x509_pem`, `X509::from_pem`), undefined for other calls. */
function certificateParseName(call: Node): string | undefined {
  const { method, path } = describeCall(call);
  const segs = path ? pathSegments(path) : [];
  const name = method ?? segs.at(-1) ?? '';
  if (!CERT_PARSERS.test(name)) return undefined;
  const owner = segs.at(-2) ?? '';
  if (
    !method &&
    segs.length >= 2 &&
    !CERT_OWNERS.test(owner) &&
    name !== 'parse_x509_pem' &&
    name !== 'parse_x509_certificate'
  )
    return undefined;
  if (method && !/^(parse_x509_pem|parse_x509_certificate|parse_x509)$/.test(name)) return undefined;
  return segs.length >= 2 ? segs.slice(-2).join('::') : name;
}

/** The certificate parse in the read's function that its value reaches, if any. */
export function certificateParseOf(read: Node): CertParse | undefined {
  const fn = enclosingFunction(read);
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return undefined;
  const names = taintedNames(read, fn);
  for (const call of descendantsOfType(body, 'call_expression')) {
    if (call.startIndex < read.startIndex) continue;
    const name = certificateParseName(call);
    if (!name) continue;
    // The value parsed: the arguments, or for x509-parser's `pem.parse_x509()` the receiver.
    const { method } = describeCall(call);
    const args = `${call.childForFieldName('arguments')?.text ?? ''} ${method ? (describeCall(call).receiver?.text ?? '') : ''}`;
    if (containsNode(call, read) || [...names].some((n) => new RegExp(`\\b${n}\\b`).test(args))) {
      return { parse: call, name };
    }
  }
  return undefined;
}

/**
 * The read's value handed to a crate helper that parses a certificate (`parse_certificate_info(cert_pem)`
 * in the read's chain or given a name the read is bound to): the helper's call, and the parse in it.
 * Helpers are transparent (catalog revision 2): the validation is the caller's.
 */
export function certificateParseInHelper(
  read: Node,
  helpersOf: (call: Node) => Node[],
): { call: Node; parse: CertParse } | undefined {
  const fn = enclosingFunction(read);
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return undefined;
  const names = taintedNames(read, fn);
  const statement = enclosing(read, ['let_declaration', 'expression_statement']);
  for (const call of descendantsOfType(body, 'call_expression')) {
    if (call.startIndex < read.endIndex) continue;
    const args = call.childForFieldName('arguments')?.text ?? '';
    const reaches =
      (statement && containsNode(statement, call)) || [...names].some((n) => new RegExp(`\\b${n}\\b`).test(args));
    if (!reaches) continue;
    for (const helper of helpersOf(call)) {
      const parse = descendantsOfType(helper, 'call_expression').find((c) => certificateParseName(c) !== undefined);
      if (parse) return { call, parse: { parse, name: certificateParseName(parse)! } };
    }
  }
  return undefined;
}

function containsNode(outer: Node, inner: Node): boolean {
  return outer.tree === inner.tree && outer.startIndex <= inner.startIndex && outer.endIndex >= inner.endIndex;
}

/** Whether the function verifies a parsed certificate against a CA (signature or path check). */
export function verifiesAgainstCa(node: Node): boolean {
  const fn = enclosingFunction(node);
  return !!fn && VERIFIES.test(fn.text);
}

/**
 * Functions named like client-certificate validation: `validate_client_cert`, `verify_peer_certificate`,
 * `check_mtls_cert`, `verify_client_chain`, `verify_client`. Not `check_client_cert_expiry` (the name
 * must end with what is validated).
 */
const CLIENT_VALIDATION_NAME =
  /^(verify|validate|check|authenticate|auth|authorize)_(\w{1,40}_)?(client|peer|mtls)(_\w{1,40})?_(cert|certs|certificate|chain|identity|path)$|^(verify|validate|check)_(client|peer)s?$/;

function isNamedClientValidation(fn: Node): boolean {
  return CLIENT_VALIDATION_NAME.test(fn.childForFieldName('name')?.text ?? '');
}

/**
 * The client-validation functions `fn` serves: itself when it is named like one, else the functions that
 * call it when every one of them (tests aside) is (`parse_certificate` called by `validate_client_cert`).
 */
export function clientValidationRoots(fn: Node, crate: CrateTrees): Node[] {
  if (isNamedClientValidation(fn)) return [fn];
  const callers = callSitesOf(fn, crate)
    .filter((call) => !isInTestCode(call, call.tree.rootNode))
    .map((call) => enclosing(call, ['function_item']));
  if (callers.length === 0 || !callers.every((f) => !!f && isNamedClientValidation(f))) return [];
  return [...new Map(callers.map((f) => [`${f!.id}`, f!])).values()];
}
