import * as assert from 'node:assert/strict';
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';
import { decodeToken } from '../../../../src/core/token/decode';
import { decodeMatch, scanTokenWindows, scanTokens } from '../../../../src/core/token/scan';
import { accessTokenBeside } from '../../../../src/core/token/beside';
import { jwkThumbprint } from '../../../../src/core/keys/thumbprint';
import { verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { judge, lensTitle, urgency, type Verdict } from '../../../../src/core/judge/verdict';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { planResign } from '../../../../src/core/sign/resign';
import { sha256Text } from '../../../../src/core/text/sha256';
import * as rfc from '../../../support/rfc9449';

/** 30 seconds after the RFC's resource request proof was made. */
const FRESH = 1562262618 + 30;

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** The verdict on the last token in the text (a proof comes after its access token). */
async function judgeIn(text: string, now: number, keys: readonly VerificationKey[] = []): Promise<Verdict> {
  const decoded = decodeMatch(scanTokens(text).tokens.at(-1)!);
  return judge(decoded, await verifyToken(decoded, keys), { now });
}

async function proofKey(): Promise<{ privateKey: PrivateKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function sign(header: Record<string, unknown>, payload: Record<string, unknown>, key: PrivateKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as never).sign(key);
}

const dpopLints = (verdict: Verdict) => verdict.lints.filter((lint) => lint.id.startsWith('dpop-')).map((lint) => [lint.id, lint.message]);

describe('DPoP proofs: the examples of RFC 9449', () => {
  it('Figure 2: verified with the key in its own jwk header, as proof of possession of that key', async () => {
    const verdict = await judgeIn(`DPoP: ${rfc.TOKEN_REQUEST_PROOF}`, 1562262616 + 30);
    assert.equal(verdict.signature?.status, 'valid');
    assert.equal(verdict.signature?.words, 'proof of possession of this key');
    assert.equal(
      verdict.signature?.message,
      `Signed with the key in its own "jwk" header (thumbprint ${rfc.EXAMPLE_KEY_THUMBPRINT}): this proves possession of that key, not that anyone you trust sent it.`,
    );
    assert.deepEqual(verdict.dpop, {
      thumbprint: rfc.EXAMPLE_KEY_THUMBPRINT,
      htm: 'POST',
      htu: 'https://server.example.com/token',
      iat: 1562262616,
      jti: '-BwC3ESc6acc2lTc',
    });
    assert.deepEqual(verdict.lints, []);
    assert.equal(lensTitle(verdict), 'DPoP proof ES256 · fresh, issued 30 s ago · ✓ proof of possession of this key');
  });

  it('§6.1: the example key thumbprint is the cnf.jkt the RFC binds access tokens to, as jose computes it', async () => {
    const jwk = decodeToken(rfc.TOKEN_REQUEST_PROOF).header?.jwk;
    assert.equal(jwkThumbprint(jwk), rfc.EXAMPLE_KEY_THUMBPRINT);
    assert.equal(await calculateJwkThumbprint(jwk as JWK, 'sha256'), rfc.EXAMPLE_KEY_THUMBPRINT);
  });

  it('Figure 12: in an .http request, the proof finds the access token beside it and its ath matches the token hash', async () => {
    const verdict = await judgeIn(rfc.RESOURCE_REQUEST, FRESH);
    assert.equal(verdict.decoded.accessTokenBeside, rfc.RESOURCE_ACCESS_TOKEN);
    assert.deepEqual(verdict.dpop?.accessToken, { ath: 'match', jkt: 'opaque' });
    assert.deepEqual(verdict.lints, []);
  });

  it('a proof read from the RFC example later than a few minutes after iat is stale, with its own finding', async () => {
    const verdict = await judgeIn(rfc.RESOURCE_REQUEST, 1562262618 + 3 * 86400);
    assert.equal(verdict.time.state, 'expired');
    assert.equal(verdict.time.summary, 'stale, issued 3 days ago');
    assert.deepEqual(
      tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).map((finding) => [finding.code, finding.level, finding.message]),
      [['dpop-stale-iat', 'warning', 'DPoP proof stale, issued 3 days ago: servers accept a proof only briefly after its iat.']],
    );
  });

  it('the same proof beside another access token: ath does not match', async () => {
    const verdict = await judgeIn(rfc.RESOURCE_REQUEST.replace(rfc.RESOURCE_ACCESS_TOKEN, 'another-opaque-token'), FRESH);
    assert.deepEqual(dpopLints(verdict), [
      ['dpop-binding', '"ath" is not the hash of the access token beside it: the proof was made for another token.'],
    ]);
    assert.equal(urgency(verdict, 600), 'bad');
  });

  it('is found with its access token when only the windows around candidates are scanned (the CLI)', () => {
    const [match] = scanTokenWindows(rfc.RESOURCE_REQUEST).tokens;
    assert.equal(match.accessTokenBeside, rfc.RESOURCE_ACCESS_TOKEN);
  });
});

