import * as assert from 'node:assert/strict';
import {
  accountRequest,
  basicAuthorization,
  createdAt,
  kidProblem,
  parseCreatedKey,
  parseIdentity,
  parseKeyPage,
  parsePublicKey,
  retryAfterSeconds,
  statusFailure,
  type AccountOperation,
  type AccountProvider,
} from '../../../../src/core/providers/providerApi';
import { retargetKeyReferences } from '../../../../src/core/sign/claims';

const SECRET = 'token-secret-never-shown-0123456789';

describe('Mux and FastPix API requests', () => {
  it('builds each documented endpoint from the base URL, with or without its trailing slash', () => {
    const table: Array<[AccountProvider, string, AccountOperation, string, string]> = [
      ['mux', 'https://api.mux.com', 'check', '', 'GET https://api.mux.com/system/v1/whoami'],
      ['mux', 'https://api.mux.com/', 'list', '', 'GET https://api.mux.com/system/v1/signing-keys?page=1&limit=100'],
      ['mux', 'https://api.mux.com', 'create', '', 'POST https://api.mux.com/system/v1/signing-keys'],
      ['mux', 'https://api.mux.com', 'get', 'k1', 'GET https://api.mux.com/system/v1/signing-keys/k1'],
      ['mux', 'https://api.mux.com', 'revoke', 'a/b?c', 'DELETE https://api.mux.com/system/v1/signing-keys/a%2Fb%3Fc'],
      ['fastpix', 'https://api.fastpix.com/v1/', 'check', '', 'GET https://api.fastpix.com/v1/iam/signing-keys?limit=1&offset=1'],
      ['fastpix', 'https://api.fastpix.io/v1', 'list', '', 'GET https://api.fastpix.io/v1/iam/signing-keys?limit=100&offset=1'],
      ['fastpix', 'https://v1.fastpix.io/', 'create', '', 'POST https://v1.fastpix.io/iam/signing-keys'],
      ['fastpix', 'https://api.fastpix.com/v1/', 'get', 'k2', 'GET https://api.fastpix.com/v1/iam/signing-keys/k2'],
      ['fastpix', 'https://api.fastpix.com/v1/', 'revoke', 'k2', 'DELETE https://api.fastpix.com/v1/iam/signing-keys/k2'],
    ];
    for (const [provider, base, operation, keyId, expected] of table) {
      const request = accountRequest(provider, base, operation, keyId);
      assert.equal(`${request.method} ${request.url}`, expected);
    }
    assert.equal(
      accountRequest('mux', 'https://api.mux.com', 'list', '', 3).url,
      'https://api.mux.com/system/v1/signing-keys?page=3&limit=100',
    );
  });

  it("sends only key ids shaped like the providers' own, so the access token stays in the signing-keys collection", () => {
    // A FastPix token's kid is looked up with the user's access token: "." and ".." are dot segments
    // that URL parsing removes, and a proxy that decodes %2F before routing would see other paths.
    // A lone surrogate would make the URL builder throw.
    const refused = [
      '',
      '.',
      '..',
      'x'.repeat(129),
      'a\nb',
      'a/b?c',
      'a%2F..%2Fwhoami',
      '%2e%2e',
      '../x',
      '#',
      'kid with spaces',
      '\ud800',
      'key\udc00',
      'k\u202e1',
      'ключ',
    ];
    for (const keyId of refused) {
      assert.equal(
        kidProblem(keyId),
        'Not a signing key id: ids are 1 to 128 letters, digits, "-" or "_".',
        `${JSON.stringify(keyId)} is refused`,
      );
    }
    // Mux ids are letters and digits; FastPix ids are UUIDs.
    const sent = ['k1', 'pDY5iYfOSjSdUuY01Zg00IfhBTfAbY5tDaPTpAGJtmaV8', '5e5f6b1e-9f3a-4c1b-8e2d-3a4b5c6d7e8f', 'x'.repeat(128), 'a_b'];
    for (const keyId of sent) {
      assert.equal(kidProblem(keyId), undefined, `${JSON.stringify(keyId)} is a key id`);
      for (const operation of ['get', 'revoke'] as const) {
        const url = new URL(accountRequest('fastpix', 'https://api.fastpix.com/v1/', operation, keyId).url);
        assert.equal(url.origin, 'https://api.fastpix.com');
        assert.match(url.pathname, /^\/v1\/iam\/signing-keys\/[^/]+$/, `${JSON.stringify(keyId)} → ${url.pathname}`);
        assert.equal(url.search + url.hash, '');
        assert.equal(decodeURIComponent(url.pathname.slice('/v1/iam/signing-keys/'.length)), keyId);
      }
    }
  });

  it('sends the access token as HTTP Basic (RFC 7617)', () => {
    assert.equal(basicAuthorization('id', 'secret'), `Basic ${Buffer.from('id:secret').toString('base64')}`);
  });
});

