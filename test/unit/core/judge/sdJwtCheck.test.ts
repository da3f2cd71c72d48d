import * as assert from 'node:assert/strict';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { decodeToken, type DecodedToken } from '../../../../src/core/token/decode';
import { verifyToken, type VerificationKey } from '../../../../src/core/judge/verify';
import { judge, lensTitle, urgency, type Verdict } from '../../../../src/core/judge/verdict';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { sha256Text } from '../../../../src/core/text/sha256';
import { issuerResult, issuerVerificationKeys, readJwks } from '../../../../src/core/judge/jwks';
import * as rfc from '../../../support/rfc9901';
import { CREDENTIAL_CLAIMS, issueCredential, presentCredential, sdJwtParties, type SdJwtParties } from '../../../support/sdJwtIssuer';
import { b64 } from '../../../support/tokens';

const issuerKey: VerificationKey = {
  id: 'rfc9901-issuer',
  label: 'RFC 9901 issuer',
  type: 'EC',
  verifyKey: rfc.ISSUER_PUBLIC_JWK,
  verifyAlgorithms: ['ES256'],
};
/** A moment the RFC examples are valid at (their exp is 1883000000), after the Key Binding JWTs' iat. */
const NOW = 1_800_000_000;

async function judged(text: string, keys: readonly VerificationKey[] = [issuerKey], now = NOW): Promise<Verdict> {
  const decoded = decodeToken(text);
  return judge(decoded, await verifyToken(decoded, keys), { now, maxLifetimeSeconds: 10 * 365 * 86400 });
}

const formatLints = (verdict: Verdict) => verdict.lints.filter((lint) => /^(sd|kb)-/.test(lint.id)).map((lint) => [lint.id, lint.message]);

/** The presentation with one disclosure replaced. */
function withDisclosure(text: string, index: number, disclosure: string): string {
  const parts = text.split('~');
  parts[index + 1] = disclosure;
  return parts.join('~');
}

