// The flows a newcomer walks, each command invoked with exactly the arguments VS Code passes from
// where it is contributed. Prompts are answered through Prompts; the outcome is read from VS Code.
// Here the Keys view: nothing from a view/title button with no key focused, the focused key and the
// selection from a view/title button or the view's context menu.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoredKey } from '../../../src/services/keyStore';
import { testKeys } from '../../support/keys';
import { rememberSecret } from '../../support/secrets';
import {
  closeAllEditors,
  deleteAllKeys,
  eventually,
  keysViewElement,
  run,
  storedKeyLabels as labels,
  testHooks,
  writeWorkspaceFile,
} from '../helpers';
import { answering, Prompts, titles, type Answer } from '../prompts';

const TEXT_SECRET = 'demo-hs256-secret-that-is-long-enough-to-sign';
const BASE64_SECRET = 'q3Jf8ZkP0mX2vT9bLw4Y7sNc1HdE6gRaVb5Tn0Qw8Zx3Lm7Ky2Pd9Hs4Fj6Gt1R=';

describe('Newcomer flows (in the extension host)', () => {
  before(() => {
    for (const secret of [TEXT_SECRET, BASE64_SECRET]) {
      rememberSecret(secret);
    }
  });

  describe('Keys view title buttons (view/title: the focused key and the selection are passed)', () => {
    let selected: StoredKey;
    beforeEach(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'demo-hs256', label: 'demo-hs256' });
      selected = await keysViewElement('demo-hs256');
    });
    afterEach(closeAllEditors);

    it("Generate Key with a key selected asks the type and the name, and never copies the selected key's label or kid", async () => {
      const { result, prompts } = await answering<string>(['P-256', 'edge-signer'], 'jwtLens.generateKey', selected, [selected]);
      assert.deepEqual(titles(prompts), ['Generate Key (1/2)', 'Generate Key (2/2)']);
      assert.notEqual(prompts.asked[1].value, 'demo-hs256');
      const key = (await testHooks()).keyStore.get(result!)!;
      assert.equal(key.label, 'edge-signer');
      assert.notEqual(key.kid, 'demo-hs256');
      assert.deepEqual(await labels(), ['demo-hs256', 'edge-signer']);
      // The type first: the default sidebar width cuts the end of the row.
      assert.equal((await testHooks()).keysTree.getTreeItem(key).description, `EC P-256 · can decrypt · kid ${key.kid}`);
      assert.equal(
        prompts.messages('information')[0],
        `Generated EC P-256 key edge-signer (kid ${key.kid}). Its public key is open in the tab edge-signer.public.pem; share that, never the private key.`,
      );
      assert.equal(vscode.window.activeTextEditor?.document.fileName.endsWith('edge-signer.public.pem'), true);
    });

    it('Generate Key while a file is open shows the public key beside it, the file staying in front', async () => {
      const uri = await writeWorkspaceFile('keys-view/notes.txt', 'notes\n');
      const working = await vscode.window.showTextDocument(uri);
      const { prompts } = await answering<string>(['P-256', 'beside-signer'], 'jwtLens.generateKey', undefined, []);
      const pem = await eventually(
        () => vscode.window.visibleTextEditors.find((editor) => editor.document.fileName.endsWith('beside-signer.public.pem')),
        5000,
        'the public key',
      );
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
      assert.notEqual(pem.viewColumn, working.viewColumn);
      assert.match(prompts.messages('information')[0], /Its public key is open in the tab beside-signer\.public\.pem; /);
    });

    it('Generate Key with no key focused (no argument) asks the same', async () => {
      const { prompts } = await answering(['Ed25519', 'ed-key'], 'jwtLens.generateKey', undefined, []);
      assert.deepEqual(titles(prompts), ['Generate Key (1/2)', 'Generate Key (2/2)']);
      assert.deepEqual(await labels(), ['demo-hs256', 'ed-key']);
    });

    it('Generate Key: cancelling either step adds nothing; an empty name is refused and asked again', async () => {
      await answering([undefined], 'jwtLens.generateKey', selected, [selected]);
      await answering(['P-256', undefined], 'jwtLens.generateKey', selected, [selected]);
      assert.deepEqual(await labels(), ['demo-hs256']);
      const { prompts } = await answering(['P-256', '  ', 'named'], 'jwtLens.generateKey', selected, [selected]);
      assert.deepEqual(prompts.asked[1].refused, ['A key needs a name.']);
      assert.deepEqual(await labels(), ['demo-hs256', 'named']);
    });

    it('Add Signing Key with a key selected shows numbered steps and an empty kid box, not the selected kid', async () => {
      const { result, prompts } = await answering<string[]>(['Paste', TEXT_SECRET, 'api-hs256'], 'jwtLens.addKey', selected, [selected]);
      assert.deepEqual(titles(prompts), ['Add Signing Key (1/3)', 'Add Signing Key (2/3)', 'Add Signing Key (3/3)']);
      assert.equal(prompts.asked[1].password, true);
      assert.equal(prompts.asked[2].value, '');
      const key = (await testHooks()).keyStore.get(result![0])!;
      assert.deepEqual([key.label, key.kid, key.form], ['api-hs256', 'api-hs256', 'hmac-text']);
      assert.equal(prompts.messages('information')[0], 'Added key api-hs256: HMAC secret (text), HMAC 360-bit. Signs HS256.');
    });

    it('Add Signing Key From Clipboard counts its steps as Paste does, and says what an empty kid means', async () => {
      await vscode.env.clipboard.writeText(TEXT_SECRET);
      const { prompts } = await answering<string[]>(['From Clipboard', ''], 'jwtLens.addKey', selected, [selected]);
      await vscode.env.clipboard.writeText('');
      assert.deepEqual(titles(prompts), ['Add Signing Key (1/3)', 'Add Signing Key (3/3)']);
      assert.equal(
        prompts.asked[1].prompt,
        'HMAC secret (text), HMAC 360-bit. The key ID (kid) tokens name this key by; left empty, tokens it signs name no key.',
      );
    });

    it('Add Signing Key From Clipboard offers Clear Clipboard on its confirmation, and the button empties the clipboard', async () => {
      await vscode.env.clipboard.writeText(testKeys().ecPkcs8Pem);
      const prompts = new Prompts('From Clipboard', 'clip-ec').press('Added key clip-ec', 'Clear Clipboard');
      try {
        await run('jwtLens.addKey', selected, [selected]);
        assert.match(prompts.shown[0].message, /^Added key clip-ec: PKCS#8 private key \(PEM\), /);
        assert.deepEqual([prompts.shown[0].level, prompts.shown[0].buttons], ['information', ['Clear Clipboard']]);
        await eventually(
          async () => ((await vscode.env.clipboard.readText()) === '' ? true : undefined),
          3000,
          'the clipboard to be cleared',
        );
      } finally {
        prompts.dispose();
        await vscode.env.clipboard.writeText('');
      }
    });

    it('Clear Clipboard pressed after something else was copied leaves the clipboard alone; a public key gets no button', async () => {
      await vscode.env.clipboard.writeText(testKeys().ecPkcs8Pem);
      const prompts = new Prompts('From Clipboard', 'clip-later');
      // The toast stays until the button is pressed: hold the press until the clipboard has changed.
      let press: ((button: string) => void) | undefined;
      const window = vscode.window as unknown as Record<string, unknown>;
      window.showInformationMessage = (_message: string, ...buttons: string[]) => {
        assert.deepEqual(buttons, ['Clear Clipboard']);
        return new Promise((resolve) => (press = resolve));
      };
      try {
        await run('jwtLens.addKey', selected, [selected]);
        await vscode.env.clipboard.writeText('copied since');
        press!('Clear Clipboard');
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(await vscode.env.clipboard.readText(), 'copied since');
      } finally {
        prompts.dispose();
      }
      await vscode.env.clipboard.writeText(testKeys().rsaSpkiPem);
      const { prompts: shown } = await answering<string[]>(['From Clipboard', 'clip-public'], 'jwtLens.addKey', selected, [selected]);
      assert.deepEqual(shown.shown[0].buttons, []);
      await vscode.env.clipboard.writeText('');
    });

    it('Export Public Keys (the title button) with an HMAC key selected exports the key set, not the selection', async () => {
      await run('jwtLens.addKey', { text: testKeys().ecPkcs8Pem, kid: 'ec-kid', label: 'ec' });
      const { result, prompts } = await answering<string>(['JWKS', 'Open in Editor'], 'jwtLens.exportPublicKeys', selected, [selected]);
      assert.deepEqual(prompts.asked[0].items, ['PEM', 'JWK', 'JWKS']);
      assert.deepEqual(
        (JSON.parse(result!) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid),
        ['ec-kid'],
      );
      assert.deepEqual(prompts.messages('error'), []);
    });

    it('Add Signing Key: cancelling at any step adds nothing', async () => {
      for (const answers of [[undefined], ['Paste', undefined], ['Paste', TEXT_SECRET, undefined]] as Answer[][]) {
        await answering(answers, 'jwtLens.addKey', selected, [selected]);
        assert.deepEqual(await labels(), ['demo-hs256'], JSON.stringify(answers));
      }
    });

    it('Add Signing Key: a key that cannot be read is asked for again with the text kept and the reason shown', async () => {
      const broken = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----';
      const { prompts } = await answering(['Paste', broken, testKeys().ecPkcs8Pem, 'fixed'], 'jwtLens.addKey');
      assert.deepEqual(titles(prompts), [
        'Add Signing Key (1/3)',
        'Add Signing Key (2/3)',
        'Add Signing Key (2/3)',
        'Add Signing Key (3/3)',
      ]);
      assert.equal(prompts.asked[2].value, broken);
      assert.match(
        prompts.asked[2].prompt ?? '',
        /^Cannot read this key: Damaged PRIVATE KEY PEM: its base64 body or structure could not be read\./,
      );
      assert.deepEqual(await labels(), ['demo-hs256', 'fixed']);
    });

    it('Add Signing Key asks how a secret is written only when it reads as base64 too', async () => {
      const { prompts } = await answering(['Paste', BASE64_SECRET, 'Base64-encoded secret', 'b64'], 'jwtLens.addKey');
      assert.deepEqual(titles(prompts), [
        'Add Signing Key (1/3)',
        'Add Signing Key (2/3)',
        'Add Signing Key (3/4)',
        'Add Signing Key (4/4)',
      ]);
      assert.equal((await testHooks()).keyStore.find('b64')?.form, 'hmac-base64');
    });

    it('Add Signing Key warns that a short secret cannot sign; "Enter Another Secret" keeps what was typed', async () => {
      // A short secret that is not on the known-secrets list (those are refused outright).
      const { prompts } = await answering(['Paste', 'q7z', 'Enter Another Secret', TEXT_SECRET, 'long'], 'jwtLens.addKey');
      assert.equal(prompts.asked[2].placeHolder, 'This secret is 3 bytes: too short to sign (HS256 needs 32); it could only verify.');
      assert.equal(prompts.asked[3].value, 'q7z');
      assert.deepEqual(await labels(), ['demo-hs256', 'long']);
      const verifyOnly = await answering(['Paste', 'q7z', 'Add It to Verify Only', 'short'], 'jwtLens.addKey');
      assert.match(verifyOnly.prompts.messages('warning')[0], /^Added key short: .*Too short to sign with/);
    });

    it('Export Public Key with no public key says so before asking a format', async () => {
      const { prompts } = await answering([], 'jwtLens.exportPublicKey');
      assert.deepEqual(prompts.messages('error'), ['No stored key has a public half to export (an HMAC secret has none).']);
    });
  });

  describe('Keys view context menu (view/item/context: the element and the selection are passed)', () => {
    let element: StoredKey;
    beforeEach(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().ecPkcs8Pem, kid: 'ctx-kid', label: 'ctx' });
      element = await keysViewElement('ctx');
    });

    it('Rename Key asks the new name, pre-filled, and renames', async () => {
      const { result, prompts } = await answering(['renamed'], 'jwtLens.renameKey', element, [element]);
      assert.equal(prompts.asked[0].value, 'ctx');
      assert.equal(result, 'renamed');
      assert.deepEqual(await labels(), ['renamed']);
    });

    it('Delete Key asks first with Keep as the default, and keeps the key unless Delete is pressed', async () => {
      const kept = new Prompts();
      try {
        assert.equal(await run('jwtLens.deleteKey', element, [element]), undefined);
        assert.deepEqual(
          kept.shown.map((shown) => [shown.message, shown.buttons, shown.modal]),
          [['Delete signing key "ctx" (kid ctx-kid)?', ['Keep', 'Delete'], true]],
        );
      } finally {
        kept.dispose();
      }
      assert.deepEqual(await labels(), ['ctx']);
      const confirmed = new Prompts().press('Delete signing key', 'Delete');
      try {
        assert.equal(await run('jwtLens.deleteKey', element, [element]), true);
      } finally {
        confirmed.dispose();
      }
      assert.deepEqual(await labels(), []);
    });

    it('Restore Key asks for the key again (the selection list is not the key text)', async () => {
      const { result, prompts } = await answering([undefined], 'jwtLens.restoreKey', element, [element]);
      assert.equal(result, undefined);
      assert.deepEqual(titles(prompts), ['Restore ctx']);
    });

    it('the tooltip shows the kid as it is, without Markdown escapes', async () => {
      const tooltip = (await testHooks()).keysTree.getTreeItem(element).tooltip as vscode.MarkdownString;
      assert.match(tooltip.value, /^- kid: `ctx-kid`$/m);
    });

    it('Copy Key ID on a key without a kid copies nothing, says so and offers to set one', async () => {
      await run('jwtLens.addKey', { text: testKeys().rsaPkcs8Pem, label: 'no-kid' });
      const noKid = await keysViewElement('no-kid');
      assert.equal(noKid.kid, undefined);
      await vscode.env.clipboard.writeText('before');
      const declined = await answering([], 'jwtLens.copyKeyId', noKid, [noKid]);
      assert.equal(declined.result, undefined);
      assert.deepEqual(
        declined.prompts.shown.map((shown) => [shown.message, shown.buttons]),
        [['Key no-kid has no kid: tokens it signs name no key, and its JWKS entry has none.', ['Set Key ID']]],
      );
      assert.equal(await vscode.env.clipboard.readText(), 'before');
      const prompts = new Prompts('set-kid').press('has no kid', 'Set Key ID');
      try {
        assert.equal(await run('jwtLens.copyKeyId', noKid, [noKid]), 'set-kid');
      } finally {
        prompts.dispose();
      }
      assert.equal(await vscode.env.clipboard.readText(), 'set-kid');
      assert.equal((await testHooks()).keyStore.get(noKid.id)?.kid, 'set-kid');
    });

    it("Copy Key ID copies the element's kid", async () => {
      assert.equal(await run('jwtLens.copyKeyId', element, [element]), 'ctx-kid');
      assert.equal(await vscode.env.clipboard.readText(), 'ctx-kid');
    });
  });
});
