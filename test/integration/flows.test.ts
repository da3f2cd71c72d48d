// The flows a newcomer walks (issue 19), each command invoked with exactly the arguments VS Code
// passes from where it is contributed: nothing from a view/title button with no key focused, the
// focused key and the selection from a view/title button or the view's context menu, the resource
// Uri from editor/title, editor/context and explorer/context, the JSON arguments of a hover or
// CodeLens link, a code action's command arguments. Prompts are answered through Prompts; the
// outcome is read from VS Code: the keys stored, the edit in a visible editor, the clipboard.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoredKey } from '../../src/services/keyStore';
import { testCertificate, testKeys } from '../support/keys';
import { rememberSecret } from '../support/secrets';
import { signWith } from '../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, run, testHooks, workspaceUri } from './helpers';
import { Prompts, type Answer } from './prompts';

const TEXT_SECRET = 'demo-hs256-secret-that-is-long-enough-to-sign';
const BASE64_SECRET = 'q3Jf8ZkP0mX2vT9bLw4Y7sNc1HdE6gRaVb5Tn0Qw8Zx3Lm7Ky2Pd9Hs4Fj6Gt1R=';

/** Runs a command with prompts answered in order; fails if an answer was not asked for. */
async function answering<T>(answers: Answer[], command: string, ...args: unknown[]): Promise<{ result: T | undefined; prompts: Prompts }> {
  const prompts = new Prompts(...answers);
  try {
    const result = await run<T>(command, ...args);
    assert.equal(
      prompts.unanswered,
      0,
      `prompts not shown: ${prompts.unanswered}; asked ${JSON.stringify(prompts.asked.map((asked) => asked.title))}`,
    );
    return { result, prompts };
  } finally {
    prompts.dispose();
  }
}

function titles(prompts: Prompts): Array<string | undefined> {
  return prompts.asked.map((asked) => asked.title);
}

async function keysViewElement(label: string): Promise<StoredKey> {
  const element = (await testHooks()).keysTree.storedKeys().find((key) => key.label === label);
  assert.ok(element, `no ${label} in the Keys view`);
  return element;
}

async function write(relative: string, content: string): Promise<vscode.Uri> {
  const uri = workspaceUri(`flows/${relative}`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content));
  return uri;
}

async function labels(): Promise<string[]> {
  return (await testHooks()).keyStore
    .list()
    .map((key) => key.label)
    .sort();
}

