// The status bar item for the active editor: hidden without tokens; "$(key) 3 JWTs" when all are
// fine; "1 expiring in 4 min" within the threshold (whatever the signature); "2 expired" once any
// has expired, with the expiring count beside it when there are both ("1 expired · 1 expiring in 8
// min"); "1 invalid" for a bad signature or a malformed token; "1 unsigned". Its colour and icon
// follow the severity of the Problems it counts (settings jwtLens.diagnostics.*): an error
// background only when one of them is an error. It updates on edits (debounced), editor switches,
// key and setting changes, and with one timer to the next boundary — never by polling, and with no
// timer at all when the active editor holds no token.
import * as vscode from 'vscode';
import { relativeDuration } from '../core/token/time';
import { labelText } from '../core/text/display';
import { escapeMarkdown } from '../core/render/hoverMarkdown';
import { tokenFindings, type FindingCode, type TokenFinding } from '../core/judge/findings';
import type { JudgingSettings } from '../core/judge/judgingSettings';
import { lensTitle, truncationNotice, URGENCY_ORDER, type Urgency, type Verdict } from '../core/judge/verdict';
import { BoundaryTimer } from '../util/boundaryTimer';
import { Debouncer } from '../util/debouncer';
import type { InspectionEntry, InspectionService } from '../services/inspections';
import { COMMANDS } from '../util/commandIds';
import { disposeAll } from '../util/disposables';
import type { Milestones } from '../shared/milestones';

const EDIT_DEBOUNCE_MS = 300;
const TOOLTIP_ROWS = 15;

/** A token of the active file, as its document's inspection has it. */
export type FileToken = InspectionEntry;

export interface StatusSnapshot {
  readonly visible: boolean;
  readonly text: string;
  readonly level: 'normal' | 'warning' | 'error';
  readonly tokens: number;
}

