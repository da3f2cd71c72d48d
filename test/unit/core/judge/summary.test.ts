// summarizeVerdict is the one verdict → summary mapping: the API, Decode Token and the command line
// take their fields from it, so they never word the same verdict differently.
import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { judge } from '../../../../src/core/judge/verdict';
import { summarizeVerdict } from '../../../../src/core/judge/summary';
import { verifyToken } from '../../../../src/core/judge/verify';
import { testKeys } from '../../../support/keys';
import { assemble, signWith, verificationKey } from '../../../support/tokens';

const NOW = 1_800_000_000;

describe('summarizeVerdict: the one verdict → summary mapping', () => {
  it('a signed token: title, time and the signature naming its key by label only', async () => {
    const key = { ...(await verificationKey(testKeys().hmac32, 'api-secret', 'api')), id: 'internal-id' };
    const jwt = await signWith(testKeys().hmac32, { sub: 'user-1', iat: NOW - 60, exp: NOW + 14 * 60 }, 'HS256', { kid: 'api' });
    const decoded = decodeToken(jwt);
    const summary = summarizeVerdict(judge(decoded, await verifyToken(decoded, [key]), { now: NOW }));
    assert.deepEqual(
      { ...summary, header: undefined, payload: undefined },
      {
        kind: 'jws',
        header: undefined,
        payload: undefined,
        payloadText: undefined,
        error: undefined,
        alg: 'HS256',
        kid: 'api',
        title: 'JWT HS256 · expires in 14 min · ✓ signed by api-secret',
        time: { state: 'valid', secondsFromNow: 840, summary: 'expires in 14 min' },
        signature: { status: 'valid', message: summary.signature?.message, keyLabel: 'api-secret' },
        lints: [],
      },
    );
    assert.deepEqual([summary.header, summary.payload], [decoded.header, decoded.payload]);
    assert.doesNotMatch(JSON.stringify(summary), /internal-id/);
  });

  it('an unchecked signature has no signature member; a text payload is given as text', () => {
    const decoded = decodeToken(assemble({ alg: 'HS256' }, 'plain text'));
    const summary = summarizeVerdict(judge(decoded, undefined, { now: NOW }));
    assert.deepEqual([summary.signature, summary.payload, summary.payloadText], [undefined, undefined, 'plain text']);
  });

  it('alg and kid from token content are one line each, capped', () => {
    const decoded = decodeToken(assemble({ alg: 'HS256\nX', kid: `k\n${'i'.repeat(200)}` }, { sub: 'x' }));
    const summary = summarizeVerdict(judge(decoded, undefined, { now: NOW }));
    assert.ok(!summary.alg?.includes('\n') && !summary.kid?.includes('\n'), JSON.stringify([summary.alg, summary.kid]));
    assert.ok((summary.kid?.length ?? 0) <= 80, String(summary.kid?.length));
  });
});
