// The tokens open for editing: each edit document's original token and, when it came from a
// document, where it sits there. The place follows edits made around it, and is dropped when an
// edit touches the token itself, so a replace can tell the token was changed since.
import * as vscode from 'vscode';
import { decodeToken, type DecodedToken } from '../core/token/decode';
import { spanAfterEdit, type Span } from '../core/sign/editToken';
import { disposeAll } from '../util/disposables';

export interface TokenSource {
  readonly uri: string;
  /** Undefined once an edit touched the token. */
  readonly span?: Span;
}

export interface EditedToken {
  /** The token as it was opened (after a replace: the one written). */
  readonly jwt: string;
  readonly decoded: DecodedToken;
  readonly source?: TokenSource;
}

export class EditedTokens implements vscode.Disposable {
  /** By edit document URI. */
  private readonly sessions = new Map<string, EditedToken>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.sessions.delete(document.uri.toString())) {
          this.changed.fire();
        }
      }),
    ];
  }

  open(editDocument: vscode.Uri, jwt: string, decoded: DecodedToken, source?: TokenSource): void {
    this.sessions.set(editDocument.toString(), { jwt, decoded, source });
    this.changed.fire();
  }

  get(editDocument: vscode.Uri): EditedToken | undefined {
    return this.sessions.get(editDocument.toString());
  }

  has(editDocument: vscode.Uri | undefined): boolean {
    return editDocument !== undefined && this.sessions.has(editDocument.toString());
  }

  /** After a replace: the edit document now stands for the token written, at its new place. */
  replaced(editDocument: vscode.Uri, jwt: string, source: TokenSource, maxTokenLength: number): void {
    this.sessions.set(editDocument.toString(), { jwt, decoded: decodeToken(jwt, maxTokenLength), source });
  }

  private follow(event: vscode.TextDocumentChangeEvent): void {
    const uri = event.document.uri.toString();
    for (const [key, session] of this.sessions) {
      const source = session.source;
      if (source?.uri !== uri || source.span === undefined) {
        continue;
      }
      let span: Span | undefined = source.span;
      // Changes of one event are in document order against the text before them: apply the last first.
      const changes = [...event.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset);
      for (const change of changes) {
        span =
          span &&
          spanAfterEdit(span, { start: change.rangeOffset, end: change.rangeOffset + change.rangeLength, length: change.text.length });
      }
      this.sessions.set(key, { ...session, source: { uri, span } });
    }
  }

  dispose(): void {
    this.sessions.clear();
    disposeAll(this.subscriptions);
  }
}
