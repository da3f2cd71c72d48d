// Property tests (fast-check, seeded so a failure reproduces): the engine never throws, the scanner
// never invents a token, and signing round-trips with jose and with jsonwebtoken, an independent library.
import * as assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import fc from 'fast-check';
import * as jwt from 'jsonwebtoken';
import { decodeHeader, decodeToken } from '../../../src/core/token/decode';
import { scanTokens } from '../../../src/core/token/scan';
import { verifyToken } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { b64, decoded, signWith, verificationKey } from '../../support/tokens';

const SEED = 20261123;
const RUNS = Number(process.env.JWT_LENS_PROPERTY_RUNS ?? 300);

const tokenish = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.string({ maxLength: 20 })).map(([h, p, s]) => `${b64(h)}.${b64(p)}.${s}`),
  fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), { maxLength: 6 }).map((parts) => parts.join('.')),
  fc
    .tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.string({ unit: 'binary', maxLength: 100 }))
    .map(([payload, noise]) => `${noise}ey${b64({ alg: 'HS256', ...payload }).slice(2)}.${b64(payload)}.x${noise}`),
);

describe('properties', () => {
  it('decodeToken never throws and always explains a missing header', () => {
    fc.assert(
      fc.property(tokenish, (text) => {
        const result = decodeToken(text);
        if (!result.header) {
          assert.ok(result.error && result.error.message.length > 0);
        }
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('scanTokens reports only ranges whose header decodes, in order and without overlap', () => {
    fc.assert(
      fc.property(
        fc.array(tokenish, { maxLength: 8 }).map((parts) => parts.join(' ')),
        (text) => {
          let previousEnd = 0;
          for (const token of scanTokens(text).tokens) {
            assert.equal(text.slice(token.start, token.end), token.text);
            assert.ok(token.start >= previousEnd);
            previousEnd = token.end;
            assert.ok(decodeHeader(token.text.split('.')[0]).ok);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  const claims = fc.record({
    sub: fc.string({ maxLength: 40 }),
    name: fc.string({ unit: 'grapheme', maxLength: 30 }),
    n: fc.integer(),
    scope: fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  });

  const matrix: Array<[alg: string, privateText: () => string, jsonwebtokenKey: (() => string) | undefined]> = [
    ['HS256', () => testKeys().hmac64, () => testKeys().hmac64],
    ['HS384', () => testKeys().hmac64, () => testKeys().hmac64],
    ['HS512', () => testKeys().hmac64, () => testKeys().hmac64],
    ['RS256', () => testKeys().rsaPkcs1Pem, () => testKeys().rsaPkcs8Pem],
    ['RS384', () => testKeys().rsaPkcs8Pem, () => testKeys().rsaPkcs8Pem],
    ['RS512', () => testKeys().muxPrivateKeyBase64, () => testKeys().rsaPkcs8Pem],
    ['PS256', () => testKeys().rsaPkcs8Pem, () => testKeys().rsaPkcs8Pem],
    ['ES256', () => testKeys().ecSec1Pem, () => testKeys().ecPkcs8Pem],
    [
      'ES384',
      () => testKeys().p384.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      () => testKeys().p384.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ],
    [
      'ES512',
      () => testKeys().p521.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      () => testKeys().p521.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ],
    // jsonwebtoken has no EdDSA: the round trip is ours alone there.
    ['EdDSA', () => testKeys().edPkcs8Pem, undefined],
  ];

  for (const [alg, privateText, jsonwebtokenKey] of matrix) {
    it(`signs and verifies ${alg}${jsonwebtokenKey ? ', both ways with jsonwebtoken' : ''}`, async () => {
      const key = await verificationKey(privateText(), `${alg}-key`);
      await fc.assert(
        fc.asyncProperty(claims, async (payload) => {
          const token = await signWith(privateText(), payload, alg);
          const ours = await verifyToken(decoded(token), [key]);
          assert.equal(ours.status, 'valid');
          assert.deepEqual(decoded(token).payload, JSON.parse(JSON.stringify(payload)));
          if (jsonwebtokenKey) {
            const secretOrPublic = alg.startsWith('HS')
              ? jsonwebtokenKey()
              : createPublicKey({ key: key.verifyKey as JsonWebKey, format: 'jwk' })
                  .export({ type: 'spki', format: 'pem' })
                  .toString();
            const theirs = jwt.verify(token, secretOrPublic, { algorithms: [alg as jwt.Algorithm] }) as Record<string, unknown>;
            assert.equal(theirs.sub, payload.sub);
            const signedByThem = jwt.sign(payload, jsonwebtokenKey(), { algorithm: alg as jwt.Algorithm });
            assert.equal((await verifyToken(decoded(signedByThem), [key])).status, 'valid');
          }
        }),
        { seed: SEED, numRuns: alg.startsWith('RS') || alg.startsWith('PS') ? 10 : 25 },
      );
    });
  }
});