describe('SD-JWT: the examples of RFC 9901', () => {
  it('§5.1: the issued SD-JWT verifies with the issuer key and every disclosure opens its digest', async () => {
    const verdict = await judged(rfc.ISSUED_SD_JWT);
    assert.equal(verdict.signature?.status, 'valid');
    assert.deepEqual(formatLints(verdict), []);
    const digests = Object.fromEntries(verdict.sdJwt!.disclosures.map((check) => [check.path, check.digest]));
    // The digests the RFC lists for each claim (§5.1).
    assert.deepEqual(digests, {
      given_name: 'jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4',
      family_name: 'TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo',
      email: 'JzYjH4svliH0R3PyEMfeZu6Jt69u5qehZo7F7EPYlSE',
      phone_number: 'PorFbpKuVu6xymJagvkFsFXAbRoc2JGlAUA2BA4o7cI',
      phone_number_verified: 'XQ_3kPKt1XyX7KANkqVR6yZ2Va5NrPIvPYbyMvRKBMM',
      address: 'XzFrzwscM6Gn6CJDc6vVK8BkMnfG8vOSKfpPIZdAfdE',
      birthdate: 'gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM',
      updated_at: 'CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI',
      'nationalities[0]': 'pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo',
      'nationalities[1]': '7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0',
    });
    assert.equal(verdict.sdJwt!.hidden, 0);
    assert.equal(verdict.sdJwt!.keyBinding, undefined);
  });

  it('§4.2.3: the digest of a disclosure is the SHA-256 of its base64url text', () => {
    assert.equal(sha256Text(rfc.FAMILY_NAME_DISCLOSURE), rfc.FAMILY_NAME_DIGEST);
  });

  it('§5.2: the SD-JWT+KB gives the verifier the processed payload of the RFC, and its Key Binding JWT verifies and covers it', async () => {
    const verdict = await judged(rfc.PRESENTATION_KB);
    assert.equal(verdict.signature?.status, 'valid');
    assert.deepEqual(formatLints(verdict), []);
    assert.deepEqual(verdict.sdJwt!.claims, {
      iss: 'https://issuer.example.com',
      iat: 1683000000,
      exp: 1883000000,
      sub: 'user_42',
      nationalities: ['US'],
      cnf: {
        jwk: {
          kty: 'EC',
          crv: 'P-256',
          x: 'TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc',
          y: 'ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ',
        },
      },
      family_name: 'Doe',
      address: { street_address: '123 Main St', locality: 'Anytown', region: 'Anystate', country: 'US' },
      given_name: 'John',
    });
    // Six digests are not opened: the claims the holder did not disclose.
    assert.equal(verdict.sdJwt!.hidden, 6);
    const keyBinding = verdict.sdJwt!.keyBinding!;
    assert.equal(keyBinding.signature?.status, 'valid');
    assert.equal(keyBinding.signature?.message, 'Signed with the holder key in cnf.jwk.');
    assert.equal(keyBinding.sdHash, 'match');
    assert.deepEqual([keyBinding.iat, keyBinding.aud, keyBinding.nonce], [1748537243, 'https://verifier.example.org', '1234567890']);
    assert.equal(lensTitle(verdict), 'SD-JWT ES256 · 4 disclosed · expires in 2 years · ✓ signed by RFC 9901 issuer · KB ✓');
  });

  it('§A.1: a structured presentation discloses two address members among decoys', async () => {
    const verdict = await judged(rfc.STRUCTURED_PRESENTATION);
    assert.deepEqual(formatLints(verdict), []);
    assert.deepEqual(verdict.sdJwt!.claims, {
      iss: 'https://issuer.example.com',
      iat: 1683000000,
      exp: 1883000000,
      address: { region: '港区', country: 'JP' },
    });
    assert.deepEqual(
      verdict.sdJwt!.disclosures.map((check) => check.path),
      ['address.region', 'address.country'],
    );
  });

  it('§A.2: disclosures inside disclosures are opened recursively', async () => {
    const verdict = await judged(rfc.RECURSIVE_PRESENTATION);
    assert.deepEqual(formatLints(verdict), []);
    assert.deepEqual(verdict.sdJwt!.claims, {
      iss: 'https://issuer.example.com',
      iat: 1683000000,
      exp: 1883000000,
      verified_claims: {
        verification: { trust_framework: 'de_aml', evidence: [{ method: 'pipp' }], time: '2012-04-23T18:25Z' },
        claims: {
          given_name: 'Max',
          family_name: 'Müller',
          address: { locality: 'Maxstadt', postal_code: '12344', country: 'DE', street_address: 'Weidenstraße 22' },
        },
      },
    });
    assert.ok(verdict.sdJwt!.disclosures.some((check) => check.path === 'verified_claims.verification.evidence[0].method'));
  });

  it('§A.3: the SD-JWT VC (typ dc+sd-jwt) with Key Binding verifies, with no typ lint', async () => {
    const verdict = await judged(rfc.VC_PRESENTATION_KB);
    assert.equal(verdict.decoded.header?.typ, 'dc+sd-jwt');
    assert.deepEqual(
      verdict.lints.map((lint) => lint.id),
      [],
    );
    assert.deepEqual(verdict.sdJwt!.claims.age_equal_or_over, { 18: true });
    assert.deepEqual(verdict.sdJwt!.claims.nationalities, ['DE']);
    assert.equal(verdict.sdJwt!.keyBinding?.signature?.status, 'valid');
    assert.equal(verdict.sdJwt!.keyBinding?.sdHash, 'match');
  });

  it("judges the issuer-signed JWT through a trusted issuer's JWKS as any JWT, keeping the key binding", async () => {
    const jwks = await readJwks({ keys: [{ ...rfc.ISSUER_PUBLIC_JWK, kid: 'k1', use: 'sig' }] }, 'https://issuer.example.com/jwks');
    assert.ok(jwks.ok);
    const entry = { id: 'https://issuer.example.com', issuer: 'https://issuer.example.com' };
    const keySet = {
      jwksUri: 'https://issuer.example.com/jwks',
      keys: jwks.value.keys,
      fetchedAt: NOW - 60,
      freshUntil: NOW + 600,
      skipped: 0,
    };
    const decoded = decodeToken(rfc.PRESENTATION_KB);
    const result = issuerResult(decoded, await verifyToken(decoded, issuerVerificationKeys(entry, keySet)), { entry, keySet, now: NOW });
    assert.equal(result.status, 'valid');
    assert.equal(result.words, 'signed by issuer.example.com (kid k1, fetched 1 min ago)');
    const verdict = judge(decoded, result, { now: NOW, maxLifetimeSeconds: 10 * 365 * 86400 });
    assert.equal(verdict.sdJwt?.keyBinding?.signature?.status, 'valid');
    assert.equal(
      lensTitle(verdict),
      'SD-JWT ES256 · 4 disclosed · expires in 2 years · ✓ signed by issuer.example.com (kid k1, fetched 1 min ago) · KB ✓',
    );
    // An issuer other than the presentation's "iss" rejects it, and says so; the key binding is still shown.
    const other = { id: 'https://other.example', issuer: 'https://other.example' };
    const rejected = issuerResult(decoded, await verifyToken(decoded, issuerVerificationKeys(other, keySet)), {
      entry: other,
      keySet,
      now: NOW,
    });
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.keyBinding?.status, 'valid');
  });

  it('judges the issuer-signed JWT as any JWT: without the issuer key its signature is "no key", the disclosures still checked', async () => {
    const verdict = await judged(rfc.PRESENTATION_KB, []);
    assert.equal(verdict.signature?.status, 'no-key');
    assert.equal(verdict.sdJwt!.keyBinding?.signature?.status, 'valid');
    assert.deepEqual(formatLints(verdict), []);
  });
});

