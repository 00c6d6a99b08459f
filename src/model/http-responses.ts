// Where a value becomes part of an HTTP (or gRPC) response: the sinks of rules about what a
// service sends back. A `(StatusCode, body)` tuple, `.into_response()`, `Json(..)`/`Html(..)`/
// `Body::from(..)`, a `Response::builder().body(..)`, a tonic `Status`, a struct or a call that
// pairs a status code with a message, and the `String` error of a routed handler.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from './crate.js';
import { chainOf } from './flow.js';
import { routedHandlerNames } from './frameworks.js';
import { pathEndsWith } from './names.js';
import { callArguments, describeCall, enclosing, namedChildren, pathSegments, returnedExpressions } from './syntax.js';

/** Response-body constructors (path tails), checked with the file's imports. */
const BODY_CONSTRUCTORS = [
  'Json',
  'Html',
  'Body::from',
  'Body::new',
  'Full::new',
  'Full::from',
  'Response::new',
  'ErrorResponse::from',
];
const BODY_CRATES = new Set(['axum', 'hyper', 'http', 'http_body_util', 'axum_core', 'actix_web', 'warp', 'poem']);

/** What part of a response an expression is. */
export type ResponsePartKind = 'tuple' | 'response' | 'body' | 'grpc-status' | 'handler-error' | 'error-response';

export interface ResponsePart {
  expr: Node;
  kind: ResponsePartKind;
}

/**
 * `StatusCode::FORBIDDEN`, `http::StatusCode::from_u16(..)`, `resp.status()`, a variable named
 * `status` (not in `strict` mode, where only a written `StatusCode` counts).
 */
function isStatusCode(node: Node, file: SourceFile, strict = false): boolean {
  let n = node;
  while (n.type === 'try_expression' || n.type === 'parenthesized_expression') n = namedChildren(n)[0] ?? n;
  if (n.type === 'scoped_identifier')
    return (
      pathSegments(n).includes('StatusCode') ||
      pathEndsWith(file.names.resolve(n), 'StatusCode::' + pathSegments(n).at(-1))
    );
  if (strict) return false;
  if (n.type === 'identifier') return /^(status|status_code|code)$/.test(n.text);
  if (n.type === 'call_expression') {
    const d = describeCall(n);
    if (d.method === 'status') return true;
    if (d.method && ['unwrap', 'expect', 'unwrap_or'].includes(d.method) && d.receiver)
      return isStatusCode(d.receiver, file);
    return !!d.path && pathSegments(d.path).includes('StatusCode');
  }
  return false;
}

/** `(StatusCode::BAD_GATEWAY, body, ..)`: every element after the status. */
export function statusTupleParts(tuple: Node, file: SourceFile): ResponsePart[] {
  const items = namedChildren(tuple).filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
  if (items.length < 2 || !isStatusCode(items[0], file)) return [];
  return items.slice(1).map((expr) => ({ expr, kind: 'tuple' }));
}

/** `ApiError { status: StatusCode::BAD_GATEWAY, message: e.to_string() }`: a response in the making. */
export function statusStructParts(node: Node, file: SourceFile): ResponsePart[] {
  const body = node.childForFieldName('body');
  const fields = body ? namedChildren(body).filter((f) => f.type === 'field_initializer') : [];
  const status = fields.find((f) => {
    const v = f.childForFieldName('value');
    return v && isStatusCode(v, file, true);
  });
  if (!status) return [];
  return fields
    .filter((f) => f.id !== status.id)
    .map((f) => ({ expr: f.childForFieldName('value') ?? f, kind: 'error-response' }));
}