export class ExpiryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('jwtLens.expiry', vscode.StatusBarAlignment.Right, 100);
  private readonly timer = new BoundaryTimer(() => this.update());
  private readonly debounce = new Debouncer(EDIT_DEBOUNCE_MS);
  private readonly subscriptions: vscode.Disposable[];
  private current: FileToken[] = [];
  /** The scan stopped at its token limit: counts are "at least". */
  private truncated = false;
  private snapshot: StatusSnapshot = { visible: false, text: '', level: 'normal', tokens: 0 };
  private hasTokens: boolean | undefined;

  constructor(
    private readonly service: InspectionService,
    private readonly milestones: Milestones,
  ) {
    this.item.name = 'JWT Lens: token expiry';
    this.item.command = COMMANDS.showTokensInFile;
    this.subscriptions = [
      this.item,
      this.timer,
      this.debounce,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) {
          this.scheduleUpdate();
        }
      }),
      service.onDidChangeVerdicts(() => this.update()),
      vscode.commands.registerCommand(COMMANDS.showTokensInFile, () => this.showTokens()),
    ];
    this.update();
  }

  /** What the item shows now, and whether a boundary timer is pending (for tests). */
  get state(): StatusSnapshot & { timerPending: boolean; accessibleName?: string } {
    return {
      ...this.snapshot,
      timerPending: this.timer.pending,
      accessibleName: this.snapshot.visible ? this.item.accessibilityInformation?.label : undefined,
    };
  }

  private scheduleUpdate(): void {
    this.debounce.schedule(() => this.update());
  }

  /** Reads the active editor's inspection and redraws; verifies signatures in the background. */
  update(verifyInBackground = true): void {
    const editor = vscode.window.activeTextEditor;
    this.timer.cancel();
    if (!editor) {
      return this.hide();
    }
    const document = editor.document;
    const inspection = this.service.inspect(document);
    const config = inspection.settings;
    if (inspection.skipped === 'too-large') {
      this.item.accessibilityInformation = { label: 'JWT Lens: file too large to scan for tokens', role: 'button' };
      this.show(
        { visible: true, text: '$(info) JWT: file too large', level: 'normal', tokens: 0 },
        `Not scanned for tokens: longer than jwtLens.maxDocumentSize (${config.maxDocumentSize.toLocaleString('en-US')} characters).`,
      );
      return;
    }
    if (inspection.entries.length === 0) {
      return this.hide();
    }
    this.truncated = inspection.truncated;
    this.current = [...inspection.entries];
    this.render(config);
    this.timer.schedule(this.service.secondsUntilNextChange(inspection.entries, config, config.expiryWarningSeconds));
    const unverified = inspection.entries.filter((entry) => entry.verdict.signature === undefined).slice(0, 200);
    if (verifyInBackground && unverified.length) {
      void this.service.verifyAll(unverified).then(() => {
        // Re-read, not re-verified: a signature that cannot be checked must not loop.
        if (vscode.window.activeTextEditor?.document === document) {
          this.update(false);
        }
      });
    }
  }

  private render(settings: JudgingSettings): void {
    const warningSeconds = settings.expiryWarningSeconds;
    const findings = new Map(this.current.map((entry) => [entry, tokenFindings(entry.verdict, settings.diagnostics)]));
    /** The worst level among the Problems these tokens show (only `codes`, if given): the colour follows it. */
    const levelOf = (entries: FileToken[], codes?: readonly FindingCode[]): StatusSnapshot['level'] =>
      worstLevel(entries.flatMap((entry) => findings.get(entry)!.filter((finding) => !codes || codes.includes(finding.code))));
    const expired = this.current.filter((entry) => entry.urgency === 'expired');
    // Expiry read from the time alone: a bad signature must not hide a token about to expire.
    const expiring = this.current.filter(
      (entry) => entry.verdict.time.state === 'valid' && (entry.verdict.time.secondsFromNow ?? Infinity) <= warningSeconds,
    );
    const bad = this.current.filter((entry) => entry.urgency === 'bad');
    // "Invalid" is for a signature that fails or a token that cannot be judged; unsigned says what it is.
    const unsigned = bad.filter((entry) => entry.verdict.signature?.status === 'unsigned');
    const invalid = bad.filter((entry) => !unsigned.includes(entry));
    const tokens = this.current.length;
    const total = `${tokens.toLocaleString('en-US')}${this.truncated ? '+' : ''}`;
    const headline = (count: number, words: string, level: StatusSnapshot['level']): StatusSnapshot => ({
      visible: true,
      text: `${LEVEL_ICONS[level]} ${count} ${words}`,
      level,
      tokens,
    });
    let snapshot: StatusSnapshot;
    let spoken: string;
    const also: string[] = [];
    const soonest = Math.min(...expiring.map((entry) => entry.verdict.time.secondsFromNow ?? Infinity));
    const expiringText = `${expiring.length} expiring ${relativeDuration(soonest)}`;
    if (expired.length > 0) {
      const level = levelOf(expired, EXPIRED_CODES);
      snapshot = headline(expired.length, 'expired', level);
      spoken = `${expired.length} of ${total} tokens expired`;
      if (expiring.length > 0) {
        // Both: the expired one is already lost, the expiring one can still be renewed in time.
        const icon = level === 'warning' ? '' : `${LEVEL_ICONS.warning} `;
        snapshot = { ...snapshot, text: `${snapshot.text} · ${icon}${expiringText}`, level: level === 'error' ? 'error' : 'warning' };
        spoken += `, ${expiringText}`;
      }
    } else if (expiring.length > 0) {
      // Not a Problem yet, but soon: a warning whatever else is wrong with the tokens.
      snapshot = headline(expiring.length, `expiring ${relativeDuration(soonest)}`, 'warning');
      spoken = `${expiring.length} of ${total} tokens expiring ${relativeDuration(soonest)}`;
    } else if (invalid.length > 0) {
      snapshot = headline(invalid.length, 'invalid', levelOf(invalid));
      spoken = `${invalid.length} of ${total} tokens invalid`;
    } else if (unsigned.length > 0) {
      snapshot = headline(unsigned.length, 'unsigned', levelOf(unsigned));
      spoken = `${unsigned.length} of ${total} tokens unsigned`;
    } else {
      snapshot = { visible: true, text: `$(key) ${total} JWT${tokens === 1 ? '' : 's'}`, level: 'normal', tokens };
      spoken = `${total} token${tokens === 1 ? '' : 's'}, none expiring within ${Math.round(warningSeconds / 60)} minutes`;
    }
    if (invalid.length > 0 && !snapshot.text.endsWith(' invalid')) {
      also.push(`${invalid.length} invalid`);
    }
    if (unsigned.length > 0 && !snapshot.text.endsWith(' unsigned')) {
      also.push(`${unsigned.length} unsigned`);
    }
    if (also.length) {
      spoken += `; ${also.join(', ')}`;
    }
    // Screen readers read this, not the Markdown tooltip.
    this.item.accessibilityInformation = { label: `JWT Lens: ${spoken}. Activate to list them.`, role: 'button' };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(
      `**JWT Lens** — ${tokens} token${tokens === 1 ? '' : 's'} in this file; warning ${Math.round(warningSeconds / 60)} min before expiry\n\n`,
    );
    // Rows carry token content: the one Markdown escaper (core/render/hoverMarkdown.ts) keeps it literal.
    if (this.truncated) {
      tooltip.appendMarkdown(`${escapeMarkdown(truncationNotice(tokens))}\n\n`);
    }
    for (const entry of this.sorted().slice(0, TOOLTIP_ROWS)) {
      tooltip.appendMarkdown(
        `${escapeMarkdown(`Line ${entry.range.start.line + 1}: ${describeSubject(entry.verdict)}${lensTitle(entry.verdict)}`)}\n\n`,
      );
    }
    if (tokens > TOOLTIP_ROWS) {
      tooltip.appendMarkdown(escapeMarkdown(`… and ${tokens - TOOLTIP_ROWS} more. Click to list them all.`));
    }
    this.show(snapshot, tooltip);
  }

  /** "jwtLens.editorHasTokens": token actions (Decode, Verify, Copy Signed URL) show only in a file with a token. */
  private noteTokens(has: boolean): void {
    if (has !== this.hasTokens) {
      this.hasTokens = has;
      void vscode.commands.executeCommand('setContext', 'jwtLens.editorHasTokens', has);
    }
  }

  private show(snapshot: StatusSnapshot, tooltip: string | vscode.MarkdownString): void {
    this.noteTokens(snapshot.tokens > 0);
    this.snapshot = snapshot;
    this.item.text = snapshot.text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      snapshot.level === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : snapshot.level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  private hide(): void {
    this.noteTokens(false);
    this.current = [];
    this.snapshot = { visible: false, text: '', level: 'normal', tokens: 0 };
    this.timer.cancel();
    this.item.hide();
  }

  private sorted(): FileToken[] {
    return [...this.current].sort(
      (a, b) =>
        URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency) ||
        (a.verdict.time.secondsFromNow ?? Infinity) - (b.verdict.time.secondsFromNow ?? Infinity),
    );
  }

  /**
   * The file's tokens, most urgent first; picking one selects it. Each row has buttons for what is
   * usually next: Open Decoded, and Re-sign when a stored key may re-sign it.
   */
  private async showTokens(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    // Read now: the editor may have been shown a moment ago, before its change event reached us.
    this.update(false);
    if (!editor || this.current.length === 0) {
      void vscode.window.showInformationMessage('No JWTs in this file.');
      return;
    }
    const entries = this.sorted();
    this.milestones.reach('listed');
    // Re-sign where the one re-sign rule allows it, as the hover and the quick fix offer it.
    const resignable = await Promise.all(entries.map(async (entry) => (await this.service.resigner(entry.decoded)).ok));
    const openButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('open-preview'), tooltip: 'Open Decoded' };
    const resignButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('sync'), tooltip: 'Re-sign (same claims, new expiry)' };
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { entry: FileToken }>();
    pick.title = 'JWTs in this file';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = entries.map((entry, index) => ({
      label: `${ICONS[entry.urgency]} ${lensTitle(entry.verdict)}`,
      description: `line ${entry.range.start.line + 1}`,
      detail: subjectOf(entry.verdict) || undefined,
      buttons: resignable[index] ? [openButton, resignButton] : [openButton],
      entry,
    }));
    const location = (entry: FileToken) => entry.location;
    await new Promise<void>((resolve) => {
      const done = () => {
        pick.dispose();
        resolve();
      };
      pick.onDidTriggerItemButton(({ button, item }) => {
        done();
        void vscode.commands.executeCommand(button === resignButton ? COMMANDS.resignToken : COMMANDS.openDecoded, location(item.entry));
      });
      pick.onDidAccept(() => {
        const [item] = pick.selectedItems;
        done();
        if (!item) {
          return;
        }
        editor.selection = new vscode.Selection(item.entry.range.start, item.entry.range.end);
        editor.revealRange(item.entry.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      });
      pick.onDidHide(done);
      pick.show();
    });
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}

