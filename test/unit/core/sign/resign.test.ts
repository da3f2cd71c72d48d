// Re-sign puts a stored key's signature on a token's claims, so it may only re-sign a token whose
// signature that very key verifies: a token naming your key's kid is easy to write.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeToken } from '../../../../src/core/token/decode';
import { planResign, resignRefusal } from '../../../../src/core/sign/resign';
import { testKeys } from '../../../support/keys';
import { assemble, b64, signWith, verificationKey } from '../../../support/tokens';

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