describe('Mux and FastPix API failures', () => {
  it('gives each status its own code and message, naming the fix and never the token', () => {
    const table: Array<[AccountProvider, AccountOperation, number, string | null, string, RegExp]> = [
      ['mux', 'check', 401, null, 'ERR_ACCOUNT_UNAUTHORIZED', /^Mux refused the access token \(HTTP 401\): check the token id and secret/],
      [
        'fastpix',
        'create',
        403,
        null,
        'ERR_ACCOUNT_FORBIDDEN',
        /create a signing key: the FastPix access token lacks the permission.*Read and Write/,
      ],
      ['mux', 'create', 403, null, 'ERR_ACCOUNT_FORBIDDEN', /System permission/],
      ['mux', 'revoke', 404, null, 'ERR_ACCOUNT_NOT_FOUND', /no signing key with that id/],
      ['fastpix', 'list', 404, null, 'ERR_ACCOUNT_NOT_FOUND', /check jwtLens\.fastpix\.apiBaseUrl/],
      ['mux', 'list', 429, '30', 'ERR_ACCOUNT_RATE_LIMITED', /limiting requests \(HTTP 429\); try again in 30 s\./],
      ['mux', 'list', 429, null, 'ERR_ACCOUNT_RATE_LIMITED', /try again in a minute\./],
      ['fastpix', 'get', 503, null, 'ERR_ACCOUNT_SERVER', /FastPix had a problem \(HTTP 503\)/],
      ['mux', 'check', 418, null, 'ERR_ACCOUNT_RESPONSE', /Mux answered HTTP 418\./],
    ];
    for (const [provider, operation, status, retryAfter, code, message] of table) {
      const failure = statusFailure(provider, operation, status, retryAfter);
      assert.equal(failure?.code, code, `${provider} ${status}`);
      assert.match(failure!.message, message);
    }
    for (const status of [200, 201, 204]) {
      assert.equal(statusFailure('mux', 'create', status), undefined);
    }
  });

  it('reads Retry-After as seconds or an HTTP date, capped at a day', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterSeconds('120', now), 120);
    assert.equal(retryAfterSeconds('Thu, 01 Jan 2026 00:01:30 GMT', now), 90);
    assert.equal(retryAfterSeconds('9999999', now), 86_400);
    assert.equal(retryAfterSeconds('soon', now), undefined);
    assert.equal(retryAfterSeconds(null, now), undefined);
  });

  it('refuses answers without the documented members, quoting none of the body', () => {
    const bodies: unknown[] = [null, 'text', [], {}, { data: null }, { data: { id: 1 } }, { data: { id: 'k', private_key: '' } }];
    for (const body of bodies) {
      const created = parseCreatedKey('mux', body);
      assert.equal(created.ok, false, JSON.stringify(body));
      assert.equal(created.ok ? '' : created.error.code, 'ERR_ACCOUNT_RESPONSE');
    }
    const withSecret = parseCreatedKey('fastpix', { data: { id: 'k', private_key: SECRET } });
    assert.ok(!withSecret.ok && withSecret.error.message.includes("FastPix's answer has no private key"));
    assert.ok(!withSecret.ok && !withSecret.error.message.includes(SECRET));
    assert.equal(parseKeyPage('mux', { data: {} }).ok, false);
    assert.equal(parseIdentity('mux', { data: [] }).ok, false);
    assert.equal(parseIdentity('fastpix', { success: false }).ok, false);
    assert.equal(parsePublicKey({ data: { publicKey: 7 } }, 'k').ok, false);
  });
});

