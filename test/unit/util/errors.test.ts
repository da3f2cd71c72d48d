// The one error model (src/util/errors.ts): a stable code, a message fit to show, actions, and a
// cause that is kept apart; what a failing command returns is code and message only.
import * as assert from 'node:assert/strict';
import { commandFailure, fromResult, JwtLensError, missingSecret } from '../../../src/util/errors';
import { importKeyText } from '../../../src/core/keys/importKey';
import { signingRefusal } from '../../../src/core/sign/sign';

describe('JwtLensError', () => {
  it('carries a stable code, the message to show, its actions and its cause, apart', () => {
    const cause = new Error('keychain said: no such collection');
    const error = new JwtLensError('ERR_SECRET_STORAGE', 'Could not save the key.', {
      actions: [{ title: 'Retry', command: 'jwtLens.addKey' }],
      cause,
    });
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'JwtLensError');
    assert.equal(error.code, 'ERR_SECRET_STORAGE');
    assert.equal(error.message, 'Could not save the key.');
    assert.deepEqual(error.actions, [{ title: 'Retry', command: 'jwtLens.addKey' }]);
    assert.equal(error.cause, cause);
  });

  it('has no actions and no cause unless given', () => {
    const error = new JwtLensError('ERR_NO_TOKEN', 'No JWT found.');
    assert.deepEqual(error.actions, []);
    assert.equal(error.cause, undefined);
    assert.equal('cause' in error, false);
  });
});

describe('commandFailure: what a failing command returns', () => {
  it('is { error: { code, message } }: no actions, no cause, no stack', () => {
    const error = new JwtLensError('ERR_KEY_NOT_FOUND', 'No stored key named prod.', {
      actions: [{ title: 'Add Signing Key', command: 'jwtLens.addKey' }],
      cause: new Error('secret'),
    });
    const failure = commandFailure(error);
    assert.deepEqual(failure, { error: { code: 'ERR_KEY_NOT_FOUND', message: 'No stored key named prod.' } });
    assert.deepEqual(JSON.parse(JSON.stringify(failure)), failure);
  });
});

describe("fromResult: a core result's error as a JwtLensError", () => {
  it('keeps the core code and puts the message in context, without the key text', async () => {
    const secretText =
      '-----BEGIN PRIVATE KEY-----\nTUlJRXZnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2d3Z2dTa0FnRUFBb0lCQVFD\n-----END PRIVATE KEY-----';
    const result = await importKeyText(secretText);
    assert.ok(!result.ok);
    const error = fromResult(result.error, 'Cannot add this key: ');
    assert.equal(error.code, result.error.code);
    assert.equal(error.message, `Cannot add this key: ${result.error.message}`);
    assert.ok(!error.message.includes('TUlJRXZnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2d3Z2dTa0FnRUFBb0lCQVFD'));
  });

  it('passes a signing refusal through with its ERR_SIGN_* code', () => {
    const refusal = signingRefusal({ isPrivate: false, type: 'RSA', label: 'pub', algorithms: { sign: [], verify: ['RS256'] } }, 'RS256');
    assert.ok(refusal);
    const error = fromResult(refusal);
    assert.deepEqual(
      [error.code, error.message],
      ['ERR_SIGN_PUBLIC_KEY', 'Key pub is public-only: it can verify but not sign. Add its private key.'],
    );
  });
});

describe('missingSecret: the one wording of a key whose secret is gone', () => {
  it('names the key, says where to restore it, and carries the given actions', () => {
    const error = missingSecret('prod-key', [{ title: 'Restore Key', command: 'jwtLens.restoreKey', args: 'id-1' }]);
    assert.equal(error.code, 'ERR_KEY_SECRET_MISSING');
    assert.equal(
      error.message,
      "The secret of key prod-key is missing from this machine's secret storage. Restore it from the Keys view (JWT Lens in the activity bar).",
    );
    assert.deepEqual(error.actions, [{ title: 'Restore Key', command: 'jwtLens.restoreKey', args: 'id-1' }]);
  });
});
