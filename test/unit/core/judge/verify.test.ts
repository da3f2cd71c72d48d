import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { runtimeSupports } from '../../../../src/core/keys/runtimeSupport';
import * as jwt from 'jsonwebtoken';
import { decodeToken } from '../../../../src/core/token/decode';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { isProblem, judge, lensTitle, signatureText } from '../../../../src/core/judge/verdict';
import { CachedVerifier, verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { testCertificate, testKeys } from '../../../support/keys';
import {
  JWS_VECTORS,
  RFC7520_EC_PUBLIC_JWK,
  RFC7520_HMAC_JWK,
  RFC7520_RSA_PUBLIC_JWK,
  RFC8037_ED25519_PUBLIC_JWK,
} from '../../../support/rfcVectors';
import { assemble, b64, decoded, signWith, verificationKey } from '../../../support/tokens';

const NOW = 1_800_000_000;

describe('verifyToken: every result', () => {
  let rsa: VerificationKey;
  let ec: VerificationKey;
  let hmac: VerificationKey;
  before(async () => {
    rsa = await verificationKey(testKeys().rsaSpkiPem, 'prod-rsa', 'rsa-kid');
    ec = await verificationKey(testKeys().ecSec1Pem, 'edge-ec', 'ec-kid');
    hmac = await verificationKey(testKeys().hmac32, 'api-secret', 'hs-kid');
  });

  it('is valid when the key named by the header kid verifies, and names the key', async () => {
    const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'x' }, 'RS256', { kid: 'rsa-kid' });
    const result = await verifyToken(decoded(token), [ec, rsa, hmac]);
    assert.equal(result.status, 'valid');
    assert.equal(result.key?.label, 'prod-rsa');
    assert.equal(result.message, 'Signature valid: signed by prod-rsa.');
  });

  it("finds the key by a kid in the payload, where Mux's SDK writes it", async () => {
    const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'playback', aud: 'v' }, 'RS256', { kid: 'rsa-kid', kidIn: 'payload' });
    assert.equal(decoded(token).header?.kid, undefined);
    const result = await verifyToken(decoded(token), [rsa]);
    assert.equal(result.status, 'valid');
    assert.equal(result.kid, 'rsa-kid');
  });

  it("falls back to keys of the algorithm's type when there is no kid", async () => {
    const token = await signWith(testKeys().ecSec1Pem, { sub: 'x' }, 'ES256');
    const result = await verifyToken(decoded(token), [rsa, ec]);
    assert.equal(result.status, 'valid');
    assert.equal(result.key?.label, 'edge-ec');
  });

  it('is an invalid signature when the payload was changed', async () => {
    const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'x', admin: false }, 'RS256', { kid: 'rsa-kid' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ sub: 'x', admin: true })}.${signature}`;
    const result = await verifyToken(decoded(forged), [rsa]);
    assert.equal(result.status, 'invalid-signature');
    assert.equal(result.message, 'Invalid signature: it does not verify with prod-rsa.');
  });

  it('is no-key for a kid no stored key has, naming the kid', async () => {
    const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'x' }, 'RS256', { kid: 'abc' });
    const result = await verifyToken(decoded(token), [hmac]);
    assert.equal(result.status, 'no-key');
    assert.equal(result.message, 'No stored key for kid abc.');
  });

  it('is no-key, not a bad signature, for a Mux token whose payload kid names no stored key; names the keys tried', async () => {
    const token = await signWith(testKeys().rsaPkcs8Pem, { sub: 'playback', aud: 'v' }, 'RS256', { kid: 'mux-missing', kidIn: 'payload' });
    const other = await verificationKey(testCertificate().certificatePem, 'Mux 4VzQ', '4VzQ');
    const result = await verifyToken(decoded(token), [ec, other]);
    assert.equal(result.status, 'no-key');
    assert.equal(result.kid, 'mux-missing');
    assert.equal(result.message, 'No stored key for kid mux-missing; it does not verify with the other RS256 key tried (Mux 4VzQ).');
    assert.equal(signatureText(result), '? no key for kid mux-missing');
  });

  it('is a bad signature only when the key the kid names fails', async () => {
    const token = await signWith(testKeys().rsaPkcs8Pem, { sub: 'x' }, 'RS256', { kid: 'rsa-kid' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ sub: 'y' })}.${signature}`;
    const result = await verifyToken(decoded(forged), [rsa, ec]);
    assert.equal(result.status, 'invalid-signature');
    assert.equal(result.message, 'Invalid signature: it does not verify with prod-rsa.');
  });

  it('is no-key for an unknown kid when the only stand-in key does not allow the algorithm', async () => {
    const token = jwt.sign({ sub: 'x' }, testKeys().hmac32, { algorithm: 'HS512', keyid: 'gone' });
    const short = { ...hmac, verifyAlgorithms: ['HS256'] };
    const result = await verifyToken(decoded(token), [short]);
    assert.deepEqual([result.status, result.message], ['no-key', 'No stored key for kid gone.']);
  });

  it("is no-key when no key of the algorithm's type is stored", async () => {
    const token = await signWith(testKeys().edPkcs8Pem, { sub: 'x' }, 'EdDSA');
    assert.equal((await verifyToken(decoded(token), [rsa, hmac])).message, 'No stored key can verify EdDSA.');
  });

  it('verifies an EdDSA token of an Ed448 key (RFC 8037) with the stored Ed448 key, signed by node:crypto', async function () {
    if (!(await runtimeSupports('Ed448'))) {
      this.skip();
    }
    const pair = generateKeyPairSync('ed448');
    const input = `${b64({ alg: 'EdDSA', kid: 'k448' })}.${b64({ sub: 'x' })}`;
    const token = `${input}.${sign(null, Buffer.from(input), pair.privateKey).toString('base64url')}`;
    const ed448 = await verificationKey(pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'ed448', 'k448');
    const ed25519 = await verificationKey(testKeys().edPkcs8Pem, 'ed25519', 'k448');
    const result = await verifyToken(decoded(token), [ed25519, ed448]);
    assert.deepEqual([result.status, result.key?.label, result.message], ['valid', 'ed448', 'Signature valid: signed by ed448.']);
  });

  it("refuses an algorithm outside the key's allowlist: RS256 re-signed as HS256 with the public key (algorithm confusion)", async () => {
    const publicPem = testKeys().rsaSpkiPem;
    const header = { alg: 'HS256', typ: 'JWT', kid: 'rsa-kid' };
    const confused = jwt.sign({ sub: 'admin' }, 'placeholder', { algorithm: 'HS256' }).split('.')[1];
    const { createHmac } = await import('node:crypto');
    const input = `${b64(header)}.${confused}`;
    const forged = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    const result = await verifyToken(decoded(forged), [rsa]);
    assert.equal(result.status, 'alg-not-allowed');
    assert.match(result.message, /HS256 is not allowed for key prod-rsa/);
  });

  it('never calls alg none valid, whatever keys there are', async () => {
    const token = `${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`;
    const result = await verifyToken(decoded(token), [rsa, ec, hmac]);
    assert.equal(result.status, 'unsigned');
    for (const alg of ['None', 'NONE']) {
      assert.equal((await verifyToken(decoded(`${b64({ alg })}.${b64({})}.`), [hmac])).status, 'unsigned');
    }
  });

  it('reports a JWE as encrypted', async () => {
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`;
    assert.equal((await verifyToken(decoded(jwe), [rsa])).status, 'encrypted');
  });

  it('reports a malformed token with the decode error', async () => {
    const result = await verifyToken(decoded(assemble({ alg: 'HS256' }, '{not json')), [hmac]);
    assert.equal(result.status, 'malformed');
    assert.match(result.message, /Payload is not valid JSON/);
  });

  it('verifies HS256 from jsonwebtoken with the stored secret', async () => {
    const token = jwt.sign({ sub: 'x' }, testKeys().hmac32, { algorithm: 'HS256', keyid: 'hs-kid' });
    assert.equal((await verifyToken(decoded(token), [hmac])).status, 'valid');
  });
});

describe('CachedVerifier', () => {
  it('answers from cache until the key set changes', async () => {
    const rsa = await verificationKey(testKeys().rsaSpkiPem, 'prod-rsa', 'rsa-kid');
    const token = decoded(await signWith(testKeys().rsaPkcs1Pem, { sub: 'x' }, 'RS256', { kid: 'rsa-kid' }));
    const verifier = new CachedVerifier();
    assert.equal(verifier.cached(token.text), undefined);
    assert.equal((await verifier.verify(token)).status, 'no-key');
    assert.equal(verifier.cached(token.text)?.status, 'no-key');
    verifier.setKeys([rsa]);
    assert.equal(verifier.cached(token.text), undefined);
    assert.equal((await verifier.verify(token)).status, 'valid');
    assert.equal(verifier.keySetVersion, 1);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const verifier = new CachedVerifier(2);
    const tokens = ['a', 'b', 'c'].map((sub) => decoded(`${b64({ alg: 'none' })}.${b64({ sub })}.`));
    await verifier.verify(tokens[0]);
    await verifier.verify(tokens[1]);
    verifier.cached(tokens[0].text);
    await verifier.verify(tokens[2]);
    assert.ok(verifier.cached(tokens[0].text));
    assert.equal(verifier.cached(tokens[1].text), undefined);
    assert.ok(verifier.cached(tokens[2].text));
  });

  it('does not cache a result computed for a key set that has since changed', async () => {
    const verifier = new CachedVerifier();
    const token = decoded(await signWith(testKeys().rsaPkcs1Pem, { sub: 'x' }, 'RS256'));
    const pending = verifier.verify(token);
    verifier.setKeys([await verificationKey(testKeys().rsaSpkiPem, 'k')]);
    assert.equal((await pending).status, 'no-key');
    assert.equal(verifier.cached(token.text), undefined);
  });
});

describe('RFC 8725: headers never cause a fetch', () => {
  it('verifying and linting a token with jku, x5u and x5c sends no request', async () => {
    const http = await import('node:http');
    let requests = 0;
    const server = http.createServer((_, response) => {
      requests++;
      response.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const header = {
        alg: 'RS256',
        kid: 'attacker',
        jku: `http://127.0.0.1:${port}/jwks.json`,
        x5u: `http://127.0.0.1:${port}/cert.pem`,
        x5c: ['MIIB'],
      };
      const token = await signWith(testKeys().rsaPkcs8Pem, { sub: 'x' }, 'RS256', { header });
      const rsa = await verificationKey(testKeys().rsaSpkiPem, 'prod-rsa', 'prod');
      const result = await verifyToken(decoded(token), [rsa]);
      // Judged by the stored keys alone (an unknown kid falls back to keys of the algorithm's type).
      assert.equal(result.status, 'valid');
      assert.equal(result.key?.label, 'prod-rsa');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(requests, 0);
    } finally {
      server.close();
    }
  });
});