describe('Mux and FastPix API answers', () => {
  it('reads Mux whoami, a created key and a page of keys', () => {
    const identity = parseIdentity('mux', {
      data: {
        access_token_name: 't',
        environment_id: 'e1',
        environment_name: 'Production',
        environment_type: 'production',
        organization_name: 'Acme',
        permissions: ['system:write', 3],
      },
    });
    assert.deepEqual(identity, {
      ok: true,
      value: {
        tokenName: 't',
        environmentId: 'e1',
        environmentName: 'Production',
        environmentType: 'production',
        organizationName: 'Acme',
        permissions: ['system:write'],
      },
    });
    assert.deepEqual(parseCreatedKey('mux', { data: { id: 'k1', created_at: '1700000000', private_key: 'LS0t' } }), {
      ok: true,
      value: { id: 'k1', privateKey: 'LS0t', created: '2023-11-14T22:13:20.000Z' },
    });
    const page = parseKeyPage('mux', { data: [{ id: 'a', created_at: '1700000000' }, { nope: 1 }, { id: 'b' }] });
    assert.deepEqual(page, {
      ok: true,
      value: {
        keys: [
          { id: 'a', created: '2023-11-14T22:13:20.000Z' },
          { id: 'b', created: undefined },
        ],
        more: false,
      },
    });
  });

  it('reads FastPix pages by their pagination, a created key and a public key', () => {
    const page = parseKeyPage('fastpix', {
      success: true,
      data: [{ id: 'f1', createdAt: '2025-01-02T03:04:05Z' }],
      pagination: { totalRecords: 150, currentOffset: 1, offsetCount: 2 },
    });
    assert.deepEqual(page, { ok: true, value: { keys: [{ id: 'f1', created: '2025-01-02T03:04:05.000Z' }], more: true } });
    assert.deepEqual(
      parseCreatedKey('fastpix', { success: true, data: { id: 'f2', privateKey: 'LS0t', createdAt: '2025-01-02T03:04:05Z' } }),
      {
        ok: true,
        value: { id: 'f2', privateKey: 'LS0t', created: '2025-01-02T03:04:05.000Z' },
      },
    );
    assert.deepEqual(parsePublicKey({ success: true, data: { workspaceId: 'ws', signingKeyId: 'f2', publicKey: 'PEM' } }, 'f2'), {
      ok: true,
      value: { id: 'f2', publicKey: 'PEM', workspaceId: 'ws' },
    });
    assert.deepEqual(parseIdentity('fastpix', { success: true, data: [] }), { ok: true, value: {} });
  });

  it('reads creation times as epoch seconds or ISO dates', () => {
    assert.equal(createdAt(1700000000), '2023-11-14T22:13:20.000Z');
    assert.equal(createdAt('not a date'), undefined);
    assert.equal(createdAt(undefined), undefined);
  });
});

describe('retargetKeyReferences (key rotation in claims files)', () => {
  it('points "$jwt.key" and the "kid" claim at the new key, and nothing else', () => {
    const text = `{
  // the old key: old-kid
  "key": "old-kid",
  "kid": "old-kid",
  "note": "old-kid",
  "$jwt": { "key": "old-kid", "alg": "RS256" }
}`;
    const edits = retargetKeyReferences(text, ['old-kid'], 'new-kid');
    let result = text;
    for (const edit of [...edits].reverse()) {
      result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    }
    assert.equal(edits.length, 2);
    assert.match(result, /"kid": "new-kid"/);
    assert.match(result, /"\$jwt": \{ "key": "new-kid"/);
    assert.match(result, /"key": "old-kid",\n/);
    assert.match(result, /"note": "old-kid"/);
    assert.match(result, /\/\/ the old key: old-kid/);
  });

  it('leaves files that name another key, or do not parse, alone', () => {
    assert.deepEqual(retargetKeyReferences('{ "kid": "other" }', ['old'], 'new'), []);
    assert.deepEqual(retargetKeyReferences('{ "kid": "old", ', ['old'], 'new'), []);
    assert.deepEqual(retargetKeyReferences('{ "$jwt": { "key": "Mux old" } }', ['Mux old'], 'Mux "new"'), [
      { start: 20, end: 27, text: 'Mux \\"new\\"' },
    ]);
  });
});
