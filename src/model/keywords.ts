// Words whose presence makes a file part of the crate model even when no rule keyword is in
// it: verifier impls, intent signals and functions that build configs live in such files.
export const MODEL_KEYWORDS = [
  'CertVerifier',
  'ServerConfig',
  'ClientConfig',
  'client_ca',
  'ClientCert',
  'PeerCert',
  'ClientIdentity',
  'RootCertStore',
  'rustls',
  'native_tls',
  'openssl',
  'Ssl',
  // `#[cfg(test)] mod tests;` makes another file test code.
  'mod tests;',
  'mod test;',
  'mod testing;',
  'mod test_',
];
