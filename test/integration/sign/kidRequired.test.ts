// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Here Mux and FastPix claims, which those platforms refuse without a kid:
// a key without one is a Problem in the claims file, signing refuses with the ways out, and the key
// picker offers only keys with a kid.
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { testKeys } from '../../support/keys';
import { closeAllEditors, deleteAllKeys, diagnosticCodes, eventually, run, workspaceUri, writeWorkspaceFile } from '../helpers';
import { Prompts } from '../prompts';
import { rememberSecret } from '../../support/secrets';

const write = (relative: string, content: string) => writeWorkspaceFile(`kid-required/${relative}`, content);

describe('Newcomer flows (in the extension host)', () => {
  describe('Mux and FastPix claims need a key with a kid', () => {
    before(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().rsaPkcs8Pem, label: 'nokid' });
    });
    after(async () => {
      await closeAllEditors();
      await deleteAllKeys();
      await vscode.workspace.fs.delete(workspaceUri('kid-required'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });

    it('a Mux claims file naming a key without a kid has a Problem on "$jwt.key", and signing it from the editor title refuses with the ways out', async () => {
      const content = '{\n  "sub": "abc123",\n  "aud": "v",\n  "exp": "15m",\n  "$jwt": { "key": "nokid", "kidIn": "payload" }\n}\n';
      const uri = await write('named.claims.json', content);
      await vscode.window.showTextDocument(uri);
      const prompts = new Prompts();
      let result: { error?: { code: string } } | undefined;
      try {
        result = await run('jwtLens.signClaimsFile', uri);
      } finally {
        prompts.dispose();
      }
      assert.equal(result?.error?.code, 'ERR_SIGN_NO_KID');
      assert.deepEqual(prompts.shown, [
        {
          level: 'error',
          message:
            'Mux refuses a token without a "kid", and key nokid has none. Sign with your Mux signing key (it has one), or add it with Add Mux Signing Key.',
          buttons: ['Sign with Another Key…', 'Add Mux Key'],
          modal: false,
        },
      ]);
      assert.deepEqual(diagnosticCodes(uri), ['kid-missing']);
      const [diagnostic] = vscode.languages.getDiagnostics(uri);
      assert.equal(diagnostic.range.start.line, 4, 'on "$jwt.key"');
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), content, 'the file is unchanged');
    });

    it('without "$jwt.key", the picker offers only keys with a kid; with none, it says to add the Mux key', async () => {
      const uri = await write(
        'picked.claims.json',
        '{ "sub": "abc123", "aud": "v", "exp": "15m", "$jwt": { "alg": "RS256", "kidIn": "payload" } }\n',
      );
      await vscode.window.showTextDocument(uri);
      const refused = new Prompts();
      try {
        const result = await run<{ error?: { code: string } }>('jwtLens.signClaimsFile', uri);
        assert.equal(result?.error?.code, 'ERR_SIGN_NO_KID');
      } finally {
        refused.dispose();
      }
      assert.deepEqual(
        refused.shown.map((shown) => [shown.message, shown.buttons]),
        [
          [
            'Mux refuses a token without a "kid", and none of your keys that can sign it has one. Add your Mux signing key.',
            ['Add Mux Key'],
          ],
        ],
      );

      // Another RSA key than "nokid" (the same key would be stored once), handed out as Mux does.
      const muxPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      const privateKey = Buffer.from(muxPem).toString('base64');
      rememberSecret(privateKey);
      await run('jwtLens.addMuxKey', { keyId: 'mux-kid', privateKey, label: 'mux' });
      const prompts = new Prompts('mux', 'Copy to Clipboard');
      try {
        const signed = await run<{ token: string }>('jwtLens.signClaimsFile', uri);
        assert.equal(decodeToken(signed!.token).payload?.kid, 'mux-kid');
      } finally {
        prompts.dispose();
      }
      assert.deepEqual(prompts.asked[0].items, ['$(key) mux'], 'the key without a kid is not offered');
      await eventually(() => (diagnosticCodes(uri).length === 0 ? true : undefined), 3000, 'no Problems');
    });
  });
});