describe('DPoP proofs beside a JWT access token', () => {
  it('checks the access token cnf.jkt against the proof key thumbprint, and ath against its SHA-256', async () => {
    const client = await proofKey();
    const server = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await sign(
      { alg: 'ES256', typ: 'at+jwt' },
      { sub: 'u', exp: now + 600, cnf: { jkt: jwkThumbprint(client.jwk) } },
      server.privateKey,
    );
    const proof = await sign(
      { alg: 'ES256', typ: 'dpop+jwt', jwk: client.jwk },
      { htm: 'GET', htu: 'https://api.example/orders', iat: now, jti: 'j1', ath: sha256Text(accessToken) },
      client.privateKey,
    );
    const request = `GET https://api.example/orders\nAuthorization: DPoP ${accessToken}\nDPoP: ${proof}\n`;
    const [first, second] = scanTokens(request).tokens.map(decodeMatch);
    assert.equal(first.accessTokenBeside, undefined, 'the access token is no proof');
    assert.equal(second.accessTokenBeside, accessToken);
    const verdict = judge(second, await verifyToken(second, []), { now });
    assert.deepEqual(verdict.dpop?.accessToken, { ath: 'match', jkt: 'match' });
    assert.deepEqual(verdict.lints, []);

    const other = await proofKey();
    const otherProof = await sign(
      { alg: 'ES256', typ: 'dpop+jwt', jwk: other.jwk },
      { htm: 'GET', htu: 'https://api.example/orders', iat: now, jti: 'j2', ath: sha256Text(accessToken) },
      other.privateKey,
    );
    const mismatch = await judgeIn(`Authorization: DPoP ${accessToken}\nDPoP: ${otherProof}`, now);
    assert.deepEqual(mismatch.dpop?.accessToken, { ath: 'match', jkt: 'mismatch' });
    assert.deepEqual(dpopLints(mismatch), [
      [
        'dpop-binding',
        `The access token beside it is bound to another key (cnf.jkt is not this proof key's thumbprint ${jwkThumbprint(other.jwk)}).`,
      ],
    ]);
  });

  it('a proof without ath beside an access token is a finding', async () => {
    const client = await proofKey();
    const now = Math.floor(Date.now() / 1000);
    const proof = await sign(
      { alg: 'ES256', typ: 'dpop+jwt', jwk: client.jwk },
      { htm: 'GET', htu: 'https://a.example/', iat: now, jti: 'j' },
      client.privateKey,
    );
    const verdict = await judgeIn(`"authorization": "DPoP opaque-token-123", "dpop": "${proof}"`, now);
    assert.deepEqual(dpopLints(verdict), [
      ['dpop-binding', 'No "ath", though an access token is sent with it: a resource server rejects the proof.'],
    ]);
  });

  it('looks for the access token in the header block of the proof only, not past a blank line', () => {
    const text = `Authorization: DPoP first-request-token\n\nPOST /token\nDPoP: PROOF\n`;
    const start = text.indexOf('PROOF');
    assert.equal(accessTokenBeside(text, start, start + 5), undefined);
    const same = `GET /\nAuthorization: DPoP tok.en~x\nHost: a\nDPoP: PROOF`;
    assert.equal(accessTokenBeside(same, same.indexOf('PROOF'), same.length), 'tok.en~x');
  });
});

