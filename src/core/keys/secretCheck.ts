// A check value for an HMAC secret, which has no public half and so no thumbprint: HMAC-SHA-256 of a
// fixed string under the secret. Kept in the key's metadata, it tells Restore Key whether a secret
// pasted again is the same one. Keyed rather than a plain SHA-256 of the secret: the plain hash is the
// fingerprint other tools print and store, so it would tie this metadata to them.
import { base64UrlText, utf8Bytes } from '../text/base64';

const CHECK_INPUT = utf8Bytes('JWT Lens secret check v1');

/** The check value of an HMAC secret (base64url). Same secret, same value; it reveals nothing else. */
export async function secretKeyCheck(secret: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64UrlText(new Uint8Array(await subtle.sign('HMAC', key, CHECK_INPUT)));
}