describe('SD-JWT: what a verifier rejects, as findings', () => {
  it('a tampered disclosure matches no digest: its claim is left out and the finding names it', async () => {
    const [salt] = JSON.parse(Buffer.from(rfc.PRESENTATION_KB.split('~')[3], 'base64url').toString()) as string[];
    const tampered = withDisclosure(rfc.PRESENTATION_KB, 2, b64([salt, 'given_name', 'Jane']));
    const verdict = await judged(tampered);
    // The issuer's own signature is untouched: only the disclosure betrays the change.
    assert.equal(verdict.signature?.status, 'valid');
    assert.equal(verdict.sdJwt!.claims.given_name, undefined);
    assert.deepEqual(formatLints(verdict), [
      ['sd-unmatched-disclosure', 'Disclosure 3 ("given_name") matches no digest in the token: a verifier rejects the presentation.'],
      ['kb-sd-hash', 'The Key Binding JWT\'s "sd_hash" does not match this presentation: it was made for other disclosures.'],
    ]);
    assert.equal(urgency(verdict, 600), 'bad');
  });

  it('a disclosure from another SD-JWT is unmatched', async () => {
    const verdict = await judged(`${rfc.ISSUED_SD_JWT}${rfc.FAMILY_NAME_DISCLOSURE}~`);
    assert.deepEqual(formatLints(verdict), [
      ['sd-unmatched-disclosure', 'Disclosure 11 ("family_name") matches no digest in the token: a verifier rejects the presentation.'],
    ]);
    assert.deepEqual(
      tokenFindings(verdict, DIAGNOSTIC_DEFAULTS)
        .filter((finding) => finding.code.startsWith('sd-'))
        .map((finding) => [finding.code, finding.level, finding.spec]),
      [['sd-unmatched-disclosure', 'error', 'https://datatracker.ietf.org/doc/html/rfc9901#section-7.1']],
    );
  });

  it('a disclosure sent twice is a repeated digest', async () => {
    const first = rfc.ISSUED_SD_JWT.split('~')[1];
    const verdict = await judged(`${rfc.ISSUED_SD_JWT}${first}~`);
    assert.deepEqual(formatLints(verdict), [
      ['sd-repeated-digest', 'Disclosure 11 repeats disclosure 1: a holder sends each disclosure once.'],
    ]);
  });

  it('dropping a disclosure from an SD-JWT+KB breaks its sd_hash, not its signature', async () => {
    const parts = rfc.PRESENTATION_KB.split('~');
    const verdict = await judged([...parts.slice(0, 2), ...parts.slice(3)].join('~'));
    assert.equal(verdict.sdJwt!.keyBinding?.signature?.status, 'valid');
    assert.equal(verdict.sdJwt!.keyBinding?.sdHash, 'mismatch');
    assert.match(lensTitle(verdict), / · KB ✗ sd_hash$/);
  });

  it('a Key Binding JWT signed with another key than cnf.jwk is a kb-signature finding', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const hashed = rfc.PRESENTATION_KB.slice(0, rfc.PRESENTATION_KB.lastIndexOf('~') + 1);
    const payload = { nonce: 'n', aud: 'https://verifier.example.org', iat: NOW - 60, sd_hash: sha256Text(hashed) };
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', typ: 'kb+jwt' })
      .sign(privateKey);
    const verdict = await judged(`${hashed}${forged}`);
    assert.equal(verdict.sdJwt!.keyBinding?.signature?.status, 'invalid-signature');
    assert.deepEqual(formatLints(verdict), [
      ['kb-signature', 'Key Binding JWT: Invalid signature: the Key Binding JWT does not verify with the holder key in cnf.jwk.'],
    ]);
  });

  it('a digest used twice in the issuer-signed JWT, a misplaced disclosure and a "__proto__" claim name are findings, never prototype changes', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const proto = b64(['s1', '__proto__', { polluted: true }]);
    const element = b64(['s2', 'DE']);
    const claims = {
      _sd: [sha256Text(proto), sha256Text(proto), sha256Text(element)],
      iss: 'https://issuer.example',
      exp: NOW + 60,
    };
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'ES256', typ: 'dc+sd-jwt' })
      .sign(privateKey);
    const key: VerificationKey = { id: 'k', label: 'k', type: 'EC', verifyKey: await exportJWK(publicKey), verifyAlgorithms: ['ES256'] };
    const verdict = await judged(`${jwt}~${proto}~${element}~`, [key]);
    assert.equal(verdict.signature?.status, 'valid');
    assert.deepEqual(formatLints(verdict), [
      ['sd-repeated-digest', `The digest ${sha256Text(proto).slice(0, 15)}… appears more than once in the token and its disclosures.`],
      ['sd-malformed', 'Disclosure 2 is an array element, but its digest is in "_sd" of the payload.'],
    ]);
    assert.deepEqual(Object.keys(verdict.sdJwt!.claims), ['iss', 'exp', '__proto__']);
    assert.equal(Object.getPrototypeOf(verdict.sdJwt!.claims), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('an _sd_alg other than sha-256 is said to be unchecked, never passed as matching', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const disclosure = b64(['s', 'name', 'x']);
    const claims = { _sd: [sha256Text(disclosure)], _sd_alg: 'md5', exp: NOW + 60 };
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    const key: VerificationKey = { id: 'k', label: 'k', type: 'EC', verifyKey: await exportJWK(publicKey), verifyAlgorithms: ['ES256'] };
    const verdict = await judged(`${jwt}~${disclosure}~`, [key]);
    assert.deepEqual(formatLints(verdict), [
      ['sd-malformed', '"_sd_alg" is "md5": JWT Lens checks sha-256 digests only, so these were not checked.'],
    ]);
    assert.equal(verdict.sdJwt!.disclosures[0].path, undefined);
  });
});

