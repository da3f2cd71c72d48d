// SD-JWTs made by an independent implementation, the OpenWallet Foundation's @sd-jwt packages: an
// issuer and a holder with keys made per run, issuing an SD-JWT VC (typ dc+sd-jwt) with the holder
// key in cnf.jwk and presenting it with or without a Key Binding JWT. None of it is a credential.
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import type { JWK } from 'jose';

export interface SdJwtParties {
  /** The issuer's public JWK: the key a stored key or trusted issuer would hold. */
  readonly issuerPublicJwk: JWK;
  readonly holderPublicJwk: JWK;
  readonly instance: SDJwtVcInstance;
}

export async function sdJwtParties(): Promise<SdJwtParties> {
  const issuer = await ES256.generateKeyPair();
  const holder = await ES256.generateKeyPair();
  const instance = new SDJwtVcInstance({
    signer: await ES256.getSigner(issuer.privateKey),
    signAlg: ES256.alg,
    verifier: await ES256.getVerifier(issuer.publicKey),
    kbSigner: await ES256.getSigner(holder.privateKey),
    kbSignAlg: ES256.alg,
    kbVerifier: await ES256.getVerifier(holder.publicKey),
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
  });
  return { issuerPublicJwk: issuer.publicKey as JWK, holderPublicJwk: holder.publicKey as JWK, instance };
}

/** The claims every test credential has: a name, an address with hidden parts and nationalities. */
export const CREDENTIAL_CLAIMS = {
  given_name: 'Erika',
  family_name: 'Mustermann',
  address: { locality: 'Köln', country: 'DE' },
  nationalities: ['DE', 'FR'],
};

/** An issued SD-JWT VC: every claim but the issuer's own selectively disclosable, with all disclosures. */
export async function issueCredential(parties: SdJwtParties, now: number): Promise<string> {
  return parties.instance.issue(
    {
      iss: 'https://issuer.example',
      iat: Math.floor(now),
      exp: Math.floor(now) + 3600,
      vct: 'urn:example:pid:1',
      cnf: { jwk: parties.holderPublicJwk },
      ...CREDENTIAL_CLAIMS,
    },
    { _sd: ['given_name', 'family_name', 'address', 'nationalities'], address: { _sd: ['locality'] }, nationalities: { _sd: [0, 1] } },
  );
}

/** A presentation of the given name and the first nationality; with a Key Binding JWT when `kb` is given. */
export async function presentCredential(
  parties: SdJwtParties,
  credential: string,
  kb?: { readonly aud: string; readonly nonce: string; readonly iat: number },
): Promise<string> {
  return parties.instance.present(
    credential,
    { given_name: true, nationalities: { 0: true } },
    kb ? { kb: { payload: { aud: kb.aud, nonce: kb.nonce, iat: Math.floor(kb.iat) } } } : undefined,
  );
}
