// Error codes and command ids are closed lists: a misspelt one is a compile error (`npx tsc`, part
// of the static stage), not a failure found at run time. The expected type errors below stop
// compiling if either list is opened up again.
import * as assert from 'node:assert/strict';
import { JwtLensError, type ErrorCode } from '../../../src/util/errors';
import { COMMANDS } from '../../../src/util/commandIds';
import type { CommandTable } from '../../../src/shared/commandTable';

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

describe('closed names: command ids', () => {
  it('a command table takes the ids of util/commandIds.ts and refuses a misspelt one', () => {
    const table: CommandTable = {
      [COMMANDS.decodeToken]: () => undefined,
      // @ts-expect-error: not a command id
      'jwtLens.decodeTokne': () => undefined,
    };
    assert.deepEqual(Object.keys(table), ['jwtLens.decodeToken', 'jwtLens.decodeTokne']);
  });
});
