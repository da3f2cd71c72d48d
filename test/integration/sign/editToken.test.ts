// Edit Token opens a token's claims as a claims file; Sign and Replace puts the new token where the
// old one was (one undoable edit), Sign and Copy leaves the source alone. Each is reached the way a
// person reaches it: the hover's link and the source's Edit lens with the arguments they carry, the
// edit document's lens.
// Only a key that verifies the original signs the edit: a forged token naming a stored kid never
// gets that key's signature; a source whose token changed since is not overwritten.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { verifyToken } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { assemble, signWith, verificationKey } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, hoverText, run, testHooks, workspaceUri, writeWorkspaceFile } from '../helpers';
import { answering, errorsShownBy, titles } from '../prompts';

const NOW = 1_800_000_000;
const REFUSAL = "Not re-signed: the token's signature does not verify with prod-key, so its claims may be forged.";

interface SignResult {
  readonly token: string;
  readonly key: string;
  readonly alg: string;
  readonly replaced?: { readonly uri: string; readonly offset: number };
}

const write = (relative: string, content: string) => writeWorkspaceFile(`edit-token/${relative}`, content);

/** The hover's Edit Token link's arguments, as VS Code passes them to the command. */
async function editLinkArgs(uri: vscode.Uri, jwt: string): Promise<unknown[]> {
  const link = /\[Edit Token\]\(command:jwtLens\.editToken\?([^)\s]+)\)/.exec(await hoverText(uri, jwt));
  assert.ok(link, 'the hover offers Edit Token');
  return JSON.parse(decodeURIComponent(link[1])) as unknown[];
}

/** Runs a lens of the edit document by its title, with the arguments the lens carries. */
async function runLens<T>(editUri: vscode.Uri, title: string): Promise<T> {
  const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editUri);
  const lens = lenses.find((candidate) => candidate.command?.title.endsWith(title));
  assert.ok(lens, `no ${title} lens: ${lenses.map((candidate) => candidate.command?.title).join(' | ')}`);
  return run<T>(lens.command!.command, ...(lens.command!.arguments ?? []));
}

