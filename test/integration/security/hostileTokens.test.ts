// In the real host: one poison token never silences its document, tokens the scanner used
// to miss get their problems, and a file past the token limit says where checking stopped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assemble, b64 } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, diagnosticCodes, eventually, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

describe('Each token judged in isolation (in the extension host)', function () {
  this.timeout(60_000);
  const expired = assemble({ alg: 'HS256', typ: 'JWT' }, { sub: 'expired', iat: NOW - 7200, exp: NOW - 3600 });
  const unsigned = assemble({ alg: 'none' }, { sub: 'unsigned', iat: NOW, exp: NOW + 600 }, '');
  // typ nested 10,000 deep: JSON.parse reads it, JSON.stringify overflows the stack on it.
  const poison = `${b64(`{"alg":"HS256","typ":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)}.${b64({ sub: 'poison', iat: NOW, exp: NOW + 600 })}.c2ln`;
  // A header JSON led by whitespace: jose reads it, so the scanner must find it.
  const spaced = assemble(' {"alg":"HS256"}', { sub: 'spaced', iat: NOW - 7200, exp: NOW - 60 });
  const uri = workspaceUri('hardening/poison.env');

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`POISON=${poison}\nEXPIRED=${expired}\nNONE=${unsigned}\nSPACED=${spaced}\n`));
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.getConfiguration('jwtLens').update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('hardening'), { recursive: true });
  });

  it('a poison token next to an expired and an alg:none token: their problems still appear', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const found = await eventually(
      () => {
        const now = diagnosticCodes(uri);
        return now.includes('unsigned') && now.filter((code) => code === 'expired').length === 2 ? now : undefined;
      },
      10_000,
      'the expired and unsigned diagnostics',
    );
    // The poison token is judged too: its odd typ is a lint on its own line, nothing more.
    assert.deepEqual(
      found.filter((code) => code === 'expired' || code === 'unsigned' || code === 'unexpected-typ'),
      ['expired', 'expired', 'unexpected-typ', 'unsigned'],
    );
    const poisonLine = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.range.start.line === 0)
      .map((d) => d.message);
    assert.deepEqual(poisonLine, ['"typ" is an array, not JWT or at+jwt. Explicit typing tells token kinds apart (RFC 8725 §3.11).']);

    const api = await testHooks();
    await eventually(
      () => (api.statusBar.state.text === '$(warning) 2 expired · 2 expiring in 10 min' ? true : undefined),
      5000,
      'the status bar',
    );
    assert.equal(api.statusBar.state.tokens, 4);
  });

  it("the poison token's own hover renders, and problems-mode CodeLens lists every token", async () => {
    const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 20));
    const markdown = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (content as vscode.MarkdownString).value)
      .join('\n');
    assert.match(markdown, /^\*\*JWT HS256\*\*/m);
    assert.match(markdown, /\(too deeply nested to show\)/);

    await vscode.workspace.getConfiguration('jwtLens').update('codeLens', 'problems', vscode.ConfigurationTarget.Global);
    const lenses = await eventually(
      async () => {
        const listed = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
        return listed.length === 4 && listed.every((lens) => lens.command) ? listed : undefined;
      },
      10_000,
      'the problem lenses',
    );
    // No stored key, so every token is a problem: the poison one too, with its own title.
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title]),
      [
        [0, 'JWT HS256 · expires in 10 min · ? no key for HS256'],
        [1, 'JWT HS256 · expired 1 h ago · ? no key for HS256'],
        [2, 'JWT none · expires in 10 min · ⚠ unsigned'],
        [3, 'JWT HS256 · expired 1 min ago · ? no key for HS256'],
      ],
    );
  });

  it('a file with more tokens than are checked says where checking stopped, in Problems', async () => {
    const many = workspaceUri('hardening/many.log');
    const token = assemble({ alg: 'HS256' }, { sub: 'x', iat: NOW, exp: NOW + 600 });
    await vscode.workspace.fs.writeFile(many, Buffer.from(Array.from({ length: 10_005 }, (_, i) => `${i} ${token}`).join('\n')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(many));
    const notice = await eventually(
      () => vscode.languages.getDiagnostics(many).find((d) => d.code === 'not-checked'),
      20_000,
      'the not-checked notice',
    );
    assert.equal(notice.message, 'Only the first 10,000 JWTs in a file are checked; later ones get no problems or status.');
    assert.equal(notice.range.start.line, 9_999);
    assert.equal(notice.severity, vscode.DiagnosticSeverity.Information);
  });
});
