// src/core/judge/fetchPolicy.ts: which URLs may be fetched, decided before any request.
import * as assert from 'node:assert/strict';
import { checkFetchUrl, checkResolvedAddresses, isLoopbackHost, isResolvableName } from '../../../../src/core/judge/fetchPolicy';

describe('fetch policy', () => {
  const rows: [string, boolean, boolean][] = [
    ['https://login.example.com/', false, true],
    ['https://login.example.com:8443/.well-known/openid-configuration', false, true],
    ['http://login.example.com/', true, false],
    ['http://localhost:8080/jwks', false, false],
    ['http://localhost:8080/jwks', true, true],
    ['http://127.0.0.1:9/', true, true],
    ['http://[::1]:9/', true, true],
    ['http://127.0.0.2/', true, false],
    ['ftp://example.com/keys', true, false],
    ['file:///etc/passwd', true, false],
    ['javascript:alert(1)', true, false],
    ['https://user:secret@example.com/', false, false],
    ['not a url', false, false],
    ['', false, false],
    // This computer, however the address is written, only with the localhost opt-in.
    ['https://localhost:8443/', false, false],
    ['https://localhost:8443/', true, true],
    ['https://app.localhost/', false, false],
    ['https://127.0.0.2/', false, false],
    ['https://127.0.0.2/', true, true],
    ['https://0x7f000001/', false, false],
    ['https://2130706433/', false, false],
    ['https://0177.0.0.1/', false, false],
    ['https://127.1/', false, false],
    ['https://0.0.0.0/', false, false],
    ['https://[::1]/', false, false],
    ['https://[::]/', false, false],
    ['https://[::ffff:127.0.0.1]/', false, false],
    // Private and link-local networks, never with the localhost opt-in.
    ['https://169.254.169.254/latest/meta-data/', true, false],
    ['https://0xa9fea9fe/', true, false],
    ['https://[::ffff:169.254.169.254]/', true, false],
    ['https://[64:ff9b::a9fe:a9fe]/', true, false],
    ['https://10.0.0.5/', true, false],
    ['https://172.16.0.1/', true, false],
    ['https://172.31.255.255/', true, false],
    ['https://192.168.1.1/', true, false],
    ['https://100.64.0.1/', true, false],
    ['https://[fe80::1]/', true, false],
    ['https://[fc00::1]/', true, false],
    ['https://[fd12:3456::1]/', true, false],
    // Public addresses next to those ranges.
    ['https://172.32.0.1/', false, true],
    ['https://11.0.0.1/', false, true],
    ['https://169.255.0.1/', false, true],
    ['https://[2001:db8::1]/', false, true],
    ['https://[fe00::1]/', false, true],
  ];
  for (const [url, allowHttpLocalhost, allowed] of rows) {
    it(`${allowed ? 'fetches' : 'refuses'} ${JSON.stringify(url)}${allowHttpLocalhost ? ' (http localhost on)' : ''}`, () => {
      const checked = checkFetchUrl(url, { allowHttpLocalhost });
      assert.equal(checked.ok, allowed);
      if (!checked.ok) {
        assert.equal(checked.error.code, 'ERR_HTTP_URL');
        assert.doesNotMatch(checked.error.message, /secret/);
      }
    });
  }
});

describe('fetch policy: the words of each refusal', () => {
  it('says how to fix each refusal, quoting no more than the host', () => {
    const refusal = (url: string, allowHttpLocalhost = false) => {
      const checked = checkFetchUrl(url, { allowHttpLocalhost });
      return checked.ok ? undefined : checked.error.message;
    };
    assert.equal(refusal('not a url'), 'Not a URL: enter an https:// address.');
    assert.equal(refusal('https://user:secret@example.com/x'), 'The URL holds a user name or password: remove them.');
    assert.equal(
      refusal('http://localhost:8080/keys?token=abc'),
      'Plain HTTP to localhost:8080 is off: use https://, or turn on jwtLens.network.allowHttpLocalhost for a local development server.',
    );
    assert.equal(
      refusal('http://auth.example.com/keys?token=abc', true),
      'Only https:// addresses are fetched (http://auth.example.com is not).',
    );
  });

  it('hands back the parsed URL of an address it allows', () => {
    const checked = checkFetchUrl('https://Login.Example.com:8443/a/../jwks', { allowHttpLocalhost: false });
    assert.ok(checked.ok);
    assert.equal(checked.url.href, 'https://login.example.com:8443/jwks');
  });

  it('treats only localhost, 127.0.0.1 and [::1] as loopback, in any case', () => {
    assert.deepEqual(
      ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]', '127.0.0.2', 'localhost.example.com', '::1', '0.0.0.0'].map(isLoopbackHost),
      [true, true, true, true, false, false, false, false],
    );
  });
});

