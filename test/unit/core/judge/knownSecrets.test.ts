import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { KNOWN_SECRET_SOURCES, KNOWN_SECRETS, knownSecret } from '../../../../src/core/keys/knownSecretList';
import {
  clearKnownSecretAnswers,
  knownSecretWork,
  MAX_CHECKED_CHARS,
  signedWithKnownSecret,
} from '../../../../src/core/judge/knownSecrets';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { judge, lensTitle, urgency } from '../../../../src/core/judge/verdict';
import { verifyToken } from '../../../../src/core/judge/verify';
import { importKeyText } from '../../../../src/core/keys/importKey';
import { renderHover } from '../../../../src/core/render/hoverMarkdown';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { b64, decoded } from '../../../support/tokens';

const NOW = 1_800_000_000;
const HASH: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

function hmacToken(alg: string, secret: string | Buffer, payload: object = { sub: 'forged', exp: NOW + 600 }): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac(HASH[alg], secret).update(input).digest('base64url')}`;
}

describe('known secrets: the list', () => {
  it('holds several hundred distinct, non-empty secrets from named sources', () => {
    assert.ok(KNOWN_SECRETS.length >= 500, `only ${KNOWN_SECRETS.length}`);
    assert.equal(new Set(KNOWN_SECRETS).size, KNOWN_SECRETS.length);
    assert.ok(KNOWN_SECRETS.every((secret) => typeof secret === 'string' && secret.length > 0 && secret.trim() === secret));
    assert.ok(KNOWN_SECRET_SOURCES.length >= 4);
    assert.ok(KNOWN_SECRET_SOURCES.every((source) => source.name.length > 0 && source.secrets.length > 0));
  });

  it('holds the jwt.io example secrets first, and numbers entries from one', () => {
    assert.deepEqual(knownSecret('your-256-bit-secret'), { source: KNOWN_SECRET_SOURCES[0].name, entry: 1 });
    assert.equal(knownSecret('a-string-secret-at-least-256-bits-long')?.source, KNOWN_SECRET_SOURCES[0].name);
    assert.equal(knownSecret(KNOWN_SECRETS[KNOWN_SECRETS.length - 1])?.entry, KNOWN_SECRETS.length);
    assert.equal(knownSecret('kQ8v3rT1xZ9pL2mN7bC4dF6gH0jK5sW'), undefined);
  });
});

describe('known secrets: detection', () => {
  beforeEach(() => clearKnownSecretAnswers());

  for (const alg of ['HS256', 'HS384', 'HS512']) {
    it(`finds your-256-bit-secret in an ${alg} token, by its entry`, async () => {
      assert.deepEqual(await signedWithKnownSecret(decoded(hmacToken(alg, 'your-256-bit-secret'))), {
        source: KNOWN_SECRET_SOURCES[0].name,
        entry: 1,
      });
    });

    it(`finds a sample across the list in ${alg} tokens`, async () => {
      const step = Math.floor(KNOWN_SECRETS.length / 25);
      for (let index = 0; index < KNOWN_SECRETS.length; index += step) {
        const hit = await signedWithKnownSecret(decoded(hmacToken(alg, KNOWN_SECRETS[index])));
        assert.equal(hit?.entry, index + 1, `entry ${index + 1} in ${alg}`);
      }
    });

    it(`does not flag an ${alg} token signed with a strong random secret`, async () => {
      assert.equal(await signedWithKnownSecret(decoded(hmacToken(alg, randomBytes(64)))), undefined);
    });
  }

  it('checks only HS* JWS tokens: other algorithms and malformed signatures are not looked at', async () => {
    const before = knownSecretWork.hmacs;
    const input = `${b64({ alg: 'RS256' })}.${b64({ sub: 'x' })}`;
    assert.equal(
      await signedWithKnownSecret(decoded(`${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`)),
      undefined,
    );
    assert.equal(await signedWithKnownSecret(decoded(`${b64({ alg: 'HS256' })}.${b64({ sub: 'x' })}.c2ln`)), undefined);
    assert.equal(await signedWithKnownSecret(decoded(`${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`)), undefined);
    assert.equal(knownSecretWork.hmacs, before);
  });

  it('does not check a token longer than the cap', async () => {
    const before = knownSecretWork.hmacs;
    const long = hmacToken('HS256', 'secret', { pad: 'x'.repeat(MAX_CHECKED_CHARS) });
    assert.equal(await signedWithKnownSecret(decoded(long)), undefined);
    assert.equal(knownSecretWork.hmacs, before);
  });

  it('computes each token once: the answer is cached per token text', async () => {
    const jwt = hmacToken('HS256', 'secret');
    const before = knownSecretWork.hmacs;
    const first = await signedWithKnownSecret(decoded(jwt));
    const afterFirst = knownSecretWork.hmacs;
    const second = await signedWithKnownSecret(decoded(jwt));
    assert.ok(afterFirst - before > 0);
    assert.equal(knownSecretWork.hmacs, afterFirst);
    assert.deepEqual(second, first);
    assert.equal(first?.entry, knownSecret('secret')?.entry);
  });
});

describe('known secrets: the finding', () => {
  it('verifyToken marks the token without any stored key, and the finding is an error naming the entry, not the secret', async () => {
    const token = decoded(hmacToken('HS256', 'your-256-bit-secret'));
    const verify = await verifyToken(token, []);
    assert.equal(verify.status, 'no-key');
    assert.deepEqual(verify.knownSecret, { source: KNOWN_SECRET_SOURCES[0].name, entry: 1 });
    const verdict = judge(token, verify, { now: NOW });
    const findings = tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).filter((finding) => finding.code === 'known-secret');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].level, 'error');
    assert.equal(
      findings[0].message,
      `Anyone can forge this: signed with a publicly known secret (entry 1 of JWT Lens's known-secrets list, from ${KNOWN_SECRET_SOURCES[0].name}). Sign with a new random secret.`,
    );
    assert.equal(findings[0].spec, 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.5');
    assert.ok(!findings[0].message.includes('your-256-bit-secret'));
    assert.equal(urgency(verdict, 60), 'bad');
    assert.match(lensTitle(verdict), /✗ known secret: anyone can forge it$/);
    assert.ok(renderHover(verdict, {}, { now: NOW }).includes('$(error) Anyone can forge this\\: signed with a publicly known secret'));
  });

  it('gives no finding for a token signed with a strong secret', async () => {
    const token = decoded(hmacToken('HS512', randomBytes(64)));
    const verdict = judge(token, await verifyToken(token, []), { now: NOW });
    assert.equal(verdict.signature?.knownSecret, undefined);
    assert.deepEqual(
      tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).filter((finding) => finding.code === 'known-secret'),
      [],
    );
  });
});

