// The in-host half of `npm run bench`, run inside code-server's extension host like the integration
// suite: signing 1,000 tokens through the command API against bare node:crypto signing of the same
// payloads, and CodeLens and hover through VS Code's own provider commands on the 10 MB document.
import { createSign } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JwtLensApi } from '../../src/api';
import type { TestHooks } from '../../src/testHooks';
import { makeCorpus } from '../corpus';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'bench-host');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(fn: () => Thenable<T> | Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, value];
}

export async function run(): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const lines: string[] = [];
  const row = (name: string, value: string) => lines.push(`${name.padEnd(58)} ${value}`);
  await vscode.extensions.getExtension('jwt-lens.jwt-lens')!.activate();
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const corpus = makeCorpus();
  await vscode.commands.executeCommand('jwtLens.addKey', { text: corpus.rsaPrivatePem, kid: 'bench-rsa', label: 'bench-rsa' });
  await vscode.commands.executeCommand('jwtLens.addKey', { text: corpus.hmacSecret, kid: 'bench-hs', label: 'bench-hs' });

  // Signing: the command (read file, parse claims, sign with jose, return) vs node:crypto alone.
  const claims = vscode.Uri.joinPath(folder, 'bench.claims.json');
  await vscode.workspace.fs.writeFile(
    claims,
    Buffer.from('{ "sub": "benchPlaybackId", "aud": "v", "exp": "15m", "$jwt": { "kidIn": "payload" } }'),
  );
  await vscode.workspace.openTextDocument(claims);
  const count = 1000;
  const [commandMs, tokens] = await timed(async () => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = await vscode.commands.executeCommand<{ token: string }>('jwtLens.signClaimsFile', {
        file: claims,
        key: 'bench-rsa',
        output: 'none',
      });
      out.push(result.token);
    }
    return out;
  });
  const signingInputs = tokens.map((token) => token.split('.').slice(0, 2).join('.'));
  const [bareMs] = await timed(async () => {
    for (const input of signingInputs) {
      createSign('RSA-SHA256').update(input).sign(corpus.rsaPrivatePem);
    }
  });
  row(`sign ${count} RS256 tokens through the command API`, `${commandMs.toFixed(0)} ms (${(commandMs / count).toFixed(2)} ms each)`);
  row(`bare node:crypto RS256 signing of the same ${count} payloads`, `${bareMs.toFixed(0)} ms`);
  row('ratio (command / bare signing)', `${(commandMs / bareMs).toFixed(2)}×`);

  // CodeLens and hover on the 10 MB document.
  const big = vscode.Uri.joinPath(folder, 'bench-10mb.log');
  await vscode.workspace.fs.writeFile(big, Buffer.from(corpus.text));
  const document = await vscode.workspace.openTextDocument(big);
  // The bench runs as the extension's tests (extensionTestsPath), so the test hooks are exported.
  const api = vscode.extensions.getExtension<JwtLensApi & { testHooks: TestHooks }>('jwt-lens.jwt-lens')!.exports.testHooks;
  // Provider time in the extension host, on a fresh document version (nothing cached), then cached.
  const edit = new vscode.WorkspaceEdit();
  edit.insert(big, new vscode.Position(0, 0), ' ');
  await vscode.workspace.applyEdit(edit);
  const providerFirst = (await timed(async () => api.codeLens.provideCodeLenses(document)))[0];
  const providerCached: number[] = [];
  for (let i = 0; i < 50; i++) {
    providerCached.push((await timed(async () => api.codeLens.provideCodeLenses(document)))[0]);
  }
  row('CodeLens provider, first (scan 10 MB, list 500 lenses)', `${providerFirst.toFixed(1)} ms  (target <60 ms)`);
  row('CodeLens provider, from cache (median of 50)', `${(median(providerCached) * 1000).toFixed(1)} µs  (target <1 ms)`);
  // Let the background verification of the edited document finish before timing round trips.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const [firstMs, lenses] = await timed(() => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', big));
  const cachedSamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    cachedSamples.push((await timed(() => vscode.commands.executeCommand('vscode.executeCodeLensProvider', big)))[0]);
  }
  const [resolvedMs] = await timed(() => vscode.commands.executeCommand('vscode.executeCodeLensProvider', big, 40));
  row(`CodeLens round trip (${lenses.length} lenses listed, 10 MB)`, `${firstMs.toFixed(1)} ms round trip`);
  row('CodeLens round trip, from cache (median of 20)', `${median(cachedSamples).toFixed(2)} ms round trip`);
  row('CodeLens round trip, 40 visible lenses resolved', `${resolvedMs.toFixed(1)} ms round trip`);
  const lastToken = corpus.tokens[corpus.tokens.length - 1];
  const position = document.positionAt(document.getText().lastIndexOf(lastToken) + 10);
  const hoverSamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    hoverSamples.push((await timed(() => vscode.commands.executeCommand('vscode.executeHoverProvider', big, position)))[0]);
  }
  row('hover round trip, last line of the 10 MB file (median of 20)', `${median(hoverSamples).toFixed(2)} ms round trip`);
  lines.push('', "Round trips include VS Code's command IPC between the extension host and the workbench.");
  fs.writeFileSync(path.join(RESULTS_DIR, 'report.txt'), lines.join('\n'));
  await vscode.workspace.fs.delete(big);
}
