// Problems for video player elements whose tokens cannot play (core/providers/playerTokens.ts): a
// <mux-player>/<MuxPlayer> or <fastpix-player> whose token is for another playback id, of the
// wrong kind, expired or missing (a missing thumbnail or storyboard token is a note, not a warning). Only markup languages are read; refreshed as the file is edited,
// when the clock is replaced, and when one of its tokens expires (one timer, no polling).
import * as vscode from 'vscode';
import { checkPlayerTokens, type PlayerFinding } from '../core/providers/playerTokens';
import type { ClockService } from '../services/clock';
import type { InspectionService } from '../services/inspections';
import { BoundaryTimer } from '../util/boundaryTimer';
import { Debouncer } from '../util/debouncer';
import { disposeAll } from '../util/disposables';
import { DIAGNOSTIC_SOURCE } from '../shared/messages';

/** Where player elements are written: HTML and templates, JSX/TSX, Vue and Svelte components. */
export const PLAYER_LANGUAGES: readonly string[] = [
  'html',
  'javascriptreact',
  'typescriptreact',
  'javascript',
  'typescript',
  'vue',
  'svelte',
  'astro',
  'php',
  'erb',
  'handlebars',
  'markdown',
  'mdx',
];
const EDIT_DEBOUNCE_MS = 400;
/** Mux Player's own guide to signed playback: the diagnostics' code link. */
const MUX_PLAYER_SECURE_PLAYBACK = vscode.Uri.parse(
  'https://www.mux.com/docs/guides/player-advanced-usage#secure-your-playback-experience',
);

const SEVERITY: Record<PlayerFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  information: vscode.DiagnosticSeverity.Information,
};

export class PlayerDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('jwtLensPlayers');
  private readonly edits = new Debouncer(EDIT_DEBOUNCE_MS);
  private readonly timer = new BoundaryTimer(() => this.refreshAll());
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly inspections: InspectionService,
    private readonly clock: ClockService,
  ) {
    this.subscriptions = [
      this.collection,
      this.edits,
      this.timer,
      vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) =>
        this.edits.schedule(() => this.refresh(event.document), event.document.uri.toString()),
      ),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.edits.cancel(document.uri.toString());
        this.collection.delete(document.uri);
      }),
      // Settings or the clock changed (keys too, which change nothing here but cost one re-read).
      inspections.onDidChangeVerdicts(() => this.refreshAll()),
    ];
    this.refreshAll();
  }

  private refreshAll(): void {
    this.timer.cancel();
    for (const document of vscode.workspace.textDocuments) {
      this.refresh(document);
    }
  }

  refresh(document: vscode.TextDocument): void {
    if (document.isClosed || !PLAYER_LANGUAGES.includes(document.languageId)) {
      this.collection.delete(document.uri);
      return;
    }
    // The document version's settings, as every token feature reads them (once per version).
    const settings = this.inspections.settingsFor(document);
    const text = document.getText();
    if (!settings.enabled || text.length > settings.maxDocumentSize) {
      this.collection.delete(document.uri);
      return;
    }
    const { findings, secondsUntilChange } = checkPlayerTokens(text, this.clock.now());
    this.collection.set(
      document.uri,
      findings.map((finding) => {
        const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
        const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = { value: finding.code, target: MUX_PLAYER_SECURE_PLAYBACK };
        return diagnostic;
      }),
    );
    this.timer.schedule(secondsUntilChange);
  }

  /** The diagnostics shown for a document now (tests read them). */
  diagnosticsFor(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}
