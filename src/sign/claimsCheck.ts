// Problems in claims files, as a language feature shows them: the JSON, the claims, "$jwt.key" and
// "$jwt.alg" are checked when a sign fails and again as the file is edited (debounced) or the keys
// change, so a diagnostic goes away as soon as its cause is fixed. "$jwt.key" and "$jwt.alg"
// problems get quick fixes: use a stored key or an algorithm it signs, or add the key.
import * as vscode from 'vscode';
import { CLAIMS_FILE_NAME, memberPosition, parseClaimsFile, presetPlaceholders, type ClaimsFile } from '../core/sign/claims';
import { baseName } from '../core/text/paths';
import type { Result } from '../core/text/result';
import { canSign, signingRefusal } from '../core/sign/sign';
import { playbackPlatform, type PlaybackPlatform } from '../core/judge/platforms';
import type { ErrorCode } from '../util/errors';
import type { KeyStore, StoredKey } from '../services/keyStore';
import type { ClockService } from '../services/clock';
import { Debouncer } from '../util/debouncer';
import { FIX_ADD } from '../shared/keyPicker';
import { DIAGNOSTIC_SOURCE } from '../shared/messages';
import { disposeAll } from '../util/disposables';

const EDIT_DEBOUNCE_MS = 300;

export type ClaimsProblemCode = 'claims' | 'key-unknown' | 'key-cannot-sign' | 'kid-missing';

export interface ClaimsProblem {
  readonly code: ClaimsProblemCode;
  /** The stable error code (util/errors.ts) a sign fails with: ERR_CLAIMS_*, ERR_KEY_NOT_FOUND or ERR_SIGN_*. */
  readonly errorCode: ErrorCode;
  readonly message: string;
  /** One-based place in the file, when the problem has one there. */
  readonly at?: { readonly line: number; readonly column: number };
  /** The key named ("$jwt.key" or the command's argument). */
  readonly key?: string;
  readonly alg?: string;
  /** The platform whose claims these are, when it needs a kid. */
  readonly platform?: PlaybackPlatform;
}

export type ClaimsCheck = Result<{ claims: ClaimsFile; stored?: StoredKey; alg?: string }, ClaimsProblem>;