/** Replaces the first `from` in the edit document with `to`, as typing would. */
async function typeInto(editUri: vscode.Uri, from: string | RegExp, to: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(editUri);
  const text = document.getText();
  const found =
    typeof from === 'string'
      ? { index: text.indexOf(from), length: from.length }
      : (() => {
          const match = from.exec(text);
          return { index: match ? match.index : -1, length: match ? match[0].length : 0 };
        })();
  assert.ok(found.index >= 0, `${String(from)} not in the edit document`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(editUri, new vscode.Range(document.positionAt(found.index), document.positionAt(found.index + found.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function closeEditDocuments(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.uri.scheme === 'untitled' && !candidate.isClosed)) {
    await vscode.window.showTextDocument(document);
    await run('workbench.action.revertAndCloseActiveEditor');
  }
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty && !candidate.isClosed)) {
    await vscode.window.showTextDocument(document);
    await run('workbench.action.files.revert');
  }
  await closeAllEditors();
}

describe('Edit Token (in the extension host)', function () {
  // Each test opens untitled editors and changes language modes, which a loaded host takes seconds over.
  this.timeout(60_000);
  let genuine: string;
  let prodKey: Awaited<ReturnType<typeof verificationKey>>;

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'prod-key', label: 'prod-key' });
    prodKey = await verificationKey(testKeys().ecSec1Pem, 'prod-key', 'prod-key');
    genuine = await signWith(testKeys().ecSec1Pem, { sub: 'user-1', role: 'reader', iat: NOW - 60, exp: NOW + 840 }, 'ES256', {
      kid: 'prod-key',
    });
  });

  afterEach(closeEditDocuments);

  after(async () => {
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('edit-token'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await deleteAllKeys();
  });

  it('from the hover of a verified token: change sub, Sign and Replace → verifies with the same key, new sub, same place; Undo restores it', async () => {
    const uri = await write('genuine.env', `# api\nTOKEN=${genuine}\nOTHER=1\n`);
    const source = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(source);
    const editUri = await run<vscode.Uri>('jwtLens.editToken', ...(await editLinkArgs(uri, genuine)));
    const edit = await vscode.workspace.openTextDocument(editUri);
    assert.match(edit.uri.path, /\/edit-token-\d+\.claims\.json$/);
    assert.equal(edit.languageId, 'jsonc');
    assert.equal(
      edit.getText(),
      [
        '{',
        '  // The token from genuine.env, line 2. Edit, then Sign and Replace or Sign and Copy. Times take "now", "15m", "+1h", "7d".',
        '  "sub": "user-1",',
        '  "role": "reader",',
        '  "iat": 1799999940, // 2027-01-15T07:59:00Z (1 min ago)',
        '  "exp": 1800000840, // 2027-01-15T08:14:00Z (in 14 min)',
        '  "$jwt": {',
        '    "key": "prod-key", // the stored key that verifies this token',
        '    "alg": "ES256",',
        '    "kidIn": "header",',
        '    "header": {',
        '      "typ": "JWT"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    await typeInto(editUri, '"sub": "user-1"', '"sub": "user-2"');
    await typeInto(editUri, /"exp": \d+/, '"exp": "1h"');

    const result = await runLens<SignResult>(editUri, 'Sign and Replace');
    assert.deepEqual(
      { ...result, token: undefined },
      {
        token: undefined,
        key: 'prod-key',
        alg: 'ES256',
        replaced: { uri: uri.toString(), offset: '# api\nTOKEN='.length },
      },
    );
    assert.equal(source.getText(), `# api\nTOKEN=${result.token}\nOTHER=1\n`);
    const fresh = decodeToken(result.token);
    assert.deepEqual(fresh.header, { typ: 'JWT', alg: 'ES256', kid: 'prod-key' });
    assert.deepEqual(fresh.payload, { sub: 'user-2', role: 'reader', iat: NOW - 60, exp: NOW + 3600 });
    assert.equal((await verifyToken(fresh, [prodKey])).status, 'valid');

    // Undo in the source (now the active editor) restores the old token.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    await run('undo');
    assert.equal(source.getText(), `# api\nTOKEN=${genuine}\nOTHER=1\n`);
  });

  it("from the source's CodeLens: Edit sits beside a token a stored key verifies and may sign, not beside a forged one", async () => {
    const forged = assemble({ alg: 'ES256', typ: 'JWT', kid: 'prod-key' }, { sub: 'attacker' }, Buffer.alloc(64, 7).toString('base64url'));
    const uri = await write('lenses.env', `GOOD=${genuine}\nFORGED=${forged}\n`);
    await vscode.window.showTextDocument(uri);
    // Verification runs in the background; the lenses are listed again once it has.
    const lenses = await eventually(
      async () => {
        const listed = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
        return listed.some((lens) => lens.command?.title.includes('signed by prod-key')) ? listed : undefined;
      },
      10_000,
      'the verified lens',
    );
    // The command lists lenses as they resolve; the editor shows them in line order.
    assert.deepEqual(lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`).sort(), [
      '0: $(edit) Edit',
      '0: JWT ES256 · expires in 14 min · ✓ signed by prod-key',
      '1: JWT ES256 · no expiry · ✗ bad signature',
    ]);
    const edit = lenses.find((lens) => lens.command?.title === '$(edit) Edit')!.command!;
    const editUri = await run<vscode.Uri>(edit.command, ...(edit.arguments ?? []));
    await typeInto(editUri, '"role": "reader"', '"role": "editor"');
    const result = await runLens<SignResult>(editUri, 'Sign and Replace');
    assert.equal(decodeToken(result.token).payload?.role, 'editor');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), `GOOD=${result.token}\nFORGED=${forged}\n`);
  });

  it('a forged token naming a stored kid: no way to sign it with that key, however asked; the source is unchanged', async () => {
    const forged = assemble(
      { alg: 'ES256', typ: 'JWT', kid: 'prod-key' },
      { sub: 'attacker', role: 'superuser', iat: NOW - 60, exp: NOW + 600 },
      Buffer.alloc(64, 7).toString('base64url'),
    );
    const uri = await write('forged.env', `TOKEN=${forged}\n`);
    await vscode.window.showTextDocument(uri);
    const editUri = await run<vscode.Uri>('jwtLens.editToken', ...(await editLinkArgs(uri, forged)));
    const text = (await vscode.workspace.openTextDocument(editUri)).getText();
    assert.doesNotMatch(text, /"key":/);
    assert.match(text, /\/\/ No stored key verifies this token, so none may sign it/);

    const refused = { error: { code: 'ERR_RESIGN_REFUSED', message: REFUSAL } };
    for (const [what, attempt] of [
      ['the Sign and Replace lens', () => runLens(editUri, 'Sign and Replace')],
      ['the Sign and Copy lens', () => runLens(editUri, 'Sign and Copy')],
      ['automation naming the key', () => run('jwtLens.signAndCopyToken', { document: editUri.toString(), key: 'prod-key' })],
    ] as const) {
      const { value, errors } = await errorsShownBy(attempt);
      assert.deepEqual(value, refused, what);
      assert.deepEqual(errors, [REFUSAL], what);
    }
    await typeInto(editUri, '"$jwt": {', '"$jwt": {\n    "key": "prod-key",');
    const named = await errorsShownBy(() => runLens(editUri, 'Sign and Replace'));
    assert.deepEqual(named.value, refused);

    // Sign Claims File, which asks no such question, does not sign an edited token either.
    const claimsFile = await errorsShownBy(() => run('jwtLens.signClaimsFile', { file: editUri, output: 'none' }));
    assert.deepEqual(claimsFile.value, {
      error: {
        code: 'ERR_INVALID_ARGUMENT',
        message: 'This is a token opened for editing: sign it with Sign and Replace or Sign and Copy.',
      },
    });
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), `TOKEN=${forged}\n`);
  });

  it('refuses to replace a token whose text changed since it was opened; an edit elsewhere is followed', async () => {
    const uri = await write('changed.env', `TOKEN=${genuine}\n`);
    const source = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(source);
    const editUri = await run<vscode.Uri>('jwtLens.editToken', { uri: uri.toString(), offset: 6 });

    // A line added above: the token moved, and is still replaced where it now is.
    const above = new vscode.WorkspaceEdit();
    above.insert(uri, new vscode.Position(0, 0), '# moved\n');
    assert.ok(await vscode.workspace.applyEdit(above));
    const moved = await run<SignResult>('jwtLens.signAndReplaceToken', { document: editUri.toString() });
    assert.equal(source.getText(), `# moved\nTOKEN=${moved.token}\n`);

    // The token itself edited: Sign and Replace refuses, and changes nothing.
    const tamper = new vscode.WorkspaceEdit();
    tamper.insert(uri, source.positionAt('# moved\nTOKEN='.length + 3), 'X');
    assert.ok(await vscode.workspace.applyEdit(tamper));
    const before = source.getText();
    const { value, errors } = await errorsShownBy(() => run('jwtLens.signAndReplaceToken', { document: editUri.toString() }));
    const message =
      'Not replaced: the token in changed.env has changed since it was opened for editing. Run Edit Token on it again, or use Sign and Copy.';
    assert.deepEqual(value, { error: { code: 'ERR_SOURCE_CHANGED', message } });
    assert.deepEqual(errors, [message]);
    assert.equal(source.getText(), before);
  });

  it('Sign and Copy puts the new token on the clipboard and leaves the source alone', async () => {
    const uri = await write('copy.env', `TOKEN=${genuine}\n`);
    const editUri = await run<vscode.Uri>('jwtLens.editToken', { uri: uri.toString(), offset: 8 });
    await typeInto(editUri, '"role": "reader"', '"role": "admin"');
    await vscode.env.clipboard.writeText('before');
    const result = await runLens<SignResult>(editUri, 'Sign and Copy');
    assert.equal(result.replaced, undefined);
    assert.equal(await vscode.env.clipboard.readText(), result.token);
    assert.equal(decodeToken(result.token).payload?.role, 'admin');
    assert.equal((await verifyToken(decodeToken(result.token), [prodKey])).status, 'valid');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), `TOKEN=${genuine}\n`);
  });

  it('from the editor context menu (the document Uri, the cursor on the token) in Markdown', async () => {
    const uri = await write('menu.md', `# Notes\n\nUse \`${genuine}\` here.\n`);
    const editor = await vscode.window.showTextDocument(uri);
    const at = editor.document.positionAt(editor.document.getText().indexOf(genuine) + 20);
    editor.selection = new vscode.Selection(at, at);
    const editUri = await run<vscode.Uri>('jwtLens.editToken', uri, { groupId: 1 });
    await typeInto(editUri, '"sub": "user-1"', '"sub": "md"');
    const result = await run<SignResult>('jwtLens.signAndReplaceToken', { document: editUri.toString() });
    assert.equal(editor.document.getText(), `# Notes\n\nUse \`${result.token}\` here.\n`);
  });

  it('from automation with the token text: no place to go back to, so Sign and Copy only', async () => {
    const fromText = await run<vscode.Uri>('jwtLens.editToken', genuine);
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fromText);
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title),
      ['$(copy) Sign and Copy'],
    );
  });

  for (const [name, around, extension] of [
    ['an .http header', (jwt: string) => `GET https://api.example.com/me\nAuthorization: Bearer ${jwt}\n`, 'http'],
    [
      'a JSON string with escapes around it',
      (jwt: string) => `{\n  "note": "say \\"hi\\"\\n",\n  "auth": "Bearer ${jwt}",\n  "path": "a\\/b"\n}\n`,
      'json',
    ],
    ['an .env value', (jwt: string) => `A=1\nTOKEN="${jwt}"\nB=2\n`, 'env'],
  ] as const) {
    it(`replaces the token in ${name}, keeping the text around it`, async () => {
      const uri = await write(`file.${extension}`, around(genuine));
      const document = await vscode.workspace.openTextDocument(uri);
      const offset = document.getText().indexOf(genuine) + 4;
      const editUri = await run<vscode.Uri>('jwtLens.editToken', { uri: uri.toString(), offset });
      await typeInto(editUri, '"sub": "user-1"', '"sub": "edited"');
      const result = await run<SignResult>('jwtLens.signAndReplaceToken', { document: editUri.toString() });
      assert.equal(document.getText(), around(result.token));
      assert.equal(decodeToken(result.token).payload?.sub, 'edited');
      if (extension === 'json') {
        assert.deepEqual(JSON.parse(document.getText()), { note: 'say "hi"\n', auth: `Bearer ${result.token}`, path: 'a/b' });
      }
    });
  }

  it('a token naming no kid: Sign asks for a key among those it verifies with, refuses another by name, signs with one it does', async () => {
    await run('jwtLens.generateKey', { kind: 'P-256', label: 'other-key', kid: 'other-key' });
    const noKid = await signWith(testKeys().ecSec1Pem, { sub: 'no-kid', iat: NOW - 60, exp: NOW + 600 }, 'ES256');
    const uri = await write('nokid.env', `TOKEN=${noKid}\n`);
    const editUri = await run<vscode.Uri>('jwtLens.editToken', { uri: uri.toString(), offset: 8 });
    const text = (await vscode.workspace.openTextDocument(editUri)).getText();
    assert.doesNotMatch(text, /"key":/);
    assert.match(text, /\/\/ The token names no kid\. Signing asks for a key, which must verify this token\./);

    // As the lens and the editor title pass it: the edit document's Uri. other-key can sign ES256 but the
    // token does not verify with it, so it is not offered; asked for by name, it is refused.
    const other = await answering<unknown>([], 'jwtLens.signAndCopyToken', { document: editUri.toString(), key: 'other-key' });
    const otherRefusal = "Not re-signed: the token's signature does not verify with other-key, so its claims may be forged.";
    assert.deepEqual(other.result, { error: { code: 'ERR_RESIGN_REFUSED', message: otherRefusal } });
    assert.deepEqual(other.prompts.messages('error'), [otherRefusal]);

    const picked = await answering<SignResult>(['prod-key'], 'jwtLens.signAndCopyToken', editUri);
    assert.deepEqual(titles(picked.prompts), ['Sign ES256 with which key?']);
    assert.ok(!picked.prompts.asked[0].items!.some((label) => label.includes('other-key')), picked.prompts.asked[0].items!.join(', '));
    assert.equal(picked.result?.key, 'prod-key');
    assert.deepEqual(decodeToken(picked.result!.token).payload, { sub: 'no-kid', iat: NOW - 60, exp: NOW + 600 });
    assert.equal((await verifyToken(decodeToken(picked.result!.token), [prodKey])).status, 'valid');

    const { value } = await errorsShownBy(() => run('jwtLens.signAndCopyToken', { document: uri.toString() }));
    assert.deepEqual(value, {
      error: { code: 'ERR_INVALID_ARGUMENT', message: 'This is not a token opened for editing. Run JWT: Edit Token on a token first.' },
    });
  });

  it('refuses an SD-JWT, saying why', async () => {
    const sdJwt = `${await signWith(testKeys().ecSec1Pem, { _sd: [], _sd_alg: 'sha-256', iss: 'x' }, 'ES256', { kid: 'prod-key' })}~WyJzYWx0IiwiYSIsMV0~`;
    const { value } = await errorsShownBy(() => run('jwtLens.editToken', sdJwt));
    assert.deepEqual(value, {
      error: {
        code: 'ERR_TOKEN_UNSUITABLE',
        message:
          'Only a well-formed signed JWT (JWS) with JSON claims can be edited; SD-JWT, DPoP proofs, encrypted (JWE), nested and unsigned tokens cannot.',
      },
    });
  });
});