describe('any compact JWS, not only JWTs: the RFC 7520 §4 and RFC 8037 §A.4 vectors', () => {
  let keys: VerificationKey[];
  before(async () => {
    // The RFC keys as a user would add them: JWK text. RSA and EC share one kid (RFC 7520 §3).
    const jwks = [RFC7520_RSA_PUBLIC_JWK, RFC7520_EC_PUBLIC_JWK, RFC7520_HMAC_JWK, RFC8037_ED25519_PUBLIC_JWK];
    keys = await Promise.all(jwks.map((jwk, index) => verificationKey(JSON.stringify(jwk), `rfc-${index}`)));
  });

  for (const vector of JWS_VECTORS) {
    it(`${vector.section}: decodes its text payload and verifies`, async () => {
      const token = decoded(vector.compact);
      assert.deepEqual([token.error, token.notJwt, token.payloadText], [undefined, 'not a JWT (payload is not JSON)', vector.payload]);
      const result = await verifyToken(token, keys);
      assert.deepEqual([result.status, result.alg], ['valid', vector.alg], result.message);
      const verdict = judge(token, result, { now: 1_800_000_000 });
      assert.deepEqual(verdict.lints, []);
      assert.equal(lensTitle(verdict), `JWS ${vector.alg} · not a JWT (payload is not JSON) · ✓ signed by ${result.key?.label}`);
    });

    it(`${vector.section}: a changed payload is a bad signature, not "malformed"`, async () => {
      const [header, , signature] = vector.compact.split('.');
      const forged = decoded(`${header}.${b64(vector.payload.replace('o', '0'))}.${signature}`);
      assert.equal((await verifyToken(forged, keys)).status, 'invalid-signature');
    });
  }

  it('lets the alg decide between the RSA and the EC key that share a kid', async () => {
    const [rsaKey, ecKey] = keys;
    const byAlg = await Promise.all(JWS_VECTORS.slice(0, 3).map((vector) => verifyToken(decoded(vector.compact), [ecKey, rsaKey])));
    assert.deepEqual(
      byAlg.map((result) => result.key?.label),
      ['rfc-0', 'rfc-0', 'rfc-1'],
    );
  });

  it('renders a text payload as text in the hover, with the information line and no claim checks', () => {
    const token = decoded(JWS_VECTORS[4].compact);
    const markdown = renderHover(judge(token, { status: 'valid', key: { id: 'x', label: 'ed' }, message: '' }, { now: 0 }), {}, { now: 0 });
    assert.match(markdown, /^\*\*JWS EdDSA\*\*$/m);
    assert.match(markdown, /^\$\(info\) Not a JWT \(payload is not JSON\) {2}$/m);
    assert.match(markdown, /\*\*Payload \(text\)\*\*\n\n```\nExample of Ed25519 signing\n```/);
  });
});