describe('known secrets: refused as keys', () => {
  it('refuses your-256-bit-secret as text, as base64 and as an oct JWK, with the reason and no secret', async () => {
    const forms = [
      await importKeyText('your-256-bit-secret'),
      await importKeyText(Buffer.from('your-256-bit-secret').toString('base64'), { secretEncoding: 'base64' }),
      await importKeyText(JSON.stringify({ kty: 'oct', k: Buffer.from('your-256-bit-secret').toString('base64url') })),
    ];
    for (const result of forms) {
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'ERR_KEY_KNOWN_SECRET');
      assert.equal(
        !result.ok && result.error.message,
        `Refused: this secret is publicly known (entry 1 of JWT Lens's known-secrets list, from ${KNOWN_SECRET_SOURCES[0].name}), so anyone can forge tokens signed with it. Generate a new random secret.`,
      );
    }
  });

  it('refuses a long known secret that is otherwise strong enough to sign', async () => {
    const result = await importKeyText('a-string-secret-at-least-256-bits-long');
    assert.equal(!result.ok && result.error.code, 'ERR_KEY_KNOWN_SECRET');
  });

  it('still takes a random secret', async () => {
    const result = await importKeyText(randomBytes(32).toString('hex'));
    assert.equal(result.ok, true);
  });
});