/** The parts of a response a call makes: its receiver, its body argument, its message arguments. */
export function callResponseParts(call: Node, file: SourceFile, crate: CrateModel): ResponsePart[] {
  const { method, receiver, path } = describeCall(call);
  const args = callArguments(call);
  if (method === 'into_response' && receiver && receiver.type !== 'tuple_expression')
    return [{ expr: receiver, kind: 'response' }];
  if (method === 'body' && args.length === 1 && receiver && isResponseBuilder(receiver, file, crate))
    return [{ expr: args[0], kind: 'body' }];
  if (path) {
    const resolved = file.names.resolve(path);
    const segs = pathSegments(path);
    if (pathEndsWith(segs, ...BODY_CONSTRUCTORS) && isHttpPath(resolved, file))
      return args.map((expr) => ({ expr, kind: 'body' }));
    if (
      (resolved[0] === 'tonic' && resolved.at(-2) === 'Status') ||
      (segs.at(-2) === 'Status' && /\btonic\b/.test(file.text))
    )
      return args.map((expr) => ({ expr, kind: 'grpc-status' }));
    if (segs.length === 1 && segs[0] === 'Err' && args.length === 1 && inStringErrorHandler(call, crate))
      return [{ expr: args[0], kind: 'handler-error' }];
  }
  const parts: ResponsePart[] = [];
  // `ApiError::new(StatusCode::BAD_GATEWAY, e.to_string())`, `error_response(StatusCode::FORBIDDEN, &msg)`.
  if (args.length >= 2 && args.some((a) => isStatusCode(a, file, true))) {
    for (const expr of args) if (!isStatusCode(expr, file, true)) parts.push({ expr, kind: 'error-response' });
  }
  // `.map_err(|e| e.to_string())?` in a handler returning `Result<_, String>`.
  if (method === 'map_err' && call.parent?.type === 'try_expression' && inStringErrorHandler(call, crate)) {
    const closure = args[0];
    const body = closure?.type === 'closure_expression' ? closure.childForFieldName('body') : undefined;
    if (body) parts.push({ expr: body, kind: 'handler-error' });
  }
  return parts;
}

/**
 * A crate helper that answers with the text of its first parameter:
 * `fn internal_error<E: Display>(err: E) -> (StatusCode, String) { (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()) }`.
 */
export function helperSendsParamText(fn: Node, crate: CrateModel): boolean {
  const params = fn.childForFieldName('parameters');
  const first = params ? namedChildren(params).find((p) => p.type === 'parameter') : undefined;
  const name = first?.childForFieldName('pattern')?.text;
  const body = fn.childForFieldName('body');
  if (!name || !/^[a-z_][a-z0-9_]*$/.test(name) || !body) return false;
  const uses = new RegExp(`\\b${name}\\b\\s*\\.\\s*to_string\\(|\\{${name}(:[^}]*)?\\}|format!\\([^)]*\\b${name}\\b`);
  return returnedExpressions(body).some((r) => {
    if (r.type === 'tuple_expression') {
      const items = namedChildren(r).filter((c) => !c.type.endsWith('comment'));
      return (
        items.length >= 2 && isStatusCode(items[0], crate.fileOf(r)) && items.slice(1).some((i) => uses.test(i.text))
      );
    }
    return /into_response|Json|Html|Response/.test(r.text) && uses.test(r.text);
  });
}

/** `Response::builder()…` / `HttpResponse::Ok()…` chains. */
function isResponseBuilder(receiver: Node, file: SourceFile, crate: CrateModel): boolean {
  const chain = chainOf(receiver, crate);
  const root = chain.rootPath ? file.names.resolve(chain.rootPath.join('::')) : [];
  return pathEndsWith(root, 'Response::builder', 'HttpResponse::build') || root.at(-2) === 'HttpResponse';
}

function isHttpPath(resolved: string[], file: SourceFile): boolean {
  if (resolved.length > 1) return BODY_CRATES.has(resolved[0]);
  return /\b(axum|hyper|actix_web|poem|warp)\b/.test(file.text);
}

/** An async handler routed in this crate that returns `Result<_, String>`. */
function inStringErrorHandler(node: Node, crate: CrateModel): boolean {
  const fn = enclosing(node, ['function_item']);
  if (!fn) return false;
  const ret = fn.childForFieldName('return_type')?.text.replace(/\s+/g, '') ?? '';
  if (!/^Result<.*,String>$/.test(ret)) return false;
  return routedHandlerNames(crate).has(fn.childForFieldName('name')?.text ?? '');
}
