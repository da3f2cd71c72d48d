// Read-only virtual documents for what the extension shows (a generated public key, an exported
// JWKS, a signed token). A content provider rather than an untitled document: no "save changes?"
// prompt, no accidental edits; Save As still writes a copy.
import * as vscode from 'vscode';
import { disposeAll } from '../util/disposables';

export const READ_ONLY_SCHEME = 'jwt-lens';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];
  private counter = 0;

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this),
      // Forget a document's text once it is closed, so shown material does not pile up in memory.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === READ_ONLY_SCHEME) {
          this.contents.delete(document.uri.toString());
        }
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens `content` as a read-only document named `name` (its extension picks the language). */
  async show(name: string, content: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    this.counter++;
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${this.counter}/${name}` });
    this.contents.set(uri.toString(), content);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: true, ...options });
  }

  dispose(): void {
    disposeAll(this.subscriptions);
    this.contents.clear();
  }
}
