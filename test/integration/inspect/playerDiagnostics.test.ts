// The Mux Player cross-check in the host: sample HTML and JSX pages with <mux-player>/<MuxPlayer>
// elements get Problems at the token that cannot play, and they follow edits and the clock.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assemble } from '../../support/tokens';
import { closeAllEditors, eventually, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;
const muxToken = (aud: string, sub: string, exp = NOW + 600) => assemble({ alg: 'RS256', kid: 'k' }, { sub, aud, exp, kid: 'k' });

/** The player findings shown for a file: code and the text each one underlines. */
function playerProblems(document: vscode.TextDocument): Array<[string, string]> {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => typeof d.code === 'object' && String(d.code.value).startsWith('player-'))
    .map((d) => [String((d.code as { value: string }).value), document.getText(d.range)] as [string, string])
    .sort();
}

async function openSample(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(`players/${name}`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

describe('Mux Player cross-check diagnostics (in the extension host)', () => {
  before(async () => (await testHooks()).setClock({ nowSeconds: () => NOW }));

  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('players'), { recursive: true });
  });

  it('an HTML page: a token for another playback id and a thumbnail token in the storyboard slot', async () => {
    const other = muxToken('v', 'someone-else');
    const wrongSlot = muxToken('t', 'pb1');
    const html = [
      '<!doctype html>',
      '<mux-player',
      '  playback-id="pb1"',
      `  playback-token="${other}"`,
      `  thumbnail-token="${muxToken('t', 'pb1')}"`,
      `  storyboard-token="${wrongSlot}"`,
      '></mux-player>',
    ].join('\n');
    const document = await openSample('page.html', html);
    assert.equal(document.languageId, 'html');
    const problems = await eventually(
      () => (playerProblems(document).length === 2 ? playerProblems(document) : undefined),
      5000,
      'two problems',
    );
    assert.deepEqual(problems, [
      ['player-playback-id-mismatch', other],
      ['player-token-aud', wrongSlot],
    ]);
    const mismatch = vscode.languages
      .getDiagnostics(document.uri)
      .find((d) => (d.code as { value: string }).value === 'player-playback-id-mismatch');
    assert.equal(mismatch?.message, '403: playback id mismatch: the playback-token is for "someone-else", the player plays "pb1".');
    assert.equal(mismatch?.source, 'JWT Lens');
    assert.equal(mismatch?.severity, vscode.DiagnosticSeverity.Error);
  });

  it('a React component: tokens={{ … }} checked, a missing storyboard token flagged, and fixed by an edit', async () => {
    const tsx = [
      "import MuxPlayer from '@mux/mux-player-react';",
      'export function Video() {',
      `  return <MuxPlayer playbackId="pb2" tokens={{ playback: "${muxToken('v', 'pb2')}", thumbnail: "${muxToken('t', 'pb2')}" }} />;`,
      '}',
    ].join('\n');
    const document = await openSample('Video.tsx', tsx);
    assert.equal(document.languageId, 'typescriptreact');
    const problems = await eventually(
      () => (playerProblems(document).length === 1 ? playerProblems(document) : undefined),
      5000,
      'one problem',
    );
    assert.deepEqual(problems, [['player-token-missing', 'MuxPlayer']]);

    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(document.getText().indexOf(' }} />'));
    await editor.edit((edit) => edit.insert(at, `, storyboard: "${muxToken('s', 'pb2')}"`));
    await eventually(() => (playerProblems(document).length === 0 ? true : undefined), 5000, 'the problem to go after the edit');
  });

  it('a token expiring while the page is open: the clock moves past exp and the expiry shows', async () => {
    const hooks = await testHooks();
    const playback = muxToken('v', 'pb3', NOW + 60);
    const html = `<mux-player playback-id="pb3" playback-token="${playback}" thumbnail-token="${muxToken('t', 'pb3')}" storyboard-token="${muxToken('s', 'pb3')}"></mux-player>`;
    const document = await openSample('expiring.html', html);
    // The provider reports on open; nothing to report yet.
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(playerProblems(document), []);
    hooks.setClock({ nowSeconds: () => NOW + 120 });
    const problems = await eventually(
      () => (playerProblems(document).length === 1 ? playerProblems(document) : undefined),
      5000,
      'the expiry',
    );
    assert.deepEqual(problems, [['player-token-expired', playback]]);
    hooks.setClock({ nowSeconds: () => NOW });
  });

  it('three players with only playback tokens: the one mismatch is the error, the missing optional tokens one note per player', async () => {
    const other = muxToken('v', 'someone-else');
    const html = ['pb4', 'pb5', 'pb6']
      .map((id) => `<mux-player playback-id="${id}" playback-token="${id === 'pb5' ? other : muxToken('v', id)}"></mux-player>`)
      .join('\n');
    const document = await openSample('three.html', html);
    const severities = await eventually(
      () => {
        const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'JWT Lens');
        return found.length ? found.map((d) => [String((d.code as { value: string }).value), d.severity]) : undefined;
      },
      5000,
      'the player problems',
    );
    assert.deepEqual(severities, [
      ['player-token-missing', vscode.DiagnosticSeverity.Information],
      ['player-playback-id-mismatch', vscode.DiagnosticSeverity.Error],
      ['player-token-missing', vscode.DiagnosticSeverity.Information],
      ['player-token-missing', vscode.DiagnosticSeverity.Information],
    ]);
  });

  it('a plain-text file with the same markup gets no player diagnostics', async () => {
    const document = await openSample('notes.txt', `<mux-player playback-id="x" playback-token="${muxToken('v', 'y')}">`);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(playerProblems(document), []);
    assert.equal((await testHooks()).playerDiagnostics.diagnosticsFor(document.uri).length, 0);
  });
});