describe('Newcomer flows (issue 19)', () => {
  before(() => {
    for (const secret of [TEXT_SECRET, BASE64_SECRET, testKeys().muxPrivateKeyBase64]) {
      rememberSecret(secret);
    }
  });
  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('flows'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  // The groups below run inside this one, so the files they write are removed once, at the end.

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
      assert.match(
        prompts.messages('information')[0],
        /^Generated EC P-256 key edge-signer \(kid [\w-]{16}\)\. Its public key is open beside/,
      );
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
      const { prompts } = await answering(['Paste', 'abc', 'Enter Another Secret', TEXT_SECRET, 'long'], 'jwtLens.addKey');
      assert.equal(prompts.asked[2].placeHolder, 'This secret is 3 bytes: too short to sign (HS256 needs 32); it could only verify.');
      assert.equal(prompts.asked[3].value, 'abc');
      assert.deepEqual(await labels(), ['demo-hs256', 'long']);
      const verifyOnly = await answering(['Paste', 'abc', 'Add It to Verify Only', 'short'], 'jwtLens.addKey');
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

    it("Copy Key ID copies the element's kid", async () => {
      assert.equal(await run('jwtLens.copyKeyId', element, [element]), 'ctx-kid');
      assert.equal(await vscode.env.clipboard.readText(), 'ctx-kid');
    });
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
      assert.deepEqual(lens.command!.arguments, [{ keyId: 'MuxKey4VzQ' }]);
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
      assert.deepEqual([lens.command!.command, lens.command!.arguments], ['jwtLens.addFastPixKey', [{ keyId: 'fp-key-1' }]]);
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

  describe('Signing a claims file from its menus (the resource Uri is passed)', () => {
    const claims =
      '{\n  "sub": "abc123PlaybackId",\n  "aud": "v",\n  "exp": "15m",\n  "$jwt": { "key": "mux", "alg": "RS256", "kidIn": "payload" }\n}\n';
    before(async () => {
      await deleteAllKeys();
      await run('jwtLens.addMuxKey', { keyId: 'mux-kid', privateKey: testKeys().muxPrivateKeyBase64, label: 'mux' });
    });
    afterEach(closeAllEditors);

    it('the editor-title Sign button on a claims file asks where the token goes, copies it and says where it went', async () => {
      const uri = await write('title.claims.json', claims);
      await vscode.window.showTextDocument(uri);
      await vscode.env.clipboard.writeText('before');
      const { result, prompts } = await answering<{ token: string; url: string }>(['Copy to Clipboard'], 'jwtLens.signClaimsFile', uri, {
        groupId: 1,
      });
      assert.deepEqual(titles(prompts), ['Where should the token go?']);
      assert.equal(await vscode.env.clipboard.readText(), result!.token);
      assert.match(
        prompts.messages('information')[0],
        /^Signed with mux \(RS256\); the token is on the clipboard\. It expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(valid for 15 min\)\.$/,
      );
      assert.deepEqual(prompts.shown[0].buttons, ['Copy Token', 'Copy Signed URL']);
    });

    it('the explorer context menu (Uri and selection) signs too; cancelling the output leaves the clipboard alone', async () => {
      const uri = await write('explorer.claims.json', claims);
      await vscode.env.clipboard.writeText('before');
      const { result } = await answering([undefined], 'jwtLens.signClaimsFile', uri, [uri]);
      assert.equal(result, undefined);
      assert.equal(await vscode.env.clipboard.readText(), 'before');
    });

    it('Open in New Editor shows the signed URL with the token', async () => {
      const uri = await write('editor.claims.json', claims);
      const { result } = await answering<{ token: string; url: string }>(['Open in New Editor'], 'jwtLens.signClaimsFile', uri);
      const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.getText().startsWith(result!.token));
      assert.equal(shown?.document.getText(), `${result!.token}\n\nSigned URL:\n${result!.url}\n`);
    });

    it('Insert at Cursor never edits a background tab: the token goes to the clipboard and the message says so', async () => {
      const target = await write('target.http', 'Authorization: Bearer \n');
      const targetEditor = await vscode.window.showTextDocument(target);
      targetEditor.selection = new vscode.Selection(0, 22, 0, 22);
      const uri = await write('insert.claims.json', claims);
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
      const { result, prompts } = await answering<{ token: string }>(['Insert at Cursor'], 'jwtLens.signClaimsFile', uri);
      assert.equal((await vscode.workspace.openTextDocument(target)).getText(), 'Authorization: Bearer \n');
      assert.equal(await vscode.env.clipboard.readText(), result!.token);
      assert.match(prompts.messages('information')[0], /; no other editor is visible to insert into, so the token is on the clipboard\./);
    });

    it('Insert at Cursor inserts into the visible editor at its cursor and names the file and line', async () => {
      const target = await write('visible.http', 'GET /\nAuthorization: Bearer \n');
      const targetEditor = await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Two });
      targetEditor.selection = new vscode.Selection(1, 22, 1, 22);
      const uri = await write('insert2.claims.json', claims);
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
      const { result, prompts } = await answering<{ token: string }>(['Insert at Cursor'], 'jwtLens.signClaimsFile', uri);
      assert.equal(targetEditor.document.getText(), `GET /\nAuthorization: Bearer ${result!.token}\n`);
      assert.match(prompts.messages('information')[0], /; inserted into visible\.http at line 2\./);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it("the editor context menu's Decode Token (document Uri) decodes the token at the cursor", async () => {
      const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'ctx-menu' }, 'RS256', { kid: 'mux-kid' });
      const uri = await write('ctx.env', `T=${token}\n`);
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(0, 10, 0, 10);
      const result = await run<{ payload: { sub: string } }>('jwtLens.decodeToken', uri);
      assert.equal(result?.payload.sub, 'ctx-menu');
    });
  });

  describe('Dead ends offer a way forward', () => {
    beforeEach(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'demo-hs256', label: 'demo-hs256' });
    });
    afterEach(closeAllEditors);

    it('signing RS256 with only an HMAC key offers no picker but Generate RSA Key, Add Mux Key and Add Signing Key', async () => {
      const uri = await write('rs.claims.json', '{ "sub": "x", "exp": "15m", "$jwt": { "alg": "RS256" } }');
      await vscode.window.showTextDocument(uri);
      const prompts = new Prompts('rsa-signer').press('No stored key can sign RS256.', 'Generate RSA Key');
      try {
        assert.deepEqual(await run('jwtLens.signClaimsFile'), {
          error: { code: 'ERR_NO_SUITABLE_KEY', message: 'No stored key can sign RS256.' },
        });
        assert.deepEqual(prompts.shown[0], {
          level: 'error',
          message: 'No stored key can sign RS256.',
          buttons: ['Generate RSA Key', 'Add Mux Key', 'Add Signing Key'],
          modal: false,
        });
        // The button runs Generate Key for RSA: only the name is asked.
        await eventually(async () => ((await labels()).includes('rsa-signer') ? true : undefined), 10_000, 'the RSA key');
        assert.deepEqual(titles(prompts), ['Generate Key (1/1)']);
      } finally {
        prompts.dispose();
      }
    });

    it('Verify with… on an HS256 token lists only keys that verify HS256', async () => {
      await run('jwtLens.generateKey', { kind: 'RSA-2048', label: 'rsa-first' });
      const token = await signWith(testKeys().hmac64, { sub: 'x' }, 'HS256');
      const { result, prompts } = await answering<{ status: string }>(['demo-hs256'], 'jwtLens.verifyToken', token, { choose: true });
      assert.deepEqual(prompts.asked[0].items, ['$(key) demo-hs256']);
      assert.equal(result?.status, 'valid');
    });

    it('an unknown "$jwt.key" offers to add it or sign with another key; its quick fix uses a stored key', async () => {
      const content = '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo" }\n}\n';
      const uri = await write('unknown-key.claims.json', content);
      await vscode.window.showTextDocument(uri);
      const { prompts } = await answering([], 'jwtLens.signClaimsFile');
      assert.deepEqual(prompts.shown[0].buttons, ['Add Signing Key', 'Sign with Another Key…']);
      const diagnostic = vscode.languages.getDiagnostics(uri).find((candidate) => candidate.code === 'key-unknown');
      assert.ok(diagnostic);
      const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const titlesOffered = actions.map((action) => action.title);
      assert.ok(titlesOffered.includes('Use stored key demo-hs256'), titlesOffered.join(', '));
      assert.ok(titlesOffered.includes('Add Signing Key "mux-demo"…'));
      await vscode.workspace.applyEdit(actions.find((action) => action.title === 'Use stored key demo-hs256')!.edit!);
      assert.match(vscode.window.activeTextEditor!.document.getText(), /"key": "demo-hs256"/);
      await eventually(
        () => (vscode.languages.getDiagnostics(uri).some((candidate) => candidate.source === 'JWT Lens') ? undefined : true),
        3000,
        'the diagnostic to go',
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
    it('an unknown "$jwt.key" is marked on "$jwt.key", not on an earlier claim named "key"', async () => {
      const content = '{\n  "key": "a claim",\n  "$jwt": { "key": "mux-demo" }\n}\n';
      const uri = await write('claim-named-key.claims.json', content);
      await vscode.window.showTextDocument(uri);
      await answering([], 'jwtLens.signClaimsFile');
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((candidate) => candidate.code === 'key-unknown');
      assert.equal(diagnostics.length, 1);
      assert.deepEqual([diagnostics[0].range.start.line, diagnostics[0].range.start.character], [2, 12]);
      assert.equal(vscode.window.activeTextEditor!.document.getText(diagnostics[0].range), '"key"');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
    it('"Sign with Another Key…" on an unknown "$jwt.key" signs once with the key picked, leaving the file as it is', async () => {
      const content = '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo", "output": "clipboard" }\n}\n';
      const uri = await write('another-key.claims.json', content);
      await vscode.window.showTextDocument(uri);
      const prompts = new Prompts('demo-hs256', 'HS256').press('No stored key named "mux-demo"', 'Sign with Another Key…');
      try {
        await run('jwtLens.signClaimsFile');
        const signed = await eventually(
          () =>
            prompts
              .messages('information')
              .find((message) => message.startsWith('Signed with demo-hs256 (HS256); the token is on the clipboard.')),
          5000,
          'the signed message',
        );
        assert.ok(signed);
        assert.deepEqual(titles(prompts), ['Sign with which key?', 'Algorithm for demo-hs256']);
      } finally {
        prompts.dispose();
      }
      assert.match(await vscode.env.clipboard.readText(), /^eyJ/);
      assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), content);
    });

    it('"Sign with Another Key…" offers only keys that can sign the file\'s "$jwt.alg"', async () => {
      const content = '{\n  "sub": "x",\n  "$jwt": { "key": "mux-demo", "alg": "RS256", "output": "clipboard" }\n}\n';
      const uri = await write('another-alg.claims.json', content);
      await vscode.window.showTextDocument(uri);
      // Only the HMAC key is stored: nothing can sign RS256, so no pick list, the ways to get a key.
      const prompts = new Prompts().press('No stored key named "mux-demo"', 'Sign with Another Key…');
      try {
        await run('jwtLens.signClaimsFile');
        const refused = await eventually(
          () => prompts.messages('error').find((message) => message === 'No stored key can sign RS256.'),
          5000,
          'the refusal',
        );
        assert.ok(refused);
        assert.deepEqual(titles(prompts), []);
      } finally {
        prompts.dispose();
      }
      assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), content);
    });

    it('a "$jwt.alg" the key cannot sign gets a quick fix per algorithm it signs, and the error goes', async () => {
      const uri = await write('alg.claims.json', '{\n  "sub": "x",\n  "$jwt": { "key": "demo-hs256", "alg": "RS256" }\n}\n');
      await vscode.window.showTextDocument(uri);
      const { result, prompts } = await answering<{ error: { code: string; message: string } }>([], 'jwtLens.signClaimsFile');
      assert.deepEqual(result?.error, {
        code: 'ERR_SIGN_ALG',
        message: 'Key demo-hs256 cannot sign RS256; it allows HS256, HS384, HS512.',
      });
      assert.deepEqual(prompts.shown[0].buttons, ['Generate RSA Key', 'Add Mux Key', 'Add Signing Key']);
      const diagnostic = vscode.languages.getDiagnostics(uri).find((candidate) => candidate.code === 'key-cannot-sign')!;
      const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      assert.deepEqual(
        actions.map((action) => action.title).filter((title) => title.startsWith('Use ')),
        ['Use HS256', 'Use HS384', 'Use HS512'],
      );
      await vscode.workspace.applyEdit(actions.find((action) => action.title === 'Use HS256')!.edit!);
      assert.match(vscode.window.activeTextEditor!.document.getText(), /"alg": "HS256"/);
      await eventually(
        () => (vscode.languages.getDiagnostics(uri).some((candidate) => candidate.source === 'JWT Lens') ? undefined : true),
        3000,
        'the diagnostic to go',
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });

  describe('Claims-file diagnostics follow the edits', () => {
    before(async () => {
      await deleteAllKeys();
      await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'hs', label: 'hs' });
    });
    after(closeAllEditors);

    const cases: Array<[string, string, string, string]> = [
      ['a unitless exp', '{\n  "exp": "900",\n  "$jwt": { "key": "hs" }\n}\n', '"900"', '"15m"'],
      ['a missing quote', '{\n  "sub": "x,\n  "$jwt": { "key": "hs" }\n}\n', '"x,', '"x",'],
    ];
    for (const [name, content, wrong, right] of cases) {
      it(`the error for ${name} goes as soon as it is fixed, without signing again`, async () => {
        const uri = await write(`${name.replace(/\W+/g, '-')}.claims.json`, content);
        const editor = await vscode.window.showTextDocument(uri);
        const failed = await answering<{ error?: { code: string } }>([], 'jwtLens.signClaimsFile', { file: uri, output: 'none' });
        assert.match(failed.result?.error?.code ?? '', /^ERR_CLAIMS_/);
        const ours = () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens');
        assert.equal(ours().length, 1);
        const offset = editor.document.getText().indexOf(wrong);
        await editor.edit((edit) =>
          edit.replace(new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + wrong.length)), right),
        );
        await eventually(() => (ours().length === 0 ? true : undefined), 3000, 'the diagnostic to clear');
        await vscode.commands.executeCommand('workbench.action.files.revert');
      });
    }

    it('New Claims File selects the first placeholder, so typing replaces it', async () => {
      await run('jwtLens.newClaimsFile', 'mux-video');
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.getText(editor.selection), 'YOUR_PLAYBACK_ID');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('Status bar: urgency does not hide expiry, and the list leads somewhere', () => {
    const NOW = 1_800_000_000;
    let uri: vscode.Uri;
    let token: string;
    before(async () => {
      await deleteAllKeys();
      (await testHooks()).setClock({ nowSeconds: () => NOW });
      await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'status-key', label: 'status-key' });
      const signed = await signWith(testKeys().ecSec1Pem, { sub: 'user-5', iat: NOW - 60, exp: NOW + 7 * 60 }, 'ES256', {
        kid: 'status-key',
      });
      const [header, , signature] = signed.split('.');
      token = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', iat: NOW - 60, exp: NOW + 7 * 60 })).toString('base64url')}.${signature}`;
      uri = await write('status.env', `TOKEN=${token}\n`);
    });
    after(async () => {
      await closeAllEditors();
      (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    });

    it('a token expiring in 7 minutes with a bad signature reads as expiring; the accessible name is plain text', async () => {
      await vscode.window.showTextDocument(uri);
      const api = await testHooks();
      const state = await eventually(
        () => (api.statusBar.state.accessibleName?.includes('invalid') ? api.statusBar.state : undefined),
        5000,
        'the verified status',
      );
      assert.deepEqual([state.text, state.level], ['$(warning) 1 expiring in 7 min', 'warning']);
      assert.equal(state.accessibleName, 'JWT Lens: 1 of 1 tokens expiring in 7 min; 1 invalid. Activate to list them.');
    });

    it("the token list (the status bar item's command) has an Open Decoded button on each row, with no dangling dash", async () => {
      await vscode.window.showTextDocument(uri);
      // createQuickPick is replaced only to see the rows and press a row's button, as a person would.
      const window = vscode.window as unknown as Record<string, unknown>;
      const original = window.createQuickPick;
      const triggered = new vscode.EventEmitter<vscode.QuickPickItemButtonEvent<vscode.QuickPickItem>>();
      const hidden = new vscode.EventEmitter<void>();
      let shown: { items: readonly vscode.QuickPickItem[] } | undefined;
      window.createQuickPick = () => {
        const pick = {
          items: [] as readonly vscode.QuickPickItem[],
          selectedItems: [],
          title: '',
          matchOnDescription: false,
          matchOnDetail: false,
          onDidTriggerItemButton: triggered.event,
          onDidAccept: new vscode.EventEmitter<void>().event,
          onDidHide: hidden.event,
          show: () => {
            shown = pick;
          },
          dispose: () => undefined,
        };
        return pick;
      };
      try {
        const listed = run('jwtLens.showTokensInFile');
        const pick = await eventually(() => shown, 3000, 'the token list');
        assert.equal(pick.items.length, 1);
        const [row] = pick.items;
        assert.equal(row.detail, 'sub admin');
        // No Re-sign: this token's signature does not verify, so its claims may be forged.
        assert.deepEqual(
          row.buttons?.map((button) => button.tooltip),
          ['Open Decoded'],
        );
        triggered.fire({ button: row.buttons![0], item: row });
        await listed;
        const decoded = await eventually(async () => (await testHooks()).decodedView.current, 3000, 'the decoded view');
        assert.equal(decoded.verdict.token.text, token);
      } finally {
        window.createQuickPick = original;
        triggered.dispose();
        hidden.dispose();
      }
    });
  });
});
