// The claim explanations data file (src/core/render/claimInfo.ts): its shape, provider recognition by iss,
// and the explanations and dates the hover and decoded view show.
import * as assert from 'node:assert/strict';
import { CLAIM_INFO, explainClaim, explainClaims, isTimeClaim, recogniseProvider } from '../../../../src/core/render/claimInfo';
import { decodeToken } from '../../../../src/core/token/decode';
import { renderDecodedHtml } from '../../../../src/core/render/decodedHtml';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { judge } from '../../../../src/core/judge/verdict';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;

describe('claim explanations: the data file', () => {
  it('explains at least 60 distinct claims, each once per provider', () => {
    const names = new Set(CLAIM_INFO.map((info) => info.name));
    assert.ok(names.size >= 60, `only ${names.size} claims`);
    const keys = CLAIM_INFO.map((info) => `${info.name}/${info.provider ?? ''}`);
    assert.deepEqual(
      keys.filter((key, index) => keys.indexOf(key) !== index),
      [],
    );
  });

  it('gives every claim one line ending in a full stop and an https link to its section', () => {
    for (const info of CLAIM_INFO) {
      assert.match(info.description, /^[A-Z].{5,110}\.$/, info.name);
      assert.ok(!/[\n\r]/.test(info.description), info.name);
      const url = new URL(info.spec);
      assert.equal(url.protocol, 'https:', info.name);
      if (url.hostname === 'datatracker.ietf.org') {
        assert.match(info.spec, /^https:\/\/datatracker\.ietf\.org\/doc\/html\/rfc\d+#section-[\d.]+$/, info.name);
      }
    }
  });

  const required: Array<[string, string[]]> = [
    ['RFC 7519', ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']],
    [
      'OpenID Connect',
      ['auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash', 'c_hash', 'sid', 'name', 'email', 'email_verified', 'updated_at'],
    ],
    ['RFC 9068 and RFC 8693', ['client_id', 'scope', 'groups', 'roles', 'entitlements', 'act', 'may_act', 'cnf']],
    ['Microsoft Entra ID', ['oid', 'tid', 'scp', 'roles', 'wids', 'aio', 'azp', 'ver', 'idp', 'amr']],
    ['Auth0', ['gty', 'permissions', 'org_id']],
    ['Google', ['hd']],
    ['AWS Cognito', ['cognito:groups', 'token_use', 'client_id', 'username']],
    ['Okta', ['uid', 'cid']],
    ['Keycloak', ['realm_access', 'resource_access']],
    ['Mux', ['sub', 'aud', 'playback_restriction_id', 'time', 'width', 'height']],
    ['FastPix', ['aud', 'kid']],
  ];
  const providerOf: Record<string, string | undefined> = {
    'Microsoft Entra ID': 'entra',
    Auth0: 'auth0',
    Google: 'google',
    'AWS Cognito': 'cognito',
    Okta: 'okta',
    Keycloak: 'keycloak',
    Mux: 'mux',
    FastPix: 'fastpix',
  };
  for (const [source, claims] of required) {
    it(`explains the ${source} claims`, () => {
      const provider = providerOf[source];
      for (const name of claims) {
        assert.ok(
          CLAIM_INFO.some((info) => info.name === name && (provider === undefined || info.provider === provider || !info.provider)),
          `${source}: ${name}`,
        );
      }
    });
  }
});

describe('recogniseProvider: the provider named by iss', () => {
  const cases: Array<[string, Record<string, unknown>, string | undefined]> = [
    [
      'Entra ID v2 access token',
      { iss: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', ver: '2.0', scp: 'User.Read' },
      'Microsoft Entra ID v2 access token',
    ],
    ['Entra ID v2 ID token', { iss: 'https://login.microsoftonline.com/tid/v2.0', ver: '2.0', oid: 'x' }, 'Microsoft Entra ID v2 ID token'],
    [
      'Entra ID v1 access token',
      { iss: 'https://sts.windows.net/tid/', ver: '1.0', scp: 'user_impersonation' },
      'Microsoft Entra ID v1 access token',
    ],
    ['Google ID token', { iss: 'https://accounts.google.com', hd: 'example.com' }, 'Google ID token'],
    ['Google ID token without a scheme', { iss: 'accounts.google.com' }, 'Google ID token'],
    [
      'Cognito access token',
      { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf', token_use: 'access' },
      'AWS Cognito access token',
    ],
    ['Cognito ID token', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', token_use: 'id' }, 'AWS Cognito ID token'],
    ['Auth0', { iss: 'https://example.eu.auth0.com/' }, 'Auth0 token'],
    ['Okta', { iss: 'https://dev-123.okta.com/oauth2/default' }, 'Okta token'],
    ['Keycloak', { iss: 'https://sso.example.com/realms/main' }, 'Keycloak token'],
    ['FastPix', { iss: 'fastpix.io', aud: 'media:abc' }, 'FastPix playback token'],
    ['Mux thumbnail', { sub: 'playbackId', aud: 't', kid: 'k' }, 'Mux thumbnail playback token'],
    ['an unknown issuer', { iss: 'https://auth.example.com' }, undefined],
    ['a look-alike host', { iss: 'https://login.microsoftonline.com.evil.example/v2.0' }, undefined],
    ['an iss that is no URL', { iss: 'http://[::1' }, undefined],
    ['a non-string iss', { iss: 42 }, undefined],
  ];
  for (const [name, payload, title] of cases) {
    it(`${name}: ${title ?? 'none'}`, () => {
      assert.equal(recogniseProvider(payload)?.title, title);
    });
  }
});

describe('explainClaim and isTimeClaim', () => {
  it("takes the provider's own meaning first, then the registered one, then a claim only one provider uses", () => {
    assert.equal(explainClaim('scp', 'okta')?.provider, 'okta');
    assert.equal(explainClaim('scp', 'entra')?.provider, 'entra');
    assert.equal(explainClaim('roles')?.provider, undefined);
    assert.equal(explainClaim('roles', 'entra')?.provider, 'entra');
    assert.equal(explainClaim('sub', 'mux')?.description, 'Mux playback id the token grants access to.');
    assert.equal(explainClaim('sub')?.spec, 'https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.2');
    assert.equal(explainClaim('oid')?.provider, 'entra');
    assert.equal(explainClaim('no_such_claim'), undefined);
  });

  it('explains a namespaced (URL) claim as a custom claim, as Auth0 requires', () => {
    assert.match(explainClaim('https://example.com/roles')?.description ?? '', /namespaced custom claim/);
  });

  const times: Array<[string, unknown, boolean]> = [
    ['exp', NOW, true],
    ['auth_time', NOW, true],
    ['updated_at', NOW, true],
    ['toe', NOW, true],
    ['expires_at', NOW, true],
    ['login_time', NOW, true],
    ['auth_time', '1800000000', false],
    ['exp', Number.POSITIVE_INFINITY, false],
    ['jti', NOW, false],
    ['count_at', 12, false],
  ];
  for (const [name, value, expected] of times) {
    it(`${name} = ${String(value)} is ${expected ? '' : 'not '}a time`, () => {
      assert.equal(isTimeClaim(name, value), expected);
    });
  }
});

describe('claim explanations in the hover and the decoded view', () => {
  const entra = decodeToken(
    assemble(
      { alg: 'RS256', kid: 'k' },
      {
        iss: 'https://login.microsoftonline.com/tid/v2.0',
        ver: '2.0',
        scp: 'User.Read',
        oid: '00000000-0000-0000-0000-000000000001',
        auth_time: NOW - 3600,
        exp: NOW + 600,
        custom: 'x',
      },
    ),
  );

  it('names the provider and explains each known claim with its link, every time claim as a date', () => {
    const markdown = renderHover(judge(entra, undefined, { now: NOW }), {}, { now: NOW });
    assert.match(markdown.split('\n')[0], / · Microsoft Entra ID v2 access token$/);
    assert.ok(
      markdown.includes(
        '- `oid` \\"00000000\\-0000\\-0000\\-0000\\-000000000001\\" — Object id of the user or service principal\\: stable across apps in the tenant\\. [spec](https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference)',
      ),
      markdown,
    );
    assert.ok(
      markdown.includes(
        '- `auth_time` 2027\\-01\\-15T07\\:00\\:00Z, 1 h ago — When the user last authenticated\\. [spec](https://openid.net/specs/openid-connect-core-1_0.html#IDToken)',
      ),
    );
    assert.ok(!markdown.includes('- `custom`'));
  });

  it('prefixes a provider claim with its provider when the token is not recognised as theirs', () => {
    const markdown = renderHover(judge(decodeToken(assemble({ alg: 'HS256' }, { tid: 't' })), undefined, { now: NOW }), {}, { now: NOW });
    assert.match(markdown, /- `tid` \\"t\\" — Microsoft Entra ID\\: Tenant id/);
  });

  it('lists every time claim in the Times table and the explained claims with links, escaped', () => {
    const html = renderDecodedHtml(judge(entra, undefined, { now: NOW }), { now: NOW, styleUri: 'x', cspSource: 'y' });
    assert.match(html, /<tr><th>auth_time<\/th><td>1799996400<\/td><td>2027-01-15T07:00:00Z<\/td><td>1 h ago<\/td><\/tr>/);
    assert.match(html, /<div class="muted" id="provider">Microsoft Entra ID v2 access token<\/div>/);
    assert.match(
      html,
      /<tr><th>scp<\/th><td>&quot;User.Read&quot;<\/td><td>Delegated scopes .*<a href="https:\/\/learn\.microsoft\.com\/[^"]+">spec<\/a><\/td><\/tr>/,
    );
    const hostile = decodeToken(assemble({ alg: 'HS256' }, { sub: '<img src=x onerror=alert(1)>', 'https://a.example/<b>': 1 }));
    const escaped = renderDecodedHtml(judge(hostile, undefined, { now: NOW }), { now: NOW, styleUri: 'x', cspSource: 'y' });
    assert.ok(!escaped.includes('<img'));
    assert.ok(!escaped.includes('<b>'));
  });

  it('explains at most 40 claims of a huge claims set', () => {
    const payload = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`at_${index}_time`, NOW]));
    assert.equal(explainClaims(payload, undefined, NOW).length, 40);
  });
});
