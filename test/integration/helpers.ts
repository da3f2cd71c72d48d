import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JwtLensApi } from '../../src/api';
import type { KeysViewNode } from '../../src/keys/keysView';
import type { StoredKey } from '../../src/services/keyStore';
import type { TestHooks } from '../../src/testHooks';

type JwtLensExports = JwtLensApi & { readonly testHooks?: TestHooks };

export const EXTENSION_ID = 'jwt-lens.jwt-lens';

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('The integration suite needs the sample workspace open.');
  }
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** What the running extension exports (activating it if needed): its public API. */
export async function extensionExports(): Promise<JwtLensExports> {
  const extension = vscode.extensions.getExtension<JwtLensExports>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not loaded in this host.`);
  }
  return extension.activate();
}

/** The extension's test hooks: its services and features, exported only in ExtensionMode.Test. */
export async function testHooks(): Promise<TestHooks> {
  const { testHooks: hooks } = await extensionExports();
  if (!hooks) {
    throw new Error(`${EXTENSION_ID} exports no test hooks: the host did not run it in test mode.`);
  }
  return hooks;
}

/** Removes every stored key, so each test starts from an empty store. */
export async function deleteAllKeys(): Promise<void> {
  const { keyStore } = await testHooks();
  for (const key of keyStore.list()) {
    await keyStore.delete(key.id);
  }
}

/** The labels of the stored keys, sorted. */
export async function storedKeyLabels(): Promise<string[]> {
  return (await testHooks()).keyStore
    .list()
    .map((key) => key.label)
    .sort();
}

/** The stored key the Keys view shows with this label: what VS Code passes a view/title or context-menu command. */
export async function keysViewElement(label: string): Promise<StoredKey> {
  const element = (await testHooks()).keysTree.storedKeys().find((key) => key.label === label);
  assert.ok(element, `no ${label} in the Keys view`);
  return element;
}

/** Writes a file into the test workspace (folders made as needed) and returns its Uri. */
export async function writeWorkspaceFile(relativePath: string, content: string): Promise<vscode.Uri> {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content));
  return uri;
}

/** Waits until `check` returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${ms} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The hover's Markdown over a token in a file (a little into the token, past its start). */
export async function hoverText(uri: vscode.Uri, token: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument(uri);
  const offset = document.getText().indexOf(token);
  assert.ok(offset >= 0, `token not in ${uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(offset + 10));
  return hovers
    .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : (content as vscode.MarkdownString).value)))
    .join('\n');
}

/** Runs a command as automation, keybindings and other extensions do: by id, with arguments. */
export const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

/** The JWT Lens diagnostic codes in a document, sorted. */
export function diagnosticCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'JWT Lens')
    .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)))
    .sort();
}

/** The rows under one of the Keys view's groups (Signing keys, Accounts, Trusted issuers), reached from the view's top level as VS Code does. */
export async function keysViewGroup(group: 'keys' | 'accounts' | 'issuers'): Promise<KeysViewNode[]> {
  const { keysTree } = await testHooks();
  const node = keysTree.getChildren().find((element) => (element as { group?: string }).group === group);
  return node ? [...(await keysTree.getChildren(node))] : [];
}
