// The decoded view: a read-only webview of one token (parts coloured, status, times, lints, JSON).
// It follows its source: when the document changes, it re-reads the token at the same place.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/decode';
import { renderDecodedHtml } from '../core/decodedHtml';
import type { Verdict } from '../core/verdict';
import type { TokenLocation } from './tokenLocation';
import type { TokenService } from './tokenService';

export const DECODED_VIEW_TYPE = 'jwtLens.decoded';

export interface DecodedViewState {
  readonly verdict: Verdict;
  readonly location?: TokenLocation;
}

export class DecodedView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: DecodedViewState | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly service: TokenService) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        const location = this.state?.location;
        if (this.panel && location && event.document.uri.toString() === location.uri) void this.follow(event.document, location, event.contentChanges);
      }),
      service.onDidChangeVerdicts(() => {
        if (this.panel && this.state) void this.show(this.state.verdict.token, this.state.location, false);
      }),
    ];
  }

  /** What the view shows now (for tests and commands). */
  get current(): DecodedViewState | undefined {
    return this.panel ? this.state : undefined;
  }

  async show(decoded: DecodedToken, location?: TokenLocation, reveal = true): Promise<Verdict> {
    const verdict = await this.service.verdict(decoded);
    this.state = { verdict, location };
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(DECODED_VIEW_TYPE, 'Decoded JWT', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, enableFindWidget: true });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.state = undefined;
      });
    } else if (reveal) {
      this.panel.reveal(undefined, true);
    }
    const source = location ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(location.uri))}` : undefined;
    this.panel.webview.html = renderDecodedHtml(verdict, { now: this.service.now(), nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource, source });
    return verdict;
  }

  /** Moves the tracked offset with edits before it, then re-reads the token there. */
  private async follow(document: vscode.TextDocument, location: TokenLocation, changes: readonly vscode.TextDocumentContentChangeEvent[]): Promise<void> {
    let offset = location.offset;
    for (const change of changes) {
      if (change.rangeOffset + change.rangeLength <= offset) offset += change.text.length - change.rangeLength;
    }
    const moved = { uri: location.uri, offset };
    const token = this.service.tokenAt(document, document.positionAt(offset));
    if (token) await this.show(this.service.decode(token), moved, false);
    else this.state = this.state && { ...this.state, location: moved };
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
