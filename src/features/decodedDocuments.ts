// Read-only virtual documents that show decoded tokens. A content provider (rather than an
// untitled document) means no "save changes?" prompt and no accidental edits.
import * as vscode from 'vscode';

export const DECODED_SCHEME = 'jwt-lens-decoded';

export class DecodedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  private counter = 0;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(DECODED_SCHEME, this),
      // Forget a document's text once its editor is gone, so decoded tokens don't pile up in memory.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === DECODED_SCHEME) this.contents.delete(document.uri.toString());
      }),
      this.changed,
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens `content` as a new read-only JSON document beside the active editor. */
  async show(title: string, content: string): Promise<vscode.TextEditor> {
    this.counter++;
    const uri = vscode.Uri.from({ scheme: DECODED_SCHEME, path: `/${title} ${this.counter}.json` });
    this.contents.set(uri.toString(), content);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.contents.clear();
  }
}