export class ClaimsChecker implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  private readonly collection = vscode.languages.createDiagnosticCollection('jwtLens.claims');
  /** Per document, keyed by URI. */
  private readonly edits = new Debouncer(EDIT_DEBOUNCE_MS);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly service: ClockService,
    private readonly keyStore: KeyStore,
  ) {
    this.subscriptions = [
      this.collection,
      this.edits,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.collection.has(event.document.uri) || CLAIMS_FILE_NAME.test(event.document.uri.path)) {
          this.schedule(event.document);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      // A claims file is checked as it opens too, so a placeholder left in it shows before signing.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (CLAIMS_FILE_NAME.test(document.uri.path)) {
          this.schedule(document);
        }
      }),
      keyStore.onDidChange(() => {
        for (const document of vscode.workspace.textDocuments) {
          if (this.collection.has(document.uri)) {
            this.recheck(document);
          }
        }
      }),
      vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }], this, ClaimsChecker.metadata),
    ];
    for (const document of vscode.workspace.textDocuments) {
      if (CLAIMS_FILE_NAME.test(document.uri.path)) {
        this.schedule(document);
      }
    }
  }

  /** Reads the claims and checks the key (`overrides` first, then "$jwt") can sign the algorithm. */
  check(document: vscode.TextDocument, overrides: { key?: string; alg?: string } = {}): ClaimsCheck {
    const parsed = parseClaimsFile(document.getText(), this.service.now());
    if (!parsed.ok) {
      const { message, line, column } = parsed.error;
      return fail({
        code: 'claims',
        errorCode: parsed.error.code,
        message: `${baseName(document.uri.path)}: ${message}`,
        at: line !== undefined ? { line, column: column ?? 1 } : undefined,
      });
    }
    const { options } = parsed.claims;
    const keyName = overrides.key ?? options.key;
    if (keyName === undefined) {
      return { ok: true, claims: parsed.claims, alg: overrides.alg ?? options.alg };
    }
    const stored = this.keyStore.find(keyName);
    if (!stored) {
      return fail({
        code: 'key-unknown',
        errorCode: 'ERR_KEY_NOT_FOUND',
        key: keyName,
        alg: overrides.alg ?? options.alg,
        message: `No stored key named "${keyName}". Add it with JWT: Add Signing Key, or fix "$jwt.key".`,
        at: overrides.key === undefined ? memberPosition(document.getText(), '$jwt.key') : undefined,
      });
    }
    const requested = overrides.alg ?? options.alg;
    // Without "$jwt.alg" any algorithm the key signs will do; a key that signs none says why.
    const refusal = canSign(stored, requested) ? undefined : signingRefusal(stored, requested ?? stored.algorithms.verify[0]);
    if (refusal) {
      return fail({
        code: 'key-cannot-sign',
        errorCode: refusal.code,
        key: stored.label,
        alg: requested,
        message: refusal.message,
        at: options.alg !== undefined && overrides.alg === undefined ? memberPosition(document.getText(), '$jwt.alg') : undefined,
      });
    }
    const platform = playbackPlatform(parsed.claims.payload);
    if (platform && !stored.kid) {
      return fail({
        code: 'kid-missing',
        errorCode: 'ERR_SIGN_NO_KID',
        key: stored.label,
        alg: requested,
        platform,
        message: kidMissingMessage(platform, stored.label),
        at: overrides.key === undefined ? memberPosition(document.getText(), '$jwt.key') : undefined,
      });
    }
    return { ok: true, claims: parsed.claims, stored, alg: requested };
  }

  /**
   * Shows the problem at its place in the file (a problem without one only clears old ones), and a
   * warning on each preset placeholder still in a claim.
   */
  report(document: vscode.TextDocument, problem: ClaimsProblem | undefined): void {
    const diagnostics = placeholderDiagnostics(document);
    if (problem?.at) {
      const position = new vscode.Position(problem.at.line - 1, Math.max(0, problem.at.column - 1));
      const range =
        document.getWordRangeAtPosition(position, /"[^"]*"|[^\s,:{}[\]]+/) ?? new vscode.Range(position, position.translate(0, 1));
      const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = problem.code;
      diagnostics.unshift(diagnostic);
    }
    if (diagnostics.length === 0) {
      this.collection.delete(document.uri);
      return;
    }
    this.collection.set(document.uri, diagnostics);
  }

  private schedule(document: vscode.TextDocument): void {
    this.edits.schedule(() => {
      if (!document.isClosed) {
        this.recheck(document);
      }
    }, document.uri.toString());
  }

  private recheck(document: vscode.TextDocument): void {
    const result = this.check(document);
    this.report(document, result.ok ? undefined : result.error);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    // Every action here is a quick fix: asked only for another kind, offer none.
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
      return actions;
    }
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) {
        continue;
      }
      const value = valueRange(document, diagnostic.range);
      const checked = this.check(document);
      if (checked.ok) {
        continue;
      }
      const problem = checked.error;
      if (diagnostic.code === 'kid-missing' && problem.code === 'kid-missing' && value) {
        for (const key of this.keyStore.signers({ alg: problem.alg }).filter((candidate) => candidate.kid)) {
          actions.push(replaceAction(`Use stored key ${key.label} (kid ${key.kid})`, document, value, key.label, diagnostic));
        }
      } else if (diagnostic.code === 'key-unknown' && problem.code === 'key-unknown') {
        const signers = this.keyStore.signers({ alg: problem.alg });
        if (value) {
          for (const key of signers) {
            actions.push(replaceAction(`Use stored key ${key.label}`, document, value, key.label, diagnostic));
          }
        }
        const add = FIX_ADD(undefined, problem.key);
        const action = new vscode.CodeAction(`Add Signing Key "${problem.key}"…`, vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: add.command, arguments: [add.args] };
        action.diagnostics = [diagnostic];
        actions.push(action);
      } else if (diagnostic.code === 'key-cannot-sign' && problem.code === 'key-cannot-sign' && value) {
        const key = problem.key === undefined ? undefined : this.keyStore.find(problem.key);
        for (const alg of key?.algorithms.sign ?? []) {
          actions.push(replaceAction(`Use ${alg}`, document, value, alg, diagnostic));
        }
      }
    }
    if (actions.length) {
      actions[0].isPreferred = true;
    }
    return actions;
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}

function placeholderDiagnostics(document: vscode.TextDocument): vscode.Diagnostic[] {
  return presetPlaceholders(document.getText()).map((found) => {
    const start = document.positionAt(found.offset);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(start, start.translate(0, found.placeholder.length)),
      `"${found.claim}" still holds the preset's placeholder ${found.placeholder}: replace it with your value before signing.`,
      vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = 'placeholder';
    return diagnostic;
  });
}

/** Why this platform's claims need a key with a kid, and what to do. */
export function kidMissingMessage(platform: PlaybackPlatform, label: string): string {
  return `${platform} refuses a token without a "kid", and key ${label} has none. Sign with your ${platform} signing key (it has one), or add it with Add ${platform} Signing Key.`;
}

function fail(problem: ClaimsProblem): ClaimsCheck {
  return { ok: false, error: problem };
}

/** The string value after a member name ("key": "value"), quotes included. */
function valueRange(document: vscode.TextDocument, name: vscode.Range): vscode.Range | undefined {
  const from = document.offsetAt(name.end);
  const match = /^\s*:\s*("(?:[^"\\]|\\.)*")/.exec(document.getText().slice(from, from + 1000));
  if (!match) {
    return undefined;
  }
  const start = from + match[0].length - match[1].length;
  return new vscode.Range(document.positionAt(start), document.positionAt(start + match[1].length));
}

function replaceAction(
  title: string,
  document: vscode.TextDocument,
  range: vscode.Range,
  value: string,
  diagnostic: vscode.Diagnostic,
): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(document.uri, range, JSON.stringify(value));
  action.diagnostics = [diagnostic];
  return action;
}
