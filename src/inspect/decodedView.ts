// The decoded view: a read-only webview of one token (parts coloured, status, times, lints, JSON).
// It follows its source: when the document changes, it re-reads the token at the same place.
import * as vscode from 'vscode';
import type { DecodedToken } from '../core/token/decode';
import { renderDecodedHtml } from '../core/render/decodedHtml';
import { oneLine } from '../core/text/display';
import { signedUrl } from '../core/providers/signedUrls';
import { missingKid, type Verdict } from '../core/judge/verdict';
import { commandLink, type TokenLocation } from './tokenLocation';
import { readConfig } from '../config';
import type { InspectionService } from '../services/inspections';
import { addKeyCommandFor } from '../shared/keyPicker';
import { COMMANDS } from '../util/commandIds';
import { disposeAll } from '../util/disposables';

export const DECODED_VIEW_TYPE = 'jwtLens.decoded';

export interface DecodedViewState {
  readonly verdict: Verdict;
  readonly location?: TokenLocation;
  /** The Mux/FastPix URL shown with the token, when it has one. */
  readonly signedUrl?: string;
  /** The action links shown under the status. */
  readonly actions?: readonly string[];
  /** The page shown. */
  readonly html?: string;
}

export class DecodedView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: DecodedViewState | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly service: InspectionService,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        const location = this.state?.location;
        if (this.panel && location && event.document.uri.toString() === location.uri) {
          void this.follow(event.document, location, event.contentChanges);
        }
      }),
      service.onDidChangeVerdicts(() => {
        if (this.panel && this.state) {
          void this.show(this.state.verdict.decoded, this.state.location, false);
        }
      }),
    ];
  }

  /** What the view shows now (for tests and commands). */
  get current(): DecodedViewState | undefined {
    return this.panel ? this.state : undefined;
  }

  async show(decoded: DecodedToken, location?: TokenLocation, reveal = true): Promise<Verdict> {
    // Judged with its document's settings (read once per version) when it has one open.
    const sourceDocument = location && vscode.workspace.textDocuments.find((document) => document.uri.toString() === location.uri);
    const verdict = await this.service.verifiedVerdict(decoded, sourceDocument ? this.service.settingsFor(sourceDocument) : readConfig());
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        DECODED_VIEW_TYPE,
        'Decoded JWT',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: false,
          enableFindWidget: true,
          // Its stylesheet is the one file it may load.
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
          // Only the view's own action links may run, never a command named by token content.
          enableCommandUris: [COMMANDS.addKey, COMMANDS.addMuxKey, COMMANDS.addFastPixKey, COMMANDS.copySignedUrl],
        },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.state = undefined;
      });
    } else if (reveal) {
      this.panel.reveal(undefined, true);
    }
    const source = location ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(location.uri))}` : undefined;
    const url = decoded.payload && decoded.kind === 'jws' ? signedUrl(decoded.payload, decoded.text) : undefined;
    const actions: { label: string; href: string }[] = [];
    const kid = missingKid(verdict);
    if (kid !== undefined) {
      const add = addKeyCommandFor(decoded, kid);
      actions.push({ label: `Add Key for kid ${oneLine(kid, 40)}`, href: commandLink(add.command, ...add.arguments) });
    }
    if (url) {
      actions.push({ label: 'Copy Signed URL', href: commandLink(COMMANDS.copySignedUrl, decoded.text) });
    }
    const html = renderDecodedHtml(verdict, {
      now: this.service.now(),
      styleUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'decoded.css')).toString(),
      cspSource: this.panel.webview.cspSource,
      source,
      actions,
      signedUrl: url,
    });
    this.state = { verdict, location, signedUrl: url, actions: actions.map((action) => action.label), html };
    this.panel.webview.html = html;
    return verdict;
  }

  /** Moves the tracked offset with edits before it, then re-reads the token there. */
  private async follow(
    document: vscode.TextDocument,
    location: TokenLocation,
    changes: readonly vscode.TextDocumentContentChangeEvent[],
  ): Promise<void> {
    let offset = location.offset;
    for (const change of changes) {
      if (change.rangeOffset + change.rangeLength <= offset) {
        offset += change.text.length - change.rangeLength;
      }
    }
    const moved = { uri: location.uri, offset };
    const token = this.service.entryAt(document, document.positionAt(offset));
    if (token) {
      await this.show(token.decoded, moved, false);
    } else {
      this.state = this.state && { ...this.state, location: moved };
    }
  }

  dispose(): void {
    this.panel?.dispose();
    disposeAll(this.subscriptions);
  }
}
