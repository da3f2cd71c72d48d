// One failure shape for every command (docs/api.md, "Results and failures"): a failing command shows its message
// once, as an error with the buttons that fix it, and returns { error: { code, message } } with
// that same message; a cancelled one shows nothing and returns undefined. Only the message
// functions are replaced, to record what is shown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Prompts, type Answer } from '../prompts';
import { closeAllEditors, deleteAllKeys, eventually } from '../helpers';

const UNEXPECTED = 'The JWT Lens command failed unexpectedly. See the JWT Lens output for details.';

async function recording(answers: Answer[], command: string, ...args: unknown[]): Promise<{ result: unknown; prompts: Prompts }> {
  const prompts = new Prompts(...answers);
  try {
    return { result: await vscode.commands.executeCommand(command, ...args), prompts };
  } finally {
    prompts.dispose();
  }
}

describe('Command failures: one shape, shown once by the command table', () => {
  before(deleteAllKeys);
  after(closeAllEditors);

  // One failure from each capability, and the code each fails with.
  // Generate Key names the kinds this host can make: Ed448 only where its Web Crypto has it.
  const kinds = async () => {
    const ed448 = await globalThis.crypto.subtle.generateKey({ name: 'Ed448' }, false, ['sign', 'verify']).then(
      () => 'Ed448, ',
      () => '',
    );
    return `Unknown key type DSA-1024; use one of RSA-2048, RSA-3072, RSA-4096, P-256, P-384, P-521, Ed25519, ${ed448}HMAC-256, HMAC-512.`;
  };
  const failures: Array<[string, unknown[], string, string | (() => Promise<string>)]> = [
    [
      'jwtLens.decodeToken',
      ['eyJhbGciOiJIUzI1NiJ9.only-two-parts'],
      'ERR_PART_COUNT',
      'Cannot decode this JWT. Token has 2 parts; a JWS has 3 and a JWE has 5, separated by dots.',
    ],
    ['jwtLens.verifyToken', ['eyJhbGciOiJIUzI1NiJ9.e30.c2ln', 'no-such-key'], 'ERR_KEY_NOT_FOUND', 'No stored key named no-such-key.'],
    ['jwtLens.renameKey', ['no-such-key', 'x'], 'ERR_KEY_NOT_FOUND', 'No stored key named no-such-key.'],
    ['jwtLens.generateKey', [{ kind: 'DSA-1024', label: 'x' }], 'ERR_INVALID_ARGUMENT', kinds],
    [
      'jwtLens.newClaimsFile',
      ['no-such-preset'],
      'ERR_INVALID_ARGUMENT',
      'No preset "no-such-preset"; use one of mux-video, mux-thumbnail, mux-gif, mux-storyboard, mux-data, mux-drm, fastpix-playback, api-access.',
    ],
    [
      'jwtLens.copySignedUrl',
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
      'ERR_TOKEN_UNSUITABLE',
      'This token has no signed URL: only Mux playback (aud v, t, g or s, with sub) and FastPix (aud media:<id>) tokens carry one.',
    ],
  ];
  for (const [command, args, code, expected] of failures) {
    it(`${command} returns { error: { code: ${code}, message } } and shows that message once`, async () => {
      const message = typeof expected === 'string' ? expected : await expected();
      const { result, prompts } = await recording([], command, ...args);
      assert.deepEqual(result, { error: { code, message } });
      assert.deepEqual(
        prompts.shown.map((shown) => [shown.level, shown.message]),
        [['error', message]],
      );
    });
  }

  it('shows the fixes as buttons, and a button runs its fix', async () => {
    const prompts = new Prompts(undefined).press('No stored key named no-such-key', 'Add Signing Key');
    try {
      const result = await vscode.commands.executeCommand('jwtLens.renameKey', 'no-such-key', 'x');
      assert.deepEqual(result, { error: { code: 'ERR_KEY_NOT_FOUND', message: 'No stored key named no-such-key.' } });
      assert.deepEqual(
        prompts.shown.map((shown) => shown.buttons),
        [['Add Signing Key']],
      );
      // Add Signing Key runs and asks where the key is (Escape here).
      await eventually(() => (prompts.asked.length > 0 ? true : undefined), 5000, 'Add Signing Key to ask');
      assert.equal(prompts.asked[0].title, 'Add Signing Key (1/3)');
    } finally {
      prompts.dispose();
    }
  });

  it('an error that is not a JwtLensError is shown as a generic failure, with the same shape', async () => {
    // A file argument that is neither a path nor a Uri makes VS Code's own API throw.
    const { result, prompts } = await recording([], 'jwtLens.signClaimsFile', { file: 42, output: 'none' });
    assert.deepEqual(result, { error: { code: 'ERR_UNEXPECTED', message: UNEXPECTED } });
    assert.deepEqual(prompts.messages('error'), [UNEXPECTED]);
  });

  it('a cancelled command returns undefined and shows nothing', async () => {
    const { result, prompts } = await recording([undefined], 'jwtLens.generateKey');
    assert.equal(result, undefined);
    assert.deepEqual(prompts.shown, []);
  });
});
