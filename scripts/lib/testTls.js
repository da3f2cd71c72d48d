// The local HTTPS identity provider's certificate for the in-host tests (trusted issuers), made for
// each run, and what the extension host needs to trust it. Used by both launchers.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * A certificate for localhost made for this run, for the tests' local HTTPS identity provider
 * (trusted-issuer tests). The extension host trusts it through NODE_EXTRA_CA_CERTS, which Node reads
 * at process start (so it is set before code-server starts); the tests find its key through
 * JWT_LENS_TEST_TLS. Self-signed and valid two days: it is its own CA and nothing else trusts it.
 */
function testTlsEnvironment(scratch, userDataDir) {
  const dir = path.join(scratch, 'tls');
  const cert = localhostCertificate(dir);
  // VS Code's proxy-aware fetch passes the OS's certificates as the whole CA list, which leaves out
  // NODE_EXTRA_CA_CERTS; without them (proxy support stays on) Node's own list, with ours, is used.
  const userSettings = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({ 'http.systemCertificates': false }, null, 2));
  return { NODE_EXTRA_CA_CERTS: cert, JWT_LENS_TEST_TLS: dir };
}

/**
 * Makes `dir`/localhost.pem and `dir`/localhost.key (P-256, CN and SAN localhost and 127.0.0.1,
 * valid two days) and returns the certificate's path. Also used by the cli stage's HTTPS JWKS server.
 */
function localhostCertificate(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'localhost.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'localhost.key'),
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return cert;
}

module.exports = { testTlsEnvironment, localhostCertificate };
