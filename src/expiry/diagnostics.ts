// Problems for tokens in open documents: expired, not yet valid, bad signature, unsigned, and the
// engine's lints, each at the severity its setting gives (or off). Source "JWT Lens"; each code
// links to the RFC section that explains it. Refreshed on the same triggers as the status bar.
import * as vscode from 'vscode';
import { tokenFindings, type FindingLevel } from '../core/judge/findings';
import { truncationNotice } from '../core/judge/verdict';
import type { JwtLensConfig } from '../config';
import { BoundaryTimer } from '../util/boundaryTimer';
import { Debouncer } from '../util/debouncer';
import type { InspectionEntry, InspectionService } from '../services/inspections';
import { DIAGNOSTIC_SOURCE } from '../shared/messages';
import { disposeAll } from '../util/disposables';

const EDIT_DEBOUNCE_MS = 400;
/** Key or setting changes come in bursts (an import adds several keys): refresh once after them. */
const REFRESH_ALL_DEBOUNCE_MS = 200;
/** Verifying is the costly part: at most this many tokens per document get signature diagnostics. */
const MAX_VERIFIED_PER_DOCUMENT = 500;

const SEVERITY: Record<FindingLevel, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export class TokenDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('jwtLens');
  private readonly timer = new BoundaryTimer(() => this.refreshAll());
  /** Per document, keyed by URI. */
  private readonly edits = new Debouncer(EDIT_DEBOUNCE_MS);
  private readonly refreshes = new Debouncer(REFRESH_ALL_DEBOUNCE_MS);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly service: InspectionService) {
    this.subscriptions = [
      this.collection,
      this.timer,
      this.edits,
      this.refreshes,
      vscode.workspace.onDidOpenTextDocument((document) => void this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleRefresh(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) {
          if (!this.collection.has(editor.document.uri)) {
            void this.refresh(editor.document);
          }
        }
      }),
      service.onDidChangeVerdicts(() => this.scheduleRefreshAll()),
    ];
    for (const document of vscode.workspace.textDocuments) {
      void this.refresh(document);
    }
  }

  private scheduleRefreshAll(): void {
    this.refreshes.schedule(() => this.refreshAll());
  }

  private scheduleRefresh(document: vscode.TextDocument): void {
    this.edits.schedule(() => void this.refresh(document), document.uri.toString());
  }

  /**
   * Re-judges the documents that matter: those in visible editors and those showing diagnostics now
   * (to update or clear them). Other open documents are judged when they become visible or change,
   * so key changes and time boundaries never re-verify every background document.
   */
  private refreshAll(): void {
    this.timer.cancel();
    const visible = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document));
    for (const document of vscode.workspace.textDocuments) {
      if (visible.has(document) || this.collection.has(document.uri)) {
        void this.refresh(document);
      }
    }
  }

  /** A closed document's pending refresh is dropped: it would scan it again and hold its text. */
  private forget(document: vscode.TextDocument): void {
    this.edits.cancel(document.uri.toString());
    this.collection.delete(document.uri);
  }

  /** Diagnostics for one document; resolves when its signatures are checked too. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed || document.uri.scheme === 'output' || document.uri.scheme === 'vscode-userdata') {
      return;
    }
    const version = document.version;
    const inspection = await this.service.inspectVerified(document, { verifyLimit: MAX_VERIFIED_PER_DOCUMENT });
    if (document.isClosed || document.version !== version) {
      return;
    }
    const { entries, settings } = inspection;
    if (entries.length === 0) {
      this.collection.delete(document.uri);
      return;
    }
    const diagnostics = entries.flatMap((entry) => this.diagnose(entry, settings.diagnostics));
    if (inspection.truncated) {
      // Say where checking stopped, on the last token checked: the rest of the file gets nothing.
      const notice = new vscode.Diagnostic(
        entries[entries.length - 1].range,
        truncationNotice(entries.length),
        vscode.DiagnosticSeverity.Information,
      );
      notice.source = DIAGNOSTIC_SOURCE;
      notice.code = 'not-checked';
      diagnostics.push(notice);
    }
    this.collection.set(document.uri, diagnostics);
    this.timer.schedule(this.service.secondsUntilNextChange(entries, settings));
  }

  /** The token's findings (src/core/judge/findings.ts, the same as `jwt-lens scan`) as diagnostics. */
  private diagnose({ range, verdict }: InspectionEntry, levels: JwtLensConfig['diagnostics']): vscode.Diagnostic[] {
    return tokenFindings(verdict, levels).map((finding) => {
      const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.level]);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = { value: finding.code, target: vscode.Uri.parse(finding.spec) };
      return diagnostic;
    });
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}
