// Re-sign puts a stored key's signature on a token's claims, so it may only re-sign a token whose
// signature that very key verifies: a token naming your key's kid is easy to write.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeToken } from '../../../../src/core/token/decode';
import { planResign, resigner, resignRefusal, type ResignCandidate, type ResignKeys } from '../../../../src/core/sign/resign';
import { canSign } from '../../../../src/core/sign/sign';
import { testKeys } from '../../../support/keys';
import { assemble, b64, importedKey, signWith, verificationKey } from '../../../support/tokens';

const NOW = 1_800_000_000;
const FORGED_CLAIMS = { sub: 'attacker', role: 'superuser', iat: NOW - 3600, exp: NOW - 60 };

describe('resignRefusal: only a token that verifies with the signing key', () => {
  it("refuses a forged token (junk signature, attacker claims, the stored key's kid), saying why", async () => {
    const prod = await verificationKey(testKeys().ecSec1Pem, 'prod-key', 'prod-key');
    const forged = decodeToken(assemble({ alg: 'ES256', typ: 'JWT', kid: 'prod-key' }, FORGED_CLAIMS, 'c2lnbmF0dXJl'));
    assert.equal(
      await resignRefusal(forged, prod),
      "Not re-signed: the token's signature does not verify with prod-key, so its claims may be forged.",
    );
  });

  it("refuses a token genuinely signed by another key that names this key's kid", async () => {
    const prod = await verificationKey(testKeys().ecSec1Pem, 'prod-key', 'prod-key');
    const other = await signWith(testKeys().p384.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), FORGED_CLAIMS, 'ES384', {
      kid: 'prod-key',
    });
    assert.match((await resignRefusal(decodeToken(other), prod)) ?? '', /^Not re-signed: .* does not verify with prod-key/);
  });

  it('refuses an HS256 token "signed" with the RSA public key (algorithm confusion)', async () => {
    const prod = await verificationKey(testKeys().rsaPkcs1Pem, 'prod-rsa', 'prod-rsa');
    const input = `${b64({ alg: 'HS256', kid: 'prod-rsa' })}.${b64(FORGED_CLAIMS)}`;
    const confused = `${input}.${createHmac('sha256', testKeys().rsaSpkiPem).update(input).digest('base64url')}`;
    assert.match((await resignRefusal(decodeToken(confused), prod)) ?? '', /^Not re-signed/);
  });

  it('allows an expired token whose signature verifies with the key', async () => {
    const prod = await verificationKey(testKeys().ecSec1Pem, 'prod-key', 'prod-key');
    const genuine = await signWith(testKeys().ecSec1Pem, { sub: 'user-1', iat: NOW - 3600, exp: NOW - 60 }, 'ES256', { kid: 'prod-key' });
    assert.equal(await resignRefusal(decodeToken(genuine), prod), undefined);
  });

  it('allows a token without a kid that verifies with the chosen key', async () => {
    const chosen = await verificationKey(testKeys().hmac32, 'api-secret', 'api');
    const genuine = await signWith(testKeys().hmac32, { sub: 'user-1' }, 'HS256');
    assert.equal(await resignRefusal(decodeToken(genuine), chosen), undefined);
  });
});

describe('planResign', () => {
  it('keeps every claim, sets iat to now and exp to now plus the original lifetime', () => {
    const token = decodeToken(assemble({ alg: 'RS256', typ: 'JWT', kid: 'k' }, { sub: 'p', aud: 'v', iat: NOW - 3600, exp: NOW - 600 }));
    const plan = planResign(token, NOW)!;
    assert.deepEqual(plan.payload, { sub: 'p', aud: 'v', iat: NOW, exp: NOW + 3000 });
    assert.deepEqual([plan.alg, plan.kid, plan.kidIn, plan.header], ['RS256', 'k', 'header', { typ: 'JWT' }]);
  });

  it('keeps a kid in the payload where it was (Mux), and takes a chosen lifetime', () => {
    const plan = planResign(decodeToken(assemble({ alg: 'RS256' }, { sub: 'p', kid: 'mux', exp: NOW - 1 })), NOW, 900)!;
    assert.deepEqual([plan.kid, plan.kidIn, plan.payload.exp], ['mux', 'payload', NOW + 900]);
  });

  it('refuses unsigned, encrypted and malformed tokens', () => {
    assert.equal(planResign(decodeToken(assemble({ alg: 'none' }, {}, '')), NOW), undefined);
    assert.equal(planResign(decodeToken(assemble({ alg: 'HS256' }, 'x')), NOW), undefined);
  });
});

