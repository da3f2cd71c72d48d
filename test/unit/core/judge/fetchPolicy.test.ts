// src/core/judge/fetchPolicy.ts: which URLs may be fetched, decided before any request.
import * as assert from 'node:assert/strict';
import { checkFetchUrl, isLoopbackHost } from '../../../../src/core/judge/fetchPolicy';

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
  ];
  for (const [url, allowHttpLocalhost, allowed] of rows) {
    it(`${allowed ? 'fetches' : 'refuses'} ${JSON.stringify(url)}${allowHttpLocalhost ? ' (http localhost on)' : ''}`, () => {
      const checked = checkFetchUrl(url, { allowHttpLocalhost });
      assert.equal(checked.ok, allowed);
      if (!checked.ok) {
        assert.equal(checked.code, 'ERR_HTTP_URL');
        assert.doesNotMatch(checked.message, /secret/);
      }
    });
  }
});

describe('fetch policy: the words of each refusal', () => {
  it('says how to fix each refusal, quoting no more than the host', () => {
    const refusal = (url: string, allowHttpLocalhost = false) => {
      const checked = checkFetchUrl(url, { allowHttpLocalhost });
      return checked.ok ? undefined : checked.message;
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
