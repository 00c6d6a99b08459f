// Rule 11: TLS session secrets written to a key log (rustls `key_log`, openssl keylog callback).
import type { Node } from '../parser/parser.js';
import { isLibraryPlumbing } from '../model/plumbing.js';
import type { Rule, RuleContext } from './rule.js';
import { assignedOwnerBinding, callSitesOf, findBinding, originsOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { sideOfValue } from '../model/side.js';
import { isChosenBySetting, isDebugOnly } from '../model/code-kind.js';
import { tokensOf } from '../model/macros.js';
import {
  ancestors,
  callArguments,
  choosingExpression,
  describeCall,
  descendantsOfType,
  methodNameNode,
  namedChildren,
  stripWrappers,
} from '../model/syntax.js';

/** Conditions that read the environment: `std::env::var("SSLKEYLOGFILE")`, `var_os`, `option_env!`. */
const ENV_CHECK = /\benv::var(_os)?\b|\bvar_os\s*\(|\bvar\s*\(\s*"[A-Z0-9_]+"|SSLKEYLOGFILE|\boption_env!|\benv!\s*\(/;

type Verdict = { kind: 'keylog'; what: string; origin: Node } | { kind: 'none' } | { kind: 'unknown' };

/** Said of a guarded key log: the switch lowers the level, not the risk. */
const GUARDED = ' It sits behind a run-time setting or a debug-build switch, but such switches reach production.';

export const rule: Rule = {
  meta: {
    id: 'tls-keylog-enabled',
    name: 'TlsKeylogEnabled',
    defaultLevel: 'error',
    securitySeverity: 7.5,
    cwe: 532,
    precision: 'high',
    keywords: ['key_log', 'set_keylog_callback', 'use_key_log'],
    messages: {
      keyLog: {
        message: '{config} writes every TLS session secret to a key log',
        label: 'key log: {what}',
        note: 'Whoever can read the log{env} can decrypt all captured traffic, client certificates included.{guarded}',
        help: 'Remove the assignment (the default is `NoKeyLog`), or set `Arc::new(rustls::NoKeyLog {})`.',
      },
      tonicKeyLog: {
        message: 'this tonic TLS config writes every TLS session secret to the SSLKEYLOGFILE key log',
        label: '`use_key_log()`',
        note: 'Whoever can set SSLKEYLOGFILE for the process, or read that file, can decrypt all captured traffic.{guarded}',
        help: 'Remove the `use_key_log()` call.',
      },
      keylogCallback: {
        message: 'this OpenSSL context hands every TLS session secret to a key-log callback',
        label: '`set_keylog_callback`',
        note: 'Whoever can read what it writes can decrypt all captured traffic, client certificates included.{guarded}',
        help: 'Remove the `set_keylog_callback` call.',
      },
    },
    docs: {
      summary: 'TLS session secrets are written to a key log.',
      whatItDoes:
        'Flags rustls configs (server or client, 0.19–0.23) whose `key_log` field is given a real key logger: `config.key_log = Arc::new(KeyLogFile::new())`, the same through a `let` binding, a field receiver such as `Arc::get_mut(&mut cfg).unwrap().key_log` or `self.config.key_log`, or a crate type that implements `KeyLog` with a non-empty `log`. Also flags OpenSSL `set_keylog_callback(..)`, tonic `ServerTlsConfig`/`ClientTlsConfig::use_key_log()` (tonic 0.12+, a `KeyLogFile` underneath), and `x.key_log = …KeyLogFile…;` written inside a macro body such as `cfg_if!` (read from its tokens). `NoKeyLog` (the default) and `KeyLog` impls with an empty `log` are not reported. The finding is a warning instead of an error when the assignment runs only when a run-time setting says so (an `if`/`match` on an environment variable, a command-line option or a config field, also around every call of a crate helper that sets it up) or is only compiled with `debug_assertions`.',
      whyIsThisBad:
        'A key log holds the secrets of every TLS session (the NSS key log format that Wireshark reads). Whoever can read the file, or can set `SSLKEYLOGFILE` in the process environment (`KeyLogFile::new()` reads it at construction), can decrypt all recorded traffic, including client certificates exchanged and every request and response (CWE-532). Debug switches like this tend to ship to production.',
      knownLimits:
        'A key logger handed in from another function as a parameter is not reported (its value is unknown there). Guards are recognised only as `if`/`match` conditions that read the environment around the assignment or the key logger, or `cfg(debug_assertions)`; a command-line flag guard still gives an error (the message names the condition).',
      badExample: `let mut config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;
config.key_log = Arc::new(rustls::KeyLogFile::new());`,
      goodExample: `let mut config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;
// key_log stays the default NoKeyLog
#[cfg(debug_assertions)]
if std::env::var_os("SSLKEYLOGFILE").is_some() {
    config.key_log = Arc::new(rustls::KeyLogFile::new()); // still reported, as a warning
}`,
      howToFix:
        'Remove the assignment (the default is `NoKeyLog`), or set `Arc::new(rustls::NoKeyLog {})`. If key logging is needed to debug a handshake, keep it out of release builds (`#[cfg(debug_assertions)]`) and behind an explicit opt-in, never in a shipped service. With OpenSSL, remove the `set_keylog_callback` call.',
      references: [
        'https://cwe.mitre.org/data/definitions/532.html',
        'https://docs.rs/rustls/latest/rustls/struct.KeyLogFile.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.ServerConfig.html#structfield.key_log',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_keylog_callback',
      ],
    },
  },

  create(ctx) {
    return {
      assignment_expression(assign) {
        const left = assign.childForFieldName('left');
        const right = assign.childForFieldName('right');
        if (left?.type !== 'field_expression' || left.childForFieldName('field')?.text !== 'key_log' || !right) return;
        const verdict = classify(ctx, right);
        if (verdict.kind !== 'keylog') return;
        const receiver = left.childForFieldName('value');
        // `if tls_configured { let mut config = ..; config.key_log = .. }` chooses TLS, not the key log.
        const configuredAt = assignedOwnerBinding(left, ctx.crate);
        const guarded = isGuarded(ctx, assign, configuredAt) || isGuarded(ctx, verdict.origin, configuredAt);
        // `pub fn make_server_config(.., keylog: bool)` in a library: its user turns it on (plumbing).
        if (guarded && isLibraryPlumbing(assign, undefined, ctx.crate)) return;
        const side = receiver ? sideOfValue(receiver, ctx.crate) : 'unknown';
        const config = side === 'unknown' ? 'this rustls config' : `this rustls ${side} config`;
        ctx.report({
          node: right,
          level: guarded ? 'warning' : 'error',
          messageId: 'keyLog',
          data: {
            config,
            what: verdict.what,
            env: verdict.what.includes('KeyLogFile') ? ' or set SSLKEYLOGFILE for the process' : '',
            guarded: guarded ? GUARDED : '',
          },
          // Made by a helper (`cc.key_log = tls::key_log()`): where the key log is created.
          related: within(verdict.origin, right)
            ? []
            : [{ node: verdict.origin, label: 'the key log is created here' }],
        });
      },
      // `cfg_if! { if #[cfg(feature = "keylog")] { config.key_log = Arc::new(KeyLogFile::new()); } }`:
      // statements inside a macro are tokens; read `<recv>.key_log = …KeyLogFile…;` from them.
      macro_invocation(macro) {
        const tokens = tokensOf(macro);
        for (let i = 1; i + 1 < tokens.length; i++) {
          if (tokens[i].text !== 'key_log' || tokens[i - 1].text !== '.' || tokens[i + 1].text !== '=') continue;
          let end = i + 2;
          while (end < tokens.length && tokens[end].text !== ';' && tokens[end].text !== '}') end++;
          const value = tokens.slice(i + 2, end);
          const k = value.findIndex((t) => t.text === 'KeyLogFile');
          if (k < 0 || value.length === 0) continue;
          let start = k;
          while (start >= 2 && value[start - 1].text === '::' && value[start - 2].type === 'identifier') start -= 2;
          const path = value
            .slice(start, k + 1)
            .map((t) => t.text)
            .join('');
          if (!pathEndsWith(ctx.file.names.resolve(path), 'KeyLogFile')) continue;
          const debugOnly = tokens.slice(0, i).some((t) => t.text === 'debug_assertions');
          const guarded = debugOnly || isGuarded(ctx, macro);
          ctx.report({
            node: value[0].node,
            level: guarded ? 'warning' : 'error',
            messageId: 'keyLog',
            data: {
              config: 'this rustls config',
              what: '`KeyLogFile`',
              env: ' or set SSLKEYLOGFILE for the process',
              guarded: guarded ? GUARDED : '',
            },
          });
        }
      },
      call_expression(call) {
        const { method } = describeCall(call);
        const reportCall = (messageId: string) => {
          const guarded = isGuarded(ctx, call);
          ctx.report({
            node: methodNameNode(call),
            level: guarded ? 'warning' : 'error',
            messageId,
            data: { guarded: guarded ? GUARDED : '' },
          });
        };
        // tonic 0.12+ `ServerTlsConfig`/`ClientTlsConfig::use_key_log()`: rustls's `KeyLogFile` underneath.
        if (method === 'use_key_log' && callArguments(call).length === 0 && onTonicTlsConfig(call, ctx))
          reportCall('tonicKeyLog');
        else if (method === 'set_keylog_callback') {
          const callback = callArguments(call)[0];
          if (!callback || !isEmptyClosure(callback)) reportCall('keylogCallback');
        }
      },
    };
  },
};

/** What the value assigned to `key_log` is: a real key logger, `NoKeyLog`, or unknown. */
function classify(ctx: RuleContext, value: Node): Verdict {
  let none = false;
  for (const origin of originsOf(value, ctx.crate)) {
    const v = classifyOrigin(ctx, origin, 0);
    if (v.kind === 'keylog') return v;
    if (v.kind === 'none') none = true;
  }
  return none ? { kind: 'none' } : { kind: 'unknown' };
}

function classifyOrigin(ctx: RuleContext, expr: Node, depth: number): Verdict {
  const node = stripWrappers(expr);
  const names = ctx.crate.fileOf(node).names;
  let typePath: string[] | undefined;
  if (node.type === 'call_expression') {
    const { path, method, receiver } = describeCall(node);
    if (path) {
      const resolved = names.resolve(path);
      if (pathEndsWith(resolved, 'KeyLogFile::new', 'KeyLogFile::default'))
        return { kind: 'keylog', what: '`KeyLogFile`', origin: node };
      typePath = resolved.slice(0, -1);
    } else if (method && receiver && depth < 4) {
      // `Arc::new(KeyLogFile::new()).clone()` and builder-style constructors on a key-log type.
      return classifyOrigin(ctx, receiver, depth + 1);
    }
  } else if (node.type === 'struct_expression') {
    const name = node.childForFieldName('name');
    typePath = name ? names.resolve(name) : undefined;
  } else if (node.type === 'identifier' || node.type === 'scoped_identifier') {
    if (node.type === 'identifier' && findBinding(node, ctx.crate)) return { kind: 'unknown' };
    typePath = names.resolve(node);
  }
  const typeName = typePath?.at(-1);
  if (!typeName) return { kind: 'unknown' };
  if (typeName === 'NoKeyLog') return { kind: 'none' };
  if (typeName === 'KeyLogFile') return { kind: 'keylog', what: '`KeyLogFile`', origin: node };
  const impl = ctx.crate.implFor(typeName, 'KeyLog', node);
  if (!impl) return { kind: 'unknown' };
  const log = impl.methods.get('log');
  const body = log?.childForFieldName('body');
  if (body && namedChildren(body).every((c) => c.type === 'line_comment' || c.type === 'block_comment'))
    return { kind: 'none' };
  return { kind: 'keylog', what: `\`${typeName}\`, a \`KeyLog\` implementation`, origin: node };
}

/** The receiver is a tonic `ServerTlsConfig`/`ClientTlsConfig`: its builder chain or its variable starts from one. */
function onTonicTlsConfig(call: Node, ctx: RuleContext): boolean {
  const { receiver } = describeCall(call);
  if (!receiver) return false;
  return originsOf(receiver, ctx.crate).some((o) => /\b(ServerTlsConfig|ClientTlsConfig)\b/.test(o.text));
}

function within(node: Node, outer: Node): boolean {
  return node.tree === outer.tree && node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** `|_ssl, _line| {}`: a callback that drops the secrets. */
function isEmptyClosure(node: Node): boolean {
  if (node.type !== 'closure_expression') return false;
  const body = node.childForFieldName('body');
  if (!body) return false;
  if (body.type === 'block')
    return namedChildren(body).every((c) => c.type === 'line_comment' || c.type === 'block_comment');
  return body.type === 'unit_expression';
}

/**
 * Inside `#[cfg(debug_assertions)]`/`cfg!(debug_assertions)`, or an `if`/`match` on a run-time
 * setting (an environment variable, a command-line option, a config field): the key log is on only
 * when someone turns it on, and off by default — one level lower (catalog revision 2, branches).
 */
function isGuarded(ctx: RuleContext, node: Node, configuredAt?: Node, depth = 0): boolean {
  if (isDebugOnly(node)) return true;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item') {
      // A helper (`log_secrets(&mut builder, path)`) every call of which is guarded.
      const sites = depth < 2 && a.childForFieldName('name')?.text !== 'main' ? callSitesOf(a, ctx.crate) : [];
      if (sites.length > 0 && sites.every((site) => isGuarded(ctx, site, undefined, depth + 1))) return true;
      break;
    }
    const cond = choosingExpression(a);
    if (cond && readsEnvironment(ctx, cond)) return true;
  }
  return isChosenBySetting(node, configuredAt);
}

function readsEnvironment(ctx: RuleContext, cond: Node): boolean {
  if (ENV_CHECK.test(cond.text)) return true;
  // `let keylog = std::env::var("KEYLOG").is_ok(); if keylog { .. }`
  for (const id of [cond, ...descendantsOfType(cond, 'identifier')]) {
    if (id.type !== 'identifier') continue;
    const b = findBinding(id, ctx.crate);
    if (b?.value && ENV_CHECK.test(b.value.text)) return true;
  }
  return false;
}
