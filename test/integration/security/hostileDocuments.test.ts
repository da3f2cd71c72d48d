// Hostile documents in the real host: huge files, a 5 MB line of "eyJ", 50,000 tokens, a 1 MB token.
// Provider calls must return within generous bounds, skipping work past the limits and saying so.
// Measured times are written to test-results/integration/hostile.json (see BENCHMARKS.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPO_ROOT } from '../../support/repoRoot';
import { sampleTokens } from '../../support/samples';
import { assemble } from '../../support/tokens';
import { closeAllEditors, eventually, run, testHooks, workspaceUri } from '../helpers';

const measured: Record<string, number> = {};

async function timed<T>(name: string, fn: () => Thenable<T>): Promise<T> {
  const start = Date.now();
  const value = await fn();
  measured[name] = Date.now() - start;
  return value;
}

function write(name: string, content: string | Buffer): vscode.Uri {
  const uri = workspaceUri(`hostile/${name}`);
  fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
  fs.writeFileSync(uri.fsPath, content);
  return uri;
}

describe('Hostile documents (in the extension host)', function () {
  this.timeout(120_000);

  after(async () => {
    await closeAllEditors();
    fs.writeFileSync(path.join(REPO_ROOT, 'test-results', 'integration', 'hostile.json'), JSON.stringify(measured, null, 2));
    fs.rmSync(workspaceUri('hostile').fsPath, { recursive: true, force: true });
  });

  it('a 100 MB file never reaches the providers: VS Code keeps files over 50 MB from extensions', async () => {
    const line = `${'x'.repeat(1000)} ${sampleTokens.apiToken}\n`;
    const uri = write('huge.log', line.repeat(Math.ceil((100 * 1024 * 1024) / line.length)));
    const opened = await timed('open 100 MB', () =>
      vscode.workspace.openTextDocument(uri).then(
        () => 'opened',
        (error: Error) => error.message,
      ),
    );
    if (opened === 'opened') {
      // Where a host syncs it anyway, the size limit skips it.
      const lenses = await timed('CodeLens 100 MB', () => run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri));
      assert.equal(lenses.length, 0);
    } else {
      assert.match(opened, /50\s?MB|too large|large/i);
    }
  });

  it('a document over jwtLens.maxDocumentSize is skipped, and the status bar says so', async () => {
    const config = vscode.workspace.getConfiguration('jwtLens');
    await config.update('maxDocumentSize', 1_000_000, vscode.ConfigurationTarget.Global);
    try {
      const line = `token=${sampleTokens.apiToken}\n`;
      const uri = write('over-limit.log', line.repeat(Math.ceil(2_000_000 / line.length)));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const lenses = await timed('CodeLens over the size limit', () => run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri));
      assert.equal(lenses.length, 0);
      const api = await testHooks();
      await eventually(() => (api.statusBar.state.text === '$(info) JWT: file too large' ? true : undefined), 5000, 'the size message');
      // Hovers scan only their line, so they still work on a large file.
      const hovers = await timed('hover over the size limit', () =>
        run<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1000, 20)),
      );
      assert.equal(hovers.length, 1);
    } finally {
      await config.update('maxDocumentSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a 5 MB single line of "eyJ" repeated: no token, bounded time', async () => {
    const uri = write('eyj.txt', 'eyJ'.repeat((5 * 1024 * 1024) / 3));
    await vscode.workspace.openTextDocument(uri);
    const lenses = await timed('CodeLens 5 MB eyJ line', () => run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri));
    const hovers = await timed('hover 5 MB eyJ line', () =>
      run<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 2_500_000)),
    );
    assert.deepEqual([lenses.length, hovers.length], [0, 0]);
    assert.ok(measured['CodeLens 5 MB eyJ line'] < 10_000 && measured['hover 5 MB eyJ line'] < 10_000, JSON.stringify(measured));
  });

  it('50,000 tokens in one file: lenses and verification stay bounded', async () => {
    const tokens = [sampleTokens.apiToken, sampleTokens.expiredToken, sampleTokens.unsignedToken];
    const uri = write('many.log', Array.from({ length: 50_000 }, (_, i) => `${i} auth=${tokens[i % 3]}`).join('\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await timed('CodeLens 50,000 tokens', () => run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri));
    assert.equal(lenses.length, 500);
    const api = await testHooks();
    await eventually(() => (api.statusBar.state.tokens === 10_000 ? true : undefined), 10_000, 'the status bar count');
    assert.match(api.statusBar.state.text, /^\$\(warning\) \d[\d,]* expired$/);
    assert.ok(measured['CodeLens 50,000 tokens'] < 20_000);
  });

  it('a 1 MB token is skipped by the finder and refused by Decode with the reason', async () => {
    const huge = assemble({ alg: 'HS256' }, { data: 'z'.repeat(750_000) });
    const uri = write('big-token.txt', `t=${huge}\n`);
    await vscode.workspace.openTextDocument(uri);
    const hovers = await timed('hover 1 MB token', () =>
      run<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 10)),
    );
    assert.equal(hovers.length, 0);
    const result = await run<{ error?: { code: string; message: string } }>('jwtLens.decodeToken', huge);
    assert.equal(result?.error?.code, 'ERR_TOO_LONG');
    assert.match(
      result?.error?.message ?? '',
      /^Cannot decode this JWT\. Token is 1,000,\d{3} characters, over the 65,536 limit \(setting jwtLens\.maxTokenLength\)\.$/,
    );
  });
});
