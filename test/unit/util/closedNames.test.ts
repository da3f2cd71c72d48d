// Error codes and command ids are closed lists: a misspelt one is a compile error (`npx tsc`, part
// of the static stage), not a failure found at run time. The expected type errors below stop
// compiling if either list is opened up again.
import * as assert from 'node:assert/strict';
import { JwtLensError, type ErrorCode } from '../../../src/util/errors';

describe('closed names: error codes', () => {
  it('takes command codes and every core result code, and refuses a misspelt one', () => {
    const codes: ErrorCode[] = [
      'ERR_NO_TOKEN',
      'ERR_SIGN_ALG',
      'ERR_KEY_PEM',
      'ERR_CLAIMS_TIME',
      'ERR_RESIGN_REFUSED',
      'ERR_HTTP_URL',
      'ERR_JWKS',
    ];
    // @ts-expect-error: not a code
    const misspelt = new JwtLensError('ERR_NO_TOKNE', 'No JWT found.');
    assert.equal(codes.length, 7);
    assert.equal(misspelt.code, 'ERR_NO_TOKNE');
  });
});
