// Rule 12: TLS 1.3 0-RTT early data enabled (replayable requests).
import type { Node } from '../parser/parser.js';
import type { FixDeclaration, Rule, RuleContext } from './rule.js';
import { assignedOwnerBinding, chainOf } from '../model/flow.js';
import { pathEndsWith } from '../model/names.js';
import { sideOfValue, type Side } from '../model/side.js';
import { callArguments, describeCall, methodNameNode } from '../model/syntax.js';
import type { Level } from '../types.js';
import { isLibraryPlumbing } from '../model/plumbing.js';
import { isChosenBySetting } from '../model/code-kind.js';
import { constBooleanValue, numericValue } from '../model/constants.js';

/** What a report says: `subject` `verb` 0-RTT early data, `shown` the code, `help` the switch that turns it off. */
type EarlyData = { subject: string; verb: string; shown: string; help: string };

export const rule: Rule = {
  meta: {
    id: 'early-data-enabled',
    name: 'EarlyDataEnabled',
    defaultLevel: 'warning',
    securitySeverity: 5.9,
    cwe: 294,
    precision: 'high',
    keywords: ['early_data', 'half_rtt'],
    messages: {
      earlyData: {
        message: '{subject} {verb} 0-RTT early data',
        label: '{shown}',
        note: 'Early data has no replay protection: a network attacker can resend it and the request it carries (a payment, a state change) runs twice. It also arrives before the client certificate, if any, has been verified.',
        help: '{help}',
      },
      earlyDataAtRunTime: {
        message: '{subject} {verb} 0-RTT early data',
        label: '{shown}',
        note: 'Its value decides at run time whether 0-RTT is on.',
        help: 'Make sure it is 0/false in production, or that every early-data request is idempotent.',
      },
      halfRttData: {
        message: '{subject} {verb} 0.5-RTT data before the client finishes the handshake',
        label: '{shown}',
        note: "Data goes out before the client's Finished message (and certificate) is verified, which weakens the handshake's integrity guarantees.",
        help: 'Remove `send_half_rtt_data = true` (off by default).',
      },
    },
    docs: {
      summary: 'TLS 1.3 0-RTT early data is enabled.',
      whatItDoes:
        'Flags configurations that turn on TLS 1.3 0-RTT: rustls `ServerConfig.max_early_data_size` set above 0 (a literal, arithmetic such as `16 * 1024`, `u32::MAX` for QUIC, or a crate const/static), rustls `ClientConfig.enable_early_data = true`, tokio-rustls `TlsConnector::early_data(true)`, and OpenSSL `set_max_early_data(n)` with n > 0. `send_half_rtt_data = true` (0.5-RTT data) is reported as a note. A non-literal value that cannot be resolved is reported one level lower (note), saying that the value decides at run time. Assignments of `0` / `false` are never reported.',
      whyIsThisBad:
        'Early data is sent before the handshake completes and has no replay protection in TLS 1.3: an attacker who records it can resend it, and the server processes the request again (CWE-294). Early data also arrives before the client certificate of an mTLS handshake has been verified. Unless every early-data request is idempotent and the application checks `early_data()` before acting, 0-RTT should stay off.',
      knownLimits:
        'Values computed by functions, read from configuration or passed as parameters cannot be resolved: they are reported as notes. Whether the application rejects or defers non-idempotent early-data requests is not checked.',
      badExample: `let mut config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;
config.max_early_data_size = 16 * 1024;
let connector = tokio_rustls::TlsConnector::from(Arc::new(client_config)).early_data(true);`,
      goodExample: `let mut config = ServerConfig::builder()
    .with_client_cert_verifier(verifier)
    .with_single_cert(certs, key)?;
config.max_early_data_size = 0; // the default: no 0-RTT
let connector = tokio_rustls::TlsConnector::from(Arc::new(client_config));`,
      howToFix:
        'Leave `max_early_data_size` at 0 and `enable_early_data` at false (the defaults), drop `.early_data(true)` and `set_max_early_data(..)`. If 0-RTT is really needed, accept only idempotent requests in early data (e.g. reject or defer anything but GET until the handshake completes, as `Early-Data: 1` / HTTP 425 in RFC 8470 describes).',
      references: [
        'https://cwe.mitre.org/data/definitions/294.html',
        'https://docs.rs/rustls/latest/rustls/server/struct.ServerConfig.html#structfield.max_early_data_size',
        'https://docs.rs/rustls/latest/rustls/client/struct.ClientConfig.html#structfield.enable_early_data',
        'https://docs.rs/tokio-rustls/latest/tokio_rustls/struct.TlsConnector.html#method.early_data',
        'https://docs.rs/openssl/latest/openssl/ssl/struct.SslContextBuilder.html#method.set_max_early_data',
        'https://www.rfc-editor.org/rfc/rfc8446#section-8',
        'https://www.rfc-editor.org/rfc/rfc8470',
      ],
    },
  },

  create(ctx) {
    // 0-RTT turned on only when a run-time setting says so: one level lower (catalog revision 2).
    // A branch that also makes the config (`match identity { X509 => { let mut config = ..; config.max_early_data_size = .. } }`)
    // chooses which config there is, not 0-RTT.
    const report = (node: Node, level: Level, data: EarlyData, fix?: FixDeclaration, messageId = 'earlyData') =>
      ctx.report({
        node,
        level: level === 'warning' && isChosenBySetting(node, configMadeAt(node)) ? 'note' : level,
        messageId,
        data,
        fixes: fix && [fix],
      });
    /** Where the config whose field an assignment at `node` sets is bound (`let mut config = ..`). */
    const configMadeAt = (node: Node): Node | undefined => {
      const left = node.parent?.type === 'assignment_expression' ? node.parent.childForFieldName('left') : null;
      return left ? assignedOwnerBinding(left, ctx.crate) : undefined;
    };
    // A run-time value a library takes from its user is the user's choice (plumbing): not reported here.
    const reportRunTime = (node: Node, value: Node, data: EarlyData) => {
      if (!isLibraryPlumbing(node, value, ctx.crate)) report(node, 'note', data, undefined, 'earlyDataAtRunTime');
    };
    return {
      assignment_expression(assign) {
        const left = assign.childForFieldName('left');
        const right = assign.childForFieldName('right');
        if (left?.type !== 'field_expression' || !right) return;
        const field = left.childForFieldName('field')?.text;
        const receiver = left.childForFieldName('value');
        // `opts.enable_early_data = true` on the crate's own options struct is not a TLS config.
        if (receiver && ctx.crate.crateStructOf(receiver)) return;
        const side = receiver ? sideOfValue(receiver, ctx.crate) : 'unknown';
        const shown = `\`${field} = ${short(right.text)}\``;
        if (field === 'max_early_data_size') {
          if (side === 'client') return;
          const n = numericValue(right, ctx.crate);
          if (n === 0) return;
          const help = 'Set `max_early_data_size` to 0 (the default).';
          const subject = 'this rustls server config';
          if (n === undefined) reportRunTime(right, right, { subject, verb: 'may accept', shown, help });
          else
            report(
              right,
              'warning',
              { subject, verb: 'accepts', shown, help },
              literalTo(right, 'integer_literal', '0'),
            );
        } else if (field === 'enable_early_data') {
          if (side === 'server') return;
          const b = constBooleanValue(right, ctx.crate);
          if (b === false) return;
          const help = 'Set `enable_early_data = false` (the default).';
          const subject = 'this rustls client config';
          if (b === undefined) reportRunTime(right, right, { subject, verb: 'may send', shown, help });
          else
            report(
              right,
              'warning',
              { subject, verb: 'sends', shown, help },
              literalTo(right, 'boolean_literal', 'false'),
            );
        } else if (field === 'send_half_rtt_data') {
          if (side === 'client' || constBooleanValue(right, ctx.crate) !== true) return;
          report(
            right,
            'note',
            { subject: 'this rustls server config', verb: 'sends', shown, help: '' },
            undefined,
            'halfRttData',
          );
        }
      },
      call_expression(call) {
        const { method, receiver } = describeCall(call);
        const args = callArguments(call);
        if (!method || !receiver || args.length !== 1) return;
        const shown = `\`${method}(${short(args[0].text)})\``;
        if (method === 'early_data') {
          const b = constBooleanValue(args[0], ctx.crate);
          if (b === false) return;
          if (b === undefined) {
            if (isTokioRustlsConnector(ctx, receiver))
              reportRunTime(methodNameNode(call), args[0], {
                subject: 'this tokio-rustls connector',
                verb: 'may send',
                shown,
                help: 'Drop `.early_data(..)` (off by default).',
              });
            return;
          }
          report(methodNameNode(call), 'warning', {
            subject: 'this tokio-rustls connector',
            verb: 'sends',
            shown,
            help: 'Drop `.early_data(true)` (off by default).',
          });
        } else if (method === 'set_max_early_data') {
          const n = numericValue(args[0], ctx.crate);
          if (n === 0) return;
          const what = openSslWhat(sideOfValue(receiver, ctx.crate));
          const subject = `this OpenSSL ${what}`;
          const help = 'Drop `set_max_early_data(..)` or pass 0 (the default).';
          if (n === undefined)
            reportRunTime(methodNameNode(call), args[0], { subject, verb: 'may allow', shown, help });
          else report(methodNameNode(call), 'warning', { subject, verb: 'allows', shown, help });
        }
      },
    };
  },
};

function openSslWhat(side: Side): string {
  return side === 'server' ? 'acceptor' : side === 'client' ? 'connector' : 'context';
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

function isTokioRustlsConnector(ctx: RuleContext, receiver: Node): boolean {
  const chain = chainOf(receiver, ctx.crate);
  if (!chain.rootPath) return false;
  const root = ctx.file.names.resolve(chain.rootPath.join('::'));
  return pathEndsWith(root, 'TlsConnector::from', 'TlsConnector::new', 'TlsConnector');
}

/** A literal set to the value that turns early data off (a named constant is left alone: it may be used elsewhere). */
function literalTo(node: Node, type: string, text: string): FixDeclaration | undefined {
  if (node.type !== type) return undefined;
  return { kind: 'safe', description: `Set to \`${text}\` (no early data)`, edits: [{ node, text }] };
}