describe('verifyToken follows jose on crit and b64', () => {
  let hmac: VerificationKey;
  const secret = () => Buffer.from(testKeys().hmac32, 'utf8');
  /** A correctly signed HS256 token with any header: the signature is right, so only crit can refuse it. */
  const signed = (header: Record<string, unknown>, payload: Record<string, unknown> = { sub: 'x' }) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', secret()).update(input).digest('base64url')}`;
  };
  before(async () => {
    hmac = await verificationKey(testKeys().hmac32, 'api-secret', 'hs-kid');
  });

  it('verifies the same signing code when the header has no crit (the control)', async () => {
    assert.equal((await verifyToken(decodeToken(signed({ alg: 'HS256', kid: 'hs-kid' })), [hmac])).status, 'valid');
  });

  const rejected: Array<[string, Record<string, unknown>, string]> = [
    [
      'an unknown crit extension',
      { crit: ['exp2'], exp2: 1 },
      'Rejected: "crit" requires the extension "exp2", which JWT Lens (like jose) does not understand (RFC 7515 §4.1.11).',
    ],
    ['an empty crit', { crit: [] }, 'Rejected: "crit" must be a non-empty list of extension names (RFC 7515 §4.1.11).'],
    [
      'a crit that is not a list',
      { crit: 'b64', b64: true },
      'Rejected: "crit" must be a non-empty list of extension names (RFC 7515 §4.1.11).',
    ],
    ['a crit naming b64 twice', { crit: ['b64', 'b64'], b64: true }, 'Rejected: "crit" lists an extension twice (RFC 7515 §4.1.11).'],
    [
      'a crit naming a missing member',
      { crit: ['b64'] },
      'Rejected: "crit" names "b64" but the header has no such member (RFC 7515 §4.1.11).',
    ],
    [
      'an unencoded payload (b64 false)',
      { crit: ['b64'], b64: false },
      'Rejected: an unencoded payload ("b64": false) is not allowed in a JWT (RFC 7797 §7).',
    ],
  ];
  for (const [name, extra, message] of rejected) {
    it(`rejects ${name} because of crit, not as a bad signature`, async () => {
      const result = await verifyToken(decodeToken(signed({ alg: 'HS256', kid: 'hs-kid', ...extra })), [hmac]);
      assert.deepEqual([result.status, result.message], ['rejected', message]);
      const verdict = judge(decodeToken(signed({ alg: 'HS256', ...extra })), result, { now: NOW });
      assert.equal(isProblem(verdict), true);
      assert.match(lensTitle(verdict), / · ✗ rejected$/);
    });
  }

  it('accepts b64 true named in crit, and ignores b64 without crit, as jose does', async () => {
    assert.equal(
      (await verifyToken(decodeToken(signed({ alg: 'HS256', kid: 'hs-kid', crit: ['b64'], b64: true })), [hmac])).status,
      'valid',
    );
    assert.equal((await verifyToken(decodeToken(signed({ alg: 'HS256', kid: 'hs-kid', b64: false })), [hmac])).status, 'valid');
  });
});
