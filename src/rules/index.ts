// The rule set. Adding a rule: write src/rules/<id>.ts exporting `rule`, add it here,
// add fixtures under test/fixtures/<id>/ and regenerate docs (npm run docs).
import type { Rule } from './rule.js';
import { rule as mtlsNoClientAuth } from './mtls-no-client-auth.js';
import { rule as crlNotChecked } from './crl-not-checked.js';
import { rule as publicRootsForClientAuth } from './public-roots-for-client-auth.js';
import { rule as clientAuthOptional } from './client-auth-optional.js';
import { rule as alwaysAcceptServerCert } from './always-accept-server-cert.js';
import { rule as plaintextListener } from './plaintext-listener.js';
import { rule as tlsKeylogEnabled } from './tls-keylog-enabled.js';
import { rule as earlyDataEnabled } from './early-data-enabled.js';
import { rule as privateKeyInSource } from './private-key-in-source.js';
import { rule as certDetailsLogged } from './cert-details-logged.js';
import { rule as tlsErrorLeaked } from './tls-error-leaked.js';
import { rule as identityFromHeader } from './identity-from-header.js';
import { rule as alwaysAcceptClientCert } from './always-accept-client-cert.js';
import { rule as missingProtocolVersions } from './missing-protocol-versions.js';
import { rule as legacyTlsVersion } from './legacy-tls-version.js';
import { rule as weakCipherSuites } from './weak-cipher-suites.js';
import { rule as signatureNotVerified } from './signature-not-verified.js';
import { rule as ekuNotChecked } from './eku-not-checked.js';
import { rule as cleartextTransport } from './cleartext-transport.js';

export const ALL_RULES: Rule[] = [
  mtlsNoClientAuth,
  crlNotChecked,
  publicRootsForClientAuth,
  clientAuthOptional,
  alwaysAcceptServerCert,
  plaintextListener,
  tlsKeylogEnabled,
  earlyDataEnabled,
  privateKeyInSource,
  certDetailsLogged,
  tlsErrorLeaked,
  identityFromHeader,
  alwaysAcceptClientCert,
  missingProtocolVersions,
  legacyTlsVersion,
  weakCipherSuites,
  signatureNotVerified,
  ekuNotChecked,
  cleartextTransport,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
