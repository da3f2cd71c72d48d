// Trusted issuers in the core: the setting's entries, discovery documents, JWKS content, the cache
// policy, and the words every surface shows for a token judged against an issuer's keys.
import * as assert from 'node:assert/strict';
import {
  audienceIncludes,
  cacheLifetimeSeconds,
  checkDiscoveryDocument,
  discoveryUrls,
  fetchedAgo,
  issuerResult,
  issuerVerificationKeys,
  mayFetch,
  MAX_ISSUER_CANDIDATES,
  MAX_CACHE_SECONDS,
  MIN_CACHE_SECONDS,
  DEFAULT_CACHE_SECONDS,
  parseTrustedIssuer,
  readJwks,
  verifyIssuerToken,
  type IssuerKeySet,
  type TrustedIssuer,
} from '../../../../src/core/judge/jwks';
import { signatureText } from '../../../../src/core/judge/verdict';
import { verifyToken } from '../../../../src/core/judge/verify';
import { testKeys } from '../../../support/keys';
import { decoded, signWith } from '../../../support/tokens';

const ISSUER = 'https://auth.example.com/';

function publicJwk(which: 'rsa' | 'p256' | 'ed25519', kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...testKeys()[which].publicKey.export({ format: 'jwk' }), kid, ...extra };
}

describe('trusted issuer settings', () => {
  const rows: [string, unknown, string | undefined][] = [
    ['an issuer', { issuer: ISSUER }, ISSUER],
    ['a JWKS URL', { jwksUri: 'https://auth.example.com/jwks.json' }, 'https://auth.example.com/jwks.json'],
    ['an issuer with its JWKS URL and audience', { issuer: ISSUER, jwksUri: 'https://keys.example.com/', audience: 'api' }, ISSUER],
    ['neither', { audience: 'api' }, undefined],
    ['a string', ISSUER, undefined],
    ['a list', [ISSUER], undefined],
    ['null', null, undefined],
    ['an empty issuer', { issuer: ' ' }, undefined],
    ['a number issuer', { issuer: 42 }, undefined],
    ['a file URL', { jwksUri: 'file:///etc/passwd' }, undefined],
    ['not a URL', { issuer: 'auth.example.com' }, undefined],
    ['a javascript: URL', { issuer: 'javascript:alert(1)' }, undefined],
  ];
  for (const [what, value, id] of rows) {
    it(`${id ? 'reads' : 'refuses with a message'} ${what}`, () => {
      const parsed = parseTrustedIssuer(value);
      if (id) {
        assert.ok(parsed.ok);
        assert.equal(parsed.value.id, id);
      } else {
        assert.ok(!parsed.ok);
        assert.equal(parsed.error.code, 'ERR_ISSUER_SETTING');
        assert.match(parsed.error.message, /issuer|jwksUri|object|URL/);
      }
    });
  }
});

describe('discovery', () => {
  it('looks at OIDC discovery under the issuer path, then RFC 8414 before it', () => {
    assert.deepEqual(discoveryUrls('https://auth.example.com/'), [
      'https://auth.example.com/.well-known/openid-configuration',
      'https://auth.example.com/.well-known/oauth-authorization-server',
    ]);
    assert.deepEqual(discoveryUrls('https://kc.example.com/realms/dev'), [
      'https://kc.example.com/realms/dev/.well-known/openid-configuration',
      'https://kc.example.com/.well-known/oauth-authorization-server/realms/dev',
    ]);
  });

  const documents: [string, unknown, string | RegExp][] = [
    [
      'a matching document',
      { issuer: ISSUER, jwks_uri: 'https://auth.example.com/.well-known/jwks.json' },
      'https://auth.example.com/.well-known/jwks.json',
    ],
    [
      'another issuer',
      { issuer: 'https://evil.example/', jwks_uri: 'https://evil.example/jwks' },
      /^Issuer mismatch: auth\.example\.com's discovery document is not for https:\/\/auth\.example\.com\/ \(it says "https:\/\/evil\.example\/"\)\.$/,
    ],
    [
      'the issuer without its trailing slash',
      { issuer: 'https://auth.example.com', jwks_uri: 'https://auth.example.com/jwks' },
      /^Issuer mismatch/,
    ],
    ['no issuer', { jwks_uri: 'https://auth.example.com/jwks' }, /^Issuer mismatch.*\.$/],
    ['no jwks_uri', { issuer: ISSUER }, /has no jwks_uri/],
    ['a jwks_uri that is not a URL', { issuer: ISSUER, jwks_uri: 'keys' }, /has no jwks_uri/],
    [
      // URL parsing drops newlines and tabs, so the address fetches; kept as sent, it broke out of
      // the Keys view tooltip's code span (an image there is fetched when the tooltip shows).
      'a jwks_uri with newlines hiding Markdown, as the address it fetches',
      { issuer: ISSUER, jwks_uri: 'https://auth.example.com/jwks\n\n![x](https://evil.example/p.png)\t' },
      'https://auth.example.com/jwks![x](https://evil.example/p.png)',
    ],
    ['a list', [], /not a JSON object/],
    ['null', null, /not a JSON object/],
  ];
  for (const [what, document, expected] of documents) {
    it(`${typeof expected === 'string' ? 'accepts' : 'refuses'} ${what}`, () => {
      const checked = checkDiscoveryDocument(document, ISSUER);
      if (typeof expected === 'string') {
        assert.ok(checked.ok);
        assert.equal(checked.value, expected);
      } else {
        assert.ok(!checked.ok);
        assert.equal(checked.error.code, 'ERR_DISCOVERY');
        assert.match(checked.error.message, expected);
      }
    });
  }
});