describe('SD-JWT: tokens made by an independent implementation (@sd-jwt/sd-jwt-vc)', () => {
  let parties: SdJwtParties;
  let credential: string;
  let issuer: VerificationKey;
  const now = Math.floor(Date.now() / 1000);

  before(async () => {
    parties = await sdJwtParties();
    credential = await issueCredential(parties, now);
    issuer = { id: 'owf', label: 'OWF issuer', type: 'EC', verifyKey: parties.issuerPublicJwk, verifyAlgorithms: ['ES256'] };
  });

  it('an issued SD-JWT VC: verified with the issuer key, every disclosure opened, the claims as issued', async () => {
    const verdict = await judged(credential, [issuer], now);
    assert.equal(verdict.signature?.status, 'valid');
    assert.deepEqual(formatLints(verdict), []);
    const { claims } = verdict.sdJwt!;
    assert.deepEqual(
      { given_name: claims.given_name, family_name: claims.family_name, address: claims.address, nationalities: claims.nationalities },
      CREDENTIAL_CLAIMS,
    );
    assert.equal(lensTitle(verdict), 'SD-JWT ES256 · 7 disclosed · expires in 1 h · ✓ signed by OWF issuer');
  });

  it('a presentation without Key Binding: two claims disclosed, nothing to bind', async () => {
    const verdict = await judged(await presentCredential(parties, credential), [issuer], now);
    assert.deepEqual(formatLints(verdict), []);
    assert.equal(verdict.sdJwt!.claims.given_name, 'Erika');
    assert.deepEqual(verdict.sdJwt!.claims.nationalities, ['DE']);
    assert.equal(verdict.sdJwt!.claims.family_name, undefined);
    assert.equal(verdict.sdJwt!.keyBinding, undefined);
  });

  it('a presentation with Key Binding: its KB-JWT verifies with cnf.jwk and covers the presentation', async () => {
    const text = await presentCredential(parties, credential, { aud: 'https://verifier.example', nonce: 'n-0S6_WzA2Mj', iat: now });
    const verdict = await judged(text, [issuer], now);
    assert.deepEqual(formatLints(verdict), []);
    const keyBinding = verdict.sdJwt!.keyBinding!;
    assert.deepEqual(
      [keyBinding.signature?.status, keyBinding.sdHash, keyBinding.aud, keyBinding.nonce],
      ['valid', 'match', 'https://verifier.example', 'n-0S6_WzA2Mj'],
    );
    // The nationalities array is a disclosure of its own, and its first element another.
    assert.equal(lensTitle(verdict), 'SD-JWT ES256 · 3 disclosed · expires in 1 h · ✓ signed by OWF issuer · KB ✓');
  });
});

describe('SD-JWT: decoding never throws on hostile presentations', () => {
  const cases: Array<[string, string]> = [
    ['only tildes', '~~~'],
    ['a JWE as the issuer JWT', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d~`],
    ['junk disclosures', `${rfc.ISSUED_SD_JWT.split('~')[0]}~%%%~${'W'.repeat(5)}~`],
    ['a Key Binding JWT that is junk', `${rfc.ISSUED_SD_JWT}a.b.c`],
  ];
  for (const [name, text] of cases) {
    it(`judges ${name} with a message, not an exception`, async () => {
      const decoded: DecodedToken = decodeToken(text);
      const verdict = judge(decoded, await verifyToken(decoded, [issuerKey]), { now: NOW });
      assert.equal(verdict.unjudged, undefined);
      assert.ok(lensTitle(verdict).length > 0);
    });
  }
});
