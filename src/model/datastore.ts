// Database, cache and broker clients that encrypt without verifying the server (catalog
// revision 2, rule 4): sqlx SSL modes below VerifyCa, the same modes in connection URLs, MongoDB
// URI options, `rediss://…#insecure`, redis `ConnectionAddr::TcpTls { insecure: true }`, rdkafka
// properties. Each check answers what it found; the rule decides the level and reports.
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import type { NameResolver } from './names.js';
import { chainOf, originsOf, otherArms } from './flow.js';
import { pathEndsWith } from './names.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  namedChildren,
  pathSegments,
} from './syntax.js';
import { parseUrl, queryParam, stringValues, UNKNOWN } from './urls.js';
import { booleanValue } from './verifier.js';

/** Data-store client calls that may be given a connection URL from a const of another file (parsed when they name one). */
export const DATA_STORE_CALLS = [
  'PgPool',
  'MySqlPool',
  'PoolOptions',
  'ConnectOptions',
  'PgConnection',
  'MySqlConnection',
  'MysqlConnection',
  'sqlx::connect',
  'Database::connect',
  'with_uri_str',
  'ClientOptions',
  'Client::open',
  'ConnectionInfo',
  'into_connection_info',
  'RedisConnectionManager',
  'parse_redis_url',
  'from_url',
  'ClusterClient',
];

export interface StoreFinding {
  node: Node;
  /** A message of always-accept-server-cert (its `meta.messages`), which reports these findings. */
  messageId: string;
  data: Record<string, string>;
  /** The value is chosen at run time (a branch, a non-literal flag): one level lower. */
  runtime?: boolean;
}

const SQLX_NOTE =
  'sqlx verifies the server certificate only in `VerifyCa`/`VerifyFull`, even when `ssl_root_cert(..)` is given (every other mode accepts invalid certificates, although its doc comment repeats libpq\'s "Require verifies the CA when a root certificate is present")';
const PG_UNVERIFIED: Record<string, string> = { Allow: 'allow', Prefer: 'prefer', Require: 'require' };
const MYSQL_UNVERIFIED: Record<string, string> = { Preferred: 'preferred', Required: 'required' };

/**
 * `.ssl_mode(PgSslMode::Require)` / `MySqlSslMode::Required` (also through a `let`, a const or an
 * `if`/`match`): every unverified mode the argument can take. One level lower only when a setting
 * chooses between it and a verifying mode (catalog revision 2: branches decide); `if tls { Require }
 * else { Prefer }` has no safe arm.
 */
export function sqlxSslModes(call: Node, names: NameResolver, crate: CrateModel): StoreFinding[] {
  const arg = callArguments(call)[0];
  if (!arg || describeCall(call).method !== 'ssl_mode') return [];
  const origins = originsOf(arg, crate);
  const modes = origins.map((o) => (o.type === 'scoped_identifier' ? names.resolve(o) : []));
  if (!modes.some(isUnverified)) return [];
  // A verifying mode among the argument's values, or set in another arm around the call.
  const chosen = modes.some(isVerified) || otherArms(call).some((arm) => VERIFIED.test(arm.text));
  const findings: StoreFinding[] = [];
  modes.forEach((mode, i) => {
    if (!isUnverified(mode)) return;
    const variant = mode.at(-1) ?? '';
    const mysql = mode.at(-2) === 'MySqlSslMode';
    const fallback =
      variant === 'Allow' || variant === 'Prefer' || variant === 'Preferred'
        ? ' It may also fall back to an unencrypted connection.'
        : '';
    findings.push({
      node: origins[i].tree === call.tree ? origins[i] : arg,
      runtime: chosen,
      messageId: 'sqlxMode',
      data: {
        mode: mode.slice(-2).join('::'),
        sqlx: SQLX_NOTE,
        fallback,
        chosen: chosen ? '\nA run-time choice picks this mode.' : '',
        verified: mysql ? 'MySqlSslMode::VerifyIdentity' : 'PgSslMode::VerifyFull',
      },
    });
  });
  // Modes taken from another file are reported once, at the argument.
  return findings.filter((f, i) => findings.findIndex((g) => g.node.id === f.node.id) === i);
}