describe('JWKS content', () => {
  it('imports every signing key with its kid and own algorithms, public only', async () => {
    const jwks = {
      keys: [
        publicJwk('rsa', 'r1', { use: 'sig', alg: 'RS256' }),
        publicJwk('p256', 'e1'),
        publicJwk('ed25519', 'o1'),
        { ...testKeys().rsa.privateKey.export({ format: 'jwk' }), kid: 'private' },
      ],
    };
    const read = await readJwks(jwks, 'https://auth.example.com/jwks');
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.keys.map((key) => [key.kid, key.type, key.verifyAlgorithms.join(',')]),
      [
        ['r1', 'RSA', 'RS256'],
        ['e1', 'EC', 'ES256'],
        ['o1', 'OKP', 'EdDSA,Ed25519'],
        ['private', 'RSA', 'RS256,RS384,RS512,PS256,PS384,PS512'],
      ],
    );
    for (const key of read.value.keys) {
      assert.equal((key.publicJwk as { d?: string }).d, undefined, 'a private member was kept');
    }
  });

  it('skips secrets, encryption keys (use or key_ops) and broken members, and counts them', async () => {
    const jwks = {
      keys: [
        { kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', kid: 'hmac' },
        publicJwk('rsa', 'enc', { use: 'enc' }),
        // RFC 7517 §4.3: key_ops says what a key is for; a key for encryption only verifies nothing.
        publicJwk('rsa', 'wraps', { key_ops: ['encrypt', 'wrapKey'] }),
        publicJwk('rsa', 'ops', { key_ops: ['verify'] }),
        { kty: 'RSA', n: '!!', e: 'AQAB', kid: 'broken' },
        'not a key',
        publicJwk('p256', 'good'),
      ],
    };
    const read = await readJwks(jwks, 'https://auth.example.com/jwks');
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.keys.map((key) => key.kid),
      ['ops', 'good'],
    );
    assert.equal(read.value.skipped, 5);
  });

  it('skips RSA keys whose exponent is 1, even or longer than 32 bits, which only make each check slow', async () => {
    const odd2040Bits = Buffer.alloc(255, 0xff).toString('base64url');
    const jwks = {
      keys: [
        publicJwk('rsa', 'e-one', { e: 'AQ' }),
        publicJwk('rsa', 'e-even', { e: 'AQAA' }),
        publicJwk('rsa', 'e-33-bits', { e: 'AQAAAAE' }),
        publicJwk('rsa', 'e-2040-bits', { e: odd2040Bits }),
        publicJwk('rsa', 'e-3', { e: 'Aw' }),
        publicJwk('rsa', 'e-65537', { e: 'AQAB' }),
        publicJwk('rsa', 'e-max', { e: '_____w' }),
      ],
    };
    const read = await readJwks(jwks, 'https://auth.example.com/jwks');
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.keys.map((key) => key.kid),
      ['e-3', 'e-65537', 'e-max'],
    );
    assert.equal(read.value.skipped, 4);
  });

  it('refuses a set in which two signing keys share a kid: which one the issuer signs with is unclear', async () => {
    const same = Array.from({ length: 3 }, () => publicJwk('rsa', 'one-kid'));
    const read = await readJwks({ keys: [publicJwk('p256', 'fine'), ...same] }, 'https://auth.example.com/jwks');
    assert.ok(!read.ok);
    assert.equal(read.error.code, 'ERR_JWKS');
    assert.equal(
      read.error.message,
      'auth.example.com\'s JWKS has more than one signing key with kid "one-kid"; JWT Lens uses no set whose kids are ambiguous.',
    );
    // An encryption key may share its kid with the signing key (RFC 7517 §4.5): it is skipped anyway.
    const shared = await readJwks({ keys: [publicJwk('rsa', 'k', { use: 'enc' }), publicJwk('rsa', 'k')] }, ISSUER);
    assert.ok(shared.ok);
    assert.deepEqual(
      shared.value.keys.map((key) => key.kid),
      ['k'],
    );
  });

  const bad: [string, unknown, RegExp][] = [
    ['a list', [publicJwk('rsa', 'a')], /did not answer with a JWKS/],
    ['no keys member', { kty: 'RSA' }, /did not answer with a JWKS/],
    ['keys that is not a list', { keys: {} }, /did not answer with a JWKS/],
    ['an empty set', { keys: [] }, /no usable signing key \(0 entries\)/],
    ['only a secret', { keys: [{ kty: 'oct', k: 'AAAA' }] }, /no usable signing key \(1 entry\)/],
    ['too many keys', { keys: Array.from({ length: 101 }, () => ({})) }, /has 101 keys; JWT Lens reads at most 100/],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what} with a message naming the host`, async () => {
      const read = await readJwks(value, 'https://auth.example.com/jwks');
      assert.ok(!read.ok);
      assert.equal(read.error.code, 'ERR_JWKS');
      assert.match(read.error.message, /^auth\.example\.com/);
      assert.match(read.error.message, message);
    });
  }
});

describe('cache policy', () => {
  const rows: [string | null, number][] = [
    [null, DEFAULT_CACHE_SECONDS],
    ['', DEFAULT_CACHE_SECONDS],
    ['public, max-age=3600', 3600],
    ['max-age=60', MIN_CACHE_SECONDS],
    ['max-age=0', MIN_CACHE_SECONDS],
    ['max-age=31536000, immutable', MAX_CACHE_SECONDS],
    ['no-store', MIN_CACHE_SECONDS],
    ['private, no-cache', MIN_CACHE_SECONDS],
    ['max-age=abc', DEFAULT_CACHE_SECONDS],
    ['MAX-AGE=7200', 7200],
    ['s-maxage=10, max-age=900', 900],
  ];
  for (const [header, seconds] of rows) {
    it(`keeps a set ${seconds} s for Cache-Control ${JSON.stringify(header)}`, () => {
      assert.equal(cacheLifetimeSeconds(header), seconds);
    });
  }

  it('lets an issuer fetch at most once a minute', () => {
    assert.equal(mayFetch(undefined, 1000), true);
    assert.equal(mayFetch(1000, 1000), false);
    assert.equal(mayFetch(1000, 1059), false);
    assert.equal(mayFetch(1000, 1060), true);
    // A clock set back must not lock fetching out for the difference.
    assert.equal(mayFetch(1000, 900), true);
  });

  it('says how old a key set is', () => {
    assert.equal(fetchedAgo(1000, 1030), 'just now');
    assert.equal(fetchedAgo(1000, 1000 + 180), '3 min ago');
    assert.equal(fetchedAgo(1000, 1000 + 2 * 3600 + 5), '2 h ago');
  });

  it('matches an audience in a string or a list', () => {
    assert.equal(audienceIncludes('api', 'api'), true);
    assert.equal(audienceIncludes(['web', 'api'], 'api'), true);
    assert.equal(audienceIncludes(['web'], 'api'), false);
    assert.equal(audienceIncludes(undefined, 'api'), false);
    assert.equal(audienceIncludes({ api: true }, 'api'), false);
  });
});

describe('a token judged against an issuer', () => {
  const entry: TrustedIssuer = { id: ISSUER, issuer: ISSUER };
  const now = 10_000;
  let keySet: IssuerKeySet;
  before(async () => {
    const read = await readJwks({ keys: [publicJwk('rsa', 'abc'), publicJwk('p256', 'b'), publicJwk('ed25519', 'c')] }, ISSUER);
    assert.ok(read.ok);
    keySet = { jwksUri: `${ISSUER}jwks`, keys: read.value.keys, skipped: 0, fetchedAt: now - 180, freshUntil: now + 3600 };
  });

  async function judge(
    claims: Record<string, unknown>,
    kid: string,
    options: { entry?: TrustedIssuer; failure?: string; signer?: 'rotated' } = {},
  ) {
    const signer =
      options.signer === 'rotated'
        ? (testKeys().p384.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
        : testKeys().rsaPkcs1Pem;
    const token = decoded(await signWith(signer, claims, options.signer === 'rotated' ? 'ES384' : 'RS256', { kid }));
    const used = options.entry ?? entry;
    const signature = await verifyToken(token, issuerVerificationKeys(used, keySet));
    return issuerResult(token, signature, { entry: used, keySet, now, failure: options.failure });
  }

  it('says which key signed it and when the keys were fetched', async () => {
    const result = await judge({ iss: ISSUER, sub: 'u' }, 'abc');
    assert.equal(result.status, 'valid');
    assert.equal(signatureText(result), '✓ signed by auth.example.com (kid abc, fetched 3 min ago)');
  });

  it('says the keys are old when the last refresh failed', async () => {
    const result = await judge({ iss: ISSUER }, 'abc', { failure: 'JWKS fetch failed: auth.example.com answered HTTP 503' });
    assert.equal(
      signatureText(result),
      '✓ signed by auth.example.com (kid abc, keys from 3 min ago; refresh failed: JWKS fetch failed: auth.example.com answered HTTP 503)',
    );
  });

  it('names the kids the JWKS has when the token names another', async () => {
    const result = await judge({ iss: ISSUER }, 'xyz', { signer: 'rotated' });
    assert.equal(result.status, 'no-key');
    assert.equal(signatureText(result), "? kid xyz not in auth.example.com's JWKS (3 keys: abc, b, c; refreshed 3 min ago)");
  });

  it('rejects a valid signature whose iss is not the issuer', async () => {
    const result = await judge({ iss: 'https://other.example/' }, 'abc');
    assert.equal(result.status, 'rejected');
    assert.equal(signatureText(result), '✗ issuer mismatch: signed by auth.example.com\'s key, but "iss" is "https://other.example/"');
  });

  it('checks the audience set for the issuer', async () => {
    const withAudience = { ...entry, audience: 'api' };
    assert.equal((await judge({ iss: ISSUER, aud: ['web', 'api'] }, 'abc', { entry: withAudience })).status, 'valid');
    const wrong = await judge({ iss: ISSUER, aud: 'web' }, 'abc', { entry: withAudience });
    assert.equal(wrong.status, 'rejected');
    assert.match(wrong.message, /^Audience mismatch: "aud" does not include "api"/);
  });

  it(`tries at most ${MAX_ISSUER_CANDIDATES} of an issuer's keys for a token whose kid names none of them`, async () => {
    const kids = (count: number) => Array.from({ length: count }, (_, index) => publicJwk('rsa', `k${index}`));
    const token = decoded(await signWith(testKeys().rsaPkcs1Pem, { iss: ISSUER }, 'RS256', { kid: 'elsewhere' }));
    const judgeWith = async (count: number) => {
      const read = await readJwks({ keys: kids(count) }, ISSUER);
      assert.ok(read.ok);
      const many: IssuerKeySet = { ...keySet, keys: read.value.keys };
      return verifyIssuerToken(token, entry, many);
    };
    // Every member holds the signer's key: any one tried would verify it.
    assert.equal((await judgeWith(MAX_ISSUER_CANDIDATES)).status, 'valid');
    const refused = await judgeWith(MAX_ISSUER_CANDIDATES + 1);
    assert.equal(refused.status, 'no-key');
    assert.equal(
      refused.message,
      `No key with kid elsewhere, and ${MAX_ISSUER_CANDIDATES + 1} RS256 keys could stand in: JWT Lens tries at most ${MAX_ISSUER_CANDIDATES}.`,
    );
  });

  it('says why there are no keys when none could be fetched', () => {
    const token = decoded('eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20vIn0.c2ln');
    const result = issuerResult(token, undefined, { entry, now, failure: 'auth.example.com did not answer within 5 s' });
    assert.equal(result.status, 'no-key');
    assert.equal(signatureText(result), "? auth.example.com's keys unavailable: auth.example.com did not answer within 5 s");
  });
});