describe('DPoP proofs that are not acceptable', () => {
  it('a private key in the jwk header is rejected, and says the key is exposed', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const proof = await sign(
      { alg: 'ES256', typ: 'dpop+jwt', jwk: privateJwk },
      { htm: 'GET', htu: 'https://a.example/', iat: 1, jti: 'j' },
      privateKey,
    );
    const verdict = await judgeIn(proof, 1);
    assert.equal(verdict.signature?.status, 'rejected');
    assert.equal(
      verdict.signature?.message,
      'Rejected: The "jwk" header holds a private key ("d"): it is exposed to everyone who sees the token. Replace the key pair.',
    );
    assert.deepEqual(
      tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).map((finding) => [finding.code, finding.level]),
      [['rejected', 'error']],
    );
  });

  it('an HMAC proof, a proof without jwk and a jwk of another key type are rejected', async () => {
    const { jwk } = await proofKey();
    const hmac = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'dpop+jwt', jwk })).toString('base64url')}.e30.c2ln`;
    const noJwk = `${Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt' })).toString('base64url')}.e30.c2ln`;
    const rsaAlg = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'dpop+jwt', jwk })).toString('base64url')}.e30.c2ln`;
    const messages = await Promise.all([hmac, noJwk, rsaAlg].map(async (text) => (await verifyToken(decodeToken(text), [])).message));
    assert.deepEqual(messages, [
      'Rejected: The "jwk" header must be a public key: a shared secret proves nothing about who holds it.',
      'Rejected: a DPoP proof carries its public key in a "jwk" header, and this one has none (RFC 9449 §4.2).',
      'Rejected: The "jwk" header is an EC key; RS256 needs an RSA key.',
    ]);
  });

  it('a forged proof (payload changed) is a bad signature', async () => {
    const [header, , signature] = rfc.TOKEN_REQUEST_PROOF.split('.');
    const payload = Buffer.from(
      JSON.stringify({ jti: 'x', htm: 'DELETE', htu: 'https://server.example.com/token', iat: 1562262616 }),
    ).toString('base64url');
    const result = await verifyToken(decodeToken(`${header}.${payload}.${signature}`), []);
    assert.equal(result.status, 'invalid-signature');
  });

  it('missing htm, htu, iat or jti are findings; no "no exp" lint, a proof has none', async () => {
    const client = await proofKey();
    const proof = await sign({ alg: 'ES256', typ: 'dpop+jwt', jwk: client.jwk }, { htu: 'https://a.example/' }, client.privateKey);
    const verdict = await judgeIn(proof, 1);
    assert.deepEqual(
      verdict.lints.map((lint) => [lint.id, lint.message]),
      [['dpop-claims', 'No "htm", "iat", "jti": a server rejects the proof.']],
    );
    assert.equal(verdict.time.summary, 'no "iat"');
  });

  it('is decided by its own key even when a stored key of its type exists, and is never re-signed', async () => {
    const client = await proofKey();
    const stored = await proofKey();
    const key: VerificationKey = { id: 's', label: 'stored', type: 'EC', verifyKey: stored.jwk, verifyAlgorithms: ['ES256'] };
    const proof = await sign(
      { alg: 'ES256', typ: 'dpop+jwt', jwk: client.jwk },
      { htm: 'GET', htu: 'https://a/', iat: 1, jti: 'j' },
      client.privateKey,
    );
    const verdict = await judgeIn(proof, 1, [key]);
    assert.equal(verdict.signature?.status, 'valid');
    assert.equal(verdict.signature?.key, undefined);
    assert.equal(planResign(verdict.decoded, 1), undefined);
  });
});