describe('resigner: the one re-sign rule (the key that may re-sign, or why none may)', () => {
  interface Stored extends ResignCandidate {
    readonly text: string;
  }

  async function stored(text: string, label: string, kid?: string): Promise<Stored> {
    const key = await importedKey(text);
    return { ...key, id: label, label, kid, text };
  }

  /** A key store of these keys; `missing` ones have no material (their secret is gone). */
  function store(keys: readonly Stored[], missing: readonly string[] = []): ResignKeys<Stored> {
    return {
      signers: ({ kid, alg }) => keys.filter((key) => key.kid === kid && canSign(key, alg)),
      material: async (key) => (missing.includes(key.id) ? undefined : verificationKey(key.text, key.label, key.kid)),
    };
  }

  it('a public and a private key sharing a kid, the public listed first: the private one re-signs', async () => {
    const keys = [
      await stored(testKeys().rsaSpkiPem, 'shared-public', 'shared'),
      await stored(testKeys().rsaPkcs1Pem, 'shared-private', 'shared'),
    ];
    const token = decodeToken(await signWith(testKeys().rsaPkcs1Pem, FORGED_CLAIMS, 'RS256', { kid: 'shared' }));
    const answer = await resigner(token, store(keys));
    assert.deepEqual(answer.ok && answer.key.label, 'shared-private');
  });

  it('a forged token naming a stored kid is refused, saying why', async () => {
    const keys = [await stored(testKeys().ecSec1Pem, 'prod-key', 'prod-key')];
    const forged = decodeToken(assemble({ alg: 'ES256', typ: 'JWT', kid: 'prod-key' }, FORGED_CLAIMS, 'c2lnbmF0dXJl'));
    assert.deepEqual(await resigner(forged, store(keys)), {
      ok: false,
      error: {
        code: 'ERR_RESIGN_REFUSED',
        message: "Not re-signed: the token's signature does not verify with prod-key, so its claims may be forged.",
      },
    });
  });

  it('an HMAC token re-signs with the stored secret its kid names', async () => {
    const keys = [await stored(testKeys().hmac32, 'hs-key', 'hs-key')];
    const token = decodeToken(await signWith(testKeys().hmac32, FORGED_CLAIMS, 'HS256', { kid: 'hs-key' }));
    const answer = await resigner(token, store(keys));
    assert.deepEqual(answer.ok && answer.key.label, 'hs-key');
  });

  it('an unsigned token, a text payload and an encrypted token have no claims to re-sign', async () => {
    const keys = store([await stored(testKeys().hmac32, 'hs-key', 'hs-key')]);
    const unsuitable = {
      ok: false,
      error: { code: 'ERR_TOKEN_UNSUITABLE', message: 'Only a well-formed signed JWT (JWS) can be re-signed.' },
    };
    const unsigned = decodeToken(`${b64({ alg: 'none', kid: 'hs-key' })}.${b64(FORGED_CLAIMS)}.`);
    const text = decodeToken(
      await signWith(testKeys().hmac32, FORGED_CLAIMS, 'HS256', { kid: 'hs-key' }).then((jwt) => {
        const [header, , signature] = jwt.split('.');
        return `${header}.${b64('plain text')}.${signature}`;
      }),
    );
    const encrypted = decodeToken(`${b64({ alg: 'dir', enc: 'A256GCM', kid: 'hs-key' })}..aXZpdml2aXZpdml2.Y2lwaGVydGV4dA.dGFndGFndGFn`);
    for (const token of [unsigned, text, encrypted]) {
      assert.deepEqual(await resigner(token, keys), unsuitable, token.text.slice(0, 30));
    }
  });

  it('no stored signer for the kid (or no kid): which key to add', async () => {
    const keys = store([await stored(testKeys().rsaSpkiPem, 'public-only', 'pub')]);
    const named = decodeToken(await signWith(testKeys().rsaPkcs1Pem, FORGED_CLAIMS, 'RS256', { kid: 'pub' }));
    assert.deepEqual(await resigner(named, keys), {
      ok: false,
      error: {
        code: 'ERR_NO_SUITABLE_KEY',
        message: 'No stored key with kid pub can sign RS256. Add the private key to re-sign.',
        kid: 'pub',
      },
    });
    const unnamed = decodeToken(await signWith(testKeys().hmac32, FORGED_CLAIMS, 'HS256'));
    assert.deepEqual(await resigner(unnamed, keys), {
      ok: false,
      error: { code: 'ERR_NO_SUITABLE_KEY', message: 'No stored key can sign HS256. Add the private key to re-sign.', kid: undefined },
    });
  });

  it('a named key must verify the token, then be able to sign it', async () => {
    const publicOnly = await stored(testKeys().rsaSpkiPem, 'public-only', 'pub');
    const token = decodeToken(await signWith(testKeys().rsaPkcs1Pem, FORGED_CLAIMS, 'RS256', { kid: 'pub' }));
    assert.deepEqual(await resigner(token, store([publicOnly]), publicOnly), {
      ok: false,
      error: { code: 'ERR_SIGN_PUBLIC_KEY', message: 'Key public-only is public-only: it can verify but not sign. Add its private key.' },
    });
    const other = await stored(testKeys().ecSec1Pem, 'other', 'other');
    const refused = await resigner(token, store([other]), other);
    assert.equal(!refused.ok && refused.error.code, 'ERR_RESIGN_REFUSED');
  });

  it('a signer whose secret is gone: that key, to restore; a refusal by another signer comes first', async () => {
    const gone = await stored(testKeys().hmac32, 'hs-gone', 'hs');
    const token = decodeToken(await signWith(testKeys().hmac32, FORGED_CLAIMS, 'HS256', { kid: 'hs' }));
    const missing = await resigner(token, store([gone], ['hs-gone']));
    assert.deepEqual(!missing.ok && [missing.error.code, missing.error.key?.label], ['ERR_KEY_SECRET_MISSING', 'hs-gone']);
    const wrong = await stored(testKeys().hmac64, 'hs-wrong', 'hs');
    const refused = await resigner(token, store([gone, wrong], ['hs-gone']));
    assert.deepEqual(!refused.ok && refused.error.code, 'ERR_RESIGN_REFUSED');
  });
});
