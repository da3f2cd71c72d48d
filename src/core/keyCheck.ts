// A check value for an HMAC secret, which has no public half and so no thumbprint: HMAC-SHA-256 of a
// fixed string under the secret. Kept in the key's metadata, it tells Restore Key whether a secret
// pasted again is the same one. Keyed rather than a plain SHA-256 of the secret: the plain hash is the
// fingerprint other tools print and store, so it would tie this metadata to them.
import { createHmac, type KeyObject } from 'node:crypto';

const CHECK_INPUT = 'JWT Lens secret check v1';

/** The check value of an HMAC secret (base64url). Same secret, same value; it reveals nothing else. */
export function secretKeyCheck(secret: KeyObject): string {
  return createHmac('sha256', secret).update(CHECK_INPUT).digest('base64url');
}
