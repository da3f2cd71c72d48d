// A CodeLens above each token: "JWT RS256 · expires in 14 min · ✓ signed by prod-key", and "Edit"
// beside it where one of your keys verifies the token and may sign it again. Lenses are listed
// cheaply from the document's inspection and resolved (verified) only when VS Code shows them.
// Refreshed when keys or settings change and when a shown time crosses a boundary.
import * as vscode from 'vscode';
import { labelText } from '../core/text/display';
import type { JwtLensConfig } from '../config';
import { isProblem, lensTitle, missingKid } from '../core/judge/verdict';
import { BoundaryTimer } from '../util/boundaryTimer';
import type { InspectionEntry, InspectionService } from '../services/inspections';
import { addKeyCommandFor } from '../shared/keyPicker';
import { isEditable } from '../core/sign/editToken';
import { COMMANDS } from '../util/commandIds';
import { disposeAll } from '../util/disposables';

/** At most this many lenses per document: beyond it a lens would be noise, and costly. */
export const MAX_LENSES_PER_DOCUMENT = 500;

/** The status lens, and beside it "Add Key for kid X" (only while that key is missing) or "Edit". */
type LensKind = 'status' | 'addKey' | 'edit';

class TokenLens extends vscode.CodeLens {
  constructor(
    readonly entry: InspectionEntry,
    readonly settings: JwtLensConfig,
    readonly kind: LensKind = 'status',
  ) {
    super(entry.range);
  }
}

/**
 * True when the stored key with this id may sign `alg`. The Edit lens shows only there: Sign and
 * Replace re-signs with the key that verified the token, so elsewhere it would end in a refusal.
 */
export type CanSignWith = (keyId: string, alg: string) => boolean;

export class TokenCodeLensProvider implements vscode.CodeLensProvider<TokenLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly timer = new BoundaryTimer(() => this.refresh());
  private readonly lensCache = new Map<string, { version: number; generation: number; lenses: TokenLens[] }>();
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly service: InspectionService,
    private readonly canSignWith: CanSignWith,
  ) {
    this.subscriptions = [
      this.changed,
      this.timer,
      service.onDidChangeVerdicts(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((document) => this.lensCache.delete(document.uri.toString())),
    ];
  }

  private refresh(): void {
    this.generation++;
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): TokenLens[] {
    const config = this.service.settingsFor(document);
    if (config.codeLens === 'off') {
      return [];
    }
    const key = document.uri.toString();
    const cached = this.lensCache.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) {
      return cached.lenses;
    }

    const entries = this.service.inspect(document, MAX_LENSES_PER_DOCUMENT).entries;
    let lenses: TokenLens[] = [];
    const offered = new Set<string>();
    for (const entry of entries) {
      if (config.codeLens === 'problems' && !isProblem(entry.verdict)) {
        continue;
      }
      lenses.push(new TokenLens(entry, config));
      // Beside the status, the way to make it verify: while its kid names no stored key, on the
      // first token naming that kid (one button per missing key is enough).
      const kid = missingKid(entry.verdict);
      if (kid !== undefined && !offered.has(kid)) {
        offered.add(kid);
        lenses.push(new TokenLens(entry, config, 'addKey'));
      } else if (this.editable(entry)) {
        const edit = new TokenLens(entry, config, 'edit');
        edit.command = {
          title: '$(edit) Edit',
          tooltip: 'Edit the claims, then sign and put the new token here',
          command: COMMANDS.editToken,
          arguments: [entry.location],
        };
        lenses.push(edit);
      }
    }
    lenses = lenses.slice(0, MAX_LENSES_PER_DOCUMENT);
    // Signatures not checked yet: check them in the background, then list again.
    if (entries.some((entry) => entry.verdict.signature === undefined)) {
      void this.service.verifyAll(entries).then(() => this.refresh());
    }
    this.timer.schedule(this.service.secondsUntilNextChange(entries, config));
    this.lensCache.set(key, { version: document.version, generation: this.generation, lenses });
    return lenses;
  }

  /** Verified by a stored key that may sign it again (known once the background check ran). */
  private editable({ decoded, verdict }: InspectionEntry): boolean {
    const { signature } = verdict;
    return (
      signature?.status === 'valid' &&
      !signature.knownSecret &&
      signature.key !== undefined &&
      isEditable(decoded) &&
      this.canSignWith(signature.key.id, String(decoded.header?.alg))
    );
  }

  async resolveCodeLens(lens: TokenLens): Promise<TokenLens> {
    const { decoded, location } = lens.entry;
    if (lens.kind === 'edit') {
      return lens; // listed with its command
    }
    // Resolved for every lens in view: background work, within the document's decryption budget.
    const verdict = await this.service.backgroundVerdict(lens.entry, lens.settings);
    if (lens.kind === 'addKey') {
      const kid = missingKid(verdict);
      const add = kid !== undefined ? addKeyCommandFor(decoded, kid) : undefined;
      // Listed while the key was missing; if it was added since, the lens says so until the refresh.
      lens.command = add
        ? {
            title: `Add Key for kid ${labelText(kid!, 40)}`,
            tooltip: 'Add the key this token names, so it can be verified',
            command: add.command,
            arguments: add.arguments,
          }
        : { title: 'key added', command: '' };
      return lens;
    }
    lens.command = {
      title: lensTitle(verdict),
      tooltip: 'Open the decoded token',
      command: COMMANDS.openDecoded,
      arguments: [location],
    };
    return lens;
  }

  dispose(): void {
    disposeAll(this.subscriptions);
    this.lensCache.clear();
  }
}
