// The Get Started samples, made when a step button asks for them: tokens signed now with the
// sample's public HMAC secret (so their times are real: one valid for an hour, one expiring in
// minutes) and a claims file to sign. Made in memory, so they work where there is no disk (the web).
import { importKeyText } from '../core/keys/importKey';
import { signToken } from '../core/sign/sign';

/** The sample workspace's public, documented HMAC secret: for sample tokens only. */
const SAMPLE_SECRET = 'jwt-lens-demo-secret-0123456789abcdef';
const SAMPLE_KID = 'demo-hs256';

export const SAMPLE_CLAIMS = `{
  // A sample claims file: sign it with one of your keys. Relative times are read when it is signed.
  "sub": "user-42",
  "aud": "media-api",
  "scope": "read:media",
  "exp": "1h"
}
`;

export interface SampleTokens {
  /** Valid for an hour. */
  readonly valid: string;
  /** Expires in 8 minutes: within the status bar's warning. */
  readonly expiring: string;
}

export async function sampleTokens(nowSeconds: number): Promise<SampleTokens> {
  const imported = await importKeyText(SAMPLE_SECRET, { secretEncoding: 'text' });
  if (!imported.ok) {
    throw new Error(imported.error.code);
  }
  const key = { ...imported.keys[0], label: 'sample' };
  const sign = async (payload: Record<string, string | number>) => {
    const signed = await signToken({ payload, alg: 'HS256', key, kid: SAMPLE_KID });
    if (!signed.ok) {
      throw new Error(signed.error.code);
    }
    return signed.jwt;
  };
  const now = Math.floor(nowSeconds);
  return {
    valid: await sign({ sub: 'user-42', name: 'Ada Lovelace', scope: 'read:media', iat: now - 60, exp: now + 3600 }),
    expiring: await sign({ sub: 'user-42', scope: 'upload', iat: now - 52 * 60, exp: now + 8 * 60 }),
  };
}

/** A log with the two sample tokens, as a newcomer would paste one. */
export function sampleLog(tokens: SampleTokens): string {
  return [
    '# Sample tokens (signed with the sample HMAC secret): hover one, or see the status bar.',
    `2026-11-23T10:00:00Z INFO request id=1 auth=${tokens.valid} status=200`,
    `2026-11-23T10:00:02Z INFO upload id=3 auth=${tokens.expiring} status=201`,
    '',
  ].join('\n');
}
