// mTLS intent: signs that a crate means to authenticate clients with certificates.
// Rules 1, 2 and 13 raise their severity when a crate shows intent but does not follow through.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from './crate.js';
import { describeCall, descendantsOfType, enclosingFunction, isInUse, pathSegments } from './syntax.js';
import { pathEndsWith } from './names.js';
import { opensslSide } from './openssl.js';

export interface IntentSignal {
  file: SourceFile;
  node: Node;
  reason: string;
  /** Circumstantial (a CA file beside a server config): named only when no other signal is found. */
  weak?: boolean;
}

const CLIENT_VERIFIER_TYPES = [
  'WebPkiClientVerifier',
  'AllowAnyAuthenticatedClient',
  'AllowAnyAnonymousOrAuthenticatedClient',
];
/** Names that say "the client CA": an intent signal, and the root store a suggested verifier is built from. */
export const CLIENT_CA_NAME = /(^|_)client_?ca(_|s$|$)|^clientca|client_roots?$|client_root_store|client_auth_roots/i;
const CLIENT_CA_STRING = /client[-_ ]?ca\b|client[-_]ca[-_.]|clientca/i;
const IDENTITY_TYPE = /^(ClientCert\w*|PeerCert\w*|ClientIdentity)$/;
/** Names the article's "fix" uses: they say the author wanted client authentication. */
const CLIENT_AUTH_MEMBERS = new Set([
  'client_auth_root_subjects',
  'verify_client_cert',
  'client_auth_mandatory',
  'with_client_auth_mandatory',
  // Frameworks given a CA to verify clients against: tonic, warp, poem, Rocket.
  'client_ca_root',
  'client_auth_required',
  'client_auth_required_path',
  // Not `client_auth_optional` itself: the finding it makes would be its own intent signal.
  'client_auth_optional_path',
  'with_mutual',
]);
const OPENSSL_CLIENT_TRUST = new Set(['set_client_ca_list', 'add_client_ca']);
/** On an OpenSSL acceptor: the store client certificates are verified against. */
const ACCEPTOR_CLIENT_TRUST = new Set(['set_ca_file', 'set_verify_cert_store', 'cert_store_mut']);
/** The peer's certificate, read on a server connection: the client's. */
const PEER_CERTIFICATE_READS = new Set(['peer_certificates', 'peer_certificate', 'peer_cert_chain']);
/** A CA certificate file name (`ca.pem`, `certs/ca.crt`, `root-ca.pem`), not a client's or server's own. */
const CA_FILE = /["/_-]ca\.(pem|crt|cer)"$/i;
const CA_FILE_TEXT = /ca\.(pem|crt|cer)"/i;
/** A server TLS config built in the same function. */
const SERVER_CONFIG_TEXT = /ServerConfig|SslAcceptor|TlsAcceptor|RustlsConfig|OpenSSLConfig/;
/** A client built in the same function: the CA may be the one it trusts servers by. */
const CLIENT_CONFIG_TEXT = /Connector|ClientConfig|add_root_certificate|with_root_certificates|ClientBuilder/;
const SERVER_TRUST_TEXT = /set_ca_file|set_verify_cert_store|cert_store_mut|peer_certificate|peer_cert_chain/;

/**
 * Every name and string the signals below read contains one of these (client_ca, client-ca file
 * names, ClientCert*, PeerCert*, ClientIdentity, client_auth_*, verify_client_cert, the client
 * verifiers' names): a crate without them shows no intent, which the prefilter can tell from text.
 */
export const INTENT_WORDS =
  /client[-_]?ca|client ca\b|client_root|client_auth|with_mutual|client_cert|clientcert|peercert|peer_cert|clientidentity|clientverifier|authenticatedclient|set_ca_file|set_verify_cert_store|cert_store_mut|ca\.(pem|crt|cer)"/i;

/** Collects the intent signals of one file. Quick text checks keep this cheap on files without TLS. */
export function collectIntentSignals(file: SourceFile, crate: CrateModel): IntentSignal[] {
  const out: IntentSignal[] = [];
  const root = file.tree.rootNode;
  const add = (node: Node, reason: string) => out.push({ file, node, reason });

  // Every name and string signal contains "client" (or is a PeerCert type): most files have none.
  const mayName = /client|peer_?cert|with_mutual/i.test(file.text);
  for (const id of mayName ? descendantsOfType(root, ['identifier', 'type_identifier', 'field_identifier']) : []) {
    const name = id.text;
    if (isInUse(id)) continue; // an import alone is not a use
    if (CLIENT_VERIFIER_TYPES.includes(name)) {
      const parentPath = id.parent?.type === 'scoped_identifier' ? pathSegments(id.parent) : [];
      const grand = id.parent?.parent;
      const isNoAuth = grand?.type === 'scoped_identifier' && grand.text.endsWith('no_client_auth');
      if (!isNoAuth && !parentPath.includes('no_client_auth'))
        add(id, `a client-certificate verifier (${name}) is used`);
    } else if (CLIENT_AUTH_MEMBERS.has(name)) {
      add(id, `client authentication is configured (${name})`);
    } else if (CLIENT_CA_NAME.test(name)) {
      add(id, `a client CA is named (${name})`);
    } else if (id.type === 'type_identifier' && IDENTITY_TYPE.test(name)) {
      add(id, `a client-identity type is defined (${name})`);
    } else if (name === 'FAIL_IF_NO_PEER_CERT' || name === 'SSL_VERIFY_FAIL_IF_NO_PEER_CERT') {
      add(id, `client certificates are required (${name})`);
    } else if (OPENSSL_CLIENT_TRUST.has(name)) {
      add(id, `client CAs are configured (${name})`);
    } else if (
      name === 'with_client_cert_verifier' &&
      !/NoClientAuth|no_client_auth/.test(id.parent?.parent?.text ?? '')
    ) {
      add(id, 'a client-certificate verifier is installed');
    }
  }
  for (const s of mayName ? descendantsOfType(root, ['string_literal', 'raw_string_literal']) : []) {
    if (CLIENT_CA_STRING.test(s.text)) add(s, `a client CA file is loaded (${s.text})`);
  }
  // The API reference: a `ca.pem` loaded next to a server config (the server's own chain has no use for a CA).
  for (const s of CA_FILE_TEXT.test(file.text) ? descendantsOfType(root, 'string_literal') : []) {
    const fn = enclosingFunction(s);
    if (CA_FILE.test(s.text) && fn && SERVER_CONFIG_TEXT.test(fn.text) && !CLIENT_CONFIG_TEXT.test(fn.text))
      out.push({ file, node: s, reason: `a CA file is loaded for a server config (${s.text})`, weak: true });
  }
  // The API reference's other signals: an OpenSSL acceptor given a CA to verify clients against, and the
  // client's certificate read on a server connection.
  for (const call of SERVER_TRUST_TEXT.test(file.text) ? descendantsOfType(root, 'call_expression') : []) {
    const { method, receiver } = describeCall(call);
    if (!method || !receiver || !(ACCEPTOR_CLIENT_TRUST.has(method) || PEER_CERTIFICATE_READS.has(method))) continue;
    if (opensslSide(receiver, crate) !== 'server') continue;
    add(
      call,
      ACCEPTOR_CLIENT_TRUST.has(method)
        ? `the acceptor verifies clients against a CA (${method})`
        : `the client's certificate is read on a server connection (${method})`,
    );
  }
  for (const impl of crate.impls) {
    if (impl.file === file && pathEndsWith(impl.traitPath, 'ClientCertVerifier')) {
      add(impl.node, `a ClientCertVerifier is implemented (${impl.typeName})`);
    }
  }
  return out;
}