describe('fetch policy for private addresses', () => {
  it('says why an address of this computer or a private network is refused, naming the setting that allows it', () => {
    const refusal = (url: string, policy: { allowHttpLocalhost: boolean; allowPrivateAddresses?: boolean }) => {
      const checked = checkFetchUrl(url, policy);
      return checked.ok ? 'fetched' : checked.error.message;
    };
    assert.equal(
      refusal('https://0x7f000001:8443/keys', { allowHttpLocalhost: false }),
      '127.0.0.1:8443 is this computer: JWT Lens fetches from it only when jwtLens.network.allowHttpLocalhost is on (a local development server).',
    );
    assert.equal(
      refusal('https://169.254.169.254/latest/meta-data/', { allowHttpLocalhost: true }),
      '169.254.169.254 is a private or link-local address: JWT Lens fetches from one only when jwtLens.network.allowPrivateAddresses is on.',
    );
    assert.equal(refusal('https://10.0.0.5/keys', { allowHttpLocalhost: false, allowPrivateAddresses: true }), 'fetched');
    assert.equal(refusal('https://[fd00::5]/keys', { allowHttpLocalhost: false, allowPrivateAddresses: true }), 'fetched');
    assert.equal(
      refusal('http://10.0.0.5/keys', { allowHttpLocalhost: true, allowPrivateAddresses: true }),
      'Only https:// addresses are fetched (http://10.0.0.5 is not).',
    );
    assert.equal(
      refusal('https://127.0.0.1/keys', { allowHttpLocalhost: false, allowPrivateAddresses: true }),
      '127.0.0.1 is this computer: JWT Lens fetches from it only when jwtLens.network.allowHttpLocalhost is on (a local development server).',
    );
  });

  it('judges a host name by the addresses it resolves to, as it judges those addresses written out', () => {
    const url = new URL('https://idp.example.com/jwks');
    const rows: [string[], boolean, boolean, RegExp | undefined][] = [
      [['93.184.215.14'], false, false, undefined],
      [['2606:2800:21f:cb07:6820:80da:af6b:8b2c'], false, false, undefined],
      [[], false, false, undefined],
      [['127.0.0.1'], false, false, /^idp\.example\.com resolves to this computer \(127\.0\.0\.1\): .*allowHttpLocalhost is on\.$/],
      [['127.0.0.1'], true, false, undefined],
      [['::1'], false, false, /resolves to this computer \(::1\)/],
      [
        ['93.184.215.14', '10.0.0.7'],
        false,
        false,
        /^idp\.example\.com resolves to a private or link-local address \(10\.0\.0\.7\): .*allowPrivateAddresses is on\.$/,
      ],
      [['169.254.169.254'], false, false, /private or link-local address \(169\.254\.169\.254\)/],
      [['fd00::1'], false, false, /private or link-local address \(fd00::1\)/],
      [['fe80::1%eth0'], false, false, /private or link-local address \(fe80::1%eth0\)/],
      [['::ffff:192.168.1.1'], false, false, /private or link-local address/],
      [['10.0.0.7'], false, true, undefined],
    ];
    for (const [addresses, allowHttpLocalhost, allowPrivateAddresses, refusal] of rows) {
      const checked = checkResolvedAddresses(url, addresses, { allowHttpLocalhost, allowPrivateAddresses });
      const label = `${addresses.join(',')} ${allowHttpLocalhost} ${allowPrivateAddresses}`;
      if (refusal) {
        assert.ok(!checked.ok, label);
        assert.match(checked.error.message, refusal, label);
      } else {
        assert.ok(checked.ok, label);
      }
    }
  });

  it('resolves names only: an address, however written, and localhost were judged as written', () => {
    const rows: [string, boolean][] = [
      ['https://idp.example.com/', true],
      ['https://vm:8443/', true],
      ['https://127.0.0.1/', false],
      ['https://0x7f000001/', false],
      ['https://[::1]/', false],
      ['https://[2001:db8::1]/', false],
      ['https://93.184.215.14/', false],
      ['https://localhost/', false],
      ['https://app.localhost/', false],
    ];
    for (const [url, resolvable] of rows) {
      assert.equal(isResolvableName(new URL(url)), resolvable, url);
    }
  });
});
