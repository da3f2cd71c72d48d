// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here a token whose kid no stored key has: the JSON arguments of a hover or CodeLens link, the decoded
// view's actions and a code action's command arguments lead to adding its key; then it verifies.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testCertificate, testKeys } from '../../support/keys';
import { rememberSecret } from '../../support/secrets';
import { signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, run, testHooks, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering, titles } from '../prompts';

const TEXT_SECRET = 'demo-hs256-secret-that-is-long-enough-to-sign';

const write = (relative: string, content: string) => writeWorkspaceFile(`missing-kid/${relative}`, content);

describe('Newcomer flows (in the extension host)', () => {
  before(() => {
    for (const secret of [TEXT_SECRET, testKeys().muxPrivateKeyBase64]) {
      rememberSecret(secret);
    }
  });
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('missing-kid'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  describe('Making a token verify from where its missing kid is shown (hover, CodeLens, decoded view)', () => {
    let uri: vscode.Uri;
    let hsToken: string;
    let muxToken: string;
    before(async () => {
      await deleteAllKeys();
      hsToken = await signWith(TEXT_SECRET, { sub: 'user-1', exp: Math.floor(Date.now() / 1000) + 3600 }, 'HS256', { kid: 'demo-hs256' });
      muxToken = await signWith(
        testKeys().rsaPkcs1Pem,
        { sub: 'abc123PlaybackId', aud: 'v', exp: Math.floor(Date.now() / 1000) + 3600 },
        'RS256',
        { kid: 'MuxKey4VzQ', kidIn: 'payload' },
      );
      uri = await write('verify-me.env', `API_TOKEN=${hsToken}\nMUX_TOKEN=${muxToken}\n`);
    });
    after(async () => {
      await closeAllEditors();
      await deleteAllKeys();
    });

    async function hoverLinks(token: string): Promise<Map<string, unknown[]>> {
      const document = await vscode.workspace.openTextDocument(uri);
      const position = document.positionAt(document.getText().indexOf(token) + 5);
      const text = await eventually(
        async () => {
          const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
          const value = hovers.flatMap((hover) => hover.contents.map((content) => (content as vscode.MarkdownString).value)).join('\n');
          return value.includes('verifying…') ? undefined : value;
        },
        5000,
        'the hover to finish verifying',
      );
      const links = new Map<string, unknown[]>();
      for (const match of text.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]*)\)/g)) {
        links.set(`${match[1]} → ${match[2]}`, JSON.parse(decodeURIComponent(match[3])));
      }
      return links;
    }

    it('the hover of a token whose kid is missing offers "Add Key for kid", pre-filling the kid; then the token verifies', async () => {
      const links = await hoverLinks(hsToken);
      const args = links.get('Add Key for kid demo\\-hs256 → jwtLens.addKey');
      assert.deepEqual(args, [{ kid: 'demo-hs256' }]);
      const { prompts } = await answering(['Paste', TEXT_SECRET, 'demo-hs256'], 'jwtLens.addKey', ...args!);
      assert.equal(prompts.asked[2].value, 'demo-hs256');
      const lenses = await eventually(
        async () => {
          const found = (await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)).map((lens) => lens.command?.title ?? '');
          return found.some((title) => title.endsWith('✓ signed by demo-hs256')) ? found : undefined;
        },
        5000,
        'the lens to read signed',
      );
      assert.ok(!lenses.some((title) => title.startsWith('Add Key for kid demo-hs256')), lenses.join(' | '));
    });

    it('a Mux token (kid in the claims) gets a CodeLens to Add Mux Signing Key with its key id; a wrong paste stays in the box', async () => {
      const lens = await eventually(
        async () => {
          const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
          return lenses.find((candidate) => candidate.command?.title === 'Add Key for kid MuxKey4VzQ');
        },
        5000,
        'the add-key lens',
      );
      assert.equal(lens.command!.command, 'jwtLens.addMuxKey');
      assert.deepEqual(lens.command!.arguments, [{ kid: 'MuxKey4VzQ' }]);
      const publicOnly = Buffer.from(testKeys().rsaSpkiPem).toString('base64');
      const { prompts } = await answering([publicOnly, testKeys().muxPrivateKeyBase64], lens.command!.command, ...lens.command!.arguments!);
      assert.deepEqual(titles(prompts), ['Add Mux Signing Key (2/2)']);
      assert.match(prompts.asked[0].refused[0], /^Not a Mux signing key: It is SPKI public key .*, not a private signing key\./);
      assert.equal((await testHooks()).keyStore.find('MuxKey4VzQ')?.provider, 'mux');
    });

    it('a FastPix token (kid in the claims, iss fastpix) gets Add FastPix Signing Key with its key id', async () => {
      // Signed with another RSA key than the stored Mux one, which is tried in its place and fails.
      const fastpix = await signWith(
        testCertificate().privateKeyPem,
        { aud: 'media:fp-media-1', iss: 'fastpix.io', exp: Math.floor(Date.now() / 1000) + 3600 },
        'RS256',
        { kid: 'fp-key-1', kidIn: 'payload' },
      );
      const fastpixUri = await write('fastpix.env', `FP_TOKEN=${fastpix}\n`);
      await vscode.workspace.openTextDocument(fastpixUri);
      const lens = await eventually(
        async () => {
          const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fastpixUri, 10);
          return lenses.find((candidate) => candidate.command?.title === 'Add Key for kid fp-key-1');
        },
        5000,
        'the add-key lens',
      );
      assert.deepEqual([lens.command!.command, lens.command!.arguments], ['jwtLens.addFastPixKey', [{ kid: 'fp-key-1' }]]);
    });

    it('the hover of a Mux token offers Copy Signed URL, and the decoded view shows the URL with the token', async () => {
      const links = await hoverLinks(muxToken);
      const args = links.get('Copy Signed URL → jwtLens.copySignedUrl');
      assert.ok(args, [...links.keys()].join(', '));
      const url = `https://stream.mux.com/abc123PlaybackId.m3u8?token=${muxToken}`;
      assert.equal(await run('jwtLens.copySignedUrl', ...args), url);
      assert.equal(await vscode.env.clipboard.readText(), url);
      await run('jwtLens.openDecoded', ...links.get('Open Decoded → jwtLens.openDecoded')!);
      assert.equal((await testHooks()).decodedView.current?.signedUrl, url);
    });

    it('Verify Token without a key verifies with the stored key its kid names, asking nothing; Verify with… in the hover asks', async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: TEXT_SECRET, kid: 'demo-hs256', label: 'demo-hs256', secretEncoding: 'text' });
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'other-hs', label: 'other-hs' });
      // As automation, and as the palette runs it with the cursor on the token.
      const automatic = await answering<{ status: string; key: { label: string } }>([], 'jwtLens.verifyToken', hsToken);
      assert.deepEqual([automatic.result?.status, automatic.result?.key.label, automatic.prompts.asked], ['valid', 'demo-hs256', []]);
      assert.deepEqual(automatic.prompts.shown, [
        { level: 'information', message: 'Signature valid: signed by demo-hs256.', buttons: [], modal: false },
      ]);
      const editor = await vscode.window.showTextDocument(uri);
      const at = editor.document.positionAt(editor.document.getText().indexOf(hsToken) + 5);
      editor.selection = new vscode.Selection(at, at);
      const fromPalette = await answering<{ status: string }>([], 'jwtLens.verifyToken');
      assert.deepEqual([fromPalette.result?.status, fromPalette.prompts.asked.length], ['valid', 0]);
      // The hover's link says "choose": the picker offers the kid's key first.
      const args = (await hoverLinks(hsToken)).get('Verify with… → jwtLens.verifyToken');
      assert.deepEqual(args?.[1], { choose: true });
      const chosen = await answering<{ status: string }>(['other-hs'], 'jwtLens.verifyToken', ...args!);
      assert.deepEqual(chosen.prompts.asked[0].items, ['$(key) demo-hs256', '$(key) other-hs']);
      assert.equal(chosen.result?.status, 'invalid-signature');
    });

    it('Verify Token without a key asks only when no stored key can answer', async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'other-hs', label: 'other-hs' });
      const tampered = `${hsToken.slice(0, hsToken.lastIndexOf('.'))}.${'A'.repeat(43)}`;
      await run('jwtLens.addKey', { text: TEXT_SECRET, kid: 'demo-hs256', label: 'demo-hs256', secretEncoding: 'text' });
      const bad = await answering<{ status: string }>([], 'jwtLens.verifyToken', tampered);
      assert.deepEqual([bad.result?.status, bad.prompts.asked.length, bad.prompts.shown[0]?.level], ['invalid-signature', 0, 'warning']);
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
      const unsignedResult = await answering<{ status: string }>([], 'jwtLens.verifyToken', unsigned);
      assert.deepEqual([unsignedResult.result?.status, unsignedResult.prompts.asked.length], ['unsigned', 0]);
      // A kid no stored key has: the HMAC keys are offered (Escape: cancelled); no RSA key at all: the way to add one.
      const elsewhere = await signWith(testKeys().hmac32, { sub: 'x' }, 'HS256', { kid: 'kid-elsewhere' });
      const asked = await answering<undefined>([undefined], 'jwtLens.verifyToken', elsewhere);
      assert.deepEqual([asked.result, asked.prompts.asked[0]?.title], [undefined, 'Verify HS256 with which key?']);
      const rs = await signWith(testKeys().rsaPkcs1Pem, { sub: 'x' }, 'RS256', { kid: 'rs-missing' });
      const none = await answering<unknown>([], 'jwtLens.verifyToken', rs);
      assert.deepEqual(none.result, { error: { code: 'ERR_NO_SUITABLE_KEY', message: 'No stored key can verify RS256.' } });
      assert.equal(none.prompts.asked.length, 0);
    });

    it('the decoded view offers "Add Key for kid" while the key is missing', async () => {
      await deleteAllKeys();
      const links = await hoverLinks(hsToken);
      await run('jwtLens.openDecoded', ...links.get('Open Decoded → jwtLens.openDecoded')!);
      const view = (await testHooks()).decodedView;
      assert.deepEqual(view.current?.actions, ['Add Key for kid demo-hs256']);
    });

    it('a code action offers "Add Key for kid" with the kid', async () => {
      await deleteAllKeys();
      const document = await vscode.workspace.openTextDocument(uri);
      const at = document.positionAt(document.getText().indexOf(hsToken) + 5);
      const actions = await eventually(
        async () => {
          const found = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at));
          return found.some((action) => action.title === 'Add Key for kid demo-hs256') ? found : undefined;
        },
        5000,
        'the add-key code action',
      );
      const add = actions.find((action) => action.title === 'Add Key for kid demo-hs256')!;
      assert.deepEqual([add.command?.command, add.command?.arguments], ['jwtLens.addKey', [{ kid: 'demo-hs256' }]]);
      assert.deepEqual(
        actions.map((action) => action.title).filter((title) => /Payload|Decoded/.test(title)),
        ['Copy Payload', 'Open Decoded'],
      );
    });
  });
});