const VERIFIED = /ssl_mode\s*\(\s*(?:[\w:]*::)?(?:PgSslMode|MySqlSslMode)::Verify(?:Ca|Full|Identity)\b/;

function isVerified(mode: string[]): boolean {
  return /^(PgSslMode|MySqlSslMode)$/.test(mode.at(-2) ?? '') && /^Verify/.test(mode.at(-1) ?? '');
}

function isUnverified(mode: string[]): boolean {
  const owner = mode.at(-2);
  const variant = mode.at(-1) ?? '';
  return owner === 'PgSslMode'
    ? variant in PG_UNVERIFIED
    : owner === 'MySqlSslMode'
      ? variant in MYSQL_UNVERIFIED
      : false;
}

/** sqlx (and sea-orm, diesel) calls given a connection URL; `parse::<PgConnectOptions>()` takes it as receiver. */
const SQL_PATHS = [
  'Pool::connect',
  'Pool::connect_lazy',
  'PgPool::connect',
  'PgPool::connect_lazy',
  'MySqlPool::connect',
  'MySqlPool::connect_lazy',
  'AnyPool::connect',
  'PgConnection::connect',
  'MySqlConnection::connect',
  'AnyConnection::connect',
  'sqlx::connect',
  'PgConnectOptions::from_str',
  'MySqlConnectOptions::from_str',
  'AnyConnectOptions::from_str',
  'Database::connect',
  'PgConnection::establish',
  'MysqlConnection::establish',
];
const SQL_BUILDERS = ['PoolOptions::new', 'PgPoolOptions::new', 'MySqlPoolOptions::new', 'AnyPoolOptions::new'];
const MONGO_PATHS = [
  'Client::with_uri_str',
  'ClientOptions::parse',
  'ClientOptions::parse_async',
  'ClientOptions::parse_with_resolver_config',
  'ClientOptions::parse_connection_string',
];
const REDIS_PATHS = [
  'redis::Client::open',
  'Client::open',
  'ConnectionInfo::from_str',
  'RedisConnectionManager::new',
  'parse_redis_url',
  'Config::from_url',
  'ClusterClient::new',
  'ClusterClient::builder',
  'ClusterClientBuilder::new',
  'Client::build_with_tls',
];
const MONGO_FLAGS: Array<[string, string]> = [
  ['tlsAllowInvalidCertificates', 'certificate verification'],
  ['tlsAllowInvalidHostnames', 'host-name verification'],
  ['tlsInsecure', 'certificate and host-name verification'],
];

/** A connection URL given to a database, cache or broker client that turns server verification off. */
export function connectionUrl(call: Node, names: NameResolver, crate: CrateModel): StoreFinding | undefined {
  const { method, receiver, path } = describeCall(call);
  const args = callArguments(call);
  let url: Node | undefined;
  let kind: 'sql' | 'mongo' | 'redis' | undefined;
  if (path) {
    const resolved = names.resolve(path);
    if (SQL_PATHS.some((p) => pathEndsWith(resolved, p))) kind = 'sql';
    else if (MONGO_PATHS.some((p) => pathEndsWith(resolved, p))) kind = 'mongo';
    else if (REDIS_PATHS.some((p) => pathEndsWith(resolved, p))) kind = 'redis';
    url = args[0];
  } else if (method && receiver) {
    if (
      (method === 'connect' || method === 'connect_lazy') &&
      SQL_BUILDERS.some((b) => pathEndsWith(chainOf(receiver, crate).rootPath ?? [], b))
    )
      [kind, url] = ['sql', args[0]];
    else if (
      method === 'parse' &&
      /ConnectOptions/.test(`${call.childForFieldName('function')?.text ?? ''} ${declaredType(call)}`)
    )
      [kind, url] = ['sql', receiver];
    else if (method === 'into_connection_info') [kind, url] = ['redis', receiver];
  }
  if (!kind || !url) return undefined;
  // `ClusterClient::new(vec!["rediss://…#insecure"])`: the literals of the list, and the variables in it.
  const values =
    url.type === 'macro_invocation'
      ? descendantsOfType(url, ['string_literal', 'identifier']).flatMap((s) => stringValues(s, crate))
      : stringValues(url, crate);
  for (const value of values) {
    // The literal when it is written in the call or in the same function (`let url = format!(..)`), else the
    // call's argument; for a `format!`, the piece that carries the setting (`let suffix = "/#insecure"`).
    const literal = value.parts?.find((p) => DECISIVE_PIECE.test(p.text))?.literal ?? value.literal;
    const local =
      literal.tree === call.tree &&
      ((literal.startIndex >= url.startIndex && literal.endIndex <= url.endIndex) ||
        (enclosingFunction(literal)?.id ?? -1) === (enclosingFunction(call)?.id ?? -2));
    const at = local ? literal : url;
    // `format!("{}#insecure", url_from_env)`: the fragment is written here, whatever the scheme.
    if (kind === 'redis' && value.text.startsWith(UNKNOWN) && /#insecure$/i.test(value.text))
      return { node: at, messageId: 'redisInsecureUrl', data: { url: 'Redis URL from run time' } };
    const parsed = parseUrl(value.text);
    if (!parsed) continue;
    if (kind === 'sql') {
      const pg = parsed.scheme === 'postgres' || parsed.scheme === 'postgresql';
      const mode = (
        queryParam(parsed, pg ? 'sslmode' : 'ssl-mode') ??
        queryParam(parsed, 'ssl_mode') ??
        ''
      ).toLowerCase();
      const unverified = pg
        ? Object.values(PG_UNVERIFIED).includes(mode)
        : parsed.scheme === 'mysql' && Object.values(MYSQL_UNVERIFIED).includes(mode);
      if (!unverified) continue;
      return {
        node: at,
        messageId: 'urlMode',
        data: {
          param: pg ? 'sslmode' : 'ssl-mode',
          mode,
          sqlx: SQLX_NOTE.replace(
            '`VerifyCa`/`VerifyFull`',
            pg ? '`verify-ca`/`verify-full`' : '`verify_ca`/`verify_identity`',
          ),
          verified: pg ? 'sslmode=verify-full' : 'ssl-mode=verify_identity',
        },
      };
    }
    if (kind === 'mongo' && parsed.scheme.startsWith('mongodb')) {
      const flag = MONGO_FLAGS.find(([name]) => (queryParam(parsed, name) ?? '').toLowerCase() === 'true');
      if (flag)
        return {
          node: at,
          messageId: 'mongoUriFlag',
          data: { flag: flag[0], what: flag[1] },
        };
    }
    if (kind === 'redis' && parsed.scheme === 'rediss' && parsed.fragment.toLowerCase() === 'insecure') {
      return {
        node: at,
        messageId: 'redisInsecureUrl',
        data: { url: '`rediss://` URL' },
      };
    }
  }
  return undefined;
}

/** A piece of a formatted URL that decides its verification: the fragment or query option. */
const DECISIVE_PIECE = /#insecure|ssl-?mode=|ssl_mode=|tlsAllowInvalid|tlsInsecure/i;

/** The type written on the `let` a call's value is bound to (`let o: PgConnectOptions = url.parse()?`). */
function declaredType(call: Node): string {
  let node = call;
  while (node.parent && ['try_expression', 'await_expression'].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  return parent?.type === 'let_declaration' && parent.childForFieldName('value')?.id === node.id
    ? (parent.childForFieldName('type')?.text ?? '')
    : '';
}

/** mongodb `TlsOptions { allow_invalid_certificates: Some(true), .. }` (2.x/3.x public fields). */
export function mongoTlsOptionsLiteral(node: Node, names: NameResolver, crate: CrateModel): StoreFinding | undefined {
  const name = node.childForFieldName('name');
  if (!name || !names.endsWith(name, 'TlsOptions') || !/\ballow_invalid_(certificates|hostnames)\b/.test(node.text))
    return undefined;
  for (const field of descendantsOfType(node.childForFieldName('body') ?? node, 'field_initializer')) {
    const key = field.childForFieldName('field')?.text ?? '';
    if (field.parent?.parent?.id !== node.id || !/^allow_invalid_(certificates|hostnames)$/.test(key)) continue;
    let value = field.childForFieldName('value');
    if (value?.type === 'call_expression' && value.childForFieldName('function')?.text === 'Some')
      value = callArguments(value)[0] ?? null;
    const literal = value ? booleanValue(value, crate) : undefined;
    if (!value || literal === false) continue;
    const what = key === 'allow_invalid_certificates' ? 'certificate' : 'host-name';
    return {
      node: field,
      runtime: literal === undefined,
      messageId: literal ? 'mongoTlsOptions' : 'mongoTlsOptionsAtRunTime',
      data: { key, what, value: value.text },
    };
  }
  return undefined;
}

/** `ConnectionAddr::TcpTls { host, port, insecure: true, .. }` (redis). */
export function redisInsecureAddr(node: Node, names: NameResolver, crate: CrateModel): StoreFinding | undefined {
  const name = node.childForFieldName('name');
  if (!name || !names.endsWith(name, 'ConnectionAddr::TcpTls')) return undefined;
  const field = descendantsOfType(node.childForFieldName('body') ?? node, 'field_initializer').find(
    (f) => f.parent?.parent?.id === node.id && f.childForFieldName('field')?.text === 'insecure',
  );
  const value = field?.childForFieldName('value');
  if (!field || !value) return undefined;
  const literal = booleanValue(value, crate);
  if (literal === false) return undefined;
  return {
    node: field,
    runtime: literal === undefined,
    messageId: literal ? 'redisInsecureAddr' : 'redisInsecureAddrAtRunTime',
    data: { value: value.text },
  };
}

/** A field of a library's TLS settings whose name says it turns verification off. */
const DANGER_FIELD = /^(danger\w*|\w*insecure\w*|\w*no_verify\w*|skip_verif\w*|accept_invalid\w*)$/;

/**
 * `hiqlite::ServerTlsConfig { .., danger_tls_no_verify: true }`: a TLS settings struct of a library (a
 * `Tls`/`Ssl` type the crate does not declare) given `true` for a field named as a danger switch. A
 * struct of the crate itself is judged where its field reaches a TLS call.
 */
export function libraryDangerField(node: Node, crate: CrateModel): StoreFinding | undefined {
  const name = node.childForFieldName('name');
  const typeName = name ? pathSegments(name).at(-1) : undefined;
  if (!name || !typeName || !/Tls|Ssl|TLS|SSL/.test(typeName) || crate.declaresType(typeName)) return undefined;
  for (const field of namedChildren(node.childForFieldName('body') ?? node)) {
    if (field.type !== 'field_initializer') continue;
    const fieldName = field.childForFieldName('field')?.text ?? '';
    const value = field.childForFieldName('value');
    if (!DANGER_FIELD.test(fieldName) || !value || booleanValue(value, crate) !== true) continue;
    return {
      node: field,
      messageId: 'libraryDangerField',
      data: { field: fieldName, type: pathSegments(name).slice(-2).join('::') },
    };
  }
  return undefined;
}

/** rdkafka `ClientConfig::set("enable.ssl.certificate.verification", "false")` / `("ssl.endpoint.identification.algorithm", "none")`. */
export function kafkaProperty(call: Node, crate: CrateModel): StoreFinding | undefined {
  const args = callArguments(call);
  if (describeCall(call).method !== 'set' || args.length !== 2) return undefined;
  const key = stringValues(args[0], crate)[0]?.text;
  const value = stringValues(args[1], crate).map((v) => v.text.toLowerCase());
  if (key === 'enable.ssl.certificate.verification' && value.includes('false')) {
    return {
      node: call,
      messageId: 'kafkaVerificationOff',
      data: {},
    };
  }
  if (key === 'ssl.endpoint.identification.algorithm' && value.includes('none')) {
    return {
      node: call,
      messageId: 'kafkaHostnameOff',
      data: {},
    };
  }
  return undefined;
}