const EXPIRED_CODES: readonly FindingCode[] = ['expired', 'dpop-stale-iat'];

const LEVEL_ICONS: Record<StatusSnapshot['level'], string> = { error: '$(error)', warning: '$(warning)', normal: '$(info)' };

/** Information and hint Problems do not colour the status bar. */
function worstLevel(findings: readonly TokenFinding[]): StatusSnapshot['level'] {
  if (findings.some((finding) => finding.level === 'error')) {
    return 'error';
  }
  return findings.some((finding) => finding.level === 'warning') ? 'warning' : 'normal';
}

export const ICONS: Record<Urgency, string> = {
  expired: '$(error)',
  bad: '$(error)',
  expiring: '$(warning)',
  'not-yet-valid': '$(clock)',
  ok: '$(pass)',
};

/** "sub user-42 · aud v" from the claims, for lists; empty without either. */
export function subjectOf(verdict: Verdict): string {
  const payload = verdict.decoded.payload;
  // Claims are token content: one line, capped, `$(` escaped (this text reaches labels and tooltips).
  return ['sub', 'aud']
    .filter((claim) => payload?.[claim] !== undefined)
    .map((claim) => `${claim} ${labelText(describeClaim(payload![claim]), 40)}`)
    .join(' · ');
}

/** "sub user-42 · aud v — " before a status, for lists; empty without either. */
export function describeSubject(verdict: Verdict): string {
  const subject = subjectOf(verdict);
  return subject ? `${subject} — ` : '';
}

/** A claim as text without risk: String() of an array nested thousands deep overflows the stack. */
function describeClaim(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === 'string') ? value.join(', ') : 'an array';
  }
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}
